//! Reads one sentence per line on stdin and prints, per line, a JSON array of the
//! `typo.statistical` findings as `[char_offset, original, suggestion]`. Used by
//! `tests/eval/statistical.py`. Argument: threshold in tenths (default 65). Prints the
//! throughput (sentences/s) on stderr.

use std::io::{BufRead, Write};
use zhproof::{positions, Checker, Config};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let threshold: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(zhproof::detectors::statistical::DEFAULT_THRESHOLD_TENTHS);
    let checker = Checker::from_config(Config {
        enable_rules: vec!["typo.statistical".into()],
        categories: Some(vec![zhproof::Category::Typo]),
        statistical_threshold: threshold,
        ..Config::default()
    })?;
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let _ = checker.check("预热模型。");
    let t = std::time::Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in &lines {
        let found: Vec<_> = checker
            .check(line)
            .into_iter()
            .filter(|f| f.rule == "typo.statistical")
            .collect();
        let offs: Vec<usize> = found.iter().map(|f| f.span.start).collect();
        let pos = positions(line, &offs);
        let row: Vec<serde_json::Value> = found
            .iter()
            .zip(pos)
            .map(|(f, p)| serde_json::json!([p.char_offset, f.text, f.suggestions.first()]))
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(row))?;
    }
    out.flush()?;
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "{} sentences in {:.3} s = {:.0} sentences/s",
        lines.len(),
        secs,
        lines.len() as f64 / secs.max(1e-9)
    );
    Ok(())
}
