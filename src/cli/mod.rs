//! The `argmap` command line: the argument parser, one module per command, and the dispatch.
//!
//! Each command lives in its own module with its `Args` (clap derive) and a `run` function, as
//! in cargo's `commands/`; this module only holds the global options, opens the session the
//! command needs and maps errors to exit codes.

mod af;
mod anchor;
mod check;
mod eval;
mod export;
mod graphs;
mod load;
mod map;
mod prefixes;
mod push;
mod query;
mod run;
mod serve;
mod shell;
mod update;

use argmap::budget::{self, Budget};
use argmap::diagnostic;
use argmap::eval::iccma::IccmaError;
use argmap::format::OutputFormat;
use argmap::named::NamedError;
use argmap::query::QueryError;
use argmap::render::RenderError;
use argmap::repl::ReplError;
use argmap::store::{ArgStore, OpenOptions, StoreError};
use argmap::workspace::{self, Access, WorkspaceError};
use clap::{CommandFactory, Parser, Subcommand};
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  argmap query 'SELECT ?claim ?text { ?claim a aif:I-node ; aif:claimText ?text } LIMIT 5'
  argmap query @questions/support.rq --format csv > support.csv
  argmap query 'SELECT ?p ?c { ?p arg:supports+ ?c }' --graph ofwono-2024/author
  argmap graphs
  argmap run --list
  argmap run support-tree claim=ofw:c-risk-of-spiral
  argmap map ofw:c-risk-of-spiral --depth 2 -o spiral.svg
  argmap                      (the interactive shell; `argmap < questions.rq` runs a script)
  argmap load my-map.ttl --store ~/maps
  argmap query 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' --store ~/maps --data extra/

Every prefix of the bundled files is predeclared (see `argmap prefixes`): no PREFIX lines needed.
Queries see all graphs at once; --graph narrows to one.";

/// Query the arguments of articles — claims, inferences, analogies, counterpoints and their
/// sources — mapped as RDF, with SPARQL.
#[derive(Parser, Debug)]
#[command(name = "argmap", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Add your own RDF files or folders to this session (repeatable); each file gets its own
    /// named graph, its file: URL. Format from the extension: .ttl .trig .nt .nq .rdf .owl .xml
    /// .jsonld .json
    #[arg(long, value_name = "PATH", global = true)]
    data: Vec<PathBuf>,

    /// Start without the bundled ontology and article graphs.
    #[arg(long, global = true)]
    no_bundled: bool,

    /// A workspace folder that keeps what you load and update across runs.
    #[arg(long, value_name = "PATH", global = true)]
    store: Option<PathBuf>,

    /// The backend of a store created now: nquads (one `dataset.nq` file, every build) or
    /// rocksdb (corpus scale; builds with `--features rocksdb`, where it is the default). An
    /// existing store keeps its own.
    #[arg(long, value_name = "BACKEND", global = true)]
    backend: Option<argmap::store::Backend>,

    /// Add a folder (or file) of your own named queries (`.rq` files with a `# name:` header);
    /// a query named like a bundled one replaces it. Repeatable.
    #[arg(long, value_name = "DIR", global = true)]
    queries: Vec<PathBuf>,

    /// Stop a query or update after SECONDS (0: never). Default: 120 in `run`, the shell and
    /// scripts; none for `query` and `update`.
    #[arg(long, value_name = "SECONDS", global = true)]
    timeout: Option<f64>,

    /// Stop a query or update when argmap has grown by more than MB megabytes while it runs
    /// (0: never). Default: 2048.
    #[arg(long, value_name = "MB", global = true)]
    max_memory: Option<u64>,

    /// Refuse answers of more than ROWS rows or triples (0: no limit). Default: 1000000.
    #[arg(long, value_name = "ROWS", global = true)]
    max_rows: Option<usize>,

    /// When another argmap process writes the store, wait up to SECONDS for it to finish
    /// before writing (load, update, serve, and each change in the shell). Default: 0.
    #[arg(long, value_name = "SECONDS", global = true, value_parser = parse_seconds)]
    wait: Option<f64>,

    /// Run `query`, `run`, `check`, `eval` and the shell against this SPARQL 1.1 endpoint instead of
    /// the embedded store, and `push` to it (basic-auth credentials from ARGMAP_ENDPOINT_USER
    /// and ARGMAP_ENDPOINT_PASSWORD, never from the command line).
    #[arg(long, value_name = "URL", global = true)]
    endpoint: Option<String>,

    /// With --endpoint: the graph to read as the default graph (sent as default-graph-uri).
    #[arg(long, value_name = "IRI", global = true, requires = "endpoint")]
    endpoint_graph: Option<String>,

    /// Without a command: the interactive shell on a terminal, or run the statements piped to
    /// stdin (`argmap < questions.rq`).
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    Query(query::Args),
    Run(run::Args),
    Graphs(graphs::Args),
    Prefixes(prefixes::Args),
    Export(export::Args),
    Load(load::Args),
    Check(check::Args),
    Update(update::Args),
    Serve(serve::Args),
    Push(push::Args),
    Map(map::Args),
    Af(af::Args),
    Eval(eval::Args),
    Anchor(anchor::Args),
}

impl Command {
    /// Whether the command changes a workspace (and so needs `--store` and the write lock).
    fn writes(&self) -> bool {
        matches!(self, Self::Load(_) | Self::Update(_))
    }

    /// Whether the command takes the workspace's write lock (a serve that accepts updates
    /// writes if given a store, but needs none).
    fn locks_for_writing(&self) -> bool {
        self.writes() || matches!(self, Self::Serve(args) if args.writes())
    }

    /// Whether the command writes evaluation labels, which a `--store` keeps when this process
    /// can take the write lock (and otherwise keeps for the session, with a note).
    fn saves_labels(&self) -> bool {
        matches!(self, Self::Eval(args) if args.writes_labels())
    }

    /// Whether the command can run against `--endpoint`.
    fn remote(&self) -> bool {
        matches!(
            self,
            Self::Query(_) | Self::Run(_) | Self::Check(_) | Self::Push(_) | Self::Eval(_)
        )
    }
}

/// What every command gets besides its own arguments.
pub struct Context {
    /// The session's dataset.
    pub store: ArgStore,
    /// `--store`, if given.
    pub store_path: Option<PathBuf>,
    /// `--queries` folders.
    pub queries: Vec<PathBuf>,
    /// `--timeout`, `--max-memory`, `--max-rows`, with this command's defaults.
    pub budget: Budget,
    /// `--endpoint`, if given: where the command's queries go instead of `store`.
    pub endpoint: Option<argmap::endpoint::Endpoint>,
}

/// Errors of the command line itself.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Named(#[from] NamedError),
    #[error(transparent)]
    Repl(#[from] ReplError),
    /// Errors already reported one by one (a script's failed statements).
    #[error("some statements failed")]
    Reported,
    #[error(transparent)]
    Check(#[from] argmap::check::CheckError),
    #[error(transparent)]
    Serve(#[from] argmap::serve::ServeError),
    #[error(transparent)]
    Endpoint(#[from] argmap::endpoint::EndpointError),
    #[error(transparent)]
    Map(#[from] argmap::map::MapError),
    #[error("cannot write {path}: {source}")]
    Output { path: String, source: io::Error },
    #[error(transparent)]
    Af(#[from] argmap::eval::iccma::IccmaError),
    #[error("{0}")]
    Eval(String),
    #[error("the map has {0}")]
    MapErrors(String),
    #[error(transparent)]
    AifExport(#[from] argmap::export::aif::AifExportError),
    #[error(transparent)]
    ArgdownExport(#[from] argmap::export::argdown::ArgdownExportError),
    /// Options that do not go together (exit 2, like clap's own usage errors).
    #[error("{0}")]
    Usage(String),
    #[error("{file}: {error}")]
    Anchor {
        file: String,
        error: Box<argmap::anchor::AnchorError>,
    },
    #[error("cannot read {what}: {source}")]
    Input { what: String, source: io::Error },
    #[error("cannot read {what}: not UTF-8 text (the first bad byte is at line {}, column {})", at.line, at.column)]
    NotUtf8 {
        what: String,
        at: diagnostic::Position,
    },
}

/// Parses the command line, runs it and turns the outcome into an exit code: 0 success, 1 an
/// input or query error, 2 a usage error.
pub fn main() -> ExitCode {
    // The shell's query process on a RocksDB store: not a command, so not in clap.
    #[cfg(target_os = "linux")]
    {
        let mut args = std::env::args_os().skip(1);
        if args.next().as_deref()
            == Some(std::ffi::OsStr::new(argmap::repl::isolate::QUERY_PROCESS))
        {
            return ExitCode::from(argmap::repl::isolate::serve_job(args));
        }
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Render(RenderError::Io(e))) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(CliError::Reported) => ExitCode::from(1),
        // A wrong query name or parameter is a usage error, like a wrong flag.
        Err(
            error @ (CliError::Usage(_)
            | CliError::Named(
                NamedError::Argument { .. }
                | NamedError::Unknown { .. }
                | NamedError::NoSuchNode { .. },
            )
            | CliError::Af(IccmaError::UnknownProblem { .. } | IccmaError::Query(_))),
        ) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn run(mut cli: Cli) -> Result<(), CliError> {
    // `af` reads a framework file and needs no dataset: do not pay for opening one.
    cli.command = match cli.command.take() {
        Some(Command::Af(args)) => return af::run(args),
        other => other,
    };
    let writes = cli.command.as_ref().is_some_and(Command::writes);
    if writes && cli.store.is_none() {
        usage_error(
            clap::error::ErrorKind::MissingRequiredArgument,
            "this command changes a workspace: add --store PATH",
        );
    }
    if cli.endpoint.is_some() && cli.command.as_ref().is_some_and(|c| !c.remote()) {
        usage_error(
            clap::error::ErrorKind::ArgumentConflict,
            "--endpoint works with query, run, check, eval, push and the shell",
        );
    }
    let endpoint = cli
        .endpoint
        .as_deref()
        .map(|url| argmap::endpoint::Endpoint::new(url, cli.endpoint_graph.as_deref()))
        .transpose()?;
    let shell = cli.command.is_none();
    // eval saves its labels in a store that exists, and creates none for them.
    let labels = cli.command.as_ref().is_some_and(Command::saves_labels)
        && cli.store.as_ref().is_some_and(|path| path.is_dir());
    let locks = labels || cli.command.as_ref().is_some_and(Command::locks_for_writing);
    let fallback = shell || labels;
    let store = open_session(&cli, locks, fallback)?;
    let interactive = matches!(cli.command, None | Some(Command::Run(_)));
    let budget = Budget::from_flags(
        cli.timeout,
        interactive.then_some(budget::SHELL_TIMEOUT),
        cli.max_memory,
        cli.max_rows,
    );
    let context = Context {
        store,
        store_path: cli.store,
        queries: cli.queries,
        budget,
        endpoint,
    };
    match cli.command {
        None => shell::run(context),
        Some(Command::Query(args)) => query::run(args, context),
        Some(Command::Run(args)) => run::run(args, context),
        Some(Command::Graphs(args)) => graphs::run(args, context),
        Some(Command::Prefixes(args)) => prefixes::run(args, context),
        Some(Command::Export(args)) => export::run(args, context),
        Some(Command::Load(args)) => load::run(args, context),
        Some(Command::Check(args)) => check::run(args, context),
        Some(Command::Update(args)) => update::run(args, context),
        Some(Command::Serve(args)) => serve::run(args, context),
        Some(Command::Push(args)) => push::run(args, context),
        Some(Command::Map(args)) => map::run(args, context),
        Some(Command::Eval(args)) => eval::run(args, context),
        Some(Command::Af(_)) => Ok(()),
        Some(Command::Anchor(args)) => anchor::run(args),
    }
}

/// Opens the dataset as the global options describe it. The shell may load and update, so it
/// takes the write lock for each change ([`Access::OnDemand`]); if it cannot write the store
/// (a read-only folder, or another process holding a RocksDB store), it still opens,
/// read-only, and says so.
fn open_session(cli: &Cli, writes: bool, shell: bool) -> Result<ArgStore, CliError> {
    let mut options = OpenOptions {
        bundled: !cli.no_bundled,
        data: cli.data.clone(),
        backend: cli.backend,
        store: cli.store.clone().map(|path| {
            let access = if writes {
                Access::Write
            } else if shell {
                Access::OnDemand
            } else {
                Access::Read
            };
            (path, access)
        }),
        wait: Duration::from_secs_f64(cli.wait.unwrap_or(0.0)),
    };
    let why_read_only = match ArgStore::open(&options) {
        Err(StoreError::Workspace(WorkspaceError::InUse { holder, .. })) if shell => format!(
            "is in use by another argmap process{}",
            holder
                .map(|pid| format!(" (pid {pid})"))
                .unwrap_or_default()
        ),
        Err(StoreError::Workspace(error)) if shell && workspace::is_permission_error(&error) => {
            format!("cannot be written ({error})")
        }
        other => {
            let mut store = other?;
            for notice in store.take_notices() {
                eprintln!("note: {notice}");
            }
            return Ok(store);
        }
    };
    if let Some((_, access)) = &mut options.store {
        *access = Access::Read;
    }
    let mut store = ArgStore::open(&options)?;
    if let Some((path, _)) = &options.store {
        // An N-Quads store is read into memory, where changes can live for the session; a
        // RocksDB snapshot is read in place and takes none.
        let changes = if store.backend() == Some(argmap::store::Backend::RocksDb) {
            "loads and updates are refused"
        } else {
            "loads, updates and evaluation labels last for this session"
        };
        eprintln!(
            "note: store {} {why_read_only}; opened read-only: {changes}",
            path.display()
        );
    }
    for notice in store.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(store)
}

/// Exits with clap's usage message and code 2, as for a wrong flag.
fn usage_error(kind: clap::error::ErrorKind, message: &str) -> ! {
    Cli::command().error(kind, message).exit()
}

/// A number of seconds (`--wait`): finite, not negative.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && (0.0..=1e9).contains(&seconds) => Ok(seconds),
        _ => Err(format!("{text:?} is not a number of seconds")),
    }
}

/// The `--format` value parser shared by the commands that print answers or RDF.
fn parse_format(name: &str) -> Result<OutputFormat, String> {
    name.parse()
        .map_err(|e: argmap::format::FormatError| e.to_string())
}

/// Reads a query or update given inline, as `@FILE`, or as `-` (stdin).
fn read_argument(argument: &str, what: &str) -> Result<String, CliError> {
    let (bytes, source) = if argument == "-" {
        let mut bytes = Vec::new();
        let source = format!("the {what} from stdin");
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Input {
                what: source.clone(),
                source: e,
            })?;
        (bytes, source)
    } else if let Some(path) = argument.strip_prefix('@') {
        let source = format!("{what} file {path}");
        let bytes = std::fs::read(path).map_err(|e| CliError::Input {
            what: source.clone(),
            source: e,
        })?;
        (bytes, source)
    } else {
        return Ok(argument.to_owned());
    };
    diagnostic::decode_utf8(bytes).map_err(|at| CliError::NotUtf8 { what: source, at })
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

/// Prints an aligned table to stdout (`graphs`, `prefixes`).
fn print_table(header: &[&str], rows: &[Vec<String>]) -> Result<(), CliError> {
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    write!(
        io::stdout().lock(),
        "{}",
        argmap::render::aligned(&header, rows, None)
    )
    .map_err(RenderError::from)?;
    Ok(())
}
