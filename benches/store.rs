//! Where a session's time goes, as ratios against baselines measured in the same run (the
//! machine is shared and noisy; absolute times are printed only for orientation).
//!
//! Run with `cargo bench --bench store`.

mod process;

use argmap::bundled;
use argmap::load;
use argmap::query::QueryRequest;
use argmap::rules;
use argmap::store::ArgStore;
use argmap::workspace::{Access, Workspace};
use oxigraph::model::Quad;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

const RUNS: usize = 15;

/// The median of `RUNS` timings of `f`.
fn median(f: impl FnMut()) -> Duration {
    process::median_time(RUNS, f)
}

fn parse_bundled() -> Vec<Quad> {
    bundled::rdf_files()
        .flat_map(|(file, format)| {
            load::parse_bundled(file, format)
                .expect("bundled files parse")
                .quads
        })
        .collect()
}

fn report(what: &str, baseline: &str, time: Duration, base: Duration) {
    println!(
        "{what:<48} {:>6.2}× {baseline:<28} ({:?} vs {:?})",
        time.as_secs_f64() / base.as_secs_f64(),
        time,
        base
    );
}

fn main() {
    let quads = parse_bundled();
    println!(
        "bundled data: {} quads; median of {RUNS} runs\n",
        quads.len()
    );

    let parse = median(|| {
        black_box(parse_bundled());
    });
    let open = median(|| {
        black_box(ArgStore::with_bundled().expect("opens"));
    });
    report(
        "open the bundled store (parse, insert, rules)",
        "parsing the files alone",
        open,
        parse,
    );

    let store = ArgStore::with_bundled().expect("opens");
    let derive = median(|| {
        black_box(store.derive().expect("rules apply"));
    });
    report(
        "recompute the derived shortcuts",
        "parsing the files alone",
        derive,
        parse,
    );
    let rounds =
        rules::derive(store.oxigraph(), store.prefixes(), &rules::bundled()).expect("rules apply");
    println!(
        "  ({} rounds, {} derived triples)",
        rounds.rounds, rounds.triples
    );

    let scan = median(|| {
        black_box(
            store
                .query(&QueryRequest::new("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))
                .expect("runs"),
        );
    });
    let closure = median(|| {
        black_box(
            store
                .query(&QueryRequest::new(
                    "SELECT (COUNT(*) AS ?n) { ?premise arg:supports+ ?conclusion }",
                ))
                .expect("runs"),
        );
    });
    report(
        "support closure (arg:supports+)",
        "a full scan count",
        closure,
        scan,
    );
    let tree = median(|| {
        black_box(
            store
                .query(&QueryRequest::new(
                    "SELECT ?p ?scheme { ?doc arg:mainConclusion ?main . ?p arg:supports* ?main .
                     OPTIONAL { ?p arg:conclusionOf/arg:scheme ?scheme } }",
                ))
                .expect("runs"),
        );
    });
    report(
        "support tree under the main conclusion",
        "a full scan count",
        tree,
        scan,
    );
    // The whole bundled map as a picture: reading the argument, layout and SVG, against the
    // text tree under the main conclusion (the same reading, no layout).
    let text_tree = median(|| {
        black_box(
            argmap::tree::render(
                argmap::endpoint::Target::Local(&store),
                store.prefixes(),
                "ofw:c-citizens-should-back-deterrence",
                argmap::tree::TreeOptions::default(),
            )
            .expect("renders"),
        );
    });
    let options = argmap::map::MapOptions {
        force: true,
        ..argmap::map::MapOptions::default()
    };
    let picture = median(|| {
        black_box(
            argmap::map::draw(
                &store,
                &argmap::map::Scope::MainConclusions,
                &options,
                argmap::map::Format::Svg,
                argmap::map::Engine::Layered,
            )
            .expect("draws"),
        );
    });
    report(
        "map: whole bundled map as SVG",
        ".tree under the main conclusion",
        picture,
        text_tree,
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = Workspace::open(dir.path().join("store"), Access::Write).expect("opens");
    let bytes = {
        let mut out = Vec::new();
        argmap::render::write_quads(
            &quads,
            oxigraph::io::RdfFormat::NQuads,
            &argmap::prefixes::Prefixes::standard(),
            &mut out,
        )
        .expect("serializes");
        out
    };
    let plain = dir.path().join("plain.nq");
    let write = median(|| {
        let mut file = std::fs::File::create(&plain).expect("creates");
        std::io::Write::write_all(&mut file, &bytes).expect("writes");
        file.sync_all().expect("syncs");
    });
    let save = median(|| {
        workspace
            .save(quads.iter().map(Quad::as_ref), &BTreeMap::new(), &[])
            .expect("saves");
    });
    report(
        "atomic durable workspace save",
        "write+fsync of the same bytes",
        save,
        write,
    );
}
