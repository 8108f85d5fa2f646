//! The shortcut rules of `ontology/rules/*.ru`, computed in Rust, for a whole store or only for
//! the nodes a change touched.
//!
//! Every shortcut a rule derives depends on one node alone: its `rdf:type`s, its `aif:Premise`
//! and `aif:Conclusion` edges, and the class hierarchy (`rdfs:subClassOf`, from every graph).
//! So a change that adds or removes such statements about nodes `N` can only change what `N`
//! derive: [`Shortcuts::for_nodes`] on the old and new data gives what to remove and to add,
//! and [`Shortcuts::still_derived`] keeps a removed shortcut that another node still derives
//! (two inferences with the same premise and conclusion). A change to the hierarchy itself
//! re-derives the nodes typed with a class whose superclasses it changes ([`reclassified`]).
//!
//! The SPARQL rules stay the specification: `tests/derivation.rs` checks that this engine, run
//! from scratch or step by step, derives exactly what they derive.

use crate::query::DERIVED_GRAPH;
use oxigraph::model::{
    GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef, Term,
    TermRef, Triple,
};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::{HashMap, HashSet};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SUBCLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const AIF: &str = "http://www.arg.tech/aif#";
const ARG: &str = "https://w3id.org/argmap#";

fn named(iri: &'static str) -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(iri)
}

/// The predicates whose statements decide what a node derives.
pub const INPUT_PREDICATES: [&str; 3] = [
    RDF_TYPE,
    "http://www.arg.tech/aif#Premise",
    "http://www.arg.tech/aif#Conclusion",
];

/// Whether a quad can change the class hierarchy (and so every node's types).
pub fn changes_hierarchy(quad: QuadRef<'_>) -> bool {
    quad.predicate.as_str() == SUBCLASS_OF
}

/// Whether a quad can change what its subject derives.
pub fn is_input(quad: QuadRef<'_>) -> bool {
    INPUT_PREDICATES.contains(&quad.predicate.as_str())
}

/// Quads read back from a [`Reader`].
pub type Quads<'r> = Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'r>;

/// Reads quads from a store, from inside a transaction (which sees its own writes), or from
/// an [`Overlay`] of two of them.
pub trait Reader {
    /// Quads matching a pattern, in any graph when `graph` is `None`.
    fn pattern<'r>(
        &'r self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Quads<'r>;
}

/// Stores and transactions read through the same `quads_for_pattern`.
macro_rules! reader_by_pattern {
    ($($reader:ty),*) => {$(
        impl Reader for $reader {
            fn pattern<'r>(
                &'r self,
                subject: Option<NamedOrBlankNodeRef<'_>>,
                predicate: Option<NamedNodeRef<'_>>,
                object: Option<TermRef<'_>>,
                graph: Option<GraphNameRef<'_>>,
            ) -> Quads<'r> {
                Box::new(self.quads_for_pattern(subject, predicate, object, graph))
            }
        }
    )*};
}

reader_by_pattern!(Store, Transaction<'_>);

/// Two views read as one: the store, and quads about to be bulk-loaded into it.
pub struct Overlay<'a>(pub &'a dyn Reader, pub &'a dyn Reader);

impl Reader for Overlay<'_> {
    fn pattern<'r>(
        &'r self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Quads<'r> {
        Box::new(
            self.0
                .pattern(subject, predicate, object, graph)
                .chain(self.1.pattern(subject, predicate, object, graph)),
        )
    }
}

fn is_derived(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(g) if g.as_str() == DERIVED_GRAPH)
}

/// What one node states about itself that the rules read.
#[derive(Debug, Default)]
struct NodeFacts {
    types: HashSet<Term>,
    premises: HashSet<Term>,
    conclusions: HashSet<Term>,
}

impl NodeFacts {
    /// The set for an index into [`INPUT_PREDICATES`].
    fn of(&mut self, input: u8) -> &mut HashSet<Term> {
        match input {
            0 => &mut self.types,
            1 => &mut self.premises,
            _ => &mut self.conclusions,
        }
    }
}

/// Where a predicate stands in [`INPUT_PREDICATES`], if it is one the rules read.
fn input_index(predicate: &str) -> Option<u8> {
    INPUT_PREDICATES
        .iter()
        .position(|p| *p == predicate)
        .and_then(|i| u8::try_from(i).ok())
}

/// The class hierarchy: every IRI superclass reachable through `rdfs:subClassOf+`.
#[derive(Debug, Default)]
pub struct Hierarchy {
    direct: HashMap<Term, Vec<Term>>,
}

impl Hierarchy {
    /// Reads every `rdfs:subClassOf` statement outside the derived graph.
    pub fn read(reader: &dyn Reader) -> Result<Self, StorageError> {
        let mut direct: HashMap<Term, Vec<Term>> = HashMap::new();
        for quad in reader.pattern(None, Some(named(SUBCLASS_OF)), None, None) {
            let quad = quad?;
            if is_derived(quad.graph_name.as_ref()) {
                continue;
            }
            direct
                .entry(Term::from(quad.subject))
                .or_default()
                .push(quad.object);
        }
        Ok(Self { direct })
    }

    /// The IRI classes reachable from `class` in one or more steps (blank nodes are walked
    /// through but not returned, as `FILTER (isIRI(?super))` does in `10-types.ru`).
    fn supers(&self, class: &Term, memo: &mut HashMap<Term, HashSet<Term>>) -> HashSet<Term> {
        if let Some(known) = memo.get(class) {
            return known.clone();
        }
        let mut seen: HashSet<&Term> = HashSet::new();
        let mut stack: Vec<&Term> = self.direct.get(class).into_iter().flatten().collect();
        let mut found = HashSet::new();
        while let Some(next) = stack.pop() {
            if !seen.insert(next) {
                continue;
            }
            if matches!(next, Term::NamedNode(_)) {
                found.insert(next.clone());
            }
            stack.extend(self.direct.get(next).into_iter().flatten());
        }
        memo.insert(class.clone(), found.clone());
        found
    }
}

/// The nodes whose derivation a change of the hierarchy from `old` to `new` can alter: those
/// with a type whose superclasses differ between the two (read from `reader`, outside the
/// derived graph). Proportional to those nodes, not to the store.
pub fn reclassified(
    old: &Hierarchy,
    new: &Hierarchy,
    reader: &dyn Reader,
) -> Result<HashSet<NamedOrBlankNode>, StorageError> {
    let (mut old_memo, mut new_memo) = (HashMap::new(), HashMap::new());
    // Only a class with a direct superclass has any.
    let classes: HashSet<&Term> = old.direct.keys().chain(new.direct.keys()).collect();
    let mut nodes = HashSet::new();
    for class in classes {
        if old.supers(class, &mut old_memo) == new.supers(class, &mut new_memo) {
            continue;
        }
        for quad in reader.pattern(None, Some(named(RDF_TYPE)), Some(class.as_ref()), None) {
            let quad = quad?;
            if !is_derived(quad.graph_name.as_ref()) {
                nodes.insert(quad.subject);
            }
        }
    }
    Ok(nodes)
}

/// The shortcut engine over one view of the data.
pub struct Shortcuts<'a> {
    reader: &'a dyn Reader,
    hierarchy: Hierarchy,
    memo: HashMap<Term, HashSet<Term>>,
}

impl<'a> Shortcuts<'a> {
    /// An engine reading `reader` (the hierarchy is read once, now).
    pub fn new(reader: &'a dyn Reader) -> Result<Self, StorageError> {
        Ok(Self {
            hierarchy: Hierarchy::read(reader)?,
            reader,
            memo: HashMap::new(),
        })
    }

    fn facts(&self, node: NamedOrBlankNodeRef<'_>) -> Result<NodeFacts, StorageError> {
        let mut facts = NodeFacts::default();
        for quad in self.reader.pattern(Some(node), None, None, None) {
            let quad = quad?;
            if is_derived(quad.graph_name.as_ref()) {
                continue;
            }
            if let Some(input) = input_index(quad.predicate.as_str()) {
                facts.of(input).insert(quad.object);
            }
        }
        Ok(facts)
    }

    /// What one node derives, given its facts.
    fn derive(&mut self, node: &NamedOrBlankNode, facts: &NodeFacts, out: &mut HashSet<Triple>) {
        let mut closure = HashSet::new();
        for class in &facts.types {
            closure.extend(self.hierarchy.supers(class, &mut self.memo));
        }
        let rdf_type = named(RDF_TYPE).into_owned();
        for class in closure.difference(&facts.types) {
            out.insert(Triple::new(node.clone(), rdf_type.clone(), class.clone()));
        }
        // Compared in place: an IRI made with `format!` was one allocation per question.
        let typed = |namespace: &str, local: &str| {
            facts.types.iter().chain(&closure).any(|t| {
                matches!(t, Term::NamedNode(n)
                    if n.as_str().strip_prefix(namespace) == Some(local))
            })
        };
        let has = |local: &str| typed(AIF, local);
        let is_kind = |local: &str| typed(ARG, local);
        let node_term = Term::from(node.clone());
        let mut edges = |shortcut: &str, from: &HashSet<Term>, to: &HashSet<Term>| {
            let predicate = oxigraph::model::NamedNode::new_unchecked(format!("{ARG}{shortcut}"));
            for subject in from.iter().filter_map(as_subject) {
                for object in to {
                    out.insert(Triple::new(
                        subject.clone(),
                        predicate.clone(),
                        object.clone(),
                    ));
                }
            }
        };
        let itself = HashSet::from([node_term]);
        if has("RA-node") {
            edges("premiseOf", &facts.premises, &itself);
            edges("conclusionOf", &facts.conclusions, &itself);
            edges("supports", &facts.premises, &facts.conclusions);
        }
        if has("CA-node") {
            edges("attacks", &facts.premises, &facts.conclusions);
        }
        for (kind, shortcut) in [
            ("Rebut", "rebuts"),
            ("Undermine", "undermines"),
            ("Undercut", "undercuts"),
        ] {
            if is_kind(kind) {
                edges(shortcut, &facts.premises, &facts.conclusions);
            }
        }
        if has("PA-node") {
            edges("prefersOver", &facts.premises, &facts.conclusions);
        }
    }

    /// Everything the given nodes derive in this view.
    pub fn for_nodes<'n>(
        &mut self,
        nodes: impl IntoIterator<Item = &'n NamedOrBlankNode>,
    ) -> Result<HashSet<Triple>, StorageError> {
        let mut out = HashSet::new();
        for node in nodes {
            let facts = self.facts(node.as_ref())?;
            self.derive(node, &facts, &mut out);
        }
        Ok(out)
    }

    /// Everything the whole view derives, reading each input predicate in one scan.
    pub fn all(&mut self) -> Result<HashSet<Triple>, StorageError> {
        let facts = self.input_facts(usize::MAX)?.unwrap_or_default();
        let mut out = HashSet::new();
        for (node, facts) in &facts {
            self.derive(node, facts, &mut out);
        }
        Ok(out)
    }

    /// Every node's facts in the view, each input predicate read in one scan; `None` once
    /// more than `limit` statements are read (the derived graph's, skipped, count too).
    fn input_facts(
        &self,
        limit: usize,
    ) -> Result<Option<HashMap<NamedOrBlankNode, NodeFacts>>, StorageError> {
        let mut facts: HashMap<NamedOrBlankNode, NodeFacts> = HashMap::new();
        let mut read = 0usize;
        for predicate in INPUT_PREDICATES {
            for quad in self.reader.pattern(
                None,
                Some(NamedNodeRef::new_unchecked(predicate)),
                None,
                None,
            ) {
                read += 1;
                if read > limit {
                    return Ok(None);
                }
                let quad = quad?;
                if is_derived(quad.graph_name.as_ref()) {
                    continue;
                }
                if let Some(input) = input_index(predicate) {
                    let entry = facts.entry(quad.subject).or_default();
                    entry.of(input).insert(quad.object);
                }
            }
        }
        Ok(Some(facts))
    }

    /// Whether a node outside `changed` still derives `triple` (only premise-to-conclusion
    /// shortcuts can have several sources: the nodes with `triple`'s subject as a premise).
    pub fn still_derived(
        &mut self,
        triple: &Triple,
        changed: &HashSet<NamedOrBlankNode>,
    ) -> Result<bool, StorageError> {
        if triple.predicate.as_str() == RDF_TYPE
            || triple.predicate.as_str().ends_with("premiseOf")
            || triple.predicate.as_str().ends_with("conclusionOf")
        {
            return Ok(false);
        }
        let premise = Term::from(triple.subject.clone());
        let mut candidates = HashSet::new();
        for quad in self.reader.pattern(
            None,
            Some(named("http://www.arg.tech/aif#Premise")),
            Some(premise.as_ref()),
            None,
        ) {
            let quad = quad?;
            if !changed.contains(&quad.subject) {
                candidates.insert(quad.subject);
            }
        }
        for candidate in &candidates {
            if self.for_nodes([candidate])?.contains(triple) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The statements of a bulk load that the rules read, gathered compactly as they stream past
/// on their way to the loader: each term once, each fact as three integers. A million-claim
/// load holds a few hundred megabytes here, where its quads would take gigabytes.
#[derive(Debug, Default)]
pub struct Gathered {
    ids: HashMap<Term, u32>,
    /// `(subject, kind, object)`, the kind an index into [`INPUT_PREDICATES`].
    facts: Vec<(u32, u8, u32)>,
    hierarchy: bool,
}

impl Gathered {
    /// Looks at one quad on its way into the store.
    pub fn add(&mut self, quad: QuadRef<'_>) {
        if changes_hierarchy(quad) {
            self.hierarchy = true;
        }
        if is_derived(quad.graph_name) {
            return;
        }
        let Some(kind) = input_index(quad.predicate.as_str()) else {
            return;
        };
        let subject = self.id(Term::from(quad.subject.into_owned()));
        let object = self.id(quad.object.into_owned());
        self.facts.push((subject, kind, object));
    }

    fn id(&mut self, term: Term) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(term).or_insert(next)
    }

    /// Whether the load states `rdfs:subClassOf`, which can change every node's types.
    pub fn changes_hierarchy(&self) -> bool {
        self.hierarchy
    }

    /// The number of input statements gathered.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether nothing was gathered.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Each node the load states facts about, with those facts.
    fn into_nodes(mut self) -> impl Iterator<Item = (NamedOrBlankNode, NodeFacts)> {
        let mut terms: Vec<Option<Term>> = vec![None; self.ids.len()];
        for (term, id) in self.ids.drain() {
            if let Some(slot) = terms.get_mut(id as usize) {
                *slot = Some(term);
            }
        }
        self.facts.sort_unstable();
        let facts = self.facts;
        let term = move |id: u32| terms.get(id as usize).cloned().flatten();
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(&(subject, _, _)) = facts.get(at) {
                let end = facts[at..]
                    .iter()
                    .position(|f| f.0 != subject)
                    .map_or(facts.len(), |n| at + n);
                let group = &facts[at..end];
                at = end;
                let Some(node) = term(subject).as_ref().and_then(as_subject) else {
                    continue;
                };
                let mut node_facts = NodeFacts::default();
                for &(_, kind, object) in group {
                    let Some(object) = term(object) else { continue };
                    node_facts.of(kind).insert(object);
                }
                return Some((node, node_facts));
            }
            None
        })
    }
}

/// What one node derives before and after a bulk load.
#[derive(Debug)]
pub struct NodeChange {
    /// The node.
    pub node: NamedOrBlankNode,
    /// What it derives from the store alone.
    pub before: HashSet<Triple>,
    /// What it derives from the store and the load together.
    pub after: HashSet<Triple>,
}

impl Shortcuts<'_> {
    /// For every node a bulk load states facts about, what it derives before and after the
    /// load (this engine reads the store as it is before the load; the hierarchy must not
    /// change, see [`Gathered::changes_hierarchy`]). One node at a time, so that nothing but
    /// the gathered facts is held.
    ///
    /// What a node states before the load is one store lookup per node: on RocksDB, 1.2 s of
    /// the 3 s that deriving a 100k-claim load into a new store took, where nearly every node
    /// is new and the lookups find nothing. So when the store holds fewer input statements
    /// than half of those the load gathered (a new or small store), they are read in one scan
    /// first, and a node not among them has none.
    pub fn changes(
        &mut self,
        gathered: Gathered,
    ) -> Result<impl Iterator<Item = Result<NodeChange, StorageError>> + '_, StorageError> {
        let mut known = self.input_facts(gathered.len() / 2)?;
        Ok(gathered.into_nodes().map(move |(node, added)| {
            let mut facts = match &mut known {
                Some(known) => known.remove(&node).unwrap_or_default(),
                None => self.facts(node.as_ref())?,
            };
            let mut before = HashSet::new();
            if !(facts.types.is_empty()
                && facts.premises.is_empty()
                && facts.conclusions.is_empty())
            {
                self.derive(&node, &facts, &mut before);
            }
            facts.types.extend(added.types);
            facts.premises.extend(added.premises);
            facts.conclusions.extend(added.conclusions);
            let mut after = HashSet::new();
            self.derive(&node, &facts, &mut after);
            Ok(NodeChange {
                node,
                before,
                after,
            })
        }))
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}
