//! Report formats read by other tools: SARIF 2.1.0 (GitHub code scanning and other SARIF
//! viewers), reviewdog's `rdjson`, and GitHub Actions workflow annotations (`github`).
//!
//! SARIF and rdjson are single JSON documents: results are gathered per file and written by
//! [`ToolReport::finish`]. GitHub annotations are written as each file is reported.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};
use zhproof::{positions, Finding, Severity};

/// The tool formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolFormat {
    /// SARIF 2.1.0.
    Sarif,
    /// reviewdog diagnostic format (one `DiagnosticResult` object).
    Rdjson,
    /// `::error file=…,line=…::message` lines for GitHub Actions.
    Github,
}

/// Where a byte offset of the checked text is, in the units each format wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (code points).
    pub column: usize,
    /// 1-based column in UTF-8 bytes of the original file (reviewdog's unit).
    pub byte_column: usize,
    /// Offset from the start of the text in characters.
    pub char_offset: usize,
}

/// Byte offsets of the starts of the lines of `text` (a line ends at `\n`).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The places of byte offsets `at` of `text` (in one pass over it), given its
/// [`line_starts`]. `offset_of` maps offsets of the text to offsets of the original bytes
/// (they differ for a file decoded from another encoding).
pub fn places(
    text: &str,
    starts: &[usize],
    at: &[usize],
    offset_of: &dyn Fn(usize) -> usize,
) -> Vec<Place> {
    positions(text, at)
        .into_iter()
        .zip(at)
        .map(|(p, &byte)| {
            let ls = starts
                .get(p.line.saturating_sub(1))
                .copied()
                .unwrap_or(0)
                .min(byte);
            Place {
                line: p.line,
                column: p.column,
                byte_column: offset_of(byte).saturating_sub(offset_of(ls)) + 1,
                char_offset: p.char_offset,
            }
        })
        .collect()
}

/// Collects findings and writes them in one of the [`ToolFormat`]s.
pub struct ToolReport {
    format: ToolFormat,
    /// SARIF results or rdjson diagnostics, in input order.
    items: Vec<Value>,
    /// Rule ids seen (SARIF `tool.driver.rules`), with their index.
    rules: BTreeMap<String, usize>,
    rule_order: Vec<String>,
}

impl ToolReport {
    /// An empty report.
    pub fn new(format: ToolFormat) -> Self {
        ToolReport {
            format,
            items: Vec::new(),
            rules: BTreeMap::new(),
            rule_order: Vec::new(),
        }
    }

    fn rule_index(&mut self, rule: &str) -> usize {
        if let Some(&i) = self.rules.get(rule) {
            return i;
        }
        let i = self.rule_order.len();
        self.rules.insert(rule.to_string(), i);
        self.rule_order.push(rule.to_string());
        i
    }

    /// Adds (or, for `github`, writes) the findings of one file.
    ///
    /// # Errors
    /// Errors writing to `out`.
    pub fn file(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        source: &str,
        findings: &[Finding],
        offset_of: &dyn Fn(usize) -> usize,
    ) -> io::Result<()> {
        let starts = line_starts(source);
        let at: Vec<usize> = findings
            .iter()
            .flat_map(|f| [f.span.start, f.span.end])
            .collect();
        let all = places(source, &starts, &at, offset_of);
        for (f, ab) in findings.iter().zip(all.chunks(2)) {
            let (a, b) = match ab {
                [a, b] => (*a, *b),
                _ => continue,
            };
            match self.format {
                ToolFormat::Github => writeln!(out, "{}", github_line(path, f, a, b))?,
                ToolFormat::Sarif => {
                    let idx = self.rule_index(&f.rule);
                    self.items.push(sarif_result(path, f, a, b, idx));
                }
                ToolFormat::Rdjson => self.items.push(rdjson_diagnostic(path, f, a, b)),
            }
        }
        Ok(())
    }

    /// Writes the whole report (SARIF, rdjson); nothing more for `github`.
    ///
    /// # Errors
    /// Errors writing to `out`.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let doc = match self.format {
            ToolFormat::Github => return Ok(()),
            ToolFormat::Sarif => {
                let rules: Vec<Value> = self
                    .rule_order
                    .iter()
                    .map(|id| {
                        json!({
                            "id": id,
                            "name": id,
                            "shortDescription": {"text": format!("zhproof rule {id}")},
                            "helpUri": "https://example.invalid/zhproof#rules",
                        })
                    })
                    .collect();
                json!({
                    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                    "version": "2.1.0",
                    "runs": [{
                        "tool": {"driver": {
                            "name": "zhproof",
                            "version": env!("CARGO_PKG_VERSION"),
                            "informationUri": "https://example.invalid/zhproof",
                            "rules": rules,
                        }},
                        "columnKind": "unicodeCodePoints",
                        "results": std::mem::take(&mut self.items),
                    }],
                })
            }
            ToolFormat::Rdjson => json!({
                "source": {"name": "zhproof", "url": "https://example.invalid/zhproof"},
                "diagnostics": std::mem::take(&mut self.items),
            }),
        };
        let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
        writeln!(out, "{text}")
    }
}

/// A path as a relative URI reference: `/` separators, no leading `./`, bytes outside the
/// unreserved set percent-encoded.
pub fn uri_of(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn message_with_suggestions(f: &Finding) -> String {
    if f.suggestions.is_empty() {
        f.message.clone()
    } else {
        format!("{}（建议：{}）", f.message, f.suggestions.join(" / "))
    }
}

fn sarif_result(path: &str, f: &Finding, a: Place, b: Place, rule_index: usize) -> Value {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let uri = uri_of(path);
    let region = json!({
        "startLine": a.line,
        "startColumn": a.column,
        "endLine": b.line,
        "endColumn": b.column,
        "charOffset": a.char_offset,
        "charLength": b.char_offset - a.char_offset.min(b.char_offset),
        "snippet": {"text": f.text},
    });
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": message_with_suggestions(f)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region,
            }
        }],
        "properties": {"category": f.category.as_str()},
    });
    if let (Some(s), Some(obj)) = (f.suggestions.first(), result.as_object_mut()) {
        obj.insert(
            "fixes".to_string(),
            json!([{
                "description": {"text": format!("替换为“{s}”")},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": a.line,
                            "startColumn": a.column,
                            "endLine": b.line,
                            "endColumn": b.column,
                        },
                        "insertedContent": {"text": s},
                    }],
                }],
            }]),
        );
    }
    result
}

fn rdjson_diagnostic(path: &str, f: &Finding, a: Place, b: Place) -> Value {
    let severity = match f.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    };
    let range = json!({
        "start": {"line": a.line, "column": a.byte_column},
        "end": {"line": b.line, "column": b.byte_column},
    });
    let mut d = json!({
        "message": message_with_suggestions(f),
        "location": {"path": path, "range": range},
        "severity": severity,
        "code": {"value": f.rule},
    });
    // reviewdog applies a suggestion as is: offer one only when there is exactly one.
    if let ([s], Some(obj)) = (f.suggestions.as_slice(), d.as_object_mut()) {
        obj.insert(
            "suggestions".to_string(),
            json!([{"range": range, "text": s}]),
        );
    }
    d
}

/// Escapes the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github_line(path: &str, f: &Finding, a: Place, b: Place) -> String {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(path),
        a.line,
        a.column,
        b.line,
        b.column,
        escape_property(&format!("zhproof {}", f.rule)),
        escape_data(&message_with_suggestions(f)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhproof::{Category, Span};

    fn finding(text: &str, start: usize, end: usize) -> Finding {
        let mut f = Finding::new(
            "typo.word",
            Category::Typo,
            Severity::Error,
            Span::new(start, end),
            "成语误写",
        )
        .with_suggestions(vec!["再接再厉".into()]);
        f.text = text[start..end].to_string();
        f
    }

    #[test]
    fn places_count_characters_and_bytes() {
        let text = "第一行\n我们要再接再励。";
        let starts = line_starts(text);
        let at = text.find("再接再励").unwrap_or(0);
        let p = places(text, &starts, &[at], &|o| o)[0];
        assert_eq!(
            (p.line, p.column, p.byte_column, p.char_offset),
            (2, 4, 10, 7)
        );
    }

    #[test]
    fn github_annotations_escape_properties_and_data() {
        let text = "我们要再接再励。";
        let start = text.find("再接再励").unwrap_or(0);
        let f = finding(text, start, start + "再接再励".len());
        let mut out = Vec::new();
        let mut rep = ToolReport::new(ToolFormat::Github);
        rep.file(&mut out, "a,b:c.txt", text, &[f], &|o| o).ok();
        let line = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            line,
            "::error file=a%2Cb%3Ac.txt,line=1,col=4,endLine=1,endColumn=8,\
             title=zhproof typo.word::成语误写（建议：再接再厉）\n"
        );
    }

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(uri_of("./docs/新闻 1.md"), "docs/%E6%96%B0%E9%97%BB%201.md");
    }
}
