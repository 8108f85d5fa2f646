//! The bundled map of the Ofwono 2024 essay: anchors match the source, the structure is sound,
//! the main conclusion rests on the reported facts and the analogies, and the author's and the
//! analyst's voices stay apart.

use argmap::query::{QueryOutcome, QueryRequest};
use argmap::store::ArgStore;
use oxigraph::model::Term;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

const AUTHOR: &str = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author";
const ANALYST: &str = "https://w3id.org/argmap/bundled/graphs/ofwono-2024/analyst";

fn store() -> &'static ArgStore {
    static STORE: OnceLock<ArgStore> = OnceLock::new();
    STORE.get_or_init(|| ArgStore::with_bundled().expect("the bundled graphs load"))
}

/// Rows of a SELECT as plain strings (IRIs bare, literals by value).
fn rows(query: &str) -> Vec<Vec<String>> {
    let outcome = store()
        .query(&QueryRequest::new(query))
        .unwrap_or_else(|e| panic!("{e}\n{query}"));
    let QueryOutcome::Solutions { rows, .. } = outcome else {
        panic!("not a SELECT: {query}");
    };
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|t| match t {
                    Some(Term::NamedNode(n)) => n.into_string(),
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

fn ask(query: &str) -> bool {
    match store().query(&QueryRequest::new(query)) {
        Ok(QueryOutcome::Boolean(answer)) => answer,
        other => panic!("not an ASK answer: {other:?}\n{query}"),
    }
}

fn main_conclusion() -> String {
    let found = rows("SELECT ?c { ?doc a arg:Document ; arg:mainConclusion ?c }");
    assert_eq!(found.len(), 1, "one main conclusion expected: {found:?}");
    found[0][0].clone()
}

#[test]
fn the_source_text_is_shipped_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = fs::read(root.join("sources/ofwono-2024-russian-north-korean-axis.txt")).unwrap();
    let original = root.join("../shared/sources/ofwono-2024-russian-north-korean-axis.txt");
    // The shared original exists in the development checkout; CI clones only the project.
    if let Ok(original) = fs::read(original) {
        assert_eq!(shipped, original);
    }
    let meta = rows(
        "SELECT ?title ?author ?publisher ?series ?issued ?file {
           ?doc a arg:Document ; dct:title ?title ; dct:creator/rdfs:label ?author ;
                dct:publisher/rdfs:label ?publisher ; dct:isPartOf/dct:title ?series ;
                dct:issued ?issued ; arg:sourceText/arg:fileName ?file }",
    );
    assert_eq!(meta.len(), 1, "{meta:?}");
    let [title, author, publisher, series, issued, file] = &meta[0][..] else {
        panic!("{meta:?}");
    };
    assert!(
        title.starts_with("From Aid to Boots on the Ground"),
        "{title}"
    );
    assert_eq!(author, "Jeremy Ofwono");
    assert!(
        publisher.contains("NATO Association of Canada"),
        "{publisher}"
    );
    assert_eq!(series, "Cyber Security and Emerging Threats");
    assert_eq!(issued, "2024-11");
    assert_eq!(file, "ofwono-2024-russian-north-korean-axis.txt");
}

#[test]
fn every_quote_anchor_matches_the_source_at_its_code_point_offsets() {
    let anchors = rows(
        "SELECT ?node ?file ?exact ?prefix ?suffix ?start ?end {
           ?node arg:quote ?anchor .
           ?anchor oa:hasSource/arg:fileName ?file ;
                   oa:hasSelector ?q, ?p .
           ?q a oa:TextQuoteSelector ; oa:exact ?exact .
           OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
           ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }",
    );
    assert!(anchors.len() > 80, "only {} anchors", anchors.len());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    let mut wrong = Vec::new();
    for anchor in &anchors {
        let [node, file, exact, prefix, suffix, start, end] = &anchor[..] else {
            unreachable!()
        };
        let text: Vec<char> = fs::read_to_string(root.join(file))
            .unwrap()
            .chars()
            .collect();
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        let slice = |from: usize, to: usize| {
            text[from.min(text.len())..to.min(text.len())]
                .iter()
                .collect::<String>()
        };
        if slice(start, end) != *exact {
            wrong.push(format!(
                "{node}: [{start},{end}) is {:?}, not {exact:?}",
                slice(start, end)
            ));
        }
        let before = slice(start.saturating_sub(prefix.chars().count()), start);
        if before != *prefix {
            wrong.push(format!(
                "{node}: prefix {prefix:?} but the text has {before:?}"
            ));
        }
        let after = slice(end, end + suffix.chars().count());
        if after != *suffix {
            wrong.push(format!(
                "{node}: suffix {suffix:?} but the text has {after:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn stated_claims_are_quoted_and_unstated_ones_are_not() {
    let unquoted = rows(&format!(
        "SELECT ?c {{ GRAPH <{AUTHOR}> {{ ?c a aif:I-node }}
           FILTER NOT EXISTS {{ ?c arg:unstated true }} FILTER NOT EXISTS {{ ?c arg:quote ?q }} }}"
    ));
    assert!(
        unquoted.is_empty(),
        "stated claims without a quote: {unquoted:?}"
    );
    let quoted_unstated = rows("SELECT ?c { ?c arg:unstated true ; arg:quote ?q }");
    assert!(
        quoted_unstated.is_empty(),
        "unstated claims with a quote: {quoted_unstated:?}"
    );
    assert!(
        rows("SELECT ?c { ?c arg:unstated true }").len() >= 5,
        "implicit premises (warrants of analogies and causal steps) are made explicit"
    );
}

#[test]
fn every_inference_conflict_and_analogy_is_well_formed() {
    let bad_inferences = rows(
        "SELECT ?ra (COUNT(DISTINCT ?p) AS ?premises) (COUNT(DISTINCT ?c) AS ?conclusions) {
           ?ra a aif:RA-node . OPTIONAL { ?ra aif:Premise ?p } OPTIONAL { ?ra aif:Conclusion ?c }
         } GROUP BY ?ra HAVING (?premises < 1 || ?conclusions != 1)",
    );
    assert!(bad_inferences.is_empty(), "{bad_inferences:?}");
    let without_scheme =
        rows("SELECT ?ra { ?ra a aif:RA-node FILTER NOT EXISTS { ?ra arg:scheme ?s } }");
    assert!(without_scheme.is_empty(), "{without_scheme:?}");
    let bad_conflicts = rows(
        "SELECT ?ca { ?ca a aif:CA-node
           FILTER (NOT EXISTS { ?ca aif:Conclusion ?target } || NOT EXISTS { ?ca aif:Premise ?attacker }) }",
    );
    assert!(bad_conflicts.is_empty(), "{bad_conflicts:?}");
    let bad_analogies = rows(
        "SELECT ?a { ?a a arg:HistoricalAnalogy
           FILTER (NOT EXISTS { ?a arg:sourceCase ?s } || NOT EXISTS { ?a arg:targetCase ?t }) }",
    );
    assert!(bad_analogies.is_empty(), "{bad_analogies:?}");
    assert!(rows("SELECT ?a { ?a a arg:HistoricalAnalogy }").len() >= 3);
}

#[test]
fn the_main_conclusion_rests_on_the_reported_troop_deployment() {
    let main = main_conclusion();
    // The reported facts whose reports were corroborated by a second source.
    let facts = rows(
        "SELECT DISTINCT ?fact ?reporter ?confirmer {
           ?later arg:confirms ?earlier ; arg:reportedClaim ?fact ; arg:reporter/rdfs:label ?confirmer .
           ?earlier arg:reportedClaim ?fact ; arg:reporter/rdfs:label ?reporter .
           ?fact a arg:ReportedFact }",
    );
    assert!(!facts.is_empty(), "no corroborated reported fact");
    for fact in &facts {
        assert!(
            fact[0].contains("troops"),
            "expected the troop deployment: {fact:?}"
        );
        assert!(
            ask(&format!("ASK {{ <{}> arg:supports+ <{main}> }}", fact[0])),
            "{} does not reach the main conclusion",
            fact[0]
        );
    }
    let reporters: Vec<&str> = facts.iter().map(|f| f[1].as_str()).collect();
    assert!(
        reporters
            .iter()
            .any(|r| r.contains("Intelligence") || r.contains("NIS")),
        "{reporters:?}"
    );
    assert!(facts.iter().any(|f| f[2].contains("Kirby")), "{facts:?}");
}

#[test]
fn every_historical_analogy_carries_weight_toward_the_main_conclusion() {
    let main = main_conclusion();
    let analogies = rows(&format!(
        "SELECT ?analogy {{ GRAPH <{AUTHOR}> {{ ?analogy a arg:HistoricalAnalogy }} }}"
    ));
    assert!(analogies.len() >= 3, "{analogies:?}");
    for analogy in analogies {
        let analogy = &analogy[0];
        assert!(
            ask(&format!(
                "ASK {{ ?ra arg:analogy <{analogy}> ; aif:Conclusion ?c .
                        FILTER (?c = <{main}> || EXISTS {{ ?c arg:supports+ <{main}> }}) }}"
            )),
            "{analogy} supports nothing on the way to the main conclusion"
        );
    }
    // And the walk back down: the main conclusion's support tree holds each analogy's source case.
    let cases = rows(&format!(
        "SELECT DISTINCT ?case {{ ?premise arg:supports* <{main}> . ?premise arg:premiseOf ?ra .
           ?ra arg:analogy/arg:sourceCase ?case }}"
    ));
    assert!(cases.len() >= 3, "{cases:?}");
}

#[test]
fn the_author_and_the_analyst_keep_to_their_own_graphs() {
    let author = "https://w3id.org/argmap/entity/JeremyOfwono";
    let analyst = "https://w3id.org/argmap/doc/ofwono-2024/analyst/analyst";
    let in_author = rows(&format!(
        "SELECT ?node {{ GRAPH <{AUTHOR}> {{ ?node ?attribution <{analyst}> }} }}"
    ));
    assert!(
        in_author.is_empty(),
        "analyst nodes in the author graph: {in_author:?}"
    );
    let in_analyst = rows(&format!(
        "SELECT ?node ?attribution {{ GRAPH <{ANALYST}> {{ ?node ?attribution <{author}> }}
           FILTER (?attribution IN (arg:assertedBy, arg:relayedBy, arg:entertainedBy, arg:raisedBy, prov:wasAttributedTo)) }}"
    ));
    assert!(
        in_analyst.is_empty(),
        "author's voice in the analyst graph: {in_analyst:?}"
    );
    // Every claim the analyst graph introduces is the analyst's, and every critique is raised by them.
    let unattributed = rows(&format!(
        "SELECT ?node {{ GRAPH <{ANALYST}> {{ {{ ?node a aif:I-node }} UNION {{ ?node a aif:CA-node }} }}
           FILTER NOT EXISTS {{ ?node arg:assertedBy|arg:relayedBy|arg:raisedBy|arg:entertainedBy <{analyst}> }} }}"
    ));
    assert!(
        unattributed.is_empty(),
        "analyst-graph nodes not attributed to the analyst: {unattributed:?}"
    );
    // The analyst's conflicts all target the author's nodes or the analyst's own.
    let critiques = rows(&format!(
        "SELECT ?ca ?target {{ GRAPH <{ANALYST}> {{ ?ca a aif:CA-node ; aif:Conclusion ?target }} }}"
    ));
    assert!(critiques.len() >= 10, "{critiques:?}");
    assert!(
        critiques
            .iter()
            .any(|c| c[1].starts_with("https://w3id.org/argmap/doc/ofwono-2024/ra-")),
        "no undercut of an author's inference"
    );
}

#[test]
fn hedges_are_kept_as_qualifiers() {
    let hedges = rows(&format!(
        "SELECT ?node ?q {{ GRAPH <{AUTHOR}> {{ ?node arg:qualifier ?q }} }}"
    ));
    let words: Vec<String> = hedges.iter().map(|h| h[1].to_lowercase()).collect();
    for hedge in [
        "likely",
        "could",
        "arguabl",
        "potentially",
        "quite possibly",
    ] {
        assert!(
            words.iter().any(|w| w.contains(hedge)),
            "the essay's {hedge:?} is not kept as a qualifier: {words:?}"
        );
    }
}

#[test]
fn figures_and_dates_are_typed() {
    let amounts = rows(
        "SELECT ?claim ?value ?currency { ?claim arg:quantity ?q . ?q a schema:MonetaryAmount ;
           schema:currency ?currency . { ?q schema:value ?value } UNION { ?q schema:minValue ?value }
           FILTER (datatype(?value) = xsd:decimal || datatype(?value) = xsd:integer) }",
    );
    assert!(
        amounts.iter().any(|a| a[1].starts_with("60200000000")),
        "the $60.2 billion is not a typed amount: {amounts:?}"
    );
    assert!(amounts.iter().all(|a| a[2] == "USD"), "{amounts:?}");
    assert!(ask(
        "ASK { ?c arg:refersToDate ?d FILTER (datatype(?d) = xsd:date && ?d = '2022-02-24'^^xsd:date) }"
    ));
}
