//! Finding and reading the inputs named on the command line.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions checked when walking a directory.
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// One input to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name used in reports.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// True when the file name says HTML.
    pub fn looks_like_html(&self) -> bool {
        match self {
            Input::Stdin => false,
            Input::File(p) => p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")),
        }
    }

    /// True when the file name says Markdown (`.md`, `.markdown`).
    pub fn is_markdown(&self) -> bool {
        match self {
            Input::Stdin => false,
            Input::File(p) => p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
            }),
        }
    }

    /// Reads the whole input as bytes.
    ///
    /// # Errors
    /// I/O errors; and for a path that is not a regular file (a FIFO, a device, a socket:
    /// reading one may block for ever or never end), an error saying to use `-` for
    /// standard input instead. The check looks at the file type without opening it.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(p) => {
                let meta = std::fs::metadata(p)?;
                if !meta.is_file() {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "not a regular file (a FIFO, device or socket); pipe it to `-` instead",
                    ));
                }
                std::fs::read(p)
            }
        }
    }
}

/// Expands the command-line paths: `-` is stdin, a file is itself, a directory is walked
/// recursively for files with [`EXTENSIONS`] (sorted, so output is stable). Paths that do
/// not exist or cannot be listed are returned as errors, one message each; the rest are
/// still expanded.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(p.clone())),
            Err(e) => errors.push(format!("{}: {}", p.display(), e)),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(format!("{}: {}", dir.display(), e));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        // symlink_metadata: do not follow directory symlinks (no cycles).
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, inputs, errors),
            Ok(_) => {
                let wanted = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
                if wanted && std::fs::metadata(&p).is_ok_and(|m| m.is_file()) {
                    inputs.push(Input::File(p));
                }
            }
            Err(e) => errors.push(format!("{}: {}", p.display(), e)),
        }
    }
}
