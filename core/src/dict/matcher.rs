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
    /// The ids of each distinct term, back to back (term `g`'s are
    /// `ids[starts[g]..starts[g + 1]]`): one flat list rather than a `Vec` per term, which
    /// cost 56 bytes a term in a million-term user dictionary.
    ids: Vec<usize>,
    starts: Vec<usize>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.len())
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
        let mut index: HashMap<&'a str, u32> = HashMap::new();
        let mut patterns: Vec<(&'a str, u32)> = Vec::new();
        // the term number of each id (None: empty term)
        let mut term_of: Vec<Option<u32>> = Vec::new();
        for term in terms {
            if term.is_empty() {
                term_of.push(None);
                continue;
            }
            let g = match index.get(term) {
                Some(&g) => g,
                None => {
                    let g = u32::try_from(patterns.len())
                        .map_err(|_| Error::Build("more than 4 billion terms".into()))?;
                    index.insert(term, g);
                    patterns.push((term, g));
                    g
                }
            };
            term_of.push(Some(g));
        }
        drop(index);
        // Counting sort of the ids by term: ids stay ascending within a term.
        let mut starts = vec![0usize; patterns.len() + 1];
        for g in term_of.iter().flatten() {
            starts[*g as usize + 1] += 1;
        }
        for g in 0..patterns.len() {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut ids = vec![0usize; term_of.iter().flatten().count()];
        for (id, g) in term_of.iter().enumerate() {
            if let Some(g) = g {
                let at = &mut next[*g as usize];
                ids[*at] = id;
                *at += 1;
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
        Ok(Matcher {
            automaton,
            ids,
            starts,
        })
    }

    /// The ids of term number `g`.
    fn ids_of(&self, g: usize) -> Option<&[usize]> {
        let (&a, &b) = (self.starts.get(g)?, self.starts.get(g + 1)?);
        self.ids.get(a..b)
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
                let ids = self.ids_of(m.value() as usize)?;
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
        let m = Matcher::new(["再接再励", "接再", "", "再接再励", "接再"]);
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
        assert!(found.contains(&(3, 15, vec![0, 3])));
        assert!(found.contains(&(6, 12, vec![1, 4])));
        assert_eq!(found.len(), 2);
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
