//! The shell: driven through a real pseudo-terminal (rexpect), and in script mode with stdin
//! piped.
//!
//! The pseudo-terminal tests wait for what the shell prints (an answer, the prompt, the
//! "still running" notice) before each next key, never for a fixed time.

mod common;

use common::tmux::Tmux;
use common::{fixture, piped, run, stderr, stdout};
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Generous: CI machines are slow and a cancelled query may still hold a core.
const TIMEOUT_MS: u64 = 60_000;

/// A fresh prompt, at the start of a line. The editor redraws the prompt and the line on
/// many keys; a redraw starts with a carriage return, never with a new line.
const FRESH_PROMPT: &str = r"\n\r*argmap> ";

/// A query that only burns CPU once it has read its data: a three-way cross join of every
/// triple under a string FILTER. Oxigraph checks its cancellation token only when it reads.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i \
     FILTER (STRLEN(CONCAT(STR(?a), STR(?e), STR(?i))) < 0) }";

/// The shell on a 160-column terminal over the bundled graphs and the tiny fixture map.
fn shell(history: &Path, extra_env: &[(&str, &str)]) -> PtySession {
    let map = fixture("tiny-map.ttl");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"stty cols 160 rows 50 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_argmap"))
        .arg("--data")
        .arg(map)
        .env("TERM", "xterm")
        .env("ARGMAP_HISTORY", history);
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let mut session = spawn_with_options(
        command,
        Options::default()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true),
    )
    .expect("the shell starts in a pseudo-terminal");
    session.exp_string("named queries").expect("the banner");
    prompt(&mut session);
    session
}

/// Waits for a fresh prompt.
fn prompt(session: &mut PtySession) {
    session
        .exp_regex(FRESH_PROMPT)
        .unwrap_or_else(|e| panic!("no prompt: {e}"));
}

/// Types `keys` and Enter.
fn enter(session: &mut PtySession, keys: &str) {
    session.send(keys).unwrap();
    session.send("\r").unwrap();
    session.flush().unwrap();
}

/// Waits for `needle`, then for the next prompt; returns what came before the needle.
fn answer(session: &mut PtySession, needle: &str) -> String {
    let before = session
        .exp_string(needle)
        .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}"));
    prompt(session);
    before
}

fn quit(mut session: PtySession) {
    session.send_control('d').unwrap();
    session.exp_eof().expect("Ctrl-D ends the session");
    // `Ok(Exited(Pid(…), 0))`: rexpect does not re-export nix's WaitStatus.
    let status = format!("{:?}", session.process().wait());
    assert!(
        status.starts_with("Ok(Exited(") && status.ends_with(", 0))"),
        "the shell did not exit with 0: {status}"
    );
}

#[test]
fn a_session_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.txt");
    let mut s = shell(&history, &[]);

    // A query over three lines: each line gets the continuation prompt until the braces close.
    enter(&mut s, "SELECT ?text WHERE {");
    s.exp_string("   ...> ").unwrap();
    enter(&mut s, "  tiny:c-troops aif:claimText ?text");
    s.exp_string("   ...> ").unwrap();
    enter(&mut s, "}");
    let before = s.exp_string("Northland sent troops to Eastland.").unwrap();
    assert!(!before.contains("error"), "{before}");
    answer(&mut s, "1 row in");

    // Tab completes a prefixed name that exists in the graphs: `.tree` runs only on a claim
    // that exists, so the tree shows only if the name was completed.
    s.send(".tree tiny:c-det").unwrap();
    s.send("\t").unwrap();
    s.send("\r").unwrap();
    s.flush().unwrap();
    answer(
        &mut s,
        "tiny:c-deter  The alliance should deter the axis now.  [policy recommendation]",
    );

    // Meta-commands: the format changes how the next answer prints.
    enter(&mut s, ".format csv");
    prompt(&mut s);
    enter(&mut s, "SELECT ?t { tiny:c-lasted aif:claimText ?t }");
    let before = answer(&mut s, "The convenience has lasted three years.");
    assert!(!before.contains("---"), "still a table: {before}");
    enter(&mut s, ".format table");
    prompt(&mut s);

    // A syntax error, then a good query.
    enter(&mut s, "SELEC ?x { ?x ?y ?z }");
    answer(&mut s, "syntax error at line 1");
    enter(&mut s, "ASK { tiny:c-deter a aif:I-node }");
    answer(&mut s, "answer true");

    // Malformed input of every kind leaves the session alive.
    for (input, error) in [
        (".format yaml", "unknown format"),
        (".tree", "usage: .tree CLAIM"),
        (".run no-such-query", "no named query"),
        (".run support-tree", "missing parameter claim"),
        (".load /no/such/file.ttl", "error:"),
        (".nonsense", "unknown command .nonsense"),
        ("}}}}", "syntax error"),
    ] {
        enter(&mut s, input);
        answer(&mut s, error);
    }

    // Ctrl-C at the prompt clears the line: the next query runs alone. (The editor reads
    // the keys in order; what it has not read yet waits in the terminal.)
    s.send("SELECT garbage").unwrap();
    s.send_control('c').unwrap();
    // Type only at the new prompt: Ctrl-C drops what was typed ahead, as terminals do.
    prompt(&mut s);
    enter(&mut s, "ASK { tiny:c-grow arg:qualifier \"likely\"@en }");
    let before = answer(&mut s, "answer true");
    assert!(!before.contains("error"), "{before}");

    // Ctrl-C cancels a query that burns CPU, and the shell answers the next one.
    enter(&mut s, ENDLESS);
    s.exp_string("still running; Ctrl-C cancels").unwrap();
    s.send_control('c').unwrap();
    answer(&mut s, "query cancelled");
    enter(&mut s, "SELECT ?t { tiny:c-bad aif:claimText ?t }");
    answer(&mut s, "A stronger axis endangers the alliance.");

    quit(s);

    // The history keeps each statement as one entry, the multi-line query included.
    let saved = fs::read_to_string(&history).unwrap();
    assert!(
        saved.contains("SELECT ?text WHERE {\\n  tiny:c-troops aif:claimText ?text\\n}"),
        "{saved}"
    );

    // A second session recalls the first one's statements: Up runs the last, Ctrl-R finds
    // an older one.
    let mut s = shell(&history, &[]);
    s.send("\x1b[A").unwrap();
    s.send("\r").unwrap();
    s.flush().unwrap();
    answer(&mut s, "A stronger axis endangers the alliance.");
    s.send_control('r').unwrap();
    s.send("c-lasted").unwrap();
    s.send("\r").unwrap();
    s.flush().unwrap();
    answer(&mut s, "The convenience has lasted three years.");
    quit(s);
}

#[test]
fn the_history_lives_in_the_platform_data_directory_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut command_env = vec![("XDG_DATA_HOME", data.to_str().unwrap())];
    command_env.push(("HOME", dir.path().to_str().unwrap()));
    // ARGMAP_HISTORY unset: shell() sets it, so start the binary here without it.
    let map = fixture("tiny-map.ttl");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"stty cols 160 rows 50 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_argmap"))
        .arg("--data")
        .arg(map)
        .env("TERM", "xterm")
        .env_remove("ARGMAP_HISTORY");
    for (key, value) in command_env {
        command.env(key, value);
    }
    let mut s = spawn_with_options(
        command,
        Options::default()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true),
    )
    .unwrap();
    prompt(&mut s);
    enter(&mut s, "ASK { tiny:c-bad a aif:I-node }");
    answer(&mut s, "answer true");
    quit(s);
    let saved = fs::read_to_string(data.join("argmap").join("history.txt")).unwrap();
    assert!(saved.contains("ASK { tiny:c-bad a aif:I-node }"), "{saved}");
}

/// `argmap < file` prints exactly what `argmap query` prints, byte for byte, in every format.
#[test]
fn piped_statements_print_exactly_what_argmap_query_prints() {
    let select = "SELECT ?claim ?text WHERE { ?claim a arg:ReportedFact ; aif:claimText ?text } ORDER BY ?claim";
    let construct = "CONSTRUCT { ?p arg:supports ?c } WHERE { ?p arg:supports ?c . ?c arg:inDocument ofw:doc } ";
    for (query, format) in [
        (select, "table"),
        (select, "csv"),
        (select, "tsv"),
        (select, "json"),
        (select, "xml"),
        ("ASK { ?c a arg:ReportedFact }", "table"),
        (construct, "table"),
        (construct, "ntriples"),
    ] {
        let direct = run(&["query", query, "--format", format]);
        assert!(direct.status.success(), "{}", stderr(&direct));
        let script = format!(".format {format}\n{query};\n");
        let through = piped(&[], &script);
        assert!(through.status.success(), "{}", stderr(&through));
        assert_eq!(
            through.stdout, direct.stdout,
            "{format}: piped output differs for {query}"
        );
        assert!(!direct.stdout.is_empty());
    }
    // Named queries too.
    let direct = run(&["run", "support-tree", "claim=ofw:c-aid-crucial"]);
    let through = piped(&[], ".run support-tree claim=ofw:c-aid-crucial\n");
    assert_eq!(through.stdout, direct.stdout);
}

/// A script runs to its end; each failed statement is reported with its number and line, and
/// the exit code says that something failed.
#[test]
fn a_script_reports_each_failure_and_goes_on() {
    let script = "\
# A few questions.
SELECT ?t { tiny:c-bad aif:claimText ?t };

SELECT ?t
WHERE { tiny:c-grow aif:claimText ?t
  FILTER (LANG(?t) = \"en\") } LIMT 1

.tree tiny:no-such-claim
SELECT ?t WHERE {
  tiny:c-lasted aif:claimText ?t
}
";
    let map = fixture("tiny-map.ttl");
    let output = piped(&["--data", map.to_str().unwrap()], script);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(
        out.contains("A stronger axis endangers the alliance."),
        "{out}"
    );
    assert!(
        out.contains("The convenience has lasted three years."),
        "{out}"
    );
    let err = stderr(&output);
    assert!(
        err.contains("<stdin>:4: statement 2: syntax error at line 6, column"),
        "{err}"
    );
    assert!(
        err.contains("6 |   FILTER (LANG(?t) = \"en\") } LIMT 1"),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:8: statement 3: tiny:no-such-claim is not a claim"),
        "{err}"
    );
    // A clean script exits 0.
    let output = piped(&["--data", map.to_str().unwrap()], "ASK { ?s ?p ?o }\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "true\n");
}

/// The meta-commands in a script: each does its job and the script goes on.
#[test]
fn meta_commands_in_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.ttl");
    fs::write(
        &extra,
        "@prefix ex: <https://example.org/extra/> .\n@prefix aif: <http://www.arg.tech/aif#> .\n\
         ex:c1 a aif:I-node ; aif:claimText \"An extra claim.\"@en .\n",
    )
    .unwrap();
    let results = dir.path().join("results.csv");
    let script = format!(
        "\
.output {results}
.format csv
SELECT ?t {{ tiny:c-bad aif:claimText ?t }}
.output
.format table
.load {extra} https://example.org/extra-graph
SELECT ?t {{ ex:c1 aif:claimText ?t }}
.explain SELECT ?c {{
  ?c a aif:I-node
}} LIMIT 2
.describe tiny:c-troops
INSERT DATA {{ GRAPH <https://example.org/notes> {{ ex:c1 ex:note \"read\" }} }}
SELECT ?n {{ ex:c1 ex:note ?n }}
.timing off
.queries
.quit
SELECT ?never {{ ?never ?p ?o }}
",
        results = results.display(),
        extra = extra.display()
    );
    let map = fixture("tiny-map.ttl");
    let output = piped(&["--data", map.to_str().unwrap()], &script);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    // .output and .format: the answer went to the file, in CSV.
    assert_eq!(
        fs::read_to_string(&results).unwrap(),
        "t\r\nA stronger axis endangers the alliance.\r\n"
    );
    assert!(!out.contains("A stronger axis"), "{out}");
    // .load declares the file's prefixes for the statements after it.
    assert!(out.contains(" An extra claim."), "{out}");
    // .explain prints Oxigraph's plan.
    assert!(out.contains("\"plan\""), "{out}");
    assert!(out.contains("Slice(start = 0, length = 2)"), "{out}");
    // .describe: the node's triples, its quote's blank nodes, and what points to it.
    assert!(
        out.contains("aif:claimText \"Northland sent troops to Eastland.\"@en"),
        "{out}"
    );
    assert!(
        out.contains("oa:exact \"Troops were sent, the agency reports.\""),
        "{out}"
    );
    assert!(out.contains("# what points to tiny:c-troops:"), "{out}");
    assert!(out.contains(" tiny:ra-grow "), "{out}");
    // An update changes this session.
    assert!(out.contains(" read"), "{out}");
    let err = stderr(&output);
    assert!(err.contains("(this session only)"), "{err}");
    // .queries lists the library; .quit stops the script.
    assert!(out.contains(" support-tree "), "{out}");
    assert!(!out.contains("never"), "{out}");
}

/// Writes raw bytes to the terminal, as a paste from a file in another encoding would.
fn send_bytes(session: &mut PtySession, bytes: &[u8]) {
    use std::io::Write;
    let mut terminal = session.process().get_file_handle().unwrap();
    terminal.write_all(bytes).unwrap();
    terminal.flush().unwrap();
}

#[test]
fn bytes_that_are_not_utf8_are_reported_and_the_shell_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&dir.path().join("history.txt"), &[]);
    // A lone 0xFF, then a lead byte followed by ASCII: neither is UTF-8.
    for bad in [&b"SELECT \xff"[..], &b"\xc3x"[..]] {
        send_bytes(&mut s, bad);
        answer(&mut s, "not UTF-8");
    }
    enter(&mut s, "SELECT ?t { tiny:c-bad aif:claimText ?t }");
    answer(&mut s, "A stronger axis endangers the alliance.");
    quit(s);
}

/// The words psql and sqlite3 users type: `help` answers, `exit`, `quit` and `\q` leave;
/// an incomplete statement shows the continuation prompt.
#[test]
fn habit_words_and_the_continuation_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.txt");
    let mut s = shell(&history, &[]);
    enter(&mut s, "help");
    answer(&mut s, ".run NAME [PARAM=VALUE ...]");
    // Each line of an unfinished statement gets the continuation prompt.
    enter(&mut s, "SELECT ?t");
    s.exp_string("   ...> ").unwrap();
    enter(&mut s, "{ tiny:c-bad aif:claimText");
    s.exp_string("   ...> ").unwrap();
    enter(&mut s, "?t }");
    answer(&mut s, "A stronger axis endangers the alliance.");
    // Ctrl-C at the continuation prompt drops the statement.
    enter(&mut s, "SELECT ?t {");
    s.exp_string("   ...> ").unwrap();
    s.send_control('c').unwrap();
    prompt(&mut s);
    enter(&mut s, "ASK { tiny:c-bad a aif:I-node }");
    let before = answer(&mut s, "answer true");
    assert!(!before.contains("error"), "{before}");
    // `.tr` Tab completes the command and the space before its argument.
    s.send(".tr\t").unwrap();
    s.send("tiny:c-deter\r").unwrap();
    s.flush().unwrap();
    answer(&mut s, "The alliance should deter the axis now.");
    enter(&mut s, "quit");
    s.exp_eof().expect("quit leaves");
    for word in ["exit", "\\q", "QUIT;"] {
        let mut s = shell(&history, &[]);
        enter(&mut s, word);
        s.exp_eof()
            .unwrap_or_else(|e| panic!("{word} does not leave: {e}"));
    }
}

/// A history entry of 100 KB on one line shows as a hint cut to the rest of the line.
#[test]
fn hints_from_history_fit_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.txt");
    let long = format!(
        "SELECT ?t {{ tiny:c-bad aif:claimText ?t }} # {}",
        "x".repeat(100_000)
    );
    fs::write(&history, format!("#V2\n{long}\n")).unwrap();
    let mut s = shell(&history, &[]);
    s.send("SELECT ?t { tiny:c-b").unwrap();
    s.flush().unwrap();
    // The hint is the rest of the entry, cut to the line (each redraw starts with `\r`).
    s.exp_string("ad aif:claimText ?t } # xxxxxxxxxx").unwrap();
    s.send_control('c').unwrap();
    let (before, _) = s.exp_regex(FRESH_PROMPT).unwrap();
    // rexpect hands the UTF-8 ellipsis over as three characters: 162 is a full line.
    let widest = before.split('\r').map(|line| line.chars().count()).max();
    assert!(
        widest.is_some_and(|w| w <= 162),
        "a hint wider than the 160-column terminal: {widest:?}"
    );
    quit(s);
}

/// Piped scripts: 2,000 statements are 2,000 statements, and a broken one (an unclosed
/// brace) ends at the next statement instead of swallowing the rest.
#[test]
fn a_long_script_with_a_broken_query_runs_every_statement() {
    let mut script = String::new();
    for n in 0..2_000 {
        if n == 1_000 {
            script.push_str("ASK { tiny:c-bad a aif:I-node\n");
        } else {
            script.push_str("ASK { tiny:c-bad a aif:I-node }\n");
        }
    }
    let map = fixture("tiny-map.ttl");
    let output = piped(&["--data", map.to_str().unwrap()], &script);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).matches("true\n").count(), 1_999);
    let err = stderr(&output);
    assert!(
        err.contains("<stdin>:1001: statement 1001: syntax error"),
        "{err}"
    );
    assert_eq!(err.matches("statement ").count(), 1, "{err}");
}

/// `.read FILE` runs a file's statements in the session; `.bail on` stops at the first error.
#[test]
fn read_and_bail() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.rq");
    fs::write(
        &lib,
        "SELECT ?t { tiny:c-bad aif:claimText ?t };\nSELCT broken;\nASK { tiny:c-bad a aif:I-node }\n",
    )
    .unwrap();
    let itself = dir.path().join("itself.rq");
    fs::write(&itself, format!(".read {}\n", itself.display())).unwrap();
    let map = fixture("tiny-map.ttl");
    let args = ["--data", map.to_str().unwrap()];
    let script = format!(
        ".read {lib}\n.read {itself}\n.bail on\nSELCT again;\nASK {{ }}\n",
        lib = lib.display(),
        itself = itself.display()
    );
    let output = piped(&args, &script);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    // The file ran to its end: both good statements answered.
    assert!(
        out.contains("A stronger axis endangers the alliance."),
        "{out}"
    );
    assert_eq!(out.matches("true").count(), 1, "{out}");
    let err = stderr(&output);
    assert!(
        err.contains(&format!("{}:2: statement 2: syntax error", lib.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "<stdin>:1: statement 1: {}: 1 statement failed",
            lib.display()
        )),
        "{err}"
    );
    assert!(err.contains("nested more than 16 deep"), "{err}");
    // After .bail on, the first error stops the script: `ASK {}` never ran.
    assert!(
        err.contains("<stdin>:4: statement 4: syntax error"),
        "{err}"
    );
    assert!(!err.contains("statement 5"), "{err}");
    // Without .bail the script goes on.
    let output = piped(&args, "SELCT again;\nASK { }\n");
    assert!(stdout(&output).contains("true"));
}

/// The real user id of this test, from /proc (no libc needed).
fn uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0)
}

/// A store folder the shell may not write (root writes anywhere, so as root the shell runs
/// as `nobody`): it opens read-only with a notice, answers queries, and keeps changes for the
/// session.
#[test]
fn a_read_only_store_opens_read_only_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let store = dir.path().join("store");
    let map = fixture("tiny-map.ttl");
    // An N-Quads store: a RocksDB one registers its readers in the folder, so it cannot be
    // opened where nothing may be written.
    let output = run(&[
        "load",
        map.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--backend",
        "nquads",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let root = uid() == 0;
    for entry in fs::read_dir(&store).unwrap() {
        let path = entry.unwrap().path();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    }
    fs::set_permissions(&store, fs::Permissions::from_mode(0o555)).unwrap();
    let mut command = if root {
        // `nobody` may not reach the binary where cargo built it (under /root in CI): run a
        // copy from the temporary folder, which is open to all.
        let copy = dir.path().join("argmap");
        fs::copy(env!("CARGO_BIN_EXE_argmap"), &copy).unwrap();
        let mut command = std::process::Command::new(copy);
        command
            .env("ARGMAP_HISTORY", "")
            .env_remove("ARGMAP_FAILPOINT")
            .current_dir(dir.path())
            .uid(65534)
            .gid(65534)
            .env("HOME", dir.path());
        command
    } else {
        common::argmap()
    };
    command
        .args(["--store", store.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(
                b"ASK { tiny:c-bad a aif:I-node }\nINSERT DATA { GRAPH <https://example.org/n> { <https://example.org/a> <https://example.org/b> 1 } }\nASK { <https://example.org/a> ?p ?o }\n",
            )
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    fs::set_permissions(&store, fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("cannot be written") && err.contains("opened read-only"),
        "{err}"
    );
    assert!(err.contains("(this session only)"), "{err}");
    assert_eq!(stdout(&output), "true\ntrue\n");
}

/// An idle shell on a store blocks no writer: it takes the lock only while it writes, and
/// reads the store again first when another process changed it, so no update is lost.
#[test]
fn an_idle_shell_blocks_no_writer_and_loses_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store_arg = store.to_str().unwrap();
    let insert = |graph: &str, value: &str| {
        format!(
            "INSERT DATA {{ GRAPH <https://example.org/{graph}> {{ <https://example.org/a> <https://example.org/said> \"{value}\" }} }}"
        )
    };
    // An N-Quads store, whose lock the shell takes only to write (a RocksDB store has one
    // writer process for the whole session).
    let output = run(&[
        "update",
        &insert("first", "first"),
        "--store",
        store_arg,
        "--backend",
        "nquads",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));

    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"stty cols 160 rows 50 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_argmap"))
        .args(["--store", store_arg])
        .env("TERM", "xterm")
        .env("ARGMAP_HISTORY", "");
    let mut s = spawn_with_options(
        command,
        Options::default()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true),
    )
    .unwrap();
    s.exp_string("named queries").unwrap();
    prompt(&mut s);
    // The shell is idle: another process writes.
    let output = run(&[
        "update",
        &insert("outside", "outside"),
        "--store",
        store_arg,
    ]);
    assert!(
        output.status.success(),
        "the idle shell blocked a writer: {}",
        stderr(&output)
    );
    // The shell's own change reads the store again first.
    enter(&mut s, &insert("inside", "inside"));
    s.exp_string("saved to the store").unwrap();
    answer(&mut s, "was changed by another process");
    enter(
        &mut s,
        "SELECT ?v { <https://example.org/a> <https://example.org/said> ?v } ORDER BY ?v",
    );
    answer(&mut s, "3 rows");
    quit(s);
    let output = run(&[
        "query",
        "SELECT ?v { <https://example.org/a> <https://example.org/said> ?v } ORDER BY ?v",
        "--store",
        store_arg,
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&output), "v\r\nfirst\r\ninside\r\noutside\r\n");
}

/// Keys typed or pasted ahead reach the prompts that follow, as in psql and sqlite3: before
/// the continuation prompt, while a query runs, and after Ctrl-C (which drops only what was
/// typed before it, as terminals do). tmux delivers each burst of keys at once, whatever the
/// shell is doing.
#[test]
fn keys_typed_ahead_reach_the_next_prompts() {
    let map = fixture("tiny-map.ttl");
    let t = Tmux::start(&["--data", map.to_str().unwrap(), "--timeout", "3"]);
    t.wait_for("argmap> ", 1);

    // One burst: a statement over three lines, then another statement.
    t.send(&[
        "SELECT ?t WHERE {",
        "Enter",
        "  tiny:c-troops aif:claimText ?t",
        "Enter",
        "}",
        "Enter",
        "ASK { tiny:c-grow arg:qualifier \"likely\"@en }",
        "Enter",
    ]);
    let screen = t.wait_for("answer true", 1);
    assert!(
        screen.contains("Northland sent troops to Eastland."),
        "{screen}"
    );
    assert_eq!(screen.matches("   ...> ").count(), 2, "{screen}");

    // Typed while a query runs (the terminal holds the keys until the next prompt reads them).
    t.send(&[ENDLESS, "Enter"]);
    t.wait_for("still running", 1);
    t.send(&[
        "SELECT ?t {",
        "Enter",
        "tiny:c-bad aif:claimText ?t }",
        "Enter",
    ]);
    let screen = t.wait_for("A stronger axis endangers the alliance.", 1);
    let stopped = screen.find("query stopped after").expect("the timeout");
    assert!(
        stopped < screen.rfind("A stronger axis").unwrap(),
        "the typed-ahead query ran before the running one stopped:\n{screen}"
    );

    // Typed right after Ctrl-C cancelled a query.
    t.send(&[ENDLESS, "Enter"]);
    t.wait_for("still running", 2);
    t.send(&["C-c"]);
    t.send(&["ASK {}", "Enter"]);
    let screen = t.wait_for("answer true", 2);
    assert!(screen.contains("query cancelled"), "{screen}");
}

/// The shell's process: resident memory in kB, CPU time in clock ticks, its children.
fn process(pid: u32) -> (u64, u64, String) {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS");
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: fields 14 and 15 are utime and stime.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let cpu = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let children = fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .map(|task| fs::read_to_string(task.unwrap().path().join("children")).unwrap())
        .collect::<String>();
    (rss, cpu, children.trim().to_owned())
}

/// A query past its budget in the shell is really stopped: it ran in a child process, which
/// is killed, so the shell's memory and CPU are back at once, no process is left, and the
/// loaded data is intact.
#[cfg(target_os = "linux")]
#[test]
fn an_overrun_query_is_killed_and_gives_back_its_memory() {
    // Sorting a three-way cross product of every quad: it grows by hundreds of MB a second.
    const HUNGRY: &str = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?a";
    const COUNT: &str = "SELECT (COUNT(*) AS ?quads) { GRAPH ?g { ?s ?p ?o } }";
    let map = fixture("tiny-map.ttl");
    let t = Tmux::start(&[
        "--data",
        map.to_str().unwrap(),
        "--timeout",
        "5",
        "--max-memory",
        "150",
    ]);
    t.wait_for("argmap> ", 1);
    let pid = t.pid();
    t.send(&[".format csv", "Enter", COUNT, "Enter"]);
    let screen = t.wait_for("1 row in", 1);
    let quads = screen
        .lines()
        .skip_while(|l| !l.starts_with("quads"))
        .nth(1)
        .expect("the count")
        .trim()
        .to_owned();
    let (rss_before, _, _) = process(pid);

    for (query, message, done) in [
        (HUNGRY, "used more than 150 MB of memory", 1),
        (ENDLESS, "query stopped after 5.00 s", 1),
    ] {
        t.send(&[query, "Enter"]);
        let screen = t.wait_for(message, done);
        assert!(!screen.contains("still runs in the background"), "{screen}");
        let (rss, cpu, children) = process(pid);
        assert!(children.is_empty(), "{query}: processes left: {children}");
        assert!(
            rss < rss_before + 50 * 1024,
            "{query}: the shell holds {rss} kB after the overrun, {rss_before} kB before"
        );
        std::thread::sleep(Duration::from_millis(1000));
        let (_, cpu_later, _) = process(pid);
        assert!(
            cpu_later - cpu <= 20,
            "{query}: the shell burnt {} ticks in the second after the overrun",
            cpu_later - cpu
        );
    }

    t.send(&[COUNT, "Enter"]);
    let screen = t.wait_for("1 row in", 2);
    assert_eq!(
        screen.matches(&format!("\n{quads}\n")).count(),
        2,
        "the data changed:\n{screen}"
    );
    t.send(&["SELECT ?t { tiny:c-bad aif:claimText ?t }", "Enter"]);
    t.wait_for("A stronger axis endangers the alliance.", 1);
}

/// `.describe` of a node that thousands of statements point to (a class) lists the first
/// thousand and counts the rest, rather than printing a corpus.
#[test]
fn describe_cuts_what_points_to_a_class() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.ttl");
    let mut turtle = String::from("@prefix ex: <https://example.org/> .\n");
    for i in 0..1500 {
        turtle.push_str(&format!("ex:n{i} a ex:Thing .\n"));
    }
    fs::write(&file, turtle).unwrap();
    let output = piped(
        &["--no-bundled", "--data", file.to_str().unwrap()],
        ".describe <https://example.org/Thing>\n",
    );
    let out = stdout(&output);
    assert!(out.contains("# what points to"), "{out}");
    assert!(
        out.contains("… and 500 more statements point to it"),
        "{out}"
    );
    assert!(out.lines().count() < 1100, "{} lines", out.lines().count());
}

/// Tab completion offers the vocabulary, the bundled maps' names and the user's own; past
/// its budget it stops reading the user's graphs, never the bundled ones.
#[test]
fn completion_names_come_from_the_bundled_graphs_first_and_the_rest_within_a_budget() {
    let store = argmap::store::ArgStore::open(&argmap::store::OpenOptions {
        bundled: true,
        data: vec![fixture("tiny-map.ttl")],
        ..argmap::store::OpenOptions::default()
    })
    .expect("the session opens");
    let library = argmap::named::Library::load(store.prefixes(), &[]).expect("the library");
    let session = argmap::repl::Session::new(store, library);
    let all = session.words().expect("the words");
    let bundled_only = session
        .words_within(Duration::ZERO)
        .expect("the words within no time");
    for vocabulary in ["arg:Undermine", "aif:Premise", "ofw:c-risk-of-spiral"] {
        assert!(all.names.contains(vocabulary), "{vocabulary}");
        assert!(bundled_only.names.contains(vocabulary), "{vocabulary}");
    }
    let own: Vec<&String> = all
        .names
        .iter()
        .filter(|n| n.starts_with("tiny:"))
        .collect();
    assert!(own.len() > 5, "{own:?}");
    assert!(
        !bundled_only.names.iter().any(|n| n.starts_with("tiny:")),
        "the user's graph was read past the budget"
    );
}
