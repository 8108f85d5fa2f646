//! The library of named queries on the bundled map: every query parses and runs, each answers
//! what its header promises (checked against independent queries or the source text), and
//! parameters and user folders behave.

mod common;

use argmap::named::{Library, NamedQuery};
use argmap::query::QueryOutcome;
use argmap::store::ArgStore;
use common::{column, fixture, ofw, ofwa, run, stderr, stdout, tsv};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const MAIN: &str = "ofw:c-citizens-should-back-deterrence";

/// The `NAME=VALUE` arguments of a query's first `# example:` line.
fn example_arguments(query: &NamedQuery) -> Vec<String> {
    let example = query
        .examples
        .first()
        .unwrap_or_else(|| panic!("{} has no # example:", query.name));
    let words: Vec<&str> = example.split_whitespace().collect();
    assert_eq!(
        words.get(..3),
        Some(&["argmap", "run", query.name.as_str()][..]),
        "{}: the example does not run the query: {example}",
        query.name
    );
    words[3..].iter().map(|w| (*w).to_owned()).collect()
}

fn rows(outcome: &QueryOutcome) -> usize {
    match outcome {
        QueryOutcome::Solutions { rows, .. } => rows.len(),
        other => panic!("not a SELECT: {other:?}"),
    }
}

#[test]
fn every_bundled_query_parses_runs_and_its_example_answers() {
    let store = ArgStore::with_bundled().unwrap();
    let library = Library::load(store.prefixes(), &[]).unwrap();
    let names: Vec<&str> = library.iter().map(|q| q.name.as_str()).collect();
    for required in [
        "main-conclusions",
        "support-tree",
        "counterpoints",
        "analogies",
        "assumptions",
        "reported-facts",
        "claims-mentioning",
        "hedged-claims",
        "quote",
        "most-contested",
        "shared-between-documents",
    ] {
        assert!(
            names.contains(&required),
            "{required} missing from {names:?}"
        );
    }
    for query in library.iter() {
        assert!(!query.description.is_empty(), "{}", query.name);
        let arguments = example_arguments(query);
        assert_eq!(
            arguments.len(),
            query.params.len(),
            "{}: the example should give every parameter",
            query.name
        );
        let request = query.bind(&arguments, store.prefixes()).unwrap();
        let outcome = store
            .query(&request)
            .unwrap_or_else(|e| panic!("{}: {e}", query.name));
        // What documents share needs two documents; it is tested with a second one below, and
        // on AIF corpora in tests/aif_queries.rs.
        if !["shared-between-documents", "claims-across-maps"].contains(&query.name.as_str()) {
            assert!(rows(&outcome) > 0, "{} answers nothing", query.name);
        }
    }
}

#[test]
fn main_conclusions_are_those_the_documents_declare() {
    let table = tsv(&["run", "main-conclusions"]);
    let declared = tsv(&[
        "query",
        "SELECT ?claim { ?document arg:mainConclusion ?claim }",
    ]);
    let claims = column(&table, "claim");
    let roles = column(&table, "role");
    for claim in column(&declared, "claim") {
        let at = claims.iter().position(|c| *c == claim).unwrap();
        assert_eq!(roles[at], "\"main conclusion\"");
    }
    assert!(claims.contains(&ofw("c-citizens-should-back-deterrence").as_str()));
}

#[test]
fn the_support_tree_under_the_main_conclusion_reaches_the_troop_deployment() {
    let table = tsv(&["run", "support-tree", &format!("claim={MAIN}")]);
    assert!(
        !table.0.contains(&"claim".to_owned()),
        "the parameter column is shown: {:?}",
        table.0
    );
    let premises = column(&table, "premise");
    assert!(
        premises.contains(&ofw("c-nk-troops-deployed").as_str()),
        "{premises:?}"
    );
    // Depth 1 concludes the claim itself; every deeper step concludes a premise above it.
    let depths: Vec<usize> = column(&table, "depth")
        .iter()
        .map(|d| d.parse().unwrap())
        .collect();
    let conclusions = column(&table, "conclusion");
    for (depth, conclusion) in depths.iter().zip(&conclusions) {
        if *depth == 1 {
            assert_eq!(*conclusion, ofw("c-citizens-should-back-deterrence"));
        } else {
            assert!(premises.contains(conclusion), "{conclusion} is no premise");
        }
    }
    assert!(depths.windows(2).all(|w| w[0] <= w[1]), "not by depth");
    // Linked premises are grouped: each inference's rows are together, with one scheme.
    let inferences = column(&table, "inference");
    let schemes = column(&table, "scheme");
    let call = ofw("ra-call-to-citizens");
    let rows: Vec<usize> = (0..inferences.len())
        .filter(|i| inferences[*i] == call)
        .collect();
    assert!(rows.len() >= 2, "the call to citizens has linked premises");
    assert!(rows.windows(2).all(|w| w[1] == w[0] + 1), "not grouped");
    assert!(
        rows.iter()
            .all(|i| schemes[*i] == "<https://w3id.org/argmap#PracticalReasoning>")
    );
}

#[test]
fn counterpoints_cover_the_claim_and_everything_it_rests_on() {
    let table = tsv(&["run", "counterpoints", &format!("claim={MAIN}")]);
    let tree = tsv(&["run", "support-tree", &format!("claim={MAIN}")]);
    let mut in_tree: BTreeSet<&str> = BTreeSet::new();
    in_tree.extend(column(&tree, "premise"));
    in_tree.extend(column(&tree, "conclusion"));
    in_tree.extend(column(&tree, "inference"));
    for target in column(&table, "target") {
        assert!(in_tree.contains(target), "{target} is outside the support");
    }
    let counterpoints = column(&table, "counterpoint");
    let at = counterpoints
        .iter()
        .position(|c| *c == ofwa("ca-nis-interested-party"))
        .expect("the undercut of the intelligence report");
    assert_eq!(column(&table, "kind")[at], "\"Undercut\"");
    assert_eq!(column(&table, "target")[at], ofw("ra-troops-sk-intel"));
    assert_eq!(
        column(&table, "raisedBy")[at],
        "\"argmap analyst (critique layer)\"@en"
    );
    assert_eq!(column(&table, "answered")[at], "true");
    assert_eq!(column(&table, "answer")[at], ofwa("c-troops-corroborated"));
    let answered = column(&table, "answered");
    assert!(answered.contains(&"false"), "no unanswered counterpoint");
    assert_eq!(
        answered.iter().position(|a| *a == "true").unwrap(),
        answered.iter().filter(|a| **a == "false").count(),
        "unanswered ones come first"
    );
    // Every attack on the tree, by an independent count over the derived shortcut.
    let all = tsv(&[
        "query",
        &format!(
            "SELECT DISTINCT ?ca {{ {{ ?t arg:supports* {MAIN} }} UNION {{ ?c arg:supports* {MAIN} . ?t aif:Conclusion ?c ; a aif:RA-node }} ?ca a aif:CA-node ; aif:Conclusion ?t }}"
        ),
    ]);
    let found: BTreeSet<&str> = counterpoints.iter().copied().collect();
    assert_eq!(found.len(), all.1.len());
}

#[test]
fn analogies_list_cases_features_differences_and_every_critical_question() {
    let table = tsv(&["run", "analogies"]);
    let analogies = column(&table, "analogy");
    let aspects = column(&table, "aspect");
    let inferences = column(&table, "inference");
    let statuses = column(&table, "status");
    let a1914 = ofw("analogy-1914");
    let of_1914: Vec<usize> = (0..analogies.len())
        .filter(|i| analogies[*i] == a1914)
        .collect();
    assert!(
        column(&table, "sourceCase")[of_1914[0]].contains("July Crisis"),
        "{:?}",
        table.1[of_1914[0]]
    );
    for aspect in [
        "\"shared feature\"",
        "\"difference\"",
        "\"critical question\"",
    ] {
        assert!(
            of_1914.iter().any(|i| aspects[*i] == aspect),
            "no {aspect} for the 1914 analogy"
        );
    }
    // One row per critical question of the scheme (at least), each with a status.
    let questions = tsv(&[
        "query",
        "SELECT ?q { arg:ArgumentFromAnalogy arg:criticalQuestion ?q }",
    ]);
    let cq_rows: Vec<usize> = of_1914
        .iter()
        .copied()
        .filter(|i| inferences[*i] == ofw("ra-1914-analogy"))
        .collect();
    assert!(cq_rows.len() >= questions.1.len());
    assert!(cq_rows.iter().all(|i| !statuses[*i].is_empty()));
    assert!(
        cq_rows
            .iter()
            .any(|i| statuses[*i] == "<https://w3id.org/argmap#Raised>")
    );
}

#[test]
fn assumptions_are_unsupported_premises_of_the_tree() {
    let table = tsv(&["run", "assumptions", &format!("claim={MAIN}")]);
    let tree = tsv(&["run", "support-tree", &format!("claim={MAIN}")]);
    let concluded: BTreeSet<&str> = column(&tree, "conclusion").into_iter().collect();
    let premises: BTreeSet<&str> = column(&tree, "premise").into_iter().collect();
    let assumed = column(&table, "premise");
    for premise in &assumed {
        assert!(premises.contains(premise), "{premise} is not in the tree");
        assert!(!concluded.contains(premise), "{premise} is supported");
    }
    // And every unsupported premise of the tree is listed.
    let expected: BTreeSet<&str> = premises.difference(&concluded).copied().collect();
    let listed: BTreeSet<&str> = assumed.iter().copied().collect();
    let missing: Vec<_> = expected
        .difference(&listed)
        .filter(|p| {
            // A premise may be concluded by an inference outside this tree.
            let supported = run(&[
                "query",
                &format!("ASK {{ ?ra a aif:RA-node ; aif:Conclusion {} }}", p),
            ]);
            stdout(&supported).trim() == "false"
        })
        .collect();
    assert!(missing.is_empty(), "not listed: {missing:?}");
    let at = assumed
        .iter()
        .position(|p| *p == ofw("c-warrant-democratic-leverage"))
        .expect("the unstated warrant of the call to citizens");
    assert_eq!(column(&table, "unstated")[at], "true");
}

#[test]
fn reported_facts_come_with_their_reports_and_reporters() {
    let table = tsv(&["run", "reported-facts"]);
    let facts = column(&table, "fact");
    let reporters = column(&table, "reporter");
    let confirms = column(&table, "confirms");
    let deployed = ofw("c-nk-troops-deployed");
    let kirby = (0..facts.len())
        .find(|i| facts[*i] == deployed && reporters[*i].contains("John Kirby"))
        .expect("Kirby's report of the deployment");
    assert_eq!(confirms[kirby], ofw("report-sk-intel"));
    assert_eq!(
        column(&table, "role")[kirby],
        "\"National Security Council spokesperson\"@en"
    );
}

#[test]
fn claims_mentioning_an_entity_directly_or_through_a_case() {
    let table = tsv(&["run", "claims-mentioning", "entity=ent:NorthKorea"]);
    let claims = column(&table, "claim");
    assert!(claims.contains(&ofw("c-nk-troops-deployed").as_str()));
    let direct = tsv(&[
        "query",
        "SELECT ?claim { ?claim a aif:I-node ; arg:mentions ent:NorthKorea }",
    ]);
    for claim in column(&direct, "claim") {
        assert!(claims.contains(&claim), "{claim} is missing");
    }
    let vias = column(&table, "via");
    // A claim that names the entity itself is not listed again through a case.
    let direct_rows: BTreeSet<&str> = (0..claims.len())
        .filter(|i| vias[*i].is_empty())
        .map(|i| claims[i])
        .collect();
    assert!(
        (0..claims.len()).all(|i| vias[i].is_empty() || !direct_rows.contains(claims[i])),
        "{table:?}"
    );
    for (claim, via) in claims.iter().zip(&vias) {
        if !via.is_empty() {
            let ask = run(&[
                "query",
                &format!(
                    "ASK {{ {claim} arg:mentions {via} . {via} arg:participant ent:NorthKorea }}"
                ),
            ]);
            assert_eq!(stdout(&ask).trim(), "true", "{claim} via {via}");
        }
    }
}

#[test]
fn hedged_claims_keep_the_words_of_the_hedge() {
    let table = tsv(&["run", "hedged-claims"]);
    let nodes = column(&table, "node");
    let at = nodes
        .iter()
        .position(|n| *n == ofw("c-without-aid-overwhelmed"))
        .unwrap();
    assert_eq!(column(&table, "qualifier")[at], "\"likely\"@en");
    // Inferences with a qualifier are listed too.
    assert!(column(&table, "what").contains(&"\"inference\""));
}

/// The quote's offsets point at its exact words in the bundled source text.
#[test]
fn the_quote_behind_a_claim_matches_the_source_text() {
    let table = tsv(&["run", "quote", "claim=ofw:c-nk-troops-deployed"]);
    assert_eq!(table.1.len(), 1, "{table:?}");
    let exact = column(&table, "exact")[0].trim_matches('"').to_owned();
    let start: usize = column(&table, "start")[0].parse().unwrap();
    let end: usize = column(&table, "end")[0].parse().unwrap();
    let file = column(&table, "file")[0].trim_matches('"');
    let source = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sources")
            .join(file),
    )
    .unwrap();
    let words: String = source.chars().skip(start).take(end - start).collect();
    assert_eq!(words, exact);
    let unstated = tsv(&["run", "quote", "claim=ofw:c-warrant-democratic-leverage"]);
    assert_eq!(column(&unstated, "unstated"), ["true"]);
    assert_eq!(column(&unstated, "exact"), [""]);
}

#[test]
fn the_most_contested_claims_are_ranked_by_their_conflicts() {
    let table = tsv(&["run", "most-contested"]);
    let counts: Vec<usize> = column(&table, "attacks")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let top = column(&table, "claim")[0];
    let independent = tsv(&[
        "query",
        &format!(
            "SELECT (COUNT(DISTINCT ?ca) AS ?n) {{ {{ ?ca aif:Conclusion {top} }} UNION {{ ?ra aif:Conclusion {top} ; a aif:RA-node . ?ca aif:Conclusion ?ra }} ?ca a aif:CA-node }}"
        ),
    ]);
    assert_eq!(
        column(&independent, "n")[0].parse::<usize>().unwrap(),
        counts[0]
    );
    let parts: usize = ["rebuts", "undermines", "undercuts"]
        .iter()
        .map(|c| column(&table, c)[0].parse::<usize>().unwrap())
        .sum();
    assert_eq!(parts, counts[0]);
}

#[test]
fn what_two_documents_share() {
    let second = fixture("second-doc.ttl");
    let table = tsv(&[
        "--data",
        second.to_str().unwrap(),
        "run",
        "shared-between-documents",
    ]);
    let items: BTreeSet<&str> = column(&table, "item").into_iter().collect();
    let expected: BTreeSet<String> = [
        "<https://w3id.org/argmap/entity/NorthKorea>".to_owned(),
        "<https://w3id.org/argmap/case/july-crisis-1914>".to_owned(),
        ofw("c-risk-of-spiral"),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        items,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    assert!(column(&table, "documents").iter().all(|d| *d == "2"));
}

#[test]
fn missing_unknown_and_bad_parameters_are_usage_errors_that_list_the_valid_ones() {
    let output = run(&["run", "support-tree"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("missing parameter claim"), "{message}");
    assert!(
        message.contains("support-tree takes:\n  claim — the claim to explain"),
        "{message}"
    );
    assert!(
        message.contains("example: argmap run support-tree claim=ofw:"),
        "{message}"
    );

    let output = run(&["run", "support-tree", "claim=ofw:c-x", "depth=3"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("support-tree has no parameter \"depth\"\nsupport-tree takes:\n  claim"),
        "{}",
        stderr(&output)
    );

    let output = run(&["run", "support-tree", "claim=nope:x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("parameter claim: nope:x uses the unknown prefix nope:"),
        "{}",
        stderr(&output)
    );

    let output = run(&["run", "suport-tree"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no named query \"suport-tree\" (did you mean support-tree?)"),
        "{}",
        stderr(&output)
    );

    // A misspelt node of the bundled maps is always suggested right: those graphs are read
    // whole, whatever the store holds besides.
    let output = run(&["run", "support-tree", "claim=ofw:c-risk-of-spirl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the nearest names are ofw:c-risk-of-spiral"),
        "{}",
        stderr(&output)
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

#[test]
fn user_queries_add_to_and_override_the_bundled_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "quote.rq",
        "# name: quote\n# description: My own quote query.\n# param: claim — a claim\n\
         # example: argmap run quote claim=ofw:c-nk-troops-deployed\n\
         SELECT ?claim (\"mine\" AS ?who) { ?claim a aif:I-node }\n",
    );
    write(
        dir.path(),
        "word.rq",
        "# name: claims-with-word\n# description: Claims whose text contains a word.\n\
         # param: word — a word, as a literal\n# example: argmap run claims-with-word word=\"troops\"\n\
         SELECT ?word ?claim ?text { ?claim aif:claimText ?text FILTER (CONTAINS(LCASE(STR(?text)), LCASE(?word))) }\n",
    );
    write(
        dir.path(),
        "dated.rq",
        "# name: reports-on\n# description: Reports of one day.\n# param: day — an xsd:date\n\
         # example: argmap run reports-on day=\"2024-09-25\"^^xsd:date\n\
         SELECT ?day ?report { ?report a arg:Report ; dct:date ?day }\n",
    );
    let queries = dir.path().to_str().unwrap();

    let list = run(&["run", "--list", "--queries", queries]);
    assert!(list.status.success(), "{}", stderr(&list));
    let listing = stdout(&list);
    let quote = listing.lines().find(|l| l.starts_with(" quote ")).unwrap();
    assert!(
        quote.contains("My own quote query.")
            && quote.contains("overrides bundled queries/quote.rq"),
        "{quote}"
    );
    assert!(listing.contains(" claims-with-word "), "{listing}");

    let mine = tsv(&[
        "run",
        "quote",
        "claim=ofw:c-nk-troops-deployed",
        "--queries",
        queries,
    ]);
    assert_eq!(column(&mine, "who"), ["\"mine\""]);

    // A literal parameter reaches a FILTER: every claim found has the word, and all do.
    let found = tsv(&[
        "run",
        "claims-with-word",
        "word=\"TROOPS\"",
        "--queries",
        queries,
    ]);
    let texts = column(&found, "text");
    assert!(!texts.is_empty());
    assert!(texts.iter().all(|t| t.to_lowercase().contains("troops")));
    let all = tsv(&[
        "query",
        "SELECT ?claim { ?claim aif:claimText ?text FILTER (CONTAINS(LCASE(STR(?text)), \"troops\")) }",
    ]);
    assert_eq!(texts.len(), all.1.len());

    // A typed literal is matched as a date, not as a string.
    let dated = tsv(&[
        "run",
        "reports-on",
        "day=\"2024-09-25\"^^xsd:date",
        "--queries",
        queries,
    ]);
    assert_eq!(
        column(&dated, "report"),
        [ofw("report-putin-2024-09-25").as_str()]
    );
    let as_string = tsv(&[
        "run",
        "reports-on",
        "day=\"2024-09-25\"",
        "--queries",
        queries,
    ]);
    assert!(as_string.1.is_empty());
}

#[test]
fn a_parameter_outside_the_projection_or_a_bad_header_is_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "hidden.rq",
        "# name: hidden-param\n# description: A parameter that is not projected.\n\
         # param: claim — a claim\nSELECT ?text { ?claim aif:claimText ?text }\n",
    );
    let output = run(&["run", "--list", "--queries", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("hidden.rq:3: parameter claim is not bound by the query: project ?claim in its SELECT clause"),
        "{message}"
    );

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.rq",
        "# name: two words\n# description: x\nSELECT * {}\n",
    );
    let output = run(&["run", "--list", "--queries", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("bad.rq:1: query name \"two words\" must be kebab-case"),
        "{}",
        stderr(&output)
    );

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.rq",
        "# name: broken\n# description: x\n\nSELEC * { ?s ?p ?o }\n",
    );
    let output = run(&["run", "--list", "--queries", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.rq: syntax error at line 4"),
        "{}",
        stderr(&output)
    );
}
