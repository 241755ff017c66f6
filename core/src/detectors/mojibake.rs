//! Wrong-charset text, lost characters and leaked markup (`format.mojibake`), found by
//! [`super::damage`]:
//!
//! - UTF-8 read as GBK (`鐢ㄦ埛鍚嶆垨瀵嗙爜`): a run of characters in which the characters
//!   a UTF-8 lead byte turns into are frequent is re-encoded as GBK and decoded as UTF-8;
//!   when that gives ordinary text (`用户名或密码`) it is the suggestion.
//! - GBK read as Latin-1 (`ÖÐÎÄ`): the bytes decode as GB2312 characters (`中文`).
//! - `?` runs between Chinese characters (`真??伪`): characters lost in a conversion.
//! - HTML tags and fragments shown as text (`</p>`, `<br`, `/span>`).

use super::charclass::is_han;
use encoding_rs::GBK;
use std::sync::OnceLock;

/// Bits of the BMP characters that GBK decoding gives for a byte pair holding a UTF-8 lead
/// byte of a three-byte sequence (`E2`–`EF`) and a continuation byte (`80`–`BF`), in
/// either order: in UTF-8 text read as GBK, two of every three characters are such.
fn utf8_as_gbk_marks() -> &'static [u64] {
    static SET: OnceLock<Vec<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut bits = vec![0u64; 65536 / 64];
        let mut mark = |pair: [u8; 2]| {
            let (s, bad) = GBK.decode_without_bom_handling(&pair);
            if bad {
                return;
            }
            let mut cs = s.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                let u = c as usize;
                if u < 65536 && !c.is_ascii() {
                    bits[u / 64] |= 1 << (u % 64);
                }
            }
        };
        for lead in 0xE2..=0xEFu8 {
            for cont in 0x80..=0xBFu8 {
                mark([lead, cont]);
                mark([cont, lead]);
            }
        }
        bits
    })
}

fn is_mark(bits: &[u64], c: char) -> bool {
    let u = c as usize;
    u < 65536 && bits.get(u / 64).is_some_and(|w| w & (1 << (u % 64)) != 0)
}

/// Characters a mojibake run is made of: anything GBK encodes in two bytes.
/// A `�` inside a run stands for bytes the GBK decoder could not pair.
fn in_run(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && c != '\u{3000}'
}

/// Ordinary text: what a repaired run must consist of.
fn ordinary(c: char) -> bool {
    is_han(c)
        || (c.is_ascii() && !c.is_ascii_control())
        || matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF5E | 0x2010..=0x2027)
        || matches!(c, '·' | '×' | '÷' | '°' | '\n' | '\t')
}

/// A found run: byte range and, when it could be repaired, the repair.
pub(crate) struct Moji {
    pub start: usize,
    pub end: usize,
    pub fixed: Option<String>,
}

/// UTF-8 text read as GBK, anywhere in `text`.
pub(crate) fn utf8_read_as_gbk(text: &str, found: &mut Vec<Moji>) {
    let bits = utf8_as_gbk_marks();
    let mut run_start = None::<usize>;
    let (mut chars, mut marks) = (0usize, 0usize);
    let close = |start: usize, end: usize, chars: usize, marks: usize, found: &mut Vec<Moji>| {
        // Two of every three characters of such a run are marks; ordinary Chinese text
        // has about one in twenty.
        if chars >= 3 && marks * 2 >= chars {
            if let Some(m) = round_trip(text, start, end) {
                found.push(m);
            }
        }
    };
    for (i, c) in text.char_indices() {
        if in_run(c) {
            if run_start.is_none() {
                run_start = Some(i);
                chars = 0;
                marks = 0;
            }
            chars += 1;
            marks += usize::from(is_mark(bits, c));
        } else if let Some(s) = run_start.take() {
            close(s, i, chars, marks, found);
        }
    }
    if let Some(s) = run_start {
        close(s, text.len(), chars, marks, found);
    }
}

/// Re-encodes `text[start..end]` as GBK and decodes it as UTF-8. A `�` in the run (bytes
/// the GBK decoder could not pair) and a byte lost at the end make the run unrepairable:
/// it is still reported, without a suggestion.
fn round_trip(text: &str, start: usize, end: usize) -> Option<Moji> {
    let run = text.get(start..end)?;
    let mut bytes = Vec::with_capacity(run.len());
    let mut lost = 0usize;
    for (k, piece) in run.split('\u{FFFD}').enumerate() {
        if k > 0 {
            bytes.push(0xFF); // never valid in UTF-8: decodes to one `�`
            lost += 1;
        }
        let (b, _, unmappable) = GBK.encode(piece);
        if unmappable {
            return None;
        }
        bytes.extend_from_slice(&b);
    }
    let decoded = String::from_utf8_lossy(&bytes);
    let bad = decoded.chars().filter(|&c| c == '\u{FFFD}').count();
    // Bad sequences only where the page already had `�` (one lost byte breaks the
    // character it belonged to and its neighbour: at most three `�`), plus one cut-off
    // character at the end; anything else means the run was not UTF-8 to begin with.
    let truncated = decoded.ends_with('\u{FFFD}');
    if bad > 3 * lost + usize::from(truncated) {
        return None;
    }
    let han = decoded.chars().filter(|&c| is_han(c)).count();
    if han < 2 || !decoded.chars().all(|c| c == '\u{FFFD}' || ordinary(c)) {
        return None;
    }
    // A trailing `?` that stands for the lost byte belongs to the run.
    let mut end = end;
    if truncated && text[end..].starts_with('?') {
        end += 1;
    }
    Some(Moji {
        start,
        end,
        fixed: (bad == 0).then(|| decoded.into_owned()),
    })
}

/// GBK text read as Latin-1/Windows-1252 at `i` (`ÖÐÎÄ` for `中文`): the end of the run
/// and the repaired text. At least two characters, every byte pair a GB2312 character.
pub(crate) fn gbk_read_as_latin1(text: &str, i: usize) -> Option<(usize, String)> {
    let rest = text.get(i..)?;
    let mut bytes = Vec::new();
    let mut end = i;
    for (j, c) in rest.char_indices() {
        let u = c as u32;
        if !(0xA1..=0xFE).contains(&u) {
            break;
        }
        bytes.push(u as u8);
        end = i + j + c.len_utf8();
    }
    if bytes.len() % 2 == 1 {
        bytes.pop();
        end = i + text[i..end].char_indices().last()?.0;
    }
    if bytes.len() < 4 {
        return None;
    }
    // Chinese in GBK read as Latin-1 is mostly letters (`ÖÐÎÄ`); a row of `····` or
    // `°±²` is punctuation.
    let letters = bytes
        .iter()
        .filter(|&&b| b >= 0xC0 && b != 0xD7 && b != 0xF7)
        .count();
    if letters * 2 < bytes.len() || bytes.iter().all(|&b| b == bytes[0]) {
        return None;
    }
    // GB2312 only: lead A1–F7 (symbols A1–A9, Han B0–F7), trail A1–FE.
    if !bytes
        .chunks(2)
        .all(|p| (0xB0..=0xF7).contains(&p[0]) && (0xA1..=0xFE).contains(&p[1]))
    {
        return None;
    }
    let (s, bad) = GBK.decode_without_bom_handling(&bytes);
    if bad || !s.chars().all(is_han) {
        return None;
    }
    Some((end, s.into_owned()))
}

/// A run of two or more `?` between Chinese characters at `i` (`真??伪`): its end.
pub(crate) fn lost_chars(text: &str, i: usize, before: Option<char>) -> Option<usize> {
    let n = text.get(i..)?.bytes().take_while(|&b| b == b'?').count();
    let after = text.get(i + n..)?.chars().next();
    (n >= 2 && before.is_some_and(is_han) && after.is_some_and(is_han)).then_some(i + n)
}

/// HTML elements whose tags leak into text.
const TAGS: [&str; 24] = [
    "p", "br", "div", "span", "a", "img", "strong", "b", "font", "td", "tr", "table", "li", "ul",
    "ol", "em", "i", "u", "h1", "h2", "h3", "h4", "center", "hr",
];

/// A tag name at the start of `s` (ASCII, case-insensitive): its length.
fn tag_name(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = s.get(..n)?;
    TAGS.iter()
        .any(|t| t.eq_ignore_ascii_case(name))
        .then_some(n)
}

/// An HTML tag or a fragment of one shown as text at `i` (which holds `<` or `/`): its
/// end. `<p>`, `</p>`, `<br/>`, `<p class="x">`, and the fragments `<br` and `/p>`. A tag
/// quoted or named as such (`<br> 标签`, `“<p>”`) is writing about HTML, not a leak.
pub(crate) fn tag_leak(text: &str, i: usize, before: Option<char>) -> Option<usize> {
    let rest = text.get(i..)?;
    let quoted = |c: Option<char>| {
        c.is_some_and(|c| {
            matches!(
                c,
                '“' | '”' | '"' | '\'' | '`' | '「' | '」' | '‘' | '’' | '（' | '('
            )
        })
    };
    if quoted(before) {
        return None;
    }
    let (body, lt) = match rest.strip_prefix('<') {
        Some(b) => (b, true),
        None => (rest.strip_prefix('/')?, false),
    };
    let slash = lt && body.starts_with('/');
    let name_at = 1 + usize::from(slash);
    let name_len = tag_name(body.get(usize::from(slash)..)?)?;
    let mut j = i + name_at + name_len;
    let after = text.get(j..)?;
    let end = if let Some(a) = after
        .strip_prefix("/>")
        .or_else(|| after.strip_prefix(" />"))
    {
        j = text.len() - a.len();
        j
    } else if after.starts_with('>') {
        j + 1
    } else if lt && after.starts_with(' ') {
        // attributes: `<p class="x">`, within 120 bytes, no other `<`
        let close = after.get(..after.len().min(120))?.find('>')?;
        let attrs = &after[..close];
        if attrs.contains('<') || !attrs.contains('=') {
            return None;
        }
        j + close + 1
    } else if lt && after.chars().next().is_some_and(is_han) && before.is_some_and(is_han) {
        // `<br` cut before its `>`, glued to Chinese text
        j
    } else {
        return None;
    };
    // `/p>` alone must follow text directly (not `a/p>b` in a formula)
    if !lt
        && !before.is_none_or(|c| is_han(c) || matches!(c, '。' | '，' | '；' | '：' | '！' | '？'))
    {
        return None;
    }
    let next = text
        .get(end..)?
        .trim_start_matches(' ')
        .chars()
        .take(2)
        .collect::<String>();
    if quoted(text.get(end..)?.chars().next()) || next == "标签" || next == "元素" {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moji(t: &str) -> Vec<(String, Option<String>)> {
        let mut v = Vec::new();
        utf8_read_as_gbk(t, &mut v);
        v.into_iter()
            .map(|m| (t[m.start..m.end].to_string(), m.fixed))
            .collect()
    }

    #[test]
    fn utf8_as_gbk_repaired() {
        let bad = "鐢ㄦ埛鍚嶆垨瀵嗙爜";
        assert_eq!(
            moji(&format!("提示：{bad} error")),
            vec![] as Vec<(String, Option<String>)>,
            "a run glued to good text does not round-trip"
        );
        assert_eq!(
            moji(&format!("msg: {bad} error")),
            vec![(bad.to_string(), Some("用户名或密码".to_string()))]
        );
        // what a browser shows: user-defined characters (PUA) and `�` included
        let shown = "鐢ㄦ埛鍚嶆垨瀵嗙爜閿欒\u{e1e4}";
        assert_eq!(
            moji(&format!("<p>{shown}</p>")),
            vec![(shown.to_string(), Some("用户名或密码错误".to_string()))]
        );
        let shown = "浼氳\u{e185}閫氱煡锛氳\u{e1ec}鍚勫崟浣嶄簬鏈\u{e100}懆浜斿墠鎶ラ\u{fffd}佹潗鏂欍\u{fffd}\u{fffd}";
        assert_eq!(moji(shown), vec![(shown.to_string(), None)]);
        // ordinary text is left alone
        assert!(moji("锦江饭店瀵嗙爜是一个好地方，办公室保存完好。").is_empty());
        assert!(moji("用户名或密码错误").is_empty());
    }

    #[test]
    fn gbk_as_latin1() {
        assert_eq!(
            gbk_read_as_latin1("ÖÐÎÄ!", 0),
            Some((8, "中文".to_string()))
        );
        assert_eq!(gbk_read_as_latin1("Ãé", 0), None);
        assert_eq!(gbk_read_as_latin1("····", 0), None);
        assert_eq!(gbk_read_as_latin1("Société", 3), None);
    }

    #[test]
    fn lost() {
        let t = "真??伪";
        assert_eq!(lost_chars(t, 3, Some('真')), Some(5));
        assert_eq!(lost_chars("吗??", 3, Some('吗')), None);
        assert_eq!(lost_chars("真?伪", 3, Some('真')), None);
    }

    #[test]
    fn tags() {
        let t = "第一段</p><p>第二段";
        assert_eq!(
            tag_leak(t, "第一段".len(), Some('段')),
            Some("第一段</p>".len())
        );
        let t = "北京<br上海";
        assert_eq!(tag_leak(t, "北京".len(), Some('京')), Some("北京<br".len()));
        let t = "完成。/p>";
        assert_eq!(tag_leak(t, "完成。".len(), Some('。')), Some(t.len()));
        assert_eq!(tag_leak("用 <br> 标签换行", 4, Some(' ')), None);
        assert_eq!(tag_leak("a<b", 1, Some('a')), None);
        assert_eq!(tag_leak("x<5", 1, Some('x')), None);
        assert_eq!(tag_leak("and/or", 3, Some('d')), None);
        assert_eq!(
            tag_leak("文字<p class=\"x\">正文", "文字".len(), Some('字')),
            Some("文字<p class=\"x\">".len())
        );
    }
}
