//! The abstract-framework readers of `argmap af`: ICCMA 2023, ASPARTIX (.apx), TGF. The first
//! byte picks the format.
//!
//! Shared by the fuzz target `iccma` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::eval::iccma::{self, FileFormat};

const FORMATS: [FileFormat; 3] = [FileFormat::Iccma23, FileFormat::Apx, FileFormat::Tgf];

/// One input.
pub fn run(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    match iccma::parse(text, format, "fuzz.af") {
        Ok(parsed) => {
            for arg in 0..parsed.framework.len().min(64) {
                let name = parsed.name(arg);
                assert_eq!(parsed.argument(&name), Some(arg), "{name:?}");
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with("fuzz.af"), "{message}");
        }
    }
}
