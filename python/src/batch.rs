//! Checking many texts on a pool of threads (`check_many`, `check_iter`).
//!
//! A batch is cut into small chunks, each spawned on the pool as its own job. Idle workers
//! then take the next chunk, of this batch or of the next one already submitted, instead of
//! waiting at the end of a nested parallel loop: with one rayon `par_iter` per batch the
//! workers slept about 13% of the time on two cores, with chunk jobs about 2%.

use crate::text::Texts;
use crate::{all_cores, run, Raw};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex, OnceLock};

/// The findings of one text, and whether the text held lone surrogates (the finding
/// texts are then sliced from the caller's string).
pub type Checked = (Vec<Raw>, bool);

/// What one chunk gives: the results of its texts, or the message of an engine panic.
type ChunkResult = Result<Vec<Checked>, String>;

/// The results of a batch's chunks as they come in.
struct Slots {
    /// One slot per chunk, in input order.
    parts: Mutex<Vec<Option<ChunkResult>>>,
    /// Chunks not done yet: the job that brings this to zero wakes the waiting thread, once
    /// per batch rather than once per chunk (each wake-up takes a core from a worker).
    remaining: AtomicUsize,
}

/// A batch on the pool.
pub struct Pending {
    /// Receives one message when the last chunk is done. All senders gone without it: a
    /// worker died.
    done: Receiver<()>,
    slots: Arc<Slots>,
}

/// Rayon pools by thread count, built once each per process. Rayon's global pool is never
/// used: after `os.fork()` (the default of `multiprocessing` on Linux) a child inherits a
/// pool whose threads do not exist, so pools are keyed by process id and a forked child
/// builds its own (the parent's are forgotten, not joined).
fn pool(threads: usize) -> Result<Arc<rayon::ThreadPool>, String> {
    type Pools = (u32, HashMap<usize, Arc<rayon::ThreadPool>>);
    static POOLS: OnceLock<Mutex<Pools>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| Mutex::new((std::process::id(), HashMap::new())));
    let mut guard = pools
        .lock()
        .map_err(|_| "thread pool registry poisoned".to_string())?;
    let (pid, map) = &mut *guard;
    if *pid != std::process::id() {
        std::mem::forget(std::mem::take(map));
        *pid = std::process::id();
    }
    if let Some(p) = map.get(&threads) {
        return Ok(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("zhproof-{i}"))
        .build()
        .map_err(|e| e.to_string())?;
    let p = Arc::new(p);
    map.insert(threads, Arc::clone(&p));
    Ok(p)
}

/// Checks texts `range` of `texts` (HTML pages when `html`), in order.
fn check_range(
    checker: &zhproof::Checker,
    texts: &Texts,
    range: std::ops::Range<usize>,
    html: bool,
) -> Result<Vec<Checked>, String> {
    range
        .map(|i| {
            let (text, lossy) = texts.utf8(i);
            run(checker, &text, html).map(|raws| (raws, lossy))
        })
        .collect()
}

/// Starts checking `texts` on a pool of `threads` threads and returns at once.
///
/// # Errors
/// A message when the pool cannot be built (threads cannot be spawned).
pub fn spawn(
    checker: &Arc<zhproof::Checker>,
    texts: Texts,
    threads: usize,
    html: bool,
) -> Result<Pending, String> {
    let pool = pool(threads)?;
    let n = texts.len();
    // About eight chunks per thread: small enough to balance the load, large enough that
    // spawning costs nothing next to checking.
    let size = n.div_ceil(threads.max(1) * 8).max(1);
    let texts = Arc::new(texts);
    let chunks = n.div_ceil(size);
    let slots = Arc::new(Slots {
        parts: Mutex::new((0..chunks).map(|_| None).collect()),
        remaining: AtomicUsize::new(chunks),
    });
    let (tx, done) = channel();
    if chunks == 0 {
        let _ = tx.send(());
    }
    for (index, start) in (0..n).step_by(size).enumerate() {
        let range = start..(start + size).min(n);
        let (tx, texts, checker, slots) = (
            tx.clone(),
            Arc::clone(&texts),
            Arc::clone(checker),
            Arc::clone(&slots),
        );
        pool.spawn(move || {
            let found = check_range(&checker, &texts, range, html);
            if let Ok(mut parts) = slots.parts.lock() {
                if let Some(slot) = parts.get_mut(index) {
                    *slot = Some(found);
                }
            }
            if slots.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
                // The receiver is gone when the batch was abandoned: nothing to do then.
                let _ = tx.send(());
            }
        });
    }
    Ok(Pending { done, slots })
}

impl Pending {
    /// Waits for every chunk and returns the results in input order.
    ///
    /// # Errors
    /// The message of a panic inside the engine, or a note that a worker vanished.
    pub fn wait(self) -> Result<Vec<Checked>, String> {
        self.done
            .recv()
            .map_err(|_| "worker vanished".to_string())?;
        let parts = std::mem::take(
            &mut *self
                .slots
                .parts
                .lock()
                .map_err(|_| "a worker panicked".to_string())?,
        );
        let mut all = Vec::new();
        for part in parts {
            all.extend(part.ok_or_else(|| "a chunk did not report".to_string())??);
        }
        Ok(all)
    }
}

/// Checks texts (HTML pages when `html`) on `threads` threads (`None`: every core; one
/// thread: the calling thread); results in input order.
///
/// # Errors
/// As [`Pending::wait`], or when the pool cannot be built.
pub fn run_batch(
    checker: &Arc<zhproof::Checker>,
    texts: Texts,
    threads: Option<usize>,
    html: bool,
) -> Result<Vec<Checked>, String> {
    match threads.unwrap_or_else(all_cores) {
        1 => check_range(checker, &texts, 0..texts.len(), html),
        n => spawn(checker, texts, n, html)?.wait(),
    }
}
