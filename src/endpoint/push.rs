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
use oxigraph::model::BlankNode;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::HashMap;

/// Triples per update to a server other than argmap.
const CHUNK: usize = 400;

/// The beginning of staging graph names (see [`staging_graph`]).
pub const STAGING_GRAPHS: &str = "https://w3id.org/argmap/graph/staging";

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
/// each replacing the endpoint's graph of the same name atomically. To an argmap server only the
/// user's graphs go (see the module docs).
///
/// Each graph is replaced by one request, which SPARQL 1.1 Update asks servers to apply
/// atomically: `DROP SILENT GRAPH` and `INSERT DATA` together when the graph fits one update;
/// otherwise its triples are first written in bounded updates to a staging graph
/// ([`staging_graph`], under argmap's reserved names) and then one `MOVE SILENT` puts it in
/// place. A failure mid-push leaves every graph either as the server had it or as this session
/// has it: the graphs pushed before are complete, the one being pushed is unchanged (its
/// staging graph holds part of it, and the next push replaces that), the later ones unchanged.
/// Push is not atomic across graphs: the map on the server may then mix old and new graphs
/// until a push completes.
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
        let mut quads = Vec::new();
        for quad in oxigraph.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
            quads.push(Triple::from(
                quad.map_err(|e| QueryError::Evaluation(e.to_string()))?,
            ));
        }
        let triples = quads.len();
        // An argmap server derives after each update: one per graph. Others get bounded
        // updates (Virtuoso refuses one that compiles too large).
        let limit = if held.is_some() { usize::MAX } else { CHUNK };
        let updates = updates(&graph, chunks(quads, limit))?;
        let kept = match &held {
            Some(held) => kept_by_argmap(endpoint, held, &graph, triples)?,
            None => None,
        };
        if kept.is_none() {
            let failpoint = std::env::var(crate::workspace::FAILPOINT_VAR).unwrap_or_default();
            for (i, update) in updates.iter().enumerate() {
                endpoint.update(update)?;
                // For the test of a push that dies between the staging updates and the MOVE.
                if failpoint == "push-interrupt" && i == 0 && updates.len() > 2 {
                    std::process::abort();
                }
            }
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

/// Where the triples of `graph` wait, in a push of several updates, until one `MOVE` puts them
/// in place: a name under argmap's reserved graphs, which `check` and `eval` never copy.
///
/// ```
/// use argmap::endpoint::push::staging_graph;
/// use oxigraph::model::NamedNode;
/// let g = NamedNode::new("https://example.org/g").unwrap();
/// assert_eq!(
///     staging_graph(&g).unwrap().as_str(),
///     "https://w3id.org/argmap/graph/staging?graph=https%3A%2F%2Fexample.org%2Fg"
/// );
/// ```
pub fn staging_graph(graph: &NamedNode) -> Result<NamedNode, EndpointError> {
    let encoded: String = url::form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect();
    NamedNode::new(format!("{STAGING_GRAPHS}?graph={encoded}")).map_err(|e| EndpointError::Push {
        url: graph.as_str().to_owned(),
        problem: format!("no staging graph name for it: {e}"),
    })
}

/// The updates that replace `graph` with the chunks, each request atomic by SPARQL 1.1 Update:
/// one `DROP SILENT` + insert when there is one chunk; otherwise the chunks into the staging
/// graph (emptied first) and a last `MOVE SILENT` of it onto `graph`.
fn updates(graph: &NamedNode, chunks: Vec<Vec<Triple>>) -> Result<Vec<String>, EndpointError> {
    if chunks.len() <= 1 {
        let drop = format!("DROP SILENT GRAPH <{}>", graph.as_str());
        return Ok(vec![match chunks.first() {
            Some(chunk) => format!("{drop} ;\n{}", insert(graph, chunk)),
            None => drop,
        }]);
    }
    let staging = staging_graph(graph)?;
    let mut updates = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let drop = if i == 0 {
            format!("DROP SILENT GRAPH <{}> ;\n", staging.as_str())
        } else {
            String::new()
        };
        updates.push(format!("{drop}{}", insert(&staging, chunk)));
    }
    updates.push(format!(
        "MOVE SILENT GRAPH <{}> TO GRAPH <{}>",
        staging.as_str(),
        graph.as_str()
    ));
    Ok(updates)
}

/// One insert of `triples` into `graph`.
fn insert(graph: &NamedNode, triples: &[Triple]) -> String {
    let mut body = String::new();
    let mut blank = false;
    for triple in triples {
        blank |= triple.subject.is_blank_node() || triple.object.is_blank_node();
        body.push_str(&triple.to_string());
        body.push_str(" .\n");
    }
    // Some engines (Virtuoso) refuse blank nodes in INSERT DATA; a template with an empty
    // WHERE inserts the same triples, one fresh blank node per label, in every engine.
    let (insert, solution) = if blank {
        ("INSERT", " WHERE {}")
    } else {
        ("INSERT DATA", "")
    };
    format!(
        "{insert} {{ GRAPH <{}> {{\n{body}}} }}{solution}\n",
        graph.as_str()
    )
}

/// The triples cut into chunks of about `limit`, never separating triples that share a blank
/// node: a blank node label means one node only within one update.
fn chunks(triples: Vec<Triple>, limit: usize) -> Vec<Vec<Triple>> {
    // Union-find over the blank nodes, iterative.
    let mut index: HashMap<BlankNode, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    let mut id = |node: &BlankNode, parent: &mut Vec<usize>| {
        *index.entry(node.clone()).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    let mut ends = Vec::with_capacity(triples.len());
    for triple in &triples {
        let s = match &triple.subject {
            NamedOrBlankNode::BlankNode(b) => Some(id(b, &mut parent)),
            NamedOrBlankNode::NamedNode(_) => None,
        };
        let o = match &triple.object {
            Term::BlankNode(b) => Some(id(b, &mut parent)),
            _ => None,
        };
        if let (Some(s), Some(o)) = (s, o) {
            let (rs, ro) = (root(&mut parent, s), root(&mut parent, o));
            parent[rs] = ro;
        }
        ends.push(s.or(o));
    }
    // Triples of one blank-node component go together, in the order first seen.
    let mut groups: Vec<Vec<Triple>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (triple, end) in triples.into_iter().zip(ends) {
        match end {
            None => groups.push(vec![triple]),
            Some(node) => {
                let component = root(&mut parent, node);
                let at = *group_of.entry(component).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                if let Some(group) = groups.get_mut(at) {
                    group.push(triple);
                }
            }
        }
    }
    let mut chunks: Vec<Vec<Triple>> = Vec::new();
    for group in groups {
        match chunks.last_mut() {
            Some(last) if last.len() + group.len() <= limit => last.extend(group),
            _ => chunks.push(group),
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_blank_nodes_together_and_stay_bounded() {
        let n = |s: &str| NamedNode::new_unchecked(format!("http://e/{s}"));
        let (a, b) = (BlankNode::new_unchecked("a"), BlankNode::new_unchecked("b"));
        let mut triples = Vec::new();
        for i in 0..5 {
            triples.push(Triple::new(n(&i.to_string()), n("p"), n("o")));
        }
        triples.push(Triple::new(n("x"), n("q"), a.clone()));
        triples.push(Triple::new(a.clone(), n("r"), b.clone()));
        triples.push(Triple::new(b, n("s"), n("y")));
        let chunks = chunks(triples, 2);
        assert_eq!(chunks.iter().map(Vec::len).sum::<usize>(), 8);
        let with_blank: Vec<_> = chunks
            .iter()
            .filter(|c| {
                c.iter()
                    .any(|t| t.subject.is_blank_node() || t.object.is_blank_node())
            })
            .collect();
        assert_eq!(with_blank.len(), 1, "{chunks:?}");
        assert_eq!(with_blank[0].len(), 3);
        assert!(chunks.iter().all(|c| c.len() <= 3));
    }
}
