//! Exports: the session's data written out so that `argmap load` reads it back.
//!
//! [`rdf`] writes RDF (TriG, Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML) deterministically:
//! sorted, with only the prefixes used and canonical blank-node labels, so that two exports of
//! the same data are byte-identical and an export can be diffed and versioned.

pub mod aif;
pub mod rdf;

use crate::render::RenderError;
use crate::store::StoreError;
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
