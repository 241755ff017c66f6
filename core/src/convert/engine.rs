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

    /// Every key of the unit with its replacement (for tables derived from the data).
    pub(super) fn for_each_char(&self, mut f: impl FnMut(char, &'static str)) {
        if let Unit::Chars(map) = self {
            for (&c, &v) in map {
                f(c, v);
            }
        }
    }
}

/// Reusable buffers: for each level of a stage, the longest key starting at each byte of
/// the current chunk, as `(end, value index)` (`end == 0`: none).
#[derive(Default)]
pub(super) struct Scratch {
    best: Vec<Vec<(u32, u32)>>,
}

/// Fills `best[i]` with the longest key of `pma` starting at byte `i` of `text`. One
/// overlapping Aho-Corasick pass (linear; no restarts, unlike a leftmost search). Leaves
/// `best` empty when no key occurs at all. Returns whether one did.
fn longest_per_start(
    pma: &CharwiseDoubleArrayAhoCorasick<u32>,
    text: &str,
    best: &mut Vec<(u32, u32)>,
) -> bool {
    best.clear();
    for m in pma.find_overlapping_iter(text) {
        if best.is_empty() {
            best.resize(text.len() + 1, (0, 0));
        }
        let (s, e) = (m.start(), m.end() as u32);
        if let Some(slot) = best.get_mut(s) {
            if e > slot.0 {
                *slot = (e, m.value());
            }
        }
    }
    !best.is_empty()
}

/// Copies `text` to `out` through a character table.
fn map_chars(map: &CharMap, text: &str, out: &mut String) {
    for c in text.chars() {
        match map.get(&c) {
            Some(v) => out.push_str(v),
            None => out.push(c),
        }
    }
}

/// One conversion stage over `text`: at each position the first level with a key starting
/// there wins with its longest key (OpenCC's short-circuit group with forward maximum
/// matching); a position no level matches is copied.
fn run_stage(levels: &[&'static Unit], text: &str, out: &mut String, scratch: &mut Scratch) {
    if scratch.best.len() < levels.len() {
        scratch.best.resize_with(levels.len(), Vec::new);
    }
    // Phrase levels with no key in `text` drop out; what is left is often one table.
    let mut any_phrase = false;
    for (level, best) in levels.iter().zip(scratch.best.iter_mut()) {
        best.clear();
        if let Unit::Phrases { pma, .. } = level {
            any_phrase |= longest_per_start(pma, text, best);
        }
    }
    if !any_phrase {
        let mut tables = levels.iter().filter_map(|l| match l {
            Unit::Chars(map) => Some(map),
            Unit::Phrases { .. } => None,
        });
        match (tables.next(), tables.next()) {
            (None, _) => {
                out.push_str(text);
                return;
            }
            (Some(map), None) => {
                map_chars(map, text, out);
                return;
            }
            _ => {}
        }
    }
    let mut pos = 0;
    'outer: while let Some(c) = text.get(pos..).and_then(|t| t.chars().next()) {
        for (level, best) in levels.iter().zip(scratch.best.iter()) {
            match level {
                Unit::Phrases { values, .. } => {
                    if let Some(&(e, v)) = best.get(pos) {
                        if e > 0 {
                            if let Some(val) = values.get(v as usize) {
                                out.push_str(val);
                                pos = e as usize;
                                continue 'outer;
                            }
                        }
                    }
                }
                Unit::Chars(map) => {
                    if let Some(v) = map.get(&c) {
                        out.push_str(v);
                        pos += c.len_utf8();
                        continue 'outer;
                    }
                }
            }
        }
        out.push(c);
        pos += c.len_utf8();
    }
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
            run_stage(st, src, &mut buf, &mut Scratch::default());
            owned = Some(buf);
        }
        self.convert_normalized(owned.as_deref().unwrap_or(text))
    }

    fn convert_normalized(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut bufs = [String::new(), String::new()];
        let mut scratch = Scratch::default();
        let mut seg_best = Vec::new();
        // No dictionary key contains a line break: lines are converted independently,
        // which keeps the per-position tables small.
        for line in text.split_inclusive('\n') {
            let Some(Unit::Phrases { pma, values }) = self.segmentation else {
                self.convert_segment(line, None, &mut out, &mut bufs, &mut scratch);
                continue;
            };
            // Max-match segmentation: each dictionary word is a segment, and so is the text
            // between two words.
            longest_per_start(pma, line, &mut seg_best);
            let (mut pos, mut gap) = (0, 0);
            while let Some(c) = line.get(pos..).and_then(|t| t.chars().next()) {
                match seg_best.get(pos) {
                    Some(&(e, v)) if e > 0 => {
                        if gap < pos {
                            let g = &line[gap..pos];
                            self.convert_segment(g, Some(None), &mut out, &mut bufs, &mut scratch);
                        }
                        let val = values.get(v as usize).copied();
                        let w = &line[pos..e as usize];
                        self.convert_segment(w, Some(val), &mut out, &mut bufs, &mut scratch);
                        pos = e as usize;
                        gap = pos;
                    }
                    _ => pos += c.len_utf8(),
                }
            }
            if gap < line.len() {
                self.convert_segment(&line[gap..], Some(None), &mut out, &mut bufs, &mut scratch);
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
        scratch: &mut Scratch,
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
                (true, Some(None)) => run_stage(&levels[1..], input, target, scratch),
                _ => run_stage(levels, input, target, scratch),
            }
            if i + 1 != n {
                std::mem::swap(a, b);
                b.clear();
            }
        }
    }
}
