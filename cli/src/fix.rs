//! Fixes: a finding's suggestion written over its span in the file.
//!
//! Each rule's fix is *safe* (applied by `--fix`) or *unsafe* (only with `--unsafe-fixes`);
//! see [`fix_safety`]. Overlapping fixes are resolved the same way every time: by start,
//! then the longer span, then rule id; a fix overlapping one already taken is left out (a
//! later pass may take it). In HTML only spans that are plain text in the source are
//! fixed: a span holding an entity or a tag is left alone.

use zhproof::Finding;

/// Whether a rule's fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixSafety {
    /// Mechanical: applied by `--fix`.
    Safe,
    /// Needs a reader's judgement: applied only with `--unsafe-fixes`.
    Unsafe,
}

/// The fix safety of a finding of `rule`, or `None` when it has no fix (no suggestion).
///
/// Safe: full-width punctuation in Chinese text (`punctuation.halfwidth`), doubled
/// punctuation (`punctuation.doubled`), traditional characters in a zh-Hans page
/// (`script.traditional`), listed misspellings (`typo.word`) and 异形词 (`variant.*`) with
/// exactly one suggestion. Unsafe: everything else with a suggestion, and any suggestion
/// that comes with a confidence (a model's guess) or among several candidates.
///
/// Which rules are safe is declared in the rule registry ([`zhproof::rules::Rule::safe_fix`]).
pub fn fix_safety(rule: &str, f: &Finding) -> Option<FixSafety> {
    if f.suggestions.is_empty() {
        return None;
    }
    if f.suggestions.len() > 1 || f.confidence.is_some() {
        return Some(FixSafety::Unsafe);
    }
    Some(if zhproof::rules::fix_is_safe(rule) {
        FixSafety::Safe
    } else {
        FixSafety::Unsafe
    })
}

/// One replacement in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// The new text.
    pub text: String,
}

/// The edits to make for `findings` (spans into `source`): non-overlapping, in order.
pub fn plan(source: &str, findings: &[Finding], unsafe_fixes: bool, html: bool) -> Vec<Edit> {
    let mut candidates: Vec<(&Finding, &str)> = findings
        .iter()
        .filter_map(|f| {
            let safety = fix_safety(&f.rule, f)?;
            if safety == FixSafety::Unsafe && !unsafe_fixes {
                return None;
            }
            let new = f.suggestions.first()?.as_str();
            let old = source.get(f.span.range())?;
            if old.is_empty() || old == new {
                return None;
            }
            if html && (old.contains(['&', '<', '>']) || new.contains(['&', '<', '>'])) {
                return None;
            }
            Some((f, new))
        })
        .collect();
    candidates.sort_by(|(a, _), (b, _)| {
        (a.span.start, std::cmp::Reverse(a.span.end), &a.rule).cmp(&(
            b.span.start,
            std::cmp::Reverse(b.span.end),
            &b.rule,
        ))
    });
    let mut edits: Vec<Edit> = Vec::new();
    let mut reach = 0;
    for (f, new) in candidates {
        if f.span.start < reach {
            continue;
        }
        reach = f.span.end;
        edits.push(Edit {
            start: f.span.start,
            end: f.span.end,
            text: new.to_string(),
        });
    }
    edits
}

/// `source` with `edits` (sorted, non-overlapping, on char boundaries) made.
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for e in edits {
        if e.start < at || source.get(at..e.start).is_none() || source.get(e.start..e.end).is_none()
        {
            continue;
        }
        out.push_str(&source[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(source.get(at..).unwrap_or(""));
    out
}

/// Most passes of check-and-fix per file: a fix can only bring the text closer to one
/// with nothing left to fix, and overlapping fixes left out of one pass are taken in the
/// next.
const MAX_PASSES: usize = 4;

/// The text with every applicable fix made (over up to [`MAX_PASSES`] passes) and the
/// number of edits made. `find` gives the findings of a text (after suppressions);
/// `html` says the text is HTML.
pub fn fix_text(
    find: &dyn Fn(&str) -> Vec<Finding>,
    text: &str,
    html: bool,
    unsafe_fixes: bool,
) -> (String, usize) {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let findings = find(&current);
        let edits = plan(&current, &findings, unsafe_fixes, html);
        if edits.is_empty() {
            break;
        }
        let next = apply(&current, &edits);
        if next == current {
            break;
        }
        total += edits.len();
        current = next;
    }
    (current, total)
}

/// A unified diff from `old` to `new` of the file `name` (empty when equal).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use zhproof::{Checker, HtmlOptions};

    fn checker() -> &'static Checker {
        static C: OnceLock<Checker> = OnceLock::new();
        C.get_or_init(|| Checker::new().unwrap_or_else(|e| panic!("{e}")))
    }

    fn plain(t: &str) -> Vec<Finding> {
        checker().check(t)
    }

    fn html(t: &str) -> Vec<Finding> {
        checker().check_html_with(t, &HtmlOptions::default())
    }

    #[test]
    fn the_safe_rules_are_declared_safe_in_the_registry() {
        for id in [
            "punctuation.halfwidth",
            "punctuation.doubled",
            "script.traditional",
            "typo.word",
            "variant.word",
        ] {
            assert!(
                zhproof::rules::get(id).is_some_and(|r| r.safe_fix),
                "{id} is not a safe fix in the registry"
            );
        }
    }

    #[test]
    fn safe_fixes_are_made_unsafe_ones_kept_and_a_second_run_changes_nothing() {
        let text = "我们要再接再励,按装设备。。北韩代表团\u{5df2}經到达。";
        let (fixed, n) = fix_text(&plain, text, false, false);
        assert!(n >= 3, "{fixed}");
        assert!(fixed.contains("再接再厉"), "{fixed}");
        assert!(fixed.contains("安装"), "{fixed}");
        assert!(!fixed.contains("。。"), "{fixed}");
        assert!(fixed.contains("已经"), "{fixed}");
        // 北韩 (an expression: not a safe fix) stays.
        assert!(fixed.contains("北韩"), "{fixed}");
        let (all, _) = fix_text(&plain, text, false, true);
        assert!(all.contains("朝鲜代表团"), "{all}");
        let (again, m) = fix_text(&plain, &fixed, false, false);
        assert_eq!((again.as_str(), m), (fixed.as_str(), 0));
    }

    #[test]
    fn html_entities_and_tags_are_left_alone() {
        let page = "<p title=\"按装\">我们要再接&#x518D;励，<b>按装</b>设备</p>";
        let (fixed, _) = fix_text(&html, page, true, false);
        // Text in attributes that are read (title) is text too; the entity stays.
        assert_eq!(
            fixed,
            "<p title=\"安装\">我们要再接&#x518D;励，<b>安装</b>设备</p>"
        );
    }

    #[test]
    fn overlapping_fixes_resolve_by_start_then_length_then_rule() {
        let mk = |rule: &str, s: usize, e: usize, sug: &str| {
            Finding::new(
                rule,
                zhproof::Category::Typo,
                zhproof::Severity::Error,
                zhproof::Span::new(s, e),
                "m",
            )
            .with_suggestions(vec![sug.to_string()])
        };
        let src = "abcdef";
        let fs = vec![
            mk("typo.word", 2, 4, "X"),
            mk("typo.word", 0, 3, "Y"),
            mk("variant.word", 0, 3, "Z"),
            mk("typo.word", 4, 6, "W"),
        ];
        let edits = plan(src, &fs, false, false);
        assert_eq!(apply(src, &edits), "YdW");
        let mut rev = fs.clone();
        rev.reverse();
        assert_eq!(plan(src, &rev, false, false), edits);
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "我们",
            "再接再励",
            "按装",
            "布署",
            "，",
            ",",
            "。。",
            "的",
            "截止目前",
            "電",
            "a",
            "\n",
            "<b>",
            "&amp;",
            " ",
            "𠮷",
            "萬",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Bytes outside the fixed spans are unchanged: the new text is the old one with
        /// each edit's span replaced, and fixing twice changes nothing more.
        #[test]
        fn nothing_outside_a_fixed_span_changes(parts in prop::collection::vec(piece(), 0..24)) {
            let text: String = parts.concat();
            let findings = checker().check(&text);
            let edits = plan(&text, &findings, true, false);
            let fixed = apply(&text, &edits);
            let mut at_old = 0;
            let mut at_new = 0;
            for e in &edits {
                let same = &text[at_old..e.start];
                prop_assert_eq!(&fixed[at_new..at_new + same.len()], same);
                at_new += same.len();
                prop_assert_eq!(&fixed[at_new..at_new + e.text.len()], e.text.as_str());
                at_new += e.text.len();
                at_old = e.end;
            }
            prop_assert_eq!(&fixed[at_new..], &text[at_old..]);
            let (once, _) = fix_text(&plain, &text, false, false);
            let (twice, n) = fix_text(&plain, &once, false, false);
            prop_assert_eq!(n, 0);
            prop_assert_eq!(once, twice);
        }
    }
}
