//! `zhproof audit` against a test site served on 127.0.0.1 by the test itself: ≥ 200
//! generated pages, a sitemap, robots.txt, redirects, dead links, slow, hanging and failing
//! endpoints, and attachments made here (an .xlsx and a PDF holding ID numbers and phones).
//! No other address is contacted.
#![cfg(feature = "audit")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An 18-digit ID number with a valid check digit (GB 11643) from its first 17 digits.
fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// The planted personal data: (value, where it must be reported).
fn planted() -> Vec<(String, &'static str)> {
    vec![
        (id_number("11010119900307451"), "名单!B2"),
        (id_number("44030619851122003"), "名单!B3"),
        ("13912345678".to_string(), "名单!C2"),
        ("15887654321".to_string(), "名单!C3"),
        (id_number("32010219780815002"), "page 1"),
        ("18611112222".to_string(), "page 2"),
    ]
}

fn xlsx() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let p = planted();
    let cell = |r: &str, v: &str| format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>");
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
         <row r=\"1\">{}{}{}</row><row r=\"2\">{}{}{}</row><row r=\"3\">{}{}{}</row></sheetData></worksheet>",
        cell("A1", "姓名"), cell("B1", "身份证号"), cell("C1", "联系电话"),
        cell("A2", "张三"), cell("B2", &p[0].0), cell("C2", &p[2].0),
        cell("A3", "李四"), cell("B3", &p[1].0), cell("C3", &p[3].0),
    );
    let files = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_string()),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        z.start_file(name, SimpleFileOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        z.write_all(body.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    z.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

/// A two-page PDF (Helvetica, WinAnsi) with an ID number on page 1 and a phone on page 2.
fn pdf() -> Vec<u8> {
    let p = planted();
    let content = |t: &str| format!("BT /F1 12 Tf 72 700 Td ({t}) Tj ET");
    let c1 = content(&format!("Applicant ID {} approved", p[4].0));
    let c2 = content(&format!("Contact phone {} office", p[5].0));
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{c1}\nendstream", c1.len()),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{c2}\nendstream", c2.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The generated site.
struct Site {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
    pages: usize,
}

const NEWS: usize = 120;
const NOTICE: usize = 100;

fn page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<a href=\"/\">首页</a>\n{body}\n</body></html>\n")
}

/// Which pages carry the planted dead links.
const GONE_ON: [&str; 3] = ["/news/7.html", "/news/70.html", "/notice/3.html"];
const BROKEN_ON: [&str; 1] = ["/notice/9.html"];

fn route(
    path: &str,
    flaky: &AtomicUsize,
    n_news: usize,
    n_notice: usize,
    traps: bool,
) -> (u16, &'static str, Vec<u8>, Option<String>) {
    let html = "text/html; charset=utf-8";
    let ok = |b: String| (200, html, b.into_bytes(), None);
    match path {
        "/slow.html" | "/hang.html" if !traps => ok(page("快", "<p>没有等待。</p>")),
        "/robots.txt" => (200, "text/plain", b"User-agent: *\nDisallow: /private/\n".to_vec(), None),
        "/sitemap_index.xml" => {
            let s = "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>/sitemap.xml</loc></sitemap></sitemapindex>";
            (200, "application/xml", s.as_bytes().to_vec(), None)
        }
        "/sitemap.xml" => {
            let mut s = String::from("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>/</loc></url>");
            s.push_str("<url><loc>/news/</loc></url><url><loc>/notice/</loc></url></urlset>");
            (200, "application/xml", s.into_bytes(), None)
        }
        "/" => ok(page(
            "首页",
            "<a href=\"/news/\">新闻</a> <a href=\"/notice/\">通知公告</a> <a href=\"/private/secret.html\">内部</a>\n<a href=\"/old.html\">旧版</a> <a href=\"/slow.html\">慢</a> <a href=\"/flaky.html\">偶发故障</a> <a href=\"/hang.html\">无响应</a>\n<a href=\"/moved.html\">已迁移</a>",
        )),
        "/news/" | "/notice/" => {
            let (sec, n) = if path == "/news/" { ("news", n_news) } else { ("notice", n_notice) };
            let links: String = (0..n).map(|i| format!("<li><a href=\"/{sec}/{i}.html\">第{i}篇</a></li>\n")).collect();
            ok(page("列表", &format!("<ul>\n{links}</ul>")))
        }
        "/old.html" => (301, html, Vec::new(), Some("/news/1.html".into())),
        // Another domain: reported, never contacted (not an allowed host).
        "/moved.html" => (302, html, Vec::new(), Some("http://example.invalid/new".into())),
        "/slow.html" => {
            std::thread::sleep(Duration::from_millis(200));
            ok(page("慢", "<p>这个页面响应较慢。</p>"))
        }
        "/flaky.html" => {
            if flaky.fetch_add(1, Ordering::SeqCst) == 0 {
                (500, html, b"oops".to_vec(), None)
            } else {
                ok(page("偶发", "<p>第二次就好了。</p>"))
            }
        }
        "/hang.html" => {
            std::thread::sleep(Duration::from_secs(3));
            ok(page("迟", "<p>太慢</p>"))
        }
        "/broken.html" => (503, html, b"down".to_vec(), None),
        "/files/list.xlsx" => (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx(), None),
        "/files/report.pdf" => (200, "application/pdf", pdf(), None),
        p => {
            let parts: Vec<&str> = p.trim_start_matches('/').split('/').collect();
            let n = match parts.as_slice() {
                ["news", f] => f.strip_suffix(".html").and_then(|x| x.parse::<usize>().ok()).filter(|&i| i < n_news),
                ["notice", f] => f.strip_suffix(".html").and_then(|x| x.parse::<usize>().ok()).filter(|&i| i < n_notice),
                _ => None,
            };
            let Some(i) = n else {
                return (404, html, b"not found".to_vec(), None);
            };
            let sec = parts[0];
            let mut body = format!("<h1>第{i}篇</h1>\n<p>本机关于今天召开会议，部署有关工作。</p>\n<a href=\"/{sec}/{}.html\">下一篇</a>\n", (i + 1) % if sec == "news" { n_news } else { n_notice });
            if GONE_ON.contains(&p) {
                body.push_str("<a href=\"/gone.html\">已删除的页面</a>\n");
            }
            if BROKEN_ON.contains(&p) {
                body.push_str("<a href=\"/broken.html\">故障页面</a>\n");
            }
            if p == "/notice/5.html" {
                body.push_str("<a href=\"/files/list.xlsx\">名单下载</a> <a href=\"/files/report.pdf\">公示报告</a>\n");
            }
            ok(page(&format!("第{i}篇"), &body))
        }
    }
}

/// Serves the site on 127.0.0.1 (a thread per connection, `Connection: close`).
/// With `traps` false, the slow and hanging endpoints answer at once (for the benchmark).
fn serve(n_news: usize, n_notice: usize, traps: bool) -> Site {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let hits = Arc::new(Mutex::new(Vec::new()));
    let flaky = Arc::new(AtomicUsize::new(0));
    let h = Arc::clone(&hits);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let h = Arc::clone(&h);
            let flaky = Arc::clone(&flaky);
            std::thread::spawn(move || handle(conn, &h, &flaky, n_news, n_notice, traps));
        }
    });
    Site {
        base: format!("http://{addr}"),
        hits,
        pages: n_news + n_notice + 3,
    }
}

fn handle(
    mut conn: TcpStream,
    hits: &Mutex<Vec<String>>,
    flaky: &AtomicUsize,
    n_news: usize,
    n_notice: usize,
    traps: bool,
) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let mut req = Vec::new();
    let mut buf = [0u8; 2048];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 16384 {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&req);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    if let Ok(mut h) = hits.lock() {
        h.push(path.clone());
    }
    let (status, ctype, body, location) = route(&path, flaky, n_news, n_notice, traps);
    let mut head = format!("HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if let Some(l) = location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(&body);
}

fn audit_args<'a>(site: &'a str, state: &'a str, jsonl: &'a str) -> Vec<String> {
    [
        "audit",
        site,
        "--state",
        state,
        "--jsonl",
        jsonl,
        "--rate",
        "0",
        "--concurrency",
        "8",
        "--per-host",
        "8",
        "--timeout",
        "1",
        "--retries",
        "1",
        "--backoff-ms",
        "10",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
        .collect()
}

#[test]
fn audit_finds_planted_data_dead_links_and_resumes() {
    let site = serve(NEWS, NOTICE, true);
    assert!(site.pages >= 200);
    let dir = common::tmpdir("audit");
    let sitemap = format!("{}/sitemap.xml", site.base);
    let st = dir.join("state1");
    let out1 = dir.join("full.jsonl");
    let html = dir.join("report.html");
    let mut args = audit_args(
        &sitemap,
        st.to_str().unwrap_or(""),
        out1.to_str().unwrap_or(""),
    );
    args.push("--html".into());
    args.push(html.to_string_lossy().into_owned());
    let o = common::command()
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stderr: {stderr}");
    let rows = read_jsonl(&out1);

    // Every planted ID/phone in the attachments, with its cell or page.
    for (value, place) in planted() {
        assert!(
            rows.iter().any(|r| r["source"] == "attachment"
                && r["category"] == "privacy"
                && r["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(&value) || value.contains(t))
                && r["place"] == place
                && r["linked_from"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("/notice/5.html"))),
            "{value} at {place} not reported; attachment rows: {:#?}",
            rows.iter()
                .filter(|r| r["source"] == "attachment")
                .collect::<Vec<_>>()
        );
    }

    // Every dead link, once per page that carries it, and nothing else dead.
    let mut dead: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r["rule"] == "link.dead") {
        let link = r["text"].as_str().unwrap_or("").replace(&site.base, "");
        let page = r["url"].as_str().unwrap_or("").replace(&site.base, "");
        assert!(r["line"].as_u64().is_some_and(|l| l > 1), "{r}");
        assert!(
            dead.entry(link).or_default().insert(page),
            "reported twice: {r}"
        );
    }
    let want: BTreeMap<String, BTreeSet<String>> = [
        ("/gone.html", GONE_ON.to_vec()),
        ("/broken.html", BROKEN_ON.to_vec()),
        ("/hang.html", vec!["/"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(dead, want);

    // A redirect to another domain, reported on the page that carries it; a redirect
    // within the site is no finding.
    let offsite: Vec<_> = rows
        .iter()
        .filter(|r| r["rule"] == "link.redirect_offsite")
        .map(|r| {
            (
                r["url"].as_str().unwrap_or("").replace(&site.base, ""),
                r["text"].as_str().unwrap_or("").replace(&site.base, ""),
            )
        })
        .collect();
    assert_eq!(offsite, [("/".to_string(), "/moved.html".to_string())]);

    // robots.txt obeyed; each dead link fetched once per attempt, not once per page.
    let hits = site.hits.lock().map(|h| h.clone()).unwrap_or_default();
    assert!(
        !hits.iter().any(|p| p.starts_with("/private/")),
        "robots.txt ignored"
    );
    assert_eq!(hits.iter().filter(|p| *p == "/gone.html").count(), 1);
    assert_eq!(
        hits.iter()
            .filter(|p| p.starts_with("/news/") && p.ends_with(".html"))
            .count(),
        NEWS
    );

    // Page findings carry the source line/column of the HTML; the report is self-contained.
    assert!(rows
        .iter()
        .any(|r| r["source"] == "page" && r["line"].as_u64().is_some()));
    let report = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(
        report.contains("<svg") && report.contains("/gone.html") && !report.contains("<script")
    );

    // Killed halfway, then resumed: the same report.
    let st2 = dir.join("state2");
    let out2 = dir.join("resumed.jsonl");
    let mut slow = audit_args(
        &sitemap,
        st2.to_str().unwrap_or(""),
        out2.to_str().unwrap_or(""),
    );
    // Slow enough to be killed before the end (100 requests/s).
    for (k, v) in [("--rate", "100"), ("--per-host", "1")] {
        let i = slow.iter().position(|a| a == k).unwrap_or(0);
        slow[i + 1] = v.into();
    }
    let mut child = common::command()
        .args(&slow)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let records = st2.join("records.jsonl");
    loop {
        let n = std::fs::read_to_string(&records)
            .map(|s| s.lines().count())
            .unwrap_or(0);
        if n >= 60 {
            break;
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    let partial = std::fs::read_to_string(&records)
        .map(|s| s.lines().count())
        .unwrap_or(0);
    let total = std::fs::read_to_string(st.join("records.jsonl"))
        .map(|s| s.lines().count())
        .unwrap_or(0);
    assert!(
        partial < total,
        "the audit was not interrupted ({partial} of {total})"
    );
    let o = common::command()
        .args(&slow)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("resuming"));
    assert_eq!(read_jsonl(&out2), rows, "resumed audit differs");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_are_clear_errors() {
    let o = common::zhproof(&["audit", "not a url"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither a URL nor a sitemap file"));
    let o = common::zhproof(&["audit", "ftp://127.0.0.1/x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("only http and https"));
}

/// Benchmark, not a test: 1,000 local pages, rate limit off. Run with
/// `cargo test --release -p zhproof-cli --test audit -- --ignored --nocapture bench`.
#[test]
#[ignore]
fn bench_1000_pages() {
    // 1,000 and 5,000 URLs: the rate, and peak RSS of the audit process (polled VmHWM, Linux),
    // which must stay flat as the site grows (the queue and state live on disk)
    for (news, notices) in [(500, 497), (2_500, 2_497)] {
        let site = serve(news, notices, false);
        let dir = common::tmpdir("audit-bench");
        let st = dir.join("state");
        let out = dir.join("out.jsonl");
        let start = std::time::Instant::now();
        let mut args = audit_args(
            &site.base,
            st.to_str().unwrap_or(""),
            out.to_str().unwrap_or(""),
        );
        args.extend(["--quiet".into(), "--max-pages".into(), "100000".into()]);
        let mut child = common::command()
            .args(&args)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let status_file = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0u64;
        let code = loop {
            if let Ok(s) = std::fs::read_to_string(&status_file) {
                if let Some(kb) = s
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                {
                    peak_kb = peak_kb.max(kb);
                }
            }
            match child.try_wait() {
                Ok(Some(st)) => break st.code(),
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => panic!("{e}"),
            }
        };
        let secs = start.elapsed().as_secs_f64();
        let n = std::fs::read_to_string(st.join("records.jsonl"))
            .map(|s| s.lines().count())
            .unwrap_or(0);
        println!(
            "audit bench: {n} URLs in {secs:.2} s = {:.0} URLs/s, peak RSS {:.0} MB (exit {code:?})",
            n as f64 / secs,
            peak_kb as f64 / 1024.0
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The `kind` → URLs of an audit's `records.jsonl`.
fn audited(state: &std::path::Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_kind: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in read_jsonl(&state.join("records.jsonl")) {
        if let (Some(k), Some(u)) = (r["kind"].as_str(), r["url"].as_str()) {
            by_kind
                .entry(k.to_string())
                .or_default()
                .insert(u.to_string());
        }
    }
    by_kind
}

#[test]
fn audit_follows_a_sitemap_index() {
    let site = serve(12, 10, false);
    let dir = common::tmpdir("audit-index");
    let mut seen = Vec::new();
    for start in ["sitemap.xml", "sitemap_index.xml"] {
        let st = dir.join(format!("state-{start}"));
        let out = dir.join(format!("{start}.jsonl"));
        let args = audit_args(
            &format!("{}/{start}", site.base),
            st.to_str().unwrap_or(""),
            out.to_str().unwrap_or(""),
        );
        let o = common::command()
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{start}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        seen.push(audited(&st));
    }
    let (plain, indexed) = (&seen[0], &seen[1]);
    let pages = |m: &BTreeMap<String, BTreeSet<String>>| m.get("page").cloned().unwrap_or_default();
    assert!(
        pages(indexed).contains(&format!("{}/news/11.html", site.base)),
        "{indexed:#?}"
    );
    assert_eq!(pages(plain), pages(indexed));
    // the index itself and the sitemap it names are read as sitemaps, not pages
    let maps = indexed.get("sitemap").cloned().unwrap_or_default();
    assert!(
        maps.contains(&format!("{}/sitemap_index.xml", site.base)),
        "{maps:?}"
    );
    assert!(
        maps.contains(&format!("{}/sitemap.xml", site.base)),
        "{maps:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
