//! `argmap check` on real files: every check fires on its broken fixture and nowhere else, quotes
//! are verified in code points, the two output formats agree, and the bundled maps are clean.
//!
//! Fixtures (tests/fixtures/check/): `clean.ttl` is a complete small map that must pass without
//! a finding; each `broken/<check>.ttl` is loaded on top of it and breaks exactly one thing, so
//! it must produce exactly one finding, of that check. The bundled article graphs are left out
//! (`--no-bundled`); `argmap check` always loads the bundled ontology, which the term check and
//! the type closure need.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn path_str(path: &Path) -> String {
    path.to_str().expect("test paths are UTF-8").to_owned()
}

fn argmap(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(args)
        .output()
        .expect("the argmap binary runs")
}

/// `argmap check --no-bundled` over clean.ttl plus `extra` fixtures, with the fixture sources.
fn check_args(extra: &[PathBuf], format: &str) -> Vec<String> {
    let mut args = vec![
        "check".to_owned(),
        "--no-bundled".to_owned(),
        "--sources".to_owned(),
        path_str(&fixtures().join("sources")),
        "--format".to_owned(),
        format.to_owned(),
        "--data".to_owned(),
        path_str(&fixtures().join("clean.ttl")),
    ];
    for file in extra {
        args.push("--data".to_owned());
        args.push(path_str(file));
    }
    args
}

/// The JSON report and the exit code.
fn check_json(extra: &[PathBuf]) -> (Value, Option<i32>) {
    let output = argmap(&check_args(extra, "json"));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "the JSON report does not parse ({e}):\n{}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code())
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings is an array")
}

fn field<'a>(finding: &'a Value, name: &str) -> &'a str {
    finding[name].as_str().unwrap_or_default()
}

/// (check, the node it must name, severity) for every broken fixture.
const BROKEN: [(&str, &str, &str); 21] = [
    ("analogy-without-cases", "ex:analogy-half", "error"),
    ("circular-support", "ex:c-loop-a", "error"),
    ("claim-asserted-by-no-one", "ex:c-anonymous", "warning"),
    ("claim-without-text", "ex:c-mute", "error"),
    ("conflict-without-attacker", "ex:ca-unarmed", "error"),
    ("conflict-without-target", "ex:ca-aimless", "error"),
    ("undermine-of-conclusion", "ex:ca-misnamed", "warning"),
    ("cq-answer-not-a-claim", "ex:cq-answered-by-a-case", "error"),
    ("dangling-reference", "ex:case-nowhere", "error"),
    ("hand-written-shortcut", "ex:c-answer", "error"),
    (
        "inference-without-one-conclusion",
        "ex:ra-two-conclusions",
        "error",
    ),
    ("inference-without-premise", "ex:ra-from-nothing", "error"),
    ("inference-without-scheme", "ex:ra-no-scheme", "warning"),
    ("invalid-literal", "ex:c-past", "error"),
    ("main-conclusion-unsupported", "ex:c-bold", "warning"),
    ("orphan-claim", "ex:c-stray", "warning"),
    ("quote-anchor-incomplete", "ex:c-answer", "error"),
    ("quote-context-mismatch", "ex:c-answer", "error"),
    ("quote-mismatch", "ex:c-answer", "error"),
    ("quote-source-unknown", "ex:c-answer", "error"),
    ("undeclared-term", "arg:qualifer", "error"),
];

/// The bundled ontology files: `check` loads them even under `--no-bundled`.
fn ontology_graphs() -> usize {
    argmap::bundled::rdf_files()
        .filter(|(file, _)| file.path.starts_with("ontology/"))
        .count()
}

fn broken(check: &str) -> PathBuf {
    fixtures().join("broken").join(format!("{check}.ttl"))
}

#[test]
fn the_clean_map_has_no_findings() {
    let (report, code) = check_json(&[]);
    assert_eq!(findings(&report), &Vec::<Value>::new(), "{report:#}");
    assert_eq!(code, Some(0));
    // Its graph plus the ontology's were checked (not the bundled articles), by every check.
    assert_eq!(report["graphs"], ontology_graphs() + 1, "{report:#}");
    assert_eq!(
        report["checks"].as_array().map(Vec::len),
        Some(BROKEN.len())
    );
}

#[test]
fn every_check_fires_exactly_on_its_broken_fixture() {
    let mut failures = Vec::new();
    for (check, node, severity) in BROKEN {
        let (report, code) = check_json(&[broken(check)]);
        let found: Vec<(String, String, String)> = findings(&report)
            .iter()
            .map(|f| {
                (
                    field(f, "check").to_owned(),
                    field(f, "node").to_owned(),
                    field(f, "severity").to_owned(),
                )
            })
            .collect();
        let expected = vec![(check.to_owned(), node.to_owned(), severity.to_owned())];
        if found != expected {
            failures.push(format!("{check}: expected {expected:?}, found {found:?}"));
            continue;
        }
        let finding = &findings(&report)[0];
        // Located in the broken file's graph, with the file named.
        let locations = finding["locations"].as_array().expect("locations");
        let in_broken = locations
            .iter()
            .any(|l| field(l, "file").ends_with(&format!("broken/{check}.ttl")));
        if !in_broken {
            failures.push(format!("{check}: not located in its file: {locations:?}"));
        }
        if field(finding, "fix").is_empty() || field(finding, "message").is_empty() {
            failures.push(format!("{check}: no fix or message: {finding}"));
        }
        let want_code = if severity == "error" { 1 } else { 0 };
        if code != Some(want_code) {
            failures.push(format!("{check}: exit code {code:?}, expected {want_code}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_has_a_broken_fixture() {
    let (report, _) = check_json(&[]);
    let checks: BTreeSet<&str> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let covered: BTreeSet<&str> = BROKEN.iter().map(|(check, _, _)| *check).collect();
    assert_eq!(checks, covered);
    for check in covered {
        assert!(broken(check).is_file(), "no fixture for {check}");
    }
}

/// The one finding of clean.ttl plus `fixture`.
fn single_finding(fixture: PathBuf) -> Value {
    let (report, code) = check_json(&[fixture]);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{report:#}");
    assert_eq!(code, Some(1));
    all[0].clone()
}

#[test]
fn a_quote_moved_by_one_character_is_caught_and_its_real_position_named() {
    // The fixture says 555..616; the text is at 554..615 (code points).
    let finding = single_finding(broken("quote-mismatch"));
    assert_eq!(field(&finding, "check"), "quote-mismatch");
    let detail = field(&finding, "detail");
    assert!(detail.contains("is not at 555..616"), "{detail}");
    assert!(
        detail.contains("reads \"uarantees were given"),
        "the text at the wrong offsets is shown: {detail}"
    );
    assert!(
        detail.contains("the exact text occurs at 554..615 (line 8, column 51)"),
        "{detail}"
    );
    assert_eq!(field(&finding, "fix"), "set oa:start 554 ; oa:end 615");
}

#[test]
fn byte_offsets_are_recognised_and_the_code_point_offsets_given() {
    // Curly quotes and an apostrophe before the quote: bytes 73..109 are code points 67..99.
    let finding = single_finding(fixtures().join("quotes/byte-offsets.ttl"));
    assert_eq!(field(&finding, "check"), "quote-mismatch");
    let detail = field(&finding, "detail");
    assert!(detail.contains("occurs at 67..99"), "{detail}");
    assert!(detail.contains("look like UTF-8 byte offsets"), "{detail}");
    assert_eq!(field(&finding, "fix"), "set oa:start 67 ; oa:end 99");
}

#[test]
fn a_quote_differing_in_whitespace_is_found_with_whitespace_normalised() {
    let finding = single_finding(fixtures().join("quotes/whitespace.ttl"));
    let detail = field(&finding, "detail");
    assert!(
        detail.contains("nowhere verbatim; with whitespace normalised it matches 147..193"),
        "{detail}"
    );
    assert!(
        field(&finding, "fix").contains(r#""the aggressor came back\nfor more within months""#),
        "the fix gives the verbatim text: {finding}"
    );
}

#[test]
fn a_quote_with_straight_quotes_is_found_with_typography_normalised() {
    let finding = single_finding(fixtures().join("quotes/straight-quotes.ttl"));
    let detail = field(&finding, "detail");
    assert!(
        detail.contains("with whitespace, quotes and dashes normalised it matches 67..99"),
        "{detail}"
    );
    assert!(
        field(&finding, "fix").contains("“peace for our time”"),
        "{finding}"
    );
}

#[test]
fn of_several_occurrences_the_one_whose_prefix_fits_is_proposed() {
    let finding = single_finding(fixtures().join("quotes/ambiguous.ttl"));
    let detail = field(&finding, "detail");
    assert!(
        detail.contains("occurs 3 times, at 13..17 (line 1, column 14), 62..66 (line 3, column 4), 579..583 (line 8, column 76)"),
        "{detail}"
    );
    assert_eq!(field(&finding, "fix"), "set oa:start 579 ; oa:end 583");
}

#[test]
fn a_quote_without_offsets_is_told_where_its_text_is() {
    let finding = single_finding(broken("quote-anchor-incomplete"));
    let detail = field(&finding, "detail");
    assert!(
        detail.contains(
            "cannot be placed: no oa:start and no oa:end; the exact text occurs at 554..615"
        ),
        "{detail}"
    );
    assert_eq!(field(&finding, "fix"), "set oa:start 554 ; oa:end 615");
}

#[test]
fn a_quote_found_nowhere_says_so() {
    let finding = single_finding(fixtures().join("quotes/nowhere.ttl"));
    let detail = field(&finding, "detail");
    assert!(detail.contains("occurs nowhere in"), "{detail}");
    assert!(detail.contains("not even with whitespace"), "{detail}");
}

#[test]
fn a_quote_context_mismatch_gives_the_real_prefix() {
    let finding = single_finding(broken("quote-context-mismatch"));
    assert_eq!(
        field(&finding, "fix"),
        r#"set oa:prefix "would deter a new attack. But ""#
    );
}

#[test]
fn the_undeclared_term_finding_suggests_the_declared_one() {
    let finding = single_finding(broken("undeclared-term"));
    assert_eq!(
        field(&finding, "fix"),
        "replace arg:qualifer with arg:qualifier"
    );
    assert_eq!(
        finding["related"],
        serde_json::json!(["ex:c-predict"]),
        "{finding}"
    );
}

/// The headline of each finding in a text report.
fn text_headlines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("error[") || line.starts_with("warning["))
        .map(str::to_owned)
        .collect()
}

#[test]
fn json_and_text_list_the_same_findings() {
    // Every broken fixture at once: many findings of every check.
    let all: Vec<PathBuf> = BROKEN.iter().map(|(check, _, _)| broken(check)).collect();
    let text_output = argmap(&check_args(&all, "text"));
    let text = String::from_utf8_lossy(&text_output.stdout).into_owned();
    let (report, code) = check_json(&all);
    assert_eq!(text_output.status.code(), Some(1));
    assert_eq!(code, Some(1));

    let from_json: Vec<String> = findings(&report)
        .iter()
        .map(|f| {
            let places: Vec<String> = f["locations"]
                .as_array()
                .expect("locations")
                .iter()
                .map(|l| format!("<{}> ({})", field(l, "graph"), field(l, "file")))
                .collect();
            format!(
                "{}[{}]: {} in {}: {}",
                field(f, "severity"),
                field(f, "check"),
                field(f, "node"),
                places.join(", "),
                field(f, "message")
            )
        })
        .collect();
    // Same findings, in the same order.
    assert_eq!(text_headlines(&text), from_json, "text:\n{text}");
    assert!(from_json.len() >= BROKEN.len(), "{from_json:#?}");
    let fixes: Vec<String> = findings(&report)
        .iter()
        .map(|f| format!("  = fix: {}", field(f, "fix")))
        .collect();
    let text_fixes: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("  = fix: "))
        .map(str::to_owned)
        .collect();
    assert_eq!(text_fixes, fixes);

    // Same counts in both summaries.
    let errors = report["errors"].as_u64().expect("errors");
    let warnings = report["warnings"].as_u64().expect("warnings");
    assert!(
        text.contains(&format!("check: {errors} errors, {warnings} warnings in")),
        "{text}"
    );
    // The exit status is explained on stderr.
    assert!(
        String::from_utf8_lossy(&text_output.stderr)
            .contains(&format!("error: the map has {errors} errors")),
    );
}

#[test]
fn warnings_alone_exit_with_zero() {
    let output = argmap(&check_args(&[broken("orphan-claim")], "text"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning[orphan-claim]: ex:c-stray in <file://"),
        "{text}"
    );
    assert!(text.contains("  = fix: link it as a premise"), "{text}");
    let summary = format!(
        "check: 0 errors, 1 warning in {} graphs (",
        ontology_graphs() + 2
    );
    assert!(text.contains(&summary), "{text}");
}

#[test]
fn quotes_without_the_source_folder_are_reported_not_skipped() {
    // Without --sources the fixture's text is unknown: every quote of clean.ttl says so.
    let output = argmap(&[
        "check".to_owned(),
        "--no-bundled".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
        "--data".to_owned(),
        path_str(&fixtures().join("clean.ttl")),
    ]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let nodes: BTreeSet<&str> = findings(&report)
        .iter()
        .inspect(|f| assert_eq!(field(f, "check"), "quote-source-unknown"))
        .map(|f| field(f, "node"))
        .collect();
    assert_eq!(
        nodes,
        BTreeSet::from(["ex:c-now", "ex:c-past", "ex:c-recommend"])
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_missing_sources_folder_is_an_input_error() {
    let output = argmap(&[
        "check".to_owned(),
        "--sources".to_owned(),
        path_str(&fixtures().join("no-such-folder")),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no-such-folder: no such folder"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_bundled_graphs_have_no_errors() {
    let output = argmap(&["check".to_owned(), "--format".to_owned(), "json".to_owned()]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let errors: Vec<String> = findings(&report)
        .iter()
        .filter(|f| field(f, "severity") == "error")
        .map(|f| format!("{f}"))
        .collect();
    assert!(
        errors.is_empty(),
        "errors in the bundled maps:\n{}",
        errors.join("\n")
    );
    assert_eq!(output.status.code(), Some(0));
}

/// The synthetic corpus (benches/corpus) is acyclic, attributed and connected by construction:
/// across 10 documents with cross-document support, check must find nothing, and a cycle
/// closed across two documents must be found once, on its first claim.
#[test]
fn the_synthetic_corpus_is_clean_and_a_cross_document_cycle_is_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("corpus.trig");
    let written = corpus::Corpus {
        cross: 0.05,
        ..corpus::Corpus::new(1_000)
    }
    .write_trig_file(&data)
    .expect("writes the corpus");
    assert_eq!(written.documents, 10);
    let args = |extra: &[&Path]| {
        let mut args: Vec<String> = ["check", "--no-bundled", "--format", "json", "--data"]
            .map(String::from)
            .to_vec();
        args.push(path_str(&data));
        for file in extra {
            args.push("--data".to_owned());
            args.push(path_str(file));
        }
        args
    };
    let output = argmap(&args(&[]));
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert_eq!(findings(&report).len(), 0, "{report:#}");
    assert_eq!(output.status.code(), Some(0));

    // The main conclusions of the first and the last document support each other.
    let cycle = dir.path().join("cycle.ttl");
    std::fs::write(
        &cycle,
        format!(
            "@prefix aif: <http://www.arg.tech/aif#> . @prefix arg: <https://w3id.org/argmap#> .
             @prefix syn: <{}> .
             syn:x-ra1 a aif:RA-node ; arg:scheme arg:DefaultInference ;
                 aif:Premise syn:d0-c0 ; aif:Conclusion syn:d9-c0 .
             syn:x-ra2 a aif:RA-node ; arg:scheme arg:DefaultInference ;
                 aif:Premise syn:d9-c0 ; aif:Conclusion syn:d0-c0 .",
            corpus::SYN
        ),
    )
    .expect("writes");
    let output = argmap(&args(&[&cycle]));
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let cycles: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| field(f, "check") == "circular-support")
        .collect();
    assert_eq!(cycles.len(), 1, "{report:#}");
    assert_eq!(
        field(cycles[0], "node_iri"),
        format!("{}d0-c0", corpus::SYN)
    );
    assert_eq!(cycles[0]["related"].as_array().map(Vec::len), Some(1));
    assert_eq!(output.status.code(), Some(1));
}
