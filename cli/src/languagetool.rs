//! The LanguageTool HTTP API (v2) of `zhproof serve`, so that LanguageTool clients (editor
//! plugins, `language_tool_python`, LTeX…) work against zhproof unchanged.
//!
//! - `POST /v2/check` (also `GET` with a query string), form-urlencoded fields:
//!   `text`, or `data` (LanguageTool's annotated JSON, `{"annotation": [{"text": …},
//!   {"markup": …, "interpretAs": …}]}`: markup is not checked, `interpretAs` stands in
//!   for it); `language` (`zh`, `zh-CN`, `zh-Hans`, `zh-SG` → simplified; `zh-TW`,
//!   `zh-HK`, `zh-Hant` → that traditional script; `auto`); `enabledRules`,
//!   `disabledRules`, `enabledCategories`, `disabledCategories` (comma-separated; rule ids
//!   are zhproof's, e.g. `typo.word`, or a prefix such as `typo`; categories are the
//!   `category.id`s of the answers, e.g. `TYPO`; ids zhproof does not know are ignored, as
//!   LanguageTool does); `enabledOnly=true` (only the enabled rules and categories).
//!   Other fields (`motherTongue`, `level`, `preferredVariants`, `username`, `apiKey`) are
//!   accepted and ignored.
//! - The answer is LanguageTool's JSON: `software`, `language`, `matches` with `message`,
//!   `shortMessage`, `replacements: [{value}]`, `offset`/`length` in UTF-16 code units
//!   (JavaScript and Java string indices; into the concatenation of all `text` and
//!   `markup` parts for `data`), `context: {text, offset, length}`, `sentence`,
//!   `rule: {id, description, issueType, category: {id, name}}`.
//! - `GET /v2/languages`: the Chinese variants served.

use serde::Serialize;
use serde_json::{json, Value};
use zhproof::{Category, Config, Finding, Script};

/// The languages answered by `GET /v2/languages`: (name, code, longCode).
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("Chinese", "zh", "zh-CN"),
    ("Chinese (Simplified)", "zh", "zh-Hans"),
    ("Chinese (Traditional)", "zh", "zh-Hant"),
    ("Chinese (Taiwan)", "zh", "zh-TW"),
    ("Chinese (Hong Kong)", "zh", "zh-HK"),
];

/// The JSON of `GET /v2/languages`.
pub fn languages() -> Value {
    Value::Array(
        LANGUAGES
            .iter()
            .map(|(name, code, long)| json!({ "name": name, "code": code, "longCode": long }))
            .collect(),
    )
}

/// A parsed `/v2/check` request.
#[derive(Debug, Default)]
pub struct CheckParams {
    /// The text to check (for `data`: text parts and `interpretAs` of markup).
    pub text: String,
    /// For `data`: the pieces of `text` and where they come from in the annotated string.
    pub pieces: Vec<Piece>,
    /// The original string offsets are into: for `data`, all text and markup parts
    /// concatenated; else the text.
    pub original: String,
    /// The target script.
    pub script: Script,
    /// The language code to answer with.
    pub language: String,
    /// Rules and prefixes to report even if off by default.
    pub enabled_rules: Vec<String>,
    /// Rules and prefixes never to report.
    pub disabled_rules: Vec<String>,
    /// Categories to report (with `enabled_only`).
    pub enabled_categories: Vec<Category>,
    /// Categories never to report.
    pub disabled_categories: Vec<Category>,
    /// Only the enabled rules and categories.
    pub enabled_only: bool,
}

/// A piece of the checked text and where it is in the annotated original.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Start in the checked text (bytes).
    pub checked: usize,
    /// Its length in the checked text (bytes).
    pub len: usize,
    /// Start in the original (bytes).
    pub original: usize,
    /// Its length in the original (bytes).
    pub original_len: usize,
    /// A `text` part (offsets map one to one); else markup.
    pub is_text: bool,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn category_of_id(id: &str) -> Option<Category> {
    Category::ALL
        .iter()
        .copied()
        .find(|c| c.as_str().eq_ignore_ascii_case(id))
}

/// The script and the language code of the answer for a LanguageTool `language` value.
///
/// # Errors
/// A message for languages other than Chinese.
pub fn script_of(language: &str) -> Result<(Script, String), String> {
    let l = language.trim().to_ascii_lowercase().replace('_', "-");
    let s = match l.as_str() {
        "" | "auto" | "zh" | "zh-cn" | "zh-hans" | "zh-sg" | "zh-hans-cn" | "zh-my" => {
            return Ok((Script::ZhHans, "zh-CN".to_string()))
        }
        "zh-tw" | "zh-hant-tw" => Script::ZhTw,
        "zh-hk" | "zh-mo" | "zh-hant-hk" => Script::ZhHk,
        "zh-hant" => Script::ZhHant,
        _ => return Err(format!("unsupported language `{language}`: zhproof checks Chinese (zh, zh-CN, zh-TW, zh-HK, zh-Hans, zh-Hant)")),
    };
    let code = match s {
        Script::ZhTw => "zh-TW",
        Script::ZhHk => "zh-HK",
        _ => "zh-Hant",
    };
    Ok((s, code.to_string()))
}

/// Reads LanguageTool's annotated `data` JSON into the text to check and its pieces.
///
/// # Errors
/// A message when `data` is not the annotation JSON.
fn annotated(data: &str) -> Result<(String, String, Vec<Piece>), String> {
    let v: Value = serde_json::from_str(data).map_err(|e| format!("bad `data` JSON: {e}"))?;
    let parts = v
        .get("annotation")
        .and_then(Value::as_array)
        .ok_or("`data` needs an \"annotation\" array")?;
    let (mut text, mut original, mut pieces) = (String::new(), String::new(), Vec::new());
    for p in parts {
        let get = |k: &str| p.get(k).and_then(Value::as_str);
        let (shown, source, is_text) = match (get("text"), get("markup")) {
            (Some(t), None) => (t, t, true),
            (None, Some(m)) => (get("interpretAs").unwrap_or(""), m, false),
            _ => return Err("each annotation needs \"text\" or \"markup\"".into()),
        };
        pieces.push(Piece {
            checked: text.len(),
            len: shown.len(),
            original: original.len(),
            original_len: source.len(),
            is_text,
        });
        text.push_str(shown);
        original.push_str(source);
    }
    Ok((text, original, pieces))
}

/// Parses the fields of a `/v2/check` request.
///
/// # Errors
/// A message (for a 400) when there is no `text` or `data`, `data` is not valid, or the
/// language is not Chinese.
pub fn parse(fields: &[(String, String)]) -> Result<CheckParams, String> {
    let get = |k: &str| {
        fields
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let (script, language) = script_of(get("language").unwrap_or("auto"))?;
    let (text, original, pieces) = match (get("text"), get("data")) {
        (Some(t), _) => (t.to_string(), t.to_string(), Vec::new()),
        (None, Some(d)) => annotated(d)?,
        (None, None) => return Err("missing the `text` or `data` field".into()),
    };
    let cats = |k: &str| {
        get(k)
            .map(list)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| category_of_id(c))
            .collect::<Vec<_>>()
    };
    Ok(CheckParams {
        text,
        original,
        pieces,
        script,
        language,
        enabled_rules: get("enabledRules").map(list).unwrap_or_default(),
        disabled_rules: get("disabledRules").map(list).unwrap_or_default(),
        enabled_categories: cats("enabledCategories"),
        disabled_categories: cats("disabledCategories"),
        enabled_only: get("enabledOnly").is_some_and(|v| v.eq_ignore_ascii_case("true")),
    })
}

impl CheckParams {
    /// The checker configuration for this request: `base` with the script and the
    /// default-off rules it enables (ids zhproof does not know are left out), without
    /// flood grouping.
    pub fn config(&self, base: &Config) -> Config {
        let mut c = base.clone();
        c.script = self.script;
        // Every match where it is: no flood summaries.
        c.group_threshold = 0;
        for r in &self.enabled_rules {
            if zhproof::rules::check_rule_id(r, std::iter::empty()).is_ok()
                && !c.enable_rules.contains(r)
            {
                c.enable_rules.push(r.clone());
            }
        }
        c
    }

    /// True when a finding of `rule` in category `cat` is to be reported.
    pub fn keeps(&self, f: &Finding) -> bool {
        let named = |list: &[String]| list.iter().any(|n| zhproof::rules::names(n, &f.rule));
        if self.disabled_categories.contains(&f.category) || named(&self.disabled_rules) {
            return false;
        }
        !self.enabled_only
            || named(&self.enabled_rules)
            || self.enabled_categories.contains(&f.category)
    }

    /// Maps a byte offset of the checked text to the annotated original (`end` picks the
    /// end of a markup piece, else its start).
    fn to_original(&self, o: usize, end: bool) -> usize {
        if self.pieces.is_empty() {
            return o;
        }
        let found = if end {
            // The first non-empty piece ending at or after `o` that starts before it.
            let i = self.pieces.partition_point(|p| p.checked + p.len < o);
            self.pieces
                .get(i..)
                .and_then(|rest| rest.iter().find(|p| p.len > 0))
                .filter(|p| p.checked < o)
        } else {
            // The piece holding the character at `o`.
            let i = self.pieces.partition_point(|p| p.checked + p.len <= o);
            self.pieces.get(i)
        };
        match found {
            Some(p) if p.is_text => p.original + o.saturating_sub(p.checked).min(p.original_len),
            Some(p) if end => p.original + p.original_len,
            Some(p) => p.original,
            None if o == 0 => 0,
            None => self.original.len(),
        }
    }
}

/// LanguageTool's `issueType` for a category.
pub fn issue_type(c: Category) -> &'static str {
    match c {
        Category::Typo => "misspelling",
        Category::Variant | Category::Expression => "non-conformance",
        Category::Sensitive => "register",
        Category::Script => "inconsistency",
        Category::Punctuation | Category::Format => "typographical",
        Category::Grammar => "grammar",
        Category::Privacy | Category::Link => "uncategorized",
    }
}

/// The Chinese name of a category (`rule.category.name`).
pub fn category_name(c: Category) -> &'static str {
    match c {
        Category::Typo => "错别字",
        Category::Variant => "异形词",
        Category::Expression => "规范表述",
        Category::Sensitive => "敏感词",
        Category::Privacy => "个人信息",
        Category::Script => "繁简字",
        Category::Punctuation => "标点",
        Category::Format => "格式",
        Category::Link => "链接",
        Category::Grammar => "语病",
    }
}

/// Characters of context on each side of a match (LanguageTool's default).
const CONTEXT_CHARS: usize = 40;

/// Sentence ends.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '；')
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[derive(Serialize)]
struct Match<'a> {
    message: &'a str,
    #[serde(rename = "shortMessage")]
    short_message: &'a str,
    replacements: Vec<Value>,
    offset: usize,
    length: usize,
    context: Value,
    sentence: String,
    #[serde(rename = "type")]
    kind: Value,
    rule: Value,
    #[serde(rename = "ignoreForIncompleteSentence")]
    ignore_for_incomplete_sentence: bool,
    #[serde(rename = "contextForSureMatch")]
    context_for_sure_match: i32,
}

/// The `/v2/check` answer for `findings` (spans into `params.text`).
pub fn answer(params: &CheckParams, findings: &[Finding]) -> Value {
    let text = params.text.as_str();
    let original = params.original.as_str();
    // UTF-16 offsets into the original, for every start and end, in one pass.
    let mut offsets = Vec::with_capacity(findings.len() * 2);
    for f in findings {
        offsets.push(params.to_original(f.span.start, false));
        offsets.push(params.to_original(f.span.end, true));
    }
    let pos = zhproof::positions(original, &offsets);
    let mut matches = Vec::with_capacity(findings.len());
    for (f, se) in findings.iter().zip(pos.chunks_exact(2)) {
        let (s, e) = (se[0], se[1]);
        let (a, b) = (f.span.start.min(text.len()), f.span.end.min(text.len()));
        let (a, b) = (floor(text, a), floor(text, b.max(a)));
        let before: String = {
            let mut v: Vec<char> = text[..a].chars().rev().take(CONTEXT_CHARS).collect();
            v.reverse();
            v.into_iter().collect()
        };
        let matched = &text[a..b];
        let after: String = text[b..].chars().take(CONTEXT_CHARS).collect();
        let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
        let context_text = format!("{}{}{}", flat(&before), flat(matched), flat(&after));
        let sent_start = text[..a]
            .char_indices()
            .rev()
            .find(|&(_, c)| ends_sentence(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let sent_end = text[b..]
            .char_indices()
            .find(|&(_, c)| ends_sentence(c))
            .map_or(text.len(), |(i, c)| b + i + c.len_utf8());
        let sentence = text[sent_start..sent_end].trim().to_string();
        let rule = zhproof::rules::get(&f.rule);
        let description = rule.map_or(f.message.as_str(), |r| r.summary);
        matches.push(Match {
            message: &f.message,
            short_message: category_name(f.category),
            replacements: f
                .suggestions
                .iter()
                .map(|s| json!({ "value": s }))
                .collect(),
            offset: s.utf16_offset,
            length: e.utf16_offset.saturating_sub(s.utf16_offset),
            context: json!({
                "text": context_text,
                "offset": utf16_len(&before),
                "length": utf16_len(matched),
            }),
            sentence,
            kind: json!({ "typeName": "Other" }),
            rule: json!({
                "id": f.rule,
                "description": description,
                "issueType": issue_type(f.category),
                "category": {
                    "id": f.category.as_str().to_ascii_uppercase(),
                    "name": category_name(f.category),
                },
            }),
            ignore_for_incomplete_sentence: false,
            context_for_sure_match: 0,
        });
    }
    let name = LANGUAGES
        .iter()
        .find(|l| l.2 == params.language)
        .map_or("Chinese", |l| l.0);
    json!({
        "software": {
            "name": "zhproof",
            "version": env!("CARGO_PKG_VERSION"),
            "buildDate": null,
            "apiVersion": 1,
            "premium": false,
            "status": "",
        },
        "warnings": { "incompleteResults": false },
        "language": {
            "name": name,
            "code": params.language,
            "detectedLanguage": { "name": name, "code": params.language, "confidence": 1.0 },
        },
        "matches": matches,
    })
}

/// The largest char boundary of `s` at or below `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn check(p: &CheckParams) -> Value {
        let checker = zhproof::Checker::from_config(p.config(&Config::default()));
        let Ok(checker) = checker else {
            return Value::Null;
        };
        let found: Vec<Finding> = checker
            .check(&p.text)
            .into_iter()
            .filter(|f| p.keeps(f))
            .collect();
        answer(p, &found)
    }

    #[test]
    fn offsets_are_utf16_and_context_points_at_the_match() {
        let p = parse(&fields(&[
            ("text", "𠮷𠮷再接再励。"),
            ("language", "zh-CN"),
        ]));
        let Ok(p) = p else { panic!("{p:?}") };
        let a = check(&p);
        let m = &a["matches"][0];
        assert_eq!(m["rule"]["id"], "typo.word");
        assert_eq!(
            (m["offset"].as_u64(), m["length"].as_u64()),
            (Some(4), Some(4))
        );
        assert_eq!(m["replacements"][0]["value"], "再接再厉");
        assert_eq!(m["context"]["offset"], 4);
        assert_eq!(m["context"]["length"], 4);
        assert_eq!(m["sentence"], "𠮷𠮷再接再励。");
        assert_eq!(m["rule"]["category"]["id"], "TYPO");
        assert_eq!(a["language"]["code"], "zh-CN");
    }

    #[test]
    fn annotated_data_maps_to_the_original() {
        let data = r#"{"annotation":[{"markup":"<p>"},{"text":"𠮷再接再励"},{"markup":"<br/>","interpretAs":"\n"},{"text":"按装"}]}"#;
        let p = parse(&fields(&[("data", data)]));
        let Ok(p) = p else { panic!("{p:?}") };
        assert_eq!(p.text, "𠮷再接再励\n按装");
        let a = check(&p);
        let ms = a["matches"].as_array().cloned().unwrap_or_default();
        let spans: Vec<(u64, u64)> = ms
            .iter()
            .map(|m| {
                (
                    m["offset"].as_u64().unwrap_or(0),
                    m["length"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        // "<p>" = 3 units, 𠮷 = 2: the idiom at 5; "<br/>" = 5 more: 按装 at 14.
        assert!(spans.contains(&(5, 4)), "{spans:?}");
        assert!(spans.contains(&(14, 2)), "{spans:?}");
    }

    #[test]
    fn rules_and_categories_filter() {
        let off = parse(&fields(&[
            ("text", "再接再励"),
            ("disabledRules", "typo.word,WHITESPACE_RULE"),
        ]));
        let Ok(off) = off else { panic!() };
        assert!(check(&off)["matches"].as_array().is_some_and(Vec::is_empty));
        let cat = parse(&fields(&[
            ("text", "再接再励"),
            ("disabledCategories", "typo"),
        ]));
        let Ok(cat) = cat else { panic!() };
        assert!(check(&cat)["matches"].as_array().is_some_and(Vec::is_empty));
        let only = parse(&fields(&[
            ("text", "再接再励"),
            ("enabledRules", "privacy"),
            ("enabledOnly", "true"),
        ]));
        let Ok(only) = only else { panic!() };
        assert!(check(&only)["matches"]
            .as_array()
            .is_some_and(Vec::is_empty));
        assert!(parse(&fields(&[("text", "x"), ("language", "en-US")])).is_err());
        assert!(parse(&fields(&[("language", "zh")])).is_err());
        assert!(parse(&fields(&[("data", "{\"annotation\": 5}")])).is_err());
        let tw = parse(&fields(&[("text", "x"), ("language", "zh-TW")]));
        assert!(tw.is_ok_and(|t| t.script == Script::ZhTw && t.language == "zh-TW"));
    }
}
