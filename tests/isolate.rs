//! A query run in a forked child (the shell's way, `repl::isolate`) answers exactly what the
//! same query answers in-process: every bundled named query, the store's blank nodes, a graph,
//! ASK, the row cap, evaluation and syntax errors.
//!
//! One test only: the child is forked from this test's thread, and the harness's other thread
//! only waits for it (the safety condition of `isolate::execute`).
#![cfg(target_os = "linux")]

use argmap::budget::Budget;
use argmap::named::Library;
use argmap::query::{self, QueryError, QueryOutcome, QueryRequest};
use argmap::repl::isolate::{self, IsolateError};
use argmap::store::ArgStore;
use std::time::{Duration, Instant};

const BUDGET: Budget = Budget {
    timeout: Some(Duration::from_secs(60)),
    max_memory_mb: Some(1024),
    max_rows: Some(100_000),
};

fn forked(store: &ArgStore, request: &QueryRequest) -> Result<QueryOutcome, QueryError> {
    let mut never = || None;
    // SAFETY: see the module comment: no other thread runs while the child is forked.
    match unsafe {
        isolate::execute(
            store.oxigraph(),
            store.prefixes(),
            request,
            BUDGET,
            &mut never,
        )
    } {
        Ok(outcome) => Ok(outcome),
        Err(IsolateError::Query(error)) => Err(error),
        Err(other) => panic!("{}: {other}", request.text),
    }
}

fn in_process(store: &ArgStore, request: &QueryRequest) -> Result<QueryOutcome, QueryError> {
    query::execute(store.oxigraph(), store.prefixes(), request, None)
}

/// The rows as a sorted multiset: ties under ORDER BY come in any order, even between two
/// in-process runs (hash seeds), so only a totally ordered query is compared in order.
fn unordered(outcome: &QueryOutcome) -> Vec<String> {
    let mut rows: Vec<String> = match outcome {
        QueryOutcome::Solutions { variables, rows } => std::iter::once(format!("{variables:?}"))
            .chain(rows.iter().map(|row| format!("{row:?}")))
            .collect(),
        QueryOutcome::Graph(triples) => triples.iter().map(ToString::to_string).collect(),
        QueryOutcome::Boolean(value) => vec![value.to_string()],
    };
    rows.sort();
    rows
}

/// Runs `request` both ways; the answers must be equal, in order when `ordered`.
fn same(store: &ArgStore, request: &QueryRequest, ordered: bool) -> QueryOutcome {
    let here = in_process(store, request);
    let there = forked(store, request);
    match (here, there) {
        (Ok(here), Ok(there)) => {
            if ordered {
                assert_eq!(here, there, "{}", request.text);
            } else {
                assert_eq!(unordered(&here), unordered(&there), "{}", request.text);
            }
            there
        }
        (Err(here), Err(there)) => panic!(
            "{}: failed both ways ({here} / {there}); `same` is for answers",
            request.text
        ),
        (here, there) => panic!("{}: {here:?} in-process, {there:?} forked", request.text),
    }
}

fn error_of(store: &ArgStore, request: &QueryRequest) -> String {
    let here = in_process(store, request).expect_err("fails in-process");
    let there = forked(store, request).expect_err("fails forked");
    assert_eq!(here.to_string(), there.to_string(), "{}", request.text);
    there.to_string()
}

#[test]
fn forked_answers_are_the_in_process_answers() {
    let store = ArgStore::with_bundled().unwrap();
    let library = Library::load(store.prefixes(), &[]).unwrap();
    let (mut here_time, mut there_time) = (Duration::ZERO, Duration::ZERO);
    let mut rows = 0;
    for named in library.iter() {
        let arguments: Vec<String> = named
            .examples
            .first()
            .map(|example| {
                example
                    .split_whitespace()
                    .skip(3)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut request = named.bind(&arguments, store.prefixes()).unwrap();
        request.max_rows = BUDGET.max_rows;
        let started = Instant::now();
        let _ = in_process(&store, &request);
        here_time += started.elapsed();
        let started = Instant::now();
        let _ = forked(&store, &request);
        there_time += started.elapsed();
        rows += same(&store, &request, false).len();
    }
    assert!(rows > 100, "the named queries answered only {rows} rows");
    println!(
        "{} named queries: {here_time:?} in-process, {there_time:?} forked",
        library.len()
    );

    // The store's own blank nodes (quotes), in a SELECT (totally ordered: in order) and in a
    // graph.
    let quotes = same(
        &store,
        &QueryRequest::new(
            "SELECT ?q ?p ?o { ?q ?p ?o FILTER isBlank(?q) } ORDER BY DESC(STR(?o)) ?p STR(?q) LIMIT 500",
        ),
        true,
    );
    assert!(quotes.len() > 10, "{quotes:?}");
    let graph = same(
        &store,
        &QueryRequest::new("CONSTRUCT { ?q ?p ?o } { ?q ?p ?o FILTER isBlank(?q) } LIMIT 300"),
        false,
    );
    assert!(
        matches!(&graph, QueryOutcome::Graph(t) if t.len() == 300),
        "{graph:?}"
    );
    same(
        &store,
        &QueryRequest::new("DESCRIBE ofw:c-citizens-should-back-deterrence"),
        false,
    );
    // Types, languages, unbound values, SELECT * column order.
    same(
        &store,
        &QueryRequest::new(
            "SELECT * { VALUES (?z ?a ?m) { (1 \"x\"@en UNDEF) (1.50 UNDEF \"2024\"^^xsd:gYear) (true <https://e.org/n> 2e3) } }",
        ),
        true,
    );
    same(&store, &QueryRequest::new("ASK { ?s a aif:I-node }"), true);
    same(
        &store,
        &QueryRequest::new("ASK { ?s a <https://e.org/none> }"),
        true,
    );

    // The row cap, an evaluation error and a syntax error say the same both ways.
    let mut capped = QueryRequest::new("SELECT * { ?s ?p ?o }");
    capped.max_rows = Some(7);
    assert!(error_of(&store, &capped).contains("more than 7 rows"));
    let refused = error_of(
        &store,
        &QueryRequest::new("SELECT * { SERVICE <https://e.org/sparql> { ?s ?p ?o } }"),
    );
    assert!(refused.contains("refused"), "{refused}");
    let syntax = error_of(&store, &QueryRequest::new("SELECT ?x {\n  ?x ?y \n}}"));
    assert!(syntax.contains("line 3"), "{syntax}");
}
