//! `zhproof`: proof-read Chinese text files from the command line.
//!
//! The whole program is this library's [`run`]: the `zhproof` binary calls it, and so does
//! the Python extension for `python -m zhproof`, so both are the same program.
//!
//! Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O
//! error (a message on stderr names the file).

mod atomic;
mod check_cmd;
mod convert_cmd;
mod decode;
mod input;
mod mask_cmd;
mod report;
mod rules_cmd;
#[cfg(feature = "serve")]
mod serve;

use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use zhproof::{Category, Checker, Config, DictionarySource, Script};

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
    Check(check_cmd::CheckArgs),
    /// Convert between simplified and traditional Chinese (OpenCC-compatible).
    Convert(convert_cmd::ConvertArgs),
    /// Print FILE (or `-`, stdin) with personal data masked (ID 6+4, mobile 3+4, card 6+4, …).
    Mask(mask_cmd::MaskArgs),
    /// Run an HTTP service for CMS pre-publish hooks (POST /check, GET /health).
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// List every rule (id, category, severity, on by default, summary).
    Rules(rules_cmd::RulesArgs),
    /// Print the full entry of a rule: summary, why, a bad and a good example, standard.
    Explain(rules_cmd::ExplainArgs),
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
    /// Never report this rule id (or the rules below it, e.g. `typo`). Repeatable. An unknown
    /// id is an error naming the nearest one (`zhproof rules` lists them).
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
    /// Flood control: a rule firing more than N times in a file gets a page-level summary
    /// finding (`<rule>.page`); the text report shows the group as one diagnostic with the
    /// first places (JSON keeps every finding). 0 = never group.
    #[arg(long, default_value_t = zhproof::checker::DEFAULT_GROUP_THRESHOLD, value_name = "N")]
    group_threshold: usize,
    /// Lowest confidence (0–1) at which a `typo.context` finding is reported; below the
    /// default (0.95) they come as `info` (down to 0.5).
    #[arg(long, default_value_t = zhproof::config::CONTEXT_MIN_CONFIDENCE, value_name = "P")]
    context_min_confidence: f32,
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
            group_threshold: self.group_threshold,
            context_min_confidence: if self.context_min_confidence.is_nan() {
                zhproof::config::CONTEXT_MIN_CONFIDENCE
            } else {
                self.context_min_confidence.clamp(0.0, 1.0)
            },
            ..Config::default()
        }
    }
}

/// Runs the command line `args` (the first item is the program name, as in
/// `std::env::args_os()`) and returns the exit status: 0 = no finding of severity warning
/// or error, 1 = some, 2 = usage or I/O error (a message on stderr). `--help` and
/// `--version` print to stdout and return 0. Output goes to the process's stdout and
/// stderr.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
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
        Command::Check(args) => check_cmd::run(args),
        Command::Convert(args) => convert_cmd::run(args),
        Command::Mask(args) => mask_cmd::run(args),
        Command::Rules(args) => rules_cmd::run_rules(args),
        Command::Explain(args) => rules_cmd::run_explain(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("zhproof: {e}");
            2
        }
    }
}

fn build_checker(opts: &CheckerOpts) -> Result<Checker, String> {
    Checker::from_config(opts.config()).map_err(|e| e.to_string())
}
