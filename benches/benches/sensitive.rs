//! The sensitive-term pass alone (folding, noise skipping, context rules included) over the
//! People's Daily corpus, against a bare `aho-corasick` scan of the same lexicon keys over
//! the same bytes, in the same run. Also: build time of the full built-in lexicon.
//!
//! Corpus: `$ZHPROOF_SHARED/data/corpora/pd199801.txt`, else `<repo>/../shared/...`, else
//! `/work/shared/...`; a synthetic text when none exists (noted on stderr).

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use zhproof::detectors::sensitive::SensitiveMatcher;
use zhproof::{Category, Checker, SensitiveLexicon, SensitiveProfile};

fn corpus() -> String {
    zhproof_benches::corpus_or(
        "各地要深入开展专项行动，严厉打击电信网络诈骗，推动经济社会发展。",
        60000,
    )
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let lexicon = match SensitiveLexicon::builtin() {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let matcher: SensitiveMatcher = match lexicon.build() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let checker = match Checker::builder()
        .only([Category::Sensitive])
        .max_findings(0)
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let keys = lexicon.patterns();
    let ac = match AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&keys)
    {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    eprintln!(
        "lexicon: {} terms, {} automaton keys; corpus {} bytes; hits: ours {}, aho-corasick {}",
        lexicon.len(),
        keys.len(),
        text.len(),
        matcher.find(&text, SensitiveProfile::Government).len(),
        ac.find_overlapping_iter(&text).count()
    );

    // The machine is shared: measure interleaved, best of N, and print the ratios (the
    // criterion groups below give the distributions).
    let rounds = 15;
    let mut best = [f64::MAX; 4];
    let da = daachorse::CharwiseDoubleArrayAhoCorasick::<u32>::new(&keys).ok();
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        black_box(matcher.find(black_box(&text), SensitiveProfile::Government));
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        black_box(ac.find_overlapping_iter(black_box(&text)).count());
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        black_box(ac.find_iter(black_box(&text)).count());
        best[2] = best[2].min(t.elapsed().as_secs_f64());
        if let Some(da) = &da {
            let t = std::time::Instant::now();
            black_box(da.find_overlapping_iter(black_box(&text)).count());
            best[3] = best[3].min(t.elapsed().as_secs_f64());
        }
    }
    let mb = text.len() as f64 / 1e6;
    eprintln!(
        "interleaved best of {rounds}: zhproof sensitive {:.1} ms ({:.0} MB/s); aho-corasick \
         overlapping {:.1} ms, leftmost {:.1} ms; daachorse bare {:.1} ms; \
         ratio aho-corasick/zhproof: overlapping {:.2}x, leftmost {:.2}x",
        best[0] * 1e3,
        mb / best[0],
        best[1] * 1e3,
        best[2] * 1e3,
        best[3] * 1e3,
        best[1] / best[0],
        best[2] / best[0],
    );

    let mut g = c.benchmark_group("sensitive_pd199801");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("zhproof_sensitive_find", |b| {
        b.iter(|| matcher.find(black_box(&text), SensitiveProfile::Government))
    });
    g.bench_function("zhproof_checker_sensitive_only", |b| {
        b.iter(|| checker.check(black_box(&text)))
    });
    g.bench_function("aho_corasick_overlapping_bare", |b| {
        b.iter(|| ac.find_overlapping_iter(black_box(&text)).count())
    });
    g.bench_function("aho_corasick_leftmost_bare", |b| {
        b.iter(|| ac.find_iter(black_box(&text)).count())
    });
    // for reference: the same char-wise automaton type we use, bare (no folding)
    if let Ok(da) = daachorse::CharwiseDoubleArrayAhoCorasick::<u32>::new(&keys) {
        g.bench_function("daachorse_overlapping_bare", |b| {
            b.iter(|| da.find_overlapping_iter(black_box(&text)).count())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("sensitive_build");
    g.bench_function("build_compiled_lexicon", |b| b.iter(|| lexicon.build()));
    g.bench_function("parse_and_build_builtin", |b| {
        b.iter(|| SensitiveLexicon::builtin().and_then(|l| l.build()))
    });
    let mut edited = lexicon.clone();
    g.bench_function("add_remove_rebuild", |b| {
        b.iter(|| {
            let _ = edited.add_term("新加的词", "custom", zhproof::Severity::Error);
            edited.remove("新加的词");
            edited.build()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
