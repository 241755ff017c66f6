//! Normalised views of a text, each with a map back to the original bytes.
//!
//! Detectors that must see through disguises (sensitive terms, privacy numbers written with
//! full-width digits) read a [`FoldedView`]: the text with width/case folded, compatibility
//! forms decomposed (NFKC per character: `ＡＶ`→`av`, `①`→`1`, styled letters → ASCII),
//! traditional characters folded to simplified (OpenCC's `TSCharacters` table, the same
//! data the converter uses), and invisible characters removed. A span found in the view is
//! mapped back with [`FoldedView::to_original`], so findings cover the original text.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::char::decompose_compatible;

/// Which foldings a view applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldOptions {
    /// NFKC compatibility folding per character (full-width → ASCII, `①` → `1`, …).
    pub compat: bool,
    /// Lower-case letters.
    pub case: bool,
    /// Traditional → simplified, character by character.
    pub t2s: bool,
    /// Remove zero-width and other invisible characters.
    pub drop_invisible: bool,
}

impl FoldOptions {
    /// Everything on: the view sensitive-term matching reads.
    pub const ALL: FoldOptions = FoldOptions {
        compat: true,
        case: true,
        t2s: true,
        drop_invisible: true,
    };
    /// Width/compatibility folding only: the view privacy detectors read.
    pub const WIDTH: FoldOptions = FoldOptions {
        compat: true,
        case: false,
        t2s: false,
        drop_invisible: false,
    };
}

/// A folded copy of a text with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct FoldedView {
    text: String,
    /// For each folded unit `i` (one source char's output): its first byte in `text`.
    fold_start: Vec<u32>,
    /// …and the original byte range of the source char it came from.
    orig_start: Vec<u32>,
    orig_end: Vec<u32>,
}

/// True for characters that render as nothing (zero-width spaces and joiners, BOM, soft
/// hyphen, variation selectors, bidi controls).
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xE0000..=0xE0FFF)
}

/// OpenCC's traditional → simplified character table (first candidate of each entry):
/// the character level of the converter's `t2s` config ([`crate::convert::t2s_chars`],
/// `TSCharactersExt` then `TSCharacters`), so folding and conversion share one source.
pub fn t2s_char_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        crate::convert::t2s_chars()
            .iter()
            .filter_map(|(&from, to)| {
                let mut cs = to.chars();
                match (cs.next(), cs.next()) {
                    (Some(to), None) if to != from => Some((from, to)),
                    _ => None,
                }
            })
            .collect()
    })
}

/// Folds one character into `out` according to `opts`.
pub fn fold_char(c: char, opts: FoldOptions, out: &mut String) {
    if opts.drop_invisible && is_invisible(c) {
        return;
    }
    let push = |c: char, out: &mut String| {
        let c = if opts.t2s {
            t2s_char_table().get(&c).copied().unwrap_or(c)
        } else {
            c
        };
        if opts.case && c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    };
    if opts.compat && !c.is_ascii() && !is_cjk_ideograph(c) {
        // Ideographic space and similar fold to ' '.
        let mut any = false;
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) || !any {
                push(d, out);
            }
            any = true;
        });
        if !any {
            push(c, out);
        }
    } else {
        push(c, out);
    }
}

/// Traditional → simplified for one character, as [`t2s_char_table`] gives it, through a
/// dense table for the CJK blocks (no hashing on the hot path).
#[inline]
pub fn t2s_char(c: char) -> char {
    static DENSE: OnceLock<Box<[char]>> = OnceLock::new();
    const LO: u32 = 0x3400;
    const HI: u32 = 0x9FFF;
    let code = c as u32;
    if (LO..=HI).contains(&code) {
        let dense = DENSE.get_or_init(|| {
            let table = t2s_char_table();
            (LO..=HI)
                .map(|u| {
                    let ch = char::from_u32(u).unwrap_or('\u{0}');
                    table.get(&ch).copied().unwrap_or(ch)
                })
                .collect()
        });
        dense.get((code - LO) as usize).copied().unwrap_or(c)
    } else if code < 0x80 {
        c
    } else {
        t2s_char_table().get(&c).copied().unwrap_or(c)
    }
}

/// Folds one character like [`fold_char`], handing each output character to `emit`
/// instead of appending to a `String` (no allocation). Used by streaming matchers that
/// read the folded view without materialising it; the output is identical to
/// [`fold_char`]'s (tested over every Unicode scalar value).
#[inline]
pub fn fold_char_with(c: char, opts: FoldOptions, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(if opts.case { c.to_ascii_lowercase() } else { c });
        return;
    }
    if is_cjk_ideograph(c) {
        // Never invisible, never decomposed, never cased; t2s maps ideographs to ideographs.
        emit(if opts.t2s { t2s_char(c) } else { c });
        return;
    }
    if opts.drop_invisible && is_invisible(c) {
        return;
    }
    let mut push = |c: char| {
        let c = if opts.t2s { t2s_char(c) } else { c };
        if opts.case && c.is_uppercase() {
            for l in c.to_lowercase() {
                emit(l);
            }
        } else {
            emit(c);
        }
    };
    if opts.compat && !is_cjk_ideograph(c) {
        let mut any = false;
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) || !any {
                push(d);
            }
            any = true;
        });
        if !any {
            push(c);
        }
    } else {
        push(c);
    }
}

fn is_cjk_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3134F)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x3099..=0x309A)
}

impl FoldedView {
    /// Builds the view of `text`. Texts over 4 GiB are truncated at the last char boundary
    /// below 4 GiB (offsets are stored as `u32`).
    pub fn new(text: &str, opts: FoldOptions) -> Self {
        let limit = u32::MAX as usize;
        let text = if text.len() > limit {
            let mut cut = limit;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            &text[..cut]
        } else {
            text
        };
        let mut view = FoldedView {
            text: String::with_capacity(text.len()),
            fold_start: Vec::with_capacity(text.len() / 2),
            orig_start: Vec::with_capacity(text.len() / 2),
            orig_end: Vec::with_capacity(text.len() / 2),
        };
        for (i, c) in text.char_indices() {
            let before = view.text.len();
            if c.is_ascii() && !(opts.case && c.is_ascii_uppercase()) {
                view.text.push(c);
            } else {
                fold_char(c, opts, &mut view.text);
            }
            if view.text.len() > before {
                view.fold_start.push(before as u32);
                view.orig_start.push(i as u32);
                view.orig_end.push((i + c.len_utf8()) as u32);
            }
        }
        view
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the folded text to the smallest original range that produced
    /// it. `start..end` must lie within the folded text; out-of-range values are clamped.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.fold_start.is_empty() {
            return (0, 0);
        }
        // unit containing `start`
        let first = self
            .fold_start
            .partition_point(|&s| (s as usize) <= start)
            .saturating_sub(1);
        // unit containing `end - 1`
        let last = self
            .fold_start
            .partition_point(|&s| (s as usize) < end.max(1))
            .saturating_sub(1)
            .max(first);
        (
            self.orig_start[first] as usize,
            self.orig_end[last.min(self.orig_end.len() - 1)] as usize,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        FoldedView::new(s, FoldOptions::ALL).text().to_string()
    }

    #[test]
    fn folds_width_case_t2s_styled_and_invisible() {
        assert_eq!(fold("ＡＶ"), "av");
        assert_eq!(fold("線上賭場"), "线上赌场");
        assert_eq!(fold("①②"), "12");
        assert_eq!(fold("𝐀𝐁"), "ab");
        assert_eq!(fold("赌\u{200b}博"), "赌博");
        assert_eq!(fold("１３８"), "138");
        assert_eq!(
            FoldedView::new("１３８Ａ", FoldOptions::WIDTH).text(),
            "138A"
        );
    }

    #[test]
    fn folding_table_is_the_converters() {
        // every character the fold changes, t2s changes the same way (one source of truth)
        for (&from, &to) in t2s_char_table() {
            assert_eq!(
                crate::convert(&from.to_string(), crate::Target::T2S),
                to.to_string(),
                "{from}"
            );
        }
        assert_eq!(t2s_char_table().get(&'賭'), Some(&'赌'));
    }

    #[test]
    fn fold_char_with_equals_fold_char_everywhere() {
        for opts in [FoldOptions::ALL, FoldOptions::WIDTH] {
            let mut a = String::new();
            let mut b = String::new();
            for u in 0..=0x10FFFFu32 {
                let Some(c) = char::from_u32(u) else { continue };
                a.clear();
                b.clear();
                fold_char(c, opts, &mut a);
                fold_char_with(c, opts, |f| b.push(f));
                assert_eq!(a, b, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let src = "看線\u{200b}上賭場！";
        let v = FoldedView::new(src, FoldOptions::ALL);
        let at = v.text().find("线上赌场").unwrap_or(0);
        let (s, e) = v.to_original(at, at + "线上赌场".len());
        assert_eq!(&src[s..e], "線\u{200b}上賭場");
        let src = "ＡＶ片";
        let v = FoldedView::new(src, FoldOptions::ALL);
        let (s, e) = v.to_original(0, 2);
        assert_eq!(&src[s..e], "ＡＶ");
        // ⑩ folds to two chars; a span covering only part of it maps to the whole char
        let src = "第⑩号";
        let v = FoldedView::new(src, FoldOptions::ALL);
        assert_eq!(v.text(), "第10号");
        let (s, e) = v.to_original(3, 4);
        assert_eq!(&src[s..e], "⑩");
    }
}
