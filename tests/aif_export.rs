//! AIF JSON export: the round trips on the real AraucariaDB corpus, the samples, hand-written
//! DialAM/QT30 and OVA3 fixtures and the bundled map, and the command line's choices.

mod common;

use argmap::export::aif::nodeset;
use argmap::import::aif::{AifInput, read};
use common::{json_files, shared_corpus};
use oxigraph::model::{NamedNode, Quad};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aif")
        .join(name)
}

/// Reads AIF JSON into graph `urn:test:g` with no import time, so two reads compare.
fn import(name: &str, text: &[u8]) -> Vec<Quad> {
    let parsed = read(&AifInput {
        name: name.to_owned(),
        text,
        graph: NamedNode::new_unchecked("urn:test:g"),
        source: "urn:test:source".to_owned(),
        imported_at: None,
    })
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    parsed.quads
}

fn export(quads: &[Quad]) -> String {
    nodeset(quads, &[NamedNode::new_unchecked("urn:test:g")])
        .expect("exports")
        .json
}

/// import -> export -> import gives the same graph; export -> import -> export the same JSON.
/// Returns the first export.
fn assert_round_trips(name: &str, text: &[u8]) -> String {
    let first = import(name, text);
    let json = export(&first);
    let second = import(name, json.as_bytes());
    let (a, b): (HashSet<&Quad>, HashSet<&Quad>) =
        (first.iter().collect(), second.iter().collect());
    let lost: Vec<String> = a.difference(&b).map(|q| q.to_string()).collect();
    let gained: Vec<String> = b.difference(&a).map(|q| q.to_string()).collect();
    assert!(
        lost.is_empty() && gained.is_empty(),
        "{name}: import -> export -> import changed the graph\n  lost: {lost:#?}\n  gained: {gained:#?}"
    );
    let again = export(&second);
    assert_eq!(
        json, again,
        "{name}: export -> import -> export changed the JSON"
    );
    json
}

/// Node counts by type and the set of (from, to) edges of an AIF JSON file, read directly.
fn shape(json: &Value) -> (BTreeMap<String, usize>, BTreeSet<(String, String)>) {
    let aif = json.get("AIF").unwrap_or(json);
    let id = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut types = BTreeMap::new();
    for node in aif["nodes"].as_array().expect("nodes") {
        *types
            .entry(node["type"].as_str().expect("type").to_owned())
            .or_default() += 1;
    }
    let edges = aif["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| (id(&e["fromID"]), id(&e["toID"])))
        .collect();
    (types, edges)
}

#[test]
fn every_araucaria_nodeset_and_sample_round_trips_with_its_ids() {
    let mut files = json_files(&shared_corpus("aif-araucaria"));
    assert_eq!(files.len(), 661, "the corpus has 661 nodesets");
    files.extend(json_files(&shared_corpus("aif-samples")));
    for file in &files {
        let text = std::fs::read(file).unwrap();
        let name = file.display().to_string();
        let json = assert_round_trips(&name, &text);
        // The original's nodes, with their IDs and types, are all written, in AIFdb's bare form.
        let original: Value = serde_json::from_slice(&text).unwrap();
        let written: Value = serde_json::from_str(&json).unwrap();
        assert!(written.get("AIF").is_none(), "{name}: bare form");
        let ids = |v: &Value| -> BTreeSet<(String, String)> {
            v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n["nodeID"].to_string(), n["type"].to_string()))
                .collect()
        };
        assert_eq!(ids(&original), ids(&written), "{name}: nodes");
    }
}

#[test]
fn dialam_and_ova3_fixtures_round_trip_with_their_dialogue() {
    for (file, participants) in [("dialam-qt30.json", 0), ("ova3-save.json", 2)] {
        let text = std::fs::read(fixture(file)).unwrap();
        let json = assert_round_trips(file, &text);
        let original: Value = serde_json::from_slice(&text).unwrap();
        let written: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(shape(&original), shape(&written), "{file}");
        let aif = written.get("AIF").unwrap_or(&written);
        let locutions = aif["locutions"].as_array().unwrap();
        let original_aif = original.get("AIF").unwrap_or(&original);
        assert_eq!(
            locutions.len(),
            original_aif["locutions"].as_array().unwrap().len()
        );
        for (want, got) in original_aif["locutions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(locutions)
        {
            for key in ["nodeID", "personID", "start", "end"] {
                assert_eq!(want[key], got[key], "{file}: locution {key}");
            }
        }
        let written_people = aif.get("participants").and_then(Value::as_array);
        assert_eq!(written_people.map_or(0, Vec::len), participants, "{file}");
        if participants > 0 {
            assert_eq!(aif["participants"], original_aif["participants"]);
            assert_eq!(
                written["text"].as_str().unwrap(),
                original["text"].as_str().unwrap().replace("\r\n", "\n")
            );
        }
        // Illocutions and schemes are written under their AIF names.
        let texts: BTreeSet<&str> = aif["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["text"].as_str())
            .collect();
        for name in ["Asserting", "Default Transition"] {
            assert!(texts.contains(name), "{file}: no {name:?} in {texts:?}");
        }
    }
}

/// The bundled map's I/RA/CA/PA nodes and edges, counted by SPARQL over its two graphs.
fn bundled_shape() -> (BTreeMap<String, usize>, usize) {
    let graphs = "VALUES ?g { <https://w3id.org/argmap/bundled/graphs/ofwono-2024/author> <https://w3id.org/argmap/bundled/graphs/ofwono-2024/analyst> }";
    let (_, rows) = common::tsv(&[
        "query",
        &format!(
            "SELECT ?type (COUNT(DISTINCT ?n) AS ?count) {{ {graphs} GRAPH ?g {{ ?n a ?type }} FILTER (?type IN (aif:I-node, aif:RA-node, aif:CA-node, aif:PA-node)) }} GROUP BY ?type"
        ),
    ]);
    let types = rows
        .iter()
        .map(|row| {
            let code = row[0]
                .trim_start_matches("<http://www.arg.tech/aif#")
                .trim_end_matches("-node>")
                .to_owned();
            let count = number(&row[1]);
            (code, count)
        })
        .collect();
    let (_, rows) = common::tsv(&[
        "query",
        &format!(
            "SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?o {{ {graphs} GRAPH ?g {{ ?s aif:Premise|aif:Conclusion ?o }} }} }}"
        ),
    ]);
    (types, number(&rows[0][0]))
}

/// A count as the TSV results print it (`42`, or `"42"^^xsd:integer`).
fn number(cell: &str) -> usize {
    let lexical = cell.split("^^").next().unwrap_or(cell).trim_matches('"');
    lexical
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {cell}"))
}

#[test]
fn the_bundled_map_exports_every_node_and_edge_and_loads_back_to_the_same_json() {
    let output = common::run(&[
        "export",
        "--format",
        "aif",
        "--graph",
        "ofwono-2024/author",
        "--graph",
        "ofwono-2024/analyst",
    ]);
    let stderr = common::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    let json = common::stdout(&output);
    let written: Value = serde_json::from_str(&json).unwrap();
    let (types, edges) = shape(&written);
    let (want_types, want_edges) = bundled_shape();
    assert_eq!(types, want_types);
    assert_eq!(edges.len(), want_edges);
    assert!(stderr.contains(&format!("{want_edges} edges")), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ofwono.json");
    std::fs::write(&file, &json).unwrap();
    let store = dir.path().join("ws");
    let store = store.to_str().unwrap();
    let output = common::run(&["load", file.to_str().unwrap(), "--store", store]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    // The store's only graph of the user's is exported without --graph.
    let output = common::run(&["export", "--format", "aif", "--store", store]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(common::stdout(&output), json);

    // AIF JSON has no field for a conflict's kind; reading it back types each CA-node by what
    // it attacks, and that gives every one of the map's conflicts its kind again.
    let conflicts = |scope: &str, store: Option<&str>| {
        let query = format!(
            "SELECT ?attacker ?kind ?target {{ {scope} GRAPH ?g {{ ?ca a ?kind ; aif:Premise ?a ; aif:Conclusion ?t }}
               FILTER (?kind IN (arg:Rebut, arg:Undermine, arg:Undercut))
               ?a aif:claimText ?at . OPTIONAL {{ ?t aif:claimText ?tt }} OPTIONAL {{ ?t aif:Conclusion/aif:claimText ?tc }}
               BIND (STR(?at) AS ?attacker) BIND (COALESCE(STR(?tt), CONCAT(\"the inference to: \", STR(?tc))) AS ?target) }}
             ORDER BY ?attacker ?kind ?target"
        );
        let mut args = vec!["query", query.as_str()];
        args.extend(store.map(|s| ["--store", s]).into_iter().flatten());
        common::tsv(&args).1
    };
    let original = conflicts(
        "VALUES ?g { <https://w3id.org/argmap/bundled/graphs/ofwono-2024/author> <https://w3id.org/argmap/bundled/graphs/ofwono-2024/analyst> }",
        None,
    );
    let read_back = conflicts("FILTER STRSTARTS(STR(?g), \"file:\")", Some(store));
    assert_eq!(
        original.len(),
        types["CA"],
        "every conflict of the map has a kind"
    );
    assert_eq!(read_back, original);
}

#[test]
fn the_command_line_says_what_to_export_when_it_cannot_choose() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ws");
    let store = store.to_str().unwrap();
    // Only the bundled graphs: nothing of the user's to choose.
    let output = common::run(&["export", "--format", "aif"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        common::stderr(&output).contains("--graph ofwono-2024/author --graph ofwono-2024/analyst"),
        "{}",
        common::stderr(&output)
    );

    let samples = shared_corpus("aif-samples");
    let output = common::run(&["load", samples.to_str().unwrap(), "--store", store]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let output = common::run(&["export", "--format", "aif", "--store", store]);
    let stderr = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the store has 2 graphs of your own:")
            && stderr.contains("araucaria-nodeset105-with-CA.json")
            && stderr.contains("repeat --graph to merge"),
        "{stderr}"
    );

    let aif_export = |graphs: &[&str]| {
        let mut args = vec!["export", "--format", "aif", "--store", store];
        for graph in graphs {
            args.extend(["--graph", graph]);
        }
        common::run(&args)
    };
    // One graph named: the same JSON as the library writes for the file.
    let output = aif_export(&["araucaria-nodeset105-with-CA.json"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let file = samples.join("araucaria-nodeset105-with-CA.json");
    let quads = import("x.json", &std::fs::read(file).unwrap());
    assert_eq!(common::stdout(&output), export(&quads));

    // Two merged: both files' nodes in one nodeset (AIFdb IDs, so the bare form).
    let output = aif_export(&[
        "araucaria-nodeset105-with-CA.json",
        "araucaria-nodeset118-with-L-YA.json",
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let merged: Value = serde_json::from_str(&common::stdout(&output)).unwrap();
    let count = |name: &str| -> usize {
        let v: Value = serde_json::from_slice(&std::fs::read(samples.join(name)).unwrap()).unwrap();
        v["nodes"].as_array().unwrap().len()
    };
    assert_eq!(
        merged["nodes"].as_array().unwrap().len(),
        count("araucaria-nodeset105-with-CA.json") + count("araucaria-nodeset118-with-L-YA.json")
    );

    // RDF export writes one graph or all: two --graph is a usage error.
    let output = common::run(&[
        "export",
        "--graph",
        "araucaria-nodeset105-with-CA.json",
        "--graph",
        "araucaria-nodeset118-with-L-YA.json",
        "--store",
        store,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("give --graph once"));
}
