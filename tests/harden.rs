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

/// A misspelt keyword is a syntax error in the parser's words, at its position, with the
/// keyword meant; never "this is a SPARQL update" (the `LOAD` in "Download" fooled argmap).
#[test]
fn a_misspelt_keyword_gets_the_parsers_message_and_the_keyword_meant() {
    let output = run(&["query", "SELCT ?x { ?x rdfs:label \"Download\" }"]);
    assert_exit(&output, 1);
    let message = stderr(&output);
    assert!(
        message.contains("syntax error at line 1, column "),
        "{message}"
    );
    assert!(message.contains("did you mean SELECT"), "{message}");
    assert!(!message.contains("update"), "{message}");
    // Further in, at the word the parser stopped on.
    let output = run(&["query", "SELECT ?x WHRE { ?x ?p ?o }"]);
    let message = stderr(&output);
    assert!(message.contains("did you mean WHERE"), "{message}");
    // An update is still told apart, and a broken update gets the update parser's message.
    let output = run(&["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"]);
    assert!(stderr(&output).contains("this is a SPARQL update"));
    let output = run(&["query", "INSERT DATA { <urn:a> <urn:b> }"]);
    let message = stderr(&output);
    assert!(message.contains("syntax error at line 1"), "{message}");
    assert!(!message.contains("this is a SPARQL update"), "{message}");
}

/// A parameter naming a node that does not exist says so and names the nearest that do.
#[test]
fn a_misspelt_node_in_a_parameter_is_named_with_the_nearest() {
    let output = run(&["run", "support-tree", "claim=ofw:c-no-such"]);
    assert_exit(&output, 2);
    let message = stderr(&output);
    assert!(
        message.contains("parameter claim: no node ofw:c-no-such exists in the loaded graphs"),
        "{message}"
    );
    assert!(message.contains("ofw:c-"), "no suggestion: {message}");
    // One letter off: that claim is among the suggestions.
    let output = run(&["run", "support-tree", "claim=ofw:c-risk-of-spirl"]);
    assert_exit(&output, 2);
    let message = stderr(&output);
    assert!(message.contains("ofw:c-risk-of-spiral"), "{message}");
    // In the shell too, and the script goes on.
    let output = piped(&[], ".run support-tree claim=ofw:c-risk-of-spirl\nASK {}\n");
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("ofw:c-risk-of-spiral"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "true\n");
    // A node that exists still runs.
    assert_exit(
        &run(&["run", "support-tree", "claim=ofw:c-risk-of-spiral"]),
        0,
    );
}

/// RDF/XML errors carry `file:line:col` like every other format.
#[test]
fn rdfxml_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.rdf");
    fs::write(
        &file,
        "<?xml version=\"1.0\"?>\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20 <rdf:Description rdf:about=\"https://example.org/a\">\n\
         \x20 </rdf:Descriptio>\n\
         </rdf:RDF>\n",
    )
    .unwrap();
    let output = run(&["query", "--data", file.to_str().unwrap(), "ASK {}"]);
    assert_exit(&output, 1);
    let message = stderr(&output);
    let located = format!("{}:4:3:", file.display());
    assert!(message.contains(&located), "{message}");
    assert!(message.contains("4 |   </rdf:Descriptio>"), "{message}");
}

/// `SELECT *` shows its columns in the order the query names its variables.
#[test]
fn select_star_keeps_the_order_of_the_query() {
    let query = "SELECT * { ?zeta arg:supports ?alpha . ?alpha aif:claimText ?middle } LIMIT 1";
    let output = run(&["query", query, "--format", "tsv"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert_eq!(out.lines().next(), Some("?zeta\t?alpha\t?middle"), "{out}");
    let output = piped(&[], &format!(".format csv\n{query};\n"));
    assert_exit(&output, 0);
    assert_eq!(stdout(&output).lines().next(), Some("zeta,alpha,middle"));
    // An explicit projection keeps its own order.
    let output = run(&[
        "query",
        "SELECT ?middle ?zeta { ?zeta aif:claimText ?middle } LIMIT 1",
        "--format",
        "tsv",
    ]);
    assert_eq!(stdout(&output).lines().next(), Some("?middle\t?zeta"));
}

/// A writer finds the store busy: without `--wait` it says so (and how to wait); with
/// `--wait SECONDS` it waits for the holder to finish, then writes.
#[test]
fn a_writer_waits_for_the_store_with_wait() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store_arg = store.to_str().unwrap();
    let insert = "INSERT DATA { GRAPH <https://example.org/w> { <https://example.org/a> <https://example.org/b> 1 } }";
    assert_exit(&run(&["update", insert, "--store", store_arg]), 0);
    // Another process holds the lock (as a writer at work does).
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(store.join("argmap.lock"))
        .unwrap();
    lock.lock().unwrap();
    let output = run(&["update", insert, "--store", store_arg]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("is in use by another argmap process"));
    assert!(
        stderr(&output).contains("--wait SECONDS"),
        "{}",
        stderr(&output)
    );
    let mut waiting = common::argmap()
        .args(["update", insert, "--store", store_arg, "--wait", "120"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // It is still waiting while the lock is held...
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(waiting.try_wait().unwrap().is_none(), "it did not wait");
    // ...and writes once it is released.
    lock.unlock().unwrap();
    let output = waiting.wait_with_output().unwrap();
    assert_exit(&output, 0);
    assert!(stderr(&output).contains("saved to"), "{}", stderr(&output));
    // A wrong number of seconds is a usage error.
    assert_exit(
        &run(&["update", insert, "--store", store_arg, "--wait", "-1"]),
        2,
    );
}
