//! Numbers and dates after GB/T 15835-2011 (出版物上数字用法):
//!
//! | rule | what |
//! |---|---|
//! | `format.date_invalid` | a date that cannot exist: `2月30日`, `13月5日`, `2023年2月29日` |
//! | `format.year_missing` | `年` where the year was dropped: `于年5月`, `日期：年月日`, `北京市年政府工作报告` |
//! | `format.mixed_numerals` | Chinese and Arabic numerals in one number: `3千5百`, `二0一八年` |
//! | `format.percent_range` | a percentage range with one `%`: `10-20%` → `10%～20%` |
//! | `format.year_missing_loose` | `年` right after a place or body name (`北京市年…`) unless a `年…` word follows; noisy, off by default |
//! | `format.number_missing` | a number slot left empty: `计划于年完成`, `增长倍以上`, `共有名干部参加`, `同比增长%` |
//!
//! One pass over the characters; work starts only at `月`, `年`, digits, and (for the
//! missing numbers) `倍`, `名`, `家`, `个`, `项`, `%`.

use super::charclass::{
    char_at, char_before, digit, han_digit, is_han, is_number_char, number_after, number_before,
    parse_number, three_bytes, utf8_len,
};
use super::{CheckContext, Detector};
use crate::finding::{Category, Finding, Severity};

/// Rule ids of this detector.
pub const RULES: [&str; 6] = [
    "format.date_invalid",
    "format.year_missing",
    "format.mixed_numerals",
    "format.percent_range",
    "format.year_missing_loose",
    "format.number_missing",
];

/// Number and date checks.
#[derive(Debug, Default)]
pub struct NumbersDetector;

impl NumbersDetector {
    /// The detector.
    pub fn new() -> Self {
        NumbersDetector
    }
}

/// Characters after which a `年` stands where a year number was expected.
fn year_slot(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            '\n' | '\r'
                | ' '
                | '\u{3000}'
                | '\t'
                | '，'
                | '、'
                | '。'
                | '；'
                | '：'
                | ':'
                | '（'
                | '('
                | '“'
                | '《'
                | '于'
                | '在'
                | '至'
                | '到'
                | '自'
                | '从'
                | '止'
        ),
    }
}

/// Suffixes of place and organisation names (`北京市`, `教育局`).
fn place_suffix(c: Option<char>) -> bool {
    matches!(
        c,
        Some('市' | '省' | '区' | '县' | '州' | '镇' | '乡' | '局' | '委' | '厅')
    )
}

/// What follows the year in report titles: `北京市2023年政府工作报告`.
const YEAR_TITLE_TAILS: [&str; 9] = [
    "政府工作",
    "政府信息",
    "政府事务",
    "国民经济和社会发展",
    "工作报告",
    "工作要点",
    "工作总结",
    "部门预算",
    "部门决算",
];

/// Characters after which `年` starts a word or means "annual" (`全市年产值`, `本省年度`).
const YEAR_WORD_STARTS: &str = "度底初终末内中前后代龄纪轻份限薪会报检均产销增收利营降发吞接出处生加创节上纳人平总累实完计货画夜关俗景味历级鉴表号华事头岁";

fn days_in_month(month: u32, year: Option<u32>) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if y >= 1000 => {
                if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                    29
                } else {
                    28
                }
            }
            _ => 29,
        },
        _ => 0,
    }
}

/// True when a lunar-calendar word stands shortly before `i` (lunar months have 30 days).
fn lunar_before(text: &str, i: usize) -> bool {
    let mut s = i.saturating_sub(36);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    let w = &text[s..i];
    w.contains("农历") || w.contains("阴历") || w.contains("夏历") || w.contains("正月")
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// End of an Arabic digit run (ASCII or full-width) starting at `i`, with its value.
fn digits_at(text: &str, i: usize) -> Option<(usize, u64)> {
    let mut end = i;
    let mut v: u64 = 0;
    for (j, c) in text.get(i..)?.char_indices() {
        match digit(c) {
            Some(d) => {
                v = v.saturating_mul(10).saturating_add(u64::from(d));
                end = i + j + c.len_utf8();
            }
            None => break,
        }
    }
    (end > i).then_some((end, v))
}

/// End of a decimal number (`12`, `12.5`, `１２．５`) starting at `i`.
fn decimal_at(text: &str, i: usize) -> Option<usize> {
    let (end, _) = digits_at(text, i)?;
    match char_at(text, end) {
        Some(c @ ('.' | '．')) => match digits_at(text, end + c.len_utf8()) {
            Some((e2, _)) => Some(e2),
            None => Some(end),
        },
        _ => Some(end),
    }
}

/// The findings sink of this detector's five rules.
type Out<'o> = super::charclass::RuleOut<'o, 6>;

impl Detector for NumbersDetector {
    fn name(&self) -> &'static str {
        "numbers"
    }

    fn categories(&self) -> &[Category] {
        &[Category::Format]
    }

    fn rules(&self) -> Vec<&str> {
        RULES.to_vec()
    }

    fn detect(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let text = ctx.doc.text();
        let Some(mut o) = Out::new(ctx, &RULES, out) else {
            return;
        };
        let bytes = text.as_bytes();
        let mut i = 0usize;
        // Work starts only at 年 (E5 B9 B4), 月 (E6 9C 88) and digits (ASCII, or EF BC 90–99);
        // every other character is stepped over by its lead byte (the three bytes at `i` are
        // tested as one number, see `three_bytes`: a third of the time spent here before).
        while let Some(&b) = bytes.get(i) {
            let len = utf8_len(b);
            let w = three_bytes(bytes, i);
            let fullwidth_digit = (0xEF_BC90..=0xEF_BC99).contains(&w);
            if w == 0xE5_B9B4 {
                year(text, i, char_before(text, i), &mut o);
                if o.on[5] {
                    number_missing(text, i, '年', &mut o);
                }
            } else if o.on[5]
                && matches!(
                    w,
                    0xE5_808D | 0xE5_908D | 0xE5_AEB6 | 0xE4_B8AA | 0xE9_A1B9 | 0xEF_BC85
                )
            {
                if let Some(c) = char_at(text, i) {
                    number_missing(text, i, c, &mut o);
                }
            } else if b == b'%' {
                if o.on[5] {
                    number_missing(text, i, '%', &mut o);
                }
            } else if w == 0xE6_9C88 {
                month(text, i, &mut o);
            } else if b.is_ascii_digit() || fullwidth_digit {
                let p = char_before(text, i);
                if p.is_none_or(|p| digit(p).is_none()) {
                    i = arabic(text, i, p, &mut o).max(i + len);
                    continue;
                }
            }
            i += len;
        }
    }
}

/// Verbs before which `于年`/`在年` lost its year (`计划于年完成`); `于年内`, `于年底`
/// are words and not listed.
const YEAR_VERBS: [&str; 12] = [
    "完成", "实现", "建成", "竣工", "投产", "开工", "启动", "达到", "全面", "基本", "正式", "通车",
];

/// Verbs after which `倍` needs a number (`增长倍以上`); `成倍`, `加倍`, `倍增` are words.
const TIMES_VERBS: [&str; 12] = [
    "增长",
    "增加",
    "提高",
    "扩大",
    "提升",
    "高出",
    "多出",
    "翻了",
    "达到",
    "相当于",
    "超过",
    "是原来的",
];

/// Changes after which `%` needs a number (`同比增长%`).
const PERCENT_VERBS: [&str; 14] = [
    "增长", "下降", "提高", "降低", "增加", "减少", "上升", "回落", "下滑", "攀升", "上涨", "下跌",
    "增幅", "降幅",
];

/// Counting words after which a measure word needs a number (`共有名干部`).
const COUNT_WORDS: [&str; 16] = [
    "共有", "共计", "合计", "累计", "已有", "新增", "培训", "组织", "动员", "吸引", "选派", "涉及",
    "帮助", "安置", "其中", "参加",
];

/// Nouns counted by each measure word: a finding needs one of them after the measure word,
/// so that `共有名额`, `有个性` and the like stay clean.
fn counted_noun(measure: char, rest: &str) -> bool {
    let nouns: &[&str] = match measure {
        '名' => &[
            "干部",
            "同志",
            "学生",
            "群众",
            "党员",
            "职工",
            "代表",
            "教师",
            "工人",
            "农民",
            "志愿者",
            "运动员",
            "员工",
            "村民",
            "居民",
            "患者",
            "儿童",
            "专家",
            "人员",
            "选手",
            "官兵",
            "游客",
            "师生",
            "医务",
            "青年",
            "老人",
            "贫困",
        ],
        '家' => &[
            "企业", "单位", "医院", "公司", "银行", "工厂", "机构", "商户", "门店",
        ],
        '个' => &[
            "项目", "村", "乡镇", "单位", "部门", "国家", "城市", "省份", "县", "社区",
        ],
        '项' => &["工程", "项目", "指标", "任务", "措施", "活动", "成果"],
        _ => return false,
    };
    nouns.iter().any(|n| rest.starts_with(n))
}

/// A number slot left empty before `年`, `倍`, a measure word or `%` at `i`.
fn number_missing(text: &str, i: usize, c: char, o: &mut Out<'_>) {
    let head = &text[..i];
    let after = i + c.len_utf8();
    let rest = &text[after..];
    let p = char_before(text, i);
    if p.is_some_and(|p| {
        is_number_char(p)
            || matches!(
                p,
                '百' | '千' | '万' | '亿' | '几' | '数' | '多' | '余' | '半' | '两'
            )
    }) {
        return;
    }
    let (start, msg) = match c {
        '年' => {
            let Some(v) = head.strip_suffix('于').or_else(|| head.strip_suffix('在')) else {
                return;
            };
            if !YEAR_VERBS.iter().any(|w| rest.starts_with(w)) {
                return;
            }
            (v.len(), "“年”前缺少年份数字")
        }
        '倍' => {
            let Some(verb) = TIMES_VERBS.iter().find(|w| head.ends_with(*w)) else {
                return;
            };
            // 增长倍数 / 提高倍率: words, not a lost number
            if rest.starts_with(['数', '率', '增', '速']) {
                return;
            }
            (i - verb.len(), "“倍”前缺少数字")
        }
        '%' | '％' => {
            // 同比增长%: a change with no number (not 年率% or 的% in contract templates,
            // which are blanks to fill, nor `%s` format strings)
            if !PERCENT_VERBS.iter().any(|w| head.ends_with(w))
                || rest.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                return;
            }
            (i, "百分号前缺少数字")
        }
        _ => {
            let Some(w) = COUNT_WORDS.iter().find(|w| head.ends_with(*w)) else {
                return;
            };
            if !counted_noun(c, rest) {
                return;
            }
            (i - w.len(), "量词前缺少数字")
        }
    };
    o.push(5, Severity::Warning, start, after, msg, None);
}

/// Dates around a `月` at `i`.
fn month(text: &str, i: usize, o: &mut Out<'_>) {
    if !o.on[0] {
        return;
    }
    let Some(ms) = number_before(text, i) else {
        return;
    };
    if matches!(
        char_before(text, ms),
        Some('.' | '．' | '-' | '－' | '～' | '~' | '—' | '至' | '到')
    ) {
        return;
    }
    let Some(m) = date_part(&text[ms..i]) else {
        return;
    };
    let mut start = ms;
    let mut year = None;
    if char_before(text, ms) == Some('年') {
        let ye = ms - '年'.len_utf8();
        if let Some(ys) = number_before(text, ye) {
            year = parse_number(&text[ys..ye]);
            start = ys;
        }
    }
    let after = i + '月'.len_utf8();
    let mut day = None;
    let mut end = after;
    if let Some(de) = number_after(text, after) {
        if let Some(u @ ('日' | '号')) = char_at(text, de) {
            day = date_part(&text[after..de]);
            end = de + u.len_utf8();
        }
    }
    if year.is_none() && day.is_none() {
        return;
    }
    let bad_month = m == 0 || m > 12;
    let bad_day = !bad_month && day.is_some_and(|d| d == 0 || d > days_in_month(m, year));
    if !(bad_month || bad_day) || lunar_before(text, start) {
        return;
    }
    let msg = if bad_month {
        "月份不存在"
    } else {
        "日期不存在（该月没有这一天）"
    };
    o.push(0, Severity::Error, start, end, msg, None);
}

/// A month or day number: at most two Arabic digits, or Chinese numerals with 十 or a
/// single Chinese digit (`六七月` is "June or July", not 67).
fn date_part(s: &str) -> Option<u32> {
    let n = s.chars().count();
    let arabic = s.chars().all(|c| digit(c).is_some());
    if (arabic && n <= 2) || (!arabic && (n == 1 || s.contains('十'))) {
        parse_number(s)
    } else {
        None
    }
}

/// Year checks around a `年` at `i` (`p`: the character before it).
fn year(text: &str, i: usize, p: Option<char>, o: &mut Out<'_>) {
    let after = i + '年'.len_utf8();
    if (o.on[1] || o.on[4]) && !p.is_some_and(is_number_char) {
        let rest = &text[after..];
        let mut hit = false;
        if year_slot(p) {
            if rest.starts_with("月日") {
                o.push(
                    1,
                    Severity::Warning,
                    i,
                    after + 2 * 3,
                    "日期缺少年月日的数字",
                    None,
                );
                return;
            }
            if let Some(me) = number_after(text, after) {
                if char_at(text, me) == Some('月')
                    && parse_number(&text[after..me]).is_some_and(|m| (1..=12).contains(&m))
                {
                    hit = true;
                }
            }
        }
        if !hit && place_suffix(p) && YEAR_TITLE_TAILS.iter().any(|t| rest.starts_with(t)) {
            hit = true;
        }
        if hit {
            o.push(1, Severity::Warning, i, after, "“年”前缺少年份数字", None);
        } else if place_suffix(p)
            && !rest.starts_with(|c: char| YEAR_WORD_STARTS.contains(c) || !is_han(c))
        {
            o.push(4, Severity::Info, i, after, "“年”前可能缺少年份数字", None);
        }
        return;
    }
    if !o.on[2] {
        return;
    }
    // 二0一八年: Chinese and Arabic digits in one year.
    let Some(ys) = number_before(text, i) else {
        return;
    };
    let run = &text[ys..i];
    // A year is four digits; `1996、1997两年` counts years.
    if run.chars().count() != 4 {
        return;
    }
    let (mut han, mut arabic) = (0, 0);
    for c in run.chars() {
        if digit(c).is_some() {
            arabic += 1;
        } else if han_digit(c).is_some() && c != '两' {
            han += 1;
        } else {
            return;
        }
    }
    if han == 0 || arabic == 0 {
        return;
    }
    const HAN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let fixed: String = run
        .chars()
        .map(|c| {
            if han >= arabic {
                digit(c).map_or(c, |d| HAN[d as usize])
            } else {
                han_digit(c)
                    .and_then(|d| char::from_digit(d, 10))
                    .unwrap_or(c)
            }
        })
        .chain(std::iter::once('年'))
        .collect();
    o.push(
        2,
        Severity::Warning,
        ys,
        after,
        "同一个数混用汉字数字和阿拉伯数字",
        Some(fixed),
    );
}

/// Checks starting at an Arabic digit run at `i`; returns the offset up to which digits
/// were consumed.
fn arabic(text: &str, i: usize, p: Option<char>, o: &mut Out<'_>) -> usize {
    let Some((d1_end, d1)) = digits_at(text, i) else {
        return i;
    };
    if matches!(p, Some('.' | '．')) {
        return d1_end;
    }
    // Percentage range: 10-20% → 10%～20%.
    if o.on[3] {
        if let Some(ne) = decimal_at(text, i) {
            if let Some(sep @ ('-' | '－' | '~' | '～' | '〜' | '–' | '—' | '至')) =
                char_at(text, ne)
            {
                let s2 = ne + sep.len_utf8();
                if let Some(e2) = decimal_at(text, s2) {
                    if let Some(pc @ ('%' | '％')) = char_at(text, e2) {
                        if !matches!(p, Some('-' | '－' | '—')) {
                            let tilde = if sep == '至' { "至" } else { "～" };
                            let sug = format!("{}{pc}{tilde}{}{pc}", &text[i..ne], &text[s2..e2]);
                            o.push(
                                3,
                                Severity::Warning,
                                i,
                                e2 + pc.len_utf8(),
                                "百分数范围的前一个数也应带百分号",
                                Some(sug),
                            );
                            return e2;
                        }
                    }
                }
            }
        }
    }
    // 3千5百, 1万5千: Arabic digits with Chinese place units.
    if o.on[2] {
        let Some(u1c) = char_at(text, d1_end) else {
            return d1_end;
        };
        let Some(u1) = unit(u1c) else {
            return d1_end;
        };
        let x_start = d1_end + u1c.len_utf8();
        let (x_end, x) = match digits_at(text, x_start) {
            Some(v) => v,
            None => match char_at(text, x_start).and_then(|c| han_digit(c).map(|d| (c, d))) {
                Some((c, d)) if c != '〇' && c != '零' && c != '○' => {
                    (x_start + c.len_utf8(), u64::from(d))
                }
                _ => return d1_end,
            },
        };
        let u2 = char_at(text, x_end).and_then(|c| unit(c).map(|u| (c, u)));
        match (u1, u2) {
            (10_000, Some((c2, u2))) if (100..10_000).contains(&u2) => {
                let v = d1 * 10_000 + x * u2;
                o.push(
                    2,
                    Severity::Warning,
                    i,
                    x_end + c2.len_utf8(),
                    "同一个数混用汉字数字和阿拉伯数字",
                    Some(v.to_string()),
                );
                return x_end;
            }
            (10_000, _) => return d1_end,
            (u1, Some((c2, u2))) if u2 < u1 => {
                let v = d1 * u1 + x * u2;
                o.push(
                    2,
                    Severity::Warning,
                    i,
                    x_end + c2.len_utf8(),
                    "同一个数混用汉字数字和阿拉伯数字",
                    Some(v.to_string()),
                );
                return x_end;
            }
            (_, None) if digit(char_at(text, x_start).unwrap_or(' ')).is_none() => {
                // 3千5: no place unit after the last digit; no safe rewrite.
                o.push(
                    2,
                    Severity::Warning,
                    i,
                    x_end,
                    "同一个数混用汉字数字和阿拉伯数字",
                    None,
                );
                return x_end;
            }
            _ => {}
        }
    }
    d1_end
}
