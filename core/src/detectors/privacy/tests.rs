//! Unit tests of the privacy detector on real-looking text.

use super::*;
use crate::config::Config;
use crate::document::Document;

fn find(text: &str) -> Vec<Finding> {
    let config = Config::default();
    let doc = Document::plain(text);
    let ctx = CheckContext {
        doc: &doc,
        config: &config,
    };
    let mut out = Vec::new();
    match PrivacyDetector::shared() {
        Ok(d) => d.detect(&ctx, &mut out),
        Err(e) => panic!("{e}"),
    }
    for f in &mut out {
        f.text = text[f.span.range()].to_string();
    }
    out
}

fn kinds(text: &str) -> Vec<(String, String, Severity)> {
    find(text)
        .into_iter()
        .map(|f| (f.rule, f.text, f.severity))
        .collect()
}

#[test]
fn patterns_compile() {
    assert!(PrivacyDetector::new().is_ok());
}

#[test]
fn id_cards() {
    let f = find("张三，身份证号110101199003074258，住址北京。");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "privacy.id_card");
    assert_eq!(f[0].text, "110101199003074258");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].suggestions[0], "110101********4258");
    // X check character, lower case too
    assert_eq!(
        find("证号11010519491231002x。")[0].text,
        "11010519491231002x"
    );
    // grouped 6-8-4
    assert_eq!(
        find("号码 110101 19900307 4258 。")[0].text,
        "110101 19900307 4258"
    );
    // full-width digits, span on the original characters
    let fw = "身份证：１１０１０１１９９００３０７４２５８。";
    let f = find(fw);
    assert_eq!(f[0].text, "１１０１０１１９９００３０７４２５８");
    assert_eq!(f[0].suggestions[0], "１１０１０１********４２５８");
    // wrong check digit, glued in a longer run, masked
    assert!(find("身份证号110101199003074259。").is_empty());
    assert!(find("编号1234110101199003074258999。").is_empty());
    assert!(find("身份证110101********4258").is_empty());
    assert!(find("ID: A110101199003074258").is_empty());
}

#[test]
fn phones() {
    let k = kinds("手机：138-1234-5678；电话 138 1234 5678；+86 13812345678；0086-138-1234-5678");
    let texts: Vec<&str> = k.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "138-1234-5678",
            "138 1234 5678",
            "+86 13812345678",
            "0086-138-1234-5678"
        ]
    );
    assert!(k.iter().all(|x| x.0 == "privacy.mobile"));
    assert!(find("138****5678").is_empty());
    assert!(find("138xxxx5678").is_empty());
    assert!(find("金额13812345678.50元").is_empty());
    assert_eq!(
        find("+86 138 1234 5678")[0].suggestions[0],
        "+86 138 **** 5678"
    );
    // landlines: info unless personal
    let f = find("办公室电话：010-65123456");
    assert_eq!(
        (f[0].rule.as_str(), f[0].severity),
        ("privacy.landline", Severity::Info)
    );
    let f = find("家庭住址和住宅电话：(0755)82345678");
    assert_eq!(f[0].text, "(0755)82345678");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].suggestions[0], "(0755)****5678");
    let f = find("服务热线400-810-8888");
    assert_eq!(
        (f[0].text.as_str(), f[0].severity),
        ("400-810-8888", Severity::Info)
    );
    assert!(find("请拨打12345或110。").is_empty());
    // business mobile
    assert_eq!(find("举报热线：13912345678")[0].severity, Severity::Info);
}

#[test]
fn cards_and_codes() {
    let f = find("请汇款至银行卡 6222 0212 3456 7890 128。");
    assert_eq!(f[0].rule, "privacy.bank_card");
    assert_eq!(f[0].text, "6222 0212 3456 7890 128");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].suggestions[0], "6222 02** **** ***0 128");
    // fails Luhn: only with a card word
    assert_eq!(find("卡号6222021234567890")[0].severity, Severity::Warning);
    assert!(find("数据6222021234567890").is_empty());
    // order numbers are not cards
    assert!(find("订单号6222021234567890128").is_empty());
    let f = find("统一社会信用代码：91110000802100433B");
    assert_eq!(
        (f[0].rule.as_str(), f[0].severity),
        ("privacy.credit_code", Severity::Info)
    );
    assert!(find("代码91110000802100433C").is_empty());
}

#[test]
fn emails_passports_plates_ips() {
    let f = find("联系邮箱：zhangsan1990@163.com。");
    assert_eq!(f[0].rule, "privacy.email");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].suggestions[0], "zha***@163.com");
    assert_eq!(
        find("来信请寄 xxgk@beijing.gov.cn")[0].severity,
        Severity::Info
    );
    assert!(find("zh***@163.com").is_empty());
    let f = find("护照号码E12345678");
    assert_eq!(
        (f[0].rule.as_str(), f[0].severity),
        ("privacy.passport", Severity::Warning)
    );
    let f = find("港澳居民来往内地通行证H12345678");
    assert_eq!(f[0].rule, "privacy.travel_permit");
    let f = find("台胞证号码12345678。");
    assert_eq!(f[0].rule, "privacy.travel_permit");
    assert!(find("乘坐G1234次列车").is_empty());
    let f = find("车牌号京A·12345的车主");
    assert_eq!(
        (f[0].text.as_str(), f[0].severity),
        ("京A·12345", Severity::Warning)
    );
    assert_eq!(find("新能源车粤BD12345")[0].text, "粤BD12345");
    let f = find("登录IP为203.0.113.7和10.0.0.1");
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].suggestions[0], "203.0.*.*");
    assert!(find("版本1.2.3.4.5").is_empty());
    assert!(find("会议于10:30:00开始").is_empty());
    assert_eq!(find("地址 2001:db8::8a2e:370:7334")[0].rule, "privacy.ip");
}

#[test]
fn look_alikes_are_quiet() {
    for t in [
        "国办秘函〔2019〕19号",
        "1998年1月1日，GDP增长8.8%，达到74772亿元。",
        "2019-01-02 至 2019-12-31",
        "金额：1,234,567.89 元",
        "| 序号 | 数量 | 金额 |\n| 1 | 2003 | 1345.50 |",
        "京九铁路全长2536公里",
        "电话号码共有 11 位",
        "张*、李**",
    ] {
        assert!(find(t).is_empty(), "{t}: {:?}", find(t));
    }
}

#[test]
fn no_panic_on_odd_input() {
    for t in [
        "+",
        "(",
        "()",
        "+86",
        "8",
        "@",
        "::",
        "a@b",
        "X",
        "1-",
        "-1",
        "１",
        "𠮷1𠮷",
    ] {
        let _ = find(t);
    }
}

#[test]
fn extensions_permits_and_grouped_ids() {
    let f = find("联系人电话：0755-82345678-8001");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].text, "0755-82345678");
    assert_eq!(f[0].rule, "privacy.landline");
    // `-extension` does not make a mobile out of a landline-shaped chunk
    assert!(find("编号 2019-13812345678-12").is_empty());
    let f = find("台胞证号码：23456789。");
    assert_eq!(f[0].rule, "privacy.travel_permit");
    assert!(find("身份证号码：23456789").is_empty());
    assert_eq!(
        find("号码 4403 0419 8512 3112 33")[0].rule,
        "privacy.id_card"
    );
}

/// Findings of a scan over the whole folded text (no windows), for comparison.
fn whole(text: &str) -> Vec<(&'static str, usize, usize, Severity)> {
    let view = FoldedView::new(text, FoldOptions::WIDTH);
    let Ok(detector) = PrivacyDetector::shared() else {
        panic!("built-in privacy patterns must compile")
    };
    detector
        .scan(view.text())
        .into_iter()
        .filter_map(|c| {
            let (s, e) = view.to_original(c.start, c.end);
            let dotted = c.kind == Kind::Ip && text[s..e].contains(['．', '。']);
            (!dotted).then_some((c.kind.rule(), s, e, c.severity))
        })
        .collect()
}

fn windowed(text: &str) -> Vec<(&'static str, usize, usize, Severity)> {
    find(text)
        .into_iter()
        .map(|f| {
            let rule = [
                Kind::IdCard,
                Kind::Mobile,
                Kind::Landline,
                Kind::BankCard,
                Kind::Email,
                Kind::Passport,
                Kind::TravelPermit,
                Kind::CreditCode,
                Kind::LicencePlate,
                Kind::Ip,
            ]
            .into_iter()
            .map(Kind::rule)
            .find(|r| *r == f.rule)
            .unwrap_or("?");
            (rule, f.span.start, f.span.end, f.severity)
        })
        .collect()
}

#[test]
fn windows_skip_plain_prose_and_find_what_a_whole_scan_finds() {
    assert!(windows("一九九八年一月一日，新华社北京电。１９９８年增长８．８％。").is_empty());
    let body = include_str!("../../../../tests/golden/privacy.jsonl");
    for line in body.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let text = v["text"].as_str().unwrap_or_default();
        assert_eq!(windowed(text), whole(text), "{text}");
    }
}

const PIECES: &[&str] = &[
    "110101199003074258",
    "身份证",
    "手机",
    "13812345678",
    "１３９ １２３４ ５６７８",
    "6228480012345678903",
    "银行卡",
    "zhangsan@163.com",
    "E12345678",
    "护照",
    "粤B·12345",
    "58.30.1.100",
    "IP",
    "010-62345678",
    "热线",
    "1998年",
    "，",
    " ",
    "-",
    "*",
    "a",
    "订单号",
    "：",
    "（",
    "）",
    "“",
    "\u{3000}",
    "①",
    "ＡＢ",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn windows_agree_with_whole_scan(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..12),
        filler in "[一-龥]{0,20}",
    ) {
        let text = format!("{filler}{}", parts.concat());
        proptest::prop_assert_eq!(windowed(&text), whole(&text));
    }
}

#[test]
fn context_word_file_is_well_formed() {
    let (words, bad) = parse_context_words(CONTEXT_FILE);
    assert!(
        bad.is_empty(),
        "malformed lines in context_words.tsv: {bad:?}"
    );
    assert!(words.len() >= 90, "{}", words.len());
    assert!(words.contains(&("身份证", C_ID | C_PERSONAL)));
    assert!(words.contains(&("热线", C_BUSINESS)));
    let (_, bad) = parse_context_words("好\tnope\n坏\n\n# c\n词\tid\n");
    assert_eq!(bad, vec![1, 2]);
}
