//! Context detection of wrong words (rule `typo.context`, replacing `typo.statistical`).
//!
//! Candidates come from two sources:
//! - character confusions (same pinyin, other tone, similar shape:
//!   `dictionaries/statistical/confusion.tsv`) at characters that the segmentation leaves
//!   as single-character words, when the swap makes a known word (总休 → 总体);
//! - real-word confusions (`dictionaries/lm/word_confusions.tsv`: 登陆/登录, 反应/反映 …)
//!   at words of the segmentation.
//!
//! Each candidate is scored by the word bigram [`LanguageModel`] on a window with the words
//! on both sides (best segmentation of the window before and after the swap), and a learned
//! decision layer (logistic regression over the score differences, word frequencies, the kind
//! of confusion and name likelihood; weights from `dictionaries/tools/train_context.py`,
//! trained on errors synthesised from licence-clean text) turns the features into a
//! probability that the swap is a real correction. It becomes the finding's `confidence`;
//! findings at [`WARN_P`] or above are warnings and, by default, the only ones reported;
//! with `context_min_confidence` lowered, findings down to [`REPORT_P`] are reported as info.
//!
//! Guards: person and place names (`dictionaries/statistical/names.txt`, surname shapes),
//! transliterations, numerals with measure words, quoted titles, Latin, digits and code
//! (only runs of Han characters are read). Without a model (browser builds that have not
//! loaded one) the detector reports nothing.

use super::fast_hash::{FastMap, FastSet};
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity, Span};
use crate::lm::{LanguageModel, WordId};
use std::sync::{Arc, OnceLock};

/// Rule id.
pub const RULE: &str = "typo.context";
/// Former rule id: disabling it disables [`RULE`].
pub const ALIAS: &str = "typo.statistical";
/// Smallest probability ever reported (as info, when `context_min_confidence` is lowered).
pub const REPORT_P: f32 = 0.5;
/// Probability from which a finding is a warning; also the default reporting cutoff
/// ([`crate::config::CONTEXT_MIN_CONFIDENCE`]).
pub const WARN_P: f32 = crate::config::CONTEXT_MIN_CONFIDENCE;

fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

/// Longest word of the segmentation (characters).
const MAX_WORD: usize = 6;
/// Characters of context on each side of a candidate.
const CONTEXT: usize = 4;
/// Runs longer than this are read in pieces.
const MAX_RUN: usize = 64;
/// A word made by a character swap must be at least this likely (−ln P).
const MAX_NEW_COST: f32 = 14.0;
/// Cost of a character the model does not know.
const UNK_COST: f32 = 20.0;
/// Words at least this rare (−ln P) may be suspect (see [`suspect_words`]): the vocabulary,
/// built partly from web word counts, holds common misspellings (自已, 幸苦, 布署) as words,
/// so they never surface as single characters.
const IN_WORD_MIN_COST: f32 = 9.5;
/// A swap inside a word must make a word at least this much more likely (nats): a common
/// misspelling is rarer than its correct form by far more than two real words that differ in
/// one character usually are (铜牌/金牌, 贺辞/贺词 stay alone).
const IN_WORD_MIN_GAIN: f32 = 3.0;

const CONFUSION: &str = include_str!("../../../dictionaries/statistical/confusion.tsv");
const NAMES: &str = include_str!("../../../dictionaries/statistical/names.txt");
const WORD_CONFUSIONS: &str = include_str!("../../../dictionaries/lm/word_confusions.tsv");
const SUSPECTS: &str = include_str!("../../../dictionaries/lm/suspect_words.tsv");
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
const MEASURES: &str = "个只条件位名种棵株颗粒张把本册部台辆架艘座栋间所家口头匹尾群批次回趟场番遍役版届期项门支枝根片块份篇首幅层级节段句行处起例元角分";
const NUMERALS: &str = "一二三四五六七八九十百千万亿两几多数每这那某首零〇";
const TRANSLIT: &str = "芭舍勃莱切库斯尔亚利艾赫诺克特巴达拉尼阿伊维奥罗夫基科洛卡萨纳马里德兰布格沙塔曼迪莫多吉加索比宾蒂瓦哈贝乌亨丹娜娅莎琳姆普森顿霍弗";
/// Function characters never rewritten by character swaps (的/地/得 has its own rule).
const SKIP: &str = "的地得了着过是在和与及或而也都就又还很最更不没把被让给向对从";

/// Function characters standing alone and what they are confused with, each with the margin
/// (nats of the bigram model's lattice cost over the window, feature `d_bigram`) from which a
/// swap is reported. Margins set by `dictionaries/tools/tune_function_margins.py` on
/// licence-clean text only (software help: no false alarm in its ≈ 1 M characters at the
/// margin; never below 5 nats). Of the pairs it tunes, only these two read well on clean news
/// and fiction (README): 到/道/倒, 哪 → 那, 再 → 在 and 得 → 地 cried wolf there (回道 and 想道
/// of fiction, 哪辆 in questions, 坠得一沉一浮), and the script leaves out 地 → 的, 的 → 地,
/// 得 → 的, 以 → 已 and 象 → 像 itself; 做/作, 他/她 and 像 → 象 were measured and left out too.
fn function_alternatives(c: char) -> Option<&'static [(char, f32)]> {
    match c {
        '的' => Some(&[('得', 5.5)]),
        '在' => Some(&[('再', 5.0)]),
        _ => None,
    }
}

/// Probability of a function-character swap `over` nats past its margin: 0.95 at the margin,
/// 0.99 from four nats past it.
fn function_p(over: f32) -> f32 {
    (0.95 + 0.01 * over).clamp(0.95, 0.99)
}

/// How far below its margin the quick two-bigram estimate of a function-character swap that
/// joins no neighbour in a word may be and the swap still scored in full (findings on
/// pd199801 and the CSC sets are the same as without the estimate).
const FUNCTION_SLACK: f32 = 4.0;

/// Kind of a candidate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Same pinyin, same tone.
    SamePinyin,
    /// Same pinyin, other tone.
    OtherTone,
    /// Similar shape.
    Shape,
    /// A listed real-word confusion.
    WordPair,
    /// A function character confused with another (的/地/得, 在/再, 那/哪).
    Function,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::SamePinyin => "同音字",
            Kind::OtherTone => "近音字",
            Kind::Shape => "形近字",
            Kind::WordPair => "易混词",
            Kind::Function => "虚词",
        }
    }
}

/// Number of features of the decision layer.
pub const N_FEATURES: usize = 17;
/// Names of the features, in order (for the training script).
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "bias",
    "d_bigram",
    "d_bigram_clip",
    "d_unigram",
    "new_word_cost",
    "orig_cost",
    "orig_single",
    "same_pinyin",
    "other_tone",
    "shape",
    "word_pair",
    "name_like",
    "new_len",
    "orig_known_pair",
    "in_word",
    "in_word_d_unigram",
    "in_word_d_bigram",
];

/// Weights of the decision layer (logistic regression), written by
/// `dictionaries/tools/train_context.py`.
const WEIGHTS: [f32; N_FEATURES] = include!("context_weights.in");

/// One scored candidate (exposed for training and diagnostics).
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Byte range of the original word in the text.
    pub span: Span,
    /// The replacement word.
    pub suggestion: String,
    /// Kind of confusion.
    pub kind: Kind,
    /// Feature vector (see [`FEATURE_NAMES`]).
    pub features: [f32; N_FEATURES],
    /// Probability from the decision layer.
    pub p: f32,
}

struct Tables {
    confusion: FastMap<char, Vec<(char, Kind)>>,
    words: FastMap<&'static str, Vec<&'static str>>,
    /// Sorted, for a binary search: a hash set of the 58 k names took 2 MB more, and names
    /// are looked up only where a candidate was found.
    names: Box<[&'static str]>,
    surnames: FastSet<char>,
    translit: FastSet<char>,
    measures: FastSet<char>,
    numerals: FastSet<char>,
    skip: FastSet<char>,
    suspects: FastMap<&'static str, (&'static str, Kind)>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut confusion = FastMap::with_capacity_and_hasher(4_000, Default::default());
        for line in data_lines(CONFUSION) {
            let mut cols = line.split('\t');
            let Some(c) = cols.next().and_then(|s| s.chars().next()) else {
                continue;
            };
            let mut v: Vec<(char, Kind)> = Vec::new();
            for kind in [Kind::SamePinyin, Kind::OtherTone, Kind::Shape] {
                for d in cols.next().unwrap_or("").chars() {
                    if d != c && !v.iter().any(|&(x, _)| x == d) {
                        v.push((d, kind));
                    }
                }
            }
            confusion.insert(c, v);
        }
        let mut words: FastMap<&'static str, Vec<&'static str>> = FastMap::default();
        for line in data_lines(WORD_CONFUSIONS) {
            let mut cols = line.split('\t');
            let (Some(a), Some(bs)) = (cols.next(), cols.next()) else {
                continue;
            };
            let oneway = cols.next().is_some_and(|c| c.trim() == "oneway");
            for b in bs.split('|').map(str::trim).filter(|b| !b.is_empty()) {
                let a = a.trim();
                if a.chars().count() == b.chars().count() {
                    if !oneway {
                        words.entry(a).or_default().push(b);
                    }
                    words.entry(b).or_default().push(a);
                }
            }
        }
        Tables {
            confusion,
            words,
            names: {
                let mut v: Vec<&'static str> = data_lines(NAMES).map(str::trim).collect();
                v.sort_unstable();
                v.dedup();
                v.into_boxed_slice()
            },
            surnames: SURNAMES.chars().collect(),
            translit: TRANSLIT.chars().collect(),
            measures: MEASURES.chars().collect(),
            numerals: NUMERALS.chars().collect(),
            skip: SKIP.chars().collect(),
            suspects: data_lines(SUSPECTS)
                .filter_map(|l| {
                    let mut cols = l.split('\t');
                    let (w, alt, kind) = (cols.next()?, cols.next()?, cols.next()?);
                    let kind = match kind {
                        "p" => Kind::SamePinyin,
                        "t" => Kind::OtherTone,
                        "s" => Kind::Shape,
                        _ => return None,
                    };
                    (w.chars().count() == alt.chars().count()).then_some((w, (alt, kind)))
                })
                .collect(),
        }
    })
}

/// First and last code point of the dense index of [`Pairs`] (CJK Extension A to the end of
/// the basic block: every character of a Han run).
const DENSE_LO: u32 = 0x3400;
const DENSE_HI: u32 = 0x9FFF;
/// Flag of a successor in [`Pairs`]: the pair occurs inside a likely word.
const LIKELY: u32 = 1 << 31;
/// Flags of the pair of chars `k`, `k + 1` of a run: inside some word, inside a likely word.
const KNOWN: u8 = 1;
const LIKELY_PAIR: u8 = 2;
/// Not a word of the model (in a table of substring ids).
const NO_WORD: WordId = WordId::MAX;

/// Adjacent character pairs inside the model's words: a hash table of all pairs, and for the
/// Han blocks sorted successor and predecessor rows per character (a candidate swap at one
/// position is tested against its two neighbours' rows). A pair is *likely* when it occurs inside a word of unigram cost ≤ [`MAX_NEW_COST`] (the
/// candidate prefilter) and *known* when it occurs inside any word: a substring with an
/// unknown pair is no word, which spares most dictionary look-ups.
///
/// It also holds two look-up accelerators of the model: the ids of single-character words
/// (dense over the same blocks) and a Bloom filter of the longer words, so that most
/// substrings of a text that are no word are rejected without probing the model's table.
struct Pairs {
    start: Vec<u32>,
    succ: Vec<u32>,
    pstart: Vec<u32>,
    pred: Vec<u32>,
    /// Every pair once, open addressing: `a << 32 | b`, bit 63 set when likely; 0 is empty.
    table: Vec<u64>,
    single: Vec<WordId>,
    bloom: Vec<u64>,
}

/// Bits of the Bloom filter of [`Pairs`] (2^22: 512 KB, ~1.5% false positives with two
/// probes for the ~240,000 longer words of the built-in model).
const BLOOM_BITS: u32 = 22;

/// Compressed sparse rows: for each dense key (`count[k]` items), its values sorted and
/// deduplicated (flags [`LIKELY`] merged). Returns the row starts and the values.
fn csr(
    span: usize,
    count: &[u32],
    items: impl Iterator<Item = (u32, u32)>,
) -> (Vec<u32>, Vec<u32>) {
    let mut fill = Vec::with_capacity(span + 1);
    let mut acc = 0u32;
    for &n in count {
        fill.push(acc);
        acc += n;
    }
    fill.push(acc);
    let bounds = fill.clone();
    let mut raw = vec![0u32; acc as usize];
    for (k, s) in items {
        if let Some(f) = fill.get_mut(k as usize) {
            if let Some(slot) = raw.get_mut(*f as usize) {
                *slot = s;
            }
            *f += 1;
        }
    }
    let mut start = Vec::with_capacity(span + 1);
    let mut vals: Vec<u32> = Vec::with_capacity(raw.len() / 2);
    for w in bounds.windows(2) {
        let first = vals.len();
        start.push(first as u32);
        let Some(bucket) = raw.get_mut(w[0] as usize..w[1] as usize) else {
            continue;
        };
        bucket.sort_unstable_by_key(|&s| s & !LIKELY);
        for &s in bucket.iter() {
            let len = vals.len();
            match vals.last_mut() {
                Some(last) if len > first && (*last & !LIKELY) == (s & !LIKELY) => {
                    *last |= s & LIKELY;
                }
                _ => vals.push(s),
            }
        }
    }
    start.push(vals.len() as u32);
    vals.shrink_to_fit();
    (start, vals)
}

/// Flag of a likely pair in the table of [`Pairs`].
const PAIR_LIKELY: u64 = 1 << 63;

/// Home slot of a pair key in the table of [`Pairs`].
fn slot_of(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// `Some(likely)` when `c` is in a sorted row of [`csr`].
fn in_row(row: &[u32], c: char) -> Option<bool> {
    let c = c as u32;
    let i = row.binary_search_by(|s| (s & !LIKELY).cmp(&c)).ok()?;
    row.get(i).map(|s| s & LIKELY != 0)
}

/// The two bit positions of `w` in the Bloom filter.
fn bloom_bits(w: &[u8]) -> (usize, usize) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in w {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mask = (1u64 << BLOOM_BITS) - 1;
    ((h & mask) as usize, ((h >> 32) & mask) as usize)
}

impl Pairs {
    fn build(lm: &LanguageModel) -> Pairs {
        let span = (DENSE_HI - DENSE_LO + 1) as usize;
        let mut count = vec![0u32; span];
        let mut single = vec![NO_WORD; span];
        let mut bloom = vec![0u64; 1 << (BLOOM_BITS - 6)];
        let mut list: Vec<(u32, u32)> = Vec::with_capacity(520_000);
        let mut other: FastMap<u64, bool> = FastMap::default();
        for id in 0..lm.len() as WordId {
            let flag = if lm.unigram_cost(id) <= MAX_NEW_COST {
                LIKELY
            } else {
                0
            };
            let word = lm.word(id);
            let mut chars = word.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    if let Some(slot) = single.get_mut((c as u32).wrapping_sub(DENSE_LO) as usize) {
                        // the id the model's own look-up gives
                        *slot = lm.id(word).unwrap_or(NO_WORD);
                    }
                }
                (Some(_), Some(_)) => {
                    let (x, y) = bloom_bits(word.as_bytes());
                    for bit in [x, y] {
                        if let Some(w) = bloom.get_mut(bit >> 6) {
                            *w |= 1 << (bit & 63);
                        }
                    }
                }
                _ => {}
            }
            let mut prev: Option<char> = None;
            for c in word.chars() {
                if let Some(p) = prev {
                    let k = (p as u32).wrapping_sub(DENSE_LO);
                    match count.get_mut(k as usize) {
                        Some(n) => {
                            *n += 1;
                            list.push((k, c as u32 | flag));
                        }
                        None => *other.entry(pair_key(p, c)).or_insert(false) |= flag != 0,
                    }
                }
                prev = Some(c);
            }
        }
        let (start, succ) = csr(span, &count, list.iter().copied());
        // predecessors: every pair whose second character is in the dense blocks
        let mut pcount = vec![0u32; span];
        let mut plist: Vec<(u32, u32)> = Vec::with_capacity(list.len());
        let firsts = list.iter().map(|&(k, s)| (k + DENSE_LO, s));
        let others = other.iter().map(|(&key, &likely)| {
            (
                (key >> 32) as u32,
                key as u32 | if likely { LIKELY } else { 0 },
            )
        });
        for (a, s) in firsts.chain(others) {
            let b = (s & !LIKELY).wrapping_sub(DENSE_LO);
            if let Some(n) = pcount.get_mut(b as usize) {
                *n += 1;
                plist.push((b, a | (s & LIKELY)));
            }
        }
        let (pstart, pred) = csr(span, &pcount, plist.into_iter());
        let mut table = vec![0u64; (2 * (succ.len() + other.len()) + 2).next_power_of_two()];
        let dense = start.windows(2).enumerate().flat_map(|(k, w)| {
            let a = k as u32 + DENSE_LO;
            succ.get(w[0] as usize..w[1] as usize)
                .unwrap_or(&[])
                .iter()
                .map(move |&s| (a, s & !LIKELY, s & LIKELY != 0))
        });
        let rest = other
            .iter()
            .map(|(&key, &likely)| ((key >> 32) as u32, key as u32, likely));
        let mask = table.len() - 1;
        for (a, b, likely) in dense.chain(rest) {
            let key = (u64::from(a) << 32) | u64::from(b);
            let mut h = slot_of(key, mask);
            while let Some(v) = table.get_mut(h) {
                if *v == 0 || *v & !PAIR_LIKELY == key {
                    *v = key
                        | if likely {
                            PAIR_LIKELY
                        } else {
                            *v & PAIR_LIKELY
                        };
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        Pairs {
            start,
            succ,
            pstart,
            pred,
            table,
            single,
            bloom,
        }
    }

    /// The id of `w` in `lm` (the model this table was built from): `lm.id(w)`, faster.
    fn id(&self, lm: &LanguageModel, w: &str) -> Option<WordId> {
        let mut chars = w.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => match self.single.get((c as u32).wrapping_sub(DENSE_LO) as usize) {
                Some(&id) => Some(id).filter(|&id| id != NO_WORD),
                None => lm.id(w),
            },
            (Some(_), Some(_)) => {
                let (x, y) = bloom_bits(w.as_bytes());
                let set = |bit: usize| {
                    self.bloom
                        .get(bit >> 6)
                        .is_some_and(|v| v & (1 << (bit & 63)) != 0)
                };
                if set(x) && set(y) {
                    lm.id(w)
                } else {
                    None
                }
            }
            _ => lm.id(w),
        }
    }

    /// Characters that follow `a` inside words (`None` when `a` is outside the dense blocks).
    fn succ_row(&self, a: char) -> Option<&[u32]> {
        let k = (a as u32).wrapping_sub(DENSE_LO) as usize;
        let (lo, hi) = (*self.start.get(k)?, *self.start.get(k.checked_add(1)?)?);
        self.succ.get(lo as usize..hi as usize)
    }

    /// Characters that precede `b` inside words (`None` when `b` is outside the dense blocks).
    fn pred_row(&self, b: char) -> Option<&[u32]> {
        let k = (b as u32).wrapping_sub(DENSE_LO) as usize;
        let (lo, hi) = (*self.pstart.get(k)?, *self.pstart.get(k.checked_add(1)?)?);
        self.pred.get(lo as usize..hi as usize)
    }

    /// `Some(likely)` when `a` then `b` occurs inside a word of the model.
    fn get(&self, a: char, b: char) -> Option<bool> {
        let key = (u64::from(a as u32) << 32) | u64::from(b as u32);
        let mask = self.table.len().checked_sub(1)?;
        let mut h = slot_of(key, mask);
        for _ in 0..self.table.len() {
            let v = *self.table.get(h)?;
            if v == 0 {
                return None;
            }
            if v & !PAIR_LIKELY == key {
                return Some(v & PAIR_LIKELY != 0);
            }
            h = (h + 1) & mask;
        }
        None
    }

    /// True when `a` then `b` occurs inside a likely word.
    fn has(&self, a: char, b: char) -> bool {
        self.get(a, b) == Some(true)
    }

    /// True when `a` then `b` occurs inside some word.
    fn known(&self, a: char, b: char) -> bool {
        self.get(a, b).is_some()
    }
}

/// The model with its derived tables.
struct Loaded {
    lm: Arc<LanguageModel>,
    pairs: OnceLock<Pairs>,
}

/// The context detector.
pub struct ContextDetector {
    model: Option<Loaded>,
}

impl std::fmt::Debug for ContextDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextDetector")
            .field("model", &self.model.as_ref().map(|m| m.lm.len()))
            .finish()
    }
}

fn builtin_loaded() -> Option<&'static Loaded> {
    static B: OnceLock<Option<Loaded>> = OnceLock::new();
    B.get_or_init(|| {
        LanguageModel::builtin().map(|lm| Loaded {
            lm: Arc::new(lm.clone()),
            pairs: OnceLock::new(),
        })
    })
    .as_ref()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Byte offsets of the chars of `s`, plus `s.len()`.
fn char_offsets(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    v.push(s.len());
    v
}

/// Word ids of the substrings of a run of characters, up to [`MAX_WORD`] characters:
/// `ids[i * MAX_WORD + len - 1]`, [`NO_WORD`] when the substring is not a word.
fn fill_ids(
    lm: &LanguageModel,
    pairs: &Pairs,
    s: &str,
    off: &[usize],
    link: &[u8],
    ids: &mut Vec<WordId>,
) {
    let n = off.len().saturating_sub(1);
    ids.clear();
    ids.resize(n * MAX_WORD, NO_WORD);
    for i in 0..n {
        for len in 1..=MAX_WORD.min(n - i) {
            // a substring with a pair no word holds is no word
            if len > 1 && link.get(i + len - 2).is_none_or(|&f| f & KNOWN == 0) {
                break;
            }
            if let Some(id) = s.get(off[i]..off[i + len]).and_then(|w| pairs.id(lm, w)) {
                ids[i * MAX_WORD + len - 1] = id;
            }
        }
    }
}

/// The id of the word at chars `i..j` from a table of [`fill_ids`].
fn id_at(ids: &[WordId], i: usize, j: usize) -> Option<WordId> {
    if j <= i || j - i > MAX_WORD {
        return None;
    }
    ids.get(i * MAX_WORD + j - i - 1)
        .copied()
        .filter(|&id| id != NO_WORD)
}

/// Best unigram segmentation of `n` characters whose word ids `id(i, j)` gives: total cost;
/// the start of the last word ending at each position goes to `back`.
fn segment(
    lm: &LanguageModel,
    n: usize,
    id: impl Fn(usize, usize) -> Option<WordId>,
    best: &mut Vec<f32>,
    back: &mut Vec<usize>,
) -> f32 {
    best.clear();
    best.resize(n + 1, f32::INFINITY);
    back.clear();
    back.resize(n + 1, 0);
    best[0] = 0.0;
    for j in 1..=n {
        for i in j.saturating_sub(MAX_WORD)..j {
            let c = match id(i, j) {
                Some(id) => lm.unigram_cost(id),
                None if j == i + 1 => UNK_COST,
                None => continue,
            };
            if best[i] + c < best[j] {
                best[j] = best[i] + c;
                back[j] = i;
            }
        }
    }
    best[n]
}

/// Best bigram path cost over `n` characters whose word ids `id(i, j)` gives (all
/// segmentations, words up to [`MAX_WORD`] chars). `ends` and `count` are scratch.
fn lattice_cost(
    lm: &LanguageModel,
    n: usize,
    id: impl Fn(usize, usize) -> Option<WordId>,
    ends: &mut Vec<(Option<WordId>, f32)>,
    count: &mut Vec<usize>,
) -> f32 {
    // nodes ending at each position j: ends[j * MAX_WORD ..][..count[j]], (word, best cost)
    ends.clear();
    ends.resize((n + 1) * MAX_WORD, (None, f32::INFINITY));
    count.clear();
    count.resize(n + 1, 0);
    ends[0] = (None, 0.0);
    count[0] = 1;
    for j in 1..=n {
        let mut k = 0;
        for i in j.saturating_sub(MAX_WORD)..j {
            let id = id(i, j);
            if id.is_none() && j != i + 1 {
                continue;
            }
            let mut best = f32::INFINITY;
            for &(prev, cost) in &ends[i * MAX_WORD..i * MAX_WORD + count[i]] {
                let step = match (prev, id) {
                    (Some(p), Some(w)) if i > 0 => lm.bigram_cost(p, w),
                    (_, Some(w)) => lm.unigram_cost(w),
                    (_, None) => UNK_COST,
                };
                best = best.min(cost + step);
            }
            if best.is_finite() {
                ends[j * MAX_WORD + k] = (id, best);
                k += 1;
            }
        }
        count[j] = k;
    }
    ends[n * MAX_WORD..n * MAX_WORD + count[n]]
        .iter()
        .map(|&(_, c)| c)
        .fold(f32::INFINITY, f32::min)
}

/// Per-run scratch: word ids of the run's substrings, memoised costs of original windows,
/// buffers of the dynamic programs.
#[derive(Default)]
struct Scratch {
    ids: Vec<WordId>,
    link: Vec<u8>,
    /// (lo, hi) → (bigram lattice cost, unigram segmentation cost) of the original window.
    windows: Vec<((usize, usize), (f32, f32))>,
    new_ids: Vec<WordId>,
    new_chars: Vec<char>,
    ends: Vec<(Option<WordId>, f32)>,
    count: Vec<usize>,
    best: Vec<f32>,
    back: Vec<usize>,
    buf: String,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// One run of Han characters of the text being read.
struct Run<'a> {
    lm: &'a LanguageModel,
    pairs: &'a Pairs,
    text: &'a str,
    start: usize,
    end: usize,
    before: Option<char>,
    after: Option<char>,
    /// Added to every function-character margin (0 when checking; negative to see the
    /// swaps below the margins when tuning them).
    function_offset: f32,
}

/// The run as scored: its text, char offsets and chars, word ids of its substrings and the
/// word (char range) of its segmentation owning each char.
struct Window<'a> {
    run: &'a str,
    off: &'a [usize],
    chars: &'a [char],
    ids: &'a [WordId],
    owner: &'a [(usize, usize)],
}

/// Words of `lm` (2 to 4 characters) that are likely misspellings: one confusable character
/// away (same or similar pinyin, similar shape; never a function character such as 的/在)
/// from a word at least [`IN_WORD_MIN_GAIN`] nats likelier, with the likeliest such word and
/// the kind of confusion. Generates `dictionaries/lm/suspect_words.tsv` (offline: it reads
/// the whole vocabulary, seconds of work that a `Checker` should not repeat).
pub fn suspect_words(lm: &LanguageModel) -> Vec<(String, String, Kind)> {
    let t = tables();
    let mut out = Vec::new();
    let mut alt = String::new();
    for id in 0..lm.len() {
        let Ok(id) = WordId::try_from(id) else {
            break;
        };
        let word = lm.word(id);
        let chars: Vec<char> = word.chars().collect();
        let cost = lm.unigram_cost(id);
        if !(2..=4).contains(&chars.len())
            || cost < IN_WORD_MIN_COST
            || t.words.contains_key(word)
            || !chars.iter().all(|&c| is_han(c))
        {
            continue;
        }
        let mut best: Option<(f32, String, Kind)> = None;
        for (k, &orig) in chars.iter().enumerate() {
            if t.skip.contains(&orig) {
                continue;
            }
            let Some(cands) = t.confusion.get(&orig) else {
                continue;
            };
            for &(c, kind) in cands {
                if t.skip.contains(&c) {
                    continue;
                }
                alt.clear();
                alt.extend(
                    chars
                        .iter()
                        .enumerate()
                        .map(|(j, &x)| if j == k { c } else { x }),
                );
                let Some(alt_id) = lm.id(&alt) else {
                    continue;
                };
                let alt_cost = lm.unigram_cost(alt_id);
                if alt_cost + IN_WORD_MIN_GAIN <= cost
                    && best.as_ref().is_none_or(|b| alt_cost < b.0)
                {
                    best = Some((alt_cost, alt.clone(), kind));
                }
            }
        }
        if let Some((_, alt, kind)) = best {
            out.push((word.to_string(), alt, kind));
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

impl Kind {
    /// One-letter code of the kind in `suspect_words.tsv` (`p`, `t`, `s`; `w` for word pairs).
    pub fn code(self) -> &'static str {
        match self {
            Kind::SamePinyin => "p",
            Kind::OtherTone => "t",
            Kind::Shape => "s",
            Kind::WordPair => "w",
            Kind::Function => "f",
        }
    }
}

impl ContextDetector {
    /// A detector using the built-in model (none without the `lm` feature).
    pub fn new() -> Self {
        ContextDetector {
            model: builtin_loaded().map(|l| Loaded {
                lm: l.lm.clone(),
                pairs: OnceLock::new(),
            }),
        }
    }

    /// A detector using `lm`.
    pub fn with_model(lm: Arc<LanguageModel>) -> Self {
        ContextDetector {
            model: Some(Loaded {
                lm,
                pairs: OnceLock::new(),
            }),
        }
    }

    /// True when a model is present.
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// All scored candidates of `text` (before the threshold), for training and diagnostics.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        self.candidates_with_function_offset(text, 0.0)
    }

    /// [`Self::candidates`] with every function-character margin moved by `offset` nats
    /// (negative: more swaps, each with the probability of its margin). For tuning the margins
    /// (`dictionaries/tools/tune_function_margins.py`), not for checking.
    pub fn candidates_with_function_offset(&self, text: &str, offset: f32) -> Vec<Candidate> {
        let function_offset = offset;
        let mut out = Vec::new();
        let Some(m) = self.model.as_ref() else {
            return out;
        };
        // builtin detectors share one Pairs table
        let pairs = match builtin_loaded() {
            Some(b) if Arc::ptr_eq(&b.lm, &m.lm) => b.pairs.get_or_init(|| Pairs::build(&m.lm)),
            _ => m.pairs.get_or_init(|| Pairs::build(&m.lm)),
        };
        let mut scratch = Scratch::default();
        let mut start: Option<usize> = None;
        let mut before: Option<char> = None;
        let mut prev: Option<char> = None;
        let mut count = 0;
        for (i, c) in text.char_indices() {
            if is_han(c) && count < MAX_RUN {
                if start.is_none() {
                    start = Some(i);
                    before = prev;
                }
                count += 1;
                prev = Some(c);
                continue;
            }
            if let Some(s) = start.take() {
                let ctx = Run {
                    lm: &m.lm,
                    pairs,
                    text,
                    start: s,
                    end: i,
                    before,
                    after: Some(c),
                    function_offset,
                };
                self.run(&ctx, &mut scratch, &mut out);
            }
            count = 0;
            if is_han(c) {
                start = Some(i);
                before = prev;
                count = 1;
            }
            prev = Some(c);
        }
        if let Some(s) = start {
            let ctx = Run {
                lm: &m.lm,
                pairs,
                text,
                start: s,
                end: text.len(),
                before,
                after: None,
                function_offset,
            };
            self.run(&ctx, &mut scratch, &mut out);
        }
        out
    }

    fn run(&self, r: &Run<'_>, sc: &mut Scratch, out: &mut Vec<Candidate>) {
        let (lm, pairs, before, after) = (r.lm, r.pairs, r.before, r.after);
        let Some(run) = r.text.get(r.start..r.end) else {
            return;
        };
        let chars: Vec<char> = run.chars().collect();
        let n = chars.len();
        if n < 2 {
            return;
        }
        let quoted = matches!((before, after), (Some('《' | '〈'), Some('》' | '〉')))
            || (matches!(
                (before, after),
                (Some('“' | '「' | '‘'), Some('”' | '」' | '’'))
            ) && n <= 8);
        if quoted || before == Some('·') || after == Some('·') {
            return;
        }
        let t = tables();
        // cheap prefilter: a position is looked at when it is a listed confusable word's
        // place or a character whose swap forms a word pair with a neighbour while the
        // original forms none
        let mut link = std::mem::take(&mut sc.link);
        link.clear();
        link.extend(chars.windows(2).map(|w| match pairs.get(w[0], w[1]) {
            Some(true) => KNOWN | LIKELY_PAIR,
            Some(false) => KNOWN,
            None => 0,
        }));
        let likely = |k: usize| link.get(k).is_some_and(|&f| f & LIKELY_PAIR != 0);
        let mut looks = false;
        for (i, &c) in chars.iter().enumerate() {
            let l = i > 0 && likely(i - 1);
            let r = i + 1 < n && likely(i);
            if !(l || r) && t.confusion.contains_key(&c) {
                looks = true;
                break;
            }
        }
        let has_word_pair = !looks && {
            // any listed word in the run?
            let mut found = false;
            'outer: for i in 0..n.saturating_sub(1) {
                for len in 2..=4usize.min(n - i) {
                    sc.buf.clear();
                    sc.buf.extend(&chars[i..i + len]);
                    if t.words.contains_key(sc.buf.as_str()) {
                        found = true;
                        break 'outer;
                    }
                }
            }
            found
        };
        let has_function = chars.iter().any(|&c| function_alternatives(c).is_some());
        if !looks && !has_word_pair && !has_function {
            sc.link = link;
            return;
        }
        let off = char_offsets(run);
        let mut ids = std::mem::take(&mut sc.ids);
        fill_ids(lm, pairs, run, &off, &link, &mut ids);
        sc.windows.clear();
        segment(lm, n, |i, j| id_at(&ids, i, j), &mut sc.best, &mut sc.back);
        let mut words = Vec::new();
        let mut j = n;
        while j > 0 {
            let i = sc.back[j].min(j - 1);
            words.push((i, j));
            j = i;
        }
        words.reverse();
        let mut owner = vec![(0usize, 0usize); n];
        for &(a, b) in &words {
            for o in owner.iter_mut().take(b).skip(a) {
                *o = (a, b);
            }
        }
        let w = Window {
            run,
            off: &off,
            chars: &chars,
            ids: &ids,
            owner: &owner,
        };
        let mut alt = String::with_capacity(16);
        // word-level confusions
        for &(a, b) in &words {
            if b - a < 2 {
                continue;
            }
            let Some(word) = run.get(off[a]..off[b]) else {
                continue;
            };
            let Some(alts) = t.words.get(word) else {
                continue;
            };
            for alt in alts {
                if let Some(c) = self.score(r, &w, (a, b), alt, Kind::WordPair, sc) {
                    out.push(Candidate {
                        span: Span::new(r.start + off[a], r.start + off[b]),
                        ..c
                    });
                }
            }
        }
        // words of the segmentation that are likely misspellings of a much likelier word one
        // character swap away (自已 → 自己; the table is built offline, see `suspect_words`)
        for &(a, b) in &words {
            if !(2..=4).contains(&(b - a)) {
                continue;
            }
            let Some(word) = run.get(off[a]..off[b]) else {
                continue;
            };
            if t.words.contains_key(word) {
                continue;
            }
            let Some(&(alt_word, kind)) = t.suspects.get(word) else {
                continue;
            };
            if (a..b).any(|k| self.protected(&chars, k, &owner, before)) {
                continue;
            }
            if let Some(cand) = self.score(r, &w, (a, b), alt_word, kind, sc) {
                out.push(Candidate {
                    span: Span::new(r.start + off[a], r.start + off[b]),
                    ..cand
                });
            }
        }
        // function characters standing alone (的/地/得, 在/再, 哪/那): the alternative
        // furthest past its margin
        for i in 0..n {
            if owner[i] != (i, i + 1) {
                continue;
            }
            let Some(alts) = function_alternatives(chars[i]) else {
                continue;
            };
            // a quick bound first: the two bigrams with the neighbouring words of the
            // segmentation (a 的 is on every line; the full score re-segments a window)
            let prev = i
                .checked_sub(1)
                .and_then(|k| owner.get(k))
                .and_then(|&(a, b)| id_at(&ids, a, b));
            let next = owner.get(i + 1).and_then(|&(a, b)| id_at(&ids, a, b));
            let local = |x: Option<WordId>| match x {
                Some(x) => {
                    prev.map_or(lm.unigram_cost(x), |p| lm.bigram_cost(p, x))
                        + next.map_or(0.0, |q| lm.bigram_cost(x, q))
                }
                None => 2.0 * UNK_COST,
            };
            let here = local(id_at(&ids, i, i + 1));
            let mut best: Option<(f32, Candidate)> = None;
            for &(c, margin) in alts {
                let margin = margin + r.function_offset;
                alt.clear();
                alt.push(c);
                // re-segmenting helps only where the swapped character joins a neighbour
                // in some word (吓的 → 吓得)
                let joins = (i > 0 && pairs.known(chars[i - 1], c))
                    || chars.get(i + 1).is_some_and(|&q| pairs.known(c, q));
                if !joins && here - local(pairs.id(lm, &alt)) < margin - FUNCTION_SLACK {
                    continue;
                }
                let Some(cand) = self.score(r, &w, (i, i + 1), &alt, Kind::Function, sc) else {
                    continue;
                };
                let over = cand.features[1] - margin;
                if over >= 0.0 && best.as_ref().is_none_or(|b| over > b.0) {
                    let span = Span::new(r.start + off[i], r.start + off[i + 1]);
                    best = Some((
                        over,
                        Candidate {
                            span,
                            p: function_p(over),
                            ..cand
                        },
                    ));
                }
            }
            if let Some((_, b)) = best {
                out.push(b);
            }
        }
        // character confusions at single-character words
        for i in 0..n {
            let (a, b) = owner[i];
            if b - a != 1 || t.skip.contains(&chars[i]) {
                continue;
            }
            let Some(cands) = t.confusion.get(&chars[i]) else {
                continue;
            };
            // best candidate per position
            let mut best: Option<Candidate> = None;
            // rows of the neighbours: what may follow the left one, precede the right one
            let left_row = if i > 0 {
                pairs.succ_row(chars[i - 1])
            } else {
                None
            };
            let right_row = chars.get(i + 1).and_then(|&q| pairs.pred_row(q));
            for &(c, kind) in cands {
                let lp = left_row.and_then(|row| in_row(row, c));
                let rp = right_row.and_then(|row| in_row(row, c));
                if lp != Some(true) && rp != Some(true) {
                    continue;
                }
                // is the pair k, k + 1 inside some word once c stands at i?
                let known = |k: usize| {
                    if k + 1 == i {
                        lp.is_some()
                    } else if k == i {
                        rp.is_some()
                    } else {
                        link.get(k).is_some_and(|&f| f & KNOWN != 0)
                    }
                };
                // the word it makes (2..4 chars containing i), most frequent
                let mut made: Option<(usize, usize, f32)> = None;
                let at = |k: usize| if k == i { c } else { chars[k] };
                for len in 2..=4usize.min(n) {
                    let lo = i.saturating_sub(len - 1);
                    let hi = i.min(n - len);
                    for s in lo..=hi {
                        // no word holds a pair no word holds
                        if (s..s + len - 1).any(|k| !known(k)) {
                            continue;
                        }
                        sc.buf.clear();
                        sc.buf.extend((s..s + len).map(at));
                        if let Some(id) = pairs.id(lm, &sc.buf) {
                            let cost = lm.unigram_cost(id);
                            if cost <= MAX_NEW_COST && made.is_none_or(|(_, _, m)| cost < m) {
                                made = Some((s, s + len, cost));
                            }
                        }
                    }
                }
                let Some((s, e, _)) = made else { continue };
                alt.clear();
                alt.extend((s..e).map(at));
                if let Some(cand) = self.score(r, &w, (s, e), &alt, kind, sc) {
                    if best.as_ref().is_none_or(|b| cand.p > b.p) {
                        best = Some(Candidate {
                            span: Span::new(r.start + off[s], r.start + off[e]),
                            ..cand
                        });
                    }
                }
            }
            // the guards last: most positions have no candidate, and the name look-ups cost
            if let Some(b) = best.filter(|_| !self.protected(&chars, i, &owner, before)) {
                out.push(b);
            }
        }
        sc.ids = ids;
        sc.link = link;
    }

    /// Scores replacing chars `a..b` of the run by `alt` (as many chars).
    fn score(
        &self,
        r: &Run<'_>,
        w: &Window<'_>,
        (a, b): (usize, usize),
        alt: &str,
        kind: Kind,
        sc: &mut Scratch,
    ) -> Option<Candidate> {
        let (lm, pairs, before) = (r.lm, r.pairs, r.before);
        let (chars, owner) = (w.chars, w.owner);
        let n = chars.len();
        let lo = a.saturating_sub(CONTEXT);
        let hi = (b + CONTEXT).min(n);
        let len = hi - lo;
        // the original window: costs memoised per run
        let (lat_o, uo) = match sc.windows.iter().find(|(k, _)| *k == (lo, hi)) {
            Some(&(_, v)) => v,
            None => {
                let id = |i: usize, j: usize| id_at(w.ids, lo + i, lo + j);
                let lat = lattice_cost(lm, len, id, &mut sc.ends, &mut sc.count);
                let uni = segment(lm, len, id, &mut sc.best, &mut sc.back);
                sc.windows.push(((lo, hi), (lat, uni)));
                (lat, uni)
            }
        };
        // the new window: ids of substrings touching a..b looked up again
        sc.new_chars.clear();
        sc.new_chars.extend_from_slice(chars.get(lo..a)?);
        sc.new_chars.extend(alt.chars());
        sc.new_chars.extend_from_slice(chars.get(b..hi)?);
        if sc.new_chars.len() != len {
            return None;
        }
        let (ra, rb) = (a - lo, b - lo);
        sc.new_ids.clear();
        sc.new_ids.resize(len * MAX_WORD, NO_WORD);
        for i in 0..len {
            for l in 1..=MAX_WORD.min(len - i) {
                let j = i + l;
                if j <= ra || i >= rb {
                    if let Some(id) = id_at(w.ids, lo + i, lo + j) {
                        sc.new_ids[i * MAX_WORD + l - 1] = id;
                    }
                    continue;
                }
                if l > 1 && !pairs.known(sc.new_chars[j - 2], sc.new_chars[j - 1]) {
                    break;
                }
                sc.buf.clear();
                sc.buf.extend(&sc.new_chars[i..j]);
                if let Some(id) = pairs.id(lm, &sc.buf) {
                    sc.new_ids[i * MAX_WORD + l - 1] = id;
                }
            }
        }
        let new_ids = std::mem::take(&mut sc.new_ids);
        let id = |i: usize, j: usize| id_at(&new_ids, i, j);
        let lat_n = lattice_cost(lm, len, id, &mut sc.ends, &mut sc.count);
        let un = segment(lm, len, id, &mut sc.best, &mut sc.back);
        let new_cost = id_at(&new_ids, ra, rb).map_or(UNK_COST, |id| lm.unigram_cost(id));
        sc.new_ids = new_ids;
        let d_bigram = lat_o - lat_n;
        let orig_cost = match id_at(w.ids, a, b) {
            Some(id) => lm.unigram_cost(id),
            None if b - a > MAX_WORD => w
                .run
                .get(w.off[a]..w.off[b])
                .and_then(|s| lm.id(s))
                .map_or(UNK_COST, |id| lm.unigram_cost(id)),
            None => UNK_COST,
        };
        let t = tables();
        // name likelihood: a surname before a single-character word, or a listed name
        let name_like =
            (a > 0 && t.surnames.contains(&chars[a - 1]) && owner[a - 1].1 - owner[a - 1].0 == 1)
                || (a == 0 && before.is_some_and(|c| t.surnames.contains(&c)))
                || (b - a == 1 && a >= 2 && t.surnames.contains(&chars[a - 2]));
        // does the original character form a known pair with a neighbour (inside the span)?
        let known_pair = (a..b.saturating_sub(1)).any(|k| pairs.has(chars[k], chars[k + 1]));
        let orig_single = (a..b).any(|k| owner[k].1 - owner[k].0 == 1);
        // a swap inside one word of the segmentation that is not a listed pair
        let in_word = kind != Kind::WordPair && b - a >= 2 && owner[a] == (a, b);
        let iw = f32::from(u8::from(in_word));
        let f = [
            1.0,
            d_bigram,
            d_bigram.clamp(-5.0, 15.0),
            uo - un,
            new_cost,
            orig_cost,
            f32::from(u8::from(orig_single)),
            f32::from(u8::from(kind == Kind::SamePinyin)),
            f32::from(u8::from(kind == Kind::OtherTone)),
            f32::from(u8::from(kind == Kind::Shape)),
            f32::from(u8::from(kind == Kind::WordPair)),
            f32::from(u8::from(name_like)),
            (b - a) as f32,
            f32::from(u8::from(known_pair)),
            iw,
            iw * (orig_cost - new_cost),
            iw * d_bigram.clamp(-5.0, 15.0),
        ];
        let z: f32 = f.iter().zip(WEIGHTS.iter()).map(|(x, w)| x * w).sum();
        Some(Candidate {
            span: Span::new(0, 0),
            suggestion: alt.to_string(),
            kind,
            features: f,
            p: sigmoid(z),
        })
    }

    /// True when position `i` must not be corrected by a character swap.
    fn protected(
        &self,
        chars: &[char],
        i: usize,
        owner: &[(usize, usize)],
        before: Option<char>,
    ) -> bool {
        let t = tables();
        let n = chars.len();
        if t.measures.contains(&chars[i]) {
            let prev = if i == 0 { before } else { Some(chars[i - 1]) };
            if prev.is_some_and(|p| p.is_ascii_digit() || t.numerals.contains(&p)) {
                return true;
            }
        }
        let single = |k: usize| owner.get(k).is_some_and(|&(a, b)| b - a == 1);
        if t.surnames.contains(&chars[i]) && single(i) && single(i + 1) {
            return true;
        }
        for k in 1..=2 {
            if let Some(j) = i.checked_sub(k) {
                if t.surnames.contains(&chars[j]) && single(j) && (k == 1 || single(j + 1)) {
                    return true;
                }
            }
        }
        let mut buf = String::new();
        for len in 2..=4usize.min(n) {
            let lo = i.saturating_sub(len - 1);
            let hi = i.min(n - len);
            for s in lo..=hi {
                buf.clear();
                buf.extend(&chars[s..s + len]);
                if t.names.binary_search(&buf.as_str()).is_ok() {
                    return true;
                }
            }
        }
        let ctx = chars[i.saturating_sub(2)..i]
            .iter()
            .chain(chars[(i + 1).min(n)..(i + 3).min(n)].iter());
        let tr = ctx.filter(|c| t.translit.contains(c)).count();
        tr >= 2 || (t.translit.contains(&chars[i]) && tr >= 1)
    }
}

impl Default for ContextDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl Detector for ContextDetector {
    fn name(&self) -> &'static str {
        "context"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Typo]
    }

    fn rules(&self) -> Vec<&str> {
        vec![RULE]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.config.rule_enabled(RULE) || ctx.config.disabled_rules.iter().any(|r| r == ALIAS) {
            return;
        }
        let text = ctx.doc.text();
        let min_p = ctx.config.context_min_confidence.max(REPORT_P);
        let mut cands: Vec<Candidate> = self
            .candidates(text)
            .into_iter()
            .filter(|c| c.p >= min_p && !guarded(text, text, c, c.span))
            .collect();
        // one correction per neighbourhood: the likeliest wins
        cands.sort_by(|x, y| y.p.total_cmp(&x.p));
        let mut accepted: Vec<Candidate> = Vec::new();
        for c in cands {
            if accepted.iter().any(|t| same_neighbourhood(t.span, c.span)) {
                continue;
            }
            accepted.push(c);
        }
        self.rescore(text, min_p, &mut accepted);
        accepted.sort_by_key(|c| c.span.start);
        for c in accepted {
            let Some(orig) = text.get(c.span.range()) else {
                continue;
            };
            let severity = if c.p >= WARN_P {
                Severity::Warning
            } else {
                Severity::Info
            };
            // The confidence travels as a field (front ends print it), not in the message.
            let message = format!(
                "“{orig}”疑为“{}”之误（{}，据上下文判断）",
                c.suggestion,
                c.kind.label()
            );
            out.push(
                Finding::new(RULE, Category::Typo, severity, c.span, message)
                    .with_suggestions(vec![c.suggestion])
                    .with_confidence(c.p),
            );
        }
    }
}

/// True when a guard keeps candidate `c` from being reported: the same string repeats
/// nearby, a frame explains it, it would break an idiom written right, or it is a
/// reduplication. `local` is the text `c.span` refers to (the document, or a corrected
/// sentence of it), `span` the candidate's place in the document `text`.
fn guarded(text: &str, local: &str, c: &Candidate, span: Span) -> bool {
    // a function character repeats everywhere: what must not repeat is the character with
    // its neighbours (惹的祸 twice is meant)
    let repeat_span = if c.kind == Kind::Function {
        widen(text, span)
    } else {
        span
    };
    repeated_nearby(text, repeat_span)
        || framed(local, c.span)
        || in_idiom(local, c)
        || reduplicated(local, c.span)
}

/// True when two corrections are within two characters of each other (6 bytes): one
/// correction per neighbourhood is reported, the likeliest.
fn same_neighbourhood(a: Span, b: Span) -> bool {
    a.start < b.end + 6 && b.start < a.end + 6
}

/// Rounds of re-scoring after accepted corrections (a third slip in one sentence is rare).
const RESCORE_ROUNDS: usize = 2;
/// Bytes read on each side of a correction when re-scoring (about 100 Han characters).
const RESCORE_REACH: usize = 300;
/// Characters that end the sentence re-scored around a correction.
const SENTENCE_END: [char; 9] = ['。', '！', '？', '；', '!', '?', ';', '\n', '\r'];

/// The byte range of the sentence around `span`, at most [`RESCORE_REACH`] bytes on each
/// side.
fn sentence_around(text: &str, span: Span) -> (usize, usize) {
    let mut lo = span.start.saturating_sub(RESCORE_REACH);
    while lo < span.start && !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = span.end.saturating_add(RESCORE_REACH).min(text.len());
    while hi > span.end && !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let start = text
        .get(lo..span.start)
        .and_then(|b| {
            b.char_indices()
                .rev()
                .find(|(_, c)| SENTENCE_END.contains(c))
        })
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let end = text
        .get(span.end..hi)
        .and_then(|a| a.find(|c: char| SENTENCE_END.contains(&c)))
        .map_or(hi, |i| span.end + i);
    (start, end)
}

impl ContextDetector {
    /// Re-reads the sentence around each accepted correction with the corrections applied,
    /// so that a second slip next to a first one is scored beside the word meant, not beside
    /// the slip (建康俭查: 俭查 → 检查, then 建康 → 健康). A new candidate may stand next to a
    /// correction, never on it; the same threshold and guards apply.
    fn rescore(&self, text: &str, min_p: f32, accepted: &mut Vec<Candidate>) {
        let mut fresh: Vec<Span> = accepted.iter().map(|c| c.span).collect();
        for _ in 0..RESCORE_ROUNDS {
            if fresh.is_empty() {
                break;
            }
            let mut sentences: Vec<(usize, usize)> =
                fresh.iter().map(|&s| sentence_around(text, s)).collect();
            sentences.sort_unstable();
            sentences.dedup();
            let mut found: Vec<Candidate> = Vec::new();
            for (s, e) in sentences {
                let mut fixes: Vec<&Candidate> = accepted
                    .iter()
                    .filter(|c| c.span.start >= s && c.span.end <= e)
                    .collect();
                fixes.sort_by_key(|c| c.span.start);
                // the corrected sentence; for each correction, its place in it and the byte
                // shift (document minus corrected) after it
                let mut fixed = String::with_capacity(e - s + 16);
                let mut marks: Vec<(usize, usize, isize)> = Vec::new();
                let mut at = s;
                let mut shift = 0isize;
                for f in fixes {
                    let Some(pre) = text.get(at..f.span.start) else {
                        continue;
                    };
                    fixed.push_str(pre);
                    let fs = fixed.len();
                    fixed.push_str(&f.suggestion);
                    shift += f.span.len() as isize - f.suggestion.len() as isize;
                    marks.push((fs, fixed.len(), shift));
                    at = f.span.end;
                }
                fixed.push_str(text.get(at..e).unwrap_or(""));
                for c in self.candidates(&fixed) {
                    if c.p < min_p
                        || marks
                            .iter()
                            .any(|&(a, b, _)| c.span.start < b && a < c.span.end)
                    {
                        continue;
                    }
                    let d = marks
                        .iter()
                        .take_while(|m| m.1 <= c.span.start)
                        .last()
                        .map_or(0, |m| m.2);
                    let Some(start) = (s + c.span.start).checked_add_signed(d) else {
                        continue;
                    };
                    let span = Span::new(start, start + c.span.len());
                    if text
                        .get(span.range())
                        .is_none_or(|t| Some(t) != fixed.get(c.span.range()))
                        || accepted.iter().any(|t| t.span.overlaps(&span))
                        || guarded(text, &fixed, &c, span)
                    {
                        continue;
                    }
                    found.push(Candidate { span, ..c });
                }
            }
            // likeliest first, one per neighbourhood, as in the first reading
            found.sort_by(|x, y| y.p.total_cmp(&x.p));
            fresh.clear();
            for c in found {
                if fresh.iter().any(|&t| same_neighbourhood(t, c.span)) {
                    continue;
                }
                fresh.push(c.span);
                accepted.push(c);
            }
        }
    }
}

/// Bytes on each side of a candidate searched for the same string (about 2,000 Han
/// characters: an article, not a whole site).
const REPEAT_WINDOW: usize = 6_000;

/// True when the text around `span` holds the same string again. A writer who uses a form
/// twice in one article means it: a term the model lacks (冬汛, 敲锭, a foreign name) or
/// the other member of a word pair used on purpose (通讯, 终止). A slip rarely repeats
/// verbatim; this is the "names the text itself repeats" guard of the design, for every
/// candidate. The window bounds the cost on adversarial text.
fn repeated_nearby(text: &str, span: Span) -> bool {
    let Some(word) = text.get(span.range()) else {
        return false;
    };
    let mut from = span.start.saturating_sub(REPEAT_WINDOW);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = span.end.saturating_add(REPEAT_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text.get(from..to).is_some_and(|around| {
        around
            .match_indices(word)
            .any(|(i, _)| from + i != span.start)
    })
}

/// True when a character the candidate changes belongs to an idiom written correctly around
/// it (情真意挚 is no slip for 情真意识).
#[cfg(feature = "idiom")]
fn in_idiom(text: &str, c: &Candidate) -> bool {
    let Some(orig) = text.get(c.span.range()) else {
        return false;
    };
    for ((i, a), b) in orig.char_indices().zip(c.suggestion.chars()) {
        if a == b {
            continue;
        }
        let at = c.span.start + i;
        // the four windows holding the character at byte `at`
        let mut start = at;
        for _ in 0..4 {
            if super::idiom::idiom_at(text, start) {
                return true;
            }
            match text.get(..start).and_then(|s| s.chars().next_back()) {
                Some(p) => start -= p.len_utf8(),
                None => break,
            }
        }
    }
    false
}

#[cfg(not(feature = "idiom"))]
fn in_idiom(_text: &str, _c: &Candidate) -> bool {
    false
}

/// True when the span is one character written twice (乓乓响, 哗哗): onomatopoeia and
/// reduplicated words, not slips.
fn reduplicated(text: &str, span: Span) -> bool {
    let mut chars = text.get(span.range()).unwrap_or("").chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if a == b)
}

/// `span` with one more character on each side (where there is one).
fn widen(text: &str, span: Span) -> Span {
    let start = text
        .get(..span.start)
        .and_then(|s| s.char_indices().next_back())
        .map_or(span.start, |(i, _)| i);
    let end = text
        .get(span.end..)
        .and_then(|s| s.chars().next())
        .map_or(span.end, |c| span.end + c.len_utf8());
    Span::new(start, end)
}

/// True when `span` sits in a frame that explains its characters: a 越…越… construction
/// (越唱越响: 越唱 is no slip for 越长) or a short byline in brackets (（杨国亮）: a name).
fn framed(text: &str, span: Span) -> bool {
    let (Some(before), Some(inner), Some(after)) = (
        text.get(..span.start),
        text.get(span.range()),
        text.get(span.end..),
    ) else {
        return false;
    };
    // 越…越: another 越 within three characters of a 越 in the span
    let near: String = before
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .chain(inner.chars())
        .chain(after.chars().take(3))
        .collect();
    if inner.contains('越') && near.matches('越').count() >= 2 && !near.contains("越来越") {
        return true;
    }
    // a byline: （name） with nothing but Han characters inside, at most eight
    let open = before
        .chars()
        .rev()
        .take(8)
        .position(|c| c == '（' || c == '(');
    let close = after.chars().take(8).position(|c| c == '）' || c == ')');
    if let (Some(o), Some(c)) = (open, close) {
        let inside = before
            .chars()
            .rev()
            .take(o)
            .chain(inner.chars())
            .chain(after.chars().take(c));
        let mut n = 0;
        for ch in inside {
            if !is_han(ch) {
                return false;
            }
            n += 1;
        }
        return n <= 8;
    }
    false
}

#[cfg(test)]
mod guard_tests {
    use super::{
        framed, in_idiom, reduplicated, repeated_nearby, widen, Candidate, Kind, N_FEATURES,
        REPEAT_WINDOW,
    };
    use crate::Span;

    fn span_of(text: &str, word: &str, nth: usize) -> Span {
        let (i, _) = text.match_indices(word).nth(nth).unwrap_or((0, ""));
        Span::new(i, i + word.len())
    }

    #[test]
    fn a_repeat_counts_only_nearby_and_not_itself() {
        let text = "武汉出现冬汛。这次冬汛与降雨有关。";
        assert!(repeated_nearby(text, span_of(text, "冬汛", 0)));
        assert!(repeated_nearby(text, span_of(text, "冬汛", 1)));
        let once = "武汉出现冬汛。这次汛期与降雨有关。";
        assert!(!repeated_nearby(once, span_of(once, "冬汛", 0)));
        // beyond the window the second use is another article's
        let far = format!("冬汛。{}冬汛。", "的".repeat(REPEAT_WINDOW / 3 + 10));
        assert!(!repeated_nearby(&far, span_of(&far, "冬汛", 0)));
    }

    #[test]
    fn reduplications_and_idioms_written_right_are_left_alone() {
        let t = "把冲锋枪磕得乓乓响。";
        assert!(reduplicated(t, span_of(t, "乓乓", 0)));
        assert!(!reduplicated(t, span_of(t, "锋枪", 0)));
        #[cfg(feature = "idiom")]
        {
            let cand = |text: &str, orig: &str, sugg: &str| Candidate {
                span: span_of(text, orig, 0),
                suggestion: sugg.to_string(),
                kind: Kind::SamePinyin,
                features: [0.0; N_FEATURES],
                p: 0.99,
            };
            let t = "坚持革故鼎新涤浊扬清。";
            // 新 belongs to 革故鼎新; 涤 belongs to no listed idiom
            assert!(in_idiom(t, &cand(t, "鼎新", "鼎心")));
            assert!(!in_idiom(t, &cand(t, "新涤", "新的")));
            let u = "他工作一丝不苟。";
            assert!(in_idiom(u, &cand(u, "不苟", "不够")));
            assert!(!in_idiom(u, &cand(u, "工作", "功作")));
        }
    }

    #[test]
    fn a_function_character_repeats_only_with_its_neighbours() {
        let t = "都是他惹的祸。又是女婿惹的祸！";
        let first = span_of(t, "的", 0);
        assert_eq!(t.get(widen(t, first).range()), Some("惹的祸"));
        assert!(repeated_nearby(t, widen(t, first)));
        let once = "都是他惹的祸。这是我的书。";
        assert!(!repeated_nearby(once, widen(once, span_of(once, "的", 0))));
        // at the edges of the text there is nothing to add
        let edge = "的";
        assert_eq!(widen(edge, span_of(edge, "的", 0)), span_of(edge, "的", 0));
    }

    #[test]
    fn rescoring_reads_the_sentence_around_a_correction() {
        let t = "第一句。良性前咧腺增笙！最后";
        let s = span_of(t, "前咧腺", 0);
        let (a, b) = super::sentence_around(t, s);
        assert_eq!(t.get(a..b), Some("良性前咧腺增笙"));
        // no sentence end: the whole (short) text
        let u = "前咧腺增笙";
        let (a, b) = super::sentence_around(u, span_of(u, "增笙", 0));
        assert_eq!((a, b), (0, u.len()));
    }

    #[test]
    fn frames_of_yue_and_bylines() {
        let t = "茶歌越唱越响。";
        assert!(framed(t, span_of(t, "越唱", 0)));
        let t = "这条路越长越好走吗？他超越了自己。";
        assert!(!framed(t, span_of(t, "超越", 0)));
        let t = "（杨国亮）";
        assert!(framed(t, span_of(t, "杨国亮", 0)));
        let t = "（见附件3，杨国亮整理）";
        assert!(!framed(t, span_of(t, "杨国亮", 0)));
        let t = "他在北京运数货物。";
        assert!(!framed(t, span_of(t, "运数", 0)));
    }
}

#[cfg(all(test, feature = "lm"))]
mod tests {
    use super::*;

    /// The look-up accelerators (pair table and rows, single-character table, Bloom filter)
    /// answer exactly as the model does: for the model's own words and for every substring of
    /// real sentences.
    #[test]
    fn fast_lookups_agree_with_the_model() {
        let Some(lm) = LanguageModel::builtin() else {
            panic!("built-in model missing");
        };
        let pairs = Pairs::build(lm);
        for id in (0..lm.len() as WordId).step_by(5) {
            let w = lm.word(id);
            assert_eq!(pairs.id(lm, w), lm.id(w), "{w}");
            let likely = lm.unigram_cost(id) <= MAX_NEW_COST;
            let cs: Vec<char> = w.chars().collect();
            for k in cs.windows(2) {
                let got = pairs.get(k[0], k[1]);
                assert!(got.is_some(), "{w}");
                if likely {
                    assert_eq!(got, Some(true), "{w}");
                }
            }
        }
        let text = "国务院新闻办公室今天举行新闻发布会，介绍一季度国民经济运行情况。\
                    用户可以在登录页面输入用户名和密码，忘记密码时点击找回。\
                    这家具有百年历史的企业坚持以质量求生存，产品远销海外。";
        let chars: Vec<char> = text.chars().collect();
        let mut looked = 0;
        for i in 0..chars.len() {
            for len in 1..=MAX_WORD.min(chars.len() - i) {
                let s: String = chars[i..i + len].iter().collect();
                assert_eq!(pairs.id(lm, &s), lm.id(&s), "{s}");
                looked += usize::from(lm.id(&s).is_some());
            }
        }
        assert!(looked > 60, "{looked}");
        for w in chars.windows(2) {
            let got = pairs.get(w[0], w[1]);
            if let Some(row) = pairs.succ_row(w[0]) {
                assert_eq!(in_row(row, w[1]), got, "{}{}", w[0], w[1]);
            }
            if let Some(row) = pairs.pred_row(w[1]) {
                assert_eq!(in_row(row, w[0]), got, "{}{}", w[0], w[1]);
            }
        }
        assert_eq!(pairs.get('登', '录'), Some(true));
        assert_eq!(pairs.get('，', '介'), None);
    }
}
