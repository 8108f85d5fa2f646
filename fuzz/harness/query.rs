//! The query path: a SPARQL query (or update) parsed with the predeclared prefixes and
//! evaluated against the bundled graphs within a time, memory and row budget.
//!
//! Shared by the fuzz target `query` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::budget::{self, Budget, Overrun};
use argmap::query::{self, QueryRequest};
use argmap::store::ArgStore;
use std::sync::OnceLock;
use std::time::Duration;

fn store() -> &'static ArgStore {
    static STORE: OnceLock<ArgStore> = OnceLock::new();
    STORE.get_or_init(|| ArgStore::with_bundled().expect("bundled store"))
}

const BUDGET: Budget = Budget {
    timeout: Some(Duration::from_secs(2)),
    max_memory_mb: Some(512),
    max_rows: Some(10_000),
};

/// One input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let store = store();
    match query::prepare(store.prefixes(), text) {
        Ok(_) => {
            let request = QueryRequest::new(text);
            if let Err(error) = budget::execute(
                store.oxigraph(),
                store.prefixes(),
                &request,
                BUDGET,
                Overrun::Abandon,
            ) {
                let _ = error.to_string();
            }
        }
        Err(error) => {
            let _ = error.to_string();
            // An update runs on a store of its own, so that every input sees the same data.
            if query::prepare_update(store.prefixes(), text).is_ok()
                && let Ok(mut scratch) = ArgStore::empty()
            {
                let _ = budget::update(&mut scratch, text, BUDGET, Overrun::Abandon);
            }
        }
    }
}
