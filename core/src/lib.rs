//! # zhproof
//!
//! Content proofing for Chinese text: wrong words (错别字, 异形词, non-standard
//! expressions), sensitive terms, privacy leaks and traditional/simplified misuse, in plain
//! text and HTML.
//!
//! ```
//! use zhproof::Checker;
//! let checker = Checker::new()?;
//! let text = "我们要再接再励。";
//! let findings = checker.check(text);
//! assert_eq!(findings[0].text, "再接再励");
//! assert_eq!(findings[0].suggestions[0], "再接再厉");
//! assert_eq!(&text[findings[0].span.range()], "再接再励");
//! # Ok::<(), zhproof::Error>(())
//! ```
//!
//! Spans are UTF-8 byte ranges into the input; [`positions`] converts them to lines,
//! columns, code-point (Python) and UTF-16 (JavaScript) offsets in one pass.

#![deny(missing_docs)]

pub mod checker;
pub mod config;
#[cfg(feature = "config-file")]
pub mod config_file;
pub mod convert;
pub mod detectors;
pub mod dict;
pub mod document;
pub mod error;
pub mod finding;
pub mod html;
pub mod lm;
pub mod nearest;
pub mod normalize;
pub mod pinyin;
pub mod positions;
pub mod rules;
pub mod segment;

/// Personal-data validators (resident ID, credit code, bank card, mobile, passport,
/// permits) that say why a value is invalid, and masking.
pub mod privacy {
    pub use crate::detectors::privacy::mask::{apply_masks, mask_email, mask_ip, mask_middle};
    pub use crate::detectors::privacy::validators::*;
    pub use crate::detectors::privacy::{Kind, PrivacyDetector};
}

pub use checker::mask;
pub use checker::{Checker, CheckerBuilder};
pub use config::{Config, DictionarySource, Script};
#[cfg(feature = "config-file")]
pub use config_file::ConfigFile;
pub use convert::{convert, Target};
pub use detectors::sensitive::{SensitiveLexicon, SensitiveProfile};
pub use document::Document;
pub use error::{Error, Result};
pub use finding::{Category, Finding, Severity, Span};
pub use html::HtmlOptions;
pub use lm::LanguageModel;
pub use positions::{positions, Position};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
