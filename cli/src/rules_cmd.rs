//! `zhproof rules` and `zhproof explain`: the rule registry ([`zhproof::rules`]) for
//! people and tools.

use clap::{Args, ValueEnum};
use std::io::{self, Write};
use zhproof::rules::{self, RULES};

/// Output format of `zhproof rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One rule a line: id, category, severity, default, summary.
    Text,
    /// `{"rules": [...], "families": [...]}`: every field of every rule.
    Json,
    /// The Markdown of `docs/rules.md`.
    Markdown,
}

/// Arguments of `zhproof rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: RulesFormat,
}

/// Arguments of `zhproof explain`.
#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id (`typo.word`), or a category or prefix (`typo`) for all its rules.
    #[arg(value_name = "RULE")]
    rule: String,
}

/// Lists the rules.
///
/// # Errors
/// When standard output cannot be written.
pub fn run_rules(args: RulesArgs) -> io::Result<u8> {
    let mut out = io::stdout().lock();
    match args.format {
        RulesFormat::Json => writeln!(out, "{}", rules::to_json())?,
        RulesFormat::Markdown => write!(out, "{}", rules::markdown())?,
        RulesFormat::Text => {
            let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in RULES {
                writeln!(
                    out,
                    "{:width$}  {:11}  {:7}  {:3}  {}",
                    r.id,
                    r.category.as_str(),
                    r.severity.as_str(),
                    if r.default_on { "on" } else { "off" },
                    r.summary,
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// Prints the full entry of a rule (or of every rule under a category or prefix). An
/// unknown id exits 2 with a message naming the nearest id.
///
/// # Errors
/// When standard output cannot be written.
pub fn run_explain(args: ExplainArgs) -> io::Result<u8> {
    match rules::explain_named(&args.rule) {
        Ok(text) => {
            let mut out = io::stdout().lock();
            write!(out, "{text}")?;
            out.flush()?;
            Ok(0)
        }
        Err(msg) => {
            eprintln!("zhproof: {msg}");
            Ok(2)
        }
    }
}
