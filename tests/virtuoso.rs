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
        // Not `quote`: Virtuoso gives a computed boolean as 0 where the answer is `false`
        // (open: needs a rewrite or a refusal like the paths').
    ] {
        let args = [vec!["run"], args, vec!["--format", "tsv"]].concat();
        let here = ok(&args);
        assert!(here.lines().count() > 1, "{args:?} has rows locally");
        let there = ok(&[args.as_slice(), &["--endpoint", endpoint]].concat());
        assert_eq!(sorted_rows(&there), sorted_rows(&here), "{args:?}");
    }

    // Not `check`: Virtuoso labels blank nodes `nodeID://b…` in its results, which argmap's
    // results parser rejects, so copying its graphs stops with that error (open).

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
