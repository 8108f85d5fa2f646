//! `argmap export --format argdown`: the bundled author layer, the six real Argdown documents
//! and AraucariaDB maps written as Argdown and read back into the same structure, matched on
//! claim texts (never IRIs); the committed example; the ontology README's worked example.

mod common;

use common::{argmap, ok, run, shared_corpus, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const AUTHOR: &str = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author";

/// Where a structure is read from: the arguments of `argmap` that load it, and the graph
/// pattern that picks its graph.
struct Source {
    args: Vec<String>,
    graph: String,
}

impl Source {
    fn bundled(graph: &str) -> Self {
        Self {
            args: Vec::new(),
            graph: format!("GRAPH <{graph}>"),
        }
    }

    /// A file loaded on its own: its graph is the only `file:` graph.
    fn file(path: &Path) -> Self {
        Self {
            args: vec![
                "--no-bundled".to_owned(),
                "--data".to_owned(),
                path.display().to_string(),
            ],
            graph: "GRAPH ?g".to_owned(),
        }
    }

    /// The rows of a SELECT whose WHERE body is `body` inside the graph pattern.
    fn select(&self, vars: &str, body: &str) -> Vec<Vec<String>> {
        let filter = if self.graph == "GRAPH ?g" {
            "FILTER(STRSTARTS(STR(?g), \"file:\"))"
        } else {
            ""
        };
        let query = format!(
            "SELECT {vars} WHERE {{ {} {{ {body} }} {filter} }}",
            self.graph
        );
        let mut args: Vec<&str> = vec!["query", &query, "--format", "tsv"];
        args.extend(self.args.iter().map(String::as_str));
        let text = ok(&args);
        text.lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(cell).collect())
            .collect()
    }
}

/// A TSV cell's value: a literal's lexical form (unescaped, without language or datatype), an
/// IRI without its brackets, a number as it is.
fn cell(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix('"') {
        let end = rest.rfind('"').unwrap_or(rest.len());
        let mut out = String::new();
        let mut chars = rest[..end].chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    raw.trim_start_matches('<').trim_end_matches('>').to_owned()
}

/// A map's structure in claim texts: what the round trip must keep.
#[derive(Debug, PartialEq, Eq)]
struct Structure {
    /// Claim texts, sorted (a text may occur more than once).
    claims: Vec<String>,
    /// (sorted premise texts, conclusion text, scheme), sorted.
    inferences: Vec<(Vec<String>, String, String)>,
    /// (kind, attacker text, target: a claim text or an inference as above), sorted.
    conflicts: Vec<(String, String, String)>,
    /// (claim text, exact, start, end), sorted.
    quotes: Vec<(String, String, String, String)>,
}

fn structure(source: &Source) -> Structure {
    let texts: BTreeMap<String, String> = source
        .select("?c ?text", "?c a aif:I-node ; aif:claimText ?text")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let text = |iri: &str| {
        texts
            .get(iri)
            .cloned()
            .unwrap_or_else(|| format!("<{iri}>"))
    };
    let mut claims: Vec<String> = texts.values().cloned().collect();
    claims.sort();
    let mut by_inference: BTreeMap<String, (Vec<String>, String, String)> = BTreeMap::new();
    for r in source.select(
        "?ra ?p ?c ?scheme",
        "?ra a aif:RA-node ; aif:Premise ?p ; aif:Conclusion ?c . OPTIONAL { ?ra arg:scheme ?scheme }",
    ) {
        let entry = by_inference.entry(r[0].clone()).or_default();
        entry.0.push(text(&r[1]));
        entry.1 = text(&r[2]);
        entry.2 = r.get(3).cloned().unwrap_or_default();
    }
    for entry in by_inference.values_mut() {
        entry.0.sort();
        entry.0.dedup();
    }
    let mut inferences: Vec<_> = by_inference.values().cloned().collect();
    inferences.sort();
    let mut conflicts: Vec<(String, String, String)> = source
        .select(
            "?ca ?kind ?a ?t",
            "?ca a aif:CA-node ; aif:Premise ?a ; aif:Conclusion ?t . \
             OPTIONAL { ?ca a ?kind FILTER(?kind IN (arg:Rebut, arg:Undermine, arg:Undercut)) }",
        )
        .into_iter()
        .map(|r| {
            let target = match by_inference.get(&r[3]) {
                Some((premises, conclusion, _)) => {
                    format!("inference {premises:?} -> {conclusion:?}")
                }
                None => text(&r[3]),
            };
            (r[1].clone(), text(&r[2]), target)
        })
        .collect();
    conflicts.sort();
    let mut quotes: Vec<(String, String, String, String)> = source
        .select(
            "?c ?exact ?start ?end",
            "?c a aif:I-node ; arg:quote ?q . ?q oa:hasSelector ?s, ?p . \
             ?s oa:exact ?exact . ?p oa:start ?start ; oa:end ?end",
        )
        .into_iter()
        .map(|r| (text(&r[0]), r[1].clone(), r[2].clone(), r[3].clone()))
        .collect();
    quotes.sort();
    Structure {
        claims,
        inferences,
        conflicts,
        quotes,
    }
}

/// Compares two structures part by part, saying what was lost and what was gained.
fn assert_same(what: &str, before: &Structure, after: &Structure) {
    fn diff<T: Ord + std::fmt::Debug + Clone>(what: &str, part: &str, a: &[T], b: &[T]) {
        let lost: Vec<&T> = a.iter().filter(|x| !b.contains(x)).collect();
        let gained: Vec<&T> = b.iter().filter(|x| !a.contains(x)).collect();
        assert!(
            lost.is_empty() && gained.is_empty() && a.len() == b.len(),
            "{what}: the {part} changed ({} before, {} after)\n  lost: {lost:#?}\n  gained: {gained:#?}",
            a.len(),
            b.len()
        );
    }
    diff(what, "claims", &before.claims, &after.claims);
    diff(what, "inferences", &before.inferences, &after.inferences);
    diff(what, "conflicts", &before.conflicts, &after.conflicts);
    diff(what, "quote anchors", &before.quotes, &after.quotes);
}

/// `argmap export --format argdown` with `args`: the document and the stderr.
fn export(args: &[&str]) -> (String, String) {
    let mut full = vec!["export", "--format", "argdown"];
    full.extend(args);
    let output = run(&full);
    assert!(
        output.status.success(),
        "argmap {}: {}",
        full.join(" "),
        stderr(&output)
    );
    (stdout(&output), stderr(&output))
}

fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the temporary file is written");
    path
}

#[test]
fn the_bundled_author_layer_round_trips_through_argdown() {
    let (text, warnings) = export(&["--graph", "ofwono-2024/author"]);
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "ofwono-author.argdown", &text);
    let before = structure(&Source::bundled(AUTHOR));
    let after = structure(&Source::file(&path));
    assert_eq!(before.claims.len(), 107, "the author layer's claims");
    assert_eq!(before.inferences.len(), 50);
    assert_eq!(before.conflicts.len(), 5);
    assert_eq!(before.quotes.len(), 92, "the author layer's quote anchors");
    assert_same("author layer", &before, &after);
    // What Argdown cannot carry is named, with how much, on stderr.
    for said in [
        "left out 4 arg:Report nodes",
        "left out 4 arg:HistoricalAnalogy nodes",
        "left out 1 aif:PA-node node",
        "arg:quantity statements",
        "arg:mentions statements",
        "rdfs:comment written as an Argdown `//` comment",
    ] {
        assert!(warnings.contains(said), "{said:?} not in:\n{warnings}");
    }
    assert!(
        warnings.contains("wrote Argdown of 1 graph: 107 statements"),
        "{warnings}"
    );
    // Loading the Argdown warns of nothing: every quote anchors, every scheme is known.
    let load = run(&[
        "query",
        "--no-bundled",
        "--data",
        &path.display().to_string(),
        "ASK { ?s ?p ?o }",
    ]);
    assert!(
        !stderr(&load).contains("warning"),
        "reading the export back warns:\n{}",
        stderr(&load)
    );
}

#[test]
fn the_committed_example_is_what_the_command_writes_and_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("examples/ofwono-author.argdown"))
        .expect("examples/ofwono-author.argdown is committed");
    let (text, _) = export(&["--graph", "ofwono-2024/author"]);
    assert!(
        committed == text,
        "examples/ofwono-author.argdown is out of date: regenerate it with\n  argmap export --format argdown --graph ofwono-2024/author > examples/ofwono-author.argdown"
    );
    let output = argmap()
        .current_dir(root)
        .args(["check", "--data", "examples/ofwono-author.argdown"])
        .output()
        .expect("argmap runs");
    let report = stdout(&output) + &stderr(&output);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("check: 0 errors"), "{report}");
    assert!(!report.contains("error["), "{report}");
}

#[test]
fn the_six_argdown_documents_round_trip() {
    let corpus = shared_corpus("argdown");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "argdown"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "{names:?}");
    let dir = tempfile::tempdir().unwrap();
    for original in names {
        let name = original.file_name().unwrap().to_string_lossy().into_owned();
        let (text, _) = export(&["--no-bundled", "--data", &original.display().to_string()]);
        let path = temp_file(&dir, &name, &text);
        let before = structure(&Source::file(&original));
        let after = structure(&Source::file(&path));
        assert!(!before.claims.is_empty(), "{name}");
        assert_same(&name, &before, &after);
        // And once more: the export of the export is the same text but for its comments
        // (which Argdown does not read).
        let (again, _) = export(&["--no-bundled", "--data", &path.display().to_string()]);
        let body = |t: &str| {
            t.lines()
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(body(&text), body(&again), "{name}: a second export differs");
    }
}

#[test]
fn araucaria_maps_round_trip() {
    let corpus = shared_corpus("aif-araucaria");
    let dir = tempfile::tempdir().unwrap();
    for name in ["nodeset118.json", "nodeset10.json", "nodeset64.json"] {
        let original = corpus.join(name);
        let (text, _) = export(&["--no-bundled", "--data", &original.display().to_string()]);
        let path = temp_file(&dir, &format!("{name}.argdown"), &text);
        let before = structure(&Source::file(&original));
        let after = structure(&Source::file(&path));
        assert!(!before.inferences.is_empty(), "{name}");
        // AraucariaDB says no kind of conflict; the Argdown reader gives one.
        let kindless = |s: &Structure| -> Vec<(String, String)> {
            s.conflicts
                .iter()
                .map(|(_, a, t)| (a.clone(), t.clone()))
                .collect()
        };
        assert_eq!(kindless(&before), kindless(&after), "{name}: conflicts");
        let before = Structure {
            conflicts: Vec::new(),
            ..before
        };
        let after = Structure {
            conflicts: Vec::new(),
            ..after
        };
        assert_same(name, &before, &after);
    }
}

/// The worked example of the ontology README's Argdown section: its snippet loads into exactly
/// its Turtle, and its query prints the output shown.
#[test]
fn the_ontology_readme_argdown_example_is_true() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("ontology/README.md")).unwrap();
    let section = readme
        .split("## Argdown mapping")
        .nth(1)
        .expect("ontology/README.md has a section `## Argdown mapping`");
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = |lang: &str| -> String {
        let fence = format!("```{lang}\n");
        let start = section
            .find(&fence)
            .unwrap_or_else(|| panic!("the section has a ```{lang} block"))
            + fence.len();
        let end = section[start..].find("```").unwrap() + start;
        section[start..end].to_owned()
    };
    let (snippet, turtle, query, shown) = (
        block("argdown"),
        block("turtle"),
        block("sparql"),
        block("text"),
    );
    let dir = tempfile::tempdir().unwrap();
    let argdown = temp_file(&dir, "rain.argdown", &snippet);
    let graph = format!("file://{}", argdown.display());
    // The README's Turtle names the graph <file:///maps/rain.argdown>.
    let turtle = turtle.replace("file:///maps/rain.argdown", &graph);
    let ttl = temp_file(&dir, "rain.ttl", &turtle);
    let triples = |path: &Path, graph: &str| {
        let mut lines: Vec<String> = ok(&[
            "export",
            "--no-bundled",
            "--data",
            &path.display().to_string(),
            "--graph",
            graph,
            "--format",
            "ntriples",
        ])
        .lines()
        .map(str::to_owned)
        .collect();
        lines.sort();
        lines
    };
    let from_argdown = triples(&argdown, &graph);
    let from_turtle = triples(&ttl, &format!("file://{}", ttl.display()));
    assert_eq!(
        from_argdown, from_turtle,
        "the README's Turtle is not what the snippet reads into"
    );
    let answer = ok(&[
        "query",
        "--no-bundled",
        "--data",
        &argdown.display().to_string(),
        query.trim(),
    ]);
    assert_eq!(
        answer.trim_end(),
        shown.trim_end(),
        "the README's query output"
    );
}
