//! Configuration files: `zhproof.toml` (or `.zhproof.toml`), or a `[tool.zhproof]` table in
//! `pyproject.toml`, read into a [`Config`] (feature `config-file`).
//!
//! ```toml
//! script = "zh-Hans"              # zh-Hans | zh-Hant | zh-TW | zh-HK
//! profile = "government"          # sensitive-term profile: government | comments
//! only = ["typo", "variant"]      # report only these categories
//! skip = ["sensitive"]            # never report these categories
//! disable = ["typo.de"]           # rules (or rule prefixes) off
//! enable = ["format.cjk_space"]   # default-off rules on
//! min_confidence = 0.6            # drop findings whose confidence is lower
//! max_findings = 1000
//! builtin_dictionaries = true
//! dictionaries = ["terms.tsv"]    # paths relative to this file
//! allow_files = ["allow.txt"]     # paths relative to this file
//! allow = ["再接再励"]             # phrases never reported
//! exclude = ["vendor/**", "*.min.html"]
//!
//! [severity]                      # severity overrides by rule (or prefix)
//! "format" = "info"
//!
//! [[overrides]]                   # settings for some paths (globs relative to this file)
//! files = ["legacy/**"]
//! disable = ["punctuation"]
//! ```
//!
//! Globs are matched against the path relative to the folder of the configuration file;
//! a glob without `/` also matches a file name anywhere. Overrides apply in order: lists
//! (`skip`, `disable`, `enable`) are extended, `only` and scalars replaced, `severity` merged.

use crate::checker::{Config, DictionarySource, Script};
use crate::detectors::sensitive::SensitiveProfile;
use crate::error::{Error, Result};
use crate::finding::{Category, Severity};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// File names looked for in each folder, in this order.
pub const FILE_NAMES: &[&str] = &["zhproof.toml", ".zhproof.toml", "pyproject.toml"];

/// Keys allowed at the top level.
const TOP_KEYS: &[&str] = &[
    "script",
    "profile",
    "only",
    "skip",
    "disable",
    "enable",
    "severity",
    "min_confidence",
    "max_findings",
    "builtin_dictionaries",
    "dictionaries",
    "allow_files",
    "allow",
    "exclude",
    "overrides",
];

/// Keys allowed in an `[[overrides]]` table.
const OVERRIDE_KEYS: &[&str] = &[
    "files",
    "script",
    "profile",
    "only",
    "skip",
    "disable",
    "enable",
    "severity",
    "min_confidence",
    "max_findings",
];

/// Settings a layer (the top level or an override) may change.
#[derive(Debug, Clone, Default)]
struct Layer {
    script: Option<Script>,
    profile: Option<SensitiveProfile>,
    only: Option<Vec<Category>>,
    skip: Vec<Category>,
    disable: Vec<String>,
    enable: Vec<String>,
    severity: BTreeMap<String, Severity>,
    min_confidence: Option<f32>,
    max_findings: Option<usize>,
}

impl Layer {
    fn apply(&self, s: &mut Settings) {
        let c = &mut s.config;
        if let Some(v) = self.script {
            c.script = v;
        }
        if let Some(v) = self.profile {
            c.sensitive_profile = v;
        }
        if let Some(v) = &self.only {
            c.categories = Some(v.clone());
        }
        c.skip.extend(self.skip.iter().copied());
        c.disabled_rules.extend(self.disable.iter().cloned());
        c.enable_rules.extend(self.enable.iter().cloned());
        c.severity_overrides
            .extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
        if let Some(v) = self.max_findings {
            c.max_findings = v;
        }
        if self.min_confidence.is_some() {
            s.min_confidence = self.min_confidence;
        }
    }
}

/// What a configuration file says for one checked file.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The checker configuration.
    pub config: Config,
    /// Findings with a confidence below this are dropped (findings without a confidence
    /// are kept). Applied by the front end until [`Config`] has such a field.
    pub min_confidence: Option<f32>,
}

/// A parsed configuration file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    path: PathBuf,
    root: PathBuf,
    base: Config,
    top: Layer,
    overrides: Vec<(GlobSet, Layer)>,
    exclude: GlobSet,
}

/// `path` made absolute (against the current folder) with `.` and `..` removed
/// lexically (symbolic links are not resolved).
pub fn absolute_clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The valid key nearest to `key`.
pub fn nearest<'a>(key: &str, valid: &[&'a str]) -> &'a str {
    valid
        .iter()
        .copied()
        .min_by_key(|v| distance(key, v))
        .unwrap_or("")
}

/// Reads the values of one file, naming it and the key in every error.
struct Reader<'a> {
    file: &'a Path,
    table: &'a str,
}

impl Reader<'_> {
    fn err(&self, key: &str, msg: impl std::fmt::Display) -> Error {
        Error::Config(format!(
            "{}: {}key `{key}`: {msg}",
            self.file.display(),
            if self.table.is_empty() {
                String::new()
            } else {
                format!("[{}] ", self.table)
            }
        ))
    }

    fn check_keys(&self, t: &Table, valid: &[&str]) -> Result<()> {
        for k in t.keys() {
            if !valid.contains(&k.as_str()) {
                return Err(self.err(
                    k,
                    format!("unknown key (nearest valid key: `{}`)", nearest(k, valid)),
                ));
            }
        }
        Ok(())
    }

    fn string<'v>(&self, key: &str, v: &'v Value) -> Result<&'v str> {
        v.as_str().ok_or_else(|| self.err(key, "expected a string"))
    }

    fn strings(&self, key: &str, v: &Value) -> Result<Vec<String>> {
        let arr = match v {
            Value::String(s) => return Ok(vec![s.clone()]),
            Value::Array(a) => a,
            _ => return Err(self.err(key, "expected a list of strings")),
        };
        arr.iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.err(key, "expected a list of strings"))
            })
            .collect()
    }

    fn categories(&self, key: &str, v: &Value) -> Result<Vec<Category>> {
        self.strings(key, v)?
            .iter()
            .map(|s| s.parse::<Category>().map_err(|e| self.err(key, e)))
            .collect()
    }

    fn layer(&self, t: &Table) -> Result<Layer> {
        let mut l = Layer::default();
        for (k, v) in t {
            match k.as_str() {
                "script" => {
                    l.script = Some(
                        self.string(k, v)?
                            .parse::<Script>()
                            .map_err(|e| self.err(k, e))?,
                    )
                }
                "profile" => {
                    l.profile = Some(
                        self.string(k, v)?
                            .parse::<SensitiveProfile>()
                            .map_err(|e| self.err(k, e))?,
                    )
                }
                "only" => l.only = Some(self.categories(k, v)?),
                "skip" => l.skip = self.categories(k, v)?,
                "disable" => l.disable = self.strings(k, v)?,
                "enable" => l.enable = self.strings(k, v)?,
                "severity" => {
                    let t = v
                        .as_table()
                        .ok_or_else(|| self.err(k, "expected a table of rule = severity"))?;
                    for (rule, sev) in t {
                        let key = format!("severity.{rule}");
                        let s = self.string(&key, sev)?;
                        let s: Severity = s.parse().map_err(|e| self.err(&key, e))?;
                        l.severity.insert(rule.clone(), s);
                    }
                }
                "min_confidence" => {
                    let x = match v {
                        Value::Float(f) => *f,
                        Value::Integer(i) => *i as f64,
                        _ => return Err(self.err(k, "expected a number from 0 to 1")),
                    };
                    if !(0.0..=1.0).contains(&x) {
                        return Err(self.err(k, "expected a number from 0 to 1"));
                    }
                    l.min_confidence = Some(x as f32);
                }
                "max_findings" => {
                    let n = v
                        .as_integer()
                        .and_then(|i| usize::try_from(i).ok())
                        .ok_or_else(|| self.err(k, "expected a whole number ≥ 0"))?;
                    l.max_findings = Some(n);
                }
                _ => {}
            }
        }
        Ok(l)
    }

    fn globs(&self, key: &str, v: &Value) -> Result<GlobSet> {
        let mut b = GlobSetBuilder::new();
        for pat in self.strings(key, v)? {
            let pat = pat.trim_start_matches("./").trim_end_matches('/');
            let mut add = |p: &str| -> Result<()> {
                let g: Glob = GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| self.err(key, e))?;
                b.add(g);
                Ok(())
            };
            if pat.contains('/') {
                add(pat)?;
            } else {
                add(&format!("**/{pat}"))?;
            }
            // A folder matches everything below it.
            add(&format!(
                "{}/**",
                if pat.contains('/') {
                    pat.to_string()
                } else {
                    format!("**/{pat}")
                }
            ))?;
        }
        b.build().map_err(|e| self.err(key, e))
    }
}

impl ConfigFile {
    /// Reads and parses a configuration file. A file named `pyproject.toml` is read from
    /// its `[tool.zhproof]` table (an empty configuration if it has none).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Config`] naming the file and
    /// the key (with the nearest valid key for an unknown one) when it is not valid.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Self::parse(&text, path)
    }

    /// Parses the text of the configuration file `path` (whose folder paths in it are
    /// relative to).
    ///
    /// # Errors
    /// As [`ConfigFile::load`].
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let doc: Table = text
            .parse()
            .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let (table, name) = if is_pyproject {
            let t = doc
                .get("tool")
                .and_then(|t| t.get("zhproof"))
                .and_then(Value::as_table)
                .cloned()
                .unwrap_or_default();
            (t, "tool.zhproof")
        } else {
            (doc, "")
        };
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let root = absolute_clean(&root);
        let r = Reader {
            file: path,
            table: name,
        };
        r.check_keys(&table, TOP_KEYS)?;
        let top = r.layer(&table)?;
        let mut base = Config::default();
        let rel = |p: &str| root.join(p);
        let mut exclude = GlobSet::empty();
        let mut overrides = Vec::new();
        for (k, v) in &table {
            match k.as_str() {
                "builtin_dictionaries" => {
                    base.builtin_dictionaries = v
                        .as_bool()
                        .ok_or_else(|| r.err(k, "expected true or false"))?
                }
                "dictionaries" => {
                    base.dictionaries = r
                        .strings(k, v)?
                        .iter()
                        .map(|p| DictionarySource::Path { path: rel(p) })
                        .collect()
                }
                "allow_files" => {
                    base.allow_files = r.strings(k, v)?.iter().map(|p| rel(p)).collect()
                }
                "allow" => base.allow = r.strings(k, v)?,
                "exclude" => exclude = r.globs(k, v)?,
                "overrides" => {
                    let arr = v
                        .as_array()
                        .ok_or_else(|| r.err(k, "expected [[overrides]] tables"))?;
                    for (i, o) in arr.iter().enumerate() {
                        let label = if name.is_empty() {
                            format!("overrides[{i}]")
                        } else {
                            format!("{name}.overrides[{i}]")
                        };
                        let ro = Reader {
                            file: path,
                            table: &label,
                        };
                        let t = o
                            .as_table()
                            .ok_or_else(|| r.err(k, "expected [[overrides]] tables"))?;
                        ro.check_keys(t, OVERRIDE_KEYS)?;
                        let files = t.get("files").ok_or_else(|| {
                            ro.err("files", "missing (globs of the paths it applies to)")
                        })?;
                        overrides.push((ro.globs("files", files)?, ro.layer(t)?));
                    }
                }
                _ => {}
            }
        }
        Ok(ConfigFile {
            path: path.to_path_buf(),
            root,
            base,
            top,
            overrides,
            exclude,
        })
    }

    /// The nearest configuration file at or above `start` (a file or a folder): in each
    /// folder from `start` upward, the first of [`FILE_NAMES`] that exists (a
    /// `pyproject.toml` only if it has a `[tool.zhproof]` table).
    ///
    /// # Errors
    /// As [`ConfigFile::load`], for the file found.
    pub fn discover(start: &Path) -> Result<Option<Self>> {
        let start = absolute_clean(start);
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(d) = dir {
            if let Some(found) = Self::in_folder(d)? {
                return Ok(Some(found));
            }
            dir = d.parent();
        }
        Ok(None)
    }

    /// The configuration file of folder `dir` itself, if it has one (see
    /// [`ConfigFile::discover`]).
    ///
    /// # Errors
    /// As [`ConfigFile::load`].
    pub fn in_folder(dir: &Path) -> Result<Option<Self>> {
        for name in FILE_NAMES {
            let p = dir.join(name);
            if !p.is_file() {
                continue;
            }
            if *name == "pyproject.toml" {
                let text = std::fs::read_to_string(&p).map_err(|e| Error::Io {
                    path: p.clone(),
                    source: e,
                })?;
                let has_table = text.lines().any(|l| l.trim() == "[tool.zhproof]")
                    || text.contains("[tool.zhproof.");
                if !has_table {
                    continue;
                }
                return Self::parse(&text, &p).map(Some);
            }
            return Self::load(&p).map(Some);
        }
        Ok(None)
    }

    /// The file this configuration was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `file` relative to the folder of the configuration file (None when outside it).
    fn relative(&self, file: &Path) -> Option<PathBuf> {
        let abs = absolute_clean(file);
        abs.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// The settings for all files (top level only, no `[[overrides]]`).
    pub fn settings(&self) -> Settings {
        let mut s = Settings {
            config: self.base.clone(),
            min_confidence: None,
        };
        self.top.apply(&mut s);
        s
    }

    /// The settings for `file`: the top level, then each `[[overrides]]` whose globs
    /// match it.
    pub fn settings_for(&self, file: &Path) -> Settings {
        let mut s = self.settings();
        if let Some(rel) = self.relative(file) {
            for (globs, layer) in &self.overrides {
                if globs.is_match(&rel) {
                    layer.apply(&mut s);
                }
            }
        }
        s
    }

    /// The configuration for all files (see [`ConfigFile::settings`]).
    pub fn config(&self) -> Config {
        self.settings().config
    }

    /// True when `file` matches an `exclude` glob.
    pub fn is_excluded(&self, file: &Path) -> bool {
        self.relative(file)
            .is_some_and(|rel| self.exclude.is_match(&rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile> {
        ConfigFile::parse(text, Path::new("/site/zhproof.toml"))
    }

    #[test]
    fn keys_map_to_the_config() {
        let cf = parse(
            "script = 'zh-TW'\nprofile = 'comments'\nskip = ['sensitive']\n\
             disable = ['typo.de']\nenable = ['format.cjk_space']\nmin_confidence = 0.5\n\
             dictionaries = ['d/terms.tsv']\nallow = ['甲乙']\n[severity]\nformat = 'info'\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let s = cf.settings();
        assert_eq!(s.config.script, Script::ZhTw);
        assert_eq!(s.config.sensitive_profile, SensitiveProfile::Comments);
        assert_eq!(s.config.skip, vec![Category::Sensitive]);
        assert_eq!(s.config.disabled_rules, vec!["typo.de".to_string()]);
        assert_eq!(s.config.enable_rules, vec!["format.cjk_space".to_string()]);
        assert_eq!(s.min_confidence, Some(0.5));
        assert_eq!(
            s.config.dictionaries,
            vec![DictionarySource::Path {
                path: PathBuf::from("/site/d/terms.tsv")
            }]
        );
        assert_eq!(
            s.config.severity_override("format.mojibake"),
            Some(Severity::Info)
        );
        assert_eq!(s.config.severity_override("formats"), None);
    }

    #[test]
    fn overrides_apply_by_glob_and_exclude_matches() {
        let cf = parse(
            "exclude = ['vendor', '*.min.html']\n[[overrides]]\nfiles = ['legacy/**']\n\
             disable = ['punctuation']\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let legacy = cf.settings_for(Path::new("/site/legacy/a/b.md"));
        assert_eq!(
            legacy.config.disabled_rules,
            vec!["punctuation".to_string()]
        );
        assert!(cf
            .settings_for(Path::new("/site/news/b.md"))
            .config
            .disabled_rules
            .is_empty());
        assert!(cf.is_excluded(Path::new("/site/vendor/x.html")));
        assert!(cf.is_excluded(Path::new("/site/a/b/page.min.html")));
        assert!(!cf.is_excluded(Path::new("/site/a/page.html")));
    }

    #[test]
    fn errors_name_the_file_the_key_and_the_nearest_key() {
        let e = parse("disabel = ['typo']\n")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("/site/zhproof.toml"), "{e}");
        assert!(e.contains("`disabel`") && e.contains("`disable`"), "{e}");
        let e = parse("[[overrides]]\nfiles = ['a']\nskipp = ['typo']\n")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("overrides[0]") && e.contains("`skip`"), "{e}");
        let e = parse("script = 'zh-XX'\n")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("key `script`") && e.contains("zh-XX"), "{e}");
        let e = parse("[severity]\ntypo = 'fatal'\n")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("severity.typo"), "{e}");
    }

    #[test]
    fn severity_overrides_change_findings_and_survive_json() {
        let cf = parse("[severity]\ntypo = 'info'\n\"typo.word\" = 'warning'\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let config = cf.config();
        let round = Config::from_json(&config.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(round, config);
        let checker = crate::Checker::from_config(config).unwrap_or_else(|e| panic!("{e}"));
        let found: Vec<(String, Severity)> = checker
            .check("我们要再接再励。")
            .into_iter()
            .map(|f| (f.rule, f.severity))
            .collect();
        // The longest matching key wins.
        assert_eq!(found, vec![("typo.word".to_string(), Severity::Warning)]);
        assert!(!Config::default().to_json().contains("severity_overrides"));
    }

    #[test]
    fn pyproject_reads_its_tool_table() {
        let cf = ConfigFile::parse(
            "[project]\nname = 'x'\n[tool.zhproof]\nskip = ['typo']\n",
            Path::new("/p/pyproject.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cf.config().skip, vec![Category::Typo]);
        let e = ConfigFile::parse(
            "[tool.zhproof]\nonyl = []\n",
            Path::new("/p/pyproject.toml"),
        )
        .map(|_| ())
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("[tool.zhproof] key `onyl`") && e.contains("`only`"),
            "{e}"
        );
    }
}
