//! What engines answer differently from SPARQL 1.1, put right before an answer is used.
//!
//! - **Booleans.** Virtuoso 7 gives the value of a boolean expression (`EXISTS`, `BOUND`, a
//!   comparison, `&&`, ...) as the integer `0` or `1`, and a stored `true` as `"1"^^xsd:boolean`.
//!   The second is the same value in another lexical form, so every `xsd:boolean` is written in
//!   its canonical form (`true`/`false`). The first is a different value, which an answer could
//!   carry unnoticed; a column is read as boolean only where the query says it is one: a variable
//!   bound (`BIND`, `SELECT (… AS ?v)`) to an expression whose SPARQL type is boolean, there an
//!   integer `0`/`1` is turned back into `false`/`true`. SPARQL never gives an integer for a
//!   boolean expression (an error leaves it unbound), so this changes nothing for an engine that
//!   follows the standard.
//! - **Blank nodes.** Virtuoso labels blank nodes `nodeID://b10000`, which is not a blank node
//!   label in any RDF syntax, and the results parser rejects the whole answer. Such labels are
//!   replaced by valid ones, one for one: `nodeID://b10000` becomes `nodeID_b10000`, any other
//!   invalid label `x` and the hexadecimal of its bytes. The same label gives the same node within
//!   one answer, which is all a blank node label means.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, Literal, Term};
use oxigraph::sparql::Variable;
use spargebra::algebra::{Expression, Function, GraphPattern};
use std::collections::HashSet;

/// The variables a query binds to boolean-typed expressions, anywhere in it (sub-queries
/// included). An explicit stack, not recursion: the query is the user's.
pub fn boolean_variables(query: &spargebra::Query) -> HashSet<Variable> {
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let mut bound: Vec<(&Variable, &Expression)> = Vec::new();
    let mut patterns = vec![pattern];
    while let Some(pattern) = patterns.pop() {
        match pattern {
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                bound.push((variable, expression));
                patterns.push(inner);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::LeftJoin { left, right, .. } => {
                patterns.push(left);
                patterns.push(right);
            }
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => patterns.push(inner),
            _ => {}
        }
    }
    // `BIND (?b AS ?c)` with a boolean ?b makes ?c boolean too: to a fixed point.
    let mut booleans = HashSet::new();
    loop {
        let before = booleans.len();
        for (variable, expression) in &bound {
            if !booleans.contains(*variable) && is_boolean(expression, &booleans) {
                booleans.insert((*variable).clone());
            }
        }
        if booleans.len() == before {
            return booleans;
        }
    }
}

/// Whether an expression's value is an `xsd:boolean` by the SPARQL 1.1 operator tables.
fn is_boolean(expression: &Expression, booleans: &HashSet<Variable>) -> bool {
    // IF and COALESCE are boolean when all their branches are: a worklist of branches.
    let mut pending = vec![expression];
    while let Some(expression) = pending.pop() {
        let boolean = match expression {
            Expression::Or(..)
            | Expression::And(..)
            | Expression::Not(_)
            | Expression::Equal(..)
            | Expression::SameTerm(..)
            | Expression::Greater(..)
            | Expression::GreaterOrEqual(..)
            | Expression::Less(..)
            | Expression::LessOrEqual(..)
            | Expression::In(..)
            | Expression::Exists(_)
            | Expression::Bound(_) => true,
            Expression::Literal(literal) => literal.datatype() == xsd::BOOLEAN,
            Expression::Variable(variable) => booleans.contains(variable),
            Expression::FunctionCall(function, _) => matches!(
                function,
                Function::IsIri
                    | Function::IsBlank
                    | Function::IsLiteral
                    | Function::IsNumeric
                    | Function::Contains
                    | Function::StrStarts
                    | Function::StrEnds
                    | Function::Regex
                    | Function::LangMatches
            ),
            Expression::If(_, then, otherwise) => {
                pending.push(then);
                pending.push(otherwise);
                true
            }
            Expression::Coalesce(list) if !list.is_empty() => {
                pending.extend(list);
                true
            }
            _ => false,
        };
        if !boolean {
            return false;
        }
    }
    true
}

/// The term as SPARQL 1.1 means it: canonical booleans, and `0`/`1` read back as booleans in a
/// boolean column (see the module docs).
pub fn normalised(term: Term, boolean_column: bool) -> Term {
    let Term::Literal(literal) = &term else {
        return term;
    };
    let value = literal.value();
    let datatype = literal.datatype();
    let truth = match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    };
    match truth {
        Some(truth) if datatype == xsd::BOOLEAN && value != truth.to_string() => {
            Literal::from(truth).into()
        }
        Some(truth) if boolean_column && datatype == xsd::INTEGER && value.len() == 1 => {
            Literal::from(truth).into()
        }
        _ => term,
    }
}

/// A JSON results document with every invalid blank node label replaced (module docs), or
/// `None` when it has none or is not JSON results at all.
pub fn with_valid_blank_labels(body: &[u8]) -> Option<Vec<u8>> {
    let mut document: serde_json::Value = serde_json::from_slice(body).ok()?;
    let bindings = document
        .get_mut("results")?
        .get_mut("bindings")?
        .as_array_mut()?;
    let mut changed = false;
    for solution in bindings {
        let Some(solution) = solution.as_object_mut() else {
            continue;
        };
        for value in solution.values_mut() {
            if value.get("type").and_then(|t| t.as_str()) != Some("bnode") {
                continue;
            }
            let Some(label) = value.get("value").and_then(|v| v.as_str()) else {
                continue;
            };
            if BlankNode::new(label).is_ok() {
                continue;
            }
            let valid = valid_label(label);
            if let Some(object) = value.as_object_mut() {
                object.insert("value".to_owned(), serde_json::Value::String(valid));
                changed = true;
            }
        }
    }
    if !changed {
        return None;
    }
    // Written back with `bindings` alone in `results`: the results parser takes nothing after
    // the bindings array, and serde_json writes keys in alphabetical order (`distinct` and
    // `ordered`, which Virtuoso adds, would follow it).
    if let Some(results) = document.get_mut("results").and_then(|r| r.as_object_mut()) {
        results.retain(|key, _| key == "bindings");
    }
    serde_json::to_vec(&document).ok()
}

/// A valid blank node label for an invalid one, one for one.
///
/// ```
/// use argmap::endpoint::dialect::valid_label;
/// assert_eq!(valid_label("nodeID://b10000"), "nodeID_b10000");
/// assert_eq!(valid_label("a b"), "x612062");
/// ```
pub fn valid_label(label: &str) -> String {
    if let Some(rest) = label.strip_prefix("nodeID://")
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return format!("nodeID_{rest}");
    }
    let mut valid = String::from("x");
    for byte in label.bytes() {
        valid.push_str(&format!("{byte:02x}"));
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(text: &str) -> Vec<String> {
        let query = spargebra::SparqlParser::new().parse_query(text).unwrap();
        let mut names: Vec<String> = boolean_variables(&query)
            .into_iter()
            .map(|v| v.as_str().to_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn boolean_expressions_are_found_through_binds_and_subqueries() {
        assert_eq!(
            variables(
                "SELECT ?a ?b ?c ?n ?i WHERE { ?s ?p ?o BIND (EXISTS { ?s ?q ?o } AS ?a) \
                 BIND (?a AS ?c) BIND (STRLEN(?o) AS ?n) BIND (IF(?n > 1, 1, 0) AS ?i) \
                 { SELECT ?s (isIRI(?o) AS ?b) WHERE { ?s ?p ?o } } }"
            ),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn integers_become_booleans_only_in_boolean_columns() {
        let one = Term::from(Literal::from(1));
        assert_eq!(normalised(one.clone(), false), one);
        assert_eq!(normalised(one, true), Term::from(Literal::from(true)));
        let stored = Term::from(Literal::new_typed_literal("0", xsd::BOOLEAN));
        assert_eq!(normalised(stored, false), Term::from(Literal::from(false)));
        let twelve = Term::from(Literal::from(12));
        assert_eq!(normalised(twelve.clone(), true), twelve);
    }

    #[test]
    fn virtuoso_blank_labels_are_made_valid() {
        let body = br#"{"head":{"vars":["s"]},"results":{"distinct":false,"bindings":[{"s":{"type":"bnode","value":"nodeID://b10000"}},{"s":{"type":"bnode","value":"ok"}}]}}"#;
        let fixed = String::from_utf8(with_valid_blank_labels(body).unwrap()).unwrap();
        assert!(fixed.contains("\"nodeID_b10000\""), "{fixed}");
        assert!(fixed.contains("\"ok\""), "{fixed}");
        let parsed = oxigraph::sparql::results::QueryResultsParser::from_format(
            oxigraph::sparql::results::QueryResultsFormat::Json,
        )
        .for_slice(fixed.as_bytes());
        let Ok(oxigraph::sparql::results::SliceQueryResultsParserOutput::Solutions(rows)) = parsed
        else {
            panic!("the fixed answer parses: {fixed}");
        };
        assert_eq!(rows.filter(Result::is_ok).count(), 2, "{fixed}");
        assert_eq!(
            with_valid_blank_labels(br#"{"head":{"vars":[]},"results":{"bindings":[]}}"#),
            None
        );
    }
}
