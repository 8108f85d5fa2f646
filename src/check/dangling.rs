//! Dangling references: an IRI that an `arg:`, `aif:`, `prov:` or `oa:` property points at but
//! that no loaded graph describes (the derived graph does not count).
//!
//! The check is data in `queries/checks/dangling-reference.rq`: its header is what users read,
//! and its query is the specification, which `tests/check_scan.rs` requires this module to
//! match finding for finding. It runs as Rust because that query cannot be fast: it filters
//! every quad of every graph by `STRSTARTS` on its property and node, and runs a `NOT EXISTS`
//! lookup per object — 8.8 s at 100k claims, 18× a full scan. Here the references are gathered
//! in the one pass over the quads that [`super::scan`] shares with the other checks that read
//! every quad: the IRIs seen as subjects are kept as 128-bit hashes (16 bytes each, not the
//! IRI), the referred IRIs not yet seen as subjects wait in a map until they are, and only the
//! ones still waiting at the end are looked up again for their referrers.

use super::Hit;
use crate::prefixes::{ARG, STANDARD};
use crate::query::DERIVED_GRAPH;
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use siphasher::sip128::SipHasher13;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Namespaces whose properties make references (`arg:`, `aif:`, `prov:`, `oa:`).
const REFERRING: [&str; 4] = ["arg", "aif", "prov", "oa"];

/// IRIs of vocabularies, not expected to be described in a map.
const VOCABULARIES: [&str; 8] = [
    ARG,
    "http://www.w3.org/",
    "http://www.arg.tech/",
    "http://purl.org/",
    "http://schema.org/",
    "https://schema.org/",
    "http://www.wikidata.org/",
    "https://www.wikidata.org/",
];

/// The dangling references, gathered quad by quad in the shared pass.
pub(crate) struct Accumulator {
    referring: Vec<&'static str>,
    hasher: SipHasher13,
    /// Hashes of every IRI that is the subject of a quad.
    subjects: HashSet<u128>,
    /// Referred IRIs not seen as a subject so far, by hash.
    waiting: HashMap<u128, NamedNode>,
}

impl Accumulator {
    pub(crate) fn new() -> Self {
        let referring = REFERRING
            .iter()
            .filter_map(|name| {
                STANDARD
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, iri)| *iri)
            })
            .collect();
        Self {
            referring,
            hasher: SipHasher13::new(),
            subjects: HashSet::new(),
            waiting: HashMap::new(),
        }
    }

    fn hash(&self, iri: NamedNodeRef<'_>) -> u128 {
        self.hasher.hash(iri.as_str().as_bytes()).as_u128()
    }

    /// Whether `property` pointing at `node` is a reference this check follows.
    fn refers(&self, property: NamedNodeRef<'_>, node: NamedNodeRef<'_>) -> bool {
        self.referring
            .iter()
            .any(|ns| property.as_str().starts_with(ns))
            && !VOCABULARIES.iter().any(|v| node.as_str().starts_with(v))
    }

    /// Notes one quad of a named graph other than the derived one.
    pub(crate) fn observe(&mut self, quad: &Quad) {
        if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
            let hash = self.hash(subject.as_ref());
            if self.subjects.insert(hash) {
                self.waiting.remove(&hash);
            }
        }
        if let Term::NamedNode(object) = &quad.object
            && self.refers(quad.predicate.as_ref(), object.as_ref())
        {
            let hash = self.hash(object.as_ref());
            if !self.subjects.contains(&hash) {
                self.waiting.entry(hash).or_insert_with(|| object.clone());
            }
        }
    }

    /// One hit per dangling node and referring property, its referrers as related.
    pub(crate) fn finish(self, store: &Store) -> Result<Vec<Hit>, StorageError> {
        let mut hits: BTreeMap<(String, String), Hit> = BTreeMap::new();
        for node in self.waiting.into_values() {
            for quad in store.quads_for_pattern(None, None, Some(node.as_ref().into()), None) {
                let quad = quad?;
                let in_data = match &quad.graph_name {
                    GraphName::NamedNode(g) => g.as_str() != DERIVED_GRAPH,
                    GraphName::BlankNode(_) => true,
                    GraphName::DefaultGraph => false,
                };
                if !in_data
                    || !self
                        .referring
                        .iter()
                        .any(|ns| quad.predicate.as_str().starts_with(ns))
                {
                    continue;
                }
                let detail = format!(
                    "it is the object of <{}> but never the subject of a triple",
                    quad.predicate.as_str()
                );
                let hit = hits
                    .entry((Term::from(node.clone()).to_string(), detail.clone()))
                    .or_insert_with(|| Hit::new(node.clone()).detail(detail));
                let referrer = Term::from(quad.subject);
                if !hit.related.contains(&referrer) {
                    hit.related.push(referrer);
                }
            }
        }
        Ok(hits.into_values().collect())
    }
}
