//! `zhproof`: proof-read Chinese text files from the command line.
//!
//! Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O
//! error (a message on stderr names the file).

mod atomic;
mod convert_cmd;
mod decode;
mod input;
mod mask_cmd;
mod report;
#[cfg(feature = "serve")]
mod serve;

use clap::{Args, Parser, Subcommand};
use report::{Format, Reporter};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use zhproof::{Category, Checker, Config, DictionarySource, Script, Severity};

#[derive(Parser)]
#[command(
    name = "zhproof",
    version,
    about = "Proof-read Chinese content: wrong words, sensitive terms, privacy leaks, script misuse."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files, directories (walked for .txt .md .html .htm) or `-` (stdin).
    Check(CheckArgs),
    /// Convert between simplified and traditional Chinese (OpenCC-compatible).
    Convert(convert_cmd::ConvertArgs),
    /// Print FILE (or `-`, stdin) with personal data masked (ID 6+4, mobile 3+4, card 6+4, …).
    Mask(mask_cmd::MaskArgs),
    /// Run an HTTP service for CMS pre-publish hooks (POST /check, GET /health).
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

/// Options that decide what the checker reports (shared by subcommands).
#[derive(Args, Debug, Clone)]
struct CheckerOpts {
    /// Report only these categories (comma-separated: typo,variant,expression,sensitive,privacy,script,punctuation,format,link).
    #[arg(long, value_delimiter = ',', value_name = "CATS")]
    only: Vec<Category>,
    /// Never report these categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CATS")]
    skip: Vec<Category>,
    /// Never report this rule id (or the rules below it, e.g. `typo`). Repeatable.
    #[arg(long = "disable-rule", value_name = "RULE")]
    disable_rule: Vec<String>,
    /// Report this default-off rule id (or the rules below it). Repeatable.
    #[arg(long = "enable-rule", value_name = "RULE")]
    enable_rule: Vec<String>,
    /// Target script of the text.
    #[arg(
        long,
        default_value = "zh-Hans",
        value_name = "zh-Hans|zh-Hant|zh-TW|zh-HK"
    )]
    script: Script,
    /// Extra dictionary (TSV). Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Allowlist file (one phrase a line). Repeatable.
    #[arg(long = "allow", value_name = "FILE")]
    allow: Vec<PathBuf>,
    /// Leave out the built-in dictionaries.
    #[arg(long)]
    no_builtin: bool,
    /// Most findings per file (0 = no limit).
    #[arg(long, default_value_t = zhproof::checker::DEFAULT_MAX_FINDINGS)]
    max_findings: usize,
    /// Who publishes the text: weighs sensitive-term findings.
    #[arg(long, default_value = "government", value_name = "government|comments")]
    sensitive_profile: zhproof::SensitiveProfile,
}

impl CheckerOpts {
    fn config(&self) -> Config {
        Config {
            categories: if self.only.is_empty() {
                None
            } else {
                Some(self.only.clone())
            },
            skip: self.skip.clone(),
            disabled_rules: self.disable_rule.clone(),
            enable_rules: self.enable_rule.clone(),
            script: self.script,
            dictionaries: self
                .dict
                .iter()
                .map(|p| DictionarySource::Path { path: p.clone() })
                .collect(),
            allow: Vec::new(),
            allow_files: self.allow.clone(),
            builtin_dictionaries: !self.no_builtin,
            max_findings: self.max_findings,
            sensitive_profile: self.sensitive_profile,
            ..Config::default()
        }
    }
}

#[derive(Args)]
struct CheckArgs {
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
    #[command(flatten)]
    opts: CheckerOpts,
    /// Files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(feature = "serve")]
    let serving = matches!(cli.command, Command::Serve(_));
    #[cfg(not(feature = "serve"))]
    let serving = false;
    if !serving {
        if let Err(e) = atomic::install_signal_handler() {
            eprintln!("zhproof: cannot install the signal handler: {e}");
        }
    }
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Convert(args) => convert_cmd::run(args),
        Command::Mask(args) => mask_cmd::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhproof: {e}");
            ExitCode::from(2)
        }
    }
}

fn build_checker(opts: &CheckerOpts) -> Result<Checker, String> {
    Checker::from_config(opts.config()).map_err(|e| e.to_string())
}

/// Checks every input; returns the exit code. I/O errors on stdout end the run (a closed
/// pipe ends it quietly); errors on inputs are reported and the rest still checked.
fn run_check(args: CheckArgs) -> io::Result<u8> {
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
    let html_opts = zhproof::HtmlOptions {
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
    for inp in &inputs {
        let name = inp.display_name();
        let bytes = match inp.read() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("zhproof: {name}: {e}");
                had_error = true;
                continue;
            }
        };
        let is_html = args.html || inp.looks_like_html();
        let decoded = match decode::decode(&bytes, is_html, forced) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("zhproof: {name}: {e}; skipped");
                had_error = true;
                continue;
            }
        };
        if decoded.had_errors {
            eprintln!(
                "zhproof: {name}: bytes not valid in {} were replaced with U+FFFD",
                decoded.encoding
            );
        }
        let text = decoded.text.as_str();
        let findings = if is_html {
            checker.check_html_with(text, &html_opts)
        } else {
            checker.check(text)
        };
        total += findings.len();
        serious += findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .count();
        rep.file(&name, text, &findings, &|o| decoded.offset_of(o))?;
    }
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
