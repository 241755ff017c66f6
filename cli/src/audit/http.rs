//! Fetching for `zhproof audit`: one blocking HTTP client shared by the workers, a per-host
//! gate (concurrency and request rate), retries with exponential backoff, byte limits, and
//! robots.txt rules.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use url::Url;

/// What one HTTP exchange gave (no redirect followed).
#[derive(Debug)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// The `Location` header of a redirect, resolved against the request URL.
    pub location: Option<String>,
    /// The `Content-Type` header, lowercased.
    pub content_type: Option<String>,
    /// The body, at most the limit asked for (empty when not read).
    pub body: Vec<u8>,
    /// True when the body was longer than the limit (then `body` is cut).
    pub truncated: bool,
}

/// Settings of the fetcher.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// Extra attempts after a network error, a 429 or a 5xx.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Requests at the same time to one host.
    pub per_host: usize,
    /// Least time between the starts of two requests to one host (zero: no limit).
    pub interval: Duration,
    /// The `User-Agent` header.
    pub user_agent: String,
}

/// Per-host request gate: at most `per_host` requests in flight to a host, and request
/// starts at least `interval` apart.
struct HostGate {
    /// Per host: requests in flight, earliest next start.
    hosts: Mutex<HashMap<String, (usize, Instant)>>,
    /// Per host: a longer interval asked for by its robots.txt (`Crawl-delay`).
    delays: Mutex<HashMap<String, Duration>>,
    cv: Condvar,
}

/// The shared HTTP client.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    gate: HostGate,
}

/// Releases a host slot when dropped.
struct Slot<'a> {
    gate: &'a HostGate,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut hosts = self.gate.hosts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = hosts.get_mut(&self.host) {
            h.0 = h.0.saturating_sub(1);
        }
        drop(hosts);
        self.gate.cv.notify_all();
    }
}

impl HostGate {
    fn acquire(&self, host: &str, per_host: usize, interval: Duration) -> Slot<'_> {
        let interval = match self
            .delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(host)
        {
            Some(d) => interval.max(*d),
            None => interval,
        };
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            let entry = hosts.entry(host.to_string()).or_insert((0, now));
            if entry.0 < per_host.max(1) && now >= entry.1 {
                entry.0 += 1;
                entry.1 = now + interval;
                break;
            }
            let wait = if entry.0 < per_host.max(1) {
                entry.1.saturating_duration_since(now)
            } else {
                Duration::from_millis(50)
            };
            hosts = match self
                .cv
                .wait_timeout(hosts, wait.max(Duration::from_millis(1)))
            {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
        Slot {
            gate: self,
            host: host.to_string(),
        }
    }
}

impl Fetcher {
    /// A fetcher with these settings (no redirect is followed: callers record each hop).
    pub fn new(opts: FetchOptions) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(opts.user_agent.as_str())
            .build()
            .into();
        Fetcher {
            agent,
            opts,
            gate: HostGate {
                hosts: Mutex::new(HashMap::new()),
                delays: Mutex::new(HashMap::new()),
                cv: Condvar::new(),
            },
        }
    }

    /// Spaces request starts to `host` at least `delay` apart from now on (robots.txt
    /// `Crawl-delay`, at most 60 s).
    pub fn set_host_delay(&self, host: &str, delay: Duration) {
        self.gate
            .delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(host.to_string(), delay.min(Duration::from_secs(60)));
    }

    /// GETs `url`, reading at most `limit` bytes of the body, with retries and backoff on
    /// network errors, 429 and 5xx (the last answer is returned).
    ///
    /// # Errors
    /// A one-line description of the network error (DNS, connection, timeout) after the
    /// last attempt.
    pub fn get(&self, url: &Url, limit: u64) -> Result<Response, String> {
        let host = url.host_str().unwrap_or("").to_string();
        let mut attempt = 0;
        loop {
            let result = {
                let _slot = self
                    .gate
                    .acquire(&host, self.opts.per_host, self.opts.interval);
                self.once(url, limit)
            };
            let retry = match &result {
                Ok(r) => r.status == 429 || r.status >= 500,
                Err(_) => true,
            };
            if !retry || attempt >= self.opts.retries {
                return result;
            }
            let wait = self
                .opts
                .backoff
                .saturating_mul(1u32 << attempt.min(10))
                .min(Duration::from_secs(60));
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn once(&self, url: &Url, limit: u64) -> Result<Response, String> {
        let mut resp = self
            .agent
            .get(url.as_str())
            .call()
            .map_err(|e| describe(&e))?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location").and_then(|l| url.join(&l).ok().map(String::from));
        let content_type = header("content-type").map(|c| c.to_ascii_lowercase());
        let mut body = Vec::new();
        let mut truncated = false;
        // Media are never checked: their bodies are not read.
        let media = content_type.as_deref().is_some_and(|c| {
            ["image/", "audio/", "video/", "font/"]
                .iter()
                .any(|p| c.starts_with(p))
        });
        if !(300..400).contains(&status) && !media {
            let mut reader = resp
                .body_mut()
                .with_config()
                .limit(limit.saturating_add(1))
                .reader();
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let room = usize::try_from(limit)
                            .unwrap_or(usize::MAX)
                            .saturating_sub(body.len());
                        body.extend_from_slice(&buf[..n.min(room)]);
                        if n > room {
                            truncated = true;
                            break;
                        }
                    }
                    Err(e) => {
                        if body.len() as u64 >= limit {
                            truncated = true;
                            break;
                        }
                        return Err(format!("reading the body: {e}"));
                    }
                }
            }
        }
        Ok(Response {
            status,
            location,
            content_type,
            body,
            truncated,
        })
    }
}

/// A short description of a request error.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timeout".to_string(),
        ureq::Error::HostNotFound => "host not found (DNS)".to_string(),
        ureq::Error::Io(io) => format!("connection error: {}", io.kind()),
        other => other.to_string(),
    }
}

/// The rules of a robots.txt that apply to one user agent: `Allow`/`Disallow` path
/// prefixes (`*` and a final `$` understood); the longest match wins, `Allow` on a tie.
#[derive(Debug, Default, Clone)]
pub struct Robots {
    rules: Vec<(bool, String)>,
    /// The `Crawl-delay` of the group, if given.
    pub crawl_delay: Option<Duration>,
}

impl Robots {
    /// Parses `text` for the agent token `agent` (e.g. `zhproof`): its own group if any,
    /// else the `*` group. Unknown lines are ignored.
    pub fn parse(text: &str, agent: &str) -> Self {
        let agent = agent.to_ascii_lowercase();
        let mut specific = Robots::default();
        let mut star = Robots::default();
        let mut has_specific = false;
        // Which groups the current record applies to: (specific, star).
        let mut current = (false, false);
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        current = (false, false);
                        in_agents = true;
                    }
                    let v = value.to_ascii_lowercase();
                    if v == "*" {
                        current.1 = true;
                    } else if !v.is_empty() && agent.contains(&v) {
                        current.0 = true;
                        has_specific = true;
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    if current.0 {
                        specific.rules.push(rule.clone());
                    }
                    if current.1 {
                        star.rules.push(rule);
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    let d = value
                        .parse::<f64>()
                        .ok()
                        .filter(|d| d.is_finite() && *d >= 0.0)
                        .map(|d| Duration::from_secs_f64(d.min(60.0)));
                    if current.0 {
                        specific.crawl_delay = d;
                    }
                    if current.1 {
                        star.crawl_delay = d;
                    }
                }
                _ => in_agents = false,
            }
        }
        if has_specific {
            specific
        } else {
            star
        }
    }

    /// True when `path` (path and query of a URL) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                let better = match best {
                    None => true,
                    Some((l, a)) => len > l || (len == l && *allow && !a),
                };
                if better {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A robots.txt pattern: a prefix with `*` for any run of characters and a final `$`
/// anchoring the end.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if let Some(k) = path.get(pos..).and_then(|rest| rest.find(part)) {
            pos += k + part.len();
        } else {
            return false;
        }
    }
    if anchored {
        let last = parts.last().copied().unwrap_or("");
        return pos == path.len() || (parts.len() > 1 && path.ends_with(last));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_groups_and_longest_match() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /private/\nAllow: /private/open\n\nUser-agent: other\nDisallow: /\n",
            "zhproof",
        );
        assert!(r.allows("/index.html"));
        assert!(!r.allows("/private/x.html"));
        assert!(r.allows("/private/open.html"));
        let z = Robots::parse(
            "User-agent: zhproof\nDisallow: /a\nUser-agent: *\nDisallow: /",
            "zhproof",
        );
        assert!(z.allows("/b") && !z.allows("/a/1"));
        let w = Robots::parse("User-agent: *\nDisallow: /*.pdf$\n", "zhproof");
        assert!(!w.allows("/x/y.pdf") && w.allows("/x/y.pdf?z"));
        assert!(Robots::parse("garbage\n::\n", "zhproof").allows("/"));
    }
}
