//! The Argdown reader: block syntax, inline text, YAML data, mapping to quads. Every error
//! points into the text as `file:line:col`.
#![no_main]

#[path = "../harness/argdown.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
