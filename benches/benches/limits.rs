//! Scaling benchmark: time per MB for 1, 10 and 100 MB inputs of several shapes, and the
//! build time of a checker with a 1,000,000-term user dictionary. Prints a table; the ratio
//! column is (ms/MB at the largest size) / (ms/MB at the smallest): ~1.0 means linear.
//!
//! `cargo bench -p zhproof-benches --bench limits` (set ZHPROOF_LIMITS_MAX_MB=10 for a
//! quicker run).

use std::time::Instant;
use zhproof::{Checker, Config};

fn corpus() -> String {
    zhproof_benches::corpus_or(
        "各地区各部门要认真贯彻落实党中央决策部署，再接再励。\n",
        50000,
    )
}

fn sized(unit: &str, mb: usize) -> String {
    let target = mb * 1_000_000;
    let mut s = String::with_capacity(target + unit.len());
    while s.len() < target {
        s.push_str(unit);
    }
    s
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes with --list
    }
    let max_mb: usize = std::env::var("ZHPROOF_LIMITS_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    dictionary_build();
    let sizes: Vec<usize> = [1, 10, 100].into_iter().filter(|&m| m <= max_mb).collect();
    let checker = Checker::from_config(Config {
        max_findings: 10_000,
        ..Config::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let prose = corpus();
    // (name, repeated unit, is HTML)
    let shapes: Vec<(&str, String, bool)> = vec![
        ("prose (People's Daily)", prose, false),
        ("one char repeated", "的".to_string(), false),
        ("tiny paragraphs", "按装。\n".to_string(), false),
        (
            "long line no breaks",
            "各地区各部门要认真贯彻落实".to_string(),
            false,
        ),
        // Never closed: nesting depth grows with the input (≈ 60,000 levels per MB).
        ("deeply nested HTML", "<div><span><b>按装".to_string(), true),
    ];
    let run = |text: &str, html: bool| -> f64 {
        let t = Instant::now();
        let n = if html {
            checker.check_html(text).len()
        } else {
            checker.check(text).len()
        };
        std::hint::black_box(n);
        t.elapsed().as_secs_f64() * 1000.0
    };
    // Warm up (page in the dictionaries and the segmenter, grow the allocator).
    run(&sized(&shapes[0].1, 1), false);
    println!(
        "{:<26} {:>10} {:>10} {:>10} {:>8}",
        "input", "1 MB", "10 MB", "100 MB", "ratio"
    );
    for (name, unit, html) in &shapes {
        let mut per_mb = Vec::new();
        for &mb in &sizes {
            let text = sized(unit, mb);
            // Best of several runs at the small sizes (timer and cache noise dominate there).
            let runs = match mb {
                1 => 5,
                10 => 2,
                _ => 1,
            };
            let ms = (0..runs)
                .map(|_| run(&text, *html))
                .fold(f64::INFINITY, f64::min);
            per_mb.push(ms / (text.len() as f64 / 1e6));
        }
        let cells: Vec<String> = per_mb.iter().map(|v| format!("{v:>7.1}ms")).collect();
        let ratio =
            per_mb.last().unwrap_or(&0.0) / per_mb.first().copied().unwrap_or(1.0).max(1e-9);
        println!("{:<26} {:>32} {:>8.2}", name, cells.join(" "), ratio);
    }
    // Exactly 10 M repetitions of one character (30 MB), the pathological input.
    for c in ["的", "a", "，"] {
        let text = c.repeat(10_000_000);
        let ms = run(&text, false);
        println!(
            "{:?} x 10,000,000 ({} MB): {:.0} ms ({:.1} ms/MB)",
            c,
            text.len() / 1_000_000,
            ms,
            ms / (text.len() as f64 / 1e6)
        );
    }
}

/// Builds a checker with a 1,000,000-term user dictionary; prints time and RSS growth.
/// Runs first, before the large inputs have grown the heap, so the RSS delta is meaningful.
fn dictionary_build() {
    // 1 M-term user dictionary
    let mut tsv = String::with_capacity(20_000_000);
    for i in 0..1_000_000u32 {
        let a = char::from_u32(0x4E00 + i % 20_000).unwrap_or('一');
        let b = char::from_u32(0x4E00 + (i / 20_000) % 20_000).unwrap_or('一');
        let c = char::from_u32(0x4E00 + (i.wrapping_mul(31)) % 20_000).unwrap_or('一');
        tsv.push(a);
        tsv.push(b);
        tsv.push(c);
        tsv.push_str("\t改\n");
    }
    let before = rss_kb();
    let t = Instant::now();
    let big = Checker::builder()
        .builtin_dictionaries(false)
        .dictionary_text("big.tsv", tsv)
        .build();
    let secs = t.elapsed().as_secs_f64();
    let after = rss_kb();
    match big {
        Ok(c) => {
            std::hint::black_box(c.check("一二三"));
            println!(
                "1,000,000-term user dictionary: built in {secs:.2} s, +{:.0} MiB RSS",
                (after.saturating_sub(before)) as f64 / 1024.0
            );
        }
        Err(e) => println!("1,000,000-term user dictionary failed: {e}"),
    }
}
