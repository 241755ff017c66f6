//! `zhproof audit URL|sitemap.xml …`: crawls a site politely and checks every HTML page
//! (all families, links included, source line/column) and every attachment it links
//! (spreadsheets, `.docx`, PDF, `.txt`, `.csv`); checks the links themselves (dead,
//! redirected to another domain, mixed content); writes a JSONL of every finding and an
//! HTML report.
//!
//! The crawl state lives on disk (`--state DIR`, `records.jsonl`: one line per URL
//! done), so an interrupted audit run again with the same `--state` continues where it
//! stopped and ends with the same report. The report is built from that file alone,
//! sorted by URL, so it does not depend on the order pages were fetched in.

mod attach;
mod extract;
mod http;
mod report;

use crate::CheckerOpts;
use clap::Args;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use url::Url;
use zhproof::Checker;

/// Arguments of `zhproof audit`.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Start URLs (http/https), sitemap URLs (ending in `.xml`) or local sitemap files.
    #[arg(required = true, value_name = "URL|SITEMAP")]
    seeds: Vec<String>,
    /// Also crawl this host (the start URLs' hosts always are). Repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    allow_host: Vec<String>,
    /// Follow links at most this many clicks from a start URL.
    #[arg(long, default_value_t = 20, value_name = "N")]
    max_depth: u32,
    /// Fetch and check at most this many pages and attachments.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    max_pages: usize,
    /// Read at most this many bytes of a page (the rest is not checked).
    #[arg(long, default_value_t = 5 << 20, value_name = "BYTES")]
    max_bytes: u64,
    /// Largest attachment fetched (bytes); a larger one is reported, not read.
    #[arg(long, default_value_t = 20 << 20, value_name = "BYTES")]
    max_attachment_bytes: u64,
    /// Do not fetch attachments (.xlsx .xls .docx .pdf .txt .csv).
    #[arg(long)]
    no_attachments: bool,
    /// Requests in flight at once (all hosts).
    #[arg(long, default_value_t = 4, value_name = "N")]
    concurrency: usize,
    /// Requests in flight at once to one host.
    #[arg(long, default_value_t = 2, value_name = "N")]
    per_host: usize,
    /// Most requests per second to one host; 0 = no limit.
    #[arg(long, default_value_t = 5.0, value_name = "N")]
    rate: f64,
    /// Timeout of one request, in seconds.
    #[arg(long, default_value_t = 20.0, value_name = "SECONDS")]
    timeout: f64,
    /// Extra attempts after a network error, a 429 or a 5xx.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Wait before the first retry (milliseconds), doubled for each next one.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    backoff_ms: u64,
    /// Also check links to other hosts (one request per URL, no crawling there). Off by
    /// default: only the allowed hosts are contacted.
    #[arg(long)]
    check_external: bool,
    /// Ignore robots.txt (only for your own site).
    #[arg(long)]
    ignore_robots: bool,
    /// The User-Agent header (robots.txt groups are matched on `zhproof`).
    #[arg(long, default_value = concat!("zhproof-audit/", env!("CARGO_PKG_VERSION")), value_name = "UA")]
    user_agent: String,
    /// Keep the crawl state in this folder: an interrupted audit run again with the same
    /// folder continues where it stopped. Without it, a temporary folder is used.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// Write every finding as JSONL to FILE (`-` = stdout, the default).
    #[arg(long, default_value = "-", value_name = "FILE")]
    jsonl: String,
    /// Write the HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// No progress lines on stderr.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    opts: CheckerOpts,
}

/// A finding of a page or attachment, as kept in the state and written to the JSONL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Item {
    /// Rule id.
    pub rule: String,
    /// Category name.
    pub category: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// Explanation.
    pub message: String,
    /// The text flagged.
    pub text: String,
    /// 1-based source line in a page (or in a text attachment).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// 1-based column (characters) in that line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<usize>,
    /// Place in an attachment: `Sheet1!B3`, `page 2`, `paragraph 5`, `line 7`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub place: Option<String>,
    /// Replacements, best first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub suggestions: Vec<String>,
}

/// A link on a page, resolved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinkRef {
    /// Absolute URL, without fragment.
    pub url: String,
    /// 1-based line of the attribute value in the page source.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// A sub-resource the page loads (image, script, style …), not a link to follow.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resource: bool,
}

/// What the audit found at one URL: one line of `records.jsonl`.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Record {
    /// The URL requested.
    pub url: String,
    /// Clicks from a start URL.
    pub depth: u32,
    /// `page`, `attachment`, `sitemap`, `link` (checked, not read), `other` (not a page),
    /// `robots` (disallowed, not fetched).
    pub kind: String,
    /// HTTP status of the last answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<u16>,
    /// Network error (DNS, connection, timeout) or unreadable attachment.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    /// Redirect target (crawled URLs: one hop, the target has its own record).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<String>,
    /// Checked links: the URLs the redirects went through, in order, ending with the
    /// final one.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub redirects: Vec<String>,
    /// The `Content-Type`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_type: Option<String>,
    /// The character encoding the page was read in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// Remarks (cut at the byte limit, encoding guessed …).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    /// Findings.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub findings: Vec<Item>,
    /// Links on a page, or URLs of a sitemap.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<LinkRef>,
}

/// What to do with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Fetch and check (page or attachment), follow its links.
    Crawl,
    /// Read as a sitemap.
    Sitemap,
    /// Only see whether it answers (link check).
    Check,
}

#[derive(Debug)]
struct Task {
    url: Url,
    depth: u32,
    mode: Mode,
}

/// Settings shared with the workers.
struct Shared {
    checker: Checker,
    fetcher: http::Fetcher,
    robots: Mutex<HashMap<String, Arc<http::Robots>>>,
    /// Held while a robots.txt is fetched, so that each is fetched once.
    robots_fetch: Mutex<()>,
    allowed: HashSet<String>,
    check_external: bool,
    ignore_robots: bool,
    attachments: bool,
    max_bytes: u64,
    max_attachment_bytes: u64,
}

/// Runs the audit. Exit status: 0 = no finding of severity warning or error, 1 = some,
/// 2 = bad arguments or the state folder cannot be used.
///
/// # Errors
/// I/O errors writing the reports.
pub fn run(args: AuditArgs) -> io::Result<u8> {
    match audit(args) {
        Ok(code) => Ok(code),
        Err(e) => {
            eprintln!("zhproof audit: {e}");
            Ok(2)
        }
    }
}

fn audit(args: AuditArgs) -> Result<u8, String> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err("--timeout must be a positive number of seconds".into());
    }
    if !(args.rate.is_finite() && args.rate >= 0.0) {
        return Err("--rate must be 0 (no limit) or a positive number".into());
    }
    let config = args.opts.service_config()?;
    let checker = Checker::from_config(config).map_err(|e| e.to_string())?;

    // Start URLs: URLs, sitemap URLs, local sitemap files.
    let mut seeds: Vec<Task> = Vec::new();
    for s in &args.seeds {
        match Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                let mode = if u.path().to_ascii_lowercase().ends_with(".xml") {
                    Mode::Sitemap
                } else {
                    Mode::Crawl
                };
                seeds.push(Task {
                    url: strip_fragment(u),
                    depth: 0,
                    mode,
                });
            }
            Ok(u) => {
                return Err(format!(
                    "`{s}`: only http and https URLs can be audited (scheme `{}`)",
                    u.scheme()
                ))
            }
            Err(_) if Path::new(s).is_file() => {
                let text = fs::read(s).map_err(|e| format!("{s}: {e}"))?;
                let (locs, index) = extract::sitemap_locs(&String::from_utf8_lossy(&text));
                for loc in locs {
                    match Url::parse(&loc) {
                        Ok(u) if matches!(u.scheme(), "http" | "https") => seeds.push(Task {
                            url: strip_fragment(u),
                            depth: 0,
                            mode: if index { Mode::Sitemap } else { Mode::Crawl },
                        }),
                        _ => eprintln!("zhproof audit: {s}: skipping `{loc}` (not an http(s) URL)"),
                    }
                }
            }
            Err(e) => {
                return Err(format!(
                    "`{s}` is neither a URL nor a sitemap file: {e} (give a full URL such as https://www.example.gov.cn/)"
                ))
            }
        }
    }
    if seeds.is_empty() {
        return Err("no start URL (the sitemap lists none)".into());
    }
    let mut allowed: HashSet<String> = args
        .allow_host
        .iter()
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .collect();
    for t in &seeds {
        if let Some(h) = t.url.host_str() {
            allowed.insert(h.to_ascii_lowercase());
        }
    }

    // The state folder.
    let (state_dir, temporary) = match &args.state {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("zhproof-audit-{}", std::process::id())),
            true,
        ),
    };
    fs::create_dir_all(&state_dir).map_err(|e| {
        format!(
            "cannot create the state folder {}: {e}",
            state_dir.display()
        )
    })?;
    let records_path = state_dir.join("records.jsonl");
    let seeds_path = state_dir.join("seeds.json");
    let seed_list: Vec<String> = args.seeds.clone();
    if let Ok(prev) = fs::read_to_string(&seeds_path) {
        let prev: Vec<String> = serde_json::from_str(&prev).unwrap_or_default();
        if prev != seed_list {
            return Err(format!(
                "the state folder {} belongs to an audit of {} (use another --state)",
                state_dir.display(),
                prev.join(" ")
            ));
        }
    } else {
        let json = serde_json::to_string(&seed_list).map_err(|e| e.to_string())?;
        fs::write(&seeds_path, json).map_err(|e| format!("{}: {e}", seeds_path.display()))?;
    }

    let interval = if args.rate > 0.0 {
        Duration::from_secs_f64(1.0 / args.rate)
    } else {
        Duration::ZERO
    };
    let shared = Arc::new(Shared {
        checker,
        fetcher: http::Fetcher::new(http::FetchOptions {
            timeout: Duration::from_secs_f64(args.timeout),
            retries: args.retries,
            backoff: Duration::from_millis(args.backoff_ms),
            per_host: args.per_host.max(1),
            interval,
            user_agent: args.user_agent.clone(),
        }),
        robots: Mutex::new(HashMap::new()),
        robots_fetch: Mutex::new(()),
        allowed,
        check_external: args.check_external,
        ignore_robots: args.ignore_robots,
        attachments: !args.no_attachments,
        max_bytes: args.max_bytes,
        max_attachment_bytes: args.max_attachment_bytes,
    });

    crawl(&args, &shared, seeds, &records_path)?;

    let code = report::write(&records_path, &args.jsonl, args.html.as_deref())
        .map_err(|e| format!("writing the report: {e}"))?;
    if temporary {
        let _ = fs::remove_dir_all(&state_dir);
    }
    Ok(code)
}

/// The URL without its `#fragment`.
fn strip_fragment(mut u: Url) -> Url {
    u.set_fragment(None);
    u
}

/// The frontier: what is queued, what was seen, how many crawls were scheduled.
struct Frontier {
    queue: VecDeque<Task>,
    seen: HashSet<String>,
    crawls: usize,
    max_pages: usize,
    max_depth: u32,
}

impl Frontier {
    /// Queues `url` found at `depth` (a link of a page at `depth - 1`) unless seen.
    fn offer(&mut self, shared: &Shared, url: Url, depth: u32, resource: bool, mode: Option<Mode>) {
        if !matches!(url.scheme(), "http" | "https") {
            return;
        }
        let url = strip_fragment(url);
        if self.seen.contains(url.as_str()) {
            return;
        }
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        let internal = shared.allowed.contains(&host);
        let mode = if !internal {
            if !shared.check_external {
                return;
            }
            Mode::Check
        } else if let Some(m) = mode {
            m
        } else if !resource || (shared.attachments && attach::kind_of_path(url.path()).is_some()) {
            if depth <= self.max_depth && self.crawls < self.max_pages {
                Mode::Crawl
            } else {
                Mode::Check
            }
        } else {
            Mode::Check
        };
        if mode != Mode::Check {
            if self.crawls >= self.max_pages {
                return;
            }
            self.crawls += 1;
        }
        self.seen.insert(url.to_string());
        self.queue.push_back(Task { url, depth, mode });
    }

    /// Queues what a finished record points to.
    fn follow(&mut self, shared: &Shared, rec: &Record) {
        let Ok(base) = Url::parse(&rec.url) else {
            return;
        };
        if let Some(loc) = &rec.location {
            if let Ok(u) = base.join(loc) {
                let mode = (rec.kind == "sitemap").then_some(Mode::Sitemap);
                self.offer(shared, u, rec.depth, false, mode);
            }
        }
        for l in &rec.links {
            if let Ok(u) = Url::parse(&l.url) {
                if rec.kind == "sitemap" {
                    let mode = if l.resource {
                        Mode::Sitemap
                    } else {
                        Mode::Crawl
                    };
                    self.offer(shared, u, rec.depth, false, Some(mode));
                } else {
                    self.offer(shared, u, rec.depth + 1, l.resource, None);
                }
            }
        }
    }
}

/// Reads the records already done (a cut last line is dropped from the file).
fn load_records(path: &Path) -> Result<Vec<Record>, String> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut out = Vec::new();
    let mut good_end = 0u64;
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 || !line.ends_with('\n') {
            break;
        }
        match serde_json::from_str::<Record>(line.trim_end()) {
            Ok(r) => {
                out.push(r);
                good_end += n as u64;
            }
            Err(_) => break,
        }
    }
    // Drop whatever follows the last whole record (a write cut by a kill).
    let f = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.set_len(good_end)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out)
}

fn crawl(
    args: &AuditArgs,
    shared: &Arc<Shared>,
    seeds: Vec<Task>,
    records: &Path,
) -> Result<(), String> {
    let done = load_records(records)?;
    let mut frontier = Frontier {
        queue: VecDeque::new(),
        seen: HashSet::new(),
        crawls: 0,
        max_pages: args.max_pages,
        max_depth: args.max_depth,
    };
    for t in seeds {
        frontier.offer(shared, t.url, t.depth, false, Some(t.mode));
    }
    let resumed = done.len();
    if resumed > 0 {
        // Replay: everything done is known, and what it points to is queued again.
        let mut finished: HashSet<String> = HashSet::new();
        for r in &done {
            finished.insert(r.url.clone());
        }
        for r in &done {
            frontier.follow(shared, r);
        }
        frontier
            .queue
            .retain(|t| !finished.contains(t.url.as_str()));
        if !args.quiet {
            eprintln!(
                "zhproof audit: resuming: {resumed} URLs done, {} queued",
                frontier.queue.len()
            );
        }
    }
    drop(done);
    let mut out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(records)
        .map_err(|e| format!("{}: {e}", records.display()))?;
    out.seek(SeekFrom::End(0))
        .map_err(|e| format!("{}: {e}", records.display()))?;

    let workers = args.concurrency.max(1);
    let (task_tx, task_rx) = mpsc::channel::<Task>();
    let task_rx = Arc::new(Mutex::new(task_rx));
    let (rec_tx, rec_rx) = mpsc::channel::<Record>();
    let mut handles = Vec::new();
    for i in 0..workers {
        let rx = Arc::clone(&task_rx);
        let tx = rec_tx.clone();
        let sh = Arc::clone(shared);
        let h = std::thread::Builder::new()
            .name(format!("zhproof-audit-{i}"))
            .spawn(move || loop {
                let task = {
                    let guard = rx.lock().unwrap_or_else(|p| p.into_inner());
                    guard.recv()
                };
                let Ok(task) = task else { break };
                let url = task.url.to_string();
                let depth = task.depth;
                let rec =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(&sh, task)))
                        .unwrap_or_else(|_| Record {
                            url,
                            depth,
                            kind: "other".into(),
                            error: Some("internal error while checking this URL".into()),
                            ..Record::default()
                        });
                if tx.send(rec).is_err() {
                    break;
                }
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        handles.push(h);
    }
    drop(rec_tx);

    let start = Instant::now();
    let mut last_progress = Instant::now();
    let mut in_flight = 0usize;
    let mut finished = 0usize;
    let mut errors = 0usize;
    loop {
        while in_flight < workers * 2 {
            let Some(t) = frontier.queue.pop_front() else {
                break;
            };
            if task_tx.send(t).is_err() {
                return Err("the worker threads stopped".into());
            }
            in_flight += 1;
        }
        if in_flight == 0 {
            break;
        }
        let rec = match rec_rx.recv_timeout(Duration::from_millis(500)) {
            Ok(r) => Some(r),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("the worker threads stopped".into())
            }
        };
        if let Some(rec) = rec {
            in_flight -= 1;
            finished += 1;
            if rec.error.is_some() || rec.status.is_some_and(|s| s >= 400) {
                errors += 1;
            }
            let mut line = serde_json::to_string(&rec).map_err(|e| e.to_string())?;
            line.push('\n');
            out.write_all(line.as_bytes())
                .map_err(|e| format!("{}: {e}", records.display()))?;
            frontier.follow(shared, &rec);
        }
        if !args.quiet && last_progress.elapsed() >= Duration::from_secs(1) {
            last_progress = Instant::now();
            let secs = start.elapsed().as_secs_f64().max(0.001);
            eprintln!(
                "zhproof audit: {} done, {} queued, {errors} errors, {:.1} URLs/s",
                resumed + finished,
                frontier.queue.len() + in_flight,
                finished as f64 / secs
            );
        }
    }
    drop(task_tx);
    for h in handles {
        let _ = h.join();
    }
    if !args.quiet {
        let secs = start.elapsed().as_secs_f64().max(0.001);
        eprintln!(
            "zhproof audit: finished: {} URLs ({finished} this run in {secs:.1} s, {:.1} URLs/s), {errors} errors",
            resumed + finished,
            finished as f64 / secs
        );
    }
    Ok(())
}

/// The robots.txt rules for the host of `url` (fetched once per host).
fn robots_for(sh: &Shared, url: &Url) -> Arc<http::Robots> {
    let key = url.origin().ascii_serialization();
    let cached = || {
        sh.robots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned()
    };
    if let Some(r) = cached() {
        return r;
    }
    let _fetching = sh.robots_fetch.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(r) = cached() {
        return r;
    }
    let robots = match url.join("/robots.txt") {
        Ok(u) => match sh.fetcher.get(&u, 512 * 1024) {
            Ok(r) if (200..300).contains(&r.status) => {
                http::Robots::parse(&String::from_utf8_lossy(&r.body), "zhproof")
            }
            _ => http::Robots::default(),
        },
        Err(_) => http::Robots::default(),
    };
    if let (Some(d), Some(host)) = (robots.crawl_delay, url.host_str()) {
        sh.fetcher.set_host_delay(host, d);
    }
    let robots = Arc::new(robots);
    sh.robots
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, Arc::clone(&robots));
    robots
}

/// Fetches and checks one URL.
fn process(sh: &Shared, task: Task) -> Record {
    let mut rec = Record {
        url: task.url.to_string(),
        depth: task.depth,
        ..Record::default()
    };
    if task.mode == Mode::Check {
        rec.kind = "link".into();
        check_link(sh, &task.url, &mut rec);
        return rec;
    }
    if !sh.ignore_robots {
        let robots = robots_for(sh, &task.url);
        let path = match task.url.query() {
            Some(q) => format!("{}?{q}", task.url.path()),
            None => task.url.path().to_string(),
        };
        if !robots.allows(&path) {
            rec.kind = "robots".into();
            return rec;
        }
    }
    let attachment = attach::kind_of_path(task.url.path());
    let limit = if attachment.is_some() {
        sh.max_attachment_bytes
    } else {
        sh.max_bytes
    };
    let resp = match sh.fetcher.get(&task.url, limit) {
        Ok(r) => r,
        Err(e) => {
            rec.kind = "page".into();
            rec.error = Some(e);
            return rec;
        }
    };
    rec.status = Some(resp.status);
    rec.content_type = resp.content_type.clone();
    rec.kind = if task.mode == Mode::Sitemap {
        "sitemap".into()
    } else if attachment.is_some() {
        "attachment".into()
    } else {
        "page".into()
    };
    if (300..400).contains(&resp.status) {
        rec.location = resp.location;
        return rec;
    }
    if resp.status >= 400 {
        return rec;
    }
    let ctype = resp.content_type.as_deref().unwrap_or("");
    if task.mode == Mode::Sitemap || extract::is_sitemap(&resp.body) {
        rec.kind = "sitemap".into();
        let (locs, index) = extract::sitemap_locs(&String::from_utf8_lossy(&resp.body));
        rec.links = locs
            .into_iter()
            .filter_map(|l| task.url.join(&l).ok())
            .map(|u| LinkRef {
                url: strip_fragment(u).to_string(),
                line: 0,
                column: 0,
                resource: index,
            })
            .collect();
        return rec;
    }
    let kind = attach::kind_of_type(ctype)
        .filter(|k| *k != attach::Kind::Text || attachment.is_some())
        .or(attachment);
    if let Some(kind) = kind {
        rec.kind = "attachment".into();
        if !sh.attachments {
            return rec;
        }
        if resp.truncated {
            rec.error = Some(format!(
                "larger than --max-attachment-bytes ({} bytes): not checked",
                sh.max_attachment_bytes
            ));
            return rec;
        }
        match attach::extract(kind, &resp.body) {
            Ok(ex) => {
                let findings = sh.checker.check(&ex.text);
                let lines = if kind == attach::Kind::Text {
                    let offs: Vec<usize> = findings.iter().map(|f| f.span.start).collect();
                    Some(zhproof::positions::positions(&ex.text, &offs))
                } else {
                    None
                };
                rec.findings = findings
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let pos = lines.as_ref().and_then(|p| p.get(i));
                        let mut item = item(&f, pos.map(|p| p.line), pos.map(|p| p.column));
                        if pos.is_none() {
                            item.place = Some(ex.place_of(f.span.start).to_string());
                        }
                        item
                    })
                    .collect();
            }
            Err(e) => rec.error = Some(e),
        }
        return rec;
    }
    let html = ctype.contains("html") || (ctype.is_empty() && looks_html(&resp.body));
    if !html {
        rec.kind = "other".into();
        return rec;
    }
    check_page(sh, &task.url, &resp, &mut rec);
    rec
}

fn looks_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

/// The `charset=` of a `Content-Type`.
fn header_charset(ctype: &str) -> Option<&'static encoding_rs::Encoding> {
    ctype.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "charset")
            .then(|| encoding_rs::Encoding::for_label(v.trim().trim_matches('"').as_bytes()))
            .flatten()
    })
}

fn item(f: &zhproof::Finding, line: Option<usize>, column: Option<usize>) -> Item {
    Item {
        rule: f.rule.clone(),
        category: f.category.as_str().to_string(),
        severity: f.severity.as_str().to_string(),
        message: f.message.clone(),
        text: f.text.clone(),
        line,
        column,
        place: None,
        suggestions: f.suggestions.clone(),
    }
}

/// Checks an HTML page: decoding (BOM, then the header's charset, then `<meta>`), the full
/// check with source positions, its links, mixed content.
fn check_page(sh: &Shared, url: &Url, resp: &http::Response, rec: &mut Record) {
    let forced = resp.content_type.as_deref().and_then(header_charset);
    let text = match crate::decode::decode(&resp.body, true, forced) {
        Ok(d) => {
            rec.encoding = Some(d.encoding.to_string());
            if let Some(w) = d.warning {
                rec.note = Some(w);
            }
            d.text
        }
        Err(_) => {
            rec.encoding = Some("GB18030".into());
            rec.note = Some("not UTF-8 and no charset declared: read as GB18030".into());
            encoding_rs::GB18030.decode(&resp.body).0.into_owned()
        }
    };
    if resp.truncated {
        let n = format!("cut at --max-bytes ({} bytes)", resp.body.len());
        rec.note = Some(match rec.note.take() {
            Some(p) => format!("{p}; {n}"),
            None => n,
        });
    }
    let findings = sh.checker.check_html(&text);
    let (links, base) = extract::links(&text);
    let mut offsets: Vec<usize> = findings.iter().map(|f| f.span.start).collect();
    offsets.extend(links.iter().map(|l| l.offset));
    let pos = zhproof::positions::positions(&text, &offsets);
    let base_url = base
        .and_then(|b| url.join(&b).ok())
        .unwrap_or_else(|| url.clone());
    rec.findings = findings
        .iter()
        .zip(&pos)
        .map(|(f, p)| item(f, Some(p.line), Some(p.column)))
        .collect();
    let mut on_page: HashSet<String> = HashSet::new();
    for (l, p) in links.iter().zip(pos.iter().skip(findings.len())) {
        let Ok(u) = base_url.join(&l.value) else {
            continue;
        };
        if !matches!(u.scheme(), "http" | "https") {
            continue;
        }
        let u = strip_fragment(u);
        if url.scheme() == "https" && u.scheme() == "http" && l.resource {
            rec.findings.push(Item {
                rule: "link.mixed_content".into(),
                category: "link".into(),
                severity: "warning".into(),
                message: "HTTPS 页面加载 HTTP 资源（混合内容），浏览器会拦截或提示不安全".into(),
                text: l.value.clone(),
                line: Some(p.line),
                column: Some(p.column),
                place: None,
                suggestions: Vec::new(),
            });
        }
        if on_page.insert(u.to_string()) {
            rec.links.push(LinkRef {
                url: u.to_string(),
                line: p.line,
                column: p.column,
                resource: l.resource,
            });
        }
    }
}

/// Checks that a link answers: follows redirects (each hop only to a host that may be
/// contacted), records them and the final status or error.
fn check_link(sh: &Shared, url: &Url, rec: &mut Record) {
    let mut current = url.clone();
    for _ in 0..10 {
        match sh.fetcher.get(&current, 0) {
            Err(e) => {
                rec.error = Some(e);
                return;
            }
            Ok(r) => {
                rec.status = Some(r.status);
                rec.content_type = r.content_type;
                let Some(loc) = r.location.filter(|_| (300..400).contains(&r.status)) else {
                    return;
                };
                let Ok(next) = Url::parse(&loc) else {
                    return;
                };
                rec.redirects.push(next.to_string());
                let host = next.host_str().unwrap_or("").to_ascii_lowercase();
                if !(sh.check_external || sh.allowed.contains(&host))
                    || !matches!(next.scheme(), "http" | "https")
                {
                    return;
                }
                current = next;
            }
        }
    }
    rec.error = Some("too many redirects".into());
}

/// The registrable domain of a host, approximately (no public-suffix list): the last two
/// labels, or three under a two-letter country code with a generic second level
/// (`gov.cn`, `com.cn`, `org.hk` …). An IP address is its own.
pub fn registrable(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if zhproof::detectors::links::is_ip_host(&host) {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n <= 2 {
        return host;
    }
    const SECOND: [&str; 9] = ["com", "net", "org", "gov", "edu", "ac", "co", "mil", "int"];
    let keep = if labels[n - 1].len() == 2 && SECOND.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    labels[n - keep..].join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable("www.beijing.gov.cn"), "beijing.gov.cn");
        assert_eq!(registrable("a.b.example.com"), "example.com");
        assert_eq!(registrable("127.0.0.1"), "127.0.0.1");
        assert_eq!(registrable("localhost"), "localhost");
    }

    #[test]
    fn charset_from_header() {
        assert_eq!(
            header_charset("text/html; charset=GBK").map(|e| e.name()),
            Some("GBK")
        );
        assert!(header_charset("text/html").is_none());
    }
}
