//! Reading AIF JSON — AIFdb nodesets (AraucariaDB, QT30, DialAM) and OVA saves — into the same
//! AIF shape argmap's own maps use, so that every named query, `.tree` and `check` work on it.
//!
//! # What a file becomes
//! - Each node is typed by its AIF type (`aif:I-node`, `aif:RA-node`, `aif:CA-node`,
//!   `aif:PA-node`, `aif:MA-node`, `aif:L-node`, `aif:YA-node`, `aif:TA-node`), belongs to the
//!   file's document (`arg:inDocument`) and keeps its timestamp as `dct:created`.
//! - An I-node's text is its `aif:claimText`. An RA-node names its `arg:scheme`: the `scheme`
//!   field, else its text when that names a scheme ("Default Inference", "Argument From Example"),
//!   else `arg:DefaultInference`; a scheme argmap lacks is kept as `arg:schemeName` and reported
//!   once per file. A YA-node's text names its `arg:illocution` ("Asserting"). Any other text
//!   that is not its type's default ("RA", "Default Conflict", ...) is kept as `arg:aifText`, as
//!   is a locution's text; `arg:speakerName` is the speaker a locution's text starts with.
//! - An edge A → B becomes `B aif:Premise A` when B is an S-node, else `A aif:Conclusion B`;
//!   except that an edge out of a CA-, PA- or YA-node is always `A aif:Conclusion B` (a conflict
//!   on an inference, an illocution anchoring one). `aif:Premise` and `aif:Conclusion` are
//!   stated on the S-node, as in argmap's own maps.
//! - A CA-node is also typed by what it attacks, the way ASPIC+ reads the structure (AIF JSON
//!   has no field for it): `arg:Undercut` on an S-node, `arg:Rebut` on a claim an inference of
//!   the map concludes, `arg:Undermine` on any other claim.
//! - `locutions` give a locution its `arg:speaker` (an `arg:Participant` named from
//!   `participants`), `arg:locutionStart` and `arg:locutionEnd`.
//!
//! # IRIs
//! AIFdb's node IDs are database-wide: a node that several nodesets share has one ID, and in the
//! AraucariaDB corpus 222 nodes are shared. A file in AIFdb's shape (top-level `nodes` and
//! `edges`) therefore names node `1095` `<https://w3id.org/argmap/aifdb/node/1095>`
//! (prefix `aifdb:`), and its participants under `.../aifdb/person/`, so that shared nodes meet.
//! An OVA save (`{"AIF": {...}}`, or the bare form with `participants`) numbers its nodes per
//! map, so its nodes are `<GRAPH#node-ID>` and participants `<GRAPH#person-ID>`, under the
//! file's graph. The document is `<GRAPH#map>` either way. IDs are percent-encoded; the same
//! file loaded into the same graph always gives the same IRIs.
//!
//! # Provenance
//! The document carries `dct:title` (the file name without extension), `dct:source` (the file)
//! and `arg:importedAt`, the only triple that differs between two imports of one file.
//!
//! # Tolerance
//! Real files have IDs as strings or numbers, missing fields, `formEdgeID: null`, edges to nodes
//! that do not exist, duplicate nodes, hashes for YA texts and CR line ends (normalised to LF in
//! every text). Each problem is a [`Warning`] located by file and JSON path; only a file that is
//! not JSON, nests deeper than [`MAX_DEPTH`], is not AIF-shaped or holds no usable node is an
//! error, and then it loads nothing.

use crate::aif_names::{self, Names};
use crate::load::{Parsed, Warning};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

/// Namespace of nodes of files in AIFdb's shape (IDs are AIFdb-wide).
pub const AIFDB_NODE: &str = "https://w3id.org/argmap/aifdb/node/";
/// Namespace of participants of files in AIFdb's shape.
pub const AIFDB_PERSON: &str = "https://w3id.org/argmap/aifdb/person/";
/// JSON nesting deeper than this is refused (serde_json's own recursion limit; AIF needs 4).
pub const MAX_DEPTH: usize = 128;
/// The current AIF namespace.
pub const AIF: &str = "http://www.arg.tech/aif#";
/// The older AIF namespace, still found in AIF-RDF files.
pub const AIF_DUNDEE: &str = "http://www.arg.dundee.ac.uk/aif#";

const ARG: &str = crate::prefixes::ARG;
const DCT: &str = "http://purl.org/dc/terms/";

/// A file that cannot be read as AIF at all. Nothing of it is loaded.
#[derive(Debug, thiserror::Error)]
pub enum AifError {
    /// Not JSON (or truncated).
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Nested deeper than [`MAX_DEPTH`].
    #[error(
        "{file}:{line}:{column}: JSON nested more than {MAX_DEPTH} levels deep; AIF JSON needs four, so this is not an AIF file"
    )]
    TooDeep {
        file: String,
        line: usize,
        column: usize,
    },
    /// JSON, but not shaped like AIF.
    #[error(
        "{file}: not AIF JSON: saw {seen}; AIF JSON has top-level \"nodes\" and \"edges\" arrays, or an \"AIF\" object holding them (use --format jsonld for JSON-LD)"
    )]
    Shape { file: String, seen: String },
    /// AIF-shaped, but no node survives: loading it would load nothing.
    #[error("{file}: AIF JSON with no usable node ({seen}); nothing to load{}", warnings_suffix(.warnings))]
    Empty {
        file: String,
        seen: String,
        warnings: Vec<Warning>,
    },
}

fn warnings_suffix(warnings: &[Warning]) -> String {
    let mut text = String::new();
    for warning in warnings.iter().take(5) {
        let _ = write!(text, "\n  {warning}");
    }
    if warnings.len() > 5 {
        let _ = write!(text, "\n  ... and {} more", warnings.len() - 5);
    }
    text
}

/// One AIF JSON document to read.
#[derive(Debug, Clone)]
pub struct AifInput<'a> {
    /// How warnings and errors name it (the path the user gave).
    pub name: String,
    /// The file's bytes.
    pub text: &'a [u8],
    /// The graph its quads go into.
    pub graph: NamedNode,
    /// The file's IRI, for `dct:source`.
    pub source: String,
    /// The import time for `arg:importedAt` as an `xsd:dateTime` lexical form; `None` leaves
    /// the triple out (for comparisons that must be deterministic).
    pub imported_at: Option<String>,
}

/// The current time as an `xsd:dateTime`, for [`AifInput::imported_at`].
pub fn now() -> String {
    oxsdatatypes::DateTime::now().to_string()
}

/// The AIF node types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeType {
    I,
    Ra,
    Ca,
    Pa,
    Ma,
    L,
    Ya,
    Ta,
}

impl NodeType {
    /// Every type, in the order summaries list them.
    pub const ALL: [NodeType; 8] = [
        Self::I,
        Self::Ra,
        Self::Ca,
        Self::Pa,
        Self::Ma,
        Self::L,
        Self::Ya,
        Self::Ta,
    ];

    /// The type's code in AIF JSON (`"RA"`).
    pub fn code(self) -> &'static str {
        match self {
            Self::I => "I",
            Self::Ra => "RA",
            Self::Ca => "CA",
            Self::Pa => "PA",
            Self::Ma => "MA",
            Self::L => "L",
            Self::Ya => "YA",
            Self::Ta => "TA",
        }
    }

    /// The type from its code, ignoring case and surrounding spaces.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(code))
    }

    /// The type's class IRI (`aif:RA-node`).
    pub fn class(self) -> NamedNode {
        NamedNode::new_unchecked(format!("{AIF}{}-node", self.code()))
    }

    /// The type from its class IRI.
    pub fn from_class(class: &str) -> Option<Self> {
        let code = class.strip_prefix(AIF)?.strip_suffix("-node")?;
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether nodes of this type connect others (everything but I- and L-nodes).
    pub fn is_scheme_node(self) -> bool {
        !matches!(self, Self::I | Self::L)
    }

    /// Whether an edge out of this node always points at what it applies to.
    fn points_forward(self) -> bool {
        matches!(self, Self::Ca | Self::Pa | Self::Ya)
    }

    /// AIFdb's default text for the type, which carries no information.
    pub fn default_text(self) -> Option<&'static str> {
        match self {
            Self::Ra => Some("Default Inference"),
            Self::Ca => Some("Default Conflict"),
            Self::Pa => Some("Default Preference"),
            Self::Ma => Some("Default Rephrase"),
            Self::Ta => Some("Default Transition"),
            Self::Ya => Some("Default Illocuting"),
            Self::I | Self::L => None,
        }
    }

    fn is_default_text(self, text: &str) -> bool {
        let text = text.trim();
        text.is_empty()
            || text.eq_ignore_ascii_case(self.code())
            || self
                .default_text()
                .is_some_and(|d| d.eq_ignore_ascii_case(text))
    }
}

/// Where a file's nodes are named (see the module documentation).
#[derive(Debug, Clone)]
pub struct Naming {
    node: String,
    person: String,
    /// The document node of the file.
    pub document: NamedNode,
    /// Whether node IDs are AIFdb-wide (AIFdb's shape) rather than local to the map (OVA).
    pub aifdb: bool,
}

impl Naming {
    /// The naming for a file in `graph`, AIFdb-wide or local.
    pub fn new(graph: &NamedNode, aifdb: bool) -> Self {
        let local = local_base(graph);
        let (node, person) = if aifdb {
            (AIFDB_NODE.to_owned(), AIFDB_PERSON.to_owned())
        } else {
            (format!("{local}node-"), format!("{local}person-"))
        };
        Naming {
            node,
            person,
            document: NamedNode::new_unchecked(format!("{local}map")),
            aifdb,
        }
    }

    /// The IRI of node `id`.
    pub fn node(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", self.node, encode(id)))
    }

    /// The node ID behind an IRI of this naming.
    pub fn node_id(&self, iri: &str) -> Option<String> {
        iri.strip_prefix(&self.node).and_then(decode)
    }

    /// The IRI of participant `id`.
    pub fn person(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", self.person, encode(id)))
    }

    /// The participant ID behind an IRI of this naming.
    pub fn person_id(&self, iri: &str) -> Option<String> {
        iri.strip_prefix(&self.person).and_then(decode)
    }
}

/// `GRAPH#`, or `GRAPH-` when the graph IRI already has a fragment.
fn local_base(graph: &NamedNode) -> String {
    if graph.as_str().contains('#') {
        format!("{}-", graph.as_str())
    } else {
        format!("{}#", graph.as_str())
    }
}

fn encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Reads one AIF JSON file into quads in its graph.
///
/// ```
/// use argmap::import::aif::{read, AifInput};
/// use oxigraph::model::NamedNode;
/// let json = br#"{"nodes": [{"nodeID": "1", "text": "Rain is coming", "type": "I"},
///                           {"nodeID": "2", "text": "Dark clouds", "type": "I"},
///                           {"nodeID": 3, "text": "RA", "type": "RA", "scheme": "Sign"}],
///                 "edges": [{"edgeID": 1, "fromID": "2", "toID": "3"},
///                           {"edgeID": 2, "fromID": "3", "toID": "1"},
///                           {"edgeID": 3, "fromID": "3", "toID": "99"}]}"#;
/// let parsed = read(&AifInput {
///     name: "sky.json".into(),
///     text: json,
///     graph: NamedNode::new("file:///sky.json")?,
///     source: "file:///sky.json".into(),
///     imported_at: None,
/// })?;
/// assert!(parsed.quads.iter().any(|q| q.to_string().contains("ArgumentFromSign")));
/// assert_eq!(parsed.warnings[0].to_string(), r#"sky.json: edges[2].toID: no node "99"; edge skipped"#);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn read(input: &AifInput<'_>) -> Result<Parsed, AifError> {
    let root = parse_json(&input.name, input.text)?;
    let shape = Shape::of(&input.name, &root)?;
    let mut reader = Reader::new(input, &shape);
    reader.read(&shape);
    reader.finish(input, &shape)
}

/// Parses JSON, turning serde_json's errors (and its recursion limit) into located errors.
pub fn parse_json(name: &str, text: &[u8]) -> Result<Value, AifError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    serde_json::from_slice(text).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        let message = error.to_string();
        if message.starts_with("recursion limit exceeded") {
            AifError::TooDeep {
                file: name.to_owned(),
                line,
                column,
            }
        } else {
            let message = match message.rfind(" at line ") {
                Some(at) => message[..at].to_owned(),
                None => message,
            };
            AifError::Json {
                file: name.to_owned(),
                line,
                column,
                message,
            }
        }
    })
}

/// Whether parsed JSON looks like AIF (top-level `nodes`+`edges`, or an `AIF` object): what the
/// format sniffing asks.
pub fn looks_like_aif(root: &Value) -> bool {
    let Some(object) = root.as_object() else {
        return false;
    };
    object.get("AIF").is_some_and(Value::is_object)
        || (object.contains_key("nodes") && object.contains_key("edges"))
}

/// A short description of a JSON value's shape, for errors.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(_) => "a number".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(map) if map.is_empty() => "an empty object".to_owned(),
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().take(8).map(|k| format!("{k:?}")).collect();
            let more = if map.len() > 8 { ", ..." } else { "" };
            format!("an object with keys {}{more}", keys.join(", "))
        }
    }
}

/// Where the AIF part of a file is and what kind of file it is.
struct Shape<'v> {
    aif: &'v Map<String, Value>,
    /// JSON path prefix of the AIF object (`AIF.` in an OVA3 save).
    path: &'static str,
    text: Option<&'v str>,
    aifdb: bool,
}

impl<'v> Shape<'v> {
    fn of(name: &str, root: &'v Value) -> Result<Self, AifError> {
        let shape_error = |seen: String| AifError::Shape {
            file: name.to_owned(),
            seen,
        };
        let Some(object) = root.as_object() else {
            return Err(shape_error(describe(root)));
        };
        let (aif, path, text) = match object.get("AIF") {
            Some(Value::Object(aif)) => (aif, "AIF.", object.get("text").and_then(Value::as_str)),
            Some(other) => {
                return Err(shape_error(format!(
                    "an \"AIF\" entry that is {}",
                    describe(other)
                )));
            }
            None => (object, "", None),
        };
        match aif.get("nodes") {
            Some(Value::Array(_)) => {}
            Some(other) => {
                return Err(shape_error(format!(
                    "\"{path}nodes\" that is {}, not an array",
                    describe(other)
                )));
            }
            None => return Err(shape_error(describe(root))),
        }
        let ova = !path.is_empty()
            || aif.contains_key("participants")
            || aif.contains_key("schemefulfillments");
        Ok(Shape {
            aif,
            path,
            text,
            aifdb: !ova,
        })
    }

    fn array(&self, key: &str) -> &'v [Value] {
        match self.aif.get(key) {
            Some(Value::Array(items)) => items,
            _ => &[],
        }
    }
}

/// A node as read.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    kind: NodeType,
    text: Option<String>,
    scheme: Option<String>,
    timestamp: Option<String>,
}

struct Reader<'i> {
    file: &'i str,
    graph: GraphName,
    naming: Naming,
    names: &'static Names,
    quads: Vec<Quad>,
    warnings: Vec<Warning>,
    nodes: HashMap<String, (usize, Node)>,
    /// Unknown scheme names, with the path of the first node naming them and how many do.
    unknown_schemes: BTreeMap<String, (String, usize)>,
    /// Unknown illocution texts (hashes apart), likewise.
    unknown_illocutions: BTreeMap<String, (String, usize)>,
    /// YA texts that are hashes: first path and count.
    hashed: Option<(String, usize)>,
}

impl<'i> Reader<'i> {
    fn new(input: &'i AifInput<'_>, shape: &Shape<'_>) -> Self {
        Reader {
            file: &input.name,
            graph: GraphName::NamedNode(input.graph.clone()),
            naming: Naming::new(&input.graph, shape.aifdb),
            names: Names::bundled(),
            quads: Vec::new(),
            warnings: Vec::new(),
            nodes: HashMap::new(),
            unknown_schemes: BTreeMap::new(),
            unknown_illocutions: BTreeMap::new(),
            hashed: None,
        }
    }

    fn warn(&mut self, path: impl AsRef<str>, message: impl Into<String>) {
        self.warnings.push(Warning {
            location: format!("{}: {}", self.file, path.as_ref()),
            message: message.into(),
        });
    }

    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            predicate,
            object.into(),
            self.graph.clone(),
        ));
    }

    fn read(&mut self, shape: &Shape<'_>) {
        let prefix = shape.path;
        for key in ["edges", "locutions", "participants"] {
            if let Some(value) = shape.aif.get(key)
                && !value.is_array()
                && !value.is_null()
            {
                self.warn(
                    format!("{prefix}{key}"),
                    format!("is {}, not an array; ignored", describe(value)),
                );
            }
        }
        for (i, value) in shape.array("nodes").iter().enumerate() {
            self.node(&format!("{prefix}nodes[{i}]"), value);
        }
        let mut seen_edges: HashMap<(String, String), usize> = HashMap::new();
        for (i, value) in shape.array("edges").iter().enumerate() {
            self.edge(&format!("{prefix}edges[{i}]"), i, value, &mut seen_edges);
        }
        let people = self.participants(prefix, shape.array("participants"));
        for (i, value) in shape.array("locutions").iter().enumerate() {
            self.locution(&format!("{prefix}locutions[{i}]"), value, &people);
        }
        for key in [
            "schemefulfillments",
            "descriptorfulfillments",
            "cqdescriptorfulfillments",
        ] {
            if !shape.array(key).is_empty() {
                self.warn(
                    format!("{prefix}{key}"),
                    "OVA's scheme and descriptor IDs are not imported (the nodes' texts name their schemes)",
                );
            }
        }
    }

    fn node(&mut self, path: &str, value: &Value) {
        let Some(object) = value.as_object() else {
            self.warn(
                path,
                format!("is {}, not a node object; skipped", describe(value)),
            );
            return;
        };
        let Some(id) = self.id(path, object, "nodeID") else {
            return;
        };
        let kind = match object.get("type") {
            Some(Value::String(code)) => match NodeType::from_code(code) {
                Some(kind) => kind,
                None => {
                    self.warn(
                        format!("{path}.type"),
                        format!("unknown node type {code:?} (AIF has I, RA, CA, PA, MA, L, YA, TA); node {id:?} skipped"),
                    );
                    return;
                }
            },
            Some(other) => {
                self.warn(
                    format!("{path}.type"),
                    format!(
                        "is {}, not a type name; node {id:?} skipped",
                        describe(other)
                    ),
                );
                return;
            }
            None => {
                self.warn(path, format!("no \"type\"; node {id:?} skipped"));
                return;
            }
        };
        let text = self.string(path, object, "text");
        if text.is_none() && matches!(kind, NodeType::I | NodeType::L) {
            self.warn(path, format!("{}-node {id:?} has no \"text\"", kind.code()));
        }
        let node = Node {
            kind,
            text,
            scheme: self.string(path, object, "scheme"),
            timestamp: self.string(path, object, "timestamp"),
        };
        if let Some((first, previous)) = self.nodes.get(&id) {
            let message = if *previous == node {
                format!("repeats node {id:?} of nodes[{first}]; skipped")
            } else {
                format!("node {id:?} again, unlike nodes[{first}]; the first is kept")
            };
            self.warn(path, message);
            return;
        }
        let index = path
            .rsplit('[')
            .next()
            .and_then(|s| s.trim_end_matches(']').parse().ok())
            .unwrap_or(0);
        self.emit_node(path, &id, &node);
        self.nodes.insert(id, (index, node));
    }

    /// An ID field: a string, or a number written as it stands.
    fn id(&mut self, path: &str, object: &Map<String, Value>, key: &str) -> Option<String> {
        match object.get(key) {
            Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_owned()),
            Some(Value::Number(number)) => Some(number.to_string()),
            Some(other) => {
                self.warn(
                    format!("{path}.{key}"),
                    format!("is {}, not an ID; skipped", describe(other)),
                );
                None
            }
            None => {
                self.warn(path, format!("no \"{key}\"; skipped"));
                None
            }
        }
    }

    /// An optional text field, with CR line ends normalised.
    fn string(&mut self, path: &str, object: &Map<String, Value>, key: &str) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(normalise_line_ends(text)),
            Some(Value::Number(number)) => Some(number.to_string()),
            Some(other) => {
                self.warn(
                    format!("{path}.{key}"),
                    format!("is {}, not text; ignored", describe(other)),
                );
                None
            }
        }
    }

    fn emit_node(&mut self, path: &str, id: &str, node: &Node) {
        let iri = self.naming.node(id);
        self.add(&iri, rdf::TYPE.into_owned(), node.kind.class());
        let document = self.naming.document.clone();
        self.add(&iri, arg("inDocument"), document);
        if let Some(timestamp) = &node.timestamp {
            match date_time(timestamp) {
                Some(literal) => self.add(&iri, dct("created"), literal),
                None => {
                    self.warn(
                        format!("{path}.timestamp"),
                        format!("{timestamp:?} is not a date and time; kept as text"),
                    );
                    self.add(&iri, dct("created"), Literal::new_simple_literal(timestamp));
                }
            }
        }
        let text = node.text.as_deref();
        match node.kind {
            NodeType::I => {
                if let Some(text) = text {
                    self.add(&iri, aif("claimText"), Literal::new_simple_literal(text));
                }
            }
            NodeType::L => {
                if let Some(text) = text {
                    self.add(&iri, arg("aifText"), Literal::new_simple_literal(text));
                    if let Some(speaker) = speaker_in(text) {
                        self.add(
                            &iri,
                            arg("speakerName"),
                            Literal::new_simple_literal(speaker),
                        );
                    }
                }
            }
            NodeType::Ra => self.emit_scheme(path, &iri, node),
            NodeType::Ya => self.emit_illocution(path, &iri, text),
            kind => {
                if let Some(text) = text.filter(|t| !kind.is_default_text(t)) {
                    self.add(&iri, arg("aifText"), Literal::new_simple_literal(text));
                }
            }
        }
    }

    fn emit_scheme(&mut self, path: &str, iri: &NamedNode, node: &Node) {
        let field = node.scheme.as_deref().filter(|s| !s.trim().is_empty());
        let text = node
            .text
            .as_deref()
            .filter(|t| !t.trim().eq_ignore_ascii_case("RA") && !t.trim().is_empty());
        let (name, name_path) = match (field, text) {
            (Some(field), _) => (Some(field), format!("{path}.scheme")),
            (None, Some(text)) => (Some(text), format!("{path}.text")),
            (None, None) => (None, path.to_owned()),
        };
        let scheme = name.map(|n| self.names.term(aif_names::Kind::Scheme, n));
        match (name, scheme) {
            (None, _) => self.add(iri, arg("scheme"), arg("DefaultInference")),
            (Some(_), Some(Some(scheme))) => self.add(iri, arg("scheme"), scheme.clone()),
            (Some(name), _) => {
                let name = name.trim().to_owned();
                self.add(iri, arg("schemeName"), Literal::new_simple_literal(&name));
                self.unknown_schemes.entry(name).or_insert((name_path, 0)).1 += 1;
            }
        }
        // A text beside a scheme field is kept unless it names the same scheme.
        if let (Some(field), Some(text)) = (field, text) {
            let same = match (
                self.names.term(aif_names::Kind::Scheme, field),
                self.names.term(aif_names::Kind::Scheme, text),
            ) {
                (Some(a), Some(b)) => a == b,
                _ => field.trim() == text.trim(),
            };
            if !same {
                self.add(iri, arg("aifText"), Literal::new_simple_literal(text));
            }
        }
    }

    fn emit_illocution(&mut self, path: &str, iri: &NamedNode, text: Option<&str>) {
        let Some(text) =
            text.filter(|t| !t.trim().is_empty() && !t.trim().eq_ignore_ascii_case("YA"))
        else {
            return;
        };
        if let Some(illocution) = self.names.term(aif_names::Kind::Illocution, text) {
            self.add(iri, arg("illocution"), illocution.clone());
            return;
        }
        self.add(iri, arg("aifText"), Literal::new_simple_literal(text));
        let slot = if is_hash(text) {
            self.hashed.get_or_insert((format!("{path}.text"), 0))
        } else {
            self.unknown_illocutions
                .entry(text.trim().to_owned())
                .or_insert((format!("{path}.text"), 0))
        };
        slot.1 += 1;
    }

    fn edge(
        &mut self,
        path: &str,
        index: usize,
        value: &Value,
        seen: &mut HashMap<(String, String), usize>,
    ) {
        let Some(object) = value.as_object() else {
            self.warn(
                path,
                format!("is {}, not an edge object; skipped", describe(value)),
            );
            return;
        };
        let (Some(from), Some(to)) = (
            self.endpoint(path, object, "fromID"),
            self.endpoint(path, object, "toID"),
        ) else {
            return;
        };
        if from == to {
            self.warn(path, format!("edge from node {from:?} to itself; skipped"));
            return;
        }
        let (Some((_, from_node)), Some((_, to_node))) =
            (self.nodes.get(&from), self.nodes.get(&to))
        else {
            return;
        };
        let (from_kind, to_kind) = (from_node.kind, to_node.kind);
        let (s_node, predicate, other) = if from_kind.points_forward() {
            (&from, "Conclusion", &to)
        } else if to_kind.is_scheme_node() {
            (&to, "Premise", &from)
        } else if from_kind.is_scheme_node() {
            (&from, "Conclusion", &to)
        } else {
            self.warn(
                path,
                format!(
                    "edge from {}-node {from:?} to {}-node {to:?} has no S-node between them; skipped",
                    from_kind.code(),
                    to_kind.code()
                ),
            );
            return;
        };
        if let Some(first) = seen.get(&(from.clone(), to.clone())) {
            self.warn(path, format!("repeats the edge of edges[{first}]; skipped"));
            return;
        }
        seen.insert((from.clone(), to.clone()), index);
        let (s_node, other) = (self.naming.node(s_node), self.naming.node(other));
        self.add(&s_node, aif(predicate), other);
    }

    /// An edge's end: an ID naming a node that was read.
    fn endpoint(&mut self, path: &str, object: &Map<String, Value>, key: &str) -> Option<String> {
        let id = self.id(path, object, key)?;
        if self.nodes.contains_key(&id) {
            Some(id)
        } else {
            self.warn(
                format!("{path}.{key}"),
                format!("no node {id:?}; edge skipped"),
            );
            None
        }
    }

    /// Participants by ID, each emitted with its name.
    fn participants(&mut self, prefix: &str, items: &[Value]) -> BTreeSet<String> {
        let mut people = BTreeSet::new();
        for (i, value) in items.iter().enumerate() {
            let path = format!("{prefix}participants[{i}]");
            let Some(object) = value.as_object() else {
                self.warn(
                    &path,
                    format!("is {}, not a participant; skipped", describe(value)),
                );
                continue;
            };
            let Some(id) = self.id(&path, object, "participantID") else {
                continue;
            };
            if !people.insert(id.clone()) {
                self.warn(&path, format!("participant {id:?} again; skipped"));
                continue;
            }
            let person = self.naming.person(&id);
            self.add(&person, rdf::TYPE.into_owned(), arg("Participant"));
            let name: Vec<String> = ["firstname", "surname"]
                .iter()
                .filter_map(|key| self.string(&path, object, key))
                .filter(|part| !part.trim().is_empty())
                .collect();
            if !name.is_empty() {
                let label = Literal::new_simple_literal(name.join(" ").trim());
                self.add(&person, rdfs("label"), label);
            }
        }
        people
    }

    fn locution(&mut self, path: &str, value: &Value, people: &BTreeSet<String>) {
        let Some(object) = value.as_object() else {
            self.warn(
                path,
                format!("is {}, not a locution; skipped", describe(value)),
            );
            return;
        };
        let Some(id) = self.id(path, object, "nodeID") else {
            return;
        };
        match self.nodes.get(&id) {
            Some((_, node)) if node.kind == NodeType::L => {}
            Some((_, node)) => {
                let code = node.kind.code();
                self.warn(
                    format!("{path}.nodeID"),
                    format!("node {id:?} is an {code}-node, not a locution; skipped"),
                );
                return;
            }
            None => {
                self.warn(format!("{path}.nodeID"), format!("no node {id:?}; skipped"));
                return;
            }
        }
        let node = self.naming.node(&id);
        if object.get("personID").is_some_and(|p| !p.is_null())
            && let Some(person_id) = self.id(path, object, "personID")
        {
            let person = self.naming.person(&person_id);
            if !people.contains(&person_id) {
                self.add(&person, rdf::TYPE.into_owned(), arg("Participant"));
            }
            self.add(&node, arg("speaker"), person);
        }
        for (key, property) in [("start", "locutionStart"), ("end", "locutionEnd")] {
            let Some(time) = self.string(path, object, key) else {
                continue;
            };
            match date_time(&time) {
                Some(literal) => self.add(&node, arg(property), literal),
                None => self.warn(
                    format!("{path}.{key}"),
                    format!("{time:?} is not a date and time; ignored"),
                ),
            }
        }
    }

    /// Types each CA-node by what it attacks, as ASPIC+ reads the structure (AIF JSON has no
    /// field for it): a conflict on an S-node is an `arg:Undercut`; on a claim that an inference
    /// of the map concludes, an `arg:Rebut`; on any other claim, an `arg:Undermine`. A
    /// CA-node with no target, or with several, keeps only `aif:CA-node`.
    fn conflict_kinds(&mut self) {
        let (type_, conclusion) = (rdf::TYPE.into_owned(), aif("Conclusion"));
        let typed = |class: NodeType| -> HashSet<&NamedOrBlankNode> {
            let class = Term::from(class.class());
            self.quads
                .iter()
                .filter(|q| q.predicate == type_ && q.object == class)
                .map(|q| &q.subject)
                .collect()
        };
        let conflicts = typed(NodeType::Ca);
        let inferences = typed(NodeType::Ra);
        let scheme_nodes: HashSet<Term> = self
            .quads
            .iter()
            .filter(|q| q.predicate == type_)
            .filter(|q| match &q.object {
                Term::NamedNode(class) => {
                    NodeType::from_class(class.as_str()).is_some_and(NodeType::is_scheme_node)
                }
                _ => false,
            })
            .map(|q| Term::from(q.subject.clone()))
            .collect();
        let mut concluded = HashSet::new();
        let mut targets: HashMap<&NamedOrBlankNode, Vec<&Term>> = HashMap::new();
        for quad in self.quads.iter().filter(|q| q.predicate == conclusion) {
            if inferences.contains(&quad.subject) {
                concluded.insert(&quad.object);
            }
            if conflicts.contains(&quad.subject) {
                targets.entry(&quad.subject).or_default().push(&quad.object);
            }
        }
        let mut kinds: Vec<(NamedOrBlankNode, &str)> = targets
            .into_iter()
            .filter_map(|(conflict, on)| match on.as_slice() {
                [target] => Some((
                    conflict.clone(),
                    if scheme_nodes.contains(*target) {
                        "Undercut"
                    } else if concluded.contains(*target) {
                        "Rebut"
                    } else {
                        "Undermine"
                    },
                )),
                _ => None,
            })
            .collect();
        kinds.sort_by_key(|(conflict, _)| conflict.to_string());
        for (conflict, kind) in kinds {
            self.quads.push(Quad::new(
                conflict,
                type_.clone(),
                arg(kind),
                self.graph.clone(),
            ));
        }
    }

    fn finish(mut self, input: &AifInput<'_>, shape: &Shape<'_>) -> Result<Parsed, AifError> {
        let unknown_schemes = std::mem::take(&mut self.unknown_schemes);
        for (name, (path, count)) in unknown_schemes {
            self.warn(
                path,
                format!(
                    "scheme {name:?} ({count} node{}) is not in argmap's schemes; kept as arg:schemeName",
                    plural(count)
                ),
            );
        }
        let unknown = std::mem::take(&mut self.unknown_illocutions);
        for (name, (path, count)) in unknown {
            self.warn(
                path,
                format!(
                    "illocution {name:?} ({count} node{}) is not known; kept as arg:aifText",
                    plural(count)
                ),
            );
        }
        if let Some((path, count)) = self.hashed.take() {
            self.warn(
                path,
                format!(
                    "{count} YA-node{} a hash instead of an illocution name; kept as arg:aifText",
                    if count == 1 { " carries" } else { "s carry" }
                ),
            );
        }
        if self.nodes.is_empty() {
            let nodes = shape.array("nodes").len();
            let edges = shape.array("edges").len();
            return Err(AifError::Empty {
                file: input.name.clone(),
                seen: format!(
                    "{}nodes holds {nodes} item{}, edges {edges}",
                    shape.path,
                    plural(nodes)
                ),
                warnings: self.warnings,
            });
        }
        self.conflict_kinds();
        let document = self.naming.document.clone();
        self.add(&document, rdf::TYPE.into_owned(), arg("Document"));
        let title = file_stem(&input.name);
        self.add(&document, dct("title"), Literal::new_simple_literal(title));
        if let Ok(source) = NamedNode::new(&input.source) {
            self.add(&document, dct("source"), source);
        }
        if let Some(text) = shape.text.filter(|t| !t.is_empty()) {
            let text = normalise_line_ends(text);
            self.add(
                &document,
                arg("analysedText"),
                Literal::new_simple_literal(text),
            );
        }
        if let Some(time) = &input.imported_at {
            let literal = Literal::new_typed_literal(time, xsd::DATE_TIME);
            self.add(&document, arg("importedAt"), literal);
        }
        let mut prefixes = Vec::new();
        if self.naming.aifdb {
            prefixes.push(("aifdb".to_owned(), AIFDB_NODE.to_owned()));
        }
        Ok(Parsed {
            quads: self.quads,
            prefixes,
            graphs: BTreeSet::from([input.graph.clone()]),
            warnings: self.warnings,
        })
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The file name without folders and extension.
fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    }
}

fn normalise_line_ends(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// AIFdb's `YYYY-MM-DD HH:MM:SS` (or ISO 8601) as an `xsd:dateTime` literal.
fn date_time(text: &str) -> Option<Literal> {
    let iso = text.trim().replacen(' ', "T", 1);
    iso.parse::<oxsdatatypes::DateTime>().ok()?;
    Some(Literal::new_typed_literal(iso, xsd::DATE_TIME))
}

/// The speaker a locution's text starts with: `"Steffi: ..."` gives `Steffi`.
fn speaker_in(text: &str) -> Option<&str> {
    let (speaker, rest) = text.split_once(':')?;
    let speaker = speaker.trim();
    let plausible = !speaker.is_empty()
        && speaker.chars().count() <= 60
        && !rest.trim().is_empty()
        && !speaker.contains(['.', '?', '!', '"', '\n']);
    plausible.then_some(speaker)
}

/// Whether a YA text is a hash (`YA_8fc2706f...`) rather than an illocution name.
fn is_hash(text: &str) -> bool {
    let hex = text.trim().strip_prefix("YA_").unwrap_or(text.trim());
    hex.len() >= 16 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn arg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ARG}{local}"))
}

fn aif(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{AIF}{local}"))
}

fn dct(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DCT}{local}"))
}

fn rdfs(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://www.w3.org/2000/01/rdf-schema#{local}"))
}

/// Moves IRIs of the older `http://www.arg.dundee.ac.uk/aif#` namespace to
/// `http://www.arg.tech/aif#`; says whether the quad changed.
pub fn normalise_namespace(quad: &mut Quad) -> bool {
    let dundee = |term: &NamedNode| term.as_str().starts_with(AIF_DUNDEE);
    let moved = |term: &NamedNode| {
        NamedNode::new_unchecked(format!("{AIF}{}", &term.as_str()[AIF_DUNDEE.len()..]))
    };
    let mut touched = false;
    if let NamedOrBlankNode::NamedNode(subject) = &quad.subject
        && dundee(subject)
    {
        quad.subject = NamedOrBlankNode::NamedNode(moved(subject));
        touched = true;
    }
    if dundee(&quad.predicate) {
        quad.predicate = moved(&quad.predicate);
        touched = true;
    }
    if let Term::NamedNode(object) = &quad.object
        && dundee(object)
    {
        quad.object = Term::NamedNode(moved(object));
        touched = true;
    }
    touched
}

/// Whether a scheme-node class (`aif:S-node`, RA, CA, PA, MA, ...) is this type.
fn is_scheme_class(class: &Term) -> bool {
    match class {
        Term::NamedNode(class) => {
            class.as_str() == format!("{AIF}S-node")
                || NodeType::from_class(class.as_str()).is_some_and(NodeType::is_scheme_node)
        }
        _ => false,
    }
}

/// Tells, as a document streams past, whether [`normalise_rdf`] could turn any of its premises
/// around (only a premise whose object is a scheme node can turn). It keeps hashes, not terms,
/// so that a big document costs little: a collision can raise a false alarm, never miss one.
#[derive(Debug, Default)]
pub struct PremiseWatch {
    scheme_nodes: HashSet<u64>,
    premise_objects: HashSet<u64>,
}

impl PremiseWatch {
    /// Looks at one quad of the document.
    pub fn add(&mut self, quad: &Quad) {
        if quad.predicate == rdf::TYPE && is_scheme_class(&quad.object) {
            self.scheme_nodes
                .insert(term_hash(&Term::from(quad.subject.clone())));
        } else if quad.predicate.as_str() == format!("{AIF}Premise") {
            self.premise_objects.insert(term_hash(&quad.object));
        }
    }

    /// Whether some premise of the document may point at a scheme node.
    pub fn may_turn(&self) -> bool {
        self.premise_objects
            .iter()
            .any(|h| self.scheme_nodes.contains(h))
    }
}

fn term_hash(term: &Term) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(term)
}

/// Aligns AIF read as RDF with argmap's shape: IRIs in the older
/// `http://www.arg.dundee.ac.uk/aif#` namespace move to `http://www.arg.tech/aif#`, and an
/// `aif:Premise` written from the I-node to the S-node (as some AIFdb clients do) is turned
/// around, so that it is stated on the S-node — and so is one between two S-nodes, when the
/// document writes all its other premises that way. Returns how many quads changed.
pub fn normalise_rdf(quads: &mut [Quad]) -> usize {
    let mut changed = 0;
    for quad in quads.iter_mut() {
        changed += usize::from(normalise_namespace(quad));
    }
    let scheme_nodes: HashSet<Term> = quads
        .iter()
        .filter(|q| q.predicate == rdf::TYPE && is_scheme_class(&q.object))
        .map(|q| Term::from(q.subject.clone()))
        .collect();
    let premise = aif("Premise");
    let is_scheme = |term: &Term| scheme_nodes.contains(term);
    // Between two S-nodes (an inference that attacks through a conflict, `CA aif:Premise RA`)
    // a triple alone cannot say which way it was written; it follows the way the document
    // writes its other premises, turned around only when every one of them is inverted.
    let (mut stated_on_s, mut stated_on_i) = (0usize, 0usize);
    for quad in quads.iter().filter(|q| q.predicate == premise) {
        match (
            is_scheme(&Term::from(quad.subject.clone())),
            is_scheme(&quad.object),
        ) {
            (true, false) => stated_on_s += 1,
            (false, true) => stated_on_i += 1,
            _ => {}
        }
    }
    let inverted_document = stated_on_i > 0 && stated_on_s == 0;
    for quad in quads.iter_mut() {
        if quad.predicate != premise || !is_scheme(&quad.object) {
            continue;
        }
        if is_scheme(&Term::from(quad.subject.clone())) && !inverted_document {
            continue;
        }
        let (Ok(subject), Term::NamedNode(_) | Term::BlankNode(_)) = (
            NamedOrBlankNode::try_from(quad.object.clone()),
            &quad.object,
        ) else {
            continue;
        };
        quad.object = Term::from(quad.subject.clone());
        quad.subject = subject;
        changed += 1;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &[u8]) -> AifInput<'_> {
        AifInput {
            name: "t.json".into(),
            text,
            graph: NamedNode::new_unchecked("file:///t.json"),
            source: "file:///t.json".into(),
            imported_at: None,
        }
    }

    fn strings(parsed: &Parsed) -> Vec<String> {
        parsed.quads.iter().map(|q| q.to_string()).collect()
    }

    #[test]
    fn ids_as_numbers_and_strings_meet() {
        let json = br#"{"nodes":[{"nodeID":1,"text":"a","type":"I"},{"nodeID":"2","text":"RA","type":"RA"},
            {"nodeID":"3","text":"b","type":"I"}],
            "edges":[{"edgeID":1,"fromID":"1","toID":2,"formEdgeID":null},{"edgeID":"2","fromID":2,"toID":"3"}]}"#;
        let parsed = read(&input(json)).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let quads = strings(&parsed);
        let premise = format!("<{AIFDB_NODE}2> <{AIF}Premise> <{AIFDB_NODE}1>");
        assert!(quads.iter().any(|q| q.starts_with(&premise)), "{quads:#?}");
        let default = format!("<{AIFDB_NODE}2> <{ARG}scheme> <{ARG}DefaultInference>");
        assert!(quads.iter().any(|q| q.starts_with(&default)));
    }

    #[test]
    fn every_problem_is_located() {
        let json = b"{\"nodes\":[{\"nodeID\":\"1\",\"text\":\"a\\r\\nb\",\"type\":\"I\"},{\"nodeID\":\"1\",\"text\":\"x\",\"type\":\"I\"},
            {\"nodeID\":\"2\",\"type\":\"Q\"},{\"text\":\"t\"},{\"nodeID\":\"4\",\"type\":\"RA\",\"scheme\":\"Nonsense\"},
            {\"nodeID\":\"5\",\"type\":\"YA\",\"text\":\"YA_8fc2706f33bc57340ffd6c0081979aa1\"}],
            \"edges\":[{\"fromID\":\"1\",\"toID\":\"1234\"},{\"fromID\":\"1\",\"toID\":\"4\"},{\"fromID\":\"1\",\"toID\":\"4\"},7]}";
        let parsed = read(&input(json)).unwrap();
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        let expected = [
            "t.json: nodes[1]: node \"1\" again, unlike nodes[0]; the first is kept",
            "t.json: nodes[2].type: unknown node type \"Q\"",
            "t.json: nodes[3]: no \"nodeID\"; skipped",
            "t.json: edges[0].toID: no node \"1234\"; edge skipped",
            "t.json: edges[2]: repeats the edge of edges[1]; skipped",
            "t.json: edges[3]: is a number, not an edge object; skipped",
            "t.json: nodes[4].scheme: scheme \"Nonsense\" (1 node) is not in argmap's schemes",
            "t.json: nodes[5].text: 1 YA-node carries a hash",
        ];
        for (want, got) in expected.iter().zip(&warnings) {
            assert!(got.starts_with(want), "{got}\n  wanted {want}");
        }
        assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
        assert!(strings(&parsed).iter().any(|q| q.contains("\"a\\nb\"")));
    }

    #[test]
    fn unreadable_files_are_errors_that_say_what_was_seen() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let cases: [(&[u8], &str); 5] = [
            (b"{\"nodes\": [", "t.json:1:11: not valid JSON: EOF"),
            (
                deep.as_bytes(),
                "t.json:1:128: JSON nested more than 128 levels deep",
            ),
            (
                b"{\"@context\": {}, \"@graph\": []}",
                "t.json: not AIF JSON: saw an object with keys \"@context\", \"@graph\"",
            ),
            (
                b"{\"nodes\": 3, \"edges\": []}",
                "t.json: not AIF JSON: saw \"nodes\" that is a number",
            ),
            (
                b"{\"AIF\": {\"nodes\": [], \"edges\": []}}",
                "t.json: AIF JSON with no usable node (AIF.nodes holds 0 items, edges 0)",
            ),
        ];
        for (text, want) in cases {
            let error = read(&input(text)).unwrap_err().to_string();
            assert!(error.starts_with(want), "{error}\n  wanted {want}");
        }
    }

    #[test]
    fn an_ova_save_names_nodes_under_its_graph_and_reads_the_dialogue() {
        let json = br#"{"AIF":{"nodes":[{"nodeID":"1","text":"Bob: it rains","type":"L"},{"nodeID":"2","text":"Asserting","type":"YA"},
            {"nodeID":"3","text":"it rains","type":"I"}],"edges":[{"edgeID":1,"fromID":"1","toID":"2"},{"edgeID":2,"fromID":"2","toID":"3"}],
            "participants":[{"participantID":7,"firstname":"Bob","surname":"Smith"}],
            "locutions":[{"nodeID":"1","personID":7,"start":"2021-09-12 10:00:00","end":null}]},"text":"it rains","OVA":{}}"#;
        let parsed = read(&input(json)).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let quads = strings(&parsed).join("\n");
        for want in [
            format!("<file:///t.json#node-2> <{AIF}Premise> <file:///t.json#node-1>"),
            format!("<file:///t.json#node-2> <{AIF}Conclusion> <file:///t.json#node-3>"),
            format!("<file:///t.json#node-2> <{ARG}illocution> <{ARG}Asserting>"),
            format!("<file:///t.json#node-1> <{ARG}speaker> <file:///t.json#person-7>"),
            "<file:///t.json#person-7> <http://www.w3.org/2000/01/rdf-schema#label> \"Bob Smith\""
                .to_owned(),
            format!("<file:///t.json#node-1> <{ARG}speakerName> \"Bob\""),
            format!("<file:///t.json#node-1> <{ARG}locutionStart> \"2021-09-12T10:00:00\""),
        ] {
            assert!(quads.contains(&want), "missing {want} in\n{quads}");
        }
    }

    #[test]
    fn rdf_in_the_old_namespace_and_backward_premises_are_aligned() {
        let turtle = format!(
            "@prefix aif: <{AIF_DUNDEE}> . <x:ra> a aif:RA-node ; aif:Conclusion <x:c> . <x:p> aif:Premise <x:ra> ."
        );
        let mut quads: Vec<Quad> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
                .for_slice(turtle.as_bytes())
                .map(|q| q.unwrap())
                .collect();
        assert_eq!(normalise_rdf(&mut quads), 4);
        let quads: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
        assert!(
            quads.contains(&format!("<x:ra> <{AIF}Premise> <x:p>")),
            "{quads:?}"
        );
        assert!(quads.contains(&format!(
            "<x:ra> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{AIF}RA-node>"
        )));
    }

    #[test]
    fn ids_survive_their_iris() {
        let naming = Naming::new(&NamedNode::new_unchecked("urn:g#x"), false);
        let iri = naming.node("16_16 3/é");
        assert!(iri.as_str().starts_with("urn:g#x-node-16_16%203%2F%C3%A9"));
        assert_eq!(naming.node_id(iri.as_str()).as_deref(), Some("16_16 3/é"));
    }
}
