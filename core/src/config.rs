//! [`Config`]: everything that decides what a [`Checker`](crate::Checker) reports, and its
//! parts ([`Script`], [`DictionarySource`]). Serialisable (JSON), so that front ends and
//! worker processes can rebuild the same checker.

use crate::error::{Error, Result};
use crate::finding::{Category, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::LazyLock;

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
    /// Every script, in a stable order.
    pub const ALL: [Script; 4] = [Script::ZhHans, Script::ZhHant, Script::ZhTw, Script::ZhHk];

    /// Accepted spellings (lower case, `-`; parsing also lower-cases and accepts `_`) and the
    /// script each names.
    pub const ALIASES: [(&'static str, Script); 9] = [
        ("zh-hans", Script::ZhHans),
        ("zh-cn", Script::ZhHans),
        ("s", Script::ZhHans),
        ("zh-hant", Script::ZhHant),
        ("t", Script::ZhHant),
        ("zh-tw", Script::ZhTw),
        ("tw", Script::ZhTw),
        ("zh-hk", Script::ZhHk),
        ("hk", Script::ZhHk),
    ];

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
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        Script::ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|&(_, script)| script)
            .ok_or_else(|| {
                format!("unknown script `{s}` (expected zh-Hans, zh-Hant, zh-TW or zh-HK)")
            })
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
/// Figures: `tests/eval/punctuation.py`, `tests/eval/statistical.py`. Derived from the
/// registry ([`crate::rules`], `default_on: false`).
pub static DEFAULT_OFF_RULES: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::rules::default_off);

/// Default cap on findings per document.
pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

/// Flood threshold of the command line and the HTTP service (`--group-threshold`): a rule
/// firing more often than this in one document gets a page-level summary finding. The
/// library default ([`Config::group_threshold`]) is 0 (no summaries), so that the findings
/// of library users do not change.
pub const DEFAULT_GROUP_THRESHOLD: usize = 20;

/// Everything that decides what a [`Checker`] reports. Serialisable (JSON), so that front
/// ends and worker processes can rebuild the same checker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// layer gives each finding a `confidence`, see `context_min_confidence`).
    pub statistical_threshold: u32,
    /// A language-model file (`dictionaries/tools/build_lm.py` format) for `typo.context`,
    /// used instead of the built-in one (builds without the `lm` feature have none).
    pub language_model: Option<PathBuf>,
    /// Lowest confidence (0–1) at which a `typo.context` finding is reported. Default
    /// [`CONTEXT_MIN_CONFIDENCE`] (a warning); findings between 0.5 and that default are
    /// reported as `info` when this is lowered (values below 0.5 act as 0.5). On clean
    /// edited prose the lower tier is almost all false alarms.
    pub context_min_confidence: f32,
    /// Who publishes the text: weighs sensitive-term findings (`government`, the default,
    /// or `comments`).
    pub sensitive_profile: crate::detectors::sensitive::SensitiveProfile,
    /// Flood control: when one rule fires more than this many times in a document, a
    /// page-level summary finding is added (rule id `<rule>.page`, e.g.
    /// `punctuation.halfwidth.page`: same category, the highest severity of the group, the
    /// span and text of the first place, the count in the message). Every individual
    /// finding is still reported; front ends (the CLI text report) show the group as one
    /// diagnostic. 0 (the default) = never group; the command line uses
    /// [`DEFAULT_GROUP_THRESHOLD`].
    pub group_threshold: usize,
    /// Severity given to findings of a rule instead of its own: keys are rule ids or
    /// prefixes (`typo` covers `typo.word`); the longest matching key wins. Keys are
    /// validated like `disabled_rules`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub severity_overrides: BTreeMap<String, Severity>,
    /// Findings whose confidence ([`crate::Finding::confidence`]) is below this (0–1) are
    /// not reported; findings without a confidence (rule-exact ones) always are. Default 0.
    pub min_confidence: f32,
}

// `min_confidence` and `context_min_confidence` come from JSON (never NaN) or the builder
// (which clamps them), so equality is total.
impl Eq for Config {}

/// Default of [`Config::context_min_confidence`]: the confidence from which a `typo.context`
/// finding is a warning. Chosen so that clean edited prose (People's Daily, January 1998)
/// gets at most ~0.3 such warnings per 10,000 characters.
pub const CONTEXT_MIN_CONFIDENCE: f32 = 0.95;

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
            context_min_confidence: CONTEXT_MIN_CONFIDENCE,
            sensitive_profile: Default::default(),
            group_threshold: 0,
            severity_overrides: BTreeMap::new(),
            min_confidence: 0.0,
        }
    }
}

/// The names and defaults front ends need (Python, JavaScript), as JSON: `categories`,
/// `scripts`, `script_aliases` (alias → script), `sensitive_profiles`,
/// `default_max_findings`, `default_statistical_threshold`, `default_off_rules`,
/// `default_context_min_confidence`. Front ends
/// read these instead of keeping copies.
pub fn front_end_constants() -> serde_json::Value {
    let aliases: serde_json::Map<String, serde_json::Value> = Script::ALIASES
        .iter()
        .map(|(a, s)| (a.to_string(), s.as_str().into()))
        .collect();
    serde_json::json!({
        "categories": Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "scripts": Script::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "script_aliases": aliases,
        "sensitive_profiles": ["government", "comments"],
        "default_max_findings": DEFAULT_MAX_FINDINGS,
        "default_statistical_threshold": crate::detectors::STATISTICAL_DEFAULT_THRESHOLD_TENTHS,
        "default_off_rules": crate::rules::default_off(),
        "default_context_min_confidence": CONTEXT_MIN_CONFIDENCE,
    })
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
    /// disabled; a rule that is off by default in the registry named in `enable_rules`).
    pub fn rule_enabled(&self, rule: &str) -> bool {
        let under = |d: &String| {
            crate::rules::names(d, rule)
                || crate::rules::alias_of(d.trim()).is_some_and(|r| crate::rules::names(r, rule))
        };
        if self.disabled_rules.iter().any(under) {
            return false;
        }
        crate::rules::default_on(rule) || self.enable_rules.iter().any(under)
    }

    /// True when a finding of this confidence passes [`Config::min_confidence`] (no
    /// confidence: always).
    pub fn confident_enough(&self, confidence: Option<f32>) -> bool {
        confidence.is_none_or(|c| c >= self.min_confidence)
    }

    /// The severity [`Config::severity_overrides`] gives findings of `rule`, if any (the
    /// longest key that is `rule` or a prefix of it ending before a `.`).
    pub fn severity_override(&self, rule: &str) -> Option<Severity> {
        self.severity_overrides
            .iter()
            .filter(|(k, _)| crate::rules::names(k.trim(), rule))
            .max_by_key(|(k, _)| k.len())
            .map(|(_, &s)| s)
    }

    /// Checks the rule ids in `disabled_rules`, `enable_rules` and the keys of
    /// `severity_overrides` against the registry
    /// ([`crate::rules`]); `extra` are the rule ids the configured dictionaries create
    /// (user dictionaries may make their own, e.g. `sensitive.custom`).
    ///
    /// # Errors
    /// [`Error::Config`] `unknown rule `x`; did you mean `y`?` for the first unknown id, or
    /// `min_confidence ... is not in 0-1` when that is out of range.
    pub fn validate<'a>(&self, extra: impl IntoIterator<Item = &'a str> + Clone) -> Result<()> {
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(Error::Config(format!(
                "min_confidence {} is not in 0-1",
                self.min_confidence
            )));
        }
        let ids = self
            .disabled_rules
            .iter()
            .chain(&self.enable_rules)
            .chain(self.severity_overrides.keys());
        for id in ids {
            crate::rules::check_rule_id(id.trim(), extra.clone()).map_err(Error::Config)?;
        }
        Ok(())
    }
}
