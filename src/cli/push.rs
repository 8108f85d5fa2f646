//! `argmap push`: the session's graphs to a SPARQL endpoint.

use super::{CliError, Context, usage_error};
use argmap::endpoint;
use argmap::query;
use std::time::Instant;

/// Upload every graph of the session (bundled, --store, --data, and the derived shortcuts) to a
/// SPARQL 1.1 endpoint with SPARQL Update, each replacing the endpoint's graph of that name.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap push --store ~/maps --endpoint http://127.0.0.1:7878/sparql
  ARGMAP_ENDPOINT_USER=me ARGMAP_ENDPOINT_PASSWORD=secret argmap push --endpoint http://host:8890/sparql-auth

Then run the same commands there: argmap run main-conclusions --endpoint URL")]
pub struct Args {}

pub fn run(_args: Args, context: Context) -> Result<(), CliError> {
    use clap::error::ErrorKind::{ArgumentConflict, MissingRequiredArgument};
    let Some(endpoint) = &context.endpoint else {
        usage_error(
            MissingRequiredArgument,
            "push needs --endpoint URL (the server's SPARQL update URL)",
        )
    };
    if endpoint.graph().is_some() {
        usage_error(
            ArgumentConflict,
            "push writes every graph under its own name: --endpoint-graph does not apply",
        )
    }
    let started = Instant::now();
    let pushed = endpoint::push(&context.store, endpoint)?;
    let mut triples = 0;
    for graph in &pushed {
        match graph.kept {
            None => {
                triples += graph.triples;
                eprintln!(
                    "pushed {} triples into <{}>",
                    graph.triples,
                    graph.graph.as_str()
                );
            }
            Some(why) => eprintln!("kept <{}>: {why}", graph.graph.as_str()),
        }
    }
    eprintln!(
        "{triples} triples in {} graphs to {} in {}",
        pushed.iter().filter(|g| g.kept.is_none()).count(),
        endpoint.url(),
        query::elapsed(started)
    );
    Ok(())
}
