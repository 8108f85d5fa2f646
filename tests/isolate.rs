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

fn same(store: &ArgStore, request: &QueryRequest) -> QueryOutcome {
    let here = in_process(store, request);
    let there = forked(store, request);
    match (here, there) {
        (Ok(here), Ok(there)) => {
            assert_eq!(here, there, "{}", request.text);
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
        rows += same(&store, &request).len();
    }
    assert!(rows > 100, "the named queries answered only {rows} rows");
    println!(
        "{} named queries: {here_time:?} in-process, {there_time:?} forked",
        library.len()
    );

    // The store's own blank nodes (quotes), in a SELECT and in a graph, in the evaluator's order.
    let quotes = same(
        &store,
        &QueryRequest::new(
            "SELECT ?q ?p ?o { ?q ?p ?o FILTER isBlank(?q) } ORDER BY DESC(STR(?o)) LIMIT 500",
        ),
    );
    assert!(quotes.len() > 10, "{quotes:?}");
    let graph = same(
        &store,
        &QueryRequest::new("CONSTRUCT { ?q ?p ?o } { ?q ?p ?o FILTER isBlank(?q) } LIMIT 300"),
    );
    assert!(
        matches!(&graph, QueryOutcome::Graph(t) if t.len() == 300),
        "{graph:?}"
    );
    same(
        &store,
        &QueryRequest::new("DESCRIBE ofw:c-citizens-should-back-deterrence"),
    );
    // Types, languages, unbound values, SELECT * column order.
    same(
        &store,
        &QueryRequest::new(
            "SELECT * { VALUES (?z ?a ?m) { (1 \"x\"@en UNDEF) (1.50 UNDEF \"2024\"^^xsd:gYear) (true <https://e.org/n> 2e3) } }",
        ),
    );
    same(&store, &QueryRequest::new("ASK { ?s a aif:I-node }"));
    same(
        &store,
        &QueryRequest::new("ASK { ?s a <https://e.org/none> }"),
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
