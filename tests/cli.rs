//! The `argmap` binary on real files: formats, errors, exit codes, persistence and outputs.
//!
//! Stores here are N-Quads workspaces (`--backend nquads`, in every build, also where the
//! rocksdb feature makes RocksDB the default); tests/rocksdb.rs holds the RocksDB store's.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn argmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .args(args)
        .env_remove("ARGMAP_FAILPOINT")
        .output()
        .expect("the argmap binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// The file: URL argmap gives a file's graph.
fn graph_of(path: &Path) -> String {
    format!(
        "file://{}",
        fs::canonicalize(path).expect("fixture exists").display()
    )
}

/// Claim texts in CSV, sorted, from a session over `args`.
fn claim_texts(args: &[&str]) -> Vec<String> {
    let mut full = args.to_vec();
    full.extend([
        "query",
        "SELECT ?text { ?c aif:claimText ?text } ORDER BY ?text",
        "--format",
        "tsv",
    ]);
    let output = argmap(&full);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).lines().skip(1).map(str::to_owned).collect()
}

/// A new store holding the Turtle fixture, and its saved bytes.
fn store_with_turtle() -> (tempfile::TempDir, Vec<u8>) {
    let store = tempfile::tempdir().unwrap();
    let good = fixtures().join("formats/claims.ttl");
    let output = argmap(&[
        "--no-bundled",
        "load",
        path_str(&good),
        "--store",
        path_str(store.path()),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let saved = fs::read(store.path().join("dataset.nq")).unwrap();
    (store, saved)
}

#[test]
fn each_rdf_format_loads_into_its_own_named_graph() {
    let dir = fixtures().join("formats");
    let cases = [
        ("claims.ttl", "Stated in Turtle"),
        ("claims.nt", "Stated in N-Triples"),
        ("claims.trig", "Stated in TriG"),
        ("claims.nq", "Stated in N-Quads"),
        ("claims.rdf", "Stated in RDF/XML"),
        ("claims.jsonld", "Stated in JSON-LD"),
    ];
    for (file, text) in cases {
        let path = dir.join(file);
        let query = format!(
            "SELECT ?text {{ GRAPH <{}> {{ ?c aif:claimText ?text }} }}",
            graph_of(&path)
        );
        let output = argmap(&[
            "--no-bundled",
            "--data",
            path_str(&path),
            "query",
            &query,
            "--format",
            "tsv",
        ]);
        assert!(output.status.success(), "{file}: {}", stderr(&output));
        assert_eq!(
            stdout(&output),
            format!("?text\n\"{text}\"@en\n"),
            "{file} did not land in its own graph"
        );
    }
    // A folder loads every file, each in its own graph; TriG keeps its inner named graph.
    let output = argmap(&["--no-bundled", "--data", path_str(&dir), "graphs"]);
    let listing = stdout(&output);
    for (file, _) in cases {
        assert!(
            listing.contains(&format!("<{}>", graph_of(&dir.join(file)))),
            "{listing}"
        );
    }
    assert!(
        listing.contains("<http://example.org/fmt/inner-graph>"),
        "{listing}"
    );
}

#[test]
fn the_same_formats_load_into_a_store_and_stay_queryable() {
    let store = tempfile::tempdir().unwrap();
    let dir = fixtures().join("formats");
    let output = argmap(&[
        "--no-bundled",
        "load",
        path_str(&dir),
        "--store",
        path_str(store.path()),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        claim_texts(&["--no-bundled", "--store", path_str(store.path())]).len(),
        7,
        "six files plus the TriG inner graph"
    );
}

#[test]
fn broken_turtle_is_located_and_loads_nothing() {
    let (store, saved) = store_with_turtle();
    let bad = fixtures().join("bad/broken.ttl");
    let s = path_str(store.path());

    // The good file comes first: it must not be loaded either.
    let nt = fixtures().join("formats/claims.nt");
    let output = argmap(&[
        "--no-bundled",
        "load",
        path_str(&nt),
        path_str(&bad),
        "--store",
        s,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}:4:11:", bad.display())),
        "no file:line:col in {message}"
    );
    assert!(
        message.contains("4 | ex:d ex:e \"unterminated ."),
        "no snippet in {message}"
    );
    assert!(message.contains("  |           ^"), "no caret in {message}");
    assert_eq!(
        fs::read(store.path().join("dataset.nq")).unwrap(),
        saved,
        "the store changed"
    );
    assert_eq!(
        claim_texts(&["--no-bundled", "--store", s]),
        ["\"Stated in Turtle\"@en"]
    );

    // As --data, the same error, exit code 1.
    let output = argmap(&["--no-bundled", "--data", path_str(&bad), "graphs"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(":4:11:"));
}

#[test]
fn a_broken_query_shows_line_column_and_caret() {
    let output = argmap(&[
        "--no-bundled",
        "query",
        "SELECT ?claim\nWHERE { ?claim aif:claimText }",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("syntax error at line 2, column 30"),
        "{message}"
    );
    assert!(
        message.contains("2 | WHERE { ?claim aif:claimText }"),
        "{message}"
    );
    assert!(
        message.contains(&format!("  | {}^", " ".repeat(29))),
        "caret not under column 30: {message}"
    );
}

#[test]
fn unknown_format_and_missing_file_are_clear_and_change_nothing() {
    let (store, saved) = store_with_turtle();
    let s = path_str(store.path());

    let notes = fixtures().join("bad/notes.txt");
    let output = argmap(&["--no-bundled", "load", path_str(&notes), "--store", s]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("notes.txt"), "{message}");
    assert!(message.contains("cannot tell the RDF format"), "{message}");
    assert!(message.contains(".ttl .trig .nt .nq"), "{message}");

    let missing = store.path().join("no-such-map.ttl");
    let output = argmap(&["--no-bundled", "load", path_str(&missing), "--store", s]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no-such-map.ttl: no such file or folder"),
        "{}",
        stderr(&output)
    );

    assert_eq!(fs::read(store.path().join("dataset.nq")).unwrap(), saved);
}

#[test]
fn service_is_refused_without_touching_the_network() {
    let output = argmap(&[
        "--no-bundled",
        "query",
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("SERVICE <https://query.wikidata.org/sparql> refused"),
        "{message}"
    );
    // In an update too, and the store is left alone.
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    let output = argmap(&[
        "--no-bundled",
        "update",
        "INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "--store",
        s,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("refused"), "{}", stderr(&output));
    assert!(!store.path().join("dataset.nq").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(argmap(&["query"]).status.code(), Some(2));
    assert_eq!(argmap(&["--no-such-flag"]).status.code(), Some(2));
    let output = argmap(&["load", "x.ttl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--store"), "{}", stderr(&output));
    assert_eq!(
        argmap(&["query", "ASK {}", "--format", "yaml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn an_update_cannot_change_a_bundled_graph() {
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    let before = argmap(&[
        "query",
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "csv",
    ]);
    let output = argmap(&[
        "update",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--store",
        s,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("https://w3id.org/argmap/bundled/"),
        "{message}"
    );
    assert!(message.contains("read-only"), "{message}");
    assert!(
        !store.path().join("dataset.nq").exists(),
        "a refused update was saved"
    );
    let after = argmap(&[
        "--store",
        s,
        "query",
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&before), stdout(&after));
}

#[test]
fn a_store_survives_a_restart_with_loads_updates_and_prefixes() {
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    let file = store.path().join("mine.ttl");
    fs::write(
        &file,
        "@prefix mine: <http://example.org/mine/> .\n@prefix aif: <http://www.arg.tech/aif#> .\nmine:c a aif:I-node ; aif:claimText \"mine\" .\n",
    )
    .unwrap();
    assert!(
        argmap(&["--no-bundled", "load", path_str(&file), "--store", s])
            .status
            .success()
    );
    let output = argmap(&[
        "--no-bundled",
        "update",
        "INSERT DATA { GRAPH <http://example.org/notes> { mine:c rdfs:comment \"checked\" } }",
        "--store",
        s,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    fs::remove_file(&file).unwrap();

    // A new process sees both, and still knows the file's prefix.
    let output = argmap(&[
        "--no-bundled",
        "--store",
        s,
        "query",
        "SELECT ?text ?note { ?c aif:claimText ?text ; rdfs:comment ?note }",
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "text,note\r\nmine,checked\r\n");
    let output = argmap(&["--no-bundled", "--store", s, "prefixes"]);
    assert!(stdout(&output).contains("mine:"), "{}", stdout(&output));
    let output = argmap(&["--no-bundled", "--store", s, "graphs"]);
    let listing = stdout(&output);
    assert!(listing.contains("mine.ttl"), "{listing}");
    assert!(listing.contains("store, from update"), "{listing}");
}

#[test]
fn an_interrupted_save_leaves_the_previous_state() {
    let (store, saved) = store_with_turtle();
    let s = path_str(store.path());
    let second = fixtures().join("formats/claims.nt");

    // The process dies halfway through writing the new state.
    let crashed = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .args(["--no-bundled", "load", path_str(&second), "--store", s])
        .env("ARGMAP_FAILPOINT", "save-interrupt")
        .output()
        .unwrap();
    assert!(!crashed.status.success());
    assert_eq!(fs::read(store.path().join("dataset.nq")).unwrap(), saved);
    assert_eq!(
        claim_texts(&["--no-bundled", "--store", s]),
        ["\"Stated in Turtle\"@en"]
    );

    // A failed write (full disk) is reported and changes nothing either.
    let failed = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .args(["--no-bundled", "load", path_str(&second), "--store", s])
        .env("ARGMAP_FAILPOINT", "save-write-error")
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("no space left"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(fs::read(store.path().join("dataset.nq")).unwrap(), saved);

    // The next writer cleans up the partial file and saves normally.
    assert!(
        argmap(&["--no-bundled", "load", path_str(&second), "--store", s])
            .status
            .success()
    );
    assert!(!store.path().join("dataset.nq.partial").exists());
    assert_eq!(claim_texts(&["--no-bundled", "--store", s]).len(), 2);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_store() {
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    // The first writer opens the store, then waits for its update on stdin.
    let mut first = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .args(["--no-bundled", "update", "-", "--store", s])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It writes its pid into the lock file once it holds the lock.
    let lock = store.path().join("argmap.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while fs::read_to_string(&lock).unwrap_or_default() != first.id().to_string() {
        assert!(
            Instant::now() < deadline,
            "the first writer never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let file = fixtures().join("formats/claims.ttl");
    let second = argmap(&["--no-bundled", "load", path_str(&file), "--store", s]);
    assert_eq!(second.status.code(), Some(1));
    let message = stderr(&second);
    assert!(
        message.contains("is in use by another argmap process"),
        "{message}"
    );
    assert!(
        message.contains(&format!("pid {}", first.id())),
        "{message}"
    );

    // Readers are not blocked.
    assert!(
        argmap(&["--no-bundled", "--store", s, "graphs"])
            .status
            .success()
    );

    let mut stdin = first.stdin.take().unwrap();
    stdin
        .write_all(b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> aif:claimText \"first\" } }")
        .unwrap();
    drop(stdin);
    let done = first.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        claim_texts(&["--no-bundled", "--store", s]),
        ["\"first\""],
        "the refused load must not have landed, the first update must have"
    );
    // Now the lock is free again.
    assert!(
        argmap(&["--no-bundled", "load", path_str(&file), "--store", s])
            .status
            .success()
    );
}

#[test]
fn the_lock_is_an_ordinary_flock_that_other_tools_can_honour() {
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    let file = fixtures().join("formats/claims.ttl");
    assert!(
        argmap(&["--no-bundled", "load", path_str(&file), "--store", s])
            .status
            .success()
    );
    let lock = File::open(store.path().join("argmap.lock")).unwrap();
    lock.lock().unwrap();
    let output = argmap(&["--no-bundled", "update", "CLEAR DEFAULT", "--store", s]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("in use"), "{}", stderr(&output));
    lock.unlock().unwrap();
    assert!(
        argmap(&["--no-bundled", "update", "CLEAR DEFAULT", "--store", s])
            .status
            .success()
    );
}

const SELECT: &str = "SELECT ?c ?text ?missing { ?c aif:claimText ?text OPTIONAL { ?c rdfs:comment ?missing } } ORDER BY ?c";

#[test]
fn select_results_in_every_format_parse_back() {
    let data = fixtures().join("formats");
    let expected_rows = 7;
    for (name, format) in [
        ("json", QueryResultsFormat::Json),
        ("xml", QueryResultsFormat::Xml),
        ("tsv", QueryResultsFormat::Tsv),
    ] {
        let output = argmap(&[
            "--no-bundled",
            "--data",
            path_str(&data),
            "query",
            SELECT,
            "--format",
            name,
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert_eq!(
            stderr(&output)
                .lines()
                .next()
                .map(|l| l.starts_with("7 rows in ")),
            Some(true)
        );
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(output.stdout.as_slice())
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let ReaderQueryResultsParserOutput::Solutions(solutions) = parsed else {
            panic!("{name}: not solutions");
        };
        let variables: Vec<String> = solutions
            .variables()
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect();
        assert_eq!(variables, ["c", "text", "missing"], "{name}");
        let rows: Vec<_> = solutions.collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), expected_rows, "{name}");
        let first_text = rows[0]
            .get("text")
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(first_text.contains("Stated in"), "{name}: {first_text}");
    }
    // JSON is JSON to a generic parser too.
    let output = argmap(&[
        "--no-bundled",
        "--data",
        path_str(&data),
        "query",
        SELECT,
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["results"]["bindings"].as_array().map(Vec::len),
        Some(expected_rows)
    );
    // CSV is lossy by design (no types), so a CSV reader checks it: header, rows, values.
    let output = argmap(&[
        "--no-bundled",
        "--data",
        path_str(&data),
        "query",
        SELECT,
        "--format",
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ["c", "text", "missing"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), expected_rows);
    assert_eq!(&rows[0][0], "http://example.org/fmt/jsonld-claim");
    assert_eq!(&rows[0][1], "Stated in JSON-LD");
    assert_eq!(&rows[0][2], "");
}

#[test]
fn ask_results_parse_back() {
    for (name, format) in [
        ("json", QueryResultsFormat::Json),
        ("xml", QueryResultsFormat::Xml),
    ] {
        let output = argmap(&["--no-bundled", "query", "ASK { }", "--format", name]);
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(output.stdout.as_slice())
            .unwrap();
        assert!(
            matches!(parsed, ReaderQueryResultsParserOutput::Boolean(true)),
            "{name}"
        );
    }
    let output = argmap(&["--no-bundled", "query", "ASK { ?s ?p ?o }"]);
    assert_eq!(stdout(&output), "false\n");
}

#[test]
fn construct_results_in_every_rdf_format_parse_back() {
    let data = fixtures().join("formats");
    let construct =
        "CONSTRUCT { ?c a aif:I-node ; rdfs:label ?text } WHERE { ?c aif:claimText ?text }";
    for (name, format) in [
        ("turtle", RdfFormat::Turtle),
        ("trig", RdfFormat::TriG),
        ("ntriples", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("rdfxml", RdfFormat::RdfXml),
    ] {
        let output = argmap(&[
            "--no-bundled",
            "--data",
            path_str(&data),
            "query",
            construct,
            "--format",
            name,
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let quads: Vec<_> = RdfParser::from_format(format)
            .for_slice(&output.stdout)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{name} does not parse back: {e}\n{}", stdout(&output)));
        assert_eq!(quads.len(), 14, "{name}");
    }
    // The default for a graph answer is Turtle with only the prefixes it uses.
    let output = argmap(&[
        "--no-bundled",
        "--data",
        path_str(&data),
        "query",
        construct,
    ]);
    let turtle = stdout(&output);
    assert!(
        turtle.contains("@prefix aif: <http://www.arg.tech/aif#> ."),
        "{turtle}"
    );
    assert!(
        !turtle.contains("@prefix wd:"),
        "unused prefixes printed: {turtle}"
    );
    // A results format for a graph answer is a clear error.
    let output = argmap(&["--no-bundled", "query", construct, "--format", "csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("does not apply to CONSTRUCT"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn export_round_trips_through_load() {
    let data = fixtures().join("formats");
    let output = argmap(&["--no-bundled", "--data", path_str(&data), "export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("all.trig");
    fs::write(&exported, &output.stdout).unwrap();
    let texts = claim_texts(&["--no-bundled", "--data", path_str(&exported)]);
    assert_eq!(
        texts,
        claim_texts(&["--no-bundled", "--data", path_str(&data)])
    );
    // One graph, as Turtle by default.
    let graph = graph_of(&data.join("claims.rdf"));
    let output = argmap(&[
        "--no-bundled",
        "--data",
        path_str(&data),
        "export",
        "--graph",
        &graph,
    ]);
    assert_eq!(
        stdout(&output),
        "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix ex: <http://example.org/fmt/> .\nex:rdfxml-claim a aif:I-node ;\n\taif:claimText \"Stated in RDF/XML\"@en .\n"
    );
}

#[test]
fn graph_narrowing_accepts_iris_and_unambiguous_endings() {
    let data = fixtures().join("formats");
    let count = |graph: &str| {
        let output = argmap(&[
            "--no-bundled",
            "--data",
            path_str(&data),
            "query",
            "SELECT (COUNT(*) AS ?n) { ?s aif:claimText ?o }",
            "--graph",
            graph,
            "--format",
            "csv",
        ]);
        (output.status.code(), stdout(&output), stderr(&output))
    };
    assert_eq!(count("claims.nt").1, "n\r\n1\r\n");
    assert_eq!(
        count(&format!("<{}>", graph_of(&data.join("claims.nt")))).1,
        "n\r\n1\r\n"
    );
    let (code, _, message) = count("nowhere");
    assert_eq!(code, Some(1));
    assert!(message.contains("no graph \"nowhere\""), "{message}");
}

#[test]
fn the_bundled_graphs_are_listed_with_their_origin() {
    let output = argmap(&["graphs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = stdout(&output);
    assert!(
        listing.contains("<https://w3id.org/argmap/bundled/ontology/argmap> "),
        "{listing}"
    );
    assert!(listing.contains("bundled ontology/argmap.ttl"), "{listing}");
    // And the binary needs no project checkout: run it from an empty folder.
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .current_dir(empty.path())
        .args(["query", "ASK { ?term rdfs:isDefinedBy ?ontology }"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "true\n", "{}", stderr(&output));
}

#[test]
fn every_required_prefix_is_predeclared() {
    let output = argmap(&["--no-bundled", "prefixes"]);
    let listing = stdout(&output);
    for prefix in [
        "rdf", "rdfs", "owl", "xsd", "aif", "oa", "prov", "dct", "schema", "skos", "wd", "arg",
    ] {
        assert!(
            listing.contains(&format!("\n {prefix}: ")),
            "{prefix} missing:\n{listing}"
        );
    }
    let output = argmap(&[
        "--no-bundled",
        "query",
        "ASK { FILTER(STR(wd:Q7184) = \"http://www.wikidata.org/entity/Q7184\") }",
    ]);
    assert_eq!(stdout(&output), "true\n");
}

/// Runs `argmap ARGS` with `script` on stdin (script mode).
fn argmap_script(args: &[&str], script: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["--backend", "nquads"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_shell_saves_to_its_store_unless_another_process_holds_it() {
    let store = tempfile::tempdir().unwrap();
    let s = path_str(store.path());
    let file = fixtures().join("formats/claims.ttl");
    let script = format!(
        ".load {}\nINSERT DATA {{ GRAPH <http://example.org/notes> {{ <http://example.org/n> aif:claimText \"noted\" }} }};\n",
        path_str(&file)
    );
    let output = argmap_script(&["--no-bundled", "--store", s], &script);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("saved to the store"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        claim_texts(&["--no-bundled", "--store", s]),
        ["\"Stated in Turtle\"@en", "\"noted\""]
    );

    // While another process writes, the shell still opens and answers; it takes the lock
    // only to write, so its change waits for nobody and says why it was refused.
    let lock = File::open(store.path().join("argmap.lock")).unwrap();
    lock.lock().unwrap();
    let output = argmap_script(
        &["--no-bundled", "--store", s],
        "CLEAR GRAPH <http://example.org/notes>;\nASK { ?s aif:claimText \"noted\" }\n",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("is in use by another argmap process"),
        "{message}"
    );
    assert!(message.contains("--wait SECONDS"), "{message}");
    assert_eq!(stdout(&output), "true\n");
    lock.unlock().unwrap();
    assert_eq!(claim_texts(&["--no-bundled", "--store", s]).len(), 2);
    let listing = stdout(&argmap(&["--no-bundled", "--store", s, "graphs"]));
    assert!(listing.contains("store, from update"), "{listing}");
}

#[test]
fn graphs_say_which_changes_last_only_for_the_session() {
    let output = argmap_script(
        &[],
        "INSERT DATA { GRAPH <http://example.org/scratch> { ofw:c-nk-troops-deployed rdfs:comment \"to verify\" } };\n.graphs\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = stdout(&output);
    let line = |graph: &str| {
        listing
            .lines()
            .find(|l| l.contains(graph))
            .unwrap_or_else(|| panic!("{graph} not listed:\n{listing}"))
            .to_owned()
    };
    assert!(line("<http://example.org/scratch>").ends_with("this session only, from update"));
    assert!(line("/graph/derived>").ends_with("derived by ontology/rules"));
    assert!(line("/ofwono-2024/author>").ends_with("bundled graphs/ofwono-2024/author.ttl"));
}

#[test]
fn a_query_file_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.rq");
    fs::write(&file, b"SELECT * {\n  ?s rdfs:label \"caf\xe9\" }\n").unwrap();
    let output = argmap(&["--no-bundled", "query", &format!("@{}", path_str(&file))]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("latin1.rq: not UTF-8 text (the first bad byte is at line 2, column 21)"),
        "{message}"
    );
}

/// `graphs` counts each graph's triples, the default graph's (updates without `GRAPH`)
/// included, as a count of the quads themselves gives them.
#[test]
fn graphs_counts_every_graph_the_default_one_included() {
    let mut store = argmap::store::ArgStore::open(&argmap::store::OpenOptions {
        bundled: false,
        ..argmap::store::OpenOptions::default()
    })
    .unwrap();
    store
        .update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> rdfs:comment \"one\", \"two\", \"three\" } }")
        .unwrap();
    // argmap's updates name their graph; a dataset read by other tools may use the default one.
    for name in ["a", "b"] {
        let node = oxigraph::model::NamedNode::new(format!("https://example.org/{name}")).unwrap();
        store
            .oxigraph()
            .insert(oxigraph::model::QuadRef::new(
                node.as_ref(),
                oxigraph::model::vocab::rdfs::LABEL,
                oxigraph::model::LiteralRef::new_simple_literal(name),
                oxigraph::model::GraphNameRef::DefaultGraph,
            ))
            .unwrap();
    }
    let listed: Vec<(String, usize)> = store
        .graphs()
        .unwrap()
        .into_iter()
        .map(|g| (g.graph.to_string(), g.triples))
        .collect();
    let mut counted: std::collections::BTreeMap<String, usize> = Default::default();
    for quad in store.oxigraph().iter() {
        *counted
            .entry(quad.unwrap().graph_name.to_string())
            .or_default() += 1;
    }
    assert_eq!(listed, counted.into_iter().collect::<Vec<_>>());
    assert!(listed.contains(&("DEFAULT".to_owned(), 2)), "{listed:?}");
    assert!(
        listed.contains(&("<https://example.org/g>".to_owned(), 3)),
        "{listed:?}"
    );
}
