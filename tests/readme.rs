//! The README's tour runs against the bundled map and prints exactly what the README shows.

use std::path::Path;
use std::process::Command;

/// `(query, expected output)` for each `argmap query '...'` block of the tour.
fn tour() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md exists");
    let start = readme
        .find("## A one-minute tour")
        .expect("the README has a tour");
    let section = &readme[start..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut steps = Vec::new();
    let mut rest = section;
    while let Some(at) = rest.find("```sh\nargmap query '") {
        let body = &rest[at + "```sh\nargmap query '".len()..];
        let end = body.find("'\n```").expect("the query closes its quote");
        let query = body[..end].to_owned();
        let after = &body[end..];
        let text_at = after
            .find("```text\n")
            .expect("each query shows its output")
            + "```text\n".len();
        let text_end = after[text_at..]
            .find("```")
            .expect("the output block closes");
        steps.push((query, after[text_at..text_at + text_end].to_owned()));
        rest = &after[text_at + text_end..];
    }
    steps
}

#[test]
fn the_tour_prints_what_the_readme_shows() {
    let steps = tour();
    assert_eq!(steps.len(), 3, "the tour has three queries");
    for (query, expected) in steps {
        let output = Command::new(env!("CARGO_BIN_EXE_argmap"))
            .args(["query", &query])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{query}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let actual = String::from_utf8_lossy(&output.stdout);
        assert!(
            actual.lines().count() > 3,
            "a tour answer needs rows: {actual}"
        );
        assert_eq!(
            actual.trim_end(),
            expected.trim_end(),
            "README output is out of date for:\n{query}"
        );
    }
}
