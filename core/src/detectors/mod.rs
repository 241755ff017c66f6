//! Detectors: one module per family. Each implements [`Detector`].
//!
//! A detector reads the document's text (or a view of it) and pushes findings whose spans
//! are byte ranges into `doc.text()` (or, for detectors whose
//! [`Detector::spans_in_source`] is true, such as the link checks, into `doc.source()`);
//! the checker maps them to the source, fills in `text`, applies the allowlist, resolves
//! overlaps, sorts and caps them, the same way for every detector.
//!
//! Every rule id a detector emits is listed by [`Detector::rules`] and registered in
//! [`crate::rules`] (tests check both on the golden cases).

pub(crate) mod charclass;
#[cfg(feature = "statistical")]
pub mod context;
pub mod damage;
#[cfg(any(feature = "statistical", feature = "idiom"))]
mod fast_hash;
pub mod glyph;
pub mod grammar;
#[cfg(feature = "idiom")]
pub mod idiom;
pub mod leftovers;
pub mod lexicon;
pub mod links;
pub(crate) mod mojibake;
pub mod numbers;
pub mod privacy;
pub mod punctuation;
pub mod script;
pub mod sensitive;
pub mod sensitive_role;
pub mod spam;
pub mod usage;

/// Former default threshold of `typo.statistical` (tenths), kept for configuration
/// compatibility: `typo.context` decides with its learned layer and ignores it.
pub const STATISTICAL_DEFAULT_THRESHOLD_TENTHS: u32 = 60;

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Category, Finding};

/// What a detector gets to look at.
pub struct CheckContext<'a> {
    /// The document being checked.
    pub doc: &'a Document<'a>,
    /// The checker's configuration.
    pub config: &'a Config,
}

impl CheckContext<'_> {
    /// True when findings of `category` are wanted (detectors skip work otherwise).
    pub fn wants(&self, category: Category) -> bool {
        self.config.category_enabled(category)
    }
}

/// One family of checks.
pub trait Detector: Send + Sync {
    /// Short stable name, e.g. `lexicon`.
    fn name(&self) -> &'static str;

    /// Categories this detector may report; it is not run when none is enabled.
    fn categories(&self) -> &[Category];

    /// Every rule id this detector may emit (each one registered in [`crate::rules`]).
    fn rules(&self) -> Vec<&str>;

    /// True when the spans of this detector's findings are byte ranges into
    /// `doc.source()` (e.g. HTML attributes and tags) instead of `doc.text()`.
    fn spans_in_source(&self) -> bool {
        false
    }

    /// Appends findings (spans into `ctx.doc.text()`) to `out`. Must not panic on any input.
    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>);
}
