//! End-to-end tests of `zhproof convert`.

mod common;

fn convert_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    let out = common::with_stdin(&[&["convert"], args].concat(), input);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn converts_stdin_to_each_short_target() {
    let text = "鼠标和软件，头发很干。\n第二行：皇后来了以后\n";
    for (to, want) in [
        ("t", "鼠標和軟件，頭髮很乾。\n第二行：皇后來了以後\n"),
        ("tw", "鼠標和軟件，頭髮很乾。\n第二行：皇后來了以後\n"),
        ("twp", "滑鼠和軟體，頭髮很乾。\n第二行：皇后來了以後\n"),
        ("s", text),
    ] {
        let (code, out, err) = convert_stdin(&["--to", to, "-"], text);
        assert_eq!(code, 0, "{to}: {err}");
        assert_eq!(out, want, "--to {to}");
    }
    let (code, out, _) = convert_stdin(&["--to", "tw2sp", "-"], "滑鼠和軟體");
    assert_eq!((code, out.as_str()), (0, "鼠标和软件"));
}

#[test]
fn bad_target_and_bad_input_are_errors() {
    let (code, _, err) = convert_stdin(&["--to", "x2y", "-"], "文字");
    assert_eq!(code, 2);
    assert!(err.contains("x2y"), "{err}");
    let (code, _, err) = convert_stdin(&["--to", "t", "/nonexistent/zhproof.txt"], "");
    assert_eq!(code, 2);
    assert!(err.contains("nonexistent"), "{err}");
}

#[test]
fn stats_go_to_stderr() {
    let (code, out, err) = convert_stdin(&["--to", "s", "--stats", "-"], "發現問題");
    assert_eq!(code, 0);
    assert_eq!(out, "发现问题");
    assert!(err.contains("load") && err.contains("MB/s"), "{err}");
}

#[test]
fn converts_a_gbk_file_with_encoding() {
    let dir = std::env::temp_dir().join(format!("zhproof-convert-enc-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let input = dir.join("gbk.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("头发很干");
    std::fs::write(&input, &gbk).unwrap_or_else(|e| panic!("{e}"));
    let out = common::command()
        .args(["convert", "--to", "t", "--encoding", "gbk"])
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "頭髮很乾");
    let out = common::command()
        .args(["convert", "--to", "t"])
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--encoding"));
    let _ = std::fs::remove_dir_all(&dir);
}
