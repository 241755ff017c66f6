//! Per-file settings of `zhproof check`: the configuration file found above each input
//! (or `--config`), its per-path overrides and excluded paths, `.zhproofignore` files, and
//! one checker per distinct configuration.

use crate::input::Input;
use crate::CheckerOpts;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zhproof::config_file::{absolute_clean, ConfigFile};
use zhproof::{Checker, Config};

/// The name of the ignore files (gitignore syntax), looked for in every folder above a
/// checked file.
pub const IGNORE_FILE: &str = ".zhproofignore";

/// What to check an input with.
pub struct Plan {
    /// The input.
    pub input: Input,
    /// Index into [`Resolver::checkers`].
    pub checker: usize,
    /// Findings with a lower confidence are dropped.
    pub min_confidence: Option<f32>,
}

/// Finds the settings of each input and builds the checkers they need.
pub struct Resolver<'a> {
    opts: &'a CheckerOpts,
    explicit: Option<Arc<ConfigFile>>,
    /// Folder → the configuration file found at or above it.
    found: HashMap<PathBuf, Option<Arc<ConfigFile>>>,
    /// Folder → its `.zhproofignore`, if any.
    ignores: HashMap<PathBuf, Option<Arc<Gitignore>>>,
    by_config: HashMap<String, usize>,
    /// The checkers, one per distinct configuration.
    pub checkers: Vec<Checker>,
}

impl<'a> Resolver<'a> {
    /// A resolver for the command-line options (reads `--config` now).
    ///
    /// # Errors
    /// A message naming the file and key when `--config` is not valid.
    pub fn new(opts: &'a CheckerOpts) -> Result<Self, String> {
        let explicit = match &opts.config {
            Some(p) if !opts.isolated => {
                Some(Arc::new(ConfigFile::load(p).map_err(|e| e.to_string())?))
            }
            _ => None,
        };
        Ok(Resolver {
            opts,
            explicit,
            found: HashMap::new(),
            ignores: HashMap::new(),
            by_config: HashMap::new(),
            checkers: Vec::new(),
        })
    }

    fn discover(&mut self, dir: &Path) -> Result<Option<Arc<ConfigFile>>, String> {
        if let Some(found) = self.found.get(dir) {
            return Ok(found.clone());
        }
        let here = ConfigFile::in_folder(dir)
            .map_err(|e| e.to_string())?
            .map(Arc::new);
        let found = match (here, dir.parent()) {
            (Some(cf), _) => Some(cf),
            (None, Some(parent)) if parent != dir => self.discover(parent)?,
            (None, _) => None,
        };
        self.found.insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }

    fn ignore_of(&mut self, dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(g) = self.ignores.get(dir) {
            return g.clone();
        }
        let file = dir.join(IGNORE_FILE);
        let g = if file.is_file() {
            let mut b = GitignoreBuilder::new(dir);
            if let Some(e) = b.add(&file) {
                eprintln!("zhproof: {}: {e}", file.display());
            }
            match b.build() {
                Ok(g) => Some(Arc::new(g)),
                Err(e) => {
                    eprintln!("zhproof: {}: {e}", file.display());
                    None
                }
            }
        } else {
            None
        };
        self.ignores.insert(dir.to_path_buf(), g.clone());
        g
    }

    /// True when a `.zhproofignore` in a folder above `abs` ignores it.
    fn ignored(&mut self, abs: &Path) -> bool {
        let mut dir = abs.parent();
        while let Some(d) = dir {
            if let Some(g) = self.ignore_of(d) {
                match g.matched_path_or_any_parents(abs, false) {
                    ignore::Match::Ignore(_) => return true,
                    ignore::Match::Whitelist(_) => return false,
                    ignore::Match::None => {}
                }
            }
            dir = d.parent();
        }
        false
    }

    fn checker_for(&mut self, config: Config) -> Result<usize, String> {
        let key = config.to_json();
        if let Some(&i) = self.by_config.get(&key) {
            return Ok(i);
        }
        let checker = Checker::from_config(config).map_err(|e| e.to_string())?;
        self.checkers.push(checker);
        let i = self.checkers.len() - 1;
        self.by_config.insert(key, i);
        Ok(i)
    }

    /// The plan for each input; inputs excluded by a configuration file or an ignore file
    /// are left out.
    ///
    /// # Errors
    /// A message when a configuration file is not valid or a checker cannot be built.
    pub fn plan(&mut self, inputs: Vec<Input>) -> Result<Vec<Plan>, String> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let mut plans = Vec::with_capacity(inputs.len());
        for input in inputs {
            let abs = match &input {
                Input::Stdin => None,
                Input::File(p) => Some(absolute_clean(p)),
            };
            if let Some(abs) = &abs {
                if self.ignored(abs) {
                    continue;
                }
            }
            let cf = if self.opts.isolated {
                None
            } else if let Some(e) = &self.explicit {
                Some(e.clone())
            } else {
                let dir = abs
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| cwd.clone());
                self.discover(&dir)?
            };
            let (config, min_confidence) = match (&cf, &abs) {
                (Some(cf), Some(abs)) => {
                    if cf.is_excluded(abs) {
                        continue;
                    }
                    let s = cf.settings_for(abs);
                    (s.config, s.min_confidence)
                }
                (Some(cf), None) => {
                    let s = cf.settings();
                    (s.config, s.min_confidence)
                }
                (None, _) => (Config::default(), None),
            };
            let checker = self
                .checker_for(self.opts.apply(config))
                .map_err(|e| match &cf {
                    // E.g. an unknown rule id: say where the settings came from.
                    Some(cf) => format!(
                        "{e} (settings from {} and the command line)",
                        cf.path().display()
                    ),
                    None => e,
                })?;
            plans.push(Plan {
                input,
                checker,
                min_confidence,
            });
        }
        Ok(plans)
    }
}
