//! Random and mutated Argdown never panics the reader, and every error points into the text.

use argmap::import::argdown;
use oxigraph::model::NamedNode;
use proptest::prelude::*;

const SEED: &str = "===\ntitle: T\nmodel:\n  mode: strict\n===\n\n# H #tag {isGroup: false}\n\n\
[S]: s #(long tag) {quote: \"q\", source: \"x.txt\"}\n  + <A>: a.\n    - [T]: t.\n      _ <B>: b.\n  \
>< [U]: u\n\n<A>\n\n(1) [S]\n(2) p @[T] /* c */\n--\nModus ponens {uses: [1,2]}\n--\n(3) c\n  -> [U]\n\
----\n(4) d\n\n* [L]: item // note\n";

fn check(text: &str) {
    let graph = NamedNode::new("http://example.org/fuzz").unwrap();
    if let Err(error) = argdown::read("f.argdown", text.as_bytes(), &graph) {
        let at = error.position();
        let lines = text.split('\n').count().max(1);
        assert!(
            at.line >= 1 && at.line <= lines,
            "{error} (text has {lines} lines)"
        );
        assert!(at.column >= 1, "{error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("f.argdown:{}:{}:", at.line, at.column))
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_argdown_never_panics(text in "([\\[\\]<>(){}#@:+_>< \\n*/!\"'a-c1-3=-]|--|----|  ){0,120}") {
        check(&text);
    }

    #[test]
    fn mutated_argdown_never_panics(cuts in proptest::collection::vec((0usize..400, 0usize..6, "[\\[\\]<>(){}#@:+_ \\n\"-]{0,3}"), 1..6)) {
        let mut text: Vec<char> = SEED.chars().collect();
        for (at, len, insert) in cuts {
            let at = at % (text.len() + 1);
            let end = (at + len).min(text.len());
            text.splice(at..end, insert.chars());
        }
        check(&text.iter().collect::<String>());
    }
}

#[test]
fn deep_nesting_costs_no_stack() {
    let mut text = String::from("[S]: s\n");
    for depth in 1..3_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str(&format!("+ [S{depth}]: s{depth}\n"));
    }
    check(&text);
}

/// Found by `random_argdown_never_panics` in CI: YAML data cut short at the end of the file
/// was located one line past the text.
#[test]
fn data_cut_short_at_the_end_is_located_inside_the_text() {
    for text in [
        "[S]: s {a:",
        "[S]: s {",
        "<A>: a {uses: [",
        "[S]: s {a: [1,",
    ] {
        check(text);
    }
}
