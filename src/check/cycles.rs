//! Circular support: a claim that supports itself through a chain of inferences.
//!
//! A Rust check because SPARQL cannot be fast here: `?node arg:supports+ ?node` walks the
//! transitive closure from every claim (quadratic once documents support each other). The
//! cycles are the strongly connected components of the `arg:supports` graph, which Tarjan's
//! algorithm finds in one pass over the edges (time linear in claims + supports; an explicit
//! stack, so a long chain cannot overflow the call stack).
//!
//! One finding per cycle, on its first claim by IRI, with the other claims on the cycle as
//! related. `arg:supports` is derived from the RA-nodes (premise -> conclusion); hand-written
//! ones count too, as they do for every query.

use super::{Check, CheckError, CheckInfo, Context, Hit, Severity};
use crate::prefixes::ARG;
use oxigraph::model::{NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::collections::HashMap;

/// The `circular-support` check.
#[derive(Debug, Clone)]
pub struct CircularSupport {
    info: CheckInfo,
}

impl CircularSupport {
    /// The check with its description.
    pub fn new() -> Self {
        Self {
            info: CheckInfo {
                name: "circular-support".to_owned(),
                severity: Severity::Error,
                description: "a claim supports itself through a chain of inferences".to_owned(),
                fix: "remove or reverse one inference on the cycle; a claim cannot be a reason \
                      for itself"
                    .to_owned(),
                defined_in: "rust".to_owned(),
            },
        }
    }
}

impl Default for CircularSupport {
    fn default() -> Self {
        Self::new()
    }
}

impl Check for CircularSupport {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        Ok(context.scan()?.circular_support.clone())
    }
}

/// Reads the `arg:supports` statements of every graph (the pass over the store reads them
/// on a thread of its own, beside the graphs; see [`super::scan`]).
pub(crate) fn read(store: &Store) -> Result<SupportGraph, CheckError> {
    // Through the query engine, which decodes only the two terms it answers with (on
    // RocksDB each is a lookup): reading the quads would decode their graph and predicate too.
    let text = format!("SELECT ?from ?to WHERE {{ ?from <{ARG}supports> ?to }}");
    let mut graph = SupportGraph::default();
    super::scan::select(store, None, &text, |row| {
        if let (Some(Some(from)), Some(Some(to))) = (row.first(), row.get(1))
            && let (Some(from), Some(to)) = (resource(from), resource(to))
        {
            let from = graph.id(from);
            let to = graph.id(to);
            graph.edges[from].push(to);
        }
        true
    })?;
    Ok(graph)
}

/// One finding per cycle of the support graph.
pub(crate) fn findings(graph: &SupportGraph) -> Vec<Hit> {
    let mut hits = Vec::new();
    for component in strongly_connected(&graph.edges) {
        let cyclic = component.len() > 1
            || component
                .first()
                .is_some_and(|&n| graph.edges[n].contains(&n));
        if !cyclic {
            continue;
        }
        let mut members: Vec<&NamedOrBlankNode> =
            component.iter().map(|&n| &graph.nodes[n]).collect();
        members.sort_by_key(|node| sort_key(node));
        let Some((first, others)) = members.split_first() else {
            continue;
        };
        let mut hit = Hit::new((*first).clone());
        hit = if others.is_empty() {
            hit.detail("an inference has it both as premise and as conclusion")
        } else {
            hit.detail("the claims on the cycle are listed as related")
        };
        for other in others {
            hit = hit.related((*other).clone());
        }
        hits.push(hit);
    }
    hits
}

/// A term that can be on a cycle: an IRI or a blank node.
fn resource(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(NamedOrBlankNode::NamedNode(n.clone())),
        Term::BlankNode(b) => Some(NamedOrBlankNode::BlankNode(b.clone())),
        Term::Literal(_) => None,
    }
}

/// IRIs in string order (SPARQL's `STR`), blank nodes after them.
fn sort_key(node: &NamedOrBlankNode) -> (bool, &str) {
    match node {
        NamedOrBlankNode::NamedNode(n) => (false, n.as_str()),
        NamedOrBlankNode::BlankNode(b) => (true, b.as_str()),
    }
}

/// The support graph with its nodes numbered.
#[derive(Default)]
pub(crate) struct SupportGraph {
    nodes: Vec<NamedOrBlankNode>,
    ids: HashMap<NamedOrBlankNode, usize>,
    edges: Vec<Vec<usize>>,
}

impl SupportGraph {
    fn id(&mut self, node: NamedOrBlankNode) -> usize {
        if let Some(&id) = self.ids.get(&node) {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(node.clone());
        self.ids.insert(node, id);
        self.edges.push(Vec::new());
        id
    }
}

/// The strongly connected components of a graph given as adjacency lists (Tarjan's algorithm,
/// iterative). Every node is in exactly one component.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    // (node, position of the next edge to follow)
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        calls.push((root, 0));
        while let Some(&mut (node, ref mut edge)) = calls.last_mut() {
            if *edge == 0 && index[node] == UNVISITED {
                index[node] = next;
                low[node] = next;
                next += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index[target] == UNVISITED {
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The nodes that are on some cycle.
    fn cyclic_nodes(edges: &[Vec<usize>]) -> BTreeSet<usize> {
        strongly_connected(edges)
            .into_iter()
            .filter(|c| c.len() > 1 || c.first().is_some_and(|&n| edges[n].contains(&n)))
            .flatten()
            .collect()
    }

    #[test]
    fn finds_cycles_and_self_loops_but_not_chains() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a self-loop; 4 -> 5 -> 1 a chain into the cycle.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![5], vec![1]];
        assert_eq!(cyclic_nodes(&edges), BTreeSet::from([0, 1, 2, 3]));
        let components = strongly_connected(&edges);
        assert_eq!(components.iter().map(Vec::len).sum::<usize>(), edges.len());
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 1_000_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges.push(vec![0]); // closes the chain into one big cycle
        let components = strongly_connected(&edges);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), n + 1);
    }
}
