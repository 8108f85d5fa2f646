//! Running a read-only query in a forked child, so that the shell can really stop it.
//!
//! Oxigraph's evaluator looks at its cancellation token only when it reads the store: a cross
//! join or an ORDER BY computed in memory runs on after a cancel, holding a core and growing.
//! A thread cannot be killed; a process can. The shell forks, the child evaluates the query on
//! its copy-on-write snapshot of the in-memory store and sends the answer back through a pipe
//! (SPARQL JSON results, or N-Triples for a graph), and the shell SIGKILLs it on Ctrl-C or when
//! the budget runs out, which gives its memory back at once. The query is parsed in the shell,
//! so syntax errors are the in-process ones; updates never come here (they change the shell's
//! store).
//!
//! Forking a process that has other threads is sound only if none of them holds something the
//! child needs: [`can_fork`] allows it without RocksDB (whose background threads hold its
//! locks) and when the only other thread is ctrlc's, which waits in `read` for a signal.
//!
//! On a RocksDB store the shell reads a snapshot, which another process may open read-only too:
//! [`spawn`] starts the argmap binary again as a query process ([`QUERY_PROCESS`], served by
//! [`serve_job`]), sends it the query, the session's prefixes and the snapshot's folder, and
//! reads and stops it exactly as a forked child. Opening the snapshot is constant time.

use crate::budget::{self, Budget, Meter};
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::store::{ArgStore, Backend};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::Triple;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, SliceQueryResultsParserOutput,
};
use oxigraph::store::Store;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Errors of running a query in a child process.
#[derive(Debug, thiserror::Error)]
pub enum IsolateError {
    /// The query failed (in the shell while parsing, or in the child).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// No pipe to the child (too many open files); the caller runs the query in-process.
    #[error("cannot open a pipe to a query process: {0}")]
    Pipe(io::Error),
    /// No child (the process limit); the caller runs the query in-process.
    #[error("cannot start a query process: {0}")]
    Fork(io::Error),
    /// The child ended without an answer (killed by the system's out-of-memory killer, or it
    /// crashed).
    #[error("the query process ended without an answer ({0})")]
    Died(String),
    /// The child's answer does not parse.
    #[error("the answer of the query process cannot be read: {0}")]
    Garbled(String),
}

/// How often the shell looks at the child's clock and memory while it waits.
const TICK: Duration = Duration::from_millis(25);

/// The name ctrlc gives its signal thread, the one thread besides the caller allowed at fork.
const CTRLC_THREAD: &str = "ctrl-c";

/// What the child says first: which serialization follows.
const RESULTS: u8 = b'R';
const GRAPH: u8 = b'G';
const FAILURE: u8 = b'E';

/// A failure of the child, as it crosses the pipe.
#[derive(serde::Serialize, serde::Deserialize)]
enum Failure {
    Evaluation(String),
    TooManyRows(usize),
    Cancelled,
}

impl From<&QueryError> for Failure {
    fn from(error: &QueryError) -> Self {
        match error {
            QueryError::TooManyRows(limit) => Self::TooManyRows(*limit),
            QueryError::Cancelled => Self::Cancelled,
            QueryError::Evaluation(message) => Self::Evaluation(message.clone()),
            other => Self::Evaluation(other.to_string()),
        }
    }
}

impl From<Failure> for QueryError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Evaluation(message) => Self::Evaluation(message),
            Failure::TooManyRows(limit) => Self::TooManyRows(limit),
            Failure::Cancelled => Self::Cancelled,
        }
    }
}

/// Whether queries on `store` can run in a forked child now: not on RocksDB, and no thread in
/// this process but the caller and ctrlc's.
pub fn can_fork(store: &ArgStore) -> bool {
    store.backend() != Some(Backend::RocksDb) && only_quiet_threads()
}

/// Whether every other thread of this process is ctrlc's signal thread.
fn only_quiet_threads() -> bool {
    // SAFETY: gettid has no preconditions.
    let me = unsafe { libc::gettid() }.to_string();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return false;
    };
    tasks.into_iter().all(|task| {
        let Ok(task) = task else { return false };
        task.file_name().to_str() == Some(me.as_str())
            || std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.trim_end() == CTRLC_THREAD)
    })
}

/// Runs `request` (its `max_rows` already set) in a forked child within `budget`; `watch` is
/// asked every tick whether to stop (Ctrl-C) and may print a notice.
///
/// # Safety
///
/// No other thread of the process may hold a lock, or be inside a call, that the child's
/// evaluation needs (the allocator included: ctrlc's thread allocates nothing while it waits
/// for a signal): [`can_fork`] says when that holds.
pub unsafe fn execute(
    store: &Store,
    prefixes: &crate::prefixes::Prefixes,
    request: &QueryRequest,
    budget: Budget,
    watch: &mut dyn FnMut() -> Option<QueryError>,
) -> Result<QueryOutcome, IsolateError> {
    let prepared = query::prepare_request(prefixes, request, None)?;
    let (reader, writer) = pipe().map_err(IsolateError::Pipe)?;
    let baseline = budget::resident_mb();
    let shell = std::process::id();
    // SIGINT stays blocked on this thread over the fork, so that the child cannot run the
    // shell's handler before it ignores the signal (ctrlc's thread still takes it for the shell).
    let blocked = SigintBlock::new();
    // SAFETY: the caller guarantees that no other thread holds what the child uses; the child
    // never returns into the caller's code (it ends with `_exit`).
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        drop(reader);
        child(writer, blocked, shell, || {
            query::execute_prepared(prepared, store, request, None)
        });
    }
    drop(blocked);
    drop(writer);
    if pid < 0 {
        return Err(IsolateError::Fork(io::Error::last_os_error()));
    }
    let mut child = Child(Some(pid));
    let meter = Meter::for_process(budget, pid.unsigned_abs(), baseline);
    let answer = child.read_answer(reader, &meter, watch)?;
    child.reap()?;
    decode(&answer)
}

/// The first argument that makes the argmap binary a query process for [`spawn`]; the second is
/// the shell's process id. Not a subcommand a user types: it is in no help.
pub const QUERY_PROCESS: &str = "__query-process";

/// What a query process is sent on its stdin: everything [`query::execute`] needs but the
/// store, whose snapshot it opens itself.
#[derive(serde::Serialize, serde::Deserialize)]
struct Job {
    snapshot: PathBuf,
    prefixes: crate::prefixes::Prefixes,
    text: String,
    graph: Option<String>,
    /// Variable names and values in N-Triples syntax.
    bindings: Vec<(String, String)>,
    max_rows: Option<usize>,
}

impl Job {
    fn request(&self) -> Result<QueryRequest, String> {
        let mut request = QueryRequest::new(self.text.clone());
        request.max_rows = self.max_rows;
        if let Some(graph) = &self.graph {
            request.graph =
                Some(oxigraph::model::NamedNode::new(graph.clone()).map_err(|e| e.to_string())?);
        }
        for (variable, value) in &self.bindings {
            let variable =
                oxigraph::sparql::Variable::new(variable.clone()).map_err(|e| e.to_string())?;
            let value: oxigraph::model::Term = value.parse().map_err(|e| format!("{e}"))?;
            request.bindings.push((variable, value));
        }
        Ok(request)
    }
}

/// Runs `request` (its `max_rows` already set) in a new process of `exe` (the argmap binary)
/// that reads the RocksDB snapshot in `snapshot`, within `budget`; `watch` is asked every tick
/// whether to stop (Ctrl-C) and may print a notice. The query is parsed here first, so syntax
/// errors are the in-process ones.
pub fn spawn(
    exe: &Path,
    snapshot: &Path,
    prefixes: &crate::prefixes::Prefixes,
    request: &QueryRequest,
    budget: Budget,
    watch: &mut dyn FnMut() -> Option<QueryError>,
) -> Result<QueryOutcome, IsolateError> {
    let _parsed = query::prepare_request(prefixes, request, None)?;
    let job = Job {
        snapshot: snapshot.to_owned(),
        prefixes: prefixes.clone(),
        text: request.text.clone(),
        graph: request.graph.as_ref().map(|g| g.as_str().to_owned()),
        bindings: request
            .bindings
            .iter()
            .map(|(variable, value)| (variable.as_str().to_owned(), value.to_string()))
            .collect(),
        max_rows: request.max_rows,
    };
    let job = serde_json::to_vec(&job).map_err(|e| IsolateError::Garbled(e.to_string()))?;
    let mut process = Command::new(exe)
        .arg(QUERY_PROCESS)
        .arg(std::process::id().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        // Its own process group: Ctrl-C on the terminal reaches the shell, which stops it.
        .process_group(0)
        .spawn()
        .map_err(IsolateError::Fork)?;
    let pid = process.id();
    let mut child = Child(libc::pid_t::try_from(pid).ok());
    let (Some(mut stdin), Some(stdout)) = (process.stdin.take(), process.stdout.take()) else {
        return Err(IsolateError::Died("it has no pipes".to_owned()));
    };
    // It reads the whole job before anything else, so this does not wait on its answer.
    if let Err(e) = stdin.write_all(&job) {
        child.kill();
        return Err(IsolateError::Died(format!(
            "it did not take the query: {e}"
        )));
    }
    drop(stdin);
    // Everything it holds is the query's: it shares no memory with the shell.
    let meter = Meter::for_process(budget, pid, Some(0));
    let answer = child.read_answer(OwnedFd::from(stdout), &meter, watch)?;
    child.reap()?;
    decode(&answer)
}

/// The query process's side of [`spawn`]: `args` are the ones after [`QUERY_PROCESS`]. Reads
/// the job, evaluates it on the snapshot, writes the answer to stdout; returns the exit code.
pub fn serve_job(mut args: impl Iterator<Item = OsString>) -> u8 {
    let shell = args
        .next()
        .and_then(|pid| pid.to_str()?.parse::<u32>().ok());
    // SAFETY: plain system calls on this process.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        // It must not outlive the shell (killed, or its terminal closed).
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    if shell.is_none() || Some(std::os::unix::process::parent_id()) != shell {
        eprintln!("error: `{QUERY_PROCESS}` is how the argmap shell runs a query, not a command");
        return 2;
    }
    let outcome = panic::catch_unwind(AssertUnwindSafe(run_job)).unwrap_or_else(|_| {
        Err(QueryError::Evaluation(
            "the query engine failed unexpectedly (see the message above)".to_owned(),
        ))
    });
    let mut out = BufWriter::new(io::stdout().lock());
    match encode(&outcome, &mut out).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// Reads a [`Job`] from stdin and evaluates it.
fn run_job() -> Result<QueryOutcome, QueryError> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| QueryError::Evaluation(format!("cannot read the query: {e}")))?;
    let job: Job = serde_json::from_slice(&bytes)
        .map_err(|e| QueryError::Evaluation(format!("cannot read the query: {e}")))?;
    let request = job.request().map_err(QueryError::Evaluation)?;
    let store = open_snapshot(&job.snapshot)?;
    query::execute(&store, &job.prefixes, &request, None)
}

#[cfg(feature = "rocksdb")]
fn open_snapshot(snapshot: &Path) -> Result<Store, QueryError> {
    Store::open_read_only(snapshot)
        .map_err(|e| QueryError::Evaluation(format!("cannot open {}: {e}", snapshot.display())))
}

#[cfg(not(feature = "rocksdb"))]
fn open_snapshot(snapshot: &Path) -> Result<Store, QueryError> {
    Err(QueryError::Evaluation(format!(
        "cannot open {}: this argmap is built without RocksDB",
        snapshot.display()
    )))
}

/// The child's side: evaluate, write the answer, end without running the shell's exit code.
fn child(
    writer: OwnedFd,
    blocked: SigintBlock,
    shell: u32,
    evaluate: impl FnOnce() -> Result<QueryOutcome, QueryError>,
) -> ! {
    // SAFETY: plain system calls on this process.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        // The child must not outlive the shell (killed, or its terminal closed).
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    drop(blocked);
    if std::os::unix::process::parent_id() != shell {
        // SAFETY: ends this process at once.
        unsafe { libc::_exit(3) };
    }
    // A panic must never unwind past the fork into the shell's loop: everything is caught.
    let code = panic::catch_unwind(AssertUnwindSafe(|| {
        let outcome = panic::catch_unwind(AssertUnwindSafe(evaluate)).unwrap_or_else(|_| {
            Err(QueryError::Evaluation(
                "the query engine failed unexpectedly (see the message above)".to_owned(),
            ))
        });
        let mut out = BufWriter::new(File::from(writer));
        match encode(&outcome, &mut out).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(_) => 2,
        }
    }))
    .unwrap_or(4);
    // SAFETY: ends the child without the shell's destructors or its buffered output.
    unsafe { libc::_exit(code) }
}

/// Writes an outcome in a standard serialization, after its tag.
fn encode(outcome: &Result<QueryOutcome, QueryError>, out: &mut impl Write) -> io::Result<()> {
    match outcome {
        Ok(QueryOutcome::Solutions { variables, rows }) => {
            out.write_all(&[RESULTS])?;
            let mut solutions = QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_solutions_to_writer(&mut *out, variables.clone())?;
            for row in rows {
                solutions.serialize(
                    variables
                        .iter()
                        .zip(row)
                        .filter_map(|(variable, value)| Some((variable, value.as_ref()?))),
                )?;
            }
            solutions.finish()?;
        }
        Ok(QueryOutcome::Boolean(value)) => {
            out.write_all(&[RESULTS])?;
            QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_boolean_to_writer(&mut *out, *value)?;
        }
        Ok(QueryOutcome::Graph(triples)) => {
            out.write_all(&[GRAPH])?;
            let mut graph = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut *out);
            for triple in triples {
                graph.serialize_triple(triple)?;
            }
            graph.finish()?;
        }
        Err(error) => {
            out.write_all(&[FAILURE])?;
            serde_json::to_writer(&mut *out, &Failure::from(error))?;
        }
    }
    Ok(())
}

/// Reads back what [`encode`] wrote.
fn decode(answer: &[u8]) -> Result<QueryOutcome, IsolateError> {
    let garbled = |e: &dyn std::fmt::Display| IsolateError::Garbled(e.to_string());
    let Some((&tag, body)) = answer.split_first() else {
        return Err(IsolateError::Garbled("it is empty".to_owned()));
    };
    match tag {
        RESULTS => match QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(body)
            .map_err(|e| garbled(&e))?
        {
            SliceQueryResultsParserOutput::Boolean(value) => Ok(QueryOutcome::Boolean(value)),
            SliceQueryResultsParserOutput::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let rows = solutions
                    .map(|solution| solution.map(|s| s.values().to_vec()))
                    .collect::<Result<_, _>>()
                    .map_err(|e| garbled(&e))?;
                Ok(QueryOutcome::Solutions { variables, rows })
            }
        },
        GRAPH => RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(body)
            .map(|quad| quad.map(Triple::from))
            .collect::<Result<_, _>>()
            .map(QueryOutcome::Graph)
            .map_err(|e| garbled(&e)),
        FAILURE => {
            let failure: Failure = serde_json::from_slice(body).map_err(|e| garbled(&e))?;
            Err(QueryError::from(failure).into())
        }
        other => Err(IsolateError::Garbled(format!("unknown tag {other:#x}"))),
    }
}

/// A pipe, both ends closed on exec.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded: both are open descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// SIGINT blocked on this thread while the value lives.
struct SigintBlock(libc::sigset_t);

impl SigintBlock {
    fn new() -> Self {
        // SAFETY: the sets are initialised by sigemptyset before use.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
            Self(old)
        }
    }
}

impl Drop for SigintBlock {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved by `new`.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.0, std::ptr::null_mut());
        }
    }
}

/// A forked child until it is reaped; dropped earlier (a panic in `watch`), it is killed.
struct Child(Option<libc::pid_t>);

impl Child {
    /// Reads the whole answer, unless the budget or `watch` says to stop first: then the child
    /// is killed and reaped, and the reason returned.
    fn read_answer(
        &mut self,
        reader: OwnedFd,
        meter: &Meter,
        watch: &mut dyn FnMut() -> Option<QueryError>,
    ) -> Result<Vec<u8>, IsolateError> {
        let mut pipe = File::from(reader);
        let mut answer = Vec::new();
        let mut chunk = vec![0; 64 * 1024];
        let mut looked = Instant::now();
        loop {
            if wait_readable(&pipe, TICK) {
                match pipe.read(&mut chunk) {
                    Ok(0) => return Ok(answer),
                    Ok(n) => answer.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        self.kill();
                        return Err(IsolateError::Garbled(e.to_string()));
                    }
                }
                if looked.elapsed() < TICK {
                    continue;
                }
            }
            looked = Instant::now();
            if let Some(reason) = meter.overrun().or_else(&mut *watch) {
                self.kill();
                return Err(reason.into());
            }
        }
    }

    /// SIGKILL, then reap.
    fn kill(&mut self) {
        if let Some(pid) = self.0 {
            // SAFETY: the child is ours and not reaped yet, so the pid is still its own.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let _ = self.reap();
        }
    }

    /// Waits for the child to end; an error unless it ended normally with status 0.
    fn reap(&mut self) -> Result<(), IsolateError> {
        let Some(pid) = self.0.take() else {
            return Ok(());
        };
        let mut status = 0;
        loop {
            // SAFETY: waits for our own child.
            let got = unsafe { libc::waitpid(pid, &mut status, 0) };
            if got == pid {
                break;
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(IsolateError::Died(error.to_string()));
            }
        }
        if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
            Ok(())
        } else if libc::WIFSIGNALED(status) {
            let signal = libc::WTERMSIG(status);
            Err(IsolateError::Died(if signal == libc::SIGKILL {
                "killed, perhaps by the system for lack of memory".to_owned()
            } else {
                format!("signal {signal}")
            }))
        } else {
            Err(IsolateError::Died(format!(
                "exit status {}",
                libc::WEXITSTATUS(status)
            )))
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether `pipe` has something to read (or is closed) within `timeout`.
fn wait_readable(pipe: &File, timeout: Duration) -> bool {
    let mut fds = [libc::pollfd {
        fd: pipe.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    }];
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(fds.as_mut_ptr(), 1, millis) > 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal, NamedNode, Term};
    use oxigraph::sparql::Variable;

    fn round_trip(outcome: Result<QueryOutcome, QueryError>) -> Result<QueryOutcome, IsolateError> {
        let mut bytes = Vec::new();
        encode(&outcome, &mut bytes).unwrap();
        decode(&bytes)
    }

    #[test]
    fn answers_cross_the_pipe_unchanged() {
        let node = NamedNode::new("https://example.org/a").unwrap();
        let blank = BlankNode::new("b0c1").unwrap();
        let solutions = QueryOutcome::Solutions {
            variables: vec![Variable::new("z").unwrap(), Variable::new("a").unwrap()],
            rows: vec![
                vec![Some(node.clone().into()), None],
                vec![None, Some(blank.clone().into())],
                vec![
                    Some(
                        Literal::new_language_tagged_literal("hé", "fr")
                            .unwrap()
                            .into(),
                    ),
                    Some(
                        Literal::new_typed_literal("1.50", oxigraph::model::vocab::xsd::DECIMAL)
                            .into(),
                    ),
                ],
                vec![
                    Some(Literal::from("line\nbreak \"quoted\"").into()),
                    Some(Term::from(Literal::from(7))),
                ],
            ],
        };
        assert_eq!(round_trip(Ok(solutions.clone())).unwrap(), solutions);
        let empty = QueryOutcome::Solutions {
            variables: vec![Variable::new("x").unwrap()],
            rows: vec![],
        };
        assert_eq!(round_trip(Ok(empty.clone())).unwrap(), empty);
        for value in [true, false] {
            assert_eq!(
                round_trip(Ok(QueryOutcome::Boolean(value))).unwrap(),
                QueryOutcome::Boolean(value)
            );
        }
        let graph = QueryOutcome::Graph(vec![
            Triple::new(blank.clone(), node.clone(), Literal::from("x")),
            Triple::new(node.clone(), node.clone(), blank),
        ]);
        assert_eq!(round_trip(Ok(graph.clone())).unwrap(), graph);
    }

    #[test]
    fn failures_cross_the_pipe_unchanged() {
        for error in [
            QueryError::TooManyRows(10),
            QueryError::Evaluation("SERVICE <x> refused: why".to_owned()),
            QueryError::Cancelled,
        ] {
            let message = error.to_string();
            match round_trip(Err(error)) {
                Err(IsolateError::Query(back)) => assert_eq!(back.to_string(), message),
                other => panic!("{message}: {other:?}"),
            }
        }
        assert!(matches!(decode(b""), Err(IsolateError::Garbled(_))));
        assert!(matches!(
            decode(b"R{\"head\""),
            Err(IsolateError::Garbled(_))
        ));
    }
}
