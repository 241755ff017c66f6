//! A multi-pattern matcher over Chinese text: char-wise double-array Aho-Corasick
//! (`daachorse`), reporting every (overlapping) occurrence so that guards can reject a long
//! match and let a shorter one through.

use crate::error::{Error, Result};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::collections::HashMap;

/// One occurrence of a pattern: byte range in the haystack and the ids given to the
/// pattern (several entries may share one term).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch<'m> {
    /// First byte of the occurrence.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Ids of the entries whose term this is.
    pub ids: &'m [usize],
}

/// Compiled set of terms.
pub struct Matcher {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    groups: Vec<Vec<usize>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.groups.len())
            .finish()
    }
}

impl Matcher {
    /// Compiles terms; the i-th term gets id `i`. Empty terms are skipped.
    ///
    /// # Errors
    /// [`Error::Build`] if the automaton cannot be built (e.g. it outgrows its 32-bit
    /// state space).
    pub fn new<'a, I: IntoIterator<Item = &'a str>>(terms: I) -> Result<Self> {
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut patterns: Vec<(&'a str, u32)> = Vec::new();
        for (id, term) in terms.into_iter().enumerate() {
            if term.is_empty() {
                continue;
            }
            match index.get(term) {
                Some(&g) => groups[g].push(id),
                None => {
                    let g = groups.len();
                    let value = u32::try_from(g)
                        .map_err(|_| Error::Build("more than 4 billion terms".into()))?;
                    index.insert(term, g);
                    groups.push(vec![id]);
                    patterns.push((term, value));
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(patterns)
                    .map_err(|e| Error::Build(e.to_string()))?,
            )
        };
        Ok(Matcher { automaton, groups })
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every occurrence of every term in `haystack`, including overlapping ones, ordered by
    /// end position.
    pub fn find_overlapping<'m>(
        &'m self,
        haystack: &'m str,
    ) -> impl Iterator<Item = RawMatch<'m>> + 'm {
        self.automaton
            .iter()
            .flat_map(move |ac| ac.find_overlapping_iter(haystack))
            .filter_map(move |m| {
                let ids = self.groups.get(m.value() as usize)?;
                Some(RawMatch {
                    start: m.start(),
                    end: m.end(),
                    ids,
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_overlapping_and_groups_duplicates() {
        let m = Matcher::new(["再接再励", "接再", "再接再励", ""]);
        let m = match m {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(m.len(), 2);
        let text = "要再接再励。";
        let found: Vec<(usize, usize, Vec<usize>)> = m
            .find_overlapping(text)
            .map(|r| (r.start, r.end, r.ids.to_vec()))
            .collect();
        assert!(found.contains(&(3, 15, vec![0, 2])));
        assert!(found.contains(&(6, 12, vec![1])));
        for (s, e, _) in found {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        }
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let m = Matcher::new(std::iter::empty());
        assert_eq!(m.map(|m| m.find_overlapping("abc").count()).ok(), Some(0));
    }
}
