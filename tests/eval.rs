//! `argmap eval` on the ontology's worked example and on the bundled map: the ASPIC+
//! translation, the statuses, the explanation, the comparison and the labels as data.

mod common;

use argmap::eval::af::{Limits, Semantics};
use argmap::eval::aspic::{self, AttackKind, Axioms, Options};
use argmap::eval::claims::{self, Status};
use argmap::query::{QueryOutcome, QueryRequest};
use argmap::store::{ArgStore, OpenOptions};
use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ontology/mini-map.ttl")
}

fn mini_store() -> ArgStore {
    ArgStore::open(&OpenOptions {
        bundled: false,
        data: vec![mini()],
        ..OpenOptions::default()
    })
    .expect("the fixture loads")
}

fn status_of(output: &str, claim: &str) -> String {
    output
        .lines()
        .find(|l| l.split_whitespace().any(|w| w == claim))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{claim} not in:\n{output}"))
        .to_owned()
}

#[test]
fn the_worked_example_translates_as_the_ontology_readme_says() {
    let store = mini_store();
    let t = aspic::translate(store.oxigraph(), &Options::default()).expect("translates");
    // 6 premises (claims no inference concludes) and 3 inference arguments, one per RA-node.
    assert_eq!(t.arguments.len(), 9, "{:#?}", t.arguments);
    let kinds: Vec<(AttackKind, bool)> = t.attacks.iter().map(|a| (a.kind, a.defeats)).collect();
    // The undercut lands on the analogy and on the argument built on it; the rebut of the
    // prediction fails both times (the PA-node prefers the prediction); the undermine succeeds.
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == (AttackKind::Undercut, true))
            .count(),
        2
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == (AttackKind::Rebut, false))
            .count(),
        2
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == (AttackKind::Undermine, true))
            .count(),
        1
    );
    let (statuses, _) =
        claims::evaluate(&t, Semantics::Grounded, &Limits::default()).expect("small");
    let status = |local: &str| {
        let i = t
            .claims
            .iter()
            .position(|c| c.to_string().ends_with(&format!("/{local}>")))
            .unwrap_or_else(|| panic!("{local}"));
        statuses[i].status
    };
    assert_eq!(status("c-do-not-press-kyiv"), Status::Rejected);
    assert_eq!(status("c-deal-invites-aggression"), Status::Rejected);
    assert_eq!(status("c-guarantees-deter"), Status::Rejected);
    assert_eq!(status("c-munich-invited-aggression"), Status::Accepted);
}

#[test]
fn axioms_cannot_be_undermined() {
    let store = ArgStore::with_bundled().expect("opens");
    let ordinary = aspic::translate(store.oxigraph(), &Options::default()).expect("translates");
    let axioms = aspic::translate(
        store.oxigraph(),
        &Options {
            axioms: Axioms::ReportedFacts,
            ..Options::default()
        },
    )
    .expect("translates");
    assert!(!axioms.axioms.is_empty());
    let undermines = |t: &aspic::Translation| {
        t.attacks
            .iter()
            .filter(|a| {
                a.kind == AttackKind::Undermine && t.axioms.contains(&t.arguments[a.on].conclusion)
            })
            .count()
    };
    assert_eq!(undermines(&axioms), 0);
    assert!(ordinary.attacks.len() >= axioms.attacks.len());
}

#[test]
fn eval_prints_statuses_explains_and_writes_labels() {
    let data = mini().display().to_string();
    let output = run(&["eval", "--no-bundled", "--data", &data, "--all"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(status_of(&text, "mini:c-do-not-press-kyiv"), "rejected");
    assert_eq!(
        status_of(&text, "mini:c-russia-faces-nuclear-alliance"),
        "accepted"
    );
    // Main conclusion first.
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("[main conclusion]")),
        "{text}"
    );
    assert!(stderr(&output).contains("labels in <https://w3id.org/argmap/graph/eval/grounded>"));

    let output = run(&[
        "eval",
        "--no-bundled",
        "--data",
        &data,
        "--explain",
        "mini:c-do-not-press-kyiv",
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("defeated by (undercut via mini:ca-disanalogy"),
        "{text}"
    );
    assert!(text.contains("fails: the target is preferred"), "{text}");
    assert!(text.contains("undefeated"), "{text}");

    let output = run(&[
        "eval",
        "--no-bundled",
        "--data",
        &data,
        "--semantics",
        "preferred",
        "--all",
    ]);
    assert!(stdout(&output).contains("sceptical"));
    let output = run(&["eval", "--semantics", "nonsense"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn labels_are_data_that_sparql_can_join() {
    let mut store = mini_store();
    let t = aspic::translate(store.oxigraph(), &Options::default()).expect("translates");
    let (statuses, _) =
        claims::evaluate(&t, Semantics::Grounded, &Limits::default()).expect("small");
    let arg =
        |l: &str| oxigraph::model::NamedNode::new_unchecked(format!("https://w3id.org/argmap#{l}"));
    let triples = statuses.iter().map(|s| {
        oxigraph::model::Triple::new(
            t.claims[s.claim].clone(),
            arg("status"),
            arg(s.status.term()),
        )
    });
    let graph =
        oxigraph::model::NamedNode::new_unchecked("https://w3id.org/argmap/graph/eval/grounded");
    assert_eq!(
        store.replace_eval_graph(&graph, triples).expect("writes"),
        9
    );
    let outcome = store
        .query(&QueryRequest::new(
            "SELECT ?c WHERE { ?d arg:mainConclusion ?c . GRAPH <https://w3id.org/argmap/graph/eval/grounded> { ?c arg:status arg:Rejected } }",
        ))
        .expect("runs");
    let QueryOutcome::Solutions { rows, .. } = outcome else {
        panic!("a SELECT")
    };
    assert_eq!(rows.len(), 1);
    // Only evaluation graphs pass.
    let other = oxigraph::model::NamedNode::new_unchecked("https://w3id.org/argmap/graph/derived");
    assert!(store.replace_eval_graph(&other, Vec::new()).is_err());
}

#[test]
fn the_analyst_layer_flips_the_bundled_main_conclusion() {
    let output = run(&["eval", "--compare"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.contains("ofw:c-citizens-should-back-deterrence"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("accepted   -> rejected"), "{line}");
}

#[test]
fn labels_go_stale_with_the_map_and_only_evaluation_graphs_take_them() {
    use oxigraph::model::{NamedNode, Triple};
    let mut store = mini_store();
    let graph = NamedNode::new(format!("{}grounded", argmap::store::EVAL_GRAPH_BASE)).unwrap();
    let label = Triple::new(
        NamedNode::new("https://example.org/c").unwrap(),
        NamedNode::new("https://w3id.org/argmap#status").unwrap(),
        NamedNode::new("https://w3id.org/argmap#Accepted").unwrap(),
    );
    let count = |store: &ArgStore| {
        store
            .oxigraph()
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .count()
    };
    assert_eq!(
        store.replace_eval_graph(&graph, [label.clone()]).unwrap(),
        1
    );
    // The label, and the digest of the labels on the graph itself.
    assert_eq!(count(&store), 2);
    let digest = NamedNode::new("https://w3id.org/argmap#labelsDigest").unwrap();
    let digests = |store: &ArgStore| -> Vec<String> {
        store
            .oxigraph()
            .quads_for_pattern(
                Some(graph.as_ref().into()),
                Some(digest.as_ref()),
                None,
                Some(graph.as_ref().into()),
            )
            .map(|q| q.unwrap().object.to_string())
            .collect()
    };
    let first = digests(&store);
    assert_eq!(first.len(), 1);
    // Other labels replace these, digest included; the same ones again leave them.
    let other = Triple::new(
        label.subject.clone(),
        label.predicate.clone(),
        NamedNode::new("https://w3id.org/argmap#Rejected").unwrap(),
    );
    assert_eq!(
        store.replace_eval_graph(&graph, [other.clone()]).unwrap(),
        1
    );
    assert_eq!(count(&store), 2);
    assert!(
        store
            .oxigraph()
            .contains(&other.clone().in_graph(graph.clone()))
            .unwrap()
    );
    assert_ne!(digests(&store), first);
    assert_eq!(
        store.replace_eval_graph(&graph, [label.clone()]).unwrap(),
        1
    );
    assert_eq!(
        store.replace_eval_graph(&graph, [label.clone()]).unwrap(),
        1
    );
    assert_eq!((count(&store), digests(&store)), (2, first));
    // Any other name is refused, even a reserved one.
    let derived = NamedNode::new(argmap::query::DERIVED_GRAPH).unwrap();
    assert!(store.replace_eval_graph(&derived, [label]).is_err());
    // A change to the data takes the labels with it: they described the map before it.
    store
        .update("INSERT DATA { GRAPH <https://example.org/more> { <https://example.org/x> a <https://example.org/Y> } }")
        .unwrap();
    assert_eq!(count(&store), 0);
}

#[test]
fn grounded_eval_builds_no_argument_and_ignores_the_cap() {
    // The default (grounded, last-link) is evaluated over claims: --max-arguments cannot
    // truncate it, and its statuses are those of the framework (weakest-link builds it).
    let default = run(&["eval", "--all"]);
    assert!(default.status.success(), "{}", stderr(&default));
    let text = stdout(&default);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("evaluated over claims and inferences (no arguments built)"),
        "{header}"
    );
    let capped = run(&["eval", "--all", "--max-arguments", "1"]);
    assert_eq!(stdout(&capped), text, "the cap does not apply");
    let framework = run(&["eval", "--all", "--semantics", "complete"]);
    let framework = stdout(&framework);
    assert!(
        framework
            .lines()
            .next()
            .unwrap_or_default()
            .contains(" arguments, ")
    );
    // Complete semantics prints a credulous/sceptical column: what grounded accepts, every
    // complete labelling accepts (the converse need not hold for claims).
    for line in text.lines().skip(1) {
        let claim = line.split_whitespace().nth(1).expect("a claim");
        let other = framework
            .lines()
            .find(|l| l.split_whitespace().nth(2) == Some(claim))
            .unwrap_or_else(|| panic!("{claim} in complete"));
        if line.starts_with("accepted") {
            assert_eq!(
                other.split_whitespace().nth(1),
                Some("sceptical"),
                "{line} / {other}"
            );
        }
    }
}
