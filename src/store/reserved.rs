//! The one rule for graph names users cannot write, whatever the flags and whatever the way of
//! writing (`load`, `update`, the shell's `.load`, the importers).

use crate::bundled::GRAPH_BASE;
use crate::query::DERIVED_GRAPH;
use crate::workspace::META_GRAPH;

/// argmap's own graphs: the shortcuts, the store's records, evaluation labels, and whatever
/// argmap adds under this name later.
pub const ARGMAP_GRAPHS: &str = "https://w3id.org/argmap/graph/";

/// Where `argmap eval` writes its labels: `<base><semantics>[/<scope>]`. Emptied by every change
/// to the data (the labels would be stale), written only by [`super::ArgStore::replace_eval_graph`].
pub const EVAL_GRAPHS: &str = "https://w3id.org/argmap/graph/eval/";

/// Why a graph is not writable by users, or `None` if it is theirs.
///
/// ```
/// use argmap::store::reserved::why_reserved;
/// assert!(why_reserved("https://w3id.org/argmap/bundled/graphs/entities").is_some());
/// assert!(why_reserved("https://w3id.org/argmap/graph/derived").is_some());
/// assert!(why_reserved("https://w3id.org/argmap/graph/eval/grounded").is_some());
/// assert!(why_reserved("https://example.org/my-critique").is_none());
/// ```
pub fn why_reserved(graph: &str) -> Option<&'static str> {
    if graph == DERIVED_GRAPH {
        Some("derived by the rules and maintained after every change")
    } else if graph == META_GRAPH {
        Some("reserved for the store's own records")
    } else if graph.starts_with(GRAPH_BASE) {
        Some("reserved for the files bundled with argmap, which are read-only")
    } else if graph.starts_with(ARGMAP_GRAPHS) {
        Some("reserved for what argmap computes (shortcuts, evaluations)")
    } else {
        None
    }
}
