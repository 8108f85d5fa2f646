//! `argmap eval` at corpus scale: the synthetic corpus of `benches/corpus` (1,000,000 claims by
//! default) in an Oxigraph store, translated to its ASPIC+ framework and evaluated under grounded
//! semantics, against a plain scan of its conflicts (a SPARQL count of the CA-nodes) on the same
//! store, measured in the same run (the machine is shared; ratios are what hold).
//!
//! Run with `cargo bench --bench eval` (`EVAL_CLAIMS` changes the size).

mod corpus;

use argmap::eval::af::{Limits, Semantics};
use argmap::eval::aspic::{self, Options};
use argmap::eval::claims::{self, Status};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

/// The median of `RUNS` timings of `f`, after one warm-up run.
fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[RUNS / 2], last)
}

/// The plain scan: count the conflicts with SPARQL.
fn count_conflicts(store: &Store) -> u64 {
    // Each document is a named graph.
    let query =
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?ca a <http://www.arg.tech/aif#CA-node> } }";
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .expect("the count parses")
        .on_store(store)
        .execute()
        .expect("the count runs");
    let QueryResults::Solutions(mut solutions) = results else {
        panic!("a count gives solutions");
    };
    let row = solutions.next().expect("one row").expect("the row is read");
    match row.get("n") {
        Some(oxigraph::model::Term::Literal(n)) => n.value().parse().expect("a number"),
        other => panic!("no count: {other:?}"),
    }
}

fn main() {
    let claims: usize = std::env::var("EVAL_CLAIMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("corpus.trig");
    let written = corpus::Corpus::new(claims)
        .write_trig_file(&path)
        .expect("the corpus is written");
    let store = Store::new().expect("a store");
    let started = Instant::now();
    let mut loader = store.bulk_loader();
    loader
        .load_from_reader(
            RdfFormat::TriG,
            std::io::BufReader::new(std::fs::File::open(&path).expect("the corpus reads")),
        )
        .expect("the corpus loads");
    loader.commit().expect("the load commits");
    println!(
        "synthetic corpus: {claims} claims, {} documents, {} triples, loaded in {:.1?}; \
         median of {RUNS} runs\n",
        written.documents,
        written.triples,
        started.elapsed()
    );

    let (scan, conflicts) = median(|| count_conflicts(&store));
    let options = Options {
        max_arguments: usize::MAX,
        ..Options::default()
    };
    let (eval, (arguments, attacks, accepted)) = median(|| {
        let translation = aspic::translate(&store, &options).expect("the corpus translates");
        let (statuses, labellings) =
            claims::evaluate(&translation, Semantics::Grounded, &Limits::default())
                .expect("grounded semantics runs");
        black_box(labellings);
        let accepted = statuses
            .iter()
            .filter(|s| s.status == Status::Accepted)
            .count();
        (
            translation.arguments.len(),
            translation.attacks.len(),
            accepted,
        )
    });
    println!("plain scan (SPARQL count of {conflicts} CA-nodes)       {scan:?}");
    println!(
        "eval, grounded (translate + label + claim statuses)  {eval:?}  = {:.1}× the scan",
        eval.as_secs_f64() / scan.as_secs_f64()
    );
    println!("{arguments} arguments, {attacks} attacks, {accepted} claims accepted");
    println!(
        "target: <= 3 s ({})",
        if eval <= Duration::from_secs(3) {
            "met"
        } else {
            "NOT met"
        }
    );
}
