//! Content negotiation: which serialization a client gets, from its `Accept` header or a
//! `format=` parameter.

use crate::format::OutputFormat;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// What kind of answer is being serialized; each kind has its own formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// SELECT and ASK: the SPARQL results formats.
    Solutions,
    /// CONSTRUCT, DESCRIBE, graph downloads and the service description: RDF formats.
    Graph,
}

/// The formats of each kind, the default first.
const SOLUTION_FORMATS: [QueryResultsFormat; 4] = [
    QueryResultsFormat::Json,
    QueryResultsFormat::Xml,
    QueryResultsFormat::Csv,
    QueryResultsFormat::Tsv,
];

const GRAPH_FORMATS: [RdfFormat; 6] = [
    RdfFormat::Turtle,
    RdfFormat::TriG,
    RdfFormat::NTriples,
    RdfFormat::NQuads,
    RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    },
    RdfFormat::RdfXml,
];

/// A serialization chosen for a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// A SPARQL results format.
    Results(QueryResultsFormat),
    /// An RDF format.
    Rdf(RdfFormat),
}

impl Chosen {
    /// The `Content-Type` of the response.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Results(format) => format.media_type(),
            Self::Rdf(RdfFormat::Turtle) => "text/turtle; charset=utf-8",
            Self::Rdf(format) => format.media_type(),
        }
    }
}

impl AnswerKind {
    fn candidates(self) -> Vec<Chosen> {
        match self {
            Self::Solutions => SOLUTION_FORMATS.into_iter().map(Chosen::Results).collect(),
            Self::Graph => GRAPH_FORMATS.into_iter().map(Chosen::Rdf).collect(),
        }
    }

    /// The media types of this kind, for a 406 message.
    pub fn media_types(self) -> Vec<&'static str> {
        self.candidates()
            .into_iter()
            .map(|c| {
                let full = c.content_type();
                full.split(';').next().unwrap_or(full)
            })
            .collect()
    }

    /// The format names (`json`, `turtle`, ...) of this kind, for a bad `format=`.
    pub fn names(self) -> Vec<&'static str> {
        self.candidates()
            .into_iter()
            .map(|c| match c {
                Chosen::Results(f) => OutputFormat::Results(f).name(),
                Chosen::Rdf(f) => OutputFormat::Rdf(f).name(),
            })
            .collect()
    }
}

/// Why no format fits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NegotiateError {
    /// Nothing in `Accept` is a format of this kind.
    #[error("cannot answer with any of {accept:?}; this answer is available as {}", offered.join(", "))]
    NotAcceptable {
        /// The client's `Accept` header.
        accept: String,
        /// The media types of this kind of answer.
        offered: Vec<&'static str>,
    },
    /// `format=` names no format of this kind.
    #[error("format={given:?} does not apply to this answer; use one of {}", offered.join(", "))]
    UnknownFormat {
        /// The parameter's value.
        given: String,
        /// The format names of this kind.
        offered: Vec<&'static str>,
    },
}

/// Chooses the format: `format=` first, then the `Accept` header (quality values honoured,
/// ties to the client's order), then the kind's default (JSON results, Turtle).
///
/// ```
/// use argmap::serve::negotiate::{AnswerKind, Chosen, choose};
/// use oxigraph::sparql::results::QueryResultsFormat;
/// let chosen = choose(AnswerKind::Solutions, Some("text/csv;q=0.5, application/sparql-results+xml"), None);
/// assert_eq!(chosen, Ok(Chosen::Results(QueryResultsFormat::Xml)));
/// assert!(choose(AnswerKind::Solutions, Some("image/png"), None).is_err());
/// ```
pub fn choose(
    kind: AnswerKind,
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Chosen, NegotiateError> {
    let candidates = kind.candidates();
    let default = candidates[0];
    if let Some(name) = format {
        let parsed: Option<OutputFormat> = name.parse().ok();
        return candidates
            .iter()
            .copied()
            .find(|c| match (c, parsed) {
                (Chosen::Results(f), Some(OutputFormat::Results(g))) => *f == g,
                (Chosen::Rdf(f), Some(OutputFormat::Rdf(g))) => *f == g,
                _ => false,
            })
            .ok_or_else(|| NegotiateError::UnknownFormat {
                given: name.to_owned(),
                offered: kind.names(),
            });
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(default);
    };
    let mut ranges: Vec<(f32, usize, &str)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(order, range)| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && quality > 0.0).then_some((quality, order, media))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in ranges {
        let media = media.to_ascii_lowercase();
        if media == "*/*" {
            return Ok(default);
        }
        if let Some(main) = media.strip_suffix("/*") {
            let found = candidates
                .iter()
                .find(|c| c.content_type().starts_with(&format!("{main}/")));
            if let Some(found) = found {
                return Ok(*found);
            }
            continue;
        }
        let found = match kind {
            AnswerKind::Solutions => {
                QueryResultsFormat::from_media_type(&media).map(Chosen::Results)
            }
            AnswerKind::Graph => RdfFormat::from_media_type(&media).map(Chosen::Rdf),
        };
        if let Some(found) = found.filter(|f| candidates.contains(f)) {
            return Ok(found);
        }
    }
    Err(NegotiateError::NotAcceptable {
        accept: accept.to_owned(),
        offered: kind.media_types(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_quality() {
        let graph = |accept| choose(AnswerKind::Graph, Some(accept), None);
        assert_eq!(graph("*/*"), Ok(Chosen::Rdf(RdfFormat::Turtle)));
        assert_eq!(
            graph("application/n-triples;q=0.9, application/n-quads"),
            Ok(Chosen::Rdf(RdfFormat::NQuads))
        );
        assert_eq!(
            graph("text/html, application/xhtml+xml, */*;q=0.8"),
            Ok(Chosen::Rdf(RdfFormat::Turtle))
        );
        assert_eq!(
            graph("application/rdf+xml"),
            Ok(Chosen::Rdf(RdfFormat::RdfXml))
        );
        assert!(matches!(
            graph("application/sparql-results+json"),
            Err(NegotiateError::NotAcceptable { .. })
        ));
        assert!(matches!(
            graph("text/turtle;q=0"),
            Err(NegotiateError::NotAcceptable { .. })
        ));
    }

    #[test]
    fn format_parameter_wins_and_must_fit_the_kind() {
        assert_eq!(
            choose(AnswerKind::Solutions, Some("text/csv"), Some("tsv")),
            Ok(Chosen::Results(QueryResultsFormat::Tsv))
        );
        assert!(matches!(
            choose(AnswerKind::Solutions, None, Some("turtle")),
            Err(NegotiateError::UnknownFormat { .. })
        ));
    }
}
