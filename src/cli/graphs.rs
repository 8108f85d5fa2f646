//! `argmap graphs`: the named graphs, their sizes and origins.

use super::{CliError, Context, print_table};

/// List the named graphs, their triple counts and where each came from.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args, context: Context) -> Result<(), CliError> {
    let rows: Vec<Vec<String>> = context
        .store
        .graphs()?
        .into_iter()
        .map(|g| vec![g.graph.to_string(), g.triples.to_string(), g.origin])
        .collect();
    print_table(&["graph", "triples", "origin"], &rows)
}
