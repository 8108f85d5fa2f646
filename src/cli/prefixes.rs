//! `argmap prefixes`: the predeclared prefixes and who declared them.

use super::{CliError, Context, print_table};

/// List the predeclared prefixes.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args, context: Context) -> Result<(), CliError> {
    let rows: Vec<Vec<String>> = context
        .store
        .prefixes()
        .iter()
        .map(|p| vec![format!("{}:", p.name), p.iri.clone(), p.origin.clone()])
        .collect();
    print_table(&["prefix", "namespace", "declared by"], &rows)
}
