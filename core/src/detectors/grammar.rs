//! Rule-based wrong words that a word list cannot express:
//!
//! - `typo.de`: misuse of 的/地/得 in patterns whose precision was measured (see
//!   `tests/eval/wrong_words.py`): `舍不的`→`舍不得`, `我们地`→`我们的`, `觉的`→`觉得`,
//!   `显的`→`显得`, `值的`→`值得`, `地时候`→`的时候` …;
//! - `typo.doubled`: a function word typed twice (`的的`, `了了`, `在在`, `是是`), except
//!   where the doubling is legitimate (`目的的`, `的的确确`, `为了了解`, `不了了之`,
//!   `明了了`, `实实在在`, `是是非非` …).
//!
//! - `typo.word` for 截止 directly followed by a date (截止2023年底 → 截至2023年底).
//!
//! Every rule looks at a few characters around a trigger string; word segmentation
//! (feature `segment`) is consulted only around a trigger, to confirm that a 的/地/了 is a
//! word on its own.

use super::{CheckContext, Detector};
use crate::dict::Matcher;
use crate::finding::{Category, Finding, Severity, Span};
use crate::segment;
use std::sync::OnceLock;

/// One 的/地/得 pattern.
struct DeRule {
    /// Text that triggers the rule; it is the span of the finding.
    trigger: &'static str,
    /// The corrected trigger.
    replace: &'static str,
    /// The previous character must be one of these (empty: any).
    prev_any: &'static str,
    /// The previous character must not be one of these.
    prev_none: &'static str,
    /// The text after the trigger must start with one of these (empty: anything).
    next_any: &'static [&'static str],
    /// The text after the trigger must not start with any of these.
    next_none: &'static [&'static str],
    /// The last character of the trigger (the 的/地) must be a word on its own.
    last_alone: bool,
    /// Why.
    message: &'static str,
}

const BU_MSG: &str = "“不”字后作可能补语应用“得”，如“舍不得”“巴不得”“了不得”";
const PRON_MSG: &str = "代词后表示领属应用“的”，“地”用在状语后";
const VERB_DE_MSG: &str = "此处是动词“觉得/显得/记得/值得/晓得”，应用“得”";
const SHIHOU_MSG: &str = "“……的时候”中应用“的”";
/// Nouns ending in 值 (价值, 产值 …) followed by 的 are correct.
const ZHI_NOUNS: &str = "价产数比总均峰论估币面增净市票极期阈定差换限正负特平均";
const ZHI_NEXT: &[&str] = &[
    "一", "学习", "注意", "借鉴", "关注", "称赞", "肯定", "深思", "庆幸", "骄傲", "警惕", "研究",
    "重视", "推广", "信赖", "信任", "期待", "尊敬", "思考", "反思", "珍惜", "参考", "探讨", "讨论",
    "欣慰", "提倡", "赞扬", "称道", "纪念", "回味", "怀念", "考虑", "我们", "大家", "人们",
];

/// Degree adverbs that follow 显得 (显得格外庄严).
const DEGREE: &[&str] = &[
    "格外", "十分", "非常", "很", "更", "特别", "有些", "有点", "尤为", "尤其", "越发", "愈发",
    "愈加", "极为", "相当", "比较", "过于", "太", "分外", "异常",
];

macro_rules! pron {
    ($t:literal, $r:literal) => {
        DeRule {
            trigger: $t,
            replace: $r,
            prev_any: "",
            prev_none: "其吉",
            next_any: &[],
            next_none: &[],
            last_alone: true,
            message: PRON_MSG,
        }
    };
}

macro_rules! verb_de {
    ($t:literal, $r:literal, $prev:literal) => {
        DeRule {
            trigger: $t,
            replace: $r,
            prev_any: $prev,
            prev_none: "",
            next_any: &[],
            next_none: &[],
            last_alone: false,
            message: VERB_DE_MSG,
        }
    };
}

const COMP_MSG: &str = "动词后带可能补语应用“得”，如“来得及”“看得见”“靠得住”";
/// Starts of words that make `X的起/出/住/到/着/及` a noun phrase (观看的起点, 依靠的住房).
const NOT_AFTER_QI: &[&str] = &["点", "步", "源", "始", "飞", "初", "因"];
const NOT_AFTER_CHU: &[&str] = &[
    "版", "口", "发", "现", "路", "租", "色", "场", "台", "售", "身", "席", "境", "入",
];
const NOT_AFTER_ZHU: &[&str] = &["房", "宅", "院", "所", "户", "址", "处", "宿"];
const NOT_AFTER_DAO: &[&str] = &["位", "底", "达", "来", "期", "处", "家", "场"];
const NOT_AFTER_JIAN: &[&str] = &["解", "识", "闻", "证", "面"];
const NOT_AFTER_ZHAO: &[&str] = &["装", "陆", "想", "力", "眼", "手", "重", "落", "急"];

macro_rules! comp {
    ($t:literal, $r:literal, $not_next:expr) => {
        DeRule {
            trigger: $t,
            replace: $r,
            prev_any: "",
            prev_none: "",
            next_any: &[],
            next_none: $not_next,
            last_alone: false,
            message: COMP_MSG,
        }
    };
}

const DE_RULES: &[DeRule] = &[
    comp!("来的及", "来得及", &["时"]),
    comp!("来地及", "来得及", &["时"]),
    comp!("看的见", "看得见", NOT_AFTER_JIAN),
    comp!("看地见", "看得见", NOT_AFTER_JIAN),
    comp!("听的见", "听得见", NOT_AFTER_JIAN),
    comp!("看的出", "看得出", NOT_AFTER_CHU),
    comp!("看地出", "看得出", NOT_AFTER_CHU),
    comp!("拿的出", "拿得出", NOT_AFTER_CHU),
    comp!("拿地出", "拿得出", NOT_AFTER_CHU),
    comp!("经的起", "经得起", NOT_AFTER_QI),
    comp!("经地起", "经得起", NOT_AFTER_QI),
    comp!("禁的起", "禁得起", NOT_AFTER_QI),
    comp!("对的起", "对得起", NOT_AFTER_QI),
    comp!("对地起", "对得起", NOT_AFTER_QI),
    comp!("看的起", "看得起", NOT_AFTER_QI),
    comp!("买的起", "买得起", NOT_AFTER_QI),
    comp!("靠的住", "靠得住", NOT_AFTER_ZHU),
    comp!("靠地住", "靠得住", NOT_AFTER_ZHU),
    comp!("忍的住", "忍得住", NOT_AFTER_ZHU),
    comp!("做的到", "做得到", NOT_AFTER_DAO),
    comp!("办的到", "办得到", NOT_AFTER_DAO),
    comp!("用的着", "用得着", NOT_AFTER_ZHAO),
    comp!("吃的消", "吃得消", &[]),
    DeRule {
        trigger: "不的",
        replace: "不得",
        prev_any: "",
        prev_none: "",
        next_any: &[],
        next_none: &["话"],
        last_alone: false,
        message: BU_MSG,
    },
    DeRule {
        trigger: "不地",
        replace: "不得",
        prev_any: "",
        prev_none: "",
        next_any: &[],
        next_none: &["道"],
        last_alone: false,
        message: BU_MSG,
    },
    pron!("我地", "我的"),
    pron!("你地", "你的"),
    pron!("他地", "他的"),
    pron!("她地", "她的"),
    pron!("它地", "它的"),
    pron!("我们地", "我们的"),
    pron!("你们地", "你们的"),
    pron!("他们地", "他们的"),
    pron!("她们地", "她们的"),
    pron!("它们地", "它们的"),
    verb_de!("觉的", "觉得", "我你他她们都也就总还却又只真倒"),
    verb_de!("显的", "显得", "更很就也都越愈倍不却则还才又便总会而"),
    DeRule {
        trigger: "显的",
        replace: "显得",
        prev_any: "",
        prev_none: "明凸突浅彰外",
        next_any: DEGREE,
        next_none: &[],
        last_alone: false,
        message: VERB_DE_MSG,
    },
    verb_de!("记的", "记得", "还仍不总"),
    verb_de!("晓的", "晓得", "不谁哪我你他她都也"),
    DeRule {
        trigger: "值的",
        replace: "值得",
        prev_any: "",
        prev_none: ZHI_NOUNS,
        next_any: ZHI_NEXT,
        next_none: &[],
        last_alone: false,
        message: VERB_DE_MSG,
    },
    DeRule {
        trigger: "地时候",
        replace: "的时候",
        prev_any: "",
        prev_none: "",
        next_any: &[],
        next_none: &[],
        last_alone: false,
        message: SHIHOU_MSG,
    },
];

/// One doubled function word.
struct Doubled {
    /// The doubled text, e.g. `的的`.
    pair: &'static str,
    /// The single form.
    single: &'static str,
    /// Previous characters that make the first one part of a word (`目的|的`, `明了|了`).
    prev_none: &'static str,
    /// Following text that makes the second one part of a word (`的|确`, `了|解`).
    next_none: &'static [&'static str],
    /// Legitimate at the start of a clause (the answer 是是 in dialogue).
    clause_start_ok: bool,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..='\u{3134F}')
}

const DOUBLED: &[Doubled] = &[
    Doubled {
        pair: "的的",
        single: "的",
        prev_none: "目标有端",
        next_none: &["确"],
        clause_start_ok: false,
    },
    Doubled {
        pair: "了了",
        single: "了",
        prev_none: "为除明不罢末",
        next_none: &[
            "解", "结", "却", "断", "如", "无", "然", "得", "之", "事", "悟",
        ],
        clause_start_ok: false,
    },
    Doubled {
        pair: "在在",
        single: "在",
        prev_none: "实自所存现内外潜",
        next_none: &[],
        clause_start_ok: false,
    },
    Doubled {
        pair: "是是",
        single: "是",
        prev_none: "就若于但可总倒要凡还",
        next_none: &["非", "而"],
        clause_start_ok: true,
    },
];

/// Detector of `typo.de` and `typo.doubled`.
#[derive(Debug, Default)]
pub struct GrammarDetector;

impl GrammarDetector {
    /// A detector with the built-in rules.
    pub fn new() -> Self {
        GrammarDetector
    }
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// True when the character at `start` (a char boundary) is a word on its own, or when
/// segmentation is unavailable (the rule's own context lists decide then).
fn alone(text: &str, start: usize) -> bool {
    let Some(c) = text.get(start..).and_then(|s| s.chars().next()) else {
        return false;
    };
    segment::on_word_boundaries(text, start, start + c.len_utf8()) != Some(false)
}

/// One automaton over every trigger: the 的/地/得 triggers (ids `0..DE_RULES.len()`), then
/// the doubled pairs. Built once, on first use.
fn triggers() -> Option<&'static Matcher> {
    static MATCHER: OnceLock<Option<Matcher>> = OnceLock::new();
    MATCHER
        .get_or_init(|| {
            let terms = DE_RULES
                .iter()
                .map(|r| r.trigger)
                .chain(DOUBLED.iter().map(|d| d.pair))
                .chain(std::iter::once(JIEZHI));
            Matcher::new(terms).ok()
        })
        .as_ref()
}

/// Scans `text` once for every trigger and applies the enabled rule families (`word`:
/// the `typo.word` rule 截止 + a date).
fn scan(text: &str, de: bool, doubled: bool, word: bool, out: &mut Vec<Finding>) {
    let Some(matcher) = triggers() else {
        return;
    };
    for m in matcher.find_overlapping(text) {
        for &id in m.ids {
            match DE_RULES.get(id) {
                Some(rule) if de => de_at(rule, text, m.start, out),
                Some(_) => {}
                None => match DOUBLED.get(id - DE_RULES.len()) {
                    Some(d) if doubled => doubled_at(d, text, m.start, out),
                    Some(_) => {}
                    None if word => jiezhi_at(text, m.start, out),
                    None => {}
                },
            }
        }
    }
}

/// `截止` directly followed by a date or number (截止2023年底) → `截至`. 截止 is
/// intransitive and takes no time after it. Phrases like 截止目前 are in the dictionary.
const JIEZHI: &str = "截止";

fn jiezhi_at(text: &str, at: usize, out: &mut Vec<Finding>) {
    let end = at + JIEZHI.len();
    let next = text.get(end..).and_then(|s| s.chars().next());
    if !next.is_some_and(|c| c.is_numeric() || "一二三四五六七八九十〇零两".contains(c))
    {
        return;
    }
    out.push(
        Finding::new(
            "typo.word",
            Category::Typo,
            Severity::Error,
            Span::new(at, end),
            "“截至”表示到某个时间为止，“截止”后不直接带时间",
        )
        .with_suggestions(vec!["截至".to_string()]),
    );
}

fn de_at(rule: &DeRule, text: &str, at: usize, out: &mut Vec<Finding>) {
    let end = at + rule.trigger.len();
    let prev = prev_char(text, at);
    if !rule.prev_any.is_empty() && !prev.is_some_and(|p| rule.prev_any.contains(p)) {
        return;
    }
    if prev.is_some_and(|p| rule.prev_none.contains(p)) {
        return;
    }
    let rest = text.get(end..).unwrap_or("");
    if !rule.next_any.is_empty() && !rule.next_any.iter().any(|n| rest.starts_with(n)) {
        return;
    }
    if rule.next_none.iter().any(|n| rest.starts_with(n)) {
        return;
    }
    if rule.last_alone {
        let last = rule.trigger.chars().next_back().map_or(0, char::len_utf8);
        if segment::on_word_boundaries(text, end - last, end) != Some(true) {
            return;
        }
    }
    out.push(
        Finding::new(
            "typo.de",
            Category::Typo,
            Severity::Warning,
            Span::new(at, end),
            rule.message,
        )
        .with_suggestions(vec![rule.replace.to_string()]),
    );
}

fn doubled_at(d: &Doubled, text: &str, at: usize, out: &mut Vec<Finding>) {
    let end = at + d.pair.len();
    let half = d.single.len();
    // A run of three or more (的的的) is reported once, from its start.
    if text.get(..at).is_some_and(|s| s.ends_with(d.single)) {
        return;
    }
    let prev = prev_char(text, at);
    if prev.is_some_and(|p| d.prev_none.contains(p)) {
        return;
    }
    let rest = text.get(end..).unwrap_or("");
    if d.next_none.iter().any(|n| rest.starts_with(n)) {
        return;
    }
    // 是是 / 是是是 opening a clause is an answer in dialogue (“是是，我这就去”).
    if d.clause_start_ok && !prev.is_some_and(is_han) {
        return;
    }
    // With segmentation: each half a word on its own, or the pair one word (jieba lists
    // 了了 from 小时了了); not when either half belongs to a longer word (目的|的,
    // 现在|在, 不了了之). Without it, the context lists above decide.
    if let Some(pair_is_word) = segment::on_word_boundaries(text, at, end) {
        if !pair_is_word && (!alone(text, at) || !alone(text, at + half)) {
            return;
        }
    }
    out.push(
        Finding::new(
            "typo.doubled",
            Category::Typo,
            Severity::Error,
            Span::new(at, end),
            format!("“{}”字重复", d.single),
        )
        .with_suggestions(vec![d.single.to_string()]),
    );
}

impl Detector for GrammarDetector {
    fn name(&self) -> &'static str {
        "grammar"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Typo]
    }

    fn rules(&self) -> Vec<&str> {
        vec!["typo.de", "typo.doubled", "typo.word"]
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !ctx.wants(Category::Typo) {
            return;
        }
        scan(
            ctx.doc.text(),
            ctx.config.rule_enabled("typo.de"),
            ctx.config.rule_enabled("typo.doubled"),
            ctx.config.rule_enabled("typo.word"),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        scan(text, true, true, true, &mut out);
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

    #[test]
    fn de_patterns_fire_with_suggestion() {
        let f = run("大家都舍不的离开，我觉的这里好。");
        assert!(f.contains(&("typo.de".into(), "不的".into(), "不得".into())));
        assert!(f.contains(&("typo.de".into(), "觉的".into(), "觉得".into())));
        let f = run("这个问题值的我们深思。");
        assert_eq!(f, vec![("typo.de".into(), "值的".into(), "值得".into())]);
        let f = run("时间还来的及，群众看的见、摸的着，干部靠的住。");
        assert!(f.contains(&("typo.de".into(), "来的及".into(), "来得及".into())));
        assert!(f.contains(&("typo.de".into(), "看的见".into(), "看得见".into())));
        assert!(f.contains(&("typo.de".into(), "靠的住".into(), "靠得住".into())));
        assert!(run("带来的及时雨，依靠的住房公积金，观看的起点，所做的到位。").is_empty());
        let f = run("下雨地时候要小心。");
        assert_eq!(
            f,
            vec![("typo.de".into(), "地时候".into(), "的时候".into())]
        );
    }

    #[test]
    fn de_exceptions_hold() {
        assert!(run("这样做不地道，要不的话就算了。").is_empty());
        assert!(run("这批成果颇有价值的研究，理论值的一半。").is_empty());
        assert!(run("明显的变化。").is_empty());
    }

    #[cfg(feature = "segment")]
    #[test]
    fn pronoun_di_needs_a_standalone_di() {
        let f = run("这是我们地工作。");
        assert_eq!(
            f,
            vec![("typo.de".into(), "我们地".into(), "我们的".into())]
        );
        assert!(run("我们地区的经济，其他地方，我地震灾民。").is_empty());
    }

    #[test]
    fn jiezhi_before_a_date() {
        let f = run("截止2023年底，报名截止５月１日，截止十月。");
        assert_eq!(f.len(), 3);
        assert!(f
            .iter()
            .all(|x| x.0 == "typo.word" && x.1 == "截止" && x.2 == "截至"));
        assert!(run("报名截止日期为5月1日，截止于6月，已截止。").is_empty());
    }

    #[test]
    fn doubled_words() {
        let f = run("这是我们的的工作，完成了了任务。");
        assert!(f.contains(&("typo.doubled".into(), "的的".into(), "的".into())));
        assert!(f.contains(&("typo.doubled".into(), "了了".into(), "了".into())));
        assert_eq!(run("的的的").len(), 1);
        assert!(run("目的的实现，的的确确，为了了解情况，不了了之，一目明了了。").is_empty());
        assert!(run("实实在在，是是非非。“是是是，我这就去。”").is_empty());
        let f = run("他是是一个好干部。");
        assert_eq!(f, vec![("typo.doubled".into(), "是是".into(), "是".into())]);
    }

    #[test]
    fn spans_are_on_char_boundaries_for_any_input() {
        for t in ["", "的", "了了", "𠮷的的𠮷", "不的", "a不地b"] {
            let mut out = Vec::new();
            scan(t, true, true, true, &mut out);
            for f in out {
                assert!(t.get(f.span.range()).is_some());
            }
        }
    }
}
