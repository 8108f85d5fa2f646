//! The query path: a SPARQL query (or update) parsed with the predeclared prefixes and
//! evaluated against the bundled graphs within a time, memory and row budget.
#![no_main]

#[path = "../harness/query.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
