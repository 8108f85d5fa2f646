//! The abstract-framework readers of `argmap af`: ICCMA 2023, ASPARTIX (.apx), TGF. The first
//! byte picks the format.
#![no_main]

#[path = "../harness/iccma.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
