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
