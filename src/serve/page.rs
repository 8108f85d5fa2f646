//! The web page at `/` and the named-query library it reads from `/api/queries`.
//!
//! The page is one self-contained HTML file compiled into the binary: no script, style or
//! font is fetched from anywhere but this server.

use crate::named::Library;
use crate::prefixes::Prefixes;
use serde_json::json;

/// The page: a query editor, the named queries with their parameters, results as a table.
pub const PAGE: &str = include_str!("page.html");

/// The named queries and the predeclared prefixes, as the page reads them.
pub fn library_json(library: &Library, prefixes: &Prefixes) -> String {
    let queries: Vec<_> = library
        .iter()
        .map(|q| {
            json!({
                "name": q.name,
                "description": q.description,
                "params": q.params.iter().map(|p| json!({"name": p.name, "meaning": p.meaning})).collect::<Vec<_>>(),
                "examples": q.examples,
                "text": q.text,
            })
        })
        .collect();
    let prefixes: Vec<_> = prefixes
        .iter()
        .map(|p| json!({"name": p.name, "iri": p.iri}))
        .collect();
    json!({ "queries": queries, "prefixes": prefixes }).to_string()
}
