//! From the AIF graph to an argumentation framework, ASPIC+-style (Modgil & Prakken 2013), so
//! that Dung's semantics ([`crate::eval::af`]) can say which claims stand.
//!
//! - The knowledge base: every claim (I-node) that no inference in scope concludes is a
//!   premise; with [`Axioms::ReportedFacts`], `arg:ReportedFact` claims are axioms (cannot be
//!   undermined), all others are ordinary premises.
//! - Arguments: a premise argument `[c]` per premise; for every RA-node (a defeasible rule)
//!   and every choice of one argument per premise, an argument concluding the RA-node's
//!   conclusion, with those as sub-arguments. A sub-argument may not use its own conclusion,
//!   the argument on top may: in a support cycle with a base, ASPIC+ has infinitely many
//!   arguments (`c ⇐ p ⇐ c ⇐ z ⇐ …`), and these finitely many give the same labels at every
//!   top (a shorter derivation replaces any repeat below the top). Forbidding the top too would
//!   make a status depend on the path to a claim, which [`crate::eval::grounded`] (the same
//!   statuses without arguments) cannot follow. Built bottom-up in rounds, without recursion,
//!   up to [`Options::max_arguments`] (a map can have exponentially many; the cap is reported).
//! - Attacks, from CA-nodes (premise: the attacking claim; conclusion: the target): on a claim
//!   `c`, every argument concluding the attacking claim attacks every argument with a
//!   sub-argument that concludes `c` by an inference (a rebut) or is the ordinary premise `[c]`
//!   (an undermine); so what counts is the structure, whatever the CA-node's declared class. On
//!   an RA-node, it attacks every argument using that inference (an undercut).
//! - Defeats: undercuts always succeed; a rebut or undermine of `B` (on its sub-argument `B'`)
//!   by `A` succeeds unless `A ≺ B'`. The argument order comes from PA-nodes (premise preferred
//!   over conclusion, claims or RA-nodes; transitive; a preference on a claim also ranks the
//!   inferences concluding it). [`Ordering::LastLink`] (the default) compares the last link of
//!   each argument: its top inference, or the premise itself; [`Ordering::WeakestLink`]
//!   compares all inferences and ordinary premises of each (elitist: `A ≺ B` when some link of
//!   `A` is below every link of `B`).
//!
//! [`read_map`] does the part that builds no argument (claims, inferences, conflicts, the
//! order); [`build`] the arguments and attacks; [`translate`] both.

use crate::eval::af::{AfError, Framework};
use crate::store::index::{
    self, CA_NODE, I_NODE, PA_NODE, RA_NODE, REPORTED_FACT, Segment, TermText,
};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode};
use oxigraph::store::{StorageError, Store};
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Graphs argmap computes (derived shortcuts, workspace records, evaluations): never evidence.
pub use crate::store::index::COMPUTED_GRAPHS;

/// Errors of the translation.
#[derive(Debug, thiserror::Error)]
pub enum AspicError {
    /// Reading the store failed.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    /// The framework could not be built (more arguments than the solver counts).
    #[error(transparent)]
    Framework(#[from] AfError),
}

/// Which premises cannot be undermined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Axioms {
    /// Every premise is ordinary: any of them can be undermined.
    #[default]
    None,
    /// Claims typed `arg:ReportedFact` (facts the text quotes from a source) are taken as
    /// given; the others are ordinary.
    ReportedFacts,
}

/// How arguments are compared for defeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ordering {
    /// Compare the last inference (or the premise) of each argument.
    #[default]
    LastLink,
    /// Compare every inference and ordinary premise (elitist).
    WeakestLink,
}

/// What the translation reads and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Read only these graphs (all but argmap's computed graphs when empty).
    pub only: Vec<NamedNode>,
    /// Leave these graphs out.
    pub without: Vec<NamedNode>,
    /// Which premises are axioms.
    pub axioms: Axioms,
    /// The argument ordering.
    pub ordering: Ordering,
    /// Stop building arguments at this many.
    pub max_arguments: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            only: Vec::new(),
            without: Vec::new(),
            axioms: Axioms::None,
            ordering: Ordering::LastLink,
            max_arguments: 10_000,
        }
    }
}

/// What an argument rests on at its top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Top {
    /// A premise argument `[c]`.
    Premise,
    /// An inference (index into [`Translation::inferences`]).
    Inference(usize),
}

/// One structured argument.
#[derive(Debug, Clone)]
pub struct Argument {
    /// The claim it concludes (index into [`Translation::claims`]).
    pub conclusion: usize,
    /// Its top.
    pub top: Top,
    /// Its direct sub-arguments, one per premise of the top inference.
    pub direct: Vec<usize>,
    /// Every sub-argument, itself included, ascending.
    pub subs: Vec<usize>,
}

/// An inference (RA-node) in scope.
#[derive(Debug, Clone)]
pub struct Inference {
    /// The RA-node.
    pub node: NamedOrBlankNode,
    /// Premise claims.
    pub premises: Vec<usize>,
    /// Conclusion claim.
    pub conclusion: usize,
}

/// How an attack works in ASPIC+ terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttackKind {
    /// On an inference's conclusion.
    Rebut,
    /// On an ordinary premise.
    Undermine,
    /// On the inference itself.
    Undercut,
}

impl AttackKind {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rebut => "rebut",
            Self::Undermine => "undermine",
            Self::Undercut => "undercut",
        }
    }
}

/// One attack between arguments and whether it succeeds as a defeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attack {
    /// Attacking argument.
    pub attacker: usize,
    /// Attacked argument.
    pub target: usize,
    /// The sub-argument of `target` the attack lands on.
    pub on: usize,
    /// The CA-node.
    pub conflict: NamedOrBlankNode,
    /// Rebut, undermine or undercut.
    pub kind: AttackKind,
    /// Whether it is a defeat (false: the target's sub-argument is preferred).
    pub defeats: bool,
}

/// The framework built from a map, and what each of its arguments means.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The claims in scope, in IRI order.
    pub claims: Vec<NamedOrBlankNode>,
    /// The inferences in scope.
    pub inferences: Vec<Inference>,
    /// The arguments; argument `i` is argument `i` of the framework.
    pub arguments: Vec<Argument>,
    /// Every attack, defeats and not.
    pub attacks: Vec<Attack>,
    /// Which claims are axioms.
    pub axioms: BTreeSet<usize>,
    /// The framework of defeats.
    pub framework: Framework,
    /// Whether argument building stopped at the cap.
    pub truncated: bool,
    /// What the translation could not use, in words.
    pub warnings: Vec<String>,
}

impl Translation {
    /// The arguments concluding `claim`.
    pub fn arguments_for(&self, claim: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.arguments.len()).filter(move |&a| self.arguments[a].conclusion == claim)
    }

    /// The index of a claim.
    pub fn claim_index(&self, claim: &NamedOrBlankNode) -> Option<usize> {
        self.claims.iter().position(|c| c == claim)
    }
}

/// The nodes and edges read from the store, each node interned once as a dense id (a
/// million-claim map is read without a string hash per lookup after the first). The nodes'
/// texts are borrowed from the segments read: a node becomes a term only where the map
/// names it.
#[derive(Default)]
struct Graph<'a> {
    nodes: Vec<TermText<'a>>,
    kinds: Vec<u8>,
    /// `(subject, object)` edges, deduplicated, grouped by subject (objects in IRI order).
    premises: Edges,
    conclusions: Edges,
}

/// Edges grouped by subject: `objects[start[i]..start[i + 1]]` for subject `subjects[i]`.
#[derive(Default)]
struct Edges {
    subjects: Vec<u32>,
    start: Vec<usize>,
    objects: Vec<u32>,
    /// Index into `subjects` per node id (`u32::MAX`: no edge).
    row_of: Vec<u32>,
}

impl Edges {
    fn new(mut pairs: Vec<(u32, u32)>, nodes: &[TermText<'_>]) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut edges = Self {
            row_of: vec![u32::MAX; nodes.len()],
            ..Self::default()
        };
        for (s, o) in pairs {
            if edges.subjects.last() != Some(&s) {
                edges.row_of[s as usize] = edges.subjects.len() as u32;
                edges.subjects.push(s);
                edges.start.push(edges.objects.len());
            }
            edges.objects.push(o);
        }
        edges.start.push(edges.objects.len());
        // Objects in IRI order, not the store's: the same map gives the same arguments (and
        // the same argument numbers in `--explain`) from any store, a copy of an endpoint's
        // included.
        for i in 0..edges.subjects.len() {
            let row = &mut edges.objects[edges.start[i]..edges.start[i + 1]];
            if row.len() > 1 {
                row.sort_unstable_by(|&a, &b| display_cmp(nodes[a as usize], nodes[b as usize]));
            }
        }
        edges
    }

    fn of(&self, node: u32) -> &[u32] {
        match self.row_of.get(node as usize) {
            Some(&row) if row != u32::MAX => {
                let row = row as usize;
                &self.objects[self.start[row]..self.start[row + 1]]
            }
            _ => &[],
        }
    }
}

/// The order of the terms' N-Triples forms (`<iri>`, `_:id`), without writing them out.
fn display_cmp(a: TermText<'_>, b: TermText<'_>) -> std::cmp::Ordering {
    match (text_of(a), text_of(b)) {
        (Some(x), Some(y)) => text_cmp(x, y),
        _ => a.to_term().to_string().cmp(&b.to_term().to_string()),
    }
}

/// An IRI's or blank node's text, with whether it is a blank node.
fn text_of(term: TermText<'_>) -> Option<(bool, &str)> {
    match term {
        TermText::Iri(iri) => Some((false, iri)),
        TermText::Blank(id) => Some((true, id)),
        TermText::Literal(_) => None,
    }
}

/// [`display_cmp`] for IRIs and blank nodes: every `<iri>` comes before every `_:id`.
fn text_cmp((x_blank, x): (bool, &str), (y_blank, y): (bool, &str)) -> std::cmp::Ordering {
    if x_blank || y_blank {
        return x_blank.cmp(&y_blank).then_with(|| x.cmp(y));
    }
    let (x, y) = (x.as_bytes(), y.as_bytes());
    let n = x.len().min(y.len());
    // An IRI has no `>`: where one ends, its `>` meets the other's next byte.
    let next = |s: &[u8]| s.get(n).copied().unwrap_or(b'>');
    x[..n]
        .cmp(&y[..n])
        .then_with(|| next(x).cmp(&next(y)))
        .then_with(|| x.len().cmp(&y.len()))
}

/// Sorts IRIs and blank nodes (ids into `nodes`) as [`display_cmp`] does, on two threads
/// when there are many: a million claims' IRIs took a second on one.
fn sort_in_iri_order(ids: &mut [u32], nodes: &[TermText<'_>]) {
    let mut keyed: Vec<((bool, &str), u32)> = ids
        .iter()
        .map(|&id| (text_of(nodes[id as usize]).unwrap_or((true, "")), id))
        .collect();
    let cmp = |a: &((bool, &str), u32), b: &((bool, &str), u32)| text_cmp(a.0, b.0);
    if keyed.len() < 100_000 {
        keyed.sort_unstable_by(cmp);
        for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
            *slot = id;
        }
        return;
    }
    let (left, right) = keyed.split_at_mut(ids.len() / 2);
    std::thread::scope(|scope| {
        scope.spawn(|| left.sort_unstable_by(cmp));
        right.sort_unstable_by(cmp);
    });
    let (mut l, mut r) = (0, 0);
    for slot in ids.iter_mut() {
        let take_left = r == right.len()
            || (l < left.len() && cmp(&left[l], &right[r]) != std::cmp::Ordering::Greater);
        if take_left {
            *slot = left[l].1;
            l += 1;
        } else {
            *slot = right[r].1;
            r += 1;
        }
    }
}

impl Graph<'_> {
    fn is(&self, node: u32, kinds: u8) -> bool {
        self.kinds[node as usize] & kinds != 0
    }

    fn node(&self, id: u32) -> Option<NamedOrBlankNode> {
        self.nodes[id as usize].to_node()
    }

    /// The nodes with premises: in IRI order, or in the store's when `ordered` is false.
    fn with_premises(&self, ordered: bool) -> Vec<u32> {
        let mut nodes = self.premises.subjects.clone();
        if ordered {
            sort_in_iri_order(&mut nodes, &self.nodes);
        }
        nodes
    }
}

/// Whether the statements of `graph` are evaluated under `options` (`--only`, `--without`;
/// argmap's own graphs never are).
pub fn in_scope(graph: GraphNameRef<'_>, options: &Options) -> bool {
    let GraphNameRef::NamedNode(g) = graph else {
        return options.only.is_empty();
    };
    if g.as_str().starts_with(COMPUTED_GRAPHS) || options.without.iter().any(|w| w.as_ref() == g) {
        return false;
    }
    options.only.is_empty() || options.only.iter().any(|o| o.as_ref() == g)
}

fn read(store: &Store, options: &Options) -> Result<Vec<Segment>, AspicError> {
    Ok(index::scan_structure(store, |g| in_scope(g, options))?)
}

/// The nodes and edges of the segments (of the graphs in scope), each node once.
fn graph_of<'s>(segments: &[&'s Segment]) -> Graph<'s> {
    let mut graph = Graph::default();
    let mut ids: FxHashMap<TermText<'s>, u32> = FxHashMap::default();
    ids.reserve(segments.iter().map(|s| s.len()).sum::<usize>());
    let mut pairs: [Vec<(u32, u32)>; 2] = [Vec::new(), Vec::new()];
    for segment in segments {
        let local: Vec<u32> = segment
            .terms()
            .map(|text| {
                *ids.entry(text).or_insert_with(|| {
                    graph.nodes.push(text);
                    graph.kinds.push(0);
                    graph.nodes.len() as u32 - 1
                })
            })
            .collect();
        let id = |l: u32| local[l as usize];
        for (p, edges) in [&segment.premises, &segment.conclusions]
            .into_iter()
            .enumerate()
        {
            pairs[p].extend(edges.iter().map(|&(s, o)| (id(s), id(o))));
        }
        for &(node, kind) in &segment.kinds {
            graph.kinds[id(node) as usize] |= kind;
        }
    }
    let [premises, conclusions] = pairs;
    graph.premises = Edges::new(premises, &graph.nodes);
    graph.conclusions = Edges::new(conclusions, &graph.nodes);
    graph
}

/// What a conflict (CA-node) attacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A claim (index into [`Map::claims`]): a rebut or an undermine, by structure.
    Claim(usize),
    /// An inference (index into [`Map::inferences`]): an undercut.
    Inference(usize),
}

/// A conflict (CA-node) in scope.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The CA-node.
    pub node: NamedOrBlankNode,
    /// The attacking claim.
    pub attacker: usize,
    /// What it attacks.
    pub target: Target,
}

/// The strict preference order of PA-nodes over claims and inferences ("elements": claim `i`
/// is element `i`, inference `j` is element `claims + j`), transitively closed.
#[derive(Debug, Clone, Default)]
struct Preferences {
    claims: usize,
    /// Each inference's conclusion, to rank an inference with its claim.
    conclusions: Vec<usize>,
    /// The elements above each ranked element (absent: nothing above it).
    above: HashMap<usize, HashSet<usize>>,
}

impl Preferences {
    fn claim_of(&self, e: usize) -> usize {
        if e < self.claims {
            e
        } else {
            self.conclusions[e - self.claims]
        }
    }

    fn above(&self, x: usize, y: usize) -> bool {
        self.above.get(&x).is_some_and(|a| a.contains(&y))
    }

    /// Whether element `x` is strictly below `y` (directly or through their claims).
    fn lower(&self, x: usize, y: usize) -> bool {
        if self.above.is_empty() {
            return false;
        }
        let (cx, cy) = (self.claim_of(x), self.claim_of(y));
        [(x, y), (cx, cy), (x, cy), (cx, y)]
            .iter()
            .any(|&(p, q)| p != q && self.above(p, q) && !self.above(q, p))
    }
}

/// The map as the translation reads it: claims, inferences, conflicts and preferences, before
/// any argument is built. Both evaluations start here: [`translate`] (arguments and a
/// framework) and [`crate::eval::grounded`] (claims and inferences directly).
#[derive(Debug, Clone)]
pub struct Map {
    /// The claims in scope, in IRI order.
    pub claims: Vec<NamedOrBlankNode>,
    /// The inferences in scope.
    pub inferences: Vec<Inference>,
    /// The conflicts whose attacker and target are in scope, in IRI order.
    pub conflicts: Vec<Conflict>,
    /// Which claims are axioms.
    pub axioms: BTreeSet<usize>,
    /// The argument ordering asked for.
    pub ordering: Ordering,
    preferences: Preferences,
    /// What the reading could not use, in words.
    pub warnings: Vec<String>,
}

impl Map {
    /// The preference element of a top (last-link: the top inference, or the premise itself).
    pub fn element(&self, conclusion: usize, top: Top) -> usize {
        match top {
            Top::Premise => conclusion,
            Top::Inference(i) => self.claims.len() + i,
        }
    }

    /// Whether element `x` is strictly below element `y` in the PA-nodes' order.
    pub fn lower(&self, x: usize, y: usize) -> bool {
        self.preferences.lower(x, y)
    }
}

/// Reads the map in `store`: the part of the translation that builds no argument.
/// Inferences, premises and conflicts come in IRI order, so that the arguments built from
/// them are numbered the same from any store.
pub fn read_map(store: &Store, options: &Options) -> Result<Map, AspicError> {
    map_of(graph_of(&all(&read(store, options)?)), options, true)
}

/// [`read_map`], with inferences and conflicts in the store's order (the claims are still in
/// IRI order): for [`crate::eval::grounded`], whose statuses do not depend on it, and which
/// a sort of every inference's IRI would slow down at corpus scale.
pub fn read_map_in_store_order(store: &Store, options: &Options) -> Result<Map, AspicError> {
    map_of(graph_of(&all(&read(store, options)?)), options, false)
}

/// [`read_map`] (`ordered`) or [`read_map_in_store_order`], from the argument index of an
/// on-disk store ([`crate::store::ArgStore::argument_index`]): `segments` are those of the
/// graphs [`in_scope`] are read, the others left out. The same map as from the store,
/// without decoding its quads.
pub fn map_from_index(
    segments: &[Segment],
    options: &Options,
    ordered: bool,
) -> Result<Map, AspicError> {
    let in_scope: Vec<&Segment> = segments
        .iter()
        .filter(|s| in_scope(s.graph.as_ref(), options))
        .collect();
    map_of(graph_of(&in_scope), options, ordered)
}

fn all(segments: &[Segment]) -> Vec<&Segment> {
    segments.iter().collect()
}

fn map_of(graph: Graph<'_>, options: &Options, ordered: bool) -> Result<Map, AspicError> {
    let mut warnings = Vec::new();
    let nodes = graph.with_premises(ordered);
    let none = u32::MAX;

    // Claims: I-nodes, and what RA-, PA- and CA-nodes in scope link, unless an RA- or CA-node
    // (claims used by edges in scope count even when typed elsewhere).
    let mut is_claim: Vec<bool> = graph.kinds.iter().map(|k| k & I_NODE != 0).collect();
    for edges in [&graph.premises, &graph.conclusions] {
        for (i, &s) in edges.subjects.iter().enumerate() {
            if graph.is(s, RA_NODE | PA_NODE | CA_NODE) {
                for &o in &edges.objects[edges.start[i]..edges.start[i + 1]] {
                    if !graph.is(o, RA_NODE | CA_NODE) {
                        is_claim[o as usize] = true;
                    }
                }
            }
        }
    }
    let mut claim_ids: Vec<u32> = (0..graph.nodes.len() as u32)
        .filter(|&id| is_claim[id as usize] && text_of(graph.nodes[id as usize]).is_some())
        .collect();
    sort_in_iri_order(&mut claim_ids, &graph.nodes);
    let mut claim_index = vec![none; graph.nodes.len()];
    for (i, &id) in claim_ids.iter().enumerate() {
        claim_index[id as usize] = i as u32;
    }
    let claim_of = |id: u32| match claim_index[id as usize] {
        c if c == none => None,
        c => Some(c as usize),
    };
    let claims: Vec<NamedOrBlankNode> = claim_ids.iter().filter_map(|&id| graph.node(id)).collect();

    let mut inferences = Vec::new();
    let mut inference_of = vec![none; graph.nodes.len()];
    for &node in &nodes {
        if !graph.is(node, RA_NODE) {
            continue;
        }
        let conclusion: Vec<usize> = graph
            .conclusions
            .of(node)
            .iter()
            .filter_map(|&o| claim_of(o))
            .collect();
        let Some(name) = graph.node(node) else {
            continue;
        };
        let [conclusion] = conclusion[..] else {
            warnings.push(format!(
                "{name}: an inference needs exactly one conclusion; left out"
            ));
            continue;
        };
        let premises: Vec<usize> = graph
            .premises
            .of(node)
            .iter()
            .filter_map(|&o| claim_of(o))
            .collect();
        inference_of[node as usize] = inferences.len() as u32;
        inferences.push(Inference {
            node: name,
            premises,
            conclusion,
        });
    }
    let mut concluded = vec![false; claims.len()];
    for inference in &inferences {
        concluded[inference.conclusion] = true;
    }
    let axioms: BTreeSet<usize> = match options.axioms {
        Axioms::None => BTreeSet::new(),
        Axioms::ReportedFacts => (0..claims.len())
            .filter(|&i| !concluded[i] && graph.is(claim_ids[i], REPORTED_FACT))
            .collect(),
    };

    // Preferences: strict, transitive, over claims and inferences.
    let element = |id: u32| -> Option<usize> {
        claim_of(id).or_else(|| match inference_of[id as usize] {
            i if i == none => None,
            i => Some(claims.len() + i as usize),
        })
    };
    let mut below: HashMap<usize, BTreeSet<usize>> = HashMap::new(); // x -> the elements above x
    for &node in &nodes {
        if !graph.is(node, PA_NODE) {
            continue;
        }
        for high in graph.premises.of(node).iter().filter_map(|&o| element(o)) {
            for low in graph
                .conclusions
                .of(node)
                .iter()
                .filter_map(|&o| element(o))
            {
                below.entry(low).or_default().insert(high);
            }
        }
    }
    // Transitive closure by a search from each ranked element (explicit stack).
    let above: HashMap<usize, HashSet<usize>> = below
        .keys()
        .map(|&start| {
            let mut reached = HashSet::new();
            let mut stack: Vec<usize> = below[&start].iter().copied().collect();
            while let Some(x) = stack.pop() {
                if reached.insert(x) {
                    stack.extend(below.get(&x).into_iter().flatten().copied());
                }
            }
            (start, reached)
        })
        .collect();
    let preferences = Preferences {
        claims: claims.len(),
        conclusions: inferences.iter().map(|i| i.conclusion).collect(),
        above,
    };

    // Conflicts.
    let mut conflicts = Vec::new();
    for &node in &nodes {
        if !graph.is(node, CA_NODE) {
            continue;
        }
        let Some(name) = graph.node(node) else {
            continue;
        };
        let attackers = graph.premises.of(node);
        let attacking: Vec<usize> = attackers.iter().filter_map(|&o| claim_of(o)).collect();
        if attacking.len() != attackers.len() || attacking.len() != 1 {
            warnings.push(format!(
                "{name}: a conflict needs exactly one attacking claim; left out"
            ));
            continue;
        }
        let Some(&target) = graph.conclusions.of(node).first() else {
            continue;
        };
        let target = match inference_of[target as usize] {
            i if i != none => Target::Inference(i as usize),
            _ => match claim_of(target) {
                Some(c) => Target::Claim(c),
                None => continue,
            },
        };
        conflicts.push(Conflict {
            node: name,
            attacker: attacking[0],
            target,
        });
    }
    Ok(Map {
        claims,
        inferences,
        conflicts,
        axioms,
        ordering: options.ordering,
        preferences,
        warnings,
    })
}

/// Builds the framework for the map in `store`.
pub fn translate(store: &Store, options: &Options) -> Result<Translation, AspicError> {
    build(read_map(store, options)?, options.max_arguments)
}

/// Builds the arguments, attacks and framework of `map`, at most `max_arguments` arguments.
pub fn build(map: Map, max_arguments: usize) -> Result<Translation, AspicError> {
    let Map {
        claims,
        inferences,
        conflicts,
        axioms,
        ordering,
        preferences,
        mut warnings,
    } = map;
    let mut concluded = vec![false; claims.len()];
    for inference in &inferences {
        concluded[inference.conclusion] = true;
    }

    // Arguments, bottom-up in rounds.
    let mut arguments: Vec<Argument> = Vec::new();
    // Every argument per claim (the attackers), and those that may be sub-arguments.
    let mut by_conclusion: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
    let mut usable: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
    let mut seen: HashSet<(usize, Vec<usize>)> = HashSet::new();
    let mut truncated = false;
    for claim in (0..claims.len()).filter(|&c| !concluded[c]) {
        by_conclusion[claim].push(arguments.len());
        usable[claim].push(arguments.len());
        arguments.push(Argument {
            conclusion: claim,
            top: Top::Premise,
            direct: Vec::new(),
            subs: vec![arguments.len()],
        });
    }
    // The claims each argument concludes anywhere in its tree, for the circularity test.
    let mut concludes: Vec<BTreeSet<usize>> = arguments
        .iter()
        .map(|a| BTreeSet::from([a.conclusion]))
        .collect();
    'rounds: loop {
        let before = arguments.len();
        for (index, inference) in inferences.iter().enumerate() {
            // A snapshot: arguments made in this round join the choices in the next.
            let choices: Vec<Vec<usize>> = inference
                .premises
                .iter()
                .map(|&p| usable[p].clone())
                .collect();
            if choices.iter().any(|c| c.is_empty()) {
                continue;
            }
            // An odometer over one argument per premise.
            let mut pick = vec![0usize; choices.len()];
            loop {
                let direct: Vec<usize> = pick.iter().zip(&choices).map(|(&i, c)| c[i]).collect();
                if seen.insert((index, direct.clone())) {
                    if arguments.len() >= max_arguments {
                        truncated = true;
                        break 'rounds;
                    }
                    let id = arguments.len();
                    // Sub-arguments that use this conclusion make an argument that stands but
                    // is never a sub-argument in turn (that keeps the arguments finitely many).
                    let circular = direct
                        .iter()
                        .any(|&d| concludes[d].contains(&inference.conclusion));
                    let mut subs: BTreeSet<usize> = BTreeSet::from([id]);
                    let mut claims_in = BTreeSet::new();
                    for &d in &direct {
                        subs.extend(arguments[d].subs.iter().copied());
                        if !circular {
                            claims_in.extend(concludes[d].iter().copied());
                        }
                    }
                    if !circular {
                        claims_in.insert(inference.conclusion);
                        usable[inference.conclusion].push(id);
                    }
                    arguments.push(Argument {
                        conclusion: inference.conclusion,
                        top: Top::Inference(index),
                        direct,
                        subs: subs.into_iter().collect(),
                    });
                    concludes.push(claims_in);
                    by_conclusion[inference.conclusion].push(id);
                }
                // Advance the odometer.
                let mut k = 0;
                loop {
                    if k == pick.len() {
                        break;
                    }
                    pick[k] += 1;
                    if pick[k] < choices[k].len() {
                        break;
                    }
                    pick[k] = 0;
                    k += 1;
                }
                if k == pick.len() {
                    break;
                }
            }
        }
        if arguments.len() == before {
            break;
        }
    }
    if truncated {
        warnings.push(format!(
            "stopped at {max_arguments} arguments (--max-arguments): the evaluation covers only those"
        ));
    }

    let links = |arg: usize| -> Vec<usize> {
        let argument = &arguments[arg];
        let element = |a: &Argument| match a.top {
            Top::Premise => a.conclusion,
            Top::Inference(i) => claims.len() + i,
        };
        match ordering {
            Ordering::LastLink => vec![element(argument)],
            Ordering::WeakestLink => argument
                .subs
                .iter()
                .map(|&s| &arguments[s])
                .filter(|s| s.top != Top::Premise || !axioms.contains(&s.conclusion))
                .map(element)
                .collect(),
        }
    };
    // Elitist: A < B when some link of A is below every link of B.
    let weaker = |a: usize, b: usize| {
        let (la, lb) = (links(a), links(b));
        !lb.is_empty()
            && la
                .iter()
                .any(|&x| lb.iter().all(|&y| preferences.lower(x, y)))
    };

    // Attacks.
    let mut attacks = Vec::new();
    for conflict in &conflicts {
        for &attacker in &by_conclusion[conflict.attacker] {
            for (b, argument) in arguments.iter().enumerate() {
                for &on in &argument.subs {
                    let sub = &arguments[on];
                    let kind = match (conflict.target, sub.top) {
                        (Target::Inference(i), Top::Inference(j)) if i == j => AttackKind::Undercut,
                        (Target::Claim(c), Top::Inference(_)) if sub.conclusion == c => {
                            AttackKind::Rebut
                        }
                        (Target::Claim(c), Top::Premise)
                            if sub.conclusion == c && !axioms.contains(&c) =>
                        {
                            AttackKind::Undermine
                        }
                        _ => continue,
                    };
                    let defeats = kind == AttackKind::Undercut || !weaker(attacker, on);
                    attacks.push(Attack {
                        attacker,
                        target: b,
                        on,
                        conflict: conflict.node.clone(),
                        kind,
                        defeats,
                    });
                }
            }
        }
    }
    let (from, to): (Vec<u32>, Vec<u32>) = attacks
        .iter()
        .filter(|a| a.defeats)
        .map(|a| (a.attacker as u32, a.target as u32))
        .unzip();
    let len = u32::try_from(arguments.len()).map_err(|_| AfError::TooLarge {
        len: arguments.len(),
    })?;
    let framework = Framework::from_columns(len, from, to)?;
    Ok(Translation {
        claims,
        inferences,
        arguments,
        attacks,
        axioms,
        framework,
        truncated,
        warnings,
    })
}

/// The IRI of a named node, for messages.
pub fn iri(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

/// Whether `node` is the named node `iri`.
pub fn is_named(node: &NamedOrBlankNode, iri: NamedNodeRef<'_>) -> bool {
    matches!(node, NamedOrBlankNode::NamedNode(n) if n.as_ref() == iri)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Term};

    /// The order of N-Triples forms, on one thread and on two: `c1` before `c10` is not it
    /// (`<…c10>` comes before `<…c1>`, as `0` is below `>`), and IRIs come before blank nodes.
    #[test]
    fn iri_order_is_the_order_of_the_n_triples_forms() {
        for n in [50, 120_000] {
            let mut terms: Vec<Term> = Vec::new();
            for i in 0..n {
                terms.push(match i % 7 {
                    0 => BlankNode::new_unchecked(format!("b{}", (i * 31) % n)).into(),
                    _ => NamedNode::new_unchecked(format!(
                        "https://example.org/d{}-c{}{}",
                        (i * 17) % 97,
                        (i * 13) % n,
                        ["", "!", "/x", "~"][i % 4]
                    ))
                    .into(),
                });
            }
            let nodes: Vec<TermText<'_>> = terms
                .iter()
                .map(|t| match t {
                    Term::NamedNode(n) => TermText::Iri(n.as_str()),
                    Term::BlankNode(b) => TermText::Blank(b.as_str()),
                    _ => unreachable!("no literals here"),
                })
                .collect();
            let mut ids: Vec<u32> = (0..n as u32).collect();
            sort_in_iri_order(&mut ids, &nodes);
            let sorted: Vec<String> = ids.iter().map(|&i| terms[i as usize].to_string()).collect();
            let mut expected: Vec<String> = terms.iter().map(Term::to_string).collect();
            expected.sort();
            assert_eq!(sorted, expected, "{n} nodes");
        }
    }
}
