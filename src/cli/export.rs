//! `argmap export`: the dataset or one graph as RDF.

use super::{CliError, Context, parse_format};
use argmap::export::rdf::RdfExport;
use argmap::format::OutputFormat;
use argmap::render::RenderError;
use oxigraph::io::RdfFormat;
use std::io;

/// Print your graphs (TriG) or one graph (Turtle), sorted, with prefixes and canonical
/// blank-node labels: the output loads back with `argmap load`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap export > everything.trig
  argmap export --graph ofwono-2024/analyst --format ntriples
  argmap export --store a > a.trig && argmap load a.trig --store b

The bundled graphs are left out unless --include-bundled (load refuses them: they are
read-only); the derived shortcuts are only written when named with --graph.")]
pub struct Args {
    /// One graph only (IRI, prefixed name or unambiguous ending).
    #[arg(long, short, value_name = "GRAPH")]
    graph: Option<String>,
    /// trig, turtle, ntriples, nquads, jsonld or rdfxml.
    #[arg(long, short, value_parser = parse_format)]
    format: Option<OutputFormat>,
    /// Also write the bundled graphs (for reading; such an export does not load back).
    #[arg(long)]
    include_bundled: bool,
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
    let export = RdfExport {
        graph,
        include_bundled: args.include_bundled,
        format: rdf,
    };
    store.export(&export, &mut io::stdout().lock())?;
    Ok(())
}
