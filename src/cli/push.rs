//! `argmap push`: the session's graphs to a SPARQL endpoint.

use super::{CliError, Context};
use argmap::endpoint::{self, Endpoint};
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
pub struct Args {
    /// The endpoint's update URL (basic-auth credentials from ARGMAP_ENDPOINT_USER and
    /// ARGMAP_ENDPOINT_PASSWORD).
    #[arg(long, value_name = "URL")]
    endpoint: String,
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let endpoint = Endpoint::new(&args.endpoint, None)?;
    let started = Instant::now();
    let pushed = endpoint::push(&context.store, &endpoint)?;
    let mut triples = 0;
    for graph in &pushed {
        if graph.sent {
            triples += graph.triples;
            eprintln!(
                "pushed {} triples into <{}>",
                graph.triples,
                graph.graph.as_str()
            );
        } else {
            eprintln!(
                "kept <{}>: the server holds and protects its own copy",
                graph.graph.as_str()
            );
        }
    }
    eprintln!(
        "{triples} triples in {} graphs to {} in {}",
        pushed.iter().filter(|g| g.sent).count(),
        endpoint.url(),
        query::elapsed(started)
    );
    Ok(())
}
