//! In-process throughput of the full check and of each category alone on one text (best of
//! N runs, so other load on the machine counts least), plus checker build time.
//!
//! `cargo run --release -p zhproof --example family_speed -- FILE [RUNS]`

use std::time::Instant;
use zhproof::{Category, Checker, Config};

fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: family_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let text = std::fs::read_to_string(&path)?;
    let mb = text.len() as f64 / 1e6;
    let t = Instant::now();
    let full = Checker::new()?;
    let build = t.elapsed().as_secs_f64();
    let _ = full.check(&text); // warm lazy tables (segmenter, converter)
    let secs = best(runs, || {
        std::hint::black_box(full.check(&text).len());
    });
    println!("checker build (cold): {:.1} ms", build * 1000.0);
    println!(
        "{:<12} {:>8.1} MB/s  ({:.1} ms)",
        "full",
        mb / secs,
        secs * 1000.0
    );
    for cat in Category::ALL {
        let c = Checker::from_config(Config {
            categories: Some(vec![cat]),
            ..Config::default()
        })?;
        let _ = c.check(&text);
        let secs = best(runs, || {
            std::hint::black_box(c.check(&text).len());
        });
        println!(
            "{:<12} {:>8.1} MB/s  ({:.1} ms)",
            cat.as_str(),
            mb / secs,
            secs * 1000.0
        );
    }
    Ok(())
}
