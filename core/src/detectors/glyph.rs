//! Look-alike characters (rule `typo.glyph`): a character that only looks like the one meant.
//!
//! - Kangxi radicals and CJK radical supplement forms (⼯ U+2F2F for 工, ⻓ for 长), which text
//!   copied out of PDF files carries: reported when they stand next to a Han character.
//! - Japanese character forms (増加 → 增加, 毎年 → 每年, 動揺 → 动摇).
//! - Rare characters typed or recognised for a common one (笫一 → 第一, 亳无 → 毫无).
//!
//! Data: `dictionaries/glyphs.tsv` (built by `dictionaries/tools/build_glyphs.py`).
//!
//! Japanese forms and rare look-alikes are real characters somewhere (床笫, 亳州, Japanese
//! quotations), so they are reported only where the intended character makes a word of the
//! segmenter's list with its neighbours and the written one makes none, and never in a line
//! that holds kana. A Japanese form that makes no word is worth a look (`info`); a rare
//! look-alike that makes none is left alone. Without the `segment` feature only radicals
//! are reported.

use super::charclass::is_han;
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity, Span};
use std::sync::OnceLock;

/// Rule id.
pub const RULE: &str = "typo.glyph";

const GLYPHS: &str = include_str!("../../../dictionaries/glyphs.tsv");

/// Confidence of a radical next to Han text, and of a form whose intended character makes
/// the word (measured on clean and erroneous text, see README).
const SURE: f32 = 0.95;
/// Confidence of a Japanese form that makes no word either way.
const LONE_JAPANESE: f32 = 0.5;
/// Longest word looked for around a character.
const MAX_WORD: usize = 4;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Radical,
    Japanese,
    Lookalike,
}

struct Table {
    /// (written, intended, kind), sorted by written.
    rows: Vec<(char, char, Kind)>,
    /// Written characters of the Basic Multilingual Plane, one bit each.
    bits: Vec<u64>,
}

impl Table {
    fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut rows = Vec::new();
            for line in GLYPHS.lines().filter(|l| !l.starts_with('#')) {
                let mut cols = line.split('\t');
                let (Some(w), Some(i), Some(k)) = (cols.next(), cols.next(), cols.next()) else {
                    continue;
                };
                let (mut wc, mut ic) = (w.chars(), i.chars());
                let (Some(w), None, Some(i), None) = (wc.next(), wc.next(), ic.next(), ic.next())
                else {
                    continue;
                };
                let kind = match k {
                    "radical" => Kind::Radical,
                    "japanese" => Kind::Japanese,
                    "lookalike" => Kind::Lookalike,
                    _ => continue,
                };
                rows.push((w, i, kind));
            }
            rows.sort_by_key(|r| r.0);
            rows.dedup_by_key(|r| r.0);
            let mut bits = vec![0u64; 0x10000 / 64];
            for &(w, _, _) in &rows {
                let u = w as usize;
                if let Some(b) = bits.get_mut(u >> 6) {
                    *b |= 1 << (u & 63);
                }
            }
            Table { rows, bits }
        })
    }

    #[inline]
    fn lookup(&self, c: char) -> Option<(char, Kind)> {
        let u = c as usize;
        let hit = self
            .bits
            .get(u >> 6)
            .is_some_and(|b| b & (1 << (u & 63)) != 0);
        if !hit {
            return None;
        }
        self.rows
            .binary_search_by_key(&c, |r| r.0)
            .ok()
            .and_then(|k| self.rows.get(k))
            .map(|&(_, i, k)| (i, k))
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}')
}

fn is_radical(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{2EFF}' | '\u{2F00}'..='\u{2FDF}')
}

/// The word around char `i` of `chars` that the intended character `to` makes: the longest
/// window (2..=MAX_WORD Han characters) holding `i` that is a word with `to` and is no word
/// as written, provided no window holding `i` is a word as written. `None` when there is
/// none or the segmenter is not built in.
fn word_made(chars: &[char], i: usize, to: char) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut written = String::with_capacity(16);
    let mut meant = String::with_capacity(16);
    for len in 2..=MAX_WORD.min(chars.len()) {
        let lo = i.saturating_sub(len - 1);
        let hi = i.min(chars.len() - len);
        for s in lo..=hi {
            let w = chars.get(s..s + len)?;
            if !w.iter().all(|&c| is_han(c)) {
                continue;
            }
            written.clear();
            written.extend(w);
            if crate::segment::is_word(&written)? {
                return None;
            }
            meant.clear();
            meant.extend(
                w.iter()
                    .enumerate()
                    .map(|(k, &c)| if s + k == i { to } else { c }),
            );
            if crate::segment::is_word(&meant)? {
                best = Some((s, s + len));
            }
        }
    }
    best
}

/// The look-alike character detector.
#[derive(Debug, Default, Clone, Copy)]
pub struct GlyphDetector;

impl Detector for GlyphDetector {
    fn name(&self) -> &'static str {
        "glyph"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Typo]
    }

    fn rules(&self) -> Vec<&str> {
        vec![RULE]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Typo) || !ctx.config.rule_enabled(RULE) {
            return;
        }
        let text = ctx.doc.text();
        let table = Table::get();
        // Lines are read only when they hold a listed character (most hold none).
        let mut base = 0usize;
        for line in text.split_inclusive('\n') {
            let line_base = base;
            base += line.len();
            if !line.chars().any(|c| table.lookup(c).is_some()) {
                continue;
            }
            let kana = line.chars().any(is_kana);
            let chars: Vec<char> = line.chars().collect();
            let offsets: Vec<usize> = line
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(line.len()))
                .collect();
            let han_or_radical =
                |k: usize| chars.get(k).is_some_and(|&c| is_han(c) || is_radical(c));
            for (i, &c) in chars.iter().enumerate() {
                let Some((to, kind)) = table.lookup(c) else {
                    continue;
                };
                let span_of = |a: usize, b: usize| {
                    let (Some(&s), Some(&e)) = (offsets.get(a), offsets.get(b)) else {
                        return None;
                    };
                    Some(Span::new(line_base + s, line_base + e))
                };
                let (span, suggestion, confidence, message) = match kind {
                    Kind::Radical => {
                        let prev = i > 0 && han_or_radical(i - 1);
                        if !prev && !han_or_radical(i + 1) {
                            continue;
                        }
                        let Some(span) = span_of(i, i + 1) else {
                            continue;
                        };
                        (
                            span,
                            to.to_string(),
                            SURE,
                            format!(
                                "部首字符“{c}”（U+{:04X}，常见于从 PDF 复制的文字）混入正文，应为汉字“{to}”",
                                c as u32
                            ),
                        )
                    }
                    Kind::Japanese | Kind::Lookalike => {
                        if kana {
                            continue;
                        }
                        let what = if kind == Kind::Japanese {
                            "日文字形"
                        } else {
                            "形近的生僻字"
                        };
                        match word_made(&chars, i, to) {
                            Some((a, b)) => {
                                let Some(span) = span_of(a, b) else { continue };
                                let word: String = (a..b)
                                    .filter_map(|k| {
                                        chars.get(k).map(|&x| if k == i { to } else { x })
                                    })
                                    .collect();
                                (
                                    span,
                                    word.clone(),
                                    SURE,
                                    format!("“{c}”是{what}，此处应为“{to}”（{word}）"),
                                )
                            }
                            None if kind == Kind::Japanese => {
                                let Some(span) = span_of(i, i + 1) else {
                                    continue;
                                };
                                (
                                    span,
                                    to.to_string(),
                                    LONE_JAPANESE,
                                    format!(
                                        "“{c}”是日文字形，规范汉字为“{to}”（日文引文、人名除外）"
                                    ),
                                )
                            }
                            None => continue,
                        }
                    }
                };
                out.push(
                    Finding::new(
                        RULE,
                        Category::Typo,
                        Severity::from_confidence(confidence),
                        span,
                        message,
                    )
                    .with_suggestions(vec![suggestion])
                    .with_confidence(confidence),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Checker;

    fn glyphs(text: &str) -> Vec<(String, String, String)> {
        let c = match Checker::builder().builtin_dictionaries(false).build() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        c.check(text)
            .into_iter()
            .filter(|f| f.rule == super::RULE)
            .map(|f| {
                let t = text.get(f.span.range()).unwrap_or("").to_string();
                let s = f.suggestions.first().cloned().unwrap_or_default();
                (t, s, f.severity.to_string())
            })
            .collect()
    }

    #[test]
    fn radicals_next_to_han_text() {
        let f = glyphs("今年⼀月份，我们在⽇常⼯作中。");
        let texts: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(texts, ["⼀", "⽇", "⼯"]);
        assert_eq!(f[2].1, "工");
        // a radical on its own (a dictionary's radical index) is left alone
        assert!(glyphs("部首 ⼝ 的字").is_empty());
    }

    #[cfg(feature = "segment")]
    #[test]
    fn japanese_forms_and_lookalikes_where_the_word_is_made() {
        let f = glyphs("甚至为了増加可信度，毎年都有异常，笫一时间处理，雨来得亳无征兆。");
        let pairs: Vec<(&str, &str)> = f.iter().map(|x| (x.0.as_str(), x.1.as_str())).collect();
        assert!(pairs.contains(&("増加", "增加")), "{pairs:?}");
        assert!(pairs.contains(&("毎年", "每年")), "{pairs:?}");
        assert!(pairs.contains(&("笫一", "第一")), "{pairs:?}");
        assert!(pairs.contains(&("亳无", "毫无")), "{pairs:?}");
        assert!(f.iter().all(|x| x.2 == "error"));
    }

    #[cfg(feature = "segment")]
    #[test]
    fn real_uses_of_rare_characters_stay() {
        // 亳州 is a city, 床笫 a word, and Japanese text keeps its own forms
        assert!(glyphs("安徽亳州的药材市场。床笫之间。").is_empty());
        assert!(glyphs("「経済が増える」と彼は言った。").is_empty());
    }
}
