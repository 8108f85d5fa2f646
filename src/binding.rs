//! Parameter bindings pushed into a query's algebra, where the evaluator can use them.
//!
//! Oxigraph's `substitute_variable` binds a variable at the start of the evaluation. That reaches
//! the query's own patterns, but not those under a subquery or a GROUP BY: each of those is
//! evaluated on its own and joined afterwards. A named query whose subquery carries the
//! parameter out (`support-tree` counts each conclusion's depth that way) then walks the whole
//! corpus: 5 s at 10,000 claims, past two minutes at 100,000, for an answer of a hundred rows.
//!
//! [`push_down`] adds the binding as a one-row `VALUES` joined where it gives the same answer:
//! under the query's own modifiers (as `substitute_variable` does), and inside every subquery
//! that projects the variable and every GROUP BY that groups by it, through joins and unions
//! and the left side of OPTIONAL and MINUS — never into an optional side, below a subquery's
//! LIMIT, or under an expression that mentions the variable.

use oxigraph::model::{Term, Variable};
use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::term::GroundTerm;

/// Binds `variable` to `value` inside `query` (see the module's documentation). A value that
/// cannot stand in `VALUES` (a blank node) is left to `substitute_variable`.
pub fn push_down(query: &mut Query, variable: &Variable, value: &Term) {
    let value = match value {
        Term::NamedNode(n) => GroundTerm::NamedNode(n.clone()),
        Term::Literal(l) => GroundTerm::Literal(l.clone()),
        _ => return,
    };
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let binding = Binding {
        variable,
        value: &value,
    };
    binding.top(pattern);
}

struct Binding<'a> {
    variable: &'a Variable,
    value: &'a GroundTerm,
}

impl Binding<'_> {
    /// The query's own pattern is bound from the start: through its modifiers and projection.
    fn top(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Filter { inner, .. } => self.top(inner),
            // `substitute_variable` binds only a variable the SELECT clause names.
            GraphPattern::Project { inner, variables } => {
                if variables.contains(self.variable) {
                    self.top(inner);
                }
            }
            GraphPattern::Extend {
                inner, variable, ..
            } if variable != self.variable => self.top(inner),
            GraphPattern::Group {
                inner, variables, ..
            } if variables.contains(self.variable) => self.top(inner),
            _ => self.spread(pattern),
        }
    }

    /// In the query's own pattern, where `substitute_variable` binds the variable everywhere
    /// from the start: the table is joined with each basic pattern, not with the whole group.
    /// Oxigraph evaluates the right side of a join with an OPTIONAL, BIND or FILTER in it on its
    /// own, so a binding joined above them came too late: `support-tree` on a leaf claim walked
    /// every pair of the corpus's support closure (21 s at 100k claims, 2 ms bound below).
    fn spread(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Join { left, right } | GraphPattern::Union { left, right } => {
                self.spread(left);
                self.spread(right);
            }
            // The optional and subtracted sides see the variable bound by the left side.
            GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => {
                self.spread(left);
            }
            GraphPattern::Filter { inner, .. } | GraphPattern::Graph { inner, .. } => {
                self.spread(inner);
            }
            GraphPattern::Extend {
                inner, variable, ..
            } if variable != self.variable => self.spread(inner),
            // A subquery that does not project the variable has nothing to bind.
            GraphPattern::Project { variables, .. } if !variables.contains(self.variable) => {}
            _ => self.join(pattern),
        }
    }

    /// Inside a subquery that projects the variable: as deep as the answer stays the same.
    fn bind(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::OrderBy { inner, .. } => self.bind(inner),
            GraphPattern::Filter { expr, inner } if !self.mentioned_in(expr) => self.bind(inner),
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } if variable != self.variable && !self.mentioned_in(expression) => self.bind(inner),
            GraphPattern::Group {
                inner, variables, ..
            } if variables.contains(self.variable) => self.bind(inner),
            _ => self.join(pattern),
        }
    }

    /// Joins the one-row table with `pattern`, after binding the subqueries inside it.
    fn join(&self, pattern: &mut GraphPattern) {
        self.descend(pattern);
        let inner = std::mem::replace(pattern, GraphPattern::Bgp { patterns: vec![] });
        *pattern = GraphPattern::Join {
            left: Box::new(GraphPattern::Values {
                variables: vec![self.variable.clone()],
                bindings: vec![vec![Some(self.value.clone())]],
            }),
            right: Box::new(inner),
        };
    }

    /// Finds the subqueries that share the binding below a pattern it is joined with.
    fn descend(&self, pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Join { left, right } | GraphPattern::Union { left, right } => {
                self.descend(left);
                self.descend(right);
            }
            GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => {
                self.descend(left);
            }
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::OrderBy { inner, .. } => self.descend(inner),
            GraphPattern::Extend {
                inner, variable, ..
            } if variable != self.variable => self.descend(inner),
            GraphPattern::Project { inner, variables } if variables.contains(self.variable) => {
                self.bind(inner);
            }
            _ => {}
        }
    }

    /// Whether an expression may read the variable (its text names it): pushing the binding
    /// below it could change what it computes.
    fn mentioned_in(&self, expression: &Expression) -> bool {
        let text = expression.to_string();
        let name = format!("?{}", self.variable.as_str());
        text.match_indices(&name).any(|(at, _)| {
            !text[at + name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;
    use spargebra::SparqlParser;

    fn pushed(query: &str) -> String {
        let mut query = SparqlParser::new().parse_query(query).unwrap();
        push_down(
            &mut query,
            &Variable::new_unchecked("c"),
            &NamedNode::new_unchecked("http://x/a").into(),
        );
        query.to_sse()
    }

    #[test]
    fn a_subquery_projecting_the_variable_shares_the_binding() {
        let sse = pushed(
            "SELECT ?c ?n { ?c <http://x/p> ?o { SELECT ?c (COUNT(*) AS ?n) { ?c <http://x/q> ?z } GROUP BY ?c } }",
        );
        // Inside the subquery, under its GROUP BY.
        assert!(
            sse.contains(
                "(join (table (vars ?c) (row (?c <http://x/a>))) (bgp (triple ?c <http://x/q> ?z)))"
            ),
            "{sse}"
        );
    }

    #[test]
    fn the_binding_is_joined_below_optional_bind_and_filter() {
        let sse = pushed(
            "SELECT ?c ?x { ?c <http://x/p> ?o OPTIONAL { ?o <http://x/q> ?x } \
             BIND (1 AS ?one) FILTER (?o != <http://x/z>) }",
        );
        let table = sse.find("(table (vars ?c)").expect("a table");
        let optional = sse.find("(leftjoin").expect("a left join");
        assert!(optional < table, "{sse}");
        assert_eq!(sse.matches("(table (vars ?c)").count(), 1, "{sse}");
    }

    #[test]
    fn optional_sides_limits_and_local_variables_are_left_alone() {
        let sse = pushed(
            "SELECT ?c { ?c <http://x/p> ?o OPTIONAL { SELECT ?c { ?c <http://x/q> ?z } } }",
        );
        assert_eq!(sse.matches("(table (vars ?c)").count(), 1, "{sse}");
        let sse =
            pushed("SELECT ?c { ?c <http://x/p> ?o { SELECT ?c { ?c <http://x/q> ?z } LIMIT 1 } }");
        let below_limit = &sse[sse.find("(slice").expect("a slice")..];
        assert!(!below_limit.contains("(table"), "{sse}");
        let sse =
            pushed("SELECT ?c ?o { ?o <http://x/p> ?y { SELECT ?o { ?c <http://x/q> ?o } } }");
        assert_eq!(sse.matches("(table (vars ?c)").count(), 1, "{sse}");
        // Not named by the SELECT clause: `substitute_variable` would not bind it either.
        let sse = pushed("SELECT ?o { ?c <http://x/p> ?o }");
        assert_eq!(sse.matches("(table (vars ?c)").count(), 0, "{sse}");
    }
}
