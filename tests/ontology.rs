//! The vocabulary in `ontology/`: it loads, it declares every term the data and queries use,
//! and its rules derive exactly the shortcuts, idempotently.

use argmap::prefixes::ARG;
use argmap::query::{DERIVED_GRAPH, QueryOutcome, QueryRequest};
use argmap::rules;
use argmap::store::{ArgStore, OpenOptions};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad, Term};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_with_extension(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_with_extension(&path, extension, found);
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found.sort();
}

fn argmap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(args)
        .output()
        .expect("the argmap binary runs")
}

fn strings(outcome: &QueryOutcome) -> Vec<Vec<String>> {
    let QueryOutcome::Solutions { rows, .. } = outcome else {
        panic!("not a SELECT answer: {outcome:?}");
    };
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|t| match t {
                    Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_ontology_file_parses_and_is_loaded_by_the_binary() {
    let mut files = Vec::new();
    files_with_extension(&root().join("ontology"), "ttl", &mut files);
    assert!(files.len() >= 4, "ontology files: {files:?}");
    let output = argmap(&["graphs"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listing = String::from_utf8_lossy(&output.stdout);
    for file in files {
        let relative = file.strip_prefix(root()).unwrap().with_extension("");
        let graph = format!(
            "<https://w3id.org/argmap/bundled/{}>",
            relative.to_string_lossy()
        );
        let line = listing
            .lines()
            .find(|l| l.contains(&graph))
            .unwrap_or_else(|| panic!("{graph} not loaded:\n{listing}"));
        let triples: usize = line.split('|').nth(1).unwrap().trim().parse().unwrap();
        assert!(triples > 10, "{graph} holds only {triples} triples");
    }
}

/// Every IRI in our namespace that a Turtle document mentions anywhere.
fn terms_in_rdf(path: &Path) -> BTreeSet<String> {
    let format = if path.extension().is_some_and(|e| e == "ttl") {
        RdfFormat::Turtle
    } else {
        RdfFormat::NTriples
    };
    let text = fs::read(path).unwrap();
    let mut terms = BTreeSet::new();
    for quad in RdfParser::from_format(format).for_slice(&text) {
        let quad: Quad = quad.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut note = |iri: &str| {
            if iri.starts_with(ARG) {
                terms.insert(iri.to_owned());
            }
        };
        if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = &quad.subject {
            note(n.as_str());
        }
        note(quad.predicate.as_str());
        match &quad.object {
            Term::NamedNode(n) => note(n.as_str()),
            Term::Literal(l) => note(l.datatype().as_str()),
            _ => {}
        }
    }
    terms
}

/// Every `arg:name` or `<https://w3id.org/argmap#name>` in a SPARQL text.
fn terms_in_sparql(text: &str) -> BTreeSet<String> {
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut terms = BTreeSet::new();
    for (marker, closing) in [("arg:", None), (ARG, Some('>'))] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            let preceded_by_name = rest[..at].chars().next_back().is_some_and(is_name);
            let after = &rest[at + marker.len()..];
            let local: String = after.chars().take_while(|&c| is_name(c)).collect();
            let local = local.trim_end_matches('.');
            let complete = closing.is_none_or(|c| after[local.len()..].starts_with(c));
            if !preceded_by_name && !local.is_empty() && complete {
                terms.insert(format!("{ARG}{local}"));
            }
            rest = after;
        }
    }
    terms
}

#[test]
fn the_term_scanner_sees_a_typo() {
    // The test below is only as good as its scanner: show that it finds misspelt terms.
    let found = terms_in_sparql(
        "SELECT ?c { ?p arg:suports+ ?c . ?x <https://w3id.org/argmap#attaks> ?y } # xarg:no",
    );
    assert_eq!(
        found,
        BTreeSet::from([format!("{ARG}suports"), format!("{ARG}attaks")])
    );
    let declared = declared_terms();
    assert!(!declared.contains(&format!("{ARG}suports")));
    assert!(declared.contains(&format!("{ARG}supports")));
}

/// Terms with both a label and a comment in a bundled ontology graph.
fn declared_terms() -> BTreeSet<String> {
    let store = ArgStore::with_bundled().unwrap();
    let outcome = store
        .query(&QueryRequest::new(
            "SELECT DISTINCT ?term { GRAPH ?g { ?term rdfs:label ?label ; rdfs:comment ?comment }
             FILTER(STRSTARTS(STR(?g), 'https://w3id.org/argmap/bundled/ontology/')) }",
        ))
        .unwrap();
    strings(&outcome)
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

#[test]
fn every_term_used_in_graphs_queries_and_rules_is_declared() {
    let declared = declared_terms();
    let mut used: Vec<(String, PathBuf)> = Vec::new();
    let mut files = Vec::new();
    files_with_extension(&root().join("graphs"), "ttl", &mut files);
    files_with_extension(&root().join("tests/fixtures/ontology"), "ttl", &mut files);
    assert!(!files.is_empty());
    for file in &files {
        used.extend(terms_in_rdf(file).into_iter().map(|t| (t, file.clone())));
    }
    let mut sparql = Vec::new();
    files_with_extension(&root().join("queries"), "rq", &mut sparql);
    files_with_extension(&root().join("ontology/rules"), "ru", &mut sparql);
    for file in &sparql {
        let text = fs::read_to_string(file).unwrap();
        used.extend(
            terms_in_sparql(&text)
                .into_iter()
                .map(|t| (t, file.clone())),
        );
    }
    let undeclared: Vec<String> = used
        .iter()
        .filter(|(term, _)| !declared.contains(term))
        .map(|(term, file)| format!("{term} in {}", file.display()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "terms used but not declared (with rdfs:label and rdfs:comment) in ontology/:\n{}",
        undeclared.join("\n")
    );
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/ontology/mini-map.ttl")
}

/// A session with the ontology and the fixture map only, as the user would load them.
fn fixture_store() -> ArgStore {
    ArgStore::open(&OpenOptions {
        bundled: false,
        data: vec![root().join("ontology"), fixture()],
        store: None,
        ..OpenOptions::default()
    })
    .unwrap()
}

fn derived(store: &ArgStore) -> BTreeSet<String> {
    let graph = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(DERIVED_GRAPH));
    store
        .oxigraph()
        .quads_for_pattern(None, None, None, Some(graph))
        .map(|q| {
            let q = q.unwrap();
            format!("{} {} {} .", q.subject, q.predicate, q.object)
        })
        .collect()
}

fn expected(file: &str) -> BTreeSet<String> {
    fs::read_to_string(root().join("tests/fixtures/ontology").join(file))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_rules_derive_the_shortcuts_of_the_fixture_triple_by_triple() {
    // Through the binary, as a user would see them.
    let ontology = root().join("ontology");
    let output = argmap(&[
        "--no-bundled",
        "--data",
        ontology.to_str().unwrap(),
        "--data",
        fixture().to_str().unwrap(),
        "export",
        "--graph",
        DERIVED_GRAPH,
        "--format",
        "ntriples",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let derived: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    let shortcuts: BTreeSet<String> = derived
        .iter()
        .filter(|t| !t.contains(rdf_type))
        .cloned()
        .collect();
    let wanted = expected("mini-map.expected-derived.nt");
    let missing: Vec<_> = wanted.difference(&shortcuts).collect();
    let extra: Vec<_> = shortcuts.difference(&wanted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    // The type closure, checked on chosen nodes.
    let types = expected("mini-map-types.expected.nt");
    let missing: Vec<_> = types.difference(&derived).collect();
    assert!(missing.is_empty(), "type closure misses {missing:#?}");
}

#[test]
fn the_rules_are_idempotent() {
    for store in [fixture_store(), ArgStore::with_bundled().unwrap()] {
        let before = derived(&store);
        assert!(!before.is_empty());
        let again =
            rules::apply_until_fixpoint(store.oxigraph(), store.prefixes(), &rules::bundled())
                .unwrap();
        assert_eq!(
            again.rounds, 1,
            "a second application derived something new"
        );
        assert_eq!(derived(&store), before);
        // Deriving from scratch gives the same set too.
        store.derive().unwrap();
        assert_eq!(derived(&store), before);
    }
}

fn pairs(store: &ArgStore, query: &str) -> BTreeSet<(String, String)> {
    strings(&store.query(&QueryRequest::new(query)).unwrap())
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

fn closure(steps: &BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let mut all = steps.clone();
    loop {
        let next: BTreeSet<(String, String)> = all
            .iter()
            .flat_map(|(a, b)| {
                steps
                    .iter()
                    .filter(move |(c, _)| c == b)
                    .map(move |(_, d)| (a.clone(), d.clone()))
            })
            .collect();
        let before = all.len();
        all.extend(next);
        if all.len() == before {
            return all;
        }
    }
}

#[test]
fn shortcut_queries_find_everything_the_long_aif_form_finds() {
    for store in [fixture_store(), ArgStore::with_bundled().unwrap()] {
        let long_support = pairs(
            &store,
            "SELECT ?p ?c { ?ra a aif:RA-node ; aif:Premise ?p ; aif:Conclusion ?c }",
        );
        assert!(!long_support.is_empty());
        assert_eq!(
            pairs(&store, "SELECT ?p ?c { ?p arg:supports ?c }"),
            long_support
        );
        assert_eq!(
            pairs(&store, "SELECT DISTINCT ?p ?c { ?p arg:supports+ ?c }"),
            closure(&long_support),
            "arg:supports+ differs from the transitive closure of the RA-node form"
        );
        for (shortcut, class) in [
            ("arg:attacks", "aif:CA-node"),
            ("arg:rebuts", "arg:Rebut"),
            ("arg:undermines", "arg:Undermine"),
            ("arg:undercuts", "arg:Undercut"),
        ] {
            let long = pairs(
                &store,
                &format!(
                    "SELECT ?a ?t {{ ?ca a/rdfs:subClassOf* {class} ; aif:Premise ?a ; aif:Conclusion ?t }}"
                ),
            );
            assert!(!long.is_empty(), "no {class} in this map");
            assert_eq!(
                pairs(&store, &format!("SELECT ?a ?t {{ ?a {shortcut} ?t }}")),
                long,
                "{shortcut}"
            );
        }
        assert_eq!(
            pairs(&store, "SELECT ?c ?ra { ?c arg:premiseOf ?ra }"),
            pairs(
                &store,
                "SELECT ?c ?ra { ?ra a aif:RA-node ; aif:Premise ?c }"
            )
        );
        assert_eq!(
            pairs(&store, "SELECT ?a ?b { ?a arg:prefersOver ?b }"),
            pairs(
                &store,
                "SELECT ?a ?b { ?pa a aif:PA-node ; aif:Premise ?a ; aif:Conclusion ?b }"
            )
        );
    }
}
