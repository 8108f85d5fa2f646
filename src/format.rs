//! RDF serializations (chosen by file extension) and output formats (chosen by name).

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Errors in choosing a format.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file's extension names no RDF serialization argmap reads.
    #[error(
        "{path}: cannot tell the RDF format from the extension {extension:?}; use one of: {}",
        RDF_EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect::<Vec<_>>().join(" ")
    )]
    UnknownExtension { path: String, extension: String },
    /// An output format name that does not exist.
    #[error("unknown format {name:?}; use one of: {}", OutputFormat::NAMES.join(", "))]
    UnknownName { name: String },
    /// An input format name that does not exist.
    #[error("unknown input format {name:?}; use one of: {}", InputFormat::NAMES.join(", "))]
    UnknownInputName { name: String },
}

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// Extensions argmap reads, and their format. `.txt` is deliberately absent: sources are text.
pub const RDF_EXTENSIONS: [(&str, RdfFormat); 11] = [
    ("ttl", RdfFormat::Turtle),
    ("trig", RdfFormat::TriG),
    ("nt", RdfFormat::NTriples),
    ("nq", RdfFormat::NQuads),
    // Long forms in common use (Jena's riot, rdflib's guess_format); `.n3` is left out: N3 is a
    // superset of RDF that argmap would read only in part.
    ("ntriples", RdfFormat::NTriples),
    ("nquads", RdfFormat::NQuads),
    ("rdf", RdfFormat::RdfXml),
    ("owl", RdfFormat::RdfXml),
    ("xml", RdfFormat::RdfXml),
    ("jsonld", JSON_LD),
    ("json", JSON_LD),
];

/// The RDF format of a file, from its extension (case-insensitive).
///
/// ```
/// use argmap::format::rdf_format_for_path;
/// use oxigraph::io::RdfFormat;
/// assert_eq!(rdf_format_for_path("map.TTL").unwrap(), RdfFormat::Turtle);
/// assert!(rdf_format_for_path("notes.txt").is_err());
/// ```
pub fn rdf_format_for_path(path: impl AsRef<Path>) -> Result<RdfFormat, FormatError> {
    let path = path.as_ref();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    RDF_EXTENSIONS
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(&extension))
        .map(|(_, format)| *format)
        .ok_or_else(|| FormatError::UnknownExtension {
            path: path.display().to_string(),
            extension,
        })
}

/// What a user file is read as: RDF in one of its serializations, or one of the argument-map
/// formats that argmap translates into RDF (AIF JSON, Argdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// An RDF serialization, parsed by Oxigraph.
    Rdf(RdfFormat),
    /// The Argument Interchange Format as JSON (AIFdb nodesets, OVA3 saves).
    Aif,
    /// An Argdown document.
    Argdown,
}

impl InputFormat {
    /// Every name `load --format` accepts, for help and error messages.
    pub const NAMES: [&'static str; 9] = [
        "aif", "argdown", "jsonld", "turtle", "trig", "ntriples", "nquads", "rdfxml", "n3",
    ];
}

impl FromStr for InputFormat {
    type Err = FormatError;

    /// A format by name, overriding what the extension or the content would say.
    ///
    /// ```
    /// use argmap::format::InputFormat;
    /// assert_eq!("AIF".parse::<InputFormat>().unwrap(), InputFormat::Aif);
    /// assert!(matches!("json-ld".parse::<InputFormat>().unwrap(), InputFormat::Rdf(_)));
    /// assert!("yaml".parse::<InputFormat>().is_err());
    /// ```
    fn from_str(name: &str) -> Result<Self, FormatError> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "aif" => Self::Aif,
            "argdown" | "ad" => Self::Argdown,
            "n3" => Self::Rdf(RdfFormat::N3),
            other => match OutputFormat::from_str(other) {
                Ok(OutputFormat::Rdf(format)) => Self::Rdf(format),
                _ => {
                    return Err(FormatError::UnknownInputName {
                        name: name.to_owned(),
                    });
                }
            },
        })
    }
}

/// Extensions of the argument-map formats.
pub const MAP_EXTENSIONS: [(&str, InputFormat); 2] = [
    ("argdown", InputFormat::Argdown),
    ("ad", InputFormat::Argdown),
];

/// The input format of a file from its extension alone; `.json` says JSON-LD here, and
/// [`sniff_json`] tells AIF from JSON-LD by content.
///
/// ```
/// use argmap::format::{input_format_for_path, InputFormat};
/// assert_eq!(input_format_for_path("debate.argdown").unwrap(), InputFormat::Argdown);
/// assert!(matches!(input_format_for_path("map.ttl").unwrap(), InputFormat::Rdf(_)));
/// ```
pub fn input_format_for_path(path: impl AsRef<Path>) -> Result<InputFormat, FormatError> {
    let path = path.as_ref();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((_, format)) = MAP_EXTENSIONS
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(&extension))
    {
        return Ok(*format);
    }
    rdf_format_for_path(path).map(InputFormat::Rdf)
}

/// Tells AIF JSON from JSON-LD by its top level: an object with `nodes` and `edges`, or with an
/// `AIF` object (OVA3's save format), is AIF; anything else is JSON-LD.
///
/// ```
/// use argmap::format::{sniff_json, InputFormat};
/// assert_eq!(sniff_json(br#"{"nodes": [], "edges": []}"#), InputFormat::Aif);
/// assert!(matches!(sniff_json(br#"{"@context": {}}"#), InputFormat::Rdf(_)));
/// ```
pub fn sniff_json(bytes: &[u8]) -> InputFormat {
    #[derive(serde::Deserialize)]
    struct TopLevel {
        nodes: Option<serde::de::IgnoredAny>,
        edges: Option<serde::de::IgnoredAny>,
        #[serde(rename = "AIF")]
        aif: Option<serde_json::Map<String, serde_json::Value>>,
    }
    match serde_json::from_slice::<TopLevel>(bytes) {
        Ok(top) if (top.nodes.is_some() && top.edges.is_some()) || top.aif.is_some() => {
            InputFormat::Aif
        }
        _ => InputFormat::Rdf(JSON_LD),
    }
}

/// Whether a file format keeps named graphs (TriG, N-Quads, JSON-LD) rather than one graph.
pub fn is_dataset_format(format: RdfFormat) -> bool {
    format.supports_datasets()
}

/// How results are printed: an aligned table, a SPARQL results format, or an RDF serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned text table with prefixed names (SELECT/ASK; CONSTRUCT falls back to Turtle).
    Table,
    /// A SPARQL 1.1 query results format.
    Results(QueryResultsFormat),
    /// An RDF serialization (CONSTRUCT/DESCRIBE, export).
    Rdf(RdfFormat),
}

impl OutputFormat {
    /// Every accepted name, for help and error messages.
    pub const NAMES: [&'static str; 11] = [
        "table", "csv", "tsv", "json", "xml", "turtle", "trig", "ntriples", "nquads", "jsonld",
        "rdfxml",
    ];

    /// The name under which this format is chosen.
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Results(QueryResultsFormat::Csv) => "csv",
            Self::Results(QueryResultsFormat::Tsv) => "tsv",
            Self::Results(QueryResultsFormat::Json) => "json",
            Self::Results(_) => "xml",
            Self::Rdf(RdfFormat::TriG) => "trig",
            Self::Rdf(RdfFormat::NTriples) => "ntriples",
            Self::Rdf(RdfFormat::NQuads) => "nquads",
            Self::Rdf(RdfFormat::JsonLd { .. }) => "jsonld",
            Self::Rdf(RdfFormat::RdfXml) => "rdfxml",
            Self::Rdf(_) => "turtle",
        }
    }
}

impl FromStr for OutputFormat {
    type Err = FormatError;

    fn from_str(name: &str) -> Result<Self, FormatError> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "table" => Self::Table,
            "csv" => Self::Results(QueryResultsFormat::Csv),
            "tsv" => Self::Results(QueryResultsFormat::Tsv),
            "json" => Self::Results(QueryResultsFormat::Json),
            "xml" => Self::Results(QueryResultsFormat::Xml),
            "turtle" | "ttl" => Self::Rdf(RdfFormat::Turtle),
            "trig" => Self::Rdf(RdfFormat::TriG),
            "ntriples" | "nt" => Self::Rdf(RdfFormat::NTriples),
            "nquads" | "nq" => Self::Rdf(RdfFormat::NQuads),
            "jsonld" | "json-ld" => Self::Rdf(JSON_LD),
            "rdfxml" | "rdf" => Self::Rdf(RdfFormat::RdfXml),
            _ => {
                return Err(FormatError::UnknownName {
                    name: name.to_owned(),
                });
            }
        })
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
