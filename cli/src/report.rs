//! Output formats: `text` (compiler-style diagnostics), `json` (one array), `jsonl`.

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
        let head = self.paint("1", &format!("{path}:{line}:{column}"));
        writeln!(self.out, "{head}: {sev}[{}]: {}", f.rule, f.message)?;
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
        writeln!(self.out, "{line} | {}", shown.replace('\t', " "))?;
        writeln!(self.out, "{gutter} | {pad}{}", self.paint("1;31", &carets))?;
        if !f.suggestions.is_empty() {
            let s = clip(&f.suggestions.join(" / "), MARK_CHARS);
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
