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
//!
//! Beside it, one more thread reads the `arg:supports` statements for circular support
//! ([`super::cycles`]).

use super::{
    Check, CheckError, CheckInfo, Context, Hit, cycles, dangling, datatypes, structure, terms,
};
use crate::query::DERIVED_GRAPH;
use crate::workspace::META_GRAPH;
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::sync::mpsc;

/// The name of the reference check's `.rq` file.
const DANGLING_REFERENCE: &str = "dangling-reference";

/// The most threads that read the store at once: past the cores, they only wait on each other.
const MAX_READERS: usize = 4;

/// What the pass found, per check.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub(crate) invalid_literals: Vec<Hit>,
    pub(crate) undeclared_terms: Vec<Hit>,
    pub(crate) dangling_references: Vec<Hit>,
    pub(crate) structural: structure::Hits,
    pub(crate) circular_support: Vec<Hit>,
}

/// Quads a reader thread hands over at a time.
const BATCH: usize = 4096;

/// Batches a reader thread may have ready before it waits for the checks to take them.
const READY: usize = 4;

/// What a reader thread hands to the checks.
enum Piece {
    /// The next quads of the graph being read.
    Quads(Vec<Quad>),
    /// The graph is read (or could not be).
    End(Result<(), CheckError>),
}

/// Reads every quad once and hands it to the checks.
///
/// Decoding the quads is most of the time, and it is independent from graph to graph, so
/// reader threads take turns over the graphs (reader `k` reads every `n`-th, from the `k`-th)
/// while this thread hands the quads to the checks in the graphs' order: the same order,
/// and so the same report, as one thread reading them all.
pub(crate) fn run(context: &Context<'_>) -> Result<Scan, CheckError> {
    let store = context.store.oxigraph();
    let prefixes = context.store.prefixes();
    let mut literals = datatypes::Accumulator::default();
    let mut terms = terms::Accumulator::new(context)?;
    let mut dangling = dangling::Accumulator::new();
    let mut structural = structure::Accumulator::new();
    let mut graphs = vec![GraphName::DefaultGraph];
    for graph in store.named_graphs() {
        match graph? {
            NamedOrBlankNode::NamedNode(g) if g.as_str() == DERIVED_GRAPH => {}
            graph => graphs.push(graph.into()),
        }
    }
    let readers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_READERS)
        .min(graphs.len());
    let supports = std::thread::scope(|scope| {
        // The support graph is read beside the graphs (it is mostly in the derived graph,
        // which the pass skips): on RocksDB both are bound by decoding terms.
        let supports = scope.spawn(|| cycles::read(store));
        let mut ready = Vec::with_capacity(readers);
        for first in 0..readers {
            let (send, receive) = mpsc::sync_channel(READY);
            ready.push(receive);
            let graphs = &graphs;
            scope.spawn(move || {
                for graph in graphs.iter().skip(first).step_by(readers) {
                    let mut batch = Vec::with_capacity(BATCH);
                    let read = read_graph(store, graph, |quad| {
                        batch.push(quad);
                        batch.len() < BATCH
                            || send
                                .send(Piece::Quads(std::mem::replace(
                                    &mut batch,
                                    Vec::with_capacity(BATCH),
                                )))
                                .is_ok()
                    });
                    let last = (!batch.is_empty()).then(|| send.send(Piece::Quads(batch)));
                    // A failed send means the checks stopped: nothing more is wanted.
                    if last.is_some_and(|sent| sent.is_err())
                        || send.send(Piece::End(read)).is_err()
                    {
                        return;
                    }
                }
            });
        }
        for (index, graph) in graphs.iter().enumerate() {
            let (named, records) = match graph.as_ref() {
                GraphNameRef::NamedNode(g) => (true, g.as_str() == META_GRAPH),
                GraphNameRef::BlankNode(_) => (true, false),
                GraphNameRef::DefaultGraph => (false, false),
            };
            let shortcuts = structure::shortcut_graph(graph.as_ref());
            let from = &ready[index % readers];
            loop {
                let piece = from.recv().map_err(|_| CheckError::Read {
                    what: format!("graph {graph}"),
                    message: "the thread reading it stopped".to_owned(),
                })?;
                let quads = match piece {
                    Piece::Quads(quads) => quads,
                    Piece::End(read) => {
                        read?;
                        break;
                    }
                };
                for quad in &quads {
                    structural.observe(quad, shortcuts);
                    if named {
                        dangling.observe(quad);
                    }
                    if !records {
                        literals.observe(quad, prefixes);
                        terms.observe(quad);
                    }
                }
            }
        }
        supports.join().unwrap_or_else(|_| {
            Err(CheckError::Read {
                what: "every graph".to_owned(),
                message: "the thread reading arg:supports stopped".to_owned(),
            })
        })
    })?;
    Ok(Scan {
        invalid_literals: literals.finish(),
        undeclared_terms: terms.finish(context),
        dangling_references: dangling.finish(store)?,
        structural: structural.finish(store)?,
        circular_support: cycles::findings(&supports),
    })
}

/// Hands every quad of `graph` to `each`, decoding its graph and predicate once, until
/// `each` says it wants no more.
///
/// On RocksDB, decoding a term that is not inlined is a store lookup, and reading a quad
/// decodes all four: nine tenths of the pass went into those lookups, half of them for the
/// graph and the predicate, the same on every quad of a graph. So the query engine, which works
/// on encoded terms, lists the graph's predicates, and then each predicate's subjects and
/// objects, and only those two are decoded per quad.
fn read_graph(
    store: &Store,
    graph: &GraphName,
    mut each: impl FnMut(Quad) -> bool,
) -> Result<(), CheckError> {
    let mut predicates = Vec::new();
    select(
        store,
        Some(graph),
        "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
        |row| {
            if let Some(Some(Term::NamedNode(predicate))) = row.first() {
                predicates.push(predicate.clone());
            }
            true
        },
    )?;
    for predicate in predicates {
        // An IRI holds no `>` or space: it can stand in the query as it is.
        let text = format!("SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}");
        let mut wanted = true;
        select(store, Some(graph), &text, |row| {
            let (Some(Some(subject)), Some(Some(object))) = (row.first(), row.get(1)) else {
                return true;
            };
            let subject = match subject {
                Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n.clone()),
                Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b.clone()),
                Term::Literal(_) => return true,
            };
            wanted = each(Quad::new(
                subject,
                predicate.clone(),
                object.clone(),
                graph.clone(),
            ));
            wanted
        })?;
        if !wanted {
            break;
        }
    }
    Ok(())
}

/// Runs a `SELECT` over `graph` alone (`None`: the union of every graph) and hands each row's
/// values to `row`, as they come, until `row` returns `false`.
pub(super) fn select(
    store: &Store,
    graph: Option<&GraphName>,
    text: &str,
    mut row: impl FnMut(&[Option<Term>]) -> bool,
) -> Result<(), CheckError> {
    let read_error = |message: String| CheckError::Read {
        what: graph.map_or_else(|| "every graph".to_owned(), |g| format!("graph {g}")),
        message,
    };
    let mut query = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| read_error(e.to_string()))?;
    match graph {
        Some(graph) => query.dataset_mut().set_default_graph(vec![graph.clone()]),
        None => query.dataset_mut().set_default_graph_as_union(),
    }
    if let QueryResults::Solutions(solutions) = query
        .on_store(store)
        .execute()
        .map_err(|e| read_error(e.to_string()))?
    {
        for solution in solutions {
            if !row(solution.map_err(|e| read_error(e.to_string()))?.values()) {
                break;
            }
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
