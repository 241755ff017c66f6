//! Core findings (UTF-8 byte spans) → JS findings (UTF-16 code-unit offsets).

use serde::Serialize;
use zhproof::Finding;

/// A finding as JavaScript sees it: `text.slice(start, end) === finding.text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsFinding {
    /// Stable rule id, e.g. `typo.word`.
    pub rule: String,
    /// Category name (`typo`, `privacy`, …).
    pub category: &'static str,
    /// `info`, `warning` or `error`.
    pub severity: &'static str,
    /// First UTF-16 code unit of the finding.
    pub start: usize,
    /// One past the last UTF-16 code unit.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (in code points) of `start`.
    pub column: usize,
    /// The source text covered.
    pub text: String,
    /// Replacements, best first.
    pub suggestions: Vec<String>,
    /// Short explanation in Chinese.
    pub message: String,
}

/// Converts the findings of `text` with one pass over `text` for all of them
/// ([`zhproof::positions`]).
pub fn to_js(text: &str, findings: Vec<Finding>) -> Vec<JsFinding> {
    let pos = zhproof::positions::span_positions(text, &findings);
    findings
        .into_iter()
        .zip(pos)
        .map(|(f, (s, e))| JsFinding {
            rule: f.rule,
            category: f.category.as_str(),
            severity: f.severity.as_str(),
            start: s.utf16_offset,
            end: e.utf16_offset,
            line: s.line,
            column: s.column,
            text: f.text,
            suggestions: f.suggestions,
            message: f.message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhproof::Checker;

    /// `s.slice(start, end)` in JavaScript terms.
    fn js_slice(s: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = s.encode_utf16().collect();
        String::from_utf16_lossy(units.get(start..end).unwrap_or(&[]))
    }

    #[test]
    fn offsets_are_utf16_around_astral_characters() {
        let checker = match Checker::new() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let text = "😀𠮷\n我们要再接再励，𠮷按装设备😀。";
        let found = to_js(text, checker.check(text));
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["再接再励", "按装"]);
        for f in &found {
            assert_eq!(js_slice(text, f.start, f.end), f.text);
        }
        // 😀 and 𠮷 are two UTF-16 units each; then \n, 我们要.
        assert_eq!(found[0].start, 2 + 2 + 1 + 3);
        assert_eq!(found[0].end, found[0].start + 4);
        assert_eq!((found[0].line, found[0].column), (2, 4));
        assert_eq!(found[1].start, found[0].end + 1 + 2);
        assert_eq!(found[1].category, "typo");
        assert_eq!(found[1].suggestions, ["安装"]);
    }

    #[test]
    fn replacement_characters_keep_offsets() {
        // A JS lone surrogate arrives as U+FFFD, which is also one UTF-16 unit.
        let checker = match Checker::new() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let text = "\u{FFFD}再接再励\u{FFFD}";
        let found = to_js(text, checker.check(text));
        let spans: Vec<(usize, usize, &str)> =
            found.iter().map(|f| (f.start, f.end, f.category)).collect();
        assert!(spans.contains(&(1, 5, "typo")), "{spans:?}");
        for f in &found {
            assert_eq!(js_slice(text, f.start, f.end), f.text);
        }
    }

    #[test]
    fn no_findings_is_empty() {
        assert!(to_js("", Vec::new()).is_empty());
    }
}
