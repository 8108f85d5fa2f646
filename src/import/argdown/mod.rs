//! Argdown (argdown.org), read into argmap's ontology.
//!
//! [`syntax`] reads the block structure (winnow parsers per line start, an explicit stack for
//! indentation), [`inline`] the inside of an element, [`data`] the YAML, and [`mapping`] turns
//! the result into claims, inferences and conflicts. See `ontology/README.md` for the mapping
//! with a worked example.
//!
//! ```
//! use argmap::import::argdown;
//! use oxigraph::model::NamedNode;
//!
//! let text = "[Rain]: It will rain.\n  + <Clouds>: There are dark clouds.";
//! let graph = NamedNode::new("http://example.org/map")?;
//! let parsed = argdown::read("map.argdown", text.as_bytes(), &graph)?;
//! assert!(parsed.quads.iter().any(|q| q.predicate.as_str().ends_with("#claimText")));
//!
//! let error = argdown::read("map.argdown", b"[Rain]: r.\n  + [Rian]", &graph).unwrap_err();
//! assert!(error.to_string().starts_with("map.argdown:2:5: [Rian] is defined nowhere"));
//! assert!(error.to_string().contains("did you mean [Rain]?"));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod data;
pub mod inline;
pub mod mapping;
pub mod syntax;

use crate::diagnostic::{Position, decode_utf8, snippet};
use crate::load::Parsed;
use oxigraph::model::{GraphName, NamedNode, Quad};

/// How relations between two statements are read (Argdown's `model.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `+`/`-` between statements are support and attack (Argdown's default).
    #[default]
    Loose,
    /// `+` is entailment, `-` contrariness (symmetric), `><` contradiction.
    Strict,
}

/// Errors in an Argdown document, each at `file:line:col` with the line and a caret.
#[derive(Debug, thiserror::Error)]
pub enum ArgdownError {
    /// The text does not follow Argdown's syntax.
    #[error("{file}:{}:{}: {message}\n{}", at.line, at.column, snippet.trim_end())]
    Syntax {
        /// The file as the user named it.
        file: String,
        /// Where.
        at: Position,
        /// What was expected.
        message: String,
        /// The line with a caret.
        snippet: String,
    },
    /// A reference or mention names a title that nothing defines.
    #[error("{file}:{}:{}: {reference} is defined nowhere in this document{}\n{}", at.line, at.column, did_you_mean(suggestions), snippet.trim_end())]
    UnknownReference {
        /// The file.
        file: String,
        /// Where the reference stands.
        at: Position,
        /// The reference as written, e.g. `[Title]`.
        reference: String,
        /// Defined titles close to it.
        suggestions: Vec<String>,
        /// The line with a caret.
        snippet: String,
    },
    /// The file is not UTF-8.
    #[error("{file}:{}:{}: not UTF-8 text; save the file as UTF-8", at.line, at.column)]
    Encoding {
        /// The file.
        file: String,
        /// Where the first bad byte stands.
        at: Position,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        more => format!("; did you mean one of {}?", more.join(", ")),
    }
}

impl ArgdownError {
    pub(crate) fn syntax(file: &str, source: &str, at: Position, message: String) -> Self {
        Self::Syntax {
            file: file.to_owned(),
            at,
            message,
            snippet: snippet(source, at),
        }
    }

    pub(crate) fn unknown(
        file: &str,
        source: &str,
        at: Position,
        reference: String,
        suggestions: Vec<String>,
    ) -> Self {
        Self::UnknownReference {
            file: file.to_owned(),
            at,
            reference,
            suggestions,
            snippet: snippet(source, at),
        }
    }

    /// Where the error stands.
    pub fn position(&self) -> Position {
        match self {
            Self::Syntax { at, .. }
            | Self::UnknownReference { at, .. }
            | Self::Encoding { at, .. } => *at,
        }
    }
}

/// Parses the block structure only (no mapping), for tools and tests.
pub fn parse(file: &str, text: &str) -> Result<syntax::Document, ArgdownError> {
    syntax::parse(text).map_err(|e| ArgdownError::syntax(file, text, e.at, e.message))
}

/// Reads one Argdown document into quads in `graph`, with warnings for what it could not carry
/// over as written.
pub fn read(file: &str, text: &[u8], graph: &NamedNode) -> Result<Parsed, ArgdownError> {
    let mapped = map(file, text, graph)?;
    Ok(into_parsed(mapped, graph))
}

/// Reads and maps a document, leaving the quote anchors unfilled.
pub fn map(file: &str, text: &[u8], graph: &NamedNode) -> Result<mapping::Mapped, ArgdownError> {
    let text = decode_utf8(text.to_vec()).map_err(|at| ArgdownError::Encoding {
        file: file.to_owned(),
        at,
    })?;
    let document = parse(file, &text)?;
    mapping::map(file, &text, &document, graph)
}

/// The quads of a mapping in its graph.
pub fn into_parsed(mapped: mapping::Mapped, graph: &NamedNode) -> Parsed {
    let graph_name = GraphName::NamedNode(graph.clone());
    let mut parsed = Parsed::default();
    parsed.graphs.insert(graph.clone());
    parsed.quads = mapped
        .triples
        .into_iter()
        .map(|t| Quad::new(t.subject, t.predicate, t.object, graph_name.clone()))
        .collect();
    parsed.prefixes = vec![
        ("arg".to_owned(), crate::prefixes::ARG.to_owned()),
        ("aif".to_owned(), "http://www.arg.tech/aif#".to_owned()),
    ];
    parsed.warnings = mapped.warnings;
    parsed
}
