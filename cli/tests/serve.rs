//! `zhproof serve` under a bounded local load: a server process on 127.0.0.1 (free port),
//! many concurrent requests from threads of this test process, no errors, bounded memory,
//! 413 for an oversize body, 400/415 for bad requests. Loopback only; bounded in count.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(max_body: usize) -> Server {
    start_with(&["--max-body", &max_body.to_string()])
}

fn start_with(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhproof"))
        .args(["serve", "--addr", "127.0.0.1:0", "--threads", "2"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start zhproof serve: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "unexpected start-up line {line:?}"
    );
    Server { child, addr }
}

/// One HTTP/1.1 request on a fresh connection; returns (status, body).
fn request(addr: &str, method: &str, path: &str, ctype: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The server may answer (413) and close before reading a large body: ignore write errors.
    let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body));
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Runs `threads × per_thread` mixed requests; returns the number of wrong answers.
fn load(addr: &str, threads: usize, per_thread: usize) -> usize {
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let mut errors = 0;
                for i in 0..per_thread {
                    let (status, body) = if (t + i) % 2 == 0 {
                        let html = format!(
                            "{{\"html\":\"<p>第{i}段：再接<b>再励</b>，<a href=\\\"http://10.0.0.{t}/\\\">x</a></p>\"}}"
                        );
                        request(&addr, "POST", "/check", "application/json", html.as_bytes())
                    } else {
                        let text = format!("第{i}行：请按装设备。").repeat(20);
                        request(&addr, "POST", "/check", "text/plain", text.as_bytes())
                    };
                    // Count the findings this test plants (other families may add
                    // their own, e.g. a repeated-sentence note).
                    let count = |v: &serde_json::Value, rule: &str| {
                        v["findings"].as_array().map_or(0, |a| {
                            a.iter().filter(|f| f["rule"] == rule).count()
                        })
                    };
                    let ok = status == 200
                        && serde_json::from_str::<serde_json::Value>(&body)
                            .ok()
                            .is_some_and(|v| {
                                if (t + i) % 2 == 0 {
                                    count(&v, "typo.word") == 1 && count(&v, "link.ip_host") == 1
                                } else {
                                    count(&v, "typo.word") == 20
                                }
                            });
                    if !ok {
                        errors += 1;
                    }
                }
                errors
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().unwrap_or(usize::MAX / 64))
        .sum()
}

#[test]
fn serves_checks_and_rejects_bad_requests() {
    let server = start(64 * 1024);
    let addr = server.addr.as_str();
    let (status, body) = request(addr, "GET", "/health", "text/plain", b"");
    assert_eq!(status, 200);
    assert!(body.contains("\"ok\""));

    let (status, body) = request(
        addr,
        "POST",
        "/check",
        "application/json",
        "{\"html\":\"<p>再接<b>再励</b></p>\",\"config\":{\"categories\":[\"typo\"]}}".as_bytes(),
    );
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(v["findings"][0]["text"], "再接<b>再励");
    assert_eq!(v["findings"][0]["start"], 3);
    assert_eq!(v["findings"][0]["char_start"], 3);

    // Confidence travels in the JSON; min_confidence in a request's config filters.
    for (min, expect) in [(0.0, 2), (0.8, 1)] {
        let req = serde_json::json!({
            "text": "他油刃有余，一阵见血。",
            "config": {"categories": ["typo"], "min_confidence": min}
        });
        let (status, body) = request(
            addr,
            "POST",
            "/check",
            "application/json",
            req.to_string().as_bytes(),
        );
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(v["count"], expect, "{body}");
        assert_eq!(v["findings"][0]["rule"], "typo.idiom", "{body}");
        assert_eq!(v["findings"][0]["confidence"].as_f64(), Some(0.9), "{body}");
    }

    // A GBK body: declared in Content-Type, or in the page; offsets into the bytes sent.
    let (gbk, _, _) = encoding_rs::GBK.encode("<p>请按装设备</p>");
    for ctype in ["text/html; charset=GBK", "text/html"] {
        let body: Vec<u8> = if ctype == "text/html" {
            let mut b = b"<meta charset=\"gb2312\">".to_vec();
            b.extend_from_slice(&gbk);
            b
        } else {
            gbk.to_vec()
        };
        let (status, resp) = request(addr, "POST", "/check", ctype, &body);
        assert_eq!(status, 200, "{ctype}: {resp}");
        let v: serde_json::Value = serde_json::from_str(&resp).unwrap_or_default();
        let f = &v["findings"][0];
        assert_eq!(f["text"], "按装");
        let (s, e) = (
            f["start"].as_u64().unwrap_or(0) as usize,
            f["end"].as_u64().unwrap_or(0) as usize,
        );
        let (slice, _, _) = encoding_rs::GBK.decode(body.get(s..e).unwrap_or_default());
        assert_eq!(slice, "按装", "{ctype}");
    }
    let (status, _) = request(addr, "POST", "/check", "text/plain", &gbk);
    assert_eq!(status, 400);

    let (status, _) = request(addr, "POST", "/check", "application/json", b"{\"text\":");
    assert_eq!(status, 400);
    let (status, _) = request(addr, "POST", "/check", "application/json", b"{\"nope\":1}");
    assert_eq!(status, 400);
    let (status, _) = request(
        addr,
        "POST",
        "/check",
        "application/json",
        b"{\"text\":\"x\",\"config\":{\"allow_files\":[\"/etc/passwd\"]}}",
    );
    assert_eq!(status, 400);
    let (status, _) = request(addr, "POST", "/check", "application/xml", b"<x/>");
    assert_eq!(status, 415);
    let big = "按装".repeat(40_000); // 240 KB > 64 KiB
    let (status, _) = request(addr, "POST", "/check", "text/plain", big.as_bytes());
    assert_eq!(status, 413);
    // Still serving after the rejections.
    let (status, _) = request(addr, "GET", "/health", "text/plain", b"");
    assert_eq!(status, 200);
}

#[test]
fn bounded_load_without_errors_or_memory_growth() {
    let server = start(1024 * 1024);
    let pid = server.child.id();
    let addr = server.addr.clone();
    // Warm up (allocator arenas, caches), then measure.
    assert_eq!(load(&addr, 8, 25), 0);
    let before = rss_kib(pid);
    let started = std::time::Instant::now();
    let errors = load(&addr, 16, 100);
    let elapsed = started.elapsed();
    let after = rss_kib(pid);
    eprintln!(
        "serve load: 1600 requests from 16 threads in {:.2?} ({:.0} req/s), errors {errors}, RSS {:?} KiB -> {:?} KiB",
        elapsed,
        1600.0 / elapsed.as_secs_f64(),
        before,
        after
    );
    assert_eq!(errors, 0);
    if let (Some(b), Some(a)) = (before, after) {
        assert!(a < b + 16 * 1024, "RSS grew from {b} KiB to {a} KiB");
    }
}

/// One request with extra header lines; returns (status, head, body).
fn request_with(
    addr: &str,
    head_lines: &str,
    method: &str,
    path: &str,
    body: &[u8],
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{head_lines}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body));
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (h, b) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, h.to_ascii_lowercase(), b.to_string())
}

fn is_json_error(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| v["error"].is_string())
}

#[test]
fn every_error_is_json_and_oversize_bodies_are_refused_up_front() {
    let server = start(64 * 1024);
    let addr = server.addr.as_str();
    for (method, path, status) in [
        ("GET", "/nope", 404),
        ("GET", "/check", 405),
        ("DELETE", "/health", 405),
    ] {
        let (got, head, body) = request_with(addr, "", method, path, b"");
        assert_eq!(got, status, "{method} {path}");
        assert!(head.contains("application/json"), "{head}");
        assert!(is_json_error(&body), "{method} {path}: {body}");
    }
    // A huge Content-Length is answered 413 without the body being sent at all.
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let head = format!(
        "POST /check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: 10000000000\r\n\r\n"
    );
    s.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut buf = [0u8; 4096];
    let n = s.read(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(
        is_json_error(text.split("\r\n\r\n").nth(1).unwrap_or("")),
        "{text}"
    );
}

#[test]
fn cors_is_opt_in_and_the_token_is_checked() {
    let dir = std::env::temp_dir().join(format!("zhproof-serve-token-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let token_file = dir.join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap_or_else(|e| panic!("{e}"));
    let server = start_with(&[
        "--cors-origin",
        "https://cms.example.cn",
        "--token-file",
        token_file.to_str().unwrap_or_default(),
    ]);
    let addr = server.addr.as_str();
    let pre = "Origin: https://cms.example.cn\r\nAccess-Control-Request-Method: POST\r\n";
    let (status, head, _) = request_with(addr, pre, "OPTIONS", "/check", b"");
    assert_eq!(status, 204);
    assert!(
        head.contains("access-control-allow-origin: https://cms.example.cn"),
        "{head}"
    );
    assert!(head.contains("authorization"), "{head}");
    let (status, _, body) = request_with(
        addr,
        "Origin: https://evil.example\r\n",
        "OPTIONS",
        "/check",
        b"",
    );
    assert_eq!(status, 403);
    assert!(is_json_error(&body));
    let json = "Content-Type: application/json\r\nOrigin: https://cms.example.cn\r\n";
    let req = "{\"text\":\"请按装设备\"}".as_bytes();
    let (status, head, body) = request_with(addr, json, "POST", "/check", req);
    assert_eq!(status, 401, "{body}");
    assert!(is_json_error(&body));
    assert!(
        head.contains("access-control-allow-origin"),
        "the browser must see the 401"
    );
    let wrong = format!("{json}Authorization: Bearer nope\r\n");
    assert_eq!(request_with(addr, &wrong, "POST", "/check", req).0, 401);
    let right = format!("{json}Authorization: Bearer s3cret-token\r\n");
    let (status, head, body) = request_with(addr, &right, "POST", "/check", req);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("按装"));
    assert!(head.contains("access-control-allow-origin: https://cms.example.cn"));
    // Health checks need no token.
    assert_eq!(request_with(addr, "", "GET", "/health", b"").0, 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn request_dictionaries_are_bounded() {
    let server = start_with(&["--max-term-chars", "16", "--max-dict-bytes", "2000"]);
    let addr = server.addr.as_str();
    let json = "Content-Type: application/json\r\n";
    let dict = |tsv: &str| {
        serde_json::json!({
            "text": "请按装设备，的是的是的是",
            "config": {"dictionaries": [{"name": "user", "text": tsv}]}
        })
        .to_string()
    };
    let long = format!("{}\t的\ttypo\twarning\n", "的是".repeat(20));
    let (status, _, body) = request_with(addr, json, "POST", "/check", dict(&long).as_bytes());
    assert_eq!(status, 400);
    assert!(body.contains("max-term-chars"), "{body}");
    let big = "按装\t安装\ttypo\terror\n".repeat(200);
    let (status, _, body) = request_with(addr, json, "POST", "/check", dict(&big).as_bytes());
    assert_eq!(status, 400);
    assert!(body.contains("max-dict-bytes"), "{body}");
    let ok = "的是的是\t的\ttypo\twarning\n";
    let (status, _, body) = request_with(addr, json, "POST", "/check", dict(ok).as_bytes());
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("的是的是"), "{body}");
}

#[test]
fn connections_over_the_limit_get_503() {
    let server = start_with(&["--max-connections", "4", "--header-timeout", "30"]);
    let addr = server.addr.as_str();
    let idle: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, body) = request_with(addr, "", "GET", "/health", b"");
    assert_eq!(status, 503);
    assert!(is_json_error(&body));
    drop(idle);
    // Freed slots are reused.
    let mut ok = false;
    for _ in 0..50 {
        if request_with(addr, "", "GET", "/health", b"").0 == 200 {
            ok = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ok, "slots were not freed");
}

/// A client that sends its request a byte at a time, one byte every `pause`, and reports
/// whether the server closed the connection before it finished.
fn slow_client(addr: String, pause: Duration, body_too: bool) -> bool {
    let Ok(mut s) = TcpStream::connect(&addr) else {
        return true;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
    let req = if body_too {
        format!("POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n{}", "a".repeat(500))
    } else {
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ".to_string() + &"p".repeat(500) + "\r\n\r\n"
    };
    let start = if body_too {
        req.find("\r\n\r\n").map_or(0, |i| i + 4)
    } else {
        0
    };
    if s.write_all(&req.as_bytes()[..start]).is_err() {
        return true;
    }
    for b in req.as_bytes()[start..].iter() {
        std::thread::sleep(pause);
        if s.write_all(&[*b]).is_err() {
            return true;
        }
    }
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    // A 408 (body timeout) counts as cut off too.
    resp.is_empty() || String::from_utf8_lossy(&resp).starts_with("HTTP/1.1 408")
}

#[test]
fn slow_clients_are_cut_off_while_others_are_served() {
    let server = start_with(&[
        "--max-body",
        "1048576",
        "--header-timeout",
        "2",
        "--body-timeout",
        "2",
        "--max-connections",
        "64",
    ]);
    let addr = server.addr.clone();
    let pid = server.child.id();
    let slow: Vec<_> = (0..12)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || slow_client(addr, Duration::from_millis(100), i % 2 == 0))
        })
        .collect();
    // Idle connections that never send anything.
    let idle: Vec<TcpStream> = (0..8)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    let prober = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut times = Vec::new();
            let mut failures = 0;
            for _ in 0..60 {
                let t = std::time::Instant::now();
                let (status, _, _) = request_with(&addr, "", "GET", "/health", b"");
                times.push(t.elapsed());
                failures += usize::from(status != 200);
                std::thread::sleep(Duration::from_millis(50));
            }
            (times, failures)
        })
    };
    let before = rss_kib(pid);
    let errors = load(&addr, 8, 30);
    let after_round_one = rss_kib(pid);
    let errors2 = load(&addr, 8, 30);
    let after = rss_kib(pid);
    let (mut times, health_failures) = prober.join().unwrap_or_default();
    times.sort();
    let cut_off = slow
        .into_iter()
        .map(|h| h.join().unwrap_or(false))
        .filter(|&c| c)
        .count();
    eprintln!(
        "serve under slow clients: errors {errors}+{errors2}, /health failures {health_failures}, \
         /health p50 {:?} p99 {:?} max {:?}, slow clients cut off {cut_off}/12, RSS {before:?} -> {after_round_one:?} -> {after:?} KiB",
        times.get(times.len() / 2),
        times.get(times.len() * 99 / 100),
        times.last()
    );
    assert_eq!(errors + errors2, 0);
    assert_eq!(health_failures, 0);
    assert_eq!(cut_off, 12, "every slow client is cut off by a timeout");
    // Idle connections were closed by the header/idle timeout.
    for mut s in idle {
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        let mut buf = [0u8; 16];
        assert_eq!(
            s.read(&mut buf).unwrap_or(0),
            0,
            "idle connection still open"
        );
    }
}

#[test]
fn sigterm_stops_within_the_shutdown_deadline() {
    let mut server = start_with(&["--shutdown-timeout", "1", "--body-timeout", "60"]);
    let addr = server.addr.clone();
    // A request whose body never completes.
    let mut s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("{e}"));
    let _ = s.write_all(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc");
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let t = std::time::Instant::now();
    let mut exited = false;
    while t.elapsed() < Duration::from_secs(15) {
        if let Ok(Some(status)) = server.child.try_wait() {
            assert_eq!(status.code(), Some(0));
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(exited, "server still running 15 s after SIGTERM");
    drop(s);
}

/// Percent-encodes a form value (every byte outside the unreserved set).
fn form_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn languagetool_api_answers_in_utf16_and_keeps_the_limits() {
    let srv = start(4096);
    let form = "application/x-www-form-urlencoded";
    let (status, body) = request(&srv.addr, "GET", "/v2/languages", "", b"");
    assert_eq!(status, 200, "{body}");
    let langs: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert!(langs
        .as_array()
        .is_some_and(|l| l.iter().any(|l| l["longCode"] == "zh-CN")));

    let text = "𠮷😀再接再励。";
    let req = format!("language=zh-CN&text={}", form_value(text));
    let (status, body) = request(&srv.addr, "POST", "/v2/check", form, req.as_bytes());
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(v["software"]["name"], "zhproof");
    let m = &v["matches"][0];
    assert_eq!(m["rule"]["id"], "typo.word");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let (o, l) = (
        m["offset"].as_u64().unwrap_or(0) as usize,
        m["length"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(String::from_utf16_lossy(&utf16[o..o + l]), "再接再励");
    assert_eq!(m["replacements"][0]["value"], "再接再厉");
    assert_eq!(m["rule"]["issueType"], "misspelling");

    // The same through GET with a query string, and with the annotated `data` field.
    let (status, body) = request(&srv.addr, "GET", &format!("/v2/check?{req}"), "", b"");
    assert_eq!(status, 200, "{body}");
    let data = r#"{"annotation":[{"markup":"<b>"},{"text":"再接再励"}]}"#;
    let req2 = format!("language=zh&data={}", form_value(data));
    let (status, body) = request(&srv.addr, "POST", "/v2/check", form, req2.as_bytes());
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(v["matches"][0]["offset"], 3, "{body}");

    // Errors: JSON, never a crash; the body limit of /check applies.
    for (ctype, body) in [
        (form, b"language=en-US&text=hello".to_vec()),
        (form, b"language=zh".to_vec()),
        (form, b"data=%7B%7B".to_vec()),
        (form, b"text=%FF%FE&language=zh".to_vec()),
        ("application/json", b"{}".to_vec()),
    ] {
        let (status, resp) = request(&srv.addr, "POST", "/v2/check", ctype, &body);
        assert!(
            (400..500).contains(&status) || status == 200,
            "{status} {resp}"
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(&resp).is_ok(),
            "{resp}"
        );
    }
    let big = format!("text={}", "字".repeat(5000));
    let (status, _) = request(&srv.addr, "POST", "/v2/check", form, big.as_bytes());
    assert_eq!(status, 413);
}
