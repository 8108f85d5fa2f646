//! Predeclared prefixes, so that nobody types a `PREFIX` line, and IRI compaction for output.
//!
//! The standard vocabularies come first; then every prefix declared by a bundled file, then those
//! of the user's files. The first declaration of a name wins, so a user file cannot silently
//! change what `arg:` means.

use std::collections::BTreeMap;

/// Namespace of argmap's own vocabulary.
pub const ARG: &str = "https://w3id.org/argmap#";

/// The prefixes every session knows, whatever is loaded.
pub const STANDARD: [(&str, &str); 13] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("aif", "http://www.arg.tech/aif#"),
    ("amo", "http://purl.org/spar/amo/"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("schema", "http://schema.org/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("arg", ARG),
];

/// One prefix declaration and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prefix {
    /// The name, without the colon.
    pub name: String,
    /// The namespace IRI.
    pub iri: String,
    /// Where it was declared: `standard`, a bundled path, or a user file.
    pub origin: String,
}

/// The prefixes of a session (serialized for a query process of its own).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Prefixes {
    by_name: BTreeMap<String, Prefix>,
}

impl Default for Prefixes {
    fn default() -> Self {
        Self::standard()
    }
}

impl Prefixes {
    /// The standard prefixes only.
    pub fn standard() -> Self {
        let mut prefixes = Self {
            by_name: BTreeMap::new(),
        };
        for (name, iri) in STANDARD {
            prefixes.declare(name, iri, "standard");
        }
        prefixes
    }

    /// Adds a declaration unless the name is taken; returns whether it was added.
    ///
    /// The empty prefix (`:`) and `base`-like names are skipped: they mean something different
    /// in every file.
    pub fn declare(&mut self, name: &str, iri: &str, origin: &str) -> bool {
        if name.is_empty() || self.by_name.contains_key(name) {
            return false;
        }
        self.by_name.insert(
            name.to_owned(),
            Prefix {
                name: name.to_owned(),
                iri: iri.to_owned(),
                origin: origin.to_owned(),
            },
        );
        true
    }

    /// All declarations, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &Prefix> {
        self.by_name.values()
    }

    /// The namespace of a prefix name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(|p| p.iri.as_str())
    }

    /// Expands `name:local` to a full IRI if `name` is declared.
    ///
    /// ```
    /// # use argmap::prefixes::Prefixes;
    /// let p = Prefixes::standard();
    /// assert_eq!(p.expand("aif:I-node").as_deref(), Some("http://www.arg.tech/aif#I-node"));
    /// assert_eq!(p.expand("nope:x"), None);
    /// ```
    pub fn expand(&self, prefixed: &str) -> Option<String> {
        let (name, local) = prefixed.split_once(':')?;
        if local.starts_with("//") {
            return None;
        }
        self.get(name).map(|iri| format!("{iri}{local}"))
    }

    /// The shortest prefixed name for an IRI, if a namespace matches and the rest is a valid
    /// local name.
    ///
    /// ```
    /// # use argmap::prefixes::Prefixes;
    /// let p = Prefixes::standard();
    /// assert_eq!(p.compact("http://www.arg.tech/aif#RA-node").as_deref(), Some("aif:RA-node"));
    /// assert_eq!(p.compact("http://example.com/x"), None);
    /// ```
    pub fn compact(&self, iri: &str) -> Option<String> {
        self.by_name
            .values()
            .filter(|p| iri.starts_with(&p.iri) && is_local_name(&iri[p.iri.len()..]))
            .max_by_key(|p| p.iri.len())
            .map(|p| format!("{}:{}", p.name, &iri[p.iri.len()..]))
    }

    /// `(name, iri)` pairs, for handing to parsers and serializers.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_name
            .values()
            .map(|p| (p.name.as_str(), p.iri.as_str()))
    }
}

/// A conservative test for SPARQL/Turtle `PN_LOCAL` (no escapes needed).
fn is_local_name(local: &str) -> bool {
    let mut chars = local.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    let inner_ok = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    (first.is_alphanumeric() || first == '_')
        && local.chars().all(inner_ok)
        && !local.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_declaration_wins() {
        let mut p = Prefixes::standard();
        assert!(!p.declare("arg", "http://evil.example/", "user.ttl"));
        assert_eq!(p.get("arg"), Some(ARG));
        assert!(p.declare("ex", "http://example.com/", "user.ttl"));
        assert_eq!(p.compact("http://example.com/a").as_deref(), Some("ex:a"));
    }

    #[test]
    fn compaction_refuses_invalid_local_names() {
        let p = Prefixes::standard();
        assert_eq!(p.compact("https://w3id.org/argmap#a/b"), None);
        assert_eq!(p.compact("https://w3id.org/argmap#a."), None);
        assert_eq!(
            p.compact("https://w3id.org/argmap#").as_deref(),
            Some("arg:")
        );
    }

    #[test]
    fn longest_namespace_wins() {
        let mut p = Prefixes::standard();
        p.declare("g", "https://w3id.org/argmap/graph/x/", "test");
        assert_eq!(
            p.compact("https://w3id.org/argmap/graph/x/y").as_deref(),
            Some("g:y")
        );
    }
}
