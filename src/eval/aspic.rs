//! From the AIF graph to an argumentation framework, ASPIC+-style (Modgil & Prakken 2013), so
//! that Dung's semantics ([`crate::eval::af`]) can say which claims stand.
//!
//! - The knowledge base: every claim (I-node) that no inference in scope concludes is a
//!   premise; with [`Axioms::ReportedFacts`], `arg:ReportedFact` claims are axioms (cannot be
//!   undermined), all others are ordinary premises.
//! - Arguments: a premise argument `[c]` per premise; for every RA-node (a defeasible rule)
//!   and every choice of one argument per premise, an argument concluding the RA-node's
//!   conclusion, with those as sub-arguments. An argument may not use its own conclusion
//!   (support cycles produce no arguments). Built bottom-up in rounds, without recursion, up to
//!   [`Options::max_arguments`] (a map can have exponentially many; the cap is reported).
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

use crate::eval::af::{AfError, Framework};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeSet, HashMap, HashSet};

const AIF: &str = "http://www.arg.tech/aif#";
const ARG: &str = "https://w3id.org/argmap#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// Graphs argmap computes (derived shortcuts, workspace records, evaluations): never evidence.
pub const COMPUTED_GRAPHS: &str = "https://w3id.org/argmap/graph/";

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

/// The nodes and edges read from the store.
#[derive(Default)]
struct Graph {
    types: HashMap<NamedOrBlankNode, BTreeSet<String>>,
    premises: HashMap<NamedOrBlankNode, Vec<Term>>,
    conclusions: HashMap<NamedOrBlankNode, Vec<Term>>,
}

impl Graph {
    /// The nodes with premises, in a stable order (by IRI).
    fn with_premises(&self) -> Vec<(&NamedOrBlankNode, &Vec<Term>)> {
        let mut nodes: Vec<_> = self.premises.iter().collect();
        nodes.sort_by_cached_key(|(n, _)| n.to_string());
        nodes
    }
}

fn in_scope(graph: GraphNameRef<'_>, options: &Options) -> bool {
    let GraphNameRef::NamedNode(g) = graph else {
        return options.only.is_empty();
    };
    if g.as_str().starts_with(COMPUTED_GRAPHS) || options.without.iter().any(|w| w.as_ref() == g) {
        return false;
    }
    options.only.is_empty() || options.only.iter().any(|o| o.as_ref() == g)
}

fn read(store: &Store, options: &Options) -> Result<Graph, AspicError> {
    let mut graph = Graph::default();
    let predicate = |iri: &str| NamedNode::new_unchecked(iri);
    let premise = predicate(&format!("{AIF}Premise"));
    let conclusion = predicate(&format!("{AIF}Conclusion"));
    for (p, map) in [
        (&premise, &mut graph.premises),
        (&conclusion, &mut graph.conclusions),
    ] {
        for quad in store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            let quad = quad?;
            if in_scope(quad.graph_name.as_ref(), options) {
                let objects = map.entry(quad.subject).or_default();
                if !objects.contains(&quad.object) {
                    objects.push(quad.object);
                }
            }
        }
    }
    // Premises in IRI order, not the store's: the same map gives the same arguments (and the
    // same argument numbers in `--explain`) from any store, a copy of an endpoint's included.
    for objects in graph
        .premises
        .values_mut()
        .chain(graph.conclusions.values_mut())
    {
        if objects.len() > 1 {
            objects.sort_by_cached_key(ToString::to_string);
        }
    }
    let rdf_type = predicate(RDF_TYPE);
    for quad in store.quads_for_pattern(None, Some(rdf_type.as_ref()), None, None) {
        let quad = quad?;
        if let Term::NamedNode(class) = &quad.object
            && in_scope(quad.graph_name.as_ref(), options)
        {
            graph
                .types
                .entry(quad.subject)
                .or_default()
                .insert(class.as_str().to_owned());
        }
    }
    Ok(graph)
}

fn is(graph: &Graph, node: &NamedOrBlankNode, classes: &[&str]) -> bool {
    graph
        .types
        .get(node)
        .is_some_and(|t| classes.iter().any(|c| t.contains(*c)))
}

fn as_node(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// Builds the framework for the map in `store`.
pub fn translate(store: &Store, options: &Options) -> Result<Translation, AspicError> {
    let graph = read(store, options)?;
    let c = |name: &str| format!("{AIF}{name}");
    let a = |name: &str| format!("{ARG}{name}");
    let (ra, ca, pa, i_node) = (c("RA-node"), c("CA-node"), c("PA-node"), c("I-node"));
    let ca_classes = [ca.clone(), a("Rebut"), a("Undermine"), a("Undercut")];
    let ca_classes: Vec<&str> = ca_classes.iter().map(String::as_str).collect();
    let mut warnings = Vec::new();

    let claims: Vec<NamedOrBlankNode> = {
        let mut set: HashSet<NamedOrBlankNode> = graph
            .types
            .iter()
            .filter(|(_, t)| t.contains(&i_node))
            .map(|(n, _)| n.clone())
            .collect();
        // Claims used by edges in scope count even when typed elsewhere.
        for (node, targets) in graph.premises.iter().chain(&graph.conclusions) {
            if is(&graph, node, &[ra.as_str(), pa.as_str()]) || is(&graph, node, &ca_classes) {
                set.extend(
                    targets
                        .iter()
                        .filter_map(as_node)
                        .filter(|t| !is(&graph, t, &[ra.as_str()]) && !is(&graph, t, &ca_classes)),
                );
            }
        }
        let mut claims: Vec<NamedOrBlankNode> = set.into_iter().collect();
        claims.sort_by_cached_key(|n| n.to_string());
        claims
    };
    let claim_index: HashMap<NamedOrBlankNode, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), i))
        .collect();
    let claim_of = |t: &Term| as_node(t).and_then(|n| claim_index.get(&n).copied());

    let mut inferences = Vec::new();
    let mut inference_of: HashMap<NamedOrBlankNode, usize> = HashMap::new();
    for (node, premises) in graph.with_premises() {
        if !is(&graph, node, &[ra.as_str()]) {
            continue;
        }
        let conclusion: Vec<usize> = graph
            .conclusions
            .get(node)
            .into_iter()
            .flatten()
            .filter_map(claim_of)
            .collect();
        let [conclusion] = conclusion[..] else {
            warnings.push(format!(
                "{node}: an inference needs exactly one conclusion; left out"
            ));
            continue;
        };
        let premises: Vec<usize> = premises.iter().filter_map(claim_of).collect();
        inference_of.insert(node.clone(), inferences.len());
        inferences.push(Inference {
            node: node.clone(),
            premises,
            conclusion,
        });
    }
    let concluded: HashSet<usize> = inferences.iter().map(|i| i.conclusion).collect();
    let axioms: BTreeSet<usize> = match options.axioms {
        Axioms::None => BTreeSet::new(),
        Axioms::ReportedFacts => (0..claims.len())
            .filter(|&i| !concluded.contains(&i) && is(&graph, &claims[i], &[&a("ReportedFact")]))
            .collect(),
    };

    // Arguments, bottom-up in rounds.
    let mut arguments: Vec<Argument> = Vec::new();
    let mut by_conclusion: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
    let mut seen: HashSet<(usize, Vec<usize>)> = HashSet::new();
    let mut truncated = false;
    for claim in (0..claims.len()).filter(|c| !concluded.contains(c)) {
        by_conclusion[claim].push(arguments.len());
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
                .map(|&p| by_conclusion[p].clone())
                .collect();
            if choices.iter().any(|c| c.is_empty()) {
                continue;
            }
            // An odometer over one argument per premise.
            let mut pick = vec![0usize; choices.len()];
            loop {
                let direct: Vec<usize> = pick.iter().zip(&choices).map(|(&i, c)| c[i]).collect();
                let circular = direct
                    .iter()
                    .any(|&d| concludes[d].contains(&inference.conclusion));
                if !circular && seen.insert((index, direct.clone())) {
                    if arguments.len() >= options.max_arguments {
                        truncated = true;
                        break 'rounds;
                    }
                    let id = arguments.len();
                    let mut subs: BTreeSet<usize> = BTreeSet::from([id]);
                    let mut claims_in = BTreeSet::from([inference.conclusion]);
                    for &d in &direct {
                        subs.extend(arguments[d].subs.iter().copied());
                        claims_in.extend(concludes[d].iter().copied());
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
            "stopped at {} arguments (--max-arguments): the evaluation covers only those",
            options.max_arguments
        ));
    }

    // Preferences: strict, transitive, over claims and inferences.
    let node_count = claims.len() + inferences.len();
    let element = |n: &Term| -> Option<usize> {
        let node = as_node(n)?;
        claim_index
            .get(&node)
            .copied()
            .or_else(|| inference_of.get(&node).map(|i| claims.len() + i))
    };
    let mut below: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); node_count]; // x -> the elements above x
    for (node, preferred) in graph.with_premises() {
        if !is(&graph, node, &[pa.as_str()]) {
            continue;
        }
        for high in preferred.iter().filter_map(element) {
            for low in graph
                .conclusions
                .get(node)
                .into_iter()
                .flatten()
                .filter_map(element)
            {
                below[low].insert(high);
            }
        }
    }
    // Transitive closure by a search from each element (explicit stack).
    let above: Vec<BTreeSet<usize>> = (0..node_count)
        .map(|start| {
            let mut reached = BTreeSet::new();
            let mut stack: Vec<usize> = below[start].iter().copied().collect();
            while let Some(x) = stack.pop() {
                if reached.insert(x) {
                    stack.extend(below[x].iter().copied());
                }
            }
            reached
        })
        .collect();
    // An inference is ranked with its conclusion claim as well.
    let claim_of_element = |e: usize| {
        if e < claims.len() {
            e
        } else {
            inferences[e - claims.len()].conclusion
        }
    };
    let lower = |x: usize, y: usize| {
        let (cx, cy) = (claim_of_element(x), claim_of_element(y));
        [(x, y), (cx, cy), (x, cy), (cx, y)]
            .iter()
            .any(|&(p, q)| p != q && above[p].contains(&q) && !above[q].contains(&p))
    };
    let links = |arg: usize| -> Vec<usize> {
        let argument = &arguments[arg];
        match options.ordering {
            Ordering::LastLink => vec![match argument.top {
                Top::Premise => argument.conclusion,
                Top::Inference(i) => claims.len() + i,
            }],
            Ordering::WeakestLink => argument
                .subs
                .iter()
                .filter_map(|&s| match arguments[s].top {
                    Top::Inference(i) => Some(claims.len() + i),
                    Top::Premise if !axioms.contains(&arguments[s].conclusion) => {
                        Some(arguments[s].conclusion)
                    }
                    Top::Premise => None,
                })
                .collect(),
        }
    };
    // Elitist: A < B when some link of A is below every link of B.
    let weaker = |a: usize, b: usize| {
        let (la, lb) = (links(a), links(b));
        !lb.is_empty() && la.iter().any(|&x| lb.iter().all(|&y| lower(x, y)))
    };

    // Attacks.
    let mut attacks = Vec::new();
    for (node, attackers) in graph.with_premises() {
        if !is(&graph, node, &ca_classes) {
            continue;
        }
        let attacking: Vec<usize> = attackers.iter().filter_map(claim_of).collect();
        if attacking.len() != attackers.len() || attacking.len() != 1 {
            warnings.push(format!(
                "{node}: a conflict needs exactly one attacking claim; left out"
            ));
            continue;
        }
        let Some(target) = graph.conclusions.get(node).and_then(|t| t.first()) else {
            continue;
        };
        let undercut = as_node(target).and_then(|t| inference_of.get(&t).copied());
        let target_claim = claim_of(target);
        for &attacker in &by_conclusion[attacking[0]] {
            for (b, argument) in arguments.iter().enumerate() {
                for &on in &argument.subs {
                    let sub = &arguments[on];
                    let kind = match (undercut, target_claim, sub.top) {
                        (Some(i), _, Top::Inference(j)) if i == j => AttackKind::Undercut,
                        (None, Some(c), Top::Inference(_)) if sub.conclusion == c => {
                            AttackKind::Rebut
                        }
                        (None, Some(c), Top::Premise)
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
                        conflict: node.clone(),
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
