//! Baselines: the findings a project has accepted, so that CI fails only on new ones.
//!
//! A baseline is a JSON file (`zhproof check --write-baseline FILE`) listing each finding
//! by path (relative to the baseline's folder), rule, text and a few characters of context
//! on each side within its line. Line numbers are not used, so edits elsewhere in the file
//! do not disturb the match; a finding whose own line changes around it is new again.
//! Identical entries are counted: two accepted occurrences hide two, not three.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use zhproof::config_file::absolute_clean;
use zhproof::Finding;

/// Characters of context kept on each side.
const CONTEXT: usize = 8;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the baseline's folder, with `/` separators.
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// The text of the finding.
    pub text: String,
    /// Up to 8 characters before it on its line.
    pub before: String,
    /// Up to 8 characters after it on its line.
    pub after: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline being read (to filter) or written.
#[derive(Debug, Default)]
pub struct Baseline {
    /// Folder paths are relative to (absolute).
    dir: PathBuf,
    /// Entries still unmatched, counted.
    remaining: BTreeMap<Entry, usize>,
    /// Entries gathered for writing.
    gathered: Vec<Entry>,
}

impl Baseline {
    /// An empty baseline for the file `path` (for writing).
    pub fn new(path: &Path) -> Self {
        Baseline {
            dir: folder_of(path),
            ..Default::default()
        }
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// A message naming the file when it cannot be read or is not a baseline.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: FileFormat = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a zhproof baseline: {e}", path.display()))?;
        if file.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                file.version
            ));
        }
        let mut remaining = BTreeMap::new();
        for e in file.findings {
            *remaining.entry(e).or_insert(0) += 1;
        }
        Ok(Baseline {
            dir: folder_of(path),
            remaining,
            gathered: Vec::new(),
        })
    }

    /// The key of a finding of `file` (its display name) in `source`.
    pub fn entry(&self, file: &str, source: &str, f: &Finding) -> Entry {
        let path = relative_to(&self.dir, file);
        let start = f.span.start.min(source.len());
        let end = f.span.end.clamp(start, source.len());
        let before: Vec<char> = source
            .get(..start)
            .unwrap_or("")
            .chars()
            .rev()
            .take_while(|&c| c != '\n')
            .take(CONTEXT)
            .collect();
        let after: String = source
            .get(end..)
            .unwrap_or("")
            .chars()
            .take_while(|&c| c != '\n' && c != '\r')
            .take(CONTEXT)
            .collect();
        Entry {
            path,
            rule: f.rule.clone(),
            text: f.text.clone(),
            before: before.into_iter().rev().collect(),
            after,
        }
    }

    /// Drops the findings the baseline accepts (each entry accepts one finding).
    pub fn filter(&mut self, file: &str, source: &str, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                let key = self.entry(file, source, f);
                match self.remaining.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }

    /// Adds the findings of a file (for writing).
    pub fn gather(&mut self, file: &str, source: &str, findings: &[Finding]) {
        for f in findings {
            let e = self.entry(file, source, f);
            self.gathered.push(e);
        }
    }

    /// How many entries were gathered.
    pub fn len(&self) -> usize {
        self.gathered.len()
    }

    /// Writes the gathered entries (sorted, so the file is stable) as JSON.
    ///
    /// # Errors
    /// Errors writing to `out`.
    pub fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.gathered.sort();
        let file = FileFormat {
            version: 1,
            findings: std::mem::take(&mut self.gathered),
        };
        let text = serde_json::to_string_pretty(&file).map_err(io::Error::other)?;
        writeln!(out, "{text}")
    }
}

fn folder_of(path: &Path) -> PathBuf {
    let abs = absolute_clean(path);
    abs.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `file` (a display name) relative to `dir`, with `/` separators; as given when outside
/// it or standard input.
fn relative_to(dir: &Path, file: &str) -> String {
    if file == "<stdin>" {
        return file.to_string();
    }
    let p = Path::new(file);
    let rel = absolute_clean(p)
        .strip_prefix(dir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhproof::Checker;

    #[test]
    fn an_edit_elsewhere_leaves_only_the_new_finding() {
        let checker = Checker::new().unwrap_or_else(|e| panic!("{e}"));
        let before = "第一段。\n我们要再接再励。\n第三段，按装设备。\n";
        let mut b = Baseline::new(Path::new("/tmp/site/zhproof-baseline.json"));
        b.gather("/tmp/site/a.txt", before, &checker.check(before));
        assert_eq!(b.len(), 2);
        let mut json = Vec::new();
        b.write(&mut json).unwrap_or_else(|e| panic!("{e}"));
        let file: FileFormat = serde_json::from_slice(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.findings[0].path, "a.txt");
        let mut remaining = BTreeMap::new();
        for e in file.findings {
            *remaining.entry(e).or_insert(0) += 1;
        }
        let mut loaded = Baseline {
            dir: PathBuf::from("/tmp/site"),
            remaining,
            gathered: Vec::new(),
        };
        // New lines above, a new typo at the end: only the new one is left.
        let after =
            "新加的一行。\n\n第一段。\n我们要再接再励。\n第三段，按装设备。\n又布署了一次。\n";
        let left = loaded.filter("/tmp/site/a.txt", after, checker.check(after));
        let texts: Vec<&str> = left.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, vec!["布署"]);
    }
}
