//! Checks written as SPARQL: one `SELECT` per file in `queries/checks/`, compiled into the
//! binary, so that adding a check is a data change.
//!
//! A check file starts with a header of comment lines; a line indented under a key continues it:
//!
//! ```text
//! # name: inference-without-premise
//! # severity: error
//! # description: an inference has no premise
//! # fix: add the claims it infers from with aif:Premise,
//! #   or delete the RA-node
//! ```
//!
//! An optional `# engine: rust` says that `argmap check` runs a Rust implementation of the
//! check instead of the query (see [`Engine`]).
//!
//! The query returns the offending node in `?node`, and optionally other nodes involved in
//! `?related` and specifics in `?detail`. Rows with the same node and detail make one finding
//! whose related nodes are collected. Queries see the union of all graphs, the derived
//! shortcuts included.

use super::{Check, CheckError, CheckInfo, Context, Hit};
use crate::bundled;
use crate::query::{QueryError, QueryOutcome, QueryRequest};
use oxigraph::model::Term;
use std::collections::BTreeMap;

/// Errors of SPARQL checks.
#[derive(Debug, thiserror::Error)]
pub enum SparqlCheckError {
    /// The header lacks a field or has a bad value.
    #[error("{file}: {message}")]
    Header {
        /// The check file.
        file: String,
        /// What is wrong with its header.
        message: String,
    },
    /// The query does not parse or fails.
    #[error("check {file}: {source}")]
    Query {
        /// The check file.
        file: String,
        /// The query error.
        source: QueryError,
    },
    /// The query is not a SELECT with `?node`.
    #[error("check {file}: {message}")]
    Shape {
        /// The check file.
        file: String,
        /// What the query returns instead.
        message: String,
    },
}

/// What runs a `.rq` check: its query, or Rust code that finds the same (`# engine: rust`,
/// for a check the query engine cannot make fast; the query stays as the specification, and a
/// test holds the two to the same findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The query runs.
    Sparql,
    /// The Rust implementation of the same name runs.
    Rust,
}

/// One `.rq` check.
#[derive(Debug, Clone)]
pub struct SparqlCheck {
    info: CheckInfo,
    engine: Engine,
    query: String,
}

impl SparqlCheck {
    /// Parses a check file: header, then the query.
    ///
    /// ```
    /// use argmap::check::sparql::SparqlCheck;
    /// use argmap::check::{Check, Severity};
    /// let text = [
    ///     "# name: no-text",
    ///     "# severity: warning",
    ///     "# description: a claim has no text",
    ///     "# fix: add aif:claimText,",
    ///     "#   in your own words",
    ///     "SELECT ?node { ?node a aif:I-node FILTER NOT EXISTS { ?node aif:claimText ?t } }",
    /// ]
    /// .join("\n");
    /// let check = SparqlCheck::parse("queries/checks/no-text.rq", &text)?;
    /// assert_eq!(check.info().severity, Severity::Warning);
    /// assert_eq!(check.info().fix, "add aif:claimText, in your own words");
    /// # Ok::<_, argmap::check::sparql::SparqlCheckError>(())
    /// ```
    pub fn parse(path: &str, text: &str) -> Result<Self, SparqlCheckError> {
        let header_error = |message: String| SparqlCheckError::Header {
            file: path.to_owned(),
            message,
        };
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let line = line.trim_end();
            let Some(comment) = line.strip_prefix('#') else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let key_value = comment
                .strip_prefix(' ')
                .and_then(|rest| rest.split_once(':'))
                .filter(|(key, _)| {
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                });
            if let Some((key, value)) = key_value {
                fields.insert(key.to_owned(), value.trim().to_owned());
                current = Some(key.to_owned());
            } else if comment.starts_with("  ")
                && let Some(key) = &current
                && let Some(value) = fields.get_mut(key)
            {
                value.push(' ');
                value.push_str(comment.trim());
            } else {
                current = None;
            }
        }
        let mut take = |key: &str| {
            fields
                .remove(key)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| header_error(format!("the header has no `# {key}:` line")))
        };
        let name = take("name")?;
        let severity = take("severity")?.parse().map_err(header_error)?;
        let description = take("description")?;
        let fix = take("fix")?;
        let engine = match fields.remove("engine").as_deref() {
            None | Some("sparql") => Engine::Sparql,
            Some("rust") => Engine::Rust,
            Some(other) => {
                return Err(header_error(format!(
                    "engine {other:?} is neither sparql nor rust"
                )));
            }
        };
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|file| file.strip_suffix(".rq"))
            .unwrap_or(path);
        if name != stem {
            return Err(header_error(format!(
                "the check is named {name:?} but its file {stem:?}; keep them equal"
            )));
        }
        Ok(Self {
            info: CheckInfo {
                name,
                severity,
                description,
                fix,
                defined_in: path.to_owned(),
            },
            engine,
            query: text.to_owned(),
        })
    }

    /// What runs the check in `argmap check`; [`Check::run`] on a `SparqlCheck` always runs
    /// its query.
    pub fn engine(&self) -> Engine {
        self.engine
    }
}

/// The bundled checks, `queries/checks/*.rq`.
pub fn bundled() -> Result<Vec<SparqlCheck>, SparqlCheckError> {
    bundled::files_under("queries/checks/", ".rq")
        .map(|file| SparqlCheck::parse(file.path, file.text))
        .collect()
}

impl Check for SparqlCheck {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        let file = || self.info.defined_in.clone();
        let outcome = context
            .store
            .query(&QueryRequest::new(self.query.as_str()))
            .map_err(|source| SparqlCheckError::Query {
                file: file(),
                source,
            })?;
        let QueryOutcome::Solutions { variables, rows } = outcome else {
            return Err(SparqlCheckError::Shape {
                file: file(),
                message: "a check must be a SELECT query".to_owned(),
            }
            .into());
        };
        let column = |name: &str| variables.iter().position(|v| v.as_str() == name);
        let Some(node_column) = column("node") else {
            return Err(SparqlCheckError::Shape {
                file: file(),
                message: "a check must select ?node".to_owned(),
            }
            .into());
        };
        let related_column = column("related");
        let detail_column = column("detail");
        let mut hits: BTreeMap<(String, Option<String>), Hit> = BTreeMap::new();
        for row in rows {
            let Some(Some(node)) = row.get(node_column).cloned() else {
                continue;
            };
            let detail = detail_column
                .and_then(|c| row.get(c).cloned().flatten())
                .map(|term| match term {
                    Term::Literal(literal) => literal.value().to_owned(),
                    other => context.node_text(other.as_ref()),
                });
            let hit = hits
                .entry((node.to_string(), detail.clone()))
                .or_insert_with(|| Hit {
                    detail,
                    ..Hit::new(node)
                });
            if let Some(Some(related)) = related_column.and_then(|c| row.get(c).cloned())
                && !hit.related.contains(&related)
            {
                hit.related.push(related);
            }
        }
        Ok(hits.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;

    const QUERY: &str = "SELECT ?node { ?node a aif:RA-node }";

    #[test]
    fn a_header_needs_name_severity_description_and_fix() {
        let full = "# name: x\n# severity: error\n# description: d\n# fix: f\n";
        assert!(SparqlCheck::parse("queries/checks/x.rq", &format!("{full}{QUERY}")).is_ok());
        for missing in ["name", "severity", "description", "fix"] {
            let text: String = full
                .lines()
                .filter(|l| !l.starts_with(&format!("# {missing}:")))
                .map(|l| format!("{l}\n"))
                .collect();
            let error = SparqlCheck::parse("queries/checks/x.rq", &format!("{text}{QUERY}"))
                .expect_err("an incomplete header parsed");
            assert!(
                error
                    .to_string()
                    .contains(&format!("no `# {missing}:` line")),
                "{error}"
            );
        }
    }

    #[test]
    fn bad_severity_and_name_mismatch_are_refused() {
        let bad = "# name: x\n# severity: fatal\n# description: d\n# fix: f\nSELECT ?node {}";
        let error = SparqlCheck::parse("queries/checks/x.rq", bad).expect_err("parsed");
        assert!(error.to_string().contains("\"fatal\""), "{error}");
        let other = "# name: y\n# severity: warning\n# description: d\n# fix: f\nSELECT ?node {}";
        let error = SparqlCheck::parse("queries/checks/x.rq", other).expect_err("parsed");
        assert!(error.to_string().contains("keep them equal"), "{error}");
    }

    #[test]
    fn the_engine_is_sparql_unless_the_header_says_rust() {
        let head = "# name: x\n# severity: error\n# description: d\n# fix: f\n";
        let parse = |extra: &str| {
            SparqlCheck::parse("queries/checks/x.rq", &format!("{head}{extra}{QUERY}"))
        };
        assert_eq!(parse("").map(|c| c.engine()).ok(), Some(Engine::Sparql));
        assert_eq!(
            parse("# engine: rust\n").map(|c| c.engine()).ok(),
            Some(Engine::Rust)
        );
        let error = parse("# engine: fast\n").expect_err("parsed");
        assert!(
            error.to_string().contains("neither sparql nor rust"),
            "{error}"
        );
    }

    #[test]
    fn the_bundled_checks_all_parse() {
        let checks = bundled().expect("bundled checks parse");
        assert!(checks.len() >= 13, "{}", checks.len());
        assert!(
            checks
                .iter()
                .any(|c| c.info().name == "dangling-reference"
                    && c.info().severity == Severity::Error)
        );
    }
}
