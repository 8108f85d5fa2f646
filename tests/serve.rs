//! `argmap serve` over real loopback HTTP: the real binary, the SPARQL 1.1 Protocol, every
//! format read back with oxigraph's parsers, limits, updates and many clients at once.

mod common;

use common::server::{Served, encode};
use oxhttp::model::Method;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const AUTHOR: &str = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author";
const CLAIMS: &str = "SELECT ?c ?t WHERE { ?c a aif:I-node ; aif:claimText ?t } ORDER BY ?c";

/// The rows of a results document, each row's values in order.
fn rows(format: QueryResultsFormat, body: &[u8]) -> Vec<Vec<Option<Term>>> {
    let parsed = QueryResultsParser::from_format(format)
        .for_slice(body)
        .unwrap_or_else(|e| panic!("{format:?} does not parse: {e}"));
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        panic!("{format:?}: a boolean where solutions were expected");
    };
    solutions
        .map(|s| s.expect("a valid solution").values().to_vec())
        .collect()
}

fn boolean(format: QueryResultsFormat, body: &[u8]) -> bool {
    match QueryResultsParser::from_format(format).for_slice(body) {
        Ok(SliceQueryResultsParserOutput::Boolean(value)) => value,
        other => panic!("{format:?}: not a boolean: {:?}", other.is_ok()),
    }
}

fn triples(format: RdfFormat, body: &[u8]) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(body)
        .map(|q| {
            let quad = q.unwrap_or_else(|e| panic!("{format:?} does not parse: {e}"));
            Triple::from(quad).to_string()
        })
        .collect()
}

fn count(served: &Served, query: &str) -> usize {
    let reply = served.query(query, "application/sparql-results+json");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let rows = rows(QueryResultsFormat::Json, &reply.body);
    match rows.first().and_then(|r| r.first()).cloned().flatten() {
        Some(Term::Literal(n)) => n.value().parse().expect("a count"),
        other => panic!("no count in {other:?}"),
    }
}

#[test]
fn every_format_parses_back_and_agrees() {
    let served = Served::start(&[], &[]);
    let claims = count(
        &served,
        "SELECT (COUNT(*) AS ?n) { ?c a aif:I-node ; aif:claimText ?t }",
    );
    assert!(claims > 10, "the bundled map has claims: {claims}");

    let mut answers = Vec::new();
    for (accept, format) in [
        ("application/sparql-results+json", QueryResultsFormat::Json),
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ] {
        let reply = served.query(CLAIMS, accept);
        assert_eq!(reply.status, 200, "{accept}: {}", reply.text());
        assert!(
            reply.content_type.starts_with(accept),
            "{}",
            reply.content_type
        );
        answers.push(rows(format, &reply.body));
    }
    assert_eq!(answers[0].len(), claims);
    assert!(
        answers.iter().all(|a| *a == answers[0]),
        "JSON, XML and TSV disagree"
    );
    // CSV is lossy by design (no term kinds): compare the values.
    let csv = served.query(CLAIMS, "text/csv");
    assert!(csv.content_type.starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_slice());
    let read: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect();
    let expected: Vec<Vec<String>> = answers[0]
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| match v {
                    Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(read, expected);

    for (accept, format) in [
        ("application/sparql-results+json", QueryResultsFormat::Json),
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ] {
        let yes = served.query("ASK { ?x arg:supports ?y }", accept);
        assert!(boolean(format, &yes.body), "{accept}");
        let no = served.query("ASK { ?x arg:supports ?x }", accept);
        assert!(!boolean(format, &no.body), "{accept}");
    }

    let construct = format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{AUTHOR}> {{ ?s ?p ?o }} }}");
    let in_graph = count(
        &served,
        &format!("SELECT (COUNT(*) AS ?n) {{ GRAPH <{AUTHOR}> {{ ?s ?p ?o }} }}"),
    );
    let mut graphs = Vec::new();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/trig", RdfFormat::TriG),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
        ("application/rdf+xml", RdfFormat::RdfXml),
    ] {
        let reply = served.query(&construct, accept);
        assert_eq!(reply.status, 200, "{accept}: {}", reply.text());
        assert!(
            reply.content_type.starts_with(accept),
            "{}",
            reply.content_type
        );
        graphs.push((accept, triples(format, &reply.body)));
    }
    for (accept, graph) in &graphs {
        assert_eq!(graph.len(), in_graph, "{accept}");
        assert_eq!(*graph, graphs[0].1, "{accept} differs from Turtle");
    }

    // The Graph Store Protocol gives the same graph.
    let store = served.get(
        &format!("/store?{}", encode(&[("graph", AUTHOR)])),
        "application/n-triples",
    );
    assert_eq!(store.status, 200, "{}", store.text());
    assert_eq!(triples(RdfFormat::NTriples, &store.body), graphs[0].1);
    // ?default is the union of the graphs, as queries see it.
    let union = served.get("/store?default", "application/n-triples");
    let all = count(
        &served,
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
    );
    assert_eq!(triples(RdfFormat::NTriples, &union.body).len(), all);

    // The service description, in Turtle, names the endpoint and the graphs.
    let description = served.get("/sparql", "text/turtle");
    assert_eq!(description.status, 200);
    let sd = triples(RdfFormat::Turtle, &description.body);
    let endpoint = format!("<{}/sparql>", served.base);
    assert!(
        sd.iter()
            .any(|t| t.starts_with(&endpoint) && t.contains("sparql-service-description#endpoint")),
        "{sd:?}"
    );
    assert!(
        sd.iter().any(|t| t.contains(&format!("<{AUTHOR}>"))),
        "the author graph is not described"
    );
    assert!(
        !sd.iter().any(|t| t.contains("SPARQL11Update")),
        "a read-only server offers updates"
    );
    // One line per request: method, path, status, bytes, time.
    let log = served.log();
    assert!(
        log.iter()
            .any(|l| l.starts_with("GET /store 200 ") && l.ends_with(" ms")),
        "{log:?}"
    );
}

#[test]
fn post_forms_and_the_protocol_dataset() {
    let served = Served::start(&[], &[]);
    let text = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }";
    let direct = served.post(
        "/sparql",
        "application/sparql-query",
        text,
        "text/tab-separated-values",
    );
    let form = served.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        &encode(&[("query", text)]),
        "text/tab-separated-values",
    );
    assert_eq!(direct.status, 200, "{}", direct.text());
    assert_eq!(direct.text(), form.text());

    // default-graph-uri narrows the default graph to the named graph.
    let in_graph = count(
        &served,
        &format!("SELECT (COUNT(*) AS ?n) {{ GRAPH <{AUTHOR}> {{ ?s ?p ?o }} }}"),
    );
    let narrowed = served.get(
        &format!(
            "/sparql?{}",
            encode(&[("query", text), ("default-graph-uri", AUTHOR)])
        ),
        "application/sparql-results+json",
    );
    let narrowed = rows(QueryResultsFormat::Json, &narrowed.body);
    assert_eq!(
        narrowed[0][0].as_ref().map(ToString::to_string),
        Some(format!(
            "\"{in_graph}\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        ))
    );
    // named-graph-uri limits what GRAPH ?g sees.
    let graphs = served.get(
        &format!(
            "/sparql?{}",
            encode(&[
                ("query", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"),
                ("named-graph-uri", AUTHOR)
            ])
        ),
        "application/sparql-results+json",
    );
    let graphs = rows(QueryResultsFormat::Json, &graphs.body);
    assert_eq!(graphs.len(), 1);
    assert_eq!(
        graphs[0][0].as_ref().map(ToString::to_string),
        Some(format!("<{AUTHOR}>"))
    );
}

#[test]
fn errors_are_precise() {
    let served = Served::start(&[], &[]);
    let syntax = served.query(
        "SELECT ?s\nWHERE { ?s ?p }",
        "application/sparql-results+json",
    );
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.text().contains("syntax error at line 2, column"),
        "{}",
        syntax.text()
    );
    let refused = served.query(
        "SELECT * { SERVICE <http://example.com/sparql> { ?s ?p ?o } }",
        "*/*",
    );
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert!(refused.text().contains("refused"), "{}", refused.text());
    let not_acceptable = served.query(CLAIMS, "image/png");
    assert_eq!(not_acceptable.status, 406);
    assert!(
        not_acceptable
            .text()
            .contains("application/sparql-results+json"),
        "{}",
        not_acceptable.text()
    );
    let graph_as_results = served.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
        "text/csv",
    );
    assert_eq!(graph_as_results.status, 406, "{}", graph_as_results.text());
    let unsupported = served.post("/sparql", "text/plain", CLAIMS, "*/*");
    assert_eq!(unsupported.status, 415);
    let put = served.request(Method::PUT, "/sparql", &[], Vec::new());
    assert_eq!(put.status, 405);
    let no_graph = served.get(
        &format!(
            "/store?{}",
            encode(&[("graph", "https://example.org/none")])
        ),
        "*/*",
    );
    assert_eq!(no_graph.status, 404);
    assert_eq!(served.get("/nowhere", "*/*").status, 404);
    let unknown = served.get("/api/run/no-such-query", "*/*");
    assert_eq!(unknown.status, 404);
    let missing = served.get("/api/run/support-tree", "*/*");
    assert_eq!(missing.status, 400);
    assert!(
        missing.text().contains("missing parameter claim"),
        "{}",
        missing.text()
    );
    // The server kept serving through all of it.
    assert_eq!(served.query("ASK {}", "*/*").status, 200);
}

const INSERT: &str = "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:comment \"read\" } }";
const NOTES: &str = "SELECT (COUNT(*) AS ?n) { GRAPH <https://example.org/notes> { ?s ?p ?o } }";

#[test]
fn updates_are_refused_unless_allowed() {
    let read_only = Served::start(&[], &[]);
    let refused = read_only.post("/sparql", "application/sparql-update", INSERT, "*/*");
    assert_eq!(refused.status, 403);
    assert!(
        refused.text().contains("--allow-update"),
        "{}",
        refused.text()
    );
    let form = read_only.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        &encode(&[("update", INSERT)]),
        "*/*",
    );
    assert_eq!(form.status, 403);
    assert_eq!(count(&read_only, NOTES), 0);

    let writable = Served::start(&[], &["--allow-update"]);
    let sd = writable.get("/sparql", "application/n-triples").text();
    assert!(sd.contains("SPARQL11Update"), "{sd}");
    let done = writable.post("/sparql", "application/sparql-update", INSERT, "*/*");
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(count(&writable, NOTES), 1);
    let form = writable.post(
        "/sparql",
        "application/x-www-form-urlencoded",
        &encode(&[("update", "DELETE DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:comment \"read\" } }")]),
        "*/*",
    );
    assert_eq!(form.status, 200, "{}", form.text());
    assert_eq!(count(&writable, NOTES), 0);
    // Bundled graphs stay read-only even then.
    let protected = writable.post(
        "/sparql",
        "application/sparql-update",
        &format!("DELETE WHERE {{ GRAPH <{AUTHOR}> {{ ?s ?p ?o }} }}"),
        "*/*",
    );
    assert_eq!(protected.status, 403, "{}", protected.text());
    assert!(
        protected.text().contains("read-only"),
        "{}",
        protected.text()
    );
    let syntax = writable.post(
        "/sparql",
        "application/sparql-update",
        "INSERT DATA {",
        "*/*",
    );
    assert_eq!(syntax.status, 400, "{}", syntax.text());
}

#[test]
fn a_slow_query_times_out_is_stopped_and_the_server_keeps_serving() {
    let served = Served::start(&[], &["--timeout", "1"]);
    let started = Instant::now();
    // A long chain of joins: tens of seconds of work, reading data all along.
    let slow = served.query(
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?c ?e ?f . ?f ?h ?i . ?i ?j ?k . ?k ?l ?m . ?m ?n ?o }",
        "application/sparql-results+json",
    );
    let took = started.elapsed();
    assert_eq!(slow.status, 503, "{}", slow.text());
    assert!(slow.text().contains("--timeout"), "{}", slow.text());
    assert!(took < Duration::from_secs(10), "the timeout took {took:?}");
    // The evaluation itself stops, not only the wait for it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while served.query_workers() > 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(served.query_workers(), 0, "the timed-out query still runs");
    assert!(count(&served, "SELECT (COUNT(*) AS ?n) { ?c a aif:I-node }") > 0);

    let small = Served::start(&[], &["--max-result-bytes", "20000"]);
    let huge = small.query("SELECT * { ?s ?p ?o }", "application/sparql-results+json");
    assert_eq!(huge.status, 500, "{}", huge.text());
    assert!(
        huge.text().contains("--max-result-bytes"),
        "{}",
        huge.text()
    );
    assert_eq!(small.query("ASK { ?s ?p ?o }", "*/*").status, 200);
}

#[test]
fn two_hundred_clients_at_once_lose_nothing() {
    let served = Arc::new(Served::start(&[], &[]));
    let expected = count(&served, "SELECT (COUNT(*) AS ?n) { ?c a aif:I-node }");
    let answered = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let until = Instant::now() + Duration::from_secs(4);
    let clients: Vec<_> = (0..200)
        .map(|client| {
            let served = Arc::clone(&served);
            let answered = Arc::clone(&answered);
            let failures = Arc::clone(&failures);
            thread::spawn(move || {
                let mut round = 0;
                while Instant::now() < until || round == 0 {
                    // Each answer carries its client and round: a mixed-up answer shows.
                    let tag = client * 100_000 + round;
                    let query = format!(
                        "SELECT ?tag (COUNT(?c) AS ?n) {{ ?c a aif:I-node }} GROUP BY ?tag VALUES ?tag {{ {tag} }}"
                    );
                    let reply = served.query(&query, "text/tab-separated-values");
                    let want = format!("{tag}\t{expected}");
                    if reply.status != 200 || !reply.text().contains(&want) {
                        failures.lock().unwrap().push(format!("{tag}: {} {}", reply.status, reply.text()));
                    } else {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    round += 1;
                }
                round
            })
        })
        .collect();
    let sent: usize = clients
        .into_iter()
        .map(|c| c.join().expect("a client thread"))
        .sum();
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    assert_eq!(answered.load(Ordering::Relaxed), sent);
    assert!(sent >= 200, "every client was answered at least once");
    eprintln!("{sent} answers to 200 clients");
}
