//! `zhproof serve`: a small HTTP service for CMS pre-publish hooks.
//!
//! - `GET /health` → `{"status":"ok","version":…}`
//! - `POST /check` with `Content-Type: application/json` and `{"text": …}` or
//!   `{"html": …}` (optional `"config"`: a checker configuration as `Config` JSON,
//!   without file paths; optional `"check_code": true`), or a raw `text/html` or
//!   `text/plain` body (UTF-8, or the `charset=` of its `Content-Type`, or for HTML the
//!   page's declared `<meta charset>`; offsets are then into the bytes sent). Answers
//!   `{"findings": [...], "count": n}` (plus `"warnings": [...]` when the body's encoding
//!   looked wrong); each finding has byte offsets (`start`, `end`), code-point offsets
//!   (`char_start`, `char_end`, for Python and most CMS languages), 1-based
//!   `line`/`column` in characters, `text`, `category`, `rule`, `severity`, `suggestions`,
//!   `message`.
//! - `POST /v2/check` and `GET /v2/languages`: the LanguageTool API, for LanguageTool
//!   clients (see `languagetool.rs`): form fields `text` or `data`, `language`,
//!   `enabledRules`, `disabledRules`, …; matches with UTF-16 `offset`/`length`.
//! - Every error answer is JSON, `{"error": …}`: 400 (bad JSON, bad config, no text, a
//!   request dictionary over `--max-dict-bytes` or with a term over `--max-term-chars`),
//!   401 (`--token-file` given and no matching `Authorization: Bearer …`), 403 (a CORS
//!   preflight from an origin not allowed), 404, 405, 408 (body not received within
//!   `--body-timeout`), 413 (`Content-Length` or body over `--max-body`, refused before
//!   reading), 415 (other content types), 503 (over `--max-connections`).
//! - `--config FILE` reads the top level of a `zhproof.toml` (or `pyproject.toml`) for the
//!   default checker; command-line options apply on top.
//!
//! Defences: headers must arrive within `--header-timeout` seconds, which is also the
//! longest a kept-alive connection may sit idle; at most `--max-connections` connections
//! are open (more are answered 503 and closed); decoding, parsing and checking run on a
//! bounded pool of blocking threads (`--max-checks`), never on the async workers, so
//! `/health` stays responsive; checkers built for request configurations are cached by a
//! hash of the configuration, up to 16 and an estimated memory bound. On Ctrl-C or
//! SIGTERM the server stops accepting, lets running requests finish for up to
//! `--shutdown-timeout` seconds, then exits. CORS is off unless `--cors-origin` is given.

use crate::CheckerOpts;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Args;
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;
use zhproof::{Checker, Config, DictionarySource, Finding, HtmlOptions};

/// Options of `zhproof serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8790")]
    addr: String,
    /// Largest request body accepted, in bytes (larger ones get 413; a larger
    /// Content-Length is refused before the body is read).
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body: usize,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    threads: Option<usize>,
    /// Most connections open at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_connections: usize,
    /// Seconds a client has to send a request's headers; also the longest a kept-alive
    /// connection may sit idle.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    header_timeout: u64,
    /// Seconds a client has to send a request's body (408 after).
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    body_timeout: u64,
    /// Seconds running requests get to finish after Ctrl-C or SIGTERM.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    shutdown_timeout: u64,
    /// Checks run at once (default: the number of CPUs); further requests wait.
    #[arg(long, value_name = "N")]
    max_checks: Option<usize>,
    /// Let pages from this origin call the service from a browser (CORS), e.g.
    /// `https://cms.example.cn`; `*` allows any. Repeat for several. Off by default.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,
    /// Require `Authorization: Bearer TOKEN` on /check, TOKEN being the first line of
    /// this file. Without it, binding to a non-loopback address prints a warning.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Largest total size, in bytes, of the dictionaries and allow phrases a request's
    /// config may carry.
    #[arg(long, default_value_t = 1024 * 1024, value_name = "BYTES")]
    max_dict_bytes: usize,
    /// Longest term (and allow phrase) in a request's dictionaries, in characters.
    #[arg(long, default_value_t = 64, value_name = "CHARS")]
    max_term_chars: usize,
    #[command(flatten)]
    opts: CheckerOpts,
}

/// Checkers built for per-request configurations, kept up to this many.
const CONFIG_CACHE: usize = 16;

/// Estimated memory the cached checkers may take (see [`ConfigCache`]).
const CONFIG_CACHE_BYTES: usize = 512 * 1024 * 1024;

/// Checkers for request configurations, keyed by a 128-bit hash of the configuration's
/// JSON, least recently used evicted first. A checker's memory is estimated from its
/// configuration: a base for the built-in dictionaries plus 32 bytes per byte of
/// request dictionary text.
#[derive(Default)]
struct ConfigCache {
    entries: HashMap<u128, (Arc<Checker>, usize, u64)>,
    weight: usize,
    tick: u64,
}

impl ConfigCache {
    fn get(&mut self, key: u128) -> Option<Arc<Checker>> {
        self.tick += 1;
        let tick = self.tick;
        self.entries.get_mut(&key).map(|e| {
            e.2 = tick;
            Arc::clone(&e.0)
        })
    }

    fn insert(&mut self, key: u128, checker: Arc<Checker>, weight: usize) {
        self.tick += 1;
        while !self.entries.is_empty()
            && (self.entries.len() >= CONFIG_CACHE || self.weight + weight > CONFIG_CACHE_BYTES)
        {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.2)
                .map(|(k, _)| *k);
            match oldest.and_then(|k| self.entries.remove(&k)) {
                Some(e) => self.weight = self.weight.saturating_sub(e.1),
                None => break,
            }
        }
        if weight <= CONFIG_CACHE_BYTES {
            self.weight += weight;
            self.entries.insert(key, (checker, weight, self.tick));
        }
    }
}

struct AppState {
    checker: Checker,
    by_config: Mutex<ConfigCache>,
    max_body: usize,
    body_timeout: Duration,
    checks: Arc<Semaphore>,
    cors: Vec<String>,
    token: Option<String>,
    max_dict_bytes: usize,
    max_term_chars: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    text: Option<String>,
    html: Option<String>,
    config: Option<serde_json::Value>,
    #[serde(default)]
    check_code: bool,
}

#[derive(Serialize)]
struct OutFinding<'a> {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    line: usize,
    column: usize,
    #[serde(flatten)]
    finding: &'a Finding,
}

fn error(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": msg.into() }))).into_response()
}

/// The token in `path`: its first line, trimmed.
fn read_token(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.is_empty() {
        return Err(format!("{}: the token file is empty", path.display()));
    }
    Ok(token)
}

/// Runs the service until Ctrl-C or SIGTERM. Returns the process exit code.
///
/// # Errors
/// I/O errors writing the start-up line.
pub fn run(args: ServeArgs) -> io::Result<u8> {
    let checker = match args
        .opts
        .service_config()
        .and_then(|c| Checker::from_config(c).map_err(|e| e.to_string()))
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let token = match args.token_file.as_deref().map(read_token).transpose() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = args.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = match rt.build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("zhproof: cannot start the runtime: {e}");
            return Ok(2);
        }
    };
    let state = Arc::new(AppState {
        checker,
        by_config: Mutex::new(ConfigCache::default()),
        max_body: args.max_body,
        body_timeout: Duration::from_secs(args.body_timeout.max(1)),
        checks: Arc::new(Semaphore::new(args.max_checks.unwrap_or(cpus).max(1))),
        cors: args.cors_origin.clone(),
        token,
        max_dict_bytes: args.max_dict_bytes,
        max_term_chars: args.max_term_chars,
    });
    let code = rt.block_on(serve(args, state));
    // Checks still running after the deadline are abandoned, not waited for.
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}

fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/check", post(check))
        .route("/v2/check", post(lt_check).get(lt_check))
        .route("/v2/languages", get(lt_languages))
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "no such endpoint (/check, /health, /v2/check, /v2/languages)",
            )
        })
        .method_not_allowed_fallback(|| async {
            error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed (GET /health, POST /check, POST /v2/check, GET /v2/languages)",
            )
        })
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .layer(DefaultBodyLimit::max(state.max_body))
        .with_state(state)
}

async fn serve(args: ServeArgs, state: Arc<AppState>) -> io::Result<u8> {
    let listener = match tokio::net::TcpListener::bind(&args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("zhproof: cannot listen on {}: {e}", args.addr);
            return Ok(2);
        }
    };
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() && state.token.is_none() {
        eprintln!(
            "zhproof serve: warning: listening on {local}, reachable from other hosts, without \
             --token-file: anyone who can reach it can use it"
        );
    }
    let app = app(Arc::clone(&state));
    {
        let mut out = io::stdout().lock();
        writeln!(out, "zhproof serve: listening on http://{local}")?;
        out.flush()?;
    }
    let max_conns = args.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let conns = Arc::new(Semaphore::new(max_conns));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let header_timeout = Duration::from_secs(args.header_timeout.max(1));
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    // Out of descriptors or a reset connection: back off a little.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&conns).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let svc = TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let stopping = async move {
                // The guard returned by `wait_for` is not `Send`: drop it here.
                let _ = stop.wait_for(|s| *s).await.map(|_| ());
            };
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(64 * 1024);
            let conn = builder.serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopping => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let grace = Duration::from_secs(args.shutdown_timeout);
    let n = u32::try_from(max_conns).unwrap_or(u32::MAX);
    match tokio::time::timeout(grace, conns.acquire_many(n)).await {
        Ok(_) => eprintln!("zhproof serve: stopped"),
        Err(_) => eprintln!(
            "zhproof serve: {} connection(s) still busy after {}s; stopped anyway",
            max_conns - conns.available_permits(),
            grace.as_secs()
        ),
    }
    Ok(0)
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Answers 503 on a connection over the limit, without reading it, and closes it.
async fn refuse(mut stream: tokio::net::TcpStream) {
    let body = r#"{"error":"too many connections; retry later"}"#;
    let msg = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(msg.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// Equal strings, in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// CORS, authentication and the early `Content-Length` check, before any route.
async fn guard(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let allowed = origin.as_deref().and_then(|o| {
        st.cors
            .iter()
            .find(|c| c.as_str() == "*" || c.eq_ignore_ascii_case(o))
            .map(|c| {
                if c == "*" {
                    "*".to_string()
                } else {
                    o.to_string()
                }
            })
    });
    let with_cors = |mut resp: Response| {
        if let Some(value) = allowed
            .as_deref()
            .and_then(|a| HeaderValue::from_str(a).ok())
        {
            let h = resp.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        resp
    };
    if req.method() == Method::OPTIONS {
        if allowed.is_none() {
            return error(
                StatusCode::FORBIDDEN,
                "cross-origin requests from this origin are not allowed (see --cors-origin)",
            );
        }
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, authorization"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return with_cors(resp);
    }
    if let Some(token) = &st.token {
        if req.uri().path() != "/health" {
            let given = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if !same_secret(given.trim().as_bytes(), token.as_bytes()) {
                let mut resp = error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
                resp.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return with_cors(resp);
            }
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body as u64) {
        let mut resp = error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body over {} bytes (--max-body)", st.max_body),
        );
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return with_cors(resp);
    }
    with_cors(next.run(req).await)
}

async fn health() -> Response {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
        .into_response()
}

/// A configuration from a request: no file paths (the server's files are not the
/// client's business), dictionaries and allow phrases within the size limits.
fn request_config(st: &AppState, value: &serde_json::Value) -> Result<Config, String> {
    let config = Config::from_json(&value.to_string()).map_err(|e| e.to_string())?;
    let has_path = !config.allow_files.is_empty()
        || config
            .dictionaries
            .iter()
            .any(|d| matches!(d, DictionarySource::Path { .. }));
    if has_path {
        return Err("file paths are not allowed in a request's config; give dictionaries as {\"name\", \"text\"}".into());
    }
    let mut total = 0usize;
    let too_long = |term: &str| term.chars().count() > st.max_term_chars;
    for d in &config.dictionaries {
        if let DictionarySource::Text { name, text } = d {
            total += text.len();
            for (n, line) in text.lines().enumerate() {
                let term = line.split('\t').next().unwrap_or("");
                if !line.starts_with('#') && too_long(term) {
                    return Err(format!(
                        "{name}:{}: term longer than {} characters (--max-term-chars)",
                        n + 1,
                        st.max_term_chars
                    ));
                }
            }
        }
    }
    for phrase in &config.allow {
        total += phrase.len();
        if too_long(phrase) {
            return Err(format!(
                "an allow phrase is longer than {} characters (--max-term-chars)",
                st.max_term_chars
            ));
        }
    }
    if total > st.max_dict_bytes {
        return Err(format!(
            "dictionaries and allow phrases take {total} bytes, over {} (--max-dict-bytes)",
            st.max_dict_bytes
        ));
    }
    Ok(config)
}

/// A 128-bit hash of the configuration's JSON (two SipHash passes with different
/// prefixes): the cache key, so that the cache does not keep request bodies.
fn config_key(json: &str) -> u128 {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    json.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0xA5u8.hash(&mut b);
    json.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

fn checker_for(st: &AppState, value: &serde_json::Value) -> Result<Arc<Checker>, String> {
    let json = value.to_string();
    let key = config_key(&json);
    if let Ok(mut cache) = st.by_config.lock() {
        if let Some(c) = cache.get(key) {
            return Ok(c);
        }
    }
    let config = request_config(st, value)?;
    let dict_bytes: usize = config
        .dictionaries
        .iter()
        .map(|d| match d {
            DictionarySource::Text { text, .. } => text.len(),
            DictionarySource::Path { .. } => 0,
        })
        .sum();
    let checker = Arc::new(Checker::from_config(config).map_err(|e| e.to_string())?);
    if let Ok(mut cache) = st.by_config.lock() {
        cache.insert(
            key,
            Arc::clone(&checker),
            16 * 1024 * 1024 + 32 * dict_bytes,
        );
    }
    Ok(checker)
}

/// Reads the body, at most `max` bytes, within `timeout`.
async fn read_body(body: Body, max: usize, timeout: Duration) -> Result<Bytes, Response> {
    let read = async move {
        let mut body = body;
        let mut buf: Vec<u8> = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))?;
            if let Ok(data) = frame.into_data() {
                if buf.len() + data.len() > max {
                    return Err(error(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("body over {max} bytes (--max-body)"),
                    ));
                }
                buf.extend_from_slice(&data);
            }
        }
        Ok(Bytes::from(buf))
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(r) => r,
        Err(_) => Err(error(
            StatusCode::REQUEST_TIMEOUT,
            "request body not received in time (--body-timeout)",
        )),
    }
}

async fn check(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    let body = match read_body(body, st.max_body, st.body_timeout).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    // Parsing, decoding and checking are CPU work: a bounded pool of blocking threads.
    let Ok(permit) = Arc::clone(&st.checks).acquire_owned().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    };
    let job = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        answer(&st, &headers, &body)
    });
    match job.await {
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Ok(Err((status, msg))) => error(status, msg),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The JSON answer to a check request (runs on a blocking thread).
fn answer(
    st: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let full_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut params = full_type.split(';');
    let ctype = params.next().unwrap_or("").trim().to_string();
    let charset = params
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(|ch| ch == '"' || ch == '\'').to_string())
        .next();
    // Offsets map back to the request's bytes when a raw body was not UTF-8.
    let mut decoded: Option<crate::decode::Decoded> = None;
    let mut warnings: Vec<String> = Vec::new();
    let (input, html, config, check_code) = match ctype.as_str() {
        "application/json" => {
            let req: CheckRequest =
                serde_json::from_slice(body).map_err(|e| bad(format!("bad JSON: {e}")))?;
            match (req.text, req.html) {
                (Some(t), None) => (t, false, req.config, req.check_code),
                (None, Some(h)) => (h, true, req.config, req.check_code),
                _ => return Err(bad("give exactly one of \"text\" and \"html\"".into())),
            }
        }
        "text/html" | "text/plain" => {
            let is_html = ctype == "text/html";
            let forced = charset
                .as_deref()
                .map(crate::decode::encoding_for)
                .transpose()
                .map_err(bad)?;
            let mut d = crate::decode::decode(body, is_html, forced)
                .map_err(|e| bad(format!("{e} (or give charset= in Content-Type)")))?;
            warnings.extend(d.warning.take());
            let text = std::mem::take(&mut d.text);
            decoded = Some(d);
            (text, is_html, None, false)
        }
        _ => {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "use application/json, text/html or text/plain".into(),
            ))
        }
    };
    let custom = match config {
        Some(v) => Some(checker_for(st, &v).map_err(|e| bad(format!("bad config: {e}")))?),
        None => None,
    };
    let checker = custom.as_deref().unwrap_or(&st.checker);
    let findings = if html {
        checker.check_html_with(
            &input,
            &HtmlOptions {
                skip_code: !check_code,
            },
        )
    } else {
        checker.check(&input)
    };
    let pos = zhproof::positions::span_positions(&input, &findings);
    let map = |o: usize| decoded.as_ref().map_or(o, |d| d.offset_of(o));
    let out: Vec<OutFinding<'_>> = findings
        .iter()
        .zip(pos)
        .map(|(f, (s, e))| OutFinding {
            start: map(f.span.start),
            end: map(f.span.end),
            char_start: s.char_offset,
            char_end: e.char_offset,
            line: s.line,
            column: s.column,
            finding: f,
        })
        .collect();
    // Serialised directly, not through `serde_json::Value`, so that an f32 `confidence`
    // prints in its shortest form (0.9, not 0.8999999761581421).
    #[derive(Serialize)]
    struct Body<'a> {
        count: usize,
        findings: Vec<OutFinding<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<String>,
    }
    let body = Body {
        count: out.len(),
        findings: out,
        warnings,
    };
    serde_json::to_vec(&body).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

async fn lt_languages() -> Response {
    Json(crate::languagetool::languages()).into_response()
}

/// LanguageTool's `POST /v2/check` (form fields in the body and/or the query string; `GET`
/// with a query string too): see [`crate::languagetool`]. Same limits as `/check`.
async fn lt_check(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let ctype = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let body = match read_body(body, st.max_body, st.body_timeout).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    if !body.is_empty() && ctype != "application/x-www-form-urlencoded" {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "use application/x-www-form-urlencoded for /v2/check",
        );
    }
    let query = parts.uri.query().unwrap_or("").to_string();
    let Ok(permit) = Arc::clone(&st.checks).acquire_owned().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    };
    let job = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        lt_answer(&st, query.as_bytes(), &body)
    });
    match job.await {
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Ok(Err((status, msg))) => error(status, msg),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The JSON answer to a `/v2/check` request (runs on a blocking thread).
fn lt_answer(st: &AppState, query: &[u8], body: &[u8]) -> Result<Vec<u8>, (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let fields: Vec<(String, String)> = form_urlencoded::parse(query)
        .chain(form_urlencoded::parse(body))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let params = crate::languagetool::parse(&fields).map_err(bad)?;
    let config = params.config(st.checker.config());
    let custom = if config.to_json() == st.checker.config().to_json() {
        None
    } else {
        let json = config.to_json();
        let key = config_key(&json);
        let cached = st.by_config.lock().ok().and_then(|mut c| c.get(key));
        match cached {
            Some(c) => Some(c),
            None => {
                let c = Arc::new(
                    Checker::from_config(config).map_err(|e| bad(format!("bad rules: {e}")))?,
                );
                if let Ok(mut cache) = st.by_config.lock() {
                    cache.insert(key, Arc::clone(&c), 16 * 1024 * 1024);
                }
                Some(c)
            }
        }
    };
    let checker = custom.as_deref().unwrap_or(&st.checker);
    let findings: Vec<Finding> = checker
        .check(&params.text)
        .into_iter()
        .filter(|f| params.keeps(f))
        .collect();
    let answer = crate::languagetool::answer(&params, &findings);
    serde_json::to_vec(&answer).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}
