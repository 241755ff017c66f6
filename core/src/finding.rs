//! The one output type of zhproof: [`Finding`], with its [`Category`], [`Severity`] and [`Span`].

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A misspelled word or idiom (错别字).
    Typo,
    /// A non-recommended variant form (异形词).
    Variant,
    /// A non-standard expression in official writing (规范表述).
    Expression,
    /// A sensitive term (porn, gambling, fraud, violence, political, insult…).
    Sensitive,
    /// Personal data that should not be published.
    Privacy,
    /// Traditional/simplified script misuse.
    Script,
    /// Punctuation errors.
    Punctuation,
    /// Number, date and page-damage problems.
    Format,
    /// Suspicious or hidden links in HTML.
    Link,
}

impl Category {
    /// Every category, in a stable order.
    pub const ALL: [Category; 9] = [
        Category::Typo,
        Category::Variant,
        Category::Expression,
        Category::Sensitive,
        Category::Privacy,
        Category::Script,
        Category::Punctuation,
        Category::Format,
        Category::Link,
    ];

    /// The lowercase name used in rules, dictionaries, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Typo => "typo",
            Category::Variant => "variant",
            Category::Expression => "expression",
            Category::Sensitive => "sensitive",
            Category::Privacy => "privacy",
            Category::Script => "script",
            Category::Punctuation => "punctuation",
            Category::Format => "format",
            Category::Link => "link",
        }
    }

    /// The family a category belongs to. Overlapping findings are resolved only within a
    /// family: a misspelling and a privacy leak at the same place are both reported.
    pub fn family(self) -> Family {
        match self {
            Category::Typo | Category::Variant | Category::Expression => Family::WrongWords,
            Category::Sensitive => Family::Sensitive,
            Category::Privacy => Family::Privacy,
            Category::Script => Family::Script,
            Category::Punctuation | Category::Format => Family::Style,
            Category::Link => Family::Link,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;

    /// Parses a lowercase category name (`typo`, `variant`, …).
    ///
    /// # Errors
    /// Returns a message listing the known names when `s` is not one of them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                let hint = crate::nearest::nearest(s.trim(), names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown category `{s}`{hint} (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// Groups of categories within which overlapping findings compete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// typo, variant, expression
    WrongWords,
    /// sensitive
    Sensitive,
    /// privacy
    Privacy,
    /// script
    Script,
    /// punctuation, format
    Style,
    /// link
    Link,
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look; never fails a CI gate.
    Info,
    /// Probably wrong.
    Warning,
    /// Wrong; must be fixed before publishing.
    Error,
}

impl Severity {
    /// The lowercase name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    /// Parses `info`, `warning` or `error`.
    ///
    /// # Errors
    /// Returns a message when `s` is none of them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected info, warning or error)"
            )),
        }
    }
}

/// A byte range `start..end` into the checked input. Always on UTF-8 char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the finding.
    pub start: usize,
    /// One past the last byte of the finding.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span as a `Range<usize>`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `typo.word` or `privacy.id_card`.
    pub rule: String,
    /// The category of the rule.
    pub category: Category,
    /// How serious it is.
    pub severity: Severity,
    /// Byte range into the original input (the HTML source for HTML documents).
    pub span: Span,
    /// The source text covered by `span`.
    pub text: String,
    /// Replacements, best first (for privacy findings: the masked form).
    pub suggestions: Vec<String>,
    /// Short explanation in Chinese.
    pub message: String,
    /// How likely the finding is right, in 0–1 (calibrated on public dev data), for rules
    /// that estimate it (the wrong-word families); `None` for rule-exact findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

// `confidence` is never NaN (`with_confidence` clamps it), so equality is total.
impl Eq for Finding {}

impl Finding {
    /// A finding with an empty `text` (filled in by the checker from the source) and no
    /// suggestions.
    pub fn new(
        rule: impl Into<String>,
        category: Category,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            category,
            severity,
            span,
            text: String::new(),
            suggestions: Vec::new(),
            message: message.into(),
            confidence: None,
        }
    }

    /// Builder-style: set the confidence (clamped to 0–1; NaN becomes 0).
    pub fn with_confidence(mut self, confidence: f32) -> Self {
        self.confidence = Some(if confidence.is_nan() {
            0.0
        } else {
            confidence.clamp(0.0, 1.0)
        });
        self
    }

    /// Builder-style: set the suggestions.
    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            assert_eq!(
                serde_json::to_string(&c).ok(),
                Some(format!("\"{}\"", c.as_str()))
            );
        }
        let err = "typos".parse::<Category>().err().unwrap_or_default();
        assert!(
            err.starts_with("unknown category `typos`; did you mean `typo`?"),
            "{err}"
        );
    }

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn finding_serialises_snake_case() {
        let f = Finding::new(
            "typo.word",
            Category::Typo,
            Severity::Error,
            Span::new(0, 3),
            "m",
        )
        .with_suggestions(vec!["x".into()]);
        let json = serde_json::to_value(&f).unwrap_or_default();
        assert_eq!(json["category"], "typo");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["span"]["end"], 3);
        assert_eq!(json["suggestions"][0], "x");
    }

    #[test]
    fn spans_overlap() {
        assert!(Span::new(0, 3).overlaps(&Span::new(2, 4)));
        assert!(!Span::new(0, 3).overlaps(&Span::new(3, 4)));
    }
}
