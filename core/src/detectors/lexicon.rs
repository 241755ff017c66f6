//! Wrong words from dictionaries: misspellings (`typo`), non-standard variants (`variant`),
//! non-standard expressions (`expression`), and any other entry given in a dictionary.
//!
//! One automaton pass finds every occurrence of every term (overlapping), context guards
//! drop the occurrences that are correct in place, and the checker's overlap resolution
//! then keeps the most severe, longest finding.

use super::{CheckContext, Detector};
use crate::dict::{default_message, Entry, Guard, Matcher};
use crate::error::Result;
use crate::finding::{Category, Finding, Severity, Span};
use std::collections::HashMap;

/// What the detector keeps of an entry: its term lives in the matcher, its rule id in a
/// table of the few distinct ones, and a default message is made only when the entry is
/// reported. About half the memory of an [`Entry`] (a million-term user dictionary is
/// a realistic size for a large site's own word list).
#[derive(Debug)]
struct Kept {
    suggestions: Box<[String]>,
    /// `None`: the default message for the category and suggestions.
    message: Option<Box<str>>,
    guards: Box<[Guard]>,
    rule: u32,
    category: Category,
    severity: Severity,
}

/// Dictionary-driven detector.
#[derive(Debug)]
pub struct LexiconDetector {
    /// The entries, by id (the matcher's ids).
    entries: Vec<Kept>,
    /// The distinct rule ids (`Kept::rule` indexes them).
    rules: Vec<String>,
    matcher: Matcher,
    categories: Vec<Category>,
}

impl LexiconDetector {
    /// Compiles the entries.
    ///
    /// # Errors
    /// [`crate::Error::Build`] if the automaton cannot be built.
    pub fn new(entries: Vec<Entry>) -> Result<Self> {
        let matcher = Matcher::new(entries.iter().map(|e| e.term.as_str()))?;
        let mut rules: Vec<String> = Vec::new();
        let mut rule_index: HashMap<String, u32> = HashMap::new();
        let mut kept = Vec::with_capacity(entries.len());
        for e in entries {
            let rule = e.rule();
            let rule = match rule_index.get(&rule) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(rules.len())
                        .map_err(|_| crate::Error::Build("more than 4 billion rules".into()))?;
                    rule_index.insert(rule.clone(), i);
                    rules.push(rule);
                    i
                }
            };
            let message = (e.message != default_message(e.category, &e.suggestions))
                .then(|| e.message.into_boxed_str());
            kept.push(Kept {
                suggestions: e.suggestions.into_boxed_slice(),
                message,
                guards: e.guards.into_boxed_slice(),
                rule,
                category: e.category,
                severity: e.severity,
            });
        }
        let mut categories: Vec<Category> = kept.iter().map(|e| e.category).collect();
        categories.sort();
        categories.dedup();
        Ok(LexiconDetector {
            entries: kept,
            rules,
            matcher,
            categories,
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// True when a guard of `entry` rejects the match `start..end` of its term: a `!phrase`
/// guard is spelled around it, or a `@` guard finds it is not a whole word (or cannot
/// tell). Phrase guards are tried first; segmentation runs only when they all let the match
/// pass.
fn excepted(text: &str, start: usize, end: usize, entry: &Kept) -> bool {
    let Some(term) = text.get(start..end) else {
        return true;
    };
    let phrase_hit = entry.guards.iter().any(|g| match g {
        Guard::WordBoundary => false,
        Guard::Except(phrase) => phrase.match_indices(term).any(|(off, _)| {
            start
                .checked_sub(off)
                .and_then(|s| text.get(s..s + phrase.len()))
                .is_some_and(|around| around == phrase)
        }),
    });
    phrase_hit
        || (entry.guards.contains(&Guard::WordBoundary)
            && crate::segment::on_word_boundaries(text, start, end) != Some(true))
}

impl Detector for LexiconDetector {
    fn name(&self) -> &'static str {
        "lexicon"
    }

    fn categories(&self) -> &[Category] {
        &self.categories
    }

    fn rules(&self) -> Vec<&str> {
        self.rules.iter().map(String::as_str).collect()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        for m in self.matcher.find_overlapping(text) {
            for &id in m.ids {
                let Some(entry) = self.entries.get(id) else {
                    continue;
                };
                let Some(rule) = self.rules.get(entry.rule as usize) else {
                    continue;
                };
                if !ctx.wants(entry.category) || excepted(text, m.start, m.end, entry) {
                    continue;
                }
                out.push(
                    Finding::new(
                        rule.clone(),
                        entry.category,
                        entry.severity,
                        Span::new(m.start, m.end),
                        match &entry.message {
                            Some(m) => m.to_string(),
                            None => default_message(entry.category, &entry.suggestions),
                        },
                    )
                    .with_suggestions(entry.suggestions.to_vec()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Checker;

    fn found(dict: &str, text: &str) -> Vec<String> {
        let c = Checker::builder()
            .builtin_dictionaries(false)
            .dictionary_text("t.tsv", dict)
            .build();
        match c {
            Ok(c) => c.check(text).into_iter().map(|f| f.text).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn phrase_guard_only_spares_its_phrase() {
        let d = "既使\t即使\ttypo\terror\t\t!这既使\n";
        assert!(found(d, "这既使企业受益。").is_empty());
        assert_eq!(found(d, "既使困难再大。"), vec!["既使"]);
    }

    #[cfg(feature = "segment")]
    #[test]
    fn word_boundary_guard_needs_a_whole_word() {
        let d = "部暑\t部署\ttypo\terror\t\t@\n";
        // 全部|暑假: the match straddles two words.
        assert!(found(d, "学生全部暑假返校。").is_empty());
        assert_eq!(found(d, "请及时部暑任务。"), vec!["部暑"]);
    }

    #[cfg(not(feature = "segment"))]
    #[test]
    fn word_boundary_entries_are_quiet_without_segmentation() {
        let d = "部暑\t部署\ttypo\terror\t\t@\n";
        assert!(found(d, "请及时部暑任务。").is_empty());
    }
}
