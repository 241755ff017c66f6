//! [`Checker`], [`CheckerBuilder`] and [`Config`].

use crate::detectors::lexicon::LexiconDetector;
use crate::detectors::{CheckContext, Detector};
use crate::dict::{self, Entry, Matcher};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::finding::{Category, Finding, Severity, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// The script a page must be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Script {
    /// Simplified Chinese (mainland). The default.
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// Traditional Chinese (OpenCC standard forms).
    #[serde(rename = "zh-Hant")]
    ZhHant,
    /// Traditional Chinese as used in Taiwan.
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// Traditional Chinese as used in Hong Kong.
    #[serde(rename = "zh-HK")]
    ZhHk,
}

impl Script {
    /// The BCP 47-style name (`zh-Hans`, `zh-Hant`, `zh-TW`, `zh-HK`).
    pub fn as_str(self) -> &'static str {
        match self {
            Script::ZhHans => "zh-Hans",
            Script::ZhHant => "zh-Hant",
            Script::ZhTw => "zh-TW",
            Script::ZhHk => "zh-HK",
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Script {
    type Err = String;

    /// Parses `zh-Hans`, `zh-Hant`, `zh-TW` or `zh-HK` (case-insensitive; `_` accepted for `-`).
    ///
    /// # Errors
    /// A message naming the accepted values.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh-hans" | "zh-cn" | "s" => Ok(Script::ZhHans),
            "zh-hant" | "t" => Ok(Script::ZhHant),
            "zh-tw" | "tw" => Ok(Script::ZhTw),
            "zh-hk" | "hk" => Ok(Script::ZhHk),
            _ => Err(format!(
                "unknown script `{s}` (expected zh-Hans, zh-Hant, zh-TW or zh-HK)"
            )),
        }
    }
}

/// A user dictionary: a file, or text with a name used in error messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DictionarySource {
    /// A TSV file on disk.
    Path {
        /// The file.
        path: PathBuf,
    },
    /// TSV content given directly.
    Text {
        /// Name shown in errors (`name:line: reason`).
        name: String,
        /// The TSV content.
        text: String,
    },
}

/// Rules reported only when named in [`Config::enable_rules`]: heuristics whose false-alarm
/// rate on clean edited prose (People's Daily, January 1998) is above 1 per 20,000
/// characters, or whose precision is unproven (no true hit on the evaluation sets).
/// Figures: `tests/eval/punctuation.py`, `tests/eval/statistical.py`.
pub const DEFAULT_OFF_RULES: &[&str] = &["format.year_missing_loose", "format.cjk_space"];

/// Default cap on findings per document.
pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

/// Everything that decides what a [`Checker`] reports. Serialisable (JSON), so that front
/// ends and worker processes can rebuild the same checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Categories to report; `None` means all.
    pub categories: Option<Vec<Category>>,
    /// Categories never reported (applied after `categories`).
    pub skip: Vec<Category>,
    /// Rule ids never reported. An id also disables the rules below it: `typo` disables
    /// `typo.word` and `typo.de`.
    pub disabled_rules: Vec<String>,
    /// Rules that are off by default ([`DEFAULT_OFF_RULES`]) to report anyway (an id also
    /// enables the rules below it). `disabled_rules` still wins.
    pub enable_rules: Vec<String>,
    /// Target script of the page.
    pub script: Script,
    /// User dictionaries, added to (or replacing, see `builtin_dictionaries`) the built-in ones.
    pub dictionaries: Vec<DictionarySource>,
    /// Phrases that are never reported: a finding inside an occurrence of one is dropped.
    pub allow: Vec<String>,
    /// Allowlist files (one phrase a line).
    pub allow_files: Vec<PathBuf>,
    /// Whether the built-in dictionaries and allowlist are used.
    pub builtin_dictionaries: bool,
    /// Most findings reported per document (0 = no limit). When findings are cut, a
    /// `format.truncated` info finding says how many.
    pub max_findings: usize,
    /// Former threshold of `typo.statistical` (tenths). Kept so that old configurations
    /// still parse; ignored since `typo.context` replaced that rule (its learned decision
    /// layer gives each finding a `confidence`).
    pub statistical_threshold: u32,
    /// A language-model file (`dictionaries/tools/build_lm.py` format) for `typo.context`,
    /// used instead of the built-in one (builds without the `lm` feature have none).
    pub language_model: Option<PathBuf>,
    /// Who publishes the text: weighs sensitive-term findings (`government`, the default,
    /// or `comments`).
    pub sensitive_profile: crate::detectors::sensitive::SensitiveProfile,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            categories: None,
            skip: Vec::new(),
            disabled_rules: Vec::new(),
            enable_rules: Vec::new(),
            script: Script::default(),
            dictionaries: Vec::new(),
            allow: Vec::new(),
            allow_files: Vec::new(),
            builtin_dictionaries: true,
            max_findings: DEFAULT_MAX_FINDINGS,
            statistical_threshold: crate::detectors::STATISTICAL_DEFAULT_THRESHOLD_TENTHS,
            language_model: None,
            sensitive_profile: Default::default(),
        }
    }
}

impl Config {
    /// Parses a JSON configuration (unknown keys are rejected).
    ///
    /// # Errors
    /// [`Error::Config`] with serde's message.
    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| Error::Config(e.to_string()))
    }

    /// The configuration as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// True when findings of `category` are reported.
    pub fn category_enabled(&self, category: Category) -> bool {
        let listed = self
            .categories
            .as_ref()
            .is_none_or(|cats| cats.contains(&category));
        listed && !self.skip.contains(&category)
    }

    /// True when findings of `rule` are reported (its category enabled, the rule not
    /// disabled).
    pub fn rule_enabled(&self, rule: &str) -> bool {
        let under = |d: &String| {
            rule == d
                || (rule.starts_with(d.as_str()) && rule.as_bytes().get(d.len()) == Some(&b'.'))
        };
        if self.disabled_rules.iter().any(under) {
            return false;
        }
        !DEFAULT_OFF_RULES.contains(&rule) || self.enable_rules.iter().any(under)
    }
}

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

    /// Uses this language model for `typo.context` (e.g. bytes fetched by a browser and
    /// read with [`crate::LanguageModel::from_bytes`]) instead of the built-in one.
    pub fn language_model(mut self, lm: std::sync::Arc<crate::lm::LanguageModel>) -> Self {
        self.language_model = Some(lm);
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

    /// The configuration this checker was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks plain text. Spans are byte ranges into `text`.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_document(&Document::plain(text))
    }

    /// Checks a prepared document. Spans are byte ranges into `doc.source()`.
    pub fn check_document(&self, doc: &Document<'_>) -> Vec<Finding> {
        let text = doc.text();
        if text.is_empty() {
            return Vec::new();
        }
        let ctx = CheckContext {
            doc,
            config: &self.config,
        };
        let mut raw = Vec::new();
        for d in &self.detectors {
            if d.categories()
                .iter()
                .any(|&c| self.config.category_enabled(c))
            {
                d.detect(&ctx, &mut raw);
            }
        }
        raw.retain(|f| {
            let sound = f.span.start < f.span.end
                && f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end);
            debug_assert!(sound, "detector produced a bad span: {f:?}");
            sound && self.config.category_enabled(f.category) && self.config.rule_enabled(&f.rule)
        });
        let raw = self.apply_allowlist(text, raw);
        let mut findings = resolve_overlaps(raw);
        let source = doc.source();
        for f in &mut findings {
            f.span = doc.to_source_span(f.span);
        }
        findings.retain(|f| source.get(f.span.range()).is_some_and(|s| !s.is_empty()));
        let order = |a: &Finding, b: &Finding| {
            (a.span.start, a.span.end, a.category, &a.rule).cmp(&(
                b.span.start,
                b.span.end,
                b.category,
                &b.rule,
            ))
        };
        let max = self.config.max_findings;
        if max > 0 && findings.len() > max {
            // Only the first `max` are reported: select them in linear time, sort only them.
            findings.select_nth_unstable_by(max, order);
            findings[..max].sort_by(order);
        } else {
            findings.sort_by(order);
        }
        // Copy the source text only for the findings that survive the cap: on inputs with
        // millions of matches this allocation dominated the post-processing.
        let mut findings = cap(findings, self.config.max_findings);
        for f in &mut findings {
            f.text = source.get(f.span.range()).unwrap_or("").to_string();
        }
        findings
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

/// Assembles the detectors for a configuration.
fn build_detectors(
    _config: &Config,
    entries: Vec<Entry>,
    lm: Option<std::sync::Arc<crate::lm::LanguageModel>>,
) -> Result<Vec<Box<dyn Detector>>> {
    let mut detectors: Vec<Box<dyn Detector>> = Vec::new();
    detectors.push(Box::new(
        crate::detectors::punctuation::PunctuationDetector::new(),
    ));
    detectors.push(Box::new(crate::detectors::numbers::NumbersDetector::new()));
    detectors.push(Box::new(crate::detectors::damage::DamageDetector::new()));
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
    detectors.push(Box::new(crate::detectors::script::ScriptDetector::new()));
    detectors.push(Box::new(
        crate::detectors::privacy::PrivacyDetector::shared()?.clone(),
    ));
    Ok(detectors)
}

/// Within a family, overlapping findings compete: the more severe wins, then the longer,
/// then the earlier. Across families all findings stay, and so do document-level findings
/// (rule ids ending in `.page`, e.g. `script.page`), which span the whole text.
fn resolve_overlaps(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        a.category
            .family()
            .cmp(&b.category.family())
            .then(b.severity.cmp(&a.severity))
            .then(b.span.len().cmp(&a.span.len()))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut family = None;
    for f in findings {
        if f.rule.ends_with(".page") {
            kept.push(f);
            continue;
        }
        if family != Some(f.category.family()) {
            family = Some(f.category.family());
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

fn cap(mut findings: Vec<Finding>, max: usize) -> Vec<Finding> {
    if max == 0 || findings.len() <= max {
        return findings;
    }
    let cut = findings.len() - max;
    let last_end = findings.get(max - 1).map(|f| f.span.end).unwrap_or(0);
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
        // the listed misspelling goes; the context rule still finds it on its own
        let found = checker(Checker::builder().disable_rule("typo.word")).check(text);
        assert!(found.iter().all(|f| f.rule != "typo.word"), "{found:?}");
        assert!(checker(
            Checker::builder()
                .disable_rule("typo.word")
                .disable_rule("typo.context")
        )
        .check(text)
        .is_empty());
        assert!(!checker(Checker::builder().disable_rule("typo.wor"))
            .check(text)
            .is_empty());
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
        assert!(matches!(r, Err(Error::Io { .. })));
    }

    #[test]
    fn findings_are_capped_with_summary() {
        let text = "按装".repeat(20);
        let f = checker(Checker::builder().max_findings(5)).check(&text);
        assert_eq!(f.len(), 6);
        assert_eq!(f[5].rule, "format.truncated");
        assert!(f[5].message.contains("15"));
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
