//! `--endpoint`: `argmap push` moves the session to a SPARQL server, and `query`/`run` answer
//! there exactly as they do locally. The server is a real `argmap serve` that starts empty.

mod common;

use common::server::Served;
use common::{run, stderr, stdout};

fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "argmap {}: {}",
        args.join(" "),
        stderr(&output)
    );
    stdout(&output)
}

/// TSV rows, sorted: the two sides may order unordered answers differently.
fn sorted_rows(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

#[test]
#[ignore = "an argmap server now refuses every reserved graph name (bundled, derived) whatever \
            its flags, so push to it has nothing to send; push must learn to skip graphs the \
            server holds itself (open)"]
fn a_pushed_corpus_answers_remotely_as_it_does_locally() {
    let read_only = Served::start(&["--no-bundled"], &[]);
    let refused = run(&["push", "--endpoint", &format!("{}/sparql", read_only.base)]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("--allow-update"),
        "{}",
        stderr(&refused)
    );

    let served = Served::start(&["--no-bundled"], &["--allow-update"]);
    let endpoint = format!("{}/sparql", served.base);
    let pushed = run(&["push", "--endpoint", &endpoint]);
    assert!(pushed.status.success(), "{}", stderr(&pushed));
    assert!(
        stderr(&pushed).contains("graph/derived"),
        "{}",
        stderr(&pushed)
    );

    let count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }";
    assert_eq!(
        ok(&["query", count, "--format", "tsv", "--endpoint", &endpoint]),
        ok(&["query", count, "--format", "tsv"]),
    );
    // Every named query without parameters, and one with, gives the same rows.
    let claim = "claim=ofw:c-citizens-should-back-deterrence";
    for args in [
        vec!["main-conclusions"],
        vec!["most-contested"],
        vec!["analogies"],
        vec!["counterpoints", claim],
        vec!["support-tree", claim],
        vec!["quote", claim],
    ] {
        let mut local = vec!["run"];
        local.extend(&args);
        local.extend(["--format", "tsv"]);
        let mut remote = local.clone();
        remote.extend(["--endpoint", &endpoint]);
        let here = ok(&local);
        assert!(here.lines().count() > 1, "{args:?} has rows locally");
        assert_eq!(sorted_rows(&ok(&remote)), sorted_rows(&here), "{args:?}");
    }
    // A CONSTRUCT comes back as triples; --endpoint-graph narrows the default graph.
    let author = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author";
    let narrowed = ok(&[
        "query",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "--format",
        "tsv",
        "--endpoint",
        &endpoint,
        "--endpoint-graph",
        author,
    ]);
    let in_graph = ok(&[
        "query",
        &format!("SELECT (COUNT(*) AS ?n) {{ GRAPH <{author}> {{ ?s ?p ?o }} }}"),
        "--format",
        "tsv",
    ]);
    assert_eq!(narrowed, in_graph);
    let construct = "CONSTRUCT { ?a arg:supports ?b } WHERE { ?a arg:supports ?b }";
    assert_eq!(
        sorted_rows(&ok(&[
            "query",
            construct,
            "--format",
            "ntriples",
            "--endpoint",
            &endpoint
        ])),
        sorted_rows(&ok(&["query", construct, "--format", "ntriples"])),
    );
    // A syntax error is found before anything is sent.
    let before = served.log().len();
    let broken = run(&["query", "SELECT ?x { ?x", "--endpoint", &endpoint]);
    assert!(
        stderr(&broken).contains("syntax error at line 1"),
        "{}",
        stderr(&broken)
    );
    assert_eq!(
        served.log().len(),
        before,
        "a broken query reached the server"
    );
}

#[test]
fn credentials_come_from_the_environment_only() {
    let output = common::argmap()
        .env("ARGMAP_ENDPOINT_USER", "me")
        .env_remove("ARGMAP_ENDPOINT_PASSWORD")
        .args(["query", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql"])
        .output()
        .expect("argmap runs");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("ARGMAP_ENDPOINT_PASSWORD"),
        "{}",
        stderr(&output)
    );
}
