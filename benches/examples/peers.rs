//! zhproof's side of `benches/compare/run.sh`: times each family in-process (best of N,
//! interleaved with a bare `aho-corasick` scan of the same sensitive lexicon), converts the
//! traditional input for the OpenCC agreement check, measures recall on the generated privacy
//! set, and writes `zhproof.json` plus the files the peers need (`lexicon.txt`,
//! `t2s_zhproof.txt`) into `--out`.
//!
//! ```text
//! cargo run --release -p zhproof-benches --example peers -- --corpus pd199801.txt \
//!     [--trad trad.txt] [--privacy-set set.tsv] [--out DIR] [--rounds 7] [--lines N]
//! ```

use aho_corasick::{AhoCorasick, MatchKind};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;
use zhproof::{convert, Category, Checker, SensitiveLexicon, SensitiveProfile, Target};

struct Args {
    corpus: PathBuf,
    trad: Option<PathBuf>,
    privacy_set: Option<PathBuf>,
    out: PathBuf,
    rounds: usize,
    lines: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: PathBuf::new(),
        trad: None,
        privacy_set: None,
        out: PathBuf::from("."),
        rounds: 7,
        lines: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().ok_or_else(|| format!("{k} needs a value"))?;
        match k.as_str() {
            "--corpus" => a.corpus = v.into(),
            "--trad" => a.trad = Some(v.into()),
            "--privacy-set" => a.privacy_set = Some(v.into()),
            "--out" => a.out = v.into(),
            "--rounds" => a.rounds = v.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--lines" => a.lines = v.parse().map_err(|e| format!("--lines: {e}"))?,
            _ => return Err(format!("unknown argument {k}")),
        }
    }
    if a.corpus.as_os_str().is_empty() {
        return Err("--corpus is required".into());
    }
    Ok(a)
}

/// Best wall time (seconds) of `rounds` runs of `f`.
fn best_of(rounds: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn build(b: zhproof::CheckerBuilder) -> Result<Checker, String> {
    b.build().map_err(|e| e.to_string())
}

fn digits(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '@' || *c == '.')
        .collect::<String>()
        .to_ascii_lowercase()
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let read =
        |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut text = read(&args.corpus)?;
    if args.lines > 0 {
        text = text.lines().take(args.lines).collect::<Vec<_>>().join("\n");
    }
    std::fs::create_dir_all(&args.out).map_err(|e| e.to_string())?;
    let mb = text.len() as f64 / 1e6;
    let r = args.rounds;
    let mut json = String::from("{\n");
    let _ = writeln!(json, "  \"corpus_bytes\": {},", text.len());

    // Checker build (default configuration), best of N.
    let build_s = best_of(r, || {
        black_box(Checker::new().ok());
    });
    let _ = writeln!(json, "  \"checker_build_ms\": {:.3},", build_s * 1e3);

    // Full check and per family.
    let families: [(&str, Vec<Category>); 6] = [
        (
            "wrong_words",
            vec![Category::Typo, Category::Variant, Category::Expression],
        ),
        ("sensitive", vec![Category::Sensitive]),
        ("privacy", vec![Category::Privacy]),
        ("script", vec![Category::Script]),
        ("style", vec![Category::Punctuation, Category::Format]),
        ("link", vec![Category::Link]),
    ];
    let full = build(Checker::builder().max_findings(0))?;
    let full_s = best_of(r, || {
        black_box(full.check(black_box(&text)));
    });
    let _ = writeln!(json, "  \"full_check_mbps\": {:.2},", mb / full_s);
    eprintln!(
        "full check: {:.1} MB/s ({} findings)",
        mb / full_s,
        full.check(&text).len()
    );
    // The same text checked paragraph by paragraph (one call per line), as a CMS would.
    let paras: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let by_line_s = best_of(r, || {
        for p in &paras {
            black_box(full.check(black_box(p)));
        }
    });
    let _ = writeln!(
        json,
        "  \"full_check_by_line_mbps\": {:.2},",
        mb / by_line_s
    );
    eprintln!("full check, line by line: {:.1} MB/s", mb / by_line_s);
    let mut by_line = Vec::new();
    json.push_str("  \"families_mbps\": {");
    for (i, (name, cats)) in families.iter().enumerate() {
        let c = build(
            Checker::builder()
                .only(cats.iter().copied())
                .max_findings(0),
        )?;
        let s = best_of(r, || {
            black_box(c.check(black_box(&text)));
        });
        let sl = best_of(r, || {
            for p in &paras {
                black_box(c.check(black_box(p)));
            }
        });
        eprintln!(
            "family {name}: {:.1} MB/s (line by line {:.1} MB/s)",
            mb / s,
            mb / sl
        );
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(json, "{sep}\"{name}\": {:.2}", mb / s);
        by_line.push((name, mb / sl));
    }
    json.push_str("},\n");
    json.push_str("  \"families_by_line_mbps\": {");
    for (i, (name, v)) in by_line.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(json, "{sep}\"{name}\": {v:.2}");
    }
    json.push_str("},\n");

    // Paragraph latency: a 2,000-character slice of the corpus.
    let para: String = text.chars().filter(|c| *c != '\n').take(2000).collect();
    let mut lat = Vec::with_capacity(200);
    for _ in 0..200 {
        let t = Instant::now();
        black_box(full.check(black_box(&para)));
        lat.push(t.elapsed().as_secs_f64());
    }
    lat.sort_by(f64::total_cmp);
    let _ = writeln!(
        json,
        "  \"paragraph_2000_us\": {{\"median\": {:.1}, \"p99\": {:.1}}},",
        lat[lat.len() / 2] * 1e6,
        lat[lat.len() * 99 / 100] * 1e6
    );

    // Sensitive: our pass vs a bare aho-corasick scan of the same keys, interleaved.
    let lexicon = SensitiveLexicon::builtin().map_err(|e| e.to_string())?;
    let matcher = lexicon.build().map_err(|e| e.to_string())?;
    let keys = lexicon.patterns();
    std::fs::write(args.out.join("lexicon.txt"), keys.join("\n") + "\n")
        .map_err(|e| e.to_string())?;
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&keys)
        .map_err(|e| e.to_string())?;
    let ac_left = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&keys)
        .map_err(|e| e.to_string())?;
    let mut best = [f64::MAX; 3];
    for _ in 0..r.max(1) {
        best[0] = best[0].min(best_of(1, || {
            black_box(matcher.find(black_box(&text), SensitiveProfile::Government));
        }));
        best[1] = best[1].min(best_of(1, || {
            black_box(ac.find_overlapping_iter(black_box(&text)).count());
        }));
        best[2] = best[2].min(best_of(1, || {
            black_box(ac_left.find_iter(black_box(&text)).count());
        }));
    }
    let _ = writeln!(
        json,
        "  \"sensitive\": {{\"keys\": {}, \"zhproof_mbps\": {:.2}, \"aho_corasick_overlapping_mbps\": {:.2}, \"aho_corasick_leftmost_mbps\": {:.2}, \"zhproof_hits\": {}, \"aho_corasick_hits\": {}}},",
        keys.len(),
        mb / best[0],
        mb / best[1],
        mb / best[2],
        matcher.find(&text, SensitiveProfile::Government).len(),
        ac.find_overlapping_iter(&text).count()
    );

    // t2s conversion of the traditional input (produced by OpenCC s2t).
    if let Some(p) = &args.trad {
        let trad = read(p)?;
        let load = Instant::now();
        black_box(convert("預熱", Target::T2S));
        let load_ms = load.elapsed().as_secs_f64() * 1e3;
        let s = best_of(r, || {
            black_box(convert(black_box(&trad), Target::T2S));
        });
        std::fs::write(
            args.out.join("t2s_zhproof.txt"),
            convert(&trad, Target::T2S),
        )
        .map_err(|e| e.to_string())?;
        let _ = writeln!(
            json,
            "  \"t2s\": {{\"bytes\": {}, \"mbps\": {:.2}, \"load_ms\": {:.2}}},",
            trad.len(),
            trad.len() as f64 / 1e6 / s,
            load_ms
        );
    }

    // Privacy: recall on the generated set (one planted value per line: kind \t value \t
    // sentence) and ID-number validation throughput over the planted IDs.
    if let Some(p) = &args.privacy_set {
        let set = read(p)?;
        let privacy = build(Checker::builder().only([Category::Privacy]).max_findings(0))?;
        let mut per_kind: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        let mut ids = Vec::new();
        for line in set.lines() {
            let mut f = line.splitn(3, '\t');
            let (Some(kind), Some(value), Some(sentence)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            if kind == "id" {
                ids.push(value.to_string());
            }
            let want = digits(value);
            let hit = privacy
                .check(sentence)
                .iter()
                .any(|f| digits(&f.text).contains(&want));
            let e = per_kind.entry(kind).or_default();
            e.0 += usize::from(hit);
            e.1 += 1;
        }
        let s = best_of(r, || {
            for id in &ids {
                black_box(zhproof::privacy::validate_resident_id(black_box(id)).is_ok());
            }
        });
        json.push_str("  \"privacy_recall\": {");
        for (i, (k, (hit, n))) in per_kind.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(json, "{sep}\"{k}\": [{hit}, {n}]");
        }
        json.push_str("},\n");
        let _ = writeln!(
            json,
            "  \"id_validations_per_s\": {:.0},",
            ids.len() as f64 / s.max(1e-9)
        );
    }
    let _ = writeln!(json, "  \"rounds\": {r}\n}}");
    std::fs::write(args.out.join("zhproof.json"), &json).map_err(|e| e.to_string())?;
    print!("{json}");
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
