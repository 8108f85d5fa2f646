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

use crate::anchor::{Hints, Text};
use crate::check::quotes::SourceTexts;
use crate::diagnostic::{Position, decode_utf8, snippet};
use crate::load::{Parsed, Warning};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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
    /// A `quote:` whose words cannot be placed in its source text.
    #[error("{file}:{}:{}: {error}\n{}", at.line, at.column, snippet.trim_end())]
    Quote {
        /// The file.
        file: String,
        /// Where the data with the quote stands.
        at: Position,
        /// Why it cannot be placed.
        error: Box<crate::anchor::AnchorError>,
        /// The line with a caret.
        snippet: String,
    },
    /// A source text named by `source:` exists but cannot be read.
    #[error("{file}:{}:{}: {error}", at.line, at.column)]
    Source {
        /// The file.
        file: String,
        /// Where the quote stands.
        at: Position,
        /// The reading error.
        error: Box<crate::check::quotes::QuoteError>,
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
            | Self::Quote { at, .. }
            | Self::Source { at, .. }
            | Self::Encoding { at, .. } => *at,
        }
    }
}

/// Parses the block structure only (no mapping), for tools and tests.
pub fn parse(file: &str, text: &str) -> Result<syntax::Document, ArgdownError> {
    syntax::parse(text).map_err(|e| ArgdownError::syntax(file, text, e.at, e.message))
}

/// Reads one Argdown document into quads in `graph`, with warnings for what it could not carry
/// over as written. Quotes are anchored in their source texts, looked up beside `file` (see
/// [`sources_beside`]).
pub fn read(file: &str, text: &[u8], graph: &NamedNode) -> Result<Parsed, ArgdownError> {
    let mut mapped = map(file, text, graph)?;
    let source = String::from_utf8_lossy(text);
    anchor_quotes(file, &source, &mut mapped, &sources_beside(file))?;
    Ok(into_parsed(mapped, graph))
}

/// Where the `source:` of an Argdown file is looked for: a file name or a relative path below
/// the folder of the Argdown file (never `..` or an absolute path), then the bundled
/// `sources/`. The same name resolves under `argmap check --sources FOLDER-OF-THE-FILE`.
pub fn sources_beside(file: &str) -> SourceTexts {
    let folder = Path::new(file)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    SourceTexts::new(Some(folder)).unwrap_or_else(|_| SourceTexts::bundled_only())
}

/// Fills the anchor of every `quote:` whose source text is found; a source that is not found
/// leaves the quote with its words only, and a warning (`argmap check` reports it too).
pub fn anchor_quotes(
    file: &str,
    document: &str,
    mapped: &mut mapping::Mapped,
    sources: &SourceTexts,
) -> Result<(), ArgdownError> {
    let mut texts: BTreeMap<String, Option<Rc<Text>>> = BTreeMap::new();
    for request in std::mem::take(&mut mapped.quotes) {
        let text = match texts.get(&request.source) {
            Some(text) => text.clone(),
            None => {
                let found = sources
                    .get(&request.source)
                    .map_err(|error| ArgdownError::Source {
                        file: file.to_owned(),
                        at: request.at,
                        error: Box::new(error),
                    })?
                    .map(|t| Rc::new(Text::new(t.origin.clone(), t.text.clone())));
                texts.insert(request.source.clone(), found.clone());
                found
            }
        };
        let Some(text) = text else {
            mapped.warnings.push(Warning {
                location: format!("{file}:{}:{}", request.at.line, request.at.column),
                message: format!(
                    "quote not anchored: source text {:?} is in neither {}; put it beside the Argdown file",
                    request.source,
                    sources.searched()
                ),
            });
            continue;
        };
        let hints = Hints {
            prefix: request.prefix.clone(),
            suffix: None,
            occurrence: request.occurrence,
            how: "`quote-prefix:` (the words just before it) or `occurrence: N` in this data"
                .to_owned(),
        };
        let anchor = text
            .locate(&request.exact, &hints)
            .map_err(|error| ArgdownError::Quote {
                file: file.to_owned(),
                at: request.at,
                error: Box::new(error),
                snippet: snippet(document, request.at),
            })?;
        let selector = NamedOrBlankNode::from(request.selector.clone());
        if anchor.exact != request.exact {
            let exact = format!("{}exact", mapping::OA);
            for triple in &mut mapped.triples {
                if triple.subject == selector && triple.predicate.as_str() == exact {
                    triple.object = Literal::new_simple_literal(&anchor.exact).into();
                }
            }
        }
        mapped.triples.extend(crate::anchor::selector_triples(
            &request.target.clone().into(),
            &selector,
            &anchor,
        ));
    }
    Ok(())
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
