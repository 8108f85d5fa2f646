//! `--endpoint`: `argmap push` moves the session to a SPARQL server, and `query`, `run`,
//! `check`, `.tree` and the shell answer there exactly as they do locally. The server is a real
//! `argmap serve` on loopback, which holds the bundled graphs itself (Virtuoso, which holds
//! nothing, is in `tests/virtuoso.rs`).

mod common;

use common::server::Served;
use common::{check_findings as findings, ok, run, sorted_lines as sorted_rows, stderr, stdout};

/// The reader's critique every session of these tests adds to the bundled map.
fn critique() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/endpoint/critique.ttl"
    )
    .to_owned()
}

/// `argmap --data critique.ttl ARGS`: the local side of every comparison.
fn local(args: &[&str]) -> String {
    let critique = critique();
    let mut with = vec!["--data", critique.as_str()];
    with.extend(args);
    ok(&with)
}

/// `ARGS --endpoint ENDPOINT`.
fn remote(endpoint: &str, args: &[&str]) -> String {
    let mut with = args.to_vec();
    with.extend(["--endpoint", endpoint]);
    ok(&with)
}

fn push(endpoint: &str) -> std::process::Output {
    let critique = critique();
    run(&["push", "--data", &critique, "--endpoint", endpoint])
}

#[test]
fn push_to_an_argmap_server_sends_only_what_it_does_not_hold() {
    let refused = |args: &[&str], serve_args: &[&str], why: &str| {
        let server = Served::start(args, serve_args);
        let refused = push(&format!("{}/sparql", server.base));
        assert!(!refused.status.success());
        assert!(stderr(&refused).contains(why), "{}", stderr(&refused));
    };
    refused(&[], &[], "--allow-update");
    // A server without the bundled graphs cannot be given them (they are reserved there).
    refused(
        &["--no-bundled"],
        &["--allow-update"],
        "without --no-bundled",
    );

    let served = Served::start(&[], &["--allow-update"]);
    let endpoint = format!("{}/sparql", served.base);
    let pushed = push(&endpoint);
    let said = stderr(&pushed);
    assert!(pushed.status.success(), "{said}");
    assert!(said.contains("critique.ttl>"), "{said}");
    assert!(
        said.contains("kept <https://w3id.org/argmap/graph/derived>: an argmap server derives"),
        "{said}"
    );
    assert!(
        said.contains("in 1 graphs to"),
        "only the critique is sent: {said}"
    );

    // The server derived the critique's shortcut itself.
    let support = "SELECT ?p { ?p arg:supports ofw:c-citizens-should-back-deterrence } ORDER BY ?p";
    let here = local(&["query", support, "--format", "tsv"]);
    assert!(here.contains("c-deterrence-is-cheaper"), "{here}");
    assert_eq!(
        remote(&endpoint, &["query", support, "--format", "tsv"]),
        here
    );

    let count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }";
    assert_eq!(
        remote(&endpoint, &["query", count, "--format", "tsv"]),
        local(&["query", count, "--format", "tsv"]),
    );
    // Every named query without parameters, and those with, gives the same rows.
    let claim = "claim=ofw:c-citizens-should-back-deterrence";
    for args in [
        vec!["main-conclusions"],
        vec!["most-contested"],
        vec!["analogies"],
        vec!["counterpoints", claim],
        vec!["support-tree", claim],
        vec!["quote", claim],
    ] {
        let mut args = [vec!["run"], args].concat();
        args.extend(["--format", "tsv"]);
        let here = local(&args);
        assert!(here.lines().count() > 1, "{args:?} has rows locally");
        assert_eq!(
            sorted_rows(&remote(&endpoint, &args)),
            sorted_rows(&here),
            "{args:?}"
        );
    }
    // A CONSTRUCT comes back as triples; --endpoint-graph narrows the default graph.
    let author = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author";
    let narrowed = remote(
        &endpoint,
        &[
            "query",
            "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
            "--format",
            "tsv",
            "--endpoint-graph",
            author,
        ],
    );
    let in_graph = local(&[
        "query",
        &format!("SELECT (COUNT(*) AS ?n) {{ GRAPH <{author}> {{ ?s ?p ?o }} }}"),
        "--format",
        "tsv",
    ]);
    assert_eq!(narrowed, in_graph);
    let construct = "CONSTRUCT { ?a arg:supports ?b } WHERE { ?a arg:supports ?b }";
    assert_eq!(
        sorted_rows(&remote(
            &endpoint,
            &["query", construct, "--format", "ntriples"]
        )),
        sorted_rows(&local(&["query", construct, "--format", "ntriples"])),
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

    // check, .tree and the shell answer there as here.
    assert_eq!(
        findings(&remote(&endpoint, &["check", "--format", "json"])),
        findings(&local(&["check", "--format", "json"])),
    );
    // Narrowed to the critique alone, its inference points at a claim outside it: an error.
    let critique_graph = format!("file://{}", critique());
    let narrowed = run(&[
        "check",
        "--format",
        "json",
        "--endpoint-graph",
        &critique_graph,
        "--endpoint",
        &endpoint,
    ]);
    assert!(!narrowed.status.success());
    let narrowed = findings(&stdout(&narrowed));
    assert!(
        !narrowed.is_empty()
            && narrowed.iter().all(|f| f.contains("critique"))
            && narrowed
                .iter()
                .any(|f| f.contains("\"severity\":\"error\"")),
        "{narrowed:?}"
    );
    let script = ".tree ofw:c-citizens-should-back-deterrence\n\
                  SELECT (COUNT(*) AS ?n) { ?c arg:supports ?d }\n\
                  .run counterpoints claim=ofw:c-citizens-should-back-deterrence\n";
    let critique = critique();
    let here = common::piped(&["--data", &critique], script);
    let there = common::piped(&["--endpoint", &endpoint], script);
    assert!(there.status.success(), "{}", stderr(&there));
    assert!(
        stdout(&here).contains("c-deterrence-is-cheaper"),
        "{}",
        stdout(&here)
    );
    assert_eq!(stdout(&there), stdout(&here));
    // eval reads the map through the endpoint and answers as here, labels not written there.
    for args in [
        vec!["eval"],
        vec!["eval", "--semantics", "preferred"],
        vec!["eval", "--compare"],
        vec!["eval", "--explain", "ofw:c-citizens-should-back-deterrence"],
    ] {
        let here = local(&args);
        assert!(here.lines().count() > 2, "{args:?}: {here}");
        let there = run(&[args.as_slice(), &["--endpoint", &endpoint]].concat());
        assert!(there.status.success(), "{args:?}: {}", stderr(&there));
        assert_eq!(stdout(&there), here, "{args:?}");
    }
    let evaluated = run(&["eval", "--endpoint", &endpoint]);
    assert!(
        stderr(&evaluated).contains("labels not written"),
        "{}",
        stderr(&evaluated)
    );
    let labels = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } \
                  FILTER(STRSTARTS(STR(?g), \"https://w3id.org/argmap/graph/eval/\")) }";
    assert!(
        remote(&endpoint, &["query", labels, "--format", "tsv"]).contains("\n0"),
        "no labels on the server"
    );

    // What reads the embedded store itself says so.
    let graphs = common::piped(&["--endpoint", &endpoint], ".graphs\n");
    assert!(!graphs.status.success());
    assert!(
        stderr(&graphs).contains(".graphs works on the embedded store"),
        "{}",
        stderr(&graphs)
    );
}
