//! `zhproof serve`: a small HTTP service for CMS pre-publish hooks.
//!
//! - `GET /health` → `{"status":"ok","version":…}`
//! - `POST /check` with `Content-Type: application/json` and `{"text": …}` or
//!   `{"html": …}` (optional `"config"`: a checker configuration as in `--config` files,
//!   without file paths; optional `"check_code": true`), or a raw `text/html` or
//!   `text/plain` body (UTF-8, or the `charset=` of its `Content-Type`, or for HTML the
//!   page's declared `<meta charset>`; offsets are then into the bytes sent). Answers `{"findings": [...], "count": n}`; each finding has byte
//!   offsets (`start`, `end`), code-point offsets (`char_start`, `char_end`, for Python and
//!   most CMS languages), 1-based `line`/`column` in characters, `text`, `category`,
//!   `rule`, `severity`, `suggestions`, `message`.
//! - Errors: 413 (body over `--max-body`), 400 (bad JSON, bad config, no text), 415
//!   (other content types), 405/404 as usual. Error bodies are `{"error": …}`.

use crate::CheckerOpts;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Args;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use zhproof::{Checker, Config, DictionarySource, Finding, HtmlOptions};

/// Options of `zhproof serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8790")]
    addr: String,
    /// Largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body: usize,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    opts: CheckerOpts,
}

/// Checkers built for per-request configurations, kept up to this many.
const CONFIG_CACHE: usize = 16;

struct AppState {
    checker: Checker,
    by_config: Mutex<HashMap<String, Arc<Checker>>>,
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

/// Runs the service until Ctrl-C. Returns the process exit code.
///
/// # Errors
/// I/O errors writing the start-up line.
pub fn run(args: ServeArgs) -> io::Result<u8> {
    let checker = match Checker::from_config(args.opts.config()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
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
        by_config: Mutex::new(HashMap::new()),
    });
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&args.addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("zhproof: cannot listen on {}: {e}", args.addr);
                return Ok(2);
            }
        };
        let local = listener.local_addr()?;
        let app = Router::new()
            .route("/health", get(health))
            .route("/check", post(check))
            .layer(DefaultBodyLimit::max(args.max_body))
            .with_state(state);
        {
            let mut out = io::stdout().lock();
            writeln!(out, "zhproof serve: listening on http://{local}")?;
            out.flush()?;
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            Ok(()) => Ok(0),
            Err(e) => {
                eprintln!("zhproof: server error: {e}");
                Ok(2)
            }
        }
    })
}

async fn health() -> Response {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
        .into_response()
}

/// A configuration from a request: no file paths (the server's files are not the
/// client's business).
fn request_config(value: &serde_json::Value) -> Result<Config, String> {
    let config = Config::from_json(&value.to_string()).map_err(|e| e.to_string())?;
    let has_path = !config.allow_files.is_empty()
        || config
            .dictionaries
            .iter()
            .any(|d| matches!(d, DictionarySource::Path { .. }));
    if has_path {
        return Err("file paths are not allowed in a request's config; give dictionaries as {\"name\", \"text\"}".into());
    }
    Ok(config)
}

fn checker_for(state: &AppState, value: &serde_json::Value) -> Result<Arc<Checker>, String> {
    let key = value.to_string();
    if let Ok(cache) = state.by_config.lock() {
        if let Some(c) = cache.get(&key) {
            return Ok(Arc::clone(c));
        }
    }
    let checker =
        Arc::new(Checker::from_config(request_config(value)?).map_err(|e| e.to_string())?);
    if let Ok(mut cache) = state.by_config.lock() {
        if cache.len() >= CONFIG_CACHE {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&checker));
    }
    Ok(checker)
}

async fn check(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
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
    let (input, html, config, check_code) = match ctype.as_str() {
        "application/json" => {
            let req: CheckRequest = match serde_json::from_slice(&body) {
                Ok(r) => r,
                Err(e) => return error(StatusCode::BAD_REQUEST, format!("bad JSON: {e}")),
            };
            match (req.text, req.html) {
                (Some(t), None) => (t, false, req.config, req.check_code),
                (None, Some(h)) => (h, true, req.config, req.check_code),
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "give exactly one of \"text\" and \"html\"",
                    )
                }
            }
        }
        "text/html" | "text/plain" => {
            let is_html = ctype == "text/html";
            let forced = match charset
                .as_deref()
                .map(crate::decode::encoding_for)
                .transpose()
            {
                Ok(f) => f,
                Err(e) => return error(StatusCode::BAD_REQUEST, e),
            };
            match crate::decode::decode(&body, is_html, forced) {
                Ok(d) => {
                    let text = d.text.clone();
                    decoded = Some(d);
                    (text, is_html, None, false)
                }
                Err(e) => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        format!("{e} (or give charset= in Content-Type)"),
                    )
                }
            }
        }
        _ => {
            return error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "use application/json, text/html or text/plain",
            )
        }
    };
    let custom = match config {
        Some(v) => match checker_for(&state, &v) {
            Ok(c) => Some(c),
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("bad config: {e}")),
        },
        None => None,
    };
    let job = tokio::task::spawn_blocking(move || {
        let checker = custom.as_deref().unwrap_or(&state.checker);
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
        let out: Vec<OutFinding<'_>> = findings
            .iter()
            .zip(pos)
            .map(|(f, (s, e))| {
                let map = |o: usize| decoded.as_ref().map_or(o, |d| d.offset_of(o));
                OutFinding {
                    start: map(f.span.start),
                    end: map(f.span.end),
                    char_start: s.char_offset,
                    char_end: e.char_offset,
                    line: s.line,
                    column: s.column,
                    finding: f,
                }
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({ "count": out.len(), "findings": out }))
    });
    match job.await {
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}
