//! The `argmap` command line: parses arguments, calls the library, prints.

use argmap::check::{self, CheckOptions};
use argmap::diagnostic;
use argmap::format::OutputFormat;
use argmap::named::{self, Library, NamedError};
use argmap::query::{self, QueryRequest};
use argmap::render::{self, RenderError, TableOptions};
use argmap::repl::{self, ReplError, Session};
use argmap::store::{self, ArgStore, OpenOptions, StoreError};
use argmap::workspace::{Access, WorkspaceError};
use clap::{CommandFactory, Parser, Subcommand};
use oxigraph::io::RdfFormat;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const EXAMPLES: &str = "\
Examples:
  argmap query 'SELECT ?claim ?text { ?claim a aif:I-node ; aif:claimText ?text } LIMIT 5'
  argmap query @questions/support.rq --format csv > support.csv
  argmap query 'SELECT ?p ?c { ?p arg:supports+ ?c }' --graph ofwono-2024/author
  argmap graphs
  argmap run --list
  argmap run support-tree claim=ofw:c-main
  argmap                      (the interactive shell; `argmap < questions.rq` runs a script)
  argmap load my-map.ttl --store ~/maps
  argmap query 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' --store ~/maps --data extra/

Every prefix of the bundled files is predeclared (see `argmap prefixes`): no PREFIX lines needed.
Queries see all graphs at once; --graph narrows to one.";

/// Query the arguments of articles — claims, inferences, analogies, counterpoints and their
/// sources — mapped as RDF, with SPARQL.
#[derive(Parser, Debug)]
#[command(name = "argmap", version, about, after_help = EXAMPLES)]
struct Cli {
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

    /// Add a folder (or file) of your own named queries (`.rq` files with a `# name:` header);
    /// a query named like a bundled one replaces it. Repeatable.
    #[arg(long, value_name = "DIR", global = true)]
    queries: Vec<PathBuf>,

    /// Without a command: the interactive shell on a terminal, or run the statements piped to
    /// stdin (`argmap < questions.rq`).
    #[command(subcommand)]
    command: Option<Command>,
}

/// How `query` and `run` print their answer.
#[derive(clap::Args, Debug)]
struct AnswerArgs {
    /// table (default), csv, tsv, json, xml for SELECT/ASK; turtle (default), trig,
    /// ntriples, nquads, jsonld, rdfxml for CONSTRUCT/DESCRIBE.
    #[arg(long, short, default_value = "table", value_parser = parse_format)]
    format: OutputFormat,
    /// Narrow the default graph to one graph: its IRI, a prefixed name, or an unambiguous
    /// ending such as `ofwono-2024/author`.
    #[arg(long, short, value_name = "GRAPH")]
    graph: Option<String>,
    /// Never cut long values to the terminal width.
    #[arg(long, short)]
    wide: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a SPARQL query and print its answer.
    #[command(after_help = "\
Examples:
  argmap query 'SELECT ?c ?text { ?doc arg:mainConclusion ?c . ?c aif:claimText ?text }'
  argmap query 'ASK { ?x arg:undercuts ?inference }'
  argmap query 'CONSTRUCT { ?p arg:supports ?c } WHERE { ?p arg:supports ?c }' --format ntriples
  argmap query @my-question.rq --format json
  echo 'SELECT * { ?s ?p ?o } LIMIT 3' | argmap query -

The row count and the time go to stderr, so stdout holds only the answer.")]
    Query {
        /// The query: inline text, @FILE to read it from a file, or - for stdin.
        query: String,
        #[command(flatten)]
        answer: AnswerArgs,
    },
    /// Run a named query from the library (`argmap run --list` shows them).
    #[command(after_help = "\
Examples:
  argmap run --list
  argmap run main-conclusions
  argmap run support-tree claim=ofw:c-main
  argmap run claims-mentioning entity=ent:NorthKorea --format csv
  argmap run my-question --queries ~/my-queries

A value is a prefixed name (ofw:c-main), an IRI (<https://…>), or a literal (\"text\",
\"text\"@en, 42, \"2024-10-01\"^^xsd:date, true). The parameter columns are left out of the answer.")]
    Run {
        /// The query's name.
        #[arg(required_unless_present = "list")]
        name: Option<String>,
        /// Parameters as NAME=VALUE.
        #[arg(value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// List the named queries, their parameters and descriptions.
        #[arg(long, short, conflicts_with = "name")]
        list: bool,
        #[command(flatten)]
        answer: AnswerArgs,
    },
    /// List the named graphs, their triple counts and where each came from.
    Graphs,
    /// List the predeclared prefixes.
    Prefixes,
    /// Print the dataset (TriG) or one graph (Turtle), sorted and with prefixes.
    #[command(after_help = "\
Examples:
  argmap export > everything.trig
  argmap export --graph ofwono-2024/analyst --format ntriples")]
    Export {
        /// One graph only (IRI, prefixed name or unambiguous ending).
        #[arg(long, short, value_name = "GRAPH")]
        graph: Option<String>,
        /// trig, turtle, ntriples, nquads, jsonld or rdfxml.
        #[arg(long, short, value_parser = parse_format)]
        format: Option<OutputFormat>,
    },
    /// Load RDF files into a workspace (--store), each into its own graph, replacing what that
    /// graph held. All files parse, or nothing is loaded.
    #[command(after_help = "\
Examples:
  argmap load my-map.ttl --store ~/maps
  argmap load maps/ --store ~/maps
  argmap load critique.ttl --graph https://example.org/critique --store ~/maps")]
    Load {
        /// Files or folders.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Put every triple in this graph instead of one graph per file.
        #[arg(long, short, value_name = "IRI")]
        graph: Option<String>,
    },
    /// Lint the map: broken inferences, dangling references, undeclared terms, invalid
    /// literals, misquoted sources. Exits with 1 if there is any error.
    #[command(after_help = "\
Examples:
  argmap check
  argmap check --no-bundled --data my-map.ttl --sources texts/
  argmap check --format json > findings.json

The bundled ontology is always loaded: --no-bundled checks your files alone against it.
Quotes are verified against the texts in --sources DIR, then the bundled sources/.")]
    Check {
        /// text (compiler-style lines) or json (one object with a `findings` array).
        #[arg(long, short, value_enum, default_value = "text")]
        format: CheckFormat,
        /// A folder of source texts, looked up by arg:fileName before the bundled sources/.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
    },
    /// Run a SPARQL UPDATE against a workspace (--store) and save the result.
    #[command(after_help = "\
Examples:
  argmap update 'INSERT DATA { GRAPH <https://example.org/notes> { ofw:doc rdfs:comment \"read\" } }' --store ~/maps
  argmap update @fix.ru --store ~/maps

WHERE clauses see all graphs; write into a graph of your own (GRAPH <...> { }): bundled and
derived graphs are read-only.")]
    Update {
        /// The update: inline text, @FILE, or - for stdin.
        update: String,
    },
}

/// Output of `argmap check`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn parse_format(name: &str) -> Result<OutputFormat, String> {
    name.parse()
        .map_err(|e: argmap::format::FormatError| e.to_string())
}

/// Errors of the command line itself.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] query::QueryError),
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
    #[error("the map has {0}")]
    MapErrors(String),
    #[error("cannot read {what}: {source}")]
    Input { what: String, source: io::Error },
    #[error("cannot read {what}: not UTF-8 text (the first bad byte is at line {}, column {})", at.line, at.column)]
    NotUtf8 {
        what: String,
        at: diagnostic::Position,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Render(RenderError::Io(e))) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(CliError::Reported) => ExitCode::from(1),
        // A wrong query name or parameter is a usage error, like a wrong flag.
        Err(error @ CliError::Named(NamedError::Argument { .. } | NamedError::Unknown { .. })) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let writes = matches!(
        cli.command,
        Some(Command::Load { .. } | Command::Update { .. })
    );
    if writes && cli.store.is_none() {
        Cli::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "this command changes a workspace: add --store PATH",
            )
            .exit();
    }
    // The shell may load and update, so it asks to write; if another process holds the
    // workspace, it still opens, read-only, and says so.
    let shell = cli.command.is_none();
    let mut options = OpenOptions {
        bundled: !cli.no_bundled,
        data: cli.data.clone(),
        store: cli.store.clone().map(|path| {
            let access = if writes || shell {
                Access::Write
            } else {
                Access::Read
            };
            (path, access)
        }),
    };
    let mut store = match ArgStore::open(&options) {
        Err(StoreError::Workspace(WorkspaceError::InUse { path, holder })) if shell => {
            eprintln!(
                "note: store {} is in use by another argmap process{}; opened read-only: loads and updates last for this session",
                path.display(),
                holder
                    .map(|pid| format!(" (pid {pid})"))
                    .unwrap_or_default()
            );
            if let Some((_, access)) = &mut options.store {
                *access = Access::Read;
            }
            ArgStore::open(&options)?
        }
        other => other?,
    };
    let Some(command) = cli.command else {
        let library = Library::load(store.prefixes(), &cli.queries)?;
        let mut session = Session::new(store, library);
        if io::stdin().is_terminal() {
            return Ok(repl::interactive(session)?);
        }
        let script = read_argument("-", "statements")?;
        return if repl::piped(&mut session, &script, "<stdin>") {
            Ok(())
        } else {
            Err(CliError::Reported)
        };
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match command {
        Command::Query { query, answer } => {
            let text = read_argument(&query, "query")?;
            print_answer(&store, QueryRequest::new(text), &[], &answer, &mut out)?;
        }
        Command::Run {
            name,
            params,
            list,
            answer,
        } => {
            let library = Library::load(store.prefixes(), &cli.queries)?;
            let Some(name) = name.filter(|_| !list) else {
                let (header, rows) = library.listing();
                write!(out, "{}", render::aligned(&header, &rows, terminal_width()))
                    .map_err(RenderError::from)?;
                return Ok(());
            };
            let request = library.get(&name)?.bind(&params, store.prefixes())?;
            // The parameters' columns repeat the given values: leave them out.
            let bound: Vec<_> = request.bindings.iter().map(|(v, _)| v.clone()).collect();
            print_answer(&store, request, &bound, &answer, &mut out)?;
        }
        Command::Graphs => {
            let rows: Vec<Vec<String>> = store
                .graphs()?
                .into_iter()
                .map(|g| vec![g.graph.to_string(), g.triples.to_string(), g.origin])
                .collect();
            let header = ["graph", "triples", "origin"].map(String::from);
            write!(out, "{}", render::aligned(&header, &rows, None)).map_err(RenderError::from)?;
        }
        Command::Prefixes => {
            let rows: Vec<Vec<String>> = store
                .prefixes()
                .iter()
                .map(|p| vec![format!("{}:", p.name), p.iri.clone(), p.origin.clone()])
                .collect();
            let header = ["prefix", "namespace", "declared by"].map(String::from);
            write!(out, "{}", render::aligned(&header, &rows, None)).map_err(RenderError::from)?;
        }
        Command::Export { graph, format } => {
            let graph = graph.map(|g| store.resolve_graph(&g)).transpose()?;
            let rdf = match format {
                None if graph.is_some() => RdfFormat::Turtle,
                None => RdfFormat::TriG,
                Some(OutputFormat::Rdf(rdf)) => rdf,
                Some(other) => {
                    return Err(RenderError::Mismatch {
                        format: other.name(),
                        what: "export",
                        hint: "trig, turtle, ntriples, nquads, jsonld or rdfxml",
                    }
                    .into());
                }
            };
            store.export(graph.as_ref(), rdf, &mut out)?;
        }
        Command::Load { files, graph } => {
            let graph = graph
                .map(|g| store::parse_graph_iri(&g, store.prefixes()))
                .transpose()?;
            let started = Instant::now();
            let loaded = store.load_files(&files, graph)?;
            for graph in &loaded {
                eprintln!(
                    "{} {} triples into <{}>",
                    if graph.replaced {
                        "replaced with"
                    } else {
                        "loaded"
                    },
                    graph.triples,
                    graph.graph.as_str()
                );
            }
            eprintln!(
                "saved to {} in {}",
                cli.store.unwrap_or_default().display(),
                query::elapsed(started)
            );
        }
        Command::Check { format, sources } => {
            let report = check::run(&mut store, &CheckOptions { sources })?;
            match format {
                CheckFormat::Text => report.write_text(&mut out),
                CheckFormat::Json => report.write_json(&mut out),
            }
            .and_then(|()| out.flush())
            .map_err(RenderError::from)?;
            if report.has_errors() {
                let n = report.errors;
                return Err(CliError::MapErrors(format!(
                    "{n} error{}",
                    if n == 1 { "" } else { "s" }
                )));
            }
        }
        Command::Update { update } => {
            let text = read_argument(&update, "update")?;
            let started = Instant::now();
            let summary = store.update(&text)?;
            eprintln!(
                "{} quads before, {} after; saved to {} in {}",
                summary.before,
                summary.after,
                cli.store.unwrap_or_default().display(),
                query::elapsed(started)
            );
        }
    }
    Ok(())
}

/// Runs a query and prints its answer to `out`, the count and time to stderr.
fn print_answer(
    store: &ArgStore,
    request: QueryRequest,
    hidden: &[oxigraph::sparql::Variable],
    answer: &AnswerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let graph = answer
        .graph
        .as_deref()
        .map(|g| store.resolve_graph(g))
        .transpose()?;
    let started = Instant::now();
    let outcome = store.query(&request.in_graph(graph))?;
    let took = query::elapsed(started);
    let outcome = if hidden.is_empty() {
        outcome
    } else {
        named::hide_bound(outcome, hidden)
    };
    let table = TableOptions {
        max_width: (!answer.wide).then(terminal_width).flatten(),
    };
    render::write_outcome(&outcome, answer.format, store.prefixes(), table, out)?;
    out.flush().map_err(RenderError::from)?;
    eprintln!("{} in {took}", outcome.summary());
    Ok(())
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
