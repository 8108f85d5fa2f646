//! `argmap serve`: the session as a SPARQL endpoint with a web page.

use super::{CliError, Context};
use argmap::named::Library;
use argmap::serve::answer::Limits;
use argmap::serve::{self, ServeOptions};
use std::net::SocketAddr;
use std::time::Duration;

/// Serve the session (bundled graphs, --data, --store) as a SPARQL 1.1 endpoint with a web page.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap serve                                  (then open http://127.0.0.1:7878/)
  argmap serve --store ~/maps --bind 0.0.0.0:8080 --cors
  argmap serve --store ~/maps --allow-update --timeout 5
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql

Paths: /sparql (SPARQL 1.1 Protocol; the service description without a query),
/store?graph=IRI and /store?default (Graph Store Protocol, read-only), /api/queries and
/api/run/NAME?param=value (the named queries), / (the page). One log line per request on stderr.")]
pub struct Args {
    /// The address to listen on; port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// Accept SPARQL updates (POST application/sparql-update or update=); bundled and derived
    /// graphs stay read-only. With --store, updates are saved.
    #[arg(long)]
    allow_update: bool,
    /// Stop a query that runs longer than this many seconds (503).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: f64,
    /// Stop a query whose serialized answer grows past this many bytes (500).
    #[arg(long, default_value_t = 256 * 1024 * 1024, value_name = "BYTES")]
    max_result_bytes: usize,
    /// Allow cross-origin requests from any web page (Access-Control-Allow-Origin: *).
    #[arg(long)]
    cors: bool,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() && seconds < 1e9 => Ok(seconds),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

impl Args {
    /// Whether the server may change the workspace (and so takes its write lock).
    pub fn writes(&self) -> bool {
        self.allow_update
    }
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let library = Library::load(context.store.prefixes(), &context.queries)?;
    let options = ServeOptions {
        bind: args.bind,
        allow_update: args.allow_update,
        limits: Limits {
            timeout: Duration::from_secs_f64(args.timeout),
            max_bytes: args.max_result_bytes,
        },
        cors: args.cors,
        ..ServeOptions::default()
    };
    let running = serve::start(context.store, library, options)?;
    eprintln!(
        "argmap serve: listening on http://{}/ (SPARQL endpoint /sparql; {})",
        running.address,
        if args.allow_update {
            "updates allowed"
        } else {
            "read-only"
        }
    );
    running
        .join()
        .map_err(|e| CliError::Serve(serve::ServeError::Internal(e.to_string())))
}
