//! Output formats: `text` (compiler-style diagnostics), `json` (one array), `jsonl`.

use serde::Serialize;
use std::io::{self, Write};
use zhproof::{positions, Category, Finding, Severity};

/// One finding as printed in `json`/`jsonl`: byte offsets into the file plus 1-based
/// line and column (in characters).
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// File name (`<stdin>` for standard input).
    pub path: &'a str,
    /// Start byte offset into the file.
    pub start: usize,
    /// End byte offset into the file.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text covered.
    pub text: &'a str,
    /// Category.
    pub category: Category,
    /// Rule id.
    pub rule: &'a str,
    /// Severity.
    pub severity: Severity,
    /// Suggestions, best first.
    pub suggestions: &'a [String],
    /// Message.
    pub message: &'a str,
    /// How likely the finding is right (0–1), for rules that estimate it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics.
    Text,
    /// One JSON array of all findings.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Writes findings of several files in one format.
pub struct Reporter<W: Write> {
    out: W,
    format: Format,
    colour: bool,
    first_json: bool,
}

impl<W: Write> Reporter<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, format: Format, colour: bool) -> Self {
        Reporter {
            out,
            format,
            colour,
            first_json: true,
        }
    }

    /// Starts the report.
    pub fn begin(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"[")?;
        }
        Ok(())
    }

    /// Writes the findings of one file. `source` is the text positions refer to (decoded
    /// text; for a non-UTF-8 file decoded with `--encoding`, `offset_of` maps its byte
    /// offsets back to the original bytes).
    pub fn file(
        &mut self,
        path: &str,
        source: &str,
        findings: &[Finding],
        offset_of: &dyn Fn(usize) -> usize,
    ) -> io::Result<()> {
        let offsets: Vec<usize> = findings.iter().map(|f| f.span.start).collect();
        let pos = positions(source, &offsets);
        for (f, p) in findings.iter().zip(pos) {
            match self.format {
                Format::Json | Format::Jsonl => {
                    let rec = Record {
                        path,
                        start: offset_of(f.span.start),
                        end: offset_of(f.span.end),
                        line: p.line,
                        column: p.column,
                        text: &f.text,
                        category: f.category,
                        rule: &f.rule,
                        severity: f.severity,
                        suggestions: &f.suggestions,
                        message: &f.message,
                        confidence: f.confidence,
                    };
                    let json = serde_json::to_string(&rec).map_err(io::Error::other)?;
                    if self.format == Format::Jsonl {
                        writeln!(self.out, "{json}")?;
                    } else {
                        if !self.first_json {
                            self.out.write_all(b",")?;
                        }
                        self.first_json = false;
                        write!(self.out, "\n  {json}")?;
                    }
                }
                Format::Text => self.text_diagnostic(path, source, f, p.line, p.column)?,
            }
        }
        Ok(())
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn text_diagnostic(
        &mut self,
        path: &str,
        source: &str,
        f: &Finding,
        line: usize,
        column: usize,
    ) -> io::Result<()> {
        let sev = match f.severity {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Info => self.paint("1;36", "info"),
        };
        let head = self.paint("1", &format!("{path}:{line}:{column}"));
        match f.confidence {
            Some(c) => writeln!(
                self.out,
                "{head}: {sev}[{}]: {} (置信度 {c:.2})",
                f.rule, f.message
            )?,
            None => writeln!(self.out, "{head}: {sev}[{}]: {}", f.rule, f.message)?,
        }
        let line_start = source[..f.span.start.min(source.len())]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let line_end = source[line_start..]
            .find('\n')
            .map(|i| line_start + i)
            .unwrap_or(source.len());
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let gutter = " ".repeat(line.to_string().len());
        let prefix = &source[line_start..f.span.start.clamp(line_start, line_end)];
        let marked_end = f.span.end.clamp(line_start, line_start + line_text.len());
        let marked = source
            .get(f.span.start.min(marked_end)..marked_end)
            .unwrap_or("");
        let pad = " ".repeat(display_width(prefix));
        let carets = "^".repeat(display_width(marked).max(1));
        writeln!(self.out, "{gutter} |")?;
        writeln!(self.out, "{line} | {}", line_text.replace('\t', " "))?;
        writeln!(self.out, "{gutter} | {pad}{}", self.paint("1;31", &carets))?;
        if !f.suggestions.is_empty() {
            let s = f.suggestions.join(" / ");
            writeln!(self.out, "{gutter} = 建议: {}", self.paint("32", &s))?;
        }
        writeln!(self.out)
    }

    /// Ends the report (closes the JSON array, flushes).
    pub fn end(&mut self, summary: Option<&str>) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Jsonl => {}
            Format::Text => {
                if let Some(s) = summary {
                    writeln!(self.out, "{s}")?;
                }
            }
        }
        self.out.flush()
    }
}

/// Terminal columns taken by `s`: East Asian wide characters count 2 (tabs 1, as
/// they are printed as spaces).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x1F300..=0x1FAFF).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(display_width("ab再"), 4);
        assert_eq!(display_width("𠮷"), 2);
    }
}
