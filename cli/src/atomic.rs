//! Report files written atomically, and a clean exit on SIGINT/SIGTERM.
//!
//! An [`AtomicFile`] writes to a temporary file in the destination's directory
//! (`.zhproof-<pid>-<n>.tmp`) and renames it over the destination on [`AtomicFile::commit`],
//! so a reader never sees a partial report. Temporary files are registered; when the
//! process receives SIGINT (or SIGTERM) the handler thread installed by
//! [`install_signal_handler`] removes them and exits with 128 + the signal number (130 for
//! SIGINT). A rename and the handler's clean-up exclude each other, so after an interrupt
//! the destination holds either its previous content or the complete new report.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Temporary files not yet renamed into place.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|p| p.into_inner())
}

/// Installs a thread that, on SIGINT or SIGTERM, deletes pending temporary files and exits
/// (130 for SIGINT, 143 for SIGTERM). Once per process: later calls (the CLI run again in
/// the same process, as `python -m zhproof`'s `main` may be) do nothing.
///
/// # Errors
/// When the signal handlers cannot be registered.
pub fn install_signal_handler() -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static INSTALLED: Mutex<bool> = Mutex::new(false);
    let mut installed = INSTALLED.lock().unwrap_or_else(|p| p.into_inner());
    if *installed {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("zhproof-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let files = pending();
                for f in files.iter() {
                    let _ = fs::remove_file(f);
                }
                // Keep the lock: no rename can start after the clean-up.
                std::process::exit(128 + sig);
            }
        })?;
    *installed = true;
    Ok(())
}

/// A file written in full or not at all.
pub struct AtomicFile {
    dest: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file next to `dest`.
    ///
    /// # Errors
    /// When the temporary file cannot be created (missing or read-only directory, …).
    pub fn create(dest: &Path) -> io::Result<Self> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".zhproof-{}-{n}.tmp", std::process::id()));
        // Register before creating, so a signal in between cannot leave it behind.
        pending().push(tmp.clone());
        let file = match File::create(&tmp) {
            Ok(f) => f,
            Err(e) => {
                forget(&tmp);
                return Err(e);
            }
        };
        Ok(AtomicFile {
            dest: dest.to_path_buf(),
            tmp,
            out: Some(BufWriter::new(file)),
        })
    }

    /// The destination path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    ///
    /// # Errors
    /// Write, sync or rename errors; the temporary file is then removed.
    pub fn commit(mut self) -> io::Result<()> {
        let result = self.finish();
        if result.is_err() {
            let _ = fs::remove_file(&self.tmp);
            forget(&self.tmp);
        }
        result
    }

    fn finish(&mut self) -> io::Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        let mut files = pending();
        fs::rename(&self.tmp, &self.dest)?;
        files.retain(|p| p != &self.tmp);
        Ok(())
    }
}

fn forget(tmp: &Path) {
    pending().retain(|p| p != tmp);
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(o) => o.write(buf),
            None => Err(io::Error::other("report file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(o) => o.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    /// An uncommitted file is discarded: the destination keeps its previous content.
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
            forget(&self.tmp);
        }
    }
}
