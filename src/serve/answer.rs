//! Answering one query for a client: within the time limit, within the size limit, in the
//! negotiated format.
//!
//! Oxigraph checks a [`CancellationToken`] only when it reads data, so the query runs on a
//! worker thread and the connection waits for it at most `timeout`: on expiry the token is
//! cancelled (the worker stops at its next read, or finishes and its answer is dropped) and the
//! client gets a 503 at once. The answer is serialized while it is computed into a buffer that
//! refuses to grow past `max_bytes`, so a huge answer stops the evaluation too, and the token is
//! also checked before every row is written.
//!
//! A query that burns CPU on data it already read (an aggregate over a cross join) cannot be
//! stopped from outside; its worker finishes on its own. So that such queries cannot pile up,
//! at most [`MAX_OVERDUE`] of them may still run: past that, new queries get a 503 until they end.

use super::ServeError;
use super::negotiate::{self, AnswerKind, Chosen};
use crate::prefixes::Prefixes;
use crate::query::{self, QueryRequest};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Triple};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, Variable};
use oxigraph::store::Store;
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

/// How long and how large one answer may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Past this the query is cancelled and the client gets a 503.
    pub timeout: Duration,
    /// Past this many serialized bytes the query is stopped and the client gets a 500.
    pub max_bytes: usize,
}

/// The dataset a client names with `default-graph-uri` and `named-graph-uri`; it replaces the
/// query's own `FROM`/`FROM NAMED`, as the protocol says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProtocolDataset {
    /// The graphs merged into the default graph.
    pub default_graphs: Vec<NamedNode>,
    /// The graphs `GRAPH ?g` ranges over.
    pub named_graphs: Vec<NamedNode>,
}

impl ProtocolDataset {
    /// Whether the client named no graph at all.
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// One query to answer.
#[derive(Debug, Clone)]
pub struct Job {
    /// The query with its bindings.
    pub request: QueryRequest,
    /// The protocol's dataset, if the client gave one.
    pub dataset: ProtocolDataset,
    /// Variables left out of the answer (a named query's parameters).
    pub hidden: Vec<Variable>,
    /// The client's `Accept` header.
    pub accept: Option<String>,
    /// A `format=` parameter, which wins over `Accept`.
    pub format: Option<String>,
}

/// Queries past their timeout that may still be running before new ones are turned away.
pub const MAX_OVERDUE: usize = 4;

/// The queries that ran past their timeout and are still finishing, shared by all connections.
#[derive(Debug, Clone, Default)]
pub struct Overdue(Arc<AtomicUsize>);

impl Overdue {
    /// How many are still running.
    pub fn running(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Whether a worker has finished, and whether its connection gave up on it.
#[derive(Default)]
struct Fate {
    done: bool,
    abandoned: bool,
}

/// A serialized answer.
#[derive(Debug)]
pub struct Answer {
    /// Its media type.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: Vec<u8>,
}

/// Runs `job` against `store` within `limits`.
pub fn answer(
    store: &Store,
    prefixes: &Prefixes,
    job: Job,
    limits: Limits,
    overdue: &Overdue,
) -> Result<Answer, ServeError> {
    let running = overdue.running();
    if running >= MAX_OVERDUE {
        return Err(ServeError::Busy(running));
    }
    let token = CancellationToken::new();
    let mut prepared = query::prepare_request(prefixes, &job.request, Some(token.clone()))?;
    if !job.dataset.is_empty() {
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(
            job.dataset
                .default_graphs
                .iter()
                .cloned()
                .map(GraphName::NamedNode)
                .collect(),
        );
        dataset.set_available_named_graphs(
            job.dataset
                .named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::NamedNode)
                .collect(),
        );
    }
    let (send, receive) = mpsc::channel();
    let store = store.clone();
    let prefixes = prefixes.clone();
    let fate = Arc::new(Mutex::new(Fate::default()));
    let worker_fate = Arc::clone(&fate);
    let worker_overdue = overdue.clone();
    let worker_token = token.clone();
    thread::Builder::new()
        .name("argmap-serve-query".to_owned())
        .spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                let results = prepared.on_store(&store).execute();
                serialize(results, &job, &prefixes, limits.max_bytes, &worker_token)
            }))
            .unwrap_or_else(|_| {
                Err(ServeError::Internal(
                    "the query engine failed unexpectedly".to_owned(),
                ))
            });
            // The connection may have given up waiting; then nobody wants the answer.
            let _ = send.send(outcome);
            let mut fate = worker_fate.lock().unwrap_or_else(PoisonError::into_inner);
            fate.done = true;
            if fate.abandoned {
                worker_overdue.0.fetch_sub(1, Ordering::SeqCst);
            }
        })
        .map_err(|e| ServeError::Internal(format!("cannot start a query thread: {e}")))?;
    match receive.recv_timeout(limits.timeout) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            token.cancel();
            let mut fate = fate.lock().unwrap_or_else(PoisonError::into_inner);
            if !fate.done {
                fate.abandoned = true;
                overdue.0.fetch_add(1, Ordering::SeqCst);
            }
            Err(ServeError::Timeout(limits.timeout))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(ServeError::Internal("the query worker vanished".to_owned()))
        }
    }
}

fn evaluation(error: QueryEvaluationError) -> ServeError {
    match error {
        QueryEvaluationError::Cancelled => ServeError::Cancelled,
        QueryEvaluationError::Service(inner) => ServeError::Refused(inner.to_string()),
        other => ServeError::Evaluation(other.to_string()),
    }
}

fn serialize(
    results: Result<QueryResults<'_>, QueryEvaluationError>,
    job: &Job,
    prefixes: &Prefixes,
    max_bytes: usize,
    token: &CancellationToken,
) -> Result<Answer, ServeError> {
    let results = results.map_err(evaluation)?;
    let alive = || {
        if token.is_cancelled() {
            Err(ServeError::Cancelled)
        } else {
            Ok(())
        }
    };
    let kind = match results {
        QueryResults::Graph(_) => AnswerKind::Graph,
        _ => AnswerKind::Solutions,
    };
    let chosen = negotiate::choose(kind, job.accept.as_deref(), job.format.as_deref())?;
    let mut out = Bounded::new(max_bytes);
    let written = match (results, chosen) {
        (QueryResults::Boolean(value), Chosen::Results(format)) => {
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut out, value)
                .map(|_| ())
        }
        (QueryResults::Solutions(solutions), Chosen::Results(format)) => {
            let variables: Vec<Variable> = solutions
                .variables()
                .iter()
                .filter(|v| !job.hidden.contains(v))
                .cloned()
                .collect();
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut out, variables.clone())
                .map_err(|e| too_large_or(e, max_bytes))?;
            for solution in solutions {
                alive()?;
                let solution = solution.map_err(evaluation)?;
                writer
                    .serialize(
                        solution
                            .iter()
                            .filter(|(variable, _)| variables.contains(variable)),
                    )
                    .map_err(|e| too_large_or(e, max_bytes))?;
            }
            writer.finish().map(|_| ())
        }
        (QueryResults::Graph(triples), Chosen::Rdf(format)) => {
            let mut writer = graph_serializer(format, prefixes).for_writer(&mut out);
            for triple in triples {
                alive()?;
                let triple: Triple = triple.map_err(evaluation)?;
                writer
                    .serialize_triple(&triple)
                    .map_err(|e| too_large_or(e, max_bytes))?;
            }
            writer.finish().map(|_| ())
        }
        // `choose` only offers formats of the answer's kind.
        _ => {
            return Err(ServeError::Internal(
                "a format of the wrong kind was chosen".to_owned(),
            ));
        }
    };
    written.map_err(|e| too_large_or(e, max_bytes))?;
    Ok(Answer {
        content_type: chosen.content_type(),
        body: out.bytes,
    })
}

/// An RDF serializer declaring the session's prefixes (an answer streams: there is no
/// knowing in advance which it uses).
pub fn graph_serializer(format: RdfFormat, prefixes: &Prefixes) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (name, iri) in prefixes.pairs() {
            if let Ok(with) = serializer.clone().with_prefix(name, iri) {
                serializer = with;
            }
        }
    }
    serializer
}

fn too_large_or(error: io::Error, max_bytes: usize) -> ServeError {
    if error.kind() == io::ErrorKind::FileTooLarge {
        ServeError::TooLarge(max_bytes)
    } else {
        ServeError::Internal(format!("cannot serialize the answer: {error}"))
    }
}

/// A buffer that refuses to grow past its limit.
struct Bounded {
    bytes: Vec<u8>,
    max: usize,
}

impl Bounded {
    fn new(max: usize) -> Self {
        Self {
            bytes: Vec::new(),
            max,
        }
    }
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.max {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "the answer exceeds --max-result-bytes",
            ));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
