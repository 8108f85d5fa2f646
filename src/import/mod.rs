//! Readers for argument formats other than RDF: each turns one document into quads for the
//! graph it is given, and never touches the store.

pub mod argdown;
