//! `zhproof check`: inputs are read, decoded and checked on `--jobs` threads, a window of
//! files at a time, and reported in input order, so the report (and every message on
//! stderr) is the same for any number of jobs. Each input is checked with the settings of
//! the configuration file above it ([`crate::settings`]); suppression comments, a baseline
//! and fixes apply after checking.

use crate::baseline::Baseline;
use crate::decode::{self, Decoded};
use crate::input::{self, Input};
use crate::report::{Format, Reporter};
use crate::settings::{Plan, Resolver};
use crate::suppress::Suppressions;
use crate::{atomic, fix, CheckerOpts};
use clap::Args;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use zhproof::checker::GROUP_SUFFIX;
use zhproof::{Checker, Finding, HtmlOptions, Severity};

/// Arguments of `zhproof check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Treat every input as HTML (automatic for .html/.htm).
    #[arg(long)]
    html: bool,
    /// In HTML, also check the text of <code> and <pre> elements (skipped by default).
    #[arg(long)]
    check_code: bool,
    /// Encoding of the inputs (utf-8, gbk, gb18030, big5, …). Default: a byte-order mark,
    /// else the charset an HTML page declares, else UTF-8. Offsets in reports are into the
    /// original bytes; lines and columns count characters.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Write the report here instead of standard output. The file is replaced atomically
    /// when the run completes (an interrupted run leaves no partial report).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Check this many files at a time (default: one per CPU). The report is the same for
    /// any number: files are reported in input order.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// After the report, print how many findings each rule gave (to the report in text
    /// format, to standard error with --format json/jsonl so that the JSON stays valid).
    #[arg(long)]
    statistics: bool,
    /// Apply the safe fixes in place (atomically) and report what is left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, apply the unsafe fixes too (several candidates, model
    /// suggestions, expressions, masking, …).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print, as a unified diff, what --fix would change, and change nothing. Exit status
    /// 1 when there is something to change.
    #[arg(long)]
    diff: bool,
    /// Report only findings not in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Write every finding to this baseline file (replacing it) and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Report suppression comments that suppressed nothing (rule format.unused_suppression).
    #[arg(long)]
    report_unused_suppressions: bool,
    /// Plain-text files over this many bytes are checked a block of lines at a time
    /// (bounded memory; page-level findings then per block).
    #[arg(long, hide = true, default_value_t = STREAM_BYTES, value_name = "BYTES")]
    stream_above: u64,
    #[command(flatten)]
    opts: CheckerOpts,
    /// Files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Plain-text files larger than this are read, checked and reported a block of lines at a
/// time (see [`stream`]), so that memory stays bounded whatever the file's size.
const STREAM_BYTES: u64 = 16 << 20;

/// Size of the blocks a large file is read in (cut after the last line break). A block's
/// findings are all built before the cap applies, so the block bounds memory on dense
/// input: 256 KiB kept a 100 MB file of dense misspellings at 59 MB (1 MiB: 98 MB).
const BLOCK_BYTES: usize = 256 << 10;

/// What checking one input gave.
enum Outcome {
    /// It could not be read or decoded: the message for stderr.
    Failed(String),
    /// A large plain-text file, to be checked while it is reported ([`stream`]).
    Large(PathBuf),
    /// It was checked.
    Checked {
        decoded: Decoded,
        findings: Vec<Finding>,
        suppressions: Suppressions,
        fixed: Option<Fixed>,
    },
}

/// What fixing one input gave.
struct Fixed {
    /// The whole new file (a byte-order mark kept).
    bytes: Vec<u8>,
    /// The new text (what the findings refer to).
    text: String,
    /// Bytes before the text (a byte-order mark).
    prefix: usize,
    /// Edits made.
    edits: usize,
}

/// How to read and check the inputs.
struct Job<'a> {
    checkers: &'a [Checker],
    html: bool,
    forced: Option<&'static encoding_rs::Encoding>,
    html_opts: HtmlOptions,
    /// Fix (or preview fixes): `Some(unsafe_fixes)`.
    fixing: Option<bool>,
    stream_above: u64,
}

impl Job<'_> {
    /// The findings of `text` after the confidence threshold and suppression comments.
    fn findings(&self, plan: &Plan, text: &str, is_html: bool) -> (Vec<Finding>, Suppressions) {
        let Some(checker) = self.checkers.get(plan.checker) else {
            return (Vec::new(), Suppressions::default());
        };
        let mut findings = if is_html {
            checker.check_html_with(text, &self.html_opts)
        } else {
            checker.check(text)
        };
        if let Some(min) = plan.min_confidence {
            findings.retain(|f| f.confidence.is_none_or(|c| c >= min));
        }
        let plain = !is_html && !plan.input.is_markdown();
        let mut sup = Suppressions::parse(text, plain);
        let findings = sup.filter(text, findings);
        (findings, sup)
    }

    /// Reads, decodes, checks (and fixes) one input.
    fn check(&self, plan: &Plan) -> Outcome {
        let inp = &plan.input;
        let name = crate::report::escape_controls(&inp.display_name()).into_owned();
        let is_html = self.html || inp.looks_like_html();
        if let (Input::File(p), None) = (inp, self.fixing) {
            let large =
                std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > self.stream_above);
            if large && !is_html {
                return Outcome::Large(p.clone());
            }
        }
        let bytes = match inp.read() {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(format!("zhproof: {name}: {e}")),
        };
        let decoded = match decode::decode(&bytes, is_html, self.forced) {
            Ok(d) => d,
            Err(e) => return Outcome::Failed(format!("zhproof: {name}: {e}; skipped")),
        };
        let mut fixed = None;
        if let (Some(unsafe_fixes), Input::File(_)) = (self.fixing, inp) {
            if decoded.encoding == "UTF-8" && !decoded.had_errors {
                let find = |t: &str| self.findings(plan, t, is_html).0;
                let (text, edits) = fix::fix_text(&find, &decoded.text, is_html, unsafe_fixes);
                if edits > 0 {
                    let prefix = decoded.offset_of(0).min(bytes.len());
                    let mut out = bytes[..prefix].to_vec();
                    out.extend_from_slice(text.as_bytes());
                    fixed = Some(Fixed {
                        bytes: out,
                        text,
                        prefix,
                        edits,
                    });
                }
            }
        }
        let text = fixed
            .as_ref()
            .map_or(decoded.text.as_str(), |f| f.text.as_str());
        let (findings, suppressions) = self.findings(plan, text, is_html);
        Outcome::Checked {
            decoded,
            findings,
            suppressions,
            fixed,
        }
    }
}

/// Checks the inputs a window at a time on `jobs` threads and hands each outcome, in input
/// order, to `report` (which may stop the run with an error).
fn check_all(
    job: &Job<'_>,
    inputs: &[Plan],
    jobs: usize,
    mut report: impl FnMut(&Plan, Outcome) -> io::Result<()>,
) -> io::Result<()> {
    if jobs <= 1 {
        for inp in inputs {
            report(inp, job.check(inp))?;
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(io::Error::other)?;
    // A window of a few files per thread: enough to keep every thread busy, few enough that
    // memory stays bounded on a site of any size.
    for window in inputs.chunks(jobs * 8) {
        let outcomes: Vec<Outcome> =
            pool.install(|| window.par_iter().map(|inp| job.check(inp)).collect());
        for (inp, outcome) in window.iter().zip(outcomes) {
            report(inp, outcome)?;
        }
    }
    Ok(())
}

/// Checks and reports a large plain-text file a block of lines at a time: memory stays
/// bounded by the block, offsets are into the file, line numbers count from its start.
/// `checker` has no cap; `max` (0: none) findings of the whole file are reported, the rest
/// counted. Returns `(reported, of which warnings or errors)`, or a message when the file
/// cannot be read or decoded (what came before is reported).
///
/// A block is cut after its last line break; a line longer than a block is cut inside
/// (at a character boundary), and its columns after the cut then count from the cut.
///
/// # Errors
/// Errors writing the report.
fn stream<W: Write>(
    checker: &Checker,
    max: usize,
    forced: Option<&'static encoding_rs::Encoding>,
    path: &std::path::Path,
    name: &str,
    rep: &mut Reporter<W>,
) -> io::Result<Result<(usize, usize), String>> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let mut reader = io::BufReader::with_capacity(64 * 1024, file);
    let mut carry: Vec<u8> = Vec::with_capacity(BLOCK_BYTES);
    let (mut base, mut lines_before) = (0usize, 0usize);
    let (mut reported, mut serious, mut cut) = (0usize, 0usize, 0usize);
    let mut encoding = forced;
    let mut first = true;
    loop {
        let want = BLOCK_BYTES.saturating_sub(carry.len()) as u64;
        let got = match (&mut reader).take(want).read_to_end(&mut carry) {
            Ok(n) => n,
            Err(e) => return Ok(Err(e.to_string())),
        };
        let eof = (got as u64) < want;
        if carry.is_empty() {
            break;
        }
        if first && matches!(carry.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF])) {
            return Ok(Err(
                "UTF-16 files over 16 MiB are not supported; convert to UTF-8".to_string(),
            ));
        }
        let ascii_safe = encoding.is_none_or(|e| e == encoding_rs::UTF_8);
        let end = if eof {
            carry.len()
        } else if let Some(i) = carry.iter().rposition(|&b| b == b'\n') {
            i + 1
        } else if ascii_safe {
            // No line break in a whole block: cut before an incomplete last character.
            match std::str::from_utf8(&carry) {
                Err(err) if err.error_len().is_none() && err.valid_up_to() > 0 => err.valid_up_to(),
                _ => carry.len(),
            }
        } else {
            // Legacy multi-byte encodings: after a byte that cannot be a trail byte.
            carry
                .iter()
                .rposition(|&b| b < 0x40)
                .map_or(carry.len(), |i| i + 1)
        };
        let block = &carry[..end];
        let decoded = match decode::decode(block, false, encoding) {
            Ok(d) => d,
            Err(e) => return Ok(Err(format!("{e} (in the block at offset {base})"))),
        };
        if first {
            if let Some(w) = &decoded.warning {
                eprintln!("zhproof: {name}: {w}");
            }
            encoding = encoding_rs::Encoding::for_label(decoded.encoding.as_bytes());
            first = false;
        }
        if decoded.had_errors {
            eprintln!(
                "zhproof: {name}: bytes not valid in {} were replaced with U+FFFD (block at offset {base})",
                decoded.encoding
            );
        }
        let mut findings = checker.check_uncapped(&decoded.text);
        if max > 0 && reported + findings.len() > max {
            let keep = max - reported;
            cut += findings.len() - keep;
            findings.truncate(keep);
        }
        reported += findings.len();
        serious += findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count();
        rep.file_part(
            name,
            &decoded.text,
            &findings,
            &|o| base + decoded.offset_of(o),
            lines_before,
        )?;
        lines_before += decoded.text.bytes().filter(|&b| b == b'\n').count();
        base += end;
        carry.drain(..end);
        if eof && carry.is_empty() {
            break;
        }
    }
    if cut > 0 {
        eprintln!("zhproof: {name}: {cut} more findings not listed (at most {max} per file)");
    }
    Ok(Ok((reported, serious)))
}

/// Checks every input; returns the exit code. I/O errors on stdout end the run (a closed
/// pipe ends it quietly); errors on inputs are reported and the rest still checked.
pub fn run(args: CheckArgs) -> io::Result<u8> {
    let mut resolver = match Resolver::new(&args.opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let forced = match args
        .encoding
        .as_deref()
        .map(decode::encoding_for)
        .transpose()
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let html_opts = HtmlOptions {
        skip_code: !args.check_code,
    };
    let (inputs, errors) = input::expand(&args.paths);
    let mut had_error = !errors.is_empty();
    for e in errors {
        eprintln!("zhproof: {e}");
    }
    let plans = match resolver.plan(inputs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let mut baseline = match &args.baseline {
        Some(p) => match Baseline::load(p) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("zhproof: {e}");
                return Ok(2);
            }
        },
        None => None,
    };
    let mut new_baseline = args.write_baseline.as_deref().map(Baseline::new);
    let mut file = match args.output.as_deref().map(atomic::AtomicFile::create) {
        None => None,
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => {
            let dest = args.output.as_deref().unwrap_or(std::path::Path::new("-"));
            eprintln!("zhproof: {}: {e}", dest.display());
            return Ok(2);
        }
    };
    let stdout = io::stdout();
    let colour = file.is_none() && stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let sink: Box<dyn Write + '_> = match &mut file {
        Some(f) => Box::new(f),
        None => Box::new(io::BufWriter::new(stdout.lock())),
    };
    let diff_only = args.diff;
    let mut rep = Reporter::new(sink, args.format, colour);
    if !diff_only {
        rep.begin()?;
    }
    let (mut serious, mut total, mut changed, mut edits) = (0usize, 0usize, 0usize, 0usize);
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let job = Job {
        checkers: &resolver.checkers,
        html: args.html,
        forced,
        html_opts,
        fixing: (args.fix || args.diff).then_some(args.unsafe_fixes),
        stream_above: args.stream_above,
    };
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    check_all(&job, &plans, jobs, |plan, outcome| {
        let (decoded, mut findings, suppressions, fixed) = match outcome {
            Outcome::Failed(message) => {
                eprintln!("{message}");
                had_error = true;
                return Ok(());
            }
            Outcome::Large(path) => {
                let name = crate::report::escape_controls(&plan.input.display_name()).into_owned();
                let Some(checker) = job.checkers.get(plan.checker) else {
                    return Ok(());
                };
                // The cap applies to the whole file, so the blocks are checked uncapped
                // (by the same checker: no second build of its dictionaries).
                let max = checker.config().max_findings;
                match stream(checker, max, job.forced, &path, &name, &mut rep)? {
                    Ok((reported, warnings)) => {
                        total += reported;
                        serious += warnings;
                    }
                    Err(message) => {
                        eprintln!("zhproof: {name}: {message}");
                        had_error = true;
                    }
                }
                return Ok(());
            }
            Outcome::Checked {
                decoded,
                findings,
                suppressions,
                fixed,
            } => (decoded, findings, suppressions, fixed),
        };
        let name = crate::report::escape_controls(&plan.input.display_name()).into_owned();
        if let Some(w) = &decoded.warning {
            eprintln!("zhproof: {name}: {w}");
        }
        if decoded.had_errors {
            eprintln!(
                "zhproof: {name}: bytes not valid in {} were replaced with U+FFFD",
                decoded.encoding
            );
        }
        if diff_only {
            if let Some(f) = &fixed {
                let diff = fix::unified_diff(&name, &decoded.text, &f.text);
                rep.out_mut().write_all(diff.as_bytes())?;
                changed += 1;
                edits += f.edits;
            }
            return Ok(());
        }
        if let (Some(f), Input::File(path)) = (&fixed, &plan.input) {
            if let Err(e) = write_in_place(path, &f.bytes) {
                eprintln!("zhproof: {name}: cannot write the fixes: {e}");
                had_error = true;
                return Ok(());
            }
            changed += 1;
            edits += f.edits;
        }
        let (source, prefix) = match &fixed {
            Some(f) => (f.text.as_str(), f.prefix),
            None => (decoded.text.as_str(), 0),
        };
        if args.report_unused_suppressions {
            // The rule is in the registry: the configuration may turn it off or change its
            // severity like any other.
            let config = job.checkers.get(plan.checker).map(Checker::config);
            findings.extend(suppressions.unused(source).into_iter().filter_map(|mut f| {
                let config = config?;
                if !config.category_enabled(f.category) || !config.rule_enabled(&f.rule) {
                    return None;
                }
                if let Some(s) = config.severity_override(&f.rule) {
                    f.severity = s;
                }
                Some(f)
            }));
            findings.sort_by_key(|f| (f.span.start, f.span.end));
        }
        if let Some(b) = &mut new_baseline {
            b.gather(&name, source, &findings);
        }
        if let Some(b) = &mut baseline {
            findings = b.filter(&name, source, findings);
        }
        // Flood summaries (`<rule>.page` next to findings of `<rule>`) repeat findings
        // already counted.
        let rules: std::collections::HashSet<&str> =
            findings.iter().map(|f| f.rule.as_str()).collect();
        let is_summary = |f: &Finding| {
            f.rule
                .strip_suffix(GROUP_SUFFIX)
                .is_some_and(|base| rules.contains(base))
        };
        for f in findings.iter().filter(|f| !is_summary(f)) {
            total += 1;
            serious += usize::from(f.severity >= Severity::Warning);
            if args.statistics {
                *per_rule.entry(f.rule.clone()).or_insert(0) += 1;
            }
        }
        let offset_of = |o: usize| match &fixed {
            Some(_) => o + prefix,
            None => decoded.offset_of(o),
        };
        rep.file(&name, source, &findings, &offset_of)
    })?;
    if diff_only {
        rep.out_mut().flush()?;
        drop(rep);
        return finish_output(file, had_error, usize::from(changed > 0));
    }
    let mut summary = format!(
        "{} 个文件，{} 处问题（{} 处警告或错误）",
        plans.len(),
        total,
        serious
    );
    summary = if args.statistics {
        let stats = statistics(&per_rule);
        if args.format == Format::Text {
            format!("{stats}{summary}")
        } else {
            eprint!("{stats}");
            summary
        }
    } else {
        summary
    };
    if args.fix {
        summary.push_str(&format!("；已修正 {changed} 个文件中的 {edits} 处"));
    }
    rep.end(Some(&summary))?;
    drop(rep);
    if let (Some(b), Some(path)) = (&mut new_baseline, &args.write_baseline) {
        let written = atomic::AtomicFile::create(path).and_then(|mut f| {
            b.write(&mut f)?;
            f.commit()
        });
        if let Err(e) = written {
            eprintln!("zhproof: {}: {e}", path.display());
            return Ok(2);
        }
        eprintln!("zhproof: {} 处问题写入基线 {}", b.len(), path.display());
        return finish_output(file, had_error, 0);
    }
    finish_output(file, had_error, usize::from(serious > 0))
}

/// Commits the report file (or flushes stdout) and gives the exit code: 2 after an error,
/// else 1 when `found` is not 0.
fn finish_output(
    file: Option<atomic::AtomicFile>,
    had_error: bool,
    found: usize,
) -> io::Result<u8> {
    match file {
        Some(f) => {
            let dest = f.dest().to_path_buf();
            if let Err(e) = f.commit() {
                eprintln!("zhproof: {}: {e}", dest.display());
                return Ok(2);
            }
        }
        None => io::stdout().flush()?,
    }
    Ok(if had_error {
        2
    } else if found > 0 {
        1
    } else {
        0
    })
}

/// The `--statistics` table: findings per rule, most frequent first.
fn statistics(per_rule: &BTreeMap<String, usize>) -> String {
    let mut rows: Vec<(&String, &usize)> = per_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s = String::from("各规则问题数：\n");
    for (rule, n) in rows {
        s.push_str(&format!("{n:>8}  {rule}\n"));
    }
    s
}

/// Replaces `path` with `bytes` atomically, keeping its permissions.
fn write_in_place(path: &std::path::Path, bytes: &[u8]) -> io::Result<()> {
    let perms = std::fs::metadata(path)?.permissions();
    let mut f = atomic::AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()?;
    std::fs::set_permissions(path, perms)
}
