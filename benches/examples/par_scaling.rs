//! Rust-level batch scaling: the People's Daily paragraphs checked on 1 and 2 threads
//! (std::thread::scope, one shared Checker), seven rounds of one run each, and the median of
//! the per-round ratios (one core's speed drifts on a shared VM; adjacent runs compare best).
//! Separates the engine's own scaling from the Python binding's overheads
//! (`benches/compare/python_check_many.py`).
//!
//! `cargo run --release -p zhproof-benches --example par_scaling -- FILE [CATEGORY]`

use std::time::Instant;
use zhproof::Checker;

fn run(checker: &Checker, paras: &[&str], threads: usize) -> f64 {
    let t = Instant::now();
    let chunk = paras.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for part in paras.chunks(chunk) {
            s.spawn(move || part.iter().map(|p| checker.check(p).len()).sum::<usize>());
        }
    });
    t.elapsed().as_secs_f64()
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
    let mb = text.len() as f64 / 1e6;
    let mut ratios = Vec::new();
    for _ in 0..7 {
        let one = run(&checker, &paras, 1);
        let two = run(&checker, &paras, 2);
        println!(
            "1 thread: {:.1} MB/s; 2 threads: {:.1} MB/s; ratio {:.2}x",
            mb / one,
            mb / two,
            one / two
        );
        ratios.push(one / two);
    }
    ratios.sort_by(f64::total_cmp);
    println!("median ratio {:.2}x", ratios[ratios.len() / 2]);
    Ok(())
}
