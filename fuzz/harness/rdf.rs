//! Every RDF reader argmap feeds (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD, N3),
//! through the same entry point as `argmap load`. The first byte picks the format.
//!
//! Shared by the fuzz target `rdf` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::format::{self, InputFormat};
use argmap::load::{self, Input, LoadError};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

const EXTENSIONS: [&str; 8] = ["ttl", "trig", "nt", "nq", "rdf", "jsonld", "n3", "json"];

/// One input.
pub fn run(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let extension = EXTENSIONS[usize::from(selector) % EXTENSIONS.len()];
    let name = format!("fuzz.{extension}");
    let input_format = if extension == "json" {
        // `.json` is told apart by content (AIF or JSON-LD), as `argmap load` does.
        format::sniff_json(text)
    } else {
        match RdfFormat::from_extension(extension) {
            Some(rdf) => InputFormat::Rdf(rdf),
            None => return,
        }
    };
    let graph = NamedNode::new_unchecked("file:///fuzz/input");
    let input = Input {
        name: name.clone(),
        text,
        format: input_format,
        graph: graph.clone(),
        base_iri: graph.as_str().to_owned(),
    };
    match load::parse_input(&input) {
        Ok(parsed) => assert!(parsed.graphs.contains(&graph)),
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with(&name), "{message}");
            if let LoadError::Syntax {
                position: Some(p), ..
            } = &error
            {
                assert!(p.line >= 1 && p.column >= 1, "{message}");
            }
        }
    }
}
