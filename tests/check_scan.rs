//! The fast forms of the checks find exactly what their specifications find.
//!
//! Two kinds of pairs: a `.rq` check run in Rust (`# engine: rust`) against its own query, and
//! a check whose query was rewritten for speed against its earlier form, kept in
//! `tests/fixtures/check/reference/<name>.rq`. Each pair must give the same hits (node, detail,
//! related nodes, fix, graph) on the bundled maps, on the check fixtures with every defect at
//! once, on the synthetic corpus with defects added, and on random small maps.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use argmap::check::sparql::{self, Engine, SparqlCheck};
use argmap::check::{self, Check, CheckOptions, Context, Hit};
use argmap::store::{ArgStore, OpenOptions};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// A hit as comparable text: node, detail, fix, graph, and the related nodes as a set.
type Key = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    BTreeSet<String>,
);

fn keys(hits: Vec<Hit>) -> Vec<Key> {
    let mut keys: Vec<Key> = hits
        .into_iter()
        .map(|hit| {
            (
                hit.node.to_string(),
                hit.detail,
                hit.fix,
                hit.graph.map(|g| g.into_string()),
                hit.related.iter().map(ToString::to_string).collect(),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// A check's name, its specification, and the implementation `argmap check` runs.
type Pair = (String, Box<dyn Check>, Box<dyn Check>);

/// Every pair.
fn pairs() -> Vec<Pair> {
    // A check may be in two pairs: run in Rust, and rewritten before that.
    let take = |name: &str| -> Box<dyn Check> {
        check::all()
            .expect("the checks parse")
            .into_iter()
            .find(|c| c.info().name == name)
            .unwrap_or_else(|| panic!("no check {name}"))
    };
    let mut pairs: Vec<Pair> = Vec::new();
    for spec in sparql::bundled().expect("the .rq checks parse") {
        if spec.engine() == Engine::Rust {
            let name = spec.info().name.clone();
            pairs.push((name.clone(), Box::new(spec), take(&name)));
        }
    }
    // Absent when no rewritten check keeps an earlier form.
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("reference"))
        .map(|entries| {
            entries
                .map(|entry| entry.expect("a folder entry").path())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a reference query");
        let path = format!(
            "queries/checks/{}",
            file.file_name().and_then(|n| n.to_str()).expect("a name")
        );
        let spec = SparqlCheck::parse(&path, &text).expect("the reference parses");
        let name = spec.info().name.clone();
        pairs.push((name.clone(), Box::new(spec), take(&name)));
    }
    assert!(!pairs.is_empty());
    // What users read of a check (name, severity, description, fix) is the same in both.
    for (_, spec, fast) in &pairs {
        assert_eq!(spec.info(), fast.info());
    }
    pairs
}

/// Every pair on one session; returns how many hits the specifications found in all.
fn agree(store: &ArgStore, what: &str) -> usize {
    let context = Context::new(store, &CheckOptions::default()).expect("a context");
    let mut found = 0;
    let mut failures = Vec::new();
    for (name, spec, fast) in pairs() {
        let expected = keys(spec.run(&context).expect("the specification runs"));
        let actual = keys(fast.run(&context).expect("the check runs"));
        found += expected.len();
        if expected != actual {
            failures.push(format!(
                "{name} on {what}:\n  specification: {expected:#?}\n  fast form: {actual:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    found
}

fn session(bundled: bool, data: Vec<PathBuf>) -> ArgStore {
    let mut store = ArgStore::open(&OpenOptions {
        bundled,
        data,
        ..OpenOptions::default()
    })
    .expect("the session opens");
    store.ensure_bundled_ontology().expect("the ontology loads");
    store
}

#[test]
fn the_same_findings_on_the_bundled_maps() {
    agree(&session(true, Vec::new()), "the bundled maps");
}

#[test]
fn the_same_findings_on_every_broken_fixture_at_once() {
    let mut data = vec![fixtures().join("clean.ttl")];
    let mut broken: Vec<PathBuf> = std::fs::read_dir(fixtures().join("broken"))
        .expect("broken fixtures")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    broken.sort();
    data.extend(broken);
    let found = agree(&session(false, data), "the broken fixtures");
    assert!(found > 0, "the fixtures break nothing the pairs look at");
}

/// The corpus, plus a graph of defects: dangling references from several referrers and
/// properties, references to vocabularies (not dangling), a node described only in another
/// graph (not dangling), blank referrers.
#[test]
fn the_same_findings_on_the_synthetic_corpus_with_defects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("corpus.trig");
    corpus::Corpus::new(2_000)
        .write_trig_file(&data)
        .expect("writes the corpus");
    let defects = dir.path().join("defects.ttl");
    std::fs::write(
        &defects,
        format!(
            "@prefix aif: <http://www.arg.tech/aif#> . @prefix arg: <https://w3id.org/argmap#> .
             @prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
             @prefix syn: <{syn}> . @prefix ex: <https://example.org/> .
             syn:x-ra1 a aif:RA-node ; aif:Premise syn:d0-c1, ex:missing ; aif:Conclusion syn:d3-c0 .
             syn:x-ra2 a aif:RA-node ; aif:Premise ex:missing ; arg:scheme ex:no-scheme .
             syn:d1-c2 arg:mentions ex:missing, <http://www.wikidata.org/entity/Q1>, arg:Nothing ;
                 prov:wasDerivedFrom ex:elsewhere .
             [] oa:hasSource ex:no-source ; arg:about ex:missing .
             ex:described-later arg:about ex:self . ex:self arg:about ex:self .
             syn:d2-c3 arg:about ex:described-later ; <https://example.org/p> ex:not-followed .
             syn:x-ca1 a arg:Undermine ; aif:Conclusion syn:d3-c0 .
             syn:x-ca2 a aif:CA-node ; aif:Premise syn:d0-c2 .
             syn:x-analogy a arg:HistoricalAnalogy ; arg:sourceCase ex:case .
             syn:x-doc arg:mainConclusion syn:d1-c5, syn:x-claim ; arg:answeredBy \"yes\", syn:d0-c1, ex:nowhere .
             syn:d0-c3 arg:supports syn:d0-c0 .
             syn:x-ra1 aif:Conclusion syn:d3-c1 .
             syn:x-claim a arg:EmpiricalClaim ; aif:claimText \"  \" .",
            syn = corpus::SYN
        ),
    )
    .expect("writes the defects");
    let found = agree(&session(false, vec![data, defects]), "the corpus");
    assert!(found >= 5, "{found} hits: the defects were not found");
}

/// A random small map in TriG: a few graphs, a pool of nodes (named, blank, vocabulary),
/// properties that refer and that do not, literals.
fn trig(quads: &[(u8, u8, u8, u8)]) -> String {
    const SUBJECTS: [&str; 6] = [
        "ex:n0",
        "ex:n1",
        "ex:n2",
        "_:b0",
        "_:b1",
        "<https://w3id.org/argmap#Undeclared>",
    ];
    const PROPERTIES: [&str; 22] = [
        "aif:claimText",
        "arg:assertedBy",
        "prov:wasAttributedTo",
        "aif:Premise",
        "aif:Conclusion",
        "arg:mentions",
        "prov:wasDerivedFrom",
        "oa:hasSource",
        "rdfs:seeAlso",
        "<http://purl.org/dc/terms/source>",
        "arg:noSuchProperty",
        "a",
        "a",
        "aif:Conclusion",
        "arg:scheme",
        "arg:mainConclusion",
        "arg:answeredBy",
        "arg:warrant",
        "arg:sourceCase",
        "arg:targetCase",
        "arg:supports",
        "arg:relayedBy",
    ];
    // The classes the structural checks are about, and subclasses the derived graph types
    // with them.
    const CLASSES: [&str; 8] = [
        "aif:I-node",
        "arg:EmpiricalClaim",
        "aif:RA-node",
        "aif:CA-node",
        "arg:Undermine",
        "arg:Rebut",
        "arg:HistoricalAnalogy",
        "aif:I-node",
    ];
    const OBJECTS: [&str; 16] = [
        "\"  \"",
        "\"\"",
        "ex:n0",
        "ex:n1",
        "ex:n2",
        "ex:n3",
        "ex:n4",
        "_:b0",
        "aif:I-node",
        "arg:Nothing",
        "<http://schema.org/Person>",
        "<https://www.wikidata.org/wiki/Q2>",
        "<http://www.w3.org/ns/prov#Agent>",
        "\"text\"@en",
        "\"2023-02-29\"^^xsd:date",
        "<https://w3id.org/argmap/graph/derived>",
    ];
    let mut text = String::from(
        "@prefix aif: <http://www.arg.tech/aif#> . @prefix arg: <https://w3id.org/argmap#> .
         @prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .\n",
    );
    for &(graph, s, p, o) in quads {
        let property = PROPERTIES[usize::from(p) % PROPERTIES.len()];
        let object = OBJECTS[usize::from(o) % OBJECTS.len()];
        // rdf:type with a class or a node, never a literal (keeps the data plausible), and
        // claims often.
        let object = if property == "a" && o % 2 == 0 {
            CLASSES[usize::from(o / 2) % CLASSES.len()]
        } else if property == "a" && (object.starts_with('"') || o % 3 == 0) {
            "aif:I-node"
        } else {
            object
        };
        let subject = SUBJECTS[usize::from(s) % SUBJECTS.len()];
        text.push_str(&match graph % 4 {
            3 => format!("{subject} {property} {object} .\n"),
            g => {
                format!("GRAPH <https://example.org/g{g}> {{ {subject} {property} {object} . }}\n")
            }
        });
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_same_findings_on_random_maps(
        quads in proptest::collection::vec(any::<(u8, u8, u8, u8)>(), 0..40)
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("random.trig");
        std::fs::write(&data, trig(&quads)).expect("writes the map");
        agree(&session(false, vec![data]), &trig(&quads));
    }
}
