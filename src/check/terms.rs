//! Undeclared terms: an IRI in argmap's namespace that the ontology does not declare is almost
//! always a typo (`arg:asertedBy`), and queries silently miss what it was meant to say.
//!
//! Declared means: the subject of an `rdfs:label` or `rdf:type` statement in a bundled ontology
//! graph. The namespace belongs to the project, so a user's file cannot declare terms in it.
//! Every use outside the ontology graphs is checked — as a class, a property, a value or a
//! subject — and the closest declared term is suggested.
//!
//! The quads are read in the one pass that [`super::scan`] shares with the other checks that
//! look at every quad; this module is what that pass does with each of them.

use super::{Check, CheckError, CheckInfo, Context, Hit, Severity, is_ontology_graph};
use crate::prefixes::ARG;
use crate::render::term_text;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeMap, BTreeSet};

/// The `undeclared-term` check.
#[derive(Debug, Clone)]
pub struct UndeclaredTerm {
    info: CheckInfo,
}

impl UndeclaredTerm {
    /// The check with its description.
    pub fn new() -> Self {
        Self {
            info: CheckInfo {
                name: "undeclared-term".to_owned(),
                severity: Severity::Error,
                description: "a term in the arg: namespace that the ontology does not declare"
                    .to_owned(),
                fix: "use a term the ontology declares (argmap query 'SELECT ?t ?l { ?t rdfs:label ?l FILTER STRSTARTS(STR(?t), STR(arg:)) }'), or ask for the term in the vocabulary".to_owned(),
                defined_in: "rust".to_owned(),
            },
        }
    }
}

impl Default for UndeclaredTerm {
    fn default() -> Self {
        Self::new()
    }
}

/// How a term is used in one triple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Class,
    Property,
    Value,
    Subject,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Self::Class => "class",
            Self::Property => "property",
            Self::Value => "value",
            Self::Subject => "subject",
        }
    }
}

#[derive(Debug, Default)]
struct Uses {
    count: usize,
    roles: BTreeSet<Role>,
    subjects: BTreeMap<String, NamedOrBlankNode>,
}

impl Check for UndeclaredTerm {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        Ok(context.scan()?.undeclared_terms.clone())
    }
}

/// The uses of undeclared terms, gathered quad by quad in the shared pass ([`super::scan`]).
pub(crate) struct Accumulator {
    declared: BTreeSet<String>,
    used: BTreeMap<(NamedNode, NamedNode), Uses>,
}

impl Accumulator {
    /// Reads the declared terms: `rdfs:label` and `rdf:type` subjects of the ontology graphs
    /// (looked up graph by graph, so the map's own millions of `rdf:type` quads are not read).
    pub(crate) fn new(context: &Context<'_>) -> Result<Self, CheckError> {
        let store = context.store.oxigraph();
        let mut declared: BTreeSet<String> = BTreeSet::new();
        for graph in store.named_graphs() {
            let graph = GraphName::from(graph?);
            if !is_ontology_graph(graph.as_ref()) {
                continue;
            }
            for predicate in [rdfs::LABEL, rdf::TYPE] {
                for quad in
                    store.quads_for_pattern(None, Some(predicate), None, Some(graph.as_ref()))
                {
                    if let NamedOrBlankNode::NamedNode(subject) = quad?.subject
                        && subject.as_str().starts_with(ARG)
                    {
                        declared.insert(subject.into_string());
                    }
                }
            }
        }
        Ok(Self {
            declared,
            used: BTreeMap::new(),
        })
    }

    /// Notes the undeclared `arg:` terms of one quad outside the ontology graphs.
    pub(crate) fn observe(&mut self, quad: &Quad) {
        let GraphName::NamedNode(graph) = &quad.graph_name else {
            return;
        };
        if is_ontology_graph(quad.graph_name.as_ref()) {
            return;
        }
        let declared = &self.declared;
        let used = &mut self.used;
        let mut note = |term: &NamedNode, role: Role| {
            if term.as_str().starts_with(ARG) && !declared.contains(term.as_str()) {
                let uses = used.entry((graph.clone(), term.clone())).or_default();
                uses.count += 1;
                uses.roles.insert(role);
                uses.subjects
                    .insert(quad.subject.to_string(), quad.subject.clone());
            }
        };
        if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
            note(subject, Role::Subject);
        }
        note(&quad.predicate, Role::Property);
        if let Term::NamedNode(object) = &quad.object {
            let role = if quad.predicate == rdf::TYPE {
                Role::Class
            } else {
                Role::Value
            };
            note(object, role);
        }
    }

    /// One hit per undeclared term and graph, with the closest declared term as the fix.
    pub(crate) fn finish(self, context: &Context<'_>) -> Vec<Hit> {
        let prefixes = context.store.prefixes();
        let mut hits = Vec::new();
        for ((graph, term), uses) in self.used {
            let roles: Vec<&str> = uses.roles.iter().map(|r| r.as_str()).collect();
            let mut detail = format!(
                "used {} time{} in this graph, as {}",
                uses.count,
                if uses.count == 1 { "" } else { "s" },
                roles.join(" and ")
            );
            let mut hit = Hit::new(term.clone());
            if let Some(suggestion) = closest(term.as_str(), &self.declared) {
                let suggestion = term_text(
                    NamedNode::new_unchecked(suggestion).as_ref().into(),
                    prefixes,
                );
                detail.push_str(&format!("; did you mean {suggestion}?"));
                hit = hit.fix(format!(
                    "replace {} with {suggestion}",
                    term_text(term.as_ref().into(), prefixes)
                ));
            }
            for subject in uses
                .subjects
                .into_values()
                .filter(|s| !matches!(s, NamedOrBlankNode::NamedNode(n) if *n == term))
                .take(3)
            {
                hit = hit.related(subject);
            }
            hits.push(hit.detail(detail).in_graph(Some(graph)));
        }
        hits
    }
}

/// The declared term most like `term`, if one is close enough to be a likely typo.
fn closest<'a>(term: &str, declared: &'a BTreeSet<String>) -> Option<&'a str> {
    let local = term.strip_prefix(ARG)?.to_lowercase();
    declared
        .iter()
        .filter_map(|candidate| {
            let other = candidate.strip_prefix(ARG)?.to_lowercase();
            let score = strsim::normalized_damerau_levenshtein(&local, &other);
            (score >= 0.75).then_some((score, candidate.as_str()))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_declared_term() {
        let declared: BTreeSet<String> = [
            "https://w3id.org/argmap#assertedBy",
            "https://w3id.org/argmap#qualifier",
            "https://w3id.org/argmap#quote",
        ]
        .map(str::to_owned)
        .into();
        assert_eq!(
            closest("https://w3id.org/argmap#asertedBy", &declared),
            Some("https://w3id.org/argmap#assertedBy")
        );
        assert_eq!(
            closest("https://w3id.org/argmap#Qualifier", &declared),
            Some("https://w3id.org/argmap#qualifier")
        );
        assert_eq!(
            closest("https://w3id.org/argmap#somethingElse", &declared),
            None
        );
    }
}
