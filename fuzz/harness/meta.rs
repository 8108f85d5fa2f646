//! Meta-command lines (`.run NAME k=v`, `.tree NODE 3`, `.explain …`): parsing never panics,
//! and the argument splitter keeps every non-blank character.
//!
//! Shared by the fuzz target `meta` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::repl::meta;

/// One input.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let line = if text.starts_with('.') {
        text.into_owned()
    } else {
        format!(".{text}")
    };
    if let Err(error) = meta::parse(&line) {
        let _ = error.to_string();
    }
    if let Ok(words) = meta::split_arguments(&line) {
        let kept: usize = words
            .iter()
            .map(|w| w.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let given = line.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(kept, given, "{words:?}");
    }
}
