//! `argmap prefixes`: the predeclared prefixes and who declared them.

use super::{CliError, Context};
use argmap::render::{self, RenderError};
use std::io::{self, Write};

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
    let header = ["prefix", "namespace", "declared by"].map(String::from);
    write!(
        io::stdout().lock(),
        "{}",
        render::aligned(&header, &rows, None)
    )
    .map_err(RenderError::from)?;
    Ok(())
}
