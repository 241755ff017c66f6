//! Full check throughput over the People's Daily corpus (`../shared/data/corpora/`), and
//! Checker build time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhproof::Checker;

fn corpus() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/corpora/pd199801.txt"
    );
    std::fs::read_to_string(path).unwrap_or_else(|_| "我们要再接再励，按装设备。".repeat(20_000))
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let checker = match Checker::new() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("full_check_pd199801", |b| b.iter(|| checker.check(&text)));
    g.finish();
    c.bench_function("checker_build", |b| b.iter(Checker::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
