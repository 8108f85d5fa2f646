//! Parameter binding: a user's `.rq` file header, `NAME=VALUE` arguments read as terms, and the
//! bound query prepared and run on an empty store.
//!
//! An input that starts with `#` is a user query file (so `queries/*.rq` seed it as they are),
//! whose examples are bound; any other input is a bundled query (picked by the first byte) and
//! the argument line of `.run` / `argmap run` for it (the rest).
#![no_main]

#[path = "../harness/bind.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
