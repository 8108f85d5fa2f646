//! `argmap anchor`: fills the quote anchors of an RDF map from its source texts.

use super::CliError;
use argmap::anchor::{self, AnchorError, Text};
use argmap::check::quotes::SourceTexts;
use argmap::format::rdf_format_for_path;
use argmap::load::{self, Source};
use argmap::prefixes::Prefixes;
use argmap::render;
use argmap::store::StoreError;
use clap::CommandFactory;
use oxigraph::model::{GraphName, Quad, Triple};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Complete every quote anchor that has only its words (`oa:exact`): find them in the source
/// text and write `oa:prefix`, `oa:suffix` and a TextPositionSelector in code points.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap anchor my-map.ttl --source texts/op-ed.txt -o my-map.anchored.ttl
  argmap anchor my-map.ttl --source texts/op-ed.txt --in-place

An anchor is matched to a --source by its source's arg:fileName (the file name of the path),
then to the bundled sources/. A quote that occurs more than once needs oa:prefix (or oa:suffix)
on its TextQuoteSelector: a few words before (after) it are enough. Complete anchors are left as
they are (`argmap check` verifies them). The map is written sorted, with its own prefixes;
comments are not kept. Nothing is written if any quote cannot be anchored.")]
pub struct Args {
    /// The map (Turtle, or any RDF format argmap reads).
    map: PathBuf,
    /// A source text the quotes point into (repeatable).
    #[arg(long, required = true, value_name = "TEXT")]
    source: Vec<PathBuf>,
    /// Write the anchored map here (default: stdout).
    #[arg(long, short, value_name = "OUT", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Replace MAP, atomically (a temporary file beside it, then a rename).
    #[arg(long)]
    in_place: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let format =
        rdf_format_for_path(&args.map).map_err(|e| StoreError::from(load::LoadError::from(e)))?;
    if format.supports_datasets() {
        super::Cli::command()
            .error(
                clap::error::ErrorKind::InvalidValue,
                format!(
                    "{}: argmap anchor reads one graph (Turtle, N-Triples, RDF/XML), not a dataset",
                    args.map.display()
                ),
            )
            .exit();
    }
    let bytes = load::read_file(&args.map).map_err(StoreError::from)?;
    let graph = load::graph_for_file(&args.map);
    let parsed = load::parse(&Source {
        name: args.map.display().to_string(),
        text: &bytes,
        format,
        base_iri: graph.as_str().to_owned(),
        graph: graph.clone(),
    })
    .map_err(StoreError::from)?;
    let mut given: BTreeMap<String, Rc<Text>> = BTreeMap::new();
    for path in &args.source {
        let what = path.display().to_string();
        let bytes = fs::read(path).map_err(|source| CliError::Input {
            what: what.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| CliError::Input {
            what: what.clone(),
            source: io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()),
        })?;
        let name = path
            .file_name()
            .map_or_else(|| what.clone(), |n| n.to_string_lossy().into_owned());
        given.insert(name, Rc::new(Text::new(what, text)));
    }
    let bundled = SourceTexts::bundled_only();
    let mut text_for = |file_name: &str| -> Result<Option<Rc<Text>>, AnchorError> {
        let base = Path::new(file_name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(text) = given.get(file_name).or_else(|| given.get(&base)) {
            return Ok(Some(text.clone()));
        }
        Ok(bundled
            .get(file_name)
            .ok()
            .flatten()
            .map(|t| Rc::new(Text::new(t.origin.clone(), t.text.clone()))))
    };
    let triples: Vec<Triple> = parsed
        .quads
        .iter()
        .map(|q| Triple::from(q.clone()))
        .collect();
    let filled = anchor::fill(triples, &mut text_for).map_err(|error| CliError::Anchor {
        file: args.map.display().to_string(),
        error: Box::new(error),
    })?;
    let own = GraphName::NamedNode(graph);
    let quads: Vec<Quad> = argmap::export::rdf::canonical(
        filled
            .triples
            .into_iter()
            .map(|t| Quad::new(t.subject, t.predicate, t.object, own.clone()))
            .collect(),
    );
    let mut prefixes = Prefixes::standard();
    for (name, iri) in &parsed.prefixes {
        prefixes.declare(name, iri, "the map");
    }
    let mut out = Vec::new();
    render::write_quads(&quads, format, &prefixes, &mut out)?;
    match (&args.output, args.in_place) {
        (Some(path), _) => write_file(path, &out)?,
        (None, true) => write_atomically(&args.map, &out)?,
        (None, false) => io::stdout()
            .lock()
            .write_all(&out)
            .map_err(render::RenderError::Io)?,
    }
    eprintln!(
        "anchored {} quote(s){}",
        filled.filled,
        match filled.normalised {
            0 => String::new(),
            n => format!(
                "; {n} matched only with whitespace, quotes or dashes normalised, their oa:exact now the source's words"
            ),
        }
    );
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    fs::write(path, bytes).map_err(|source| CliError::Input {
        what: format!("{} (writing)", path.display()),
        source,
    })
}

/// A temporary file in the same folder, flushed to disk, renamed over `path`: a crash leaves
/// the old map or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.anchor-{}.tmp", std::process::id()));
    let failed = |source: io::Error| CliError::Input {
        what: format!("{} (writing)", path.display()),
        source,
    };
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temporary);
        return Err(failed(error));
    }
    Ok(())
}
