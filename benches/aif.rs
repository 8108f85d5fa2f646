//! Reading an AIF corpus: the 661 AraucariaDB maps of `../shared/corpora/aif-araucaria/`, as
//! ratios to baselines measured in the same run (the machine is shared).
//!
//! - import: every file through argmap's AIF importer (JSON to AIF-shaped quads, warnings
//!   collected), in process, against `serde_json` parsing the same bytes into values — the floor
//!   any importer of the format pays;
//! - load: the whole process `argmap load FOLDER --store S` (files found, read, imported,
//!   shortcuts derived, the workspace written), against the same process loading the same
//!   quads from one N-Quads file, so the ratio is what AIF costs over RDF.
//!
//! Run with `cargo bench --bench aif` (`ARAUCARIA` names another folder of AIF files).

mod process;

use argmap::import::aif::{self, AifInput};
use argmap::load;
use oxigraph::io::{RdfFormat, RdfSerializer};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const RUNS: usize = 15;
const PROCESS_RUNS: usize = 5;

/// The median of `RUNS` timings of `f`, after one warm-up run.
fn median(f: impl FnMut()) -> Duration {
    process::median_time(RUNS, f)
}

fn report(what: &str, baseline: &str, time: Duration, base: Duration) {
    println!(
        "{what:<44} {:>6.2}× {baseline:<36} ({} vs {})",
        time.as_secs_f64() / base.as_secs_f64(),
        process::secs(time),
        process::secs(base)
    );
}

fn main() {
    let folder = std::env::var_os("ARAUCARIA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/aif-araucaria"),
        PathBuf::from,
    );
    let files: Vec<(String, PathBuf, Vec<u8>)> = load::expand_path(&folder)
        .expect("the corpus folder lists")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("reads");
            (p.display().to_string(), p, bytes)
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, _, b)| b.len()).sum();
    let import_all = || {
        files
            .iter()
            .map(|(name, path, text)| {
                aif::read(&AifInput {
                    name: name.clone(),
                    text,
                    graph: load::graph_for_file(path),
                    source: load::file_url(path),
                    imported_at: Some(aif::now()),
                })
                .expect("Araucaria files import")
            })
            .collect::<Vec<_>>()
    };
    let imported = import_all();
    let quads: Vec<_> = imported
        .iter()
        .flat_map(|p| p.quads.iter().cloned())
        .collect();
    println!(
        "{}: {} AIF files, {:.1} MB, {} quads; in-process figures are medians of {RUNS} runs, \
         whole processes of {PROCESS_RUNS}\n",
        folder.display(),
        files.len(),
        bytes as f64 / 1e6,
        quads.len()
    );

    let json = median(|| {
        for (_, _, text) in &files {
            black_box(serde_json::from_slice::<serde_json::Value>(text).expect("JSON"));
        }
    });
    let import = median(|| {
        black_box(import_all());
    });
    report(
        "import (AIF JSON to quads, in process)",
        "serde_json parsing the same bytes",
        import,
        json,
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let nquads = dir.path().join("araucaria.nq");
    let mut serializer =
        RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::with_capacity(bytes * 4));
    for quad in &quads {
        serializer.serialize_quad(quad).expect("serializes");
    }
    std::fs::write(&nquads, serializer.finish().expect("serializes")).expect("writes");
    let store = dir.path().join("store");
    let fresh = || {
        let _ = std::fs::remove_dir_all(&store);
    };
    let store_arg = store.to_str().expect("temporary paths are UTF-8");
    let folder_arg = folder.to_str().expect("the corpus path is UTF-8");
    let nquads_arg = nquads.to_str().expect("temporary paths are UTF-8");
    // N-Quads is the backend of every build; both runs write the same kind of workspace.
    let load_aif = process::median(
        PROCESS_RUNS,
        fresh,
        || {
            process::argmap(&[
                "load",
                folder_arg,
                "--store",
                store_arg,
                "--backend",
                "nquads",
            ])
        },
        &[0],
    );
    let load_rdf = process::median(
        PROCESS_RUNS,
        fresh,
        || {
            process::argmap(&[
                "load",
                nquads_arg,
                "--store",
                store_arg,
                "--backend",
                "nquads",
            ])
        },
        &[0],
    );
    report(
        "argmap load FOLDER (661 files, whole process)",
        "argmap load of the same quads as N-Quads",
        load_aif.wall,
        load_rdf.wall,
    );
    println!(
        "{:<44} {:>6.2}× {:<36} ({:.0} MiB vs {:.0} MiB)",
        "  peak memory",
        load_aif.peak as f64 / load_rdf.peak as f64,
        "",
        process::mib(load_aif.peak),
        process::mib(load_rdf.peak)
    );
}
