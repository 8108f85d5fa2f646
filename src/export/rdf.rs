//! RDF export that loads back.
//!
//! - **Round trip.** A dataset export leaves out the graphs argmap makes itself — the bundled
//!   files (`https://w3id.org/argmap/bundled/…`) and the store's own graphs
//!   (`https://w3id.org/argmap/graph/…`: derived shortcuts, workspace records, evaluations) —
//!   because `argmap load` refuses to write into them. So
//!   `argmap export --store a > x.trig; argmap load x.trig --store b` gives `b` the same user
//!   graphs as `a`. [`RdfExport::include_bundled`] (`--include-bundled`) adds the bundled
//!   graphs, for reading, not for loading; the derived graph is only ever written when it is
//!   asked for by name (`--graph`).
//! - **Determinism.** Blank nodes get canonical labels (Oxigraph's
//!   [`CanonicalizationAlgorithm::Unstable`]: a hash of each blank node's surroundings, stable
//!   for a given Oxigraph version, not across versions), the quads are sorted, and only the
//!   prefixes in use are declared. Isomorphic data therefore exports to the same bytes, also
//!   after a round trip through `load`, which renames blank nodes.

use super::ExportError;
use crate::bundled::GRAPH_BASE;
use crate::render;
use crate::store::ArgStore;
use crate::store::reserved::why_reserved;
use oxigraph::io::RdfFormat;
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, GraphNameRef, NamedNode, Quad};
use std::io::Write;

/// What to export.
#[derive(Debug, Clone)]
pub struct RdfExport {
    /// One graph only (then it is written whatever it is); `None` for the dataset.
    pub graph: Option<NamedNode>,
    /// Also write the bundled graphs in a dataset export.
    pub include_bundled: bool,
    /// The serialization; a format without graphs gets the triples of every exported graph.
    pub format: RdfFormat,
}

impl RdfExport {
    /// The user's graphs as TriG, the default of `argmap export`.
    pub fn user_graphs() -> Self {
        Self {
            graph: None,
            include_bundled: false,
            format: RdfFormat::TriG,
        }
    }

    /// Whether a graph goes into a dataset export: the user's graphs, and the bundled ones if
    /// asked for; never the graphs argmap computes (`load` could not write them back).
    fn exports(&self, graph: GraphNameRef<'_>) -> bool {
        match graph {
            GraphNameRef::NamedNode(g) if g.as_str().starts_with(GRAPH_BASE) => {
                self.include_bundled
            }
            GraphNameRef::NamedNode(g) => why_reserved(g.as_str()).is_none(),
            _ => true,
        }
    }
}

/// Writes the export of `store` to `out`.
pub fn write(store: &ArgStore, export: &RdfExport, out: &mut dyn Write) -> Result<(), ExportError> {
    let pattern = export
        .graph
        .as_ref()
        .map(|g| GraphNameRef::NamedNode(g.as_ref()));
    let mut quads = Vec::new();
    for quad in store
        .oxigraph()
        .quads_for_pattern(None, None, None, pattern)
    {
        let quad = quad?;
        if export.graph.is_some() || export.exports(quad.graph_name.as_ref()) {
            quads.push(quad);
        }
    }
    let quads = canonical(quads);
    render::write_quads(&quads, export.format, store.prefixes(), out)?;
    Ok(())
}

/// The quads with canonical blank-node labels (see the module documentation).
///
/// ```
/// use argmap::export::rdf::canonical;
/// use oxigraph::model::{BlankNode, GraphName, NamedNode, Quad};
/// let p = NamedNode::new("https://example.org/p")?;
/// let quad = |s: &BlankNode| Quad::new(s.clone(), p.clone(), p.clone(), GraphName::DefaultGraph);
/// // Two random labels for the same shape give the same canonical quads.
/// assert_eq!(
///     canonical(vec![quad(&BlankNode::default())]),
///     canonical(vec![quad(&BlankNode::default())])
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn canonical(quads: Vec<Quad>) -> Vec<Quad> {
    let has_blank = quads.iter().any(|q| {
        q.subject.is_blank_node()
            || q.object.is_blank_node()
            || matches!(q.graph_name, GraphName::BlankNode(_))
    });
    if !has_blank {
        return quads;
    }
    let mut dataset: Dataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset.iter().map(|q| q.into_owned()).collect()
}
