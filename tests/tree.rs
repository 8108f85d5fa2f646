//! `.tree`: the support and attack tree under a claim, exactly as the shell prints it.

mod common;

use common::{fixture, piped, stderr, stdout};

fn tree(statement: &str) -> std::process::Output {
    let map = fixture("tiny-map.ttl");
    let map = map.to_str().expect("UTF-8 path");
    piped(&["--data", map], &format!("{statement}\n"))
}

/// The whole fixture argument: linked premises grouped under their inference, schemes and
/// qualifiers, every kind of attack with who raised it and the answer, short quotes,
/// [unstated], the cycle cut, in the order of the text.
#[test]
fn the_tree_under_a_claim_reads_the_whole_argument() {
    let output = tree(".tree tiny:c-deter");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        r#"tiny:c-deter  The alliance should deter the axis now.  [policy recommendation]
│  “We must deter the axis before it grows any stronger, and we…”
├─ + practical reasoning  tiny:ra-deter
│  ├─ tiny:c-grow  The axis will grow stronger.  [predictive claim]  (likely)
│  │  │  “The axis is likely to grow stronger.”
│  │  ├─ + argument from sign  tiny:ra-grow  (probably)
│  │  │  ├─ tiny:c-troops  Northland sent troops to Eastland.  [reported fact]
│  │  │  │  │  “Troops were sent, the agency reports.”
│  │  │  │  └─ ✗ UNDERMINE  tiny:ca-denial  raised by the essayist; answered by tiny:c-images
│  │  │  │     └─ tiny:c-denial  Eastland denies that any troops arrived.  [reported fact]
│  │  │  │        │  “Eastland denies it.”
│  │  │  │        └─ ✗ REBUT  tiny:ca-images  raised by the essayist; unanswered
│  │  │  │           └─ tiny:c-images  Satellite images show the troops.  [empirical claim]
│  │  │  │                 “Satellite images show them.”
│  │  │  ├─ tiny:c-signal  Sending troops signals a deepening partnership.  [evaluative claim]  [unstated]
│  │  │  │  └─ + default inference  tiny:ra-cycle
│  │  │  │     └─ ↻ tiny:c-deter  (cycle: this claim is already above)
│  │  │  └─ ✗ UNDERCUT  tiny:ca-mercenaries  raised by the analyst; unanswered
│  │  │     └─ tiny:c-mercenaries  The troops may be paid volunteers rather than a state commitment.  [empirical claim]
│  │  └─ ✗ REBUT  tiny:ca-doubt  raised by the essayist; answered by tiny:c-lasted
│  │     └─ tiny:c-doubt  The partnership is a marriage of convenience that will fade.  [predictive claim]
│  │        │  “Some say it is a marriage of convenience.”
│  │        └─ ✗ REBUT  tiny:ca-lasted  raised by the essayist; unanswered
│  │           └─ tiny:c-lasted  The convenience has lasted three years.  [historical claim]
│  │                 “It has lasted three years.”
│  └─ tiny:c-bad  A stronger axis endangers the alliance.  [evaluative claim]
│        “A stronger axis endangers us all.”
└─ + argument from analogy  tiny:ra-analogy
   └─ tiny:c-munich  Appeasing a growing power in 1938 invited war.  [historical claim]
         “Remember 1938.”
"#
    );
}

#[test]
fn the_depth_limit_stops_below_the_given_level_and_says_how_to_go_on() {
    let output = tree(".tree tiny:c-grow 1");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        r#"tiny:c-grow  The axis will grow stronger.  [predictive claim]  (likely)
│  “The axis is likely to grow stronger.”
├─ + argument from sign  tiny:ra-grow  (probably)
│  ├─ tiny:c-troops  Northland sent troops to Eastland.  [reported fact]
│  │  │  “Troops were sent, the agency reports.”
│  │  └─ … deeper levels not shown (.tree tiny:c-troops to go on)
│  ├─ tiny:c-signal  Sending troops signals a deepening partnership.  [evaluative claim]  [unstated]
│  │  └─ … deeper levels not shown (.tree tiny:c-signal to go on)
│  └─ ✗ UNDERCUT  tiny:ca-mercenaries  raised by the analyst; unanswered
│     └─ tiny:c-mercenaries  The troops may be paid volunteers rather than a state commitment.  [empirical claim]
└─ ✗ REBUT  tiny:ca-doubt  raised by the essayist; answered by tiny:c-lasted
   └─ tiny:c-doubt  The partnership is a marriage of convenience that will fade.  [predictive claim]
      │  “Some say it is a marriage of convenience.”
      └─ … deeper levels not shown (.tree tiny:c-doubt to go on)
"#
    );
}

#[test]
fn a_conflict_can_be_the_root_and_an_unknown_node_is_a_clear_error() {
    let output = tree(".tree tiny:ca-mercenaries");
    assert_eq!(
        stdout(&output),
        "✗ UNDERCUT  tiny:ca-mercenaries  raised by the analyst; unanswered\n\
         └─ tiny:c-mercenaries  The troops may be paid volunteers rather than a state commitment.  [empirical claim]\n"
    );
    let output = tree(".tree tiny:c-grwo");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "tiny:c-grwo is not a claim (aif:I-node), an inference or a conflict in the loaded graphs"
        ),
        "{}",
        stderr(&output)
    );
    let output = tree(".tree c-grow");
    assert!(
        stderr(&output).contains("c-grow is not a value"),
        "{}",
        stderr(&output)
    );
}

/// On the real map: the tree under the essay's main conclusion reaches the reported troop
/// deployment and the analyst's undercut of the intelligence report, and ends (the map has
/// shared premises; nothing is expanded twice).
#[test]
fn the_tree_under_the_main_conclusion_of_the_essay() {
    let output = piped(&[], ".tree ofw:c-citizens-should-back-deterrence 20\n");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("ofw:c-citizens-should-back-deterrence  Citizens of the free world"),
        "{text}"
    );
    let deployed = text
        .lines()
        .find(|l| l.contains("ofw:c-nk-troops-deployed  North Korea has deployed"))
        .unwrap_or_else(|| panic!("no troop deployment in\n{text}"));
    assert!(deployed.contains("[reported fact]"), "{deployed}");
    assert!(
        text.contains("✗ UNDERCUT  ofwa:ca-nis-interested-party  raised by argmap analyst"),
        "{text}"
    );
    let expanded = text
        .lines()
        .filter(|l| l.contains("ofw:c-nk-troops-deployed  North Korea") && !l.contains('↑'))
        .count();
    assert_eq!(expanded, 1, "expanded more than once:\n{text}");
}

/// A claim with `n` inferences of one premise each under it, in Turtle.
fn fan(n: usize) -> String {
    let mut out = String::from(
        "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix ex: <https://example.org/fan#> .\n\
         ex:root a aif:I-node ; aif:claimText \"the root\" .\n",
    );
    for i in 0..n {
        out.push_str(&format!(
            "ex:p{i} a aif:I-node ; aif:claimText \"premise {i}\" .\n\
             ex:ra{i} a aif:RA-node ; aif:Premise ex:p{i} ; aif:Conclusion ex:root .\n"
        ));
    }
    out
}

/// `.tree` and `.map` run many small queries in the shell itself: the statement's time budget
/// stops them between two of them, with the budget's message, and the script goes on. (A fan this wide
/// takes seconds to read; with a check of every new inference against the list so far it
/// took more than twice as long.)
#[test]
fn a_tree_or_map_too_big_for_the_budget_is_stopped_and_the_shell_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fan.ttl");
    std::fs::write(&file, fan(60_000)).unwrap();
    let data = file.to_str().unwrap();
    let picture = dir.path().join("fan.svg");
    let output = piped(
        &["--no-bundled", "--data", data, "--timeout", "0.3"],
        &format!(
            ".tree ex:root 3\n.map ex:root {} 1\nASK {{ ex:root a aif:I-node }}\n",
            picture.display()
        ),
    );
    let err = stderr(&output);
    for statement in [1, 2] {
        assert!(
            err.contains(&format!(
                "<stdin>:{statement}: statement {statement}: query stopped after 300.0 ms"
            )),
            "{err}"
        );
    }
    assert!(!picture.exists());
    assert_eq!(stdout(&output).trim(), "true");
    // Within the budget the same tree is whole: the root, then a line per inference and one
    // per premise.
    let output = piped(
        &["--no-bundled", "--data", data, "--timeout", "0"],
        ".tree ex:root 1\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let tree = stdout(&output);
    assert!(tree.starts_with("ex:root  the root"), "{}", &tree[..200]);
    assert_eq!(tree.lines().count(), 1 + 2 * 60_000);
}
