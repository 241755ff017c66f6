//! What a matched sensitive term is doing in its context: soliciting (selling, contact
//! handles, prices, calls to action), reporting or governing (court records, police
//! bulletins, campaigns, warnings to the public), or simply carrying the content.
//!
//! The judgement is a weighted sum of cues found around the term: the sentence that holds
//! it and its neighbours (the previous and the next sentence of the same paragraph; a
//! paragraph ends at a blank line). The cue words and their weights are data,
//! `dictionaries/sensitive/cues.tsv`, measured by `dictionaries/tools/build_sensitive_cues.py`
//! on training sentences (naive-Bayes log-odds: positive = solicitation, negative =
//! reporting); four structural features are computed by code (`#url`, `#contact`,
//! `#price`, `#count`, documented in the cue file). Cues lying inside the matched term do
//! not count (`考试答案出售` is not excused by its own `答案`, nor made an advert by its own
//! `出售`). The cue with the largest weight in the winning direction is named in the
//! finding's message.
//!
//! Cost: the context of a match is at most three sentences of [`SENTENCE_REACH`] characters
//! each way, folded and scanned once with a small automaton; clean text has almost no
//! matches, so the judgement adds nothing measurable to a pass over it.

use crate::finding::Severity;
use crate::normalize::{self, FoldOptions};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::sync::OnceLock;

/// How far (characters) a sentence is followed from a point in each direction.
pub const SENTENCE_REACH: usize = 160;

/// A score at or above this is solicitation; at or below its negative, reporting.
pub const ROLE_THRESHOLD: f32 = 1.0;

/// A disguise-only topic word (`枪支`, `迷药`) is reported as sold only at or above this
/// score: a plain topic word needs more evidence than a term that is bad in itself.
pub const TOPIC_SOLD_THRESHOLD: f32 = 2.0;

/// The role cues and their measured weights (generated file).
pub const BUILTIN_CUES: &str = include_str!("../../../dictionaries/sensitive/cues.tsv");

/// What a matched term is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Selling, advertising, calling to act (`加微信`, `货到付款`, a URL, a price).
    Solicitation,
    /// Reporting or governing it (`破获`, `判处`, `依法打击`, statistics, warnings).
    Reporting,
    /// Neither: the text carries the content itself.
    Content,
}

impl Role {
    /// Short Chinese label used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Solicitation => "招揽/广告语境",
            Role::Reporting => "报道/治理语境",
            Role::Content => "内容",
        }
    }
}

/// The judgement on one match.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The role decided.
    pub role: Role,
    /// The summed weight of the cues (positive = solicitation).
    pub score: f32,
    /// The cue that weighed most in the decided direction (none for [`Role::Content`]).
    pub cue: Option<&'static str>,
}

struct Model {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// (cue as written, weight) per pattern value.
    cues: Vec<(&'static str, f32)>,
    /// Weights of the structural features.
    url: f32,
    contact: f32,
    price: f32,
    count: f32,
}

fn fold_keep(s: &str, out: &mut String) {
    for c in s.chars() {
        normalize::fold_char_with(c, FoldOptions::ALL, |f| {
            if f.is_alphanumeric() {
                out.extend(f.to_lowercase());
            }
        });
    }
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let mut cues: Vec<(&'static str, f32)> = Vec::new();
        let mut keys: Vec<(String, u32)> = Vec::new();
        let (mut url, mut contact, mut price, mut count) = (0.0, 0.0, 0.0, 0.0);
        for line in BUILTIN_CUES.lines() {
            if line.starts_with('#')
                && !line.starts_with("#url")
                && !line.starts_with("#contact")
                && !line.starts_with("#price")
                && !line.starts_with("#count")
            {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(cue), Some(_), Some(w)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let Ok(w) = w.trim().parse::<f32>() else {
                continue;
            };
            match cue {
                "#url" => url = w,
                "#contact" => contact = w,
                "#price" => price = w,
                "#count" => count = w,
                _ => {
                    let mut key = String::new();
                    fold_keep(cue, &mut key);
                    if key.is_empty() || keys.iter().any(|k| k.0 == key) {
                        continue;
                    }
                    keys.push((key, cues.len() as u32));
                    cues.push((cue, w));
                }
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasick::with_values(keys).ok();
        Model {
            automaton,
            cues,
            url,
            contact,
            price,
            count,
        }
    })
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}

/// Start of the sentence holding byte `at` (bounded by [`SENTENCE_REACH`]).
fn sentence_start(text: &str, at: usize) -> usize {
    let mut s = at;
    for (i, c) in text[..at].char_indices().rev().take(SENTENCE_REACH) {
        if is_sentence_end(c) {
            break;
        }
        s = i;
    }
    s
}

/// End of the sentence holding byte `at` (bounded), the terminator included.
fn sentence_end(text: &str, at: usize) -> usize {
    let mut e = at;
    for (i, c) in text[at..].char_indices().take(SENTENCE_REACH) {
        e = at + i + c.len_utf8();
        if is_sentence_end(c) {
            break;
        }
    }
    e
}

/// True when the text right before `at` ends a paragraph (a blank line).
fn paragraph_break_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let trimmed = before.trim_end_matches([' ', '\t', '\u{3000}', '\r']);
    trimmed.ends_with('\n') && {
        let t2 = trimmed[..trimmed.len() - 1].trim_end_matches([' ', '\t', '\u{3000}', '\r']);
        t2.ends_with('\n') || t2.is_empty()
    }
}

/// The byte range of the sentence holding `start..end` (terminator included).
pub fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    (
        sentence_start(text, start).min(start),
        sentence_end(text, end).max(end),
    )
}

/// The byte range of the context of `start..end`: its sentence and the previous and next
/// sentences of the same paragraph.
pub fn context(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (s, _, e) = context3(text, start, end);
    (s, e)
}

/// `(start of the previous sentence, end of the term's sentence, end of the next sentence)`
/// in the same paragraph.
fn context3(text: &str, start: usize, end: usize) -> (usize, usize, usize) {
    let mut s = sentence_start(text, start);
    if s > 0 && !paragraph_break_before(text, s) {
        s = sentence_start(text, floor_char(text, s));
    }
    let cur = sentence_end(text, end);
    let mut e = cur;
    if cur < text.len() {
        let next = skip_ws(text, cur);
        if next < text.len() && !paragraph_break_before(text, next) {
            e = sentence_end(text, next);
        }
    }
    (s.min(start), cur.max(end), e.max(cur).max(end))
}

/// The start of the character before byte `at` (0 at the start).
fn floor_char(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn skip_ws(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + (rest.len()
        - rest
            .trim_start_matches(['\n', '\r', ' ', '\t', '\u{3000}'])
            .len())
}

/// Structural features of `text` as `(url, contact, price, count)`.
fn structural(text: &str) -> (bool, bool, bool, bool) {
    let mut low = String::with_capacity(text.len());
    for c in text.chars() {
        normalize::fold_char_with(c, FoldOptions::ALL, |f| low.extend(f.to_lowercase()));
    }
    let url = low.contains("http")
        || low.contains("www.")
        || [".com", ".net", ".cc", ".vip", ".top", ".xyz"]
            .iter()
            .any(|s| low.contains(s));
    let (mut contact, mut price, mut count) = (false, false, false);
    let chars: Vec<char> = low.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphanumeric() || c == '_' {
            let j = (i..chars.len())
                .find(|&k| !(chars[k].is_ascii_alphanumeric() || chars[k] == '_'))
                .unwrap_or(chars.len());
            let digits = chars[i..j].iter().filter(|c| c.is_ascii_digit()).count();
            let letters = chars[i..j]
                .iter()
                .filter(|c| c.is_ascii_alphabetic())
                .count();
            if digits >= 5 || (j - i >= 6 && digits > 0 && letters > 0) {
                contact = true;
            }
            i = j;
            continue;
        }
        if (c == '¥' || c == '￥') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            price = true;
        }
        i += 1;
    }
    price |= chinese_numeral_price(&chars);
    // numbers: ASCII digits (with decimal points) and what follows them
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let next = chars.get(j).copied();
            if matches!(next, Some('元' | '块')) {
                price = true;
            }
            let k = if matches!(next, Some('余' | '多')) {
                j + 1
            } else {
                j
            };
            if let Some(&w) = chars.get(k) {
                let two: String = chars[k..(k + 2).min(chars.len())].iter().collect();
                if two == "公斤"
                    || two == "千克"
                    || matches!(
                        w,
                        '名' | '起'
                            | '人'
                            | '支'
                            | '克'
                            | '吨'
                            | '个'
                            | '部'
                            | '条'
                            | '件'
                            | '粒'
                            | '发'
                            | '枚'
                            | '次'
                            | '处'
                            | '家'
                            | '万'
                            | '亿'
                    )
                {
                    count = true;
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    (url, contact, price, count)
}

/// Whether `chars` hold a price in Chinese numerals (`三百元`, `一千五百块`): a numeral run
/// with 十, 百 or 千 right before 元/块. Runs with 万/亿 are amounts of statistics (reports),
/// not prices. Mirrors `RE_CN_PRICE` of `dictionaries/tools/build_sensitive_cues.py`.
fn chinese_numeral_price(chars: &[char]) -> bool {
    let numeral = |c: char| "零一二两三四五六七八九十百千".contains(c);
    let mut run_has_unit = false;
    let mut in_run = false;
    for &c in chars {
        if numeral(c) {
            run_has_unit |= matches!(c, '十' | '百' | '千');
            in_run = true;
            continue;
        }
        if in_run && run_has_unit && matches!(c, '元' | '块') {
            return true;
        }
        in_run = false;
        run_has_unit = false;
    }
    false
}

/// Judges what the term at `start..end` of `text` is doing: cues of the previous sentence
/// and of its own count both ways; the next sentence adds only solicitation cues (an advert
/// gives its contact after the goods; a report names the action before or with them).
pub fn judge(text: &str, start: usize, end: usize) -> Judgement {
    let (s, cur, e) = context3(text, start, end);
    judge_weighted(&[
        (&text[s..start], false),
        (&text[end..cur], false),
        (&text[cur..e], true),
    ])
}

/// Judges a term from the text around it (the term itself left out).
pub fn judge_parts(parts: &[&str]) -> Judgement {
    let v: Vec<(&str, bool)> = parts.iter().map(|p| (*p, false)).collect();
    judge_weighted(&v)
}

/// Judges from parts of context; a part flagged `true` adds only positive (solicitation)
/// weights.
fn judge_weighted(parts: &[(&str, bool)]) -> Judgement {
    let m = model();
    let mut seen: Vec<u32> = Vec::new();
    let (mut url, mut contact, mut price, mut count) = (false, false, false, false);
    let mut key = String::new();
    for &(p, positive_only) in parts {
        if p.is_empty() {
            continue;
        }
        key.clear();
        fold_keep(p, &mut key);
        if let Some(ac) = &m.automaton {
            for hit in ac.find_overlapping_iter(&key) {
                let keep =
                    !positive_only || m.cues.get(hit.value() as usize).is_some_and(|c| c.1 > 0.0);
                if keep && !seen.contains(&hit.value()) {
                    seen.push(hit.value());
                }
            }
        }
        let f = structural(p);
        url |= f.0;
        contact |= f.1 && (!positive_only || m.contact > 0.0);
        price |= f.2 && (!positive_only || m.price > 0.0);
        count |= f.3 && !positive_only;
    }
    let mut score = 0.0f32;
    let mut best_pos: Option<(&'static str, f32)> = None;
    let mut best_neg: Option<(&'static str, f32)> = None;
    let mut add = |name: &'static str, w: f32| {
        score += w;
        if w > 0.0 && best_pos.is_none_or(|b| w > b.1) {
            best_pos = Some((name, w));
        }
        if w < 0.0 && best_neg.is_none_or(|b| w < b.1) {
            best_neg = Some((name, w));
        }
    };
    for v in seen {
        if let Some(&(cue, w)) = m.cues.get(v as usize) {
            add(cue, w);
        }
    }
    for (on, name, w) in [
        (url, "网址", m.url),
        (contact, "联系号码", m.contact),
        (price, "标价", m.price),
        (count, "数量统计", m.count),
    ] {
        if on {
            add(name, w);
        }
    }
    let (role, cue) = if score >= ROLE_THRESHOLD {
        (Role::Solicitation, best_pos.map(|b| b.0))
    } else if score <= -ROLE_THRESHOLD {
        (Role::Reporting, best_neg.map(|b| b.0))
    } else {
        (Role::Content, None)
    };
    Judgement { role, score, cue }
}

/// Severity of a finding of lexicon severity `base` (already weighed by the profile) in
/// `role`; `None` = not reported.
pub fn severity_in_role(
    role: Role,
    base: Severity,
    comments: bool,
    insult: bool,
) -> Option<Severity> {
    match role {
        // an insult is aimed at someone whatever the sentence around it
        _ if insult => Some(base),
        Role::Content => Some(base),
        // selling it is the worst case; evasive spellings (info) rise one level only
        Role::Solicitation => Some(match base {
            Severity::Info => Severity::Warning,
            _ => Severity::Error,
        }),
        Role::Reporting if comments => Some(Severity::Info),
        Role::Reporting => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str, term: &str) -> Judgement {
        let start = text.find(term).unwrap_or(0);
        judge(text, start, start + term.len())
    }

    #[test]
    fn cue_file_loads() {
        let m = model();
        assert!(m.cues.len() > 100, "{}", m.cues.len());
        assert!(m.url > 0.0 && m.count < 0.0);
    }

    #[test]
    fn roles_and_deciding_cues() {
        let j = role("出售各类枪支，支持货到付款，验货后付款。", "枪支");
        assert_eq!(j.role, Role::Solicitation, "{j:?}");
        assert!(j.cue.is_some());
        let j = role(
            "民警在嫌疑人车内查获仿真枪2支，现场收缴钢珠弹300余发。",
            "仿真枪",
        );
        assert_eq!(j.role, Role::Reporting, "{j:?}");
        let j = role("他说起了冰毒。", "冰毒");
        assert_eq!(j.role, Role::Content, "{j:?}");
        // the term's own characters are not cues
        let j = role("考试答案出售", "考试答案出售");
        assert_eq!(j.role, Role::Content, "{j:?}");
    }

    #[test]
    fn context_stays_in_the_paragraph() {
        let t = "警方破获案件。\n\n出售冰毒。";
        let start = t.find("冰毒").unwrap_or(0);
        let (s, _) = context(t, start, start + "冰毒".len());
        assert!(!t[s..].contains("破获"));
        let t = "警方破获案件。搜出冰毒。";
        let start = t.find("冰毒").unwrap_or(0);
        let (s, _) = context(t, start, start + "冰毒".len());
        assert!(t[s..].contains("破获"));
    }

    #[test]
    fn structural_features() {
        assert!(structural("加QQ 2837465").1);
        assert!(structural("一套800元").2);
        assert!(!structural("获利30万元").2);
        assert!(structural("获利30万元").3);
        assert!(structural("查获冰毒2.3公斤").3);
        assert!(structural("点击进入 ｗｗｗ．ｘｘ．ｃｏｍ").0);
        // prices in Chinese numerals; amounts in 万 are statistics
        assert!(structural("毕业证三百元一本").2);
        assert!(structural("一千五百块包邮").2);
        assert!(!structural("涉案金额三千万元").2);
        assert!(!structural("三百余人参加").2);
    }
}
