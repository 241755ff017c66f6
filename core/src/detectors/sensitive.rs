//! Sensitive terms (porn, gambling, drugs, weapons, fraud, violence, cult, political,
//! insult) that survive disguise, without false alarms on governance prose.
//!
//! # Matching
//! The text is read through the folded view of [`crate::normalize`] with
//! [`FoldOptions::ALL`] (NFKC width and styled-letter folding, case folding,
//! traditional → simplified, invisible characters removed), streamed character by character
//! into a char-wise `daachorse` automaton ([`normalize::fold_char_with`] gives exactly the
//! characters of [`normalize::FoldedView`] without building it). On top of the view:
//!
//! - **noise skipping**: spaces, punctuation other than sentence breaks, symbols and emoji
//!   between two characters of a term are skipped, up to [`MAX_GAP`] of them in a row
//!   (`博*彩`, `法 轮 功`, `赌-博`). Sentence punctuation (`。，、；：！？`, quotes, brackets,
//!   line breaks) is never skipped, so a term never straddles two clauses.
//! - **spans** cover the original, disguised text (`法 轮 功`, `賭\u{200b}場`).
//!
//! # False-positive control
//! - **allowlist** (built-in `dictionaries/sensitive/allow.txt`, the `!phrase` guards of
//!   entries and [`Config::allow`](crate::Config::allow)), matched in the same folded view:
//!   an occurrence of a term is dropped when an allowed phrase covers it entirely. A longer
//!   allowed phrase hides a shorter term (`白粉病` hides `白粉`); a term longer than every
//!   allowed phrase around it is still reported.
//! - **whole words for Latin and digit terms**: a term that begins (ends) with an ASCII
//!   letter or digit is not reported when the text has another ASCII letter or digit right
//!   before (after) it: no `sb` in `sbc`, no `69` in `695`; and no noise is skipped between
//!   two ASCII letters or digits (`s.b` is not `sb`).
//! - **role in context** ([`crate::detectors::sensitive_role`]): the sentence around a
//!   match (with its neighbours in the paragraph) is judged from weighted cues measured on
//!   data (`dictionaries/sensitive/cues.tsv`): *solicitation* (`加微信`, `货到付款`, a URL,
//!   a price, a contact number…) raises the finding to `error`; *reporting or governance*
//!   (`破获`, `判处`, `依法打击`, statistics, warnings to the public) drops it under the
//!   `government` profile and reports it as `info` under `comments`; otherwise the lexicon
//!   severity stands. The message names the deciding cue. Insults are never excused.
//! - **spam blocks** ([`crate::detectors::spam`]): clusters of porn/gambling SEO phrases
//!   (`sensitive.spam_block`, with every phrase listed) and one page-level
//!   `sensitive.spam_page` finding per document that has any.
//! - **full-width letters** spaced out (`Ａ Ｖ 女优`, `ｐ ｏ ｒ ｎ`) are joined like Han
//!   characters (plain `s b` is not).
//! - **profiles** ([`SensitiveProfile`]): a government site (the default) and user
//!   comments weigh findings differently.
//!
//! # Lexicons
//! Entries are dictionary lines of category `sensitive/<sub>` (rule `sensitive.<sub>`).
//! The built-in lexicons (`dictionaries/sensitive/*.tsv`) are compiled in with the cargo
//! feature `builtin-sensitive` (on by default); user dictionaries go through the same
//! folded matching. [`SensitiveLexicon`] adds and removes terms at run time and rebuilds
//! the automaton.

use super::{CheckContext, Detector};
use crate::dict::{self, BuiltinDictionary, Entry, Guard};
use crate::error::{Error, Result};
use crate::finding::{Category, Finding, Severity, Span};
use crate::normalize::{self, FoldOptions};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::sensitive_role::{self, Judgement, Role};
use super::spam::{self, SpamFamily, SpamHit};

/// Most noise characters skipped in a row between two characters of a term.
pub const MAX_GAP: u16 = 3;

/// Longest term, in characters of the folded view.
pub const MAX_TERM_CHARS: usize = 48;

const RING: usize = 64;

/// The built-in sensitive lexicons, embedded when the `builtin-sensitive` feature is on.
#[cfg(feature = "builtin-sensitive")]
pub const BUILTIN_SENSITIVE: &[BuiltinDictionary] = &[
    BuiltinDictionary {
        name: "dictionaries/sensitive/porn.tsv",
        text: include_str!("../../../dictionaries/sensitive/porn.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/porn_jionlp.tsv",
        text: include_str!("../../../dictionaries/sensitive/porn_jionlp.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/gambling.tsv",
        text: include_str!("../../../dictionaries/sensitive/gambling.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/drugs.tsv",
        text: include_str!("../../../dictionaries/sensitive/drugs.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/weapons.tsv",
        text: include_str!("../../../dictionaries/sensitive/weapons.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/fraud.tsv",
        text: include_str!("../../../dictionaries/sensitive/fraud.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/violence.tsv",
        text: include_str!("../../../dictionaries/sensitive/violence.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/cult.tsv",
        text: include_str!("../../../dictionaries/sensitive/cult.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/political.tsv",
        text: include_str!("../../../dictionaries/sensitive/political.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/insult.tsv",
        text: include_str!("../../../dictionaries/sensitive/insult.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/grown_families.tsv",
        text: include_str!("../../../dictionaries/sensitive/grown_families.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/grown_jionlp.tsv",
        text: include_str!("../../../dictionaries/sensitive/grown_jionlp.tsv"),
    },
    BuiltinDictionary {
        name: "dictionaries/sensitive/grown_badwords.tsv",
        text: include_str!("../../../dictionaries/sensitive/grown_badwords.tsv"),
    },
];

/// Built-in topic words reported only when disguised (see
/// [`SensitiveTerm::disguise_only`]).
#[cfg(feature = "builtin-sensitive")]
pub const BUILTIN_SENSITIVE_DISGUISED: &[BuiltinDictionary] = &[BuiltinDictionary {
    name: "dictionaries/sensitive/disguised.tsv",
    text: include_str!("../../../dictionaries/sensitive/disguised.tsv"),
}];

/// Built-in disguise-only topic words (empty: the feature is off).
#[cfg(not(feature = "builtin-sensitive"))]
pub const BUILTIN_SENSITIVE_DISGUISED: &[BuiltinDictionary] = &[];

/// The built-in sensitive lexicons (empty: the `builtin-sensitive` feature is off).
#[cfg(not(feature = "builtin-sensitive"))]
pub const BUILTIN_SENSITIVE: &[BuiltinDictionary] = &[];

/// The built-in allowlist of the sensitive lexicons.
#[cfg(feature = "builtin-sensitive")]
pub const BUILTIN_SENSITIVE_ALLOW: BuiltinDictionary = BuiltinDictionary {
    name: "dictionaries/sensitive/allow.txt",
    text: include_str!("../../../dictionaries/sensitive/allow.txt"),
};

/// The built-in allowlist of the sensitive lexicons (empty: the feature is off).
#[cfg(not(feature = "builtin-sensitive"))]
pub const BUILTIN_SENSITIVE_ALLOW: BuiltinDictionary = BuiltinDictionary {
    name: "dictionaries/sensitive/allow.txt",
    text: "",
};

/// Who publishes the text: decides how findings are weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveProfile {
    /// A government or institutional site (the default): every entry at its lexicon
    /// severity; occurrences in reporting or governance context are not reported;
    /// solicitation is `error`.
    #[default]
    Government,
    /// User comments and other user-generated content: evasive spellings (entries of
    /// severity `info`, such as pinyin and homophone variants) are raised to `warning`,
    /// since evasion is what moderators meet there; insults are lowered one level
    /// (`error` → `warning`, `warning` → `info`): rude, but not illegal content. Stricter
    /// on context: occurrences in reporting context are still reported, as `info`.
    Comments,
}

impl SensitiveProfile {
    /// The severity of an entry of sub-category `sub` and lexicon severity `base` under
    /// this profile.
    pub fn severity(self, sub: &str, base: Severity) -> Severity {
        match self {
            SensitiveProfile::Government => base,
            SensitiveProfile::Comments if sub == "insult" => match base {
                Severity::Error => Severity::Warning,
                _ => Severity::Info,
            },
            SensitiveProfile::Comments if base == Severity::Info => Severity::Warning,
            SensitiveProfile::Comments => base,
        }
    }
}

impl std::str::FromStr for SensitiveProfile {
    type Err = String;

    /// Parses `government` or `comments` (case-insensitive).
    ///
    /// # Errors
    /// A message naming the accepted values.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "government" | "gov" => Ok(SensitiveProfile::Government),
            "comments" | "comment" | "ugc" => Ok(SensitiveProfile::Comments),
            _ => Err(format!(
                "unknown sensitive profile `{s}` (expected government or comments)"
            )),
        }
    }
}

impl fmt::Display for SensitiveProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SensitiveProfile::Government => "government",
            SensitiveProfile::Comments => "comments",
        })
    }
}

/// One sensitive term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitiveTerm {
    /// The term as written in the lexicon.
    pub term: String,
    /// Sub-category (`gambling`, `porn`, …): the rule is `sensitive.<sub>`.
    pub sub: String,
    /// Severity under the government profile.
    pub severity: Severity,
    /// Message shown to the user.
    pub message: String,
    /// Replacements, if any.
    pub suggestions: Vec<String>,
    /// Reported only when disguised or solicited: a topic word that clean prose uses
    /// (`赌博`, `枪支`) is a finding when noise or invisible characters are slipped inside
    /// it (`赌-博`), which no honest writer does, or when its sentence sells or advertises
    /// it (`出售各类枪支，货到付款`).
    pub disguise_only: bool,
    /// Never reported alone: an SEO phrase (`在线观看`, `影院`, `彩票`) that counts only
    /// towards spam blocks ([`crate::detectors::spam`]). Its severity gives its weight
    /// there (`error` 2, `warning` 1).
    pub spam_only: bool,
}

/// Folds a phrase into the key the automaton stores: the folded view with noise removed.
fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        normalize::fold_char_with(c, FoldOptions::ALL, |f| {
            if class(f) == Class::Keep {
                out.push(f);
            }
        });
    }
    out
}

/// An editable set of sensitive terms and allowed phrases; [`SensitiveLexicon::build`]
/// compiles it. Terms are keyed by their folded form: `賭場` and `赌场` are one term.
#[derive(Debug, Clone, Default)]
pub struct SensitiveLexicon {
    terms: HashMap<String, SensitiveTerm>,
    allow: HashMap<String, String>,
}

impl SensitiveLexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in lexicons and allowlist (empty when the `builtin-sensitive` feature is
    /// off).
    ///
    /// # Errors
    /// [`Error::Dictionary`] if a built-in file is malformed (a bug caught by tests).
    pub fn builtin() -> Result<Self> {
        let mut lex = Self::new();
        for d in BUILTIN_SENSITIVE {
            lex.add_entries(dict::parse_tsv(d.text, d.name)?)?;
        }
        for d in BUILTIN_SENSITIVE_DISGUISED {
            for e in dict::parse_tsv(d.text, d.name)? {
                if e.category != Category::Sensitive {
                    continue;
                }
                lex.add(SensitiveTerm {
                    sub: e.subcategory.unwrap_or_else(|| "word".to_string()),
                    term: e.term,
                    severity: e.severity,
                    message: e.message,
                    suggestions: e.suggestions,
                    disguise_only: true,
                    spam_only: false,
                })?;
            }
        }
        if cfg!(feature = "builtin-sensitive") {
            lex.add_spam_phrases(dict::parse_tsv(
                spam::BUILTIN_SPAM.text,
                spam::BUILTIN_SPAM.name,
            )?)?;
        }
        for phrase in
            dict::parse_allowlist(BUILTIN_SENSITIVE_ALLOW.text, BUILTIN_SENSITIVE_ALLOW.name)?
        {
            lex.allow(&phrase);
        }
        Ok(lex)
    }

    /// Adds dictionary entries of category `sensitive` (others are ignored); their `!phrase`
    /// guards become allowed phrases. Returns how many terms were added.
    ///
    /// # Errors
    /// [`Error::Build`] for a term that folds to nothing or is longer than
    /// [`MAX_TERM_CHARS`].
    pub fn add_entries(&mut self, entries: impl IntoIterator<Item = Entry>) -> Result<usize> {
        let mut n = 0;
        for e in entries {
            if e.category != Category::Sensitive {
                continue;
            }
            for g in &e.guards {
                match g {
                    Guard::Except(phrase) => self.allow(phrase),
                    // Sensitive matching has its own boundary rule (Latin and digit terms
                    // match whole words only); `@` adds nothing here.
                    Guard::WordBoundary => {}
                }
            }
            self.add(SensitiveTerm {
                sub: e.subcategory.clone().unwrap_or_else(|| "word".to_string()),
                term: e.term,
                severity: e.severity,
                message: e.message,
                suggestions: e.suggestions,
                disguise_only: false,
                spam_only: false,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Adds SEO phrases of spam blocks ([`SensitiveTerm::spam_only`]): entries of
    /// category `sensitive/porn` or `sensitive/gambling` and severity `error` (explicit,
    /// weight 2) or `warning` (ambiguous, weight 1); `info` entries (fillers) and phrases
    /// that already are terms are skipped. Returns how many were added.
    ///
    /// # Errors
    /// See [`SensitiveLexicon::add`].
    pub fn add_spam_phrases(&mut self, entries: impl IntoIterator<Item = Entry>) -> Result<usize> {
        let mut n = 0;
        for e in entries {
            let sub = e.subcategory.clone().unwrap_or_default();
            if e.category != Category::Sensitive
                || e.severity == Severity::Info
                || SpamFamily::from_sub(&sub).is_none()
                || self.contains(&e.term)
            {
                continue;
            }
            self.add(SensitiveTerm {
                term: e.term,
                sub,
                severity: e.severity,
                message: e.message,
                suggestions: Vec::new(),
                disguise_only: false,
                spam_only: true,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Adds (or replaces) a term.
    ///
    /// # Errors
    /// [`Error::Build`] when the term folds to nothing (only noise) or is longer than
    /// [`MAX_TERM_CHARS`] characters.
    pub fn add(&mut self, term: SensitiveTerm) -> Result<()> {
        let key = fold_key(&term.term);
        let len = key.chars().count();
        if len == 0 || len > MAX_TERM_CHARS {
            return Err(Error::Build(format!(
                "sensitive term `{}` must fold to 1..={MAX_TERM_CHARS} characters",
                term.term
            )));
        }
        self.terms.insert(key, term);
        Ok(())
    }

    /// Adds a term with a sub-category and severity and the default message.
    ///
    /// # Errors
    /// See [`SensitiveLexicon::add`].
    pub fn add_term(&mut self, term: &str, sub: &str, severity: Severity) -> Result<()> {
        self.add(SensitiveTerm {
            term: term.to_string(),
            sub: sub.to_string(),
            severity,
            message: "敏感词".to_string(),
            suggestions: Vec::new(),
            disguise_only: false,
            spam_only: false,
        })
    }

    /// Removes a term (any spelling that folds to the same key). Returns whether it was
    /// there.
    pub fn remove(&mut self, term: &str) -> bool {
        self.terms.remove(&fold_key(term)).is_some()
    }

    /// Adds an allowed phrase: occurrences of terms inside it are not reported. Phrases
    /// longer than [`MAX_TERM_CHARS`] (folded) are ignored.
    pub fn allow(&mut self, phrase: &str) {
        let key = fold_key(phrase);
        if !key.is_empty() && key.chars().count() <= MAX_TERM_CHARS {
            self.allow.insert(key, phrase.to_string());
        }
    }

    /// Removes an allowed phrase. Returns whether it was there.
    pub fn disallow(&mut self, phrase: &str) -> bool {
        self.allow.remove(&fold_key(phrase)).is_some()
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The entry of `term` (any spelling folding to the same key).
    pub fn get(&self, term: &str) -> Option<&SensitiveTerm> {
        self.terms.get(&fold_key(term))
    }

    /// True when `term` (any spelling folding to the same key) is in the lexicon.
    pub fn contains(&self, term: &str) -> bool {
        self.terms.contains_key(&fold_key(term))
    }

    /// Every key the compiled automaton holds (folded terms and allowed phrases), sorted.
    /// Benchmarks scan these with a peer matcher.
    pub fn patterns(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .terms
            .keys()
            .chain(self.allow.keys())
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Compiles the lexicon into a matcher.
    ///
    /// # Errors
    /// [`Error::Build`] if the automaton cannot be built.
    pub fn build(&self) -> Result<SensitiveMatcher> {
        let mut keys: Vec<(&String, Pattern)> =
            Vec::with_capacity(self.terms.len() + self.allow.len());
        let mut terms: Vec<SensitiveTerm> = Vec::with_capacity(self.terms.len());
        let mut sorted: Vec<(&String, &SensitiveTerm)> = self.terms.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (key, t) in sorted {
            if self.allow.contains_key(key) {
                continue; // the phrase itself is allowed
            }
            let idx =
                u32::try_from(terms.len()).map_err(|_| Error::Build("too many terms".into()))?;
            keys.push((key, Pattern::new(key, Some(idx))));
            terms.push(t.clone());
        }
        for key in self.allow.keys() {
            keys.push((key, Pattern::new(key, None)));
        }
        keys.sort_by(|a, b| a.0.cmp(b.0));
        let patterns: Vec<Pattern> = keys.iter().map(|k| k.1).collect();
        let automaton = if keys.is_empty() {
            None
        } else {
            let pv = keys
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.as_str(), i as u32));
            let mut ac = CharwiseDoubleArrayAhoCorasick::with_values(pv)
                .map_err(|e| Error::Build(e.to_string()))?;
            ac.cache_depths().map_err(|e| Error::Build(e.to_string()))?;
            Some(ac)
        };
        let start_bits = start_bits(keys.iter().map(|k| k.0.as_str()));
        let (pair_bits, single_starts) = pair_bits(keys.iter().map(|k| k.0.as_str()));
        let rules = terms
            .iter()
            .map(|t| format!("sensitive.{}", t.sub))
            .collect();
        Ok(SensitiveMatcher {
            automaton,
            start_bits,
            pair_bits,
            single_starts,
            patterns,
            terms,
            rules,
        })
    }
}

/// What the automaton knows about one pattern.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Index into `terms`; `None` for an allowed phrase.
    term: Option<u32>,
    chars: u8,
    ascii_start: bool,
    ascii_end: bool,
}

impl Pattern {
    fn new(key: &str, term: Option<u32>) -> Self {
        let first = key.chars().next().unwrap_or(' ');
        let last = key.chars().next_back().unwrap_or(' ');
        Pattern {
            term,
            chars: key.chars().count().min(RING - 1) as u8,
            ascii_start: first.is_ascii_alphanumeric(),
            ascii_end: last.is_ascii_alphanumeric(),
        }
    }
}

/// One occurrence found by [`SensitiveMatcher::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitiveHit {
    /// Byte range in the text given to `find` (covers the disguised original).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The lexicon entry.
    pub term: SensitiveTerm,
    /// Severity after the profile and the role.
    pub severity: Severity,
    /// What the term is doing in its context.
    pub role: Role,
    /// The cue that decided the role (none for [`Role::Content`]).
    pub cue: Option<&'static str>,
}

/// A compiled [`SensitiveLexicon`].
pub struct SensitiveMatcher {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// One bit per BMP code point: set when the character, folded, may begin a key (or
    /// when that is not cheaply known). While the automaton rests at its root, characters
    /// whose bit is clear cannot change anything and are skipped without folding.
    start_bits: Box<[u64]>,
    /// Skip filter, second stage: hashed bigrams (first two characters of every key of two
    /// or more characters); a start character followed by a character that forms no
    /// bigram is skipped too. Start characters of one-character keys are never skipped.
    pair_bits: Box<[u64]>,
    single_starts: Box<[u64]>,
    patterns: Vec<Pattern>,
    terms: Vec<SensitiveTerm>,
    rules: Vec<String>,
}

impl fmt::Debug for SensitiveMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SensitiveMatcher")
            .field("terms", &self.terms.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// How a folded character takes part in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of words: matched.
    Keep,
    /// Skipped inside a term (bounded).
    Noise,
    /// Ends any term: sentence punctuation, quotes, brackets, line breaks.
    Break,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Keep
        } else {
            match c {
                '\n' | '\r' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')' | '[' | ']'
                | '{' | '}' | '<' | '>' => Class::Break,
                _ => Class::Noise,
            }
        };
    }
    match c as u32 {
        // 、。 〈〉《》「」『』【】〔〕〖〗〘〙〚〛〝〞〟
        0x3001 | 0x3002 | 0x3008..=0x3011 | 0x3014..=0x301F => Class::Break,
        // ‘’‚‛“”„‟ ‹› and line/paragraph separators
        0x2018..=0x201F | 0x2039 | 0x203A | 0x2028 | 0x2029 | 0x0085 => Class::Break,
        // Latin-1 punctuation and symbols, × ÷
        0x00A0..=0x00BF | 0x00D7 | 0x00F7 => Class::Noise,
        // General punctuation … Misc symbols and arrows (arrows, maths, box drawing,
        // shapes, dingbats)
        0x2000..=0x2BFF | 0x2E00..=0x2E7F => Class::Noise,
        // CJK symbols and punctuation, except 々〆〇 and Hangzhou numerals
        0x3000 | 0x3003 | 0x3004 | 0x3012 | 0x3013 | 0x3020 | 0x3030..=0x3037 | 0x303B..=0x303F => {
            Class::Noise
        }
        // katakana middle dot, CJK compatibility forms, small forms, half-width forms
        0x30FB | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F | 0xFF00..=0xFF0F | 0xFF5B..=0xFF65 => {
            Class::Noise
        }
        // private use; emoji, pictographs, mahjong, playing cards, enclosed supplements
        0xE000..=0xF8FF | 0x1F000..=0x1FAFF => Class::Noise,
        _ => Class::Keep,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    start: usize,
    /// Noise characters skipped right before this character (`u16::MAX` after a break).
    gap: u16,
    ascii: bool,
    /// A full-width letter or digit in the original (`Ａ`): spaced-out full-width letters
    /// (`Ａ Ｖ`) are a disguise, so noise between two of them is skipped like between
    /// Han characters.
    wide: bool,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    pattern: u32,
    start: usize,
    end: usize,
}

/// The streaming scanner: one folded character at a time.
struct Scan<'a> {
    ac: &'a CharwiseDoubleArrayAhoCorasick<u32>,
    patterns: &'a [Pattern],
    stepper: daachorse::charwise::iter::FindOverlappingStepper<'a, u32>,
    ring: [Slot; RING],
    n: usize,
    gap: u16,
    pending: Vec<Cand>,
    found: Vec<Cand>,
    allowed: Vec<(usize, usize)>,
}

impl<'a> Scan<'a> {
    fn new(ac: &'a CharwiseDoubleArrayAhoCorasick<u32>, patterns: &'a [Pattern]) -> Self {
        Scan {
            ac,
            patterns,
            stepper: ac.find_overlapping_stepper(),
            ring: [Slot::default(); RING],
            n: 0,
            gap: u16::MAX,
            pending: Vec::new(),
            found: Vec::new(),
            allowed: Vec::new(),
        }
    }

    #[inline]
    fn settle_pending(&mut self, next_continues_word: bool) {
        if self.pending.is_empty() {
            return;
        }
        if next_continues_word {
            self.pending.clear();
        } else {
            self.found.append(&mut self.pending);
        }
    }

    #[inline]
    fn push(&mut self, f: char, start: usize, end: usize) {
        match class(f) {
            Class::Break => self.brk(),
            Class::Noise => self.noise(),
            Class::Keep => self.keep(f, start, end),
        }
    }

    /// True when the automaton rests at its root and no match waits for its right edge:
    /// characters that cannot begin a key may then be skipped.
    #[inline]
    fn idle(&self) -> bool {
        self.pending.is_empty() && self.stepper.depth() == Some(0)
    }

    /// After skipping to `at`: restores what the character before `at` tells about word
    /// and gap boundaries.
    fn resync(&mut self, text: &str, at: usize) {
        let mut before = text.get(..at).unwrap_or("").char_indices().rev();
        loop {
            let Some((i, c)) = before.next() else {
                self.gap = u16::MAX;
                return;
            };
            let mut last = None;
            normalize::fold_char_with(c, FoldOptions::ALL, |f| last = Some(f));
            let Some(f) = last else { continue };
            match class(f) {
                Class::Keep => {
                    self.ring[self.n % RING] = Slot {
                        start: i,
                        gap: 0,
                        ascii: f.is_ascii_alphanumeric(),
                        wide: is_fullwidth_alnum(c),
                    };
                    self.n += 1;
                    self.gap = 0;
                }
                Class::Noise => self.gap = 1,
                Class::Break => self.gap = u16::MAX,
            }
            return;
        }
    }

    #[inline]
    fn brk(&mut self) {
        self.settle_pending(false);
        self.gap = u16::MAX;
    }

    #[inline]
    fn noise(&mut self) {
        self.settle_pending(false);
        self.gap = self.gap.saturating_add(1);
    }

    #[inline]
    fn keep(&mut self, f: char, start: usize, end: usize) {
        self.keep_wide(f, start, end, false);
    }

    /// [`Self::keep`] for a character that was `wide` (full-width) in the original.
    #[inline]
    fn keep_wide(&mut self, f: char, start: usize, end: usize, wide: bool) {
        let ascii = f.is_ascii_alphanumeric();
        let gap = self.gap;
        self.settle_pending(gap == 0 && ascii);
        if gap > 0 {
            let prev = self.ring[self.n.wrapping_sub(1) % RING];
            let prev_ascii = self.n > 0 && prev.ascii;
            let both_wide = wide && self.n > 0 && prev.wide;
            if gap > MAX_GAP || (ascii && prev_ascii && !both_wide) {
                self.stepper = self.ac.find_overlapping_stepper();
            }
        }
        self.ring[self.n % RING] = Slot {
            start,
            gap,
            ascii,
            wide,
        };
        self.n += 1;
        self.gap = 0;
        self.stepper.consume(f);
        for m in self.stepper.matches() {
            let Some(p) = self.patterns.get(m.value() as usize) else {
                continue;
            };
            let k = p.chars as usize;
            if k == 0 || k > self.n {
                continue;
            }
            let first = self.n - k;
            let head = self.ring[first % RING];
            if p.ascii_start && head.gap == 0 && first > 0 && self.ring[(first - 1) % RING].ascii {
                continue;
            }
            let cand = Cand {
                pattern: m.value(),
                start: head.start,
                end,
            };
            if p.term.is_none() {
                self.allowed.push((cand.start, cand.end));
            } else if p.ascii_end {
                self.pending.push(cand);
            } else {
                self.found.push(cand);
            }
        }
    }
}

/// Precomputed single-character folds ([`FoldOptions::ALL`]) and their matching class for
/// the BMP below U+A000 (Latin-1, punctuation, symbols, CJK symbols, ideographs) and the
/// compatibility and full-width forms, so the hot loop does one table load per character.
/// Built from [`normalize::fold_char_with`] itself, so it cannot disagree with the folded
/// view (and a test compares them).
struct FoldCache {
    low: Box<[u32]>,
    high: Box<[u32]>,
}

const CACHE_LOW: std::ops::Range<u32> = 0x80..0xA000;
const CACHE_HIGH: std::ops::Range<u32> = 0xF900..0x1_0000;
const DROPPED: u32 = u32::MAX - 1;
const SLOW: u32 = u32::MAX;

enum Cached {
    Dropped,
    One(char, Class),
    Slow,
}

impl FoldCache {
    fn build(range: std::ops::Range<u32>) -> Box<[u32]> {
        range
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return SLOW;
                };
                let mut out = [None; 2];
                let mut n = 0;
                normalize::fold_char_with(c, FoldOptions::ALL, |f| {
                    if n < 2 {
                        out[n] = Some(f);
                    }
                    n += 1;
                });
                match (n, out[0]) {
                    (0, _) => DROPPED,
                    (1, Some(f)) => {
                        let cls = match class(f) {
                            Class::Keep => 0,
                            Class::Noise => 1,
                            Class::Break => 2,
                        };
                        (cls << 24) | f as u32
                    }
                    _ => SLOW,
                }
            })
            .collect()
    }

    #[inline]
    fn lookup(&self, u: u32) -> Cached {
        let v = if u < CACHE_LOW.end {
            self.low
                .get(u.wrapping_sub(CACHE_LOW.start) as usize)
                .copied()
        } else if CACHE_HIGH.contains(&u) {
            self.high.get((u - CACHE_HIGH.start) as usize).copied()
        } else {
            None
        };
        match v {
            Some(DROPPED) => Cached::Dropped,
            Some(SLOW) | None => Cached::Slow,
            Some(v) => {
                let cls = match v >> 24 {
                    0 => Class::Keep,
                    1 => Class::Noise,
                    _ => Class::Break,
                };
                char::from_u32(v & 0x00FF_FFFF).map_or(Cached::Slow, |f| Cached::One(f, cls))
            }
        }
    }
}

fn fold_cache() -> &'static FoldCache {
    static CACHE: OnceLock<FoldCache> = OnceLock::new();
    CACHE.get_or_init(|| FoldCache {
        low: FoldCache::build(CACHE_LOW),
        high: FoldCache::build(CACHE_HIGH),
    })
}

/// The skip table of [`SensitiveMatcher::start_bits`] for a set of keys.
fn start_bits<'k>(keys: impl Iterator<Item = &'k str>) -> Box<[u64]> {
    let mut starts = vec![0u64; 1024];
    for k in keys {
        if let Some(c) = k.chars().next() {
            let u = c as usize;
            if u < 0x10000 {
                starts[u >> 6] |= 1 << (u & 63);
            }
        }
    }
    let is_start = |f: char| {
        let u = f as usize;
        u >= 0x10000 || starts[u >> 6] >> (u & 63) & 1 == 1
    };
    let cache = fold_cache();
    let mut bits = vec![0u64; 1024];
    for u in 0..0x10000u32 {
        let may_start = if u < 0x80 {
            is_start((u as u8).to_ascii_lowercase() as char)
        } else if (CACHE_LOW.end..CACHE_HIGH.start).contains(&u) {
            true // not tabulated: always take the full path
        } else {
            match cache.lookup(u) {
                Cached::Dropped => false,
                Cached::One(f, Class::Keep) => is_start(f),
                Cached::One(_, _) => false,
                Cached::Slow => true,
            }
        };
        if may_start {
            bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
    }
    bits.into_boxed_slice()
}

#[inline]
fn pair_hash(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32);
    (h.wrapping_mul(0x85EB_CA6B) >> 16) as usize
}

/// Bigram filter and the set of start characters of one-character keys.
fn pair_bits<'k>(keys: impl Iterator<Item = &'k str>) -> (Box<[u64]>, Box<[u64]>) {
    let mut pairs = vec![0u64; 1024];
    let mut singles = vec![0u64; 1024];
    for k in keys {
        let mut cs = k.chars();
        match (cs.next(), cs.next()) {
            (Some(a), Some(b)) => {
                let h = pair_hash(a, b);
                pairs[h >> 6] |= 1 << (h & 63);
            }
            (Some(a), None) => {
                let u = (a as usize).min(0xFFFF);
                singles[u >> 6] |= 1 << (u & 63);
            }
            _ => {}
        }
    }
    (pairs.into_boxed_slice(), singles.into_boxed_slice())
}

#[inline]
fn bit(bits: &[u64], u: usize) -> bool {
    bits.get(u >> 6).copied().unwrap_or(u64::MAX) >> (u & 63) & 1 == 1
}

/// Decodes the BMP character at `i`: `(code point, width)`, `None` for astral ones.
#[inline]
fn decode_bmp(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0x80) as u32 & 0x3F;
    let b = *bytes.get(i)?;
    if b < 0x80 {
        Some((b as u32, 1))
    } else if b < 0xE0 {
        Some((((b as u32 & 0x1F) << 6) | at(i + 1), 2))
    } else if b < 0xF0 {
        Some((((b as u32 & 0x0F) << 12) | (at(i + 1) << 6) | at(i + 2), 3))
    } else {
        None
    }
}

/// The folded character of BMP code point `u` when it is a plain kept character.
#[inline]
fn kept_fold(cache: &FoldCache, u: u32) -> Option<char> {
    if u < 0x80 {
        let c = (u as u8).to_ascii_lowercase() as char;
        return c.is_ascii_alphanumeric().then_some(c);
    }
    match cache.lookup(u) {
        Cached::One(f, Class::Keep) => Some(f),
        _ => None,
    }
}

impl SensitiveMatcher {
    /// The first byte offset at or after `i` whose character may begin a match (or `len`).
    #[inline]
    fn skip_to_candidate(&self, bytes: &[u8], mut i: usize, cache: &FoldCache) -> usize {
        while let Some((u, w)) = decode_bmp(bytes, i) {
            if !bit(&self.start_bits, u as usize) {
                i += w;
                continue;
            }
            // second stage: the next character must complete a key's first bigram
            let Some(f1) = kept_fold(cache, u) else {
                return i;
            };
            if bit(&self.single_starts, f1 as usize) {
                return i;
            }
            let Some((u2, _)) = decode_bmp(bytes, i + w) else {
                return i;
            };
            let Some(f2) = kept_fold(cache, u2) else {
                return i; // noise, a break, or an unusual character: full path
            };
            if bit(&self.pair_bits, pair_hash(f1, f2)) {
                return i;
            }
            i += w;
        }
        i.min(bytes.len())
    }
}

/// Full-width ASCII letters and digits (`０`–`９`, `Ａ`–`Ｚ`, `ａ`–`ｚ`).
#[inline]
fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// True when a matched span carries symbols, emoji or invisible characters between its
/// letters. Spaces alone do not count: letter-spaced headings (`彩 票 管 理`) are common.
fn disguised(span: &str) -> bool {
    span.chars().filter(|c| !c.is_whitespace()).any(|c| {
        let mut kept = false;
        normalize::fold_char_with(c, FoldOptions::ALL, |f| kept |= class(f) == Class::Keep);
        !kept
    })
}

impl SensitiveMatcher {
    /// The built-in lexicon, compiled.
    ///
    /// # Errors
    /// See [`SensitiveLexicon::builtin`] and [`SensitiveLexicon::build`].
    pub fn builtin() -> Result<Self> {
        SensitiveLexicon::builtin()?.build()
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Raw occurrences of terms in `text` (folded, noise skipped, whole-word rule and
    /// allowlist applied; no context rules), as `(start, end, term index)`, ordered by end.
    fn scan(&self, text: &str) -> Vec<Cand> {
        self.scan_with(text, true)
    }

    /// [`Self::scan`]; `skip` = false processes every character (the reference the
    /// skipping path is tested against).
    fn scan_with(&self, text: &str, skip: bool) -> Vec<Cand> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut scan = Scan::new(ac, &self.patterns);
        let cache = fold_cache();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if skip && scan.idle() {
                let j = self.skip_to_candidate(bytes, i, cache);
                if j != i {
                    scan.resync(text, j);
                    i = j;
                }
            }
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let end = i + c.len_utf8();
            let u = c as u32;
            if u < 0x80 {
                // ASCII folds to itself, lower-cased
                if c.is_ascii_alphanumeric() {
                    scan.keep(c.to_ascii_lowercase(), i, end);
                } else {
                    scan.push(c, i, end);
                }
            } else {
                match cache.lookup(u) {
                    Cached::Dropped => {}
                    Cached::One(f, Class::Keep) => scan.keep_wide(f, i, end, is_fullwidth_alnum(c)),
                    Cached::One(_, Class::Noise) => scan.noise(),
                    Cached::One(_, Class::Break) => scan.brk(),
                    Cached::Slow => {
                        normalize::fold_char_with(c, FoldOptions::ALL, |f| scan.push(f, i, end))
                    }
                }
            }
            i = end;
        }
        scan.settle_pending(false);
        let Scan {
            mut found, allowed, ..
        } = scan;
        if !allowed.is_empty() {
            found.retain(|c| !allowed.iter().any(|&(s, e)| s <= c.start && c.end <= e));
        }
        found
    }

    /// Every sensitive occurrence in `text` that the rules let through, with its severity
    /// under `profile` and its role in context. Overlapping occurrences are all returned.
    /// SEO phrases ([`SensitiveTerm::spam_only`]) are not returned: see
    /// [`SensitiveMatcher::find_spam`].
    pub fn find(&self, text: &str, profile: SensitiveProfile) -> Vec<SensitiveHit> {
        self.find_inner(text, profile, None)
            .into_iter()
            .filter_map(|j| {
                let t = self.term_of(&j.cand)?;
                Some(SensitiveHit {
                    start: j.cand.start,
                    end: j.cand.end,
                    term: t.clone(),
                    severity: j.severity,
                    role: j.judgement.role,
                    cue: j.judgement.cue,
                })
            })
            .collect()
    }

    /// Spam blocks in `text` ([`crate::detectors::spam`]) as `(start, end, message)`.
    pub fn find_spam(&self, text: &str) -> Vec<spam::SpamBlock> {
        let mut hits = Vec::new();
        self.find_inner(text, SensitiveProfile::Government, Some(&mut hits));
        spam::find_blocks(text, &mut hits)
    }

    fn term_of(&self, c: &Cand) -> Option<&SensitiveTerm> {
        self.patterns
            .get(c.pattern as usize)
            .and_then(|p| p.term)
            .and_then(|i| self.terms.get(i as usize))
    }

    /// Reported occurrences with their judgement; when `spam` is given, the hits that
    /// count towards spam blocks are pushed there.
    fn find_inner(
        &self,
        text: &str,
        profile: SensitiveProfile,
        mut spam: Option<&mut Vec<SpamHit>>,
    ) -> Vec<Judged> {
        let found = self.scan(text);
        if found.is_empty() {
            return Vec::new();
        }
        let comments = profile == SensitiveProfile::Comments;
        // Explicit terms (not topic words) that are reported, as (start, end, sub): a topic
        // word in the same sentence as one is carried content too (`提供卖淫服务，……包夜`).
        let explicit: Vec<(usize, usize, &str)> = found
            .iter()
            .filter_map(|c| {
                let t = self.term_of(c)?;
                if t.disguise_only || t.spam_only || t.sub == "insult" {
                    return None;
                }
                let role = sensitive_role::judge(text, c.start, c.end).role;
                (role != sensitive_role::Role::Reporting).then_some((
                    c.start,
                    c.end,
                    t.sub.as_str(),
                ))
            })
            .collect();
        let mut out = Vec::with_capacity(found.len());
        for c in found {
            let Some(t) = self.term_of(&c) else {
                continue;
            };
            let is_disguised = t.disguise_only && disguised(&text[c.start..c.end]);
            if let Some(spam) = spam.as_deref_mut() {
                if let Some(family) = SpamFamily::from_sub(&t.sub) {
                    let weight = if t.spam_only {
                        spam::weight_of(t.severity)
                    } else if t.disguise_only {
                        1
                    } else {
                        2
                    };
                    if weight > 0 {
                        spam.push(SpamHit {
                            start: c.start,
                            end: c.end,
                            weight,
                            family,
                        });
                    }
                }
            }
            if t.spam_only {
                continue;
            }
            let judgement = sensitive_role::judge(text, c.start, c.end);
            // a topic word (`枪支`, `毒品`) is content when disguised, when it is sold, or
            // when its sentence holds a reported explicit term of the same family
            let mut accompanied_by = None;
            if t.disguise_only
                && !is_disguised
                && !(judgement.score >= sensitive_role::TOPIC_SOLD_THRESHOLD
                    && SOLD_TOPICS.contains(&t.sub.as_str()))
            {
                let (ss, se) = sensitive_role::sentence(text, c.start, c.end);
                accompanied_by = explicit
                    .iter()
                    .find(|&&(s, e, sub)| {
                        sub == t.sub && ss <= s && e <= se && (s, e) != (c.start, c.end)
                    })
                    .map(|&(s, e, _)| text[s..e].to_string());
                if accompanied_by.is_none() {
                    continue;
                }
            }
            let base = profile.severity(&t.sub, t.severity);
            let Some(severity) =
                sensitive_role::severity_in_role(judgement.role, base, comments, t.sub == "insult")
            else {
                continue;
            };
            out.push(Judged {
                cand: c,
                severity,
                judgement,
                topic_sold: t.disguise_only && !is_disguised && accompanied_by.is_none(),
                accompanied_by,
            });
        }
        out
    }
}

/// Sub-categories whose topic words can be sold or advertised (a political or cult topic
/// word is never "sold": `欢迎台湾各党派` next to `台独` is not an advert).
const SOLD_TOPICS: &[&str] = &["weapons", "drugs", "fraud", "gambling", "porn"];

/// A reported occurrence and what it is doing.
struct Judged {
    cand: Cand,
    severity: Severity,
    judgement: Judgement,
    /// A disguise-only topic word reported because it is solicited, not disguised.
    topic_sold: bool,
    /// A disguise-only topic word reported because an explicit term of its family, this
    /// text, is reported in the same sentence.
    accompanied_by: Option<String>,
}

/// The detector: a compiled lexicon plus the configured profile.
#[derive(Debug)]
pub struct SensitiveDetector {
    matcher: SensitiveMatcher,
}

impl SensitiveDetector {
    /// A detector from a compiled lexicon.
    pub fn new(matcher: SensitiveMatcher) -> Self {
        SensitiveDetector { matcher }
    }

    /// The detector for a checker: the built-in lexicon (when `builtin` and the feature is
    /// on), the `sensitive` entries of the given dictionaries, and the allowed phrases.
    ///
    /// # Errors
    /// [`Error::Dictionary`] for a malformed built-in file, [`Error::Build`] for a bad term
    /// or an automaton that cannot be built.
    pub fn from_parts(builtin: bool, entries: Vec<Entry>, allow: &[String]) -> Result<Self> {
        let mut lex = if builtin {
            SensitiveLexicon::builtin()?
        } else {
            SensitiveLexicon::new()
        };
        lex.add_entries(entries)?;
        for a in allow {
            lex.allow(a);
        }
        Ok(Self::new(lex.build()?))
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.matcher.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_empty()
    }
}

impl Detector for SensitiveDetector {
    fn name(&self) -> &'static str {
        "sensitive"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Sensitive]
    }

    fn rules(&self) -> Vec<&str> {
        let mut rules: Vec<&str> = self.matcher.rules.iter().map(String::as_str).collect();
        rules.extend([SPAM_BLOCK_RULE, SPAM_PAGE_RULE]);
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Sensitive) {
            return;
        }
        let text = ctx.doc.text();
        let want_spam =
            ctx.config.rule_enabled(SPAM_BLOCK_RULE) || ctx.config.rule_enabled(SPAM_PAGE_RULE);
        let mut hits = Vec::new();
        let judged = self.matcher.find_inner(
            text,
            ctx.config.sensitive_profile,
            want_spam.then_some(&mut hits),
        );
        for j in judged {
            // A plain two-character match cutting through a word of the best segmentation
            // is not the term (自我靠近 holds 我靠 only across 自我|靠近). Longer and
            // disguised matches (看法 轮 功) are left to the rules above.
            if text
                .get(j.cand.start..j.cand.end)
                .is_some_and(|m| m.chars().count() == 2)
                && crate::segment::cuts_word(text, j.cand.start, j.cand.end) == Some(true)
            {
                continue;
            }
            let Some(ti) = self
                .matcher
                .patterns
                .get(j.cand.pattern as usize)
                .and_then(|p| p.term)
            else {
                continue;
            };
            let (Some(t), Some(rule)) = (
                self.matcher.terms.get(ti as usize),
                self.matcher.rules.get(ti as usize),
            ) else {
                continue;
            };
            let base = if j.topic_sold {
                "敏感话题词用于招揽或广告"
            } else {
                t.message.as_str()
            };
            let message = match (&j.accompanied_by, j.judgement.cue) {
                (Some(with), _) => format!("敏感话题词与露骨用语同句出现（“{with}”）"),
                // an insult's severity ignores the role: naming a role cue would mislead
                (None, Some(_)) if t.sub == "insult" => base.to_string(),
                (None, Some(cue)) => format!("{base}（{}：“{cue}”）", j.judgement.role.label()),
                (None, None) => base.to_string(),
            };
            out.push(
                Finding::new(
                    rule.clone(),
                    Category::Sensitive,
                    j.severity,
                    Span::new(j.cand.start, j.cand.end),
                    message,
                )
                .with_suggestions(t.suggestions.clone()),
            );
        }
        if !want_spam || hits.len() < 2 {
            return;
        }
        let blocks = spam::find_blocks(text, &mut hits);
        let Some(first) = blocks.first() else {
            return;
        };
        let hidden = hidden_links(ctx, &blocks);
        let mut phrases = 0;
        let mut fam = (0, 0);
        for (b, h) in blocks.iter().zip(&hidden) {
            phrases += b.phrases.len();
            fam.0 += b.families.0;
            fam.1 += b.families.1;
            out.push(Finding::new(
                SPAM_BLOCK_RULE,
                Category::Sensitive,
                Severity::Error,
                Span::new(b.start, b.end),
                spam::block_message(text, b, *h),
            ));
        }
        out.push(Finding::new(
            SPAM_PAGE_RULE,
            Category::Sensitive,
            Severity::Error,
            Span::new(first.start, first.end),
            spam::page_message(blocks.len(), phrases, fam),
        ));
    }
}

/// Rule id of a spam block ([`crate::detectors::spam`]).
pub const SPAM_BLOCK_RULE: &str = "sensitive.spam_block";

/// Rule id of the page-level signal: one finding per document that has at least one spam
/// block (spanning the first block), for CMS hooks and site audits.
pub const SPAM_PAGE_RULE: &str = "sensitive.spam_page";

/// For each block, how many links of the page hidden by CSS (or `hidden`) sit inside it.
fn hidden_links(ctx: &CheckContext<'_>, blocks: &[spam::SpamBlock]) -> Vec<usize> {
    let Some(info) = ctx.doc.html_info() else {
        return vec![0; blocks.len()];
    };
    blocks
        .iter()
        .map(|b| {
            let src = ctx.doc.to_source_span(Span::new(b.start, b.end));
            info.links
                .iter()
                .filter(|l| {
                    l.hidden_by.is_some() && l.span.start >= src.start && l.span.end <= src.end
                })
                .count()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lexicon(terms: &[(&str, &str, Severity)]) -> SensitiveLexicon {
        let mut lex = SensitiveLexicon::new();
        for (t, sub, sev) in terms {
            if let Err(e) = lex.add_term(t, sub, *sev) {
                panic!("{e}");
            }
        }
        lex
    }

    fn build(lex: &SensitiveLexicon) -> SensitiveMatcher {
        match lex.build() {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    fn found(m: &SensitiveMatcher, text: &str) -> Vec<String> {
        m.find(text, SensitiveProfile::Government)
            .into_iter()
            .map(|h| text[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn builtin_lexicon_parses_and_is_curated() {
        let lex = match SensitiveLexicon::builtin() {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        if cfg!(feature = "builtin-sensitive") {
            assert!(lex.len() > 400, "{}", lex.len());
            // topic words of clean official prose are not entries
            for topic in [
                "色情", "赌博", "诈骗", "澳门", "台湾", "政治", "暴力", "领导", "毒品",
            ] {
                assert!(
                    lex.get(topic)
                        .is_none_or(|t| t.disguise_only || t.spam_only),
                    "{topic} must not be reported as written"
                );
            }
            assert!(lex.contains("賭場網站") || lex.contains("赌博网站"));
        } else {
            assert!(lex.is_empty());
        }
    }

    #[test]
    fn add_remove_rebuild() {
        let mut lex = lexicon(&[("坏词", "custom", Severity::Error)]);
        assert_eq!(found(&build(&lex), "一个坏 词"), vec!["坏 词"]);
        assert!(lex.contains("壞詞"));
        assert!(lex.remove("壞詞"));
        assert!(!lex.remove("壞詞"));
        assert!(found(&build(&lex), "一个坏词").is_empty());
        assert!(lex.add_term(" * ", "custom", Severity::Error).is_err());
        assert!(lex
            .add_term(&"长".repeat(MAX_TERM_CHARS + 1), "x", Severity::Info)
            .is_err());
    }

    #[test]
    fn allowed_phrase_covers_only_what_it_spans() {
        let mut lex = lexicon(&[("白粉", "drugs", Severity::Warning)]);
        lex.allow("白粉病");
        let m = build(&lex);
        assert!(found(&m, "防治小麦白 粉 病").is_empty());
        assert_eq!(found(&m, "出售白粉"), vec!["白粉"]);
        // the phrase itself allowed: the term is dropped from the automaton
        lex.allow("白粉");
        assert!(found(&build(&lex), "出售白粉").is_empty());
        assert!(lex.disallow("白粉"));
        assert_eq!(found(&build(&lex), "出售白粉"), vec!["白粉"]);
    }

    #[test]
    fn whole_words_for_ascii_terms() {
        let m = build(&lexicon(&[
            ("sb", "insult", Severity::Error),
            ("69", "porn", Severity::Error),
            ("k粉", "drugs", Severity::Error),
        ]));
        assert!(found(&m, "sbc").is_empty());
        assert!(found(&m, "asb").is_empty());
        assert!(found(&m, "695").is_empty());
        assert!(found(&m, "1969年").is_empty());
        assert_eq!(found(&m, "你SB吧"), vec!["SB"]);
        assert_eq!(found(&m, "(69)"), vec!["69"]);
        assert_eq!(found(&m, "s b"), Vec::<String>::new());
        assert_eq!(found(&m, "卖Ｋ 粉"), vec!["Ｋ 粉"]);
        assert!(found(&m, "ok粉").is_empty());
        // spaced-out full-width letters are a disguise; spaced half-width ones are not
        assert_eq!(found(&m, "你ｓ ｂ吧"), vec!["ｓ ｂ"]);
        assert!(found(&m, "ｓｂｃ").is_empty());
    }

    #[test]
    fn gaps_are_bounded_and_breaks_stop_terms() {
        let m = build(&lexicon(&[("赌博网站", "gambling", Severity::Error)]));
        assert_eq!(found(&m, "赌 ~ 博网站"), vec!["赌 ~ 博网站"]);
        assert!(found(&m, "赌 ~~ 博网站").is_empty());
        assert!(found(&m, "赌，博网站").is_empty());
        assert!(found(&m, "赌“博”网站").is_empty());
        assert_eq!(found(&m, "賭\u{200b}博網站"), vec!["賭\u{200b}博網站"]);
    }

    #[test]
    fn governance_context_needs_no_adverts() {
        let m = build(&lexicon(&[("网上赌场", "gambling", Severity::Error)]));
        assert!(found(&m, "坚决取缔网上赌场。").is_empty());
        assert_eq!(
            found(&m, "坚决取缔网上赌场？不存在的，加微信123"),
            vec!["网上赌场"]
        );
        assert_eq!(found(&m, "网上赌场。警方打击。"), vec!["网上赌场"]);
    }

    #[test]
    fn profiles_weigh_severity() {
        use SensitiveProfile::*;
        assert_eq!(
            Government.severity("insult", Severity::Error),
            Severity::Error
        );
        assert_eq!(
            Comments.severity("insult", Severity::Error),
            Severity::Warning
        );
        assert_eq!(
            Comments.severity("insult", Severity::Warning),
            Severity::Info
        );
        assert_eq!(Comments.severity("porn", Severity::Info), Severity::Warning);
        assert_eq!(Comments.severity("porn", Severity::Error), Severity::Error);
        let json = serde_json::to_string(&Comments).unwrap_or_default();
        assert_eq!(json, "\"comments\"");
    }

    #[test]
    fn fold_cache_agrees_with_folding() {
        let cache = fold_cache();
        for u in CACHE_LOW.chain(CACHE_HIGH) {
            let Some(c) = char::from_u32(u) else { continue };
            let mut want = String::new();
            normalize::fold_char_with(c, FoldOptions::ALL, |f| want.push(f));
            let got = match cache.lookup(u) {
                Cached::Dropped => Some(String::new()),
                Cached::One(f, cls) => {
                    assert_eq!(cls, class(f));
                    Some(f.to_string())
                }
                Cached::Slow => None,
            };
            if let Some(got) = got {
                assert_eq!(got, want, "U+{u:04X}");
            } else {
                assert!(want.chars().count() > 1, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn key_folding_matches_text_folding() {
        assert_eq!(fold_key("ＡＶ 女優"), "av女优");
        assert_eq!(fold_key("法·轮·功"), "法轮功");
        assert_eq!(fold_key("①⑧⑧"), "188");
    }

    proptest! {
        #[test]
        fn skipping_changes_nothing(text in "[冰毒賭赌博網网站sbk粉白病 .,，。*😀\u{200b}ａＢ⑩出售大a-c0-9]{0,40}") {
            let mut lex = lexicon(&[
                ("冰毒", "drugs", Severity::Error),
                ("出售冰毒", "drugs", Severity::Error),
                ("sb", "insult", Severity::Error),
                ("k粉", "drugs", Severity::Error),
                ("赌博网站", "gambling", Severity::Error),
                ("10", "x", Severity::Info),
                ("白粉", "drugs", Severity::Warning),
                ("賭", "gambling", Severity::Info),
                ("b", "x", Severity::Info),
            ]);
            lex.allow("白粉病");
            let m = build(&lex);
            let a: Vec<(usize, usize, u32)> = m.scan_with(&text, true).iter().map(|c| (c.start, c.end, c.pattern)).collect();
            let b: Vec<(usize, usize, u32)> = m.scan_with(&text, false).iter().map(|c| (c.start, c.end, c.pattern)).collect();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn any_text_gives_sound_spans(text in "\\PC{0,60}", noise in "[ *\\-😀\u{200b}a-z0-9，。]{0,8}") {
            let m = build(&lexicon(&[
                ("冰毒", "drugs", Severity::Error),
                ("sb", "insult", Severity::Error),
                ("赌博网站", "gambling", Severity::Error),
            ]));
            let t = format!("{text}冰{noise}毒{text}sb");
            for h in m.find(&t, SensitiveProfile::Comments) {
                prop_assert!(h.start < h.end && h.end <= t.len());
                prop_assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
            }
        }
    }
}
