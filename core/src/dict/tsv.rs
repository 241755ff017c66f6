//! Parsing of the dictionary TSV format and allowlists.

use crate::error::{Error, Result};
use crate::finding::{Category, Severity};

/// A context guard attached to a dictionary entry (column 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    /// `!phrase`: a longer phrase that contains the term and is correct. When the text
    /// around a match spells this phrase, the match is not reported
    /// (e.g. `既使` with `!这既使`).
    Except(String),
    /// `@`: the match must be a whole word: with word segmentation (jieba-rs, computed
    /// only in a small window around the match) no word may straddle either end of the
    /// match. Entries with this guard are not reported when segmentation is unavailable
    /// (cargo feature `segment` off).
    WordBoundary,
}

/// One parsed dictionary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The text to find.
    pub term: String,
    /// Replacements, best first.
    pub suggestions: Vec<String>,
    /// Category of the finding.
    pub category: Category,
    /// Optional sub-category (`sensitive/gambling` → `gambling`), part of the rule id.
    pub subcategory: Option<String>,
    /// Severity of the finding.
    pub severity: Severity,
    /// Message shown to the user (a default one is made when the column is empty).
    pub message: String,
    /// Context guards.
    pub guards: Vec<Guard>,
}

impl Entry {
    /// The rule id of findings made from this entry: `category.subcategory` or
    /// `category.word`.
    pub fn rule(&self) -> String {
        match &self.subcategory {
            Some(sub) => format!("{}.{}", self.category, sub),
            None => format!("{}.word", self.category),
        }
    }
}

/// Default severity of a dictionary entry of a category.
pub fn default_severity(category: Category) -> Severity {
    match category {
        Category::Typo | Category::Sensitive => Severity::Error,
        Category::Privacy => Severity::Error,
        _ => Severity::Warning,
    }
}

/// The message of an entry whose message column is empty.
pub(crate) fn default_message(category: Category, suggestions: &[String]) -> String {
    let first = suggestions.first().map(String::as_str).unwrap_or("");
    match (category, first.is_empty()) {
        (Category::Typo, false) => format!("疑似错别字，应为“{first}”"),
        (Category::Variant, false) => format!("异形词，推荐使用“{first}”"),
        (Category::Expression, false) => format!("表述不规范，应为“{first}”"),
        (Category::Sensitive, _) => "敏感词".to_string(),
        (_, false) => format!("建议改为“{first}”"),
        (_, true) => "疑似用词错误".to_string(),
    }
}

fn check_text(cell: &str, what: &str) -> std::result::Result<(), String> {
    if cell.is_empty() {
        return Err(format!("empty {what}"));
    }
    if cell.trim() != cell {
        return Err(format!(
            "{what} `{cell}` has leading or trailing whitespace"
        ));
    }
    if let Some(c) = cell.chars().find(|c| c.is_control()) {
        return Err(format!(
            "{what} `{}` contains control character U+{:04X}",
            cell.escape_debug(),
            c as u32
        ));
    }
    Ok(())
}

fn parse_line(line: &str) -> std::result::Result<Entry, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() > 6 {
        return Err(format!("{} columns, at most 6 expected", cols.len()));
    }
    let term = cols[0];
    check_text(term, "term")?;
    let suggestions: Vec<String> = match cols.get(1) {
        Some(s) if !s.trim().is_empty() => s
            .split('|')
            .map(|x| {
                let x = x.trim();
                check_text(x, "suggestion").map(|_| x.to_string())
            })
            .collect::<std::result::Result<_, _>>()?,
        _ => Vec::new(),
    };
    if suggestions.iter().any(|s| s == term) {
        return Err(format!("suggestion equals the term `{term}`"));
    }
    let (category, subcategory) = match cols.get(2).map(|s| s.trim()) {
        None | Some("") => (Category::Typo, None),
        Some(cell) => {
            let (cat, sub) = match cell.split_once('/') {
                Some((c, s)) => (c, Some(s)),
                None => (cell, None),
            };
            let category: Category = cat.parse()?;
            let sub = match sub {
                Some(s)
                    if s.is_empty()
                        || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    return Err(format!(
                        "sub-category `{s}` must be ASCII letters, digits or _"
                    ))
                }
                Some(s) => Some(s.to_string()),
                None => None,
            };
            (category, sub)
        }
    };
    let severity = match cols.get(3).map(|s| s.trim()) {
        None | Some("") => default_severity(category),
        Some(s) => s.parse()?,
    };
    let message = match cols.get(4).map(|s| s.trim()) {
        None | Some("") => default_message(category, &suggestions),
        Some(m) => m.to_string(),
    };
    let mut guards = Vec::new();
    if let Some(cell) = cols.get(5) {
        for g in cell.split_whitespace() {
            if g == "@" {
                guards.push(Guard::WordBoundary);
            } else if let Some(phrase) = g.strip_prefix('!') {
                if !phrase.contains(term) {
                    return Err(format!("guard `{g}` does not contain the term `{term}`"));
                }
                guards.push(Guard::Except(phrase.to_string()));
            } else {
                return Err(format!("unknown guard `{g}` (expected `!phrase` or `@`)"));
            }
        }
    }
    Ok(Entry {
        term: term.to_string(),
        suggestions,
        category,
        subcategory,
        severity,
        message,
        guards,
    })
}

/// Parses a dictionary in the TSV format. `origin` names it in errors (a path or a name).
///
/// # Errors
/// [`Error::Dictionary`] naming `origin`, the 1-based line and the reason for the first
/// malformed line (unknown category or severity, empty term, stray whitespace, control
/// characters, too many columns, a bad guard).
pub fn parse_tsv(text: &str, origin: &str) -> Result<Vec<Entry>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = parse_line(line).map_err(|reason| Error::Dictionary {
            origin: origin.to_string(),
            line: i + 1,
            reason,
        })?;
        out.push(entry);
    }
    Ok(out)
}

/// Parses an allowlist: one phrase a line, `#` comments, blank lines ignored.
///
/// # Errors
/// [`Error::Dictionary`] for a line with control characters (e.g. a tab).
pub fn parse_allowlist(text: &str, origin: &str) -> Result<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        check_text(line, "phrase").map_err(|reason| Error::Dictionary {
            origin: origin.to_string(),
            line: i + 1,
            reason,
        })?;
        out.push(line.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_and_short_lines() {
        let text = "# header\n\n再接再励\t再接再厉\n惟一\t唯一\tvariant\twarning\t异形词\n既使\t即使\ttypo\terror\t\t!这既使\n赌场\t\tsensitive/gambling\n部暑\t部署\ttypo\terror\t\t@ !部暑名\n";
        let e = parse_tsv(text, "t.tsv").unwrap_or_default();
        assert_eq!(e.len(), 5);
        assert_eq!(
            e[4].guards,
            vec![Guard::WordBoundary, Guard::Except("部暑名".into())]
        );
        assert_eq!(e[0].category, Category::Typo);
        assert_eq!(e[0].severity, Severity::Error);
        assert_eq!(e[0].rule(), "typo.word");
        assert!(e[0].message.contains("再接再厉"));
        assert_eq!(e[1].severity, Severity::Warning);
        assert_eq!(e[1].message, "异形词");
        assert_eq!(e[2].guards, vec![Guard::Except("这既使".into())]);
        assert_eq!(e[3].rule(), "sensitive.gambling");
        assert!(e[3].suggestions.is_empty());
    }

    fn err_of(text: &str) -> String {
        match parse_tsv(text, "user.tsv") {
            Err(e) => e.to_string(),
            Ok(v) => format!("no error: {v:?}"),
        }
    }

    #[test]
    fn errors_name_file_line_and_reason() {
        assert_eq!(
            err_of("# c\nok\tfine\nbad\tx\tnosuch\n"),
            "user.tsv:3: unknown category `nosuch` (expected one of: typo, variant, expression, sensitive, privacy, script, punctuation, format, link, grammar)"
        );
        assert!(err_of("a\tb\ttypo\tfatal\n").starts_with("user.tsv:1: unknown severity"));
        assert!(err_of("\tb\n").contains("empty term"));
        assert!(err_of(" a\tb\n").contains("whitespace"));
        assert!(err_of("a\tb\tc\td\te\tf\tg\n").contains("7 columns"));
        assert!(err_of("a\ta\n").contains("equals the term"));
        assert!(err_of("既使\t即使\ttypo\t\t\t!即是\n").contains("does not contain"));
        assert!(err_of("a\u{1}b\tc\n").contains("control character"));
        assert!(err_of("a\tb\ttypo\t\t\t@@\n").contains("unknown guard"));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let e = parse_tsv("\u{feff}按装\t安装\r\n布署\t部署\r\n", "x").unwrap_or_default();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].suggestions, vec!["部署".to_string()]);
    }

    #[test]
    fn allowlist_parses() {
        let a = parse_allowlist("# x\n 既使 \n\n", "a").unwrap_or_default();
        assert_eq!(a, vec!["既使".to_string()]);
        assert!(parse_allowlist("a\tb", "a").is_err());
    }
}
