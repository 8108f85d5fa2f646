//! Helpers shared by the integration tests: the real binary on real files.

#![allow(dead_code)]

pub mod browser;
pub mod rng;
pub mod server;
pub mod tmux;
pub mod virtuoso;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The test fixtures of the shell.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repl")
        .join(name)
}

/// The binary, with no history file and no failpoint.
pub fn argmap() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_argmap"));
    command
        .env("ARGMAP_HISTORY", "")
        .env_remove("ARGMAP_FAILPOINT");
    command
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    argmap()
        .args(args)
        .output()
        .expect("the argmap binary runs")
}

/// Runs the binary with `args` and `input` piped to stdin.
pub fn piped(args: &[&str], input: &str) -> Output {
    let mut child = argmap()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the argmap binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("argmap reads its stdin");
    child.wait_with_output().expect("argmap ends")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a named query in TSV and returns its header and rows, cells as printed by
/// oxigraph's TSV serializer (IRIs in <>, literals quoted).
pub fn tsv(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut full = args.to_vec();
    full.extend(["--format", "tsv"]);
    let output = run(&full);
    assert!(
        output.status.success(),
        "argmap {}: {}",
        full.join(" "),
        stderr(&output)
    );
    let text = stdout(&output);
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(|h| h.trim_start_matches('?').to_owned())
        .collect();
    let rows = lines
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The cells of one column.
pub fn column<'a>(table: &'a (Vec<String>, Vec<Vec<String>>), name: &str) -> Vec<&'a str> {
    let index = table
        .0
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", table.0));
    table.1.iter().map(|row| row[index].as_str()).collect()
}

pub const OFW: &str = "https://w3id.org/argmap/doc/ofwono-2024/";
pub const OFWA: &str = "https://w3id.org/argmap/doc/ofwono-2024/analyst/";

/// `<IRI>` of an `ofw:` node, as TSV prints it.
pub fn ofw(local: &str) -> String {
    format!("<{OFW}{local}>")
}

/// `<IRI>` of an `ofwa:` node, as TSV prints it.
pub fn ofwa(local: &str) -> String {
    format!("<{OFWA}{local}>")
}

/// A folder of `../shared/corpora/` (beside the repository in CI, beside the worktrees'
/// folder in a git worktree); a missing folder fails the test with a message saying so.
pub fn shared_corpus(folder: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = ["../shared", "../../shared"]
        .iter()
        .map(|up| root.join(up).join("corpora").join(folder))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join("../shared/corpora").join(folder));
    assert!(
        path.is_dir(),
        "test data missing: {} (the shared corpora live beside the repository)",
        path.display()
    );
    path
}

/// The `.json` files of a folder, sorted.
pub fn json_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("corpus folder reads")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Runs the binary with `args`, asserts it succeeds, and returns its stdout.
pub fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "argmap {}: {}",
        args.join(" "),
        stderr(&output)
    );
    stdout(&output)
}

/// The lines of an answer, sorted: two engines may order unordered answers differently.
pub fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// The findings of `argmap check --format json`, sorted, without the file each graph was read
/// from (a graph copied from an endpoint has none) and with nodes by IRI (prefixes declared by
/// a local `--data` file are not the endpoint's).
pub fn check_findings(json: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(json).expect("check writes JSON");
    let mut findings: Vec<String> = report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|finding| {
            let mut finding = finding.clone();
            if let Some(object) = finding.as_object_mut() {
                object.remove("node");
            }
            for location in finding["locations"].as_array_mut().into_iter().flatten() {
                if let Some(location) = location.as_object_mut() {
                    location.remove("file");
                }
            }
            finding.to_string()
        })
        .collect();
    findings.sort();
    findings
}

/// The derived graph of `store` as argmap maintained it, and what the SPARQL rules derive
/// from scratch on a copy of everything else, each as sorted N-Quads lines.
pub fn derived_and_reference(
    store: &oxigraph::store::Store,
    prefixes: &argmap::prefixes::Prefixes,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    use oxigraph::model::{GraphName, NamedNode};
    let derived = GraphName::NamedNode(NamedNode::new_unchecked(argmap::query::DERIVED_GRAPH));
    let copy = oxigraph::store::Store::new().unwrap();
    let mut maintained = std::collections::BTreeSet::new();
    for quad in store.iter() {
        let quad = quad.unwrap();
        if quad.graph_name == derived {
            maintained.insert(quad.to_string());
        } else {
            copy.insert(&quad).unwrap();
        }
    }
    argmap::rules::derive(&copy, prefixes, &argmap::rules::bundled()).unwrap();
    let reference = copy
        .quads_for_pattern(None, None, None, Some(derived.as_ref()))
        .map(|q| q.unwrap().to_string())
        .collect();
    (maintained, reference)
}
