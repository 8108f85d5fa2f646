//! `argmap af` as an ICCMA solver: the real binary on framework files in the three formats.

mod common;

use argmap::eval::af::{Framework, Limits, Semantics};
use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/af")
        .join(name)
        .display()
        .to_string()
}

fn answer(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_three_formats_give_the_same_answers() {
    // Floating reinstatement: {1,4} and {2,4} are preferred and stable, the grounded is empty.
    for (file, a, b, d) in [
        ("floating.af", "1", "2", "4"),
        ("floating.apx", "a", "b", "d"),
        ("floating.tgf", "a", "b", "d"),
    ] {
        let file = fixture(file);
        let f = file.as_str();
        assert_eq!(answer(&["af", "-p", "SE-GR", f]), "w\n");
        assert_eq!(answer(&["af", "-p", "SE-PR", f]), format!("w {a} {d}\n"));
        assert_eq!(
            answer(&["af", "-p", "EE-ST", f]),
            format!("w {a} {d}\nw {b} {d}\n")
        );
        assert_eq!(answer(&["af", "-p", "DS-PR", "-a", d, f]), "YES\n");
        assert_eq!(answer(&["af", "-p", "DS-GR", "--arg", d, f]), "NO\nw\n");
        assert_eq!(
            answer(&["af", "-p", "DC-ST", "-a", b, "-f", f]),
            format!("YES\nw {b} {d}\n")
        );
        assert_eq!(
            answer(&["af", "--problem", "DS-SST", "--arg", a, f]),
            format!("NO\nw {b} {d}\n")
        );
    }
}

#[test]
fn no_stable_extension_is_no_for_se_and_yes_for_ds() {
    let f = fixture("odd-cycle.af");
    assert_eq!(answer(&["af", "-p", "SE-ST", &f]), "NO\n");
    assert_eq!(answer(&["af", "-p", "DS-ST", "-a", "1", &f]), "YES\n");
    assert_eq!(answer(&["af", "-p", "DC-ST", "-a", "1", &f]), "NO\n");
    assert_eq!(answer(&["af", "-p", "SE-PR", &f]), "w\n");
}

#[test]
fn answers_match_the_library_on_a_random_file() {
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    let n = 10;
    let attacks: Vec<(u32, u32)> = (0..25).map(|_| (next() % n, next() % n)).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("random.i23");
    let mut text = format!("p af {n}\n");
    for (a, b) in &attacks {
        text.push_str(&format!("{} {}\n", a + 1, b + 1));
    }
    std::fs::write(&path, text).expect("written");
    let af = Framework::from_attacks(n, &attacks).expect("valid");
    let f = path.display().to_string();
    for semantics in Semantics::ALL {
        let mut expected = String::new();
        let all = af.labellings(semantics, &Limits::default()).expect("small");
        if all.is_empty() {
            expected.push_str("NO\n");
        }
        for l in all {
            expected.push('w');
            for a in l.in_args() {
                expected.push_str(&format!(" {}", a + 1));
            }
            expected.push('\n');
        }
        let problem = format!("EE-{}", semantics.iccma());
        assert_eq!(answer(&["af", "-p", &problem, &f]), expected, "{problem}");
    }
}

#[test]
fn bad_files_and_questions_are_located_errors() {
    let output = run(&["af", "-p", "SE-GR", &fixture("bad-target.af")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("bad-target.af:3:4: expected a target"),
        "{}",
        stderr(&output)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let apx = dir.path().join("x.apx");
    std::fs::write(&apx, "arg(a).\natt(a, zz).\n").expect("written");
    let output = run(&["af", "-p", "SE-GR", &apx.display().to_string()]);
    assert!(stderr(&output).contains("x.apx:2:5: argument zz is not declared: add `arg(zz).`"));
    let f = fixture("floating.af");
    let output = run(&["af", "-p", "DC-XY", "-a", "1", &f]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown problem \"DC-XY\""));
    let output = run(&["af", "-p", "DC-PR", &f]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("add --arg NAME"));
    let output = run(&["af", "-p", "DC-PR", "-a", "9", &f]);
    assert!(stderr(&output).contains("no argument \"9\""));
    let output = run(&["af", "-p", "SE-GR", "missing.af"]);
    assert!(stderr(&output).contains("cannot read missing.af"));
}
