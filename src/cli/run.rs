//! `argmap run`: a named query from the library, with its parameters bound.

use super::query::{AnswerArgs, print_answer};
use super::{CliError, Context, terminal_width};
use argmap::named::Library;
use argmap::render::{self, RenderError};
use std::io::{self, Write};

/// Run a named query from the library (`argmap run --list` shows them).
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap run --list
  argmap run main-conclusions
  argmap run support-tree claim=ofw:c-risk-of-spiral
  argmap run claims-mentioning entity=ent:NorthKorea --format csv
  argmap run my-question --queries ~/my-queries

A value is a prefixed name (ofw:c-main), an IRI (<https://…>), or a literal (\"text\",
\"text\"@en, 42, \"2024-10-01\"^^xsd:date, true). The parameter columns are left out of the answer.")]
pub struct Args {
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
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let store = &context.store;
    let library = Library::load(store.prefixes(), &context.queries)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let Some(name) = args.name.filter(|_| !args.list) else {
        let (header, rows) = library.listing();
        write!(out, "{}", render::aligned(&header, &rows, terminal_width()))
            .map_err(RenderError::from)?;
        return Ok(());
    };
    let request = library.get(&name)?.bind(&args.params, store.prefixes())?;
    if context.endpoint.is_none() {
        argmap::named::check_nodes(&request, store.oxigraph(), store.prefixes())?;
    }
    // The parameters' columns repeat the given values: leave them out.
    let bound: Vec<_> = request.bindings.iter().map(|(v, _)| v.clone()).collect();
    print_answer(&context, request, &bound, &args.answer, &mut out)
}
