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
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhproof"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--threads",
            "2",
            "--max-body",
            &max_body.to_string(),
        ])
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
