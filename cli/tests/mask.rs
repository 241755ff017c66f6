//! `zhproof mask`: masks leaks in a file or stdin and leaves every other byte alone.

mod common;

use common::{command as zhproof, tmpdir, with_stdin};

const INPUT: &str = "联系人：张三，身份证号110101199003074258，手机 138-1234-5678，\n\
                     邮箱 zhangsan88@163.com。服务热线400-810-8888。\n国办秘函〔2019〕19号\n";
const MASKED: &str = "联系人：张三，身份证号110101********4258，手机 138-****-5678，\n\
                      邮箱 zha***@163.com。服务热线400-810-8888。\n国办秘函〔2019〕19号\n";

#[test]
fn masks_stdin() {
    let out = with_stdin(&["mask", "-"], INPUT);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), MASKED);
}

#[test]
fn masks_file_to_output_file_and_reports_errors() {
    let dir = tmpdir("mask");
    let input = dir.join("in.txt");
    let output = dir.join("out.txt");
    std::fs::write(&input, INPUT).unwrap_or_else(|e| panic!("{e}"));
    let st = zhproof()
        .arg("mask")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(st.success());
    assert_eq!(std::fs::read_to_string(&output).unwrap_or_default(), MASKED);
    let out = zhproof()
        .args(["mask", "/no/such/file.txt"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
    // Not UTF-8 and no byte-order mark (`FF FE` would now be read as UTF-16).
    std::fs::write(&input, b"\xc3\x28 bad \xff").unwrap_or_else(|e| panic!("{e}"));
    let out = zhproof()
        .arg("mask")
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mask_with_an_encoding_writes_the_same_encoding_back() {
    let dir = std::env::temp_dir().join(format!("zhproof-mask-enc-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let input = dir.join("gbk.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("经办人：张三，身份证号110101199003074258。");
    std::fs::write(&input, &gbk).unwrap_or_else(|e| panic!("{e}"));
    let out = zhproof()
        .args(["mask", "--encoding", "gbk"])
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let (text, _, bad) = encoding_rs::GBK.decode(&out.stdout);
    assert!(!bad);
    assert_eq!(text, "经办人：张三，身份证号110101********4258。");
    let out = zhproof()
        .arg("mask")
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(2),
        "GBK without --encoding is an error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
