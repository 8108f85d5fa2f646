//! AIF JSON import on the real AraucariaDB corpus, counted independently over the JSON, the real
//! binary's load and its refusals, and a property test that no input makes the reader panic.

mod common;

use argmap::corpus;
use argmap::import::aif::{AifInput, read};
use argmap::query::{QueryOutcome, QueryRequest};
use argmap::store::ArgStore;
use oxigraph::model::{NamedNode, Term};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{json_files, shared_corpus as shared};

/// Counts over the JSON alone, the way a corpus researcher's script would.
#[derive(Default, Debug, PartialEq)]
struct Counts {
    nodes: BTreeMap<String, usize>,
    edges: usize,
    schemes: BTreeMap<String, usize>,
}

fn count_json(files: &[PathBuf]) -> (Counts, BTreeMap<String, usize>) {
    let mut counts = Counts::default();
    let mut per_file = BTreeMap::new();
    for file in files {
        let value: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let nodes = value["nodes"].as_array().unwrap();
        per_file.insert(
            file.file_stem().unwrap().to_string_lossy().into_owned(),
            nodes.len(),
        );
        for node in nodes {
            let kind = node["type"].as_str().unwrap().to_owned();
            if kind == "RA" {
                let scheme = node["scheme"].as_str().unwrap_or("Default Inference");
                *counts.schemes.entry(scheme.to_owned()).or_default() += 1;
            }
            *counts.nodes.entry(kind).or_default() += 1;
        }
        counts.edges += value["edges"].as_array().unwrap().len();
    }
    (counts, per_file)
}

#[test]
fn the_araucaria_corpus_loads_with_the_counts_of_an_independent_count() {
    let folder = shared("aif-araucaria");
    let files = json_files(&folder);
    assert_eq!(files.len(), 661, "the corpus has 661 nodesets");
    let (expected, per_file) = count_json(&files);

    let mut store = ArgStore::empty().unwrap();
    let loaded = store.load_files(&[folder], None).unwrap();
    assert_eq!(loaded.len(), 661);
    let graphs: Vec<NamedNode> = loaded.iter().map(|l| l.graph.clone()).collect();
    let summary = corpus::summarise(&store, &graphs).unwrap();
    assert_eq!(summary.files, 661);
    assert_eq!(summary.nodes, expected.nodes);
    assert_eq!(summary.edges, expected.edges);
    assert_eq!(summary.schemes, expected.schemes);
    // The only warnings are the YA hashes, once per file that has them.
    for warning in loaded.iter().flat_map(|l| &l.warnings) {
        assert!(warning.message.contains("hash"), "{warning}");
    }

    // No file is silently empty: every document holds as many nodes as its file.
    let outcome = store
        .query(&QueryRequest::new(
            "SELECT ?title (COUNT(?node) AS ?n) WHERE { GRAPH ?g { ?doc arg:importedAt ?t ; dct:title ?title . ?node arg:inDocument ?doc } } GROUP BY ?title",
        ))
        .unwrap();
    let QueryOutcome::Solutions { rows, .. } = outcome else {
        panic!("not solutions")
    };
    let held: BTreeMap<String, usize> = rows
        .iter()
        .map(|row| match (&row[0], &row[1]) {
            (Some(Term::Literal(t)), Some(Term::Literal(n))) => {
                (t.value().to_owned(), n.value().parse().unwrap())
            }
            other => panic!("unexpected row {other:?}"),
        })
        .collect();
    assert_eq!(held, per_file);
}

#[test]
fn the_same_file_gives_the_same_quads_and_the_samples_load() {
    for file in json_files(&shared("aif-samples")) {
        let text = std::fs::read(&file).unwrap();
        let input = AifInput {
            name: file.display().to_string(),
            text: &text,
            graph: NamedNode::new("urn:test:g").unwrap(),
            source: "urn:test:source".to_owned(),
            imported_at: None,
        };
        let first = read(&input).unwrap();
        let second = read(&input).unwrap();
        assert_eq!(first.quads, second.quads);
        assert!(first.quads.len() > 10, "{} loads", file.display());
    }
}

#[test]
fn the_binary_loads_aif_with_a_summary_and_refuses_json_that_loads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ws");
    let store = store.to_str().unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(
        &map,
        r#"{"nodes":[{"nodeID":"1","text":"a","type":"I"},{"nodeID":"2","text":"b","type":"I"},{"nodeID":"3","text":"Default Inference","type":"RA"}],
            "edges":[{"edgeID":1,"fromID":"1","toID":"3"},{"edgeID":2,"fromID":"3","toID":"2"},{"edgeID":3,"fromID":"3","toID":"9"}],"locutions":[]}"#,
    )
    .unwrap();
    let output = common::run(&["load", map.to_str().unwrap(), "--store", store]);
    let stderr = common::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("map.json: edges[2].toID: no node \"9\"; edge skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 AIF maps: 3 nodes (I 2, RA 1), 2 edges"),
        "{stderr}"
    );
    let output = common::run(&[
        "query",
        "ASK { ?ra arg:scheme arg:DefaultInference ; aif:Premise ?p ; aif:Conclusion ?c }",
        "--store",
        store,
    ]);
    assert!(common::stdout(&output).contains("true"));

    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"claims": [1, 2]}"#).unwrap();
    let output = common::run(&["load", other.to_str().unwrap(), "--store", store]);
    let stderr = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("gives no triple (saw an object with keys \"claims\")"),
        "{stderr}"
    );

    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, r#"{"nodes": [], "edges": []}"#).unwrap();
    let output = common::run(&["load", empty.to_str().unwrap(), "--store", store]);
    let stderr = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("AIF JSON with no usable node"), "{stderr}");
}

#[test]
fn load_format_overrides_the_extension_and_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ws");
    let store = store.to_str().unwrap();
    let aif = r#"{"nodes":[{"nodeID":"1","text":"a","type":"I"},{"nodeID":"2","text":"b","type":"I"},{"nodeID":"3","text":"Default Inference","type":"RA"}],
        "edges":[{"edgeID":1,"fromID":"1","toID":"3"},{"edgeID":2,"fromID":"3","toID":"2"}]}"#;
    // An extension that names no format: refused without --format, read as AIF with it.
    let saved = dir.path().join("nodeset.aif");
    std::fs::write(&saved, aif).unwrap();
    let saved = saved.to_str().unwrap();
    let output = common::run(&["load", saved, "--store", store]);
    assert_eq!(output.status.code(), Some(1), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("cannot tell the RDF format"));
    let output = common::run(&["load", saved, "--format", "aif", "--store", store]);
    let stderr = common::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 AIF maps: 3 nodes (I 2, RA 1), 2 edges"),
        "{stderr}"
    );
    let output = common::run(&[
        "query",
        "SELECT ?text { GRAPH ?g { ?ra aif:Conclusion/aif:claimText ?text } FILTER STRSTARTS(STR(?g), \"file:\") }",
        "--format",
        "tsv",
        "--store",
        store,
    ]);
    assert_eq!(common::stdout(&output), "?text\n\"b\"\n");

    // Content that says AIF, read as JSON-LD because the user said so: it gives no triple, and
    // the store keeps what it had.
    let json = dir.path().join("map.json");
    std::fs::write(&json, aif).unwrap();
    let json = json.to_str().unwrap();
    let output = common::run(&["load", json, "--format", "jsonld", "--store", store]);
    let stderr = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("read as JSON-LD, it gives no triple"),
        "{stderr}"
    );
    let output = common::run(&[
        "query",
        "SELECT ?t { GRAPH ?g { ?s aif:claimText ?t } FILTER STRSTARTS(STR(?g), \"file:\") }",
        "--format",
        "tsv",
        "--store",
        store,
    ]);
    assert_eq!(
        common::stdout(&output).lines().count(),
        3,
        "the AIF load is still there"
    );

    let output = common::run(&["load", json, "--format", "yaml", "--store", store]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output)
            .contains("unknown input format \"yaml\"; use one of: aif, argdown, jsonld"),
        "{}",
        common::stderr(&output)
    );
}

#[test]
fn aif_as_rdf_in_the_older_namespace_and_with_inverted_premises_reads_as_argmaps_shape() {
    let dir = tempfile::tempdir().unwrap();
    let ask = |file: &std::path::Path, question: &str| {
        let output = common::run(&[
            "--data",
            file.to_str().unwrap(),
            "query",
            &format!("PREFIX ex: <https://example.org/m#> ASK {{ {question} }}"),
            "--format",
            "tsv",
        ]);
        assert!(output.status.success(), "{}", common::stderr(&output));
        // TSV answers an ASK the way rdflib and pandas read it: a header, then the value.
        common::stdout(&output).lines().last() == Some("true")
    };
    // Every premise written from the premise to the S-node, as some AIFdb clients write it,
    // including an inference (ra2) that attacks another (ra) through a conflict.
    let inverted = dir.path().join("inverted.ttl");
    std::fs::write(
        &inverted,
        "@prefix aif: <http://www.arg.dundee.ac.uk/aif#> .\n\
         @prefix ex: <https://example.org/m#> .\n\
         ex:p a aif:I-node ; aif:claimText \"p\" ; aif:Premise ex:ra .\n\
         ex:c a aif:I-node ; aif:claimText \"c\" .\n\
         ex:ra a aif:RA-node ; aif:Conclusion ex:c .\n\
         ex:y a aif:I-node ; aif:claimText \"y\" ; aif:Premise ex:ra2 .\n\
         ex:ra2 a aif:RA-node ; aif:Premise ex:ca2 .\n\
         ex:ca2 a aif:CA-node ; aif:Conclusion ex:ra .\n",
    )
    .unwrap();
    assert!(ask(
        &inverted,
        "ex:ra aif:Premise ex:p ; aif:Conclusion ex:c ; a aif:RA-node"
    ));
    assert!(ask(&inverted, "ex:p arg:supports ex:c"));
    assert!(ask(
        &inverted,
        "ex:ca2 aif:Premise ex:ra2 . ex:ra2 aif:Premise ex:y"
    ));
    assert!(!ask(&inverted, "ex:ra2 aif:Premise ex:ca2"));
    // The same attack in argmap's own direction is left as it is.
    let forward = dir.path().join("forward.ttl");
    std::fs::write(
        &forward,
        "@prefix aif: <http://www.arg.tech/aif#> .\n\
         @prefix ex: <https://example.org/m#> .\n\
         ex:ra a aif:RA-node ; aif:Premise ex:p ; aif:Conclusion ex:c .\n\
         ex:ra2 a aif:RA-node ; aif:Premise ex:y .\n\
         ex:ca2 a aif:CA-node ; aif:Premise ex:ra2 ; aif:Conclusion ex:ra .\n",
    )
    .unwrap();
    assert!(ask(
        &forward,
        "ex:ca2 aif:Premise ex:ra2 . ex:ra aif:Premise ex:p"
    ));
    assert!(!ask(&forward, "ex:ra2 aif:Premise ex:ca2"));
}

/// A small seeded generator (xorshift), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn wrong_value(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => serde_json::json!(-3.5),
        3 => serde_json::json!([1, "x", null]),
        4 => serde_json::json!({"nodeID": {}}),
        5 => Value::String(String::new()),
        _ => Value::String("\r\u{0}é\u{202e}".to_owned()),
    }
}

/// Replaces one value somewhere in the document with a wrongly typed one.
fn mutate(value: &mut Value, rng: &mut Rng, depth: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
            let child = map.get_mut(&key).unwrap();
            if depth > 0 && rng.below(3) > 0 {
                mutate(child, rng, depth - 1);
            } else {
                *child = wrong_value(rng);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            if depth > 0 && rng.below(3) > 0 {
                mutate(&mut items[i], rng, depth - 1);
            } else {
                items[i] = wrong_value(rng);
            }
        }
        other => *other = wrong_value(rng),
    }
}

#[test]
fn no_input_makes_the_reader_panic_and_every_warning_is_located() {
    let samples: Vec<Vec<u8>> = json_files(&shared("aif-samples"))
        .iter()
        .chain(json_files(&shared("aif-araucaria")).iter().take(20))
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let sample = &samples[round % samples.len()];
        let text: Vec<u8> = match round % 3 {
            0 => sample[..rng.below(sample.len())].to_vec(),
            1 => {
                let mut bytes = sample.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next() as u8;
                }
                bytes
            }
            _ => {
                let mut value: Value = serde_json::from_slice(sample).unwrap();
                for _ in 0..1 + rng.below(3) {
                    mutate(&mut value, &mut rng, 4);
                }
                serde_json::to_vec(&value).unwrap()
            }
        };
        let input = AifInput {
            name: "fuzz.json".to_owned(),
            text: &text,
            graph: NamedNode::new("urn:test:fuzz").unwrap(),
            source: "urn:test:fuzz".to_owned(),
            imported_at: None,
        };
        match read(&input) {
            Ok(parsed) => {
                assert!(!parsed.quads.is_empty(), "round {round}: Ok with no quad");
                for warning in &parsed.warnings {
                    assert!(
                        warning.location.starts_with("fuzz.json: ")
                            && warning.location.len() > "fuzz.json: ".len(),
                        "round {round}: unlocated warning {warning}"
                    );
                }
            }
            Err(error) => assert!(
                error.to_string().starts_with("fuzz.json"),
                "round {round}: unlocated error {error}"
            ),
        }
    }
}
