//! The rule registry: every rule zhproof can report, in one place.
//!
//! Each [`Rule`] gives the id, category, default severity, whether it is on by default, a
//! one-line summary, why it matters, a bad and a good example, and the standard it follows
//! where there is one. [`FAMILIES`] describes the rule ids that dictionaries create
//! (`<category>.word`, `sensitive.<sub>`, and whatever a user dictionary names).
//!
//! Everything else derives from this table: the category of a rule id
//! ([`category_of`]), the rules that are off by default ([`default_off`], used by
//! [`Config::rule_enabled`](crate::Config::rule_enabled)), the validation of rule ids in a
//! configuration ([`check_rule_id`], with a "did you mean" suggestion), `zhproof rules`,
//! `zhproof explain`, Python `zhproof.rules()`, JS `rules()` and `docs/rules.md`
//! ([`markdown`]).
//!
//! # Adding a rule
//! 1. Add one [`Rule`] entry to [`RULES`] below (keep the rules of a category together).
//! 2. Emit the id from a detector and list it in that detector's
//!    [`Detector::rules`](crate::detectors::Detector::rules).
//! 3. Add at least one golden case naming the rule to `tests/golden/*.jsonl` (a test walks
//!    the registry and fails for a rule without one).
//! 4. Regenerate `docs/rules.md`: `cargo run -p zhproof-cli -- rules --format markdown >
//!    docs/rules.md` (a test fails while it is stale).
//!
//! A rule the command line emits itself (`source: "cli"`, e.g. `format.unused_suppression`)
//! is declared by no detector and is exercised by the CLI's tests (`cli/tests/`) instead
//! of a golden case.
//!
//! A rule that is off by default (`default_on: false`) is reported only when named in
//! [`Config::enable_rules`](crate::Config::enable_rules). A new built-in sensitive
//! sub-category (`dictionaries/sensitive/<sub>.tsv`) is a rule `sensitive.<sub>` and needs
//! its entry here too (a test compares the built-in dictionaries with the registry).

pub use crate::nearest::nearest;

use crate::finding::{Category, Severity};
use serde::Serialize;

/// One rule: what it reports and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable id, `category.name` (e.g. `typo.word`).
    pub id: &'static str,
    /// The category of its findings.
    pub category: Category,
    /// The usual severity of its findings (some rules lower or raise it by context; the
    /// summary says when).
    pub severity: Severity,
    /// Reported without being named in `enable_rules`.
    pub default_on: bool,
    /// Its single suggestion is a mechanical rewrite that `zhproof fix` / `check --fix`
    /// applies without review. A finding with several suggestions or with a confidence (a
    /// model's guess) is applied only with `--unsafe-fixes`, whatever this says.
    pub safe_fix: bool,
    /// Where findings come from: a detector (`detector:punctuation`), a built-in
    /// dictionary (`dictionary:dictionaries/typos.tsv`), the checker itself (`checker`) or
    /// the command line (`cli`: suppression comments).
    pub source: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Text the rule reports.
    pub bad: &'static str,
    /// The corrected text.
    pub good: &'static str,
    /// The standard it follows, where there is one.
    pub standard: Option<&'static str>,
}

/// A family of rule ids created by dictionaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleFamily {
    /// The id pattern, e.g. `<category>.word`.
    pub pattern: &'static str,
    /// What creates ids of the family.
    pub summary: &'static str,
}

/// The rule families that dictionaries create. Ids of a family are valid in a
/// configuration when a built-in or configured dictionary creates them.
pub const FAMILIES: &[RuleFamily] = &[
    RuleFamily {
        pattern: "<category>.word",
        summary: "A dictionary line whose category cell is a bare category (`typo`, \
                  `variant`, `expression`, …) reports rule `<category>.word`; the built-in \
                  ones are `typo.word`, `variant.word` and `expression.word`.",
    },
    RuleFamily {
        pattern: "<category>.<sub>",
        summary: "A dictionary line whose category cell is `<category>/<sub>` reports rule \
                  `<category>.<sub>`: the built-in sensitive lexicons create \
                  `sensitive.porn`, `sensitive.gambling` …; a user dictionary may create its \
                  own (e.g. `sensitive/custom` → `sensitive.custom`).",
    },
    RuleFamily {
        pattern: "<rule>.page",
        summary: "Flood control (`group_threshold`, CLI `--group-threshold`, 20 on the \
                  command line, off in the library): a rule firing more than that many times \
                  in one document gets one summary finding `<rule>.page` (same category, the \
                  highest severity of the group, at the first place, the count in the \
                  message) besides its findings; the CLI text report shows the group as one \
                  diagnostic.",
    },
];

/// Suffix of the rule id of a flood summary (`punctuation.halfwidth.page`): when one rule
/// fires more than [`Config::group_threshold`](crate::Config::group_threshold) times in a
/// document, the checker adds one summary finding under `<rule>.page`. Such an id shares
/// its rule's category and default, and is valid in a configuration when its rule is.
pub const SUMMARY_SUFFIX: &str = ".page";

/// The rule a flood summary id summarises: `punctuation.halfwidth` for
/// `punctuation.halfwidth.page`; `None` for other ids.
pub fn summarised(id: &str) -> Option<&str> {
    id.strip_suffix(SUMMARY_SUFFIX)
        .filter(|base| !base.is_empty() && get(id).is_none())
}

/// Former rule ids still accepted in a configuration, with the rule each now names.
/// Disabling an alias disables its rule.
pub const ALIASES: &[(&str, &str)] = &[("typo.statistical", "typo.context")];

/// The rule a former id names (`typo.statistical` → `typo.context`); `None` for other ids.
pub fn alias_of(id: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(a, _)| *a == id).map(|(_, r)| *r)
}

/// Every rule, grouped by category.
pub const RULES: &[Rule] = &[
    // ---------------------------------------------------------------- typo
    Rule {
        id: "typo.word",
        category: Category::Typo,
        severity: Severity::Error,
        default_on: true,
        safe_fix: true,
        source: "dictionary:dictionaries/typos.tsv",
        summary: "A misspelled word or idiom from the wrong-word list (错别字), and 截止 before a date.",
        why: "Wrong characters in published text, above all in official notices, are the \
              most visible proof-reading failure.",
        bad: "我们要再接再励，按装设备。",
        good: "我们要再接再厉，安装设备。",
        standard: Some("《现代汉语词典》（第7版）; 通用规范汉字表"),
    },
    Rule {
        id: "typo.de",
        category: Category::Typo,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:grammar",
        summary: "的/地/得 used in the wrong place, in patterns whose precision was measured \
                  (舍不的, 觉的, 我们地 …).",
        why: "的/地/得 confusion is among the most frequent errors in Chinese writing and \
              reads as careless.",
        bad: "大家都舍不的离开。",
        good: "大家都舍不得离开。",
        standard: Some("《现代汉语词典》（第7版）“的”“地”“得”条"),
    },
    Rule {
        id: "typo.doubled",
        category: Category::Typo,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:grammar",
        summary: "A function word typed twice (的的, 了了, 在在, 是是), except legitimate \
                  doublings (目的的, 的的确确, 不了了之 …).",
        why: "Doubled function words are typing slips that spell checkers of single words miss.",
        bad: "这是我的的书。",
        good: "这是我的书。",
        standard: None,
    },
    Rule {
        id: "typo.context",
        category: Category::Typo,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:context",
        summary: "A wrong word judged from its context: a confusable character or word \
                  (homophone, look-alike, listed word confusion) that a word bigram model \
                  and a learned decision layer find much likelier, and a lone 的 or 在 the \
                  model finds far likelier as 得 or 再 (吓的不轻, 在也不); reported only at \
                  confidence >= 0.95 (lower with `context_min_confidence`), and not where \
                  the text uses the same form again within about 2,000 characters, in a \
                  越…越 frame or in a bracketed byline. Replaces `typo.statistical`, which \
                  remains an alias.",
        why: "Word lists only catch the mistakes someone listed; this catches one-off \
              homophone and look-alike slips in context (总休 → 总体, 必需 → 必须).",
        bad: "这是一个总休方案。",
        good: "这是一个总体方案。",
        standard: None,
    },
    Rule {
        id: "typo.idiom",
        category: Category::Typo,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:idiom",
        summary: "Four characters one confusable character (same or near pinyin, fuzzy \
                  pinyin such as shen/sheng, similar shape) away from a four-character idiom \
                  and not a word themselves, outside 《》 titles; sets \
                  `confidence` (0.3–0.9), which sets the severity (≥ 0.85 error, ≥ 0.6 \
                  warning, else info). Cargo feature `idiom`.",
        why: "Idiom misspellings (走投无路 → 走头无路) are among the commonest wrong-word errors \
              and no word list can hold every variant of ≈29,000 idioms.",
        bad: "他做起这件事来油刃有余。",
        good: "他做起这件事来游刃有余。",
        standard: None,
    },
    Rule {
        id: "typo.glyph",
        category: Category::Typo,
        severity: Severity::Error,
        default_on: true,
        safe_fix: true,
        source: "detector:glyph",
        summary: "A character that only looks like the one meant: a Kangxi radical next to Han \
                  text (⼯作 → 工作, from PDF copies), a Japanese form (増加 → 增加) or a rare \
                  look-alike (笫一 → 第一) where the intended character makes the word and the \
                  written one makes none; never in lines with kana. A Japanese form that makes \
                  no word is `info`.",
        why: "Look-alike characters read correctly but break search, sorting, screen readers \
              and the standard character set that official publications must use.",
        bad: "今年⼀月份，用户増加了，笫一时间处理。",
        good: "今年一月份，用户增加了，第一时间处理。",
        standard: Some("《通用规范汉字表》（2013）"),
    },
    // ---------------------------------------------------------------- variant
    Rule {
        id: "variant.word",
        category: Category::Variant,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: true,
        source: "dictionary:dictionaries/variants.tsv",
        summary: "A non-recommended variant form of a word (异形词), with the recommended form.",
        why: "Publications are expected to use the recommended form of words with variant \
              spellings; mixing forms looks unedited.",
        bad: "这个字的笔划较多，各种成份都要写明。",
        good: "这个字的笔画较多，各种成分都要写明。",
        standard: Some("第一批异形词整理表（GF 1001-2001）"),
    },
    // ---------------------------------------------------------------- expression
    Rule {
        id: "expression.word",
        category: Category::Expression,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/expressions.tsv",
        summary: "A non-standard expression in official writing (规范表述), e.g. names of \
                  countries, regions and institutions.",
        why: "Wrong official names and politically non-standard expressions are serious \
              errors in government and news publishing.",
        bad: "北韩领导人发表讲话。",
        good: "朝鲜领导人发表讲话。",
        standard: Some("新华社新闻信息报道中的禁用词和慎用词"),
    },
    // ---------------------------------------------------------------- sensitive
    Rule {
        id: "sensitive.porn",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/porn.tsv",
        summary: "Pornographic terms, also disguised (spaces, full width, symbols, zero-width \
                  characters). Severity depends on `sensitive_profile`.",
        why: "Pornographic content is illegal to publish and the commonest kind of injected spam.",
        bad: "免费看黄色网站。",
        good: "依法打击淫秽色情网站。",
        standard: Some("网络信息内容生态治理规定（2019）第六、七条"),
    },
    Rule {
        id: "sensitive.gambling",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/gambling.tsv",
        summary: "Gambling terms and gambling-site advertising (not governance prose such as 打击赌博).",
        why: "Online gambling advertising is illegal and a common injection on hacked sites.",
        bad: "澳门新葡京在线赌场。",
        good: "严厉打击跨境赌博活动。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.drugs",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/drugs.tsv",
        summary: "Drug trading terms.",
        why: "Offers of illegal drugs must never be published.",
        bad: "出售冰毒，量大从优。",
        good: "开展禁毒宣传教育。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.weapons",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/weapons.tsv",
        summary: "Trade in guns, ammunition and explosives.",
        why: "Offers of weapons are illegal content.",
        bad: "出售仿真枪，微信联系。",
        good: "依法收缴非法枪支。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.fraud",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/fraud.tsv",
        summary: "Fraud offers: fake certificates, invoices, cash-out and loan scams.",
        why: "Fraud advertising harms readers and is illegal to publish.",
        bad: "代开发票，办证刻章。",
        good: "谨防电信网络诈骗。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.violence",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/violence.tsv",
        summary: "Terrorism, violence and murder-for-hire terms.",
        why: "Content promoting violence or terrorism is illegal.",
        bad: "有人在群里转发斩首视频。",
        good: "依法严厉打击暴力恐怖犯罪。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.cult",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/cult.tsv",
        summary: "Names and slogans of banned cults.",
        why: "Cult propaganda is illegal content.",
        bad: "全能神教会欢迎你。",
        good: "坚决抵制邪教。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.political",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/political.tsv",
        summary: "Separatist and other politically harmful terms.",
        why: "Such terms in a government or news page are serious publishing incidents.",
        bad: "网上流传西藏独立的言论。",
        good: "西藏自古以来就是中国领土不可分割的一部分。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    Rule {
        id: "sensitive.insult",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "dictionary:dictionaries/sensitive/insult.tsv",
        summary: "Insults and slurs (reported as info or warning under the `comments` profile).",
        why: "Abusive language must not appear in official publications or moderated comments.",
        bad: "你就是个傻逼。",
        good: "请文明发言。",
        standard: Some("网络信息内容生态治理规定（2019）第七条"),
    },
    Rule {
        id: "sensitive.spam_block",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:sensitive",
        summary: "A block of porn or gambling SEO phrases stuffed into a page (titles joined by \
                  `_ | ,`, link farms, `<meta>` keywords): at least 3 phrases, mostly keywords, \
                  not a report that names them to fight them. Lists the phrases it holds.",
        why: "Keyword blocks injected into hacked sites are the commonest form of spam; one \
              finding per block points at the injection rather than at each phrase.",
        bad: "日本一本道高清无码视频网址_国产精品好片_免费在线观看,欧美一级A片,伦理影院,成人午夜福利",
        good: "市政府召开常务会议，研究部署近期重点工作。",
        standard: Some("网络信息内容生态治理规定（2019）第六、七条"),
    },
    Rule {
        id: "sensitive.spam_page",
        category: Category::Sensitive,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:sensitive",
        summary: "Page-level signal: one finding per document that has at least one \
                  `sensitive.spam_block` (spanning the first block), counting blocks and phrases.",
        why: "CMS hooks and site audits need one yes/no answer per page: was spam injected?",
        bad: "澳门新葡京|百家乐官网|时时彩开奖|北京赛车pk10|棋牌游戏平台|六合彩开奖结果|真人娱乐城",
        good: "依法打击网络赌博、百家乐、时时彩等违法犯罪活动。",
        standard: Some("网络信息内容生态治理规定（2019）第六条"),
    },
    // ---------------------------------------------------------------- privacy
    Rule {
        id: "privacy.id_card",
        category: Category::Privacy,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A valid resident ID number (check digit, date and region validated; legacy \
                  15-digit form too).",
        why: "Published ID numbers enable identity theft; public notices must mask them.",
        bad: "身份证号：110101199003074258。",
        good: "身份证号：110101********4258。",
        standard: Some("GB 11643-1999 公民身份号码; 个人信息保护法"),
    },
    Rule {
        id: "privacy.mobile",
        category: Category::Privacy,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A mobile phone number (error next to a personal context word, info for \
                  business lines).",
        why: "Personal phone numbers are personal information; notices must mask them.",
        bad: "联系人手机：13812345678。",
        good: "联系人手机：138****5678。",
        standard: Some("个人信息保护法; GB/T 35273-2020 个人信息安全规范"),
    },
    Rule {
        id: "privacy.landline",
        category: Category::Privacy,
        severity: Severity::Info,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A landline number (warning in a personal context, info for office lines \
                  and 400/800 hotlines).",
        why: "A private landline is personal information; office lines usually may be published.",
        bad: "张三家庭电话：010-62345678。",
        good: "张三家庭电话：010-****5678。",
        standard: Some("个人信息保护法"),
    },
    Rule {
        id: "privacy.bank_card",
        category: Category::Privacy,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A bank card number (Luhn check; error next to 银行卡/卡号).",
        why: "Card numbers in published text invite fraud.",
        bad: "银行卡号：6222021234567890128。",
        good: "银行卡号：622202*********0128。",
        standard: Some("JR/T 0171-2020 个人金融信息保护技术规范"),
    },
    Rule {
        id: "privacy.email",
        category: Category::Privacy,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "An e-mail address (info for institutional and role mailboxes).",
        why: "A personal mailbox is personal information and attracts spam.",
        bad: "请联系zhangsan1990@163.com。",
        good: "请联系z***@163.com。",
        standard: Some("个人信息保护法"),
    },
    Rule {
        id: "privacy.passport",
        category: Category::Privacy,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A passport number next to a passport context word.",
        why: "Passport numbers identify a person and are used in identity fraud.",
        bad: "护照号码：E12345678。",
        good: "护照号码：E12****78。",
        standard: Some("个人信息保护法"),
    },
    Rule {
        id: "privacy.travel_permit",
        category: Category::Privacy,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A Hong Kong/Macau/Taiwan travel permit number next to a permit context word.",
        why: "Permit numbers identify a person.",
        bad: "港澳通行证：C12345678。",
        good: "港澳通行证：C12****78。",
        standard: Some("个人信息保护法"),
    },
    Rule {
        id: "privacy.credit_code",
        category: Category::Privacy,
        severity: Severity::Info,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A valid unified social credit code of an organisation (info: usually public).",
        why: "Worth a look: a code may be published by mistake or with a typo; the check \
              digit is validated.",
        bad: "统一社会信用代码：91350100M000100Y43。",
        good: "统一社会信用代码见营业执照副本。",
        standard: Some("GB 32100-2015 法人和其他组织统一社会信用代码编码规则"),
    },
    Rule {
        id: "privacy.licence_plate",
        category: Category::Privacy,
        severity: Severity::Info,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "A vehicle licence plate (warning next to a vehicle context word).",
        why: "A plate links a vehicle to its owner; notices usually mask it.",
        bad: "车牌号京A12345的车主。",
        good: "车牌号京A1***5的车主。",
        standard: Some("GA 36-2018 中华人民共和国机动车号牌"),
    },
    Rule {
        id: "privacy.ip",
        category: Category::Privacy,
        severity: Severity::Info,
        default_on: true,
        safe_fix: false,
        source: "detector:privacy",
        summary: "An IP address (warning next to a user or login context word).",
        why: "A user's IP address is personal information under the PIPL.",
        bad: "该用户登录IP为203.0.113.45。",
        good: "该用户登录IP为203.0.*.*。",
        standard: Some("个人信息保护法"),
    },
    // ---------------------------------------------------------------- script
    Rule {
        id: "script.traditional",
        category: Category::Script,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: true,
        source: "detector:script",
        summary: "Traditional characters in a simplified (zh-Hans) page, decided at word level \
                  by OpenCC against the 通用规范汉字表.",
        why: "Mainland publications must use standard simplified characters.",
        bad: "我們發現了問題。",
        good: "我们发现了问题。",
        standard: Some("通用规范汉字表（2013）; 国家通用语言文字法"),
    },
    Rule {
        id: "script.variant",
        category: Category::Script,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:script",
        summary: "Variant characters (异体字) in a simplified page (峯 → 峰); a lone one is \
                  info, since names may keep their own character.",
        why: "Variant characters are not standard characters outside names.",
        bad: "登上山峯，綫路畅通。",
        good: "登上山峰，线路畅通。",
        standard: Some("通用规范汉字表（2013）; 第一批异体字整理表"),
    },
    Rule {
        id: "script.simplified",
        category: Category::Script,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:script",
        summary: "Simplified-only characters in a traditional (zh-Hant, zh-TW, zh-HK) page.",
        why: "Mixed scripts in a traditional page look like an incomplete conversion.",
        bad: "我們发现了問題。 (zh-TW)",
        good: "我們發現了問題。",
        standard: None,
    },
    Rule {
        id: "script.page",
        category: Category::Script,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:script",
        summary: "Most distinguishing characters of the page are in the other script: one \
                  document-level finding.",
        why: "A whole page in the wrong script usually means the wrong file or a missing \
              conversion step.",
        bad: "這是一個繁體頁面，發現問題應當及時處理。 (zh-Hans)",
        good: "这是一个简体页面，发现问题应当及时处理。",
        standard: None,
    },
    // ---------------------------------------------------------------- punctuation
    Rule {
        id: "punctuation.unbalanced",
        category: Category::Punctuation,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:punctuation",
        summary: "An opening mark never closed, or a closing mark never opened, within a paragraph.",
        why: "Unpaired brackets and quotation marks make the scope of a quote or note unclear.",
        bad: "他说：“今天开会。",
        good: "他说：“今天开会。”",
        standard: Some("GB/T 15834-2011 标点符号用法 §4.1, §4.8, §4.9"),
    },
    Rule {
        id: "punctuation.mismatched",
        category: Category::Punctuation,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:punctuation",
        summary: "A pair closed with the wrong mark: （…), （…】, “…“.",
        why: "Mismatched pairs are typing slips that readers notice at once.",
        bad: "（记者李泽伟)报道。",
        good: "（记者李泽伟）报道。",
        standard: Some("GB/T 15834-2011 标点符号用法 §4.8"),
    },
    Rule {
        id: "punctuation.nested_book_title",
        category: Category::Punctuation,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:punctuation",
        summary: "A book title inside a book title with 《》: the inner one takes 〈〉.",
        why: "The standard prescribes single book-title marks for a title within a title.",
        bad: "学习《关于《决定》的说明》。",
        good: "学习《关于〈决定〉的说明》。",
        standard: Some("GB/T 15834-2011 标点符号用法 §4.15.3.4"),
    },
    Rule {
        id: "punctuation.doubled",
        category: Category::Punctuation,
        severity: Severity::Error,
        default_on: true,
        safe_fix: true,
        source: "detector:punctuation",
        summary: "Doubled or conflicting marks (，， ,、 ；。); conflicting pairs are warnings.",
        why: "Two marks in a row are a typing slip or a leftover of editing.",
        bad: "今天，，我们开会。",
        good: "今天，我们开会。",
        standard: Some("GB/T 15834-2011 标点符号用法 §5"),
    },
    Rule {
        id: "punctuation.halfwidth",
        category: Category::Punctuation,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: true,
        source: "detector:punctuation",
        summary: "Half-width , ; : ? ! ( ) between Chinese characters, or \" around Chinese text.",
        why: "Chinese text takes full-width punctuation; half-width marks break the layout.",
        bad: "我们开会,讨论工作。",
        good: "我们开会，讨论工作。",
        standard: Some("GB/T 15834-2011 标点符号用法 §5.1"),
    },
    // ---------------------------------------------------------------- format
    Rule {
        id: "format.fullwidth_alnum",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:punctuation",
        summary: "Full-width letters or digits touching half-width letters or digits (２0２3, ＧDP).",
        why: "Numbers and Latin words are written in half-width forms; mixed widths look broken.",
        bad: "２0２3年GＤP增长。",
        good: "2023年GDP增长。",
        standard: Some("GB/T 15835-2011 出版物上数字用法 §5.1"),
    },
    Rule {
        id: "format.cjk_space",
        category: Category::Format,
        severity: Severity::Info,
        default_on: false,
        safe_fix: false,
        source: "detector:punctuation",
        summary: "A space between two Chinese characters (off by default: frequent in poems, \
                  names and tables).",
        why: "Stray spaces in running Chinese text are usually left over from conversion.",
        bad: "我们 开会讨论。",
        good: "我们开会讨论。",
        standard: None,
    },
    Rule {
        id: "format.date_invalid",
        category: Category::Format,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:numbers",
        summary: "A date that cannot exist: 2月30日, 13月5日, 2023年2月29日.",
        why: "An impossible date is always a typing error, and dates in notices matter.",
        bad: "会议于2023年2月30日召开。",
        good: "会议于2023年2月28日召开。",
        standard: None,
    },
    Rule {
        id: "format.year_missing",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:numbers",
        summary: "年 where the year number was dropped: 于年5月, 日期：年月日.",
        why: "A dropped year is a template or editing slip that leaves the date unknown.",
        bad: "本办法于年5月1日起施行。",
        good: "本办法于2024年5月1日起施行。",
        standard: None,
    },
    Rule {
        id: "format.year_missing_loose",
        category: Category::Format,
        severity: Severity::Info,
        default_on: false,
        safe_fix: false,
        source: "detector:numbers",
        summary: "年 right after a place or body name (北京市年经济…) unless a 年… word follows \
                  (noisy: off by default).",
        why: "Often a dropped year in a report title, but too many false alarms to be on by default.",
        bad: "北京市年经济运行平稳。",
        good: "北京市2023年经济运行平稳。",
        standard: None,
    },
    Rule {
        id: "format.mixed_numerals",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:numbers",
        summary: "Chinese and Arabic numerals mixed in one number: 3千5百, 二0一八年.",
        why: "A number is written either in Arabic or in Chinese numerals, not both.",
        bad: "二0一八年投资3千5百万元。",
        good: "二〇一八年投资3500万元。",
        standard: Some("GB/T 15835-2011 出版物上数字用法 §4"),
    },
    Rule {
        id: "format.percent_range",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:numbers",
        summary: "A percentage range with one %: 10-20% → 10%～20%.",
        why: "The standard requires the % on both ends of a range.",
        bad: "增长10-20%。",
        good: "增长10%～20%。",
        standard: Some("GB/T 15835-2011 出版物上数字用法 §5.2"),
    },
    Rule {
        id: "format.pinyin_leak",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:damage",
        summary: "Ruby (pinyin) annotations left in the text: 成(chéng)都(dōu).",
        why: "Copied annotated text leaks the pronunciation into the page.",
        bad: "成(chéng)都(dōu)是一座城市。",
        good: "成都是一座城市。",
        standard: None,
    },
    Rule {
        id: "format.mojibake",
        category: Category::Format,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "detector:damage",
        summary: "Garbled text: UTF-8 read as Latin-1/cp1252 (ä¸\u{AD}æ–‡) or as GBK \
                  (鐢ㄦ埛鍚嶆垨瀵嗙爜), GBK read as Latin-1 (ÖÐÎÄ), 锟斤拷, runs of � or of ? \
                  between Chinese characters, HTML tags shown as text (</p>, <br).",
        why: "Mojibake means an encoding step broke the page; readers cannot read it.",
        bad: "锟斤拷锟斤拷，ä¸\u{AD}æ–‡",
        good: "中文",
        standard: None,
    },
    Rule {
        id: "format.html_entity",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:damage",
        summary: "HTML entities shown as text (&nbsp;, &#8220;) or half decoded (7×;).",
        why: "Entities printed literally come from double escaping in a publishing system.",
        bad: "会议&nbsp;通知",
        good: "会议 通知",
        standard: None,
    },
    Rule {
        id: "format.repeated_line",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:damage",
        summary: "A paragraph or heading repeated right after itself, or a line repeated \
                  three times within 300 lines (page chrome in HTML left alone).",
        why: "Duplicated paragraphs are copy-paste slips.",
        bad: "关于开展安全检查的通知\n关于开展安全检查的通知",
        good: "关于开展安全检查的通知",
        standard: None,
    },
    Rule {
        id: "format.repeated_sentence",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:damage",
        summary: "A sentence repeated right after itself.",
        why: "Duplicated sentences are copy-paste slips.",
        bad: "请各单位按时报送材料。请各单位按时报送材料。",
        good: "请各单位按时报送材料。",
        standard: None,
    },
    Rule {
        id: "format.template_leftover",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:leftovers",
        summary: "Page chrome left in the body text: pagination (1 2 3 下一页), previous/next \
                  links (上一篇：…), print/close/QR bars (【打印本页】【关闭窗口】), \
                  breadcrumbs (首页 > 新闻中心), site footers (版权所有…ICP备…). Short lines \
                  only; in HTML, text inside <nav>/<footer>/CMS chrome is left alone.",
        why: "Scraped or re-posted articles often carry the source site's navigation into the \
              body, which looks broken to readers and shows where the text was copied from.",
        bad: "会议要求各单位认真落实。\n【打印本页】【关闭窗口】",
        good: "会议要求各单位认真落实。",
        standard: None,
    },
    Rule {
        id: "format.number_missing",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:numbers",
        summary: "A number slot left empty: 计划于年完成, 增长倍以上, 共有名干部, 同比增长%.",
        why: "A template whose figures were never filled in publishes a sentence without its \
              facts.",
        bad: "本次培训共有名干部参加。",
        good: "本次培训共有120名干部参加。",
        standard: None,
    },
    Rule {
        id: "format.truncated",
        category: Category::Format,
        severity: Severity::Info,
        default_on: true,
        safe_fix: false,
        source: "checker",
        summary: "More findings than `max_findings`: one summary finding says how many were \
                  left out.",
        why: "A page with thousands of findings is usually not prose (a table, a dump) and a \
              cap keeps reports readable; the summary says the list is incomplete.",
        bad: "按装按装按装… (more findings than max_findings)",
        good: "安装",
        standard: None,
    },
    Rule {
        id: "format.unused_suppression",
        category: Category::Format,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "cli",
        summary: "A suppression comment (`zhproof-disable-next-line RULE`, `zhproof-disable`, \
                  …) that suppressed nothing; reported by `zhproof check` only with \
                  `--report-unused-suppressions`.",
        why: "A stale suppression hides the next real finding on its line; unused ones should \
              be deleted so suppressions stay few and deliberate.",
        bad: "<!-- zhproof-disable-next-line typo.word -->\n<p>今天天气很好。</p>",
        good: "<p>今天天气很好。</p>",
        standard: None,
    },
    // ---------------------------------------------------------------- link
    Rule {
        id: "link.ip_host",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "An HTML link whose host is an IP address (http://1.2.3.4/…).",
        why: "Official pages link to domain names; a raw IP is a sign of injected or test links.",
        bad: "<a href=\"http://10.0.0.8/x\">通知</a>",
        good: "<a href=\"https://www.example.gov.cn/x\">通知</a>",
        standard: None,
    },
    Rule {
        id: "link.shortener",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "An HTML link to a known URL shortener (t.cn, dwz.cn, bit.ly …).",
        why: "A short link hides its real target; official pages should link directly.",
        bad: "<a href=\"https://dwz.cn/x\">详情</a>",
        good: "<a href=\"https://www.example.gov.cn/detail\">详情</a>",
        standard: None,
    },
    Rule {
        id: "link.javascript",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "A javascript: link (info for no-op javascript:void(0), warning otherwise).",
        why: "Script links have no visible target and hurt accessibility; unusual code may be injected.",
        bad: "<a href=\"javascript:alert(1)\">点击</a>",
        good: "<a href=\"/notice.html\">点击</a>",
        standard: None,
    },
    Rule {
        id: "link.hidden",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "Links inside an element hidden by inline style or the hidden attribute (error \
                  from 3 links); one finding on the element's start tag.",
        why: "Hidden link blocks are the classic sign of injected spam links (暗链) on hacked sites.",
        bad: "<div style=\"display:none\"><a href=\"http://spam.example/\">x</a></div>",
        good: "<div><a href=\"/about.html\">关于我们</a></div>",
        standard: None,
    },
    Rule {
        id: "link.insecure",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "An http:// link on a page that declares an https:// URL for itself.",
        why: "Plain-HTTP links from an HTTPS page leak readers to an unencrypted connection.",
        bad: "<base href=\"https://www.example.gov.cn/\"><a href=\"http://www.example.gov.cn/a\">a</a>",
        good: "<base href=\"https://www.example.gov.cn/\"><a href=\"https://www.example.gov.cn/a\">a</a>",
        standard: None,
    },
    Rule {
        id: "link.attributes_cut",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:links",
        summary: "A start tag with more than 512 attributes: the rest were not read, so links or text among them went unchecked.",
        why: "Thousands of attributes in one tag are a sign of a malicious or broken page, and a link hidden after the 512th is not checked; the cap keeps such a page from exhausting memory or crashing the check.",
        bad: "<p a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a>通知</p>",
        good: "<p class=\"a\">通知</p>",
        standard: None,
    },
    Rule {
        id: "link.dead",
        category: Category::Link,
        severity: Severity::Error,
        default_on: true,
        safe_fix: false,
        source: "cli",
        summary: "A link or resource that does not answer (HTTP 4xx/5xx, DNS failure, \
                  timeout); reported by `zhproof audit` on every page that carries it.",
        why: "Dead links are counted as defects by government-site inspections (政府网站检查指标) \
              and are the first thing readers notice; each URL is requested once per audit.",
        bad: "<a href=\"/notice/2019/123.html\">通知</a> (the page answers 404)",
        good: "<a href=\"/notice/2024/456.html\">通知</a> (the page answers 200)",
        standard: None,
    },
    Rule {
        id: "link.redirect_offsite",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "cli",
        summary: "A link that now redirects to another registrable domain; reported by \
                  `zhproof audit`.",
        why: "A link whose domain expired or was taken over sends readers of an official site \
              to someone else's content (often gambling or adverts).",
        bad: "<a href=\"http://old-partner.example.cn/\">合作单位</a> (redirects to casino.example.com)",
        good: "<a href=\"https://www.partner.example.cn/\">合作单位</a>",
        standard: None,
    },
    Rule {
        id: "link.mixed_content",
        category: Category::Link,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "cli",
        summary: "An https:// page that loads a resource (image, script, style, frame) over \
                  http://; reported by `zhproof audit`, which knows the page's own URL.",
        why: "Browsers block or flag mixed content, so the page breaks or shows as not secure.",
        bad: "<img src=\"http://www.example.gov.cn/logo.png\"> on https://www.example.gov.cn/",
        good: "<img src=\"https://www.example.gov.cn/logo.png\"> on https://www.example.gov.cn/",
        standard: None,
    },
    // ---------------------------------------------------------------- grammar
    Rule {
        id: "grammar.redundancy",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "Two words saying the same thing (语义重复): 大约…左右, 超过…以上, 约…多, 亲眼目睹, \
                  免费赠送, 凯旋而归, 悬殊很大, 日益…越来越, 再次…重新, 截至到, 付诸于, 目的是为了; \
                  one span over both halves, the suggestion deletes one.",
        why: "An approximation word and an approximation suffix (or 超过 and 以上) say the same \
              thing twice; official writing asks for 文字精练, and editors strike the repeat.",
        bad: "大约有200人左右参加了会议。",
        good: "大约有200人参加了会议。",
        standard: Some("《党政机关公文处理工作条例》（公文起草：表述准确，文字精练）; 《现代汉语词典》（第7版）凯旋、目睹、悬殊、截至条"),
    },
    Rule {
        id: "grammar.collocation",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "Verb and object (or subject and predicate) that do not go together (搭配不当): \
                  提高…力度, 加大…意识, 发挥…传统, 履行…权利, 效率…改善, 是否… 是…前提; the \
                  suggestion gives the usual verb where the rewrite is mechanical.",
        why: "力度 is 加大'd, 意识 增强'd, 传统 发扬'd, 权利 行使'd: a wrong pairing is the most \
              frequent sentence-level error editors mark in official prose.",
        bad: "要进一步提高执法力度。",
        good: "要进一步加大执法力度。",
        standard: Some("《现代汉语词典》（第7版）; 《现代汉语八百词》"),
    },
    Rule {
        id: "grammar.conjunction",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "Paired conjunctions that do not match (关联词搭配不当): 即使…，但, 只要…才, \
                  只有…就, 与其…宁可, 不仅…，而是.",
        why: "即使 pairs with 也, 只要 with 就, 只有 with 才, 不仅 with 而且; a mismatched pair \
              changes or blurs the logical relation of the clauses.",
        bad: "只要坚持锻炼，才能保持健康。",
        good: "只有坚持锻炼，才能保持健康。",
        standard: Some("《现代汉语八百词》"),
    },
    Rule {
        id: "grammar.negation",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "A negative verb followed by a further negation (否定不当): 防止…不再发生, \
                  避免…不出现, 否认…没有, 切忌不要, 无时无刻 without 不.",
        why: "防止, 避免, 杜绝 and 否认 already negate; a second 不/没有 turns the meaning round \
              (防止事故不再发生 asks for the accident to happen again).",
        bad: "要防止此类事故不再发生。",
        good: "要防止此类事故再次发生。",
        standard: None,
    },
    Rule {
        id: "grammar.missing_subject",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "A sentence opening with a prepositional phrase (通过/经过/由于/随着/在…下) whose \
                  next clause starts with 使/让/令, and 根据…显示: the sentence has no subject.",
        why: "A prepositional phrase cannot be a subject; with the causative 使 opening the next \
              clause nothing is left to be its subject (主语残缺).",
        bad: "通过这次活动，使大家受到了教育。",
        good: "通过这次活动，大家受到了教育。",
        standard: None,
    },
    Rule {
        id: "grammar.mixed_construction",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "Two constructions blended into one (句式杂糅): 原因是…造成的, 之所以…的缘故, \
                  之所以…原因在于, 深受…所喜爱, 本着…为原则.",
        why: "原因是…… and ……造成的 are each complete; using both leaves a sentence that is \
              neither.",
        bad: "事故的原因是操作不当造成的。",
        good: "事故的原因是操作不当。",
        standard: None,
    },
    Rule {
        id: "grammar.measure_word",
        category: Category::Grammar,
        severity: Severity::Warning,
        default_on: true,
        safe_fix: false,
        source: "detector:usage",
        summary: "A classifier that does not fit its noun (量词搭配不当) after a numeral or \
                  demonstrative: 一位犯罪嫌疑人, 一辆飞机.",
        why: "位 carries respect and is not used for offenders (名, 个); 辆 is for vehicles on \
              wheels (飞机 takes 架).",
        bad: "警方抓获一位犯罪嫌疑人。",
        good: "警方抓获一名犯罪嫌疑人。",
        standard: Some("《现代汉语词典》（第7版）位、辆条"),
    },
];

/// Whether a finding of rule `id` may be fixed without review ([`Rule::safe_fix`]; ids a
/// user dictionary makes under `variant` are 异形词 replacements, which are safe).
pub fn fix_is_safe(id: &str) -> bool {
    match get(id) {
        Some(r) => r.safe_fix,
        // variant.<sub> made by a user dictionary: 异形词 to the recommended form
        None => id.starts_with("variant."),
    }
}

/// The entry of `id`, if it is a registered rule.
pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The category of a rule id: the registry's when the id is registered, else the category
/// its first segment names (ids that dictionaries create), else `None`.
pub fn category_of(id: &str) -> Option<Category> {
    if let Some(r) = get(id) {
        return Some(r.category);
    }
    if let Some(base) = summarised(id) {
        return category_of(base);
    }
    let head = id.split('.').next().unwrap_or(id);
    head.parse().ok()
}

/// True when findings of `id` are reported without being named in `enable_rules`.
/// Unregistered ids (made by user dictionaries) are on.
pub fn default_on(id: &str) -> bool {
    if let Some(base) = summarised(id) {
        return default_on(base);
    }
    get(id).is_none_or(|r| r.default_on)
}

/// The ids of the rules that are off by default.
pub fn default_off() -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| !r.default_on)
        .map(|r| r.id)
        .collect()
}

/// True when `name` is `id` or a prefix of it at a `.` boundary (`typo` names `typo.word`).
pub fn names(name: &str, id: &str) -> bool {
    id == name || (id.starts_with(name) && id.as_bytes().get(name.len()) == Some(&b'.'))
}

/// Checks a rule id given in a configuration (`disabled_rules`, `enable_rules`, CLI flags):
/// it must name a registered rule, a category, or a group of rules (a prefix at a `.`,
/// e.g. `typo` or `sensitive`), or a rule that one of `extra` (ids the configured
/// dictionaries create) names, or the flood summary `<rule>.page` of such a rule.
///
/// # Errors
/// A message `unknown rule `x`; did you mean `y`?` naming the nearest known id.
pub fn check_rule_id<'a>(
    id: &str,
    extra: impl IntoIterator<Item = &'a str> + Clone,
) -> Result<(), String> {
    let known = |k: &str| names(id, k);
    if alias_of(id).is_some()
        || RULES.iter().any(|r| known(r.id))
        || Category::ALL.iter().any(|c| c.as_str() == id)
        || extra.clone().into_iter().any(known)
    {
        return Ok(());
    }
    if let Some(base) = summarised(id) {
        if check_rule_id(base, extra.clone()).is_ok() {
            return Ok(());
        }
    }
    let mut candidates: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    candidates.extend(Category::ALL.iter().map(|c| c.as_str()));
    candidates.extend(extra);
    let mut msg = format!("unknown rule `{id}`");
    if let Some(near) = nearest(id, candidates) {
        msg.push_str(&format!("; did you mean `{near}`?"));
    } else {
        msg.push_str(" (`zhproof rules` lists the rule ids)");
    }
    Err(msg)
}

/// The registry as JSON: `{"rules": [...], "families": [...]}`.
pub fn to_json() -> String {
    serde_json::json!({ "rules": RULES, "families": FAMILIES }).to_string()
}

/// The full entry of one rule as text (`zhproof explain`).
pub fn explain(rule: &Rule) -> String {
    let mut s = format!(
        "{id}\n  category: {cat}\n  severity: {sev}\n  default: {on}\n  fix:      {fix}\n  source:   {src}\n\n  {sum}\n\n  Why: {why}\n\n  Bad:  {bad}\n  Good: {good}\n",
        id = rule.id,
        cat = rule.category,
        sev = rule.severity,
        on = if rule.default_on { "on" } else { "off (enable with --enable-rule)" },
        fix = if rule.safe_fix {
            "safe (applied by `zhproof fix`)"
        } else {
            "needs review (applied only with --unsafe-fixes)"
        },
        src = rule.source,
        sum = rule.summary,
        why = rule.why,
        bad = rule.bad,
        good = rule.good,
    );
    if let Some(std) = rule.standard {
        s.push_str(&format!("  Standard: {std}\n"));
    }
    s
}

/// The full entries of the rules that `name` names (a rule id, or a category or prefix
/// such as `typo`, which names every rule below it), in registry order, separated by blank
/// lines: the text of `zhproof explain`, Python `zhproof.explain` and JS `explain`.
///
/// # Errors
/// A message naming the nearest id when `name` names no rule.
pub fn explain_named(name: &str) -> Result<String, String> {
    let id = name.trim();
    let entries: Vec<String> = RULES
        .iter()
        .filter(|r| names(id, r.id))
        .map(explain)
        .collect();
    if entries.is_empty() {
        return Err(match check_rule_id(id, []) {
            Err(m) => m,
            Ok(()) => format!("no rule is named `{id}`"),
        });
    }
    Ok(entries.join("\n"))
}

/// `docs/rules.md`, generated from the registry.
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "⏎");
    let mut s = String::from(
        "# Rules\n\n<!-- Generated from core/src/rules.rs by `zhproof rules --format markdown`; \
         do not edit by hand. -->\n\n\
         Every rule zhproof reports. Rules marked *off* are reported only when enabled \
         (`--enable-rule ID`, `enable_rules`). A rule id in `--disable-rule`/`--enable-rule` \
         may also name a group: a category (`typo`) or a prefix (`sensitive`).\n",
    );
    for cat in Category::ALL {
        let rules: Vec<&Rule> = RULES.iter().filter(|r| r.category == cat).collect();
        if rules.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n## `{cat}`\n\n| rule | severity | default | safe fix | summary | bad → good | standard |\n|---|---|---|---|---|---|---|\n"
        ));
        for r in rules {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} → {} | {} |\n",
                r.id,
                r.severity,
                if r.default_on { "on" } else { "off" },
                if r.safe_fix { "yes" } else { "" },
                cell(r.summary),
                cell(&format!("`{}`", r.bad)),
                cell(&format!("`{}`", r.good)),
                cell(r.standard.unwrap_or("")),
            ));
        }
    }
    s.push_str("\n## Former rule ids\n\nStill accepted in `disabled_rules`/`enable_rules` and the CLI flags; they name the current rule.\n\n");
    for (alias, rule) in ALIASES {
        s.push_str(&format!("- `{alias}` → `{rule}`\n"));
    }
    s.push_str("\n## Rule families made by dictionaries\n\n");
    for f in FAMILIES {
        s.push_str(&format!("- `{}`: {}\n", f.pattern, f.summary));
    }
    s.push_str("\n## Why each rule matters\n\n");
    for r in RULES {
        s.push_str(&format!("- `{}`: {}\n", r.id, r.why));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn explain_named_gives_the_entries_a_name_covers() {
        let word = explain_named("typo.word").unwrap_or_default();
        assert!(
            word.starts_with("typo.word\n") && word.contains("Why: "),
            "{word}"
        );
        let typo = explain_named(" typo ").unwrap_or_default();
        let n = RULES
            .iter()
            .filter(|r| r.category == Category::Typo)
            .count();
        assert_eq!(
            typo.split("\n\n")
                .filter(|e| e.starts_with("typo."))
                .count(),
            n
        );
        assert_eq!(
            explain_named("typo.wor"),
            Err("unknown rule `typo.wor`; did you mean `typo.word`?".to_string())
        );
        assert!(explain_named("").is_err());
    }

    #[test]
    fn ids_are_unique_well_formed_and_in_their_category() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule {}", r.id);
            let (head, tail) = r.id.split_once('.').unwrap_or((r.id, ""));
            assert_eq!(head, r.category.as_str(), "{}", r.id);
            assert!(
                !tail.is_empty()
                    && tail
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                r.id
            );
            for field in [r.summary, r.why, r.bad, r.good] {
                assert!(!field.trim().is_empty(), "{} has an empty field", r.id);
            }
            assert_ne!(r.bad, r.good, "{}", r.id);
        }
    }

    #[test]
    fn unknown_ids_suggest_the_nearest() {
        assert_eq!(
            check_rule_id("typo.wor", []),
            Err("unknown rule `typo.wor`; did you mean `typo.word`?".to_string())
        );
        assert!(check_rule_id("typo", []).is_ok());
        assert!(check_rule_id("typo.word", []).is_ok());
        assert!(check_rule_id("sensitive", []).is_ok());
        assert!(check_rule_id("sensitive.porn", []).is_ok());
        assert!(check_rule_id("link", []).is_ok());
        assert_eq!(
            check_rule_id("sensitive.pron", []).err().as_deref(),
            Some("unknown rule `sensitive.pron`; did you mean `sensitive.porn`?")
        );
        assert!(check_rule_id("sensitive.custom", []).is_err());
        assert!(check_rule_id("sensitive.custom", ["sensitive.custom"]).is_ok());
        assert!(check_rule_id("ty", []).is_err());
        let far = check_rule_id("zzzzzzzzzz", []).err().unwrap_or_default();
        assert!(far.contains("zhproof rules"), "{far}");
    }

    #[test]
    fn categories_and_defaults_come_from_the_registry() {
        assert_eq!(category_of("format.cjk_space"), Some(Category::Format));
        assert_eq!(category_of("sensitive.custom"), Some(Category::Sensitive));
        assert_eq!(category_of("nope.x"), None);
        assert!(default_on("typo.context"));
        assert!(check_rule_id("typo.statistical", []).is_ok());
        assert!(default_on("typo.word"));
        assert!(default_off().contains(&"format.cjk_space"));
    }

    #[test]
    fn json_and_markdown_list_every_rule() {
        let json: serde_json::Value = serde_json::from_str(&to_json()).unwrap_or_default();
        assert_eq!(json["rules"].as_array().map(Vec::len), Some(RULES.len()));
        assert_eq!(json["rules"][0]["id"], "typo.word");
        assert_eq!(json["rules"][0]["category"], "typo");
        let md = markdown();
        for r in RULES {
            assert!(md.contains(&format!("| `{}` |", r.id)), "{}", r.id);
        }
    }
}
