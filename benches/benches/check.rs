//! Full check throughput over the People's Daily corpus (bytes/s), the same per family
//! (`Checker::builder().only(..)`), Checker build time, and the latency of one 2,000-character
//! paragraph. Corpus: `$ZHPROOF_SHARED/data/corpora/pd199801.txt`, else
//! `<repo>/../shared/...`, else `/work/shared/...`; a synthetic text when none exists (noted).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use zhproof::{Category, Checker};

fn corpus() -> String {
    zhproof_benches::corpus_or(
        "我们要再接再励，按装设备。联系电话：13812345678。\n",
        100000,
    )
}

fn build(b: zhproof::CheckerBuilder) -> Checker {
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let checker = build(Checker::builder());
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("full_check_pd199801", |b| {
        b.iter(|| checker.check(black_box(&text)))
    });
    // (Links are checked in HTML only: a no-op on this plain text, so not benchmarked here.)
    let families: [(&str, &[Category]); 5] = [
        (
            "wrong_words",
            &[Category::Typo, Category::Variant, Category::Expression],
        ),
        ("sensitive", &[Category::Sensitive]),
        ("privacy", &[Category::Privacy]),
        ("script", &[Category::Script]),
        ("style", &[Category::Punctuation, Category::Format]),
    ];
    for (name, cats) in families {
        let only = build(Checker::builder().only(cats.iter().copied()));
        g.bench_function(format!("family_{name}_pd199801"), |b| {
            b.iter(|| only.check(black_box(&text)))
        });
    }
    g.finish();

    // One paragraph of 2,000 characters (line breaks dropped), full default check.
    let para: String = text.chars().filter(|c| *c != '\n').take(2000).collect();
    let mut g = c.benchmark_group("latency");
    g.throughput(Throughput::Bytes(para.len() as u64));
    g.bench_function("paragraph_2000_chars", |b| {
        b.iter(|| checker.check(black_box(&para)))
    });
    g.finish();

    c.bench_function("checker_build", |b| b.iter(Checker::new));
}

criterion_group!(benches, bench);
criterion_main!(benches);
