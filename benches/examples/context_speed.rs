//! Cost of `typo.context` (issue #18): full default check of the People's Daily corpus with
//! the context model on, against the same check with `typo.context` disabled, interleaved
//! round by round in one process (best of N each), plus the latency of one 2,000-character
//! paragraph, the `Checker` build time (first build, i.e. including the model's derived
//! tables) and resident memory.
//!
//! ```sh
//! cargo run --release -p zhproof-benches --example context_speed [-- ROUNDS]
//! ```
//!
//! Prints MB/s and the ratio (context on ÷ off). The machine is shared: read the ratio.

use std::hint::black_box;
use std::time::{Duration, Instant};
use zhproof::Checker;

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn best(f: impl Fn(), rounds: usize) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let text = zhproof_benches::corpus_or("我们要再接再励，按装设备。\n", 100_000);
    let mb = text.len() as f64 / 1e6;

    let t = Instant::now();
    let on = Checker::new().unwrap_or_else(|e| panic!("{e}"));
    let first_build = t.elapsed();
    // The first check also builds what the model derives lazily: time it apart.
    let para: String = text.chars().filter(|c| *c != '\n').take(2000).collect();
    let t = Instant::now();
    black_box(on.check(&para));
    let first_check = t.elapsed();
    let t = Instant::now();
    let again = Checker::new().unwrap_or_else(|e| panic!("{e}"));
    let second_build = t.elapsed();
    drop(again);
    let off = Checker::builder()
        .disable_rule("typo.context")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));

    let (mut t_on, mut t_off) = (Duration::MAX, Duration::MAX);
    let mut n_on = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        n_on = black_box(on.check(&text)).len();
        t_on = t_on.min(t.elapsed());
        let t = Instant::now();
        black_box(off.check(&text));
        t_off = t_off.min(t.elapsed());
    }
    let lat_on = best(|| drop(black_box(on.check(&para))), 50);
    let lat_off = best(|| drop(black_box(off.check(&para))), 50);
    let speed = |d: Duration| mb / d.as_secs_f64();
    println!("corpus: {:.2} MB, {} rounds (best of)", mb, rounds);
    println!(
        "full check, typo.context on:  {:7.1} MB/s ({} findings)",
        speed(t_on),
        n_on
    );
    println!("full check, typo.context off: {:7.1} MB/s", speed(t_off));
    println!(
        "ratio on/off: {:.2}",
        t_off.as_secs_f64() / t_on.as_secs_f64()
    );
    println!(
        "2,000-char paragraph: {:.3} ms on, {:.3} ms off",
        lat_on.as_secs_f64() * 1e3,
        lat_off.as_secs_f64() * 1e3
    );
    println!(
        "Checker build: first {:.1} ms (+ first check {:.1} ms), again {:.1} ms",
        first_build.as_secs_f64() * 1e3,
        first_check.as_secs_f64() * 1e3,
        second_build.as_secs_f64() * 1e3
    );
    println!(
        "RSS: {} MB now, peak {} MB",
        rss_kb("VmRSS:") / 1024,
        rss_kb("VmHWM:") / 1024
    );
}
