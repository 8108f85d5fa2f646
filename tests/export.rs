//! `argmap export` loads back: deterministic bytes, the bundled and derived graphs left out,
//! TriG, N-Quads and JSON-LD round trips through `argmap load`; ASK results in CSV/TSV that
//! clients read; RDF/XML without unused namespace declarations.

mod common;

use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name)
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// Runs argmap and returns its stdout, failing with its stderr.
fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn two_exports_are_byte_identical_and_blank_nodes_canonical() {
    // The bundled maps have many blank nodes (quote anchors); their labels used to be random.
    let first = ok(&["export", "--include-bundled"]);
    let second = ok(&["export", "--include-bundled"]);
    assert!(first.contains("_:"), "the bundled maps have blank nodes");
    assert!(first == second, "two exports differ");
    assert!(first.contains("<https://w3id.org/argmap/bundled/"));
}

#[test]
fn a_user_export_leaves_out_the_bundled_and_derived_graphs() {
    let data = fixture("critique.trig");
    let out = ok(&["export", "--data", path_str(&data), "--format", "nquads"]);
    assert!(!out.contains("w3id.org/argmap/bundled/"), "{out}");
    assert!(!out.contains("w3id.org/argmap/graph/"), "{out}");
    assert!(
        out.contains("<https://example.org/export/critique> .\n"),
        "{out}"
    );
    assert!(
        out.contains("<https://example.org/export/notes> .\n"),
        "{out}"
    );
}

#[test]
fn export_then_load_gives_the_same_graphs_in_trig_nquads_and_jsonld() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = dir.path().join("a");
    ok(&[
        "load",
        path_str(&fixture("critique.trig")),
        "--store",
        path_str(&original),
    ]);
    // N-Quads: the same graphs, whatever prefixes the loaded file declared.
    let export = |store: &Path| ok(&["export", "--store", path_str(store), "--format", "nquads"]);
    let reference = export(&original);
    assert!(reference.contains("\"good\""), "{reference}");
    for (format, extension) in [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "jsonld")] {
        let file = dir.path().join(format!("export.{extension}"));
        let text = ok(&["export", "--store", path_str(&original), "--format", format]);
        std::fs::write(&file, &text).expect("writes the export");
        let copy = dir.path().join(format!("copy-{format}"));
        ok(&["load", path_str(&file), "--store", path_str(&copy)]);
        let again = export(&copy);
        assert!(
            again == reference,
            "{format} round trip differs:\n{again}\n---\n{reference}"
        );
        if format == "trig" {
            // TriG keeps the prefixes too: the default export is byte-identical.
            let trig = |store: &Path| ok(&["export", "--store", path_str(store)]);
            assert!(trig(&copy) == trig(&original), "the TriG export differs");
        }
    }
}

#[test]
fn ask_results_in_csv_and_tsv_have_a_header_clients_read() {
    let csv = ok(&["query", "ASK { ?claim a aif:I-node }", "--format", "csv"]);
    assert_eq!(csv, "_askResult\r\ntrue\r\n");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(header.iter().collect::<Vec<_>>(), ["_askResult"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "true");
    let tsv = ok(&[
        "query",
        "ASK { ?claim a arg:NoSuchClass }",
        "--format",
        "tsv",
    ]);
    assert_eq!(tsv, "?_askResult\nfalse\n");
}

#[test]
fn rdf_xml_declares_only_the_namespaces_it_uses() {
    let xml = ok(&[
        "export",
        "--graph",
        "ofwono-2024/analyst",
        "--format",
        "rdfxml",
    ]);
    let declared: Vec<&str> = xml
        .split("xmlns:")
        .skip(1)
        .filter_map(|rest| rest.split('=').next())
        .collect();
    assert!(declared.contains(&"arg"), "{declared:?}");
    for prefix in &declared {
        assert!(
            xml.contains(&format!("<{prefix}:")),
            "xmlns:{prefix} is declared but no element uses it"
        );
    }
    // Loads back as RDF/XML.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("analyst.rdf");
    std::fs::write(&file, &xml).expect("writes");
    ok(&[
        "query",
        "--no-bundled",
        "--data",
        path_str(&file),
        "ASK { ?s ?p ?o }",
    ]);
}
