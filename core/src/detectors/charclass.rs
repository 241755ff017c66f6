//! Character classes and small helpers shared by the punctuation, number and damage
//! detectors. Everything here is allocation-free and works on single `char`s or slices.

/// A Han character (CJK unified ideographs, extensions, compatibility ideographs, `〇`).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

/// Value of an ASCII or full-width decimal digit.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Value of a Chinese digit (`〇零一二两三…九`).
pub(crate) fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// ASCII letter or digit.
pub(crate) fn is_ascii_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Full-width letter or digit (`Ａ`–`Ｚ`, `ａ`–`ｚ`, `０`–`９`) and its half-width form.
pub(crate) fn fullwidth_alnum(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// Parses a number written in Arabic digits (ASCII or full-width) or in Chinese numerals
/// (`十二`, `三十一`, digit by digit `一九九八`). `None` when the text is not such a
/// number or is too long to be a date part.
pub(crate) fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 * 4 {
        return None;
    }
    let mut arabic = 0u32;
    let mut all_arabic = true;
    for c in s.chars() {
        match digit(c) {
            Some(d) => arabic = arabic.saturating_mul(10).saturating_add(d),
            None => {
                all_arabic = false;
                break;
            }
        }
    }
    if all_arabic {
        return Some(arabic);
    }
    // Chinese: with 十 (up to 99) or digit by digit.
    if s.contains('十') {
        let mut tens = 0u32;
        let mut units = 0u32;
        let mut seen_ten = false;
        let mut pending: Option<u32> = None;
        for c in s.chars() {
            if c == '十' {
                if seen_ten {
                    return None;
                }
                seen_ten = true;
                tens = pending.take().unwrap_or(1);
            } else {
                let d = han_digit(c)?;
                if pending.is_some() {
                    return None;
                }
                pending = Some(d);
            }
        }
        units = units.saturating_add(pending.unwrap_or(0));
        return Some(tens * 10 + units);
    }
    let mut v = 0u32;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(han_digit(c)?)?;
    }
    Some(v)
}

/// True for characters that may be part of a number in a date (digits, Chinese digits, 十).
pub(crate) fn is_number_char(c: char) -> bool {
    digit(c).is_some() || han_digit(c).is_some() || c == '十'
}

/// The number written immediately before byte offset `end` of `s`: its start offset.
/// Stops at 4 characters with 十, 6 without.
pub(crate) fn number_before(s: &str, end: usize) -> Option<usize> {
    let head = s.get(..end)?;
    let mut start = end;
    for (n, (i, c)) in head.char_indices().rev().enumerate() {
        if !is_number_char(c) || n >= 6 {
            break;
        }
        start = i;
    }
    (start < end).then_some(start)
}

/// The number written immediately after byte offset `start` of `s`: its end offset.
pub(crate) fn number_after(s: &str, start: usize) -> Option<usize> {
    let tail = s.get(start..)?;
    let mut end = start;
    for (n, (i, c)) in tail.char_indices().enumerate() {
        if !is_number_char(c) || n >= 6 {
            break;
        }
        end = start + i + c.len_utf8();
    }
    (end > start).then_some(end)
}

/// The character before byte offset `i` of `s`.
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|h| h.chars().next_back())
}

/// The character at byte offset `i` of `s`.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// Iterates over the lines (paragraphs) of `text` as `(byte_start, line)` without the
/// line terminator (`\n`, `\r\n`).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut pos = 0usize;
    text.split('\n').map(move |l| {
        let start = pos;
        pos += l.len() + 1;
        (start, l.strip_suffix('\r').unwrap_or(l))
    })
}

/// The three bytes at `i` as one big-endian number (missing bytes past the end count as 0),
/// so that a three-byte character is tested with one comparison: tests that are all but
/// always false together are branches the processor predicts, where testing the lead byte
/// first mispredicts on every other ideograph.
#[inline]
pub(crate) fn three_bytes(bytes: &[u8], i: usize) -> u32 {
    let at = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0));
    (at(0) << 16) | (at(1) << 8) | at(2)
}

/// Length of the UTF-8 sequence that starts with byte `b` (a lead byte).
#[inline]
pub(crate) fn utf8_len(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The characters of `s` other than the ideographs U+4000–U+9FFF, with their byte offsets.
/// Those ideographs (lead bytes `E4`–`E9`, most of any Chinese text) are stepped over
/// without decoding, which is what makes the punctuation passes cheap.
pub(crate) fn sparse_chars(s: &str) -> SparseChars<'_> {
    SparseChars { s, i: 0 }
}

/// Iterator of [`sparse_chars`].
pub(crate) struct SparseChars<'a> {
    s: &'a str,
    i: usize,
}

impl Iterator for SparseChars<'_> {
    type Item = (usize, char);

    #[inline]
    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.s.as_bytes();
        while let Some(&b) = bytes.get(self.i) {
            if (0xE4..=0xE9).contains(&b) {
                self.i += 3;
                continue;
            }
            let at = self.i;
            let c = self.s.get(at..)?.chars().next()?;
            self.i += c.len_utf8();
            return Some((at, c));
        }
        None
    }
}

/// Where a detector with a fixed list of rules puts its findings: pushes only the rules that
/// are enabled, each in its category from the registry ([`crate::rules`]). Shared by the
/// punctuation, numbers and page-damage detectors.
pub(crate) struct RuleOut<'o, const N: usize> {
    /// The detector's output (a rule may amend a finding it pushed earlier).
    pub(crate) out: &'o mut Vec<crate::finding::Finding>,
    /// Which of the rules are enabled, in the order of the detector's `RULES`.
    pub(crate) on: [bool; N],
    rules: &'static [&'static str; N],
    /// The registry's category of each rule.
    categories: [crate::finding::Category; N],
}

/// The category of a rule of these detectors, from the registry (every rule of theirs is
/// registered: a test checks it).
fn rule_category(rule: &str) -> crate::finding::Category {
    crate::rules::category_of(rule).unwrap_or(crate::finding::Category::Format)
}

impl<'o, const N: usize> RuleOut<'o, N> {
    /// `None` when every one of `rules` is off, by its category or by the configuration
    /// (nothing to do).
    pub(crate) fn new(
        ctx: &super::CheckContext<'_>,
        rules: &'static [&'static str; N],
        out: &'o mut Vec<crate::finding::Finding>,
    ) -> Option<Self> {
        let categories = rules.map(rule_category);
        let mut on = [false; N];
        for (i, r) in rules.iter().enumerate() {
            on[i] = ctx.wants(categories[i]) && ctx.config.rule_enabled(r);
        }
        if !on.iter().any(|&b| b) {
            return None;
        }
        Some(RuleOut {
            out,
            on,
            rules,
            categories,
        })
    }

    /// Adds a finding of rule number `rule` (an index into the detector's `RULES`) over the
    /// text bytes `s..e`, unless that rule is off.
    pub(crate) fn push(
        &mut self,
        rule: usize,
        sev: crate::finding::Severity,
        s: usize,
        e: usize,
        msg: &str,
        sug: Option<String>,
    ) {
        let (Some(true), Some(&id), Some(&category)) = (
            self.on.get(rule).copied(),
            self.rules.get(rule),
            self.categories.get(rule),
        ) else {
            return;
        };
        let mut f =
            crate::finding::Finding::new(id, category, sev, crate::finding::Span::new(s, e), msg);
        if let Some(x) = sug {
            f = f.with_suggestions(vec![x]);
        }
        self.out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse() {
        assert_eq!(parse_number("12"), Some(12));
        assert_eq!(parse_number("１２"), Some(12));
        assert_eq!(parse_number("十二"), Some(12));
        assert_eq!(parse_number("三十一"), Some(31));
        assert_eq!(parse_number("二十"), Some(20));
        assert_eq!(parse_number("十"), Some(10));
        assert_eq!(parse_number("一九九八"), Some(1998));
        assert_eq!(parse_number("二〇二三"), Some(2023));
        assert_eq!(parse_number("十十"), None);
        assert_eq!(parse_number("a"), None);
    }

    #[test]
    fn sparse_skips_only_ideographs() {
        let t = "中a，𠮷文（é）";
        let v: Vec<(usize, char)> = sparse_chars(t).collect();
        let all: Vec<(usize, char)> = t
            .char_indices()
            .filter(|&(_, c)| !('\u{4000}'..='\u{9FFF}').contains(&c))
            .collect();
        assert_eq!(v, all);
    }

    #[test]
    fn lines_offsets() {
        let t = "甲\r\n乙\n\n丙";
        let v: Vec<(usize, &str)> = lines(t).collect();
        assert_eq!(v, vec![(0, "甲"), (5, "乙"), (9, ""), (10, "丙")]);
        for (s, l) in v {
            assert_eq!(&t[s..s + l.len()], l);
        }
    }
}
