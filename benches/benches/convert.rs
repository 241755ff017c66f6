//! Conversion throughput per OpenCC config over the People's Daily corpus (first 2,000
//! paragraphs; traditional input for the `*2s` configs is the corpus converted by our own
//! engine), and the cost of loading (deserialising) a config's embedded automata.
//! The comparison with OpenCC C++ in the same run is `benches/compare/opencc_compare.py`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhproof::{convert, Target};

fn corpus() -> String {
    let text = zhproof_benches::corpus_or("我们发现了问题，头发很干，皇后来了以后。\n", 20_000);
    text.lines().take(2000).collect::<Vec<_>>().join("\n")
}

fn source_for(target: Target) -> Option<Target> {
    match target {
        Target::T2S => Some(Target::S2T),
        Target::TW2S => Some(Target::S2TW),
        Target::HK2S => Some(Target::S2HK),
        Target::TW2SP => Some(Target::S2TWP),
        _ => None,
    }
}

fn bench(c: &mut Criterion) {
    let simplified = corpus();
    let mut g = c.benchmark_group("convert");
    g.sample_size(10);
    for target in Target::ALL {
        let text = match source_for(target) {
            Some(src) => convert(&simplified, src),
            None => simplified.clone(),
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(target.config_name(), |b| b.iter(|| convert(&text, target)));
    }
    g.finish();
    // Loading = deserialising the embedded automata (checked) and building the char tables,
    // done once per process per config.
    let mut g = c.benchmark_group("convert_load");
    g.sample_size(10);
    for target in [Target::S2T, Target::T2S, Target::S2TWP] {
        g.bench_function(target.config_name(), |b| {
            b.iter(|| zhproof::convert::load_uncached(target))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
