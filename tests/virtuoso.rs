//! A real, different SPARQL engine: the bundled map pushed to OpenLink Virtuoso (Debian's
//! `virtuoso-opensource`, started here on loopback with a fresh database) answers argmap's named
//! queries as the embedded store does — and a query Virtuoso 7 would answer wrongly
//! (a transitive property path) is refused with a message, never answered.

mod common;

use common::virtuoso::Virtuoso;
use common::{ok, run, sorted_lines as sorted_rows, stderr, stdout};

#[test]
fn virtuoso_answers_the_pushed_map_as_the_embedded_store_or_refuses() {
    let virtuoso = Virtuoso::start();
    let endpoint = virtuoso.endpoint.as_str();

    // A generic server gets everything: the bundled graphs and the derived shortcuts too.
    let pushed = run(&["push", "--endpoint", endpoint]);
    let said = stderr(&pushed);
    assert!(pushed.status.success(), "{said}\n{}", virtuoso.log());
    assert!(!said.contains("kept <"), "{said}");
    assert!(
        said.contains("into <https://w3id.org/argmap/graph/derived>"),
        "{said}"
    );
    assert!(said.contains("ofwono-2024/author>"), "{said}");

    let count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } \
                 FILTER(STRSTARTS(STR(?g), \"https://w3id.org/argmap/\")) }";
    assert_eq!(
        ok(&["query", count, "--format", "tsv", "--endpoint", endpoint]),
        ok(&["query", count, "--format", "tsv"]),
        "Virtuoso holds every pushed triple"
    );
    let claim = "claim=ofw:c-citizens-should-back-deterrence";
    for args in [
        vec!["main-conclusions"],
        vec!["most-contested"],
        vec!["analogies"],
        vec!["hedged-claims"],
        vec!["reported-facts"],
        // Virtuoso gives the computed boolean ?unstated as the integer 0/1: read back as one.
        vec!["quote", claim],
        vec!["quote", "claim=ofw:c-nk-troops-deployed"],
    ] {
        let args = [vec!["run"], args, vec!["--format", "tsv"]].concat();
        let here = ok(&args);
        assert!(here.lines().count() > 1, "{args:?} has rows locally");
        let there = ok(&[args.as_slice(), &["--endpoint", endpoint]].concat());
        assert_eq!(sorted_rows(&there), sorted_rows(&here), "{args:?}");
    }

    // A computed boolean is a boolean, a stored one is written `true`/`false`.
    let booleans = "SELECT ?c (EXISTS { ?c arg:unstated true } AS ?u) ?v \
                    { ?c arg:unstated ?v } ORDER BY ?c LIMIT 3";
    let here = ok(&["query", booleans, "--format", "tsv"]);
    assert!(here.contains("true"), "{here}");
    assert_eq!(
        ok(&["query", booleans, "--format", "tsv", "--endpoint", endpoint]),
        here
    );

    // check and eval copy Virtuoso's graphs (blank nodes labelled `nodeID://b…` there, its
    // own system graphs left out) and answer as here.
    let checked = run(&["check", "--format", "json", "--endpoint", endpoint]);
    assert!(
        !stderr(&checked).contains("does not parse"),
        "{}",
        stderr(&checked)
    );
    assert_eq!(
        common::check_findings(&stdout(&checked)),
        common::check_findings(&ok(&["check", "--format", "json"])),
    );
    for args in [
        vec!["eval"],
        vec!["eval", "--compare"],
        vec!["eval", "--semantics", "stable"],
    ] {
        let here = ok(&args);
        let there = run(&[args.as_slice(), &["--endpoint", endpoint]].concat());
        assert!(there.status.success(), "{args:?}: {}", stderr(&there));
        assert_eq!(stdout(&there), here, "{args:?}");
    }

    // Transitive paths: refused, with the reason, and nothing printed as an answer.
    for args in [
        vec!["query", "SELECT ?p ?c { ?p arg:supports+ ?c }"],
        vec!["run", "support-tree", claim],
        vec!["run", "counterpoints", claim],
    ] {
        let refused = run(&[args.as_slice(), &["--endpoint", endpoint]].concat());
        assert!(!refused.status.success(), "{args:?}");
        assert_eq!(stdout(&refused), "", "{args:?}");
        assert!(
            stderr(&refused).contains("answers transitive property paths")
                && stderr(&refused).contains("Virtuoso 07."),
            "{args:?}: {}",
            stderr(&refused)
        );
    }
}

/// Counts and values of one graph on the endpoint.
fn graph_state(endpoint: &str, graph: &str) -> (String, String) {
    let count = format!("SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let versions = format!(
        "SELECT DISTINCT (STRBEFORE(STR(?o), \"-\") AS ?v) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    );
    (
        ok(&["query", &count, "--format", "tsv", "--endpoint", endpoint]),
        ok(&[
            "query",
            &versions,
            "--format",
            "tsv",
            "--endpoint",
            endpoint,
        ]),
    )
}

#[test]
fn a_push_that_dies_midway_leaves_each_graph_whole() {
    let virtuoso = Virtuoso::start();
    let endpoint = virtuoso.endpoint.as_str();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("big.nt");
    // More triples than one update carries: the graph goes through its staging graph.
    let write = |version: &str, n: usize| {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "<https://example.org/push/s{i}> <https://example.org/push/p> \"{version}-{i}\" .\n"
            ));
        }
        std::fs::write(&file, text).expect("the file is written");
    };
    let path = file.to_str().expect("UTF-8");
    let graph = format!("file://{path}");

    write("v1", 1000);
    let first = run(&["push", "--data", path, "--endpoint", endpoint]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = graph_state(endpoint, &graph);
    assert!(before.0.contains("1000"), "{before:?}");
    assert!(
        before.1.contains("v1") && !before.1.contains("v2"),
        "{before:?}"
    );

    // The second push dies after its first staging update (ARGMAP_FAILPOINT): the graph is as
    // the first push left it, the staging graph holds part of the new one.
    write("v2", 900);
    let died = common::argmap()
        .args(["push", "--data", path, "--endpoint", endpoint])
        .env(argmap::workspace::FAILPOINT_VAR, "push-interrupt")
        .output()
        .expect("argmap runs");
    assert!(!died.status.success(), "the push was interrupted");
    assert_eq!(
        graph_state(endpoint, &graph),
        before,
        "the graph is untouched"
    );
    let staging = argmap::endpoint::push::staging_graph(
        &oxigraph::model::NamedNode::new(&graph).expect("an IRI"),
    )
    .expect("a staging name");
    let staged = graph_state(endpoint, staging.as_str());
    assert!(staged.1.contains("v2"), "{staged:?}");

    // The next push puts the new graph in place whole, and no staging graph is left.
    let again = run(&["push", "--data", path, "--endpoint", endpoint]);
    assert!(again.status.success(), "{}", stderr(&again));
    let after = graph_state(endpoint, &graph);
    assert!(after.0.contains("900"), "{after:?}");
    assert!(
        after.1.contains("v2") && !after.1.contains("v1"),
        "{after:?}"
    );
    assert!(graph_state(endpoint, staging.as_str()).0.contains("\n0"));
}
