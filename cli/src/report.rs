//! Output formats: `text` (compiler-style diagnostics), `json` (one array), `jsonl`; the
//! formats for other tools (`sarif`, `rdjson`, `github`) are in [`crate::formats`].

use crate::formats::{ToolFormat, ToolReport};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use zhproof::checker::GROUP_SUFFIX;
use zhproof::{positions, Category, Finding, Severity};

/// Places listed under a grouped (flooded) rule in the text report.
const GROUP_PLACES: usize = 5;
/// Characters of context shown on each side of a finding in the text report.
const CONTEXT_CHARS: usize = 40;
/// Characters of a finding's own text shown in the text report (longer ones are cut in
/// the middle).
const MARK_CHARS: usize = 80;

/// `s` cut to at most `max` characters (an ellipsis marks the cut).
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

/// The part of `line` shown for a finding at bytes `a..b` of it: at most [`CONTEXT_CHARS`]
/// characters either side and [`MARK_CHARS`] of the finding (a long one loses its middle),
/// so that a one-line page of any size prints a few hundred bytes per finding. Returns the
/// excerpt, the display width before the finding and the display width of the finding.
pub fn excerpt(line: &str, a: usize, b: usize) -> (String, usize, usize) {
    let before = line.get(..a).unwrap_or("");
    let marked = line.get(a..b).unwrap_or("");
    let after = line.get(b..).unwrap_or("");
    let mut head = String::new();
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    if skip > 0 {
        head.push('…');
    }
    head.extend(before.chars().skip(skip));
    let n = marked.chars().count();
    let mid = if n > MARK_CHARS {
        let keep = MARK_CHARS / 2;
        let first: String = marked.chars().take(keep).collect();
        let last: String = marked.chars().skip(n - keep).collect();
        format!("{first}…{last}")
    } else {
        marked.to_string()
    };
    let tail = clip(after, CONTEXT_CHARS);
    let pad = display_width(&head);
    let width = display_width(&mid);
    (format!("{head}{mid}{tail}"), pad, width)
}

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
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// reviewdog diagnostic format.
    Rdjson,
    /// GitHub Actions workflow annotations.
    Github,
}

impl Format {
    /// The tool format this is, if it is one (see [`crate::formats`]).
    fn tool(self) -> Option<ToolFormat> {
        match self {
            Format::Sarif => Some(ToolFormat::Sarif),
            Format::Rdjson => Some(ToolFormat::Rdjson),
            Format::Github => Some(ToolFormat::Github),
            Format::Text | Format::Json | Format::Jsonl => None,
        }
    }
}

/// Writes findings of several files in one format.
pub struct Reporter<W: Write> {
    out: W,
    format: Format,
    colour: bool,
    first_json: bool,
    tool: Option<ToolReport>,
}

impl<W: Write> Reporter<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, format: Format, colour: bool) -> Self {
        Reporter {
            out,
            format,
            colour,
            first_json: true,
            tool: format.tool().map(ToolReport::new),
        }
    }

    /// The writer (for output that is not a report, e.g. diffs).
    pub fn out_mut(&mut self) -> &mut W {
        &mut self.out
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
        self.file_part(path, source, findings, offset_of, 0)
    }

    /// Like [`Reporter::file`] for a part of a file that starts a line: `lines_before`
    /// lines of the file come before `source` (line numbers are shifted by that).
    pub fn file_part(
        &mut self,
        path: &str,
        source: &str,
        findings: &[Finding],
        offset_of: &dyn Fn(usize) -> usize,
        lines_before: usize,
    ) -> io::Result<()> {
        if let Some(tool) = &mut self.tool {
            return tool.file(&mut self.out, path, source, findings, offset_of);
        }
        let offsets: Vec<usize> = findings.iter().map(|f| f.span.start).collect();
        let mut pos = positions(source, &offsets);
        for p in &mut pos {
            p.line += lines_before;
        }
        if self.format == Format::Text {
            return self.text_file(path, source, findings, &pos);
        }
        for (f, p) in findings.iter().zip(pos) {
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
        Ok(())
    }

    /// The text report of one file. A rule with a flood summary (`<rule>.page` next to
    /// findings of `<rule>`) is printed once, as the summary with its first places.
    fn text_file(
        &mut self,
        path: &str,
        source: &str,
        findings: &[Finding],
        pos: &[zhproof::Position],
    ) -> io::Result<()> {
        let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut grouped: HashSet<&str> = HashSet::new();
        for (i, f) in findings.iter().enumerate() {
            members.entry(f.rule.as_str()).or_default().push(i);
        }
        for f in findings {
            if let Some(base) = f.rule.strip_suffix(GROUP_SUFFIX) {
                if members.contains_key(base) {
                    grouped.insert(base);
                }
            }
        }
        for (f, p) in findings.iter().zip(pos) {
            if grouped.contains(f.rule.as_str()) {
                continue;
            }
            self.text_diagnostic(path, source, f, p.line, p.column)?;
            let Some(places) = f
                .rule
                .strip_suffix(GROUP_SUFFIX)
                .filter(|b| grouped.contains(b))
                .and_then(|b| members.get(b))
            else {
                continue;
            };
            let shown: Vec<String> = places
                .iter()
                .take(GROUP_PLACES)
                .filter_map(|&i| {
                    let (g, gp) = (findings.get(i)?, pos.get(i)?);
                    let text = clip(&g.text, 20);
                    Some(match g.suggestions.first() {
                        Some(s) => format!("{}:{} `{text}`→`{}`", gp.line, gp.column, clip(s, 20)),
                        None => format!("{}:{} `{text}`", gp.line, gp.column),
                    })
                })
                .collect();
            let gutter = " ".repeat(p.line.to_string().len());
            writeln!(
                self.out,
                "{gutter} = 前 {} 处: {}",
                shown.len(),
                shown.join("; ")
            )?;
            if places.len() > shown.len() {
                writeln!(
                    self.out,
                    "{gutter} = 另有 {} 处未逐条列出（--format json 列出全部，--group-threshold 0 逐条显示）",
                    places.len() - shown.len()
                )?;
            }
            writeln!(self.out)?;
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
        let head = self.paint("1", &format!("{}:{line}:{column}", escape_controls(path)));
        let confidence = f
            .confidence
            .map(|c| format!(" (置信度 {c:.2})"))
            .unwrap_or_default();
        writeln!(
            self.out,
            "{head}: {sev}[{}]: {}{confidence}",
            escape_controls(&f.rule),
            escape_controls(&f.message)
        )?;
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
        let a = f.span.start.clamp(line_start, line_start + line_text.len()) - line_start;
        let b = f.span.end.clamp(line_start, line_start + line_text.len()) - line_start;
        let (shown, pad, marked) = excerpt(line_text, a, b.max(a));
        let pad = " ".repeat(pad);
        let carets = "^".repeat(marked.max(1));
        writeln!(self.out, "{gutter} |")?;
        writeln!(
            self.out,
            "{line} | {}",
            escape_controls(&shown.replace('\t', " "))
        )?;
        writeln!(self.out, "{gutter} | {pad}{}", self.paint("1;31", &carets))?;
        if !f.suggestions.is_empty() {
            let s = escape_controls(&clip(&f.suggestions.join(" / "), MARK_CHARS)).into_owned();
            writeln!(self.out, "{gutter} = 建议: {}", self.paint("32", &s))?;
        }
        if f.rule.ends_with(GROUP_SUFFIX) {
            // a flood summary: the caller lists the places under it
            return Ok(());
        }
        writeln!(self.out)
    }

    /// Ends the report (closes the JSON array, flushes).
    pub fn end(&mut self, summary: Option<&str>) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Jsonl => {}
            Format::Sarif | Format::Rdjson | Format::Github => {
                if let Some(tool) = &mut self.tool {
                    tool.finish(&mut self.out)?;
                }
            }
            Format::Text => {
                if let Some(s) = summary {
                    writeln!(self.out, "{s}")?;
                }
            }
        }
        self.out.flush()
    }
}

/// `s` safe to print on a terminal: a tab becomes a space, other control characters
/// (C0, DEL, C1: escape sequences, carriage returns, line breaks) and the bidirectional
/// overrides that reorder what a reader sees are written as Rust escapes (`\u{1b}`, `\n`).
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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
    fn controls_are_escaped_in_text_reports() {
        assert_eq!(escape_controls("a\tb"), "a b");
        assert_eq!(
            escape_controls("x\u{1b}[31my\rz\u{202e}"),
            "x\\u{1b}[31my\\rz\\u{202e}"
        );
        let src = "\u{1b}[2J按装\u{1b}]0;title\u{7}";
        let checker = zhproof::Checker::new().unwrap_or_else(|e| panic!("{e}"));
        let f = checker.check(src);
        assert!(!f.is_empty());
        let mut out = Vec::new();
        let mut rep = Reporter::new(&mut out, Format::Text, false);
        rep.file("evil\u{1b}[31m\nname.txt", src, &f, &|o| o)
            .unwrap_or_else(|e| panic!("{e}"));
        let out = String::from_utf8(out).unwrap_or_default();
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("evil\\u{1b}[31m\\nname.txt:1:"), "{out}");
        assert!(out.contains("按装"), "{out}");
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("ab再"), 4);
        assert_eq!(display_width("𠮷"), 2);
    }
}
