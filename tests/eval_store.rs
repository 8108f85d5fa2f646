//! Evaluation labels as data across runs: `argmap eval --store` saves them in the workspace,
//! the next process reads them back, the named queries `standing-conclusions` and `defeaters`
//! join them with the map (checked against `argmap eval`'s own printout), and a change to the
//! data empties them — on a real store folder, with the real binary.

mod common;

use common::{OFW, OFWA, ok, run, stderr, stdout, tsv};
use std::collections::BTreeSet;
use std::path::Path;

const EVAL: &str = "https://w3id.org/argmap/graph/eval/grounded";

/// `<IRI>` as `argmap eval` prints it (`ofw:…`, `ofwa:…`).
fn compact(cell: &str) -> String {
    let iri = cell.trim_start_matches('<').trim_end_matches('>');
    if let Some(local) = iri.strip_prefix(OFWA) {
        format!("ofwa:{local}")
    } else if let Some(local) = iri.strip_prefix(OFW) {
        format!("ofw:{local}")
    } else {
        format!("<{iri}>")
    }
}

/// The claims `argmap eval` prints with `status` (first word of the line).
fn printed_with(output: &str, status: &str) -> BTreeSet<String> {
    output
        .lines()
        .skip(1)
        .filter(|l| l.split_whitespace().next() == Some(status))
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect()
}

/// The store is an N-Quads workspace in every build (a rocksdb build would make a RocksDB one,
/// which has no `dataset.nq` to read the labels from).
fn store_args<'a>(store: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--store", store, "--backend", "nquads"]);
    all
}

#[test]
fn labels_are_saved_read_back_joined_by_named_queries_and_dropped_on_change() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store_path = dir.path().join("maps");
    let store = store_path.to_str().expect("a UTF-8 path");

    // No evaluation yet: the named queries say so in one row, and name the command.
    for query in [
        vec!["run", "standing-conclusions"],
        vec![
            "run",
            "defeaters",
            "claim=ofw:c-citizens-should-back-deterrence",
        ],
    ] {
        let table = tsv(&query);
        assert_eq!(table.1.len(), 1, "{query:?}: {:?}", table.1);
        let note = common::column(&table, "note");
        assert!(note[0].contains("run `argmap eval` first"), "{note:?}");
    }

    // eval in a store folder saves its labels there (it creates no store for them).
    let nowhere = run(&store_args(store, &["eval"]));
    assert!(!nowhere.status.success(), "no store, no labels");
    assert!(
        stderr(&nowhere).contains("no argmap store here"),
        "{}",
        stderr(&nowhere)
    );
    let extra = dir.path().join("note.ttl");
    std::fs::write(
        &extra,
        "<https://example.org/n> <http://www.w3.org/2000/01/rdf-schema#label> \"a note\" .\n",
    )
    .expect("the file is written");
    ok(&store_args(
        store,
        &["load", extra.to_str().expect("UTF-8")],
    ));
    let evaluated = run(&store_args(store, &["eval"]));
    assert!(evaluated.status.success(), "{}", stderr(&evaluated));
    assert!(
        stderr(&evaluated).contains("saved in the store"),
        "{}",
        stderr(&evaluated)
    );
    let printed = stdout(&evaluated);
    let accepted = printed_with(&printed, "accepted");
    let rejected = printed_with(&printed, "rejected");
    assert!(!accepted.is_empty() && !rejected.is_empty(), "{printed}");
    let saved = std::fs::read_to_string(store_path.join("dataset.nq")).expect("dataset.nq");
    assert!(
        saved.contains(&format!("<{EVAL}>")),
        "the labels are in dataset.nq"
    );

    // A new process reads them back: the standing conclusions are the claims eval accepted,
    // main conclusions first.
    let standing = tsv(&store_args(store, &["run", "standing-conclusions"]));
    let claims: BTreeSet<String> = common::column(&standing, "claim")
        .into_iter()
        .map(compact)
        .collect();
    assert_eq!(
        claims, accepted,
        "standing-conclusions = eval's accepted claims"
    );
    assert!(
        common::column(&standing, "evaluation")
            .iter()
            .all(|g| *g == format!("<{EVAL}>"))
    );
    let roles = common::column(&standing, "role");
    let first_other = roles.iter().position(|r| !r.contains("main conclusion"));
    assert!(
        roles[first_other.unwrap_or(roles.len())..]
            .iter()
            .all(|r| !r.contains("main conclusion")),
        "main conclusions first: {roles:?}"
    );

    // What defeats a rejected claim: the conflicts that succeed, each attacker with the status
    // `eval --all` gives it, and among them the defeats `--explain` names.
    let all = ok(&store_args(store, &["eval", "--all"]));
    let status_of = |claim: &str| {
        ["accepted", "rejected", "undecided"]
            .into_iter()
            .find(|s| printed_with(&all, s).contains(claim))
            .unwrap_or("(not evaluated)")
    };
    let mut checked = 0;
    for claim in &rejected {
        let table = tsv(&store_args(
            store,
            &["run", "defeaters", &format!("claim={claim}")],
        ));
        let defeats: Vec<usize> = (0..table.1.len())
            .filter(|&i| common::column(&table, "defeats")[i].contains("true"))
            .collect();
        if defeats.is_empty() {
            continue;
        }
        let explained = ok(&store_args(store, &["eval", "--explain", claim]));
        for &i in &defeats {
            let attacker = compact(common::column(&table, "attacker")[i]);
            let status = common::column(&table, "attackerStatus")[i].trim_matches('"');
            assert_eq!(status, status_of(&attacker), "{claim}: {attacker}");
            let conflict = compact(common::column(&table, "counterpoint")[i]);
            assert!(
                explained.contains(&format!("via {conflict}")),
                "{claim}: {conflict} defeats it, and --explain says so:\n{explained}"
            );
        }
        assert!(
            common::column(&table, "status")
                .iter()
                .all(|s| s.contains("rejected")),
            "{claim}"
        );
        checked += 1;
    }
    assert!(
        checked > 0,
        "some rejected claim has a defeat: {rejected:?}"
    );

    // A change to the data empties the labels, in memory and in the file.
    ok(&store_args(
        store,
        &[
            "update",
            "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/n> <https://example.org/p> 1 } }",
        ],
    ));
    let saved = std::fs::read_to_string(store_path.join("dataset.nq")).expect("dataset.nq");
    assert!(!saved.contains("/graph/eval/"), "no labels after a change");
    let table = tsv(&store_args(store, &["run", "standing-conclusions"]));
    assert_eq!(table.1.len(), 1);
    assert!(common::column(&table, "note")[0].contains("argmap eval"));
}

#[test]
fn a_store_in_use_evaluates_and_keeps_its_labels_for_the_session() {
    // eval takes the write lock to save; when another process holds it, eval still answers.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store_path = dir.path().join("maps");
    let store = store_path.to_str().expect("a UTF-8 path");
    let extra = dir.path().join("note.ttl");
    std::fs::write(
        &extra,
        "<https://example.org/n> <http://www.w3.org/2000/01/rdf-schema#label> \"a note\" .\n",
    )
    .expect("the file is written");
    ok(&store_args(
        store,
        &["load", extra.to_str().expect("UTF-8")],
    ));
    ok(&store_args(store, &["eval"]));
    let holder = argmap::workspace::Workspace::open(
        Path::new(store).to_owned(),
        argmap::workspace::Access::Write,
    )
    .expect("the lock is taken");
    let evaluated = run(&store_args(store, &["eval", "--semantics", "preferred"]));
    assert!(evaluated.status.success(), "{}", stderr(&evaluated));
    assert!(stderr(&evaluated).contains("in use by another argmap process"));
    assert!(stderr(&evaluated).contains("(this session)"));
    drop(holder);
    // The grounded labels of the first run are still there; no preferred ones were saved.
    let saved = std::fs::read_to_string(store_path.join("dataset.nq")).expect("dataset.nq");
    assert!(saved.contains(&format!("<{EVAL}>")));
    assert!(!saved.contains("/graph/eval/preferred"));

    // Labels computed with other bundled graphs (another argmap version) describe another map:
    // they are not read back.
    let marker = "argmap eval, bundle ";
    let at = saved
        .find(marker)
        .expect("the labels carry the bundle they were computed with");
    let stamp = &saved[at + marker.len()..at + marker.len() + 16];
    let other = saved.replace(
        &format!("{marker}{stamp}"),
        &format!("{marker}0000000000000000"),
    );
    std::fs::write(store_path.join("dataset.nq"), other).expect("dataset.nq is written");
    let table = tsv(&store_args(store, &["run", "standing-conclusions"]));
    assert_eq!(table.1.len(), 1, "{:?}", table.1);
    assert!(common::column(&table, "note")[0].contains("argmap eval"));
}
