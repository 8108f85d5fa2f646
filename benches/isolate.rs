//! What the shell pays for running each query in a forked child that it can kill
//! (`repl::isolate`): every bundled named query on the bundled map, in-process
//! (`query::execute`) against forked, medians measured in the same run (the machine is shared;
//! the difference per query is what holds).
//!
//! Run with `cargo bench --bench isolate`.

mod process;

use argmap::budget::Budget;
use argmap::named::Library;
use argmap::query::{self, QueryRequest};
use argmap::repl::isolate;
use argmap::store::ArgStore;
use std::time::Duration;

const RUNS: usize = 9;

/// The median of `RUNS` timings of `f`, after one warm-up run.
fn median(f: impl FnMut()) -> Duration {
    process::median_time(RUNS, f)
}

fn main() {
    let store = ArgStore::with_bundled().expect("the bundled store");
    let library = Library::load(store.prefixes(), &[]).expect("the bundled queries");
    let budget = Budget::default();
    let mut requests: Vec<(String, QueryRequest)> = Vec::new();
    for named in library.iter() {
        let arguments: Vec<String> = named
            .examples
            .first()
            .map(|e| e.split_whitespace().skip(3).map(str::to_owned).collect())
            .unwrap_or_default();
        let mut request = named
            .bind(&arguments, store.prefixes())
            .expect("the example binds");
        request.max_rows = budget.max_rows;
        requests.push((named.name.clone(), request));
    }
    requests.push(("ASK {}".to_owned(), QueryRequest::new("ASK {}")));
    println!("query | rows | in-process | forked | difference");
    println!("---|---|---|---|---");
    let (mut here_total, mut there_total) = (Duration::ZERO, Duration::ZERO);
    for (name, request) in &requests {
        let rows = query::execute(store.oxigraph(), store.prefixes(), request, None)
            .expect("the query runs")
            .len();
        let here = median(|| {
            let _ = query::execute(store.oxigraph(), store.prefixes(), request, None);
        });
        let there = median(|| {
            let mut never = || None;
            // SAFETY: this benchmark has no other thread.
            let _ = unsafe {
                isolate::execute(
                    store.oxigraph(),
                    store.prefixes(),
                    request,
                    budget,
                    &mut never,
                )
            };
        });
        here_total += here;
        there_total += there;
        println!(
            "{name} | {rows} | {here:.2?} | {there:.2?} | {:+.2} ms",
            (there.as_secs_f64() - here.as_secs_f64()) * 1000.0
        );
    }
    println!(
        "\n{} queries, medians of {RUNS}: {here_total:.1?} in-process, {there_total:.1?} forked, \
         {:.2} ms more per query ({:.2}×)",
        requests.len(),
        (there_total.as_secs_f64() - here_total.as_secs_f64()) * 1000.0 / requests.len() as f64,
        there_total.as_secs_f64() / here_total.as_secs_f64()
    );
}
