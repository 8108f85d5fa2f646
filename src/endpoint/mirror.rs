//! A remote dataset copied into an in-memory session, for the commands that read every quad
//! rather than ask questions (`check`): its checks then run on the endpoint's data exactly as
//! on a local store.
//!
//! The derived shortcuts are not copied but derived again here, from what was copied, so a
//! server's shortcuts (or their absence) cannot make the copy disagree with itself. The copy is
//! counted against the endpoint: an engine that cuts long answers (Virtuoso's
//! `ResultSetMaxRows`) gives an error, never a partial map.

use super::{Endpoint, EndpointError};
use crate::prefixes::Prefixes;
use crate::query::{QueryOutcome, QueryRequest};
use crate::store::ArgStore;
use crate::store::reserved::ARGMAP_GRAPHS;
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};

/// Copies the endpoint's graphs — all of them but argmap's computed ones and the engine's own
/// ([`super::Engine::system_graphs`]), or only the `--endpoint-graph` — into a new in-memory
/// session with `prefixes`.
pub fn mirror(endpoint: &Endpoint, prefixes: &Prefixes) -> Result<ArgStore, EndpointError> {
    let (pattern, graph) = match &endpoint.graph {
        // The endpoint graph is the default graph of every request.
        Some(graph) => ("?s ?p ?o".to_owned(), Some(graph.clone())),
        None => {
            let mut filter = format!("!STRSTARTS(STR(?g), \"{ARGMAP_GRAPHS}\")");
            for system in endpoint.engine()?.system_graphs() {
                filter.push_str(&format!(" && !STRSTARTS(STR(?g), \"{system}\")"));
            }
            (format!("GRAPH ?g {{ ?s ?p ?o }} FILTER({filter})"), None)
        }
    };
    let count = QueryRequest::new(format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"));
    let expected = match endpoint.query(prefixes, &count)? {
        QueryOutcome::Solutions { rows, .. } => rows
            .first()
            .and_then(|row| row.first().cloned().flatten())
            .and_then(|n| match n {
                Term::Literal(n) => n.value().parse::<usize>().ok(),
                _ => None,
            }),
        _ => None,
    }
    .ok_or_else(|| endpoint.bad_answer("no count of its quads"))?;
    let select = if graph.is_some() {
        "SELECT ?s ?p ?o"
    } else {
        "SELECT ?g ?s ?p ?o"
    };
    let all = QueryRequest::new(format!("{select} WHERE {{ {pattern} }}"));
    let QueryOutcome::Solutions { rows, .. } = endpoint.query(prefixes, &all)? else {
        return Err(endpoint.bad_answer("no rows for a SELECT"));
    };
    if rows.len() != expected {
        return Err(endpoint.bad_answer(format!(
            "{} quads of the {expected} it counts (does it cut long answers? raise its result \
             row limit, or narrow with --endpoint-graph)",
            rows.len()
        )));
    }
    let mut quads = Vec::with_capacity(rows.len());
    for row in rows {
        let (g, spo) = match &graph {
            Some(graph) => (Some(Term::NamedNode(graph.clone())), row.as_slice()),
            None => (
                row.first().cloned().flatten(),
                row.get(1..).unwrap_or_default(),
            ),
        };
        let (Some(Term::NamedNode(g)), [Some(s), Some(Term::NamedNode(p)), Some(o)]) = (g, spo)
        else {
            return Err(endpoint.bad_answer("a quad with an unbound or misplaced term"));
        };
        let subject = match s {
            Term::NamedNode(s) => NamedOrBlankNode::from(s.clone()),
            Term::BlankNode(s) => NamedOrBlankNode::from(s.clone()),
            _ => return Err(endpoint.bad_answer("a literal as a subject")),
        };
        quads.push(Quad::new(
            subject,
            p.clone(),
            o.clone(),
            GraphName::NamedNode(g),
        ));
    }
    Ok(ArgStore::mirrored(quads, prefixes.clone())?)
}
