//! `zhproof lsp` over JSON-RPC on the process's stdin/stdout: the handshake, diagnostics
//! in UTF-16 columns, incremental changes, HTML documents, code actions and the
//! configuration commands, bad input, shutdown. (The end-to-end test with a real editor is
//! tests/lsp/nvim_e2e.lua.)

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    out: BufReader<std::process::ChildStdout>,
    next_id: i64,
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zhproof-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

impl Lsp {
    fn start(root: &Path, extra: &[&str]) -> Lsp {
        Lsp::start_with(root, extra, json!({}))
    }

    fn start_with(root: &Path, extra: &[&str], capabilities: Value) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhproof"))
            .arg("lsp")
            .args(extra)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start zhproof lsp: {e}"));
        let stdin = child.stdin.take();
        let out = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout")));
        let mut lsp = Lsp {
            child,
            stdin,
            out,
            next_id: 0,
        };
        let r = lsp.request(
            "initialize",
            json!({ "capabilities": capabilities, "rootUri": uri(root), "processId": null }),
        );
        assert_eq!(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
        lsp.notify("initialized", json!({}));
        lsp
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        let stdin = self
            .stdin
            .as_mut()
            .unwrap_or_else(|| panic!("stdin closed"));
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self
            .stdin
            .as_mut()
            .unwrap_or_else(|| panic!("stdin closed"));
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("write: {e}"));
    }

    fn recv(&mut self) -> Value {
        let mut len = None;
        loop {
            let mut line = String::new();
            let n = self
                .out
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("read: {e}"));
            assert!(n > 0, "the server closed its output");
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                len = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.unwrap_or_else(|| panic!("no Content-Length"))];
        self.out
            .read_exact(&mut body)
            .unwrap_or_else(|e| panic!("read: {e}"));
        serde_json::from_slice(&body).unwrap_or_else(|e| panic!("bad JSON: {e}"))
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response (notifications before it are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) {
                return m;
            }
        }
    }

    /// The next diagnostics published for `uri` (with a version, if given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
            {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        self.diagnostics(uri, Some(1))
    }

    fn shutdown(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert!(r["error"].is_null(), "{r}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.child.wait().ok().and_then(|s| s.code())
    }
}

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

#[test]
fn markdown_diagnostics_changes_and_code_actions() {
    let dir = scratch("md");
    let doc = dir.join("a.md");
    let u = uri(&doc);
    let mut lsp = Lsp::start(&dir, &["--debounce", "0"]);
    let d = lsp.open(&u, "markdown", "# 标题\n\n𠮷再接再励，继续努力。\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "typo.word");
    assert_eq!(d[0]["source"], "zhproof");
    assert_eq!(range(&d[0]), (2, 2, 2, 6));

    // Incremental change: two more astral characters in front of the word.
    lsp.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": 2, "character": 2 }, "end": { "line": 2, "character": 2 } }, "text": "😀😀" }]
        }),
    );
    let d = lsp.diagnostics(&u, Some(2));
    assert_eq!(range(&d[0]), (2, 6, 2, 10));

    // Code actions at the word: the fix first.
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u }, "range": { "start": { "line": 2, "character": 7 }, "end": { "line": 2, "character": 7 } }, "context": { "diagnostics": [] } }),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(titles[0], "改为“再接再厉”", "{titles:?}");
    let fix = &actions[0]["edit"]["changes"][&u][0];
    assert_eq!(fix["newText"], "再接再厉");
    assert_eq!(fix["range"]["start"]["character"], 6);
    assert!(
        titles.iter().any(|t| t.starts_with("在此忽略")),
        "{titles:?}"
    );
    let allow = actions
        .iter()
        .find(|a| a["command"]["command"] == "zhproof.allow")
        .unwrap_or_else(|| panic!("no allow action in {titles:?}"));
    assert_eq!(allow["command"]["arguments"][1], "再接再励");

    // The allow command writes zhproof.toml and the document is checked again: clean.
    let r = lsp.request("workspace/executeCommand", allow["command"].clone());
    assert!(r["error"].is_null(), "{r}");
    let d = lsp.diagnostics(&u, Some(2));
    assert!(d.is_empty(), "{d:?}");
    let toml = std::fs::read_to_string(dir.join("zhproof.toml")).unwrap_or_default();
    assert!(toml.contains("再接再励"), "{toml}");

    // A whole-document change (no range) is accepted too.
    lsp.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 3 }, "contentChanges": [{ "text": "按装软件" }] }),
    );
    let d = lsp.diagnostics(&u, Some(3));
    assert!(d.iter().any(|d| range(d) == (0, 0, 0, 2)), "{d:?}");
    assert_eq!(lsp.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn html_is_checked_as_html_and_config_is_honoured() {
    let dir = scratch("html");
    std::fs::write(dir.join("zhproof.toml"), "disable = [\"privacy\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lsp = Lsp::start(&dir, &[]);
    let u = uri(&dir.join("p.html"));
    let html = "<p title=\"再接再励\">𠮷<b>按装</b>，电话13812345678</p>\n";
    let d = lsp.open(&u, "html", html);
    // The tag's name and markup are not text; the word inside <b> is at UTF-16 column 21.
    let words: Vec<_> = d.iter().map(|d| (d["code"].clone(), range(d))).collect();
    assert!(
        words.contains(&(json!("typo.word"), (0, 21, 0, 23))),
        "{words:?}"
    );
    // privacy is disabled by zhproof.toml.
    assert!(
        d.iter()
            .all(|d| !d["code"].as_str().unwrap_or("").starts_with("privacy")),
        "{d:?}"
    );
    // A disable-rule command with an unknown rule fails and leaves the file alone.
    let r = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "zhproof.disableRule", "arguments": [u, "no.such_rule"] }),
    );
    assert!(!r["error"].is_null(), "{r}");
    let toml = std::fs::read_to_string(dir.join("zhproof.toml")).unwrap_or_default();
    assert_eq!(toml, "disable = [\"privacy\"]\n");
    assert_eq!(lsp.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_does_not_stop_the_server() {
    let dir = scratch("bad");
    let mut lsp = Lsp::start(&dir, &["--debounce", "0"]);
    // Unknown method, bad params, changes to a document never opened, out-of-range edits.
    let r = lsp.request("no/such", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = lsp.request("textDocument/codeAction", json!({ "textDocument": 5 }));
    assert_eq!(r["error"]["code"], -32602);
    lsp.notify("textDocument/didChange", json!({ "nonsense": true }));
    lsp.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nowhere.md", "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    let u = uri(&dir.join("x.txt"));
    lsp.open(&u, "plaintext", "𠮷");
    lsp.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [
                { "range": { "start": { "line": 0, "character": 1 }, "end": { "line": 99, "character": 4000000000u64 } }, "text": "再接再励" },
                { "range": { "start": { "line": 7, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "\n" }
            ]
        }),
    );
    let d = lsp.diagnostics(&u, Some(2));
    // The first edit landed before 𠮷 (column 1 is inside its surrogate pair), the second
    // replaced everything from the start: "\n" only.
    assert!(d.is_empty(), "{d:?}");
    let r = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "zhproof.allow", "arguments": [] }),
    );
    assert!(!r["error"].is_null());
    // Garbage on the wire ends the session, without a panic.
    lsp.send_raw(b"Content-Length: 5\r\n\r\n{{{{{");
    lsp.stdin = None;
    let status = lsp.child.wait().ok().and_then(|s| s.code());
    assert!(matches!(status, Some(1 | 2)), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_changes_on_disk_are_watched() {
    let dir = scratch("watch");
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut lsp = Lsp::start_with(&dir, &["--debounce", "0"], caps);
    let u = uri(&dir.join("w.md"));
    lsp.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": u, "languageId": "markdown", "version": 1, "text": "再接再励" } }),
    );
    // The server asks to watch the configuration files, then publishes.
    let mut registered = false;
    let d = loop {
        let m = lsp.recv();
        if m["method"] == "client/registerCapability" {
            let globs = m["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
            assert!(globs.contains("**/zhproof.toml"), "{globs}");
            registered = true;
            let id = m["id"].clone();
            lsp.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
        } else if m["method"] == "textDocument/publishDiagnostics" {
            break m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
    };
    assert!(registered);
    assert_eq!(d.len(), 1, "{d:?}");
    std::fs::write(dir.join("zhproof.toml"), "disable = [\"typo\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&dir.join("zhproof.toml")), "type": 1 }] }),
    );
    let d = lsp.diagnostics(&u, Some(1));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(lsp.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn large_documents_are_checked_by_paragraph() {
    let dir = scratch("large");
    let mut lsp = Lsp::start(&dir, &["--debounce", "0"]);
    let u = uri(&dir.join("big.md"));
    // Over 64 KiB: 900 paragraphs, the last with 𠮷 before a misspelling.
    let mut text: String = (0..900)
        .map(|i| {
            format!("第{i}段，这是一段没有问题的普通文字，用来把文档撑大到六十四千字节以上。\n\n")
        })
        .collect();
    text.push_str("𠮷再接再励\n");
    assert!(text.len() > 64 * 1024);
    let last = 1800; // 900 paragraphs + 900 blank lines before it
    let d = lsp.open(&u, "markdown", &text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(range(&d[0]), (last, 2, last, 6));
    // An edit in the first paragraph: the last one's finding stays, a new one appears.
    lsp.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "按装" }]
        }),
    );
    let d = lsp.diagnostics(&u, Some(2));
    let ranges: Vec<_> = d.iter().map(range).collect();
    assert!(ranges.contains(&(0, 0, 0, 2)), "{ranges:?}");
    assert!(ranges.contains(&(last, 2, last, 6)), "{ranges:?}");
    assert_eq!(lsp.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
