//! `zhproof lsp`: a Language Server Protocol server on stdin/stdout.
//!
//! - Diagnostics when a document is opened and, debounced, after it changes (incremental
//!   sync); a check is skipped when the text did not change. Documents under
//!   [`PARAGRAPH_CHECK_BYTES`] are checked whole (a few milliseconds; page-level rules
//!   such as `script.page` see the whole page); larger ones (not HTML) a paragraph at a
//!   time, and only the paragraphs whose text changed are checked again.
//! - Positions are in UTF-16 code units, as LSP requires (characters outside the BMP such
//!   as 𠮷 count two).
//! - HTML documents (language id `html`, or a `.html`/`.htm` file) are checked as HTML;
//!   Markdown (`markdown`, `.md`) and plain text as text; suppression comments
//!   (`<!-- zhproof-disable-next-line RULE -->`, see `suppress.rs`) are honoured.
//! - Settings: the `zhproof.toml` (or `.zhproof.toml`, `pyproject.toml`) found above each
//!   file, read again at each check, with the command-line options on top, as `zhproof
//!   check` does. Every finding is shown (no flood grouping).
//! - Code actions: apply a suggestion; ignore here (a `zhproof-disable-next-line` comment
//!   on the line before); allow the phrase (`allow` in the configuration file) or disable
//!   the rule (`disable`): the server edits the configuration file itself (command
//!   `zhproof.allow` / `zhproof.disableRule`), keeping its comments and layout, writing it
//!   only when the result is a valid configuration, and re-checks the open documents.

use crate::fix;
use crate::formats::line_starts;
use crate::suppress::Suppressions;
use crate::CheckerOpts;
use clap::Args;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhproof::config_file::absolute_clean;
use zhproof::{Checker, Config, ConfigFile, Finding, HtmlOptions, Severity};

/// Command of the code action that adds a phrase to `allow` in the configuration file.
pub const CMD_ALLOW: &str = "zhproof.allow";
/// Command of the code action that adds a rule to `disable` in the configuration file.
pub const CMD_DISABLE: &str = "zhproof.disableRule";

/// Options of `zhproof lsp`.
#[derive(Args, Debug)]
pub struct LspArgs {
    #[command(flatten)]
    opts: CheckerOpts,
    /// Talk LSP over stdin/stdout (the only transport; accepted because editors pass it).
    #[arg(long)]
    stdio: bool,
    /// Milliseconds to wait after the last change of a document before checking it.
    #[arg(long, value_name = "MS", default_value_t = 150)]
    debounce: u64,
}

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text (suppression directives alone on their line, too).
    Plain,
    /// Markdown: checked as text; suppressions as HTML comments.
    Markdown,
    /// HTML: the visible text is checked; spans are into the source.
    Html,
}

impl Kind {
    /// The kind of a document from its LSP language id and, failing that, its file name.
    pub fn of(language_id: &str, path: Option<&Path>) -> Kind {
        match language_id.to_ascii_lowercase().as_str() {
            "html" | "xhtml" | "htm" => return Kind::Html,
            "markdown" | "md" | "mdx" => return Kind::Markdown,
            _ => {}
        }
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => Kind::Html,
            Some("md" | "markdown") => Kind::Markdown,
            _ => Kind::Plain,
        }
    }
}

/// The LSP positions (0-based line, UTF-16 column) of byte offsets of `text`, with two
/// scans of the text for all offsets.
pub fn lsp_positions(text: &str, offsets: &[usize]) -> Vec<lt::Position> {
    let pos = zhproof::positions(text, offsets);
    let starts = line_starts(text);
    let line_bytes: Vec<usize> = pos
        .iter()
        .map(|p| {
            starts
                .get(p.line.saturating_sub(1))
                .copied()
                .unwrap_or(0)
                .min(p.byte)
        })
        .collect();
    let line_pos = zhproof::positions(text, &line_bytes);
    pos.iter()
        .zip(line_pos)
        .map(|(p, l)| lt::Position {
            line: u32::try_from(p.line.saturating_sub(1)).unwrap_or(u32::MAX),
            character: u32::try_from(p.utf16_offset.saturating_sub(l.utf16_offset))
                .unwrap_or(u32::MAX),
        })
        .collect()
}

/// The byte offset of LSP position `pos` in `text` (whose [`line_starts`] are `starts`).
/// A line past the end gives the end of the text; a column past the end of its line gives
/// the end of the line; a column inside a surrogate pair gives the start of the character.
pub fn byte_offset(text: &str, starts: &[usize], pos: lt::Position) -> usize {
    let line = usize::try_from(pos.line).unwrap_or(usize::MAX);
    let Some(&ls) = starts.get(line) else {
        return text.len();
    };
    let le = starts
        .get(line.saturating_add(1))
        .map(|&n| n.saturating_sub(1))
        .unwrap_or(text.len());
    let Some(s) = text.get(ls..le) else {
        return text.len();
    };
    let want = usize::try_from(pos.character).unwrap_or(usize::MAX);
    let mut units = 0usize;
    for (b, c) in s.char_indices() {
        if units + c.len_utf16() > want {
            return ls + b;
        }
        units += c.len_utf16();
    }
    le
}

/// Applies one `textDocument/didChange` content change to `text`.
pub fn apply_change(text: &mut String, change: &lt::TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text.clone(),
        Some(r) => {
            let starts = line_starts(text);
            let a = byte_offset(text, &starts, r.start);
            let b = byte_offset(text, &starts, r.end);
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

/// The file path of a `file:` URI (percent-decoded), or `None` for other schemes.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // An authority (`localhost`) before the path.
    let rest = &rest[rest.find('/')?..];
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| {
            bytes
                .get(j)
                .and_then(|&c| (c as char).to_digit(16))
                .and_then(|d| u8::try_from(d).ok())
        };
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(h * 16 + l);
                i += 3;
            }
            (b'?' | b'#', _, _) => break,
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    let s = String::from_utf8(out).ok()?;
    // `file:///C:/x` on Windows.
    let s = match s.as_bytes() {
        [b'/', d, b':', ..] if cfg!(windows) && d.is_ascii_alphabetic() => s[1..].to_string(),
        _ => s,
    };
    Some(PathBuf::from(s))
}

/// The findings of `text` as `zhproof check` reports them: checked as `kind`, findings
/// below `min_confidence` dropped, suppression comments applied.
pub fn findings(
    checker: &Checker,
    kind: Kind,
    text: &str,
    min_confidence: Option<f32>,
) -> Vec<Finding> {
    let mut found = match kind {
        Kind::Html => checker.check_html_with(text, &HtmlOptions::default()),
        Kind::Plain | Kind::Markdown => checker.check(text),
    };
    if let Some(min) = min_confidence {
        found.retain(|f| f.confidence.is_none_or(|c| c >= min));
    }
    let mut sup = Suppressions::parse(text, kind == Kind::Plain);
    sup.filter(text, found)
}

/// One open document.
struct Doc {
    uri: lt::Uri,
    text: String,
    version: i32,
    kind: Kind,
    path: Option<PathBuf>,
    /// When to check it next (set by changes; `None` = up to date).
    due: Option<Instant>,
    /// The text of the last check (a check of the same text is skipped).
    checked: Option<String>,
    /// The findings of the last check, spans into `checked`.
    findings: Vec<Finding>,
    /// For a large document: the checker and the findings of each paragraph's text.
    paragraphs: Option<(Arc<Checker>, ParagraphCache)>,
}

/// Findings of paragraphs by their text (spans relative to the paragraph).
type ParagraphCache = HashMap<String, Vec<Finding>>;

/// Documents from this size on (not HTML) are checked a paragraph at a time, and only the
/// paragraphs whose text changed are checked again; smaller ones are checked whole (a few
/// milliseconds).
pub const PARAGRAPH_CHECK_BYTES: usize = 64 * 1024;

/// The paragraphs of `text` (cut at blank lines): (byte offset, text).
pub fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i >= start {
            out.push((start, &text[start..i]));
            start = i + 2;
        }
    }
    out.push((start, &text[start..]));
    out.retain(|(_, p)| !p.trim().is_empty());
    out
}

/// [`findings`] of a large document, a paragraph at a time: paragraphs whose text is in
/// `cache` are not checked again; `cache` is replaced by the paragraphs of `text`. As the
/// engine does for texts over 1 MiB, page-level findings (`*.page`) are then per
/// paragraph; `max_findings` applies to the whole document. Returns the findings and how
/// many paragraphs were checked.
pub fn findings_by_paragraph(
    checker: &Checker,
    kind: Kind,
    text: &str,
    min_confidence: Option<f32>,
    cache: &mut ParagraphCache,
) -> (Vec<Finding>, usize) {
    let mut fresh: ParagraphCache = HashMap::new();
    let mut found = Vec::new();
    let mut checked = 0;
    for (start, para) in paragraphs(text) {
        let own = match fresh.get(para).or_else(|| cache.get(para)) {
            Some(f) => f.clone(),
            None => {
                checked += 1;
                checker.check(para)
            }
        };
        found.extend(own.iter().cloned().map(|mut f| {
            f.span = zhproof::Span::new(f.span.start + start, f.span.end + start);
            f
        }));
        fresh.insert(para.to_string(), own);
    }
    *cache = fresh;
    let max = checker.config().max_findings;
    if max > 0 && found.len() > max {
        found.truncate(max);
    }
    if let Some(min) = min_confidence {
        found.retain(|f| f.confidence.is_none_or(|c| c >= min));
    }
    let mut sup = Suppressions::parse(text, kind == Kind::Plain);
    (sup.filter(text, found), checked)
}

/// What the settings of a document say.
enum Settings {
    /// Excluded by the configuration file.
    Excluded,
    /// Check with this checker and confidence threshold.
    Check(Arc<Checker>, Option<f32>),
}

/// The server's state.
struct Server<'a> {
    conn: &'a Connection,
    opts: &'a CheckerOpts,
    debounce: Duration,
    root: Option<PathBuf>,
    docs: HashMap<String, Doc>,
    /// Checkers by configuration (JSON), built once each.
    checkers: HashMap<String, Arc<Checker>>,
    /// Messages already shown (a broken configuration file is reported once).
    shown: std::collections::HashSet<String>,
}

impl<'a> Server<'a> {
    fn send(&self, msg: Message) {
        // The only failure is a closed connection: the main loop ends on it.
        let _ = self.conn.sender.send(msg);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    fn show(&mut self, kind: lt::MessageType, message: String) {
        if self.shown.insert(message.clone()) {
            self.notify(
                "window/showMessage",
                json!({ "type": kind, "message": message }),
            );
        }
    }

    /// The configuration file for a document at `path` (or the workspace, for unsaved
    /// documents), per the command line (`--config`, `--isolated`).
    fn config_file(&self, path: Option<&Path>) -> Result<Option<ConfigFile>, String> {
        if self.opts.isolated {
            return Ok(None);
        }
        if let Some(p) = &self.opts.config {
            return ConfigFile::load(p).map(Some).map_err(|e| e.to_string());
        }
        let start = match (path, &self.root) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(r)) => r.clone(),
            (None, None) => std::env::current_dir().map_err(|e| e.to_string())?,
        };
        ConfigFile::discover(&start).map_err(|e| e.to_string())
    }

    fn settings(&mut self, path: Option<&Path>) -> Settings {
        let (config, min_confidence) = match self.config_file(path) {
            Ok(Some(cf)) => match path {
                Some(p) if cf.is_excluded(p) => return Settings::Excluded,
                Some(p) => {
                    let s = cf.settings_for(p);
                    (s.config, s.min_confidence)
                }
                None => {
                    let s = cf.settings();
                    (s.config, s.min_confidence)
                }
            },
            Ok(None) => (Config::default(), None),
            Err(e) => {
                self.show(
                    lt::MessageType::WARNING,
                    format!("zhproof: {e} (checking with the default settings)"),
                );
                (Config::default(), None)
            }
        };
        let mut config = self.opts.apply(config);
        // An editor shows each finding where it is: no flood summaries.
        config.group_threshold = 0;
        let key = config.to_json();
        if let Some(c) = self.checkers.get(&key) {
            return Settings::Check(c.clone(), min_confidence);
        }
        let checker = match Checker::from_config(config) {
            Ok(c) => c,
            Err(e) => {
                self.show(
                    lt::MessageType::ERROR,
                    format!("zhproof: {e} (checking with the default settings)"),
                );
                match self.checkers.get("") {
                    Some(c) => return Settings::Check(c.clone(), min_confidence),
                    None => match Checker::from_config(Config::default()) {
                        Ok(c) => {
                            let c = Arc::new(c);
                            self.checkers.insert(String::new(), c.clone());
                            return Settings::Check(c, min_confidence);
                        }
                        Err(_) => return Settings::Excluded,
                    },
                }
            }
        };
        // A long session editing the configuration: keep the cache small.
        if self.checkers.len() >= 16 {
            self.checkers.clear();
        }
        let checker = Arc::new(checker);
        self.checkers.insert(key, checker.clone());
        Settings::Check(checker, min_confidence)
    }

    /// Checks a document now (if its text changed since the last check) and publishes
    /// its diagnostics.
    fn check(&mut self, uri: &str, force: bool) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if !force && doc.checked.as_deref() == Some(doc.text.as_str()) {
            if let Some(d) = self.docs.get_mut(uri) {
                d.due = None;
            }
            return;
        }
        let (path, kind) = (doc.path.clone(), doc.kind);
        let settings = self.settings(path.as_deref());
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let found = match settings {
            Settings::Excluded => Vec::new(),
            Settings::Check(checker, min) => {
                if kind != Kind::Html && doc.text.len() >= PARAGRAPH_CHECK_BYTES {
                    let cache = match doc.paragraphs.take() {
                        Some((c, cache)) if Arc::ptr_eq(&c, &checker) => cache,
                        _ => HashMap::new(),
                    };
                    let mut cache = cache;
                    let (found, _) =
                        findings_by_paragraph(&checker, kind, &doc.text, min, &mut cache);
                    doc.paragraphs = Some((checker, cache));
                    found
                } else {
                    doc.paragraphs = None;
                    findings(&checker, kind, &doc.text, min)
                }
            }
        };
        doc.due = None;
        doc.checked = Some(doc.text.clone());
        doc.findings = found;
        let diagnostics = diagnostics(&doc.text, &doc.findings);
        let params = lt::PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics,
            version: Some(doc.version),
        };
        self.notify(
            "textDocument/publishDiagnostics",
            serde_json::to_value(params).unwrap_or(Value::Null),
        );
    }

    /// Checks the documents whose debounce time has come; returns how long to wait for
    /// the next one.
    fn check_due(&mut self) -> Option<Duration> {
        let now = Instant::now();
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.check(&uri, false);
        }
        self.docs
            .values()
            .filter_map(|d| d.due)
            .min()
            .map(|t| t.saturating_duration_since(Instant::now()))
    }

    fn recheck_all(&mut self) {
        let now = Instant::now();
        for d in self.docs.values_mut() {
            d.due = Some(now);
            d.checked = None;
        }
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lt::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let path = uri_path(p.text_document.uri.as_str());
                let kind = Kind::of(&p.text_document.language_id, path.as_deref());
                let key = p.text_document.uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        kind,
                        path: path.map(|p| absolute_clean(&p)),
                        due: None,
                        checked: None,
                        findings: Vec::new(),
                        paragraphs: None,
                    },
                );
                self.check(&key, true);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lt::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let debounce = self.debounce;
                if let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) {
                    for c in &p.content_changes {
                        apply_change(&mut doc.text, c);
                    }
                    doc.version = p.text_document.version;
                    doc.due = Some(Instant::now() + debounce);
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lt::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                if self.docs.remove(p.text_document.uri.as_str()).is_some() {
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({ "uri": p.text_document.uri, "diagnostics": [] }),
                    );
                }
            }
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => {
                // A configuration file or a dictionary may have changed.
                let text = n.params.to_string();
                if n.method == "workspace/didChangeWatchedFiles"
                    || text.contains(".toml")
                    || text.contains(".tsv")
                    || text.contains(".txt")
                {
                    self.recheck_all();
                }
            }
            _ => {}
        }
    }

    fn on_request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/codeAction" => serde_json::from_value::<lt::CodeActionParams>(req.params)
                .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
                .map(|p| self.code_actions(&p)),
            "workspace/executeCommand" => {
                serde_json::from_value::<lt::ExecuteCommandParams>(req.params)
                    .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
                    .and_then(|p| {
                        self.execute(&p)
                            .map(|()| Value::Null)
                            .map_err(|e| (ErrorCode::RequestFailed, e))
                    })
            }
            m => Err((ErrorCode::MethodNotFound, format!("unknown method {m}"))),
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let r = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(r));
    }

    fn code_actions(&mut self, p: &lt::CodeActionParams) -> Value {
        let uri = p.text_document.uri.as_str().to_string();
        // Bring the findings up to date with the text first.
        if self.docs.get(&uri).is_some_and(|d| d.due.is_some()) {
            self.check(&uri, false);
        }
        let config_target = self.config_target(self.docs.get(&uri).and_then(|d| d.path.clone()));
        let Some(doc) = self.docs.get(&uri) else {
            return json!([]);
        };
        let starts = line_starts(&doc.text);
        let a = byte_offset(&doc.text, &starts, p.range.start);
        let b = byte_offset(&doc.text, &starts, p.range.end);
        let (a, b) = (a.min(b), a.max(b));
        let hits: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.span.start <= b && f.span.end >= a)
            .collect();
        let offsets: Vec<usize> = hits
            .iter()
            .flat_map(|f| [f.span.start, f.span.end])
            .collect();
        let pos = lsp_positions(&doc.text, &offsets);
        let crlf = doc.text.contains("\r\n");
        let mut actions = Vec::new();
        for (f, ab) in hits.iter().zip(pos.chunks_exact(2)) {
            let range = lt::Range::new(ab[0], ab[1]);
            let diag = diagnostic(f, range);
            let whole_page = f.rule.ends_with(".page");
            let safe = fix::fix_safety(&f.rule, f) == Some(fix::FixSafety::Safe);
            for (i, s) in f.suggestions.iter().take(5).enumerate() {
                let old = doc.text.get(f.span.range()).unwrap_or("");
                if whole_page || old.is_empty() || old == s {
                    continue;
                }
                if doc.kind == Kind::Html
                    && (old.contains(['&', '<', '>']) || s.contains(['&', '<', '>']))
                {
                    continue;
                }
                actions.push(lt::CodeAction {
                    title: format!("改为“{s}”"),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit(&doc.uri, range, s.clone())),
                    is_preferred: Some(i == 0 && safe),
                    ..Default::default()
                });
            }
            if !whole_page {
                let line = ab[0].line as usize;
                let ls = starts.get(line).copied().unwrap_or(0);
                let rest = doc.text.get(ls..).unwrap_or("");
                let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
                let nl = if crlf { "\r\n" } else { "\n" };
                let directive = match doc.kind {
                    Kind::Plain => format!("{indent}zhproof-disable-next-line {}{nl}", f.rule),
                    Kind::Markdown | Kind::Html => {
                        format!("{indent}<!-- zhproof-disable-next-line {} -->{nl}", f.rule)
                    }
                };
                let at = lt::Position::new(ab[0].line, 0);
                actions.push(lt::CodeAction {
                    title: format!("在此忽略（{}）", f.rule),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit(&doc.uri, lt::Range::new(at, at), directive)),
                    ..Default::default()
                });
            }
            if let Some(target) = &config_target {
                let name = target.file_name().map_or_else(
                    || target.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if !whole_page && !f.text.is_empty() && !f.text.contains('\n') {
                    actions.push(lt::CodeAction {
                        title: format!("把“{}”加入允许列表（{name}）", f.text),
                        kind: Some(lt::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        command: Some(lt::Command::new(
                            format!("allow {}", f.text),
                            CMD_ALLOW.to_string(),
                            Some(vec![json!(uri), json!(f.text)]),
                        )),
                        ..Default::default()
                    });
                }
                actions.push(lt::CodeAction {
                    title: format!("停用规则 {}（{name}）", f.rule),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag]),
                    command: Some(lt::Command::new(
                        format!("disable {}", f.rule),
                        CMD_DISABLE.to_string(),
                        Some(vec![json!(uri), json!(f.rule)]),
                    )),
                    ..Default::default()
                });
            }
        }
        serde_json::to_value(actions).unwrap_or_else(|_| json!([]))
    }

    /// The configuration file the config code actions of a document edit: the one its
    /// settings come from, else a new `zhproof.toml` in the workspace folder (or the
    /// document's folder). `None` with `--isolated` or for a document without a file.
    fn config_target(&self, path: Option<PathBuf>) -> Option<PathBuf> {
        if self.opts.isolated {
            return None;
        }
        if let Some(p) = &self.opts.config {
            return Some(p.clone());
        }
        let path = path?;
        if let Ok(Some(cf)) = ConfigFile::discover(&path) {
            return Some(cf.path().to_path_buf());
        }
        let dir = match &self.root {
            Some(r) if path.starts_with(r) => r.clone(),
            _ => path.parent()?.to_path_buf(),
        };
        Some(dir.join("zhproof.toml"))
    }

    fn execute(&mut self, p: &lt::ExecuteCommandParams) -> Result<(), String> {
        let key = match p.command.as_str() {
            CMD_ALLOW => "allow",
            CMD_DISABLE => "disable",
            c => return Err(format!("unknown command {c}")),
        };
        let (Some(uri), Some(value)) = (
            p.arguments.first().and_then(Value::as_str),
            p.arguments.get(1).and_then(Value::as_str),
        ) else {
            return Err("expected the arguments [document URI, value]".to_string());
        };
        let path = self.docs.get(uri).and_then(|d| d.path.clone());
        let Some(target) = self.config_target(path.or_else(|| uri_path(uri))) else {
            return Err("no configuration file for this document".to_string());
        };
        match add_to_config(&target, key, value) {
            Ok(_) => {
                self.recheck_all();
                Ok(())
            }
            Err(e) => {
                let message = format!("zhproof: {}: {e}", target.display());
                self.show(lt::MessageType::ERROR, message.clone());
                Err(message)
            }
        }
    }
}

// `lt::Uri` hashes and compares by its text (its cell caches a parse): safe as a key.
#[allow(clippy::mutable_key_type)]
fn edit(uri: &lt::Uri, range: lt::Range, new_text: String) -> lt::WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![lt::TextEdit::new(range, new_text)]);
    lt::WorkspaceEdit::new(changes)
}

fn diagnostic(f: &Finding, range: lt::Range) -> lt::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lt::DiagnosticSeverity::ERROR,
        Severity::Warning => lt::DiagnosticSeverity::WARNING,
        Severity::Info => lt::DiagnosticSeverity::INFORMATION,
    };
    let message = if f.suggestions.is_empty() {
        f.message.clone()
    } else {
        format!("{}（建议：{}）", f.message, f.suggestions.join("、"))
    };
    lt::Diagnostic::new(
        range,
        Some(severity),
        Some(lt::NumberOrString::String(f.rule.clone())),
        Some("zhproof".to_string()),
        message,
        None,
        None,
    )
}

/// The diagnostics of `findings` (spans into `text`).
pub fn diagnostics(text: &str, findings: &[Finding]) -> Vec<lt::Diagnostic> {
    let offsets: Vec<usize> = findings
        .iter()
        .flat_map(|f| [f.span.start, f.span.end])
        .collect();
    let pos = lsp_positions(text, &offsets);
    findings
        .iter()
        .zip(pos.chunks_exact(2))
        .map(|(f, ab)| diagnostic(f, lt::Range::new(ab[0], ab[1])))
        .collect()
}

/// Adds `value` to the list `key` (`allow` or `disable`) of the configuration file `path`
/// (its `[tool.zhproof]` table for a `pyproject.toml`), creating the file if it does not
/// exist. Comments and layout are kept. The file is written (atomically) only when the
/// result is a valid configuration. Returns false when the value was already listed.
///
/// # Errors
/// The file cannot be read or written, is not valid TOML, the key is not a list, or the
/// result is not a valid configuration (e.g. an unknown rule id).
pub fn add_to_config(path: &Path, key: &str, value: &str) -> Result<bool, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e.to_string()),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let table = if pyproject {
        doc.get_mut("tool")
            .and_then(toml_edit::Item::as_table_mut)
            .and_then(|t| t.get_mut("zhproof"))
            .and_then(toml_edit::Item::as_table_mut)
            .ok_or_else(|| "no [tool.zhproof] table".to_string())?
    } else {
        doc.as_table_mut()
    };
    let item = table
        .entry(key)
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    let Some(list) = item.as_array_mut() else {
        return Err(format!("`{key}` is not a list"));
    };
    if list.iter().any(|v| v.as_str() == Some(value)) {
        return Ok(false);
    }
    list.push(value);
    let new_text = doc.to_string();
    let cf = ConfigFile::parse(&new_text, path).map_err(|e| e.to_string())?;
    Checker::from_config(cf.config()).map_err(|e| e.to_string())?;
    let mut f = crate::atomic::AtomicFile::create(path).map_err(|e| e.to_string())?;
    f.write_all(new_text.as_bytes())
        .and_then(|()| f.commit())
        .map_err(|e| e.to_string())?;
    Ok(true)
}

/// Runs the server until the client says `exit` or closes stdin. Returns 0 after an
/// orderly `shutdown` and `exit`, else 1.
///
/// # Errors
/// Protocol errors during initialisation and I/O errors of the transport.
pub fn run(args: LspArgs) -> io::Result<u8> {
    let (conn, io_threads) = Connection::stdio();
    let code = serve(&conn, &args)?;
    drop(conn);
    io_threads.join()?;
    Ok(code)
}

/// The server's capabilities.
fn capabilities() -> Value {
    json!({
        "positionEncoding": "utf-16",
        "textDocumentSync": {
            "openClose": true,
            "change": 2,
            "save": { "includeText": false }
        },
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        "executeCommandProvider": { "commands": [CMD_ALLOW, CMD_DISABLE] }
    })
}

/// Serves one client on `conn`: the handshake, then messages until `exit`. Returns the
/// exit status (0 after `shutdown` then `exit`, else 1).
///
/// # Errors
/// Protocol errors during initialisation.
pub fn serve(conn: &Connection, args: &LspArgs) -> io::Result<u8> {
    let (id, params) = conn.initialize_start().map_err(io::Error::other)?;
    conn.initialize_finish(
        id,
        json!({
            "capabilities": capabilities(),
            "serverInfo": { "name": "zhproof", "version": env!("CARGO_PKG_VERSION") }
        }),
    )
    .map_err(io::Error::other)?;
    let root = params
        .get("workspaceFolders")
        .and_then(|w| w.get(0))
        .and_then(|w| w.get("uri"))
        .or_else(|| params.get("rootUri"))
        .and_then(Value::as_str)
        .and_then(uri_path)
        .map(|p| absolute_clean(&p));
    let mut server = Server {
        conn,
        opts: &args.opts,
        debounce: Duration::from_millis(args.debounce),
        root,
        docs: HashMap::new(),
        checkers: HashMap::new(),
        shown: Default::default(),
    };
    // Re-check when a configuration file changes on disk, if the client can watch files.
    let can_watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        == Some(true);
    if can_watch && !args.opts.isolated {
        let watchers: Vec<Value> = zhproof::config_file::FILE_NAMES
            .iter()
            .map(|n| json!({ "globPattern": format!("**/{n}") }))
            .collect();
        server.send(Message::Request(Request::new(
            RequestId::from("zhproof/watch".to_string()),
            "client/registerCapability".to_string(),
            json!({ "registrations": [{
                "id": "zhproof-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": watchers }
            }] }),
        )));
    }
    let mut shutdown = false;
    let mut wait: Option<Duration> = None;
    loop {
        let msg = match wait {
            Some(w) => match conn.receiver.recv_timeout(w) {
                Ok(m) => Some(m),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
            },
            None => match conn.receiver.recv() {
                Ok(m) => Some(m),
                Err(_) => break,
            },
        };
        match msg {
            Some(Message::Request(req)) => {
                if req.method == "shutdown" {
                    shutdown = true;
                    server.send(Message::Response(Response::new_ok(req.id, Value::Null)));
                } else if shutdown {
                    server.respond(
                        req.id,
                        Err((ErrorCode::InvalidRequest, "shutting down".to_string())),
                    );
                } else {
                    server.on_request(req);
                }
            }
            Some(Message::Notification(n)) if n.method == "exit" => {
                return Ok(if shutdown { 0 } else { 1 });
            }
            Some(Message::Notification(n)) => server.on_notification(n),
            Some(Message::Response(_)) | None => {}
        }
        wait = server.check_due();
    }
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_utf16_columns() {
        let t = "第一行\n𠮷再接再励\n";
        let i = t.find('再').unwrap_or(0);
        let p = lsp_positions(t, &[i, t.len(), 0]);
        assert_eq!(p[0], lt::Position::new(1, 2));
        assert_eq!(p[1], lt::Position::new(2, 0));
        assert_eq!(p[2], lt::Position::new(0, 0));
        let starts = line_starts(t);
        assert_eq!(byte_offset(t, &starts, lt::Position::new(1, 2)), i);
        // Inside the surrogate pair of 𠮷: the start of the character.
        assert_eq!(
            byte_offset(t, &starts, lt::Position::new(1, 1)),
            t.find('𠮷').unwrap_or(0)
        );
        // Past the end of the line: its end (before the newline).
        assert_eq!(
            byte_offset(t, &starts, lt::Position::new(0, 99)),
            "第一行".len()
        );
        assert_eq!(byte_offset(t, &starts, lt::Position::new(9, 0)), t.len());
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut t = "𠮷再接再励\n第二行".to_string();
        let change = |l1, c1, l2, c2, s: &str| lt::TextDocumentContentChangeEvent {
            range: Some(lt::Range::new(
                lt::Position::new(l1, c1),
                lt::Position::new(l2, c2),
            )),
            range_length: None,
            text: s.to_string(),
        };
        apply_change(&mut t, &change(0, 5, 0, 6, "厉"));
        assert_eq!(t, "𠮷再接再厉\n第二行");
        apply_change(&mut t, &change(0, 6, 1, 0, ""));
        assert_eq!(t, "𠮷再接再厉第二行");
        apply_change(&mut t, &change(5, 0, 9, 9, "。"));
        assert_eq!(t, "𠮷再接再厉第二行。");
    }

    #[test]
    fn large_documents_recheck_only_changed_paragraphs() {
        let checker = match Checker::from_config(Config::default()) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let mut paras: Vec<String> = (0..40)
            .map(|i| format!("第{i}段：𠮷各单位要再接再励，请先按装软件。"))
            .collect();
        let text = paras.join("\n\n");
        let mut cache = ParagraphCache::new();
        let (by_para, checked) =
            findings_by_paragraph(&checker, Kind::Markdown, &text, None, &mut cache);
        assert_eq!(checked, 40);
        // The same findings as a whole-document check (page-level summaries aside).
        let whole: Vec<Finding> = findings(&checker, Kind::Markdown, &text, None)
            .into_iter()
            .filter(|f| !f.rule.ends_with(".page"))
            .collect();
        let spans = |v: &[Finding]| -> Vec<(String, usize, usize)> {
            v.iter()
                .filter(|f| !f.rule.ends_with(".page"))
                .map(|f| (f.rule.clone(), f.span.start, f.span.end))
                .collect()
        };
        assert_eq!(spans(&by_para), spans(&whole));
        assert!(by_para.len() >= 80, "{}", by_para.len());
        // One paragraph edited: one checked, the spans after it shifted.
        paras[3] = "第3段：已经改好了。".to_string();
        let text2 = paras.join("\n\n");
        let (again, checked) =
            findings_by_paragraph(&checker, Kind::Markdown, &text2, None, &mut cache);
        assert_eq!(checked, 1);
        let whole2: Vec<Finding> = findings(&checker, Kind::Markdown, &text2, None);
        assert_eq!(spans(&again), spans(&whole2));
        for f in &again {
            assert_eq!(text2.get(f.span.range()), Some(f.text.as_str()));
        }
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            uri_path("file:///tmp/a%20b/%E6%96%87.md"),
            Some(PathBuf::from("/tmp/a b/文.md"))
        );
        assert_eq!(
            uri_path("file://localhost/x.md"),
            Some(PathBuf::from("/x.md"))
        );
        assert_eq!(uri_path("untitled:Untitled-1"), None);
        assert_eq!(uri_path("file:///bad%ZZ"), Some(PathBuf::from("/bad%ZZ")));
    }

    #[test]
    fn kinds_from_language_or_name() {
        assert_eq!(Kind::of("markdown", None), Kind::Markdown);
        assert_eq!(Kind::of("html", None), Kind::Html);
        assert_eq!(Kind::of("", Some(Path::new("/a/b.HTM"))), Kind::Html);
        assert_eq!(
            Kind::of("plaintext", Some(Path::new("/a/b.txt"))),
            Kind::Plain
        );
    }

    #[test]
    fn config_edits_keep_comments_and_validate() {
        let dir = std::env::temp_dir().join(format!("zhproof-lsp-cfg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join("zhproof.toml");
        std::fs::write(
            &path,
            "# 我们的设置\nscript = \"zh-Hans\"\n\n[severity]\n\"format\" = \"info\"\n",
        )
        .ok();
        assert_eq!(add_to_config(&path, "allow", "再接再励"), Ok(true));
        assert_eq!(add_to_config(&path, "allow", "再接再励"), Ok(false));
        assert_eq!(add_to_config(&path, "disable", "typo.word"), Ok(true));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(text.starts_with("# 我们的设置\n"), "{text}");
        let cf = ConfigFile::load(&path);
        assert!(cf.is_ok(), "{text}");
        // An unknown rule id is refused and the file left as it was.
        assert!(add_to_config(&path, "disable", "no.such_rule").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), text);
        // A new file is created.
        let fresh = dir.join("sub").join("zhproof.toml");
        std::fs::create_dir_all(dir.join("sub")).ok();
        assert_eq!(add_to_config(&fresh, "disable", "typo"), Ok(true));
        assert!(ConfigFile::load(&fresh).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
