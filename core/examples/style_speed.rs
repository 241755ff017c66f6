//! In-process throughput of the punctuation / number / page-damage detectors, each alone,
//! the family together, and the full check (all categories, built-in dictionaries) on the
//! same text in the same run (best of N, so other load on the machine counts least).
//!
//! `cargo run --release -p zhproof --example style_speed -- FILE [RUNS]`

use std::time::Instant;
use zhproof::detectors::{damage, numbers, punctuation};
use zhproof::{Category, Checker, Config};

fn time(c: &Checker, text: &str, runs: usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(c.check(text).len());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: style_speed FILE [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(7);
    let text = std::fs::read_to_string(&path)?;
    let mb = text.len() as f64 / 1e6;
    let all: Vec<&str> = punctuation::RULES
        .iter()
        .chain(numbers::RULES.iter())
        .chain(damage::RULES.iter())
        .copied()
        .collect();
    let only = |keep: &[&str]| -> Result<Checker, zhproof::Error> {
        Checker::from_config(Config {
            categories: Some(vec![Category::Punctuation, Category::Format]),
            disabled_rules: all
                .iter()
                .filter(|r| !keep.contains(r))
                .map(|r| r.to_string())
                .collect(),
            ..Config::default()
        })
    };
    let rows: Vec<(&str, Checker)> = vec![
        ("punctuation.rs", only(&punctuation::RULES)?),
        ("numbers.rs", only(&numbers::RULES)?),
        ("damage.rs", only(&damage::RULES)?),
        ("family", only(&all)?),
        ("full check", Checker::new()?),
    ];
    let mut family = 0.0;
    for (name, c) in &rows {
        let t = time(c, &text, runs);
        if *name == "family" {
            family = t;
        }
        let share = if *name == "full check" && t > 0.0 {
            format!("  (family = {:.0}% of it)", 100.0 * family / t)
        } else {
            String::new()
        };
        println!("{name:16} {:8.1} MB/s{share}", mb / t);
    }
    Ok(())
}
