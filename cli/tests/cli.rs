//! End-to-end tests of the `zhproof` binary on files in `tests/cli/`.

mod common;

use common::{records, root, tmpdir, with_stdin, zhproof};
use std::path::{Path, PathBuf};

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn jsonl_matches_expected_files_and_offsets_slice_the_file() {
    let dir = root().join("tests/cli");
    let mut checked = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let rel = format!("tests/cli/{name}");
        let out = zhproof(&["check", "--format", "jsonl", &rel]);
        let expected = std::fs::read_to_string(path.with_extension("expected.jsonl"))
            .unwrap_or_else(|e| panic!("{rel}: missing expected file: {e}"));
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{rel}");
        let bytes = std::fs::read(path).unwrap_or_default();
        let recs = records(&out);
        for r in &recs {
            let s = r["start"].as_u64().unwrap_or(0) as usize;
            let e = r["end"].as_u64().unwrap_or(0) as usize;
            assert_eq!(
                std::str::from_utf8(&bytes[s..e]).ok(),
                r["text"].as_str(),
                "{rel}: {r}"
            );
        }
        let serious = recs.iter().any(|r| r["severity"] != "info");
        assert_eq!(out.status.code(), Some(i32::from(serious)), "{rel}");
        checked += 1;
    }
    assert!(checked >= 2);
}

#[test]
fn crlf_and_astral_lines_and_columns() {
    let out = zhproof(&["check", "--format", "jsonl", "tests/cli/typos_crlf.txt"]);
    let recs = records(&out);
    let r = recs
        .iter()
        .find(|r| r["text"] == "再接再励")
        .unwrap_or_else(|| panic!("not found"));
    assert_eq!(r["line"], 3);
    // 𠮷 is one character: 𠮷祥物设计要 = 6 characters before.
    assert_eq!(r["column"], 7);
}

#[test]
fn json_is_one_array_and_text_has_carets() {
    let out = zhproof(&["check", "--format", "json", "tests/cli/typos_crlf.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(v.as_array().map(|a| a.len()), Some(6));
    let out = zhproof(&["check", "tests/cli/typos_crlf.txt"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("tests/cli/typos_crlf.txt:3:7: error[typo.word]"));
    assert!(text.contains("^^^^^^^^"));
    assert!(text.contains("建议: 再接再厉"));
}

#[test]
fn stdin_is_read_with_dash() {
    let out = with_stdin(&["check", "--format", "jsonl", "-"], "请再接再励");
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["path"], "<stdin>");
    assert_eq!(recs[0]["start"], 3);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn confidence_is_printed_and_min_confidence_filters() {
    // 油刃有余: typo.idiom 0.9; 一阵见血: typo.idiom 0.75; 再接再励: typo.word (no confidence).
    let text = "他油刃有余，一阵见血，我们要再接再励。";
    let out = with_stdin(&["check", "--format", "jsonl", "--only", "typo", "-"], text);
    let recs = records(&out);
    let got: Vec<(&str, Option<f64>)> = recs
        .iter()
        .map(|r| (r["text"].as_str().unwrap_or(""), r["confidence"].as_f64()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("油刃有余", Some(0.9)),
            ("一阵见血", Some(0.75)),
            ("再接再励", None)
        ]
    );
    // A finding without a confidence has no `confidence` key at all.
    assert!(recs[2].get("confidence").is_none());
    let out = with_stdin(
        &[
            "check",
            "--format",
            "jsonl",
            "--only",
            "typo",
            "--min-confidence",
            "0.8",
            "-",
        ],
        text,
    );
    let texts: Vec<String> = records(&out)
        .iter()
        .map(|r| r["text"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(texts, ["油刃有余", "再接再励"]);
    let out = with_stdin(&["check", "--only", "typo", "-"], text);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("error[typo.idiom]: 疑为成语“游刃有余”之误"),
        "{report}"
    );
    assert!(report.contains("(置信度 0.90)"), "{report}");
    assert_eq!(
        with_stdin(&["check", "--min-confidence", "1.5", "-"], text)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn missing_file_is_exit_2_with_name() {
    let out = zhproof(&["check", "no/such/file.txt", "tests/cli/typos_crlf.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
    // the other file is still checked
    assert!(String::from_utf8_lossy(&out.stdout).contains("再接再励"));
}

#[test]
fn directory_with_non_utf8_file_reports_it_and_checks_the_rest() {
    let dir = tmpdir("walk");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    write(&dir.join("a.txt"), "按装");
    write(&sub.join("gbk.txt"), [0xb0u8, 0xb2, 0xd7, 0xb0]);
    write(&dir.join("skip.bin"), "按装");
    let d = dir.to_string_lossy().to_string();
    let out = zhproof(&["check", "--format", "jsonl", &d]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gbk.txt") && err.contains("not valid UTF-8"),
        "{err}"
    );
    let recs = records(&out);
    assert_eq!(
        recs.len(),
        1,
        "only a.txt has a finding; skip.bin is not walked"
    );
    assert!(recs[0]["path"].as_str().unwrap_or("").ends_with("a.txt"));
}

#[test]
fn malformed_dictionary_names_file_and_line() {
    let dir = tmpdir("baddict");
    let path = dir.join("bad.tsv");
    write(&path, "# ok\n好词\t\n坏词\t改\tnosuch\n");
    let p = path.to_string_lossy().to_string();
    let out = zhproof(&["check", "--dict", &p, "tests/cli/clean.txt"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{p}:3: unknown category")), "{err}");
}

#[test]
fn user_dictionary_and_allowlist_apply() {
    let dir = tmpdir("dict");
    write(
        &dir.join("d.tsv"),
        "内容规范\t内容合规\texpression\twarning\t用语\n",
    );
    write(&dir.join("allow.txt"), "请再接再励\n");
    write(&dir.join("t.txt"), "请再接再励。内容规范。");
    let s = |n: &str| dir.join(n).to_string_lossy().to_string();
    let out = zhproof(&[
        "check",
        "--format",
        "jsonl",
        "--dict",
        &s("d.tsv"),
        "--allow",
        &s("allow.txt"),
        &s("t.txt"),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let recs = records(&out);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["rule"], "expression.word");
    assert_eq!(recs[0]["suggestions"][0], "内容合规");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(zhproof(&["check"]).status.code(), Some(2));
    assert_eq!(
        zhproof(&["check", "--only", "nosuch", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(zhproof(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn only_and_skip_filter_categories() {
    let out = zhproof(&[
        "check",
        "--format",
        "jsonl",
        "--only",
        "privacy",
        "tests/cli/typos_crlf.txt",
    ]);
    assert!(records(&out).iter().all(|r| r["category"] == "privacy"));
    let out = zhproof(&[
        "check",
        "--format",
        "jsonl",
        "--skip",
        "typo",
        "tests/cli/typos_crlf.txt",
    ]);
    assert!(records(&out).iter().all(|r| r["category"] != "typo"));
}

#[test]
fn any_number_of_jobs_gives_the_same_report() {
    // Files are checked in parallel but reported in input order: stdout, stderr and the
    // exit code do not depend on --jobs.
    let dir = tmpdir("jobs");
    for i in 0..60 {
        let body = match i % 4 {
            0 => format!("第{i}段：我们要再接再励，按装设备。\n"),
            1 => format!("第{i}段：今天天气很好。\n"),
            2 => format!("<p>第{i}段：一股作气，手机13812345678。</p>\n"),
            _ => format!("第{i}段：联系人邮箱 zhangsan{i}@163.com。\n"),
        };
        let ext = if i % 4 == 2 { "html" } else { "txt" };
        write(&dir.join(format!("f{i:02}.{ext}")), body);
    }
    write(&dir.join("f30.txt"), b"not UTF-8 \xc3\x28 \xff");
    let dir_s = dir.to_string_lossy().to_string();
    let run = |jobs: &str| zhproof(&["check", "--format", "jsonl", "--jobs", jobs, &dir_s]);
    let one = run("1");
    let recs = records(&one);
    assert!(recs.len() >= 60, "{}", recs.len());
    assert_eq!(one.status.code(), Some(2)); // the non-UTF-8 file
    assert!(String::from_utf8_lossy(&one.stderr).contains("f30.txt"));
    for jobs in ["2", "5"] {
        let many = run(jobs);
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
        assert_eq!(many.status.code(), one.status.code());
    }
    let bad = zhproof(&["check", "--jobs", "0", &dir_s]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
