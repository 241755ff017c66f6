//! `zhproof mask FILE|-`: prints the input with every personal-data leak masked
//! (ID numbers keep their first 6 and last 4 characters, mobiles 3 + 4, cards 6 + 4, …).
//! Only privacy findings of severity warning or error are masked; every other byte is
//! written unchanged. A non-UTF-8 input (`--encoding`, a byte-order mark) is written back
//! in its own encoding.

use crate::input::Input;
use crate::CheckerOpts;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use zhproof::{Category, Checker};

/// Arguments of `zhproof mask`.
#[derive(Args)]
pub struct MaskArgs {
    /// Write the masked text here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Encoding of the input (utf-8, gbk, gb18030, big5, …). Default: a byte-order mark,
    /// else UTF-8. The output is written in the same encoding.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
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
    let forced = match args
        .encoding
        .as_deref()
        .map(crate::decode::encoding_for)
        .transpose()
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("zhproof: {e}");
            return Ok(2);
        }
    };
    let inp = if args.input.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(args.input.clone())
    };
    let name = crate::report::escape_controls(&inp.display_name()).into_owned();
    let bytes = match inp.read() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("zhproof: {name}: {e}");
            return Ok(2);
        }
    };
    let decoded = match crate::decode::decode(&bytes, false, forced) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("zhproof: {name}: {e}");
            return Ok(2);
        }
    };
    if let Some(w) = &decoded.warning {
        eprintln!("zhproof: {name}: {w}");
    }
    let masked = checker.mask(&decoded.text);
    let masked: Vec<u8> = match encoding_rs::Encoding::for_label(decoded.encoding.as_bytes()) {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            // Masks are ASCII `*`: every character came from this encoding, so it encodes
            // back (UTF-16 input is written as UTF-8, which encoding_rs encodes it to).
            let (out, _, _) = enc.encode(&masked);
            out.into_owned()
        }
        _ => masked.into_bytes(),
    };
    match &args.output {
        Some(path) => {
            let written = crate::atomic::AtomicFile::create(path).and_then(|mut f| {
                f.write_all(&masked)?;
                f.commit()
            });
            if let Err(e) = written {
                eprintln!("zhproof: {}: {e}", path.display());
                return Ok(2);
            }
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&masked)?;
            out.flush()?;
        }
    }
    Ok(0)
}
