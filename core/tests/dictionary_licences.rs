//! Every dictionary file ships with a header that names its source and its licence.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            // build inputs and review lists of the generator scripts are not shipped
            if p.file_name().is_some_and(|n| n == "tools") {
                continue;
            }
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "tsv" || x == "txt") {
            out.push(p);
        }
    }
}

#[test]
fn every_dictionary_names_source_and_licence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dictionaries");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(
        all.len() >= 3,
        "dictionaries not found in {}",
        root.display()
    );
    let mut bad = Vec::new();
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let header: String = text
            .lines()
            .take(15)
            .filter(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        let has_source = ["source", "pypi", "npm", "written by"]
            .iter()
            .any(|k| header.contains(k));
        let has_licence = header.contains("licence") || header.contains("license");
        if !(has_source && has_licence) {
            bad.push(p.display().to_string());
        }
    }
    assert!(
        bad.is_empty(),
        "dictionaries without a source/licence header: {bad:?}"
    );
}
