//! Errors returned by zhproof.

use std::path::PathBuf;

/// Everything that can go wrong when building a checker or reading input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A dictionary line could not be parsed. `origin` is the file path or the name given to
    /// a dictionary passed as a string; `line` is 1-based.
    #[error("{origin}:{line}: {reason}")]
    Dictionary {
        /// File path or name of the dictionary.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A configuration value is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An automaton could not be built from the dictionaries.
    #[error("cannot build matcher: {0}")]
    Build(String),
}

/// `Result` with zhproof's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
