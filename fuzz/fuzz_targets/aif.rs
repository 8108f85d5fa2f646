//! The AIF JSON reader (AIFdb nodesets, OVA3 saves).
#![no_main]

#[path = "../harness/aif.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
