//! Which SPARQL engine answers at an endpoint, told by its `Server` header, and what argmap must
//! do differently for it: an argmap server keeps its own bundled and derived graphs, and
//! Virtuoso 7 answers transitive property paths wrongly.

use spargebra::algebra::{GraphPattern, PropertyPathExpression};

/// The engine behind an endpoint, as far as argmap must tell engines apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// `argmap serve`: it holds the bundled graphs, derives its own shortcuts and refuses
    /// writes to argmap's reserved graph names.
    Argmap,
    /// OpenLink Virtuoso, with the version it gives (`07.20.3235`).
    Virtuoso(String),
    /// Any other SPARQL 1.1 engine, by its `Server` header if it sends one.
    Other(Option<String>),
}

impl Engine {
    /// The engine a `Server` header names.
    ///
    /// ```
    /// use argmap::endpoint::Engine;
    /// assert_eq!(Engine::from_server(Some("argmap/0.1.0")), Engine::Argmap);
    /// assert_eq!(
    ///     Engine::from_server(Some("Virtuoso/07.20.3235 (Linux) x86_64-pc-linux-gnu")),
    ///     Engine::Virtuoso("07.20.3235".to_owned())
    /// );
    /// assert_eq!(Engine::from_server(None), Engine::Other(None));
    /// ```
    pub fn from_server(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::Other(None);
        };
        let product = header.split_whitespace().next().unwrap_or_default();
        let (name, version) = product.split_once('/').unwrap_or((product, ""));
        if name.eq_ignore_ascii_case("argmap") {
            Self::Argmap
        } else if name.eq_ignore_ascii_case("virtuoso") {
            Self::Virtuoso(version.to_owned())
        } else {
            Self::Other(Some(header.to_owned()))
        }
    }

    /// The beginnings of the graph names the engine keeps for itself (Virtuoso's schemas, its
    /// Linked Data Platform and service-description graphs): not the user's data, and left
    /// out when the endpoint's data is copied (`check`, `eval`).
    pub fn system_graphs(&self) -> &'static [&'static str] {
        match self {
            Self::Virtuoso(_) => &[
                "http://www.openlinksw.com/schemas/",
                "http://www.w3.org/ns/ldp#",
                "http://localuriqaserver/",
            ],
            _ => &[],
        }
    }

    /// Why this engine cannot be trusted with `query`, if it cannot. Virtuoso 7 answers
    /// `?a arg:supports+ ?b` with one row where the right answer has hundreds (measured on the
    /// bundled map), so argmap refuses such paths there rather than print a wrong answer.
    pub fn distrusts(&self, query: &spargebra::Query) -> Option<String> {
        let Self::Virtuoso(version) = self else {
            return None;
        };
        if !version.starts_with("07.") && !version.is_empty() {
            return None;
        }
        let pattern = match query {
            spargebra::Query::Select { pattern, .. }
            | spargebra::Query::Construct { pattern, .. }
            | spargebra::Query::Describe { pattern, .. }
            | spargebra::Query::Ask { pattern, .. } => pattern,
        };
        let path = first_transitive_path(pattern)?;
        Some(format!(
            "Virtuoso {version} answers transitive property paths ({path}) wrongly, so argmap \
             does not send this query there; run it on the embedded store or on `argmap serve`, \
             or rewrite it with the derived shortcuts (arg:supports, arg:attacks) and a fixed depth"
        ))
    }
}

/// The first `p+` or `p*` path anywhere in `pattern`, written out. An explicit stack, not
/// recursion: the query is the user's.
fn first_transitive_path(pattern: &GraphPattern) -> Option<String> {
    let mut patterns = vec![pattern];
    let mut paths: Vec<&PropertyPathExpression> = Vec::new();
    while let Some(pattern) = patterns.pop() {
        match pattern {
            GraphPattern::Path { path, .. } => paths.push(path),
            GraphPattern::Bgp { .. } => {}
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::LeftJoin { left, right, .. } => {
                patterns.push(left);
                patterns.push(right);
            }
            GraphPattern::Filter { inner, expr } => {
                patterns.push(inner);
                exists_patterns(expr, &mut patterns);
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                patterns.push(inner);
                exists_patterns(expression, &mut patterns);
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => patterns.push(inner),
            GraphPattern::Values { .. } => {}
            // A form this walk does not know (LATERAL, with its SPARQL extension): distrusted
            // whole rather than looked into.
            #[allow(unreachable_patterns)]
            _ => return Some("a LATERAL join".to_owned()),
        }
    }
    while let Some(path) = paths.pop() {
        match path {
            PropertyPathExpression::OneOrMore(_) | PropertyPathExpression::ZeroOrMore(_) => {
                return Some(path.to_string());
            }
            PropertyPathExpression::Reverse(inner) | PropertyPathExpression::ZeroOrOne(inner) => {
                paths.push(inner);
            }
            PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
                paths.push(a);
                paths.push(b);
            }
            PropertyPathExpression::NamedNode(_)
            | PropertyPathExpression::NegatedPropertySet(_) => {}
        }
    }
    None
}

/// The patterns of `EXISTS` and `NOT EXISTS` inside an expression.
fn exists_patterns<'a>(
    expression: &'a spargebra::algebra::Expression,
    patterns: &mut Vec<&'a GraphPattern>,
) {
    use spargebra::algebra::Expression;
    let mut expressions = vec![expression];
    while let Some(expression) = expressions.pop() {
        match expression {
            Expression::Exists(pattern) => patterns.push(pattern),
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                expressions.push(a);
                expressions.push(b);
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                expressions.push(a)
            }
            Expression::In(a, list) => {
                expressions.push(a);
                expressions.extend(list);
            }
            Expression::If(a, b, c) => expressions.extend([&**a, &**b, &**c]),
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                expressions.extend(list)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> spargebra::Query {
        spargebra::SparqlParser::new().parse_query(text).unwrap()
    }

    #[test]
    fn virtuoso_is_refused_transitive_paths_anywhere_and_nothing_else() {
        let virtuoso = Engine::Virtuoso("07.20.3235".to_owned());
        for text in [
            "SELECT * { ?a <http://e/p>+ ?b }",
            "SELECT * { ?a ^<http://e/p>* ?b }",
            "ASK { ?x ?y ?z FILTER NOT EXISTS { ?a (<http://e/p>/<http://e/q>+) ?b } }",
            "SELECT * { OPTIONAL { GRAPH ?g { ?a <http://e/p>* ?b } } }",
        ] {
            let refusal = virtuoso.distrusts(&parse(text));
            assert!(refusal.is_some_and(|r| r.contains("Virtuoso")), "{text}");
            assert_eq!(Engine::Argmap.distrusts(&parse(text)), None);
        }
        assert_eq!(
            virtuoso.distrusts(&parse("SELECT * { ?a <http://e/p>/<http://e/q>? ?b }")),
            None
        );
    }
}
