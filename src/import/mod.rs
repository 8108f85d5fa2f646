//! Importers: maps in formats other than RDF, turned into quads in argmap's AIF shape.
//!
//! An importer never writes to the store; it returns a [`crate::load::Parsed`] like the RDF
//! parser does, so a load stays all-or-nothing whatever the files' formats.

pub mod aif;
