//! `argmap query`: one SPARQL query, its answer on stdout.

use super::{CliError, Context, parse_format, read_argument, terminal_width, usage_error};
use argmap::budget::{self, Overrun};
use argmap::endpoint::Target;
use argmap::format::OutputFormat;
use argmap::named;
use argmap::query::{self, QueryRequest};
use argmap::render::{self, RenderError, TableOptions};
use std::io::{self, Write};

/// Run a SPARQL query and print its answer.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap query 'SELECT ?c ?text { ?doc arg:mainConclusion ?c . ?c aif:claimText ?text }'
  argmap query 'ASK { ?x arg:undercuts ?inference }'
  argmap query 'CONSTRUCT { ?p arg:supports ?c } WHERE { ?p arg:supports ?c }' --format ntriples
  argmap query @my-question.rq --format json
  echo 'SELECT * { ?s ?p ?o } LIMIT 3' | argmap query -

The row count and the time go to stderr, so stdout holds only the answer.")]
pub struct Args {
    /// The query: inline text, @FILE to read it from a file, or - for stdin.
    query: String,
    #[command(flatten)]
    answer: AnswerArgs,
}

/// How `query` and `run` print their answer.
#[derive(clap::Args, Debug)]
pub struct AnswerArgs {
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

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let text = read_argument(&args.query, "query")?;
    let stdout = io::stdout();
    print_answer(
        &context,
        QueryRequest::new(text),
        &[],
        &args.answer,
        &mut stdout.lock(),
    )
}

/// Runs a query and prints its answer to `out` (without the `hidden` columns), the count and
/// time to stderr.
pub fn print_answer(
    context: &Context,
    request: QueryRequest,
    hidden: &[oxigraph::sparql::Variable],
    answer: &AnswerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let store = &context.store;
    let budget = context.budget;
    if answer.graph.is_some() && context.endpoint.is_some() {
        usage_error(
            clap::error::ErrorKind::ArgumentConflict,
            "--graph narrows the embedded store; with --endpoint, use --endpoint-graph",
        );
    }
    let graph = answer
        .graph
        .as_deref()
        .map(|g| store.resolve_graph(g))
        .transpose()?;
    let target = match &context.endpoint {
        Some(endpoint) => Target::Remote(endpoint, store.prefixes()),
        None => Target::Local(store),
    };
    let started = std::time::Instant::now();
    let outcome = match &target {
        Target::Remote(..) | Target::Stoppable(..) => target.query(&request.in_graph(graph))?,
        Target::Local(store) => budget::execute(
            store.oxigraph(),
            store.prefixes(),
            &request.in_graph(graph),
            budget,
            Overrun::Exit,
        )?,
    };
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
