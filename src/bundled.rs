//! The files compiled into the binary: the ontology, the encoded articles, the named queries and
//! the source texts.
//!
//! Each RDF file under `ontology/` or `graphs/` is loaded into its own named graph whose IRI is
//! [`GRAPH_BASE`] followed by the file's path without its extension, so
//! `graphs/ofwono-2024/author.ttl` lives in
//! `https://w3id.org/argmap/bundled/graphs/ofwono-2024/author`. The IRI depends only on the path,
//! never on where the binary runs.

use crate::format;
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

/// One file compiled into the binary.
#[derive(Debug)]
pub struct BundledFile {
    /// Path relative to the project root, with `/` separators (`ontology/argmap.ttl`).
    pub path: &'static str,
    /// The file's content.
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Prefix of the graph IRIs of bundled files.
pub const GRAPH_BASE: &str = "https://w3id.org/argmap/bundled/";

impl BundledFile {
    /// The stable named graph this file is loaded into.
    ///
    /// ```
    /// # use argmap::bundled::BundledFile;
    /// let file = BundledFile { path: "graphs/ofwono-2024/author.ttl", text: "" };
    /// assert_eq!(
    ///     file.graph_iri().as_str(),
    ///     "https://w3id.org/argmap/bundled/graphs/ofwono-2024/author"
    /// );
    /// ```
    pub fn graph_iri(&self) -> NamedNode {
        let stem = match self.path.rfind('.') {
            Some(dot) if dot > self.path.rfind('/').unwrap_or(0) => &self.path[..dot],
            _ => self.path,
        };
        NamedNode::new_unchecked(format!("{GRAPH_BASE}{stem}"))
    }

    /// The RDF format of a data file, or `None` for queries, rules and texts.
    pub fn rdf_format(&self) -> Option<RdfFormat> {
        if !(self.path.starts_with("ontology/") || self.path.starts_with("graphs/")) {
            return None;
        }
        format::rdf_format_for_path(self.path).ok()
    }
}

/// The bundled RDF files, in path order: ontology first, then graphs.
pub fn rdf_files() -> impl Iterator<Item = (&'static BundledFile, RdfFormat)> {
    BUNDLED
        .iter()
        .filter_map(|file| file.rdf_format().map(|format| (file, format)))
}

/// The bundled files under `folder` (e.g. `"ontology/rules/"`) whose name ends with `extension`.
pub fn files_under(
    folder: &'static str,
    extension: &'static str,
) -> impl Iterator<Item = &'static BundledFile> {
    BUNDLED
        .iter()
        .filter(move |file| file.path.starts_with(folder) && file.path.ends_with(extension))
}

/// The bundled file at `path`, if any.
pub fn file(path: &str) -> Option<&'static BundledFile> {
    BUNDLED.iter().find(|file| file.path == path)
}

/// A digest of every bundled RDF file (path and text), stable across runs and platforms: an
/// on-disk store keeps the bundled graphs it holds stamped with it, and replaces them only when
/// a binary with another bundle opens it.
pub fn fingerprint() -> String {
    // FNV-1a, 64 bits: tiny, and the same on every build of the same files.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (file, _) in rdf_files() {
        for byte in file
            .path
            .bytes()
            .chain([0])
            .chain(file.text.bytes())
            .chain([0])
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
