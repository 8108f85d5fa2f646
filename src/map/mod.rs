//! Argument maps as pictures: the graph under a claim (or the main conclusions, a graph, or what
//! a CONSTRUCT query returns), laid out in layers and drawn as SVG, DOT or a self-contained HTML
//! page, in the field's conventions (AIF's I-, RA- and CA-nodes; Argdown's colours).
//!
//! ```
//! use argmap::map::{self, MapOptions, Scope};
//! use argmap::store::ArgStore;
//!
//! let store = ArgStore::with_bundled()?;
//! let options = MapOptions { depth: Some(1), ..MapOptions::default() };
//! let map = map::build(&store, &Scope::Claim("ofw:c-risk-of-spiral".into()), &options)?;
//! let svg = map::svg::render(&map, &map::place(&map)?);
//! assert!(svg.contains(r#"data-id="ofw:c-risk-of-spiral""#));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod dot;
pub mod html;
pub mod layout;
pub mod svg;

use crate::argument::{Argument, Quote, nodes_in_graph};
use crate::endpoint::{EndpointError, Target};
use crate::named::{self, ValueError};
use crate::prefixes::Prefixes;
use crate::query::{QueryError, QueryOutcome, QueryRequest};
use crate::render::term_text;
use crate::store::{ArgStore, StoreError};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::CancellationToken;
use std::collections::{HashMap, HashSet, VecDeque};

/// Errors of drawing a map.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// A query over the map failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Reading the part of the map under a claim failed.
    #[error(transparent)]
    Read(#[from] EndpointError),
    /// A graph name that names no graph.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The root is not written as a node.
    #[error("{0}")]
    Value(#[from] ValueError),
    /// The root is neither a claim, an inference nor a conflict.
    #[error("{given} is not a claim (aif:I-node), an inference or a conflict in the loaded graphs{}", crate::argument::did_you_mean(.similar))]
    NotANode {
        /// The root as given.
        given: String,
        /// Names that contain what was given.
        similar: Vec<String>,
    },
    /// `--query` gave something other than a graph.
    #[error("the --query must be a CONSTRUCT or DESCRIBE query (it returns the subgraph to draw)")]
    NotAGraph,
    /// Nothing to draw.
    #[error("nothing to draw: {0}")]
    Empty(String),
    /// Too many nodes to read.
    #[error(
        "the map has {nodes} nodes ({claims} claims, {inferences} inferences, {conflicts} conflicts); \
         more than {limit} make an unreadable picture. Narrow it: a claim (`argmap run main-conclusions` \
         lists the main ones), --depth 2, --graph ofwono-2024/author, or --collapse; --force draws it anyway"
    )]
    TooLarge {
        /// Nodes in the map.
        nodes: usize,
        /// Claims among them.
        claims: usize,
        /// Inferences among them.
        inferences: usize,
        /// Conflicts among them.
        conflicts: usize,
        /// The limit.
        limit: usize,
    },
    /// Even `--force` has a bound.
    #[error(transparent)]
    Layout(#[from] layout::TooLarge),
    /// `--layout dot` without Graphviz, or Graphviz failed.
    #[error("{0}")]
    Graphviz(String),
}

/// Nodes beyond which a map is refused unless forced.
pub const MAX_NODES: usize = 150;

/// The evaluation shown by default (`argmap eval` writes it).
pub const DEFAULT_EVAL_GRAPH: &str = "https://w3id.org/argmap/graph/eval/grounded";

/// What part of the loaded argument to draw.
#[derive(Debug, Clone)]
pub enum Scope {
    /// The main conclusions of every document, and what is under them.
    MainConclusions,
    /// The argument under one claim, inference or conflict (prefixed name or IRI).
    Claim(String),
    /// The nodes a CONSTRUCT or DESCRIBE query returns (its text).
    Query(String),
}

/// How to draw.
#[derive(Clone, Default)]
pub struct MapOptions {
    /// Claim levels under the roots (`None`: all).
    pub depth: Option<usize>,
    /// Only the inferences and conflicts of this graph (and the claims they join).
    pub graph: Option<String>,
    /// The evaluation to show (`None`: [`DEFAULT_EVAL_GRAPH`] if present).
    pub eval: Option<String>,
    /// Draw even past [`MAX_NODES`].
    pub force: bool,
    /// Fold the linked premises that nothing else supports or attacks into one box.
    pub collapse: bool,
    /// Stop reading the map when this is cancelled (the shell's Ctrl-C and budget).
    pub stop: Option<CancellationToken>,
}

impl MapOptions {
    /// Where the map's queries run: `store`, stopped by [`Self::stop`].
    fn target<'a>(&'a self, store: &'a ArgStore) -> Target<'a> {
        match &self.stop {
            Some(token) => Target::Stoppable(store, token),
            None => Target::Local(store),
        }
    }
}

/// What kind of node, for the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An I-node.
    Claim,
    /// An RA-node.
    Inference,
    /// A CA-node.
    Conflict,
    /// Linked premises folded into one box.
    Premises,
}

impl NodeKind {
    /// The class (and `data-kind`) used in SVG and HTML.
    pub fn class(self) -> &'static str {
        match self {
            Self::Claim => "claim",
            Self::Inference => "inference",
            Self::Conflict => "conflict",
            Self::Premises => "premises",
        }
    }
}

/// Accepted, rejected or undecided under an evaluation (`arg:Accepted`, ...): the status
/// `argmap eval` computes, read back from its graph.
pub use crate::eval::claims::Status;

/// One node of the picture.
#[derive(Debug, Clone)]
pub struct Node {
    /// Prefixed name (or IRI); for folded premises, the inference's name with `#premises`.
    pub name: String,
    /// What it is.
    pub kind: NodeKind,
    /// Claim text; scheme label of an inference; nothing for a conflict.
    pub text: Option<String>,
    /// Claim kinds (labels).
    pub kinds: Vec<String>,
    /// Hedges.
    pub hedges: Vec<String>,
    /// An unstated (reconstructed) premise.
    pub unstated: bool,
    /// The claim's quote.
    pub quote: Option<Quote>,
    /// The evaluation's label of the claim.
    pub status: Option<Status>,
    /// An inference's analogy: (source case, target case).
    pub analogy: Option<(String, String)>,
    /// A scheme's critical questions.
    pub questions: Vec<String>,
    /// A conflict's kind: "rebut", "undermine", "undercut" (or "attack").
    pub conflict: Option<&'static str>,
    /// Who raised a conflict.
    pub raisers: Vec<String>,
    /// The author raised it (else an analyst).
    pub by_author: bool,
    /// Claims that answer a conflict.
    pub answers: Vec<String>,
    /// Critical questions a conflict presses.
    pub pressed: Vec<String>,
    /// Folded premises: (name, text).
    pub members: Vec<(String, String)>,
    /// More lies below than the depth shows.
    pub cut: bool,
}

impl Node {
    fn new(name: String, kind: NodeKind) -> Self {
        Self {
            name,
            kind,
            text: None,
            kinds: Vec::new(),
            hedges: Vec::new(),
            unstated: false,
            quote: None,
            status: None,
            analogy: None,
            questions: Vec::new(),
            conflict: None,
            raisers: Vec::new(),
            by_author: false,
            answers: Vec::new(),
            pressed: Vec::new(),
            members: Vec::new(),
            cut: false,
        }
    }
}

/// What an edge means; arrows run from premise to inference to conclusion, and from attacker to
/// conflict to target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Premise to inference, inference to conclusion.
    Support,
    /// Attacker to conflict, conflict to a conclusion.
    Rebut,
    /// Attacker to conflict, conflict to a premise.
    Undermine,
    /// Attacker to conflict, conflict to an inference.
    Undercut,
    /// A conflict of no stated kind.
    Attack,
}

impl EdgeKind {
    /// The class used in SVG.
    pub fn class(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Rebut => "rebut",
            Self::Undermine => "undermine",
            Self::Undercut => "undercut",
            Self::Attack => "attack",
        }
    }
}

/// An arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Tail (the premise or attacker side).
    pub from: usize,
    /// Head.
    pub to: usize,
    /// What it means.
    pub kind: EdgeKind,
}

/// The picture's graph.
#[derive(Debug, Clone, Default)]
pub struct ArgumentMap {
    /// Nodes; the roots first.
    pub nodes: Vec<Node>,
    /// Arrows.
    pub edges: Vec<Edge>,
}

impl ArgumentMap {
    /// Counts of (claims, inferences, conflicts); folded premises count as their claims.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for node in &self.nodes {
            match node.kind {
                NodeKind::Claim => counts.0 += 1,
                NodeKind::Premises => counts.0 += node.members.len(),
                NodeKind::Inference => counts.1 += 1,
                NodeKind::Conflict => counts.2 += 1,
            }
        }
        counts
    }
}

/// Reads the argument from `store` and builds the map of `scope`.
pub fn build(
    store: &ArgStore,
    scope: &Scope,
    options: &MapOptions,
) -> Result<ArgumentMap, MapError> {
    let prefixes = store.prefixes();
    let target = options.target(store);
    // A claim's picture reads only what is under it; the other scopes need the whole map.
    let root = match scope {
        Scope::Claim(root) => Some(named::parse_value(root, prefixes)?),
        _ => None,
    };
    let argument = match &root {
        Some(term @ Term::NamedNode(_)) => {
            Argument::read_around(&target, prefixes, term, options.depth)?
        }
        _ => Argument::read_on(&target, prefixes)?,
    };
    build_from(store, &argument, scope, options)
}

/// Builds the map of `scope` from the argument read out of `store`.
fn build_from(
    store: &ArgStore,
    argument: &Argument,
    scope: &Scope,
    options: &MapOptions,
) -> Result<ArgumentMap, MapError> {
    let prefixes = store.prefixes();
    let allowed = match &options.graph {
        Some(graph) => {
            let graph = store.resolve_graph(graph)?;
            Some(nodes_in_graph(&options.target(store), &graph)?)
        }
        None => None,
    };
    let status = read_status(store, options)?;
    let mut builder = Builder {
        argument,
        prefixes,
        allowed: allowed.as_ref(),
        index: HashMap::new(),
        map: ArgumentMap::default(),
        status: &status,
    };
    match scope {
        Scope::Claim(given) => {
            let term = named::parse_value(given, prefixes)?;
            if !matches!(term, Term::NamedNode(_)) || !argument.contains(&term) {
                return Err(MapError::NotANode {
                    given: given.clone(),
                    similar: Argument::similar_in(&options.target(store), prefixes, given)?,
                });
            }
            builder.walk(vec![term], options.depth);
        }
        Scope::MainConclusions if allowed.is_none() => {
            if argument.main_conclusions.is_empty() {
                return Err(MapError::Empty(
                    "no document names a main conclusion (arg:mainConclusion) and no inference concludes anything; give a claim".into(),
                ));
            }
            builder.walk(argument.main_conclusions.clone(), options.depth);
        }
        Scope::MainConclusions => {
            let mut terms: Vec<Term> = allowed.iter().flat_map(|a| a.iter().cloned()).collect();
            terms.sort_by_cached_key(|t| argument.order(t));
            builder.subgraph(&terms);
        }
        Scope::Query(text) => {
            let outcome = options
                .target(store)
                .query(&QueryRequest::new(text.clone()))?;
            let QueryOutcome::Graph(triples) = outcome else {
                return Err(MapError::NotAGraph);
            };
            let mut terms: Vec<Term> = Vec::new();
            let mut seen = HashSet::new();
            for triple in triples {
                for term in [Term::from(triple.subject.clone()), triple.object.clone()] {
                    if argument.contains(&term) && seen.insert(term.clone()) {
                        terms.push(term);
                    }
                }
            }
            terms.sort_by_cached_key(|t| argument.order(t));
            builder.subgraph(&terms);
        }
    }
    let mut map = builder.map;
    if map.nodes.is_empty() {
        return Err(MapError::Empty(
            "the scope holds no claim, inference or conflict".into(),
        ));
    }
    if options.collapse {
        collapse(&mut map);
    }
    let (claims, inferences, conflicts) = map.counts();
    let nodes = map.nodes.len();
    if nodes > MAX_NODES && !options.force {
        return Err(MapError::TooLarge {
            nodes,
            claims,
            inferences,
            conflicts,
            limit: MAX_NODES,
        });
    }
    Ok(map)
}

/// The evaluation's labels, from the chosen graph (or the default one, when it exists).
fn read_status(store: &ArgStore, options: &MapOptions) -> Result<HashMap<Term, Status>, MapError> {
    let graph = match &options.eval {
        Some(given) => store.resolve_graph(given)?,
        None => match NamedNode::new(DEFAULT_EVAL_GRAPH) {
            Ok(graph) => graph,
            Err(_) => return Ok(HashMap::new()),
        },
    };
    let text = format!(
        "SELECT ?c ?s {{ GRAPH <{}> {{ ?c arg:status ?s }} }}",
        graph.as_str()
    );
    let mut status = HashMap::new();
    if let QueryOutcome::Solutions { rows, .. } =
        options.target(store).query(&QueryRequest::new(text))?
    {
        for row in rows {
            let (Some(Some(claim)), Some(Some(Term::NamedNode(value)))) = (row.first(), row.get(1))
            else {
                continue;
            };
            let label = match value.as_str().rsplit('#').next() {
                Some("Accepted") => Status::Accepted,
                Some("Rejected") => Status::Rejected,
                Some("Undecided") => Status::Undecided,
                _ => continue,
            };
            status.insert(claim.clone(), label);
        }
    }
    Ok(status)
}

struct Builder<'a> {
    argument: &'a Argument,
    prefixes: &'a Prefixes,
    allowed: Option<&'a HashSet<Term>>,
    index: HashMap<Term, usize>,
    map: ArgumentMap,
    status: &'a HashMap<Term, Status>,
}

impl Builder<'_> {
    fn allowed(&self, s_node: &Term) -> bool {
        self.allowed.is_none_or(|a| a.contains(s_node))
    }

    /// The node of `term`, added on first use.
    fn node(&mut self, term: &Term) -> usize {
        if let Some(&i) = self.index.get(term) {
            return i;
        }
        let name = term_text(term.as_ref(), self.prefixes);
        let argument = self.argument;
        let node = if let Some(claim) = argument.claims.get(term) {
            let mut node = Node::new(name, NodeKind::Claim);
            node.text = claim.text.clone();
            node.kinds = claim.kinds.iter().cloned().collect();
            node.hedges = claim.qualifiers.iter().cloned().collect();
            node.unstated = claim.unstated;
            node.quote = claim.quote.clone();
            node.status = self.status.get(term).copied();
            node
        } else if let Some(inference) = argument.inferences.get(term) {
            let mut node = Node::new(name, NodeKind::Inference);
            node.text = inference.scheme.clone();
            node.hedges = inference.qualifiers.iter().cloned().collect();
            node.analogy = inference.analogy.clone();
            node.questions = inference
                .scheme_iri
                .as_ref()
                .and_then(|s| argument.critical_questions.get(s))
                .cloned()
                .unwrap_or_default();
            node
        } else {
            let mut node = Node::new(name, NodeKind::Conflict);
            if let Some(conflict) = argument.conflicts.get(term) {
                node.conflict = Some(match conflict.kind {
                    Some("REBUT") => "rebut",
                    Some("UNDERMINE") => "undermine",
                    Some("UNDERCUT") => "undercut",
                    _ => "attack",
                });
                node.raisers = conflict.raisers.iter().cloned().collect();
                node.by_author = conflict.by_author;
                node.answers = conflict.answers.iter().cloned().collect();
                node.pressed = conflict.questions.iter().cloned().collect();
            }
            node
        };
        self.map.nodes.push(node);
        let i = self.map.nodes.len() - 1;
        self.index.insert(term.clone(), i);
        i
    }

    fn edge(&mut self, from: usize, to: usize, kind: EdgeKind) {
        let edge = Edge { from, to, kind };
        if !self.map.edges.contains(&edge) {
            self.map.edges.push(edge);
        }
    }

    /// The kind of the arrows of a conflict: its stated kind, else what it targets.
    fn attack_kind(&self, conflict: &Term) -> EdgeKind {
        match self.argument.conflicts.get(conflict).and_then(|c| c.kind) {
            Some("REBUT") => EdgeKind::Rebut,
            Some("UNDERMINE") => EdgeKind::Undermine,
            Some("UNDERCUT") => EdgeKind::Undercut,
            _ => EdgeKind::Attack,
        }
    }

    /// Adds an S-node with all its edges (and the claims they join); returns the claims.
    fn s_node(&mut self, s: &Term) -> Vec<Term> {
        let argument = self.argument;
        let node = self.node(s);
        let mut below = Vec::new();
        if let Some(inference) = argument.inferences.get(s) {
            for conclusion in &inference.conclusions {
                let c = self.node(conclusion);
                self.edge(node, c, EdgeKind::Support);
            }
            for premise in argument.sorted(inference.premises.iter()) {
                let p = self.node(&premise);
                self.edge(p, node, EdgeKind::Support);
                below.push(premise);
            }
        } else if let Some(conflict) = argument.conflicts.get(s) {
            let kind = self.attack_kind(s);
            for target in &conflict.targets {
                let t = self.node(target);
                self.edge(node, t, kind);
            }
            for attacker in argument.sorted(conflict.attackers.iter()) {
                let a = self.node(&attacker);
                self.edge(a, node, kind);
                below.push(attacker);
            }
        }
        below
    }

    /// Breadth-first from the roots, down to `depth` claim levels.
    fn walk(&mut self, roots: Vec<Term>, depth: Option<usize>) {
        let mut queue: VecDeque<(Term, usize)> = VecDeque::new();
        let mut done: HashSet<Term> = HashSet::new();
        for root in roots {
            self.node(&root);
            queue.push_back((root, 0));
        }
        while let Some((term, level)) = queue.pop_front() {
            if !done.insert(term.clone()) {
                continue;
            }
            let argument = self.argument;
            let mut s_nodes: Vec<Term> = Vec::new();
            if argument.claims.contains_key(&term) {
                s_nodes.extend(argument.supports(&term));
            } else {
                // An inference or conflict given as the root: itself first.
                s_nodes.push(term.clone());
            }
            s_nodes.extend(argument.attacks(&term));
            s_nodes.retain(|s| self.allowed(s));
            let under_claim = argument.claims.contains_key(&term);
            if under_claim && depth.is_some_and(|d| level >= d) {
                if !s_nodes.is_empty() {
                    let i = self.node(&term);
                    self.map.nodes[i].cut = true;
                }
                continue;
            }
            for s in s_nodes {
                let next = if argument.claims.contains_key(&term) {
                    level + 1
                } else {
                    level
                };
                // Undercuts of an inference hang under it, at the level of its premises.
                let mut more = self.s_node(&s);
                if argument.inferences.contains_key(&s) && s != term {
                    more.extend(argument.attacks(&s).into_iter().filter(|a| self.allowed(a)));
                }
                for t in more {
                    if argument.conflicts.contains_key(&t) {
                        for attacker in self.s_node(&t) {
                            queue.push_back((attacker, next));
                        }
                    } else {
                        queue.push_back((t, next));
                    }
                }
            }
        }
    }

    /// The given nodes: S-nodes with their edges; claims alone; and the S-nodes whose every
    /// end is a given claim.
    fn subgraph(&mut self, terms: &[Term]) {
        let argument = self.argument;
        let given: HashSet<&Term> = terms.iter().collect();
        for term in terms {
            if argument.claims.contains_key(term) {
                self.node(term);
            }
        }
        for term in terms {
            if !argument.claims.contains_key(term) {
                self.s_node(term);
            }
        }
        let mut joining: Vec<Term> = Vec::new();
        for (ra, i) in &argument.inferences {
            let ends = i.premises.iter().chain(&i.conclusions);
            if !i.premises.is_empty()
                && !i.conclusions.is_empty()
                && ends.clone().all(|c| given.contains(c))
            {
                joining.push(ra.clone());
            }
        }
        for (ca, c) in &argument.conflicts {
            let ends = c.attackers.iter().chain(&c.targets);
            if !c.attackers.is_empty()
                && !c.targets.is_empty()
                && ends.clone().all(|t| given.contains(t))
            {
                joining.push(ca.clone());
            }
        }
        joining.sort_by_cached_key(|t| t.to_string());
        for s in joining {
            if self.allowed(&s) {
                self.s_node(&s);
            }
        }
    }
}

/// Folds, under each inference, the premises that have no other arrow into one box.
fn collapse(map: &mut ArgumentMap) {
    let mut degree = vec![0usize; map.nodes.len()];
    for edge in &map.edges {
        degree[edge.from] += 1;
        degree[edge.to] += 1;
    }
    let mut removed = vec![false; map.nodes.len()];
    let inferences: Vec<usize> = (0..map.nodes.len())
        .filter(|&i| map.nodes[i].kind == NodeKind::Inference)
        .collect();
    for ra in inferences {
        let leaves: Vec<usize> = map
            .edges
            .iter()
            .filter(|e| e.to == ra && e.kind == EdgeKind::Support)
            .map(|e| e.from)
            .filter(|&p| {
                degree[p] == 1 && map.nodes[p].kind == NodeKind::Claim && !map.nodes[p].cut
            })
            .collect();
        if leaves.len() < 2 {
            continue;
        }
        let mut group = Node::new(
            format!("{}#premises", map.nodes[ra].name),
            NodeKind::Premises,
        );
        for &p in &leaves {
            let member = &map.nodes[p];
            let mut text = member.text.clone().unwrap_or_default();
            if member.unstated {
                text.push_str(" [unstated]");
            }
            group.members.push((member.name.clone(), text));
            removed[p] = true;
        }
        map.nodes.push(group);
        removed.push(false);
        let g = map.nodes.len() - 1;
        map.edges
            .retain(|e| !(e.to == ra && leaves.contains(&e.from)));
        map.edges.push(Edge {
            from: g,
            to: ra,
            kind: EdgeKind::Support,
        });
    }
    // Renumber.
    let mut new_index = vec![usize::MAX; map.nodes.len()];
    let mut nodes = Vec::new();
    for (i, node) in std::mem::take(&mut map.nodes).into_iter().enumerate() {
        if !removed[i] {
            new_index[i] = nodes.len();
            nodes.push(node);
        }
    }
    map.nodes = nodes;
    map.edges = map
        .edges
        .iter()
        .filter(|e| new_index[e.from] != usize::MAX && new_index[e.to] != usize::MAX)
        .map(|e| Edge {
            from: new_index[e.from],
            to: new_index[e.to],
            kind: e.kind,
        })
        .collect();
}

/// A laid-out map: each node's box and each edge's route.
#[derive(Debug, Clone)]
pub struct Placed {
    /// (centre x, centre y, width, height) of each node.
    pub boxes: Vec<(f64, f64, f64, f64)>,
    /// Each edge's points, tail to head.
    pub routes: Vec<Vec<(f64, f64)>>,
    /// Smooth the routes (the built-in layout) or take them as cubic Bézier control points
    /// (Graphviz).
    pub bezier: bool,
    /// Drawing size.
    pub width: f64,
    /// Drawing size.
    pub height: f64,
}

/// Lays the map out with the built-in layered layout.
pub fn place(map: &ArgumentMap) -> Result<Placed, MapError> {
    let sizes: Vec<(f64, f64)> = map.nodes.iter().map(svg::size).collect();
    // Heads above tails: conclusions on top.
    let graph = layout::Graph {
        sizes: sizes.clone(),
        edges: map.edges.iter().map(|e| (e.to, e.from)).collect(),
    };
    let laid = layout::layout(&graph, layout::Spacing::default())?;
    Ok(Placed {
        boxes: laid
            .centres
            .iter()
            .zip(&sizes)
            .map(|(&(x, y), &(w, h))| (x, y, w, h))
            .collect(),
        routes: laid
            .routes
            .into_iter()
            .map(|mut r| {
                r.reverse();
                r
            })
            .collect(),
        bezier: false,
        width: laid.width,
        height: laid.height + svg::LEGEND_HEIGHT,
    })
}

/// Output formats of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A standalone SVG picture.
    #[default]
    Svg,
    /// Graphviz DOT.
    Dot,
    /// One self-contained HTML page: the SVG with pan, zoom and details on click.
    Html,
}

/// Layout engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The built-in layered layout (nothing to install).
    #[default]
    Layered,
    /// Graphviz `dot`, when it is on PATH.
    Graphviz,
}

/// Builds, lays out and renders a map in one call (what `argmap map` and `.map` do).
pub fn draw(
    store: &ArgStore,
    scope: &Scope,
    options: &MapOptions,
    format: Format,
    engine: Engine,
) -> Result<String, MapError> {
    let map = build(store, scope, options)?;
    if format == Format::Dot {
        return Ok(dot::render(&map));
    }
    let placed = match engine {
        Engine::Layered => place(&map)?,
        Engine::Graphviz => dot::place_with_graphviz(&map)?,
    };
    let svg = svg::render(&map, &placed);
    Ok(match format {
        Format::Html => html::render(&map, &svg),
        _ => svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claim's picture read from what is under the claim is the picture read from the whole
    /// map, for every node of the bundled maps, at several depths and at all.
    #[test]
    fn a_picture_read_around_its_root_is_the_picture_of_the_whole_map() {
        let store = ArgStore::with_bundled().unwrap();
        let prefixes = store.prefixes();
        let whole = Argument::read(store.oxigraph(), prefixes).unwrap();
        let mut roots: Vec<String> = whole
            .claims
            .keys()
            .chain(whole.inferences.keys())
            .chain(whole.conflicts.keys())
            .map(|t| term_text(t.as_ref(), prefixes))
            .collect();
        roots.sort();
        let mut drawn = 0;
        for root in &roots {
            for depth in [Some(0), Some(1), Some(3), None] {
                let options = MapOptions {
                    depth,
                    force: true,
                    ..MapOptions::default()
                };
                let scope = Scope::Claim(root.clone());
                let expected = build_from(&store, &whole, &scope, &options).unwrap();
                let around = build(&store, &scope, &options).unwrap();
                assert_eq!(
                    format!("{around:?}"),
                    format!("{expected:?}"),
                    "{root} at depth {depth:?}"
                );
                drawn += expected.nodes.len();
            }
        }
        assert!(drawn > 1000);
    }
}
