//! The structural checks — a claim, inference or conflict with a part missing or misplaced —
//! gathered in the one pass over the quads ([`super::scan`]).
//!
//! Each of them is data in `queries/checks/<name>.rq` (`# engine: rust`): its header is what
//! users read and its query is the specification, which `tests/check_scan.rs` requires this
//! module to match finding for finding. They run here because as queries each walked every
//! claim or inference of the store on its own: eleven walks of 3–12 s each at a million claims
//! on RocksDB, where the pass reads each quad once for all of them.
//!
//! The queries see the union of all graphs, the derived graph included. The pass skips the
//! derived graph, which adds nothing these checks read but types (the superclasses of the rule
//! `type-closure`), so those are read from it by class afterwards. What the pass keeps is a few
//! bits per node, keyed by a 128-bit hash of the node (its term only for the nodes whose
//! class a check is about); the values a finding names (an inference's conclusions, the
//! inferences sharing an undermined claim) are looked up for the offending nodes alone.

use super::Hit;
use crate::prefixes::ARG;
use crate::query::DERIVED_GRAPH;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
    TermRef,
};
use oxigraph::store::{StorageError, Store};
use siphasher::sip128::SipHasher13;
use std::collections::{BTreeMap, HashMap, HashSet};

const AIF: &str = "http://www.arg.tech/aif#";
const PROV: &str = "http://www.w3.org/ns/prov#";

/// What a node is and has, as the checks ask it.
mod bit {
    pub const I_NODE: u32 = 1;
    pub const RA_NODE: u32 = 1 << 1;
    pub const CA_NODE: u32 = 1 << 2;
    pub const UNDERMINE: u32 = 1 << 3;
    pub const ANALOGY: u32 = 1 << 4;
    pub const PREMISE: u32 = 1 << 5;
    pub const CONCLUSION: u32 = 1 << 6;
    /// More than one distinct `aif:Conclusion`.
    pub const CONCLUSIONS: u32 = 1 << 7;
    pub const SCHEME: u32 = 1 << 8;
    pub const ATTRIBUTED: u32 = 1 << 9;
    pub const TEXT: u32 = 1 << 10;
    pub const WORDS: u32 = 1 << 11;
    pub const SOURCE_CASE: u32 = 1 << 12;
    pub const TARGET_CASE: u32 = 1 << 13;
    /// The object of a property that gives a claim a place in an argument.
    pub const PLACED: u32 = 1 << 14;
}

/// The classes, by IRI, and their bit.
const CLASSES: [(&str, &str, u32); 5] = [
    (AIF, "I-node", bit::I_NODE),
    (AIF, "RA-node", bit::RA_NODE),
    (AIF, "CA-node", bit::CA_NODE),
    (ARG, "Undermine", bit::UNDERMINE),
    (ARG, "HistoricalAnalogy", bit::ANALOGY),
];

/// The properties stated in the derived graph that a hand-written statement pre-empts.
const SHORTCUTS: [&str; 8] = [
    "supports",
    "attacks",
    "rebuts",
    "undermines",
    "undercuts",
    "premiseOf",
    "conclusionOf",
    "prefersOver",
];

/// What a property tells the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Type,
    Premise,
    Conclusion,
    /// Sets a bit on the subject.
    Subject(u32),
    /// Places its object (`arg:warrant`, `arg:backing`, `arg:rebuttalCondition`).
    Places,
    MainConclusion,
    AnsweredBy,
    Text,
    Shortcut,
}

#[derive(Debug, Default)]
struct Node {
    bits: u32,
    /// Kept for the nodes of a class a check is about.
    term: Option<NamedOrBlankNode>,
    /// The first `aif:Conclusion`, by hash.
    conclusion: Option<u128>,
}

/// The hits of every structural check, by check name.
pub(crate) type Hits = BTreeMap<&'static str, Vec<Hit>>;

/// The names of the checks this module runs.
pub(crate) const CHECKS: [&str; 13] = [
    "analogy-without-cases",
    "claim-asserted-by-no-one",
    "claim-without-text",
    "conflict-without-attacker",
    "conflict-without-target",
    "cq-answer-not-a-claim",
    "hand-written-shortcut",
    "inference-without-one-conclusion",
    "inference-without-premise",
    "inference-without-scheme",
    "main-conclusion-unsupported",
    "orphan-claim",
    "undermine-of-conclusion",
];

/// Hits keyed by node and detail, their related nodes collected, as a `.rq` check's rows
/// become hits.
#[derive(Default)]
struct Rows(BTreeMap<(String, Option<String>), Hit>);

impl Rows {
    fn add(&mut self, node: Term, related: Option<Term>, detail: Option<String>) {
        let hit = self
            .0
            .entry((node.to_string(), detail.clone()))
            .or_insert_with(|| Hit {
                detail,
                ..Hit::new(node)
            });
        if let Some(related) = related
            && !hit.related.contains(&related)
        {
            hit.related.push(related);
        }
    }

    fn hits(self) -> Vec<Hit> {
        self.0.into_values().collect()
    }
}

/// The structural facts, gathered quad by quad in the shared pass.
pub(crate) struct Accumulator {
    hasher: SipHasher13,
    roles: HashMap<String, Role>,
    classes: HashMap<String, u32>,
    nodes: HashMap<u128, Node>,
    main_conclusions: Vec<(NamedOrBlankNode, Term)>,
    answers: Vec<(NamedOrBlankNode, Term)>,
    shortcuts: Rows,
}

impl Accumulator {
    pub(crate) fn new() -> Self {
        let mut roles: HashMap<String, Role> = HashMap::new();
        roles.insert(rdf::TYPE.as_str().to_owned(), Role::Type);
        roles.insert(format!("{AIF}Premise"), Role::Premise);
        roles.insert(format!("{AIF}Conclusion"), Role::Conclusion);
        roles.insert(format!("{AIF}claimText"), Role::Text);
        roles.insert(format!("{ARG}scheme"), Role::Subject(bit::SCHEME));
        for who in ["assertedBy", "relayedBy", "entertainedBy", "reportedIn"] {
            roles.insert(format!("{ARG}{who}"), Role::Subject(bit::ATTRIBUTED));
        }
        roles.insert(
            format!("{PROV}wasAttributedTo"),
            Role::Subject(bit::ATTRIBUTED),
        );
        roles.insert(format!("{ARG}sourceCase"), Role::Subject(bit::SOURCE_CASE));
        roles.insert(format!("{ARG}targetCase"), Role::Subject(bit::TARGET_CASE));
        for place in ["warrant", "backing", "rebuttalCondition"] {
            roles.insert(format!("{ARG}{place}"), Role::Places);
        }
        roles.insert(format!("{ARG}mainConclusion"), Role::MainConclusion);
        roles.insert(format!("{ARG}answeredBy"), Role::AnsweredBy);
        for shortcut in SHORTCUTS {
            roles.insert(format!("{ARG}{shortcut}"), Role::Shortcut);
        }
        Self {
            hasher: SipHasher13::new(),
            roles,
            classes: CLASSES
                .iter()
                .map(|(ns, name, bit)| (format!("{ns}{name}"), *bit))
                .collect(),
            nodes: HashMap::new(),
            main_conclusions: Vec::new(),
            answers: Vec::new(),
            shortcuts: Rows::default(),
        }
    }

    fn hash(&self, term: TermRef<'_>) -> Option<u128> {
        let (tag, text) = match term {
            TermRef::NamedNode(n) => (b'<', n.as_str()),
            TermRef::BlankNode(b) => (b'_', b.as_str()),
            TermRef::Literal(_) => return None,
        };
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.push(tag);
        bytes.extend_from_slice(text.as_bytes());
        Some(self.hasher.hash(&bytes).as_u128())
    }

    fn subject_hash(&self, subject: NamedOrBlankNodeRef<'_>) -> u128 {
        let term: TermRef<'_> = subject.into();
        // A subject is never a literal.
        self.hash(term).unwrap_or_default()
    }

    fn mark(&mut self, hash: u128, bits: u32) -> &mut Node {
        let node = self.nodes.entry(hash).or_default();
        node.bits |= bits;
        node
    }

    /// Notes a quad of any graph but the derived one; `shortcut_graph` says whether a
    /// shortcut stated there is hand-written (a named graph outside the bundled ontology).
    pub(crate) fn observe(&mut self, quad: &Quad, shortcut_graph: bool) {
        let Some(&role) = self.roles.get(quad.predicate.as_str()) else {
            return;
        };
        let subject = self.subject_hash(quad.subject.as_ref());
        match role {
            Role::Type => {
                if let Term::NamedNode(class) = &quad.object {
                    self.typed(quad.subject.as_ref(), subject, class.as_ref());
                }
            }
            Role::Premise => {
                self.mark(subject, bit::PREMISE);
                self.place(quad.object.as_ref());
            }
            Role::Conclusion => {
                let conclusion = self.hash(quad.object.as_ref());
                let node = self.mark(subject, bit::CONCLUSION);
                match node.conclusion {
                    None => node.conclusion = Some(conclusion.unwrap_or_default()),
                    Some(first) if Some(first) != conclusion => {
                        // A literal conclusion is not hashed (None): it counts as another
                        // value, and the offending node's values are looked up anyway.
                        node.bits |= bit::CONCLUSIONS;
                    }
                    Some(_) => {}
                }
                self.place(quad.object.as_ref());
            }
            Role::Subject(bits) => {
                self.mark(subject, bits);
            }
            Role::Places => self.place(quad.object.as_ref()),
            Role::MainConclusion => {
                self.place(quad.object.as_ref());
                self.main_conclusions
                    .push((quad.subject.clone(), quad.object.clone()));
            }
            Role::AnsweredBy => {
                self.place(quad.object.as_ref());
                self.answers
                    .push((quad.subject.clone(), quad.object.clone()));
            }
            Role::Text => {
                let words = match &quad.object {
                    Term::Literal(text) => !text.value().trim().is_empty(),
                    Term::NamedNode(iri) => !iri.as_str().trim().is_empty(),
                    // STR() of a blank node is an error: no text.
                    Term::BlankNode(_) => false,
                };
                let bits = if words {
                    bit::TEXT | bit::WORDS
                } else {
                    bit::TEXT
                };
                self.mark(subject, bits);
            }
            Role::Shortcut => {
                if shortcut_graph {
                    self.shortcuts.add(
                        quad.subject.clone().into(),
                        Some(quad.object.clone()),
                        Some(format!("it states <{}> directly", quad.predicate.as_str())),
                    );
                }
            }
        }
    }

    fn typed(&mut self, subject: NamedOrBlankNodeRef<'_>, hash: u128, class: NamedNodeRef<'_>) {
        let Some(&bits) = self.classes.get(class.as_str()) else {
            return;
        };
        let node = self.mark(hash, bits);
        if node.term.is_none() {
            node.term = Some(subject.into_owned());
        }
    }

    fn place(&mut self, object: TermRef<'_>) {
        if let Some(hash) = self.hash(object) {
            self.mark(hash, bit::PLACED);
        }
    }

    /// Reads the derived types and turns the facts into each check's hits.
    pub(crate) fn finish(mut self, store: &Store) -> Result<Hits, StorageError> {
        let derived = NamedNode::new_unchecked(DERIVED_GRAPH);
        let classes: Vec<(String, u32)> =
            self.classes.iter().map(|(c, b)| (c.clone(), *b)).collect();
        for (class, _) in &classes {
            let class = NamedNode::new_unchecked(class.as_str());
            for quad in store.quads_for_pattern(
                None,
                Some(rdf::TYPE),
                Some(class.as_ref().into()),
                Some(derived.as_ref().into()),
            ) {
                let quad = quad?;
                let hash = self.subject_hash(quad.subject.as_ref());
                self.typed(quad.subject.as_ref(), hash, class.as_ref());
            }
        }
        let lookup = Lookup { store };
        let mut hits = Hits::new();
        let mut rows: BTreeMap<&'static str, Rows> =
            CHECKS.iter().map(|name| (*name, Rows::default())).collect();
        let mut row = |check: &'static str,
                       node: &NamedOrBlankNode,
                       related: Option<Term>,
                       detail: Option<String>| {
            rows.entry(check)
                .or_default()
                .add(node.clone().into(), related, detail);
        };
        let conclusions_of_inferences = self.conclusions_of_inferences(&lookup)?;
        for node in self.nodes.values() {
            let Some(term) = &node.term else { continue };
            let has = |b: u32| node.bits & b != 0;
            if has(bit::I_NODE) {
                if !has(bit::ATTRIBUTED) {
                    row("claim-asserted-by-no-one", term, None, None);
                }
                if !has(bit::WORDS) {
                    let detail = if has(bit::TEXT) {
                        "its aif:claimText is blank"
                    } else {
                        "it has no aif:claimText"
                    };
                    row("claim-without-text", term, None, Some(detail.to_owned()));
                }
                if !has(bit::PLACED) {
                    row("orphan-claim", term, None, None);
                }
            }
            if has(bit::CA_NODE) {
                if !has(bit::PREMISE) {
                    row("conflict-without-attacker", term, None, None);
                    for related in lookup.objects(term, "Conclusion")? {
                        row("conflict-without-attacker", term, Some(related), None);
                    }
                }
                if !has(bit::CONCLUSION) {
                    row("conflict-without-target", term, None, None);
                    for related in lookup.objects(term, "Premise")? {
                        row("conflict-without-target", term, Some(related), None);
                    }
                }
            }
            if has(bit::RA_NODE) {
                if !has(bit::CONCLUSION) {
                    let detail = "it has no aif:Conclusion".to_owned();
                    row("inference-without-one-conclusion", term, None, Some(detail));
                } else if has(bit::CONCLUSIONS) {
                    let conclusions = lookup.objects(term, "Conclusion")?;
                    if conclusions.len() > 1 {
                        let detail = format!("it has {} aif:Conclusion values", conclusions.len());
                        for related in conclusions {
                            row(
                                "inference-without-one-conclusion",
                                term,
                                Some(related),
                                Some(detail.clone()),
                            );
                        }
                    }
                }
                if !has(bit::PREMISE) {
                    row("inference-without-premise", term, None, None);
                    for related in lookup.objects(term, "Conclusion")? {
                        row("inference-without-premise", term, Some(related), None);
                    }
                }
                if !has(bit::SCHEME) {
                    row("inference-without-scheme", term, None, None);
                }
            }
            if has(bit::UNDERMINE) && has(bit::CONCLUSION) {
                let shared = has(bit::CONCLUSIONS)
                    || node
                        .conclusion
                        .is_some_and(|c| conclusions_of_inferences.contains(&c));
                if shared {
                    for target in lookup.objects(term, "Conclusion")? {
                        for inference in lookup.subjects("Conclusion", &target)? {
                            if self.is(&inference, bit::RA_NODE) {
                                row("undermine-of-conclusion", term, Some(inference), None);
                            }
                        }
                    }
                }
            }
            if has(bit::ANALOGY) && !(has(bit::SOURCE_CASE) && has(bit::TARGET_CASE)) {
                let detail = match (has(bit::SOURCE_CASE), has(bit::TARGET_CASE)) {
                    (false, false) => "it has neither arg:sourceCase nor arg:targetCase",
                    (false, true) => "it has no arg:sourceCase",
                    _ => "it has no arg:targetCase",
                };
                row("analogy-without-cases", term, None, Some(detail.to_owned()));
            }
        }
        for (document, claim) in std::mem::take(&mut self.main_conclusions) {
            let supported = lookup
                .subjects("Conclusion", &claim)?
                .iter()
                .any(|inference| self.is(inference, bit::RA_NODE));
            if !supported {
                rows.entry("main-conclusion-unsupported").or_default().add(
                    claim,
                    Some(document.into()),
                    None,
                );
            }
        }
        for (question, answer) in std::mem::take(&mut self.answers) {
            if self.is(&answer, bit::I_NODE) {
                continue;
            }
            let detail = match &answer {
                Term::Literal(_) => "arg:answeredBy gives a literal, not a claim node",
                Term::NamedNode(_) | Term::BlankNode(_) if lookup.describes(&answer)? => {
                    "the answer is not typed aif:I-node"
                }
                _ => "the answer is not described anywhere",
            };
            rows.entry("cq-answer-not-a-claim").or_default().add(
                question.into(),
                Some(answer),
                Some(detail.to_owned()),
            );
        }
        rows.insert("hand-written-shortcut", std::mem::take(&mut self.shortcuts));
        for (name, found) in rows {
            hits.insert(name, found.hits());
        }
        Ok(hits)
    }

    /// Whether `term` has the bits.
    fn is(&self, term: &Term, bits: u32) -> bool {
        self.hash(term.as_ref())
            .and_then(|hash| self.nodes.get(&hash))
            .is_some_and(|node| node.bits & bits == bits)
    }

    /// The conclusions of the inferences, by hash, for `undermine-of-conclusion` (an
    /// inference with several conclusions has them looked up).
    fn conclusions_of_inferences(
        &self,
        lookup: &Lookup<'_>,
    ) -> Result<HashSet<u128>, StorageError> {
        let mut found = HashSet::new();
        for node in self.nodes.values() {
            if node.bits & bit::RA_NODE == 0 {
                continue;
            }
            if node.bits & bit::CONCLUSIONS != 0
                && let Some(term) = &node.term
            {
                for conclusion in lookup.objects(term, "Conclusion")? {
                    found.extend(self.hash(conclusion.as_ref()));
                }
            } else if let Some(conclusion) = node.conclusion {
                found.insert(conclusion);
            }
        }
        Ok(found)
    }
}

/// Lookups in the union of all graphs, as the checks' queries read it.
struct Lookup<'a> {
    store: &'a Store,
}

impl Lookup<'_> {
    /// The distinct values of `aif:<property>` on `subject`.
    fn objects(
        &self,
        subject: &NamedOrBlankNode,
        property: &str,
    ) -> Result<Vec<Term>, StorageError> {
        let property = NamedNode::new_unchecked(format!("{AIF}{property}"));
        let mut values = Vec::new();
        for quad in self.store.quads_for_pattern(
            Some(subject.as_ref()),
            Some(property.as_ref()),
            None,
            None,
        ) {
            let object = quad?.object;
            if !values.contains(&object) {
                values.push(object);
            }
        }
        Ok(values)
    }

    /// The distinct subjects with `aif:<property>` `object`.
    fn subjects(&self, property: &str, object: &Term) -> Result<Vec<Term>, StorageError> {
        let property = NamedNode::new_unchecked(format!("{AIF}{property}"));
        let mut values = Vec::new();
        for quad in
            self.store
                .quads_for_pattern(None, Some(property.as_ref()), Some(object.as_ref()), None)
        {
            let subject: Term = quad?.subject.into();
            if !values.contains(&subject) {
                values.push(subject);
            }
        }
        Ok(values)
    }

    /// Whether `node` is the subject of any quad.
    fn describes(&self, node: &Term) -> Result<bool, StorageError> {
        let subject = match node {
            Term::NamedNode(n) => NamedOrBlankNodeRef::from(n.as_ref()),
            Term::BlankNode(b) => NamedOrBlankNodeRef::from(b.as_ref()),
            Term::Literal(_) => return Ok(false),
        };
        Ok(self
            .store
            .quads_for_pattern(Some(subject), None, None, None)
            .next()
            .transpose()?
            .is_some())
    }
}

/// Whether a shortcut stated in `graph` is hand-written.
pub(crate) fn shortcut_graph(graph: GraphNameRef<'_>) -> bool {
    matches!(
        graph,
        GraphNameRef::NamedNode(_) | GraphNameRef::BlankNode(_)
    ) && !super::is_ontology_graph(graph)
}
