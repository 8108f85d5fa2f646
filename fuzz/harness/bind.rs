//! Parameter binding: a user's `.rq` file header, `NAME=VALUE` arguments read as terms, and the
//! bound query prepared and run on an empty store.
//!
//! An input that starts with `#` is a user query file (so `queries/*.rq` seed it as they are),
//! whose examples are bound; any other input is a bundled query (picked by the first byte) and
//! the argument line of `.run` / `argmap run` for it (the rest).
//!
//! Shared by the fuzz target `bind` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::budget::{self, Budget, Overrun};
use argmap::named::{self, Library, NamedQuery, Source};
use argmap::prefixes::Prefixes;
use argmap::query::{self, QueryRequest};
use argmap::repl::meta;
use oxigraph::store::Store;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

struct World {
    prefixes: Prefixes,
    library: Library,
    store: Store,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let prefixes = Prefixes::standard();
        let library = Library::load(&prefixes, &[]).expect("bundled queries load");
        World {
            prefixes,
            library,
            store: Store::new().expect("in-memory store"),
        }
    })
}

fn run_bound(world: &World, request: &QueryRequest) {
    // Prepared with the bindings substituted, then run on an empty store within a budget.
    if query::prepare_request(&world.prefixes, request, None).is_ok() {
        let budget = Budget {
            timeout: Some(Duration::from_secs(2)),
            max_memory_mb: Some(512),
            max_rows: Some(10_000),
        };
        let _ = budget::execute(
            &world.store,
            &world.prefixes,
            request,
            budget,
            Overrun::Abandon,
        );
    }
}

/// One input.
pub fn run(data: &[u8]) {
    let world = world();
    let text = String::from_utf8_lossy(data);
    if let Ok(term) = named::parse_value(&text, &world.prefixes) {
        // A term reads back as itself from its N-Triples form.
        let again = named::parse_value(&term.to_string(), &world.prefixes);
        assert_eq!(again.as_ref(), Ok(&term), "{text:?} read as {term}");
    }
    if data.starts_with(b"#") {
        let source = Source::User(PathBuf::from("fuzz.rq"));
        let Ok(named) = NamedQuery::parse(&text, source, &world.prefixes) else {
            return;
        };
        for example in &named.examples {
            let Ok(words) = meta::split_arguments(example) else {
                continue;
            };
            // `argmap run NAME k=v …` or `.run NAME k=v …`: the arguments follow the name.
            let after = words
                .iter()
                .position(|w| *w == named.name)
                .map_or(0, |i| i + 1);
            let arguments = words.get(after..).unwrap_or_default();
            if let Ok(request) = named.bind(arguments, &world.prefixes) {
                run_bound(world, &request);
            }
        }
    } else {
        let Some((&pick, rest)) = data.split_first() else {
            return;
        };
        let queries: Vec<&NamedQuery> = world.library.iter().collect();
        let named = queries[usize::from(pick) % queries.len()];
        let line = String::from_utf8_lossy(rest);
        let Ok(arguments) = meta::split_arguments(&line) else {
            return;
        };
        match named.bind(&arguments, &world.prefixes) {
            Ok(request) => run_bound(world, &request),
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
}
