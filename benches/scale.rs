//! Corpus scale: argmap's on-disk (RocksDB) store against bare Oxigraph on the same files.
//!
//! Every figure is a whole process as a user meets it — the real `argmap` binary, and this
//! benchmark re-run as a bare-Oxigraph process (`--bare-load`, `--bare-query`) — so that opening
//! a store, start-up and peak memory (the child's `ru_maxrss`) count. Each argmap figure is a
//! ratio to the bare-Oxigraph figure measured in the same run, because the machine is shared.
//!
//! Per size (claims; 100 per document, each document its own named graph, see
//! `corpus/mod.rs`):
//!
//! - load: `argmap load corpus.trig --store S` (shortcuts derived, bundled graphs installed)
//!   against Oxigraph's bulk loader on the same file into an empty store;
//! - open + small query: `argmap --store S query` for the claims under one document's main
//!   conclusion (`arg:supports*`), against Oxigraph opening its store and answering the same
//!   question over the raw AIF edges (`(^aif:Premise/aif:Conclusion)*`);
//! - the same through a named query: `argmap run support-tree claim=…`;
//! - `supports+` from a mid-level claim of the middle document, up and across documents
//!   (bare: the same walk over `aif:Premise`/`aif:Conclusion`, which cannot tell inferences
//!   from conflicts and so reaches a superset);
//! - a new 100-claim document (linked into earlier ones) into the big store;
//! - `argmap check`, against a full scan of the bare store.
//!
//! Run with `cargo bench --features rocksdb --bench scale` (`-- --sizes 10000,100000` picks the
//! sizes; the default is 10k, 100k and 1M claims, which needs about 10 GB of disk under the
//! temporary directory).

mod corpus;
mod process;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use process::{Measured, argmap, measure, measure_within, mib, secs};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const PREFIXES: &str = "PREFIX aif: <http://www.arg.tech/aif#>\nPREFIX syn: <https://w3id.org/argmap/doc/synthetic/>\n";

fn bare(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command.args(args);
    command
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// `--bare-load STORE FILE`: Oxigraph's bulk loader, as its documentation shows it.
fn bare_load(store: &str, file: &str) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(store)?;
    let mut loader = store.bulk_loader();
    loader.load_from_reader(
        RdfParser::from_format(RdfFormat::TriG),
        BufReader::new(File::open(file)?),
    )?;
    loader.commit()?;
    Ok(())
}

/// `--bare-query STORE QUERY`: open, answer, print the number of solutions.
fn bare_query(store: &str, query: &str) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(store)?;
    // The corpus is in named graphs; argmap queries their union, and so does this.
    let mut prepared = SparqlEvaluator::new().parse_query(query)?;
    prepared.dataset_mut().set_default_graph_as_union();
    let results = prepared.on_store(&store).execute()?;
    let QueryResults::Solutions(solutions) = results else {
        return Err("not a SELECT".into());
    };
    let mut rows = 0usize;
    for solution in solutions {
        solution?;
        rows += 1;
    }
    println!("{rows}");
    Ok(())
}

/// The number of rows `argmap query --format tsv` printed (its first line is the header).
fn tsv_rows(out: &str) -> usize {
    out.lines().count().saturating_sub(1)
}

struct Row {
    what: &'static str,
    /// `None`: stopped at [`LIMIT`].
    argmap: Option<Measured>,
    bare: Measured,
}

/// The longest a slow argmap step may run before it is stopped and reported as such.
const LIMIT: Duration = Duration::from_secs(300);

fn one_size(claims: usize, dir: &Path) -> Vec<Row> {
    let corpus_file = dir.join("corpus.trig");
    let written = corpus::Corpus::new(claims)
        .write_trig_file(&corpus_file)
        .expect("writes the corpus");
    let new_file = dir.join("new.trig");
    corpus::Corpus {
        first_document: written.documents,
        ..corpus::Corpus::new(100)
    }
    .write_trig_file(&new_file)
    .expect("writes the new document");
    eprintln!(
        "{claims} claims: {} documents, {} triples, {:.0} MiB of TriG",
        written.documents,
        written.triples,
        mib(std::fs::metadata(&corpus_file).map_or(0, |m| m.len()))
    );
    let store = dir.join("argmap-store");
    let oxigraph = dir.join("oxigraph-store");
    let (store, oxigraph, corpus_file, new_file) = (
        path(&store),
        path(&oxigraph),
        path(&corpus_file),
        path(&new_file),
    );
    let mut rows = Vec::new();

    let bare_loaded = measure(&mut bare(&["--bare-load", oxigraph, corpus_file]), &[0]);
    let loaded = measure(&mut argmap(&["load", corpus_file, "--store", store]), &[0]);
    rows.push(Row {
        what: "load (bare: Oxigraph's bulk loader)",
        argmap: Some(loaded),
        bare: bare_loaded,
    });

    // One document's main conclusion, and a mid-level claim of the middle document.
    let middle = written.documents / 2;
    let top = format!("syn:d{middle}-c0");
    let mid = format!("syn:d{middle}-c50");
    let tree_bare = format!("{PREFIXES}SELECT ?c {{ ?c (^aif:Premise/aif:Conclusion)* {top} }}");
    let tree = format!("SELECT ?c {{ ?c arg:supports* {top} }}");
    let up_bare =
        format!("{PREFIXES}SELECT DISTINCT ?c {{ {mid} (^aif:Premise/aif:Conclusion)+ ?c }}");
    let up = format!("SELECT DISTINCT ?c {{ {mid} arg:supports+ ?c }}");

    let bare_tree = measure(&mut bare(&["--bare-query", oxigraph, &tree_bare]), &[0]);
    let argmap_tree = measure(
        &mut argmap(&["--store", store, "query", "--format", "tsv", &tree]),
        &[0],
    );
    assert_eq!(
        tsv_rows(&argmap_tree.stdout),
        bare_tree
            .stdout
            .trim()
            .parse::<usize>()
            .unwrap_or(usize::MAX),
        "argmap and Oxigraph disagree on the claims under {top}"
    );
    let argmap_run = measure_within(
        &mut argmap(&[
            "--store",
            store,
            "--timeout",
            "0",
            "run",
            "support-tree",
            &format!("claim={top}"),
        ]),
        &[0],
        Some(LIMIT),
    );
    rows.push(Row {
        what: "open + small query (claims under one conclusion)",
        argmap: Some(argmap_tree),
        bare: measure(&mut bare(&["--bare-query", oxigraph, &tree_bare]), &[0]),
    });
    rows.push(Row {
        what: "open + named query (run support-tree)",
        argmap: argmap_run,
        bare: bare_tree,
    });

    let bare_up = measure(&mut bare(&["--bare-query", oxigraph, &up_bare]), &[0]);
    let argmap_up = measure(
        &mut argmap(&["--store", store, "query", "--format", "tsv", &up]),
        &[0],
    );
    // Bare Oxigraph has no shortcut that tells an inference from a conflict, so its path also
    // walks through CA-nodes: it answers a superset of the same walk, which is the fair cost.
    let (ours, theirs) = (
        tsv_rows(&argmap_up.stdout),
        bare_up.stdout.trim().parse::<usize>().unwrap_or(0),
    );
    assert!(
        0 < ours && ours <= theirs,
        "{mid} supports {ours} claims in argmap, reaches {theirs} in the bare walk"
    );
    rows.push(Row {
        what: "supports+ from a mid-level claim",
        argmap: Some(argmap_up),
        bare: bare_up,
    });

    let bare_new = measure(&mut bare(&["--bare-load", oxigraph, new_file]), &[0]);
    let argmap_new = measure(&mut argmap(&["load", new_file, "--store", store]), &[0]);
    rows.push(Row {
        what: "a new 100-claim document into the store",
        argmap: Some(argmap_new),
        bare: bare_new,
    });

    let scan = format!("{PREFIXES}SELECT ?s {{ GRAPH ?g {{ ?s ?p ?o }} }}");
    let bare_scan = measure(&mut bare(&["--bare-query", oxigraph, &scan]), &[0]);
    // check exits 1 when it finds errors; the synthetic corpus should have none, but the
    // benchmark measures the time either way.
    let checked = measure_within(
        &mut argmap(&["--store", store, "check"]),
        &[0, 1],
        Some(LIMIT),
    );
    if let Some(summary) = checked.as_ref().and_then(|c| c.stdout.lines().last()) {
        eprintln!("  check: {summary}");
    }
    rows.push(Row {
        what: "check (bare: a full scan of every quad)",
        argmap: checked,
        bare: bare_scan,
    });
    rows
}

fn print_table(claims: usize, rows: &[Row]) {
    println!("\n{claims} claims");
    println!(
        "| {:<50} | {:>9} | {:>9} | {:>6} | {:>10} | {:>10} |",
        "", "argmap", "Oxigraph", "ratio", "argmap MiB", "bare MiB"
    );
    println!(
        "|{:-<52}|{:->11}|{:->11}|{:->8}|{:->12}|{:->12}|",
        "", "", "", "", "", ""
    );
    for row in rows {
        let Some(argmap) = &row.argmap else {
            println!(
                "| {:<50} | {:>9} | {:>9} | {:>6} | {:>10} | {:>10.0} |",
                row.what,
                format!("> {}", secs(LIMIT)),
                secs(row.bare.wall),
                "—",
                "—",
                mib(row.bare.peak),
            );
            continue;
        };
        println!(
            "| {:<50} | {:>9} | {:>9} | {:>5.2}× | {:>10.0} | {:>10.0} |",
            row.what,
            secs(argmap.wall),
            secs(row.bare.wall),
            argmap.wall.as_secs_f64() / row.bare.wall.as_secs_f64(),
            mib(argmap.peak),
            mib(row.bare.peak),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    let bare_mode = match arg(0) {
        "--bare-load" => Some(bare_load(arg(1), arg(2))),
        "--bare-query" => Some(bare_query(arg(1), arg(2))),
        _ => None,
    };
    if let Some(result) = bare_mode {
        if let Err(e) = result {
            eprintln!("bare oxigraph: {e}");
            std::process::exit(1);
        }
        return;
    }
    let sizes = process::sizes(&args, &[10_000, 100_000, 1_000_000]);
    let base = std::env::var_os("ARGMAP_BENCH_DIR").map(PathBuf::from);
    for claims in sizes {
        let dir = match &base {
            Some(base) => tempfile::tempdir_in(base),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let rows = one_size(claims, dir.path());
        print_table(claims, &rows);
    }
}
