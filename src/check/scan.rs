//! The one pass over the store's quads that the checks reading every quad share:
//! invalid literals ([`super::datatypes`]), undeclared terms ([`super::terms`]), dangling
//! references ([`super::dangling`]) and the structural checks ([`super::structure`]).
//!
//! Each of them used to walk the whole store on its own (the dangling references and the
//! structural checks as SPARQL), which made them most of `argmap check`'s time. The
//! pass reads the store graph by graph and skips the derived graph, which none of them reads
//! (the structural checks take its types afterwards) and which holds about 40% of a map's
//! quads; every quad it reads goes to each check's accumulator, as the check would have seen
//! it:
//!
//! - the data and ontology graphs and the default graph to the literal check;
//! - the named graphs but the workspace's records to the term check (it skips the ontology
//!   graphs and the default graph itself);
//! - the named graphs, the records included, to the reference check, as the SPARQL form's
//!   `GRAPH ?g` and `FILTER (?g != derived)` read them;
//! - every graph to the structural checks, whose queries read the union of all graphs.

use super::{Check, CheckError, CheckInfo, Context, Hit, dangling, datatypes, structure, terms};
use crate::query::DERIVED_GRAPH;
use crate::workspace::META_GRAPH;
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

/// The name of the reference check's `.rq` file.
const DANGLING_REFERENCE: &str = "dangling-reference";

/// What the pass found, per check.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub(crate) invalid_literals: Vec<Hit>,
    pub(crate) undeclared_terms: Vec<Hit>,
    pub(crate) dangling_references: Vec<Hit>,
    pub(crate) structural: structure::Hits,
}

/// Reads every quad once and hands it to the three checks.
pub(crate) fn run(context: &Context<'_>) -> Result<Scan, CheckError> {
    let store = context.store.oxigraph();
    let prefixes = context.store.prefixes();
    let mut literals = datatypes::Accumulator::default();
    let mut terms = terms::Accumulator::new(context)?;
    let mut dangling = dangling::Accumulator::new();
    let mut structural = structure::Accumulator::new();
    let mut graphs = vec![GraphName::DefaultGraph];
    for graph in store.named_graphs() {
        graphs.push(graph?.into());
    }
    for graph in &graphs {
        let (named, records) = match graph.as_ref() {
            GraphNameRef::NamedNode(g) if g.as_str() == DERIVED_GRAPH => continue,
            GraphNameRef::NamedNode(g) => (true, g.as_str() == META_GRAPH),
            GraphNameRef::BlankNode(_) => (true, false),
            GraphNameRef::DefaultGraph => (false, false),
        };
        let shortcuts = structure::shortcut_graph(graph.as_ref());
        read_graph(store, graph, |quad| {
            structural.observe(quad, shortcuts);
            if named {
                dangling.observe(quad);
            }
            if !records {
                literals.observe(quad, prefixes);
                terms.observe(quad);
            }
        })?;
    }
    Ok(Scan {
        invalid_literals: literals.finish(),
        undeclared_terms: terms.finish(context),
        dangling_references: dangling.finish(store)?,
        structural: structural.finish(store)?,
    })
}

/// Hands every quad of `graph` to `each`, decoding its graph and predicate once.
///
/// On RocksDB, decoding a term that is not inlined is a store lookup, and reading a quad
/// decodes all four: nine tenths of the pass went into those lookups, half of them for the
/// graph and the predicate, the same on every quad of a graph. So the query engine, which works
/// on encoded terms, lists the graph's predicates, and then each predicate's subjects and
/// objects, and only those two are decoded per quad.
fn read_graph(
    store: &Store,
    graph: &GraphName,
    mut each: impl FnMut(&Quad),
) -> Result<(), CheckError> {
    let mut predicates = Vec::new();
    select(
        store,
        graph,
        "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
        |row| {
            if let Some(Some(Term::NamedNode(predicate))) = row.first() {
                predicates.push(predicate.clone());
            }
        },
    )?;
    for predicate in predicates {
        // An IRI holds no `>` or space: it can stand in the query as it is.
        let text = format!("SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}");
        select(store, graph, &text, |row| {
            let (Some(Some(subject)), Some(Some(object))) = (row.first(), row.get(1)) else {
                return;
            };
            let subject = match subject {
                Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n.clone()),
                Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b.clone()),
                Term::Literal(_) => return,
            };
            each(&Quad::new(
                subject,
                predicate.clone(),
                object.clone(),
                graph.clone(),
            ));
        })?;
    }
    Ok(())
}

/// Runs a `SELECT` over `graph` alone and hands each row's values to `row`, as they come.
fn select(
    store: &Store,
    graph: &GraphName,
    text: &str,
    mut row: impl FnMut(&[Option<Term>]),
) -> Result<(), CheckError> {
    let read_error = |message: String| CheckError::Read {
        graph: graph.to_string(),
        message,
    };
    let mut query = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| read_error(e.to_string()))?;
    query.dataset_mut().set_default_graph(vec![graph.clone()]);
    if let QueryResults::Solutions(solutions) = query
        .on_store(store)
        .execute()
        .map_err(|e| read_error(e.to_string()))?
    {
        for solution in solutions {
            row(solution.map_err(|e| read_error(e.to_string()))?.values());
        }
    }
    Ok(())
}

/// A `.rq` check the pass runs (`# engine: rust`): `dangling-reference` (see
/// [`super::dangling`] for why) and the structural checks (see [`super::structure`]).
#[derive(Debug, Clone)]
pub struct InPass {
    info: CheckInfo,
}

impl InPass {
    /// The check with the header of its `.rq` file, if the pass runs a check of that name.
    pub fn new(info: CheckInfo) -> Option<Self> {
        let name = info.name.as_str();
        (name == DANGLING_REFERENCE || structure::CHECKS.contains(&name)).then_some(Self { info })
    }
}

impl Check for InPass {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        let scan = context.scan()?;
        Ok(match self.info.name.as_str() {
            DANGLING_REFERENCE => scan.dangling_references.clone(),
            name => scan.structural.get(name).cloned().unwrap_or_default(),
        })
    }
}
