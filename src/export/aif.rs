//! AIF JSON export: one or more graphs written as one AIF nodeset that AIFdb and OVA read, and
//! that [`crate::import::aif`] reads back into the same graph.
//!
//! # What is written
//! - **Nodes**: every subject typed `aif:I-node` … `aif:TA-node` in the exported graphs, plus
//!   the nodes their edges reach that are typed in another graph of the store (an analyst's
//!   conflict on an author's claim), with their AIF type code. The text is an I-node's
//!   `aif:claimText`, an L-node's `arg:aifText`; an RA-node's `arg:aifText`, else its scheme's
//!   AIF name ("Default Inference", "ExpertOpinion", or the `arg:schemeName` kept from an
//!   import), with a non-default scheme also in the `scheme` field as AraucariaDB writes it; a
//!   YA-node's illocution name ("Asserting"); other S-nodes their `arg:aifText` or AIFdb's
//!   default text ("Default Conflict"). `dct:created` becomes `timestamp`
//!   (`YYYY-MM-DD HH:MM:SS`).
//! - **Edges**: `S aif:Premise X` is the edge X → S, `S aif:Conclusion X` the edge S → X, the
//!   direction AIF JSON gives them.
//! - **Locutions**: one per L-node, with its speaker (`arg:speaker`), `arg:locutionStart` and
//!   `arg:locutionEnd`; **participants** (named by `rdfs:label`, split into first name and
//!   surname) in the OVA form.
//!
//! # IDs and the two forms
//! A graph imported from an AIFdb nodeset keeps its AIFdb node IDs (`aifdb:node/1095` is
//! `"1095"`) and is written in AIFdb's bare form, `{"nodes", "edges", "locutions"}`. A graph
//! imported from an OVA save keeps its map's IDs and is written in OVA's form,
//! `{"AIF": {...}, "text": ...}`. Anything else (argmap's own maps, several graphs merged,
//! a map extended by hand) is numbered `1`, `2`, … in the order of the nodes' IRIs, and
//! written in OVA's form, whose IDs are local to the map, so that two exported maps loaded
//! into one store do not meet by accident. So an import followed by an export gives the file's
//! IDs back, and an export, import and export gives the same bytes.
//!
//! # Determinism
//! Nodes, locutions and participants are sorted by ID (numbers by value), edges by their ends
//! and numbered in that order; the JSON is pretty-printed with fixed field order.

use crate::aif_names::Names;
use crate::import::aif::{AIF, Naming, NodeType};
use crate::load::Warning;
use crate::store::ArgStore;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::StorageError;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

const ARG: &str = crate::prefixes::ARG;
const DCT_CREATED: &str = "http://purl.org/dc/terms/created";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
/// How many graph names an error lists before it says how many more there are.
const LISTED: usize = 12;

/// Errors of an AIF export.
#[derive(Debug, thiserror::Error)]
pub enum AifExportError {
    /// The store failed while the export read it.
    #[error("storage error while exporting AIF: {0}")]
    Storage(#[from] StorageError),
    /// The output could not be written.
    #[error("cannot write the AIF JSON: {0}")]
    Io(#[from] io::Error),
    /// The chosen graphs hold no AIF node.
    #[error(
        "{} no AIF node (nothing typed aif:I-node, aif:RA-node, aif:CA-node, ...); there is no nodeset to write",
        describe_graphs(graphs)
    )]
    NoNodes { graphs: Vec<String> },
    /// No `--graph`, and the store holds no graph of the user's.
    #[error(
        "the store holds no graph of your own to export as AIF; name one with --graph, e.g. the bundled map: --graph ofwono-2024/author --graph ofwono-2024/analyst"
    )]
    NoGraph,
    /// No `--graph`, and the store holds several graphs.
    #[error(
        "an AIF JSON file holds one map, and the store has {} graphs of your own:{}\nname the one to export with --graph G; repeat --graph to merge several graphs into one nodeset",
        graphs.len(),
        list(graphs)
    )]
    SeveralGraphs { graphs: Vec<String> },
}

fn describe_graphs(graphs: &[String]) -> String {
    match graphs {
        [one] => format!("graph <{one}> holds"),
        many => format!("the {} graphs given hold", many.len()),
    }
}

fn list(graphs: &[String]) -> String {
    let mut text: String = graphs
        .iter()
        .take(LISTED)
        .map(|g| format!("\n  {g}"))
        .collect();
    if graphs.len() > LISTED {
        text.push_str(&format!("\n  ... and {} more", graphs.len() - LISTED));
    }
    text
}

/// The graphs an export without `--graph` writes: the only graph of the user's, else an error
/// that lists them (an AIF file holds one map; merging a whole store is asked for by naming
/// the graphs).
pub fn default_graphs(store: &ArgStore) -> Result<Vec<NamedNode>, AifExportError> {
    let mine = super::user_graphs(store)?;
    match mine.len() {
        0 => Err(AifExportError::NoGraph),
        1 => Ok(mine),
        _ => Err(AifExportError::SeveralGraphs {
            graphs: mine.iter().map(|g| g.as_str().to_owned()).collect(),
        }),
    }
}

/// An AIF nodeset ready to write, and what could not be said in AIF.
#[derive(Debug, Clone)]
pub struct Nodeset {
    /// The pretty-printed JSON, ending in a newline.
    pub json: String,
    /// Nodes by AIF type code.
    pub nodes: BTreeMap<&'static str, usize>,
    /// How many edges were written.
    pub edges: usize,
    /// Statements left out, located by the node they are about.
    pub warnings: Vec<Warning>,
}

/// Writes `graphs` of `store` as one AIF nodeset to `out`; returns what was written.
pub fn write(
    store: &ArgStore,
    graphs: &[NamedNode],
    out: &mut dyn Write,
) -> Result<Nodeset, AifExportError> {
    let nodeset = nodeset(&quads_of(store, graphs)?, graphs)?;
    out.write_all(nodeset.json.as_bytes())?;
    out.flush()?;
    Ok(nodeset)
}

/// The quads of `graphs`, and the statements about nodes their edges reach that are typed only
/// in another graph (without those nodes' own edges).
fn quads_of(store: &ArgStore, graphs: &[NamedNode]) -> Result<Vec<Quad>, AifExportError> {
    let mut quads = Vec::new();
    for graph in graphs {
        for quad in store.oxigraph().quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            quads.push(quad?);
        }
    }
    let typed: BTreeSet<&NamedNode> = quads
        .iter()
        .filter(|q| q.predicate == rdf::TYPE && is_aif_class(&q.object))
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    let reached: BTreeSet<NamedNode> = quads
        .iter()
        .filter(|q| is_edge(&q.predicate))
        .filter_map(|q| match &q.object {
            Term::NamedNode(n) if !typed.contains(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for node in reached {
        for quad in store
            .oxigraph()
            .quads_for_pattern(Some(node.as_ref().into()), None, None, None)
        {
            let quad = quad?;
            if !is_edge(&quad.predicate) {
                quads.push(quad);
            }
        }
    }
    Ok(quads)
}

fn is_aif_class(term: &Term) -> bool {
    matches!(term, Term::NamedNode(class) if NodeType::from_class(class.as_str()).is_some())
}

fn is_edge(predicate: &NamedNode) -> bool {
    let iri = predicate.as_str();
    iri.strip_prefix(AIF)
        .is_some_and(|local| local == "Premise" || local == "Conclusion")
}

/// What is known about one subject: its statements, by predicate IRI.
#[derive(Default)]
struct Facts<'q> {
    by_predicate: BTreeMap<&'q str, Vec<&'q Term>>,
}

impl<'q> Facts<'q> {
    /// The lexical values of a predicate's literals, sorted (the first one is the one written).
    fn literals(&self, predicate: &str) -> Vec<&'q str> {
        self.objects(predicate, |t| match t {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
    }

    fn literal(&self, predicate: &str) -> Option<&'q str> {
        self.literals(predicate).first().copied()
    }

    /// The IRIs a predicate points at, sorted.
    fn iris(&self, predicate: &str) -> Vec<&'q NamedNode> {
        self.objects(predicate, |t| match t {
            Term::NamedNode(n) => Some(n),
            _ => None,
        })
    }

    /// A predicate's objects of one kind, sorted and without repeats.
    fn objects<T: Ord + ?Sized>(
        &self,
        predicate: &str,
        pick: impl Fn(&'q Term) -> Option<&'q T>,
    ) -> Vec<&'q T> {
        let mut values: Vec<&T> = self
            .by_predicate
            .get(predicate)
            .into_iter()
            .flatten()
            .filter_map(|t| pick(t))
            .collect();
        values.sort_unstable();
        values.dedup();
        values
    }
}

/// Builds the nodeset of `quads` (the statements of `graphs`, see [`write`]).
///
/// ```
/// use argmap::export::aif::nodeset;
/// use oxigraph::io::{RdfFormat, RdfParser};
/// use oxigraph::model::NamedNode;
/// let graph = NamedNode::new("urn:example:sky")?;
/// let turtle = r#"@prefix aif: <http://www.arg.tech/aif#> . @prefix arg: <https://w3id.org/argmap#> .
///     <urn:c> a aif:I-node ; aif:claimText "Rain is coming" .
///     <urn:p> a aif:I-node ; aif:claimText "Dark clouds" .
///     <urn:ra> a aif:RA-node ; arg:scheme arg:ArgumentFromSign ; aif:Premise <urn:p> ; aif:Conclusion <urn:c> ."#;
/// let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
///     .with_default_graph(graph.clone())
///     .for_slice(turtle.as_bytes())
///     .collect::<Result<_, _>>()?;
/// let written = nodeset(&quads, &[graph])?;
/// assert!(written.json.contains(r#""text": "Sign","#));
/// // <urn:c> is 1, <urn:p> 2, <urn:ra> 3: the premise's edge is 2 -> 3.
/// assert!(written.json.contains(r#""fromID": "2",
///         "toID": "3""#));
/// assert_eq!(written.edges, 2);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn nodeset(quads: &[Quad], graphs: &[NamedNode]) -> Result<Nodeset, AifExportError> {
    let mut warnings = Vec::new();
    let mut facts: BTreeMap<&NamedNode, Facts<'_>> = BTreeMap::new();
    let mut blank_nodes = 0;
    for quad in quads {
        match &quad.subject {
            NamedOrBlankNode::NamedNode(subject) => facts
                .entry(subject)
                .or_default()
                .by_predicate
                .entry(quad.predicate.as_str())
                .or_default()
                .push(&quad.object),
            NamedOrBlankNode::BlankNode(_) => {
                blank_nodes +=
                    usize::from(quad.predicate == rdf::TYPE && is_aif_class(&quad.object));
            }
        }
    }
    if blank_nodes > 0 {
        warnings.push(Warning {
            location: graphs_location(graphs),
            message: format!(
                "{blank_nodes} AIF node{} without an IRI (blank node) left out",
                plural(blank_nodes)
            ),
        });
    }

    // The nodes and their types.
    let mut kinds: BTreeMap<&NamedNode, NodeType> = BTreeMap::new();
    for (subject, facts) in &facts {
        let types: BTreeSet<NodeType> = facts
            .iris(rdf::TYPE.as_str())
            .iter()
            .filter_map(|class| NodeType::from_class(class.as_str()))
            .collect();
        let Some(&kind) = types.first() else {
            continue;
        };
        if types.len() > 1 {
            let codes: Vec<&str> = types.iter().map(|t| t.code()).collect();
            warnings.push(Warning {
                location: format!("<{}>", subject.as_str()),
                message: format!(
                    "typed as several AIF nodes ({}); written as an {}-node",
                    codes.join(", "),
                    kind.code()
                ),
            });
        }
        kinds.insert(subject, kind);
    }
    if kinds.is_empty() {
        return Err(AifExportError::NoNodes {
            graphs: graphs.iter().map(|g| g.as_str().to_owned()).collect(),
        });
    }

    // The edges, in AIF JSON's direction.
    let mut edges: BTreeSet<(&NamedNode, &NamedNode)> = BTreeSet::new();
    for (subject, facts) in &facts {
        for (local, forward) in [("Premise", false), ("Conclusion", true)] {
            for other in facts.iris(&format!("{AIF}{local}")) {
                if !kinds.contains_key(subject) || !kinds.contains_key(other) {
                    let missing = if kinds.contains_key(subject) {
                        other
                    } else {
                        *subject
                    };
                    warnings.push(Warning {
                        location: format!("<{}>", subject.as_str()),
                        message: format!(
                            "aif:{local} <{}>: <{}> is no AIF node anywhere in the store; edge left out",
                            other.as_str(),
                            missing.as_str()
                        ),
                    });
                    continue;
                }
                edges.insert(if forward {
                    (*subject, other)
                } else {
                    (other, *subject)
                });
            }
        }
    }

    let ids = Ids::for_nodes(kinds.keys().copied(), graphs);
    let people: BTreeSet<&NamedNode> = kinds
        .iter()
        .filter(|(_, kind)| **kind == NodeType::L)
        .flat_map(|(node, _)| facts[*node].iris(&format!("{ARG}speaker")))
        .collect();
    let person_ids = ids.people(people.iter().copied());

    let names = Names::bundled();
    let mut json_nodes: Vec<JsonNode> = kinds
        .iter()
        .map(|(iri, kind)| {
            let facts = &facts[*iri];
            let (text, scheme) = node_text(*kind, facts, names);
            JsonNode {
                id: ids.node(iri),
                text,
                kind: kind.code(),
                timestamp: facts.literal(DCT_CREATED).map(aifdb_time),
                scheme,
            }
        })
        .collect();
    json_nodes.sort_by(|a, b| id_order(&a.id, &b.id));

    let mut json_edges: Vec<(String, String)> = edges
        .iter()
        .map(|(from, to)| (ids.node(from), ids.node(to)))
        .collect();
    json_edges.sort_by(|a, b| id_order(&a.0, &b.0).then_with(|| id_order(&a.1, &b.1)));
    let json_edges: Vec<JsonEdge> = json_edges
        .into_iter()
        .zip(1..)
        .map(|((from, to), id)| JsonEdge {
            id,
            from,
            to,
            form_edge: None,
        })
        .collect();

    let mut locutions: Vec<JsonLocution> = kinds
        .iter()
        .filter(|(_, kind)| **kind == NodeType::L)
        .map(|(iri, _)| {
            let facts = &facts[*iri];
            JsonLocution {
                node: ids.node(iri),
                person: facts
                    .iris(&format!("{ARG}speaker"))
                    .first()
                    .and_then(|p| person_ids.get(*p))
                    .map(|id| id_value(id)),
                start: facts
                    .literal(&format!("{ARG}locutionStart"))
                    .map(aifdb_time),
                end: facts.literal(&format!("{ARG}locutionEnd")).map(aifdb_time),
            }
        })
        .collect();
    locutions.sort_by(|a, b| id_order(&a.node, &b.node));

    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for node in &json_nodes {
        *counts.entry(node.kind).or_default() += 1;
    }
    let edge_count = json_edges.len();
    let aif = JsonAif {
        nodes: json_nodes,
        edges: json_edges,
        locutions,
        participants: None,
    };
    let rendered = if ids.aifdb {
        serde_json::to_string_pretty(&aif)
    } else {
        let mut people: Vec<(&NamedNode, &String)> =
            person_ids.iter().map(|(p, id)| (*p, id)).collect();
        people.sort_by(|a, b| id_order(a.1, b.1));
        let participants: Vec<JsonParticipant> = people
            .into_iter()
            .map(|(person, id)| {
                let label = facts
                    .get(person)
                    .and_then(|f| f.literal(RDFS_LABEL))
                    .unwrap_or("");
                let (first, surname) = label.split_once(' ').unwrap_or((label, ""));
                JsonParticipant {
                    id: id_value(id),
                    firstname: first.to_owned(),
                    surname: surname.to_owned(),
                }
            })
            .collect();
        let text = facts
            .values()
            .filter_map(|f| f.literal(&format!("{ARG}analysedText")))
            .next()
            .unwrap_or("")
            .to_owned();
        serde_json::to_string_pretty(&JsonOva {
            aif: JsonAif {
                participants: Some(participants),
                ..aif
            },
            text,
        })
    };
    let mut json = rendered.map_err(io::Error::from)?;
    json.push('\n');
    Ok(Nodeset {
        json,
        nodes: counts,
        edges: edge_count,
        warnings,
    })
}

/// A node's AIF text and, for an RA-node with a named scheme, its `scheme` field.
fn node_text(kind: NodeType, facts: &Facts<'_>, names: &Names) -> (Option<String>, Option<String>) {
    let kept = facts.literal(&format!("{ARG}aifText")).map(str::to_owned);
    match kind {
        NodeType::I => (
            facts.literal(&format!("{AIF}claimText")).map(str::to_owned),
            None,
        ),
        NodeType::L => (kept, None),
        NodeType::Ra => {
            let default = format!("{ARG}DefaultInference");
            let scheme = facts
                .iris(&format!("{ARG}scheme"))
                .first()
                .map(|s| match names.aif_name(s) {
                    Some(name) => name.to_owned(),
                    None => local_name(s.as_str()).to_owned(),
                })
                .or_else(|| {
                    facts
                        .literal(&format!("{ARG}schemeName"))
                        .map(str::to_owned)
                });
            let is_default = facts
                .iris(&format!("{ARG}scheme"))
                .first()
                .is_some_and(|s| s.as_str() == default);
            let field = scheme.clone().filter(|_| !is_default);
            let text = kept
                .or(scheme)
                .or_else(|| kind.default_text().map(str::to_owned));
            (text, field)
        }
        NodeType::Ya => {
            let illocution = facts
                .iris(&format!("{ARG}illocution"))
                .first()
                .and_then(|i| names.aif_name(i))
                .map(str::to_owned);
            (illocution.or(kept), None)
        }
        _ => (
            kept.or_else(|| kind.default_text().map(str::to_owned)),
            None,
        ),
    }
}

fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// `2021-09-12T10:00:00` as AIFdb writes it, `2021-09-12 10:00:00`.
fn aifdb_time(lexical: &str) -> String {
    lexical.replacen('T', " ", 1)
}

/// IDs in AIF JSON order: numbers by value, before other IDs, which sort as text.
fn id_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// A person ID as AIF writes them: a number when it is one.
fn id_value(id: &str) -> serde_json::Value {
    match id.parse::<u64>() {
        Ok(number) if number.to_string() == id => serde_json::Value::from(number),
        _ => serde_json::Value::from(id),
    }
}

fn graphs_location(graphs: &[NamedNode]) -> String {
    graphs
        .iter()
        .map(|g| format!("<{}>", g.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The IDs of a nodeset's nodes (see the module documentation).
struct Ids<'n> {
    nodes: BTreeMap<&'n NamedNode, String>,
    /// Whether the IDs are AIFdb's (bare form) rather than local to the map (OVA form).
    aifdb: bool,
    naming: Option<Naming>,
}

impl<'n> Ids<'n> {
    fn for_nodes(nodes: impl Iterator<Item = &'n NamedNode>, graphs: &[NamedNode]) -> Self {
        let nodes: Vec<&NamedNode> = nodes.collect();
        let mut namings = Vec::new();
        if let Some(graph) = graphs.first() {
            namings.push(Naming::new(graph, true));
            if graphs.len() == 1 {
                namings.push(Naming::new(graph, false));
            }
        }
        for naming in namings {
            let kept: Option<BTreeMap<&NamedNode, String>> = nodes
                .iter()
                .map(|n| naming.node_id(n.as_str()).map(|id| (*n, id)))
                .collect();
            if let Some(kept) = kept {
                return Ids {
                    nodes: kept,
                    aifdb: naming.aifdb,
                    naming: Some(naming),
                };
            }
        }
        Ids {
            nodes: nodes
                .into_iter()
                .zip(1_u64..)
                .map(|(n, i)| (n, i.to_string()))
                .collect(),
            aifdb: false,
            naming: None,
        }
    }

    fn node(&self, iri: &NamedNode) -> String {
        self.nodes.get(iri).cloned().unwrap_or_default()
    }

    /// The people's IDs: kept under the nodes' naming, else numbered in IRI order.
    fn people<'p>(
        &self,
        people: impl Iterator<Item = &'p NamedNode>,
    ) -> BTreeMap<&'p NamedNode, String> {
        let people: Vec<&NamedNode> = people.collect();
        if let Some(naming) = &self.naming {
            let kept: Option<BTreeMap<&NamedNode, String>> = people
                .iter()
                .map(|p| naming.person_id(p.as_str()).map(|id| (*p, id)))
                .collect();
            if let Some(kept) = kept {
                return kept;
            }
        }
        people
            .into_iter()
            .zip(1_u64..)
            .map(|(p, i)| (p, i.to_string()))
            .collect()
    }
}

#[derive(Serialize)]
struct JsonNode {
    #[serde(rename = "nodeID")]
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<String>,
}

#[derive(Serialize)]
struct JsonEdge {
    #[serde(rename = "edgeID")]
    id: u64,
    #[serde(rename = "fromID")]
    from: String,
    #[serde(rename = "toID")]
    to: String,
    #[serde(rename = "formEdgeID")]
    form_edge: Option<String>,
}

#[derive(Serialize)]
struct JsonLocution {
    #[serde(rename = "nodeID")]
    node: String,
    #[serde(rename = "personID", skip_serializing_if = "Option::is_none")]
    person: Option<serde_json::Value>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Serialize)]
struct JsonParticipant {
    #[serde(rename = "participantID")]
    id: serde_json::Value,
    firstname: String,
    surname: String,
}

#[derive(Serialize)]
struct JsonAif {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    participants: Option<Vec<JsonParticipant>>,
    locutions: Vec<JsonLocution>,
}

#[derive(Serialize)]
struct JsonOva {
    #[serde(rename = "AIF")]
    aif: JsonAif,
    text: String,
}
