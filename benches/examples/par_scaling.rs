//! Rust-level batch scaling: the People's Daily paragraphs checked on 1 and 2 threads
//! (std::thread::scope, one shared Checker), best of 3. Separates the engine's own scaling
//! from the Python binding's overheads (`benches/compare/python_check_many.py`).
//!
//! `cargo run --release -p zhproof-benches --example par_scaling -- FILE [CATEGORY]`

use std::time::Instant;
use zhproof::Checker;

fn run(checker: &Checker, paras: &[&str], threads: usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let chunk = paras.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            for part in paras.chunks(chunk) {
                s.spawn(move || part.iter().map(|p| checker.check(p).len()).sum::<usize>());
            }
        });
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: par_scaling FILE")?;
    let text = std::fs::read_to_string(path)?.repeat(2);
    let paras: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // optional second argument: one category to check alone (e.g. `privacy`)
    let checker = match std::env::args().nth(2) {
        Some(cat) => Checker::builder()
            .only([cat.parse::<zhproof::Category>()?])
            .build()?,
        None => Checker::new()?,
    };
    let _ = run(&checker, &paras[..paras.len().min(2000)], 1);
    let one = run(&checker, &paras, 1);
    let two = run(&checker, &paras, 2);
    let mb = text.len() as f64 / 1e6;
    println!(
        "1 thread: {:.1} MB/s; 2 threads: {:.1} MB/s; ratio {:.2}x",
        mb / one,
        mb / two,
        one / two
    );
    Ok(())
}
