//! `argmap check`: the map's linter and quote verifier.

use super::{CliError, Context};
use argmap::check::{self, CheckOptions};
use argmap::render::RenderError;
use std::io::{self, Write};
use std::path::PathBuf;

/// Lint the map: broken inferences, dangling references, undeclared terms, invalid
/// literals, misquoted sources. Exits with 1 if there is any error.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap check
  argmap check --no-bundled --data my-map.ttl --sources texts/
  argmap check --format json > findings.json

The bundled ontology is always loaded: --no-bundled checks your files alone against it.
With --endpoint, the endpoint's graphs (or its --endpoint-graph) are copied and checked here.
Quotes are verified against the texts in --sources DIR, then the bundled sources/.")]
pub struct Args {
    /// text (compiler-style lines) or json (one object with a `findings` array).
    #[arg(long, short, value_enum, default_value = "text")]
    format: CheckFormat,
    /// A folder of source texts, looked up by arg:fileName before the bundled sources/.
    #[arg(long, value_name = "DIR")]
    sources: Option<PathBuf>,
}

/// Output of `argmap check`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    // Against an endpoint, its graphs are copied here first: the checks read every quad.
    let mut store = match &context.endpoint {
        Some(endpoint) => argmap::endpoint::mirror(endpoint, context.store.prefixes())?,
        None => context.store,
    };
    let report = check::run(
        &mut store,
        &CheckOptions {
            sources: args.sources,
        },
    )?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.format {
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
    Ok(())
}
