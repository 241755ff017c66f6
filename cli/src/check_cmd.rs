//! `zhproof check`: inputs are read, decoded and checked on `--jobs` threads, a window of
//! files at a time, and reported in input order, so the report (and every message on
//! stderr) is the same for any number of jobs.

use crate::decode::{self, Decoded};
use crate::input::{self, Input};
use crate::report::{Format, Reporter};
use crate::{atomic, build_checker, CheckerOpts};
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
    #[command(flatten)]
    opts: CheckerOpts,
    /// Files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What checking one input gave.
enum Outcome {
    /// It could not be read or decoded: the message for stderr.
    Failed(String),
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
}

impl Job<'_> {
    /// Reads, decodes and checks one input.
    fn check(&self, inp: &Input) -> Outcome {
        let name = inp.display_name();
        let bytes = match inp.read() {
            Ok(b) => b,
            Err(e) => return Outcome::Failed(format!("zhproof: {name}: {e}")),
        };
        let is_html = self.html || inp.looks_like_html();
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
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let job = Job {
        checker: &checker,
        html: args.html,
        forced,
        html_opts,
    };
    let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    check_all(&job, &inputs, jobs, |inp, outcome| {
        let (decoded, findings) = match outcome {
            Outcome::Failed(message) => {
                eprintln!("{message}");
                had_error = true;
                return Ok(());
            }
            Outcome::Checked { decoded, findings } => (decoded, findings),
        };
        let name = inp.display_name();
        if decoded.had_errors {
            eprintln!(
                "zhproof: {name}: bytes not valid in {} were replaced with U+FFFD",
                decoded.encoding
            );
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
        rep.file(&name, &decoded.text, &findings, &|o| decoded.offset_of(o))
    })?;
    let summary = format!(
        "{} 个文件，{} 处问题（{} 处警告或错误）",
        inputs.len(),
        total,
        serious
    );
    let summary = if args.statistics {
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
