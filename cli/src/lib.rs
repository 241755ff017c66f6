//! `zhproof`: proof-read Chinese text files from the command line.
//!
//! The whole program is this library's [`run`]: the `zhproof` binary calls it, and so does
//! the Python extension for `python -m zhproof`, so both are the same program.
//!
//! Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O
//! error (a message on stderr names the file).

mod atomic;
#[cfg(feature = "audit")]
mod audit;
mod baseline;
mod check_cmd;
mod convert_cmd;
mod decode;
mod fix;
mod formats;
mod input;
#[cfg(feature = "serve")]
mod languagetool;
mod lsp;
mod mask_cmd;
mod report;
mod rules_cmd;
#[cfg(feature = "serve")]
mod serve;
mod settings;
mod suppress;

use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use zhproof::{Category, Config, DictionarySource, Script};

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
    /// Apply the safe fixes to files in place (`check --fix`); `--diff` previews them.
    Fix(check_cmd::CheckArgs),
    /// Convert between simplified and traditional Chinese (OpenCC-compatible).
    Convert(convert_cmd::ConvertArgs),
    /// Print FILE (or `-`, stdin) with personal data masked (ID 6+4, mobile 3+4, card 6+4, …).
    Mask(mask_cmd::MaskArgs),
    /// Crawl a site (start URLs or a sitemap) and check every page and attachment: findings
    /// as JSONL, dead links, an HTML report (`--html`). Resumable with `--state DIR`.
    #[cfg(feature = "audit")]
    Audit(audit::AuditArgs),
    /// Run an HTTP service for CMS pre-publish hooks (POST /check, GET /health).
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Run a Language Server Protocol server on stdin/stdout (diagnostics and code actions
    /// in editors: Neovim, VS Code, Helix, Zed…).
    Lsp(lsp::LspArgs),
    /// List every rule (id, category, severity, on by default, summary).
    Rules(rules_cmd::RulesArgs),
    /// Print the full entry of a rule: summary, why, a bad and a good example, standard.
    Explain(rules_cmd::ExplainArgs),
}

/// Options that decide what the checker reports (shared by subcommands).
#[derive(Args, Debug, Clone)]
struct CheckerOpts {
    /// Report only these categories (comma-separated: typo,variant,expression,sensitive,privacy,script,punctuation,format,link,grammar).
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
    /// Target script of the text [default: zh-Hans, or the configuration file's].
    #[arg(long, value_name = "zh-Hans|zh-Hant|zh-TW|zh-HK")]
    script: Option<Script>,
    /// Extra dictionary (TSV). Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Allowlist file (one phrase a line). Repeatable.
    #[arg(long = "allow", value_name = "FILE")]
    allow: Vec<PathBuf>,
    /// Leave out the built-in dictionaries.
    #[arg(long)]
    no_builtin: bool,
    /// Most findings per file, 0 = no limit [default: 10000, or the configuration file's].
    #[arg(long)]
    max_findings: Option<usize>,
    /// Who publishes the text: weighs sensitive-term findings [default: government, or the
    /// configuration file's].
    #[arg(long, value_name = "government|comments")]
    sensitive_profile: Option<zhproof::SensitiveProfile>,
    /// Read settings from this file (zhproof.toml, or pyproject.toml's [tool.zhproof])
    /// instead of the one found above each checked file. Options given on the command
    /// line still apply on top of it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Flood control: a rule firing more than N times in a file gets a page-level summary
    /// finding (`<rule>.page`); the text report shows the group as one diagnostic with the
    /// first places (JSON keeps every finding). 0 = never group [default: 20].
    #[arg(long, value_name = "N")]
    group_threshold: Option<usize>,
    /// Drop findings whose confidence (0–1, given by the rules that estimate it) is below
    /// this; findings without a confidence are always kept [default: 0, or the
    /// configuration file's].
    #[arg(long, value_name = "0-1", value_parser = parse_confidence)]
    min_confidence: Option<f32>,
    /// Lowest confidence (0–1) at which a `typo.context` finding is reported; below the
    /// default (0.95) they come as `info` (down to 0.5).
    #[arg(long, value_name = "0-1", value_parser = parse_confidence)]
    context_min_confidence: Option<f32>,
}

/// A confidence threshold in 0–1.
fn parse_confidence(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number in 0-1")),
    }
}

impl CheckerOpts {
    /// The configuration from the command line alone (no configuration file).
    fn config(&self) -> Config {
        self.apply(Config::default())
    }

    /// `base` (from a configuration file, or the default) with the command-line options
    /// applied on top: category and rule lists are extended, dictionaries and allowlists
    /// added, the options given replace the file's values.
    fn apply(&self, mut c: Config) -> Config {
        if !self.only.is_empty() {
            c.categories = Some(self.only.clone());
        }
        c.skip.extend(self.skip.iter().copied());
        c.disabled_rules.extend(self.disable_rule.iter().cloned());
        c.enable_rules.extend(self.enable_rule.iter().cloned());
        if let Some(s) = self.script {
            c.script = s;
        }
        c.dictionaries.extend(
            self.dict
                .iter()
                .map(|p| DictionarySource::Path { path: p.clone() }),
        );
        c.allow_files.extend(self.allow.iter().cloned());
        if self.no_builtin {
            c.builtin_dictionaries = false;
        }
        if let Some(n) = self.max_findings {
            c.max_findings = n;
        }
        if let Some(p) = self.sensitive_profile {
            c.sensitive_profile = p;
        }
        if let Some(m) = self.min_confidence {
            c.min_confidence = m;
        }
        if let Some(m) = self.context_min_confidence {
            c.context_min_confidence = m;
        }
        // The command line groups floods unless told otherwise (the library default is 0).
        c.group_threshold = match self.group_threshold {
            Some(n) => n,
            None if c.group_threshold == 0 => zhproof::checker::DEFAULT_GROUP_THRESHOLD,
            None => c.group_threshold,
        };
        c
    }

    /// The configuration for a service (no checked files to search upward from): the
    /// `--config` file's top level, if given, with the command-line options on top.
    ///
    /// # Errors
    /// A message naming the file and key when the configuration file is not valid.
    #[cfg(any(feature = "serve", feature = "audit"))]
    fn service_config(&self) -> Result<Config, String> {
        match &self.config {
            Some(path) if !self.isolated => {
                let cf = zhproof::ConfigFile::load(path).map_err(|e| e.to_string())?;
                Ok(self.apply(cf.config()))
            }
            _ => Ok(self.config()),
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
        Command::Fix(mut args) => {
            args.fix = true;
            check_cmd::run(args)
        }
        Command::Convert(args) => convert_cmd::run(args),
        Command::Mask(args) => mask_cmd::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Rules(args) => rules_cmd::run_rules(args),
        Command::Explain(args) => rules_cmd::run_explain(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        #[cfg(feature = "audit")]
        Command::Audit(args) => audit::run(args),
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
