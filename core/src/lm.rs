//! A compact word bigram language model read in place from its bytes (no parsing, no
//! allocation proportional to its size), used by the context detector (`typo.context`).
//!
//! The built-in model (`dictionaries/lm/zh_lm.bin`, open-gram data, CC-BY-SA 3.0, see
//! `dictionaries/lm/README.md`) is embedded with the cargo feature `lm` (default natively).
//! Builds without it (the browser build) can load the same file from bytes or a path:
//! [`LanguageModel::from_bytes`], [`LanguageModel::from_path`],
//! [`crate::CheckerBuilder::language_model`]. The format is written by
//! `dictionaries/tools/build_lm.py`, which documents it.

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

const MAGIC: &[u8; 8] = b"ZHLM\x01\0\0\0";

/// Word id in a [`LanguageModel`].
pub type WordId = u32;

/// A word bigram model: vocabulary, unigram and back-off weights, pruned bigrams, all as
/// quantised negative natural-log probabilities.
#[derive(Clone)]
pub struct LanguageModel {
    data: Cow<'static, [u8]>,
    n_words: u32,
    n_bigrams: u32,
    slots_mask: u32,
    word_off: usize,
    strings: usize,
    unigram: usize,
    backoff: usize,
    hash: usize,
    bg_off: usize,
    bg_w2: usize,
    bg_lp: usize,
    licence: (usize, usize),
}

impl std::fmt::Debug for LanguageModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageModel")
            .field("bytes", &self.data.len())
            .field("words", &self.n_words)
            .field("bigrams", &self.n_bigrams)
            .finish()
    }
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn fnv32(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &c in b {
        h ^= u32::from(c);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn bad(reason: &str) -> Error {
    Error::Config(format!("language model: {reason}"))
}

impl LanguageModel {
    /// Reads a model from a static byte slice without copying it.
    ///
    /// # Errors
    /// [`Error::Config`] when the bytes are not a well-formed model (wrong magic, sections
    /// out of bounds or inconsistent).
    pub fn from_static(bytes: &'static [u8]) -> Result<Self> {
        Self::parse(Cow::Borrowed(bytes))
    }

    /// Reads a model from owned bytes (e.g. fetched by a browser).
    ///
    /// # Errors
    /// As [`LanguageModel::from_static`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        Self::parse(Cow::Owned(bytes))
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, else as [`LanguageModel::from_static`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(bytes)
    }

    /// The model embedded in this build (cargo feature `lm`), shared; `None` without it.
    pub fn builtin() -> Option<&'static LanguageModel> {
        #[cfg(feature = "lm")]
        {
            use std::sync::OnceLock;
            static LM: OnceLock<Option<LanguageModel>> = OnceLock::new();
            LM.get_or_init(|| {
                LanguageModel::from_static(include_bytes!("../../dictionaries/lm/zh_lm.bin")).ok()
            })
            .as_ref()
        }
        #[cfg(not(feature = "lm"))]
        {
            None
        }
    }

    fn parse(data: Cow<'static, [u8]>) -> Result<Self> {
        let d: &[u8] = &data;
        if d.get(..8) != Some(&MAGIC[..]) {
            return Err(bad("not a zhproof model (bad magic)"));
        }
        let h = |i: usize| u32_at(d, 8 + 4 * i).ok_or_else(|| bad("truncated header"));
        let (n_words, n_bigrams, slots, lic_len) = (h(0)?, h(1)?, h(2)?, h(3)?);
        let mut offs = [0usize; 9];
        for (k, o) in offs.iter_mut().enumerate() {
            *o = h(4 + k)? as usize;
        }
        if slots == 0 || !slots.is_power_of_two() || slots < n_words {
            return Err(bad("bad hash table size"));
        }
        let (nw, nb, ns) = (n_words as usize, n_bigrams as usize, slots as usize);
        let need = [
            (offs[0], 4 * (nw + 1)),
            (offs[2], nw),
            (offs[3], nw),
            (offs[4], 4 * ns),
            (offs[5], 4 * (nw + 1)),
            (offs[6], 4 * nb),
            (offs[7], nb),
            (offs[8], lic_len as usize),
        ];
        for (at, len) in need {
            if at.checked_add(len).is_none_or(|e| e > d.len()) {
                return Err(bad("section out of bounds"));
            }
        }
        let lm = LanguageModel {
            n_words,
            n_bigrams,
            slots_mask: slots - 1,
            word_off: offs[0],
            strings: offs[1],
            unigram: offs[2],
            backoff: offs[3],
            hash: offs[4],
            bg_off: offs[5],
            bg_w2: offs[6],
            bg_lp: offs[7],
            licence: (offs[8], lic_len as usize),
            data: Cow::Borrowed(&[]),
        };
        // consistency: the last offsets stay inside their sections
        let last_str = u32_at(d, lm.word_off + 4 * nw).unwrap_or(u32::MAX) as usize;
        let last_bg = u32_at(d, lm.bg_off + 4 * nw).unwrap_or(u32::MAX) as usize;
        if lm.strings.checked_add(last_str).is_none_or(|e| e > d.len()) || last_bg > nb {
            return Err(bad("inconsistent sections"));
        }
        Ok(LanguageModel { data, ..lm })
    }

    /// Number of words in the vocabulary.
    pub fn len(&self) -> usize {
        self.n_words as usize
    }

    /// True when the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.n_words == 0
    }

    /// Number of stored bigrams.
    pub fn bigram_count(&self) -> usize {
        self.n_bigrams as usize
    }

    /// The attribution and licence text stored in the model.
    pub fn licence(&self) -> &str {
        let (at, len) = self.licence;
        self.data
            .get(at..at + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    fn word_bytes(&self, id: WordId) -> &[u8] {
        let i = id as usize;
        let (Some(a), Some(b)) = (
            u32_at(&self.data, self.word_off + 4 * i),
            u32_at(&self.data, self.word_off + 4 * i + 4),
        ) else {
            return &[];
        };
        let (a, b) = (self.strings + a as usize, self.strings + b as usize);
        self.data.get(a..b.max(a)).unwrap_or(&[])
    }

    /// The text of word `id` (empty for an unknown id).
    pub fn word(&self, id: WordId) -> &str {
        std::str::from_utf8(self.word_bytes(id)).unwrap_or("")
    }

    /// The id of `word`, when it is in the vocabulary.
    pub fn id(&self, word: &str) -> Option<WordId> {
        let key = word.as_bytes();
        let mut h = fnv32(key) & self.slots_mask;
        for _ in 0..=self.slots_mask {
            let v = u32_at(&self.data, self.hash + 4 * h as usize)?;
            if v == 0 {
                return None;
            }
            if self.word_bytes(v - 1) == key {
                return Some(v - 1);
            }
            h = (h + 1) & self.slots_mask;
        }
        None
    }

    /// −ln P(word), from the model's quantised unigram (tenths).
    pub fn unigram_cost(&self, id: WordId) -> f32 {
        f32::from(
            self.data
                .get(self.unigram + id as usize)
                .copied()
                .unwrap_or(255),
        ) / 10.0
    }

    fn backoff_cost(&self, id: WordId) -> f32 {
        let b = self
            .data
            .get(self.backoff + id as usize)
            .copied()
            .unwrap_or(0);
        f32::from(b as i8) / 20.0
    }

    /// −ln P(b | a) when the pair is stored, else `None`.
    pub fn stored_bigram_cost(&self, a: WordId, b: WordId) -> Option<f32> {
        let lo = u32_at(&self.data, self.bg_off + 4 * a as usize)? as usize;
        let hi = u32_at(&self.data, self.bg_off + 4 * a as usize + 4)? as usize;
        let (mut lo, mut hi) = (lo, hi.min(self.n_bigrams as usize));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let w = u32_at(&self.data, self.bg_w2 + 4 * mid)?;
            match w.cmp(&b) {
                std::cmp::Ordering::Equal => {
                    let q = self.data.get(self.bg_lp + mid).copied()?;
                    return Some(f32::from(q) / 10.0);
                }
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// −ln P(b | a), backing off to the unigram of `b` weighted by `a`'s back-off.
    pub fn bigram_cost(&self, a: WordId, b: WordId) -> f32 {
        self.stored_bigram_cost(a, b)
            .unwrap_or_else(|| self.backoff_cost(a) + self.unigram_cost(b))
    }
}

#[cfg(all(test, feature = "lm"))]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_knows_modern_words_and_context() {
        let Some(lm) = LanguageModel::builtin() else {
            panic!("built-in model missing");
        };
        assert!(lm.len() > 100_000);
        for w in ["微博", "客服", "抗疫", "食材", "登录", "中国"] {
            let id = lm.id(w);
            assert!(id.is_some(), "{w}");
            assert_eq!(id.map(|i| lm.word(i)), Some(w));
        }
        assert_eq!(lm.id("不是一个词语吧"), None);
        let id = |w: &str| lm.id(w).unwrap_or(0);
        // 受到……影响 beats 收到……影响 after the same context
        assert!(lm.bigram_cost(id("受到"), id("影响")) < lm.bigram_cost(id("收到"), id("影响")));
        assert!(lm.licence().contains("CC-BY-SA 3.0"));
    }

    #[test]
    fn malformed_bytes_are_rejected_not_panicking() {
        assert!(LanguageModel::from_bytes(Vec::new()).is_err());
        assert!(LanguageModel::from_bytes(b"ZHLM\x01\0\0\0garbage".to_vec()).is_err());
        if let Some(lm) = LanguageModel::builtin() {
            let mut b = lm.data.to_vec();
            b.truncate(b.len() / 2);
            assert!(LanguageModel::from_bytes(b).is_err());
        }
    }
}
