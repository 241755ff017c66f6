//! Property tests: whatever the input, findings are sound (spans on char boundaries,
//! inside the text, slicing to `text`, sorted) and the checker never panics.

use proptest::prelude::*;
use zhproof::{positions, Checker, Finding};

fn checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| Checker::new().unwrap_or_else(|e| panic!("{e}")))
}

/// Text built from pieces that trigger detectors, mixed with arbitrary characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("再接再励".to_string()),
        Just("按装".to_string()),
        Just("既使".to_string()),
        Just("𠮷".to_string()),
        Just("\r\n".to_string()),
        Just("\u{200b}".to_string()),
        Just("１３８１２３４５６７８".to_string()),
        Just("11010519491231002X".to_string()),
        Just("線上賭場".to_string()),
        Just("<b>".to_string()),
        Just("&nbsp;".to_string()),
        Just("，，".to_string()),
        Just("(".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[\\PC]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn assert_sound(text: &str, findings: &[Finding]) {
    let mut last = (0, 0);
    for f in findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
        assert_eq!(&text[f.span.range()], f.text, "{f:?}");
        assert!(
            (f.span.start, f.span.end) >= last || f.rule == "format.truncated",
            "unsorted: {findings:?}"
        );
        last = (f.span.start, f.span.end);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn spans_are_sound_on_tricky_text(text in tricky_text()) {
        let findings = checker().check(&text);
        assert_sound(&text, &findings);
    }

    #[test]
    fn spans_are_sound_on_any_string(text in any::<String>()) {
        let findings = checker().check(&text);
        assert_sound(&text, &findings);
    }

    #[test]
    fn front_end_offsets_slice_the_same_text(text in tricky_text()) {
        let findings = checker().check(&text);
        let mut offs = Vec::new();
        for f in &findings {
            offs.push(f.span.start);
            offs.push(f.span.end);
        }
        let pos = positions(&text, &offs);
        let chars: Vec<char> = text.chars().collect();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for (i, f) in findings.iter().enumerate() {
            let (s, e) = (pos[2 * i], pos[2 * i + 1]);
            // Python: code points
            let py: String = chars[s.char_offset..e.char_offset].iter().collect();
            prop_assert_eq!(&py, &f.text);
            // JavaScript: UTF-16 code units
            let js = String::from_utf16(&utf16[s.utf16_offset..e.utf16_offset]).unwrap_or_default();
            prop_assert_eq!(&js, &f.text);
        }
    }
}

// ---------------------------------------------------------------------------------------
// HTML, mask, suggestions, conversion (issue #12)

use zhproof::privacy::apply_masks;
use zhproof::{convert, mask, Category, Script, Severity, Target};

/// HTML built from tags, character references and text that triggers detectors.
fn tricky_html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("<div><span>".to_string()),
        Just("<br>".to_string()),
        Just("<script>var a='按装';</script>".to_string()),
        Just("<pre>再接再励</pre>".to_string()),
        Just("<img alt=\"既使\">".to_string()),
        Just("<a href=\"http://x.cn/?a=1&amp;b\" style=\"display:none\">".to_string()),
        Just("</a>".to_string()),
        Just("<!-- 按装 -->".to_string()),
        Just("&nbsp;".to_string()),
        Just("&#x6309;".to_string()),
        Just("&amp".to_string()),
        Just("再接再励".to_string()),
        Just("按装".to_string()),
        Just("線上賭場".to_string()),
        Just("１３８１２３４５６７８".to_string()),
        Just("\r\n".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[\\PC]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Text dense in personal data, with separators that touch it.
fn privacy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("身份证号110101199003074258".to_string()),
        Just("11010519491231002X".to_string()),
        Just("手机 138 1234 5678".to_string()),
        Just("１３８１２３４５６７８".to_string()),
        Just("13812345678".to_string()),
        Just("zhangsan@example.com".to_string()),
        Just("192.168.1.10".to_string()),
        Just("6222021234567890128".to_string()),
        Just("，".to_string()),
        Just("：".to_string()),
        Just(" ".to_string()),
        "[0-9]{1,12}",
        "[a-z@.]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn privacy_checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        Checker::builder()
            .only([Category::Privacy])
            .max_findings(0)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn hans_checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        Checker::builder()
            .script(Script::ZhHans)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Asserts that `out` equals `text` with each of `spans` (sorted, non-overlapping) replaced
/// by its string: the bytes outside the spans are copied unchanged and in order.
fn assert_only_spans_changed(text: &str, spans: &[(usize, usize, &str)], out: &str) {
    let mut at = 0; // in text
    let mut o = 0; // in out
    for &(s, e, rep) in spans {
        let gap = &text[at..s];
        assert_eq!(
            out.get(o..o + gap.len()),
            Some(gap),
            "outside bytes changed"
        );
        o += gap.len();
        assert_eq!(
            out.get(o..o + rep.len()),
            Some(rep),
            "replacement misplaced"
        );
        o += rep.len();
        at = e;
    }
    assert_eq!(out.get(o..), Some(&text[at..]), "tail changed");
}

/// The findings `apply_masks` will apply: with a suggestion, not overlapping an earlier one.
fn non_overlapping(findings: &[Finding]) -> Vec<Finding> {
    let mut kept: Vec<Finding> = Vec::new();
    let mut end = 0;
    for f in findings {
        if f.suggestions.is_empty() || f.span.start < end {
            continue;
        }
        end = f.span.end;
        kept.push(f.clone());
    }
    kept
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn check_html_spans_slice_the_source(html in tricky_html()) {
        let findings = checker().check_html(&html);
        assert_sound(&html, &findings);
    }

    #[test]
    fn mask_changes_only_bytes_inside_privacy_spans(text in privacy_text()) {
        let leaks: Vec<Finding> = privacy_checker()
            .check(&text)
            .into_iter()
            .filter(|f| f.category == Category::Privacy && f.severity >= Severity::Warning)
            .collect();
        let kept = non_overlapping(&leaks);
        let spans: Vec<(usize, usize, &str)> = kept
            .iter()
            .map(|f| (f.span.start, f.span.end, f.suggestions[0].as_str()))
            .collect();
        let out = mask(&text);
        assert_only_spans_changed(&text, &spans, &out);
        // The masked value differs from the original wherever something was masked.
        for f in &kept {
            prop_assert_ne!(&f.suggestions[0], &f.text);
        }
    }

    #[test]
    fn applying_suggestions_changes_only_bytes_inside_spans(text in tricky_text()) {
        let findings = checker().check(&text);
        let kept = non_overlapping(&findings);
        let spans: Vec<(usize, usize, &str)> = kept
            .iter()
            .map(|f| (f.span.start, f.span.end, f.suggestions[0].as_str()))
            .collect();
        let out = apply_masks(&text, &findings);
        assert_only_spans_changed(&text, &spans, &out);
    }

    #[test]
    fn t2s_output_has_no_script_findings_in_hans(text in tricky_text()) {
        let simplified = convert(&text, Target::T2S);
        let bad: Vec<Finding> = hans_checker()
            .check(&simplified)
            .into_iter()
            .filter(|f| f.category == Category::Script && f.severity >= Severity::Warning)
            .collect();
        prop_assert!(bad.is_empty(), "{simplified:?}: {bad:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn t2s_of_traditional_pages_has_no_script_findings(
        text in prop::collection::vec(
            prop_oneof![
                Just("線上賭場".to_string()),
                Just("軟體與滑鼠".to_string()),
                Just("裏面著了頭髮乾燥".to_string()),
                Just("臺灣發展".to_string()),
                Just("這個問題請聯繫我們。".to_string()),
                "[\\u{4E00}-\\u{9FFF}]{1,12}",
            ],
            0..20,
        ).prop_map(|v| v.concat())
    ) {
        let simplified = convert(&text, Target::T2S);
        let bad: Vec<Finding> = hans_checker()
            .check(&simplified)
            .into_iter()
            .filter(|f| f.category == Category::Script && f.severity >= Severity::Warning)
            .collect();
        prop_assert!(bad.is_empty(), "{simplified:?}: {bad:?}");
    }
}
