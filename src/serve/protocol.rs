//! Reading a SPARQL 1.1 Protocol request: a query or an update, by GET or POST (URL-encoded
//! form or the text itself), and the dataset the client names.

use super::ServeError;
use super::answer::ProtocolDataset;
use crate::diagnostic;
use oxhttp::model::{Body, Method, Request, header};
use oxigraph::model::NamedNode;
use std::io::Read;

/// What a request to the endpoint asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// A query, the dataset the client names, and an optional `format=`.
    Query {
        /// The query text.
        text: String,
        /// `default-graph-uri` / `named-graph-uri`.
        dataset: ProtocolDataset,
        /// `format=json|csv|turtle|...`, a convenience over `Accept`.
        format: Option<String>,
    },
    /// An update.
    Update {
        /// The update text.
        text: String,
    },
    /// Neither: the client wants the service description.
    Describe,
}

/// The parameters of the URL's query string.
pub fn url_params(request: &Request<Body>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The one value of `name`, if given; twice is an error.
pub fn single(params: &[(String, String)], name: &str) -> Result<Option<String>, ServeError> {
    let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
    let first = values.next().cloned();
    if values.next().is_some() {
        return Err(ServeError::BadRequest(format!(
            "the parameter {name} is given more than once"
        )));
    }
    Ok(first)
}

/// The media type of the body, lower-cased, without parameters.
fn content_type(request: &Request<Body>) -> Option<String> {
    let value = request.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Reads the body as UTF-8 text, at most `max` bytes.
pub fn body_text(request: &mut Request<Body>, max: usize) -> Result<String, ServeError> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    request
        .body_mut()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| ServeError::BadRequest(format!("cannot read the request body: {e}")))?;
    if bytes.len() > max {
        return Err(ServeError::RequestTooLarge(max));
    }
    diagnostic::decode_utf8(bytes).map_err(|at| {
        ServeError::BadRequest(format!(
            "the request body is not UTF-8 (the first bad byte is at line {}, column {})",
            at.line, at.column
        ))
    })
}

fn graphs(params: &[(String, String)], name: &str) -> Result<Vec<NamedNode>, ServeError> {
    params
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| {
            NamedNode::new(v.as_str()).map_err(|e| {
                ServeError::BadRequest(format!("{name}={v:?} is not an absolute IRI: {e}"))
            })
        })
        .collect()
}

fn query(text: String, params: &[(String, String)]) -> Result<Operation, ServeError> {
    if params.iter().any(|(k, _)| k == "update") {
        return Err(ServeError::BadRequest(
            "give either query or update, not both".to_owned(),
        ));
    }
    Ok(Operation::Query {
        text,
        dataset: ProtocolDataset {
            default_graphs: graphs(params, "default-graph-uri")?,
            named_graphs: graphs(params, "named-graph-uri")?,
        },
        format: single(params, "format")?,
    })
}

fn update(text: String, params: &[(String, String)]) -> Result<Operation, ServeError> {
    if let Some((name, _)) = params
        .iter()
        .find(|(k, _)| k == "using-graph-uri" || k == "using-named-graph-uri")
    {
        return Err(ServeError::BadRequest(format!(
            "{name} is not supported; put USING <graph> in the update itself"
        )));
    }
    Ok(Operation::Update { text })
}

/// Reads the operation of a request to the endpoint.
pub fn read(request: &mut Request<Body>, max_body: usize) -> Result<Operation, ServeError> {
    let mut params = url_params(request);
    if request.method() == Method::GET || request.method() == Method::HEAD {
        if single(&params, "update")?.is_some() {
            return Err(ServeError::BadRequest(
                "an update must be sent with POST (application/sparql-update, or a form with update=)"
                    .to_owned(),
            ));
        }
        return match single(&params, "query")? {
            Some(text) => query(text, &params),
            None => Ok(Operation::Describe),
        };
    }
    match content_type(request).as_deref() {
        Some("application/sparql-query") => {
            let text = body_text(request, max_body)?;
            query(text, &params)
        }
        Some("application/sparql-update") => {
            let text = body_text(request, max_body)?;
            update(text, &params)
        }
        Some("application/x-www-form-urlencoded") => {
            let text = body_text(request, max_body)?;
            params.extend(url::form_urlencoded::parse(text.as_bytes()).into_owned());
            if let Some(text) = single(&params, "query")? {
                query(text, &params)
            } else if let Some(text) = single(&params, "update")? {
                update(text, &params)
            } else {
                Err(ServeError::BadRequest(
                    "the form has neither a query nor an update field".to_owned(),
                ))
            }
        }
        other => Err(ServeError::UnsupportedMediaType(
            other.unwrap_or("none").to_owned(),
        )),
    }
}
