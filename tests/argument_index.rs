//! The argument index a RocksDB store keeps beside each snapshot (`store::index`) holds what a
//! scan of the store finds, after every step of random sequences of loads (through a
//! transaction and streamed through the bulk loader), updates, deletes, drops, updates that
//! write `GRAPH ?g`, and evaluation labels; for the writer and for a reader opened after the
//! step. And the map an evaluation builds from it is the one it builds from the store.
#![cfg(feature = "rocksdb")]

mod common;

use argmap::eval::aspic::{self, Options};
use argmap::store::index::{self, Segment};
use argmap::store::{ArgStore, Backend, OpenOptions};
use argmap::workspace::Access;
use common::rng::Rng;
use oxigraph::model::{Literal, NamedNode, Triple};
use std::collections::BTreeSet;
use std::path::Path;

const CLASSES: [&str; 9] = [
    "aif:RA-node",
    "aif:CA-node",
    "aif:PA-node",
    "aif:I-node",
    "arg:Rebut",
    "arg:Undermine",
    "arg:Undercut",
    "arg:ReportedFact",
    "arg:EmpiricalClaim",
];

fn node(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => format!("_:b{}", rng.below(3)),
        _ => format!("ex:n{}", rng.below(8)),
    }
}

/// One random statement: mostly of the kinds the index holds, and some it does not.
fn statement(rng: &mut Rng) -> String {
    match rng.below(11) {
        0..=3 => format!("{} a {} .", node(rng), rng.pick(&CLASSES)),
        4..=5 => format!("{} aif:Premise {} .", node(rng), node(rng)),
        6 => format!("{} aif:Conclusion {} .", node(rng), node(rng)),
        7 => format!("{} aif:Conclusion \"a literal\" .", node(rng)),
        8 => format!("{} aif:claimText \"x{}\" .", node(rng), rng.below(2)),
        9 => format!("ex:doc arg:mainConclusion {} .", node(rng)),
        _ => format!("ex:doc arg:thesis {} .", node(rng)),
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
    @prefix ex: <https://example.org/> .\n";

/// A document big enough (over 1 MiB) to stream through the bulk loader, in graph `graph`.
fn big_document(graph: &str, n: usize) -> String {
    let mut out = format!("{PREFIXES}<{graph}> {{\n");
    for c in 0..6_000 {
        out.push_str(&format!(
            "ex:big{n}-c{c} a aif:I-node ; aif:claimText \"claim {c} of a document big enough to be streamed\" .\n\
             ex:big{n}-ra{c} a aif:RA-node ; aif:Premise ex:big{n}-c{c} ; aif:Conclusion ex:n{} .\n",
            c % 8
        ));
    }
    out.push_str("}\n");
    out
}

/// Segments as lines, whatever the numbering of their terms.
fn lines(segments: &[Segment]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in segments {
        let t = |i: u32| s.term(i).to_term().to_string();
        for &(a, b) in &s.premises {
            out.insert(format!("{} premise {} {}", s.graph, t(a), t(b)));
        }
        for &(a, b) in &s.conclusions {
            out.insert(format!("{} conclusion {} {}", s.graph, t(a), t(b)));
        }
        for &(a, kind) in &s.kinds {
            out.insert(format!("{} kind {} {kind}", s.graph, t(a)));
        }
        for (a, text) in s.texts() {
            out.insert(format!("{} text {} {text:?}", s.graph, t(a)));
        }
        for &(a, role) in &s.roles {
            out.insert(format!("{} role {} {role}", s.graph, t(a)));
        }
    }
    out
}

fn open(path: &Path, access: Access) -> ArgStore {
    ArgStore::open(&OpenOptions {
        store: Some((path.to_owned(), access)),
        backend: Some(Backend::RocksDb),
        ..OpenOptions::default()
    })
    .unwrap()
}

/// The store's index against a scan of its store, and the maps built from each.
fn check(store: &ArgStore, context: &str) {
    let indexed = store
        .argument_index(|_| true)
        .unwrap()
        .unwrap_or_else(|| panic!("{context}: no index"));
    let scanned = index::scan(store.oxigraph(), |_| true).unwrap();
    assert_eq!(lines(&indexed), lines(&scanned), "{context}");
    let options = Options::default();
    let from_index = aspic::map_from_index(&indexed, &options, true).unwrap();
    let from_store = aspic::read_map(store.oxigraph(), &options).unwrap();
    assert_eq!(
        format!("{from_index:?}"),
        format!("{from_store:?}"),
        "{context}: the maps differ"
    );
}

#[test]
fn the_index_of_every_snapshot_holds_what_a_scan_of_it_finds() {
    let dir = tempfile::tempdir().unwrap();
    let mut streamed = 0;
    for seed in 1..=6u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let path = dir.path().join(format!("store{seed}"));
        let mut store = open(&path, Access::Write);
        check(&store, &format!("seed {seed}, new store"));
        for step in 0..10 {
            let graph = format!("https://example.org/g{}", rng.below(4));
            let what = match rng.below(9) {
                0 | 1 => {
                    let file = dir.path().join(format!("s{seed}-{step}.trig"));
                    let n = rng.below(12);
                    let body = statements(&mut rng, n);
                    std::fs::write(&file, format!("{PREFIXES}<{graph}> {{ {body} }}")).unwrap();
                    store.load_files(&[file], None).unwrap();
                    "load"
                }
                2 => {
                    let n = 1 + rng.below(4);
                    let body = statements(&mut rng, n);
                    let target = match rng.below(3) {
                        0 => body,
                        _ => format!("GRAPH <{graph}> {{ {body} }}"),
                    };
                    store
                        .update(&format!(
                            "PREFIX aif: <http://www.arg.tech/aif#> PREFIX arg: <https://w3id.org/argmap#> \
                             PREFIX ex: <https://example.org/> INSERT DATA {{ {target} }}"
                        ))
                        .unwrap();
                    "insert"
                }
                3 => {
                    let predicate = rng.pick(&[
                        "a",
                        "<http://www.arg.tech/aif#Premise>",
                        "<http://www.arg.tech/aif#Conclusion>",
                    ]);
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
                5 => {
                    store
                        .update(&format!(
                            "DELETE {{ GRAPH ?g {{ ?s a ?c }} }} WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER (?g = <{graph}>) }}"
                        ))
                        .unwrap();
                    "delete from GRAPH ?g"
                }
                6 => {
                    streamed += 1;
                    let graph = format!("https://example.org/big{streamed}");
                    let file = dir.path().join(format!("big{streamed}.trig"));
                    std::fs::write(&file, big_document(&graph, streamed)).unwrap();
                    store.load_files(&[file], None).unwrap();
                    "streamed load"
                }
                7 => {
                    // Labels, few (a transaction) or many (the bulk loader).
                    let n = [3, 60_000][rng.below(2)];
                    let label = NamedNode::new_unchecked("https://w3id.org/argmap#status");
                    let triples = (0..n).map(|i| {
                        Triple::new(
                            NamedNode::new_unchecked(format!("https://example.org/l{i}")),
                            label.clone(),
                            Literal::from(i as i64),
                        )
                    });
                    let eval = NamedNode::new_unchecked(format!(
                        "{}grounded",
                        argmap::store::EVAL_GRAPH_BASE
                    ));
                    store.replace_eval_graph(&eval, triples).unwrap();
                    "eval labels"
                }
                _ => {
                    drop(store);
                    store = open(&path, Access::Write);
                    "reopen"
                }
            };
            let context = format!("seed {seed}, step {step} ({what} in {graph})");
            check(&store, &context);
            if rng.below(3) == 0 {
                check(&open(&path, Access::Read), &format!("{context}, a reader"));
            }
        }
    }
    assert!(streamed > 0, "no streamed load was drawn");
}

/// A snapshot without an index (made by an argmap from before it) is read from the store, and
/// the next change makes the index whole.
#[test]
fn a_store_without_an_index_is_read_from_the_store_and_indexed_at_its_next_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let mut store = open(&path, Access::Write);
    store
        .update(
            "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/ra> a <http://www.arg.tech/aif#RA-node> } }",
        )
        .unwrap();
    drop(store);
    for entry in std::fs::read_dir(path.join("snapshots")).unwrap() {
        let manifest = entry.unwrap().path().join("argmap-index");
        if manifest.exists() {
            std::fs::remove_file(manifest).unwrap();
        }
    }
    let mut store = open(&path, Access::Write);
    assert!(store.argument_index(|_| true).unwrap().is_none());
    store
        .update("INSERT DATA { GRAPH <https://example.org/h> { <https://example.org/x> a <http://www.arg.tech/aif#I-node> } }")
        .unwrap();
    check(&store, "after the change");
    let lines = lines(&store.argument_index(|_| true).unwrap().unwrap());
    assert!(
        lines.iter().any(|l| l.contains("example.org/ra")),
        "{lines:?}"
    );
}

/// The index is derived data: `argmap eval` on a store whose index is damaged says so, gives
/// the statuses it gives from a whole index (read from the store's quads instead), and the
/// change it makes (its labels) writes the index whole again. With the real binary.
#[test]
fn eval_reads_the_quads_where_the_index_is_damaged_and_its_next_change_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let store = path.to_str().unwrap();
    let map =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aif/shared-a.json");
    common::ok(&[
        "load",
        map.to_str().unwrap(),
        "--store",
        store,
        "--backend",
        "rocksdb",
    ]);
    let eval = ["eval", "--store", store];
    let whole = common::ok(&eval);
    assert!(whole.lines().count() > 2, "{whole}");
    let mut damaged = 0;
    for entry in std::fs::read_dir(path.join("index")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"not a segment").unwrap();
        damaged += 1;
    }
    assert!(damaged > 0);
    let output = common::run(&eval);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(common::stdout(&output), whole);
    let warning = common::stderr(&output);
    assert!(
        warning.contains("argument index") && warning.contains("from the store's quads"),
        "{warning}"
    );
    let output = common::run(&eval);
    assert_eq!(common::stdout(&output), whole);
    assert!(
        !common::stderr(&output).contains("argument index"),
        "{}",
        common::stderr(&output)
    );
    check(&open(&path, Access::Read), "after the mend");
}
