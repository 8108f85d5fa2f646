//! The AIF JSON reader (AIFdb nodesets, OVA3 saves).
//!
//! Shared by the fuzz target `aif` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::import::aif::{self, AifInput};
use oxigraph::model::NamedNode;

/// One input.
pub fn run(data: &[u8]) {
    let graph = NamedNode::new_unchecked("file:///fuzz/nodeset.json");
    let input = AifInput {
        name: "nodeset.json".to_owned(),
        text: data,
        graph: graph.clone(),
        source: graph.as_str().to_owned(),
        imported_at: None,
    };
    match aif::read(&input) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                assert!(warning.location.starts_with("nodeset.json"), "{warning}");
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with("nodeset.json"), "{message}");
        }
    }
}
