//! Quote anchors computed for the author: `argmap anchor` on a Turtle map, and Argdown loads.

mod common;

use common::{argmap, stderr, stdout};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{Term, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const OA: &str = "http://www.w3.org/ns/oa#";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/anchor").join(name)
}

fn triples(path: &Path) -> Vec<Triple> {
    let bytes = std::fs::read(path).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&bytes)
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn value(triples: &[Triple], subject: &Term, predicate: &str) -> Vec<Term> {
    triples
        .iter()
        .filter(|t| Term::from(t.subject.clone()) == *subject && t.predicate.as_str() == predicate)
        .map(|t| t.object.clone())
        .collect()
}

fn text(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Every anchor of a map: (claim, exact) -> (prefix, suffix, start, end).
fn anchors(triples: &[Triple]) -> BTreeMap<(String, String), Vec<String>> {
    let mut out = BTreeMap::new();
    for t in triples
        .iter()
        .filter(|t| t.predicate.as_str().ends_with("#quote"))
    {
        let mut exact = String::new();
        let mut rest = vec![String::new(); 4];
        for selector in value(triples, &t.object, &format!("{OA}hasSelector")) {
            for (i, p) in ["prefix", "suffix", "start", "end"].iter().enumerate() {
                if let Some(v) = value(triples, &selector, &format!("{OA}{p}")).first() {
                    rest[i] = text(v);
                }
            }
            if let Some(v) = value(triples, &selector, &format!("{OA}exact")).first() {
                exact = text(v);
            }
        }
        out.insert((t.subject.to_string(), exact), rest);
    }
    out
}

/// The bundled author map with every anchor cut down to its words.
fn stripped_author_map(dir: &Path) -> PathBuf {
    let all = triples(&root().join("graphs/ofwono-2024/author.ttl"));
    let positions: BTreeSet<String> = all
        .iter()
        .filter(|t| t.predicate.as_str() == format!("{OA}start"))
        .map(|t| t.subject.to_string())
        .collect();
    let kept = all.iter().filter(|t| {
        let cut_predicate = matches!(
            t.predicate.as_str().strip_prefix(OA),
            Some("prefix" | "suffix")
        );
        !cut_predicate
            && !positions.contains(&t.subject.to_string())
            && !positions.contains(&t.object.to_string())
    });
    let mut writer = RdfSerializer::from_format(RdfFormat::Turtle)
        .with_prefix("oa", OA)
        .unwrap()
        .for_writer(Vec::new());
    for t in kept {
        writer.serialize_triple(t).unwrap();
    }
    let path = dir.join("author.ttl");
    std::fs::write(&path, writer.finish().unwrap()).unwrap();
    path
}

#[test]
fn anchor_restores_the_bundled_selectors_from_the_words_alone() {
    let dir = tempfile::tempdir().unwrap();
    let original = anchors(&triples(&root().join("graphs/ofwono-2024/author.ttl")));
    assert!(
        original.len() >= 80,
        "the author map quotes: {}",
        original.len()
    );
    let stripped = stripped_author_map(dir.path());
    let before = anchors(&triples(&stripped));
    assert!(
        before.values().all(|v| v.iter().all(String::is_empty)),
        "stripped"
    );
    let out = dir.path().join("anchored.ttl");
    let source = root().join("sources/ofwono-2024-russian-north-korean-axis.txt");
    let output = argmap()
        .args(["anchor", stripped.to_str().unwrap(), "--source"])
        .arg(&source)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("anchored {} quote(s)", original.len())),
        "{}",
        stderr(&output)
    );
    assert_eq!(anchors(&triples(&out)), original);

    // In place: the same result, no temporary file left behind, and `check` is clean.
    let output = argmap()
        .args([
            "anchor",
            stripped.to_str().unwrap(),
            "--in-place",
            "--source",
        ])
        .arg(&source)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(anchors(&triples(&stripped)), original);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn anchor_refuses_an_ambiguous_quote_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.ttl");
    let turtle = r#"@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix arg: <https://w3id.org/argmap#> .
<http://example.org/firm> arg:quote [ oa:hasSource <http://example.org/src> ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "we must stand firm" ] ] .
<http://example.org/src> arg:fileName "twice.txt" .
"#;
    std::fs::write(&map, turtle).unwrap();
    let source = fixture("twice.txt");
    let output = argmap()
        .args(["anchor", map.to_str().unwrap(), "--in-place", "--source"])
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("<http://example.org/firm>: \"we must stand firm\" occurs 2 times"),
        "{message}"
    );
    assert!(message.contains("oa:prefix"), "{message}");
    assert_eq!(std::fs::read_to_string(&map).unwrap(), turtle);

    // A few words before it choose the second one.
    std::fs::write(
        &map,
        turtle.replace(
            r#"oa:exact "we"#,
            r#"oa:prefix "cannot, but" ; oa:exact "we"#,
        ),
    )
    .unwrap();
    let output = argmap()
        .args(["anchor", map.to_str().unwrap(), "--source"])
        .arg(&source)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let written = stdout(&output);
    assert!(written.contains(r#"oa:start "55""#), "{written}");
    assert!(
        written.contains(r#"oa:prefix " The critics say we cannot, but ""#),
        "{written}"
    );
}

#[test]
fn argdown_quotes_are_anchored_on_load_and_check_clean() {
    let example = root().join("examples/op-ed");
    let output = argmap()
        .args(["check", "--no-bundled", "--data"])
        .arg(example.join("city-trams.argdown"))
        .arg("--sources")
        .arg(&example)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("no problems"),
        "{}",
        stdout(&output)
    );
    let output = argmap()
        .args(["query", "--no-bundled", "--format", "tsv", "--data"])
        .arg(example.join("city-trams.argdown"))
        .arg("SELECT ?s ?e ?exact { ?c arg:quote ?q . ?q oa:hasSelector ?x, ?y . ?x oa:exact ?exact . ?y oa:start ?s ; oa:end ?e } ORDER BY ?s")
        .output()
        .unwrap();
    let rows = stdout(&output);
    // Typed with a straight apostrophe, anchored with the text's own curly one.
    assert!(
        rows.contains("35\t84\t\"Our city’s buses are full by seven in the morning\""),
        "{rows}"
    );
    assert_eq!(rows.lines().count(), 8, "{rows}");
}

#[test]
fn argdown_quote_errors_say_where_and_how_to_fix() {
    let output = argmap()
        .args(["check", "--no-bundled", "--data"])
        .arg(fixture("twice.argdown"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("twice.argdown:6:3: \"we must stand firm\" occurs 2 times"),
        "{message}"
    );
    assert!(message.contains("`quote-prefix:`"), "{message}");
    assert!(message.contains("`occurrence: N`"), "{message}");

    let output = argmap()
        .args(["check", "--no-bundled", "--data"])
        .arg(fixture("missing.argdown"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("missing.argdown:6:3: \"the critics claim we cannot\" occurs nowhere"),
        "{message}"
    );
    assert!(
        message.contains(
            "the closest passage is \"The critics say we cannot\" at 24..49 (line 1, column 25)"
        ),
        "{message}"
    );
}
