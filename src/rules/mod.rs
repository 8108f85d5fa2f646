//! The derived shortcut properties (`arg:supports`, `arg:attacks`, ...) in [`DERIVED_GRAPH`].
//!
//! `ontology/rules/*.ru` says what they are, as SPARQL UPDATE rules: run in file name order,
//! again and again until a round derives nothing new ([`derive`]). That is the specification,
//! kept as data. The store maintains the shortcuts with [`shortcuts`], a Rust engine that
//! derives the same triples in one pass ([`recompute`]) and, after a change, only for the nodes
//! the change touched ([`shortcuts::Shortcuts::for_nodes`]): the SPARQL rules took 64% of a
//! load and 80% of an open, and cannot be scoped to what changed.

use crate::bundled;
use crate::prefixes::Prefixes;
use crate::query::{self, DERIVED_GRAPH, QueryError};
use oxigraph::model::Quad;
use oxigraph::model::{GraphNameRef, NamedNodeRef};
use oxigraph::store::{StorageError, Store};

pub mod shortcuts;

/// More rounds than this means a rule keeps inventing new nodes: a bug in the rule.
const MAX_ROUNDS: usize = 32;

/// Errors of rule application.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A rule does not parse or fails to run.
    #[error("rule {rule}: {source}")]
    Rule {
        /// The rule's bundled path.
        rule: String,
        /// What went wrong.
        source: QueryError,
    },
    /// The rules never stop deriving.
    #[error("the rules derive new triples forever (still growing after {MAX_ROUNDS} rounds)")]
    NoFixpoint,
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// One rule file.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Its bundled path, e.g. `ontology/rules/20-supports.ru`.
    pub path: &'static str,
    /// The SPARQL UPDATE.
    pub text: &'static str,
}

/// The bundled rules, in the order they run.
pub fn bundled() -> Vec<Rule> {
    bundled::files_under("ontology/rules/", ".ru")
        .map(|file| Rule {
            path: file.path,
            text: file.text,
        })
        .collect()
}

/// What one application did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derivation {
    /// Rounds until nothing new was derived (the last round derives nothing).
    pub rounds: usize,
    /// Triples in the derived graph afterwards.
    pub triples: usize,
}

fn derived_graph() -> GraphNameRef<'static> {
    GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(DERIVED_GRAPH))
}

/// Number of triples currently in the derived graph.
pub fn derived_len(store: &Store) -> Result<usize, StorageError> {
    let mut count = 0;
    for quad in store.quads_for_pattern(None, None, None, Some(derived_graph())) {
        quad?;
        count += 1;
    }
    Ok(count)
}

/// Clears the derived graph and recomputes every shortcut with the Rust engine.
pub fn recompute(store: &Store) -> Result<Derivation, RuleError> {
    let derived = shortcuts::Shortcuts::new(store)?.all()?;
    let graph = oxigraph::model::NamedNode::new_unchecked(DERIVED_GRAPH);
    store.clear_graph(derived_graph())?;
    let triples = derived.len();
    let mut loader = store.bulk_loader();
    loader.load_quads(
        derived
            .into_iter()
            .map(|t| Quad::new(t.subject, t.predicate, t.object, graph.clone())),
    )?;
    loader.commit()?;
    Ok(Derivation { rounds: 1, triples })
}

/// Clears the derived graph and applies the SPARQL `rules` until they reach a fixpoint (the
/// reference the Rust engine is tested against).
pub fn derive(store: &Store, prefixes: &Prefixes, rules: &[Rule]) -> Result<Derivation, RuleError> {
    store.clear_graph(derived_graph())?;
    apply_until_fixpoint(store, prefixes, rules)
}

/// Applies `rules` on top of what is derived already, until a round adds nothing. On a store
/// where [`derive`] just ran, this takes one round and changes nothing: the rules are idempotent.
pub fn apply_until_fixpoint(
    store: &Store,
    prefixes: &Prefixes,
    rules: &[Rule],
) -> Result<Derivation, RuleError> {
    let mut before = derived_len(store)?;
    for round in 1..=MAX_ROUNDS {
        for rule in rules {
            let fail = |source| RuleError::Rule {
                rule: rule.path.to_owned(),
                source,
            };
            query::prepare_update(prefixes, rule.text)
                .map_err(fail)?
                .on_store(store)
                .execute()
                .map_err(|e| fail(e.into()))?;
        }
        let after = derived_len(store)?;
        if after == before {
            return Ok(Derivation {
                rounds: round,
                triples: after,
            });
        }
        before = after;
    }
    Err(RuleError::NoFixpoint)
}
