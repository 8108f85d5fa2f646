//! Running SPARQL over the store: predeclared prefixes, the union default graph, parameters,
//! cancellation, and errors that point at the offending character.
//!
//! Queries never reach the network: every `SERVICE` is refused by [`RefuseService`].

use crate::diagnostic::{self, Position, snippet};
use crate::nesting;
use crate::prefixes::Prefixes;
use oxigraph::model::{GraphName, NamedNode, Term, Triple};
use oxigraph::sparql::{
    CancellationToken, DefaultServiceHandler, PreparedSparqlQuery, PreparedSparqlUpdate,
    QueryEvaluationError, QueryResults, QuerySolutionIter, SparqlEvaluator, SparqlSyntaxError,
    UpdateEvaluationError, Variable,
};
use oxigraph::store::Store;
use std::fmt;
use std::time::{Duration, Instant};

/// The named graph holding what the rules derive; part of every query's default graph.
pub const DERIVED_GRAPH: &str = "https://w3id.org/argmap/graph/derived";

/// Errors of parsing and running SPARQL.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The text does not parse.
    #[error("{}", SyntaxDisplay(self))]
    Syntax {
        /// The parser's message, without its position prefix.
        message: String,
        /// Where, when the parser says.
        position: Option<Position>,
        /// The offending line with a caret, or empty.
        snippet: String,
    },
    /// Evaluation failed (a refused SERVICE, a type error in a function, ...).
    #[error("query failed: {0}")]
    Evaluation(String),
    /// The user interrupted the query.
    #[error("query cancelled")]
    Cancelled,
    /// The query ran past its time budget.
    #[error("query stopped after {} (the time budget; raise it with --timeout SECONDS, 0 for none)", format_duration(*.0))]
    Timeout(Duration),
    /// The process grew past its memory budget while the query ran.
    #[error(
        "query stopped: it used more than {0} MB of memory (the budget; raise it with --max-memory MB, 0 for none)"
    )]
    OutOfMemory(u64),
    /// The answer is larger than allowed.
    #[error(
        "query stopped: the answer has more than {0} rows (add LIMIT, or raise --max-rows, 0 for none)"
    )]
    TooManyRows(usize),
    /// A query was given where an update is expected, or the reverse.
    #[error("{0}")]
    WrongKind(String),
}

struct SyntaxDisplay<'a>(&'a QueryError);

impl fmt::Display for SyntaxDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let QueryError::Syntax {
            message,
            position,
            snippet,
        } = self.0
        {
            match position {
                Some(p) => write!(
                    f,
                    "syntax error at line {}, column {}: {message}",
                    p.line, p.column
                )?,
                None => write!(f, "syntax error: {message}")?,
            }
            if !snippet.is_empty() {
                write!(f, "\n{}", snippet.trim_end())?;
            }
        }
        Ok(())
    }
}

impl From<QueryEvaluationError> for QueryError {
    fn from(error: QueryEvaluationError) -> Self {
        match error {
            QueryEvaluationError::Cancelled => Self::Cancelled,
            QueryEvaluationError::Service(inner) => Self::Evaluation(inner.to_string()),
            other => Self::Evaluation(other.to_string()),
        }
    }
}

impl From<UpdateEvaluationError> for QueryError {
    fn from(error: UpdateEvaluationError) -> Self {
        match error {
            UpdateEvaluationError::Service(inner) => Self::Evaluation(inner.to_string()),
            other => Self::Evaluation(other.to_string()),
        }
    }
}

/// Turns the parser's "error at L:C: message" into a located error with a snippet.
fn syntax_error(text: &str, error: &SparqlSyntaxError) -> QueryError {
    let raw = error.to_string();
    let located = raw.strip_prefix("error at ").and_then(|rest| {
        let (position, message) = rest.split_once(": ")?;
        let (line, column) = position.split_once(':')?;
        Some((
            Position {
                line: line.parse().ok()?,
                column: column.parse().ok()?,
            },
            message.to_owned(),
        ))
    });
    match located {
        Some((position, message)) => QueryError::Syntax {
            snippet: snippet(text, position),
            message: with_hint(tidy_expected(&message), syntax_hint(text, Some(position))),
            position: Some(position),
        },
        None => QueryError::Syntax {
            message: with_hint(raw, syntax_hint(text, None)),
            position: None,
            snippet: String::new(),
        },
    }
}

fn with_hint(message: String, hint: Option<String>) -> String {
    match hint {
        Some(hint) => format!("{message}; {hint}"),
        None => message,
    }
}

/// The parser lists every token it could accept; a long list hides the point.
fn tidy_expected(message: &str) -> String {
    const MAX: usize = 160;
    if message.chars().count() <= MAX {
        return message.to_owned();
    }
    let cut: String = message.chars().take(MAX).collect();
    let cut = cut.rsplit_once(", ").map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}, …")
}

/// Refuses every `SERVICE` call: argmap answers from local data only.
#[derive(Debug, Clone, Copy, Default)]
pub struct RefuseService;

/// The error [`RefuseService`] returns.
#[derive(Debug, thiserror::Error)]
#[error(
    "SERVICE <{0}> refused: argmap never reaches the network; load that data into a graph instead (argmap load FILE, or --data FILE)"
)]
pub struct ServiceRefused(pub String);

impl DefaultServiceHandler for RefuseService {
    type Error = ServiceRefused;

    fn handle(
        &self,
        service_name: &NamedNode,
        _pattern: &spargebra::algebra::GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceRefused> {
        Err(ServiceRefused(service_name.as_str().to_owned()))
    }
}

/// A configured evaluator: the session's prefixes and the SERVICE refusal.
pub fn evaluator(prefixes: &Prefixes) -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new().with_default_service_handler(RefuseService);
    for (name, iri) in prefixes.pairs() {
        // Every prefix IRI was valid where it was declared; skip rather than fail if not.
        if let Ok(with) = evaluator.clone().with_prefix(name, iri) {
            evaluator = with;
        }
    }
    evaluator
}

/// A query to run: its text, an optional graph to narrow to, and parameter bindings.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    /// SPARQL query text (prefixes predeclared).
    pub text: String,
    /// Narrow the default graph to this graph (plus the derived graph).
    pub graph: Option<NamedNode>,
    /// Values for variables, bound through the parsed query, never pasted into the text.
    pub bindings: Vec<(Variable, Term)>,
    /// Refuse answers with more rows (or triples) than this.
    pub max_rows: Option<usize>,
}

impl QueryRequest {
    /// A query over the union of all graphs.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            graph: None,
            bindings: Vec::new(),
            max_rows: None,
        }
    }

    /// Narrows the query to one graph.
    #[must_use]
    pub fn in_graph(mut self, graph: Option<NamedNode>) -> Self {
        self.graph = graph;
        self
    }

    /// Binds a variable.
    #[must_use]
    pub fn bind(mut self, variable: Variable, value: Term) -> Self {
        self.bindings.push((variable, value));
        self
    }
}

/// The complete answer of a query, held in memory so that it can be measured and printed in
/// any format.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryOutcome {
    /// SELECT: variables and rows.
    Solutions {
        /// Projected variables, in order.
        variables: Vec<Variable>,
        /// One entry per variable per row; `None` when unbound.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

impl QueryOutcome {
    /// Rows, triples, or 1 for ASK.
    pub fn len(&self) -> usize {
        match self {
            Self::Solutions { rows, .. } => rows.len(),
            Self::Boolean(_) => 1,
            Self::Graph(triples) => triples.len(),
        }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// "3 rows", "1 triple", "true".
    pub fn summary(&self) -> String {
        fn plural(n: usize, what: &str) -> String {
            format!("{n} {what}{}", if n == 1 { "" } else { "s" })
        }
        match self {
            Self::Solutions { rows, .. } => plural(rows.len(), "row"),
            Self::Boolean(value) => format!("answer {value}"),
            Self::Graph(triples) => plural(triples.len(), "triple"),
        }
    }
}

/// Refuses nesting deep enough to overflow the parser's stack, with a located error.
fn guard_nesting(text: &str) -> Result<(), QueryError> {
    nesting::sparql(text).map_err(|deep| {
        let position = diagnostic::position_at(text.as_bytes(), deep.offset);
        QueryError::Syntax {
            message: deep.message(),
            position: Some(position),
            snippet: snippet(text, position),
        }
    })
}

/// Parses a query with the session's prefixes.
pub fn prepare(prefixes: &Prefixes, text: &str) -> Result<PreparedSparqlQuery, QueryError> {
    prepare_cancellable(prefixes, text, None)
}

/// Parses a query whose evaluation stops when `token` is cancelled.
pub fn prepare_cancellable(
    prefixes: &Prefixes,
    text: &str,
    token: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery, QueryError> {
    Ok(prepared(prefixes, parse_algebra(prefixes, text)?, token))
}

/// A parsed query made ready to run with the session's evaluator.
fn prepared(
    prefixes: &Prefixes,
    query: spargebra::Query,
    token: Option<CancellationToken>,
) -> PreparedSparqlQuery {
    let mut evaluator = evaluator(prefixes);
    if let Some(token) = token {
        evaluator = evaluator.with_cancellation_token(token);
    }
    evaluator.for_query(query)
}

/// Parses a query into its algebra with the session's prefixes, so that parameters can be
/// bound inside it (see [`crate::binding`]) before it is prepared.
fn parse_algebra(prefixes: &Prefixes, text: &str) -> Result<spargebra::Query, QueryError> {
    guard_nesting(text)?;
    let mut parser = spargebra::SparqlParser::new();
    for (name, iri) in prefixes.pairs() {
        // As in `evaluator`: every prefix IRI was valid where it was declared.
        if let Ok(with) = parser.clone().with_prefix(name, iri) {
            parser = with;
        }
    }
    parser.parse_query(text).map_err(|e| {
        // Only a text that parses as an update is one; anything else gets the parser's own
        // words (the update parser's, when the text starts with an update keyword).
        match evaluator(prefixes).parse_update(text) {
            Ok(_) => QueryError::WrongKind(
                "this is a SPARQL update, not a query; run it with `argmap update`".to_owned(),
            ),
            Err(update_error) if starts_like_update(text) => syntax_error(text, &update_error),
            Err(_) => syntax_error(text, &e),
        }
    })
}

/// Parses an update with the session's prefixes; its WHERE clauses see the union of all graphs.
pub fn prepare_update(prefixes: &Prefixes, text: &str) -> Result<PreparedSparqlUpdate, QueryError> {
    prepare_update_cancellable(prefixes, text, None)
}

/// Parses an update whose evaluation stops when `token` is cancelled.
pub fn prepare_update_cancellable(
    prefixes: &Prefixes,
    text: &str,
    token: Option<CancellationToken>,
) -> Result<PreparedSparqlUpdate, QueryError> {
    guard_nesting(text)?;
    let mut parser = evaluator(prefixes);
    if let Some(token) = token {
        parser = parser.with_cancellation_token(token);
    }
    let mut update = parser.parse_update(text).map_err(|e| {
        if evaluator(prefixes).parse_query(text).is_ok() {
            QueryError::WrongKind(
                "this is a SPARQL query, not an update; run it with `argmap query`".to_owned(),
            )
        } else {
            syntax_error(text, &e)
        }
    })?;
    for dataset in update.using_datasets_mut() {
        if dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
    }
    Ok(update)
}

/// The keywords that open an update, after its prologue.
const UPDATE_FORMS: [&str; 10] = [
    "INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD",
];

/// Whether the first keyword after the prologue (`PREFIX`, `BASE`) opens an update.
fn starts_like_update(text: &str) -> bool {
    words(text)
        .into_iter()
        .find(|(_, word)| !is_prologue_word(word))
        .is_some_and(|(_, word)| UPDATE_FORMS.contains(&word.to_ascii_uppercase().as_str()))
}

fn is_prologue_word(word: &str) -> bool {
    ["PREFIX", "BASE"].contains(&word.to_ascii_uppercase().as_str())
}

/// The SPARQL keywords a misspelt word is compared with.
const KEYWORDS: [&str; 30] = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "PREFIX",
    "BASE",
    "WHERE",
    "DISTINCT",
    "REDUCED",
    "FROM",
    "NAMED",
    "GRAPH",
    "OPTIONAL",
    "FILTER",
    "MINUS",
    "UNION",
    "BIND",
    "VALUES",
    "SERVICE",
    "ORDER",
    "GROUP",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "INSERT",
    "DELETE",
    "DATA",
    "CLEAR",
    "DROP",
    "EXISTS",
];

/// The keyword a word at the error probably meant: one edit or two away from a keyword, and
/// not a keyword itself.
fn keyword_meant(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    if upper.len() < 3 || KEYWORDS.contains(&upper.as_str()) {
        return None;
    }
    let limit = if upper.len() <= 4 { 1 } else { 2 };
    KEYWORDS
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&upper, k), *k))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// The bare words of a SPARQL text (outside strings, IRIs, comments and variables), with
/// their byte offsets, and the variables as `?name`.
fn words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let long = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !long && bytes[i] == b'\n' {
                        break;
                    }
                    if bytes[i] == b
                        && (!long || (bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b)))
                    {
                        i += if long { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                let end = bytes[i + 1..].iter().position(|&d| {
                    d == b'>' || d.is_ascii_whitespace() || b"<\"{}|^`".contains(&d)
                });
                match end {
                    Some(n) if bytes[i + 1 + n] == b'>' => i += n + 2,
                    _ => i += 1,
                }
            }
            b'?' | b'$' => {
                let start = i;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                if i > start + 1 {
                    found.push((start, &text[start..i]));
                }
            }
            b if b.is_ascii_alphabetic() => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'-' | b':' | b'.')
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                // A prefixed name is no keyword; a trailing `.` ends a triple.
                let word = text[start..i].trim_end_matches('.');
                if !word.contains(':') {
                    found.push((start, word));
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// A hint for a syntax error: the keyword that the word at or just before the error, or the
/// statement's first word, probably meant.
fn syntax_hint(text: &str, position: Option<Position>) -> Option<String> {
    let all = words(text);
    let offset = position.map(|p| diagnostic::offset_at(text, p));
    let near: Vec<&str> = match offset {
        Some(offset) => all
            .iter()
            .filter(|(start, _)| *start <= offset)
            .rev()
            .take(2)
            .map(|(_, w)| *w)
            .collect(),
        None => Vec::new(),
    };
    let first = all
        .iter()
        .find(|(_, w)| !is_prologue_word(w) && !w.starts_with(['?', '$']));
    near.into_iter()
        .chain(first.map(|(_, w)| *w))
        .filter(|w| !w.starts_with(['?', '$']))
        .find_map(|w| keyword_meant(w).map(|k| format!("did you mean {k} (not {w})?")))
}

/// The variables of a `SELECT *` query in the order the query first names them (Oxigraph
/// sorts them by name); `None` for any other query.
fn star_order(text: &str) -> Option<Vec<String>> {
    let all = words(text);
    let select = all
        .iter()
        .position(|(_, w)| !is_prologue_word(w) && !w.starts_with(['?', '$']))
        .filter(|&i| all[i].1.eq_ignore_ascii_case("SELECT"))?;
    let (at, word) = all[select];
    let mut rest = &text[at + word.len()..];
    for modifier in ["DISTINCT", "REDUCED"] {
        let trimmed = rest.trim_start();
        if trimmed
            .get(..modifier.len())
            .is_some_and(|word| word.eq_ignore_ascii_case(modifier))
        {
            rest = &trimmed[modifier.len()..];
        }
    }
    if !rest.trim_start().starts_with('*') {
        return None;
    }
    let mut order: Vec<String> = Vec::new();
    for (_, w) in &all[select + 1..] {
        if let Some(name) = w.strip_prefix(['?', '$'])
            && !order.iter().any(|n| n == name)
        {
            order.push(name.to_owned());
        }
    }
    Some(order)
}

/// Puts the columns of a `SELECT *` answer in the query's order.
fn reorder_star(text: &str, outcome: QueryOutcome) -> QueryOutcome {
    let QueryOutcome::Solutions { variables, rows } = outcome else {
        return outcome;
    };
    let Some(order) = star_order(text) else {
        return QueryOutcome::Solutions { variables, rows };
    };
    let rank = |v: &Variable| {
        order
            .iter()
            .position(|n| n == v.as_str())
            .unwrap_or(usize::MAX)
    };
    let mut columns: Vec<usize> = (0..variables.len()).collect();
    columns.sort_by_key(|&i| rank(&variables[i]));
    QueryOutcome::Solutions {
        variables: columns.iter().map(|&i| variables[i].clone()).collect(),
        rows: rows
            .into_iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|&i| row.get(i).cloned().flatten())
                    .collect()
            })
            .collect(),
    }
}

/// Runs a query to completion and collects its answer.
///
/// With a `cancel` token, [`CancellationToken::cancel`] from another thread stops the query the
/// next time it reads data, with [`QueryError::Cancelled`].
pub fn execute(
    store: &Store,
    prefixes: &Prefixes,
    request: &QueryRequest,
    cancel: Option<CancellationToken>,
) -> Result<QueryOutcome, QueryError> {
    let prepared = prepare_request(prefixes, request, cancel.clone())?;
    execute_prepared(prepared, store, request, cancel.as_ref())
}

/// Runs a query that [`prepare_request`] made from `request` and collects its answer, as
/// [`execute`] does; the shell parses in its own process and evaluates in a child.
pub fn execute_prepared(
    prepared: PreparedSparqlQuery,
    store: &Store,
    request: &QueryRequest,
    cancel: Option<&CancellationToken>,
) -> Result<QueryOutcome, QueryError> {
    let outcome = collect(
        prepared.on_store(store).execute()?,
        request.max_rows,
        cancel,
    )?;
    Ok(reorder_star(&request.text, outcome))
}

/// Parses a request into a query ready to run: prefixes, default graph, bindings and an optional
/// cancellation token. [`execute`] runs it to completion; the server streams it instead.
pub fn prepare_request(
    prefixes: &Prefixes,
    request: &QueryRequest,
    cancel: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery, QueryError> {
    let mut query = parse_algebra(prefixes, &request.text)?;
    // Bound inside subqueries too, where `substitute_variable` does not reach.
    for (variable, value) in &request.bindings {
        crate::binding::push_down(&mut query, variable, value);
    }
    let mut prepared = prepared(prefixes, query, cancel);
    let dataset = prepared.dataset_mut();
    if dataset.is_default_dataset() {
        match &request.graph {
            Some(graph) => dataset.set_default_graph(vec![
                GraphName::NamedNode(graph.clone()),
                GraphName::NamedNode(NamedNode::new_unchecked(DERIVED_GRAPH)),
            ]),
            None => dataset.set_default_graph_as_union(),
        }
    }
    for (variable, value) in &request.bindings {
        prepared = prepared.substitute_variable(variable.clone(), value.clone());
    }
    Ok(prepared)
}

/// Gathers the answer, stopping past `max_rows` and, between rows, when `cancel` is cancelled
/// (the evaluator itself looks at the token only when it reads data).
fn collect(
    results: QueryResults<'_>,
    max_rows: Option<usize>,
    cancel: Option<&CancellationToken>,
) -> Result<QueryOutcome, QueryError> {
    let check = |count: usize| -> Result<(), QueryError> {
        if cancel.is_some_and(CancellationToken::is_cancelled) {
            return Err(QueryError::Cancelled);
        }
        match max_rows {
            Some(limit) if count >= limit => Err(QueryError::TooManyRows(limit)),
            _ => Ok(()),
        }
    };
    Ok(match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                check(rows.len())?;
                rows.push(solution?.values().to_vec());
            }
            QueryOutcome::Solutions { variables, rows }
        }
        QueryResults::Boolean(value) => QueryOutcome::Boolean(value),
        QueryResults::Graph(triples) => {
            let mut all = Vec::new();
            for triple in triples {
                check(all.len())?;
                all.push(triple?);
            }
            QueryOutcome::Graph(all)
        }
    })
}

/// How long something took, for the "3 rows in 1.2 ms" line.
pub fn elapsed(since: Instant) -> String {
    format_duration(since.elapsed())
}

/// `850 µs`, `12.3 ms`, `2.04 s`.
pub fn format_duration(duration: Duration) -> String {
    let micros = duration.as_micros();
    if micros < 1_000 {
        format!("{micros} µs")
    } else if micros < 1_000_000 {
        format!("{:.1} ms", duration.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_located_with_a_caret() {
        let text = "SELECT ?s\nWHERE { ?s ?p }";
        let Err(error) = prepare(&Prefixes::standard(), text) else {
            panic!("a broken query parsed");
        };
        let QueryError::Syntax {
            position, snippet, ..
        } = &error
        else {
            panic!("not a syntax error: {error}");
        };
        assert_eq!(position.map(|p| p.line), Some(2));
        assert!(snippet.contains("2 | WHERE { ?s ?p }"), "{snippet}");
        assert!(
            error
                .to_string()
                .starts_with("syntax error at line 2, column")
        );
    }

    #[test]
    fn updates_are_told_apart_from_queries() {
        let prefixes = Prefixes::standard();
        assert!(matches!(
            prepare(&prefixes, "INSERT DATA { <a:x> <a:y> <a:z> }"),
            Err(QueryError::WrongKind(_))
        ));
        assert!(matches!(
            prepare_update(&prefixes, "SELECT * {}"),
            Err(QueryError::WrongKind(_))
        ));
    }

    #[test]
    fn select_star_is_ordered_as_the_query_names_its_variables() {
        let order = |text: &str| star_order(text);
        assert_eq!(
            order("SELECT * { ?z ?a \"?not\" . ?m <urn:x#?no> ?z } # ?b"),
            Some(vec!["z".into(), "a".into(), "m".into()])
        );
        assert_eq!(
            order("PREFIX ex: <urn:ex:>\nselect distinct * WHERE { $b ex:p ?a }"),
            Some(vec!["b".into(), "a".into()])
        );
        assert_eq!(order("SELECT ?a * { ?a ?b ?c }"), None);
        assert_eq!(order("SELECT ?a { ?a ?b ?c }"), None);
        assert_eq!(order("ASK { ?a ?b ?c }"), None);
        assert_eq!(order("SELECT DISTINCTé"), None);
    }

    #[test]
    fn misspelt_keywords_are_recognised() {
        assert_eq!(keyword_meant("SELCT"), Some("SELECT"));
        assert_eq!(keyword_meant("whre"), Some("WHERE"));
        assert_eq!(keyword_meant("OPTINAL"), Some("OPTIONAL"));
        assert_eq!(keyword_meant("SELECT"), None);
        assert_eq!(keyword_meant("claim"), None);
        assert_eq!(keyword_meant("ab"), None);
    }

    #[test]
    fn service_is_refused() {
        let store = Store::new().unwrap();
        let request =
            QueryRequest::new("SELECT * { SERVICE <http://example.com/sparql> { ?s ?p ?o } }");
        let error = execute(&store, &Prefixes::standard(), &request, None).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("SERVICE <http://example.com/sparql> refused"),
            "{error}"
        );
    }
}
