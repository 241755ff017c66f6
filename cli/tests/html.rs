//! `zhproof check` on the pages in `tests/html/` (UTF-8 and GBK): findings match the
//! expected files, offsets are into the original bytes, and every span, sliced from the
//! bytes and decoded with the page's encoding, is the reported text.

mod common;

use common::{records, root, tmpdir, with_stdin, zhproof};

fn key(v: &serde_json::Value) -> String {
    ["start", "end", "line", "column", "rule", "severity", "text"]
        .iter()
        .map(|k| v[k].to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pages_match_expected_and_spans_slice_original_bytes() {
    for (name, encoding) in [
        ("news", encoding_rs::UTF_8),
        ("notice_gbk", encoding_rs::GBK),
    ] {
        let page = format!("tests/html/{name}.html");
        let out = zhproof(&["check", "--format", "jsonl", "--only", "typo,link", &page]);
        assert_eq!(out.status.code(), Some(1), "{name}: {:?}", out);
        let bytes = std::fs::read(root().join(&page)).unwrap_or_else(|e| panic!("{e}"));
        let got = records(&out);
        for r in &got {
            let s = r["start"].as_u64().unwrap_or(0) as usize;
            let e = r["end"].as_u64().unwrap_or(0) as usize;
            let slice = bytes
                .get(s..e)
                .unwrap_or_else(|| panic!("{name}: bad span {r}"));
            let (decoded, _, bad) = encoding.decode(slice);
            assert!(!bad, "{name}: span {s}..{e} splits a character");
            assert_eq!(decoded, r["text"].as_str().unwrap_or(""), "{name}");
        }
        let expected =
            std::fs::read_to_string(root().join(format!("tests/html/{name}.expected.jsonl")))
                .unwrap_or_else(|e| panic!("{e}"));
        let want: Vec<String> = expected
            .lines()
            .map(|l| key(&serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}"))))
            .collect();
        let got: Vec<String> = got.iter().map(key).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn gbk_page_needs_declaration_or_encoding_flag() {
    // Declared charset: read as GBK.
    let out = zhproof(&[
        "check",
        "--format",
        "jsonl",
        "--only",
        "typo",
        "tests/html/notice_gbk.html",
    ]);
    assert_eq!(records(&out).len(), 3);
    // As plain text (no HTML, no declaration is looked at): not UTF-8, an error.
    let dir = tmpdir("html");
    let txt = dir.join("notice.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("请按装设备");
    std::fs::write(&txt, &gbk).unwrap_or_else(|e| panic!("{e}"));
    let t = txt.to_string_lossy().to_string();
    let out = zhproof(&["check", "--format", "jsonl", &t]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--encoding"));
    let out = zhproof(&["check", "--format", "jsonl", "--encoding", "gb18030", &t]);
    let r = records(&out);
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0]["start"].as_u64(), r[0]["end"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(
        (r[0]["line"].as_u64(), r[0]["column"].as_u64()),
        (Some(1), Some(2))
    );
    let out = zhproof(&["check", "--encoding", "klingon", &t]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn html_flag_and_stdin() {
    let out = with_stdin(
        &[
            "check", "--html", "--format", "jsonl", "--only", "typo", "-",
        ],
        "<p>再接<i>再励</i></p><pre>按装</pre>",
    );
    let r = records(&out);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["text"], "再接<i>再励");
}
