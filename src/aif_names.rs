//! The names AIF tools give to schemes and illocutions ("Example", "Default Inference",
//! "Asserting"), mapped onto argmap's terms.
//!
//! The mapping is data: every term of the bundled ontology with an `arg:aifName` is a name the
//! AIF reader recognises (by that name and by its `rdfs:label`) and the AIF writer writes. Adding a
//! scheme to `ontology/schemes.ttl` with an `arg:aifName` is all it takes to have it recognised.

use crate::bundled;
use crate::load;
use oxigraph::model::{NamedNode, Term};
use std::collections::HashMap;
use std::sync::OnceLock;

const ARG: &str = crate::prefixes::ARG;
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// What a name is the name of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An `arg:Scheme` (of an RA-node).
    Scheme,
    /// An `arg:Illocution` (of a YA-node).
    Illocution,
}

/// The names of the bundled schemes and illocutions.
#[derive(Debug, Default)]
pub struct Names {
    by_name: HashMap<(Kind, String), NamedNode>,
    aif_name: HashMap<NamedNode, String>,
}

impl Names {
    /// The names in the bundled ontology (read once per process).
    pub fn bundled() -> &'static Names {
        static NAMES: OnceLock<Names> = OnceLock::new();
        NAMES.get_or_init(Names::from_ontology)
    }

    fn from_ontology() -> Names {
        let mut kinds: HashMap<NamedNode, Kind> = HashMap::new();
        let mut labels: Vec<(NamedNode, String)> = Vec::new();
        let mut aif_names: Vec<(NamedNode, String)> = Vec::new();
        for (file, format) in bundled::rdf_files() {
            if !file.path.starts_with("ontology/") {
                continue;
            }
            // The bundled ontology is tested to parse; were it broken, nothing would be recognised.
            let Ok(parsed) = load::parse_bundled(file, format) else {
                continue;
            };
            for quad in parsed.quads {
                let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = quad.subject else {
                    continue;
                };
                match (quad.predicate.as_str(), &quad.object) {
                    (RDF_TYPE, Term::NamedNode(class)) => {
                        if class.as_str() == format!("{ARG}Scheme") {
                            kinds.insert(subject, Kind::Scheme);
                        } else if class.as_str() == format!("{ARG}Illocution") {
                            kinds.insert(subject, Kind::Illocution);
                        }
                    }
                    (RDFS_LABEL, Term::Literal(label)) => {
                        labels.push((subject, label.value().to_owned()));
                    }
                    (p, Term::Literal(name)) if p == format!("{ARG}aifName") => {
                        aif_names.push((subject, name.value().to_owned()));
                    }
                    _ => {}
                }
            }
        }
        let mut names = Names::default();
        // aifName first, so that it wins over a label that normalises the same way.
        for (term, name) in aif_names.iter().chain(&labels) {
            if let Some(kind) = kinds.get(term) {
                names
                    .by_name
                    .entry((*kind, normalise(name)))
                    .or_insert_with(|| term.clone());
            }
        }
        for (term, name) in aif_names {
            names.aif_name.entry(term).or_insert(name);
        }
        names
    }

    /// The term a name given in an AIF file stands for, ignoring case, spacing, punctuation and
    /// a leading "argument from".
    ///
    /// ```
    /// use argmap::aif_names::{Kind, Names};
    /// let names = Names::bundled();
    /// let iri = "https://w3id.org/argmap#ArgumentFromExpertOpinion";
    /// assert_eq!(names.term(Kind::Scheme, "ExpertOpinion").unwrap().as_str(), iri);
    /// assert_eq!(names.term(Kind::Scheme, "Argument From Expert Opinion").unwrap().as_str(), iri);
    /// assert!(names.term(Kind::Scheme, "Asserting").is_none());
    /// ```
    pub fn term(&self, kind: Kind, name: &str) -> Option<&NamedNode> {
        self.by_name.get(&(kind, normalise(name)))
    }

    /// The name AIF tools use for a term, if it has one.
    pub fn aif_name(&self, term: &NamedNode) -> Option<&str> {
        self.aif_name.get(term).map(String::as_str)
    }
}

/// Lower-case letters and digits only, without a leading "argument from" or "argument".
fn normalise(name: &str) -> String {
    let plain: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    for prefix in ["argumentfrom", "argfrom"] {
        if let Some(rest) = plain.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return rest.to_owned();
        }
    }
    match plain.strip_suffix("argument") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_araucaria_scheme_name_is_recognised() {
        let names = Names::bundled();
        for name in [
            "Example",
            "CauseToEffect",
            "PracticalReasoning",
            "VerbalClassification",
            "Analogy",
            "ExpertOpinion",
            "EstablishedRule",
            "Sign",
            "Commitment",
            "Ignorance",
            "PositionToKnow",
            "CorrelationToCause",
            "InconsistentCommitment",
            "FalsificationOfHypothesis",
            "ExceptionalCase",
            "FearAppeal",
            "PopularPractice",
            "Default Inference",
        ] {
            let term = names.term(Kind::Scheme, name);
            assert!(term.is_some(), "{name} is not recognised");
            assert_eq!(names.aif_name(term.unwrap()), Some(name));
        }
    }

    #[test]
    fn illocutions_are_recognised_by_their_aifdb_names() {
        let names = Names::bundled();
        let asserting = names.term(Kind::Illocution, "Asserting").unwrap();
        assert_eq!(asserting.as_str(), format!("{ARG}Asserting"));
        assert!(
            names
                .term(Kind::Illocution, "Assertive Questioning")
                .is_some()
        );
        assert!(
            names
                .term(Kind::Illocution, "YA_8fc2706f33bc57340ffd")
                .is_none()
        );
    }
}
