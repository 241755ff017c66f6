//! [`Checker`] and [`CheckerBuilder`]: every method of the checker lives here, and so
//! does the one pipeline every entry point (`check`, `check_document`, `check_html`) runs.
//! [`Config`] and its parts live in [`crate::config`] and are re-exported here.

pub use crate::config::{
    Config, DictionarySource, Script, DEFAULT_GROUP_THRESHOLD, DEFAULT_MAX_FINDINGS,
    DEFAULT_OFF_RULES,
};

use crate::detectors::lexicon::LexiconDetector;
use crate::detectors::{CheckContext, Detector};
use crate::dict::{self, Entry, Matcher};
use crate::document::Document;
use crate::error::Result;
use crate::finding::{Category, Family, Finding, Severity, Span};
use crate::html::HtmlOptions;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Builds a [`Checker`].
#[derive(Debug, Clone, Default)]
pub struct CheckerBuilder {
    config: Config,
    language_model: Option<std::sync::Arc<crate::lm::LanguageModel>>,
}

impl CheckerBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Reports only these categories.
    pub fn only(mut self, categories: impl IntoIterator<Item = Category>) -> Self {
        self.config.categories = Some(categories.into_iter().collect());
        self
    }

    /// Never reports this category.
    pub fn skip(mut self, category: Category) -> Self {
        self.config.skip.push(category);
        self
    }

    /// Never reports this rule (or the rules below it).
    pub fn disable_rule(mut self, rule: impl Into<String>) -> Self {
        self.config.disabled_rules.push(rule.into());
        self
    }

    /// Sets the target script.
    pub fn script(mut self, script: Script) -> Self {
        self.config.script = script;
        self
    }

    /// Adds a user dictionary file (TSV).
    pub fn dictionary_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config
            .dictionaries
            .push(DictionarySource::Path { path: path.into() });
        self
    }

    /// Adds a user dictionary given as TSV text; `name` is used in error messages.
    pub fn dictionary_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.config.dictionaries.push(DictionarySource::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Adds an allowlist phrase.
    pub fn allow(mut self, phrase: impl Into<String>) -> Self {
        self.config.allow.push(phrase.into());
        self
    }

    /// Adds an allowlist file.
    pub fn allow_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.allow_files.push(path.into());
        self
    }

    /// Uses (default) or leaves out the built-in dictionaries.
    pub fn builtin_dictionaries(mut self, yes: bool) -> Self {
        self.config.builtin_dictionaries = yes;
        self
    }

    /// Caps findings per document (0 = no cap).
    pub fn max_findings(mut self, n: usize) -> Self {
        self.config.max_findings = n;
        self
    }

    /// Drop findings whose confidence is below `min` (clamped to 0–1; NaN counts as 0);
    /// findings without a confidence are kept.
    pub fn min_confidence(mut self, min: f32) -> Self {
        self.config.min_confidence = if min.is_nan() {
            0.0
        } else {
            min.clamp(0.0, 1.0)
        };
        self
    }

    /// Uses this language model for `typo.context` (e.g. bytes fetched by a browser and
    /// read with [`crate::LanguageModel::from_bytes`]) instead of the built-in one.
    pub fn language_model(mut self, lm: std::sync::Arc<crate::lm::LanguageModel>) -> Self {
        self.language_model = Some(lm);
        self
    }

    /// Lowest confidence (0–1) at which `typo.context` findings are reported (see
    /// [`Config::context_min_confidence`]); NaN is ignored, values are clamped to 0–1.
    pub fn context_min_confidence(mut self, p: f32) -> Self {
        if !p.is_nan() {
            self.config.context_min_confidence = p.clamp(0.0, 1.0);
        }
        self
    }

    /// Loads the language model of `typo.context` from a file when building.
    pub fn language_model_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.language_model = Some(path.into());
        self
    }

    /// Parses the dictionaries and compiles the detectors.
    ///
    /// # Errors
    /// [`Error::Io`] for an unreadable dictionary, allowlist or model file,
    /// [`Error::Dictionary`] (`file:line: reason`) for a malformed line, [`Error::Build`] if
    /// an automaton cannot be built, [`Error::Config`] for a malformed model.
    pub fn build(self) -> Result<Checker> {
        Checker::build_with(self.config, self.language_model)
    }
}

/// The proof-reader. Immutable once built, `Send + Sync`: build once, share everywhere.
pub struct Checker {
    config: Config,
    detectors: Vec<Box<dyn Detector>>,
    allow: Matcher,
    /// Longest allowlist phrase in bytes: an occurrence covering a finding lies within this
    /// distance of it.
    allow_max_len: usize,
}

impl fmt::Debug for Checker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.detectors.iter().map(|d| d.name()).collect();
        f.debug_struct("Checker")
            .field("config", &self.config)
            .field("detectors", &names)
            .finish()
    }
}

/// The parsed dictionary material a checker is built from.
struct Material {
    entries: Vec<Entry>,
    allow: Vec<String>,
}

fn load_material(config: &Config) -> Result<Material> {
    let mut entries = Vec::new();
    let mut allow = Vec::new();
    if config.builtin_dictionaries {
        entries.extend(dict::builtin_entries()?);
        allow.extend(dict::parse_allowlist(
            dict::BUILTIN_ALLOWLIST.text,
            dict::BUILTIN_ALLOWLIST.name,
        )?);
    }
    for source in &config.dictionaries {
        match source {
            DictionarySource::Path { path } => entries.extend(dict::load_tsv_file(path)?),
            DictionarySource::Text { name, text } => entries.extend(dict::parse_tsv(text, name)?),
        }
    }
    for path in &config.allow_files {
        let text = dict::read_utf8(path)?;
        allow.extend(dict::parse_allowlist(&text, &path.display().to_string())?);
    }
    for phrase in &config.allow {
        let phrase = phrase.trim();
        if !phrase.is_empty() {
            allow.push(phrase.to_string());
        }
    }
    Ok(Material { entries, allow })
}

impl Checker {
    /// A checker with the default configuration (all categories, built-in dictionaries).
    ///
    /// # Errors
    /// See [`CheckerBuilder::build`].
    pub fn new() -> Result<Self> {
        Self::from_config(Config::default())
    }

    /// A builder.
    pub fn builder() -> CheckerBuilder {
        CheckerBuilder::new()
    }

    /// Builds a checker from a configuration.
    ///
    /// # Errors
    /// See [`CheckerBuilder::build`].
    pub fn from_config(config: Config) -> Result<Self> {
        Self::build_with(config, None)
    }

    fn build_with(
        config: Config,
        lm: Option<std::sync::Arc<crate::lm::LanguageModel>>,
    ) -> Result<Self> {
        let material = load_material(&config)?;
        let dictionary_rules: std::collections::BTreeSet<String> =
            material.entries.iter().map(Entry::rule).collect();
        config.validate(dictionary_rules.iter().map(String::as_str))?;
        let allow = Matcher::new(material.allow.iter().map(String::as_str))?;
        let allow_max_len = material.allow.iter().map(String::len).max().unwrap_or(0);
        let lm = match (lm, &config.language_model) {
            (Some(lm), _) => Some(lm),
            (None, Some(path)) => Some(std::sync::Arc::new(crate::lm::LanguageModel::from_path(
                path,
            )?)),
            (None, None) => None,
        };
        let detectors = build_detectors(&config, material.entries, lm)?;
        Ok(Checker {
            config,
            detectors,
            allow,
            allow_max_len,
        })
    }

    /// Every rule id this checker can report: the rules its detectors declare (with the
    /// ids its dictionaries create) and `format.truncated`, sorted. Rules that its
    /// configuration turns off are included. Flood summaries (`<rule>.page`, see
    /// [`Config::group_threshold`]) are not listed: their ids are those of listed rules
    /// with [`crate::rules::SUMMARY_SUFFIX`] appended.
    pub fn rules(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.detectors.iter().flat_map(|d| d.rules()).collect();
        ids.push("format.truncated");
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The configuration this checker was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks plain text. Spans are byte ranges into `text`.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_document(&Document::plain(text))
    }

    /// Checks a prepared document. Spans are byte ranges into `doc.source()`. For a
    /// document made by [`Document::from_html`] this includes the link checks, exactly as
    /// [`Checker::check_html`].
    ///
    /// A text over [`SEGMENT_BYTES`] is checked a segment at a time (cut at line breaks,
    /// else after sentence ends), keeping at most `max_findings` findings between
    /// segments: memory stays bounded by the segment, not by the number of matches, and
    /// findings beyond the cap are counted, not kept. Page-level findings (`*.page`) are
    /// then per segment. Detectors whose spans point into the source (the link checks)
    /// run once on the whole document.
    pub fn check_document(&self, doc: &Document<'_>) -> Vec<Finding> {
        self.check_document_max(doc, self.config.max_findings)
    }

    /// Checks plain text keeping every finding, whatever `max_findings` says (for callers
    /// that check a long input piece by piece and apply the cap to the whole). Otherwise
    /// the same as [`Checker::check`].
    pub fn check_uncapped(&self, text: &str) -> Vec<Finding> {
        self.check_document_max(&Document::plain(text), 0)
    }

    /// [`Checker::check_document`] with the cap `max` (0 = none).
    fn check_document_max(&self, doc: &Document<'_>, max: usize) -> Vec<Finding> {
        let text = doc.text();
        let source = doc.source();
        if text.is_empty()
            && doc
                .html_info()
                .is_none_or(|i| i.links.is_empty() && i.cut_tags.is_empty())
        {
            return Vec::new();
        }
        let order = |a: &Finding, b: &Finding| {
            (a.span.start, a.span.end, a.category, &a.rule).cmp(&(
                b.span.start,
                b.span.end,
                b.category,
                &b.rule,
            ))
        };
        let mut findings: Vec<Finding> = Vec::new();
        let mut cut = 0usize;
        let mut keep_first = |findings: &mut Vec<Finding>| {
            if max > 0 && findings.len() > max {
                // Keep the first `max` (linear-time selection); count the rest.
                findings.select_nth_unstable_by(max, order);
                cut += findings.len() - max;
                findings.truncate(max);
            }
        };
        let parts = segments(text, SEGMENT_BYTES);
        let many = parts.len() > 1;
        for (a, b) in parts {
            let mut part = self.check_segment(doc, a, b);
            findings.append(&mut part);
            // Memory stays bounded on long texts: cut after each segment. A text of one
            // segment is cut only after the flood summaries have counted every finding.
            if many {
                keep_first(&mut findings);
            }
        }
        let mut in_source = self.check_in_source(doc);
        findings.append(&mut in_source);
        // Flood summaries count every finding (on a text of several segments, what the cap
        // kept of the earlier segments).
        let mut groups = group_summaries(&findings, self.config.group_threshold);
        groups.retain(|g| self.config.rule_enabled(&g.rule));
        keep_first(&mut findings);
        findings.sort_by(order);
        // Copy the source text only for the findings that survive the cap: on inputs with
        // millions of matches this allocation dominated the post-processing.
        let mut findings = cap(findings, max, cut);
        for f in &mut findings {
            if f.rule != "format.truncated" {
                f.text = source.get(f.span.range()).unwrap_or("").to_string();
            }
        }
        if !groups.is_empty() {
            // Each summary goes right after the first place of its rule (before a
            // `format.truncated` note, which stays last).
            let body = findings
                .iter()
                .rposition(|f| f.rule != "format.truncated")
                .map_or(0, |i| i + 1);
            let mut tail = findings.split_off(body);
            for mut g in groups {
                g.text = source.get(g.span.range()).unwrap_or("").to_string();
                let at = findings.partition_point(|f| order(f, &g) != std::cmp::Ordering::Greater);
                findings.insert(at, g);
            }
            findings.append(&mut tail);
        }
        findings
    }

    /// True when `f` has a sound span within `within` and its category and rule are on.
    fn wanted(&self, f: &Finding, within: &str) -> bool {
        let sound = f.span.start < f.span.end
            && f.span.end <= within.len()
            && within.is_char_boundary(f.span.start)
            && within.is_char_boundary(f.span.end);
        debug_assert!(sound, "detector produced a bad span: {f:?}");
        sound
            && self.config.category_enabled(f.category)
            && self.config.rule_enabled(&f.rule)
            && self.config.confident_enough(f.confidence)
    }

    /// Gives each finding the severity the configuration sets for its rule, if any.
    fn apply_severity_overrides(&self, findings: &mut [Finding]) {
        if self.config.severity_overrides.is_empty() {
            return;
        }
        for f in findings {
            if let Some(s) = self.config.severity_override(&f.rule) {
                f.severity = s;
            }
        }
    }

    /// True when detector `d` should run under this configuration.
    fn runs(&self, d: &dyn Detector) -> bool {
        d.categories()
            .iter()
            .any(|&c| self.config.category_enabled(c))
    }

    /// The findings of the detectors whose spans point into `doc.source()` (the link
    /// checks), run once on the whole document (no text yet). The allowlist is matched in
    /// the source and overlaps are resolved there (text and source findings never share a
    /// family: see `resolve_overlaps`).
    fn check_in_source(&self, doc: &Document<'_>) -> Vec<Finding> {
        let ctx = CheckContext {
            doc,
            config: &self.config,
        };
        let source = doc.source();
        let mut in_source = Vec::new();
        for d in &self.detectors {
            if d.spans_in_source() && self.runs(d.as_ref()) {
                d.detect(&ctx, &mut in_source);
            }
        }
        in_source.retain(|f| self.wanted(f, source));
        self.apply_severity_overrides(&mut in_source);
        if in_source.is_empty() {
            return in_source;
        }
        let mut findings = resolve_overlaps(self.apply_allowlist(source, in_source));
        findings.retain(|f| source.get(f.span.range()).is_some_and(|s| !s.is_empty()));
        findings
    }

    /// The findings of the text detectors in `doc.text()[a..b]`, with spans into
    /// `doc.source()` (no text yet).
    fn check_segment(&self, doc: &Document<'_>, a: usize, b: usize) -> Vec<Finding> {
        let text = doc.text();
        let whole = a == 0 && b == text.len();
        let part_doc;
        let seg_doc = if whole {
            doc
        } else {
            part_doc = Document::plain(text.get(a..b).unwrap_or(""));
            &part_doc
        };
        let seg_text = seg_doc.text();
        let ctx = CheckContext {
            doc: seg_doc,
            config: &self.config,
        };
        let mut raw = Vec::new();
        for d in &self.detectors {
            if !d.spans_in_source() && self.runs(d.as_ref()) {
                d.detect(&ctx, &mut raw);
            }
        }
        raw.retain(|f| self.wanted(f, seg_text));
        self.apply_severity_overrides(&mut raw);
        if !whole {
            for f in &mut raw {
                f.span = Span::new(f.span.start + a, f.span.end + a);
            }
        }
        // The allowlist is matched in the text the findings point into; overlaps are
        // resolved there too.
        let raw = self.apply_allowlist(text, raw);
        let mut findings = resolve_overlaps(raw);
        let source = doc.source();
        for f in &mut findings {
            f.span = doc.to_source_span(f.span);
        }
        findings.retain(|f| source.get(f.span.range()).is_some_and(|s| !s.is_empty()));
        findings
    }

    /// Checks an HTML page (default [`HtmlOptions`]): the visible text, `alt`/`title`
    /// attributes and the meta description, plus the link checks (category `link`).
    /// Spans are byte ranges into `html`. The same as
    /// `check_document(&Document::from_html(html))`.
    pub fn check_html(&self, html: &str) -> Vec<Finding> {
        self.check_html_with(html, &HtmlOptions::default())
    }

    /// Checks an HTML page with the given extraction options. See [`Checker::check_html`].
    pub fn check_html_with(&self, html: &str, opts: &HtmlOptions) -> Vec<Finding> {
        self.check_document(&Document::from_html_with(html, opts))
    }

    /// Returns `text` with each personal-data leak this checker reports (privacy findings
    /// of severity warning or error, after its rules, allowlist and category settings)
    /// replaced by its masked form; every other byte is unchanged. A checker with the
    /// privacy category disabled masks nothing.
    pub fn mask(&self, text: &str) -> String {
        crate::detectors::privacy::mask::apply_masks(text, &leaks(self.check(text)))
    }

    fn apply_allowlist(&self, text: &str, findings: Vec<Finding>) -> Vec<Finding> {
        if self.allow.is_empty() || findings.is_empty() {
            return findings;
        }
        // Few findings: look only at the window around each one (an allowed phrase that
        // covers a finding starts at most `allow_max_len` bytes before it). Many findings:
        // one scan of the whole text is cheaper.
        let window_cost = findings.len().saturating_mul(3 * self.allow_max_len + 16);
        if window_cost < text.len() {
            return findings
                .into_iter()
                .filter(|f| !self.allowed_around(text, f.span))
                .collect();
        }
        let mut allowed: Vec<(usize, usize)> = self
            .allow
            .find_overlapping(text)
            .map(|m| (m.start, m.end))
            .collect();
        if allowed.is_empty() {
            return findings;
        }
        allowed.sort_unstable();
        // reach[i] = furthest end among allowed[..=i]
        let mut reach = Vec::with_capacity(allowed.len());
        let mut best = 0;
        for &(_, e) in &allowed {
            best = best.max(e);
            reach.push(best);
        }
        findings
            .into_iter()
            .filter(|f| {
                let n = allowed.partition_point(|&(s, _)| s <= f.span.start);
                n == 0 || reach[n - 1] < f.span.end
            })
            .collect()
    }

    /// True when an allowlist phrase occurrence covers `span` (searched in a window).
    fn allowed_around(&self, text: &str, span: Span) -> bool {
        let mut lo = span.start.saturating_sub(self.allow_max_len);
        while lo > 0 && !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = span.end.saturating_add(self.allow_max_len).min(text.len());
        while hi < text.len() && !text.is_char_boundary(hi) {
            hi += 1;
        }
        let Some(window) = text.get(lo..hi) else {
            return false;
        };
        self.allow
            .find_overlapping(window)
            .any(|m| lo + m.start <= span.start && lo + m.end >= span.end)
    }
}

// ---------------------------------------------------------------------------------------
// Masking (the privacy findings applied to the text)
// ---------------------------------------------------------------------------------------

fn leaks(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| f.category == Category::Privacy && f.severity >= Severity::Warning)
        .collect()
}

/// Masks every personal-data leak (privacy finding of severity warning or error) in `text`
/// with the default configuration; nothing else changes. Business numbers, company codes
/// and other `info` findings are left as they are.
///
/// ```
/// let out = zhproof::mask("身份证号110101199003074258，手机 138 1234 5678。");
/// assert_eq!(out, "身份证号110101********4258，手机 138 **** 5678。");
/// ```
pub fn mask(text: &str) -> String {
    static DEFAULT: std::sync::OnceLock<Option<Checker>> = std::sync::OnceLock::new();
    let checker = DEFAULT.get_or_init(|| {
        Checker::builder()
            .only([Category::Privacy])
            .max_findings(0)
            .build()
            .ok()
    });
    match checker {
        Some(c) => c.mask(text),
        None => {
            // Fallback without the built-in allowlist: run the detector alone.
            let config = Config::default();
            let doc = Document::plain(text);
            let ctx = CheckContext {
                doc: &doc,
                config: &config,
            };
            let mut raw = Vec::new();
            if let Ok(d) = crate::detectors::privacy::PrivacyDetector::shared() {
                d.detect(&ctx, &mut raw);
            }
            raw.sort_by_key(|f| (f.span.start, f.span.end));
            crate::detectors::privacy::mask::apply_masks(text, &leaks(raw))
        }
    }
}

/// Assembles the detectors for a configuration.
fn build_detectors(
    _config: &Config,
    entries: Vec<Entry>,
    lm: Option<std::sync::Arc<crate::lm::LanguageModel>>,
) -> Result<Vec<Box<dyn Detector>>> {
    let mut detectors: Vec<Box<dyn Detector>> = vec![
        Box::new(crate::detectors::punctuation::PunctuationDetector::new()),
        Box::new(crate::detectors::numbers::NumbersDetector::new()),
        Box::new(crate::detectors::damage::DamageDetector::new()),
        Box::new(crate::detectors::leftovers::LeftoverDetector::new()),
    ];
    // Sensitive terms: folded, noise-skipping matching with context rules (own detector).
    let (sensitive, entries): (Vec<Entry>, Vec<Entry>) = entries
        .into_iter()
        .partition(|e| e.category == Category::Sensitive);
    let sensitive = crate::detectors::sensitive::SensitiveDetector::from_parts(
        _config.builtin_dictionaries,
        sensitive,
        &_config.allow,
    )?;
    if !sensitive.is_empty() {
        detectors.push(Box::new(sensitive));
    }
    let lexicon = LexiconDetector::new(entries)?;
    if !lexicon.is_empty() {
        detectors.push(Box::new(lexicon));
    }
    detectors.push(Box::new(crate::detectors::grammar::GrammarDetector::new()));
    detectors.push(Box::new(crate::detectors::usage::UsageDetector::new()));
    #[cfg(feature = "statistical")]
    {
        let context = match lm {
            Some(lm) => crate::detectors::context::ContextDetector::with_model(lm),
            None => crate::detectors::context::ContextDetector::new(),
        };
        if context.has_model() {
            detectors.push(Box::new(context));
        }
    }
    #[cfg(not(feature = "statistical"))]
    let _ = lm;
    #[cfg(feature = "idiom")]
    detectors.push(Box::new(crate::detectors::idiom::IdiomDetector));
    detectors.push(Box::new(crate::detectors::glyph::GlyphDetector));
    detectors.push(Box::new(crate::detectors::script::ScriptDetector::new()));
    detectors.push(Box::new(
        crate::detectors::privacy::PrivacyDetector::shared()?.clone(),
    ));
    detectors.push(Box::new(crate::detectors::links::LinkDetector));
    Ok(detectors)
}

/// What a finding competes within: its family, and for link findings (each describes a
/// different property of one link: an IP host on an `http://` link of an https page is two
/// problems) its rule.
fn arena(f: &Finding) -> (Family, &str) {
    match f.category.family() {
        Family::Link => (Family::Link, f.rule.as_str()),
        family => (family, ""),
    }
}

/// Within a family, overlapping findings compete: the more severe wins, then the longer,
/// then a rule-exact one (no confidence) over an estimated one, then the earlier (link
/// findings compete only with findings of their own rule). Across families all findings
/// stay, and so do document-level findings (rule ids ending in `.page`, e.g.
/// `script.page`), which span the whole text.
fn resolve_overlaps(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        arena(a)
            .cmp(&arena(b))
            .then(b.severity.cmp(&a.severity))
            .then(b.span.len().cmp(&a.span.len()))
            .then(a.confidence.is_some().cmp(&b.confidence.is_some()))
            // a list-backed rule (typo.idiom) names the error more precisely than the
            // language model on the same span
            .then((a.rule == "typo.context").cmp(&(b.rule == "typo.context")))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut family: Option<(Family, String)> = None;
    for f in findings {
        // page-level summaries and spam blocks (which list the phrases under them) never
        // hide the findings they overlap
        if f.rule.ends_with(".page")
            || f.rule == crate::detectors::sensitive::SPAM_BLOCK_RULE
            || f.rule == crate::detectors::sensitive::SPAM_PAGE_RULE
        {
            kept.push(f);
            continue;
        }
        let (fam, rule) = arena(&f);
        if family.as_ref().is_none_or(|(a, r)| *a != fam || r != rule) {
            family = Some((fam, rule.to_string()));
            taken.clear();
        }
        let clash_before = taken
            .range(..f.span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > f.span.start);
        if clash_before {
            continue;
        }
        taken.insert(f.span.start, f.span.end);
        kept.push(f);
    }
    kept
}

/// Suffix of the rule id of a flood summary (`punctuation.halfwidth.page`).
pub const GROUP_SUFFIX: &str = crate::rules::SUMMARY_SUFFIX;

/// One summary finding for each rule with more than `threshold` findings (0 = none).
/// Document-level findings (`….page`) and `format.truncated` are never grouped.
fn group_summaries(findings: &[Finding], threshold: usize) -> Vec<Finding> {
    if threshold == 0 || findings.len() <= threshold {
        return Vec::new();
    }
    // rule -> (count, index of the first place, highest severity)
    let mut by_rule: BTreeMap<&str, (usize, usize, Severity)> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.rule.ends_with(GROUP_SUFFIX) || f.rule == "format.truncated" {
            continue;
        }
        let e = by_rule.entry(f.rule.as_str()).or_insert((0, i, f.severity));
        e.0 += 1;
        let first = &findings[e.1];
        if (f.span.start, f.span.end) < (first.span.start, first.span.end) {
            e.1 = i;
        }
        e.2 = e.2.max(f.severity);
    }
    by_rule
        .into_iter()
        .filter(|(_, (n, _, _))| *n > threshold)
        .map(|(rule, (n, first, severity))| {
            let f = &findings[first];
            Finding::new(
                format!("{rule}{GROUP_SUFFIX}"),
                f.category,
                severity,
                f.span,
                format!("{}：本页共 {n} 处，请统一检查修改", f.message),
            )
        })
        .collect()
}

/// Text segments of about `size` bytes: `(start, end)` byte ranges covering `text`, cut
/// after a line break when one lies in the second half of the window, else after a
/// sentence end (`。！？`), else at a char boundary. One segment for a short text.
pub(crate) fn segments(text: &str, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    while a < text.len() {
        if text.len() - a <= size {
            out.push((a, text.len()));
            break;
        }
        let mut limit = a + size;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[a..limit];
        let mut half = window.len() / 2;
        while !window.is_char_boundary(half) {
            half -= 1;
        }
        let cut = window[half..]
            .rfind('\n')
            .map(|i| half + i + 1)
            .or_else(|| {
                window[half..]
                    .rfind(['。', '！', '？'])
                    .map(|i| half + i + '。'.len_utf8())
            })
            .unwrap_or(window.len());
        let b = a + cut.max(1);
        let mut b = b.min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        out.push((a, b));
        a = b;
    }
    out
}

/// Texts longer than this are checked a segment at a time ([`Checker::check_document`]).
pub const SEGMENT_BYTES: usize = 1 << 20;

/// The first `max` findings (sorted) and, when some were cut (`already_cut` beyond those
/// cut here), a `format.truncated` note saying how many.
fn cap(mut findings: Vec<Finding>, max: usize, already_cut: usize) -> Vec<Finding> {
    if max == 0 || (findings.len() <= max && already_cut == 0) {
        return findings;
    }
    let cut = findings.len().saturating_sub(max) + already_cut;
    let last_end = findings
        .get(max.min(findings.len()).saturating_sub(1))
        .map(|f| f.span.end)
        .unwrap_or(0);
    findings.truncate(max);
    let mut summary = Finding::new(
        "format.truncated",
        Category::Format,
        Severity::Info,
        Span::new(last_end, last_end),
        format!("发现问题过多，另有 {cut} 处未列出（上限 {max}）"),
    );
    summary.text = String::new();
    findings.push(summary);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(b: CheckerBuilder) -> Checker {
        match b.build() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn segments_cover_the_text_at_good_places() {
        let text =
            "按装设备。\n".repeat(50_000) + &"一股作气！".repeat(100_000) + &"x".repeat(3_000_000);
        let segs = segments(&text, SEGMENT_BYTES);
        assert!(segs.len() > 3);
        assert_eq!(segs.first().map(|s| s.0), Some(0));
        assert_eq!(segs.last().map(|s| s.1), Some(text.len()));
        for w in segs.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        for &(a, b) in &segs {
            assert!(b > a && b - a <= SEGMENT_BYTES);
            let end = &text[..b];
            assert!(
                b == text.len() || end.ends_with('\n') || end.ends_with('！') || end.ends_with('x'),
                "{:?}",
                &end[end.len().saturating_sub(9)..]
            );
        }
        assert_eq!(segments("短", SEGMENT_BYTES), vec![(0, 3)]);
    }

    #[test]
    fn long_texts_are_checked_in_segments_with_the_same_findings_and_a_bounded_cap() {
        let c = checker(Checker::builder().max_findings(0));
        let para = "我们要再接再励，按装设备，联系电话13812345678。\n";
        let text = para.repeat(2 * SEGMENT_BYTES / para.len() + 100);
        let f = c.check(&text);
        let n = text.len() / para.len();
        let count = |rule: &str| f.iter().filter(|x| x.rule == rule).count();
        assert_eq!(count("privacy.mobile"), n);
        assert_eq!(
            f.iter().filter(|x| x.rule.starts_with("typo")).count(),
            2 * n
        );
        for x in &f {
            assert_eq!(&text[x.span.range()], x.text);
        }
        let capped = checker(Checker::builder().max_findings(1000)).check(&text);
        assert_eq!(capped.len(), 1001);
        let note = capped.iter().find(|x| x.rule == "format.truncated");
        let cut = f.len() - 1000;
        assert!(
            note.is_some_and(|n| n.message.contains(&format!("另有 {cut} 处"))),
            "{note:?}"
        );
        assert_eq!(&capped[..1000], &f[..1000]);
    }

    #[test]
    fn checker_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Checker>();
    }

    #[test]
    fn finds_builtin_typo_with_exact_span() {
        let c = checker(Checker::builder());
        let text = "我们要再接再励，按装设备。";
        let f = c.check(text);
        let found: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.text.as_str(), f.suggestions[0].as_str()))
            .collect();
        assert_eq!(found, vec![("再接再励", "再接再厉"), ("按装", "安装")]);
        for x in &f {
            assert_eq!(&text[x.span.range()], x.text);
            assert_eq!(x.category, Category::Typo);
        }
    }

    #[test]
    fn empty_text_has_no_findings() {
        assert!(checker(Checker::builder()).check("").is_empty());
    }

    #[test]
    fn longest_wins_and_guards_let_shorter_through() {
        let dict =
            "甲乙丙\t甲乙丁\n乙丙\t乙戊\ttypo\twarning\n丙丁\t丙己\ttypo\terror\t\t!丙丁卯\n";
        let c = checker(
            Checker::builder()
                .builtin_dictionaries(false)
                .dictionary_text("d", dict),
        );
        let f = c.check("甲乙丙");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text, "甲乙丙");
        assert!(c.check("丙丁卯").is_empty());
        assert_eq!(c.check("丙丁").len(), 1);
    }

    #[test]
    fn allowlist_longest_phrase_wins() {
        let c = checker(Checker::builder().allow("在接再励大会"));
        assert!(c.check("在接再励大会").is_empty());
        let c2 = checker(Checker::builder());
        assert!(!c2.check("请再接再励").is_empty());
    }

    #[test]
    fn allowlist_window_and_full_scan_agree() {
        let c = checker(
            Checker::builder()
                .only([Category::Typo])
                .allow("在接再励大会")
                .allow("按装置"),
        );
        let filler = "各地区各部门认真贯彻落实。".repeat(200);
        // few findings in a long text: the windowed path
        let text = format!("{filler}召开在接再励大会{filler}请再接再励{filler}按装置");
        let found: Vec<String> = c.check(&text).into_iter().map(|f| f.text).collect();
        assert_eq!(found, vec!["再接再励".to_string()]);
        // many findings: the full-scan path gives the same verdicts
        let dense = "在接再励大会，请再接再励。".repeat(50);
        let f = c.check(&dense);
        assert_eq!(f.len(), 50);
        assert!(f
            .iter()
            .all(|f| &dense[f.span.start - 3..f.span.start] == "请"));
    }

    #[test]
    fn categories_and_rules_can_be_disabled() {
        let text = "再接再励";
        assert!(checker(Checker::builder().skip(Category::Typo))
            .check(text)
            .is_empty());
        assert!(checker(Checker::builder().only([Category::Privacy]))
            .check(text)
            .is_empty());
        assert!(checker(Checker::builder().disable_rule("typo"))
            .check(text)
            .is_empty());
        // typo.idiom and typo.context still know the idiom 再接再厉.
        let rest = checker(Checker::builder().disable_rule("typo.word")).check(text);
        assert!(rest.iter().all(|f| f.rule != "typo.word"), "{rest:?}");
        assert!(checker(
            Checker::builder()
                .disable_rule("typo.word")
                .disable_rule("typo.idiom")
                .disable_rule("typo.context")
        )
        .check(text)
        .is_empty());
        // An unknown id is an error naming the nearest one, not a silent no-op.
        let err = Checker::builder().disable_rule("typo.wor").build().err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some(
                "invalid configuration: unknown rule `typo.wor`; did you mean `typo.word`?".into()
            )
        );
        let err = Checker::builder()
            .config(Config {
                enable_rules: vec!["format.cjk_spac".into()],
                ..Config::default()
            })
            .build()
            .err();
        assert!(err.is_some_and(|e| e.to_string().contains("`format.cjk_space`")));
        // Rules a user dictionary creates are known once the dictionary is loaded.
        let own = Checker::builder()
            .dictionary_text("mine.tsv", "某某词\t\tsensitive/custom\n")
            .disable_rule("sensitive.custom")
            .build();
        assert!(own.is_ok_and(|c| c.check("某某词").is_empty()));
        assert!(Checker::builder()
            .disable_rule("sensitive.custom")
            .build()
            .is_err());
    }

    #[cfg(feature = "idiom")]
    #[test]
    fn min_confidence_drops_only_less_sure_findings() {
        // 油刃有余: typo.idiom at 0.9; 一阵见血: at 0.75; 再接再励: typo.word, no confidence.
        let text = "他油刃有余，一阵见血，我们要再接再励。";
        let rules = |min: f32| -> Vec<(String, String)> {
            checker(
                Checker::builder()
                    .only([Category::Typo])
                    .min_confidence(min),
            )
            .check(text)
            .into_iter()
            .map(|f| (f.text, f.rule))
            .collect()
        };
        let all = rules(0.0);
        assert_eq!(all.len(), 3, "{all:?}");
        let sure = rules(0.8);
        assert_eq!(
            sure,
            vec![
                ("油刃有余".to_string(), "typo.idiom".to_string()),
                ("再接再励".to_string(), "typo.word".to_string())
            ]
        );
        assert_eq!(rules(1.0), vec![("再接再励".into(), "typo.word".into())]);
        let c = Config {
            min_confidence: 0.8,
            ..Config::default()
        };
        assert_eq!(Config::from_json(&c.to_json()).ok(), Some(c));
    }

    #[test]
    fn bad_user_dictionary_is_an_error_naming_line() {
        let r = Checker::builder()
            .dictionary_text("mine.tsv", "好\t\n坏\t\tbogus\n")
            .build();
        match r {
            Err(e) => assert!(e.to_string().starts_with("mine.tsv:2: unknown category")),
            Ok(_) => panic!("accepted a bad dictionary"),
        }
        let r = Checker::builder()
            .dictionary_path("/no/such/file.tsv")
            .build();
        assert!(matches!(r, Err(crate::Error::Io { .. })));
    }

    #[test]
    fn findings_are_capped_with_summary() {
        let text = "按装".repeat(20);
        let f = checker(Checker::builder().max_findings(5)).check(&text);
        assert_eq!(f.len(), 6);
        assert_eq!(f[5].rule, "format.truncated");
        assert!(f[5].message.contains("15"));
        // The same checker, uncapped: every finding and no summary, as with no cap.
        let all = checker(Checker::builder().max_findings(5)).check_uncapped(&text);
        let none = checker(Checker::builder().max_findings(0)).check(&text);
        assert_eq!(all.len(), 20);
        assert_eq!(all, none);
    }

    #[test]
    fn floods_get_one_summary_and_keep_every_finding() {
        let text = "北京,上海,广州。".repeat(15); // 30 half-width commas
        let mut cfg = Config {
            group_threshold: 20,
            categories: Some(vec![Category::Punctuation]),
            ..Config::default()
        };
        let f = checker(Checker::builder().config(cfg.clone())).check(&text);
        let singles = f
            .iter()
            .filter(|f| f.rule == "punctuation.halfwidth")
            .count();
        let sums: Vec<&Finding> = f
            .iter()
            .filter(|f| f.rule == "punctuation.halfwidth.page")
            .collect();
        assert_eq!(singles, 30);
        assert_eq!(sums.len(), 1);
        assert!(sums[0].message.contains("30 处"), "{}", sums[0].message);
        // the summary sits at the first place, right after it
        assert_eq!(sums[0].span, f[0].span);
        assert_eq!(f[1].rule, "punctuation.halfwidth.page");
        assert_eq!(sums[0].text, ",");
        // at or under the threshold: no summary; 0 = never
        cfg.group_threshold = 30;
        let f = checker(Checker::builder().config(cfg.clone())).check(&text);
        assert!(f.iter().all(|f| !f.rule.ends_with(".page")));
        cfg.group_threshold = 0;
        let f = checker(Checker::builder().config(cfg.clone())).check(&text);
        assert_eq!(f.len(), 30);
        // with a cap, the summary still counts every finding and the truncation note
        // stays last
        cfg.group_threshold = 5;
        cfg.max_findings = 10;
        let f = checker(Checker::builder().config(cfg)).check(&text);
        assert_eq!(f.len(), 12);
        assert!(f[1].message.contains("30 处"));
        assert_eq!(f[11].rule, "format.truncated");
    }

    #[test]
    fn config_round_trips_json() {
        let mut c = Config {
            script: Script::ZhTw,
            skip: vec![Category::Privacy],
            ..Config::default()
        };
        c.dictionaries.push(DictionarySource::Text {
            name: "n".into(),
            text: "a\tb\n".into(),
        });
        let back = Config::from_json(&c.to_json());
        assert_eq!(back.ok(), Some(c));
        assert!(Config::from_json("{\"nope\": 1}").is_err());
        assert_eq!(
            Config::from_json("{\"script\":\"zh-HK\"}")
                .map(|c| c.script)
                .ok(),
            Some(Script::ZhHk)
        );
    }
}
