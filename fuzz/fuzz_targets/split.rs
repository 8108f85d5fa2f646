//! The shell's statement splitter (piped scripts) and the editor's "is this complete?" test.
#![no_main]

#[path = "../harness/split.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
