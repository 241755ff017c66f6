//! Suppression comments in the checked text.
//!
//! In HTML and Markdown (and in any file), as a comment:
//!
//! - `<!-- zhproof-disable-next-line RULE… -->`: the findings of these rules (or rule
//!   prefixes; all rules when none is named) that start on the next line;
//! - `<!-- zhproof-disable RULE… -->` … `<!-- zhproof-enable RULE… -->`: the lines between
//!   (an `enable` without rules ends every open block; to the end of the file if none);
//! - `<!-- zhproof-disable-file RULE… -->`: the whole file.
//!
//! In plain text the same directives stand alone on their line, without the comment
//! delimiters: a line whose text (after spaces) begins with `zhproof-disable-next-line`,
//! `zhproof-disable`, `zhproof-enable` or `zhproof-disable-file`. Rules are separated by
//! spaces or commas.

use crate::formats::line_starts;
use zhproof::{Category, Finding, Severity, Span};

/// The rule id of an unused-suppression report.
pub const UNUSED_RULE: &str = "format.unused_suppression";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
    File,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::NextLine => "zhproof-disable-next-line",
            Kind::Disable => "zhproof-disable",
            Kind::Enable => "zhproof-enable",
            Kind::File => "zhproof-disable-file",
        }
    }
}

/// One suppression directive.
#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    rules: Vec<String>,
    /// 1-based line of the directive.
    line: usize,
    /// Last line it covers (blocks: the line before the `enable`, or the last line).
    until: usize,
    /// The directive's text in the source (reported when unused).
    span: Span,
    used: bool,
}

impl Directive {
    fn covers_rule(&self, rule: &str) -> bool {
        self.rules.is_empty()
            || self.rules.iter().any(|d| {
                rule == d
                    || (rule.starts_with(d.as_str()) && rule.as_bytes().get(d.len()) == Some(&b'.'))
            })
    }

    fn covers_line(&self, line: usize) -> bool {
        match self.kind {
            Kind::NextLine => line == self.line + 1,
            Kind::Disable => line > self.line && line <= self.until,
            Kind::File => true,
            Kind::Enable => false,
        }
    }
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

/// Finds a directive at the start of `s` (after spaces): its kind and the rest.
fn directive_at(s: &str) -> Option<(Kind, &str)> {
    let s = s.trim_start();
    // Longest names first: `zhproof-disable` is a prefix of the others.
    for kind in [Kind::NextLine, Kind::File, Kind::Disable, Kind::Enable] {
        if let Some(rest) = s.strip_prefix(kind.name()) {
            if rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == '-') {
                if rest.starts_with('-') && !rest.starts_with("-->") {
                    continue;
                }
                return Some((kind, rest));
            }
        }
    }
    None
}

fn rules_of(rest: &str) -> Vec<String> {
    let rest = rest.split("-->").next().unwrap_or("");
    rest.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

impl Suppressions {
    /// Reads the directives of `source`. `plain` enables the plain-text form (a directive
    /// alone on its line).
    pub fn parse(source: &str, plain: bool) -> Self {
        let mut directives = Vec::new();
        if !source.contains("zhproof-") {
            return Suppressions { directives };
        }
        let starts = line_starts(source);
        let last_line = starts.len();
        for (idx, &ls) in starts.iter().enumerate() {
            let le = starts.get(idx + 1).copied().unwrap_or(source.len());
            let line = source.get(ls..le).unwrap_or("");
            if !line.contains("zhproof-") {
                continue;
            }
            let mut found: Vec<(usize, Kind, &str)> = Vec::new();
            let mut from = 0;
            while let Some(i) = line[from..].find("<!--") {
                let at = from + i + 4;
                if let Some((kind, rest)) = directive_at(&line[at..]) {
                    found.push((at, kind, rest));
                }
                from = at;
            }
            if found.is_empty() && plain {
                if let Some((kind, rest)) = directive_at(line) {
                    let at = line.len() - line.trim_start().len();
                    found.push((at, kind, rest));
                }
            }
            for (at, kind, rest) in found {
                let text_end = rest
                    .find("-->")
                    .map(|i| line.len() - rest.len() + i)
                    .unwrap_or(line.len());
                let text_end = line[..text_end].trim_end().len();
                let start = ls + at + (line[at..].len() - line[at..].trim_start().len());
                let end = (ls + text_end).max(start);
                let rules = rules_of(rest);
                let line_no = idx + 1;
                if kind == Kind::Enable {
                    for d in directives.iter_mut().rev() {
                        let d: &mut Directive = d;
                        if d.kind == Kind::Disable
                            && d.until == usize::MAX
                            && (rules.is_empty() || rules == d.rules)
                        {
                            d.until = line_no - 1;
                        }
                    }
                }
                directives.push(Directive {
                    kind,
                    rules,
                    line: line_no,
                    until: if kind == Kind::Disable {
                        usize::MAX
                    } else {
                        line_no
                    },
                    span: Span::new(start, end.min(source.len())),
                    used: false,
                });
            }
        }
        for d in &mut directives {
            if d.until == usize::MAX {
                d.until = last_line;
            }
        }
        Suppressions { directives }
    }

    /// Drops the findings a directive covers, marking the directives used.
    pub fn filter(&mut self, source: &str, findings: Vec<Finding>) -> Vec<Finding> {
        if self.directives.is_empty() {
            return findings;
        }
        let starts = line_starts(source);
        findings
            .into_iter()
            .filter(|f| {
                let line = starts.partition_point(|&s| s <= f.span.start);
                let mut hit = false;
                for d in &mut self.directives {
                    if d.covers_line(line) && d.covers_rule(&f.rule) {
                        d.used = true;
                        hit = true;
                    }
                }
                !hit
            })
            .collect()
    }

    /// A finding for each directive that suppressed nothing (`enable` directives excepted).
    pub fn unused(&self, source: &str) -> Vec<Finding> {
        self.directives
            .iter()
            .filter(|d| !d.used && d.kind != Kind::Enable && d.span.start < d.span.end)
            .map(|d| {
                let mut f = Finding::new(
                    UNUSED_RULE,
                    Category::Format,
                    Severity::Warning,
                    d.span,
                    "未使用的抑制注释：它没有抑制任何问题，可以删除",
                );
                f.text = source.get(d.span.range()).unwrap_or("").to_string();
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(source: &str, needle: &str, rule: &str) -> Finding {
        let start = source.find(needle).unwrap_or(0);
        let mut f = Finding::new(
            rule,
            Category::Typo,
            Severity::Error,
            Span::new(start, start + needle.len()),
            "m",
        );
        f.text = needle.to_string();
        f
    }

    #[test]
    fn next_line_silences_exactly_the_named_rule_on_exactly_the_next_line() {
        let src = "<!-- zhproof-disable-next-line typo.word -->\n甲按装\n乙按装\n";
        let line2 = src.find("甲按装").unwrap_or(0) + 3;
        let line3 = src.find("乙按装").unwrap_or(0) + 3;
        let mk = |at: usize, rule: &str| {
            Finding::new(
                rule,
                Category::Typo,
                Severity::Error,
                Span::new(at, at + 6),
                "m",
            )
        };
        let mut s = Suppressions::parse(src, false);
        let kept = s.filter(
            src,
            vec![
                mk(line2, "typo.word"),
                mk(line2, "typo.de"),
                mk(line3, "typo.word"),
            ],
        );
        let kept: Vec<(usize, &str)> = kept
            .iter()
            .map(|f| (f.span.start, f.rule.as_str()))
            .collect();
        assert_eq!(kept, vec![(line2, "typo.de"), (line3, "typo.word")]);
        assert!(s.unused(src).is_empty());
    }

    #[test]
    fn blocks_files_and_plain_text_markers() {
        let src = "a按装\n<!-- zhproof-disable typo -->\nb按装\n<!-- zhproof-enable -->\nc按装\n";
        let mut s = Suppressions::parse(src, false);
        let kept = s.filter(
            src,
            vec![
                f(src, "a按装", "typo.word"),
                f(src, "b按装", "typo.word"),
                f(src, "c按装", "typo.word"),
            ],
        );
        let texts: Vec<&str> = kept.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, vec!["a按装", "c按装"]);

        let src = "zhproof-disable-file privacy\n身份证\n";
        let mut s = Suppressions::parse(src, true);
        assert!(s
            .filter(src, vec![f(src, "身份证", "privacy.id_card")])
            .is_empty());
        // Not a directive in HTML or Markdown without the comment.
        let mut s = Suppressions::parse(src, false);
        assert_eq!(
            s.filter(src, vec![f(src, "身份证", "privacy.id_card")])
                .len(),
            1
        );
    }

    #[test]
    fn unused_directives_are_reported_with_their_span() {
        let src = "x\n  <!-- zhproof-disable-next-line typo.word -->\n正确的句子\n";
        let mut s = Suppressions::parse(src, false);
        assert!(s.filter(src, Vec::new()).is_empty());
        let unused = s.unused(src);
        assert_eq!(unused.len(), 1);
        assert_eq!(unused[0].text, "zhproof-disable-next-line typo.word");
        assert_eq!(unused[0].rule, UNUSED_RULE);
    }
}
