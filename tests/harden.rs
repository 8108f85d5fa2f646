//! Hostile and careless input: nesting that would overflow a parser, queries that would take
//! the machine. Each must end with a located error or a budget message, never a crash.

mod common;

use common::{piped, run, stderr, stdout};
use std::fs;

/// Burns CPU on data already read: a three-way cross join under a FILTER.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i \
     FILTER (STRLEN(CONCAT(STR(?a), STR(?e), STR(?i))) < 0) }";

/// Exited by itself with this code (not killed by a signal such as SIGABRT on overflow).
fn assert_exit(output: &std::process::Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", stderr(output));
}

fn deep_query() -> String {
    format!("SELECT * {}{}", "{".repeat(5000), "}".repeat(5000))
}

#[test]
fn deep_nesting_in_sparql_is_a_located_error_everywhere() {
    let query = deep_query();
    let output = run(&["query", &query]);
    assert_exit(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains("syntax error at line 1, column 138: nested more than 128 levels"),
        "{message}"
    );

    let store = tempfile::tempdir().unwrap();
    let update = format!("INSERT DATA {{ GRAPH <urn:g> {}", "{".repeat(5000));
    let output = run(&["update", &update, "--store", store.path().to_str().unwrap()]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("nested more than 128 levels"));

    // In a script the next statement still runs.
    let output = piped(&[], &format!("{query};\nASK {{ }}\n"));
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("nested more than 128 levels"));
    assert!(stdout(&output).contains("true"), "{}", stdout(&output));
}

#[test]
fn deep_nesting_in_rdf_files_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let jsonld = dir.path().join("deep.jsonld");
    fs::write(
        &jsonld,
        format!(
            "{{\"@id\": \"urn:a\", \"urn:p\": {}{}}}",
            "[".repeat(20_000),
            "]".repeat(20_000)
        ),
    )
    .unwrap();
    let turtle = dir.path().join("deep.ttl");
    fs::write(
        &turtle,
        format!(
            "<urn:a> <urn:p>\n  {} .\n",
            "( ".repeat(20_000) + &") ".repeat(20_000)
        ),
    )
    .unwrap();
    for (file, at) in [(&jsonld, ":1:126:"), (&turtle, ":2:203:")] {
        let output = run(&["query", "ASK {}", "--data", file.to_str().unwrap()]);
        assert_exit(&output, 1);
        let message = stderr(&output);
        assert!(
            message.contains(&format!(
                "{}{at} nested more than 100 levels",
                file.display()
            )),
            "{message}"
        );
    }
}

#[test]
fn a_query_past_its_time_budget_ends_with_a_message() {
    let output = run(&["query", ENDLESS, "--timeout", "0.5"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("query stopped after 500.0 ms (the time budget"),
        "{}",
        stderr(&output)
    );
    // A script goes on with the next statement.
    let output = piped(&["--timeout", "0.5"], &format!("{ENDLESS};\nASK {{ }};\n"));
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("statement 1: query stopped after"));
    assert!(stdout(&output).contains("true"), "{}", stdout(&output));
}

#[test]
fn a_query_past_its_memory_budget_ends_with_a_message() {
    let output = run(&[
        "query",
        "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a",
        "--max-memory",
        "100",
        "--max-rows",
        "0",
    ]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("used more than 100 MB of memory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_answer_past_the_row_budget_is_refused() {
    let output = run(&["query", "SELECT * { ?s ?p ?o }", "--max-rows", "10"]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("the answer has more than 10 rows"));
    let output = run(&[
        "query",
        "SELECT * { ?s ?p ?o } LIMIT 10",
        "--max-rows",
        "10",
    ]);
    assert_exit(&output, 0);
}
