//! Grammar and usage of official writing (category `grammar`): sentence-level mistakes that
//! a word list cannot see because their two halves stand apart.
//!
//! The rules are data, `dictionaries/grammar/rules.tsv` (format in its header), read once
//! and compiled into one Aho-Corasick automaton over the first half of every rule (大约,
//! 提高, 防止, 通过 …). That automaton is the only pass over the whole text; the clause
//! analysis (is there a 左右 before the next comma, with a numeral in between? is the
//! nearest verb before 力度 a 提高?) runs only where a trigger fires. Word segmentation
//! (feature `segment`) is consulted, after everything else matched, for single-character
//! triggers that must be words on their own (约 but not 制约, 有 but not 具有).
//!
//! # Rules
//!
//! | id | default | what it flags | mechanical fix |
//! |----|---------|---------------|----------------|
//! | `grammar.redundancy` | on, warning | two words saying the same thing: 大约…左右, 超过…以上, 约…多, 凯旋而归, 亲眼目睹, 免费赠送, 悬殊很大, 日益…越来越, 再次…重新, 截至到, 付诸于, 目的是为了, 原因是因为 | delete one half |
//! | `grammar.collocation` | on, warning | verb and object that do not go together (the nearest verb before the object governs it): 提高…力度, 加大…意识, 改善…水平, 发挥…传统, 履行…权利, 加大…步伐, 学习…教训, 被评为…称号, 有…组成; subject and predicate (效率…改善, 影响很高, 气温很热); 能否… 是…前提 (two-sided subject, one-sided predicate) | the usual verb (加大, 增强, 提高, 发扬, 行使, 加快, 吸取, 由) |
//! | `grammar.conjunction` | on, warning | paired conjunctions that do not match: 即使…，但, 只要…才, 只有…就, 与其…宁可, 不仅…，而是 | 只有…才, 只要…就, 不仅…而且 |
//! | `grammar.negation` | on, warning | a negative verb followed by a negation, which turns the meaning round: 防止…不再发生, 避免…不出现, 否认…没有, 切忌不要, 难免不犯, 无时无刻 without 不 | delete the 不再 |
//! | `grammar.missing_subject` | on, warning | a sentence opening with a prepositional phrase (通过/经过/由于/随着/在…下) whose next clause starts with 使/让/令: no subject; 根据…显示 | delete 使/让 (or 根据) |
//! | `grammar.mixed_construction` | on, warning | two constructions blended: 原因是…造成的, 之所以…的缘故, 之所以…原因在于, 深受…所喜爱, 本着…为原则 | delete 造成的 / 的缘故 |
//! | `grammar.measure_word` | on, warning | classifier and noun that do not go together: 一位罪犯, 一辆飞机 | 位 → 名 |
//!
//! The finding's span runs from the first half through the second (大约有200人左右): one
//! finding, so a reader sees both ends, and the suggestion is that whole span rewritten
//! (大约有200人). Long-distance pairs (通过…，使) therefore cover the clause between.
//!
//! # Usage notes (why each rule exists)
//!
//! - Redundancy (语义重复): 《现代汉语词典》(第7版) defines 凯旋 as 胜利归来, 目睹 as 亲眼看到,
//!   截至 as 截止到(某个时候), 悬殊 as 相差很远, 诸 as 之于; an approximation word (大约, 约,
//!   近) and an approximation suffix (左右, 上下, 多, 余) say the same thing twice, and
//!   超过/至少 with 以上 likewise. Government style (GB/T 9704-2012 党政机关公文格式 asks for
//!   准确、简明 text; 《党政机关公文处理工作条例》 on drafting: 表述准确，文字精练) has no room for
//!   either half twice.
//! - Collocation (搭配不当): the verb must fit its object — 力度 is 加大'd, 意识 增强'd,
//!   水平 提高'd, 条件 改善'd, 传统 发扬'd, 作用 发挥'd, 权利 行使'd, 职责 履行'd (the
//!   collocations listed under these entries in 《现代汉语词典》 and 《现代汉语八百词》). A
//!   subject that states two sides (能否, 是否) needs a predicate that does too.
//! - Conjunctions (关联词搭配): 即使 (hypothetical concession) pairs with 也, 虽然 with 但是;
//!   只有 pairs with 才, 只要 with 就; 不仅 with 而且, 不是 with 而是 (《现代汉语八百词》).
//! - Negation (否定不当): 防止, 避免, 杜绝 and 否认 already negate; a further 不/没有 inverts
//!   the intended meaning (防止事故不再发生 = 让事故再发生).
//! - Missing subject (主语残缺): a prepositional phrase (通过……, 在……下) cannot be a
//!   subject; when the next clause starts with the causative 使/让, nothing is left to be
//!   the subject of 使.
//! - Mixed construction (句式杂糅): 原因是…… and ……造成的 are two complete patterns; using
//!   both leaves a sentence that is neither.
//! - Measure words (量词): 位 carries respect and is not used for offenders (名, 个);
//!   辆 is for vehicles on wheels (飞机: 架, 船: 艘).
//!
//! Precision of each rule on clean text (People's Daily 1998-01, LEMON, FCGEC's correct
//! sentences) and recall per FCGEC error type: `tests/eval/grammar.py` and the README. A
//! rule may be on by default only at ≥ 90% precision in a read sample of clean text, and
//! the category as a whole must stay under 0.5 findings per 10,000 characters of
//! pd199801; rules that miss either are registered `default_on: false` in [`crate::rules`]. Every
//! rule passes both today; each is registered there (source `detector:usage`, not to be
//! confused with `detector:grammar`, which reports `typo.de`).

use super::{CheckContext, Detector};
use crate::dict::Matcher;
use crate::finding::{Category, Finding, Severity, Span};
use crate::segment;
use std::sync::OnceLock;

const RULES_TSV: &str = include_str!("../../../dictionaries/grammar/rules.tsv");
const VERBS_TXT: &str = include_str!("../../../dictionaries/grammar/verbs.txt");

/// Every rule id of the `grammar` category.
pub const RULE_IDS: &[&str] = &[
    "grammar.redundancy",
    "grammar.collocation",
    "grammar.conjunction",
    "grammar.negation",
    "grammar.missing_subject",
    "grammar.mixed_construction",
    "grammar.measure_word",
];

/// A character that ends a sentence. A `matches!`, not `str::contains`: this runs on
/// every character of every window after a trigger (a substring search per character was
/// 2.7% of a full check).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n')
}

/// A character that ends a clause (a sentence end, a comma or a colon).
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, '，' | ',' | '：' | ':')
}
/// Numerals (digits, Chinese numerals, percent).
const NUMERALS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两几数半〇零%％";

/// The conditions of a rule (see the header of `rules.tsv`).
#[derive(Debug, Default, Clone, Copy)]
struct Flags {
    sentence: bool,
    num: bool,
    numnext: bool,
    numprev: bool,
    head: bool,
    s1: bool,
    c2: bool,
    node: bool,
    next: bool,
    xia: bool,
    absent: bool,
    nv: bool,
    word: bool,
    zai: bool,
}

/// The rewrite offered as the suggestion.
#[derive(Debug, Clone)]
enum Action {
    Del1,
    Del2,
    Sub1(&'static str),
    Sub2(&'static str),
    Rep(&'static str),
    /// Replace the last occurrence of the first string in the span with the second.
    Swap(&'static str, &'static str),
    None,
}

/// One line of `rules.tsv`.
#[derive(Debug)]
struct Rule {
    id: &'static str,
    /// Index of `id` in [`RULE_IDS`].
    id_ix: usize,
    severity: Severity,
    first: Vec<&'static str>,
    second: Vec<&'static str>,
    max_gap: usize,
    flags: Flags,
    action: Action,
    /// Phrases that cancel the rule when they cover `first` or `second`.
    cover: Vec<&'static str>,
    /// Phrases that cancel it when they follow `second` in the clause (`>X`).
    later: Vec<&'static str>,
    /// Phrases that cancel it when they lie between the halves (`<X`).
    between: Vec<&'static str>,
    message: &'static str,
    /// How far after `first` the rule looks, in characters (`max_gap` + longest `second`).
    reach: usize,
}

fn split_alts(s: &'static str) -> Vec<&'static str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty() && *x != "-")
        .collect()
}

fn parse_flags(s: &str) -> Result<Flags, String> {
    let mut f = Flags::default();
    for name in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
        match name {
            "-" => {}
            "sentence" => f.sentence = true,
            "num" => f.num = true,
            "numnext" => f.numnext = true,
            "numprev" => f.numprev = true,
            "head" => f.head = true,
            "s1" => f.s1 = true,
            "c2" => f.c2 = true,
            "node" => f.node = true,
            "next" => f.next = true,
            "xia" => f.xia = true,
            "absent" => f.absent = true,
            "nv" => f.nv = true,
            "word" => f.word = true,
            "zai" => f.zai = true,
            other => return Err(format!("unknown flag `{other}`")),
        }
    }
    Ok(f)
}

fn parse_action(s: &'static str) -> Result<Action, String> {
    let s = s.trim();
    let arg = |p: &str| s.strip_prefix(p).filter(|x| !x.is_empty());
    Ok(match s {
        "del1" => Action::Del1,
        "del2" => Action::Del2,
        "none" | "-" => Action::None,
        _ => {
            if let Some(x) = arg("sub1:") {
                Action::Sub1(x)
            } else if let Some(x) = arg("sub2:") {
                Action::Sub2(x)
            } else if let Some(x) = arg("rep:") {
                Action::Rep(x)
            } else if let Some(x) = arg("cut:") {
                Action::Swap(x, "")
            } else if let Some(x) = arg("swap:") {
                let (from, to) = x
                    .split_once('>')
                    .filter(|(f, _)| !f.is_empty())
                    .ok_or_else(|| format!("bad swap `{s}`"))?;
                Action::Swap(from, to)
            } else {
                return Err(format!("unknown action `{s}`"));
            }
        }
    })
}

fn parse_line(line: &'static str) -> Result<Rule, String> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    let [id, severity, first, second, gap, flags, action, except, message] = cols[..] else {
        return Err(format!("expected 9 columns, found {}", cols.len()));
    };
    let Some(id_ix) = RULE_IDS.iter().position(|r| *r == id) else {
        return Err(format!("unknown rule id `{id}`"));
    };
    let first = split_alts(first);
    if first.is_empty() {
        return Err("empty first column".into());
    }
    let mut rule = Rule {
        id,
        id_ix,
        severity: severity.parse()?,
        first,
        second: split_alts(second),
        max_gap: gap
            .trim()
            .parse()
            .map_err(|_| format!("bad max_gap `{gap}`"))?,
        flags: parse_flags(flags)?,
        action: parse_action(action)?,
        cover: Vec::new(),
        later: Vec::new(),
        between: Vec::new(),
        message: message.trim(),
        reach: 0,
    };
    rule.reach = rule.max_gap
        + rule
            .second
            .iter()
            .map(|x| x.chars().count())
            .max()
            .unwrap_or(0);
    for e in split_alts(except) {
        if let Some(x) = e.strip_prefix('>') {
            rule.later.push(x);
        } else if let Some(x) = e.strip_prefix('<') {
            rule.between.push(x);
        } else {
            rule.cover.push(e);
        }
    }
    if rule.message.is_empty() {
        return Err("empty message".into());
    }
    Ok(rule)
}

/// Parses `rules.tsv`: the rules, and the `line: reason` of each line that is not one.
fn parse_rules(text: &'static str) -> (Vec<Rule>, Vec<String>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok(r) => rules.push(r),
            Err(e) => errors.push(format!("rules.tsv:{}: {e}", n + 1)),
        }
    }
    (rules, errors)
}

/// The rules, the verbs of the `nv` flag and the automaton over every `first`.
struct Compiled {
    rules: Vec<Rule>,
    /// The verbs of the `nv` flag, as one automaton: a gap is scanned once, not once per
    /// verb (141 `contains` calls per gap were 2.3% of a full check).
    verbs: Matcher,
    matcher: Matcher,
    /// Term id → (rule index, byte length of the rule's `first` within the term).
    owner: Vec<(usize, usize)>,
    /// Every `second`, searched once per trigger in the window after it.
    seconds: Matcher,
    /// Second-term id → (rule index, position in the rule's `second` list).
    second_owner: Vec<(usize, usize)>,
}

/// One occurrence of a `second` after a trigger: start, end, rule, alternative.
type Hit = (usize, usize, usize, usize);

/// What may follow the trigger of a `numnext` rule (a numeral, or 有/为/在/达/占/是 and
/// then a numeral, checked later).
const NUMNEXT_CHARS: &str = "有为在达占是";

fn compiled() -> Option<&'static Compiled> {
    static COMPILED: OnceLock<Option<Compiled>> = OnceLock::new();
    COMPILED
        .get_or_init(|| {
            let (rules, _) = parse_rules(RULES_TSV);
            let verbs: Vec<&str> = VERBS_TXT
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            let verbs = Matcher::new(verbs).ok()?;
            // A `numnext` trigger is compiled with each character that may follow it (约1,
            // 约有 …): no single-character term, so the matcher's bigram prefilter stays on
            // and the automaton runs at few positions.
            let mut terms: Vec<String> = Vec::new();
            let mut owner = Vec::new();
            for (i, r) in rules.iter().enumerate() {
                for &f in &r.first {
                    if r.flags.numnext {
                        for c in NUMERALS.chars().chain(NUMNEXT_CHARS.chars()) {
                            terms.push(format!("{f}{c}"));
                            owner.push((i, f.len()));
                        }
                    } else {
                        terms.push(f.to_string());
                        owner.push((i, f.len()));
                    }
                }
            }
            let matcher = Matcher::new(terms.iter().map(String::as_str)).ok()?;
            let mut second_terms = Vec::new();
            let mut second_owner = Vec::new();
            for (i, r) in rules.iter().enumerate() {
                for (k, &x) in r.second.iter().enumerate() {
                    second_terms.push(x);
                    second_owner.push((i, k));
                }
            }
            let seconds = Matcher::new(second_terms).ok()?;
            Some(Compiled {
                rules,
                verbs,
                matcher,
                owner,
                seconds,
                second_owner,
            })
        })
        .as_ref()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

fn is_num(c: char) -> bool {
    NUMERALS.contains(c)
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// True when an occurrence of one of `phrases` overlaps `start..end`.
fn covered(text: &str, start: usize, end: usize, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        let mut lo = start.saturating_sub(p.len());
        while lo > 0 && !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = end.saturating_add(p.len()).min(text.len());
        while hi < text.len() && !text.is_char_boundary(hi) {
            hi += 1;
        }
        text.get(lo..hi).is_some_and(|w| {
            w.match_indices(p)
                .any(|(i, _)| lo + i < end && lo + i + p.len() > start)
        })
    })
}

/// `first` at `start..fe` opens a sentence (after 。！？； or at the text start, skipping
/// spaces and opening quotes).
fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    match before
        .chars()
        .rev()
        .find(|c| !" \u{3000}“\"‘（(「『".contains(*c))
    {
        None => true,
        Some(c) => ends_sentence(c),
    }
}

/// For `zai` rules: the start of the 在 that opens the clause ending at `at`, when that
/// clause also opens its sentence.
fn zai_start(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let (k, boundary) = match before.char_indices().rev().find(|&(_, c)| ends_clause(c)) {
        Some((k, c)) => (k + c.len_utf8(), Some(c)),
        None => (0, None),
    };
    if boundary.is_some_and(|c| !ends_sentence(c)) {
        return None;
    }
    let clause = text.get(k..at)?;
    let skip = clause
        .char_indices()
        .find(|(_, c)| !" \u{3000}“\"‘（(「『".contains(*c))
        .map_or(clause.len(), |(i, _)| i);
    clause[skip..].starts_with('在').then_some(k + skip)
}

fn numeral_follows(text: &str, fe: usize) -> bool {
    let mut it = text.get(fe..).unwrap_or("").chars();
    match it.next() {
        Some(c) if is_num(c) => true,
        Some(c) if "有为在达占是".contains(c) => it.next().is_some_and(is_num),
        _ => false,
    }
}

/// The byte offset where the scope (clause or sentence) that `from` lies in ends.
fn scope_end(text: &str, from: usize, sentence: bool) -> usize {
    let ends = if sentence { ends_sentence } else { ends_clause };
    text.get(from..)
        .and_then(|rest| rest.find(ends))
        .map_or(text.len(), |i| from + i)
}

impl Compiled {
    /// The findings of rule `r` for the trigger at `start..fe`.
    /// The finding of rule `r` (index `ri`) for the trigger at `start..fe`; `hits` are the
    /// occurrences of every rule's `second` in the window after the trigger, sorted.
    fn at(
        &self,
        r: &Rule,
        ri: usize,
        text: &str,
        start: usize,
        fe: usize,
        hits: &[Hit],
    ) -> Option<Finding> {
        let f = r.flags;
        if f.s1 && !starts_sentence(text, start) {
            return None;
        }
        if f.numnext && !numeral_follows(text, fe) {
            return None;
        }
        if f.zai {
            let start_zai = zai_start(text, start)?;
            if !r.cover.is_empty() && covered(text, start, fe, &r.cover) {
                return None;
            }
            return self.finish(r, text, start_zai, fe, fe, fe);
        }
        if r.second.is_empty() {
            if !r.cover.is_empty() && covered(text, start, fe, &r.cover) {
                return None;
            }
            return self.finish(r, text, start, fe, fe, fe);
        }
        // this rule's seconds after `first`, within max_gap characters, in text order (then
        // in the order of the rule's list)
        let within = |h: &&Hit| {
            h.2 == ri
                && h.0 >= fe
                && text
                    .get(fe..h.0)
                    .is_some_and(|g| g.chars().count() <= r.max_gap)
        };
        if f.absent {
            let found = hits.iter().any(|h| within(&h));
            if found || (!r.cover.is_empty() && covered(text, start, fe, &r.cover)) {
                return None;
            }
            return self.finish(r, text, start, fe, fe, fe);
        }
        let mut mine = hits.iter().filter(within).peekable();
        mine.peek()?;
        let end = scope_end(text, fe, f.sentence);
        let (j, je) = mine
            .filter(|h| h.1 <= end)
            .map(|h| (h.0, h.1))
            .find(|&(j, je)| self.second_ok(r, text, fe, j, je))?;
        if !r.cover.is_empty() && covered(text, start, fe, &r.cover) {
            return None;
        }
        if f.word && segment::on_word_boundaries(text, start, fe) == Some(false) {
            return None;
        }
        self.finish(r, text, start, fe, j, je)
    }

    fn second_ok(&self, r: &Rule, text: &str, fe: usize, j: usize, je: usize) -> bool {
        let f = r.flags;
        let Some(gap) = text.get(fe..j) else {
            return false;
        };
        if f.node && gap.contains('的') {
            return false;
        }
        if f.next && gap.chars().filter(|&c| ends_clause(c)).count() != 1 {
            return false;
        }
        if f.xia {
            let first_clause = gap.find(ends_clause).map_or(gap, |k| &gap[..k]);
            if !first_clause.trim_end().ends_with('下') {
                return false;
            }
        }
        if f.num && !gap.chars().any(is_num) {
            return false;
        }
        if f.numprev && !prev_char(text, j).is_some_and(is_num) {
            return false;
        }
        if f.head {
            if let Some(n) = next_char(text, je) {
                if is_han(n) && !"和与及并等".contains(n) && !is_num(n) {
                    return false;
                }
            }
        }
        if f.c2 {
            let before = text.get(..j).unwrap_or("");
            let p = before.chars().rev().find(|c| !" \u{3000}".contains(*c));
            if !p.is_some_and(|c| "，,：:".contains(c)) {
                return false;
            }
        }
        // The phrase look-ups last: the character tests above reject most pairs cheaply.
        if !r.cover.is_empty() && covered(text, j, je, &r.cover) {
            return false;
        }
        if r.between.iter().any(|b| gap.contains(b)) {
            return false;
        }
        if !r.later.is_empty() {
            let ce = scope_end(text, je, false);
            let tail = text.get(je..ce).unwrap_or("");
            if r.later.iter().any(|l| tail.contains(l)) {
                return false;
            }
        }
        if f.nv && self.verbs.find_overlapping(gap).next().is_some() {
            return false;
        }
        true
    }

    fn finish(
        &self,
        r: &Rule,
        text: &str,
        start: usize,
        fe: usize,
        j: usize,
        je: usize,
    ) -> Option<Finding> {
        let span = text.get(start..je)?;
        let suggestion = match r.action {
            Action::Del1 => Some(text.get(fe..je)?.to_string()),
            Action::Del2 => Some(text.get(start..j)?.to_string()),
            Action::Sub1(x) => Some(format!("{x}{}", text.get(fe..je)?)),
            Action::Sub2(x) => Some(format!("{}{x}", text.get(start..j)?)),
            Action::Rep(x) => Some(x.to_string()),
            Action::Swap(from, to) => span
                .rfind(from)
                .map(|k| format!("{}{to}{}", &span[..k], &span[k + from.len()..])),
            Action::None => None,
        }
        .filter(|s| !s.is_empty() && s != span);
        let finding = Finding::new(
            r.id,
            Category::Grammar,
            r.severity,
            Span::new(start, je),
            r.message,
        );
        Some(match suggestion {
            Some(s) => finding.with_suggestions(vec![s]),
            None => finding,
        })
    }

    fn scan(&self, text: &str, enabled: &dyn Fn(&str) -> bool, out: &mut Vec<Finding>) {
        let mut wanted = [false; RULE_IDS.len()];
        for (w, id) in wanted.iter_mut().zip(RULE_IDS) {
            *w = enabled(id);
        }
        if !wanted.contains(&true) {
            return;
        }
        let mut hits: Vec<Hit> = Vec::new();
        for m in self.matcher.find_overlapping(text) {
            // The window after the trigger, as far as its farthest-reaching rule looks (and
            // no further than the sentence), is searched once for every rule's `second`.
            let reach = m
                .ids
                .iter()
                .filter_map(|&id| self.owner.get(id))
                .filter_map(|&(ri, _)| self.rules.get(ri))
                .filter(|r| wanted.get(r.id_ix).copied().unwrap_or(false))
                .map(|r| r.reach)
                .max();
            let Some(reach) = reach else {
                continue;
            };
            hits.clear();
            if reach > 0 {
                let rest = text.get(m.start..).unwrap_or("");
                let mut wend = rest.len();
                for (n, (i, c)) in rest.char_indices().enumerate() {
                    if n > reach + 8 || (i > 0 && ends_sentence(c)) {
                        wend = i;
                        break;
                    }
                }
                let window = rest.get(..wend).unwrap_or("");
                for h in self.seconds.find_overlapping(window) {
                    for &sid in h.ids {
                        if let Some(&(ri, k)) = self.second_owner.get(sid) {
                            hits.push((m.start + h.start, m.start + h.end, ri, k));
                        }
                    }
                }
                hits.sort_unstable_by_key(|h| (h.0, h.3));
            }
            for &id in m.ids {
                let Some(&(ri, first_len)) = self.owner.get(id) else {
                    continue;
                };
                let Some(r) = self.rules.get(ri) else {
                    continue;
                };
                if !wanted.get(r.id_ix).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(f) = self.at(r, ri, text, m.start, m.start + first_len, &hits) {
                    out.push(f);
                }
            }
        }
    }
}

/// The detector of the `grammar` category (see the module documentation).
#[derive(Debug, Default, Clone, Copy)]
pub struct UsageDetector;

impl UsageDetector {
    /// The detector (its rules are compiled once, on first use, and shared).
    pub fn new() -> Self {
        UsageDetector
    }
}

impl Detector for UsageDetector {
    fn name(&self) -> &'static str {
        "usage"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Grammar]
    }

    fn rules(&self) -> Vec<&str> {
        RULE_IDS.to_vec()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Grammar) {
            return;
        }
        if let Some(c) = compiled() {
            c.scan(ctx.doc.text(), &|id| ctx.config.rule_enabled(id), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        if let Some(c) = compiled() {
            c.scan(text, &|_| true, &mut out);
        }
        out.iter()
            .map(|f| {
                (
                    f.rule.clone(),
                    text.get(f.span.range()).unwrap_or("?").to_string(),
                    f.suggestions.first().cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn has(text: &str, rule: &str, span: &str, suggestion: &str) -> bool {
        run(text)
            .iter()
            .any(|(r, s, g)| r == rule && s == span && g == suggestion)
    }

    #[test]
    fn every_rule_line_parses() {
        let (rules, errors) = parse_rules(RULES_TSV);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(rules.len() > 50);
        for id in RULE_IDS {
            assert!(rules.iter().any(|r| r.id == *id), "no rule for {id}");
        }
        assert!(compiled().is_some());
    }

    #[test]
    fn bad_lines_are_reported() {
        let (_, errors) = parse_rules("grammar.redundancy\twarning\t甲\t\t0\tbogus\tnone\t-\tm\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("unknown flag"));
        let (_, errors) = parse_rules("grammar.nope\twarning\t甲\t\t0\t-\tnone\t-\tm\n");
        assert!(errors[0].contains("unknown rule id"));
        let (_, errors) = parse_rules("too\tfew\n");
        assert!(errors[0].contains("9 columns"));
    }

    #[test]
    fn redundancy_both_ends_in_one_span() {
        assert!(has(
            "大约有200人左右参加了会议。",
            "grammar.redundancy",
            "大约有200人左右",
            "大约有200人"
        ));
        assert!(has(
            "今年收入超过三成以上。",
            "grammar.redundancy",
            "超过三成以上",
            "超过三成"
        ));
        assert!(has(
            "他亲眼目睹了事故经过。",
            "grammar.redundancy",
            "亲眼目睹",
            "目睹"
        ));
        assert!(has(
            "商场免费赠送礼品。",
            "grammar.redundancy",
            "免费赠送",
            "赠送"
        ));
        assert!(has(
            "两者差距悬殊很大。",
            "grammar.redundancy",
            "悬殊很大",
            "悬殊"
        ));
        assert!(has(
            "把想法付诸于行动。",
            "grammar.redundancy",
            "付诸于",
            "付诸"
        ));
        // no numeral between: not an approximation
        assert!(run("大约是他左右为难的时候。").is_empty());
        assert!(run("这制约了左右两岸10个村的发展。").is_empty());
    }

    #[test]
    fn collocation_follows_the_nearest_verb() {
        assert!(has(
            "要进一步提高执法力度。",
            "grammar.collocation",
            "提高执法力度",
            "加大执法力度"
        ));
        assert!(has(
            "各单位要加大安全意识。",
            "grammar.collocation",
            "加大安全意识",
            "增强安全意识"
        ));
        // 加大 is the nearest verb before 力度: right
        assert!(run("提高认识，加大执法力度。").is_empty());
        assert!(run("要加大投入，提高管理水平。").is_empty());
        // 力度 is not the head of the object
        assert!(run("提高力度计的精度。").is_empty());
    }

    #[test]
    fn negation_and_missing_subject() {
        assert!(has(
            "要防止此类事故不再发生。",
            "grammar.negation",
            "防止此类事故不再",
            "防止此类事故"
        ));
        assert!(run("要防止此类事故再次发生。").is_empty());
        assert!(has(
            "通过这次活动，使大家受到了教育。",
            "grammar.missing_subject",
            "通过这次活动，使",
            "通过这次活动，"
        ));
        assert!(has(
            "在老师的帮助下，使我的成绩提高很快。",
            "grammar.missing_subject",
            "在老师的帮助下，使",
            "在老师的帮助下，"
        ));
        assert!(has(
            "“在大家的支持下，使得工作顺利完成。",
            "grammar.missing_subject",
            "在大家的支持下，使得",
            "在大家的支持下，"
        ));
        assert!(run("他在老师的帮助下，使成绩提高很快。").is_empty());
        assert!(run("在这种情况下，使用者要注意。").is_empty());
        // a subject in the second clause: fine
        assert!(run("通过这次活动，大家受到了教育。").is_empty());
        assert!(run("他通过这次活动，使大家受到了教育。").is_empty());
        assert!(has(
            "全国人民无时无刻关注着灾区。",
            "grammar.negation",
            "无时无刻",
            ""
        ));
        assert!(run("全国人民无时无刻不关注着灾区。").is_empty());
    }

    #[test]
    fn mixed_constructions_and_measure_words() {
        assert!(has(
            "事故的原因是操作不当造成的。",
            "grammar.mixed_construction",
            "原因是操作不当造成的",
            "原因是操作不当"
        ));
        assert!(has(
            "警方抓获一位犯罪嫌疑人。",
            "grammar.measure_word",
            "一位犯罪嫌疑人",
            "一名犯罪嫌疑人"
        ));
        assert!(run("这个单位犯罪嫌疑人很少。").is_empty());
    }

    #[test]
    fn spans_are_on_char_boundaries_for_any_input() {
        for t in [
            "",
            "约",
            "大约𠮷左右",
            "超过",
            "通过，使",
            "无时无刻",
            "提高𠮷力度",
            "约1左右约1多",
        ] {
            let mut out = Vec::new();
            if let Some(c) = compiled() {
                c.scan(t, &|_| true, &mut out);
            }
            for f in out {
                assert!(t.get(f.span.range()).is_some_and(|s| !s.is_empty()), "{t}");
            }
        }
    }
}
