//! `zhproof check`: inputs are read, decoded and checked on `--jobs` threads, a window of
//! files at a time, and reported in input order, so the report (and every message on
//! stderr) is the same for any number of jobs.

use crate::decode::{self, Decoded};
use crate::input::{self, Input};
use crate::report::{Format, Reporter};
use crate::{atomic, build_checker, CheckerOpts};
use clap::Args;
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
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

/// Size of the blocks a large file is read in (cut after the last line break).
const BLOCK_BYTES: usize = 1 << 20;

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
    },
}

/// How to read and check the inputs (the same for each).
struct Job<'a> {
    checker: &'a Checker,
    html: bool,
    forced: Option<&'static encoding_rs::Encoding>,
    html_opts: HtmlOptions,
    stream_above: u64,
}

impl Job<'_> {
    /// Reads, decodes and checks one input.
    fn check(&self, inp: &Input) -> Outcome {
        let name = crate::report::escape_controls(&inp.display_name()).into_owned();
        let is_html = self.html || inp.looks_like_html();
        if let Input::File(p) = inp {
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
        let findings = if is_html {
            self.checker.check_html_with(&decoded.text, &self.html_opts)
        } else {
            self.checker.check(&decoded.text)
        };
        Outcome::Checked { decoded, findings }
    }
}

/// Checks the inputs a window at a time on `jobs` threads and hands each outcome, in input
/// order, to `report` (which may stop the run with an error).
fn check_all(
    job: &Job<'_>,
    inputs: &[Input],
    jobs: usize,
    mut report: impl FnMut(&Input, Outcome) -> io::Result<()>,
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
        let mut findings = checker.check(&decoded.text);
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
    let checker = match build_checker(&args.opts) {
        Ok(c) => c,
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
    let mut rep = Reporter::new(sink, args.format, colour);
    rep.begin()?;
    let (mut serious, mut total) = (0usize, 0usize);
    let job = Job {
        checker: &checker,
        html: args.html,
        forced,
        html_opts,
        stream_above: args.stream_above,
    };
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let mut stream_checker: Option<Checker> = None;
    check_all(&job, &inputs, jobs, |inp, outcome| {
        let name = crate::report::escape_controls(&inp.display_name()).into_owned();
        let (decoded, findings) = match outcome {
            Outcome::Failed(message) => {
                eprintln!("{message}");
                had_error = true;
                return Ok(());
            }
            Outcome::Large(path) => {
                if stream_checker.is_none() {
                    // The cap applies to the whole file, so the blocks are checked uncapped.
                    let mut config = checker.config().clone();
                    config.max_findings = 0;
                    match Checker::from_config(config) {
                        Ok(c) => stream_checker = Some(c),
                        Err(e) => {
                            eprintln!("zhproof: {name}: {e}");
                            had_error = true;
                            return Ok(());
                        }
                    }
                }
                let uncapped = stream_checker.as_ref().unwrap_or(&checker);
                let max = checker.config().max_findings;
                match stream(uncapped, max, job.forced, &path, &name, &mut rep)? {
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
            Outcome::Checked { decoded, findings } => (decoded, findings),
        };
        if let Some(w) = &decoded.warning {
            eprintln!("zhproof: {name}: {w}");
        }
        if decoded.had_errors {
            eprintln!(
                "zhproof: {name}: bytes not valid in {} were replaced with U+FFFD",
                decoded.encoding
            );
        }
        total += findings.len();
        serious += findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count();
        rep.file(&name, &decoded.text, &findings, &|o| decoded.offset_of(o))
    })?;
    let summary = format!(
        "{} 个文件，{} 处问题（{} 处警告或错误）",
        inputs.len(),
        total,
        serious
    );
    rep.end(Some(&summary))?;
    drop(rep);
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
    } else if serious > 0 {
        1
    } else {
        0
    })
}
