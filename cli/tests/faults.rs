//! Fault behaviour of `zhproof check`: atomic `--output`, SIGINT mid-run, broken pipes,
//! unreadable inputs.

mod common;

use common::{command as zhproof, tmpdir};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Waits at most `secs` for the child; kills it (and fails) if it does not exit.
fn wait_bounded(child: &mut Child, secs: u64) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("zhproof did not exit within {secs} s");
            }
        }
    }
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".zhproof-") && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn output_file_holds_the_same_report_as_stdout_and_no_temp_file_remains() {
    let dir = tmpdir("output");
    let input = dir.join("in.txt");
    std::fs::write(&input, "我们要再接再励，按装设备。\n").unwrap_or_else(|e| panic!("{e}"));
    let report = dir.join("report.jsonl");
    std::fs::write(&report, "old content").unwrap_or_else(|e| panic!("{e}"));
    let to_stdout = zhproof()
        .args(["check", "--format", "jsonl"])
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let to_file = zhproof()
        .args(["check", "--format", "jsonl", "--output"])
        .arg(&report)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(to_file.status.code(), to_stdout.status.code());
    assert_eq!(to_stdout.status.code(), Some(1), "the input has warnings");
    assert!(to_file.stdout.is_empty());
    let written = std::fs::read(&report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, to_stdout.stdout);
    assert!(String::from_utf8_lossy(&written).contains("再接再厉"));
    assert!(temp_files(&dir).is_empty(), "{:?}", temp_files(&dir));
}

#[test]
fn output_into_a_missing_directory_is_reported_by_name() {
    let dir = tmpdir("missing");
    let input = dir.join("in.txt");
    std::fs::write(&input, "按装").unwrap_or_else(|e| panic!("{e}"));
    let dest = dir.join("no-such-dir").join("r.txt");
    let out = zhproof()
        .args(["check", "--output"])
        .arg(&dest)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-dir"), "{err}");
    assert!(!dest.exists());
}

#[test]
fn sigint_mid_run_exits_130_and_leaves_no_partial_report() {
    let dir = tmpdir("sigint");
    let report = dir.join("report.txt");
    std::fs::write(&report, "previous report\n").unwrap_or_else(|e| panic!("{e}"));
    // The child reads standard input, which this test keeps open: it is mid-run for as long
    // as we like, with its temporary report file created.
    let mut child = zhproof()
        .args(["check", "--output"])
        .arg(&report)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    stdin
        .write_all("按装设备。\n".repeat(10_000).as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while temp_files(&dir).is_empty() {
        assert!(Instant::now() < deadline, "no temporary report appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(kill.success());
    let status = wait_bounded(&mut child, 20);
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{status:?}");
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap_or_default(),
        "previous report\n",
        "the old report must survive an interrupted run"
    );
    assert!(temp_files(&dir).is_empty(), "{:?}", temp_files(&dir));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tmpdir("pipe");
    let input = dir.join("big.txt");
    // Tens of thousands of findings: far more output than a pipe buffer holds.
    std::fs::write(&input, "按装。\n".repeat(40_000)).unwrap_or_else(|e| panic!("{e}"));
    let mut child = zhproof()
        .args(["check", "--max-findings", "0", "--format", "jsonl"])
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut first = [0u8; 256];
    stdout
        .read_exact(&mut first)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(stdout); // like `| head -c 256`
    let status = wait_bounded(&mut child, 60);
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(String::from_utf8_lossy(&first).starts_with("{\""));
}

#[test]
fn unreadable_inputs_are_reported_by_name_and_the_rest_checked() {
    let dir = tmpdir("unreadable");
    let good = dir.join("good.txt");
    std::fs::write(&good, "按装").unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.join("missing-file.txt");
    let dangling = dir.join("dangling-link.txt");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap_or_else(|e| panic!("{e}"));
    let out = zhproof()
        .args(["check", "--format", "jsonl"])
        .arg(&missing)
        .arg(&dangling)
        .arg(&good)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing-file.txt"), "{err}");
    assert!(err.contains("dangling-link.txt"), "{err}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("good.txt") && stdout.contains("安装"),
        "{stdout}"
    );
}

/// `<img a0="v" a1="v" …>` with `n` double-quoted attributes (html5gum 0.9 nests calls per
/// attribute; 7,000 overflowed the main thread's stack in a release build).
fn attribute_page(n: usize) -> String {
    let mut page = String::with_capacity(n * 12 + 100);
    page.push_str("<p>请按装设备。</p><img");
    for i in 0..n {
        page.push_str(" a");
        page.push_str(&i.to_string());
        page.push_str("=\"v\"");
    }
    page.push_str(" href=\"x\"><p>完</p>");
    page
}

#[test]
fn pages_with_thousands_or_a_million_attributes_are_checked() {
    let dir = tmpdir("attrs");
    for n in [7_000, 1_000_000] {
        let page = dir.join(format!("attrs-{n}.html"));
        std::fs::write(&page, attribute_page(n)).unwrap_or_else(|e| panic!("{e}"));
        let mut child = zhproof()
            .args(["check", "--format", "jsonl"])
            .arg(&page)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = String::new();
        if let Some(mut s) = child.stdout.take() {
            let _ = s.read_to_string(&mut out);
        }
        let status = wait_bounded(&mut child, 240);
        assert_eq!(status.code(), Some(1), "{n} attributes: {out}");
        assert!(out.contains("\"text\":\"按装\""), "{n}: {out}");
        assert!(out.contains("link.attributes_cut"), "{n}: {out}");
    }
}

#[test]
fn a_fifo_given_as_a_path_is_refused_not_waited_on() {
    let dir = tmpdir("fifo");
    let fifo = dir.join("pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let plain = dir.join("plain.txt");
    std::fs::write(&plain, "请按装设备。").unwrap_or_else(|e| panic!("{e}"));
    for args in [vec!["check"], vec!["mask"], vec!["convert", "--to", "t"]] {
        let mut child = zhproof()
            .args(&args)
            .arg(&fifo)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let status = wait_bounded(&mut child, 30);
        let mut err = String::new();
        if let Some(mut s) = child.stderr.take() {
            let _ = s.read_to_string(&mut err);
        }
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("pipe.txt") && err.contains("not a regular file"),
            "{err}"
        );
    }
    // Other inputs of the same run are still checked.
    let out = zhproof()
        .args(["check", "--format", "jsonl"])
        .arg(&fifo)
        .arg(&plain)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("按装"));
}

#[test]
fn large_files_are_streamed_with_right_offsets_and_lines() {
    let dir = tmpdir("stream");
    let mut text = String::new();
    let mut lines = 0usize;
    // ~3 MiB with a typo on every 50th line and one 1.5 MiB line without a break.
    while text.len() < 3 << 20 {
        lines += 1;
        if lines == 20_000 {
            text.push_str(&"很长的一行没有换行。".repeat(50_000));
            text.push_str("按装\n");
            continue;
        }
        if lines % 50 == 0 {
            text.push_str(&format!("第{lines}行：请按装设备。\n"));
        } else {
            text.push_str("今天天气很好，我们去公园散步。\n");
        }
    }
    let path = dir.join("big.txt");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        let out = zhproof()
            .args(["check", "--format", "jsonl", "--max-findings", "0"])
            .args(extra)
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let streamed = run(&["--stream-above", "100000"]);
    let whole = run(&[]);
    let typos = |report: &str| -> Vec<(usize, usize, usize)> {
        report
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            // the findings themselves, not the flood summaries (`typo.word.page`), which
            // a streamed file gives per block
            .filter(|v| v["text"] == "按装" && v["rule"] == "typo.word")
            .map(|v| {
                let n = |k: &str| v[k].as_u64().unwrap_or(0) as usize;
                (n("start"), n("end"), n("line"))
            })
            .collect()
    };
    let (s, w) = (typos(&streamed), typos(&whole));
    assert!(s.len() > 100, "{}", s.len());
    for &(start, end, line) in &s {
        assert_eq!(&text[start..end], "按装");
        assert_eq!(text[..start].matches('\n').count() + 1, line);
    }
    // The line cut inside loses nothing either.
    assert_eq!(s, w);
}
