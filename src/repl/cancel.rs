//! Running a query so that Ctrl-C gets the prompt back at once.
//!
//! Oxigraph checks its [`CancellationToken`] only when it reads data, so a query that burns CPU
//! on data it already holds (a big cross join under a FILTER) would not notice it for a long
//! time. Where it can, the query therefore runs in a forked child that is killed on Ctrl-C or
//! overrun ([`super::isolate`]); on a RocksDB store, in a query process of its own on the
//! snapshot the shell reads. Elsewhere (other systems, a library caller that names no query
//! process) it runs on a worker thread; SIGINT cancels the token *and* wakes the waiting REPL,
//! which walks away from the worker: it stops at its next read, or finishes and its answer is
//! dropped.

use crate::budget::{Budget, Meter};
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::store::ArgStore;
use oxigraph::sparql::CancellationToken;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvError, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// Errors of setting up cancellation.
#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// The SIGINT handler cannot be installed.
    #[error("cannot catch Ctrl-C: {0}")]
    Handler(#[from] ctrlc::Error),
}

enum Event {
    /// The worker's answer.
    Done(Result<QueryOutcome, QueryError>),
    /// Ctrl-C.
    Interrupted,
    /// The budget ran out.
    Overrun(QueryError),
}

struct Running {
    token: CancellationToken,
    wake: Sender<Event>,
}

/// How long a query runs before the shell says how to cancel it.
pub const PATIENCE: Duration = Duration::from_secs(1);

/// What the shell says when a query takes longer than [`PATIENCE`].
pub const STILL_RUNNING: &str = "… still running; Ctrl-C cancels";

/// How often the waiting shell looks at the clock and the memory.
const TICK: Duration = Duration::from_millis(25);

/// Says once, past [`PATIENCE`], how to cancel (when `announce`).
struct Patience {
    started: Instant,
    announced: bool,
}

impl Patience {
    fn new(announce: bool) -> Self {
        Self {
            started: Instant::now(),
            announced: !announce,
        }
    }

    fn tick(&mut self) {
        if !self.announced && self.started.elapsed() >= PATIENCE {
            self.announced = true;
            eprintln!("{STILL_RUNNING}");
        }
    }
}

/// Waits for the answer, for Ctrl-C or for the budget to run out.
fn wait(events: &Receiver<Event>, meter: &Meter, announce: bool) -> Result<Event, RecvError> {
    let mut patience = Patience::new(announce);
    loop {
        match events.recv_timeout(TICK) {
            Ok(event) => return Ok(event),
            Err(RecvTimeoutError::Timeout) => {
                if let Some(error) = meter.overrun() {
                    return Ok(Event::Overrun(error));
                }
                patience.tick();
            }
            Err(RecvTimeoutError::Disconnected) => return Err(RecvError),
        }
    }
}

/// How long a cancelled worker thread may take to stop before the shell says it runs on.
const LINGER: Duration = Duration::from_millis(250);

/// What the shell says when a cancelled worker thread does not stop.
pub const RUNS_ON: &str = "note: the stopped query still runs in the background until it next reads the store (it ran inside the shell, where it cannot be killed: queries get a process of their own only on Linux)";

/// Ctrl-C cancels a token while this lives (see [`Interrupts::cancel_on_interrupt`]).
pub struct InterruptGuard(Arc<Mutex<Option<Running>>>);

impl Drop for InterruptGuard {
    fn drop(&mut self) {
        lock(&self.0).take();
    }
}

/// The query in flight, shared with the SIGINT handler.
#[derive(Clone)]
pub struct Interrupts {
    current: Arc<Mutex<Option<Running>>>,
    /// Say "still running" (on a terminal, not in a script).
    announce: bool,
}

fn lock(current: &Mutex<Option<Running>>) -> MutexGuard<'_, Option<Running>> {
    current
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Interrupts {
    /// Installs the process's SIGINT handler. Between queries the handler does nothing: the line
    /// editor reads Ctrl-C as a key then, and SIGINT at any other moment must not end the
    /// session.
    pub fn install() -> Result<Self, CancelError> {
        let current: Arc<Mutex<Option<Running>>> = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&current);
        ctrlc::set_handler(move || {
            if let Some(running) = lock(&shared).take() {
                running.token.cancel();
                let _ = running.wake.send(Event::Interrupted);
            }
        })?;
        Ok(Self {
            current,
            announce: true,
        })
    }

    /// Until the guard is dropped, Ctrl-C cancels `token`: for a meta-command that runs its
    /// queries in the shell (`.tree`), each of which stops at its next read of the store.
    pub fn cancel_on_interrupt(&self, token: &CancellationToken) -> InterruptGuard {
        // Nobody waits on this channel: the meta-command sees the cancelled token.
        let (wake, _) = mpsc::channel();
        *lock(&self.current) = Some(Running {
            token: token.clone(),
            wake,
        });
        InterruptGuard(Arc::clone(&self.current))
    }

    /// Budgets without Ctrl-C (scripts: SIGINT ends the process as usual).
    pub fn without_handler() -> Self {
        Self {
            current: Arc::new(Mutex::new(None)),
            announce: false,
        }
    }

    /// Runs a query and waits for its answer, for Ctrl-C or for the end of the budget,
    /// whichever comes first: in a child process that is killed then, where that is safe,
    /// else on a worker thread whose token is cancelled and which the shell walks away from.
    ///
    /// `query_process` is the argmap binary, which runs a query on a RocksDB store in a
    /// process of its own ([`super::isolate::spawn`]); without it such queries run on a thread.
    pub fn run(
        &self,
        store: &ArgStore,
        mut request: QueryRequest,
        budget: Budget,
        query_process: Option<&Path>,
    ) -> Result<QueryOutcome, QueryError> {
        request.max_rows = budget.max_rows;
        let token = CancellationToken::new();
        let (wake, events) = mpsc::channel();
        *lock(&self.current) = Some(Running {
            token: token.clone(),
            wake: wake.clone(),
        });
        let outcome = match self.in_child(store, &request, budget, &token, query_process) {
            Some(outcome) => outcome,
            None => self.on_thread(store, request, budget, token, wake, &events),
        };
        lock(&self.current).take();
        outcome
    }

    /// The query in a forked child, or in a query process on the snapshot a RocksDB session
    /// reads; `None` where neither is possible.
    #[cfg(target_os = "linux")]
    fn in_child(
        &self,
        store: &ArgStore,
        request: &QueryRequest,
        budget: Budget,
        token: &CancellationToken,
        query_process: Option<&Path>,
    ) -> Option<Result<QueryOutcome, QueryError>> {
        use super::isolate::{self, IsolateError};
        let fork = isolate::can_fork(store);
        let snapshot = store.snapshot_path();
        if !fork && (query_process.is_none() || snapshot.is_none()) {
            return None;
        }
        let mut patience = Patience::new(self.announce);
        let mut watch = || {
            if token.is_cancelled() {
                return Some(QueryError::Cancelled);
            }
            patience.tick();
            None
        };
        let outcome = match (query_process, snapshot) {
            (Some(exe), Some(snapshot)) if !fork => isolate::spawn(
                exe,
                &snapshot,
                store.prefixes(),
                request,
                budget,
                &mut watch,
            ),
            // SAFETY: `can_fork` found no thread but this one and ctrlc's, which waits in `read`.
            _ => unsafe {
                isolate::execute(
                    store.oxigraph(),
                    store.prefixes(),
                    request,
                    budget,
                    &mut watch,
                )
            },
        };
        match outcome {
            Ok(outcome) => Some(Ok(outcome)),
            Err(IsolateError::Query(error)) => Some(Err(error)),
            Err(IsolateError::Pipe(_) | IsolateError::Fork(_)) => None,
            Err(other) => Some(Err(QueryError::Evaluation(other.to_string()))),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn in_child(
        &self,
        _: &ArgStore,
        _: &QueryRequest,
        _: Budget,
        _: &CancellationToken,
        _: Option<&Path>,
    ) -> Option<Result<QueryOutcome, QueryError>> {
        None
    }

    /// The query on a worker thread: on Ctrl-C or overrun its token is cancelled and the shell
    /// walks away from it, saying so when it does not stop at once.
    fn on_thread(
        &self,
        store: &ArgStore,
        request: QueryRequest,
        budget: Budget,
        token: CancellationToken,
        wake: Sender<Event>,
        events: &Receiver<Event>,
    ) -> Result<QueryOutcome, QueryError> {
        let meter = Meter::start(budget);
        let worker_token = token.clone();
        let oxigraph = store.oxigraph().clone();
        let prefixes = store.prefixes().clone();
        let spawned = thread::Builder::new()
            .name("argmap-query".to_owned())
            .spawn(move || {
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                    query::execute(&oxigraph, &prefixes, &request, Some(worker_token))
                }))
                .unwrap_or_else(|_| {
                    Err(QueryError::Evaluation(
                        "the query engine failed unexpectedly (see the message above)".to_owned(),
                    ))
                });
                let _ = wake.send(Event::Done(outcome));
            });
        if let Err(e) = spawned {
            return Err(QueryError::Evaluation(format!(
                "cannot start a query thread: {e}"
            )));
        }
        let stopped = match wait(events, &meter, self.announce) {
            Ok(Event::Done(outcome)) => return outcome,
            Ok(Event::Interrupted) => QueryError::Cancelled,
            Ok(Event::Overrun(error)) => error,
            Err(_) => {
                return Err(QueryError::Evaluation(
                    "the query worker vanished".to_owned(),
                ));
            }
        };
        token.cancel();
        if !matches!(events.recv_timeout(LINGER), Ok(Event::Done(_))) {
            eprintln!("{RUNS_ON}");
        }
        Err(stopped)
    }
}
