//! The service description (W3C SPARQL 1.1 Service Description) served at the endpoint when a
//! request carries no query: what the endpoint speaks and which graphs it holds.

use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Literal, NamedNode, Triple};

/// The Service Description vocabulary.
pub const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

/// Formats the endpoint answers in, by their W3C format IRIs.
const RESULT_FORMATS: [&str; 10] = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "TriG",
    "N-Triples",
    "N-Quads",
    "JSON-LD",
    "RDF_XML",
];

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

/// The description of the endpoint at `endpoint`, holding `graphs`.
pub fn describe(endpoint: &NamedNode, graphs: &[NamedNode], updates: bool) -> Vec<Triple> {
    let service = endpoint.clone();
    let mut triples = vec![
        Triple::new(service.clone(), rdf::TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint.clone()),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        // Queries see every graph at once, as argmap's own commands do.
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(
            service.clone(),
            NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal::new_simple_literal(format!(
                "argmap {} serving its argument maps (SERVICE is refused){}",
                env!("CARGO_PKG_VERSION"),
                if updates { "" } else { "; read-only" }
            )),
        ),
    ];
    if updates {
        triples.push(Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Update"),
        ));
    }
    for format in RESULT_FORMATS {
        triples.push(Triple::new(
            service.clone(),
            sd("resultFormat"),
            NamedNode::new_unchecked(format!("http://www.w3.org/ns/formats/{format}")),
        ));
    }
    let dataset = BlankNode::default();
    let default_graph = BlankNode::default();
    triples.push(Triple::new(service, sd("defaultDataset"), dataset.clone()));
    triples.push(Triple::new(dataset.clone(), rdf::TYPE, sd("Dataset")));
    triples.push(Triple::new(
        dataset.clone(),
        sd("defaultGraph"),
        default_graph.clone(),
    ));
    triples.push(Triple::new(default_graph, rdf::TYPE, sd("Graph")));
    for graph in graphs {
        let named = BlankNode::default();
        triples.push(Triple::new(
            dataset.clone(),
            sd("namedGraph"),
            named.clone(),
        ));
        triples.push(Triple::new(named.clone(), rdf::TYPE, sd("NamedGraph")));
        triples.push(Triple::new(named, sd("name"), graph.clone()));
    }
    triples
}
