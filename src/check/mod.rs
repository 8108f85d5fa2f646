//! `argmap check`: lints an argument map the way a compiler reports errors, and verifies its
//! quotes against the source texts.
//!
//! A check is either data — a SPARQL `SELECT` in `queries/checks/<name>.rq` (see [`sparql`]) —
//! or Rust, for what SPARQL cannot express or cannot do fast: quote verification ([`quotes`]),
//! literal validity ([`datatypes`]), undeclared terms with a suggestion ([`terms`]) and
//! circular support ([`cycles`], linear where a property path per claim was not). A `.rq` check
//! whose header says `# engine: rust` is described by its file and run in Rust, its query kept
//! as the specification the Rust must match: dangling references ([`dangling`]) and the checks
//! of a claim, inference or conflict with a part missing ([`structure`]), which share the one
//! pass over every quad ([`scan`]) with the literal and term checks. Both kinds
//! implement [`Check`] and produce [`Hit`]s, which the runner turns into [`Finding`]s: the node as a
//! prefixed name, the graph and file it is described in, and a one-line fix.
//!
//! The map is measured against the bundled ontology, which [`run`] therefore always loads, also
//! under `--no-bundled` (then only the article graphs are left out): `argmap check --no-bundled
//! --data my-map.ttl` checks `my-map.ttl` alone against the vocabulary.
//!
//! ```
//! use argmap::check::{self, CheckOptions, Severity};
//! use argmap::store::ArgStore;
//!
//! let mut store = ArgStore::with_bundled()?;
//! let report = check::run(&mut store, &CheckOptions::default())?;
//! // The bundled maps are kept free of errors (warnings are allowed).
//! assert_eq!(report.count(Severity::Error), 0, "{}", report.to_text());
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod cycles;
mod dangling;
pub mod datatypes;
pub mod quotes;
pub mod scan;
pub mod sparql;
mod structure;
pub mod terms;

use crate::query::DERIVED_GRAPH;
use crate::render::term_text;
use crate::store::{ArgStore, Origin, StoreError};
use crate::workspace::META_GRAPH;
use oxigraph::model::{
    BlankNodeRef, GraphName, GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::StorageError;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::str::FromStr;

/// Prefix of the graph IRIs of the bundled ontology files.
pub const ONTOLOGY_GRAPH_BASE: &str = "https://w3id.org/argmap/bundled/ontology/";

/// Errors that stop a check run (a finding is not an error: it is the result).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A `.rq` check is malformed or fails to run.
    #[error(transparent)]
    Sparql(#[from] sparql::SparqlCheckError),
    /// The source texts cannot be read.
    #[error(transparent)]
    Quotes(#[from] quotes::QuoteError),
    /// The session could not be prepared (loading the ontology).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store failed while a check read it.
    #[error("storage error while checking: {0}")]
    Storage(#[from] StorageError),
    /// The query engine failed while a check read the store.
    #[error("cannot read {what} while checking: {message}")]
    Read {
        /// What was being read (`graph <…>`, …).
        what: String,
        /// What failed.
        message: String,
    },
    /// The report could not be written.
    #[error("cannot write the report: {0}")]
    Io(#[from] io::Error),
}

/// How bad a finding is. Errors make `argmap check` exit with 1; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The map is wrong: a broken inference, a dangling reference, a misquote.
    Error,
    /// The map is probably incomplete: an orphan claim, an unattributed claim.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "error" => Ok(Self::Error),
            "warning" => Ok(Self::Warning),
            other => Err(format!("severity {other:?} is neither error nor warning")),
        }
    }
}

/// What a check is about, as its header (or its Rust definition) states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckInfo {
    /// Stable name, e.g. `inference-without-premise`.
    pub name: String,
    /// Severity of every finding of this check.
    pub severity: Severity,
    /// What is wrong, in a few words ("an inference has no premise").
    pub description: String,
    /// One line on how to fix it.
    pub fix: String,
    /// Where the check is defined: its `.rq` path, or `rust`.
    pub defined_in: String,
}

/// One offending node, as a check reports it; the runner adds locations and prefixed names.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The node that is wrong.
    pub node: Term,
    /// Other nodes involved (the referrer of a dangling reference, the cycle's members, ...).
    pub related: Vec<Term>,
    /// Specifics of this finding.
    pub detail: Option<String>,
    /// A fix more precise than the check's general one ("set oa:start 12 ; oa:end 40").
    pub fix: Option<String>,
    /// The graph the problem is in, when the check knows it better than "where the node is
    /// described".
    pub graph: Option<NamedNode>,
}

impl Hit {
    /// A hit on `node` with nothing else said.
    pub fn new(node: impl Into<Term>) -> Self {
        Self {
            node: node.into(),
            related: Vec::new(),
            detail: None,
            fix: None,
            graph: None,
        }
    }

    /// Adds a related node.
    #[must_use]
    pub fn related(mut self, term: impl Into<Term>) -> Self {
        self.related.push(term.into());
        self
    }

    /// Sets the detail.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets a specific fix.
    #[must_use]
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Sets the graph.
    #[must_use]
    pub fn in_graph(mut self, graph: Option<NamedNode>) -> Self {
        self.graph = graph;
        self
    }
}

/// One check: SPARQL-defined or Rust, behind the same interface.
pub trait Check {
    /// Name, severity, description, fix.
    fn info(&self) -> &CheckInfo;
    /// The offending nodes in the session.
    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError>;
}

/// Options of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A folder of source texts, searched before the bundled `sources/`.
    pub sources: Option<PathBuf>,
}

/// What checks may look at: the session and the source texts.
pub struct Context<'a> {
    /// The session under check.
    pub store: &'a ArgStore,
    /// The source texts quotes are verified against.
    pub sources: quotes::SourceTexts,
    quote_problems: std::cell::OnceCell<Vec<quotes::QuoteProblem>>,
    scan: std::cell::OnceCell<scan::Scan>,
}

impl<'a> Context<'a> {
    /// A context over `store`, with the source texts of `options`.
    pub fn new(store: &'a ArgStore, options: &CheckOptions) -> Result<Self, CheckError> {
        Ok(Self {
            store,
            sources: quotes::SourceTexts::new(options.sources.clone())?,
            quote_problems: std::cell::OnceCell::new(),
            scan: std::cell::OnceCell::new(),
        })
    }

    /// Quote verification runs once; its four checks each report their kind of problem.
    pub(crate) fn quote_problems(&self) -> Result<&[quotes::QuoteProblem], CheckError> {
        if self.quote_problems.get().is_none() {
            let problems = quotes::verify_all(self)?;
            // Cannot be set already: this is the only place that sets it.
            let _ = self.quote_problems.set(problems);
        }
        Ok(self.quote_problems.get().map_or(&[], Vec::as_slice))
    }

    /// The pass over every quad runs once; its three checks each take their hits.
    pub(crate) fn scan(&self) -> Result<&scan::Scan, CheckError> {
        if let Some(found) = self.scan.get() {
            return Ok(found);
        }
        let found = scan::run(self)?;
        Ok(self.scan.get_or_init(|| found))
    }

    /// Every quad of the data and ontology graphs, without the derived graph and the store's
    /// own records, read as a stream: a check over a million-claim store holds one quad at a
    /// time, not all of them.
    pub fn quads(&self) -> impl Iterator<Item = Result<Quad, StorageError>> + '_ {
        self.store.oxigraph().iter().filter(|quad| {
            quad.as_ref()
                .map_or(true, |q| !is_bookkeeping(q.graph_name.as_ref()))
        })
    }

    /// The quads with `subject` as subject, outside the derived graph.
    pub fn quads_about(&self, subject: NamedOrBlankNodeRef<'_>) -> Result<Vec<Quad>, StorageError> {
        self.store
            .oxigraph()
            .quads_for_pattern(Some(subject), None, None, None)
            .filter(|q| {
                q.as_ref()
                    .map_or(true, |q| !is_bookkeeping(q.graph_name.as_ref()))
            })
            .collect()
    }

    /// The quads with `object` as object, outside the derived graph.
    pub fn quads_pointing_at(&self, object: TermRef<'_>) -> Result<Vec<Quad>, StorageError> {
        self.store
            .oxigraph()
            .quads_for_pattern(None, None, Some(object), None)
            .filter(|q| {
                q.as_ref()
                    .map_or(true, |q| !is_bookkeeping(q.graph_name.as_ref()))
            })
            .collect()
    }

    /// How a node reads in a report: a prefixed name, or for a blank node the path from the
    /// nearest named node (`[] (ex:c1 arg:quote/oa:hasSelector)`).
    pub fn node_text(&self, term: TermRef<'_>) -> String {
        match term {
            TermRef::BlankNode(blank) => self.blank_text(blank),
            other => term_text(other, self.store.prefixes()),
        }
    }

    fn blank_text(&self, blank: BlankNodeRef<'_>) -> String {
        let prefixes = self.store.prefixes();
        let mut path = Vec::new();
        let mut current: Term = blank.into_owned().into();
        for _ in 0..6 {
            let Ok(parents) = self.quads_pointing_at(current.as_ref()) else {
                break;
            };
            let Some(parent) = parents.into_iter().min_by_key(|q| q.to_string()) else {
                break;
            };
            path.push(term_text(parent.predicate.as_ref().into(), prefixes));
            current = parent.subject.into();
            if let Term::NamedNode(root) = &current {
                path.reverse();
                return format!(
                    "[] ({} {})",
                    term_text(root.as_ref().into(), prefixes),
                    path.join("/")
                );
            }
        }
        format!("_:{}", blank.as_str())
    }

    /// The graphs a hit is located in: its own, or where its node is described, or else
    /// where it is referred to.
    fn locations(&self, hit: &Hit) -> Result<Vec<Location>, StorageError> {
        let mut graphs: BTreeSet<NamedNode> = BTreeSet::new();
        if let Some(graph) = &hit.graph {
            graphs.insert(graph.clone());
        } else {
            let described = match hit.node.as_ref() {
                TermRef::NamedNode(n) => self.quads_about(n.into())?,
                TermRef::BlankNode(b) => self.quads_about(b.into())?,
                _ => Vec::new(),
            };
            let quads = if described.is_empty() {
                self.quads_pointing_at(hit.node.as_ref())?
            } else {
                described
            };
            for quad in quads {
                if let GraphName::NamedNode(graph) = quad.graph_name {
                    graphs.insert(graph);
                }
            }
        }
        Ok(graphs
            .into_iter()
            .map(|graph| {
                let file = match self.store.origin(&graph) {
                    Some(Origin::Bundled(path)) => Some((*path).to_owned()),
                    Some(Origin::Session(source) | Origin::Workspace(source)) => {
                        Some(source.clone())
                    }
                    Some(Origin::Derived) | None => None,
                };
                Location {
                    graph: graph.into_string(),
                    file,
                }
            })
            .collect())
    }

    fn finding(&self, info: &CheckInfo, hit: Hit) -> Result<Finding, StorageError> {
        let locations = self.locations(&hit)?;
        let mut related: Vec<String> = hit
            .related
            .iter()
            .map(|t| self.node_text(t.as_ref()))
            .collect();
        related.sort();
        related.dedup();
        Ok(Finding {
            check: info.name.clone(),
            severity: info.severity,
            node: self.node_text(hit.node.as_ref()),
            node_iri: match &hit.node {
                Term::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            },
            related,
            message: info.description.clone(),
            detail: hit.detail.map(|d| compact_iris(&d, self.store.prefixes())),
            fix: hit.fix.unwrap_or_else(|| info.fix.clone()),
            locations,
        })
    }
}

/// Writes every `<IRI>` in a message as a prefixed name where one fits, so that SPARQL checks
/// can name properties in `?detail`.
///
/// ```
/// # use argmap::check::compact_iris;
/// # use argmap::prefixes::Prefixes;
/// let p = Prefixes::standard();
/// assert_eq!(
///     compact_iris("the object of <https://w3id.org/argmap#mentions>, not <x y>", &p),
///     "the object of arg:mentions, not <x y>"
/// );
/// ```
pub fn compact_iris(text: &str, prefixes: &crate::prefixes::Prefixes) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close)
                if after[..close].contains(':')
                    && !after[..close].contains(char::is_whitespace) =>
            {
                let iri = &after[..close];
                match prefixes.compact(iri) {
                    Some(name) => out.push_str(&name),
                    None => {
                        out.push('<');
                        out.push_str(iri);
                        out.push('>');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Graphs that are not data: the derived shortcuts and the workspace's records.
fn is_bookkeeping(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(g) if g.as_str() == DERIVED_GRAPH || g.as_str() == META_GRAPH)
}

/// Whether a graph holds the bundled ontology.
pub fn is_ontology_graph(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(g) if g.as_str().starts_with(ONTOLOGY_GRAPH_BASE))
}

/// A graph a finding is in, and the file that graph was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The graph IRI.
    pub graph: String,
    /// The bundled path, `--data` path or workspace source of that graph.
    pub file: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.graph)?;
        if let Some(file) = &self.file {
            write!(f, " ({file})")?;
        }
        Ok(())
    }
}

/// One problem found in the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check that found it.
    pub check: String,
    /// Error or warning.
    pub severity: Severity,
    /// The node concerned, as a prefixed name (or a path for a blank node).
    pub node: String,
    /// The node's full IRI, unless it is a blank node.
    pub node_iri: Option<String>,
    /// Other nodes involved, as prefixed names.
    pub related: Vec<String>,
    /// What is wrong (the check's description).
    pub message: String,
    /// Specifics of this finding.
    pub detail: Option<String>,
    /// How to fix it.
    pub fix: String,
    /// Where the node is described.
    pub locations: Vec<Location>,
}

impl Finding {
    /// The headline, compiler style:
    /// `error[check]: node in <graph> (file): message`.
    pub fn headline(&self) -> String {
        let mut line = format!("{}[{}]: {}", self.severity, self.check, self.node);
        if !self.locations.is_empty() {
            let places: Vec<String> = self.locations.iter().map(Location::to_string).collect();
            line.push_str(" in ");
            line.push_str(&places.join(", "));
        }
        line.push_str(": ");
        line.push_str(&self.message);
        line
    }
}

/// The result of a check run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every finding, errors first, then by check and node.
    pub findings: Vec<Finding>,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Names of the checks that ran.
    pub checks: Vec<String>,
    /// Number of named graphs checked (the derived graph excluded).
    pub graphs: usize,
}

impl Report {
    /// Findings of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
        }
    }

    /// Whether `argmap check` should fail.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The summary line: `2 errors, 1 warning in 5 graphs (18 checks)`.
    pub fn summary(&self) -> String {
        fn plural(n: usize, what: &str) -> String {
            format!("{n} {what}{}", if n == 1 { "" } else { "s" })
        }
        let found = if self.findings.is_empty() {
            "no problems".to_owned()
        } else {
            format!(
                "{}, {}",
                plural(self.errors, "error"),
                plural(self.warnings, "warning")
            )
        };
        format!(
            "{found} in {} ({})",
            plural(self.graphs, "graph"),
            plural(self.checks.len(), "check")
        )
    }

    /// The report for people, like a compiler's.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for finding in &self.findings {
            out.push_str(&finding.headline());
            out.push('\n');
            if !finding.related.is_empty() {
                out.push_str(&format!("  = related: {}\n", finding.related.join(", ")));
            }
            if let Some(detail) = &finding.detail {
                out.push_str(&format!("  = note: {detail}\n"));
            }
            out.push_str(&format!("  = fix: {}\n\n", finding.fix));
        }
        out.push_str(&format!("check: {}\n", self.summary()));
        out
    }

    /// Writes the text report.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.to_text().as_bytes())
    }

    /// Writes the report as one JSON object (`findings`, `errors`, `warnings`, `checks`,
    /// `graphs`).
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")
    }
}

/// Every check: the bundled `.rq` checks, then the Rust ones, sorted by name.
pub fn all() -> Result<Vec<Box<dyn Check>>, CheckError> {
    let mut checks: Vec<Box<dyn Check>> = Vec::new();
    for check in sparql::bundled()? {
        match check.engine() {
            sparql::Engine::Sparql => checks.push(Box::new(check)),
            sparql::Engine::Rust => checks.push(in_rust(check)?),
        }
    }
    checks.push(Box::new(cycles::CircularSupport::new()));
    checks.push(Box::new(datatypes::InvalidLiteral::new()));
    checks.push(Box::new(terms::UndeclaredTerm::new()));
    for check in quotes::checks() {
        checks.push(Box::new(check));
    }
    checks.sort_by(|a, b| a.info().name.cmp(&b.info().name));
    Ok(checks)
}

/// The Rust implementation of a `.rq` check whose header says `# engine: rust`.
fn in_rust(check: sparql::SparqlCheck) -> Result<Box<dyn Check>, CheckError> {
    let info = check.info().clone();
    let file = info.defined_in.clone();
    let name = info.name.clone();
    match scan::InPass::new(info) {
        Some(check) => Ok(Box::new(check)),
        None => Err(sparql::SparqlCheckError::Header {
            message: format!("`# engine: rust`, but argmap has no Rust implementation of {name:?}"),
            file,
        }
        .into()),
    }
}

/// Runs every check over the session and collects the findings.
///
/// Loads the bundled ontology first if the session lacks it (see the module documentation).
pub fn run(store: &mut ArgStore, options: &CheckOptions) -> Result<Report, CheckError> {
    store.ensure_bundled_ontology()?;
    let checks = all()?;
    let context = Context::new(store, options)?;
    let mut findings = Vec::new();
    for check in &checks {
        for hit in check.run(&context)? {
            findings.push(context.finding(check.info(), hit)?);
        }
    }
    findings.sort_by(|a, b| {
        (a.severity, &a.check, &a.locations, &a.node, &a.detail).cmp(&(
            b.severity,
            &b.check,
            &b.locations,
            &b.node,
            &b.detail,
        ))
    });
    findings.dedup();
    let graphs = store
        .graph_names()?
        .iter()
        .filter(|graph| !is_bookkeeping(graph.as_ref()))
        .count();
    Ok(Report {
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        findings,
        checks: checks.iter().map(|c| c.info().name.clone()).collect(),
        graphs,
    })
}
