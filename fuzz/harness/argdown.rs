//! The Argdown reader: block syntax, inline text, YAML data, mapping to quads. Every error
//! points into the text as `file:line:col`.
//!
//! Shared by the fuzz target `argdown` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::import::argdown;
use oxigraph::model::NamedNode;

/// One input.
pub fn run(data: &[u8]) {
    let graph = NamedNode::new_unchecked("file:///fuzz/map.argdown");
    if let Err(error) = argdown::read("map.argdown", data, &graph) {
        let message = error.to_string();
        assert!(message.starts_with("map.argdown"), "{message}");
        if let Ok(text) = std::str::from_utf8(data) {
            let at = error.position();
            let lines = text.split('\n').count().max(1);
            assert!(
                at.line >= 1 && at.line <= lines,
                "{message} (text has {lines} lines)"
            );
            assert!(at.column >= 1, "{message}");
        }
    }
}
