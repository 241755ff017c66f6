//! Compiles OpenCC's conversion configs (dictionaries/script/opencc/config/*.json) into
//! embedded data: one char-wise double-array Aho-Corasick automaton (daachorse,
//! standard match kind for one overlapping pass, serialised) per phrase dictionary unit, a plain table per character
//! unit, and a generated Rust description of each config's stages.
//!
//! A *unit* is what one matching level looks at: a leaf dictionary, or a `union` group
//! merged into one dictionary (longest match across members; on equal keys the first
//! member wins). A `short_circuit` group becomes a list of levels tried in order. Adjacent
//! character-only levels are merged (first wins), which is exact because a single-character
//! dictionary only ever matches the character at the current position.

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const CONFIGS: &[&str] = &[
    "s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp",
];

/// One matching level before merging: entries in priority order (first wins on equal keys).
struct Unit {
    name: String,
    entries: Vec<(String, String)>,
}

impl Unit {
    fn chars_only(&self) -> bool {
        self.entries.iter().all(|(k, _)| k.chars().count() == 1)
    }
}

fn parse_dict(dir: &Path, file: &str) -> Vec<(String, String)> {
    let path = dir.join(file);
    println!("cargo:rerun-if-changed={}", path.display());
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(k), Some(v)) = (cols.next(), cols.next()) else {
            panic!("{}:{}: expected key<TAB>values", path.display(), n + 1);
        };
        let v = v.split(' ').find(|s| !s.is_empty()).unwrap_or("");
        assert!(
            !k.is_empty() && !v.is_empty() && !v.contains('\n'),
            "{}:{}: empty key or value",
            path.display(),
            n + 1
        );
        out.push((k.to_string(), v.to_string()));
    }
    out
}

/// Flattens a dict node into the union of its leaves (for `union` groups and leaves).
fn union_of(dir: &Path, node: &Value) -> Unit {
    let ty = node["type"].as_str().expect("dict type");
    if ty == "group" {
        let policy = node["match_policy"].as_str().unwrap_or("short_circuit");
        let dicts = node["dicts"].as_array().expect("group dicts");
        if policy != "union" && dicts.len() != 1 {
            panic!("unsupported nested short_circuit group inside a union: {node}");
        }
        let mut name = Vec::new();
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for d in dicts {
            let u = union_of(dir, d);
            name.push(u.name);
            for (k, v) in u.entries {
                if seen.insert(k.clone()) {
                    entries.push((k, v));
                }
            }
        }
        Unit {
            name: name.join("+"),
            entries,
        }
    } else {
        assert_eq!(ty, "text", "only text dictionaries are supported");
        let file = node["file"].as_str().expect("dict file");
        let mut seen = HashSet::new();
        let entries = parse_dict(dir, file)
            .into_iter()
            .filter(|(k, _)| seen.insert(k.clone()))
            .collect();
        Unit {
            name: file.trim_end_matches(".txt").to_string(),
            entries,
        }
    }
}

/// The levels of one conversion stage (a short-circuit list of units).
fn levels_of(dir: &Path, node: &Value) -> Vec<Unit> {
    let ty = node["type"].as_str().expect("dict type");
    let policy = node["match_policy"].as_str().unwrap_or("short_circuit");
    if ty == "group" && policy == "short_circuit" {
        let mut levels = Vec::new();
        for d in node["dicts"].as_array().expect("group dicts") {
            levels.extend(levels_of(dir, d));
        }
        levels
    } else {
        vec![union_of(dir, node)]
    }
}

/// Merges adjacent character-only levels (first wins).
fn merge_char_levels(levels: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for u in levels {
        if let Some(last) = out.last_mut() {
            if last.chars_only() && u.chars_only() {
                let seen: HashSet<String> = last.entries.iter().map(|(k, _)| k.clone()).collect();
                last.name = format!("{}|{}", last.name, u.name);
                last.entries
                    .extend(u.entries.into_iter().filter(|(k, _)| !seen.contains(k)));
                continue;
            }
        }
        out.push(u);
    }
    out
}

struct Registry {
    out_dir: PathBuf,
    /// unit name -> (index, is_chars)
    index: BTreeMap<String, (usize, bool)>,
    rust: String,
}

impl Registry {
    fn add(&mut self, unit: Unit) -> usize {
        if let Some(&(i, _)) = self.index.get(&unit.name) {
            return i;
        }
        let i = self.index.len();
        let chars = unit.chars_only();
        if chars {
            let mut table = String::new();
            for (k, v) in &unit.entries {
                if k != v {
                    let _ = writeln!(table, "{k}\t{v}");
                }
            }
            fs::write(self.out_dir.join(format!("unit{i}.tsv")), table).expect("write table");
            let _ = writeln!(
                self.rust,
                "    UnitData::Chars {{ name: {:?}, table: include_str!(concat!(env!(\"OUT_DIR\"), \"/unit{i}.tsv\")) }},",
                unit.name
            );
        } else {
            let pma = CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build_with_values(
                    unit.entries
                        .iter()
                        .enumerate()
                        .map(|(n, (k, _))| (k.as_str(), n as u32)),
                )
                .unwrap_or_else(|e| panic!("automaton {}: {e}", unit.name));
            fs::write(self.out_dir.join(format!("unit{i}.daac")), pma.serialize())
                .expect("write automaton");
            let mut values = String::new();
            for (n, (_, v)) in unit.entries.iter().enumerate() {
                if n > 0 {
                    values.push('\n');
                }
                values.push_str(v);
            }
            fs::write(self.out_dir.join(format!("unit{i}.values")), values).expect("write values");
            let _ = writeln!(
                self.rust,
                "    UnitData::Phrases {{ name: {:?}, automaton: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/unit{i}.daac\")), values: include_str!(concat!(env!(\"OUT_DIR\"), \"/unit{i}.values\")) }},",
                unit.name
            );
        }
        self.index.insert(unit.name, (i, chars));
        i
    }
}

/// `&[&[0, 1], &[2]]`
fn stages_literal(stages: &[Vec<usize>]) -> String {
    let inner: Vec<String> = stages.iter().map(|s| format!("&{s:?}")).collect();
    format!("&[{}]", inner.join(", "))
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let dir = manifest.join("../dictionaries/script/opencc");
    let cfg_dir = dir.join("config");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");

    let mut reg = Registry {
        out_dir: out_dir.clone(),
        index: BTreeMap::new(),
        rust: String::from("pub(super) static UNITS: &[UnitData] = &[\n"),
    };
    let mut configs = String::from("pub(super) static CONFIGS: &[ConfigData] = &[\n");
    for name in CONFIGS {
        let path = cfg_dir.join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("read config");
        let cfg: Value = serde_json::from_str(&text).expect("config JSON");
        let mut normalization = Vec::new();
        if let Some(stages) = cfg["normalization"].as_array() {
            for s in stages {
                let levels = merge_char_levels(levels_of(&dir, &s["dict"]));
                normalization.push(levels.into_iter().map(|u| reg.add(u)).collect::<Vec<_>>());
            }
        }
        let segmentation = match cfg.get("segmentation") {
            Some(seg) => {
                assert_eq!(
                    seg["type"].as_str(),
                    Some("mmseg"),
                    "only mmseg segmentation"
                );
                let u = union_of(&dir, &seg["dict"]);
                Some(reg.add(u))
            }
            None => None,
        };
        let mut chain = Vec::new();
        for s in cfg["conversion_chain"]
            .as_array()
            .expect("conversion_chain")
        {
            let levels = merge_char_levels(levels_of(&dir, &s["dict"]));
            chain.push(levels.into_iter().map(|u| reg.add(u)).collect::<Vec<_>>());
        }
        let _ = writeln!(
            configs,
            "    ConfigData {{ name: {name:?}, normalization: {}, segmentation: {segmentation:?}, chain: {} }},",
            stages_literal(&normalization),
            stages_literal(&chain)
        );
    }
    reg.rust.push_str("];\n");
    configs.push_str("];\n");
    let generated = format!(
        "// @generated by core/build.rs from dictionaries/script/opencc/config/*.json\n{}\n{}",
        reg.rust, configs
    );
    fs::write(out_dir.join("opencc_generated.rs"), generated).expect("write generated");
}
