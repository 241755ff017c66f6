//! Word segmentation around a candidate, for the word-boundary guard (`@`) of dictionary
//! entries.
//!
//! With the cargo feature `segment` (default), jieba-rs segments a small window of text
//! around a match, using the word list `dictionaries/segment_words.txt` (jieba's dict.txt
//! restricted to words of frequency ≥ 5, ~1.6 MB, embedded). The segmenter is built lazily,
//! the first time a guarded candidate is met, and shared by all checkers. The text is never
//! segmented as a whole.
//!
//! Without the feature, [`on_word_boundaries`] returns `None` and callers decide
//! conservatively.

/// Characters of context taken on each side of a candidate before segmenting.
pub const WINDOW_CHARS: usize = 6;

/// The byte range of the window of up to [`WINDOW_CHARS`] characters on each side of
/// `start..end` in `text` (clamped to the text; `start`/`end` must be char boundaries).
pub fn window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let ws = before
        .char_indices()
        .rev()
        .take(WINDOW_CHARS)
        .last()
        .map_or(start, |(i, _)| i);
    let we = after
        .char_indices()
        .nth(WINDOW_CHARS)
        .map_or(text.len(), |(i, _)| end + i);
    (ws, we)
}

#[cfg(feature = "segment")]
mod imp {
    use jieba_rs::Jieba;
    use std::sync::OnceLock;

    const WORDS: &str = include_str!("../../dictionaries/segment_words.txt");

    /// The word list without its `#` header.
    fn body() -> &'static str {
        let mut rest = WORDS;
        while rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        }
        rest
    }

    pub(super) fn jieba() -> Option<&'static Jieba> {
        static JIEBA: OnceLock<Option<Jieba>> = OnceLock::new();
        JIEBA
            .get_or_init(|| {
                let mut reader = body().as_bytes();
                Jieba::with_dict(&mut reader).ok()
            })
            .as_ref()
    }
}

/// Segments the window around `start..end` and tells whether both ends of the match fall
/// on word boundaries (no word of the segmentation straddles `start` or `end`).
///
/// Returns `None` when segmentation is unavailable (feature `segment` off) or the span is
/// not a valid char-boundary range of `text`.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> Option<bool> {
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    text.get(start..end)?;
    boundaries_impl(text, start, end)
}

#[cfg(feature = "segment")]
fn boundaries_impl(text: &str, start: usize, end: usize) -> Option<bool> {
    let jieba = imp::jieba()?;
    let (ws, we) = window(text, start, end);
    let piece = text.get(ws..we)?;
    let (s, e) = (start - ws, end - ws);
    let mut start_ok = false;
    let mut end_ok = false;
    for t in jieba.cut(piece, false) {
        if t.byte_start < s && t.byte_end > s || t.byte_start < e && t.byte_end > e {
            return Some(false);
        }
        start_ok |= t.byte_start == s;
        end_ok |= t.byte_end == e;
    }
    Some(start_ok && end_ok)
}

#[cfg(not(feature = "segment"))]
fn boundaries_impl(_text: &str, _start: usize, _end: usize) -> Option<bool> {
    None
}

/// Segments `text` (a short piece) with the built-in word list; empty without the feature.
/// Meant for tests and diagnostics.
pub fn cut(text: &str) -> Vec<&str> {
    #[cfg(feature = "segment")]
    {
        if let Some(j) = imp::jieba() {
            return j.cut(text, false).into_iter().map(|t| t.word).collect();
        }
    }
    let _ = text;
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_clamped_and_on_char_boundaries() {
        let t = "𠮷一二三四五六七八九十";
        let s = t.find('五').unwrap_or(0);
        let e = s + '五'.len_utf8();
        let (ws, we) = window(t, s, e);
        assert_eq!(ws, 0);
        assert_eq!(&t[ws..we], "𠮷一二三四五六七八九十");
        let (ws, we) = window("五", 0, 3);
        assert_eq!((ws, we), (0, 3));
    }

    #[cfg(feature = "segment")]
    #[test]
    fn boundary_check_uses_segmentation() {
        // 部暑 straddles 全部|暑假: not a word there.
        let t = "学生全部暑假返校。";
        let s = t.find("部暑").unwrap_or(0);
        assert_eq!(on_word_boundaries(t, s, s + 6), Some(false));
        // 暑假 is a word.
        let s = t.find("暑假").unwrap_or(0);
        assert_eq!(on_word_boundaries(t, s, s + 6), Some(true));
        assert!(cut("我们要加强管理").contains(&"管理"));
    }

    #[test]
    fn bad_spans_are_none() {
        assert_eq!(on_word_boundaries("好", 0, 1), None);
        assert_eq!(on_word_boundaries("好", 3, 3), None);
        assert_eq!(on_word_boundaries("好", 0, 9), None);
    }
}
