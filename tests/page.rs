//! The page of `argmap serve` in a real headless Chromium: it loads without a console message,
//! runs a named query and shows its rows.

mod common;

use common::browser;
use common::server::{Served, encode};

/// The `<tr>` rows of the answer table's body.
fn body_rows(dom: &str) -> usize {
    let Some(start) = dom.find("<table id=\"answer\">") else {
        return 0;
    };
    let table = &dom[start..];
    let table = &table[..table.find("</table>").unwrap_or(table.len())];
    let body = table.split("<tbody>").nth(1).unwrap_or_default();
    body.matches("<tr>").count()
}

/// The server's own answer to a named query: its row count.
fn rows_of(served: &Served, name: &str, params: &[(&str, &str)]) -> usize {
    let reply = served.get(
        &format!("/api/run/{name}?{}", encode(params)),
        "application/sparql-results+json",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json: serde_json::Value = serde_json::from_slice(&reply.body).expect("JSON results");
    json["results"]["bindings"].as_array().map_or(0, Vec::len)
}

#[test]
fn the_page_runs_named_queries_and_shows_rows() {
    let served = Served::start(&[], &[]);
    let page = served.get("/", "text/html");
    assert_eq!(page.status, 200);
    let html = page.text();
    for outside in ["src=\"http", "href=\"http", "url(http", "import "] {
        assert!(
            !html.contains(outside),
            "the page fetches from elsewhere: {outside}"
        );
    }

    // A query with a parameter: the page fills its field from the link and binds it.
    let claim = "ofw:c-citizens-should-back-deterrence";
    let expected = rows_of(&served, "quote", &[("claim", claim)]);
    assert!(expected > 0);
    let loaded = browser::load(
        &format!(
            "{}/?{}",
            served.base,
            encode(&[("run", "quote"), ("claim", claim)])
        ),
        3_000,
    );
    assert!(
        loaded.console.is_empty(),
        "console messages: {:?}",
        loaded.console
    );
    assert!(
        loaded.dom.contains("id=\"param-claim\""),
        "no field for the parameter"
    );
    assert_eq!(body_rows(&loaded.dom), expected, "{}", loaded.dom);
    assert!(
        loaded.dom.contains(&format!("{expected} row")),
        "no row count shown"
    );
    // The library is listed, one button per query.
    assert!(loaded.dom.contains("data-name=\"support-tree\""));
    // Every request the browser made was to this server and succeeded.
    let log = served.log();
    assert!(
        log.iter().any(|l| l.starts_with("GET /api/run/quote 200")),
        "{log:?}"
    );
    assert!(!log.iter().any(|l| l.contains(" 404 ")), "{log:?}");
}
