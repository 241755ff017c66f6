//! Statistical detection of unknown typos (rule `typo.statistical`).
//!
//! Dictionaries catch the mistakes someone listed; this detector catches one-off ones
//! (总休方案 → 总体, 堂务委员会 → 常务). For every Chinese character that is not part of a
//! known word in the best segmentation of its run of Han characters, it tries the
//! character's confusables (same pinyin, same pinyin with another tone, similar shape) and
//! asks a compact unigram word model whether the window around it becomes far likelier.
//! The score is the gain in log-probability of the best segmentation of an 11-character
//! window; it is reported when above the threshold (`Config::statistical_threshold`, in
//! tenths). The message names the alternative, the word it makes and the kind of confusion.
//!
//! Precision guards: characters inside any known word, person or place names
//! (`dictionaries/statistical/names.txt`), after a surname, in transliterated names, digits
//! and Latin text (never Han) are left alone; user allowlist phrases apply as everywhere.
//!
//! Data: word frequencies `dictionaries/segment_words.txt` (jieba, MIT), confusion sets
//! and names `dictionaries/statistical/` (pycorrector, Apache-2.0), built lazily on first use.

use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity, Span};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the keys are short strings and chars; SipHash's DoS resistance buys nothing
/// here (the tables are built from our own data) and costs most of the lookup time.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

/// Rule id.
pub const RULE: &str = "typo.statistical";
/// Default threshold in tenths of a natural-log unit (6.0: the window becomes ~400× likelier).
pub const DEFAULT_THRESHOLD_TENTHS: u32 = super::STATISTICAL_DEFAULT_THRESHOLD_TENTHS;
/// A candidate word must have at least this frequency in the word list.
const MIN_FREQ: u32 = 30;
/// Longest word considered by the segmenter (characters).
const MAX_WORD: usize = 6;
/// Characters of context on each side of the scored position.
const CONTEXT: usize = 5;
/// Runs longer than this are scored in pieces (bounded work per character).
const MAX_RUN: usize = 64;

const WORDS: &str = include_str!("../../../dictionaries/segment_words.txt");
const CONFUSION: &str = include_str!("../../../dictionaries/statistical/confusion.tsv");
const NAMES: &str = include_str!("../../../dictionaries/statistical/names.txt");
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
const MEASURES: &str = "个只条件位名种棵株颗粒张把本册部台辆架艘座栋间所家口头匹尾群批次回趟场番遍役版届期项门支枝根片块份篇首幅层级节段句行处起例";
const NUMERALS: &str = "一二三四五六七八九十百千万两几多数每这那某首";
const TRANSLIT: &str = "芭舍勃莱切库斯尔亚利艾赫诺克特巴达拉尼阿伊维奥罗夫基科洛卡萨纳马里德兰布格沙塔曼迪莫多吉加索比宾蒂瓦哈贝乌亨丹娜娅莎琳姆普森顿霍弗";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    SamePinyin,
    OtherTone,
    Shape,
}

impl Kind {
    fn penalty(self) -> f64 {
        match self {
            Kind::SamePinyin => 0.0,
            Kind::OtherTone => 1.0,
            Kind::Shape => 0.5,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Kind::SamePinyin => "同音字",
            Kind::OtherTone => "近音字",
            Kind::Shape => "形近字",
        }
    }
}

struct Model {
    words: FastMap<&'static str, u32>,
    /// Adjacent character pairs occurring in words of frequency >= MIN_FREQ: a candidate
    /// that forms no such pair with a neighbour cannot make a frequent word.
    pairs: FastSet<u64>,
    ln_total: f64,
    confusion: FastMap<char, Vec<(char, Kind)>>,
    names: FastSet<&'static str>,
    surnames: FastSet<char>,
    translit: FastSet<char>,
    measures: FastSet<char>,
    numerals: FastSet<char>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

impl Model {
    fn load() -> Model {
        let mut words = FastMap::with_capacity_and_hasher(140_000, Default::default());
        let mut pairs = FastSet::with_capacity_and_hasher(200_000, Default::default());
        let mut total: f64 = 0.0;
        for line in data_lines(WORDS) {
            let mut it = line.split(' ');
            let (Some(w), Some(f)) = (it.next(), it.next()) else {
                continue;
            };
            let Ok(f) = f.trim().parse::<u32>() else {
                continue;
            };
            words.insert(w, f);
            total += f64::from(f);
            if f >= MIN_FREQ {
                let mut prev = None;
                for c in w.chars() {
                    if let Some(p) = prev {
                        pairs.insert(pair_key(p, c));
                    }
                    prev = Some(c);
                }
            }
        }
        let mut confusion = FastMap::with_capacity_and_hasher(4_000, Default::default());
        for line in data_lines(CONFUSION) {
            let mut cols = line.split('\t');
            let Some(c) = cols.next().and_then(|s| s.chars().next()) else {
                continue;
            };
            let mut v = Vec::new();
            for kind in [Kind::SamePinyin, Kind::OtherTone, Kind::Shape] {
                for d in cols.next().unwrap_or("").chars() {
                    if !v.iter().any(|&(x, _)| x == d) {
                        v.push((d, kind));
                    }
                }
            }
            confusion.insert(c, v);
        }
        Model {
            words,
            pairs,
            ln_total: total.max(1.0).ln(),
            confusion,
            names: data_lines(NAMES).map(str::trim).collect(),
            surnames: SURNAMES.chars().collect(),
            translit: TRANSLIT.chars().collect(),
            measures: MEASURES.chars().collect(),
            numerals: NUMERALS.chars().collect(),
        }
    }

    fn freq(&self, w: &str) -> u32 {
        self.words.get(w).copied().unwrap_or(0)
    }

    /// Log-probability of the best segmentation of `chars` (unknown single characters get
    /// a probability below any known word), and for each char the (start, end) of its word.
    fn segment(&self, chars: &[char], buf: &mut String) -> (f64, Vec<(usize, usize)>) {
        let n = chars.len();
        let unk = (0.5f64).ln() - self.ln_total;
        let mut best = vec![0.0f64; n + 1];
        let mut next = vec![0usize; n + 1];
        for i in (0..n).rev() {
            let mut b = f64::NEG_INFINITY;
            let mut bj = i + 1;
            buf.clear();
            for j in i + 1..=(i + MAX_WORD).min(n) {
                buf.push(chars[j - 1]);
                let f = self.freq(buf);
                let lp = if f > 0 {
                    f64::from(f).ln() - self.ln_total
                } else if j == i + 1 {
                    unk
                } else {
                    continue;
                };
                let v = lp + best[j];
                if v > b {
                    b = v;
                    bj = j;
                }
            }
            best[i] = b;
            next[i] = bj;
        }
        let mut owner = vec![(0, 0); n];
        let mut i = 0;
        while i < n {
            let j = next[i].max(i + 1);
            for o in owner.iter_mut().take(j).skip(i) {
                *o = (i, j);
            }
            i = j;
        }
        (best[0], owner)
    }

    /// True when position `i` must not be corrected.
    fn protected(
        &self,
        chars: &[char],
        i: usize,
        owner: &[(usize, usize)],
        before: Option<char>,
        buf: &mut String,
    ) -> bool {
        let n = chars.len();
        // a measure word after a numeral (200棵, 一役, 3名)
        if self.measures.contains(&chars[i]) {
            let prev = if i == 0 { before } else { Some(chars[i - 1]) };
            if prev.is_some_and(|p| p.is_ascii_digit() || self.numerals.contains(&p)) {
                return true;
            }
        }
        // a name starting here: surname followed by single-character segments
        let single = |k: usize| owner.get(k).is_some_and(|&(a, b)| b - a == 1);
        if self.surnames.contains(&chars[i]) && single(i) && single(i + 1) && single(i + 2) {
            return true;
        }
        for len in 2..=MAX_WORD.min(n) {
            let lo = i.saturating_sub(len - 1);
            let hi = i.min(n - len);
            for s in lo..=hi {
                buf.clear();
                buf.extend(&chars[s..s + len]);
                if self.words.contains_key(buf.as_str()) || self.names.contains(buf.as_str()) {
                    return true;
                }
            }
        }
        for k in 1..=2 {
            if let Some(j) = i.checked_sub(k) {
                if self.surnames.contains(&chars[j]) && owner[j].1 - owner[j].0 == 1 {
                    return true;
                }
            }
        }
        let ctx = chars[i.saturating_sub(2)..i]
            .iter()
            .chain(chars[(i + 1).min(n)..(i + 3).min(n)].iter());
        let t = ctx.filter(|c| self.translit.contains(c)).count();
        t >= 2 || (self.translit.contains(&chars[i]) && t >= 1)
    }

    /// Cheap test: does any confusable of `chars[i]` form a known adjacent pair with a
    /// neighbour? (Most positions have none and are skipped.)
    fn any_candidate(&self, chars: &[char], i: usize) -> bool {
        let Some(cands) = self.confusion.get(&chars[i]) else {
            return false;
        };
        cands.iter().any(|&(c, _)| {
            (i > 0 && self.pairs.contains(&pair_key(chars[i - 1], c)))
                || (i + 1 < chars.len() && self.pairs.contains(&pair_key(c, chars[i + 1])))
        })
    }

    /// The best correction of position `i`: (gain, replacement, word it makes, kind).
    fn best_candidate(
        &self,
        chars: &[char],
        i: usize,
        threshold: f64,
        buf: &mut String,
    ) -> Option<(f64, char, String, Kind)> {
        let n = chars.len();
        let cands = self.confusion.get(&chars[i])?;
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(n);
        let mut window: Vec<char> = chars[lo..hi].to_vec();
        let (orig, _) = self.segment(&window, buf);
        let mut best: Option<(f64, char, String, Kind)> = None;
        for &(c, kind) in cands {
            let left = i > 0 && self.pairs.contains(&pair_key(chars[i - 1], c));
            let right = i + 1 < n && self.pairs.contains(&pair_key(c, chars[i + 1]));
            if !left && !right {
                continue;
            }
            // cheap filter: the candidate must make a frequent word of 2–4 chars
            let mut made: Option<(String, u32)> = None;
            for len in 2..=4usize.min(n) {
                let s_lo = i.saturating_sub(len - 1);
                let s_hi = i.min(n - len);
                for s in s_lo..=s_hi {
                    buf.clear();
                    for (k, &ch) in chars[s..s + len].iter().enumerate() {
                        buf.push(if s + k == i { c } else { ch });
                    }
                    let f = self.freq(buf);
                    if f >= MIN_FREQ && made.as_ref().is_none_or(|(_, g)| f > *g) {
                        made = Some((buf.clone(), f));
                    }
                }
            }
            let Some((word, _)) = made else { continue };
            window[i - lo] = c;
            let (score, _) = self.segment(&window, buf);
            window[i - lo] = chars[i];
            let gain = score - orig - kind.penalty();
            if gain > threshold && best.as_ref().is_none_or(|b| gain > b.0) {
                best = Some((gain, c, word, kind));
            }
        }
        best
    }
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::load)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF)
}

/// The statistical typo detector.
#[derive(Debug, Default)]
pub struct StatisticalDetector;

impl StatisticalDetector {
    /// Scores one run of Han characters (`offsets[k]` = byte offset of `chars[k]`).
    fn run(
        &self,
        chars: &[char],
        offsets: &[usize],
        (before, after): (Option<char>, Option<char>),
        threshold: f64,
        out: &mut Vec<Finding>,
    ) {
        let m = model();
        let n = chars.len();
        if n < 2 {
            return;
        }
        // Titles and short quotations are names and citations, not prose; a run touching
        // `·` is a transliterated name.
        let quoted = matches!((before, after), (Some('《' | '〈'), Some('》' | '〉')))
            || (matches!(
                (before, after),
                (Some('“' | '「' | '‘'), Some('”' | '」' | '’'))
            ) && n <= 8);
        if quoted || before == Some('·') || after == Some('·') {
            return;
        }
        let mut buf = String::with_capacity(32);
        let (_, owner) = m.segment(chars, &mut buf);
        let mut hits: Vec<(f64, usize, char, String, Kind)> = Vec::new();
        for i in 0..n {
            let (a, b) = owner[i];
            if b - a > 1 {
                buf.clear();
                buf.extend(&chars[a..b]);
                if m.freq(&buf) >= MIN_FREQ {
                    continue;
                }
            }
            if !m.any_candidate(chars, i) || m.protected(chars, i, &owner, before, &mut buf) {
                continue;
            }
            if let Some((gain, c, word, kind)) = m.best_candidate(chars, i, threshold, &mut buf) {
                hits.push((gain, i, c, word, kind));
            }
        }
        // one correction per neighbourhood: the strongest wins
        hits.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut taken: Vec<usize> = Vec::new();
        for (gain, i, c, word, kind) in hits {
            if taken.iter().any(|&t| t.abs_diff(i) < 3) {
                continue;
            }
            taken.push(i);
            let start = offsets[i];
            let end = start + chars[i].len_utf8();
            let message = format!(
                "“{}”疑为“{}”之误（{}；改后构成常用词“{}”，上下文概率约高 e^{:.1} 倍）",
                chars[i],
                c,
                kind.label(),
                word,
                gain
            );
            out.push(
                Finding::new(
                    RULE,
                    Category::Typo,
                    Severity::Warning,
                    Span::new(start, end),
                    message,
                )
                .with_suggestions(vec![c.to_string()]),
            );
        }
    }
}

impl Detector for StatisticalDetector {
    fn name(&self) -> &'static str {
        "statistical"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Typo]
    }

    fn rules(&self) -> Vec<&str> {
        vec!["typo.statistical"]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.config.rule_enabled(RULE) {
            return;
        }
        let threshold = f64::from(ctx.config.statistical_threshold) / 10.0;
        let text = ctx.doc.text();
        let mut chars = Vec::with_capacity(MAX_RUN);
        let mut offsets = Vec::with_capacity(MAX_RUN);
        let mut before: Option<char> = None;
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if is_han(c) && chars.len() < MAX_RUN {
                if chars.is_empty() {
                    before = prev;
                }
                chars.push(c);
                offsets.push(i);
                prev = Some(c);
                continue;
            }
            self.run(&chars, &offsets, (before, Some(c)), threshold, out);
            chars.clear();
            offsets.clear();
            if is_han(c) {
                before = prev;
                chars.push(c);
                offsets.push(i);
            }
            prev = Some(c);
        }
        self.run(&chars, &offsets, (before, None), threshold, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Checker, Config};

    fn stat(text: &str) -> Vec<(String, String)> {
        let c = Checker::from_config(Config {
            enable_rules: vec![RULE.to_string()],
            ..Config::default()
        });
        let c = match c {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        c.check(text)
            .into_iter()
            .filter(|f| f.rule == RULE)
            .map(|f| (f.text, f.suggestions.first().cloned().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn finds_one_off_typos_with_explained_alternative() {
        assert_eq!(
            stat("总休方案已经确定。"),
            vec![("休".to_string(), "体".to_string())]
        );
        assert_eq!(
            stat("堂务委员会召开会议。"),
            vec![("堂".to_string(), "常".to_string())]
        );
    }

    #[test]
    fn leaves_names_numbers_latin_and_clean_text_alone() {
        assert!(stat("记者赵嘉鸣报道，徐倩雯是上海市人。").is_empty());
        assert!(stat("布宜诺斯艾利斯省的部分地区。").is_empty());
        assert!(stat("各地区各部门要认真贯彻落实党中央决策部署。").is_empty());
        assert!(stat("Version 2.0 released; 3.14159").is_empty());
    }

    #[test]
    fn off_unless_enabled() {
        let c = Checker::new();
        assert!(c
            .map(|c| c.check("总休方案已经确定。").iter().all(|f| f.rule != RULE))
            .unwrap_or(false));
    }
}
