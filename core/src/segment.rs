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

/// True when a word of the best segmentation of the window around `start..end` cuts the
/// match: it reaches into the match by exactly one character across either end (这家|具有
/// around 家具), or holds the whole match inside it. A word reaching two or more characters
/// in only extends the match's own last or first word (截止|去年底 around 截止去年), which
/// is no cut.
#[cfg(feature = "segment")]
fn cut_impl(text: &str, start: usize, end: usize) -> Option<bool> {
    let jieba = imp::jieba()?;
    let (ws, we) = window(text, start, end);
    let piece = text.get(ws..we)?;
    let (s, e) = (start - ws, end - ws);
    let chars = |a: usize, b: usize| piece.get(a..b).map_or(0, |p| p.chars().count());
    for t in jieba.cut(piece, false) {
        let over_start = t.byte_start < s && t.byte_end > s;
        let over_end = t.byte_start < e && t.byte_end > e;
        let cut = match (over_start, over_end) {
            (true, true) => true,
            (true, false) => chars(s, t.byte_end) == 1,
            (false, true) => chars(t.byte_start, e) == 1,
            (false, false) => false,
        };
        if cut {
            return Some(true);
        }
    }
    Some(false)
}

#[cfg(not(feature = "segment"))]
fn cut_impl(_text: &str, _start: usize, _end: usize) -> Option<bool> {
    None
}

/// Tells whether the dictionary match `start..end` cuts through a word of the best
/// segmentation of the text around it, i.e. whether it should be suppressed because it is
/// not a word where it stands (这家具有 holds 家具 only across 这家|具有; 台湾国际 holds 台湾国
/// only across 台湾|国际). A segmentation word counts when it reaches one character into
/// the match across either end, or holds the whole match; one that reaches further in
/// extends the match's own edge word (截止去年底: 截止|去年底 around the entry 截止去年).
///
/// Besides the segmentation, two shapes jieba does
/// not see count as cuts: a match starting with a measure word or unit right after a number
/// (花了200元来购买: 元 belongs to 200元, not to 元来), and a two-character match right after
/// a surname and followed by a form of address or a verb of speech (李希有同志: a given name).
///
/// Returns `None` when segmentation is unavailable (feature `segment` off) or the span is not
/// a valid char-boundary range of `text`; callers then keep the match.
pub fn cuts_word(text: &str, start: usize, end: usize) -> Option<bool> {
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let term = text.get(start..end)?;
    let before = text.get(..start)?;
    let after = text.get(end..)?;
    if after_number(before, term) || given_name(before, term, after) {
        return Some(true);
    }
    cut_impl(text, start, end)
}

/// Measure words and units that follow a number (二十元, 3个, 5年).
const UNITS: &str = "元角分个只条件位名种棵株颗粒张把本册部台辆架艘座栋间所家口头匹尾群批次回趟场番遍倍岁年月日天时秒号度米克吨斤亩户人项门支枝根片块份篇首幅层级节段句行处起例";
/// Digits and Chinese numerals (a number ends right before a unit).
const NUMERALS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两零〇几";

fn after_number(before: &str, term: &str) -> bool {
    let (Some(prev), Some(first)) = (before.chars().next_back(), term.chars().next()) else {
        return false;
    };
    NUMERALS.contains(prev) && UNITS.contains(first) && term.chars().count() >= 2
}

/// Common surnames (a given name of one or two characters follows).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
/// What follows a person's name: forms of address, titles and verbs of speech.
const AFTER_NAME: &[&str] = &[
    "同志",
    "先生",
    "女士",
    "小姐",
    "同学",
    "老师",
    "教授",
    "书记",
    "主任",
    "主席",
    "部长",
    "省长",
    "市长",
    "县长",
    "局长",
    "处长",
    "院长",
    "校长",
    "经理",
    "董事长",
    "总理",
    "委员",
    "代表",
    "师傅",
    "老人",
    "大爷",
    "说",
    "表示",
    "指出",
    "认为",
    "介绍",
    "告诉",
];

fn given_name(before: &str, term: &str, after: &str) -> bool {
    let Some(prev) = before.chars().next_back() else {
        return false;
    };
    term.chars().count() == 2
        && SURNAMES.contains(prev)
        && AFTER_NAME.iter().any(|a| after.starts_with(a))
}

/// True when `word` is in the segmenter's word list; `None` without the feature `segment`.
pub fn is_word(word: &str) -> Option<bool> {
    #[cfg(feature = "segment")]
    {
        imp::jieba().map(|j| j.has_word(word))
    }
    #[cfg(not(feature = "segment"))]
    {
        let _ = word;
        None
    }
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

    #[cfg(feature = "segment")]
    #[test]
    fn matches_cutting_through_words_are_found() {
        let cut = |t: &str, w: &str| {
            let s = t.find(w).unwrap_or(0);
            cuts_word(t, s, s + w.len())
        };
        assert_eq!(cut("这家具有百年历史的企业", "家具"), Some(true));
        assert_eq!(cut("台湾国际机场", "台湾国"), Some(true));
        assert_eq!(cut("花了200元来购买", "元来"), Some(true));
        assert_eq!(cut("李希有同志", "希有"), Some(true));
        assert_eq!(cut("购买了一套家具。", "家具"), Some(false));
        assert_eq!(cut("请及时部暑任务。", "部暑"), Some(false));
        assert_eq!(cut("截止去年底，全省", "截止去年"), Some(false));
        assert_eq!(is_word("具有"), Some(true));
        assert_eq!(is_word("部暑"), Some(false));
    }

    #[test]
    fn bad_spans_are_none() {
        assert_eq!(on_word_boundaries("好", 0, 1), None);
        assert_eq!(on_word_boundaries("好", 3, 3), None);
        assert_eq!(on_word_boundaries("好", 0, 9), None);
    }
}
