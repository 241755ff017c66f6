//! End-to-end tests of the everyday workflow: configuration files, suppression comments,
//! ignore files, baselines and fixes.

mod common;

use common::{records, tmpdir};
use std::path::Path;
use std::process::{Command, Output};

fn write(path: &Path, text: &str) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `zhproof args` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhproof"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run zhproof: {e}"))
}

fn texts(out: &Output) -> Vec<String> {
    records(out)
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["rule"].as_str().unwrap_or(""),
                r["text"].as_str().unwrap_or("")
            )
        })
        .collect()
}

const DIRTY: &str = "我们要再接再励，按装设备。\n";

#[test]
fn a_config_two_folders_up_changes_the_check_of_a_subfolder() {
    let dir = tmpdir("config-up");
    write(&dir.join("site/a/b/page.txt"), DIRTY);
    let before = run_in(&dir, &["check", "--format", "jsonl", "site/a/b/page.txt"]);
    assert_eq!(texts(&before), vec!["typo.word:再接再励", "typo.word:按装"]);
    write(
        &dir.join("site/zhproof.toml"),
        "allow = [\"再接再励\"]\n[severity]\n\"typo.word\" = \"info\"\n",
    );
    let after = run_in(&dir, &["check", "--format", "jsonl", "site/a/b/page.txt"]);
    assert_eq!(texts(&after), vec!["typo.word:按装"]);
    assert_eq!(records(&after)[0]["severity"], "info");
    assert_eq!(after.status.code(), Some(0));
    // --isolated ignores it; --config names another file.
    let iso = run_in(
        &dir,
        &[
            "check",
            "--isolated",
            "--format",
            "jsonl",
            "site/a/b/page.txt",
        ],
    );
    assert_eq!(texts(&iso), texts(&before));
    write(&dir.join("other.toml"), "disable = [\"typo\"]\n");
    let other = run_in(
        &dir,
        &[
            "check",
            "--config",
            "other.toml",
            "--format",
            "jsonl",
            "site/a/b/page.txt",
        ],
    );
    assert!(texts(&other).is_empty());
    // A nearer file wins: a pyproject.toml with [tool.zhproof] in a/.
    write(
        &dir.join("site/a/pyproject.toml"),
        "[project]\nname = \"x\"\n[tool.zhproof]\nskip = [\"typo\"]\n",
    );
    let nearer = run_in(&dir, &["check", "--format", "jsonl", "site/a/b/page.txt"]);
    assert!(texts(&nearer).is_empty(), "{:?}", texts(&nearer));
}

#[test]
fn a_bad_key_is_an_error_naming_file_and_key() {
    let dir = tmpdir("config-bad");
    write(&dir.join("docs/page.txt"), DIRTY);
    write(&dir.join("zhproof.toml"), "disabel = [\"typo\"]\n");
    let out = run_in(&dir, &["check", "docs"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("zhproof.toml"), "{err}");
    assert!(
        err.contains("`disabel`") && err.contains("`disable`"),
        "{err}"
    );
}

#[test]
fn overrides_and_excludes_follow_globs_relative_to_the_config() {
    let dir = tmpdir("config-globs");
    write(&dir.join("legacy/old.txt"), DIRTY);
    write(&dir.join("news/new.txt"), DIRTY);
    write(&dir.join("vendor/lib.txt"), DIRTY);
    write(
        &dir.join("zhproof.toml"),
        "exclude = [\"vendor\"]\n[[overrides]]\nfiles = [\"legacy/**\"]\ndisable = [\"typo\"]\n",
    );
    let out = run_in(&dir, &["check", "--format", "jsonl", "."]);
    let paths: Vec<String> = records(&out)
        .iter()
        .map(|r| r["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(paths, vec!["./news/new.txt", "./news/new.txt"]);
}

#[test]
fn ignore_files_leave_out_paths() {
    let dir = tmpdir("ignorefile");
    write(&dir.join("a/keep.txt"), DIRTY);
    write(&dir.join("a/gen/x.txt"), DIRTY);
    write(&dir.join("a/skip.md"), DIRTY);
    write(&dir.join(".zhproofignore"), "gen/\n*.md\n");
    let out = run_in(&dir, &["check", "--format", "jsonl", "a"]);
    let paths: Vec<String> = records(&out)
        .iter()
        .map(|r| r["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(paths, vec!["a/keep.txt", "a/keep.txt"]);
}

#[test]
fn a_disable_comment_silences_exactly_the_named_rule_on_exactly_the_next_line() {
    let dir = tmpdir("suppress");
    write(
        &dir.join("p.md"),
        "<!-- zhproof-disable-next-line typo.word -->\n再接再励，北韩代表团\n再接再励\n",
    );
    let out = run_in(&dir, &["check", "--format", "jsonl", "p.md"]);
    let got: Vec<(u64, String)> = records(&out)
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // line 2 keeps its expression finding; line 3 keeps its typo.
    assert!(
        got.iter()
            .any(|(l, r)| *l == 2 && r.starts_with("expression")),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(l, r)| *l == 2 && r == "typo.word"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(l, r)| *l == 3 && r == "typo.word"),
        "{got:?}"
    );
    // Unused suppressions on request.
    write(
        &dir.join("q.txt"),
        "zhproof-disable-next-line privacy\n今天天气很好。\n",
    );
    let out = run_in(&dir, &["check", "--format", "jsonl", "q.txt"]);
    assert!(records(&out).is_empty());
    let out = run_in(
        &dir,
        &[
            "check",
            "--report-unused-suppressions",
            "--format",
            "jsonl",
            "q.txt",
        ],
    );
    assert_eq!(
        texts(&out),
        vec!["format.unused_suppression:zhproof-disable-next-line privacy"]
    );
    // It is a registered rule: the configuration can turn it off or change its severity.
    let out = run_in(
        &dir,
        &[
            "check",
            "--report-unused-suppressions",
            "--disable-rule",
            "format.unused_suppression",
            "--format",
            "jsonl",
            "q.txt",
        ],
    );
    assert!(records(&out).is_empty());
    write(
        &dir.join("zhproof.toml"),
        "[severity]\n\"format.unused_suppression\" = \"info\"\n",
    );
    let out = run_in(
        &dir,
        &[
            "check",
            "--report-unused-suppressions",
            "--format",
            "jsonl",
            "q.txt",
        ],
    );
    let got = records(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["severity"], "info");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_baseline_reports_only_the_new_finding_after_an_edit_elsewhere() {
    let dir = tmpdir("baseline");
    write(
        &dir.join("docs/a.txt"),
        "第一段。\n我们要再接再励。\n按装设备。\n",
    );
    let w = run_in(&dir, &["check", "--write-baseline", "base.json", "docs"]);
    assert_eq!(
        w.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&w.stderr)
    );
    let clean = run_in(
        &dir,
        &[
            "check",
            "--baseline",
            "base.json",
            "--format",
            "jsonl",
            "docs",
        ],
    );
    assert!(records(&clean).is_empty());
    assert_eq!(clean.status.code(), Some(0));
    write(
        &dir.join("docs/a.txt"),
        "新的开头。\n\n第一段。\n我们要再接再励。\n按装设备。\n又布署了一次。\n",
    );
    let out = run_in(
        &dir,
        &[
            "check",
            "--baseline",
            "base.json",
            "--format",
            "jsonl",
            "docs",
        ],
    );
    assert_eq!(texts(&out), vec!["typo.word:布署"]);
    assert_eq!(out.status.code(), Some(1));
    // Run from another folder: paths are relative to the baseline file.
    let sub = run_in(
        &dir.join("docs"),
        &[
            "check",
            "--baseline",
            "../base.json",
            "--format",
            "jsonl",
            "a.txt",
        ],
    );
    assert_eq!(texts(&sub), vec!["typo.word:布署"]);
}

#[test]
fn fix_writes_what_diff_shows_and_leaves_no_safe_finding() {
    let dir = tmpdir("fix");
    let md = "# 标题\n\n我们要再接再励,按装设备。。\n\n北韩代表团到达。\n";
    let html = "<p>再接&#x518D;励，<b>按装</b>设备</p>\n";
    write(&dir.join("site/a.md"), md);
    write(&dir.join("site/b.html"), html);
    write(&dir.join("site/c.txt"), "今天天气很好。\n");
    let diff = run_in(&dir, &["check", "--diff", "site"]);
    assert_eq!(diff.status.code(), Some(1));
    let diff_text = String::from_utf8_lossy(&diff.stdout).to_string();
    assert!(
        diff_text.contains("--- a/site/a.md") && diff_text.contains("+我们要再接再厉，安装设备。"),
        "{diff_text}"
    );
    assert_eq!(read(&dir.join("site/a.md")), md, "--diff must not write");
    let fixed = run_in(&dir, &["fix", "--format", "jsonl", "site"]);
    let new_md = read(&dir.join("site/a.md"));
    assert_eq!(
        new_md,
        "# 标题\n\n我们要再接再厉，安装设备。\n\n北韩代表团到达。\n"
    );
    assert_eq!(
        read(&dir.join("site/b.html")),
        "<p>再接&#x518D;励，<b>安装</b>设备</p>\n"
    );
    assert_eq!(read(&dir.join("site/c.txt")), "今天天气很好。\n");
    // What is left is reported (the expression is not a safe fix).
    assert!(
        texts(&fixed).iter().any(|t| t.ends_with(":北韩")),
        "{:?}",
        texts(&fixed)
    );
    // The diff applied to the old file gives the new one: check that every + line is in it.
    for line in diff_text
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
    {
        let l = &line[1..];
        let new_html = read(&dir.join("site/b.html"));
        assert!(new_md.contains(l) || new_html.contains(l), "{l}");
    }
    // Fixing again changes nothing.
    let again = run_in(&dir, &["check", "--diff", "site"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
    // Unsafe fixes only on request.
    let unsafe_diff = run_in(&dir, &["check", "--diff", "--unsafe-fixes", "site"]);
    assert!(String::from_utf8_lossy(&unsafe_diff.stdout).contains("+朝鲜代表团到达。"));
}
