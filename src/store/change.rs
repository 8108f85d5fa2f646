//! What a change touches, and keeping the shortcuts right after it without re-deriving the
//! whole store.
//!
//! A change is applied inside one transaction: [`Affected::note`] collects the nodes whose
//! derivation inputs the change may alter (the subjects of `rdf:type`, `aif:Premise` and
//! `aif:Conclusion` statements it removes or adds), and [`Affected::apply`] replaces what those
//! nodes derived in the committed store with what they derive inside the transaction.
//! A change to the class hierarchy adds the nodes typed with a class whose superclasses it
//! changes; a change that cannot be told from its text re-derives everything.

use crate::query::DERIVED_GRAPH;
use crate::rules::shortcuts::{self, Shortcuts};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, QuadRef, Triple};
use oxigraph::store::{StorageError, Store, Transaction};
use spargebra::algebra::GraphTarget;
use spargebra::term::GraphNamePattern;
use spargebra::{GraphUpdateOperation, Update};
use std::collections::HashSet;

/// The nodes a change can affect.
#[derive(Debug, Default)]
pub struct Affected {
    nodes: HashSet<NamedOrBlankNode>,
    /// The change states or removes `rdfs:subClassOf`.
    hierarchy: bool,
    /// What the change touched is not known: re-derive the whole store.
    everything: bool,
}

fn derived(triple: Triple) -> Quad {
    Quad::new(
        triple.subject,
        triple.predicate,
        triple.object,
        NamedNode::new_unchecked(DERIVED_GRAPH),
    )
}

impl Affected {
    /// Notes one quad the change removes or adds.
    pub fn note(&mut self, quad: QuadRef<'_>) {
        if shortcuts::changes_hierarchy(quad) {
            self.hierarchy = true;
        } else if shortcuts::is_input(quad) {
            self.nodes.insert(quad.subject.into_owned());
        }
    }

    /// Notes every quad of a graph as the transaction sees it now; returns how many it read.
    pub fn note_graph(
        &mut self,
        transaction: &Transaction<'_>,
        graph: &GraphName,
    ) -> Result<usize, StorageError> {
        let mut count = 0;
        for quad in transaction.quads_for_pattern(None, None, None, Some(graph.as_ref())) {
            self.note(quad?.as_ref());
            count += 1;
        }
        Ok(count)
    }

    /// Notes every quad of each graph; returns how many quads they hold together.
    pub fn note_graphs(
        &mut self,
        transaction: &Transaction<'_>,
        graphs: &[GraphName],
    ) -> Result<usize, StorageError> {
        let mut count = 0;
        for graph in graphs {
            count += self.note_graph(transaction, graph)?;
        }
        Ok(count)
    }

    /// Whether the change alters the class hierarchy (and so every node's types).
    pub fn changes_hierarchy(&self) -> bool {
        self.hierarchy
    }

    /// How many nodes are to be re-derived.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no node is affected.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && !self.hierarchy && !self.everything
    }

    /// Re-derives everything (the change cannot be told from its text, or is too broad).
    pub fn everything(&mut self) {
        self.everything = true;
    }

    /// Brings the derived graph up to date with the change made in `transaction`; `before` is
    /// the store as committed, which a transaction does not change until it commits.
    pub fn apply(
        mut self,
        before: &Store,
        transaction: &mut Transaction<'_>,
    ) -> Result<usize, StorageError> {
        drop_evaluations(transaction)?;
        if self.hierarchy && !self.everything {
            let old = shortcuts::Hierarchy::read(before)?;
            let new = shortcuts::Hierarchy::read(&*transaction)?;
            // Nodes typed with such a class before the change and not after (or the other way)
            // had their type statements noted.
            self.nodes
                .extend(shortcuts::reclassified(&old, &new, &*transaction)?);
        }
        if self.everything {
            let all = Shortcuts::new(&*transaction)?.all()?;
            let count = all.len();
            transaction.clear_graph(oxigraph::model::NamedNodeRef::new_unchecked(DERIVED_GRAPH))?;
            transaction.extend(all.into_iter().map(derived).collect::<Vec<_>>().iter());
            return Ok(count);
        }
        let (new, gone) = {
            let mut engine = Shortcuts::new(&*transaction)?;
            let new = engine.for_nodes(&self.nodes)?;
            let mut gone = Vec::new();
            let old = Shortcuts::new(before)?.for_nodes(&self.nodes)?;
            for triple in old.difference(&new) {
                if !engine.still_derived(triple, &self.nodes)? {
                    gone.push(triple.clone());
                }
            }
            (new, gone)
        };
        for triple in gone {
            transaction.remove(&derived(triple));
        }
        let count = new.len();
        transaction.extend(new.into_iter().map(derived).collect::<Vec<_>>().iter());
        Ok(count)
    }
}

/// The graphs an update writes to, as far as its text tells.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// Graphs named in its templates, data and graph operations, in order of appearance.
    pub graphs: Vec<GraphName>,
    /// A template writes to `GRAPH ?g`: which graphs only the data decides.
    pub variable: bool,
    /// `CLEAR`/`DROP` `ALL` or `NAMED`: every graph.
    pub every_graph: bool,
}

fn converted(graph: &spargebra::term::GraphName) -> GraphName {
    match graph {
        spargebra::term::GraphName::NamedNode(node) => GraphName::NamedNode(node.clone()),
        spargebra::term::GraphName::DefaultGraph => GraphName::DefaultGraph,
    }
}

impl Targets {
    fn add(&mut self, graph: GraphName) {
        if !self.graphs.contains(&graph) {
            self.graphs.push(graph);
        }
    }

    /// Reads the targets off a parsed update.
    pub fn of(update: &Update) -> Self {
        let mut targets = Self::default();
        let pattern = |graph: &GraphNamePattern, targets: &mut Self| match graph {
            GraphNamePattern::NamedNode(node) => {
                targets.add(GraphName::NamedNode(node.clone()));
            }
            GraphNamePattern::DefaultGraph => {
                targets.add(GraphName::DefaultGraph);
            }
            GraphNamePattern::Variable(_) => targets.variable = true,
        };
        for operation in &update.operations {
            match operation {
                GraphUpdateOperation::InsertData { data } => {
                    for quad in data {
                        targets.add(converted(&quad.graph_name));
                    }
                }
                GraphUpdateOperation::DeleteData { data } => {
                    for quad in data {
                        targets.add(converted(&quad.graph_name));
                    }
                }
                GraphUpdateOperation::DeleteInsert { delete, insert, .. } => {
                    for quad in delete {
                        pattern(&quad.graph_name, &mut targets);
                    }
                    for quad in insert {
                        pattern(&quad.graph_name, &mut targets);
                    }
                }
                GraphUpdateOperation::Load { destination, .. } => {
                    targets.add(converted(destination));
                }
                GraphUpdateOperation::Create { graph, .. } => {
                    targets.add(GraphName::NamedNode(graph.clone()));
                }
                GraphUpdateOperation::Clear { graph, .. }
                | GraphUpdateOperation::Drop { graph, .. } => match graph {
                    GraphTarget::NamedNode(node) => {
                        targets.add(GraphName::NamedNode(node.clone()));
                    }
                    GraphTarget::DefaultGraph => {
                        targets.add(GraphName::DefaultGraph);
                    }
                    GraphTarget::NamedGraphs | GraphTarget::AllGraphs => {
                        targets.every_graph = true;
                    }
                },
            }
        }
        targets
    }

    /// Whether the graphs written are known from the text alone.
    pub fn is_static(&self) -> bool {
        !self.variable && !self.every_graph
    }
}

/// Empties every evaluation graph: labels computed from the map before a change would describe a
/// map that no longer exists, so a change takes them with it (`argmap eval` writes them anew).
fn drop_evaluations(transaction: &mut Transaction<'_>) -> Result<(), StorageError> {
    let mut stale = Vec::new();
    for graph in transaction.named_graphs() {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph?
            && graph.as_str().starts_with(super::reserved::EVAL_GRAPHS)
        {
            stale.push(graph);
        }
    }
    for graph in stale {
        transaction.remove_named_graph(&graph)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Targets {
        Targets::of(&spargebra::SparqlParser::new().parse_update(text).unwrap())
    }

    #[test]
    fn templates_data_and_graph_operations_name_their_graphs() {
        let t = targets(
            "INSERT DATA { GRAPH <http://a> { <http://x> <http://p> <http://y> } } ; \
             DELETE { GRAPH <http://b> { ?s ?p ?o } } INSERT { ?s ?p ?o } WHERE { ?s ?p ?o } ; \
             DROP GRAPH <http://c> ; CLEAR DEFAULT",
        );
        assert!(t.is_static());
        let names: Vec<String> = t.graphs.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["<http://a>", "<http://b>", "DEFAULT", "<http://c>"]);
    }

    #[test]
    fn variable_graphs_and_drop_all_are_not_static() {
        assert!(targets("INSERT { GRAPH ?g { <http://x> <http://p> <http://y> } } WHERE { GRAPH ?g { ?a ?b ?c } }").variable);
        assert!(targets("DROP ALL").every_graph);
        assert!(targets("CLEAR NAMED").every_graph);
        // ADD/COPY/MOVE are graph operations too.
        let t = targets("COPY <http://a> TO <http://b>");
        assert!(
            t.graphs
                .contains(&GraphName::NamedNode(NamedNode::new_unchecked("http://b")))
        );
    }
}
