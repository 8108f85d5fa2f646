//! Meta-command lines (`.run NAME k=v`, `.tree NODE 3`, `.explain …`): parsing never panics,
//! and the argument splitter keeps every non-blank character.
#![no_main]

#[path = "../harness/meta.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
