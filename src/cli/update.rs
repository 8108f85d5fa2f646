//! `argmap update`: a SPARQL UPDATE against a workspace.

use super::{CliError, Context, read_argument};
use argmap::budget::{self, Overrun};
use argmap::query;
use std::time::Instant;

/// Run a SPARQL UPDATE against a workspace (--store) and save the result.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap update 'INSERT DATA { GRAPH <https://example.org/notes> { ofw:doc rdfs:comment \"read\" } }' --store ~/maps
  argmap update @fix.ru --store ~/maps

WHERE clauses see all graphs; write into a graph of your own (GRAPH <...> { }): bundled and
derived graphs are read-only.")]
pub struct Args {
    /// The update: inline text, @FILE, or - for stdin.
    update: String,
}

pub fn run(args: Args, mut context: Context) -> Result<(), CliError> {
    let text = read_argument(&args.update, "update")?;
    let started = Instant::now();
    let summary = budget::update(&mut context.store, &text, context.budget, Overrun::Exit)?;
    eprintln!(
        "{} quads before, {} after; saved to {} in {}",
        summary.before,
        summary.after,
        context.store_path.unwrap_or_default().display(),
        query::elapsed(started)
    );
    Ok(())
}
