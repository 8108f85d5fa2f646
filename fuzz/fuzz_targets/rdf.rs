//! Every RDF reader argmap feeds (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD, N3),
//! through the same entry point as `argmap load`. The first byte picks the format.
#![no_main]

#[path = "../harness/rdf.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
