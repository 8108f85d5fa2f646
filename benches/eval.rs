//! `argmap eval` at corpus scale: the synthetic corpus of `benches/corpus` (1,000,000 claims by
//! default) in an in-memory Oxigraph store, evaluated under grounded semantics over claims and
//! inferences (`eval::grounded`, what `argmap eval` does by default: reading the map included),
//! against a plain scan of its conflicts (a SPARQL count of the CA-nodes) on the same store,
//! measured in the same run (the machine is shared; ratios are what hold). The map is read two
//! ways: out of the store's quads (what an in-memory or N-Quads store does), and out of the
//! argument index a RocksDB store keeps beside each snapshot (`store::index`), written here
//! from the same store into a temporary folder.
//! Enumerating the corpus's ASPIC+ arguments did not finish at 10,000 claims: its linked
//! premises multiply sub-argument combinations.
//!
//! Run with `cargo bench --bench eval` (`EVAL_CLAIMS` changes the size).

mod corpus;

/// The allocator of the `argmap` binary (`src/main.rs`), so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use argmap::eval::aspic::{self, Options};
use argmap::eval::claims::Status;
use argmap::eval::grounded;
use argmap::store::index::{self, Changed};
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
    let peak_before = peak_mib();
    let options = Options::default();
    let (read, map) =
        median(|| aspic::read_map_in_store_order(&store, &options).expect("the corpus reads"));
    let index_dir = dir.path().join("index");
    let manifest = dir.path().join("argmap-index");
    let started = Instant::now();
    index::publish(
        &index_dir,
        None,
        &manifest,
        1,
        &store,
        &Changed::Everything,
        Default::default(),
    )
    .expect("the index is written");
    let written = started.elapsed();
    let (index_read, indexed) = median(|| {
        let segments = index::read(&index_dir, &manifest, |g| aspic::in_scope(g, &options))
            .expect("the index reads")
            .expect("the index is there");
        aspic::map_from_index(&segments, &options, false).expect("the map is built")
    });
    assert_eq!(
        (
            indexed.claims.len(),
            indexed.inferences.len(),
            indexed.conflicts.len()
        ),
        (map.claims.len(), map.inferences.len(), map.conflicts.len()),
        "the index gives the map the store gives"
    );
    let (fixpoint, (cycle_passes, counts)) = median(|| {
        let result = grounded::evaluate(&indexed).expect("last-link is the default");
        let mut counts = [0usize; 3];
        for s in &result.statuses {
            counts[match s.status {
                Status::Accepted => 0,
                Status::Rejected => 1,
                Status::Undecided => 2,
            }] += 1;
        }
        black_box(&result.succeeds);
        (result.cycle_passes, counts)
    });
    let inferences = map.inferences.len();
    let from_store = read + fixpoint;
    let eval = index_read + fixpoint;
    let peak_after = peak_mib();
    println!("plain scan (SPARQL count of {conflicts} CA-nodes)          {scan:?}");
    let ratio = |d: Duration| d.as_secs_f64() / scan.as_secs_f64();
    println!(
        "read the map from the store's quads                          {read:?}  = {:.1}× the scan",
        ratio(read)
    );
    println!(
        "read the map from the argument index (written in {written:.1?})  {index_read:?}  = {:.1}× the scan",
        ratio(index_read)
    );
    println!(
        "grounded fixpoint over claims + statuses                     {fixpoint:?}  = {:.1}× the scan",
        ratio(fixpoint)
    );
    println!(
        "eval from the store's quads (read + fixpoint)                {from_store:?}  = {:.1}× the scan",
        ratio(from_store)
    );
    println!(
        "eval from the argument index (read + fixpoint)               {eval:?}  = {:.1}× the scan",
        ratio(eval)
    );
    println!(
        "{inferences} inferences; {} accepted, {} rejected, {} undecided; {cycle_passes} cycle passes",
        counts[0], counts[1], counts[2]
    );
    println!(
        "peak memory (getrusage): {peak_after:.0} MiB for the process (store included), \
         {:.0} MiB above its peak before the evaluation",
        peak_after - peak_before
    );
    println!(
        "target, from the index: <= 3 s ({})",
        if eval <= Duration::from_secs(3) {
            "met"
        } else {
            "NOT met"
        }
    );
}

/// The process's peak resident memory so far, in MiB (Linux reports `ru_maxrss` in KiB).
fn peak_mib() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage, for the calling process.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0;
    if ok {
        usage.ru_maxrss as f64 / 1024.0
    } else {
        f64::NAN
    }
}
