//! The one pass over the store's quads that the checks reading every quad share:
//! invalid literals ([`super::datatypes`]), undeclared terms ([`super::terms`]) and dangling
//! references ([`super::dangling`]).
//!
//! Each of them used to walk the whole store on its own (the dangling references as SPARQL,
//! with a lookup per object), which made them three quarters of `argmap check`'s time. The
//! pass reads the store graph by graph and skips the derived graph, which none of them reads
//! and which holds about 40% of a map's quads; every quad it reads goes to each check's
//! accumulator, as the check would have seen it:
//!
//! - the data and ontology graphs and the default graph to the literal check;
//! - the named graphs but the workspace's records to the term check (it skips the ontology
//!   graphs and the default graph itself);
//! - the named graphs, the records included, to the reference check, as the SPARQL form's
//!   `GRAPH ?g` and `FILTER (?g != derived)` read them.

use super::{Check, CheckError, CheckInfo, Context, Hit, dangling, datatypes, terms};
use crate::query::DERIVED_GRAPH;
use crate::workspace::META_GRAPH;
use oxigraph::model::{GraphName, GraphNameRef};

/// What the pass found, per check.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub(crate) invalid_literals: Vec<Hit>,
    pub(crate) undeclared_terms: Vec<Hit>,
    pub(crate) dangling_references: Vec<Hit>,
}

/// Reads every quad once and hands it to the three checks.
pub(crate) fn run(context: &Context<'_>) -> Result<Scan, CheckError> {
    let store = context.store.oxigraph();
    let prefixes = context.store.prefixes();
    let mut literals = datatypes::Accumulator::default();
    let mut terms = terms::Accumulator::new(context)?;
    let mut dangling = dangling::Accumulator::new();
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
        for quad in store.quads_for_pattern(None, None, None, Some(graph.as_ref())) {
            let quad = quad?;
            if named {
                dangling.observe(&quad);
            }
            if !records {
                literals.observe(&quad, prefixes);
                terms.observe(&quad);
            }
        }
    }
    Ok(Scan {
        invalid_literals: literals.finish(),
        undeclared_terms: terms.finish(context),
        dangling_references: dangling.finish(store)?,
    })
}

/// `dangling-reference`: described by its `.rq` file, run by the pass (see [`super::dangling`]
/// for why).
#[derive(Debug, Clone)]
pub struct DanglingReference {
    info: CheckInfo,
}

impl DanglingReference {
    /// The check with the header of its `.rq` file.
    pub fn new(info: CheckInfo) -> Self {
        Self { info }
    }
}

impl Check for DanglingReference {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        Ok(context.scan()?.dangling_references.clone())
    }
}
