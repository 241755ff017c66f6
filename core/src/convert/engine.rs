//! The conversion engine: OpenCC's pipeline (normalisation, max-match segmentation,
//! conversion chain) over dictionaries compiled by `core/build.rs`.
//!
//! Each stage of the chain is a list of *levels* tried in order (OpenCC's `short_circuit`
//! group): at each position the first level that has any match starting there wins, with
//! its longest match (forward maximum matching); a position no level matches is copied.
//! Phrase levels are daachorse automata searched leftmost-longest; since the leftmost-longest
//! match from `p` is the next position where any key starts, with its longest key, a gap
//! without a match is handed to the next level, and a match found once stays valid until
//! the cursor passes its start (cached per level).

use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Data emitted by the build script for one dictionary unit.
pub(super) enum UnitData {
    /// Single-character keys: `key\tvalue` lines.
    Chars {
        /// Dictionary file names it was made from.
        name: &'static str,
        /// The table.
        table: &'static str,
    },
    /// Multi-character keys: a serialised automaton whose values index `values`.
    Phrases {
        /// Dictionary file names it was made from.
        name: &'static str,
        /// `CharwiseDoubleArrayAhoCorasick::<u32>::serialize()` output.
        automaton: &'static [u8],
        /// Values, one a line, in automaton value order.
        values: &'static str,
    },
}

/// One config as emitted by the build script: unit indices per stage.
pub(super) struct ConfigData {
    pub(super) name: &'static str,
    pub(super) normalization: &'static [&'static [usize]],
    pub(super) segmentation: Option<usize>,
    pub(super) chain: &'static [&'static [usize]],
}

/// A trivial hasher for `char` keys (the keys are trusted dictionary data).
#[derive(Default, Clone, Copy)]
pub(super) struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// `char` → replacement map.
pub(super) type CharMap = HashMap<char, &'static str, BuildHasherDefault<CharHasher>>;

/// A loaded dictionary unit.
pub(super) enum Unit {
    Chars(CharMap),
    Phrases {
        pma: CharwiseDoubleArrayAhoCorasick<u32>,
        values: Vec<&'static str>,
    },
}

impl Unit {
    /// Loads (deserialises) one unit.
    pub(super) fn load(data: &UnitData) -> Result<Unit, String> {
        match data {
            UnitData::Chars { name, table } => {
                let mut map = CharMap::default();
                for line in table.lines() {
                    let mut cols = line.split('\t');
                    let (Some(k), Some(v)) = (cols.next(), cols.next()) else {
                        return Err(format!("{name}: bad table line `{line}`"));
                    };
                    let mut kc = k.chars();
                    let (Some(c), None) = (kc.next(), kc.next()) else {
                        return Err(format!("{name}: key `{k}` is not one character"));
                    };
                    map.entry(c).or_insert(v);
                }
                Ok(Unit::Chars(map))
            }
            UnitData::Phrases {
                name,
                automaton,
                values,
            } => {
                let (pma, _) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(automaton)
                    .map_err(|e| format!("{name}: {e}"))?;
                let values: Vec<&'static str> = values.split('\n').collect();
                Ok(Unit::Phrases { pma, values })
            }
        }
    }

    /// The leftmost-longest match starting at or after `pos` in `text`:
    /// `(start, end, replacement)`.
    #[inline]
    fn next_match(&self, text: &str, pos: usize) -> Option<(usize, usize, &'static str)> {
        match self {
            Unit::Chars(map) => text[pos..]
                .char_indices()
                .find_map(|(i, c)| map.get(&c).map(|v| (pos + i, pos + i + c.len_utf8(), *v))),
            Unit::Phrases { pma, values } => {
                let m = pma.leftmost_find_iter(&text[pos..]).next()?;
                let v = values.get(m.value() as usize).copied()?;
                Some((pos + m.start(), pos + m.end(), v))
            }
        }
    }

    /// Every key of the unit with its replacement (for tables derived from the data).
    pub(super) fn for_each_char(&self, mut f: impl FnMut(char, &'static str)) {
        if let Unit::Chars(map) = self {
            for (&c, &v) in map {
                f(c, v);
            }
        }
    }
}

/// A match cached per level: valid while the cursor is at or before its start.
#[derive(Clone, Copy)]
enum Cached {
    Unknown,
    None,
    Some(usize, usize, &'static str),
}

/// Converts `text[pos..limit]` with `levels` (matches may run past `limit`, as in OpenCC's
/// forward maximum matching). Returns where it stopped (≥ `limit`).
fn run(
    levels: &[&Unit],
    cache: &mut [Cached],
    text: &str,
    mut pos: usize,
    limit: usize,
    out: &mut String,
) -> usize {
    let (Some((level, rest)), Some((slot, rest_cache))) =
        (levels.split_first(), cache.split_first_mut())
    else {
        out.push_str(&text[pos..limit]);
        return limit;
    };
    if let (Unit::Chars(map), true) = (level, rest.is_empty()) {
        // Last level, single characters: a plain table walk.
        for c in text[pos..limit].chars() {
            match map.get(&c) {
                Some(v) => out.push_str(v),
                None => out.push(c),
            }
        }
        return limit;
    }
    while pos < limit {
        let m = match *slot {
            Cached::Some(s, e, v) if s >= pos => Some((s, e, v)),
            Cached::None => None,
            _ => level.next_match(text, pos),
        };
        *slot = match m {
            Some((s, e, v)) => Cached::Some(s, e, v),
            None => Cached::None,
        };
        match m {
            Some((s, e, v)) if s < limit => {
                if s > pos {
                    pos = run(rest, rest_cache, text, pos, s, out);
                    if pos > s {
                        continue;
                    }
                }
                out.push_str(v);
                pos = e;
            }
            _ => {
                pos = run(rest, rest_cache, text, pos, limit, out);
            }
        }
    }
    pos
}

/// A loaded OpenCC config.
pub(super) struct Converter {
    normalization: Vec<Vec<&'static Unit>>,
    segmentation: Option<&'static Unit>,
    chain: Vec<Vec<&'static Unit>>,
}

impl Converter {
    pub(super) fn new(
        data: &ConfigData,
        unit: impl Fn(usize) -> Option<&'static Unit>,
    ) -> Option<Self> {
        let stages = |s: &[&[usize]]| -> Option<Vec<Vec<&'static Unit>>> {
            s.iter()
                .map(|lv| lv.iter().map(|&i| unit(i)).collect::<Option<Vec<_>>>())
                .collect()
        };
        Some(Converter {
            normalization: stages(data.normalization)?,
            segmentation: match data.segmentation {
                Some(i) => Some(unit(i)?),
                None => None,
            },
            chain: stages(data.chain)?,
        })
    }

    /// Runs one stage over a whole string.
    fn stage(levels: &[&Unit], text: &str, out: &mut String) {
        let mut cache = vec![Cached::Unknown; levels.len()];
        run(levels, &mut cache, text, 0, text.len(), out);
    }

    /// Converts `text`.
    pub(super) fn convert(&self, text: &str) -> String {
        let mut owned: Option<String> = None;
        for st in &self.normalization {
            let src = owned.as_deref().unwrap_or(text);
            if let [Unit::Chars(map)] = st.as_slice() {
                if !src.chars().any(|c| map.contains_key(&c)) {
                    continue;
                }
            }
            let mut buf = String::with_capacity(src.len());
            Self::stage(st, src, &mut buf);
            owned = Some(buf);
        }
        self.convert_normalized(owned.as_deref().unwrap_or(text))
    }

    fn convert_normalized(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut bufs = [String::new(), String::new()];
        let Some(seg) = self.segmentation else {
            self.convert_segment(text, None, &mut out, &mut bufs);
            return out;
        };
        // Max-match segmentation: each dictionary word is a segment, and so is the text
        // between two words.
        let mut pos = 0;
        while pos < text.len() {
            match seg.next_match(text, pos) {
                Some((s, e, v)) => {
                    if s > pos {
                        self.convert_segment(&text[pos..s], Some(None), &mut out, &mut bufs);
                    }
                    self.convert_segment(&text[s..e], Some(Some(v)), &mut out, &mut bufs);
                    pos = e;
                }
                None => {
                    self.convert_segment(&text[pos..], Some(None), &mut out, &mut bufs);
                    pos = text.len();
                }
            }
        }
        out
    }

    /// Converts one segment through the chain. `seg` tells what the segmentation found:
    /// `Some(Some(v))` the segment is a word of the segmentation dictionary (`v` its
    /// value there), `Some(None)` no word of it starts inside the segment, `None` unknown.
    /// A first stage that starts with the segmentation dictionary itself uses this.
    fn convert_segment(
        &self,
        text: &str,
        seg: Option<Option<&'static str>>,
        out: &mut String,
        bufs: &mut [String; 2],
    ) {
        let n = self.chain.len();
        if n == 0 {
            out.push_str(text);
            return;
        }
        let [a, b] = bufs;
        a.clear();
        b.clear();
        for (i, levels) in self.chain.iter().enumerate() {
            let input: &str = if i == 0 { text } else { a.as_str() };
            let target: &mut String = if i + 1 == n { &mut *out } else { &mut *b };
            let same_dict = i == 0
                && matches!((self.segmentation, levels.first()),
                    (Some(x), Some(y)) if std::ptr::eq(x, *y));
            match (same_dict, seg) {
                (true, Some(Some(v))) => target.push_str(v),
                (true, Some(None)) => Self::stage(&levels[1..], input, target),
                _ => Self::stage(levels, input, target),
            }
            if i + 1 != n {
                std::mem::swap(a, b);
                b.clear();
            }
        }
    }
}
