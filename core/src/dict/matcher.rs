//! A multi-pattern matcher over Chinese text: char-wise double-array Aho-Corasick
//! (`daachorse`), reporting every (overlapping) occurrence so that guards can reject a long
//! match and let a shorter one through.
//!
//! A bigram prefilter goes first when it can: every term's first two characters are hashed
//! into a bit set, and the automaton only runs on the windows (as long as the longest term
//! with that bigram) of the positions whose two characters are in the set, overlapping
//! windows merged so that no byte is scanned twice. On People's Daily text 1.3% of the
//! positions start a bigram of the built-in word lists; the automaton alone ran at about
//! 200 MB/s there.

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
    /// One automaton per [`SHARD_TERMS`] distinct terms, each with its own prefilter.
    shards: Vec<Shard>,
    /// The ids of each distinct term, back to back (term `g`'s are
    /// `ids[starts[g]..starts[g + 1]]`): one flat list rather than a `Vec` per term, which
    /// cost 56 bytes a term in a million-term user dictionary.
    ids: Vec<usize>,
    starts: Vec<usize>,
}

/// The automaton of a slice of the terms.
struct Shard {
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    /// `None` when a term has a single character, or when the terms' bigrams fill the set
    /// so much that it would let most positions through (a huge dictionary).
    prefilter: Option<Bigrams>,
}

/// Distinct terms per automaton. daachorse's double-array placement slows down as an
/// automaton grows (a user dictionary of 1 M terms took 71 s and 972 MB in one automaton,
/// 25× the time of 100 k): bounded automata keep the build linear in the terms, at the
/// cost of one more pass over the text per 200 k terms.
const SHARD_TERMS: usize = 200_000;

/// The set of the terms' first two characters (see the module documentation), hashed.
struct Bigrams {
    /// For each slot, the longest term whose bigram hashes there, in bytes (capped at
    /// 255, which stands for `max_len`); 0: no term. The automaton runs on a window that
    /// long, not on one as long as the longest term of all.
    lens: Box<[u8]>,
    /// The longest term, in bytes.
    max_len: usize,
}

/// Slots in the bigram set: 128 KiB, which stays in the second-level cache.
const BIGRAM_SLOTS: usize = 1 << 17;

impl Bigrams {
    fn slot(a: char, b: char) -> usize {
        let h = (u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b)).wrapping_mul(0x85EB_CA6B);
        (h >> 15) as usize % BIGRAM_SLOTS
    }

    /// The set for `terms`, or `None` when one of them is a single character or the set
    /// would be more than an eighth full.
    fn new<'a>(terms: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut lens = vec![0u8; BIGRAM_SLOTS].into_boxed_slice();
        let mut max_len = 0;
        let mut used = 0;
        for term in terms {
            let mut chars = term.chars();
            let (a, b) = (chars.next()?, chars.next()?);
            let len = lens.get_mut(Self::slot(a, b))?;
            used += usize::from(*len == 0);
            *len = (*len).max(u8::try_from(term.len()).unwrap_or(u8::MAX));
            max_len = max_len.max(term.len());
        }
        (used <= BIGRAM_SLOTS / 8).then_some(Bigrams { lens, max_len })
    }

    /// How many bytes from a position starting with `a`, `b` a term may cover (0: none
    /// starts there).
    fn window(&self, a: char, b: char) -> usize {
        match self.lens.get(Self::slot(a, b)).copied().unwrap_or(0) {
            u8::MAX => self.max_len,
            n => usize::from(n),
        }
    }

    /// Byte ranges of `text` that hold every occurrence of every term: the windows of the
    /// candidate positions, merged where they overlap. Each byte lies in at most one range,
    /// so running the automaton on them is linear in the text whatever the terms' lengths
    /// (one window per position was O(text × longest term) for a 30,000-character term).
    fn regions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut cands = self.candidates(text).peekable();
        std::iter::from_fn(move || {
            let (a, reach) = cands.next()?;
            let mut b = a.saturating_add(reach);
            while let Some(&(i, r)) = cands.peek() {
                if i >= b {
                    break;
                }
                b = b.max(i.saturating_add(r));
                cands.next();
            }
            let mut b = b.min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            Some((a, b))
        })
    }

    /// The byte offsets in `text` where a term may start, and how far it may reach.
    fn candidates<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut prev: Option<(usize, char)> = None;
        text.char_indices().filter_map(move |(j, c)| {
            let hit = prev.and_then(|(i, p)| match self.window(p, c) {
                0 => None,
                n => Some((i, n)),
            });
            prev = Some((j, c));
            hit
        })
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.len())
            .field("shards", &self.shards.len())
            .field(
                "prefilter",
                &self.shards.iter().any(|s| s.prefilter.is_some()),
            )
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
        Self::with_shards_of(terms, SHARD_TERMS)
    }

    /// [`Matcher::new`] with `shard_terms` distinct terms per automaton (at least 1).
    fn with_shards_of<'a, I: IntoIterator<Item = &'a str>>(
        terms: I,
        shard_terms: usize,
    ) -> Result<Self> {
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
        let shard_terms = shard_terms.max(1);
        let mut shards = Vec::with_capacity(patterns.len().div_ceil(shard_terms));
        for part in patterns.chunks(shard_terms) {
            shards.push(Shard {
                prefilter: Bigrams::new(part.iter().map(|&(t, _)| t)),
                automaton: CharwiseDoubleArrayAhoCorasick::with_values(part.iter().copied())
                    .map_err(|e| Error::Build(e.to_string()))?,
            });
        }
        Ok(Matcher {
            shards,
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

    /// Every occurrence of every term in `haystack`, including overlapping ones (in no
    /// particular order).
    pub fn find_overlapping<'m>(
        &'m self,
        haystack: &'m str,
    ) -> impl Iterator<Item = RawMatch<'m>> + 'm {
        self.shards
            .iter()
            .flat_map(move |shard| self.find_in(shard, haystack))
    }

    /// The occurrences of one shard's terms.
    fn find_in<'m>(
        &'m self,
        shard: &'m Shard,
        haystack: &'m str,
    ) -> impl Iterator<Item = RawMatch<'m>> + 'm {
        let ac = &shard.automaton;
        let (whole, filtered) = match &shard.prefilter {
            None => (Some(ac), None),
            Some(pre) => (None, Some((ac, pre))),
        };
        let plain = whole.into_iter().flat_map(move |ac| {
            ac.find_overlapping_iter(haystack)
                .map(|m| (m.start(), m.end(), m.value()))
        });
        let quick = filtered.into_iter().flat_map(move |(ac, pre)| {
            pre.regions(haystack).flat_map(move |(a, b)| {
                ac.find_overlapping_iter(haystack.get(a..b).unwrap_or_default())
                    .map(move |m| (a + m.start(), a + m.end(), m.value()))
            })
        });
        plain.chain(quick).filter_map(move |(start, end, g)| {
            Some(RawMatch {
                start,
                end,
                ids: self.ids_of(g as usize)?,
            })
        })
    }

    /// [`Matcher::find_overlapping`] without the prefilter (to test that it changes nothing).
    #[cfg(test)]
    fn find_overlapping_plain<'m>(&'m self, haystack: &'m str) -> Vec<(usize, usize, Vec<usize>)> {
        let mut out: Vec<(usize, usize, Vec<usize>)> = self
            .shards
            .iter()
            .flat_map(|shard| shard.automaton.find_overlapping_iter(haystack))
            .filter_map(|m| {
                Some((
                    m.start(),
                    m.end(),
                    self.ids_of(m.value() as usize)?.to_vec(),
                ))
            })
            .collect();
        out.sort();
        out
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

    fn sorted(m: &Matcher, text: &str) -> Vec<(usize, usize, Vec<usize>)> {
        let mut v: Vec<(usize, usize, Vec<usize>)> = m
            .find_overlapping(text)
            .map(|r| (r.start, r.end, r.ids.to_vec()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn prefilter_finds_what_the_automaton_finds() {
        // Terms over a small alphabet, so that random texts hold many overlapping matches.
        let alphabet: Vec<char> = "再接励厉按装安a1，".chars().collect();
        let mut seed = 0x2545_F491_u32;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        let terms: Vec<String> = (0..40)
            .map(|_| {
                (0..2 + next(4))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect()
            })
            .collect();
        let m = match Matcher::new(terms.iter().map(String::as_str)) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert!(m.shards.iter().all(|s| s.prefilter.is_some()));
        for _ in 0..300 {
            let text: String = (0..next(60))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            assert_eq!(sorted(&m, &text), m.find_overlapping_plain(&text), "{text}");
        }
    }

    #[test]
    fn shards_find_what_one_automaton_finds() {
        let terms = [
            "再接再励",
            "接再",
            "再接",
            "励",
            "按装",
            "安装",
            "装软件",
            "再接再励",
            "软件",
            "a1",
        ];
        let whole = Matcher::with_shards_of(terms, usize::MAX);
        let sharded = Matcher::with_shards_of(terms, 3);
        let (Ok(whole), Ok(sharded)) = (whole, sharded) else {
            panic!("build failed");
        };
        assert_eq!((whole.shards.len(), sharded.shards.len()), (1, 3));
        assert_eq!(sharded.len(), 9);
        for text in ["要再接再励，请按装软件a1。", "", "励励", "再接再接再励"] {
            let found = sorted(&sharded, text);
            assert_eq!(found, sorted(&whole, text), "{text}");
            assert_eq!(found, whole.find_overlapping_plain(text), "{text}");
        }
        assert!(sorted(&sharded, "再接再励").contains(&(0, 12, vec![0, 7])));
    }

    #[test]
    fn a_very_long_term_keeps_matching_linear() {
        // One 30,000-character term sharing its first bigram with the text: every position
        // is a candidate with a window of the whole term. Merged windows scan each byte
        // once; the matches are those of the plain automaton.
        let long: String = "的是".repeat(15_000);
        let m = match Matcher::new([long.as_str(), "的是的", "按装"]) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert!(m.shards.iter().all(|s| s.prefilter.is_some()));
        let text = format!("{}按装{}", "的是".repeat(2_000), "的是".repeat(15_001));
        let regions: Vec<(usize, usize)> = m
            .shards
            .iter()
            .filter_map(|s| s.prefilter.as_ref())
            .flat_map(|p| p.regions(&text))
            .collect();
        let scanned: usize = regions.iter().map(|(a, b)| b - a).sum();
        assert!(scanned <= text.len(), "{scanned} > {}", text.len());
        assert_eq!(sorted(&m, &text), m.find_overlapping_plain(&text));
        assert!(sorted(&m, &text)
            .iter()
            .any(|(s, e, _)| e - s == long.len()));
    }

    #[test]
    fn single_character_terms_turn_the_prefilter_off() {
        let m = match Matcher::new(["再接再励", "励"]) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert!(m.shards.iter().all(|s| s.prefilter.is_none()));
        assert_eq!(
            sorted(&m, "再接再励"),
            vec![(0, 12, vec![0]), (9, 12, vec![1])]
        );
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let m = Matcher::new(std::iter::empty());
        assert_eq!(m.map(|m| m.find_overlapping("abc").count()).ok(), Some(0));
    }
}
