//! Script misuse: traditional or variant characters in a simplified page, simplified
//! characters in a traditional (zh-Hant, zh-TW, zh-HK) page.
//!
//! The decision is made at word level by OpenCC's own conversion (phrase tables first, then
//! characters; see [`crate::convert`]): the page is converted to its target script and
//! compared character by character with the original (the conversions used here never
//! change a word's length). A changed character is *wrong* when it cannot be correct in the
//! target script:
//! - simplified target: the character is not in the 通用规范汉字表 (8,105 characters; the
//!   ones that matter are vendored in `dictionaries/script/tongyong_t2s_keys.txt`). So
//!   乾隆, 乾坤 (kept by OpenCC's phrase table), the surname 于/於, 皇后, 著名, 夥 are never
//!   reported, while 發現 → 发现 and variants such as 峯 → 峰, 綫 → 线 are;
//! - traditional targets: the character is simplified-only (none of its OpenCC traditional
//!   forms is the character itself: 发 → 發/髮, but not 后 → 後/后).
//!
//! Each run of adjacent changed characters that holds a wrong one is one finding, with the
//! converted run (in the region's forms for zh-TW and zh-HK) as the suggestion. When most
//! distinguishing characters of a page are in the other script, one document-level finding
//! (`script.page`) says so.

use super::{CheckContext, Detector};
use crate::config::Script;
use crate::convert::{convert, s2t_chars, t2s_chars, Target};
use crate::finding::{Category, Finding, Severity, Span};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The vendored part of the 通用规范汉字表 (see the file's header).
const TONGYONG: &str = include_str!("../../../dictionaries/script/tongyong_t2s_keys.txt");

/// A page is "in the other script" when it has at least this many wrong characters…
const PAGE_MIN_WRONG: usize = 5;
/// …and they are at least this share of the characters that tell the scripts apart.
const PAGE_MIN_SHARE: f64 = 0.75;

/// A set of characters with an O(1) bitmap for the Basic Multilingual Plane (the hot path
/// tests every character of the page) and a hash set for the rest.
struct CharSet {
    bmp: Vec<u64>,
    astral: HashSet<char>,
}

impl CharSet {
    fn from_iter(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = CharSet {
            bmp: vec![0; 1024],
            astral: HashSet::new(),
        };
        for c in chars {
            let u = c as usize;
            if u < 0x10000 {
                set.bmp[u >> 6] |= 1 << (u & 63);
            } else {
                set.astral.insert(c);
            }
        }
        set
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x10000 {
            self.bmp[u >> 6] & (1 << (u & 63)) != 0
        } else {
            self.astral.contains(&c)
        }
    }
}

fn tongyong() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        TONGYONG
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.trim().chars().next())
            .collect()
    })
}

/// Characters whose simplified → traditional conversion never keeps them (发, 门, 们).
fn simplified_only(c: char) -> bool {
    simplified_only_set().contains(c)
}

fn simplified_only_set() -> &'static CharSet {
    static SET: OnceLock<CharSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = Vec::new();
        for line in include_str!("../../../dictionaries/script/opencc/STCharacters.txt").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(k), Some(v)) = (cols.next(), cols.next()) else {
                continue;
            };
            let mut kc = k.chars();
            let (Some(c), None) = (kc.next(), kc.next()) else {
                continue;
            };
            if !v.split(' ').any(|cand| cand == k) {
                set.push(c);
            }
        }
        CharSet::from_iter(set)
    })
}

/// Characters that can be wrong in a simplified page: they occur in a key of OpenCC's t2s
/// dictionaries (so t2s may change them) and are not in the 通用规范汉字表.
fn suspect_in_simplified(c: char) -> bool {
    static SET: OnceLock<CharSet> = OnceLock::new();
    SET.get_or_init(|| {
        let phrases = include_str!("../../../dictionaries/script/opencc/TSPhrases.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .flat_map(str::chars);
        CharSet::from_iter(
            t2s_chars()
                .keys()
                .copied()
                .chain(phrases)
                .filter(|c| !tongyong().contains(c)),
        )
    })
    .contains(c)
}

/// Traditional characters that are not in the 通用规范汉字表 (used to count how much of a
/// page is traditional when the target is traditional).
fn traditional_only(c: char) -> bool {
    static SET: OnceLock<CharSet> = OnceLock::new();
    SET.get_or_init(|| {
        CharSet::from_iter(
            t2s_chars()
                .keys()
                .copied()
                .filter(|c| !tongyong().contains(c)),
        )
    })
    .contains(c)
}

/// Variant (异体) rather than traditional: Taiwan's standard also replaces it (峯 → 峰), or
/// no simplified character has it as its traditional form (綫).
fn is_variant(c: char) -> bool {
    static TRADITIONAL_FORMS: OnceLock<HashSet<char>> = OnceLock::new();
    static TW_VARIANT_KEYS: OnceLock<HashSet<char>> = OnceLock::new();
    let forms = TRADITIONAL_FORMS.get_or_init(|| {
        s2t_chars()
            .values()
            .filter_map(|v| v.chars().next())
            .collect()
    });
    let tw = TW_VARIANT_KEYS.get_or_init(|| {
        include_str!("../../../dictionaries/script/opencc/TWVariants.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next()?.chars().next())
            .collect()
    });
    tw.contains(&c) || !forms.contains(&c)
}

/// Detector for category `script`.
#[derive(Debug, Default)]
pub struct ScriptDetector;

impl ScriptDetector {
    /// A detector (its tables are loaded on first use and shared).
    pub fn new() -> Self {
        ScriptDetector
    }
}

/// One changed character of the page.
struct Changed {
    start: usize,
    end: usize,
    to: char,
    wrong: bool,
}

impl Detector for ScriptDetector {
    fn name(&self) -> &'static str {
        "script"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Script]
    }

    fn rules(&self) -> Vec<&str> {
        vec![
            "script.traditional",
            "script.variant",
            "script.simplified",
            "script.page",
        ]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Script) {
            return;
        }
        let text = ctx.doc.text();
        if !text.chars().any(is_han) {
            return;
        }
        let script = ctx.config.script;
        let target = match script {
            Script::ZhHans => Target::T2S,
            Script::ZhHant => Target::S2T,
            Script::ZhTw => Target::S2TW,
            Script::ZhHk => Target::S2HK,
        };
        let simplified_target = script == Script::ZhHans;
        // Fast path (exact): no character that could be wrong, nothing to report.
        let suspect = if simplified_target {
            suspect_in_simplified
        } else {
            simplified_only
        };
        // Convert only the lines that hold a suspect character: OpenCC's matches never
        // cross a line break, so this is exact, and clean lines cost one table lookup per
        // character.
        let mut changed = Vec::new();
        let mut wrong_total = 0usize;
        let mut base = 0usize;
        for line in text.split_inclusive('\n') {
            let line_base = base;
            base += line.len();
            if !line.chars().any(suspect) {
                continue;
            }
            let converted = convert(line, target);
            if converted.chars().count() != line.chars().count() {
                // Never expected (these conversions keep lengths); refuse to guess an alignment.
                continue;
            }
            for ((i, c), to) in line.char_indices().zip(converted.chars()) {
                if c == to {
                    continue;
                }
                let wrong = if simplified_target {
                    !tongyong().contains(&c)
                } else {
                    simplified_only(c)
                };
                wrong_total += usize::from(wrong);
                changed.push(Changed {
                    start: line_base + i,
                    end: line_base + i + c.len_utf8(),
                    to,
                    wrong,
                });
            }
        }
        // Characters that tell the scripts apart and are right for the target (counted only
        // when the page summary is possible).
        let other_total = if wrong_total >= PAGE_MIN_WRONG {
            text.chars()
                .filter(|&c| {
                    if simplified_target {
                        simplified_only(c)
                    } else {
                        traditional_only(c)
                    }
                })
                .count()
        } else {
            0
        };
        // Runs of adjacent changed characters holding at least one wrong one.
        let mut k = 0;
        while k < changed.len() {
            let mut j = k + 1;
            while j < changed.len() && changed[j].start == changed[j - 1].end {
                j += 1;
            }
            let run = &changed[k..j];
            if run.iter().any(|c| c.wrong) {
                let suggestion: String = run.iter().map(|c| c.to).collect();
                let (start, end) = (run[0].start, run[run.len() - 1].end);
                let src = &text[start..end];
                let (rule, severity, message) = if !simplified_target {
                    (
                        "script.simplified",
                        Severity::Warning,
                        format!("简体字：{} 页面应写作「{suggestion}」", script.as_str()),
                    )
                } else if src.chars().zip(run).all(|(c, r)| !r.wrong || is_variant(c)) {
                    // A lone variant may be a name written with its own character (三塚,
                    // 朱文榘): worth a look, not a warning.
                    let severity = if run.len() == 1 {
                        Severity::Info
                    } else {
                        Severity::Warning
                    };
                    (
                        "script.variant",
                        severity,
                        format!("异体字：规范字形为「{suggestion}」（人名、地名用字除外）"),
                    )
                } else {
                    (
                        "script.traditional",
                        Severity::Warning,
                        format!("繁体字：简体页面应写作「{suggestion}」"),
                    )
                };
                out.push(
                    Finding::new(
                        rule,
                        Category::Script,
                        severity,
                        Span::new(start, end),
                        message,
                    )
                    .with_suggestions(vec![suggestion]),
                );
            }
            k = j;
        }
        let share = wrong_total as f64 / (wrong_total + other_total).max(1) as f64;
        if wrong_total >= PAGE_MIN_WRONG && share >= PAGE_MIN_SHARE {
            let message = if simplified_target {
                format!(
                    "本页主要使用繁体字（{wrong_total} 个繁体或异体字），目标为简体中文：请整页转换为简体"
                )
            } else {
                format!(
                    "本页主要使用简体字（{wrong_total} 个简体字），目标为 {}：请整页转换为繁体",
                    script.as_str()
                )
            };
            let mut f = Finding::new(
                "script.page",
                Category::Script,
                Severity::Warning,
                Span::new(0, text.len()),
                message,
            );
            f = f.with_suggestions(Vec::new());
            out.push(f);
        }
    }
}

/// CJK unified ideographs (all blocks) and compatibility ideographs.
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::{Checker, Config};

    fn check(text: &str, script: Script) -> Vec<Finding> {
        let config = Config {
            categories: Some(vec![Category::Script]),
            script,
            ..Config::default()
        };
        Checker::from_config(config)
            .map(|c| c.check(text))
            .unwrap_or_default()
    }

    fn texts(fs: &[Finding]) -> Vec<(&str, &str, &str)> {
        fs.iter()
            .map(|f| {
                (
                    f.rule.as_str(),
                    f.text.as_str(),
                    f.suggestions.first().map(String::as_str).unwrap_or(""),
                )
            })
            .collect()
    }

    #[test]
    fn traditional_words_in_simplified_page() {
        let fs = check("我们发現了問題。", Script::ZhHans);
        assert_eq!(
            texts(&fs),
            vec![
                ("script.traditional", "現", "现"),
                ("script.traditional", "問題", "问题")
            ]
        );
    }

    #[test]
    fn variants_in_simplified_page() {
        let fs = check("登上山峯，拉起电綫。", Script::ZhHans);
        assert_eq!(
            texts(&fs),
            vec![
                ("script.variant", "峯", "峰"),
                ("script.variant", "綫", "线")
            ]
        );
        assert!(fs.iter().all(|f| f.severity == Severity::Info));
        // next to traditional characters a variant is part of a traditional run
        let fs = check("山峯綫路", Script::ZhHans);
        assert_eq!(texts(&fs), vec![("script.variant", "峯綫", "峰线")]);
        assert_eq!(fs[0].severity, Severity::Warning);
        let fs = check("電綫", Script::ZhHans);
        assert_eq!(texts(&fs), vec![("script.traditional", "電綫", "电线")]);
    }

    #[test]
    fn correct_simplified_is_never_flagged() {
        for text in [
            "乾隆皇帝登基，扭转乾坤。",
            "于谦是明代名臣，于是他说。",
            "皇后来了以后。",
            "著名作家鲁迅。",
            "他与同伙合伙开店，姓夥的人不多。",
            "瞭望塔上的慰藉。",
            "宫商角徵羽。",
        ] {
            let fs = check(text, Script::ZhHans);
            assert!(fs.is_empty(), "{text}: {:?}", texts(&fs));
        }
    }

    #[test]
    fn traditional_page_gets_summary() {
        let fs = check("這是一個測試頁面，我們發現了問題。", Script::ZhHans);
        assert!(fs.iter().any(|f| f.rule == "script.page"));
        assert!(fs.iter().any(|f| f.text == "們發現"));
        // a page with one stray traditional character is not "mostly traditional"
        let fs = check("这是一个测试页面，我们发現了问题。", Script::ZhHans);
        assert!(!fs.iter().any(|f| f.rule == "script.page"));
    }

    #[test]
    fn simplified_in_traditional_pages() {
        let fs = check("我們發现了問题。", Script::ZhHant);
        assert_eq!(
            texts(&fs),
            vec![
                ("script.simplified", "现", "現"),
                ("script.simplified", "题", "題")
            ]
        );
        // 后 and 于 are also traditional characters: not flagged alone
        assert!(check("皇后姓于。", Script::ZhTw).is_empty());
        let fs = check("这是简体字写的页面，我们发现了问题。", Script::ZhHk);
        assert!(fs.iter().any(|f| f.rule == "script.page"));
        // Taiwan forms in the suggestion
        let fs = check("他們的裡面有个问题。", Script::ZhTw);
        assert_eq!(texts(&fs), vec![("script.simplified", "个问题", "個問題")]);
    }

    #[test]
    fn fast_path_agrees_with_full_comparison() {
        // every character the t2s tables change and the 通用规范汉字表 lacks is a suspect
        for (&c, to) in t2s_chars() {
            if !to.starts_with(c) && !tongyong().contains(&c) {
                assert!(suspect_in_simplified(c), "{c}");
            }
        }
        assert!(!suspect_in_simplified('发'));
        assert!(suspect_in_simplified('發'));
    }

    #[test]
    fn no_han_no_findings() {
        assert!(check("hello world 123", Script::ZhHans).is_empty());
        assert!(check("", Script::ZhHant).is_empty());
    }
}
