//! The six real Argdown documents of `../shared/corpora/argdown/` read into argmap's ontology.

use argmap::import::argdown;
use oxigraph::model::NamedNode;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // CI has shared/ beside the clone; a worktree under wt/ has it one level further up.
    [
        root.join("../shared/corpora/argdown"),
        root.join("../../shared/corpora/argdown"),
    ]
    .into_iter()
    .find(|d| d.is_dir())
    .expect("the Argdown corpus is missing: expected ../shared/corpora/argdown beside the checkout")
}

/// Counts established by reading each file:
/// - statements: distinct statement titles, plus every untitled statement that stands in a
///   relation or a premise-conclusion structure (prose paragraphs are not statements of the
///   map); e.g. state-censorship: 4 titles + 24 untitled pcs lines = 28;
/// - arguments: distinct `<titles>` outside comments (`<Argument 2>` of the primer is only
///   mentioned in a comment), plus anonymous structures (none here);
/// - pcs: lines `(1) ...` that open a structure;
/// - relations: lines that start with a relation symbol, frontmatter YAML lists excluded
///   (greenspan's two `- author` lines).
#[test]
fn the_six_documents_load_with_the_counts_read_off_them() {
    let expected = [
        ("argdown-primer.argdown", 9, 4, 1, 10),
        ("greenspan-schefczyk_hardwrap.argdown", 21, 6, 4, 5),
        ("legalisation-softdrugs.argdown", 1, 17, 0, 19),
        ("semmelweis_betz.argdown", 32, 10, 10, 6),
        ("state-censorship.argdown", 28, 7, 7, 4),
        ("veggie_debate.argdown", 21, 22, 0, 58),
    ];
    let graph = NamedNode::new("http://example.org/corpus").unwrap();
    for (name, statements, arguments, pcs, relations) in expected {
        let text = std::fs::read(corpus().join(name)).unwrap();
        let mapped = argdown::map(name, &text, &graph).unwrap_or_else(|e| panic!("{e}"));
        let c = mapped.counts;
        assert_eq!(
            (c.statements, c.arguments, c.pcs, c.relations),
            (statements, arguments, pcs, relations),
            "{name}"
        );
        for w in &mapped.warnings {
            assert!(w.location.starts_with(&format!("{name}:")), "{w:?}");
        }
        let parsed = argdown::read(name, &text, &graph).unwrap();
        let claims = parsed
            .quads
            .iter()
            .filter(|q| q.predicate.as_str() == "http://www.arg.tech/aif#claimText")
            .count();
        // Every statement is a claim, and so is the gist of every argument without structure.
        assert!(claims >= statements, "{name}: {claims} claims");
    }
}

#[test]
fn an_unknown_reference_names_the_titles_nearby() {
    let graph = NamedNode::new("http://example.org/g").unwrap();
    let text = "[Censorship]: Censorship is not wrong.\n\n<A>: a.\n  +> [Censorhsip]";
    let error = argdown::read("m.argdown", text.as_bytes(), &graph).unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.starts_with("m.argdown:4:6: [Censorhsip] is defined nowhere"),
        "{shown}"
    );
    assert!(shown.contains("did you mean [Censorship]?"), "{shown}");
    assert!(shown.contains("4 |   +> [Censorhsip]"), "{shown}");
}
