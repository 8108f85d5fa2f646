//! The on-disk store (`--features rocksdb`): constant-time open with the bundled graphs and
//! shortcuts inside, readers beside a writer, and loads that a kill leaves at the old or the
//! new state, never corrupt.
#![cfg(feature = "rocksdb")]

mod common;

use common::run;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// A corpus of `docs` documents of `claims` claims each, each document in its own graph,
/// shaped like the bundled map (claims, inferences with schemes, some conflicts).
fn corpus(docs: usize, claims: usize, offset: usize) -> String {
    let mut out = String::from(
        "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix arg: <https://w3id.org/argmap#> .\n",
    );
    for d in offset..offset + docs {
        out.push_str(&format!("<https://example.org/doc/{d}> {{\n"));
        for c in 0..claims {
            out.push_str(&format!(
                "<https://example.org/doc/{d}/c{c}> a arg:EmpiricalClaim ; aif:claimText \"claim {c} of {d}\" .\n"
            ));
            if c > 0 {
                out.push_str(&format!(
                    "<https://example.org/doc/{d}/ra{c}> a aif:RA-node ; arg:scheme arg:ArgumentFromExample ; \
                     aif:Premise <https://example.org/doc/{d}/c{c}> ; aif:Conclusion <https://example.org/doc/{d}/c{}> .\n",
                    c / 2
                ));
            }
            if c % 3 == 2 {
                out.push_str(&format!(
                    "<https://example.org/doc/{d}/ca{c}> a arg:Undermine ; \
                     aif:Premise <https://example.org/doc/{d}/c{}> ; aif:Conclusion <https://example.org/doc/{d}/c{c}> .\n",
                    c - 1
                ));
            }
        }
        out.push_str("}\n");
    }
    out
}

/// Runs argmap and requires success, showing its stderr otherwise.
fn succeeds(args: &[&str]) -> std::process::Output {
    let output = run(args);
    assert!(
        output.status.success(),
        "argmap {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A temporary folder with a RocksDB store, `store`, into which `text` was loaded from the
/// file `name` beside it (kept for loading again).
fn loaded(name: &str, text: String) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let file = dir.path().join(name);
    fs::write(&file, text).unwrap();
    succeeds(&["load", path_str(&file), "--store", path_str(&store)]);
    (dir, store, file)
}

fn count_claims(store: &Path) -> Result<usize, String> {
    let output = run(&[
        "query",
        "SELECT (COUNT(*) AS ?n) { ?c a aif:I-node ; aif:claimText ?t }",
        "--format",
        "tsv",
        "--store",
        path_str(store),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).to_string());
    }
    stdout
        .lines()
        .nth(1)
        .and_then(|line| line.split('"').nth(1).or(Some(line)))
        .and_then(|n| n.split('^').next())
        .and_then(|n| n.trim_matches('"').parse().ok())
        .ok_or_else(|| format!("unexpected answer {stdout:?}"))
}

#[test]
fn a_store_holds_the_bundled_graphs_and_its_shortcuts_and_says_its_backend() {
    let (_dir, store, file) = loaded("docs.trig", corpus(3, 10, 0));
    let marker = fs::read_to_string(store.join("argmap-store")).unwrap();
    assert!(marker.contains("backend: rocksdb"), "{marker}");
    assert!(store.join("db").is_dir());
    // Later calls see the bundled map and the loaded documents, shortcuts included.
    let output = run(&[
        "query",
        "SELECT (COUNT(*) AS ?n) { ?p arg:supports ?c FILTER STRSTARTS(STR(?p), 'https://example.org/') }",
        "--format",
        "csv",
        "--store",
        path_str(&store),
    ]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().nth(1),
        Some("27")
    );
    let output = run(&[
        "run",
        "main-conclusions",
        "--format",
        "csv",
        "--store",
        path_str(&store),
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("ofw"));
    // The bundled graphs are in the store and still read-only.
    let output = run(&[
        "update",
        "DROP GRAPH <https://w3id.org/argmap/bundled/graphs/entities>",
        "--store",
        path_str(&store),
    ]);
    assert_eq!(output.status.code(), Some(1));
    // Options the on-disk store cannot honour are refused with the reason.
    let output = run(&[
        "query",
        "ASK {}",
        "--no-bundled",
        "--store",
        path_str(&store),
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("bundled graphs live in it"));
    let output = run(&[
        "query",
        "ASK {}",
        "--data",
        path_str(&file),
        "--store",
        path_str(&store),
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("argmap load"));
}

#[test]
fn deleting_a_document_removes_its_shortcuts_and_nothing_else() {
    let (_dir, store, _file) = loaded("docs.trig", corpus(2, 10, 0));
    succeeds(&[
        "update",
        "DROP GRAPH <https://example.org/doc/0>",
        "--store",
        path_str(&store),
    ]);
    let output = run(&[
        "query",
        "SELECT ?p { ?p arg:supports ?c FILTER STRSTARTS(STR(?p), 'https://example.org/') }",
        "--format",
        "csv",
        "--store",
        path_str(&store),
    ]);
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(text.lines().count(), 10, "{text}");
    assert!(!text.contains("doc/0/"), "{text}");
}

/// Writes document `n` (10 claims) to a file of its own in `dir`.
fn document(dir: &Path, n: usize) -> std::path::PathBuf {
    let file = dir.join(format!("doc{n}.trig"));
    fs::write(&file, corpus(1, 10, n)).unwrap();
    file
}

/// A shell on a store in a real terminal (tmux): fed a line at a time, its `ASK` answers
/// read off the screen as they come.
struct Shell {
    terminal: common::tmux::Tmux,
    answers: usize,
}

impl Shell {
    fn open(store: &Path) -> Self {
        let terminal = common::tmux::Tmux::start(&["--store", path_str(store)]);
        terminal.wait_for("argmap> ", 1);
        Self {
            terminal,
            answers: 0,
        }
    }

    /// Sends `line` (if any), then asks whether document `doc` is in the store; the shell's
    /// answer.
    fn then_has(&mut self, line: &str, doc: usize) -> bool {
        if !line.is_empty() {
            self.terminal.send(&[line, "Enter"]);
        }
        let ask = format!("ASK {{ <https://example.org/doc/{doc}/c3> a arg:EmpiricalClaim }}");
        self.terminal.send(&[&ask, "Enter"]);
        self.answers += 1;
        let started = std::time::Instant::now();
        loop {
            let screen = self.terminal.screen();
            let answers: Vec<&str> = screen
                .match_indices("answer ")
                .map(|(at, _)| &screen[at..])
                .collect();
            if answers.len() >= self.answers {
                return answers[self.answers - 1].starts_with("answer true");
            }
            assert!(
                started.elapsed() < common::tmux::PATIENCE,
                "no answer; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the terminal shows.
    fn screen(&self) -> String {
        self.terminal.screen()
    }
}

/// The shell reads a snapshot and is the writer only while one of its statements writes: an
/// idle shell blocks no `argmap load`, and its own change applies to the newest state (the
/// other process's load included), which it reads from then on.
#[test]
fn an_idle_shell_blocks_no_writer_and_its_change_applies_to_the_newest_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let doc = |n: usize| document(dir.path(), n);
    let (doc0, doc1, doc2, doc3) = (doc(0), doc(1), doc(2), doc(3));
    succeeds(&["load", path_str(&doc0), "--store", path_str(&store)]);
    let before = count_claims(&store).unwrap();
    let mut shell = Shell::open(&store);
    assert!(shell.then_has("", 0));
    succeeds(&["load", path_str(&doc1), "--store", path_str(&store)]);
    // The shell still reads the state it opened...
    assert!(!shell.then_has("", 1));
    // ... until it changes the store: then it writes the newest state, and reads it.
    assert!(shell.then_has(&format!(".load {}", path_str(&doc2)), 2));
    assert!(shell.then_has("", 1));
    // Its lock went with its change.
    succeeds(&["load", path_str(&doc3), "--store", path_str(&store)]);
    let screen = shell.screen();
    assert!(
        screen.contains("was changed by another process"),
        "{screen}"
    );
    assert_eq!(count_claims(&store).unwrap(), before + 30);
}

/// While a writer holds the store (here the test itself, through the lock file's `flock` and
/// PID, as argmap does), readers answer, a second writer is told who holds it, `--wait` waits
/// for it, and a shell's change is refused with the holder's PID, then made once it is free.
#[test]
fn a_writer_is_told_who_holds_the_store_and_can_wait_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let doc = |n: usize| document(dir.path(), n);
    let (doc0, doc1, doc2) = (doc(0), doc(1), doc(2));
    succeeds(&["load", path_str(&doc0), "--store", path_str(&store)]);
    let hold = || {
        let mut lock = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(store.join("argmap.lock"))
            .unwrap();
        lock.try_lock().unwrap();
        lock.set_len(0).unwrap();
        write!(lock, "{}", std::process::id()).unwrap();
        lock
    };
    let before = count_claims(&store).unwrap();
    let held = hold();
    let pid = format!("(pid {})", std::process::id());
    assert_eq!(count_claims(&store).unwrap(), before);
    let output = run(&["load", path_str(&doc1), "--store", path_str(&store)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&pid), "{stderr}");

    let mut shell = Shell::open(&store);
    assert!(!shell.then_has(&format!(".load {}", path_str(&doc1)), 1));
    let screen = shell.screen();
    assert!(
        screen.contains(&pid),
        "the refused change names the holder: {screen}"
    );
    drop(held);
    assert!(shell.then_has(&format!(".load {}", path_str(&doc1)), 1));

    let held = hold();
    let waiting = common::argmap()
        .args([
            "load",
            path_str(&doc2),
            "--store",
            path_str(&store),
            "--wait",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    let output = waiting.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(count_claims(&store).unwrap(), before + 20);
}

/// The next of a fixed sequence of delays, up to `span` milliseconds (a linear
/// congruential generator: the same rounds on every run).
fn next_delay(seed: &mut u64, span: u64) -> Duration {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    Duration::from_millis(*seed >> 33 & span)
}

/// Runs `argmap load file --store store` and kills it after `delay`: whether it had
/// finished by then, and how it ended.
fn load_killed_after(
    file: &Path,
    store: &Path,
    delay: Duration,
) -> (bool, std::process::ExitStatus) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_argmap"))
        .args(["load", path_str(file), "--store", path_str(store)])
        .env("ARGMAP_HISTORY", "")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    (finished, child.wait().unwrap())
}

#[test]
fn a_load_killed_at_any_moment_leaves_the_old_or_the_new_store() {
    let (dir, store, _small) = loaded("small.trig", corpus(1, 20, 0));
    let mut expected = count_claims(&store).unwrap();
    // Big enough for the bulk loader; then small documents, through transactions.
    let mut seed = 0x5eed_u64;
    for round in 0..20 {
        let file = dir.path().join(format!("round{round}.trig"));
        let (docs, claims) = if round % 2 == 0 { (60, 100) } else { (1, 50) };
        fs::write(&file, corpus(docs, claims, 1000 * (round + 1))).unwrap();
        // A third of the rounds are killed in the first 32 ms, while the process opens the
        // store (lock, marker, RocksDB), where a kill once left a store that did not open.
        let span = if round % 3 == 2 { 0x1f } else { 0x3ff };
        let delay = next_delay(&mut seed, span);
        let (finished, status) = load_killed_after(&file, &store, delay);
        let now = count_claims(&store)
            .unwrap_or_else(|e| panic!("round {round}: the store does not open after a kill: {e}"));
        let new = expected + docs * claims;
        assert!(
            now == expected || now == new,
            "round {round} (killed after {delay:?}, finished: {finished}, {status}): \
             {now} claims, expected {expected} or {new}"
        );
        expected = now;
    }
}

/// A load that creates the store, killed in its first moments (the folder, the marker, the
/// lock, RocksDB's first files), leaves a folder that the same load, run again, completes.
#[test]
fn a_load_killed_while_it_creates_the_store_leaves_a_folder_a_new_load_completes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.trig");
    fs::write(&file, corpus(2, 20, 0)).unwrap();
    let reference = dir.path().join("reference");
    succeeds(&["load", path_str(&file), "--store", path_str(&reference)]);
    let expected = count_claims(&reference).unwrap();
    let mut seed = 0xc0ffee_u64;
    for round in 0..10 {
        let store = dir.path().join(format!("store{round}"));
        let delay = next_delay(&mut seed, 0x7f);
        let (_, status) = load_killed_after(&file, &store, delay);
        let again = run(&["load", path_str(&file), "--store", path_str(&store)]);
        assert!(
            again.status.success(),
            "round {round} (killed after {delay:?}, {status}): {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(
            count_claims(&store).unwrap(),
            expected,
            "round {round} (killed after {delay:?}, {status})"
        );
    }
}

/// The marker names the backend; a writer that rewrote it at every open would leave, when
/// killed mid-write, a store that no longer says what it is (a CI run of the kill test above
/// met that once). Only a new store gets a marker, written whole.
#[test]
fn a_writer_leaves_the_marker_of_an_existing_store_as_it_is() {
    let (_dir, store, small) = loaded("small.trig", corpus(1, 20, 0));
    let marker = store.join("argmap-store");
    let written = fs::read_to_string(&marker).unwrap();
    assert!(written.contains("backend: rocksdb"), "{written}");
    let leftovers = |dir: &Path| {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .count()
    };
    assert_eq!(leftovers(&store), 0, "the marker is renamed into place");
    let before = count_claims(&store).unwrap();
    let kept = format!("{written}# a line the writer must not drop\n");
    fs::write(&marker, &kept).unwrap();
    fs::write(&small, corpus(1, 20, 100)).unwrap();
    succeeds(&["load", path_str(&small), "--store", path_str(&store)]);
    assert_eq!(fs::read_to_string(&marker).unwrap(), kept);
    assert_eq!(count_claims(&store).unwrap(), before + 20);
}

/// Every statement of the derived graph, sorted, as N-Triples-like lines.
fn derived(store: &Path, backend: &str) -> Vec<String> {
    let output = succeeds(&[
        "query",
        "SELECT ?s ?p ?o { GRAPH <https://w3id.org/argmap/graph/derived> { ?s ?p ?o } }",
        "--format",
        "tsv",
        "--store",
        path_str(store),
        "--backend",
        backend,
    ]);
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

/// Loads `first`, then a file big enough to stream through the bulk loader, into a RocksDB
/// and an N-Quads workspace, and requires the same derived graph of both (the N-Quads
/// workspace derives everything at each open), also for nodes the store held before: a new
/// document types an old claim, an inference of the new document concludes an old claim, and
/// an old inference gets a premise from the new document.
fn streamed_load_derives_as_from_scratch(first: &str) {
    let dir = tempfile::tempdir().unwrap();
    let first_file = dir.path().join("first.trig");
    fs::write(&first_file, first).unwrap();
    let mut big = corpus(60, 100, 1000);
    big.push_str(
        "<https://example.org/doc/extra> {\n\
         <https://example.org/doc/0/c3> a arg:ReportedFact .\n\
         <https://example.org/doc/extra/ra> a aif:RA-node ; \
         aif:Premise <https://example.org/doc/1000/c0> , <https://example.org/doc/0/c4> ; \
         aif:Conclusion <https://example.org/doc/0/c1> .\n\
         <https://example.org/doc/0/ra2> aif:Premise <https://example.org/doc/1000/c5> .\n}\n",
    );
    let second = dir.path().join("second.trig");
    fs::write(&second, &big).unwrap();
    assert!(big.len() > 1 << 20, "the file must be big enough to stream");
    let mut stores = Vec::new();
    for backend in ["rocksdb", "nquads"] {
        let store = dir.path().join(backend);
        for file in [&first_file, &second] {
            succeeds(&[
                "load",
                path_str(file),
                "--store",
                path_str(&store),
                "--backend",
                backend,
            ]);
        }
        stores.push(store);
    }
    let streamed = derived(&stores[0], "rocksdb");
    let from_scratch = derived(&stores[1], "nquads");
    assert!(streamed.len() > 10_000, "{} shortcuts", streamed.len());
    assert!(
        streamed.iter().any(|l| l.contains(
            "doc/1000/c0>\t<https://w3id.org/argmap#supports>\t<https://example.org/doc/0/c1>"
        )),
        "the new inference's shortcut into the old document"
    );
    assert!(
        streamed.iter().any(|l| l.contains(
            "doc/1000/c5>\t<https://w3id.org/argmap#supports>\t<https://example.org/doc/0/c1>"
        )),
        "the old inference's new premise supports its old conclusion"
    );
    assert_eq!(streamed, from_scratch);
    assert_eq!(count_claims(&stores[0]), count_claims(&stores[1]));
}

/// Into a small store: the store's statements about nodes are read in one scan first.
#[test]
fn a_streamed_bulk_load_derives_what_a_derivation_from_scratch_does() {
    streamed_load_derives_as_from_scratch(&corpus(1, 30, 0));
}

/// Into a store as big as the load: each loaded node's statements are looked up in the store.
#[test]
fn a_streamed_bulk_load_into_a_big_store_derives_what_a_derivation_from_scratch_does() {
    streamed_load_derives_as_from_scratch(&corpus(60, 100, 0));
}

/// A streamed file that comes back to a graph after others counts that graph's statements
/// once, all of them: the counts a load reports are those of a load through a transaction.
#[test]
fn a_streamed_load_counts_a_graph_met_again_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = corpus(3, 2500, 0);
    text.push_str(
        "<https://example.org/doc/0> {\n\
         <https://example.org/doc/0/late> a arg:EmpiricalClaim ; aif:claimText \"late\" .\n}\n",
    );
    let file = dir.path().join("revisits.trig");
    fs::write(&file, &text).unwrap();
    assert!(
        text.len() > 1 << 20,
        "the file must be big enough to stream"
    );
    let mut reports = Vec::new();
    for backend in ["rocksdb", "nquads"] {
        let store = dir.path().join(backend);
        let output = succeeds(&[
            "load",
            path_str(&file),
            "--store",
            path_str(&store),
            "--backend",
            backend,
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut lines: Vec<String> = stderr
            .lines()
            .filter(|l| l.starts_with("loaded ") || l.contains(" triples saved to "))
            .map(|l| l.split(" triples saved to ").next().unwrap_or(l).to_owned())
            .collect();
        lines.sort();
        reports.push(lines);
    }
    let count = |graph: &str| -> usize {
        let end = format!(" triples into <https://example.org/doc/{graph}>");
        reports[0]
            .iter()
            .find_map(|l| l.strip_suffix(&end)?.strip_prefix("loaded ")?.parse().ok())
            .unwrap_or_else(|| panic!("no count for doc/{graph}: {:?}", reports[0]))
    };
    assert_eq!(count("0"), count("1") + 2, "the late statements count");
    assert_eq!(reports[0], reports[1]);
}

/// A syntax error at the end of a big file, after most of it has gone to the bulk loader,
/// loads nothing: the error is located, and the store is as it was.
#[test]
fn a_streamed_load_that_fails_late_leaves_the_store_as_it_was() {
    let (dir, store, _first) = loaded("first.trig", corpus(1, 30, 0));
    let before = count_claims(&store).unwrap();
    let mut big = corpus(60, 100, 1000);
    let lines = big.lines().count();
    big.push_str("<https://example.org/broken> { <a:b> <a:c> \"unterminated }\n");
    let bad = dir.path().join("bad.trig");
    fs::write(&bad, &big).unwrap();
    let output = run(&["load", path_str(&bad), "--store", path_str(&store)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("bad.trig:{}:", lines + 1)),
        "located at the last line: {stderr}"
    );
    // The file is read as the parser goes, never held: the line is read back for the snippet.
    assert!(
        stderr.contains(&format!("{} | <https://example.org/broken>", lines + 1)),
        "the line is shown: {stderr}"
    );
    assert_eq!(count_claims(&store).unwrap(), before);
    // Nesting past the limit at the end of a big file is refused before any quad is read.
    let mut deep = corpus(60, 100, 1000);
    let head = "<https://example.org/deep> { <a:s> <a:p> ";
    deep.push_str(&format!("{head}{} }}\n", "( ".repeat(150)));
    let deep_file = dir.path().join("deep.trig");
    fs::write(&deep_file, &deep).unwrap();
    let output = run(&["load", path_str(&deep_file), "--store", path_str(&store)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The graph's `{` is the first level: the 100th `(` goes past the limit.
    let column = head.len() + 2 * 99 + 1;
    assert!(
        stderr.contains(&format!(
            "deep.trig:{}:{column}: nested more than 100",
            lines + 1
        )),
        "the first bracket past the limit: {stderr}"
    );
    assert!(stderr.contains('^'), "with its line: {stderr}");
    assert_eq!(count_claims(&store).unwrap(), before);
    // Nothing of the loader is left behind in the folder either: the next load works.
    let good = dir.path().join("good.trig");
    fs::write(&good, corpus(60, 100, 1000)).unwrap();
    assert!(
        run(&["load", path_str(&good), "--store", path_str(&store)])
            .status
            .success()
    );
    assert_eq!(count_claims(&store).unwrap(), before + 6000);
}

/// A RocksDB store in a folder the user may not write (root writes anywhere, so as root the
/// commands run as `nobody`) opens for reading: readers go without their mark on the snapshot
/// where they cannot make one. A query answers; the shell opens read-only, answers, and refuses
/// a change with the reason.
#[test]
fn a_read_only_rocksdb_folder_opens_for_reading() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let store = dir.path().join("store");
    let file = dir.path().join("docs.trig");
    fs::write(&file, corpus(2, 10, 0)).unwrap();
    assert!(
        run(&["load", path_str(&file), "--store", path_str(&store)])
            .status
            .success()
    );
    let mut folders = vec![store.clone()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path.clone());
                fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
            } else {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
            }
        }
    }
    fs::set_permissions(&store, fs::Permissions::from_mode(0o555)).unwrap();
    let root = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0) == 0;
    let copy = dir.path().join("argmap");
    fs::copy(env!("CARGO_BIN_EXE_argmap"), &copy).unwrap();
    let command = |args: &[&str]| {
        let mut command = Command::new(&copy);
        command
            .args(args)
            .env("ARGMAP_HISTORY", "")
            .env("HOME", dir.path())
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if root {
            command.uid(65534).gid(65534);
        }
        command
    };
    let ask = "ASK { <https://example.org/doc/1/c3> a arg:EmpiricalClaim }";
    let output = command(&["--store", path_str(&store), "query", ask])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("true"));
    let mut shell = command(&["--store", path_str(&store)]).spawn().unwrap();
    shell
        .stdin
        .take()
        .unwrap()
        .write_all(
            format!("{ask}\nINSERT DATA {{ GRAPH <https://example.org/n> {{ <https://example.org/a> <https://example.org/b> 1 }} }}\n{ask}\n")
                .as_bytes(),
        )
        .unwrap();
    let output = shell.wait_with_output().unwrap();
    let mut folders = vec![store.clone()];
    while let Some(folder) = folders.pop() {
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            }
        }
    }
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("opened read-only"), "{err}");
    assert!(err.contains("read-only"), "the change is refused: {err}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "true\ntrue\n",
        "{err}"
    );
}

/// An error RocksDB itself reports (here, a store whose `CURRENT` names a manifest that is
/// not there) is a message and exit code 1, never a crash: Oxigraph frees RocksDB's message
/// with the Rust allocator, which with mimalloc as the binary's allocator is only sound when
/// mimalloc serves C's malloc too (its `override` feature). Without it, this was SIGSEGV.
#[test]
fn a_damaged_rocksdb_store_is_an_error_not_a_crash() {
    let (_dir, store, file) = loaded("docs.trig", corpus(1, 5, 0));
    fs::write(store.join("db/CURRENT"), "MANIFEST-999999\n").unwrap();
    let output = run(&["load", path_str(&file), "--store", path_str(&store)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("storage error"), "{stderr}");
}

/// The shell runs each query on a RocksDB store in a process of its own on its snapshot: what
/// it answers (named queries with their parameters, the store's own prefixes, graphs, ASK,
/// syntax errors) is what `argmap query` and `argmap run` answer in-process on the same store.
#[test]
fn the_shells_query_process_answers_as_the_command_line_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mine = dir.path().join("mine.ttl");
    fs::write(
        &mine,
        "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix my: <https://example.org/my#> .\n\
         my:c1 a aif:I-node ; aif:claimText \"Caf\u{e9} \\\"quoted\\\"\\nnext line\"@fr .\n",
    )
    .unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let graphs = format!("{root}/graphs");
    for file in [graphs.as_str(), path_str(&mine)] {
        succeeds(&[
            "load",
            file,
            "--store",
            path_str(&store),
            "--backend",
            "rocksdb",
        ]);
    }
    let s = path_str(&store);
    let claim = "claim=ofw:c-citizens-should-back-deterrence";
    let mine_query = "SELECT ?c ?t { ?c aif:claimText ?t FILTER(STRSTARTS(STR(?c), STR(my:))) }";
    let ask = "ASK { my:c1 a aif:I-node }";
    let construct = "CONSTRUCT { ?s a aif:RA-node } WHERE { ?s a aif:RA-node } ORDER BY ?s LIMIT 3";
    let script = format!(
        ".format tsv\n.run support-tree {claim}\n.run counterpoints {claim}\n{mine_query}\n{ask}\n\
         .format ntriples\n{construct}\nSELECT ?x {{ ?x ?y }}\n"
    );
    let shell = common::piped(&["--store", s], &script);
    let mut expected = String::new();
    for args in [
        vec!["run", "support-tree", claim, "--format", "tsv"],
        vec!["run", "counterpoints", claim, "--format", "tsv"],
        vec!["query", mine_query, "--format", "tsv"],
        vec!["query", ask, "--format", "tsv"],
        vec!["query", construct, "--format", "ntriples"],
    ] {
        let mut args = args.clone();
        args.extend(["--store", s]);
        expected.push_str(&common::stdout(&succeeds(&args)));
    }
    let answered = common::stdout(&shell);
    assert!(answered.contains("next line"), "{answered}");
    assert_eq!(answered, expected);
    // The broken statement is reported by the shell, located, and ends the script's success.
    let stderr = common::stderr(&shell);
    assert!(
        stderr.contains("<stdin>:8: statement 8: syntax error"),
        "{stderr}"
    );
    assert!(!shell.status.success());
}

/// The derived graph of the RocksDB store at `store` (closed), and what the SPARQL rules
/// derive from scratch on a copy of the rest.
fn derived_and_reference(
    store: &Path,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    let db = oxigraph::store::Store::open(store.join("db")).unwrap();
    common::derived_and_reference(&db, &argmap::prefixes::Prefixes::standard())
}

/// The derived graph of the RocksDB store at `store`, required to be what a derivation from
/// scratch gives.
fn derived_as_from_scratch(store: &Path) -> std::collections::BTreeSet<String> {
    let (derived, reference) = derived_and_reference(store);
    assert!(
        derived == reference,
        "{} derived, {} from scratch",
        derived.len(),
        reference.len()
    );
    derived
}

/// A store written by another argmap version (its stamp, an ontology with one comment less
/// and one superclass more, the shortcuts that superclass derived) is brought to this
/// binary's bundled graphs by the next writer: only what differs is written, the old
/// superclass's shortcuts go, and the derived graph is what a derivation from scratch gives.
#[test]
fn another_versions_bundled_graphs_are_replaced_by_what_differs() {
    use oxigraph::model::{Literal, NamedNode, Quad};
    let (dir, store, _file) = loaded("docs.trig", corpus(3, 30, 0));
    derived_as_from_scratch(&store);
    let ontology = NamedNode::new_unchecked("https://w3id.org/argmap/bundled/ontology/argmap");
    let arg = |local: &str| NamedNode::new_unchecked(format!("https://w3id.org/argmap#{local}"));
    let rdfs = |local: &str| {
        NamedNode::new_unchecked(format!("http://www.w3.org/2000/01/rdf-schema#{local}"))
    };
    let old_kind = NamedNode::new_unchecked("https://example.org/OldKind");
    let comment = {
        let db = oxigraph::store::Store::open(store.join("db")).unwrap();
        let comment = db
            .quads_for_pattern(
                Some(arg("EmpiricalClaim").as_ref().into()),
                Some(rdfs("comment").as_ref()),
                None,
                Some(ontology.as_ref().into()),
            )
            .next()
            .expect("the ontology comments on arg:EmpiricalClaim")
            .unwrap();
        // The other version: no such comment, arg:EmpiricalClaim under ex:OldKind, and what
        // that derived; its own stamp.
        db.remove(&comment).unwrap();
        db.insert(&Quad::new(
            arg("EmpiricalClaim"),
            rdfs("subClassOf"),
            old_kind.clone(),
            ontology.clone(),
        ))
        .unwrap();
        let derived = NamedNode::new_unchecked(argmap::query::DERIVED_GRAPH);
        let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        let claims: Vec<_> = db
            .quads_for_pattern(
                None,
                Some(rdf_type.as_ref()),
                Some(arg("EmpiricalClaim").as_ref().into()),
                None,
            )
            .map(|q| q.unwrap().subject)
            .collect();
        assert!(claims.len() > 90, "the corpus and the bundled map");
        for claim in claims {
            db.insert(&Quad::new(
                claim,
                rdf_type.clone(),
                old_kind.clone(),
                derived.clone(),
            ))
            .unwrap();
        }
        let stamp =
            NamedNode::new_unchecked("https://w3id.org/argmap/graph/workspace#bundleFingerprint");
        let meta = NamedNode::new_unchecked("https://w3id.org/argmap/graph/workspace");
        let old: Vec<Quad> = db
            .quads_for_pattern(None, Some(stamp.as_ref()), None, None)
            .map(|q| q.unwrap())
            .collect();
        assert_eq!(old.len(), 1);
        db.remove(&old[0]).unwrap();
        db.insert(&Quad::new(
            meta.clone(),
            stamp,
            Literal::new_simple_literal("another version"),
            meta,
        ))
        .unwrap();
        comment
    };
    let (derived, _) = derived_and_reference(&store);
    let old_shortcuts = derived.iter().filter(|q| q.contains("OldKind")).count();
    assert!(old_shortcuts > 90, "{old_shortcuts}");
    // The next writer installs this binary's bundled graphs, then loads.
    let more = dir.path().join("more.trig");
    fs::write(&more, corpus(1, 10, 3)).unwrap();
    succeeds(&["load", path_str(&more), "--store", path_str(&store)]);
    let derived = derived_as_from_scratch(&store);
    assert!(!derived.iter().any(|quad| quad.contains("OldKind")));
    let db = oxigraph::store::Store::open(store.join("db")).unwrap();
    assert!(db.contains(&comment).unwrap());
    drop(db);
    // Readers see the same (the new snapshot): the old superclass is gone everywhere.
    let asked = succeeds(&[
        "query",
        "ASK { ?c a <https://example.org/OldKind> }",
        "--store",
        path_str(&store),
    ]);
    assert_eq!(String::from_utf8_lossy(&asked.stdout).trim(), "false");
}

/// The graphs' sources are read from the one literal that lists them; a store without it (as
/// an older argmap wrote them) is read record by record, and its next change lists them again.
#[test]
fn graph_sources_are_read_from_their_list_or_from_the_records_without_it() {
    use oxigraph::model::NamedNodeRef;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let files: Vec<_> = (0..3)
        .map(|n| {
            let file = dir.path().join(format!("part {n}.trig"));
            fs::write(&file, corpus(1, 5, n)).unwrap();
            file
        })
        .collect();
    for file in &files[..2] {
        succeeds(&["load", path_str(file), "--store", path_str(&store)]);
    }
    let listed = NamedNodeRef::new_unchecked("https://w3id.org/argmap/graph/workspace#sources");
    let meta = NamedNodeRef::new_unchecked("https://w3id.org/argmap/graph/workspace");
    {
        let db = oxigraph::store::Store::open(store.join("db")).unwrap();
        let lists: Vec<_> = db
            .quads_for_pattern(None, Some(listed), None, Some(meta.into()))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(lists.len(), 1, "one list of the sources");
        assert!(lists[0].object.to_string().contains("part 1.trig"));
        db.remove(&lists[0]).unwrap();
    }
    succeeds(&["load", path_str(&files[2]), "--store", path_str(&store)]);
    let listing =
        String::from_utf8_lossy(&succeeds(&["graphs", "--store", path_str(&store)]).stdout)
            .into_owned();
    for (n, file) in files.iter().enumerate() {
        assert!(
            listing.contains(&format!("from {}", file.display())),
            "part {n} keeps its source: {listing}"
        );
    }
    let db = oxigraph::store::Store::open(store.join("db")).unwrap();
    assert_eq!(
        db.quads_for_pattern(None, Some(listed), None, Some(meta.into()))
            .count(),
        1,
        "listed again by the change"
    );
}

/// A publish killed half-way leaves a checkpoint folder and, beside it, the index manifest
/// written while the checkpoint was made: the next writer removes both, and publishes anew.
#[test]
fn a_writer_removes_what_a_killed_publish_left_half_made() {
    let (dir, store, _first) = loaded("first.trig", corpus(1, 30, 0));
    let before = count_claims(&store).unwrap();
    let snapshots = store.join("snapshots");
    fs::create_dir(snapshots.join(".partial-99")).unwrap();
    fs::write(snapshots.join(".partial-99").join("000001.sst"), "half").unwrap();
    fs::write(snapshots.join(".partial-99-index"), "half a manifest").unwrap();
    fs::write(snapshots.join(".partial-99-index.partial"), "half").unwrap();
    let second = dir.path().join("second.trig");
    fs::write(&second, corpus(1, 10, 1)).unwrap();
    succeeds(&["load", path_str(&second), "--store", path_str(&store)]);
    let left: Vec<String> = fs::read_dir(&snapshots)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".partial"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(count_claims(&store).unwrap(), before + 10);
    // The new snapshot has its index: an evaluation reads it.
    let newest = fs::read_dir(&snapshots)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u64>().ok())
        .max()
        .unwrap();
    assert!(
        snapshots
            .join(newest.to_string())
            .join("argmap-index")
            .is_file()
    );
}
