//! The interactive shell (`argmap` on a terminal) and its script mode (`argmap < questions.rq`).
//!
//! Both go through [`Session::execute`], one statement at a time: a SPARQL query or update, or a
//! meta-command (`.tree`, `.run`, …, see [`meta`]). On a terminal the statements come from a
//! rustyline editor (history, completion, multi-line input); otherwise [`input::split`] cuts
//! stdin into statements and each answer is printed exactly as `argmap query` prints it.

pub mod cancel;
pub mod complete;
pub mod input;
#[cfg(target_os = "linux")]
pub mod isolate;
pub mod meta;

use crate::budget::{self, Budget, Overrun, Watchdog};
use crate::diagnostic::{self, Position};
use crate::endpoint::{Endpoint, EndpointError, Target};
use crate::format::OutputFormat;
use crate::named::{self, Library, NamedError};
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::render::{self, RenderError, TableOptions};
use crate::store::{self, ArgStore, StoreError};
use crate::tree::{self, TreeError, TreeOptions};
use cancel::{CancelError, Interrupts};
use complete::{ReplHelper, Words};
use meta::{Meta, MetaError};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::{CancellationToken, Variable};
use rustyline::Editor;
use rustyline::config::{CompletionType, Config, EditMode};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the shell may spend gathering names for tab completion beyond the vocabulary
/// (see [`Session::words`]).
pub const NAMES_BUDGET: Duration = Duration::from_millis(250);

/// The environment variable that moves the history file (empty: keep no history).
pub const HISTORY_ENV: &str = "ARGMAP_HISTORY";

/// The prompt.
pub const PROMPT: &str = "argmap> ";

/// Statements pointing to a node that `.describe` lists; the rest are counted.
pub const DESCRIBE_INCOMING: usize = 1000;

/// Errors of a statement or of the shell itself.
#[derive(Debug, thiserror::Error)]
pub enum ReplError {
    /// A query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Loading or updating failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A named query is unknown or got wrong parameters.
    #[error(transparent)]
    Named(#[from] NamedError),
    /// `.tree` failed.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// `.map` failed.
    #[error(transparent)]
    Map(#[from] crate::map::MapError),
    /// Printing failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A meta-command is wrong.
    #[error(transparent)]
    Meta(#[from] MetaError),
    /// A value (`.describe`) is wrong.
    #[error("{0}")]
    Value(#[from] named::ValueError),
    /// `.output FILE` cannot be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The terminal failed.
    #[error("terminal error: {0}")]
    Terminal(#[from] ReadlineError),
    /// Ctrl-C cannot be caught.
    #[error(transparent)]
    Cancel(#[from] CancelError),
    /// The remote endpoint failed or refused.
    #[error(transparent)]
    Remote(#[from] EndpointError),
    /// A meta-command that reads the embedded store, in a session against an endpoint.
    #[error("{0} works on the embedded store, not on --endpoint {1}")]
    LocalOnly(&'static str, String),
    /// `.read FILE` cannot read the file.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// `.read FILE` on a file that is not UTF-8.
    #[error("cannot read {path}: not UTF-8 text (the first bad byte is at line {}, column {})", at.line, at.column)]
    NotUtf8 {
        /// The file.
        path: String,
        /// Where.
        at: Position,
    },
    /// `.read` inside `.read` too deep (a file that reads itself).
    #[error("{path}: .read nested more than {MAX_READ_DEPTH} deep (does a file read itself?)")]
    ReadTooDeep {
        /// The file that was not read.
        path: String,
    },
    /// Statements of a `.read` file failed (each was reported as it failed).
    #[error("{path}: {failed} statement{} failed{}", if *.failed == 1 { "" } else { "s" }, if *.bailed { "; stopped there (.bail on)" } else { "" })]
    Script {
        /// The file.
        path: String,
        /// How many failed.
        failed: usize,
        /// Whether `.bail on` stopped it at the first.
        bailed: bool,
    },
}

/// How deep `.read` may nest.
pub const MAX_READ_DEPTH: usize = 16;

/// The prompt while a statement is incomplete, as wide as [`PROMPT`].
pub const CONTINUATION_PROMPT: &str = "   ...> ";

/// How a script ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScriptRun {
    /// Statements run.
    pub statements: usize,
    /// Statements that failed.
    pub failed: usize,
    /// Whether `.bail on` stopped the script at a failure.
    pub bailed: bool,
    /// Whether a `.quit` ended it (the session ends too).
    pub quit: bool,
}

/// What to do after a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next statement.
    Continue,
    /// Leave the shell.
    Quit,
}

/// A shell session: the dataset, the named queries and the display settings.
pub struct Session {
    store: ArgStore,
    library: Library,
    format: OutputFormat,
    timing: bool,
    output: Option<(PathBuf, File)>,
    interrupts: Interrupts,
    budget: Budget,
    /// Set when the data changed, so completion must be rebuilt.
    data_changed: bool,
    /// Where queries and updates go instead of the store (`--endpoint`).
    endpoint: Option<Endpoint>,
    /// `.bail on`: a script stops at its first failed statement.
    bail: bool,
    /// How many `.read` files are being run, one inside the other.
    reading: usize,
    /// The argmap binary, to run queries on a RocksDB store in a process of their own.
    query_process: Option<PathBuf>,
}

impl Session {
    /// A session over a store and a library, printing tables, with timing on.
    pub fn new(store: ArgStore, library: Library) -> Self {
        Self {
            store,
            library,
            format: OutputFormat::Table,
            timing: true,
            output: None,
            interrupts: Interrupts::without_handler(),
            budget: Budget::from_flags(None, Some(budget::SHELL_TIMEOUT), None, None),
            data_changed: false,
            endpoint: None,
            bail: false,
            reading: 0,
            query_process: None,
        }
    }

    /// Runs each query on a RocksDB store in a process of `exe` (the argmap binary; see
    /// [`isolate::spawn`]), which the shell can kill on Ctrl-C or overrun. Without it (a
    /// library caller) such queries run on a thread, which cannot be stopped in a cross join.
    #[must_use]
    pub fn with_query_process(mut self, exe: PathBuf) -> Self {
        self.query_process = Some(exe);
        self
    }

    /// Sends the session's queries, updates, `.run` and `.tree` to `endpoint`; the store
    /// still gives the prefixes and tab completion.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// Runs a meta-command that queries the store from the shell itself (`.tree`, `.map`)
    /// within the statement's budget, Ctrl-C cancelling `work`'s token: each of its queries
    /// stops at its next read, and a failure after an overrun or Ctrl-C is reported as that.
    fn within_budget<T, E: Into<ReplError>>(
        &self,
        work: impl FnOnce(&CancellationToken) -> Result<T, E>,
    ) -> Result<T, ReplError> {
        let token = CancellationToken::new();
        let _interrupt = self.interrupts.cancel_on_interrupt(&token);
        let watchdog = Watchdog::start(self.budget, token.clone(), Overrun::Abandon);
        work(&token).map_err(|error| match watchdog.overrun() {
            Some(reason) => reason.into(),
            None if token.is_cancelled() => QueryError::Cancelled.into(),
            None => error.into(),
        })
    }

    /// Refuses a meta-command that reads the store itself when queries go to an endpoint.
    fn local_only(&self, command: &'static str) -> Result<(), ReplError> {
        match &self.endpoint {
            Some(endpoint) => Err(ReplError::LocalOnly(command, endpoint.url().to_owned())),
            None => Ok(()),
        }
    }

    /// Limits every statement to this budget (the shell's default is
    /// [`budget::SHELL_TIMEOUT`]).
    pub fn set_budget(&mut self, budget: Budget) {
        self.budget = budget;
    }

    /// Prints answers in this format (as `.format` does).
    pub fn set_format(&mut self, format: OutputFormat) {
        self.format = format;
    }

    /// The words tab completion offers: prefixes, prefixed names in the graphs, queries.
    ///
    /// The names come from the bundled graphs (the vocabulary first) and then the other graphs
    /// for at most [`NAMES_BUDGET`]: a million-claim store holds millions of names, and reading
    /// them all took minutes at every start of the shell and after every change. The derived
    /// graph names nothing the others do not.
    pub fn words(&self) -> Result<Words, StoreError> {
        self.words_within(NAMES_BUDGET)
    }

    /// [`Session::words`], with the names of the graphs beyond the bundled ones read for at
    /// most `budget`.
    pub fn words_within(&self, budget: Duration) -> Result<Words, StoreError> {
        let prefixes = self.store.prefixes();
        let mut names = BTreeSet::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |iri: &str| {
            if seen.insert(iri.to_owned())
                && let Some(name) = prefixes.compact(iri)
                && !name.ends_with(':')
            {
                names.insert(name);
            }
        };
        store::read_bundled_first(self.store.oxigraph(), budget, |quad| {
            if let NamedOrBlankNode::NamedNode(s) = &quad.subject {
                add(s.as_str());
            }
            add(quad.predicate.as_str());
            if let Term::NamedNode(o) = &quad.object {
                add(o.as_str());
            }
        })
        .map_err(StoreError::from)?;
        Ok(Words {
            prefixes: prefixes.iter().map(|p| format!("{}:", p.name)).collect(),
            names,
            queries: self
                .library
                .iter()
                .map(|q| {
                    (
                        q.name.clone(),
                        q.params.iter().map(|p| p.name.clone()).collect(),
                    )
                })
                .collect(),
        })
    }

    /// Runs one statement: a meta-command (`.tree …`), a SPARQL query, or an update.
    pub fn execute(&mut self, statement: &str) -> Result<Flow, ReplError> {
        let flow = self.execute_statement(statement);
        for notice in self.store.take_notices() {
            eprintln!("note: {notice}");
        }
        flow
    }

    fn execute_statement(&mut self, statement: &str) -> Result<Flow, ReplError> {
        let statement = input::strip_terminator(statement);
        let trimmed = statement.trim_start();
        if input::is_blank(trimmed) {
            return Ok(Flow::Continue);
        }
        if trimmed.starts_with('.') {
            return self.meta(meta::parse(trimmed)?);
        }
        match input::habit_word(trimmed) {
            Some("help") => return self.meta(Meta::Help),
            Some(_) => return self.meta(Meta::Quit),
            None => {}
        }
        match query::prepare(self.store.prefixes(), statement) {
            Err(QueryError::WrongKind(_)) if self.endpoint.is_some() => {
                let started = Instant::now();
                if let Some(endpoint) = &self.endpoint {
                    endpoint.update(statement)?;
                    eprintln!("updated {} in {}", endpoint.url(), query::elapsed(started));
                }
                Ok(Flow::Continue)
            }
            Err(QueryError::WrongKind(_)) => {
                let started = Instant::now();
                let summary =
                    budget::update(&mut self.store, statement, self.budget, Overrun::Abandon)?;
                self.data_changed = true;
                eprintln!(
                    "{} quads before, {} after{} in {}",
                    summary.before,
                    summary.after,
                    if summary.saved {
                        "; saved to the store"
                    } else {
                        " (this session only)"
                    },
                    query::elapsed(started)
                );
                Ok(Flow::Continue)
            }
            Err(error) => Err(error.into()),
            Ok(_) => {
                self.run_query(QueryRequest::new(statement), &[])?;
                Ok(Flow::Continue)
            }
        }
    }

    /// Runs a request (cancellable on a terminal) and prints its answer, without the columns
    /// of `hidden` variables.
    fn run_query(&mut self, request: QueryRequest, hidden: &[Variable]) -> Result<(), ReplError> {
        let started = Instant::now();
        let outcome = match &self.endpoint {
            Some(endpoint) => endpoint.query(self.store.prefixes(), &request)?,
            None => self.interrupts.run(
                &self.store,
                request,
                self.budget,
                self.query_process.as_deref(),
            )?,
        };
        let took = query::elapsed(started);
        let outcome = named::hide_bound(outcome, hidden);
        self.print(&outcome)?;
        let mut summary = outcome.summary();
        if let Some((path, _)) = &self.output {
            summary.push_str(&format!(" written to {}", path.display()));
        }
        if self.timing {
            eprintln!("{summary} in {took}");
        } else {
            eprintln!("{summary}");
        }
        Ok(())
    }

    fn print(&mut self, outcome: &QueryOutcome) -> Result<(), ReplError> {
        let max_width = match &self.output {
            None => terminal_width(),
            Some(_) => None,
        };
        let table = TableOptions { max_width };
        match &mut self.output {
            Some((path, file)) => {
                render::write_outcome(outcome, self.format, self.store.prefixes(), table, file)
                    .map_err(|e| output_error(path, e))?;
                file.flush().map_err(|source| ReplError::Output {
                    path: path.display().to_string(),
                    source,
                })?;
            }
            None => {
                let stdout = io::stdout();
                let mut out = stdout.lock();
                render::write_outcome(
                    outcome,
                    self.format,
                    self.store.prefixes(),
                    table,
                    &mut out,
                )?;
                out.flush().map_err(RenderError::from)?;
            }
        }
        Ok(())
    }

    /// Writes text where results go (the terminal or the `.output` file).
    fn emit(&mut self, text: &str) -> Result<(), ReplError> {
        match &mut self.output {
            Some((path, file)) => file
                .write_all(text.as_bytes())
                .and_then(|()| file.flush())
                .map_err(|source| ReplError::Output {
                    path: path.display().to_string(),
                    source,
                }),
            None => {
                let stdout = io::stdout();
                let mut out = stdout.lock();
                out.write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(|e| RenderError::from(e).into())
            }
        }
    }

    fn meta(&mut self, command: Meta) -> Result<Flow, ReplError> {
        match command {
            Meta::Quit => return Ok(Flow::Quit),
            Meta::Help => self.emit(&meta::help())?,
            Meta::Queries => {
                let (header, rows) = self.library.listing();
                let text = render::aligned(&header, &rows, terminal_width());
                self.emit(&text)?;
            }
            Meta::Run { name, arguments } => {
                let query = self.library.get(&name)?;
                let request = query.bind(&arguments, self.store.prefixes())?;
                if self.endpoint.is_none() {
                    named::check_nodes(&request, self.store.oxigraph(), self.store.prefixes())?;
                }
                let hidden: Vec<Variable> =
                    request.bindings.iter().map(|(v, _)| v.clone()).collect();
                self.run_query(request, &hidden)?;
            }
            Meta::Describe(term) => {
                self.local_only(".describe")?;
                let text = self.describe(&term)?;
                self.emit(&text)?;
            }
            Meta::Tree { root, depth } => {
                let options = TreeOptions {
                    max_depth: depth.unwrap_or(TreeOptions::default().max_depth),
                    width: if self.output.is_none() {
                        terminal_width()
                    } else {
                        None
                    },
                };
                let prefixes = self.store.prefixes();
                let text = match &self.endpoint {
                    Some(endpoint) => {
                        tree::render(Target::Remote(endpoint, prefixes), prefixes, &root, options)?
                    }
                    // Within the budget, and Ctrl-C stops it, between its small queries.
                    None => self.within_budget(|token| {
                        let target = Target::Stoppable(&self.store, token);
                        tree::render(target, prefixes, &root, options)
                    })?,
                };
                self.emit(&text)?;
            }
            Meta::Map { root, path, depth } => {
                self.local_only(".map")?;
                use crate::map::{self, Engine, Format, MapOptions, Scope};
                let format = match path.extension().and_then(|e| e.to_str()) {
                    Some("dot" | "gv") => Format::Dot,
                    Some("html" | "htm") => Format::Html,
                    _ => Format::Svg,
                };
                let text = self.within_budget(|token| {
                    let options = MapOptions {
                        depth,
                        stop: Some(token.clone()),
                        ..MapOptions::default()
                    };
                    map::draw(
                        &self.store,
                        &Scope::Claim(root),
                        &options,
                        format,
                        Engine::Layered,
                    )
                })?;
                std::fs::write(&path, &text).map_err(|source| ReplError::Output {
                    path: path.display().to_string(),
                    source,
                })?;
                eprintln!("wrote {} ({} bytes)", path.display(), text.len());
            }
            Meta::Prefixes => {
                let rows: Vec<Vec<String>> = self
                    .store
                    .prefixes()
                    .iter()
                    .map(|p| vec![format!("{}:", p.name), p.iri.clone(), p.origin.clone()])
                    .collect();
                let header = ["prefix", "namespace", "declared by"].map(String::from);
                let text = render::aligned(&header, &rows, terminal_width());
                self.emit(&text)?;
            }
            Meta::Graphs => {
                self.local_only(".graphs")?;
                let rows: Vec<Vec<String>> = self
                    .store
                    .graphs()?
                    .into_iter()
                    .map(|g| vec![g.graph.to_string(), g.triples.to_string(), g.origin])
                    .collect();
                let header = ["graph", "triples", "origin"].map(String::from);
                let text = render::aligned(&header, &rows, terminal_width());
                self.emit(&text)?;
            }
            Meta::Load { path, graph } => {
                self.local_only(".load (push files with `argmap push`)")?;
                let graph = graph
                    .map(|g| store::parse_graph_iri(&g, self.store.prefixes()))
                    .transpose()?;
                let started = Instant::now();
                let loaded = self.store.load_files(&[path], graph)?;
                self.data_changed = true;
                let saved = self.store.saves();
                for graph in &loaded {
                    eprintln!(
                        "{} {} triples into <{}>{}",
                        if graph.replaced {
                            "replaced with"
                        } else {
                            "loaded"
                        },
                        graph.triples,
                        graph.graph.as_str(),
                        if saved { "" } else { " (this session only)" }
                    );
                }
                eprintln!("in {}", query::elapsed(started));
            }
            Meta::Format(None) => eprintln!("format: {}", self.format),
            Meta::Format(Some(format)) => self.format = format,
            Meta::Timing(None) => {
                eprintln!("timing: {}", if self.timing { "on" } else { "off" });
            }
            Meta::Timing(Some(on)) => self.timing = on,
            Meta::Explain(text) => {
                self.local_only(".explain")?;
                let plan = self.explain(&text)?;
                self.emit(&plan)?;
            }
            Meta::Output(None) => {
                if let Some((path, _)) = self.output.take() {
                    eprintln!(
                        "results go to the terminal again (were going to {})",
                        path.display()
                    );
                }
            }
            Meta::Bail(None) => eprintln!("bail: {}", if self.bail { "on" } else { "off" }),
            Meta::Bail(Some(on)) => self.bail = on,
            Meta::Read(path) => {
                let shown = path.display().to_string();
                if self.reading >= MAX_READ_DEPTH {
                    return Err(ReplError::ReadTooDeep { path: shown });
                }
                let bytes = std::fs::read(&path).map_err(|source| ReplError::Read {
                    path: shown.clone(),
                    source,
                })?;
                let script = diagnostic::decode_utf8(bytes).map_err(|at| ReplError::NotUtf8 {
                    path: shown.clone(),
                    at,
                })?;
                self.reading += 1;
                let run = self.run_script(&script, &shown);
                self.reading -= 1;
                if run.quit {
                    return Ok(Flow::Quit);
                }
                if run.failed > 0 {
                    return Err(ReplError::Script {
                        path: shown,
                        failed: run.failed,
                        bailed: run.bailed,
                    });
                }
            }
            Meta::Output(Some(path)) => {
                let file = File::create(&path).map_err(|source| ReplError::Output {
                    path: path.display().to_string(),
                    source,
                })?;
                eprintln!("results go to {} (.output alone to stop)", path.display());
                self.output = Some((path, file));
            }
        }
        Ok(Flow::Continue)
    }

    /// Everything said about a node (with the blank nodes it owns, such as its quotes), as
    /// Turtle, then what points to it.
    fn describe(&self, given: &str) -> Result<String, ReplError> {
        let prefixes = self.store.prefixes();
        let term = named::parse_value(given, prefixes)?;
        let Term::NamedNode(node) = &term else {
            return Err(named::ValueError {
                value: given.to_owned(),
                problem: "is a literal; give a prefixed name or an IRI".to_owned(),
            }
            .into());
        };
        let store = self.store.oxigraph();
        let mut triples: Vec<Triple> = Vec::new();
        let mut seen: HashSet<Triple> = HashSet::new();
        let mut subjects: Vec<NamedOrBlankNode> = vec![node.clone().into()];
        let mut visited: HashSet<NamedOrBlankNode> = HashSet::new();
        while let Some(subject) = subjects.pop() {
            if !visited.insert(subject.clone()) {
                continue;
            }
            for quad in store.quads_for_pattern(Some(subject.as_ref()), None, None, None) {
                let quad = quad.map_err(StoreError::from)?;
                if let Term::BlankNode(b) = &quad.object {
                    subjects.push(b.clone().into());
                }
                let triple = Triple::from(quad);
                if seen.insert(triple.clone()) {
                    triples.push(triple);
                }
            }
        }
        // A class or a scheme is pointed to by every node of its kind: the list is cut.
        let mut incoming: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut more = 0usize;
        for quad in store.quads_for_pattern(None, None, Some(term.as_ref()), None) {
            let quad = quad.map_err(StoreError::from)?;
            if incoming.len() >= DESCRIBE_INCOMING {
                more += 1;
                continue;
            }
            incoming.insert(vec![
                render::term_text(Term::from(quad.subject).as_ref(), prefixes),
                render::term_text(Term::from(quad.predicate).as_ref(), prefixes),
            ]);
        }
        if triples.is_empty() && incoming.is_empty() {
            return Ok(format!(
                "nothing is said about {} in the loaded graphs\n",
                render::term_text(term.as_ref(), prefixes)
            ));
        }
        let mut out = Vec::new();
        if !triples.is_empty() {
            render::write_triples(
                &triples,
                oxigraph::io::RdfFormat::Turtle,
                prefixes,
                &mut out,
            )?;
        }
        let mut text = String::from_utf8_lossy(&out).into_owned();
        if !incoming.is_empty() {
            text.push_str(&format!(
                "\n# what points to {}:\n",
                render::term_text(term.as_ref(), prefixes)
            ));
            let header = ["subject", "predicate"].map(String::from);
            let rows: Vec<Vec<String>> = incoming.into_iter().collect();
            text.push_str(&render::aligned(&header, &rows, terminal_width()));
            if more > 0 {
                text.push_str(&format!(
                    "… and {more} more statements point to it (SELECT ?s ?p {{ ?s ?p {} }} lists them)\n",
                    render::term_text(term.as_ref(), prefixes)
                ));
            }
        }
        Ok(text)
    }

    /// Oxigraph's plan for a query, as indented JSON (the query is planned, not run).
    fn explain(&self, text: &str) -> Result<String, ReplError> {
        let mut prepared = query::prepare(self.store.prefixes(), text)?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let (_, explanation) = prepared.on_store(self.store.oxigraph()).explain();
        let mut json = Vec::new();
        explanation
            .write_in_json(&mut json)
            .map_err(RenderError::from)?;
        let pretty = serde_json::from_slice::<serde_json::Value>(&json)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| String::from_utf8_lossy(&json).into_owned());
        Ok(format!("{pretty}\n"))
    }
}

fn output_error(path: &Path, error: RenderError) -> ReplError {
    match error {
        RenderError::Io(source) => ReplError::Output {
            path: path.display().to_string(),
            source,
        },
        other => other.into(),
    }
}

/// The width to cut tables to, when stdout is a terminal.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    Some(
        terminal_size::terminal_size()
            .map(|(width, _)| usize::from(width.0))
            .unwrap_or(100),
    )
}

/// Where the history is kept: `$ARGMAP_HISTORY` if set (empty: nowhere), else
/// `argmap/history.txt` in the platform's data directory (`~/.local/share` on Linux).
pub fn history_path() -> Option<PathBuf> {
    match std::env::var_os(HISTORY_ENV) {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => dirs::data_dir().map(|dir| dir.join("argmap").join("history.txt")),
    }
}

/// Reads statements from a script and runs each; returns whether all succeeded. Errors name
/// the statement and its line, and the run goes on (unless `.bail on`).
pub fn piped(session: &mut Session, script: &str, name: &str) -> bool {
    session.run_script(script, name).failed == 0
}

impl Session {
    /// Runs the statements of a script (piped, or `.read`), reporting each failure with
    /// `name:line: statement N:` on stderr; stops at `.quit`, a closed output, or with
    /// `.bail on` at the first failure.
    pub fn run_script(&mut self, script: &str, name: &str) -> ScriptRun {
        let mut run = ScriptRun::default();
        let mut statements = input::Script::new(script);
        while let Some(statement) = statements.next_statement(self.store.prefixes()) {
            run.statements += 1;
            match self.execute(&statement.text) {
                Ok(Flow::Quit) => {
                    run.quit = true;
                    break;
                }
                Ok(Flow::Continue) => {}
                Err(ReplError::Render(RenderError::Io(e)))
                    if e.kind() == io::ErrorKind::BrokenPipe =>
                {
                    break;
                }
                Err(error) => {
                    run.failed += 1;
                    eprintln!(
                        "{name}:{}: statement {}: {}",
                        statement.line,
                        run.statements,
                        located(&error, &statement, script)
                    );
                    if self.bail {
                        run.bailed = true;
                        break;
                    }
                }
            }
        }
        run
    }
}

/// An error message whose syntax-error position counts lines of the script, not of the
/// statement (a statement's lines are the script's lines, from `statement.line` on).
fn located(error: &ReplError, statement: &input::Statement, script: &str) -> String {
    match error {
        ReplError::Query(QueryError::Syntax {
            message,
            position: Some(at),
            ..
        }) => {
            let at = Position {
                line: (statement.line + at.line).saturating_sub(1),
                column: at.column,
            };
            format!(
                "syntax error at line {}, column {}: {message}\n{}",
                at.line,
                at.column,
                diagnostic::snippet(script, at).trim_end()
            )
        }
        other => other.to_string(),
    }
}

/// Opens the line editor and runs statements until `.quit` or Ctrl-D.
pub fn interactive(mut session: Session) -> Result<(), ReplError> {
    session.interrupts = Interrupts::install()?;
    let config = Config::builder()
        .edit_mode(EditMode::Emacs)
        .completion_type(CompletionType::List)
        .history_ignore_space(true)
        .history_ignore_dups(true)?
        .max_history_size(5000)?
        .auto_add_history(false)
        .bracketed_paste(true)
        .build();
    let mut editor: Editor<ReplHelper, FileHistory> = Editor::with_config(config)?;
    let words = session.words()?;
    editor.set_helper(Some(ReplHelper::new(words)));
    let history = history_path();
    if let Some(path) = &history {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            let _ = std::fs::create_dir_all(dir);
        }
        if path.exists()
            && let Err(e) = editor.load_history(path)
        {
            eprintln!("warning: cannot read the history {}: {e}", path.display());
        }
    }
    let graphs = session.store.graph_names().map(|g| g.len()).unwrap_or(0);
    println!(
        "argmap {} — {graphs} graphs, {} named queries. Type a SPARQL query, or .help; Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION"),
        session.library.len()
    );
    let mut history_warned = false;
    // The statement typed so far: lines are read one at a time, as psql and sqlite3 do, with
    // the continuation prompt until the statement is complete.
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() {
            PROMPT
        } else {
            CONTINUATION_PROMPT
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if pending.is_empty() {
                    if input::is_blank(&line) {
                        continue;
                    }
                    pending = line;
                } else {
                    pending.push('\n');
                    pending.push_str(&line);
                }
                if !input::is_complete(&pending, session.store.prefixes()) {
                    continue;
                }
                let line = std::mem::take(&mut pending);
                let _ = editor.add_history_entry(line.as_str());
                if let Some(path) = &history
                    && let Err(e) = editor.append_history(path)
                    && !history_warned
                {
                    history_warned = true;
                    eprintln!(
                        "warning: cannot save the history to {}: {e}",
                        path.display()
                    );
                }
                match session.execute(&line) {
                    Ok(Flow::Quit) => break,
                    Ok(Flow::Continue) => {}
                    Err(ReplError::Query(QueryError::Cancelled)) => {
                        // Over the terminal's "^C" echo.
                        eprintln!("\rquery cancelled")
                    }
                    Err(error) => eprintln!("error: {error}"),
                }
                if std::mem::take(&mut session.data_changed) {
                    match session.words() {
                        Ok(words) => {
                            if let Some(helper) = editor.helper_mut() {
                                helper.words = words;
                            }
                        }
                        Err(e) => eprintln!("warning: completion not refreshed: {e}"),
                    }
                }
            }
            // Ctrl-C drops the line, and the unfinished statement with it.
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) if !pending.is_empty() => {
                eprintln!("(the unfinished statement was not run)");
                break;
            }
            Err(ReadlineError::Eof) => break,
            // A byte that is not UTF-8 (typed, or pasted from a file in another encoding)
            // drops the line being edited, never the session.
            Err(ReadlineError::Io(e)) if e.kind() == io::ErrorKind::InvalidData => {
                eprintln!(
                    "\rerror: the terminal sent bytes that are not UTF-8; that line was dropped (set the terminal to UTF-8, or load the file with .load)"
                );
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}
