//! Every input the fuzz targets (`fuzz/`, run with `fuzz/run.sh`) ever crashed, hung or blew up
//! on, kept in `tests/fixtures/fuzz/TARGET/`, plus the targets' hand-written seeds in
//! `fuzz/corpus/TARGET/`, run through the same harness as the fuzzer, on stable, in the normal
//! suite. A panic in a harness (the library panicked, or an invariant the harness checks broke)
//! fails the test and names the file.

use std::path::{Path, PathBuf};

#[path = "../fuzz/harness/aif.rs"]
mod aif;
#[path = "../fuzz/harness/argdown.rs"]
mod argdown;
#[path = "../fuzz/harness/bind.rs"]
mod bind;
#[path = "../fuzz/harness/iccma.rs"]
mod iccma;
#[path = "../fuzz/harness/meta.rs"]
mod meta;
#[path = "../fuzz/harness/query.rs"]
mod query;
#[path = "../fuzz/harness/rdf.rs"]
mod rdf;
#[path = "../fuzz/harness/split.rs"]
mod split;

/// The inputs of one target: regressions first, then seeds, in name order.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in [
        root.join("tests/fixtures/fuzz").join(target),
        root.join("fuzz/corpus").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Runs `harness` on every input of `target`, each on its own thread so that a panic names the
/// file it came from.
fn replay(target: &str, harness: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for fuzz target {target}");
    for file in files {
        let data = std::fs::read(&file).expect("fuzz input readable");
        let outcome = std::thread::Builder::new()
            // The fuzzer's main thread has 8 MiB of stack; so has each replay.
            .stack_size(8 << 20)
            .spawn(move || harness(&data))
            .expect("thread starts")
            .join();
        assert!(
            outcome.is_ok(),
            "fuzz target {target} fails on {}",
            file.display()
        );
    }
}

#[test]
fn split_inputs() {
    replay("split", split::run);
}

#[test]
fn meta_inputs() {
    replay("meta", meta::run);
}

#[test]
fn bind_inputs() {
    replay("bind", bind::run);
}

#[test]
fn query_inputs() {
    replay("query", query::run);
}

#[test]
fn rdf_inputs() {
    replay("rdf", rdf::run);
}

#[test]
fn aif_inputs() {
    replay("aif", aif::run);
}

#[test]
fn argdown_inputs() {
    replay("argdown", argdown::run);
}

#[test]
fn iccma_inputs() {
    replay("iccma", iccma::run);
}
