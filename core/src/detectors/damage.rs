//! Pages damaged by conversion, scraping or injection:
//!
//! | rule | what |
//! |---|---|
//! | `format.pinyin_leak` | ruby annotations left in the text: `成(chéng)都(dōu)` |
//! | `format.mojibake` | UTF-8 read as Latin-1/cp1252 (`Ã©`, `ä¸­æ–‡`), `锟斤拷`, runs of `�` |
//! | `format.html_entity` | entities shown as text (`&nbsp;`, `&#8220;`) or half-decoded (`7×;`) |
//! | `format.repeated_line` | a paragraph or heading repeated right after itself |
//! | `format.repeated_sentence` | a sentence repeated right after itself |
//!
//! One pass over the characters for the first three; one pass over lines and sentences
//! (slice comparisons, no allocation) for the repeats.

use super::charclass::{char_before, is_han, lines, sparse_chars, three_bytes};
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity};

/// Rule ids of this detector.
pub const RULES: [&str; 5] = [
    "format.pinyin_leak",
    "format.mojibake",
    "format.html_entity",
    "format.repeated_line",
    "format.repeated_sentence",
];

/// Page-damage checks.
#[derive(Debug, Default)]
pub struct DamageDetector;

impl DamageDetector {
    /// The detector.
    pub fn new() -> Self {
        DamageDetector
    }
}

/// The findings sink of this detector's five rules.
type Out<'o> = super::charclass::RuleOut<'o, 5>;

impl Detector for DamageDetector {
    fn name(&self) -> &'static str {
        "damage"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Format]
    }

    fn rules(&self) -> Vec<&str> {
        RULES.to_vec()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        let Some(mut o) = Out::new(ctx, &RULES, out) else {
            return;
        };
        if o.on[0] || o.on[1] || o.on[2] {
            scan(text, &mut o);
        }
        if o.on[1] {
            let mut found = Vec::new();
            super::mojibake::utf8_read_as_gbk(text, &mut found);
            for m in found {
                let msg = if m.fixed.is_some() {
                    "乱码：UTF-8 文字被当作 GBK 解码"
                } else {
                    "乱码：UTF-8 文字被当作 GBK 解码（末尾字节已丢失，无法完整还原）"
                };
                o.push(1, Severity::Error, m.start, m.end, msg, m.fixed);
            }
        }
        if o.on[3] || o.on[4] {
            repeats(text, ctx.doc.html_info(), &mut o);
        }
    }
}

fn scan(text: &str, o: &mut Out<'_>) {
    let bytes = text.as_bytes();
    // The last pinyin annotation (start, end, reported), to chain 成(chéng)都(dōu).
    let mut last_pinyin: Option<(usize, usize, bool)> = None;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        // CJK punctuation, kana and ideographs U+3000–U+9FFF (lead bytes E3–E9, most of any
        // Chinese text): only 锟 (E9 94 9F), 烫 (E7 83 AB) and 屯 (E5 B1 AF) matter.
        if (0xE3..=0xE9).contains(&b) {
            let w = three_bytes(bytes, i);
            if o.on[1] && matches!(w, 0xE9_949F | 0xE7_83AB | 0xE5_B1AF) {
                if let Some((end, msg)) = garbage_run(text, i) {
                    o.push(1, Severity::Error, i, end, msg, None);
                    i = end;
                    continue;
                }
            }
            i += 3;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        let end = match c {
            '(' | '（' if o.on[0] && char_before(text, i).is_some_and(is_han) => {
                pinyin_annotation(text, next).inspect(|&end| {
                    let chained = last_pinyin.is_some_and(|(_, e, _)| {
                        // the annotated character sits between the two annotations
                        text.get(e..i).is_some_and(|m| m.chars().count() == 1)
                    });
                    if chained {
                        match last_pinyin {
                            // the first of the chain was held back: report it now
                            Some((s0, e0, false)) => o.push(
                                0,
                                Severity::Warning,
                                s0,
                                e0,
                                PINYIN_MSG,
                                Some(String::new()),
                            ),
                            // …or reported as a lone gloss: it is part of a chain after all
                            Some((s0, _, true)) => {
                                if let Some(f) = o
                                    .out
                                    .iter_mut()
                                    .rev()
                                    .find(|f| f.span.start == s0 && f.rule == RULES[0])
                                {
                                    f.severity = Severity::Warning;
                                }
                            }
                            None => {}
                        }
                    }
                    // A chain (成(chéng)都(dōu)) is leaked ruby text. A lone gloss in
                    // half-width brackets (字(pīn)) is reported as info: rare characters are
                    // glossed on purpose (`佟(tóng)姓`); a lone full-width gloss
                    // (`饕餮（tāo tiè）`) is edited text and not reported.
                    let report = chained || c == '(';
                    if report {
                        o.push(
                            0,
                            if chained {
                                Severity::Warning
                            } else {
                                Severity::Info
                            },
                            i,
                            end,
                            PINYIN_MSG,
                            Some(String::new()),
                        );
                    }
                    last_pinyin = Some((i, end, report));
                })
            }
            '&' if o.on[2] => entity(text, i)
                .map(|(end, sug)| {
                    o.push(
                        2,
                        Severity::Warning,
                        i,
                        end,
                        "HTML 实体未解码，按原样显示在页面上",
                        Some(sug),
                    );
                    end
                })
                .or_else(|| {
                    entity_without_semicolon(text, i).map(|(end, sug)| {
                        o.push(
                            2,
                            Severity::Warning,
                            i,
                            end,
                            "HTML 实体残缺（缺少分号），按原样显示在页面上",
                            Some(sug),
                        );
                        end
                    })
                }),
            '<' | '/' if o.on[1] => super::mojibake::tag_leak(text, i, char_before(text, i))
                .inspect(|&end| {
                    o.push(
                        1,
                        Severity::Warning,
                        i,
                        end,
                        "HTML 标签（或标签残片）显示在正文中",
                        Some(String::new()),
                    );
                }),
            '?' if o.on[1] => {
                super::mojibake::lost_chars(text, i, char_before(text, i)).inspect(|&end| {
                    o.push(
                        1,
                        Severity::Error,
                        i,
                        end,
                        "乱码：字符在编码转换中丢失（?）",
                        None,
                    );
                })
            }
            '×' | '÷' | '±' | '°' | '©' | '®' | '™' | '·' | '—' | '–' | '…' | '«' | '»'
            | '\u{00A0}' | '¥' | '€' | '£' | '§' | '¶' | '•' | '≤' | '≥' | '≠' | '→' | '←'
                if o.on[2] && bytes.get(next) == Some(&b';') =>
            {
                o.push(
                    2,
                    Severity::Warning,
                    i,
                    next + 1,
                    "HTML 实体解码不完整，残留分号",
                    Some(c.to_string()),
                );
                Some(next + 1)
            }
            '\u{FFFD}' if o.on[1] => {
                let run = text[i..]
                    .char_indices()
                    .find(|&(_, d)| d != '\u{FFFD}')
                    .map_or(text.len(), |(j, _)| i + j);
                o.push(1, Severity::Error, i, run, "乱码：字符无法解码（�）", None);
                Some(run)
            }
            '\u{00B0}'..='\u{00F7}' if o.on[1] => latin1_mojibake(text, i)
                .map(|(end, fixed)| {
                    o.push(
                        1,
                        Severity::Error,
                        i,
                        end,
                        "乱码：UTF-8 文字被当作 Latin-1/Windows-1252 解码",
                        Some(fixed),
                    );
                    end
                })
                .or_else(|| {
                    super::mojibake::gbk_read_as_latin1(text, i).map(|(end, fixed)| {
                        o.push(
                            1,
                            Severity::Error,
                            i,
                            end,
                            "乱码：GBK 文字被当作 Latin-1/Windows-1252 解码",
                            Some(fixed),
                        );
                        end
                    })
                }),
            _ => None,
        };
        i = end.unwrap_or(next);
    }
}

/// 锟斤拷… or a run of four or more 烫/屯 at `i`: its end and the message.
fn garbage_run(text: &str, i: usize) -> Option<(usize, &'static str)> {
    let t = text.get(i..)?;
    if t.starts_with("锟斤拷") {
        let mut end = i;
        while text[end..].starts_with("锟斤拷") {
            end += "锟斤拷".len();
        }
        return Some((end, "乱码：锟斤拷（编码转换损坏）"));
    }
    let c = t.chars().next()?;
    if (c == '烫' || c == '屯') && char_before(text, i) != Some(c) {
        let n = t.chars().take_while(|&d| d == c).count();
        if n >= 4 {
            return Some((i + n * c.len_utf8(), "乱码：未初始化内存（烫烫烫/屯屯屯）"));
        }
    }
    None
}

const PINYIN_MSG: &str = "拼音注音混入正文（注音标注残留）";

fn is_tone_vowel(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ü'
            | 'ń'
            | 'ň'
            | 'ǹ'
    )
}

/// A pinyin annotation starting after an opening parenthesis at `start`: letters with at
/// least one tone mark per syllable, closed by `)` or `）` within 24 characters. Returns the
/// end of the closing parenthesis.
fn pinyin_annotation(text: &str, start: usize) -> Option<usize> {
    let mut syllables = 0;
    let mut toned_in_syllable = false;
    let mut letters = 0;
    for (n, (j, c)) in text.get(start..)?.char_indices().enumerate() {
        if n > 24 {
            return None;
        }
        if c.is_ascii_lowercase() || is_tone_vowel(c) || (c.is_ascii_uppercase() && letters == 0) {
            letters += 1;
            toned_in_syllable |= is_tone_vowel(c);
            if letters > 6 {
                return None;
            }
            continue;
        }
        if c == ' ' || c == ')' || c == '）' {
            if letters == 0 || !toned_in_syllable {
                return None;
            }
            syllables += 1;
            letters = 0;
            toned_in_syllable = false;
            if c != ' ' {
                return (syllables <= 4).then_some(start + j + c.len_utf8());
            }
            continue;
        }
        return None;
    }
    None
}

const ENTITIES: [(&str, &str); 44] = [
    ("nbsp", " "),
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("times", "×"),
    ("divide", "÷"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("hellip", "…"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("middot", "·"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("yen", "¥"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("thinsp", "\u{2009}"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("bull", "•"),
    ("sect", "§"),
    ("para", "¶"),
    ("cent", "¢"),
    ("pound", "£"),
    ("euro", "€"),
    ("zwj", "\u{200D}"),
    ("zwnj", "\u{200C}"),
    ("shy", "\u{00AD}"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("rarr", "→"),
    ("larr", "←"),
    ("permil", "‰"),
    ("micro", "µ"),
    ("frac12", "½"),
];

/// An HTML entity at `i` (`&name;`, `&#123;`, `&#x4e2d;`, double-escaped `&amp;nbsp;`):
/// its end and its decoded text.
fn entity(text: &str, i: usize) -> Option<(usize, String)> {
    let (end, decoded) = entity_body(text, i + 1)?;
    if decoded == "&" {
        // &amp;nbsp; : escaped twice; the whole thing stands for the inner entity.
        if let Some(inner) = entity_body(text, end) {
            return Some(inner);
        }
    }
    Some((end, decoded))
}

/// An entity body (`nbsp;`, `#123;`, `#x4e2d;`) at `at`: its end and its decoded text.
fn entity_body(text: &str, at: usize) -> Option<(usize, String)> {
    let body = text.get(at..)?;
    let semi = body.bytes().take(12).position(|b| b == b';')?;
    let name = &body[..semi];
    let end = at + semi + 1;
    if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            num.parse().ok()?
        };
        let c = char::from_u32(v).filter(|&c| c != '\0')?;
        return Some((end, c.to_string()));
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| (end, (*d).to_string()))
}

/// An entity whose `;` was lost (`&nbsp`, `&ldquo`) at `i`: its end and its decoded
/// text. Only names of four or more letters, not followed by a letter or digit.
fn entity_without_semicolon(text: &str, i: usize) -> Option<(usize, String)> {
    let body = text.get(i + 1..)?;
    let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if n < 4 || body.as_bytes().get(n) == Some(&b';') {
        return None;
    }
    let name = &body[..n];
    ENTITIES
        .iter()
        .find(|(e, _)| *e == name)
        .map(|(_, d)| (i + 1 + n, (*d).to_string()))
}

/// The byte a Latin-1/cp1252 character stands for when UTF-8 was decoded as cp1252.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// A run of UTF-8 sequences mis-decoded as cp1252 starting at `i`: its end and the repaired
/// text. Every sequence must re-encode to valid UTF-8 of a non-ASCII character.
fn latin1_mojibake(text: &str, i: usize) -> Option<(usize, String)> {
    let mut fixed = String::new();
    let mut pos = i;
    loop {
        let mut it = text.get(pos..)?.char_indices();
        let Some((_, lead)) = it.next() else { break };
        let Some(b0) = cp1252_byte(lead) else { break };
        let n = match b0 {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => break,
        };
        // `è` followed by no-break spaces is text, not a broken sequence: a multi-byte
        // sequence needs at least one continuation that is not a space or soft hyphen.
        let mut real_cont = n == 2;
        let mut buf = [b0, 0, 0, 0];
        let mut end = pos + lead.len_utf8();
        let mut ok = true;
        for slot in buf.iter_mut().take(n).skip(1) {
            match it
                .next()
                .and_then(|(j, c)| cp1252_byte(c).map(|b| (j, c, b)))
            {
                Some((j, c, b)) if (0x80..=0xBF).contains(&b) => {
                    real_cont |= !matches!(b, 0xA0 | 0xAD);
                    *slot = b;
                    end = pos + j + c.len_utf8();
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok || !real_cont {
            break;
        }
        match std::str::from_utf8(&buf[..n]) {
            Ok(s) => fixed.push_str(s),
            Err(_) => break,
        }
        pos = end;
    }
    (pos > i).then_some((pos, fixed))
}

/// Copies of a line (not adjacent) that make it reported…
const FAR_REPEAT_COPIES: usize = 3;
/// …when the third copy is at most this many lines after the first.
const FAR_REPEAT_LINES: usize = 300;
/// Han characters a line needs to count as repeated when the copies are not adjacent.
const FAR_REPEAT_MIN_HAN: usize = 8;
/// …and when it has no sentence mark (a heading, not a label or a table cell).
const FAR_REPEAT_HEADING_HAN: usize = 12;

/// A line that may be reported when repeated anywhere in the document: a paragraph (it has
/// a sentence mark) of at least [`FAR_REPEAT_MIN_HAN`] Han characters, or a heading of at
/// least [`FAR_REPEAT_HEADING_HAN`]. Table rows (tabs, `|`, runs of spaces) and list items
/// repeat by design and are left out.
fn far_repeat_candidate(line: &str) -> bool {
    if line.contains(['\t', '|']) || line.contains("  ") || line.contains("\u{3000}\u{3000}") {
        return false;
    }
    if line.starts_with([
        '•', '·', '-', '*', '●', '○', '■', '□', '◆', '◇', '▪', '√', '>', '※',
    ]) {
        return false;
    }
    let han = line.chars().filter(|&c| is_han(c)).count();
    let sentence = line.contains(['。', '，', '；', '！', '？']);
    han >= FAR_REPEAT_HEADING_HAN || (sentence && han >= FAR_REPEAT_MIN_HAN)
}

/// Repeated paragraphs (headings) and repeated sentences. A line repeated right after
/// itself is reported at each copy; a line found [`FAR_REPEAT_COPIES`] times within
/// [`FAR_REPEAT_LINES`] lines is reported once, at its second copy, with the number of
/// copies.
fn repeats(text: &str, html: Option<&crate::html::HtmlInfo>, o: &mut Out<'_>) {
    let mut last_line: Option<&str> = None;
    // line text -> (line index of the first copy, copies, span of the second copy, line
    // index of the third copy)
    type Seen = (usize, usize, Option<(usize, usize)>, usize);
    let mut seen: std::collections::HashMap<&str, Seen> = std::collections::HashMap::new();
    for (n, (base, line)) in lines(text).enumerate() {
        let trimmed = line.trim_matches([' ', '\u{3000}', '\t']);
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start_matches([' ', '\u{3000}', '\t']).len();
        let span = (base + lead, base + lead + trimmed.len());
        let adjacent = last_line == Some(trimmed);
        if o.on[3] && adjacent && trimmed.chars().filter(|&c| is_han(c)).count() >= 4 {
            o.push(
                3,
                Severity::Warning,
                span.0,
                span.1,
                "段落或标题重复",
                Some(String::new()),
            );
        }
        // page chrome (navigation, footers) repeats by design
        if o.on[3] && far_repeat_candidate(trimmed) && !html.is_some_and(|h| h.in_chrome(span.0)) {
            let e = seen.entry(trimmed).or_insert((n, 0, None, usize::MAX));
            e.1 += 1;
            if e.1 == 2 && !adjacent {
                e.2 = Some(span);
            }
            if e.1 == 3 {
                e.3 = n;
            }
        }
        last_line = Some(trimmed);
        if o.on[4] {
            sentences(line, base, o);
        }
    }
    // Three copies within FAR_REPEAT_LINES lines: a heading or block repeated down a page.
    // Two copies far apart are a refrain, a table header or a credit line as often as not.
    let mut far: Vec<(usize, usize, usize, usize)> = seen
        .into_values()
        .filter(|&(first, copies, _, third)| {
            copies >= FAR_REPEAT_COPIES && third.saturating_sub(first) <= FAR_REPEAT_LINES
        })
        .filter_map(|(first, copies, second, _)| second.map(|(s, e)| (s, e, first + 1, copies)))
        .collect();
    far.sort_unstable();
    for (s, e, first, copies) in far {
        o.push(
            3,
            Severity::Warning,
            s,
            e,
            &format!("段落或标题重复：与第 {first} 行相同（全文共 {copies} 处）"),
            Some(String::new()),
        );
    }
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；')
}

fn sentences(line: &str, base: usize, o: &mut Out<'_>) {
    let mut prev: Option<(usize, usize)> = None;
    let mut start = 0usize;
    let mut chars = sparse_chars(line).peekable();
    while let Some((i, c)) = chars.next() {
        if !is_sentence_end(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        // closing quotes and brackets belong to the sentence
        while let Some(&(j, d)) = chars.peek() {
            if j == end && (matches!(d, '”' | '’' | '）' | ')' | '」' | '』') || is_sentence_end(d))
            {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let s = line[start..end].trim_start_matches([' ', '\u{3000}']);
        let s_start = end - s.len();
        if let Some((ps, pe)) = prev {
            // The same sentence again, or the last clause of the previous one again
            // (`…，请认真落实。请认真落实。`).
            let prev_s = &line[ps..pe];
            let repeated = prev_s.len() >= s.len()
                && prev_s.ends_with(s)
                && (prev_s.len() == s.len()
                    || matches!(
                        char_before(prev_s, prev_s.len() - s.len()),
                        Some('，' | '；' | '：' | ',' | ';' | '、')
                    ));
            if repeated && s.chars().filter(|&c| is_han(c)).count() >= 6 {
                o.push(
                    4,
                    Severity::Warning,
                    base + s_start,
                    base + end,
                    "句子重复",
                    Some(String::new()),
                );
            }
        }
        prev = Some((s_start, end));
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_repair() {
        let t = "Ã©tÃ©";
        assert_eq!(latin1_mojibake(t, 0), Some((4, "é".to_string())));
        let t = "ä¸\u{AD}æ–‡!";
        assert_eq!(
            latin1_mojibake(t, 0),
            Some((t.len() - 1, "中文".to_string()))
        );
        assert_eq!(latin1_mojibake("é!", 0), None);
        assert_eq!(latin1_mojibake("è\u{a0}\u{a0}", 0), None);
        assert_eq!(
            latin1_mojibake("Â\u{a0}", 0).map(|x| x.1),
            Some("\u{a0}".to_string())
        );
    }

    #[test]
    fn entities() {
        assert_eq!(entity("&nbsp;x", 0), Some((6, " ".to_string())));
        assert_eq!(entity("&#x4e2d;", 0), Some((8, "中".to_string())));
        assert_eq!(entity("&#20013;", 0), Some((8, "中".to_string())));
        assert_eq!(entity("&amp;lt;", 0), Some((8, "<".to_string())));
        assert_eq!(entity("&amp;x", 0), Some((5, "&".to_string())));
        assert_eq!(entity("&b=2", 0), None);
        assert_eq!(entity("&#0;", 0), None);
        assert_eq!(entity("&#xD800;", 0), None);
        assert_eq!(entity("&bogus;", 0), None);
    }

    #[test]
    fn pinyin() {
        let t = "(chéng)都";
        assert_eq!(pinyin_annotation(t, 1), Some("(chéng)".len()));
        let t = "（tāo tiè）";
        assert_eq!(pinyin_annotation(t, "（".len()), Some(t.len()));
        assert_eq!(pinyin_annotation("(cheng)", 1), None);
        assert_eq!(pinyin_annotation("(Taotie)", 1), None);
        assert_eq!(pinyin_annotation("(chéng", 1), None);
    }

    #[test]
    fn garbage() {
        assert_eq!(garbage_run("锟斤拷锟斤拷x", 0).map(|x| x.0), Some(18));
        assert_eq!(garbage_run("烫烫烫烫", 0).map(|x| x.0), Some(12));
        assert_eq!(garbage_run("烫烫烫", 0), None);
    }
}
