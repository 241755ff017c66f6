//! Dictionaries: the TSV format, built-in word lists and compiled matchers.
//!
//! # Format
//! UTF-8 text, one entry a line, `#` starts a comment line, blank lines are ignored.
//! Columns are separated by a TAB:
//!
//! | # | column | required | meaning |
//! |---|---|---|---|
//! | 1 | term | yes | the text to find (no tabs, no control characters, no leading/trailing spaces) |
//! | 2 | suggestions | no | replacements separated by `\|`, best first; empty for none |
//! | 3 | category | no | `typo` (default), `variant`, `expression`, `sensitive`, … |
//! | 4 | severity | no | `error`, `warning` or `info`; default depends on the category |
//! | 5 | message | no | short explanation shown to the user |
//! | 6 | guards | no | space-separated context guards (see [`Guard`]) |
//!
//! Sensitive lexicons put the sub-category in the rule: a category cell of
//! `sensitive/gambling` gives the rule `sensitive.gambling`.

mod matcher;
mod tsv;

pub use matcher::{Matcher, RawMatch};
pub(crate) use tsv::default_message;
pub use tsv::{parse_allowlist, parse_tsv, Entry, Guard};

use crate::error::{Error, Result};

/// One built-in dictionary, embedded at compile time.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinDictionary {
    /// File name under `dictionaries/`, used in error messages.
    pub name: &'static str,
    /// The file's content.
    pub text: &'static str,
}

/// The built-in lexicons (wrong words and friends), embedded at compile time.
pub const BUILTIN_DICTIONARIES: &[BuiltinDictionary] = &[
    BuiltinDictionary {
        name: "dictionaries/typos.tsv",
        text: include_str!("../../../dictionaries/typos.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/variants.tsv",
        text: include_str!("../../../dictionaries/variants.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/expressions.tsv",
        text: include_str!("../../../dictionaries/expressions.tsv"),
    },
];

/// The built-in allowlist (phrases that are never reported), embedded at compile time.
pub const BUILTIN_ALLOWLIST: BuiltinDictionary = BuiltinDictionary {
    name: "dictionaries/allow.txt",
    text: include_str!("../../../dictionaries/allow.txt"),
};

/// Parses every built-in dictionary.
///
/// # Errors
/// Returns [`Error::Dictionary`] if a built-in file is malformed (a bug caught by tests).
pub fn builtin_entries() -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for d in BUILTIN_DICTIONARIES {
        out.extend(parse_tsv(d.text, d.name)?);
    }
    Ok(out)
}

/// Reads and parses a user dictionary file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read or is not UTF-8, [`Error::Dictionary`] for a
/// malformed line.
pub fn load_tsv_file(path: &std::path::Path) -> Result<Vec<Entry>> {
    let text = read_utf8(path)?;
    parse_tsv(&text, &path.display().to_string())
}

/// Reads a file as UTF-8 (a leading BOM is dropped).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read or is not valid UTF-8.
pub fn read_utf8(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        ),
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        let entries = builtin_entries();
        assert!(entries.is_ok(), "{entries:?}");
        assert!(entries.map(|e| e.len()).unwrap_or(0) > 100);
        assert!(parse_allowlist(BUILTIN_ALLOWLIST.text, BUILTIN_ALLOWLIST.name).is_ok());
    }
}
