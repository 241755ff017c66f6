//! The audit's reports, built from `records.jsonl` alone (sorted by URL, so the same
//! state gives the same report however the crawl went): a JSONL line per finding, and a
//! self-contained HTML report (summary per category and site section, pages ranked by
//! severity, dead links with the pages that carry them, inline SVG bar charts).

use super::{registrable, Item, Record};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use url::Url;

/// One line of the findings JSONL.
#[derive(Serialize)]
struct Line<'a> {
    /// The page, or the attachment, the finding is in.
    url: &'a str,
    /// `page` or `attachment`.
    source: &'a str,
    /// For an attachment: a page that links to it (the first by URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    linked_from: Option<&'a str>,
    #[serde(flatten)]
    item: &'a Item,
}

/// What a link's URL came to.
#[derive(Debug, Clone)]
struct Outcome {
    status: Option<u16>,
    error: Option<String>,
    final_url: String,
}

/// The small part of a record needed to resolve links.
struct Brief {
    kind: String,
    status: Option<u16>,
    error: Option<String>,
    location: Option<String>,
    redirects: Vec<String>,
}

/// Follows `url` through the records (crawled redirects have one record per hop). `None`
/// when the URL was not requested (another host without `--check-external`, robots.txt).
fn resolve(briefs: &HashMap<String, Brief>, url: &str) -> Option<Outcome> {
    let mut cur = url.to_string();
    let mut last_status = None;
    for hop in 0..12 {
        let Some(b) = briefs.get(&cur) else {
            // A redirect to a URL not requested: it went there, what it gives is unknown.
            return (hop > 0).then_some(Outcome {
                status: last_status,
                error: None,
                final_url: cur,
            });
        };
        if b.kind == "robots" {
            return None;
        }
        if b.error.is_some() || b.status.is_some_and(|s| !(300..400).contains(&s)) {
            return Some(Outcome {
                status: b.status,
                error: b.error.clone(),
                final_url: b.redirects.last().cloned().unwrap_or(cur),
            });
        }
        last_status = b.status;
        match &b.location {
            Some(loc) => cur = loc.clone(),
            None => {
                // A checked link whose redirect was not followed further.
                return Some(Outcome {
                    status: b.status,
                    error: None,
                    final_url: b.redirects.last().cloned().unwrap_or(cur),
                });
            }
        }
    }
    Some(Outcome {
        status: None,
        error: Some("too many redirects".into()),
        final_url: cur,
    })
}

fn dead(o: &Outcome) -> bool {
    o.error.is_some() || o.status.is_some_and(|s| s >= 400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(status: Option<u16>, location: Option<&str>) -> Brief {
        Brief {
            kind: "page".into(),
            status,
            error: None,
            location: location.map(String::from),
            redirects: Vec::new(),
        }
    }

    #[test]
    fn redirect_chains_resolve() {
        let mut b = HashMap::new();
        b.insert(
            "http://a/1".to_string(),
            brief(Some(301), Some("http://a/2")),
        );
        b.insert("http://a/2".to_string(), brief(Some(200), None));
        b.insert(
            "http://a/3".to_string(),
            brief(Some(302), Some("http://other.org/x")),
        );
        b.insert(
            "http://a/4".to_string(),
            brief(Some(301), Some("http://a/4")),
        );
        let o = resolve(&b, "http://a/1").map(|o| (o.status, o.final_url));
        assert_eq!(o, Some((Some(200), "http://a/2".to_string())));
        let o = resolve(&b, "http://a/3").map(|o| o.final_url);
        assert_eq!(o.as_deref(), Some("http://other.org/x"));
        assert!(resolve(&b, "http://a/4").is_some_and(|o| dead(&o)));
        assert!(resolve(&b, "http://unknown/").is_none());
    }
}

fn host_of(u: &str) -> String {
    Url::parse(u)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// The site section of a URL: its host and first path segment.
fn section(u: &str) -> String {
    match Url::parse(u) {
        Ok(p) => {
            let first = p
                .path_segments()
                .and_then(|mut s| s.next())
                .filter(|s| !s.is_empty() && !s.contains('.'))
                .unwrap_or("");
            format!("{}/{first}", p.host_str().unwrap_or(""))
        }
        Err(_) => String::new(),
    }
}

/// Counts by severity.
#[derive(Default, Clone, Copy)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

impl Counts {
    fn add(&mut self, severity: &str) {
        match severity {
            "error" => self.error += 1,
            "warning" => self.warning += 1,
            _ => self.info += 1,
        }
    }
    fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
    fn score(&self) -> usize {
        self.error * 100 + self.warning * 10 + self.info
    }
}

/// Writes the findings JSONL to `jsonl` (`-` = stdout) and, if asked, the HTML report.
/// Returns the exit status: 1 when some finding is a warning or an error, else 0.
///
/// # Errors
/// I/O errors reading the state or writing the reports.
pub fn write(records: &Path, jsonl: &str, html: Option<&Path>) -> io::Result<u8> {
    // Pass 1: where each record is, and what each URL came to.
    let mut index: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    let mut briefs: HashMap<String, Brief> = HashMap::new();
    let mut linked_from: HashMap<String, String> = HashMap::new();
    {
        let mut reader = BufReader::new(File::open(records)?);
        let mut line = String::new();
        let mut offset = 0u64;
        loop {
            line.clear();
            let n = reader.read_line(&mut line)?;
            if n == 0 {
                break;
            }
            if let Ok(r) = serde_json::from_str::<Record>(line.trim_end()) {
                for l in &r.links {
                    match linked_from.get(&l.url) {
                        Some(p) if *p <= r.url => {}
                        _ => {
                            linked_from.insert(l.url.clone(), r.url.clone());
                        }
                    }
                }
                index.entry(r.url.clone()).or_insert((offset, n));
                briefs.insert(
                    r.url,
                    Brief {
                        kind: r.kind,
                        status: r.status,
                        error: r.error,
                        location: r.location,
                        redirects: r.redirects,
                    },
                );
            }
            offset += n as u64;
        }
    }

    let mut out: Box<dyn Write> = if jsonl == "-" {
        Box::new(BufWriter::new(io::stdout().lock()))
    } else {
        Box::new(BufWriter::new(File::create(jsonl)?))
    };
    let mut file = File::open(records)?;
    let mut by_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_section: BTreeMap<String, Counts> = BTreeMap::new();
    let mut ranked: Vec<(String, &'static str, Counts)> = Vec::new();
    let mut dead_links: BTreeMap<String, (Outcome, Vec<String>)> = BTreeMap::new();
    let mut offsite: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut pages = 0usize;
    let mut attachments = 0usize;
    let mut failed = 0usize;
    let mut gate = false;
    let mut buf = Vec::new();
    for (url, &(offset, len)) in &index {
        buf.resize(len, 0);
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut buf)?;
        let Ok(mut rec) = serde_json::from_slice::<Record>(&buf) else {
            continue;
        };
        let source: &'static str = match rec.kind.as_str() {
            "page" => "page",
            "attachment" => "attachment",
            _ => continue,
        };
        if rec.error.is_some() || rec.status.is_some_and(|s| s >= 300) {
            failed += 1;
        } else if source == "page" {
            pages += 1;
        } else {
            attachments += 1;
        }
        // Link findings, on every page that carries the link.
        let page_host = registrable(&host_of(url));
        for l in &rec.links {
            let Some(o) = resolve(&briefs, &l.url) else {
                continue;
            };
            let place = |rule: &str, message: String, severity: &str| Item {
                rule: rule.into(),
                category: "link".into(),
                severity: severity.into(),
                message,
                text: l.url.clone(),
                line: Some(l.line),
                column: Some(l.column),
                place: None,
                suggestions: Vec::new(),
            };
            if dead(&o) {
                let why = match (&o.error, o.status) {
                    (Some(e), _) => e.clone(),
                    (None, Some(s)) => format!("HTTP {s}"),
                    (None, None) => "no answer".into(),
                };
                rec.findings
                    .push(place("link.dead", format!("死链：{why}"), "error"));
                dead_links
                    .entry(l.url.clone())
                    .or_insert_with(|| (o.clone(), Vec::new()))
                    .1
                    .push(url.clone());
            } else if o.final_url != l.url {
                let from = registrable(&host_of(&l.url));
                let to = registrable(&host_of(&o.final_url));
                if !to.is_empty() && from != to && to != page_host {
                    rec.findings.push(place(
                        "link.redirect_offsite",
                        format!("链接被重定向到其他域名：{}", o.final_url),
                        "warning",
                    ));
                    offsite
                        .entry(l.url.clone())
                        .or_insert_with(|| (o.final_url.clone(), Vec::new()))
                        .1
                        .push(url.clone());
                }
            }
        }
        let mut counts = Counts::default();
        let from = if source == "attachment" {
            linked_from.get(url).map(String::as_str)
        } else {
            None
        };
        for it in &rec.findings {
            counts.add(&it.severity);
            by_category
                .entry(it.category.clone())
                .or_default()
                .add(&it.severity);
            by_section
                .entry(section(url))
                .or_default()
                .add(&it.severity);
            if it.severity != "info" {
                gate = true;
            }
            serde_json::to_writer(
                &mut out,
                &Line {
                    url,
                    source,
                    linked_from: from,
                    item: it,
                },
            )?;
            out.write_all(b"\n")?;
        }
        if counts.total() > 0 {
            ranked.push((url.clone(), source, counts));
        }
    }
    out.flush()?;
    drop(out);

    if let Some(path) = html {
        ranked.sort_by(|a, b| b.2.score().cmp(&a.2.score()).then(a.0.cmp(&b.0)));
        let summary = Summary {
            pages,
            attachments,
            failed,
            by_category: &by_category,
            by_section: &by_section,
            ranked: &ranked,
            dead_links: &dead_links,
            offsite: &offsite,
        };
        let mut w = BufWriter::new(File::create(path)?);
        w.write_all(summary.html().as_bytes())?;
        w.flush()?;
    }
    Ok(u8::from(gate))
}

struct Summary<'a> {
    pages: usize,
    attachments: usize,
    failed: usize,
    by_category: &'a BTreeMap<String, Counts>,
    by_section: &'a BTreeMap<String, Counts>,
    ranked: &'a [(String, &'static str, Counts)],
    dead_links: &'a BTreeMap<String, (Outcome, Vec<String>)>,
    offsite: &'a BTreeMap<String, (String, Vec<String>)>,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A horizontal stacked bar chart (errors, warnings, infos) as inline SVG.
fn bars(rows: &[(String, Counts)]) -> String {
    let max = rows.iter().map(|r| r.1.total()).max().unwrap_or(0).max(1);
    let h = 22;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"{}\" role=\"img\">",
        rows.len() * h + 4
    );
    for (i, (label, c)) in rows.iter().enumerate() {
        let y = i * h + 2;
        let mut x = 260.0;
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 15,
            esc(&truncate(label, 40))
        ));
        for (n, color) in [
            (c.error, "#c62828"),
            (c.warning, "#ef8f00"),
            (c.info, "#7a9cc6"),
        ] {
            let w = n as f64 * 420.0 / max as f64;
            if n > 0 {
                s.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" fill=\"{color}\"/>",
                    w.max(1.0),
                    h - 6
                ));
            }
            x += w;
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>",
            x + 4.0,
            y + 15,
            c.total()
        ));
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

impl Summary<'_> {
    fn html(&self) -> String {
        let mut h = String::new();
        h.push_str(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <title>zhproof 网站检查报告</title><style>\
             body{font-family:sans-serif;margin:2em;max-width:1100px}\
             table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}\
             .e{color:#c62828}.w{color:#ef8f00}.k{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}\
             </style></head><body><h1>zhproof 网站检查报告</h1>",
        );
        let totals = self
            .by_category
            .values()
            .fold(Counts::default(), |a, c| Counts {
                error: a.error + c.error,
                warning: a.warning + c.warning,
                info: a.info + c.info,
            });
        h.push_str(&format!(
            "<p>页面 {} 个，附件 {} 个，无法访问或重定向 {} 个；问题 {} 条（<span class=e>错误 {}</span>，<span class=w>警告 {}</span>，提示 {}）；死链 {} 个，跨域重定向 {} 个。</p>",
            self.pages, self.attachments, self.failed, totals.total(), totals.error,
            totals.warning, totals.info, self.dead_links.len(), self.offsite.len()
        ));
        h.push_str("<p><span class=k style=background:#c62828></span>错误<span class=k style=background:#ef8f00></span>警告<span class=k style=background:#7a9cc6></span>提示</p>");
        h.push_str("<h2>按类别</h2>");
        let cats: Vec<(String, Counts)> = self
            .by_category
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        h.push_str(&bars(&cats));
        h.push_str("<h2>按栏目</h2>");
        let mut secs: Vec<(String, Counts)> = self
            .by_section
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        secs.sort_by(|a, b| b.1.score().cmp(&a.1.score()).then(a.0.cmp(&b.0)));
        secs.truncate(30);
        h.push_str(&bars(&secs));
        h.push_str(&format!(
            "<h2>死链（{}）</h2><table><tr><th>链接</th><th>结果</th><th>所在页面</th></tr>",
            self.dead_links.len()
        ));
        for (link, (o, pages)) in self.dead_links {
            let why = match (&o.error, o.status) {
                (Some(e), _) => e.clone(),
                (None, Some(s)) => format!("HTTP {s}"),
                (None, None) => String::new(),
            };
            let shown: Vec<String> = pages.iter().take(10).map(|p| esc(p)).collect();
            let more = if pages.len() > 10 {
                format!(" … 共 {} 页", pages.len())
            } else {
                String::new()
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}{more}</td></tr>",
                esc(link),
                esc(&why),
                shown.join("<br>")
            ));
        }
        h.push_str("</table>");
        if !self.offsite.is_empty() {
            h.push_str("<h2>重定向到其他域名的链接</h2><table><tr><th>链接</th><th>最终地址</th><th>页面数</th></tr>");
            for (link, (to, pages)) in self.offsite {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(link),
                    esc(to),
                    pages.len()
                ));
            }
            h.push_str("</table>");
        }
        h.push_str("<h2>问题最多的页面和附件</h2><table><tr><th>地址</th><th>类型</th><th>错误</th><th>警告</th><th>提示</th></tr>");
        for (u, kind, c) in self.ranked.iter().take(200) {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=e>{}</td><td class=w>{}</td><td>{}</td></tr>",
                esc(u),
                if *kind == "page" { "页面" } else { "附件" },
                c.error,
                c.warning,
                c.info
            ));
        }
        h.push_str("</table></body></html>\n");
        h
    }
}
