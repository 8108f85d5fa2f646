//! `argmap push`: the session's graphs to a SPARQL endpoint, so that the endpoint answers
//! argmap's named queries and checks as the embedded store does.
//!
//! A generic SPARQL server needs everything: the bundled ontology and articles, the user's
//! graphs and the derived shortcuts. An `argmap serve` needs only the user's graphs: it holds
//! the bundled graphs itself, derives its own shortcuts after every update and refuses writes to
//! argmap's reserved graph names — so push asks which engine it talks to ([`Engine`]), checks
//! that the server's bundled graphs are the session's, and skips what the server keeps.

use super::{Endpoint, EndpointError, Engine};
use crate::bundled::GRAPH_BASE;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::store::ArgStore;
use crate::store::reserved::why_reserved;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::HashMap;

/// What `push` did with one graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The graph.
    pub graph: NamedNode,
    /// Its triples in the session.
    pub triples: usize,
    /// Why it was not sent (the server keeps that graph itself), or `None` if it was.
    pub kept: Option<&'static str>,
}

/// Uploads the session's named graphs — bundled, the user's, and the derived shortcuts last —
/// each replacing the endpoint's graph of the same name in one update (`DROP SILENT GRAPH`,
/// then the graph's triples inserted). To an argmap server only the user's graphs go (see the module docs).
pub fn push(store: &ArgStore, endpoint: &Endpoint) -> Result<Vec<Pushed>, EndpointError> {
    let oxigraph = store.oxigraph();
    let held = match endpoint.engine()? {
        Engine::Argmap => Some(graph_sizes(store, endpoint)?),
        _ => None,
    };
    let mut graphs = Vec::new();
    for graph in oxigraph.named_graphs() {
        let graph = graph.map_err(|e| QueryError::Evaluation(e.to_string()))?;
        if let NamedOrBlankNode::NamedNode(graph) = graph
            && graph.as_str() != crate::workspace::META_GRAPH
        {
            graphs.push(graph);
        }
    }
    // The derived graph goes last: it follows from the others.
    graphs.sort_by_key(|g| (g.as_str() == query::DERIVED_GRAPH, g.as_str().to_owned()));
    let mut pushed = Vec::new();
    for graph in graphs {
        let mut body = String::new();
        let mut triples = 0;
        let mut blank = false;
        for quad in oxigraph.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
            let quad = quad.map_err(|e| QueryError::Evaluation(e.to_string()))?;
            blank |= quad.subject.is_blank_node() || quad.object.is_blank_node();
            body.push_str(&Triple::from(quad).to_string());
            body.push_str(" .\n");
            triples += 1;
        }
        // Some engines (Virtuoso) refuse blank nodes in INSERT DATA; a template with an empty
        // WHERE inserts the same triples, one fresh blank node per label, in every engine.
        let (insert, solution) = if blank {
            ("INSERT", " WHERE {}")
        } else {
            ("INSERT DATA", "")
        };
        let update = format!(
            "DROP SILENT GRAPH <{0}> ;\n{insert} {{ GRAPH <{0}> {{\n{body}}} }}{solution}\n",
            graph.as_str()
        );
        let kept = match &held {
            Some(held) => kept_by_argmap(endpoint, held, &graph, triples)?,
            None => None,
        };
        if kept.is_none() {
            endpoint.update(&update)?;
        }
        pushed.push(Pushed {
            graph,
            triples,
            kept,
        });
    }
    Ok(pushed)
}

/// Why an argmap server keeps `graph` itself, or `None` if it must be sent; an error if the
/// server lacks a bundled graph it cannot be given.
fn kept_by_argmap(
    endpoint: &Endpoint,
    held: &HashMap<String, usize>,
    graph: &NamedNode,
    triples: usize,
) -> Result<Option<&'static str>, EndpointError> {
    if why_reserved(graph.as_str()).is_none() {
        return Ok(None);
    }
    if !graph.as_str().starts_with(GRAPH_BASE) {
        return Ok(Some("an argmap server derives its own"));
    }
    match held.get(graph.as_str()) {
        Some(&n) if n == triples => Ok(Some("the server holds the same bundled graph")),
        found => Err(EndpointError::Push {
            url: endpoint.url().to_owned(),
            problem: format!(
                "the server's bundled graph <{}> has {} triples where this session's has \
                 {triples}, and an argmap server accepts no writes to its bundled graphs: \
                 serve the same argmap version, without --no-bundled",
                graph.as_str(),
                found.copied().unwrap_or(0)
            ),
        }),
    }
}

/// The endpoint's named graphs and their sizes.
fn graph_sizes(
    store: &ArgStore,
    endpoint: &Endpoint,
) -> Result<HashMap<String, usize>, EndpointError> {
    let request =
        QueryRequest::new("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g");
    let mut sizes = HashMap::new();
    if let QueryOutcome::Solutions { rows, .. } = endpoint.query(store.prefixes(), &request)? {
        for row in rows {
            if let [Some(Term::NamedNode(graph)), Some(Term::Literal(n))] = row.as_slice()
                && let Ok(n) = n.value().parse()
            {
                sizes.insert(graph.as_str().to_owned(), n);
            }
        }
    }
    Ok(sizes)
}
