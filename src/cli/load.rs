//! `argmap load`: files into a workspace, one graph per file.

use super::{CliError, Context};
use argmap::query;
use argmap::store;
use std::path::PathBuf;
use std::time::Instant;

/// Load RDF files into a workspace (--store), each into its own graph, replacing what that
/// graph held. All files parse, or nothing is loaded.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap load my-map.ttl --store ~/maps
  argmap load maps/ --store ~/maps
  argmap load critique.ttl --graph https://example.org/critique --store ~/maps")]
pub struct Args {
    /// Files or folders.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Put every triple in this graph instead of one graph per file.
    #[arg(long, short, value_name = "IRI")]
    graph: Option<String>,
}

pub fn run(args: Args, mut context: Context) -> Result<(), CliError> {
    let store = &mut context.store;
    let graph = args
        .graph
        .map(|g| store::parse_graph_iri(&g, store.prefixes()))
        .transpose()?;
    let started = Instant::now();
    let loaded = store.load_files(&args.files, graph)?;
    for graph in &loaded {
        eprintln!(
            "{} {} triples into <{}>",
            if graph.replaced {
                "replaced with"
            } else {
                "loaded"
            },
            graph.triples,
            graph.graph.as_str()
        );
    }
    eprintln!(
        "saved to {} in {}",
        context.store_path.unwrap_or_default().display(),
        query::elapsed(started)
    );
    Ok(())
}
