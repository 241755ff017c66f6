//! Spam injected into pages (`sensitive.spam_block`, `sensitive.spam_page`): porn and
//! gambling SEO keyword blocks — stuffed titles (`…视频网址_…好片_…在线观看,…一级A片`),
//! hidden link farms, stuffed `<meta>` keywords and `alt` texts.
//!
//! A single SEO phrase (`在线观看`, `影院`, `彩票`) is ordinary; a block is a cluster of them.
//! The phrases come from `dictionaries/sensitive/spam_seo.tsv`: explicit ones (weight 2) and
//! ambiguous anchors (weight 1) are keys of the sensitive automaton, marked
//! [`SensitiveTerm::spam_only`](super::sensitive::SensitiveTerm::spam_only) so that they are
//! never reported alone; porn and gambling terms of the other lexicons count as explicit
//! (disguise-only topic words as anchors). Fillers (weight 0: `日本`, `高清`, `官网`…) are
//! looked for only inside a candidate block, to complete its phrases.
//!
//! A candidate is a run of hits with at most [`MAX_GAP_CHARS`] characters between two of
//! them. It is cut into phrases at separators (`_ | , ， 、 ; 。` spaces, line breaks…) and,
//! inside one stretch with no separator (inline links), before each explicit or anchor hit
//! that follows another. It is a block when it has at least [`MIN_PHRASES`] phrases
//! holding a hit, a summed weight of at least [`MIN_WEIGHT`], phrases make up at least
//! [`MIN_DENSITY`] of its characters (keyword stuffing, not prose), and its sentence is not
//! a report (`依法打击网络赌博、百家乐、时时彩等违法犯罪` names them to fight them).

use super::sensitive_role::{self, Role};
use crate::dict::{self, BuiltinDictionary};
use crate::finding::{Category, Severity};
use crate::normalize::{self, FoldOptions};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::sync::OnceLock;

/// The built-in SEO phrases.
pub const BUILTIN_SPAM: BuiltinDictionary = BuiltinDictionary {
    name: "dictionaries/sensitive/spam_seo.tsv",
    text: include_str!("../../../dictionaries/sensitive/spam_seo.tsv"),
};

/// Most characters between two hits of one block.
pub const MAX_GAP_CHARS: usize = 24;
/// Fewest phrases (holding a hit) in a block.
pub const MIN_PHRASES: usize = 3;
/// Smallest summed weight of a block (explicit 2, anchor 1).
pub const MIN_WEIGHT: u32 = 5;
/// Smallest share of a block's characters (separators left out) inside its phrases.
pub const MIN_DENSITY: f32 = 0.6;
/// A stretch between separators longer than this is cut before each weighted hit.
const SPLIT_CHARS: usize = 16;
/// Longest phrase kept whole (longer stretches are prose, not keywords).
const MAX_PHRASE_CHARS: usize = 24;

/// Family of a spam phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpamFamily {
    /// Pornography.
    Porn,
    /// Gambling.
    Gambling,
}

impl SpamFamily {
    /// From a lexicon sub-category.
    pub fn from_sub(sub: &str) -> Option<Self> {
        match sub {
            "porn" => Some(SpamFamily::Porn),
            "gambling" => Some(SpamFamily::Gambling),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            SpamFamily::Porn => "色情",
            SpamFamily::Gambling => "赌博",
        }
    }
}

/// One hit counted towards spam blocks (byte range in the checked text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpamHit {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// 2 explicit, 1 anchor, 0 filler.
    pub weight: u8,
    /// Porn or gambling.
    pub family: SpamFamily,
}

/// A spam block found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpamBlock {
    /// Start byte of the block (its first phrase).
    pub start: usize,
    /// End byte (its last phrase).
    pub end: usize,
    /// The phrases holding a hit, as byte ranges.
    pub phrases: Vec<(usize, usize)>,
    /// Phrases by family: (porn, gambling).
    pub families: (usize, usize),
}

/// The weight of an SEO entry of severity `s`.
pub fn weight_of(s: Severity) -> u8 {
    match s {
        Severity::Error => 2,
        Severity::Warning => 1,
        Severity::Info => 0,
    }
}

struct Fillers {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    families: Vec<SpamFamily>,
}

fn fillers() -> &'static Fillers {
    static F: OnceLock<Fillers> = OnceLock::new();
    F.get_or_init(|| {
        let mut keys: Vec<(String, u32)> = Vec::new();
        let mut families = Vec::new();
        if let Ok(entries) = dict::parse_tsv(BUILTIN_SPAM.text, BUILTIN_SPAM.name) {
            for e in entries {
                if e.category != Category::Sensitive || e.severity != Severity::Info {
                    continue;
                }
                let Some(fam) = e.subcategory.as_deref().and_then(SpamFamily::from_sub) else {
                    continue;
                };
                let key = fold(&e.term);
                if key.is_empty() || keys.iter().any(|k| k.0 == key) {
                    continue;
                }
                keys.push((key, families.len() as u32));
                families.push(fam);
            }
        }
        Fillers {
            automaton: CharwiseDoubleArrayAhoCorasick::with_values(keys).ok(),
            families,
        }
    })
}

fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        normalize::fold_char_with(c, FoldOptions::ALL, |f| {
            if f.is_alphanumeric() {
                out.extend(f.to_lowercase());
            }
        });
    }
    out
}

/// Filler hits inside `text[a..b]`.
fn filler_hits(text: &str, a: usize, b: usize, out: &mut Vec<SpamHit>) {
    let f = fillers();
    let Some(ac) = &f.automaton else { return };
    // folded region; each folded byte maps to the original character's range
    let mut folded = String::new();
    let mut map: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text[a..b].char_indices() {
        let (s, e) = (a + i, a + i + c.len_utf8());
        normalize::fold_char_with(c, FoldOptions::ALL, |g| {
            let g = if g.is_alphanumeric() {
                g.to_lowercase().next().unwrap_or(g)
            } else {
                '\u{1}'
            };
            for _ in 0..g.len_utf8() {
                map.push((s, e));
            }
            folded.push(g);
        });
    }
    for m in ac.find_overlapping_iter(&folded) {
        let (Some(&(s, _)), Some(&(_, e))) = (
            map.get(m.start()),
            m.end().checked_sub(1).and_then(|k| map.get(k)),
        ) else {
            continue;
        };
        if let Some(&family) = f.families.get(m.value() as usize) {
            out.push(SpamHit {
                start: s,
                end: e,
                weight: 0,
                family,
            });
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '_' | '|'
                | ','
                | '，'
                | '、'
                | ';'
                | '；'
                | '。'
                | '!'
                | '！'
                | '?'
                | '？'
                | '/'
                | '｜'
                | '丨'
                | '-'
                | '—'
                | '·'
                | '•'
                | '【'
                | '】'
                | '['
                | ']'
                | '('
                | ')'
                | '（'
                | '）'
                | '《'
                | '》'
                | '"'
                | '“'
                | '”'
                | ':'
                | '：'
                | '＿'
        )
}

fn chars_between(text: &str, a: usize, b: usize) -> usize {
    if b <= a {
        0
    } else {
        text.get(a..b).map_or(0, |s| s.chars().count())
    }
}

/// Start of the line holding byte `at`, at most `reach` characters back.
fn line_start(text: &str, at: usize, reach: usize) -> usize {
    let mut s = at;
    for (i, c) in text[..at].char_indices().rev().take(reach) {
        if c == '\n' {
            break;
        }
        s = i;
    }
    s
}

fn line_end(text: &str, at: usize, reach: usize) -> usize {
    let mut e = at;
    for (i, c) in text[at..].char_indices().take(reach) {
        if c == '\n' {
            break;
        }
        e = at + i + c.len_utf8();
    }
    e
}

/// Finds spam blocks among `hits` (explicit and anchor hits of the sensitive scan, in any
/// order) in `text`.
pub fn find_blocks(text: &str, hits: &mut [SpamHit]) -> Vec<SpamBlock> {
    let mut blocks = Vec::new();
    if hits.len() < 2 {
        return blocks;
    }
    hits.sort_by_key(|h| (h.start, h.end));
    let mut i = 0;
    while i < hits.len() {
        let mut j = i + 1;
        let mut end = hits[i].end;
        while j < hits.len()
            && chars_between(text, end, hits[j].start) <= MAX_GAP_CHARS
            && !text
                .get(end..hits[j].start.max(end))
                .is_some_and(|gap| gap.contains("\n\n") || gap.contains("\n\r\n"))
        {
            end = end.max(hits[j].end);
            j += 1;
        }
        let cluster = &hits[i..j];
        let weight: u32 = cluster.iter().map(|h| h.weight as u32).sum();
        if cluster.len() >= 2 && weight >= MIN_WEIGHT {
            if let Some(b) = judge_cluster(text, cluster) {
                blocks.push(b);
            }
        }
        i = j;
    }
    blocks
}

fn judge_cluster(text: &str, cluster: &[SpamHit]) -> Option<SpamBlock> {
    let first = cluster.first()?;
    let last_end = cluster.iter().map(|h| h.end).max()?;
    let a = line_start(text, first.start, 80);
    let b = line_end(text, last_end, 80);
    let mut hits: Vec<SpamHit> = cluster.to_vec();
    filler_hits(text, a, b, &mut hits);
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));

    // stretches between separators
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<usize> = None;
    for (k, c) in text[a..b].char_indices() {
        let at = a + k;
        if is_separator(c) {
            if let Some(s) = cur.take() {
                stretches.push((s, at));
            }
        } else if cur.is_none() {
            cur = Some(at);
        }
    }
    if let Some(s) = cur {
        stretches.push((s, b));
    }

    // phrases: stretches holding a hit, cut before a weighted hit following another
    let mut phrases: Vec<(usize, usize, SpamFamily, u8)> = Vec::new();
    for &(s, e) in &stretches {
        let inside: Vec<&SpamHit> = hits.iter().filter(|h| h.start >= s && h.end <= e).collect();
        if inside.is_empty() {
            continue;
        }
        let mut cuts: Vec<usize> = vec![s];
        let mut covered_to = s;
        let mut seen_weighted = false;
        // a short stretch is one phrase (`日本一本道高清无码视频网址`); a long one is
        // several run together (inline links of a link farm)
        let long = chars_between(text, s, e) > SPLIT_CHARS;
        for h in &inside {
            if long && h.weight > 0 {
                if seen_weighted && h.start >= covered_to && h.start > *cuts.last().unwrap_or(&s) {
                    cuts.push(h.start);
                }
                seen_weighted = true;
            }
            covered_to = covered_to.max(h.end);
        }
        cuts.push(e);
        for w in cuts.windows(2) {
            let (ps, pe) = (w[0], w[1]);
            let held: Vec<&&SpamHit> = inside
                .iter()
                .filter(|h| h.start >= ps && h.end <= pe)
                .collect();
            let Some(best) = held.iter().max_by_key(|h| h.weight) else {
                continue;
            };
            let pw = held.iter().map(|h| h.weight).max().unwrap_or(0);
            phrases.push((ps, pe, best.family, pw));
        }
    }
    // trim to the phrases with weight, then keep fillers in between
    let fs = phrases.iter().position(|p| p.3 > 0)?;
    let ls = phrases.iter().rposition(|p| p.3 > 0)?;
    let phrases = &phrases[fs..=ls];
    if phrases.len() < MIN_PHRASES {
        return None;
    }
    let (start, end) = (phrases[0].0, phrases[phrases.len() - 1].1);
    let body: usize = text[start..end]
        .chars()
        .filter(|c| !is_separator(*c))
        .count();
    let short =
        |p: &&(usize, usize, SpamFamily, u8)| chars_between(text, p.0, p.1) <= MAX_PHRASE_CHARS;
    let in_phrases: usize = phrases
        .iter()
        .filter(short)
        .map(|p| chars_between(text, p.0, p.1))
        .sum();
    if body == 0 || (in_phrases as f32) < MIN_DENSITY * body as f32 {
        return None;
    }
    if phrases.iter().filter(short).count() < MIN_PHRASES {
        return None;
    }
    // a report that lists them to fight them is not an injection
    let (cs, ce) = sensitive_role::context(text, start, end);
    let j = sensitive_role::judge_parts(&[&text[cs..ce]]);
    if j.role == Role::Reporting {
        return None;
    }
    let porn = phrases.iter().filter(|p| p.2 == SpamFamily::Porn).count();
    Some(SpamBlock {
        start,
        end,
        phrases: phrases.iter().map(|p| (p.0, p.1)).collect(),
        families: (porn, phrases.len() - porn),
    })
}

/// The message of a block: count, families, every phrase.
pub fn block_message(text: &str, b: &SpamBlock, hidden_links: usize) -> String {
    let list: Vec<&str> = b
        .phrases
        .iter()
        .filter_map(|&(s, e)| text.get(s..e))
        .collect();
    let mut fam = Vec::new();
    if b.families.0 > 0 {
        fam.push(format!("{} {}", SpamFamily::Porn.label(), b.families.0));
    }
    if b.families.1 > 0 {
        fam.push(format!("{} {}", SpamFamily::Gambling.label(), b.families.1));
    }
    let hidden = if hidden_links > 0 {
        format!("，含 {hidden_links} 个隐藏链接")
    } else {
        String::new()
    };
    format!(
        "疑似被注入的垃圾信息块（SEO 关键词堆砌）：{} 个短语（{}{}）：{}",
        list.len(),
        fam.join("，"),
        hidden,
        list.join("｜")
    )
}

/// The message of the page-level signal.
pub fn page_message(blocks: usize, phrases: usize, families: (usize, usize)) -> String {
    format!(
        "本页疑似被注入垃圾信息：{blocks} 个垃圾信息块，共 {phrases} 个短语（色情 {}，赌博 {}）。请检查网站是否被篡改",
        families.0, families.1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, p: &str, weight: u8, family: SpamFamily) -> SpamHit {
        let start = text.find(p).unwrap_or(0);
        SpamHit {
            start,
            end: start + p.len(),
            weight,
            family,
        }
    }

    #[test]
    fn stuffed_title_is_a_block_with_every_phrase() {
        use SpamFamily::*;
        let t = "国产精品好片_免费在线观看,欧美一级A片,伦理影院";
        let mut hits = vec![
            hit(t, "好片", 2, Porn),
            hit(t, "在线观看", 1, Porn),
            hit(t, "一级A片", 2, Porn),
            hit(t, "影院", 1, Porn),
        ];
        let blocks = find_blocks(t, &mut hits);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let msg = block_message(t, &blocks[0], 0);
        for p in ["国产精品好片", "免费在线观看", "欧美一级A片", "伦理影院"] {
            assert!(msg.contains(p), "{msg}");
        }
    }

    #[test]
    fn a_report_listing_them_is_not_a_block() {
        use SpamFamily::*;
        let t = "依法严厉打击网络赌博、百家乐、时时彩、六合彩等违法犯罪活动。";
        let mut hits = vec![
            hit(t, "网络赌博", 2, Gambling),
            hit(t, "百家乐", 2, Gambling),
            hit(t, "时时彩", 2, Gambling),
            hit(t, "六合彩", 2, Gambling),
        ];
        assert!(find_blocks(t, &mut hits).is_empty());
    }

    #[test]
    fn filler_scan_maps_back() {
        let t = "ＸＸ日本高清";
        let mut out = Vec::new();
        filler_hits(t, 0, t.len(), &mut out);
        assert!(out.iter().any(|h| &t[h.start..h.end] == "日本"), "{out:?}");
        assert!(out
            .iter()
            .all(|h| t.is_char_boundary(h.start) && t.is_char_boundary(h.end)));
    }
}
