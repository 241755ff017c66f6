//! `zhproof convert --to s|t|tw|hk|twp FILE|-`: OpenCC-compatible conversion.

use crate::input::Input;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;
use zhproof::Target;

/// Arguments of `zhproof convert`.
#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// Conversion: s, t, tw, hk, twp (the script to convert to), or an OpenCC config name
    /// (s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp).
    #[arg(long, value_name = "s|t|tw|hk|twp|CONFIG")]
    pub to: Target,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Encoding of the inputs (utf-8, gbk, gb18030, big5, …). Default: a byte-order mark,
    /// else UTF-8. The output is always UTF-8.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Print load and conversion times (ms) and sizes to standard error.
    #[arg(long)]
    pub stats: bool,
    /// Files to convert (concatenated), or `-` for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
}

/// Runs the subcommand; returns the exit code (0 ok, 2 an input could not be read).
///
/// # Errors
/// I/O errors writing the output.
pub fn run(args: ConvertArgs) -> io::Result<u8> {
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
    let t0 = Instant::now();
    if !zhproof::convert::preload(args.to) {
        eprintln!("zhproof: conversion data for {} failed to load", args.to);
        return Ok(2);
    }
    let load = t0.elapsed();
    // A file is written atomically: complete, or (interrupted, failed) not at all.
    let mut file = match &args.output {
        Some(p) => Some(crate::atomic::AtomicFile::create(p)?),
        None => None,
    };
    let mut out: Box<dyn Write + '_> = match &mut file {
        Some(f) => Box::new(f),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut code = 0;
    let (mut bytes_in, mut spent) = (0usize, std::time::Duration::ZERO);
    for p in &args.paths {
        let inp = if p.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(p.clone())
        };
        let name = inp.display_name();
        let bytes = match inp.read() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("zhproof: {name}: {e}");
                code = 2;
                continue;
            }
        };
        let decoded = match crate::decode::decode(&bytes, false, forced) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("zhproof: {name}: {e}; skipped");
                code = 2;
                continue;
            }
        };
        if let Some(w) = &decoded.warning {
            eprintln!("zhproof: {name}: {w}");
        }
        let text = decoded.text.as_str();
        let t = Instant::now();
        let converted = zhproof::convert(text, args.to);
        spent += t.elapsed();
        bytes_in += text.len();
        out.write_all(converted.as_bytes())?;
    }
    out.flush()?;
    drop(out);
    if let Some(f) = file {
        f.commit()?;
    }
    if args.stats {
        let secs = spent.as_secs_f64();
        eprintln!(
            "zhproof convert {}: load {:.2} ms, convert {:.2} ms, {} bytes, {:.1} MB/s",
            args.to,
            load.as_secs_f64() * 1e3,
            secs * 1e3,
            bytes_in,
            if secs > 0.0 {
                bytes_in as f64 / secs / 1e6
            } else {
                0.0
            }
        );
    }
    Ok(code)
}
