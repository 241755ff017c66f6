//! Browser and Node bindings for zhproof (wasm-bindgen).
//!
//! ```js
//! import init, { Checker } from "zhproof";
//! await init();
//! const checker = new Checker({ categories: ["typo"] });
//! for (const f of checker.check(text)) console.log(text.slice(f.start, f.end), f.suggestions);
//! ```
//!
//! Offsets are UTF-16 code units, so `text.slice(f.start, f.end) === f.text` for any JS
//! string, including characters outside the BMP and lone surrogates. Errors are thrown as
//! JS `Error` objects with a message.
//!
//! The conversions (options → [`zhproof::Config`], findings → UTF-16 offsets) live in
//! [`options`] and [`findings`], plain Rust tested on the host.

#![deny(missing_docs)]

pub mod findings;
pub mod options;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What kind of problem a finding is. */
export type Category =
  | "typo" | "variant" | "expression" | "sensitive" | "privacy"
  | "script" | "punctuation" | "format" | "link" | "grammar";

/** How serious a finding is. */
export type Severity = "info" | "warning" | "error";

/** Target script of a page. */
export type Script = "zh-Hans" | "zh-Hant" | "zh-TW" | "zh-HK";

/** One problem found. `text.slice(start, end) === finding.text`. */
export interface Finding {
  /** Stable rule id, e.g. "typo.word" or "privacy.id_card". */
  rule: string;
  category: Category;
  severity: Severity;
  /** First UTF-16 code unit (a JS string index). */
  start: number;
  /** One past the last UTF-16 code unit. */
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column (in code points) of `start`. */
  column: number;
  /** The source text covered by start..end. */
  text: string;
  /** Replacements, best first (for privacy findings: the masked form). */
  suggestions: string[];
  /** Short explanation in Chinese. */
  message: string;
  /** How likely the finding is right (0–1), for rules that estimate it (e.g. "typo.idiom"); absent otherwise. */
  confidence?: number;
}

/** One entry of the rule registry (`rules()`; the same data as `zhproof rules --format json`). */
export interface Rule {
  /** Stable id, e.g. "typo.word". */
  id: string;
  category: Category;
  /** The usual severity of its findings. */
  severity: Severity;
  /** Reported without being named in `enableRules`. */
  default_on: boolean;
  /** Its single suggestion is applied by `zhproof fix` without review. */
  safe_fix: boolean;
  /** Where findings come from: "detector:<name>", "dictionary:<file>" or "checker". */
  source: string;
  /** One line: what it reports. */
  summary: string;
  /** Why it matters. */
  why: string;
  /** Text the rule reports. */
  bad: string;
  /** The corrected text. */
  good: string;
  /** The standard it follows, or null. */
  standard: string | null;
}

/** A user dictionary: TSV text, or TSV text with a name used in error messages. */
export type DictionaryText = string | { name?: string; text: string };

/** Options of `new Checker(options)`; unknown keys are rejected. */
export interface CheckerOptions {
  /** Categories to report (default: all). */
  categories?: Category[] | null;
  /** Categories never reported. */
  skip?: Category[];
  /** Target script (default "zh-Hans"). */
  script?: Script;
  /** User dictionaries (TSV: term, suggestions(|), category[/sub], severity, message, guards). */
  dictionaries?: DictionaryText[];
  /** Phrases never reported. */
  allow?: string[];
  /** Rule ids never reported ("typo" also disables "typo.word"). */
  disabledRules?: string[];
  /** Rules that are off by default to report anyway (e.g. "typo.statistical"). */
  enableRules?: string[];
  /** Use the built-in dictionaries (default true). */
  builtinDictionaries?: boolean;
  /** Most findings per check, 0 = no limit (default 10000). */
  maxFindings?: number;
  /** Threshold of typo.statistical in tenths (default 60; higher = fewer findings). */
  statisticalThreshold?: number;
  /** Who publishes the text: weighs sensitive-term findings (default "government"). */
  sensitiveProfile?: "government" | "comments";
  /** Drop findings whose confidence is below this (0–1); findings without one are kept (default 0). */
  minConfidence?: number;
  /** Lowest confidence (0–1) at which a typo.context finding is reported (default 0.95; builds with the language model only). */
  contextMinConfidence?: number;
  /** Flood control: a rule firing more than this many times gets a "<rule>.page" summary (0 = never, the default). */
  groupThreshold?: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The options object (`CheckerOptions` in TypeScript).
    #[wasm_bindgen(typescript_type = "CheckerOptions")]
    pub type CheckerOptions;
}

fn error(msg: impl std::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

/// Reads a JS string argument; lone surrogates become U+FFFD, one UTF-16 unit like them, so
/// offsets computed on the result still index the original JS string.
fn js_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| error(format!("{what} expects a string")))
}

/// Serialises findings as plain JS objects. When the input had lone surrogates (seen as
/// U+FFFD after conversion) each `text` is re-sliced from the original JS string, so that
/// `text.slice(start, end) === finding.text` holds exactly.
fn findings_to_js(
    original: &JsValue,
    text: &str,
    found: Vec<zhproof::Finding>,
) -> Result<JsValue, JsError> {
    let mut out = findings::to_js(text, found);
    let lossy = text.contains('\u{FFFD}');
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let array = js_sys::Array::new_with_length(out.len() as u32);
    for (i, f) in out.iter_mut().enumerate() {
        let exact = if lossy {
            original
                .dyn_ref::<js_sys::JsString>()
                .map(|s| s.slice(f.start as u32, f.end as u32))
        } else {
            None
        };
        if exact.is_some() {
            f.text.clear();
        }
        let obj = serde::Serialize::serialize(&*f, &serializer).map_err(error)?;
        if let Some(exact) = exact {
            js_sys::Reflect::set(&obj, &JsValue::from_str("text"), &exact)
                .map_err(|_| error("cannot set finding text"))?;
        }
        array.set(i as u32, obj);
    }
    Ok(array.into())
}

/// Reads the options object of a constructor: `undefined`/`null` for the defaults, else a
/// plain object whose every key is known.
fn parse_options(options: Option<CheckerOptions>) -> Result<options::Options, JsError> {
    match options {
        None => Ok(options::Options::default()),
        Some(o) if o.is_null() || o.is_undefined() => Ok(options::Options::default()),
        Some(o) if o.is_object() && !js_sys::Array::is_array(&o) => {
            let o: js_sys::Object = o.unchecked_into();
            // serde-wasm-bindgen reads only the fields it knows: reject the rest here.
            for key in js_sys::Object::keys(&o).iter() {
                let key = key.as_string().unwrap_or_default();
                options::check_key(&key).map_err(error)?;
            }
            serde_wasm_bindgen::from_value(o.into()).map_err(|e| {
                let msg = e.to_string();
                let msg = msg.strip_prefix("Error: ").unwrap_or(&msg).to_string();
                error(format!("invalid Checker options: {msg}"))
            })
        }
        Some(_) => Err(error("Checker options must be an object")),
    }
}

/// A checker with the language model read from `model`.
#[cfg(feature = "statistical")]
fn with_model(config: zhproof::Config, model: Vec<u8>) -> Result<Checker, JsError> {
    let lm = zhproof::lm::LanguageModel::from_bytes(model)
        .map_err(|e| error(format!("language model: {e}")))?;
    let inner = zhproof::Checker::builder()
        .config(config)
        .language_model(std::sync::Arc::new(lm))
        .build()
        .map_err(error)?;
    Ok(Checker { inner })
}

/// Without the context detector a model has no use: say so rather than ignore it.
#[cfg(not(feature = "statistical"))]
fn with_model(_config: zhproof::Config, _model: Vec<u8>) -> Result<Checker, JsError> {
    Err(error(
        "this build has no context detector (cargo feature `statistical`): a language model cannot be used",
    ))
}

/// The proof-reader. Build once (dictionaries are parsed and compiled here), check often.
#[wasm_bindgen]
pub struct Checker {
    inner: zhproof::Checker,
}

#[wasm_bindgen]
impl Checker {
    /// Builds a checker.
    ///
    /// # Errors
    /// Throws an `Error` for an unknown option key, a bad category or script name, or a
    /// malformed dictionary line (`name:line: reason`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<CheckerOptions>) -> Result<Checker, JsError> {
        let config = parse_options(options)?.into_config().map_err(error)?;
        let inner = zhproof::Checker::from_config(config).map_err(error)?;
        Ok(Checker { inner })
    }

    /// Builds a checker that also reads context with a language model (rule
    /// `typo.context`, as the native library does by default). `model` holds the bytes of a
    /// model file: the package ships the built-in one as a separate asset,
    /// `model/zh_lm.bin` (CC-BY-SA 3.0 data, see `model/NOTICE`), so that the `.wasm` stays
    /// small; fetch it once and pass it here (the Web Worker does this when given
    /// `modelUrl`).
    ///
    /// # Errors
    /// Throws an `Error` for what the constructor rejects, for bytes that are not a model
    /// (`language model: …`), or when this build lacks the cargo feature `statistical`.
    #[wasm_bindgen(js_name = withLanguageModel)]
    pub fn with_language_model(
        options: Option<CheckerOptions>,
        model: Vec<u8>,
    ) -> Result<Checker, JsError> {
        let config = parse_options(options)?.into_config().map_err(error)?;
        with_model(config, model)
    }

    /// Checks plain text. Offsets are UTF-16 code units into `text`.
    ///
    /// # Errors
    /// Throws an `Error` when `text` is not a string.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsError> {
        let s = js_text(&text, "check()")?;
        let found = self.inner.check(&s);
        findings_to_js(&text, &s, found)
    }

    /// Checks an HTML page: the text a reader sees (plus `alt`/`title` attributes and the
    /// meta description) and the link checks. Offsets are UTF-16 code units into the HTML
    /// source, so `html.slice(f.start, f.end) === f.text`.
    ///
    /// # Errors
    /// Throws an `Error` when `html` is not a string.
    #[wasm_bindgen(js_name = checkHtml, unchecked_return_type = "Finding[]")]
    pub fn check_html(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] html: JsValue,
    ) -> Result<JsValue, JsError> {
        let s = js_text(&html, "checkHtml()")?;
        let found = self.inner.check_html(&s);
        findings_to_js(&html, &s, found)
    }
}

/// Converts between simplified and traditional Chinese with OpenCC's dictionaries.
/// `to` is `s`, `t`, `tw`, `hk`, `twp`, or an OpenCC config name (`s2t`, `tw2sp`, …).
/// Lone surrogates in `text` come out as U+FFFD.
///
/// # Errors
/// Throws an `Error` for an unknown `to` or when `text` is not a string.
#[wasm_bindgen]
pub fn convert(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "\"s\" | \"t\" | \"tw\" | \"hk\" | \"twp\" | \"s2t\" | \"t2s\" | \"s2tw\" | \"tw2s\" | \"s2hk\" | \"hk2s\" | \"s2twp\" | \"tw2sp\""
    )]
    to: JsValue,
) -> Result<String, JsError> {
    let s = js_text(&text, "convert()")?;
    let to = js_text(&to, "convert() target")?;
    let target: zhproof::Target = to.parse().map_err(error)?;
    Ok(zhproof::convert(&s, target))
}

/// Returns `text` with every personal-data leak (resident ID, phone, bank card, e-mail…)
/// masked, e.g. `138****5678`; nothing else changes. Lone surrogates come out as U+FFFD.
///
/// # Errors
/// Throws an `Error` when `text` is not a string.
#[wasm_bindgen]
pub fn mask(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, JsError> {
    let s = js_text(&text, "mask()")?;
    Ok(zhproof::mask(&s))
}

/// The optional parts of the engine compiled into this build (cargo features of
/// `zhproof-wasm`, e.g. `segment`); golden cases that require a missing one are skipped.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn features() -> Vec<String> {
    enabled_features().iter().map(|s| s.to_string()).collect()
}

/// The cargo features this build was compiled with.
pub fn enabled_features() -> Vec<&'static str> {
    [
        ("builtin-sensitive", cfg!(feature = "builtin-sensitive")),
        ("segment", cfg!(feature = "segment")),
        ("statistical", cfg!(feature = "statistical")),
        ("idiom", cfg!(feature = "idiom")),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect()
}

/// Every rule zhproof can report (the rule registry, `zhproof::rules::RULES`): the same
/// data as `zhproof rules --format json` and Python `zhproof.rules()`.
///
/// # Errors
/// A `JsError` if the registry cannot be converted (not expected).
#[wasm_bindgen(unchecked_return_type = "Rule[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(zhproof::rules::RULES, &serializer).map_err(error)
}

/// The full entry of `rule` as text (summary, why, a bad and a good example, the
/// standard): the same as `zhproof explain RULE` and Python `zhproof.explain`. A category
/// or prefix (`"typo"`) gives every rule below it, separated by blank lines.
///
/// # Errors
/// A JS `Error` naming the nearest id when `rule` names no rule.
#[wasm_bindgen]
pub fn explain(rule: &str) -> Result<String, JsError> {
    zhproof::rules::explain_named(rule).map_err(error)
}

/// The version of zhproof.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
