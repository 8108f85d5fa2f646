//! `argmap serve`: the session's dataset as a SPARQL 1.1 endpoint, with a web page.
//!
//! - `/sparql`: the SPARQL 1.1 Protocol. Queries by GET or POST (form or
//!   `application/sparql-query`), `default-graph-uri`/`named-graph-uri`, every result format
//!   argmap writes by content negotiation (or `format=`); updates by POST only with
//!   `--allow-update`, through [`ArgStore::update`], which protects the bundled and derived
//!   graphs. Without a query: the service description.
//! - `/store?graph=IRI`, `/store?default`: the Graph Store Protocol, read-only.
//! - `/`: a page to write and run queries; `/api/queries` the named queries as JSON;
//!   `/api/run/NAME?param=value` runs one, binding the parameters as `argmap run` does.
//!
//! The HTTP layer is [`oxhttp`], the one Oxigraph's own server uses: synchronous (like
//! Oxigraph's query API), one thread per connection, bounded.

pub mod answer;
pub mod description;
pub mod negotiate;
pub mod page;
pub mod protocol;

use crate::named::{Library, NamedError};
use crate::prefixes::Prefixes;
use crate::query::{QueryError, QueryRequest, format_duration};
use crate::store::{ArgStore, StoreError};
use answer::{Job, Limits, Overdue, ProtocolDataset};
use negotiate::{AnswerKind, Chosen, NegotiateError};
use oxhttp::model::{Body, Method, Request, Response, StatusCode, header};
use oxhttp::{ListeningServer, Server};
use oxigraph::model::{NamedNode, NamedOrBlankNode};
use oxigraph::store::Store;
use protocol::Operation;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The largest request body read (a query, an update, a form).
pub const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;

/// Errors of the server: starting it, and every way a request can fail, each with its HTTP
/// status.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address cannot be listened on.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The `--bind` address.
        address: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// A malformed request (400).
    #[error("{0}")]
    BadRequest(String),
    /// The query does not parse (400) or fails.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A refused `SERVICE` (400).
    #[error("{0}")]
    Refused(String),
    /// The evaluation failed (500).
    #[error("query failed: {0}")]
    Evaluation(String),
    /// The evaluation was cancelled (503).
    #[error("the query was cancelled")]
    Cancelled,
    /// No acceptable format (406), or a bad `format=` (400).
    #[error(transparent)]
    Negotiate(#[from] NegotiateError),
    /// A body in a media type the endpoint does not read (415).
    #[error(
        "cannot read a body of type {0}; send application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
    )]
    UnsupportedMediaType(String),
    /// A method the path does not take (405).
    #[error("{method} is not allowed here; use {allowed}")]
    MethodNotAllowed {
        /// The request's method.
        method: String,
        /// What the path takes.
        allowed: &'static str,
    },
    /// An update on a read-only server (403).
    #[error(
        "this server is read-only; start it with `argmap serve --allow-update` to accept updates"
    )]
    ReadOnly,
    /// Nothing at that path or no such graph (404).
    #[error("{0}")]
    NotFound(String),
    /// The query ran past `--timeout` (503).
    #[error("the query ran longer than {} (--timeout) and was stopped; narrow it or add a LIMIT", format_duration(*.0))]
    Timeout(Duration),
    /// The answer grew past `--max-result-bytes` (500).
    #[error(
        "the answer is larger than {0} bytes (--max-result-bytes) and was stopped; add a LIMIT or ask for fewer columns"
    )]
    TooLarge(usize),
    /// Too many queries past their timeout are still finishing (503).
    #[error(
        "the server is busy: {0} queries that ran past --timeout are still finishing; try again shortly"
    )]
    Busy(usize),
    /// The request body is too large (413).
    #[error("the request body is larger than {0} bytes")]
    RequestTooLarge(usize),
    /// An update failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A named query that does not exist, or a bad parameter.
    #[error(transparent)]
    Named(#[from] NamedError),
    /// A bug or a resource failure (500).
    #[error("{0}")]
    Internal(String),
}

impl ServeError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_)
            | Self::Refused(_)
            | Self::Query(QueryError::Syntax { .. } | QueryError::WrongKind(_))
            | Self::Negotiate(NegotiateError::UnknownFormat { .. })
            | Self::Store(StoreError::Query(
                QueryError::Syntax { .. } | QueryError::WrongKind(_),
            ))
            | Self::Named(NamedError::Argument { .. }) => StatusCode::BAD_REQUEST,
            Self::Negotiate(NegotiateError::NotAcceptable { .. }) => StatusCode::NOT_ACCEPTABLE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::ReadOnly | Self::Store(StoreError::Protected { .. }) => StatusCode::FORBIDDEN,
            Self::NotFound(_) | Self::Named(NamedError::Unknown { .. }) => StatusCode::NOT_FOUND,
            Self::Timeout(_)
            | Self::Cancelled
            | Self::Busy(_)
            | Self::Query(QueryError::Cancelled) => StatusCode::SERVICE_UNAVAILABLE,
            Self::RequestTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free port.
    pub bind: SocketAddr,
    /// Accept SPARQL updates.
    pub allow_update: bool,
    /// Time and size limits of one answer.
    pub limits: Limits,
    /// Answer cross-origin requests (`Access-Control-Allow-Origin: *`).
    pub cors: bool,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            allow_update: false,
            limits: Limits {
                timeout: Duration::from_secs(30),
                max_bytes: 256 * 1024 * 1024,
            },
            cors: false,
            max_connections: 512,
        }
    }
}

/// What every connection shares.
struct State {
    /// Updates need the whole session; queries only the store handle.
    session: Mutex<ArgStore>,
    store: Store,
    prefixes: Prefixes,
    library: Library,
    options: ServeOptions,
    overdue: Overdue,
}

/// A server that is listening.
pub struct Running {
    /// The address it listens on (the real port when `--bind` asked for port 0).
    pub address: SocketAddr,
    server: ListeningServer,
}

impl Running {
    /// Serves until the process ends.
    pub fn join(self) -> io::Result<()> {
        self.server.join()
    }
}

/// Starts serving `session` and returns once the socket listens.
pub fn start(
    session: ArgStore,
    library: Library,
    options: ServeOptions,
) -> Result<Running, ServeError> {
    let state = Arc::new(State {
        store: session.oxigraph().clone(),
        prefixes: session.prefixes().clone(),
        session: Mutex::new(session),
        library,
        options: options.clone(),
        overdue: Overdue::default(),
    });
    // oxhttp binds inside `spawn` and does not say which port it got: for port 0, find a free
    // port first, and try again if another process takes it in between.
    let mut attempts = 0;
    loop {
        let address = if options.bind.port() == 0 {
            TcpListener::bind(options.bind)
                .and_then(|listener| listener.local_addr())
                .map_err(|source| ServeError::Bind {
                    address: options.bind,
                    source,
                })?
        } else {
            options.bind
        };
        let handler_state = Arc::clone(&state);
        let server = Server::new(move |request| handle(&handler_state, request))
            .bind(address)
            .with_global_timeout(Duration::from_secs(60))
            .with_max_concurrent_connections(options.max_connections.max(1));
        let server = match server.with_server_name(concat!("argmap/", env!("CARGO_PKG_VERSION"))) {
            Ok(server) => server,
            Err(e) => return Err(ServeError::Internal(e.to_string())),
        };
        match server.spawn() {
            Ok(server) => return Ok(Running { address, server }),
            Err(source)
                if source.kind() == io::ErrorKind::AddrInUse
                    && options.bind.port() == 0
                    && attempts < 5 =>
            {
                attempts += 1;
            }
            Err(source) => return Err(ServeError::Bind { address, source }),
        }
    }
}

/// A response ready to send, before the common headers.
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    allow: Option<&'static str>,
}

impl Reply {
    fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: StatusCode::OK,
            content_type,
            body: body.into(),
            allow: None,
        }
    }
}

fn handle(state: &State, request: &mut Request<Body>) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let reply = if state.options.cors && method == Method::OPTIONS {
        Reply {
            status: StatusCode::NO_CONTENT,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            allow: Some("GET, POST, OPTIONS"),
        }
    } else {
        route(state, request, &path).unwrap_or_else(|error| {
            let mut message = error.to_string();
            message.push('\n');
            Reply {
                status: error.status(),
                content_type: "text/plain; charset=utf-8",
                body: message.into_bytes(),
                allow: match error {
                    ServeError::MethodNotAllowed { allowed, .. } => Some(allowed),
                    _ => None,
                },
            }
        })
    };
    eprintln!(
        "{method} {path} {} {} B {:.1} ms",
        reply.status.as_u16(),
        reply.body.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut builder = Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type);
    if let Some(allow) = reply.allow {
        builder = builder.header(header::ALLOW, allow);
    }
    if state.options.cors {
        builder = builder
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
            .header(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Accept, Content-Type, Authorization",
            );
    }
    builder.body(Body::from(reply.body)).unwrap_or_else(|_| {
        let mut response = Response::new(Body::from("cannot build the response\n"));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

fn only_get(request: &Request<Body>) -> Result<(), ServeError> {
    if request.method() == Method::GET {
        Ok(())
    } else {
        Err(ServeError::MethodNotAllowed {
            method: request.method().to_string(),
            allowed: "GET",
        })
    }
}

fn accept(request: &Request<Body>) -> Option<String> {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn route(state: &State, request: &mut Request<Body>, path: &str) -> Result<Reply, ServeError> {
    match path {
        "/" | "/index.html" => {
            only_get(request)?;
            Ok(Reply::ok("text/html; charset=utf-8", page::PAGE))
        }
        "/sparql" => endpoint(state, request),
        "/store" => {
            only_get(request)?;
            graph_store(state, request)
        }
        "/api/queries" => {
            only_get(request)?;
            Ok(Reply::ok(
                "application/json",
                page::library_json(&state.library, &state.prefixes),
            ))
        }
        _ => match path.strip_prefix("/api/run/") {
            Some(name) => {
                only_get(request)?;
                run_named(state, request, name)
            }
            None => Err(ServeError::NotFound(format!(
                "nothing at {path}; the endpoint is /sparql, graphs are at /store?graph=IRI, the page at /"
            ))),
        },
    }
}

fn endpoint(state: &State, request: &mut Request<Body>) -> Result<Reply, ServeError> {
    if request.method() != Method::GET && request.method() != Method::POST {
        return Err(ServeError::MethodNotAllowed {
            method: request.method().to_string(),
            allowed: "GET, POST",
        });
    }
    match protocol::read(request, MAX_REQUEST_BYTES)? {
        Operation::Query {
            text,
            dataset,
            format,
        } => run_job(
            state,
            Job {
                request: QueryRequest::new(text),
                dataset,
                hidden: Vec::new(),
                accept: accept(request),
                format,
            },
        ),
        Operation::Update { text } => {
            if !state.options.allow_update {
                return Err(ServeError::ReadOnly);
            }
            let mut session = state.session.lock().unwrap_or_else(PoisonError::into_inner);
            let summary = session.update(&text)?;
            Ok(Reply::ok(
                "text/plain; charset=utf-8",
                format!(
                    "updated: {} quads before, {} after{}\n",
                    summary.before,
                    summary.after,
                    if summary.saved {
                        "; saved to the store"
                    } else {
                        ""
                    }
                ),
            ))
        }
        Operation::Describe => service_description(state, request),
    }
}

fn run_job(state: &State, job: Job) -> Result<Reply, ServeError> {
    let answer = answer::answer(
        &state.store,
        &state.prefixes,
        job,
        state.options.limits,
        &state.overdue,
    )?;
    Ok(Reply::ok(answer.content_type, answer.body))
}

fn named_graphs(store: &Store) -> Result<Vec<NamedNode>, ServeError> {
    let mut graphs = Vec::new();
    for graph in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(graph) =
            graph.map_err(|e| ServeError::Internal(e.to_string()))?
        {
            graphs.push(graph);
        }
    }
    graphs.sort();
    Ok(graphs)
}

fn service_description(state: &State, request: &Request<Body>) -> Result<Reply, ServeError> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_owned();
    let endpoint = NamedNode::new(format!("http://{host}/sparql"))
        .map_err(|e| ServeError::BadRequest(format!("bad Host header {host:?}: {e}")))?;
    let triples = description::describe(
        &endpoint,
        &named_graphs(&state.store)?,
        state.options.allow_update,
    );
    let params = protocol::url_params(request);
    let chosen = negotiate::choose(
        AnswerKind::Graph,
        accept(request).as_deref(),
        protocol::single(&params, "format")?.as_deref(),
    )?;
    let Chosen::Rdf(format) = chosen else {
        return Err(ServeError::Internal(
            "a results format for a graph".to_owned(),
        ));
    };
    let mut serializer = answer::graph_serializer(format, &state.prefixes);
    if let Ok(with) = serializer.clone().with_prefix("sd", description::SD) {
        serializer = with;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in &triples {
        writer
            .serialize_triple(triple)
            .map_err(|e| ServeError::Internal(e.to_string()))?;
    }
    let body = writer
        .finish()
        .map_err(|e| ServeError::Internal(e.to_string()))?;
    Ok(Reply::ok(chosen.content_type(), body))
}

/// The Graph Store Protocol, read side: one graph, or the (union) default graph.
fn graph_store(state: &State, request: &Request<Body>) -> Result<Reply, ServeError> {
    let params = protocol::url_params(request);
    let graph = protocol::single(&params, "graph")?;
    let default = params.iter().any(|(k, _)| k == "default");
    let pattern = match (graph, default) {
        (Some(_), true) => {
            return Err(ServeError::BadRequest(
                "give either ?graph=IRI or ?default, not both".to_owned(),
            ));
        }
        (None, false) => {
            return Err(ServeError::BadRequest(
                "name a graph: /store?graph=IRI, or /store?default for the default graph (the union of all graphs)".to_owned(),
            ));
        }
        (Some(iri), false) => {
            let node = NamedNode::new(iri.as_str()).map_err(|e| {
                ServeError::BadRequest(format!("graph={iri:?} is not an absolute IRI: {e}"))
            })?;
            let exists = state
                .store
                .contains_named_graph(&node)
                .map_err(|e| ServeError::Internal(e.to_string()))?;
            if !exists {
                return Err(ServeError::NotFound(format!("there is no graph <{iri}>")));
            }
            format!("GRAPH <{}> {{ ?s ?p ?o }}", node.as_str())
        }
        (None, true) => "?s ?p ?o".to_owned(),
    };
    run_job(
        state,
        Job {
            request: QueryRequest::new(format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}")),
            dataset: ProtocolDataset::default(),
            hidden: Vec::new(),
            accept: accept(request),
            format: protocol::single(&params, "format")?,
        },
    )
}

/// Runs a named query with its parameters from the URL, as `argmap run` does.
fn run_named(state: &State, request: &Request<Body>, name: &str) -> Result<Reply, ServeError> {
    let params = protocol::url_params(request);
    let query = state.library.get(name)?;
    let arguments: Vec<String> = params
        .iter()
        .filter(|(k, _)| k != "format")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let bound = query.bind(&arguments, &state.prefixes)?;
    let hidden = bound.bindings.iter().map(|(v, _)| v.clone()).collect();
    run_job(
        state,
        Job {
            request: bound,
            dataset: ProtocolDataset::default(),
            hidden,
            accept: accept(request),
            format: protocol::single(&params, "format")?,
        },
    )
}
