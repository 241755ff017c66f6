//! HTML checking cost: `check_html` on a page built from the People's Daily corpus vs
//! `check` on the same visible text, and the extraction (`Document::from_html`) alone.
//! Data dir: `$ZHPROOF_SHARED`, else `<repo>/../shared`, else `/work/shared`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhproof::{Checker, Document};

fn corpus() -> String {
    zhproof_benches::corpus_or("我们要再接再励，按装设备。\n", 20000)
}

/// One `<p>` per line, every third paragraph with inline markup and an entity, in a
/// `<div>` per 50 lines; escapes `&` and `<`.
fn to_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() * 2);
    html.push_str("<!DOCTYPE html><html><head><title>corpus</title></head><body><div>");
    for (i, line) in text.lines().enumerate() {
        let esc = line.replace('&', "&amp;").replace('<', "&lt;");
        if i % 50 == 0 {
            html.push_str("</div>\n<div class=\"section\">");
        }
        if i % 3 == 0 {
            let cut = esc.char_indices().nth(4).map_or(esc.len(), |(k, _)| k);
            html.push_str(&format!(
                "<p class=\"x\"><span>{}</span><b>{}</b>&nbsp;</p>\n",
                &esc[..cut],
                &esc[cut..]
            ));
        } else {
            html.push_str(&format!("<p>{esc}</p>\n"));
        }
    }
    html.push_str("</div></body></html>");
    html
}

fn bench(c: &mut Criterion) {
    let html = to_html(&corpus());
    let visible = Document::from_html(&html).text().to_string();
    let checker = match Checker::new() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let mut g = c.benchmark_group("html");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(visible.len() as u64));
    g.bench_function("check_visible_text", |b| b.iter(|| checker.check(&visible)));
    g.bench_function("check_html_page", |b| b.iter(|| checker.check_html(&html)));
    g.bench_function("extract_only", |b| {
        b.iter(|| Document::from_html(&html).text().len())
    });
    g.finish();
    // Linear time on deep and misnested markup: 100k nested elements, then 100k stray
    // end tags, vs a flat page of the same size.
    let deep = format!(
        "{}再接再励{}",
        "<div><span title=t>".repeat(100_000),
        "</b></i>".repeat(100_000)
    );
    let flat = "<p title=t>再接再励</p>\n".repeat(deep.len() / 30);
    let mut g = c.benchmark_group("html_shape");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(deep.len() as u64));
    g.bench_function("deep_nested", |b| {
        b.iter(|| checker.check_html(&deep).len())
    });
    g.throughput(Throughput::Bytes(flat.len() as u64));
    g.bench_function("flat", |b| b.iter(|| checker.check_html(&flat).len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
