//! `argmap load`: files into a workspace, one graph per file, with a progress bar on a terminal.

use super::{CliError, Context};
use argmap::corpus;
use argmap::format::InputFormat;
use argmap::query;
use argmap::store::{self, LoadProgress, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Load RDF files into a workspace (--store), each into its own graph, replacing what that
/// graph held. All files parse, or nothing is loaded.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap load my-map.ttl --store ~/maps
  argmap load maps/ --store ~/maps
  argmap load critique.ttl --graph https://example.org/critique --store ~/maps
  argmap load export.json --format aif --store ~/maps")]
pub struct Args {
    /// Files or folders.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Put every triple in this graph instead of one graph per file.
    #[arg(long, short, value_name = "IRI")]
    graph: Option<String>,
    /// Read the files as this format, whatever their extension or content says: aif,
    /// argdown, jsonld, turtle, trig, ntriples, nquads, rdfxml, n3.
    #[arg(long, short, value_name = "FORMAT", value_parser = parse_input_format)]
    format: Option<InputFormat>,
}

fn parse_input_format(name: &str) -> Result<InputFormat, String> {
    name.parse()
        .map_err(|e: argmap::format::FormatError| e.to_string())
}

/// Graph-by-graph lines up to this many graphs; a summary beyond.
const LISTED_GRAPHS: usize = 20;

pub fn run(args: Args, mut context: Context) -> Result<(), CliError> {
    let store = &mut context.store;
    let graph = args
        .graph
        .map(|g| store::parse_graph_iri(&g, store.prefixes()))
        .transpose()?;
    let started = Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    let shown = bar.clone();
    let progress: Progress = Arc::new(move |step| match step {
        LoadProgress::Parsed { files, of } => {
            shown.set_style(
                ProgressStyle::with_template("reading {pos}/{len} files {wide_bar} {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            shown.set_length(of as u64);
            shown.set_position(files as u64);
        }
        LoadProgress::Streamed { bytes, of } => {
            shown.set_style(
                ProgressStyle::with_template(
                    "loading {bytes}/{total_bytes} {wide_bar} {binary_bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            shown.set_length(of);
            shown.set_position(bytes);
        }
    });
    let options = store::LoadOptions {
        graph,
        format: args.format,
    };
    let loaded = store.load_files_with_progress(&args.files, &options, &progress);
    bar.finish_and_clear();
    let loaded = loaded?;
    let mut warnings = 0;
    for graph in &loaded {
        for warning in &graph.warnings {
            eprintln!("warning: {warning}");
        }
        warnings += graph.warnings.len();
    }
    if loaded.len() <= LISTED_GRAPHS {
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
    } else {
        let replaced = loaded.iter().filter(|g| g.replaced).count();
        eprintln!("loaded {} graphs ({replaced} replaced)", loaded.len());
    }
    let graphs: Vec<_> = loaded.iter().map(|l| l.graph.clone()).collect();
    let summary = corpus::summarise(store, &graphs)?;
    if summary.files > 0 {
        eprintln!(
            "{summary}\n{warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        );
    }
    let triples: usize = loaded.iter().map(|g| g.triples).sum();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "{triples} triples saved to {} in {} ({:.0} triples/s)",
        context.store_path.unwrap_or_default().display(),
        query::elapsed(started),
        triples as f64 / seconds
    );
    Ok(())
}
