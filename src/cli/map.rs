//! `argmap map`: the argument as a picture (SVG, DOT or an HTML page).

use super::{CliError, Context, read_argument};
use argmap::map::{self, Engine, Format, MapOptions, Scope};
use argmap::render::RenderError;
use std::io::{self, Write};
use std::path::PathBuf;

/// Draw the argument under a claim (default: every document's main conclusions) as SVG, DOT or
/// a self-contained HTML page.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap map ofw:c-risk-of-spiral --depth 2 -o spiral.svg
  argmap map ofw:c-citizens-should-back-deterrence --graph ofwono-2024/author --collapse -o author.svg
  argmap map --format html -o map.html --force
  argmap map --format dot | dot -Tpdf > map.pdf
  argmap map --query @my-subgraph.rq -o subgraph.svg

Conclusions are on top; solid arrows support, dashed ones attack (the hexagon names the kind:
rebut, undermine, undercut) and a double border marks an analyst's critique. With an evaluation
in the store (argmap eval), each claim shows accepted, rejected or undecided.")]
pub struct Args {
    /// The claim, inference or conflict to draw the argument under (prefixed name or IRI).
    #[arg(conflicts_with = "query")]
    claim: Option<String>,
    /// Claim levels under the root(s).
    #[arg(long, short, value_name = "N")]
    depth: Option<usize>,
    /// Only the inferences and conflicts of this graph, and the claims they join.
    #[arg(long, short, value_name = "GRAPH")]
    graph: Option<String>,
    /// svg (default), dot or html.
    #[arg(long, short, value_enum, default_value = "svg")]
    format: MapFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw what a CONSTRUCT or DESCRIBE query returns: inline, @FILE or -.
    #[arg(long, short, value_name = "QUERY")]
    query: Option<String>,
    /// builtin (default, nothing to install) or dot (Graphviz's dot on PATH).
    #[arg(long, value_enum, default_value = "builtin")]
    layout: MapLayout,
    /// The evaluation graph to show (default: the grounded one, if present).
    #[arg(long, value_name = "GRAPH")]
    eval: Option<String>,
    /// Fold linked premises that nothing else supports or attacks into one box.
    #[arg(long)]
    collapse: bool,
    /// Draw a map past the size guard.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MapFormat {
    Svg,
    Dot,
    Html,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MapLayout {
    Builtin,
    Dot,
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let scope = match (&args.claim, &args.query) {
        (_, Some(query)) => Scope::Query(read_argument(query, "query")?),
        (Some(claim), None) => Scope::Claim(claim.clone()),
        (None, None) => Scope::MainConclusions,
    };
    let options = MapOptions {
        depth: args.depth,
        graph: args.graph,
        eval: args.eval,
        force: args.force,
        collapse: args.collapse,
        // Ctrl-C ends the command.
        stop: None,
    };
    let format = match args.format {
        MapFormat::Svg => Format::Svg,
        MapFormat::Dot => Format::Dot,
        MapFormat::Html => Format::Html,
    };
    let engine = match args.layout {
        MapLayout::Builtin => Engine::Layered,
        MapLayout::Dot => Engine::Graphviz,
    };
    let text = map::draw(&context.store, &scope, &options, format, engine)?;
    match args.output {
        Some(path) => std::fs::write(&path, text).map_err(|source| CliError::Output {
            path: path.display().to_string(),
            source,
        }),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| RenderError::from(e).into())
        }
    }
}
