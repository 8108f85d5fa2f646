//! How `argmap check` scales: every check on the synthetic corpus (see `corpus/mod.rs`) at
//! 10k and 100k claims, as a ratio to a full-scan `COUNT(*)` measured in the same run, and the
//! scaling ratio (100k time / 10k time: about 10 for a linear check, 100 for a quadratic one).
//!
//! Run with `cargo bench --bench check`; `-- --sizes 1000,10000,100000` picks the sizes and
//! `-- --per-check` adds one line per check.

mod corpus;
mod process;

use argmap::check::{self, CheckOptions, Context};
use argmap::query::QueryRequest;
use argmap::store::{ArgStore, OpenOptions};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times of one corpus size.
struct Measured {
    claims: usize,
    triples: usize,
    scan: Duration,
    check: Duration,
    findings: usize,
    per_check: BTreeMap<String, Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn measure(claims: usize, per_check: bool) -> Measured {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("corpus-{claims}.trig"));
    let written = corpus::Corpus::new(claims)
        .write_trig_file(&path)
        .expect("writes the corpus");
    let (store, load) = timed(|| {
        ArgStore::open(&OpenOptions {
            bundled: false,
            data: vec![path.clone()],
            ..OpenOptions::default()
        })
        .expect("the corpus loads")
    });
    let mut store = store;
    store.ensure_bundled_ontology().expect("ontology loads");
    eprintln!(
        "{claims} claims: {} documents, {} triples, opened in {load:.2?}",
        written.documents, written.triples
    );
    let scan = (0..3)
        .map(|_| {
            timed(|| {
                black_box(
                    store
                        .query(&QueryRequest::new("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))
                        .expect("the scan runs"),
                )
            })
            .1
        })
        .min()
        .unwrap_or_default();
    let mut times = BTreeMap::new();
    if per_check {
        let context = Context::new(&store, &CheckOptions::default()).expect("context");
        for one in check::all().expect("checks parse") {
            let (hits, time) = timed(|| one.run(&context).expect("the check runs"));
            black_box(hits);
            times.insert(one.info().name.clone(), time);
        }
    }
    let (report, check) =
        timed(|| check::run(&mut store, &CheckOptions::default()).expect("check runs"));
    Measured {
        claims,
        triples: written.triples,
        scan,
        check,
        findings: report.findings.len(),
        per_check: times,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes = process::sizes(&args, &[10_000, 100_000]);
    let per_check = args.iter().any(|a| a == "--per-check");
    let measured: Vec<Measured> = sizes.iter().map(|&n| measure(n, per_check)).collect();

    println!(
        "\n{:>8} {:>9} {:>10} {:>10} {:>8} {:>9}",
        "claims", "triples", "scan", "check", "×scan", "findings"
    );
    for m in &measured {
        println!(
            "{:>8} {:>9} {:>10.2?} {:>10.2?} {:>7.1}× {:>9}",
            m.claims,
            m.triples,
            m.scan,
            m.check,
            m.check.as_secs_f64() / m.scan.as_secs_f64(),
            m.findings
        );
    }
    if per_check {
        println!();
        let names: Vec<&String> = measured
            .first()
            .map(|m| m.per_check.keys().collect())
            .unwrap_or_default();
        print!("{:<36}", "check");
        for m in &measured {
            print!(" {:>10}", m.claims);
        }
        println!();
        for name in names {
            print!("{name:<36}");
            for m in &measured {
                print!(
                    " {:>10.2?}",
                    m.per_check.get(name).copied().unwrap_or_default()
                );
            }
            println!();
        }
    }
    if let [.., small, large] = measured.as_slice() {
        let size = large.claims as f64 / small.claims as f64;
        let check = large.check.as_secs_f64() / small.check.as_secs_f64();
        let scan = large.scan.as_secs_f64() / small.scan.as_secs_f64();
        println!(
            "\nscaling {}k -> {}k claims ({size:.0}× the data): check {check:.1}×, \
             full scan {scan:.1}× (linear: about {size:.0}×)",
            small.claims / 1000,
            large.claims / 1000
        );
    }
}
