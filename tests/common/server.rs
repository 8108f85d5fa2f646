//! `argmap serve` started by a test on a free loopback port, and a small HTTP client for it.

use oxhttp::Client;
use oxhttp::model::{Body, Method, Request};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A running `argmap serve`; killed when dropped.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
}

/// A response: status, content type, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Served {
    /// Starts `argmap <args> serve --bind 127.0.0.1:0 <serve_args>` and waits for its address.
    pub fn start(args: &[&str], serve_args: &[&str]) -> Self {
        let mut child = super::argmap()
            .args(args)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(serve_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the argmap binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = mpsc::channel();
        let lines = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let address: String = rest.chars().take_while(|c| *c != '/').collect();
                    let _ = found.send(address);
                }
                lines.lock().unwrap().push(line);
            }
        });
        let address = match address.recv_timeout(Duration::from_secs(30)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "argmap serve did not say where it listens; its stderr:\n{}",
                    log.lock().unwrap().join("\n")
                );
            }
        };
        Self {
            child,
            base: format!("http://{address}"),
            log,
        }
    }

    /// How many query workers the server process runs now (Linux: its threads' names).
    pub fn query_workers(&self) -> usize {
        let tasks = format!("/proc/{}/task", self.child.id());
        std::fs::read_dir(tasks)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|task| {
                        std::fs::read_to_string(task.path().join("comm"))
                            .is_ok_and(|name| name.starts_with("argmap-serve-q"))
                    })
                    .count()
            })
            .unwrap_or(0)
    }

    /// The server's stderr so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Sends a request; `headers` as (name, value).
    pub fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(Body::from(body.into()))
            .expect("a valid request");
        let response = Client::new()
            .with_global_timeout(Duration::from_secs(60))
            .request(request)
            .unwrap_or_else(|e| panic!("request to {path} failed: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.into_body().to_vec().expect("the body reads");
        Reply {
            status,
            content_type,
            body,
        }
    }

    /// GET with an `Accept` header.
    pub fn get(&self, path: &str, accept: &str) -> Reply {
        self.request(Method::GET, path, &[("Accept", accept)], Vec::new())
    }

    /// A query by GET, URL-encoded, with an `Accept` header.
    pub fn query(&self, query: &str, accept: &str) -> Reply {
        self.get(&format!("/sparql?{}", encode(&[("query", query)])), accept)
    }

    /// POST of a body of type `content_type`.
    pub fn post(&self, path: &str, content_type: &str, body: &str, accept: &str) -> Reply {
        self.request(
            Method::POST,
            path,
            &[("Content-Type", content_type), ("Accept", accept)],
            body.as_bytes().to_vec(),
        )
    }
}

/// `a=1&b=2`, URL-encoded.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
