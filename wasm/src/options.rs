//! `CheckerOptions` (the JS constructor argument) → [`zhproof::Config`].
//!
//! Pure Rust so that the host unit tests cover it; the wasm layer only deserialises the JS
//! object into [`Options`] with `serde-wasm-bindgen`.

use serde::Deserialize;
use zhproof::detectors::sensitive::SensitiveProfile;
use zhproof::{Category, Config, DictionarySource, Script};

/// The options accepted by `new Checker(options)`: the same as Python's `Checker(...)`,
/// with JavaScript (camelCase) names. Unknown keys are rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// Categories to report (`null`/absent: all).
    pub categories: Option<Vec<String>>,
    /// Categories never reported.
    pub skip: Vec<String>,
    /// Target script: `zh-Hans` (default), `zh-Hant`, `zh-TW`, `zh-HK`.
    pub script: Option<String>,
    /// User dictionaries: TSV texts, or `{name, text}` objects (the name is used in errors).
    pub dictionaries: Vec<Dictionary>,
    /// Phrases never reported.
    pub allow: Vec<String>,
    /// Rule ids never reported (`typo` also disables `typo.word`).
    pub disabled_rules: Vec<String>,
    /// Rules that are off by default to report anyway (e.g. `typo.statistical`).
    pub enable_rules: Vec<String>,
    /// Whether the built-in dictionaries are used (default true).
    pub builtin_dictionaries: Option<bool>,
    /// Most findings per check (0 = no limit).
    pub max_findings: Option<usize>,
    /// Threshold of `typo.statistical`, in tenths (default 60).
    pub statistical_threshold: Option<u32>,
    /// Who publishes the text: `government` (default) or `comments`.
    pub sensitive_profile: Option<String>,
    /// Drop findings whose `confidence` is below this (0–1); findings without one are kept.
    pub min_confidence: Option<f32>,
    /// Lowest confidence (0–1) at which a `typo.context` finding is reported (default 0.95;
    /// only with a build that has the language model).
    pub context_min_confidence: Option<f32>,
    /// Flood control: a rule firing more than this many times gets a `<rule>.page` summary
    /// finding (0 = never, the default).
    pub group_threshold: Option<usize>,
}

/// One user dictionary given from JavaScript.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Dictionary {
    /// Bare TSV text; named `dictionaries[i]` in error messages.
    Text(String),
    /// TSV text with a name for error messages.
    Named {
        /// Name shown in errors (`name:line: reason`).
        #[serde(default)]
        name: Option<String>,
        /// The TSV content.
        text: String,
    },
}

/// The option names, as JavaScript spells them.
pub const KEYS: [&str; 14] = [
    "categories",
    "skip",
    "script",
    "dictionaries",
    "allow",
    "disabledRules",
    "enableRules",
    "builtinDictionaries",
    "maxFindings",
    "statisticalThreshold",
    "sensitiveProfile",
    "minConfidence",
    "contextMinConfidence",
    "groupThreshold",
];

/// Accepts a known option name.
///
/// # Errors
/// A message naming the unknown key and listing the known ones.
pub fn check_key(key: &str) -> Result<(), String> {
    if KEYS.contains(&key) {
        Ok(())
    } else {
        Err(format!(
            "unknown option `{key}` (expected one of: {})",
            KEYS.join(", ")
        ))
    }
}

fn unknown_profile(name: &str) -> String {
    format!("sensitiveProfile: unknown profile `{name}` (expected government or comments)")
}

fn category(value: &str, key: &str) -> Result<Category, String> {
    value.parse().map_err(|e| format!("{key}: {e}"))
}

impl Options {
    /// Builds the core configuration.
    ///
    /// # Errors
    /// A message naming the option when a category or script name is unknown.
    pub fn into_config(self) -> Result<Config, String> {
        let mut config = Config::default();
        if let Some(cats) = self.categories {
            config.categories = Some(
                cats.iter()
                    .map(|c| category(c, "categories"))
                    .collect::<Result<_, _>>()?,
            );
        }
        config.skip = self
            .skip
            .iter()
            .map(|c| category(c, "skip"))
            .collect::<Result<_, _>>()?;
        if let Some(script) = self.script {
            config.script = script
                .parse::<Script>()
                .map_err(|e| format!("script: {e}"))?;
        }
        config.dictionaries = self
            .dictionaries
            .into_iter()
            .enumerate()
            .map(|(i, d)| match d {
                Dictionary::Text(text) => DictionarySource::Text {
                    name: format!("dictionaries[{i}]"),
                    text,
                },
                Dictionary::Named { name, text } => DictionarySource::Text {
                    name: name.unwrap_or_else(|| format!("dictionaries[{i}]")),
                    text,
                },
            })
            .collect();
        config.allow = self.allow;
        config.disabled_rules = self.disabled_rules;
        config.enable_rules = self.enable_rules;
        if let Some(t) = self.statistical_threshold {
            config.statistical_threshold = t;
        }
        if let Some(p) = self.sensitive_profile {
            config.sensitive_profile = match p.trim() {
                "government" => SensitiveProfile::Government,
                "comments" => SensitiveProfile::Comments,
                other => return Err(unknown_profile(other)),
            };
        }
        if let Some(b) = self.builtin_dictionaries {
            config.builtin_dictionaries = b;
        }
        if let Some(n) = self.max_findings {
            config.max_findings = n;
        }
        if let Some(m) = self.min_confidence {
            if !(0.0..=1.0).contains(&m) {
                return Err(format!("minConfidence: {m} is not in 0-1"));
            }
            config.min_confidence = m;
        }
        if let Some(m) = self.context_min_confidence {
            if !(0.0..=1.0).contains(&m) {
                return Err(format!("contextMinConfidence: {m} is not in 0-1"));
            }
            config.context_min_confidence = m;
        }
        if let Some(n) = self.group_threshold {
            config.group_threshold = n;
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Config, String> {
        let o: Options = serde_json::from_str(json).map_err(|e| e.to_string())?;
        o.into_config()
    }

    #[test]
    fn empty_options_are_the_default_config() {
        assert_eq!(parse("{}"), Ok(Config::default()));
    }

    #[test]
    fn every_option_maps_to_config() {
        let c = parse(
            r#"{"categories":["typo","privacy"],"skip":["script"],"script":"zh-TW",
                "dictionaries":["甲\t乙\n",{"name":"mine.tsv","text":"丙\t丁\n"}],
                "allow":["再接再励大会"],"disabledRules":["typo.de"],
                "enableRules":["typo.statistical"],"statisticalThreshold":45,
                "sensitiveProfile":"comments",
                "builtinDictionaries":false,"maxFindings":7,"minConfidence":0.8}"#,
        );
        let c = match c {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(c.categories, Some(vec![Category::Typo, Category::Privacy]));
        assert_eq!(c.skip, vec![Category::Script]);
        assert_eq!(c.script, Script::ZhTw);
        assert_eq!(
            c.dictionaries,
            vec![
                DictionarySource::Text {
                    name: "dictionaries[0]".into(),
                    text: "甲\t乙\n".into()
                },
                DictionarySource::Text {
                    name: "mine.tsv".into(),
                    text: "丙\t丁\n".into()
                }
            ]
        );
        assert_eq!(c.allow, vec!["再接再励大会".to_string()]);
        assert_eq!(c.disabled_rules, vec!["typo.de".to_string()]);
        assert!(!c.builtin_dictionaries);
        assert_eq!(c.max_findings, 7);
        assert_eq!(c.enable_rules, vec!["typo.statistical".to_string()]);
        assert_eq!(c.statistical_threshold, 45);
        assert_eq!(c.sensitive_profile, SensitiveProfile::Comments);
        assert_eq!(c.min_confidence, 0.8);
    }

    #[test]
    fn bad_options_are_errors_naming_the_key() {
        let e = parse(r#"{"maxFinding":3}"#).err().unwrap_or_default();
        assert!(e.contains("unknown field `maxFinding`"), "{e}");
        let e = parse(r#"{"categories":["typos"]}"#)
            .err()
            .unwrap_or_default();
        assert!(e.starts_with("categories: unknown category `typos`"), "{e}");
        let e = parse(r#"{"sensitiveProfile":"forum"}"#)
            .err()
            .unwrap_or_default();
        assert!(
            e.starts_with("sensitiveProfile: unknown profile `forum`"),
            "{e}"
        );
        let e = parse(r#"{"minConfidence":1.5}"#).err().unwrap_or_default();
        assert!(e.starts_with("minConfidence: 1.5 is not in 0-1"), "{e}");
        let e = parse(r#"{"script":"zh-XX"}"#).err().unwrap_or_default();
        assert!(e.starts_with("script: unknown script"), "{e}");
        // snake_case names are the Python/JSON spelling, not the JS one.
        assert!(parse(r#"{"max_findings":3}"#).is_err());
        assert!(check_key("max_findings").is_err());
        let e = check_key("maxFinding").err().unwrap_or_default();
        assert!(e.starts_with("unknown option `maxFinding` (expected one of: categories,"));
        for k in KEYS {
            assert_eq!(check_key(k), Ok(()));
        }
    }

    #[test]
    fn every_engine_option_has_a_js_name() {
        // The engine's configuration keys (snake_case), as JavaScript spells them; file
        // paths have no meaning in a browser.
        let json = serde_json::to_value(Config::default()).unwrap_or_default();
        let keys = json
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>());
        let mut missing = Vec::new();
        for key in keys.unwrap_or_default() {
            if key == "allow_files" || key == "language_model" {
                continue;
            }
            let mut camel = String::new();
            let mut up = false;
            for c in key.chars() {
                if c == '_' {
                    up = true;
                } else if up {
                    camel.push(c.to_ascii_uppercase());
                    up = false;
                } else {
                    camel.push(c);
                }
            }
            if !KEYS.contains(&camel.as_str()) {
                missing.push(key);
            }
        }
        assert!(
            missing.is_empty(),
            "engine options without a JS option: {missing:?}"
        );
    }
}
