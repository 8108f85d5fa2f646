//! `argmap export`: the dataset or one graph as RDF.

use super::{CliError, Context, parse_format};
use argmap::format::OutputFormat;
use argmap::render::RenderError;
use oxigraph::io::RdfFormat;
use std::io;

/// Print the dataset (TriG) or one graph (Turtle), sorted and with prefixes.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap export > everything.trig
  argmap export --graph ofwono-2024/analyst --format ntriples")]
pub struct Args {
    /// One graph only (IRI, prefixed name or unambiguous ending).
    #[arg(long, short, value_name = "GRAPH")]
    graph: Option<String>,
    /// trig, turtle, ntriples, nquads, jsonld or rdfxml.
    #[arg(long, short, value_parser = parse_format)]
    format: Option<OutputFormat>,
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let store = &context.store;
    let graph = args.graph.map(|g| store.resolve_graph(&g)).transpose()?;
    let rdf = match args.format {
        None if graph.is_some() => RdfFormat::Turtle,
        None => RdfFormat::TriG,
        Some(OutputFormat::Rdf(rdf)) => rdf,
        Some(other) => {
            return Err(RenderError::Mismatch {
                format: other.name(),
                what: "export",
                hint: "trig, turtle, ntriples, nquads, jsonld or rdfxml",
            }
            .into());
        }
    };
    store.export(graph.as_ref(), rdf, &mut io::stdout().lock())?;
    Ok(())
}
