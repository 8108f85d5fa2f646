//! Time, memory and size budgets for a query or update, so that one cross join ends with a
//! message instead of taking the machine.
//!
//! Oxigraph looks at its [`CancellationToken`] only when it reads data, and argmap's own
//! collection of the answer looks at it between rows; a [`Watchdog`] thread cancels the token
//! when the clock or the process's resident memory goes past the budget. A command-line run
//! that still has not stopped a moment later is ended by the watchdog itself
//! ([`Overrun::Exit`]). The shell runs its queries in a child process that it kills
//! (`repl::isolate`, measured by [`Meter::for_process`]) where it can, and otherwise walks away
//! from the worker ([`Overrun::Abandon`]).

use crate::prefixes::Prefixes;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::store::{ArgStore, StoreError, UpdateSummary};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The default time budget of the shell, scripts and `argmap run`.
pub const SHELL_TIMEOUT: Duration = Duration::from_secs(120);
/// The default memory budget: growth of the process while one statement runs, in MB.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 2048;
/// The default largest answer, in rows or triples.
pub const DEFAULT_MAX_ROWS: usize = 1_000_000;
/// How often the watchdog looks.
const TICK: Duration = Duration::from_millis(25);
/// How long a cancelled command-line run may take to notice before the process ends.
const GRACE: Duration = Duration::from_secs(2);

/// Limits for one statement; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Wall-clock time.
    pub timeout: Option<Duration>,
    /// Growth of resident memory, in MB.
    pub max_memory_mb: Option<u64>,
    /// Rows of a SELECT answer, triples of a CONSTRUCT.
    pub max_rows: Option<usize>,
}

impl Default for Budget {
    /// No time limit, the default memory and size limits.
    fn default() -> Self {
        Self {
            timeout: None,
            max_memory_mb: Some(DEFAULT_MAX_MEMORY_MB),
            max_rows: Some(DEFAULT_MAX_ROWS),
        }
    }
}

impl Budget {
    /// A budget from command-line values, where 0 means "no limit" and `None` the default.
    pub fn from_flags(
        timeout_secs: Option<f64>,
        default_timeout: Option<Duration>,
        max_memory_mb: Option<u64>,
        max_rows: Option<usize>,
    ) -> Self {
        Self {
            timeout: match timeout_secs {
                None => default_timeout,
                Some(s) if s <= 0.0 || !s.is_finite() => None,
                Some(s) => Some(Duration::from_secs_f64(s.min(1e9))),
            },
            max_memory_mb: match max_memory_mb {
                None => Some(DEFAULT_MAX_MEMORY_MB),
                Some(0) => None,
                some => some,
            },
            max_rows: match max_rows {
                None => Some(DEFAULT_MAX_ROWS),
                Some(0) => None,
                some => some,
            },
        }
    }

    /// The error for an overrun of this budget, if `elapsed` or `grown_mb` is past it.
    pub fn overrun(&self, elapsed: Duration, grown_mb: Option<u64>) -> Option<QueryError> {
        if let Some(limit) = self.timeout
            && elapsed >= limit
        {
            return Some(QueryError::Timeout(limit));
        }
        match (self.max_memory_mb, grown_mb) {
            (Some(limit), Some(grown)) if grown > limit => Some(QueryError::OutOfMemory(limit)),
            _ => None,
        }
    }
}

/// Resident memory of this process in MB (Linux: `/proc/self/statm`); `None` elsewhere.
pub fn resident_mb() -> Option<u64> {
    statm_resident_mb("/proc/self/statm")
}

/// Resident memory of process `pid` in MB (Linux); `None` elsewhere or once it has ended.
pub fn resident_mb_of(pid: u32) -> Option<u64> {
    statm_resident_mb(&format!("/proc/{pid}/statm"))
}

fn statm_resident_mb(path: &str) -> Option<u64> {
    let statm = std::fs::read_to_string(path).ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // Every Linux target argmap builds for uses 4 KiB pages.
    Some(pages * 4096 / (1024 * 1024))
}

/// Measures one statement against a budget.
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    budget: Budget,
    started: Instant,
    /// The process that runs the statement; `None` is this one.
    pid: Option<u32>,
    baseline_mb: Option<u64>,
}

impl Meter {
    /// Starts measuring this process now.
    pub fn start(budget: Budget) -> Self {
        Self {
            budget,
            started: Instant::now(),
            pid: None,
            baseline_mb: resident_mb(),
        }
    }

    /// Starts measuring process `pid` (a child that runs the statement) now, from
    /// `baseline_mb`: the memory it shared with its parent when it was forked.
    pub fn for_process(budget: Budget, pid: u32, baseline_mb: Option<u64>) -> Self {
        Self {
            budget,
            started: Instant::now(),
            pid: Some(pid),
            baseline_mb,
        }
    }

    /// The overrun, if any, at this moment.
    pub fn overrun(&self) -> Option<QueryError> {
        let now = match self.pid {
            None => resident_mb(),
            Some(pid) => resident_mb_of(pid),
        };
        let grown = match (now, self.baseline_mb) {
            (Some(now), Some(base)) => Some(now.saturating_sub(base)),
            _ => None,
        };
        self.budget.overrun(self.started.elapsed(), grown)
    }
}

/// What the watchdog does when the cancelled work does not stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// Print the message and end the process (a command-line run: nothing is saved).
    Exit,
    /// Only cancel the token (the caller walks away).
    Abandon,
}

/// A thread that cancels a token when a budget runs out.
pub struct Watchdog {
    done: Arc<AtomicBool>,
    reason: Arc<Mutex<Option<QueryError>>>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// Starts watching; `token` is cancelled on overrun.
    pub fn start(budget: Budget, token: CancellationToken, on_overrun: Overrun) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let reason: Arc<Mutex<Option<QueryError>>> = Arc::new(Mutex::new(None));
        let unlimited = budget.timeout.is_none() && budget.max_memory_mb.is_none();
        let thread = (!unlimited)
            .then(|| {
                let done = Arc::clone(&done);
                let reason = Arc::clone(&reason);
                let meter = Meter::start(budget);
                thread::Builder::new()
                    .name("argmap-watchdog".to_owned())
                    .spawn(move || watch(meter, &token, &done, &reason, on_overrun))
                    .ok()
            })
            .flatten();
        Self {
            done,
            reason,
            thread,
        }
    }

    /// Stops watching; a failure after an overrun (the evaluator reports the cancellation in
    /// its own words for updates) becomes the overrun's own error.
    pub fn finish<T>(self, result: Result<T, QueryError>) -> Result<T, QueryError> {
        match (result, self.overrun()) {
            (Err(_), Some(reason)) => Err(reason),
            (result, _) => result,
        }
    }

    /// Stops watching; the overrun that cancelled the token, if it was the watchdog's doing
    /// (for work that fails in its own words when cancelled: an update, `.tree`).
    pub fn overrun(mut self) -> Option<QueryError> {
        self.stop();
        self.reason.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    fn stop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // Wake it from its tick at once, so that a quick query does not wait up to a tick.
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop();
    }
}

fn watch(
    meter: Meter,
    token: &CancellationToken,
    done: &AtomicBool,
    reason: &Mutex<Option<QueryError>>,
    on_overrun: Overrun,
) {
    while !done.load(Ordering::Relaxed) {
        if let Some(error) = meter.overrun() {
            let message = error.to_string();
            *reason.lock().unwrap_or_else(|p| p.into_inner()) = Some(error);
            token.cancel();
            if on_overrun == Overrun::Exit {
                let deadline = Instant::now() + GRACE;
                while !done.load(Ordering::Relaxed) && Instant::now() < deadline {
                    thread::park_timeout(TICK);
                }
                if !done.load(Ordering::Relaxed) {
                    eprintln!("error: {message}");
                    std::process::exit(1);
                }
            }
            return;
        }
        thread::park_timeout(TICK);
    }
}

/// Runs a query to completion within a budget, on this thread.
pub fn execute(
    store: &Store,
    prefixes: &Prefixes,
    request: &QueryRequest,
    budget: Budget,
    on_overrun: Overrun,
) -> Result<QueryOutcome, QueryError> {
    let token = CancellationToken::new();
    let watchdog = Watchdog::start(budget, token.clone(), on_overrun);
    let mut request = request.clone();
    request.max_rows = budget.max_rows;
    watchdog.finish(query::execute(store, prefixes, &request, Some(token)))
}

/// Runs a SPARQL update within a budget, on this thread.
pub fn update(
    store: &mut ArgStore,
    text: &str,
    budget: Budget,
    on_overrun: Overrun,
) -> Result<UpdateSummary, StoreError> {
    let token = CancellationToken::new();
    let watchdog = Watchdog::start(budget, token.clone(), on_overrun);
    match store.update_cancellable(text, Some(token)) {
        Err(error) => Err(watchdog.overrun().map_or(error, StoreError::from)),
        ok => ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_no_limit_and_absent_means_the_default() {
        let budget = Budget::from_flags(Some(0.0), Some(SHELL_TIMEOUT), Some(0), Some(0));
        assert_eq!(budget.timeout, None);
        assert_eq!(budget.max_memory_mb, None);
        assert_eq!(budget.max_rows, None);
        let budget = Budget::from_flags(None, Some(SHELL_TIMEOUT), None, None);
        assert_eq!(budget.timeout, Some(SHELL_TIMEOUT));
        assert_eq!(budget.max_memory_mb, Some(DEFAULT_MAX_MEMORY_MB));
    }

    #[test]
    fn overruns_name_the_budget_that_ran_out() {
        let budget = Budget::from_flags(Some(1.0), None, Some(10), None);
        assert!(budget.overrun(Duration::from_millis(10), Some(5)).is_none());
        assert!(matches!(
            budget.overrun(Duration::from_secs(2), Some(5)),
            Some(QueryError::Timeout(_))
        ));
        assert!(matches!(
            budget.overrun(Duration::from_millis(10), Some(11)),
            Some(QueryError::OutOfMemory(10))
        ));
    }
}
