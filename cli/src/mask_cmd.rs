//! `zhproof mask FILE|-`: prints the input with every personal-data leak masked
//! (ID numbers keep their first 6 and last 4 characters, mobiles 3 + 4, cards 6 + 4, …).
//! Only privacy findings of severity warning or error are masked; every other byte is
//! written unchanged.

use crate::CheckerOpts;
use clap::Args;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use zhproof::{Category, Checker};

/// Arguments of `zhproof mask`.
#[derive(Args)]
pub struct MaskArgs {
    /// Write the masked text here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    opts: CheckerOpts,
    /// The file to mask, or `-` for standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
}

/// Runs `zhproof mask`; returns the exit code (0 done, 2 usage or I/O error).
///
/// # Errors
/// Only errors writing to standard output are returned; input and output-file errors are
/// reported on stderr with exit code 2.
pub fn run(args: MaskArgs) -> io::Result<u8> {
    let mut config = args.opts.config();
    config.categories = Some(vec![Category::Privacy]);
    config.max_findings = 0;
    let checker = match Checker::from_config(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let name = args.input.display().to_string();
    let bytes = if args.input.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(&args.input)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("zhproof: {name}: {e}");
            return Ok(2);
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "zhproof: {name}: not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            );
            return Ok(2);
        }
    };
    let masked = checker.mask(text);
    match &args.output {
        Some(path) => {
            let written = crate::atomic::AtomicFile::create(path).and_then(|mut f| {
                f.write_all(masked.as_bytes())?;
                f.commit()
            });
            if let Err(e) = written {
                eprintln!("zhproof: {}: {e}", path.display());
                return Ok(2);
            }
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(masked.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(0)
}
