//! Privacy detector throughput on the People's Daily corpus: privacy-only check vs the full
//! check vs the full check without privacy (same checker build, same bytes), plus
//! `zhproof::mask`. Corpus: `$ZHPROOF_SHARED/data/corpora/pd199801.txt`, else
//! `<repo>/../shared/...`, else `/work/shared/...`; a synthetic text when none exists.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhproof::{Category, Checker};

fn corpus() -> String {
    zhproof_benches::corpus_or(
        "联系人：张三，电话010-62345678，1998年1月1日GDP增长8.8%。",
        50000,
    )
}

fn build(b: zhproof::CheckerBuilder) -> Checker {
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let full = build(Checker::builder());
    let privacy = build(Checker::builder().only([Category::Privacy]));
    let no_privacy = build(Checker::builder().skip(Category::Privacy));
    let mut g = c.benchmark_group("privacy");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("privacy_only_pd199801", |b| b.iter(|| privacy.check(&text)));
    g.bench_function("full_check_pd199801", |b| b.iter(|| full.check(&text)));
    g.bench_function("full_without_privacy_pd199801", |b| {
        b.iter(|| no_privacy.check(&text))
    });
    g.bench_function("mask_pd199801", |b| b.iter(|| zhproof::mask(&text)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
