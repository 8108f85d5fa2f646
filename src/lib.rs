//! argmap keeps the arguments of articles — claims, inferences, analogies, counterpoints and the
//! sources behind them — as RDF in an embedded [Oxigraph](oxigraph) store, and answers SPARQL
//! about them.
//!
//! The crate is a library first; the `argmap` binary only parses arguments and prints.
//!
//! ```
//! use argmap::store::ArgStore;
//! use argmap::query::{QueryOutcome, QueryRequest};
//!
//! // Every bundled file (ontology and encoded articles) in its own named graph.
//! let store = ArgStore::with_bundled()?;
//! let outcome = store.query(&QueryRequest::new("ASK { ?claim a aif:I-node }"))?;
//! assert!(matches!(outcome, QueryOutcome::Boolean(_)));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules, from the bottom up:
//! - [`bundled`]: the files compiled into the binary and their stable graph IRIs;
//! - [`format`]: RDF and result formats, chosen by file extension or by name;
//! - [`prefixes`]: the predeclared prefixes and IRI compaction;
//! - [`workspace`]: the on-disk workspace behind `--store` (atomic saves, one writer at a time);
//! - [`store`]: the dataset — loading, updating, rules;
//! - [`export`]: the dataset written out deterministically, so that `load` reads it back;
//! - [`query`]: running SPARQL with the predeclared prefixes, parameters and cancellation;
//! - [`render`]: tables and the standard result serializations;
//! - [`named`]: the library of named queries (`queries/*.rq`) and parameter binding;
//! - [`argument`]: the claims, inferences and conflicts every view of the map reads;
//! - [`map`]: argument maps as pictures (SVG, DOT, HTML) with a layered layout;
//! - [`tree`]: the support-and-attack tree under a claim;
//! - [`repl`]: the interactive shell and its script mode;
//! - [`check`]: `argmap check`, the map's linter and quote verifier.
//! - [`endpoint`]: a remote SPARQL endpoint as a second query target;
//! - [`serve`]: `argmap serve`, the SPARQL endpoint and its web page;
//! - [`eval`]: argumentation semantics over the map (`argmap af`, `argmap eval`).

pub mod aif_names;
pub mod anchor;
pub mod argument;
pub mod binding;
pub mod budget;
pub mod bundled;
pub mod check;
pub mod corpus;
pub mod diagnostic;
pub mod endpoint;
pub mod eval;
pub mod export;
pub mod format;
pub mod import;
pub mod load;
pub mod map;
pub mod named;
pub mod nesting;
pub mod prefixes;
pub mod query;
pub mod render;
pub mod repl;
pub mod rules;
pub mod serve;
pub mod store;
pub mod tree;
pub mod workspace;
