//! A remote SPARQL 1.1 endpoint as a second place to run queries: the same requests, the same
//! [`QueryOutcome`], so that printing is shared with the embedded store.
//!
//! A query is parsed here first, with the session's prefixes (a syntax error is located as
//! for a local query), then sent as plain SPARQL with full IRIs: the server needs none of
//! argmap's predeclared prefixes. Parameters of named queries are bound by a `VALUES` block
//! joined under the query's modifiers, never pasted into the text.
//!
//! Credentials come only from the environment ([`USER_VARIABLE`], [`PASSWORD_VARIABLE`]),
//! never from the command line, where other users could read them.

pub mod dialect;
pub mod engine;
pub mod mirror;
pub mod push;

pub use engine::Engine;
pub use mirror::mirror;
pub use push::{Pushed, push};

use crate::prefixes::Prefixes;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::store::ArgStore;
use base64::Engine as _;
use oxhttp::Client;
use oxhttp::model::{Body, Method, Request, header};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term, Triple};
use oxigraph::sparql::CancellationToken;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use std::sync::OnceLock;
use std::time::Duration;

/// The environment variable holding the endpoint's user name.
pub const USER_VARIABLE: &str = "ARGMAP_ENDPOINT_USER";
/// The environment variable holding the endpoint's password.
pub const PASSWORD_VARIABLE: &str = "ARGMAP_ENDPOINT_PASSWORD";

/// Errors of talking to an endpoint.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    /// The query is wrong before it is sent.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The URL is not an http URL argmap can reach.
    #[error("--endpoint {url:?}: {problem}")]
    Url { url: String, problem: String },
    /// The endpoint cannot be reached.
    #[error("cannot reach {url}: {source}")]
    Unreachable { url: String, source: std::io::Error },
    /// The endpoint answered with an error status.
    #[error("{url} answered {status}: {message}")]
    Status {
        url: String,
        status: u16,
        message: String,
    },
    /// The answer does not parse.
    #[error("{url} sent an answer that does not parse: {message}")]
    Answer { url: String, message: String },
    /// A parameter value a remote query cannot carry (a blank node).
    #[error("a blank node cannot be sent to an endpoint as the value of ?{0}")]
    BlankValue(String),
    /// The engine is known to answer this query wrongly.
    #[error("{0}")]
    Distrusted(String),
    /// `push` cannot give the server what it needs.
    #[error("cannot push to {url}: {problem}")]
    Push { url: String, problem: String },
    /// The session around the remote data cannot be built.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Only one of the two credential variables is set.
    #[error("set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")]
    HalfCredentials,
}

/// A SPARQL 1.1 endpoint.
pub struct Endpoint {
    url: String,
    graph: Option<NamedNode>,
    credentials: Option<(String, String)>,
    client: Client,
    engine: OnceLock<Engine>,
}

impl std::fmt::Debug for Endpoint {
    // Never the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url)
            .field("graph", &self.graph)
            .field("authenticated", &self.credentials.is_some())
            .finish()
    }
}

impl Endpoint {
    /// The endpoint at `url`, with credentials from the environment, narrowed to `graph` (sent
    /// as `default-graph-uri`) if given.
    pub fn new(url: &str, graph: Option<&str>) -> Result<Self, EndpointError> {
        let bad = |problem: &str| EndpointError::Url {
            url: url.to_owned(),
            problem: problem.to_owned(),
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
        if parsed.scheme() != "http" {
            return Err(bad(
                "only http:// endpoints are supported (put an https endpoint behind a local tunnel or proxy)",
            ));
        }
        let graph = graph
            .map(|g| {
                NamedNode::new(g.trim_start_matches('<').trim_end_matches('>')).map_err(|e| {
                    EndpointError::Url {
                        url: g.to_owned(),
                        problem: format!("--endpoint-graph is not an absolute IRI: {e}"),
                    }
                })
            })
            .transpose()?;
        let credentials = match (
            std::env::var(USER_VARIABLE).ok(),
            std::env::var(PASSWORD_VARIABLE).ok(),
        ) {
            (Some(user), Some(password)) => Some((user, password)),
            (None, None) => None,
            _ => return Err(EndpointError::HalfCredentials),
        };
        Ok(Self {
            url: url.to_owned(),
            graph,
            credentials,
            client: Client::new()
                .with_global_timeout(Duration::from_secs(300))
                .with_redirection_limit(5),
            engine: OnceLock::new(),
        })
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `--endpoint-graph`, if one narrows the default graph.
    pub fn graph(&self) -> Option<&NamedNode> {
        self.graph.as_ref()
    }

    /// The engine behind the endpoint, by the `Server` header of a plain GET (asked once).
    pub fn engine(&self) -> Result<&Engine, EndpointError> {
        if let Some(engine) = self.engine.get() {
            return Ok(engine);
        }
        let (server, _) = self.send(Method::GET, None, "*/*", false)?;
        Ok(self
            .engine
            .get_or_init(|| Engine::from_server(server.as_deref())))
    }

    /// Runs a query remotely and reads its whole answer.
    pub fn query(
        &self,
        prefixes: &Prefixes,
        request: &QueryRequest,
    ) -> Result<QueryOutcome, EndpointError> {
        // Parsed locally first: a syntax error is reported with its position, as for a local
        // query, and nothing is sent.
        let _checked = query::prepare(prefixes, &request.text)?;
        let mut parser = spargebra::SparqlParser::new();
        for (name, iri) in prefixes.pairs() {
            if let Ok(with) = parser.clone().with_prefix(name, iri) {
                parser = with;
            }
        }
        let mut parsed = parser
            .parse_query(&request.text)
            .map_err(|e| QueryError::Evaluation(e.to_string()))?;
        if let Some(refusal) = self.engine()?.distrusts(&parsed) {
            return Err(EndpointError::Distrusted(refusal));
        }
        let booleans = dialect::boolean_variables(&parsed);
        let graph_answer = matches!(
            parsed,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
        );
        if !request.bindings.is_empty() {
            let pattern = match &mut parsed {
                spargebra::Query::Select { pattern, .. }
                | spargebra::Query::Construct { pattern, .. }
                | spargebra::Query::Describe { pattern, .. }
                | spargebra::Query::Ask { pattern, .. } => pattern,
            };
            bind_values(pattern, &request.bindings)?;
        }
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("query", &parsed.to_string());
        if let Some(graph) = &self.graph {
            form.append_pair("default-graph-uri", graph.as_str());
        }
        let accept = if graph_answer {
            "application/n-triples"
        } else {
            "application/sparql-results+json"
        };
        let body = self.post("application/x-www-form-urlencoded", form.finish(), accept)?;
        if graph_answer {
            let triples = RdfParser::from_format(RdfFormat::NTriples)
                .for_slice(&body)
                .map(|quad| {
                    quad.map(|q| {
                        let t = Triple::from(q);
                        Triple::new(t.subject, t.predicate, dialect::normalised(t.object, false))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.bad_answer(e))?;
            return Ok(QueryOutcome::Graph(triples));
        }
        match read_results(&body, &booleans) {
            Ok(outcome) => Ok(outcome),
            // Blank node labels no RDF syntax allows (Virtuoso's `nodeID://…`): made valid,
            // one for one, and read again.
            Err(first) => match dialect::with_valid_blank_labels(&body) {
                Some(fixed) => read_results(&fixed, &booleans).map_err(|e| self.bad_answer(e)),
                None => Err(self.bad_answer(first)),
            },
        }
    }

    /// Runs a SPARQL update remotely.
    pub fn update(&self, text: &str) -> Result<(), EndpointError> {
        self.post("application/sparql-update", text.to_owned(), "*/*")?;
        Ok(())
    }

    fn bad_answer(&self, error: impl std::fmt::Display) -> EndpointError {
        EndpointError::Answer {
            url: self.url.clone(),
            message: error.to_string(),
        }
    }

    fn post(
        &self,
        content_type: &str,
        body: String,
        accept: &str,
    ) -> Result<Vec<u8>, EndpointError> {
        Ok(self
            .send(Method::POST, Some((content_type, body)), accept, true)?
            .1)
    }

    /// Sends a request; returns the `Server` header and the body. A failure status is an error
    /// only if `strict`: a probe reads the header of any answer.
    fn send(
        &self,
        method: Method,
        body: Option<(&str, String)>,
        accept: &str,
        strict: bool,
    ) -> Result<(Option<String>, Vec<u8>), EndpointError> {
        let mut builder = Request::builder()
            .method(method)
            .uri(&self.url)
            .header(header::ACCEPT, accept);
        let body = match body {
            Some((content_type, body)) => {
                builder = builder.header(header::CONTENT_TYPE, content_type);
                Body::from(body)
            }
            None => Body::empty(),
        };
        if let Some((user, password)) = &self.credentials {
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            builder = builder.header(header::AUTHORIZATION, format!("Basic {token}"));
        }
        let request = builder.body(body).map_err(|e| EndpointError::Url {
            url: self.url.clone(),
            problem: e.to_string(),
        })?;
        let unreachable = |source| EndpointError::Unreachable {
            url: self.url.clone(),
            source,
        };
        let response = self.client.request(request).map_err(unreachable)?;
        let status = response.status();
        let server = response
            .headers()
            .get(header::SERVER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.into_body().to_vec().map_err(unreachable)?;
        if strict && !status.is_success() {
            let message = String::from_utf8_lossy(&bytes);
            let message: String = message.trim().chars().take(2000).collect();
            return Err(EndpointError::Status {
                url: self.url.clone(),
                status: status.as_u16(),
                message,
            });
        }
        Ok((server, bytes))
    }
}

/// Reads a JSON results document, with the terms as SPARQL 1.1 means them (see [`dialect`]).
fn read_results(
    body: &[u8],
    booleans: &std::collections::HashSet<oxigraph::sparql::Variable>,
) -> Result<QueryOutcome, String> {
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_slice(body)
        .map_err(|e| e.to_string())?
    {
        SliceQueryResultsParserOutput::Boolean(value) => Ok(QueryOutcome::Boolean(value)),
        SliceQueryResultsParserOutput::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let columns: Vec<bool> = variables.iter().map(|v| booleans.contains(v)).collect();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(|e| e.to_string())?;
                rows.push(
                    variables
                        .iter()
                        .zip(&columns)
                        .map(|(v, &boolean)| {
                            solution
                                .get(v)
                                .cloned()
                                .map(|t| dialect::normalised(t, boolean))
                        })
                        .collect(),
                );
            }
            Ok(QueryOutcome::Solutions { variables, rows })
        }
    }
}

/// Joins a one-row `VALUES` block with the query's pattern, under its projection, ordering,
/// grouping and filters, so that every use of a parameter sees its value.
fn bind_values(
    pattern: &mut GraphPattern,
    bindings: &[(oxigraph::sparql::Variable, Term)],
) -> Result<(), EndpointError> {
    let mut variables = Vec::new();
    let mut row = Vec::new();
    for (variable, value) in bindings {
        variables.push(variable.clone());
        row.push(Some(match value {
            Term::NamedNode(node) => GroundTerm::NamedNode(node.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            _ => return Err(EndpointError::BlankValue(variable.as_str().to_owned())),
        }));
    }
    // A loop, not recursion: the modifiers are a chain.
    let mut at = pattern;
    while let GraphPattern::Project { inner, .. }
    | GraphPattern::Distinct { inner }
    | GraphPattern::Reduced { inner }
    | GraphPattern::Slice { inner, .. }
    | GraphPattern::OrderBy { inner, .. }
    | GraphPattern::Group { inner, .. }
    | GraphPattern::Extend { inner, .. }
    | GraphPattern::Filter { inner, .. } = at
    {
        at = inner;
    }
    let body = std::mem::replace(
        at,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    *at = GraphPattern::Join {
        left: Box::new(GraphPattern::Values {
            variables,
            bindings: vec![row],
        }),
        right: Box::new(body),
    };
    Ok(())
}

/// Where a command's queries run: the session's own store, or a remote endpoint.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// The embedded store.
    Local(&'a ArgStore),
    /// The embedded store, each query stopped when the token is cancelled (Ctrl-C, a budget):
    /// for commands that run many small queries, each of which reads the store.
    Stoppable(&'a ArgStore, &'a CancellationToken),
    /// A SPARQL 1.1 endpoint; the session still gives the prefixes.
    Remote(&'a Endpoint, &'a Prefixes),
}

impl Target<'_> {
    /// Runs a query on the target.
    pub fn query(&self, request: &QueryRequest) -> Result<QueryOutcome, EndpointError> {
        match self {
            Self::Local(store) => Ok(store.query(request)?),
            Self::Stoppable(store, token) => {
                if token.is_cancelled() {
                    return Err(QueryError::Cancelled.into());
                }
                Ok(query::execute(
                    store.oxigraph(),
                    store.prefixes(),
                    request,
                    Some((*token).clone()),
                )?)
            }
            Self::Remote(endpoint, prefixes) => endpoint.query(prefixes, request),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_values_under_the_modifiers() {
        let mut query = spargebra::SparqlParser::new()
            .parse_query("SELECT DISTINCT ?t WHERE { ?c <http://e/t> ?t } ORDER BY ?t LIMIT 3")
            .unwrap();
        let spargebra::Query::Select { pattern, .. } = &mut query else {
            panic!("a select");
        };
        let claim = NamedNode::new("http://e/c1").unwrap();
        bind_values(
            pattern,
            &[(oxigraph::sparql::Variable::new("c").unwrap(), claim.into())],
        )
        .unwrap();
        let text = query.to_string();
        assert!(
            text.contains("WHERE { VALUES ( ?c ) { ( <http://e/c1> )"),
            "{text}"
        );
        assert!(text.contains("LIMIT 3"), "{text}");
        assert!(
            spargebra::SparqlParser::new().parse_query(&text).is_ok(),
            "the rewritten query parses: {text}"
        );
    }
}
