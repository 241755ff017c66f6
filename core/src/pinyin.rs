//! Toneless pinyin of common characters (`dictionaries/statistical/pinyin.tsv`, PyPI
//! `pypinyin`, MIT) and fuzzy pinyin: the sound distinctions many speakers blur (z/zh, c/ch,
//! s/sh, n/l, -n/-ng), used by `typo.idiom`.

use std::collections::HashMap;
use std::sync::OnceLock;

const PINYIN: &str = include_str!("../../dictionaries/statistical/pinyin.tsv");

/// The common reading of `c`, toneless (`None` for characters outside the table).
pub fn reading(c: char) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            PINYIN
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let (c, r) = l.split_once('\t')?;
                    Some((c.chars().next()?, r.trim()))
                })
                .collect()
        })
        .get(&c)
        .copied()
}

/// A toneless syllable with the distinctions of fuzzy pinyin removed: zh/ch/sh → z/c/s, an
/// initial l → n, a final -ng → -n.
pub fn fuzzy_key(syllable: &str) -> String {
    let mut s = syllable.to_string();
    for (from, to) in [("zh", "z"), ("ch", "c"), ("sh", "s")] {
        if let Some(rest) = s.strip_prefix(from) {
            s = format!("{to}{rest}");
            break;
        }
    }
    if let Some(rest) = s.strip_prefix('l') {
        s = format!("n{rest}");
    }
    if let Some(head) = s.strip_suffix("ng") {
        s = format!("{head}n");
    }
    s
}

/// True when `a` and `b` sound alike only under fuzzy pinyin (different readings, the same
/// fuzzy key): 甚 shen / 胜 sheng, 至 zhi / 自 zi.
pub fn fuzzy_alike(a: char, b: char) -> bool {
    match (reading(a), reading(b)) {
        (Some(x), Some(y)) => x != y && fuzzy_key(x) == fuzzy_key(y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_pinyin_merges_only_its_distinctions() {
        assert_eq!(fuzzy_key("shen"), fuzzy_key("sheng"));
        assert_eq!(fuzzy_key("zi"), fuzzy_key("zhi"));
        assert_eq!(fuzzy_key("fen"), fuzzy_key("feng"));
        assert_eq!(fuzzy_key("liu"), fuzzy_key("niu"));
        assert_ne!(fuzzy_key("shen"), fuzzy_key("san"));
        assert_ne!(fuzzy_key("fen"), fuzzy_key("hen"));
        assert!(fuzzy_alike('甚', '胜'));
        assert!(fuzzy_alike('至', '自'));
        // the same reading is the confusion sets' business, not fuzzy
        assert!(!fuzzy_alike('受', '授'));
    }
}
