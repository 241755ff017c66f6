//! Masking changes the leaks and nothing else: every byte outside the masked spans is
//! compared with the input.

use proptest::prelude::*;
use zhproof::{Category, Checker, Finding, Severity};

fn checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        Checker::builder()
            .only([Category::Privacy])
            .max_findings(0)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Asserts that `masked` equals `text` with each leak's span replaced by its first
/// suggestion, that the text between spans is byte-identical, and that no leak survives.
fn assert_only_spans_changed(c: &Checker, text: &str, masked: &str) {
    let leaks: Vec<Finding> = c
        .check(text)
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    let mut at_in = 0;
    let mut at_out = 0;
    for f in &leaks {
        let gap = &text.as_bytes()[at_in..f.span.start];
        assert_eq!(
            &masked.as_bytes()[at_out..at_out + gap.len()],
            gap,
            "bytes before {:?} changed in {text:?}",
            f.span
        );
        at_out += gap.len();
        let rep = &f.suggestions[0];
        assert_eq!(&masked[at_out..at_out + rep.len()], rep.as_str());
        assert_ne!(rep, &f.text, "suggestion does not mask {:?}", f.text);
        at_out += rep.len();
        at_in = f.span.end;
    }
    assert_eq!(&masked.as_bytes()[at_out..], &text.as_bytes()[at_in..]);
    // masking is final: the masked text has no leak left
    let again: Vec<Finding> = c
        .check(masked)
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    assert!(
        again.is_empty(),
        "leaks left after masking {masked:?}: {again:?}"
    );
}

#[test]
fn masks_each_kind_and_keeps_everything_else() {
    let c = checker();
    let text = "　通报：当事人王某，公民身份号码440304198512311233，手机１３８１２３４５６７８，\
                住宅电话（010）62345678，工资卡号 6217 0012 3456 7890 122，邮箱 wangmou88@qq.com，\
                护照号码E12345678，车牌号粤B·12345。咨询热线 400-810-8888，\
                统一社会信用代码 91440300MA5FLX1A2R。𠮷\r\n";
    let masked = c.mask(text);
    assert_eq!(
        masked,
        "　通报：当事人王某，公民身份号码440304********1233，手机１３８****５６７８，\
         住宅电话（010）****5678，工资卡号 6217 00** **** ***0 122，邮箱 wan***@qq.com，\
         护照号码E*****678，车牌号粤B·***45。咨询热线 400-810-8888，\
         统一社会信用代码 91440300MA5FLX1A2R。𠮷\r\n"
    );
    assert_only_spans_changed(c, text, &masked);
    assert_eq!(zhproof::mask(text), masked);
}

#[test]
fn golden_texts_mask_only_their_spans() {
    let c = checker();
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/golden/privacy.jsonl"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let mut n = 0;
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        let text = v["text"].as_str().unwrap_or_default();
        assert_only_spans_changed(c, text, &c.mask(text));
        n += 1;
    }
    assert!(n >= 50);
}

#[test]
fn text_without_leaks_is_returned_as_is() {
    let c = checker();
    for t in ["", "国办秘函〔2019〕19号", "手机：138****5678", "热线12345"] {
        assert_eq!(c.mask(t), t);
    }
}

const VALUES: &[&str] = &[
    "110101199003074258",
    "13812345678",
    "138 1234 5678",
    "6228480012345678903",
    "zhangsan@163.com",
    "１３９１２３４５６７８",
    "2019-01-02",
    "〔2019〕19号",
    "138****5678",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_text_around_values(
        parts in proptest::collection::vec(
            prop_oneof![
                "[\\PC]{0,12}",
                "[一-龥，。：；（）]{0,10}",
                proptest::sample::select(VALUES).prop_map(str::to_string),
            ],
            0..8,
        )
    ) {
        let c = checker();
        let text: String = parts.concat();
        let masked = c.mask(&text);
        assert_only_spans_changed(c, &text, &masked);
    }
}
