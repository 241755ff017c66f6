//! Reads one sentence per line on stdin and prints every candidate of the context detector
//! (`typo.context`), before its threshold, as a tab-separated row:
//! `line  char_start  char_end  original  suggestion  kind  p  feature...` (feature names in
//! the header). Used by `dictionaries/tools/train_context.py` to train the decision layer
//! and by diagnostics. Prints the throughput on stderr.
//!
//! `--function-offset X` moves the margins of function-character swaps (的/地/得, 在/再 …) by
//! X nats (negative: more of them), for `dictionaries/tools/tune_function_margins.py`.

use std::io::{BufRead, Write};
use zhproof::detectors::context::{ContextDetector, FEATURE_NAMES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut offset = 0.0f32;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--function-offset" => {
                offset = args
                    .next()
                    .ok_or("--function-offset needs a value")?
                    .parse()?;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let det = ContextDetector::new();
    if !det.has_model() {
        return Err("no language model (build with the `lm` feature)".into());
    }
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let t = std::time::Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "line\tstart\tend\torig\tsugg\tkind\tp\t{}",
        FEATURE_NAMES.join("\t")
    )?;
    for (k, line) in lines.iter().enumerate() {
        for c in det.candidates_with_function_offset(line, offset) {
            let start = line.get(..c.span.start).map_or(0, |s| s.chars().count());
            let orig = line.get(c.span.range()).unwrap_or("");
            let end = start + orig.chars().count();
            let feats: Vec<String> = c.features.iter().map(|f| format!("{f:.3}")).collect();
            writeln!(
                out,
                "{k}\t{start}\t{end}\t{orig}\t{}\t{:?}\t{:.4}\t{}",
                c.suggestion,
                c.kind,
                c.p,
                feats.join("\t")
            )?;
        }
    }
    out.flush()?;
    eprintln!(
        "{} lines in {:.3} s",
        lines.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
