use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/work/shared/data/corpora/pd199801.txt").unwrap();

    for t in zhproof::Target::ALL {
        let t0 = Instant::now();
        zhproof::convert::preload(t);
        let l = t0.elapsed();
        let t0 = Instant::now();
        let out = zhproof::convert(&text, t);
        let c = t0.elapsed();
        println!(
            "{t}: load {:?} conv {:?} {:.1} MB/s {}",
            l,
            c,
            text.len() as f64 / c.as_secs_f64() / 1e6,
            out.len()
        );
    }
}
