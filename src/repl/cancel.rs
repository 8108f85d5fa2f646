//! Running a query so that Ctrl-C gets the prompt back at once.
//!
//! Oxigraph checks its [`CancellationToken`] only when it reads data, so a query that burns CPU
//! on data it already holds (a big cross join under a FILTER) would not notice it for a long
//! time. The query therefore runs on a worker thread; SIGINT cancels the token *and* wakes the
//! waiting REPL, which walks away from the worker: it stops at its next read, or finishes and
//! its answer is dropped.

use crate::budget::{Budget, Meter};
use crate::prefixes::Prefixes;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvError, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// Errors of setting up cancellation.
#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// The SIGINT handler cannot be installed.
    #[error("cannot catch Ctrl-C: {0}")]
    Handler(#[from] ctrlc::Error),
}

enum Event {
    Done(Result<QueryOutcome, QueryError>),
    Interrupted,
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

/// Waits for the answer, for Ctrl-C or for the budget to run out; past [`PATIENCE`], says
/// once how to cancel (when `announce`).
fn wait(events: &Receiver<Event>, meter: &Meter, announce: bool) -> Result<Event, RecvError> {
    let started = std::time::Instant::now();
    let mut announced = !announce;
    loop {
        match events.recv_timeout(TICK) {
            Ok(event) => return Ok(event),
            Err(RecvTimeoutError::Timeout) => {
                if let Some(error) = meter.overrun() {
                    return Ok(Event::Done(Err(error)));
                }
                if !announced && started.elapsed() >= PATIENCE {
                    announced = true;
                    eprintln!("{STILL_RUNNING}");
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Err(RecvError),
        }
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

    /// Budgets without Ctrl-C (scripts: SIGINT ends the process as usual).
    pub fn without_handler() -> Self {
        Self {
            current: Arc::new(Mutex::new(None)),
            announce: false,
        }
    }

    /// Runs a query on a worker thread and waits for its answer, for Ctrl-C or for the end of
    /// the budget, whichever comes first. On Ctrl-C or overrun the worker's token is
    /// cancelled and the shell walks away from it.
    pub fn run(
        &self,
        store: &Store,
        prefixes: &Prefixes,
        mut request: QueryRequest,
        budget: Budget,
    ) -> Result<QueryOutcome, QueryError> {
        request.max_rows = budget.max_rows;
        let meter = Meter::start(budget);
        let token = CancellationToken::new();
        let worker_token = token.clone();
        let (wake, events) = mpsc::channel();
        *lock(&self.current) = Some(Running {
            token: token.clone(),
            wake: wake.clone(),
        });
        let store = store.clone();
        let prefixes = prefixes.clone();
        let spawned = thread::Builder::new()
            .name("argmap-query".to_owned())
            .spawn(move || {
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                    query::execute(&store, &prefixes, &request, Some(worker_token))
                }))
                .unwrap_or_else(|_| {
                    Err(QueryError::Evaluation(
                        "the query engine failed unexpectedly (see the message above)".to_owned(),
                    ))
                });
                let _ = wake.send(Event::Done(outcome));
            });
        let outcome = match spawned {
            Ok(_) => match wait(&events, &meter, self.announce) {
                Ok(Event::Done(outcome)) => outcome,
                Ok(Event::Interrupted) => Err(QueryError::Cancelled),
                Err(_) => Err(QueryError::Evaluation(
                    "the query worker vanished".to_owned(),
                )),
            },
            Err(e) => Err(QueryError::Evaluation(format!(
                "cannot start a query thread: {e}"
            ))),
        };
        if outcome.is_err() {
            token.cancel();
        }
        lock(&self.current).take();
        outcome
    }
}
