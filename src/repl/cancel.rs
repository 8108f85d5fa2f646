//! Running a query so that Ctrl-C gets the prompt back at once.
//!
//! Oxigraph checks its [`CancellationToken`] only when it reads data, so a query that burns CPU
//! on data it already holds (a big cross join under a FILTER) would not notice it for a long
//! time. The query therefore runs on a worker thread; SIGINT cancels the token *and* wakes the
//! waiting REPL, which walks away from the worker: it stops at its next read, or finishes and
//! its answer is dropped.

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

/// Waits for the answer or for Ctrl-C; past [`PATIENCE`], says once how to cancel.
fn wait(events: &Receiver<Event>) -> Result<Event, RecvError> {
    match events.recv_timeout(PATIENCE) {
        Ok(event) => Ok(event),
        Err(RecvTimeoutError::Timeout) => {
            eprintln!("{STILL_RUNNING}");
            events.recv()
        }
        Err(RecvTimeoutError::Disconnected) => Err(RecvError),
    }
}

/// The query in flight, shared with the SIGINT handler.
#[derive(Clone)]
pub struct Interrupts {
    current: Arc<Mutex<Option<Running>>>,
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
        Ok(Self { current })
    }

    /// Runs a query on a worker thread and waits for its answer or for Ctrl-C, whichever
    /// comes first.
    pub fn run(
        &self,
        store: &Store,
        prefixes: &Prefixes,
        request: QueryRequest,
    ) -> Result<QueryOutcome, QueryError> {
        let token = CancellationToken::new();
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
                    query::execute(&store, &prefixes, &request, Some(token))
                }))
                .unwrap_or_else(|_| {
                    Err(QueryError::Evaluation(
                        "the query engine failed unexpectedly (see the message above)".to_owned(),
                    ))
                });
                let _ = wake.send(Event::Done(outcome));
            });
        let outcome = match spawned {
            Ok(_) => match wait(&events) {
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
        lock(&self.current).take();
        outcome
    }
}
