//! Exports: the session's data written out so that `argmap load` reads it back.
//!
//! [`rdf`] writes RDF (TriG, Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML) deterministically:
//! sorted, with only the prefixes used and canonical blank-node labels, so that two exports of
//! the same data are byte-identical and an export can be diffed and versioned. [`aif`] writes a
//! map as AIF JSON, [`argdown`] as an Argdown document.

pub mod aif;
pub mod argdown;
pub mod rdf;

use crate::render::RenderError;
use crate::store::ArgStore;
use crate::store::StoreError;
use crate::store::reserved::why_reserved;
use oxigraph::model::{NamedNode, NamedOrBlankNode};
use oxigraph::store::StorageError;

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The store failed while the export read it.
    #[error("storage error while exporting: {0}")]
    Storage(#[from] StorageError),
    /// The output could not be serialized or written.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl From<ExportError> for StoreError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Storage(e) => Self::Storage(e),
            ExportError::Render(e) => Self::Render(e),
        }
    }
}

/// The user's graphs in a store (none of the graphs argmap keeps itself), sorted: what an export
/// of "the store's only graph of your own" chooses from.
pub fn user_graphs(store: &ArgStore) -> Result<Vec<NamedNode>, StorageError> {
    let mut mine = Vec::new();
    for graph in store.oxigraph().named_graphs() {
        if let NamedOrBlankNode::NamedNode(graph) = graph?
            && why_reserved(graph.as_str()).is_none()
        {
            mine.push(graph);
        }
    }
    mine.sort();
    Ok(mine)
}
