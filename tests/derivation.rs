//! The shortcuts the store maintains change by change equal what the SPARQL rules of
//! `ontology/rules/` derive from scratch, after every step of random sequences of loads,
//! updates and deletes.

mod common;

use argmap::store::{ArgStore, OpenOptions};
use common::rng::Rng;
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;
use std::path::Path;

const CLASSES: [&str; 10] = [
    "aif:RA-node",
    "aif:CA-node",
    "aif:PA-node",
    "arg:Rebut",
    "arg:Undermine",
    "arg:Undercut",
    "aif:I-node",
    "arg:EmpiricalClaim",
    "ex:MyKind",
    "ex:Sub",
];

fn node(rng: &mut Rng) -> String {
    format!("ex:n{}", rng.below(8))
}

/// One random statement of the kinds the rules read (and a few they do not).
fn statement(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => format!("{} a {} .", node(rng), rng.pick(&CLASSES)),
        4..=5 => format!("{} aif:Premise {} .", node(rng), node(rng)),
        6..=7 => format!("{} aif:Conclusion {} .", node(rng), node(rng)),
        // Chains too: what ex:Sub's nodes derive changes with ex:MyKind's superclasses.
        8 => format!(
            "{} rdfs:subClassOf {} .",
            rng.pick(&["ex:MyKind", "ex:MyKind", "ex:Sub", "ex:Other"]),
            rng.pick(&[
                "arg:Rebut",
                "aif:RA-node",
                "arg:EmpiricalClaim",
                "ex:Other",
                "ex:MyKind",
            ])
        ),
        _ => format!("{} rdfs:label \"x\" .", node(rng)),
    }
}

fn statements(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| statement(rng))
        .collect::<Vec<_>>()
        .join("\n")
}

const PREFIXES: &str = "@prefix aif: <http://www.arg.tech/aif#> .\n\
    @prefix arg: <https://w3id.org/argmap#> .\n\
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
    @prefix ex: <https://example.org/> .\n";

/// The derived graph as maintained, and as the SPARQL rules compute it on a copy.
fn maintained_and_reference(store: &ArgStore) -> (BTreeSet<String>, BTreeSet<String>) {
    common::derived_and_reference(store.oxigraph(), store.prefixes())
}

#[test]
fn incremental_shortcuts_equal_a_derivation_from_scratch() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut store = ArgStore::open(&OpenOptions {
            bundled: false,
            data: vec![root.join("ontology")],
            ..OpenOptions::default()
        })
        .unwrap();
        for step in 0..12 {
            let graph = format!("https://example.org/g{}", rng.below(4));
            let what = match rng.below(6) {
                0 | 1 => {
                    let file = dir.path().join(format!("s{seed}-{step}.ttl"));
                    let n = rng.below(12);
                    std::fs::write(&file, format!("{PREFIXES}{}", statements(&mut rng, n)))
                        .unwrap();
                    let graph = NamedNode::new(&graph).unwrap();
                    store.load_files(&[file], Some(graph)).unwrap();
                    "load"
                }
                2 => {
                    let n = 1 + rng.below(4);
                    let body = statements(&mut rng, n);
                    store
                        .update(&format!("PREFIX ex: <https://example.org/> INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}"))
                        .unwrap();
                    "insert"
                }
                3 => {
                    let predicate =
                        rng.pick(&["a", "aif:Premise", "aif:Conclusion", "rdfs:subClassOf"]);
                    store
                        .update(&format!(
                            "DELETE WHERE {{ GRAPH <{graph}> {{ ?s {predicate} ?o }} }}"
                        ))
                        .unwrap();
                    "delete"
                }
                4 => {
                    store
                        .update(&format!("DROP SILENT GRAPH <{graph}>"))
                        .unwrap();
                    "drop"
                }
                _ => {
                    // A graph variable: which graphs change only the data tells.
                    store
                        .update(&format!(
                            "DELETE {{ GRAPH ?g {{ ?s a ?c }} }} WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER (?g = <{graph}>) }}"
                        ))
                        .unwrap();
                    "delete from GRAPH ?g"
                }
            };
            let (maintained, reference) = maintained_and_reference(&store);
            assert_eq!(
                maintained, reference,
                "seed {seed}, step {step} ({what} in {graph}): maintained shortcuts differ from the rules"
            );
        }
    }
}

#[test]
fn the_bundled_map_derives_what_the_rules_derive() {
    let store = ArgStore::with_bundled().unwrap();
    let (maintained, reference) = maintained_and_reference(&store);
    assert!(maintained.len() > 500, "{} shortcuts", maintained.len());
    assert_eq!(maintained, reference);
}
