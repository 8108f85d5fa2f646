//! `argmap export`: the dataset or one graph as RDF, or maps as AIF JSON or Argdown.

use super::{CliError, Context, parse_format};
use argmap::check::quotes::SourceTexts;
use argmap::export::rdf::RdfExport;
use argmap::export::{aif, argdown};
use argmap::format::OutputFormat;
use argmap::import::aif::NodeType;
use argmap::render::RenderError;
use oxigraph::io::RdfFormat;
use std::io;

/// Print your graphs (TriG) or one graph (Turtle), sorted, with prefixes and canonical
/// blank-node labels: the output loads back with `argmap load`. With --format aif, print one
/// map as AIF JSON for AIFdb and OVA; with --format argdown, as an Argdown document.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap export > everything.trig
  argmap export --graph ofwono-2024/analyst --format ntriples
  argmap export --store a > a.trig && argmap load a.trig --store b
  argmap export --format aif --graph nodeset118 --store corpus > nodeset118.json
  argmap export --format aif --graph ofwono-2024/author --graph ofwono-2024/analyst > ofwono.json
  argmap export --format argdown --graph ofwono-2024/author > ofwono-author.argdown

The bundled graphs are left out unless --include-bundled (load refuses them: they are
read-only); the derived shortcuts are only written when named with --graph.
An AIF JSON file holds one map: --format aif writes the graphs named with --graph merged into
one nodeset, or, without --graph, the store's only graph of your own; --format argdown the same
as one document, and says on stderr what Argdown has no place for (reports, analogies,
quantities, ...) and how much of it was left out.")]
pub struct Args {
    /// One graph only (IRI, prefixed name or unambiguous ending); with --format aif or
    /// argdown, repeatable: the graphs are merged into one nodeset or document.
    #[arg(long, short, value_name = "GRAPH")]
    graph: Vec<String>,
    /// trig, turtle, ntriples, nquads, jsonld, rdfxml, aif (AIF JSON) or argdown.
    #[arg(long, short, value_parser = parse_export_format)]
    format: Option<ExportFormat>,
    /// Also write the bundled graphs (for reading; such an export does not load back).
    #[arg(long)]
    include_bundled: bool,
    /// With --format argdown: where the quotes' source texts are, besides the bundled
    /// sources/ (the quotes are checked against them).
    #[arg(long, value_name = "DIR")]
    sources: Option<std::path::PathBuf>,
}

/// What `--format` asks for.
#[derive(Debug, Clone, Copy)]
enum ExportFormat {
    Output(OutputFormat),
    Aif,
    Argdown,
}

fn parse_export_format(name: &str) -> Result<ExportFormat, String> {
    if name.eq_ignore_ascii_case("aif") {
        return Ok(ExportFormat::Aif);
    }
    if name.eq_ignore_ascii_case("argdown") {
        return Ok(ExportFormat::Argdown);
    }
    parse_format(name).map(ExportFormat::Output)
}

pub fn run(args: Args, context: Context) -> Result<(), CliError> {
    let store = &context.store;
    let graphs = args
        .graph
        .iter()
        .map(|g| store.resolve_graph(g))
        .collect::<Result<Vec<_>, _>>()?;
    let rdf = match args.format {
        Some(ExportFormat::Aif) => return export_aif(&context, graphs),
        Some(ExportFormat::Argdown) => return export_argdown(&context, graphs, args.sources),
        None if !graphs.is_empty() => RdfFormat::Turtle,
        None => RdfFormat::TriG,
        Some(ExportFormat::Output(OutputFormat::Rdf(rdf))) => rdf,
        Some(ExportFormat::Output(other)) => {
            return Err(RenderError::Mismatch {
                format: other.name(),
                what: "export",
                hint: "trig, turtle, ntriples, nquads, jsonld, rdfxml, aif or argdown",
            }
            .into());
        }
    };
    let graph = match <[_; 1]>::try_from(graphs) {
        Ok([one]) => Some(one),
        Err(none) if none.is_empty() => None,
        Err(_) => return Err(CliError::Usage(
            "an RDF export writes the dataset or one graph: give --graph once (or --format trig for every graph)".to_owned(),
        )),
    };
    let export = RdfExport {
        graph,
        include_bundled: args.include_bundled,
        format: rdf,
    };
    store.export(&export, &mut io::stdout().lock())?;
    Ok(())
}

fn export_aif(context: &Context, graphs: Vec<oxigraph::model::NamedNode>) -> Result<(), CliError> {
    let graphs = if graphs.is_empty() {
        aif::default_graphs(&context.store)?
    } else {
        graphs
    };
    let written = aif::write(&context.store, &graphs, &mut io::stdout().lock())?;
    for warning in &written.warnings {
        eprintln!("warning: {warning}");
    }
    let nodes: Vec<String> = NodeType::ALL
        .iter()
        .filter_map(|t| {
            written
                .nodes
                .get(t.code())
                .map(|n| format!("{} {n}", t.code()))
        })
        .collect();
    eprintln!(
        "wrote an AIF nodeset of {} graph{}: {} nodes ({}), {} edges",
        graphs.len(),
        if graphs.len() == 1 { "" } else { "s" },
        written.nodes.values().sum::<usize>(),
        nodes.join(", "),
        written.edges
    );
    Ok(())
}

fn export_argdown(
    context: &Context,
    graphs: Vec<oxigraph::model::NamedNode>,
    sources: Option<std::path::PathBuf>,
) -> Result<(), CliError> {
    let graphs = if graphs.is_empty() {
        argdown::default_graphs(&context.store)?
    } else {
        graphs
    };
    let sources = SourceTexts::new(sources).map_err(argdown::ArgdownExportError::from)?;
    let written = argdown::write(&context.store, &graphs, &sources, &mut io::stdout().lock())?;
    for warning in &written.warnings {
        eprintln!("warning: {warning}");
    }
    let c = written.counts;
    eprintln!(
        "wrote Argdown of {} graph{}: {} statements, {} arguments ({} inferences), {} attacks, {} quotes",
        graphs.len(),
        if graphs.len() == 1 { "" } else { "s" },
        c.claims,
        c.arguments,
        c.inferences,
        c.conflicts,
        c.quotes
    );
    Ok(())
}
