//! Python bindings for zhproof: the `zhproof._native` extension module.
//!
//! The Python package (`python/zhproof/`) wraps these types with a Pythonic constructor,
//! pickling and `check_many` batching; everything that touches text runs here, with the
//! GIL released.
//!
//! Offsets: core spans are UTF-8 byte ranges; [`Finding`] carries both those and code-point
//! offsets (Python string indices), computed for all findings of a text in one pass with
//! [`zhproof::positions`]. A `str` holding lone surrogates (not encodable as UTF-8) is
//! checked with each surrogate replaced by U+FFFD: one code point for one, so code-point
//! offsets still index the caller's string.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod batch;
mod text;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

/// A finding with its offsets computed, built without the GIL (see [`Finding`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
    text: String,
    category: &'static str,
    rule: String,
    severity: &'static str,
    suggestions: Vec<String>,
    message: String,
}

/// One problem found in a text (the Python view of [`zhproof::Finding`]).
#[pyclass(frozen, module = "zhproof", name = "Finding")]
pub struct Finding {
    /// Start, in code points (`text[start:end] == finding.text`).
    #[pyo3(get)]
    start: usize,
    /// End, in code points.
    #[pyo3(get)]
    end: usize,
    /// Start, in bytes of the UTF-8 encoding of the text.
    #[pyo3(get)]
    byte_start: usize,
    /// End, in bytes of the UTF-8 encoding of the text.
    #[pyo3(get)]
    byte_end: usize,
    /// 1-based line of `start`.
    #[pyo3(get)]
    line: usize,
    /// 1-based column of `start`, in code points.
    #[pyo3(get)]
    column: usize,
    /// The text covered: a slice of the caller's `str` (lone surrogates included).
    #[pyo3(get)]
    text: Py<PyString>,
    /// Category (`typo`, `sensitive`, `privacy`, …).
    #[pyo3(get)]
    category: String,
    /// Stable rule id, e.g. `typo.word`.
    #[pyo3(get)]
    rule: String,
    /// `info`, `warning` or `error`.
    #[pyo3(get)]
    severity: String,
    /// Replacements, best first.
    suggestions: Vec<String>,
    /// Short explanation (Chinese).
    #[pyo3(get)]
    message: String,
}

impl Finding {
    /// The Python finding for `raw`. `source` is the caller's string when it held lone
    /// surrogates: the text is then sliced from it, so that `source[start:end] == text`.
    fn from_raw(py: Python<'_>, raw: Raw, source: Option<&Bound<'_, PyString>>) -> PyResult<Self> {
        let text = match source {
            Some(s) => s
                .as_any()
                .get_item(pyo3::types::PySlice::new(
                    py,
                    isize::try_from(raw.start).unwrap_or(isize::MAX),
                    isize::try_from(raw.end).unwrap_or(isize::MAX),
                    1,
                ))?
                .cast_into::<PyString>()?
                .unbind(),
            None => PyString::new(py, &raw.text).unbind(),
        };
        Ok(Finding {
            start: raw.start,
            end: raw.end,
            byte_start: raw.byte_start,
            byte_end: raw.byte_end,
            line: raw.line,
            column: raw.column,
            text,
            category: raw.category.to_string(),
            rule: raw.rule,
            severity: raw.severity.to_string(),
            suggestions: raw.suggestions,
            message: raw.message,
        })
    }

    /// Every field but `text`, for equality and hashing.
    #[allow(clippy::type_complexity)]
    fn key(
        &self,
    ) -> (
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        &str,
        &str,
        &str,
        &[String],
        &str,
    ) {
        (
            self.start,
            self.end,
            self.byte_start,
            self.byte_end,
            self.line,
            self.column,
            &self.category,
            &self.rule,
            &self.severity,
            &self.suggestions,
            &self.message,
        )
    }
}

/// Converts the findings of one text; `source` as in [`Finding::from_raw`].
fn to_python(
    py: Python<'_>,
    raws: Vec<Raw>,
    source: Option<&Bound<'_, PyString>>,
) -> PyResult<Vec<Finding>> {
    raws.into_iter()
        .map(|r| Finding::from_raw(py, r, source))
        .collect()
}

#[pymethods]
impl Finding {
    /// Builds a finding from its fields (used by pickling).
    #[new]
    #[pyo3(signature = (start, end, byte_start, byte_end, line, column, text, category, rule, severity, suggestions, message))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        start: usize,
        end: usize,
        byte_start: usize,
        byte_end: usize,
        line: usize,
        column: usize,
        text: Py<PyString>,
        category: String,
        rule: String,
        severity: String,
        suggestions: Vec<String>,
        message: String,
    ) -> Self {
        Finding {
            start,
            end,
            byte_start,
            byte_end,
            line,
            column,
            text,
            category,
            rule,
            severity,
            suggestions,
            message,
        }
    }

    /// Replacements, best first (a new list on each access).
    #[getter]
    fn suggestions(&self) -> Vec<String> {
        self.suggestions.clone()
    }

    /// The finding as a plain `dict` (JSON-ready).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("text", self.text.bind(py))?;
        d.set_item("category", &self.category)?;
        d.set_item("rule", &self.rule)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("suggestions", self.suggestions.clone())?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }

    fn __getnewargs__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        (
            self.start,
            self.end,
            self.byte_start,
            self.byte_end,
            self.line,
            self.column,
            self.text.bind(py),
            &self.category,
            &self.rule,
            &self.severity,
            self.suggestions.clone(),
            &self.message,
        )
            .into_pyobject(py)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<Finding>() else {
            return Ok(false);
        };
        let other = other.get();
        Ok(self.key() == other.key() && self.text.bind(py).as_any().eq(other.text.bind(py))?)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.key().hash(&mut h);
        self.text.bind(py).hash()?.hash(&mut h);
        Ok(h.finish())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let sugg: PyResult<Vec<String>> = self.suggestions.iter().map(|s| r(s)).collect();
        Ok(format!(
            "Finding({}..{} {} {} {} {} -> [{}])",
            self.start,
            self.end,
            self.text.bind(py).repr()?,
            self.rule,
            self.category,
            self.severity,
            sugg?.join(", ")
        ))
    }
}

/// Findings with their offsets computed (one pass over `text`), before they become Python
/// objects.
fn to_raw(text: &str, findings: Vec<zhproof::Finding>) -> Vec<Raw> {
    let pos = zhproof::positions::span_positions(text, &findings);
    findings
        .into_iter()
        .zip(pos)
        .map(|(f, (a, b))| Raw {
            start: a.char_offset,
            end: b.char_offset.max(a.char_offset),
            byte_start: f.span.start,
            byte_end: f.span.end,
            line: a.line,
            column: a.column,
            text: f.text,
            category: f.category.as_str(),
            rule: f.rule,
            severity: f.severity.as_str(),
            suggestions: f.suggestions,
            message: f.message,
        })
        .collect()
}

/// A panic payload as text.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs `f`, turning a panic into an error message (raised later as `InternalError`).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(panic_message)
}

/// Raises an exception class defined in `zhproof._errors` (falls back to a builtin when
/// the package is not importable, e.g. the extension loaded on its own).
fn package_error(
    py: Python<'_>,
    class: &str,
    message: String,
    attrs: &[(&str, Py<PyAny>)],
) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let cls = py.import("zhproof._errors")?.getattr(class)?;
        let cls = cls.cast::<PyType>()?;
        let exc = cls.call1((message.clone(),))?;
        for (k, v) in attrs {
            exc.setattr(*k, v)?;
        }
        Ok(PyErr::from_value(exc))
    })();
    match made {
        Ok(e) => e,
        Err(_) if class == "InternalError" => PyRuntimeError::new_err(message),
        Err(_) => PyValueError::new_err(message),
    }
}

fn internal_error(py: Python<'_>, message: String) -> PyErr {
    package_error(
        py,
        "InternalError",
        format!("zhproof internal error (a bug, please report it): {message}"),
        &[],
    )
}

fn build_error(py: Python<'_>, e: zhproof::Error) -> PyErr {
    let message = e.to_string();
    match e {
        zhproof::Error::Dictionary { origin, line, .. } => {
            let attrs = [
                ("origin", PyString::new(py, &origin).into_any().unbind()),
                (
                    "line",
                    line.into_pyobject(py)
                        .map(|l| l.into_any().unbind())
                        .unwrap_or_else(|_| py.None()),
                ),
            ];
            package_error(py, "DictionaryError", message, &attrs)
        }
        zhproof::Error::Io { path, .. } => {
            let attrs = [(
                "filename",
                PyString::new(py, &path.display().to_string())
                    .into_any()
                    .unbind(),
            )];
            package_error(py, "DictionaryFileError", message, &attrs)
        }
        zhproof::Error::Config(_) => package_error(py, "ConfigError", message, &[]),
        _ => package_error(py, "ZhproofError", message, &[]),
    }
}

/// Extracts a `str` as UTF-8 (lone surrogates become U+FFFD).
///
/// # Errors
/// `TypeError` when `ob` is not a `str`.
fn extract_text(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    text::extract_flagged(ob, what).map(|(text, _)| text)
}

/// The thread count `threads=None` means: every core.
pub(crate) fn all_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Extracts a `str` to check: the UTF-8 text, and the original string when it held lone
/// surrogates (finding texts are then sliced from it).
///
/// # Errors
/// `TypeError` when `ob` is not a `str`.
fn extract_source<'py>(
    ob: &Bound<'py, PyAny>,
    what: &str,
) -> PyResult<(String, Option<Bound<'py, PyString>>)> {
    let (text, lossy) = text::extract_flagged(ob, what)?;
    let source = if lossy {
        Some(ob.cast::<PyString>()?.clone())
    } else {
        None
    };
    Ok((text, source))
}

/// Converts the results of a batch; `sources` holds the caller's strings, sliced for the
/// finding texts of those that held lone surrogates.
fn batch_to_python(
    py: Python<'_>,
    results: Vec<batch::Checked>,
    sources: &[Py<PyString>],
) -> PyResult<Vec<Vec<Finding>>> {
    results
        .into_iter()
        .enumerate()
        .map(|(i, (raws, lossy))| {
            let src = sources.get(i).filter(|_| lossy).map(|s| s.bind(py));
            to_python(py, raws, src)
        })
        .collect()
}

/// The compiled engine. Immutable and thread-safe; build once, share across threads.
#[pyclass(frozen, module = "zhproof._native", name = "NativeChecker")]
pub struct NativeChecker {
    inner: Arc<zhproof::Checker>,
    config_json: String,
}

/// Checks one text (an HTML page when `html`), turning a panic into an error message.
pub(crate) fn run(checker: &zhproof::Checker, text: &str, html: bool) -> Result<Vec<Raw>, String> {
    guarded(|| {
        let findings = if html {
            checker.check_html(text)
        } else {
            checker.check(text)
        };
        to_raw(text, findings)
    })
}

/// How many code points one batch may hold (4 bytes each) before it is cut short of its
/// item count: keeps the memory of `check_many` over large HTML pages bounded (two batches
/// are in memory at a time).
const BATCH_CHAR_BUDGET: usize = 4 << 20;

/// Pulls up to `max_items` texts from a Python iterator and copies them out (with the GIL;
/// see [`text::Texts`]), stopping early once [`BATCH_CHAR_BUDGET`] code points are held.
/// Keeps a reference to each string, for the finding texts of those with lone surrogates.
/// `first_index` is the input index of the first text (for error messages).
///
/// # Errors
/// `TypeError` naming the item's input index when an item is not a `str`; whatever the
/// iterator raises.
fn pull(
    iter: &Bound<'_, PyAny>,
    max_items: usize,
    first_index: usize,
) -> PyResult<(text::Texts, Vec<Py<PyString>>)> {
    let mut iter = iter.try_iter()?;
    let mut texts = text::Texts::with_capacity(max_items.min(4096));
    let mut sources = Vec::with_capacity(max_items.min(4096));
    while texts.len() < max_items && texts.code_points() < BATCH_CHAR_BUDGET {
        let Some(item) = iter.next() else { break };
        let item = item?;
        let index = first_index + texts.len();
        texts.push(&item, || format!("texts[{index}]"))?;
        sources.push(item.cast_into::<PyString>()?.unbind());
    }
    Ok((texts, sources))
}

fn check_max_items(max_items: usize) -> PyResult<()> {
    if max_items == 0 {
        return Err(PyValueError::new_err("batch_size must be at least 1"));
    }
    Ok(())
}

fn check_threads(threads: Option<usize>) -> PyResult<()> {
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    Ok(())
}

/// A batch being checked in the background (see `NativeChecker.submit`).
#[pyclass(frozen, module = "zhproof._native", name = "PendingBatch")]
pub struct PendingBatch {
    /// The batch on the pool (taken by `wait`).
    pending: Mutex<Option<batch::Pending>>,
    /// The caller's strings (see [`batch_to_python`]).
    sources: Vec<Py<PyString>>,
}

#[pymethods]
impl PendingBatch {
    /// How many texts the batch holds.
    fn __len__(&self) -> usize {
        self.sources.len()
    }

    /// Waits (with the GIL released) for the batch and returns its findings, one list per
    /// text in input order. Can be called once.
    ///
    /// Raises `RuntimeError` when called twice, `InternalError` on an engine bug.
    fn wait(&self, py: Python<'_>) -> PyResult<Vec<Vec<Finding>>> {
        let pending = self
            .pending
            .lock()
            .map_err(|_| PyRuntimeError::new_err("pending batch poisoned"))?
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("wait() already called"))?;
        let results = py
            .detach(move || pending.wait())
            .map_err(|m| internal_error(py, m))?;
        batch_to_python(py, results, &self.sources)
    }
}

#[pymethods]
impl NativeChecker {
    /// Builds a checker from a `zhproof::Config` as JSON (the GIL is released meanwhile).
    ///
    /// Raises `ConfigError` (a `ValueError`) for an invalid configuration,
    /// `DictionaryError` (a `ValueError`, message `file:line: reason`) for a bad dictionary
    /// line, `DictionaryFileError` (an `OSError`) for an unreadable file.
    #[new]
    fn new(py: Python<'_>, config_json: &str) -> PyResult<Self> {
        let json = config_json.to_string();
        let built = py.detach(move || {
            guarded(move || {
                let config = zhproof::Config::from_json(&json)?;
                let canonical = config.to_json();
                zhproof::Checker::from_config(config).map(|c| (c, canonical))
            })
        });
        match built {
            Ok(Ok((inner, config_json))) => Ok(NativeChecker {
                inner: Arc::new(inner),
                config_json,
            }),
            Ok(Err(e)) => Err(build_error(py, e)),
            Err(panic) => Err(internal_error(py, panic)),
        }
    }

    /// The configuration as canonical JSON (every field spelled out).
    #[getter]
    fn config_json(&self) -> &str {
        &self.config_json
    }

    /// Checks one text (the GIL is released meanwhile).
    fn check(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Vec<Finding>> {
        let (text, source) = extract_source(text, "text")?;
        let raws = py
            .detach(|| run(&self.inner, &text, false))
            .map_err(|m| internal_error(py, m))?;
        to_python(py, raws, source.as_ref())
    }

    /// Checks an HTML page: its visible text, `alt`/`title` attributes, the meta
    /// description and links. Offsets index the HTML source string (the GIL is released).
    /// `check_code`: also check the text of `<code>` and `<pre>` (skipped by default).
    ///
    /// Raises `TypeError` if `html` is not a `str`.
    #[pyo3(signature = (html, check_code=false))]
    fn check_html(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        check_code: bool,
    ) -> PyResult<Vec<Finding>> {
        let (html, source) = extract_source(html, "html")?;
        let opts = zhproof::HtmlOptions {
            skip_code: !check_code,
        };
        let raws = py
            .detach(|| guarded(|| to_raw(&html, self.inner.check_html_with(&html, &opts))))
            .map_err(|m| internal_error(py, m))?;
        to_python(py, raws, source.as_ref())
    }

    /// Returns `text` with every personal-data leak this checker reports masked (privacy
    /// findings of severity warning or error); every other character is unchanged.
    ///
    /// Raises `TypeError` if `text` is not a `str`.
    fn mask(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = extract_text(text, "text")?;
        py.detach(|| guarded(|| self.inner.mask(&text)))
            .map_err(|m| internal_error(py, m))
    }

    /// Pulls the next batch from `texts` (an iterator: up to `max_items` texts, fewer when
    /// they are long, see `BATCH_CHAR_BUDGET`) and checks it on `threads` threads (`None`:
    /// all cores; 1: this thread) with the GIL released; results in input order, an empty
    /// list once `texts` is exhausted. `first_index`: the input index of the first text
    /// pulled (error messages name it). `html`: the texts are HTML pages.
    ///
    /// Raises `TypeError` for a non-`str` item, `ValueError` for `threads=0` or
    /// `max_items=0`, whatever the iterator raises.
    #[pyo3(signature = (texts, threads=None, html=false, max_items=256, first_index=0))]
    fn check_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
        html: bool,
        max_items: usize,
        first_index: usize,
    ) -> PyResult<Vec<Vec<Finding>>> {
        check_threads(threads)?;
        check_max_items(max_items)?;
        let (owned, sources) = pull(texts, max_items, first_index)?;
        let results = py
            .detach(|| batch::run_batch(&self.inner, owned, threads, html))
            .map_err(|m| internal_error(py, m))?;
        batch_to_python(py, results, &sources)
    }

    /// Like `check_batch`, but returns at once: the batch is checked in the background on
    /// `threads` threads (`None`: all cores) and `PendingBatch.wait()` gives the results
    /// (`len()` of it: how many texts were pulled, 0 once `texts` is exhausted). Lets the
    /// caller pull and copy the next batch while this one is checked.
    ///
    /// Raises as `check_batch`.
    #[pyo3(signature = (texts, threads=None, html=false, max_items=256, first_index=0))]
    fn submit(
        &self,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
        html: bool,
        max_items: usize,
        first_index: usize,
    ) -> PyResult<PendingBatch> {
        check_threads(threads)?;
        check_max_items(max_items)?;
        let n = threads.unwrap_or_else(all_cores);
        let (owned, sources) = pull(texts, max_items, first_index)?;
        let pending = batch::spawn(&self.inner, owned, n, html).map_err(PyRuntimeError::new_err)?;
        Ok(PendingBatch {
            pending: Mutex::new(Some(pending)),
            sources,
        })
    }
}

/// Converts between simplified and traditional Chinese with an OpenCC config: `to` is
/// `s`, `t`, `tw`, `hk`, `twp` or a config name (`s2t`, `tw2sp`, …).
///
/// Raises `TypeError` if `text` is not a `str`, `ConfigError` for an unknown `to`.
#[pyfunction]
#[pyo3(signature = (text, to))]
fn convert(py: Python<'_>, text: &Bound<'_, PyAny>, to: &str) -> PyResult<String> {
    let target: zhproof::Target = to
        .parse()
        .map_err(|e: String| package_error(py, "ConfigError", e, &[]))?;
    let text = extract_text(text, "text")?;
    py.detach(|| guarded(|| zhproof::convert(&text, target)))
        .map_err(|m| internal_error(py, m))
}

/// Masks every personal-data leak in `text` with the default configuration.
///
/// Raises `TypeError` if `text` is not a `str`.
#[pyfunction]
fn mask(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = extract_text(text, "text")?;
    py.detach(|| guarded(|| zhproof::mask(&text)))
        .map_err(|m| internal_error(py, m))
}

/// Panics inside the guarded engine path, to prove that a Rust panic surfaces as
/// `zhproof.InternalError` instead of aborting the interpreter. Testing hook only.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    let r: Result<(), String> = py.detach(|| guarded(|| panic!("deliberate test panic")));
    r.map_err(|m| internal_error(py, m))
}

/// Runs the `zhproof` command line (the Rust CLI's own code, `zhproof_cli::run`) with
/// `argv` (program name first) and returns its exit status. It writes to the process's
/// stdout and stderr (flush Python's buffers first); the GIL is released meanwhile.
#[pyfunction]
fn cli_main(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> PyResult<u8> {
    py.detach(|| {
        guarded(|| {
            let code = zhproof_cli::run(argv);
            // Rust flushes its stdout buffer only when a Rust program exits; the host here
            // is Python, so flush before returning to it.
            let _ = std::io::Write::flush(&mut std::io::stdout());
            code
        })
    })
    .map_err(|m| internal_error(py, m))
}

/// The full entry of the rules that `rule` names (a rule id, or a category or prefix such
/// as `typo`, which names every rule below it) as text, the same as `zhproof explain RULE`.
///
/// Raises `ConfigError` naming the nearest id when `rule` names no rule.
#[pyfunction]
fn explain(py: Python<'_>, rule: &str) -> PyResult<String> {
    zhproof::rules::explain_named(rule).map_err(|m| package_error(py, "ConfigError", m, &[]))
}

/// The rule registry as JSON (`{"rules": [...], "families": [...]}`), the same as
/// `zhproof rules --format json`.
#[pyfunction]
fn rules_json() -> String {
    zhproof::rules::to_json()
}

/// Names and defaults of the engine (categories, scripts and their aliases, sensitive
/// profiles, default cap …) as JSON, so that the Python layer keeps no copies.
#[pyfunction]
fn constants_json() -> String {
    zhproof::config::front_end_constants().to_string()
}

/// The number of threads `check_many(threads=None)` uses.
#[pyfunction]
fn default_threads() -> usize {
    all_cores()
}

/// The `zhproof._native` module.
#[pymodule(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Finding>()?;
    m.add_class::<NativeChecker>()?;
    m.add_class::<PendingBatch>()?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add_function(wrap_pyfunction!(default_threads, m)?)?;
    m.add_function(wrap_pyfunction!(rules_json, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(constants_json, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(mask, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_get_code_point_offsets_past_the_bmp() {
        let checker = match zhproof::Checker::new() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let text = "𠮷😀\n再接再励，按装";
        let found = run(&checker, text, false).unwrap_or_default();
        let spans: Vec<(usize, usize, usize, usize, &str)> = found
            .iter()
            .map(|f| (f.start, f.end, f.line, f.column, f.text.as_str()))
            .collect();
        assert_eq!(spans, vec![(3, 7, 2, 1, "再接再励"), (8, 10, 2, 6, "按装")]);
        let chars: Vec<char> = text.chars().collect();
        for f in &found {
            let slice: String = chars[f.start..f.end].iter().collect();
            assert_eq!(slice, f.text);
            assert_eq!(&text[f.byte_start..f.byte_end], f.text);
        }
    }

    #[test]
    fn batches_keep_input_order_on_any_pool() {
        let checker = match zhproof::Checker::new() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let texts: Vec<String> = (0..300)
            .map(|i| {
                if i % 3 == 0 {
                    "按装".into()
                } else {
                    format!("第{i}段")
                }
            })
            .collect();
        let checker = Arc::new(checker);
        let texts = || text::Texts::from_strs(&texts);
        let serial = batch::run_batch(&checker, texts(), Some(1), false).unwrap_or_default();
        assert_eq!(serial.iter().filter(|(f, _)| !f.is_empty()).count(), 100);
        for threads in [Some(2), Some(3), None] {
            let parallel = batch::run_batch(&checker, texts(), threads, false);
            assert_eq!(parallel.ok(), Some(serial.clone()));
        }
        let none = batch::run_batch(&checker, text::Texts::default(), Some(2), false);
        assert_eq!(none.ok(), Some(vec![]));
    }

    #[test]
    fn panics_become_messages() {
        let r: Result<(), String> = guarded(|| panic!("boom {}", 1));
        assert_eq!(r, Err("boom 1".to_string()));
        let r: Result<(), String> = guarded(|| std::panic::panic_any(7_u8));
        assert_eq!(r, Err("unknown panic".to_string()));
    }
}
