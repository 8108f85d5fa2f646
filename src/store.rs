//! The dataset a session works on: the bundled graphs, the user's files, the workspace, and the
//! derived shortcuts, behind one small type.
//!
//! [`ArgStore`] is the only type that touches the Oxigraph store. Every change (load or update)
//! runs in a transaction; the workspace is saved from inside that transaction before it commits,
//! so a change that fails — a syntax error in the third file, a full disk, an update that would
//! modify a bundled graph — leaves both the memory and the disk exactly as they were.

use crate::bundled::{self, GRAPH_BASE};
use crate::format::InputFormat;
use crate::load::{self, Input, LoadError, Parsed};
use crate::prefixes::Prefixes;
use crate::query::{self, DERIVED_GRAPH, QueryError, QueryOutcome, QueryRequest};
use crate::render::{self, RenderError};
use crate::rules::{self, Derivation, RuleError};
use crate::workspace::{self, Access, Workspace, WorkspaceError};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, QuadRef};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of the dataset.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An input file is missing or broken.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The workspace cannot be opened or saved.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// A query or update failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The rules failed (a bug in `ontology/rules/`).
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// Output failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A change would touch a graph the user cannot change.
    #[error("{graph} is {why}; nothing was changed. Write to a graph of your own instead")]
    Protected { graph: String, why: &'static str },
    /// A `--graph` that names no graph.
    #[error("no graph {given:?}; the graphs are:\n  {}", known.join("\n  "))]
    UnknownGraph { given: String, known: Vec<String> },
    /// A `--graph` that names several graphs.
    #[error("{given:?} matches several graphs; use one of:\n  {}", matches.join("\n  "))]
    AmbiguousGraph { given: String, matches: Vec<String> },
    /// A graph name that is not an absolute IRI.
    #[error("{given:?} is not a graph IRI: {message}")]
    BadGraphIri { given: String, message: String },
    /// The underlying store failed.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
}

/// Where a named graph comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary, read-only.
    Bundled(&'static str),
    /// This session only, never saved: a `--data` file, or a load or update made without a
    /// writable workspace. Holds the file path, or `update`.
    Session(String),
    /// Saved in the workspace; the file it was loaded from, or `update`.
    Workspace(String),
    /// Computed by the rules after every change.
    Derived,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bundled(path) => write!(f, "bundled {path}"),
            Self::Session(source) => write!(f, "this session only, from {source}"),
            Self::Workspace(source) => write!(f, "store, from {source}"),
            Self::Derived => f.write_str("derived by ontology/rules"),
        }
    }
}

/// What to put in a new session.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Load the bundled ontology and graphs.
    pub bundled: bool,
    /// `--data` files or folders (each file in its own graph, this session only).
    pub data: Vec<PathBuf>,
    /// `--store` workspace, and whether this session may write it.
    pub store: Option<(PathBuf, Access)>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            bundled: true,
            data: Vec::new(),
            store: None,
        }
    }
}

/// One graph written by a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The graph.
    pub graph: NamedNode,
    /// Its triples after the load.
    pub triples: usize,
    /// Whether the graph existed before (and was replaced).
    pub replaced: bool,
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateSummary {
    /// Quads (outside the derived graph) before and after.
    pub before: usize,
    /// See `before`.
    pub after: usize,
    /// Whether the change was saved to the workspace.
    pub saved: bool,
}

/// A named graph (or the default graph) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSummary {
    /// The graph.
    pub graph: GraphName,
    /// Its triple count.
    pub triples: usize,
    /// Where it comes from, in words.
    pub origin: String,
}

/// The dataset of a session.
pub struct ArgStore {
    store: Store,
    origins: BTreeMap<NamedNode, Origin>,
    prefixes: Prefixes,
    workspace: Option<Workspace>,
    /// Prefixes declared by files loaded into the workspace, saved with it.
    saved_prefixes: Vec<(String, String)>,
}

impl fmt::Debug for ArgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArgStore")
            .field("graphs", &self.origins.len())
            .field("workspace", &self.workspace)
            .finish_non_exhaustive()
    }
}

impl ArgStore {
    /// An empty session: the standard prefixes, no graphs.
    pub fn empty() -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::new()?,
            origins: BTreeMap::new(),
            prefixes: Prefixes::standard(),
            workspace: None,
            saved_prefixes: Vec::new(),
        })
    }

    /// The bundled ontology and graphs, with the shortcuts derived.
    pub fn with_bundled() -> Result<Self, StoreError> {
        Self::open(&OpenOptions::default())
    }

    /// A session as the command line describes it: bundled graphs, `--data`, `--store`.
    pub fn open(options: &OpenOptions) -> Result<Self, StoreError> {
        let mut this = Self::empty()?;
        if options.bundled {
            this.load_bundled()?;
        }
        if let Some((path, access)) = &options.store {
            let workspace = Workspace::open(path.clone(), *access)?;
            let contents = workspace.read()?;
            let mut graphs: BTreeSet<NamedNode> = contents.sources.keys().cloned().collect();
            for quad in &contents.quads {
                if let GraphName::NamedNode(graph) = &quad.graph_name {
                    graphs.insert(graph.clone());
                }
            }
            for graph in graphs {
                let source = contents
                    .sources
                    .get(&graph)
                    .cloned()
                    .unwrap_or_else(|| "update".to_owned());
                this.origins.insert(graph, Origin::Workspace(source));
            }
            this.store.extend(contents.quads)?;
            for (name, iri) in &contents.prefixes {
                this.prefixes.declare(name, iri, "store");
            }
            this.saved_prefixes = contents.prefixes;
            this.workspace = Some(workspace);
        }
        if !options.data.is_empty() {
            let mut parsed = Vec::new();
            for path in &options.data {
                for file in load::expand_path(path)? {
                    parsed.push(parse_user_file(&file, None)?);
                }
            }
            this.ingest(parsed, false)?;
        } else {
            this.derive()?;
        }
        Ok(this)
    }

    fn load_bundled(&mut self) -> Result<(), StoreError> {
        self.load_bundled_under("")
    }

    /// Loads the bundled RDF files whose path starts with `folder` (`""` for all).
    fn load_bundled_under(&mut self, folder: &str) -> Result<(), StoreError> {
        let mut quads = Vec::new();
        for (file, format) in bundled::rdf_files().filter(|(file, _)| file.path.starts_with(folder))
        {
            let parsed = load::parse_bundled(file, format)?;
            for (name, iri) in &parsed.prefixes {
                self.prefixes.declare(name, iri, file.path);
            }
            quads.extend(parsed.quads);
            self.origins
                .insert(file.graph_iri(), Origin::Bundled(file.path));
        }
        let mut loader = self.store.bulk_loader();
        loader.load_quads(quads)?;
        loader.commit()?;
        Ok(())
    }

    /// Adds the bundled ontology if none of it is loaded (a `--no-bundled` session) and
    /// re-derives the shortcuts; returns whether it was added.
    ///
    /// `argmap check` measures a map against the vocabulary, so it needs the ontology even when
    /// the user's files are checked alone.
    pub fn ensure_bundled_ontology(&mut self) -> Result<bool, StoreError> {
        let loaded = self
            .origins
            .values()
            .any(|origin| matches!(origin, Origin::Bundled(path) if path.starts_with("ontology/")));
        if loaded || bundled::rdf_files().all(|(file, _)| !file.path.starts_with("ontology/")) {
            return Ok(false);
        }
        self.load_bundled_under("ontology/")?;
        self.derive()?;
        Ok(true)
    }

    /// The prefixes of this session.
    pub fn prefixes(&self) -> &Prefixes {
        &self.prefixes
    }

    /// The Oxigraph store, for running queries on another thread (it is a cheap handle).
    pub fn oxigraph(&self) -> &Store {
        &self.store
    }

    /// The workspace, if the session has one.
    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    /// Where a graph comes from, if argmap knows.
    pub fn origin(&self, graph: &NamedNode) -> Option<&Origin> {
        self.origins.get(graph)
    }

    /// Runs a query to completion.
    pub fn query(&self, request: &QueryRequest) -> Result<QueryOutcome, QueryError> {
        query::execute(&self.store, &self.prefixes, request, None)
    }

    /// Recomputes the derived shortcuts from the current data.
    pub fn derive(&self) -> Result<Derivation, StoreError> {
        Ok(rules::derive(
            &self.store,
            &self.prefixes,
            &rules::bundled(),
        )?)
    }

    /// Loads files (or folders) into their graphs, replacing what those graphs held.
    ///
    /// With a writable workspace the change is saved; otherwise it lasts for this session. All
    /// files are parsed before anything changes: one bad file loads nothing.
    pub fn load_files(
        &mut self,
        paths: &[PathBuf],
        graph: Option<NamedNode>,
    ) -> Result<Vec<Loaded>, StoreError> {
        let mut parsed = Vec::new();
        for path in paths {
            for file in load::expand_path(path)? {
                parsed.push(parse_user_file(&file, graph.clone())?);
            }
        }
        let persist = self.workspace.as_ref().is_some_and(Workspace::is_writable);
        self.ingest(parsed, persist)
    }

    /// Puts parsed files into the store in one transaction, saving first if `persist`.
    fn ingest(
        &mut self,
        files: Vec<(PathBuf, Parsed)>,
        persist: bool,
    ) -> Result<Vec<Loaded>, StoreError> {
        let targets: BTreeSet<NamedNode> = files
            .iter()
            .flat_map(|(_, parsed)| parsed.graphs.iter().cloned())
            .collect();
        for graph in &targets {
            self.check_writable(graph)?;
        }
        let mut new_origins = BTreeMap::new();
        for (path, parsed) in &files {
            // A workspace outlives the current folder: it records absolute paths.
            let origin = if persist {
                let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                Origin::Workspace(absolute.display().to_string())
            } else {
                Origin::Session(path.display().to_string())
            };
            for graph in &parsed.graphs {
                new_origins.insert(graph.clone(), origin.clone());
            }
        }
        let mut transaction = self.store.start_transaction()?;
        let mut replaced = BTreeSet::new();
        for graph in &targets {
            if self.store.contains_named_graph(graph)? {
                replaced.insert(graph.clone());
            }
            transaction.clear_graph(graph)?;
        }
        let mut new_prefixes = Vec::new();
        for (path, parsed) in files {
            transaction.extend(&parsed.quads);
            for (name, iri) in parsed.prefixes {
                if self
                    .prefixes
                    .declare(&name, &iri, &path.display().to_string())
                    && persist
                {
                    new_prefixes.push((name, iri));
                }
            }
        }
        let mut origins = self.origins.clone();
        origins.extend(new_origins);
        if persist {
            let mut saved_prefixes = self.saved_prefixes.clone();
            saved_prefixes.extend(new_prefixes);
            self.save(&transaction, &origins, &saved_prefixes)?;
            self.saved_prefixes = saved_prefixes;
        }
        let mut loaded = Vec::new();
        for graph in &targets {
            loaded.push(Loaded {
                graph: graph.clone(),
                triples: count_in(&transaction, graph.into())?,
                replaced: replaced.contains(graph),
            });
        }
        transaction.commit()?;
        self.origins = origins;
        self.derive()?;
        Ok(loaded)
    }

    /// Runs a SPARQL UPDATE. Its WHERE clauses see all graphs; its writes may not touch a
    /// bundled or derived graph. With a writable workspace the result is saved.
    pub fn update(&mut self, text: &str) -> Result<UpdateSummary, StoreError> {
        self.update_cancellable(text, None)
    }

    /// [`Self::update`], stopped when `token` is cancelled (see [`crate::budget`]).
    pub fn update_cancellable(
        &mut self,
        text: &str,
        token: Option<oxigraph::sparql::CancellationToken>,
    ) -> Result<UpdateSummary, StoreError> {
        let prepared = query::prepare_update_cancellable(&self.prefixes, text, token)?;
        let protected: Vec<NamedNode> = self
            .origins
            .iter()
            .filter(|(_, origin)| matches!(origin, Origin::Bundled(_)))
            .map(|(graph, _)| graph.clone())
            .chain([NamedNode::new_unchecked(DERIVED_GRAPH)])
            .collect();
        let before_prints = protected
            .iter()
            .map(|g| {
                fingerprint(
                    self.store
                        .quads_for_pattern(None, None, None, Some(g.into())),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let before = self.store.len()? - rules::derived_len(&self.store)?;

        let mut transaction = self.store.start_transaction()?;
        prepared
            .on_transaction(&mut transaction)
            .execute()
            .map_err(QueryError::from)?;
        for (graph, print) in protected.iter().zip(&before_prints) {
            let after =
                fingerprint(transaction.quads_for_pattern(None, None, None, Some(graph.into())))?;
            if after != *print {
                let why = if graph.as_str() == DERIVED_GRAPH {
                    "derived by the rules and recomputed after every change"
                } else {
                    "bundled with argmap and read-only"
                };
                return Err(StoreError::Protected {
                    graph: format!("<{}>", graph.as_str()),
                    why,
                });
            }
        }
        let mut origins = self.origins.clone();
        let persist = self.workspace.as_ref().is_some_and(Workspace::is_writable);
        for graph in transaction.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph?
                && graph.as_str() != DERIVED_GRAPH
            {
                origins.entry(graph).or_insert_with(|| {
                    let source = "update".to_owned();
                    if persist {
                        Origin::Workspace(source)
                    } else {
                        Origin::Session(source)
                    }
                });
            }
        }
        let derived_now = count_in(
            &transaction,
            GraphNameRef::NamedNode(oxigraph::model::NamedNodeRef::new_unchecked(DERIVED_GRAPH)),
        )?;
        let after = transaction.len()? - derived_now;
        if persist {
            self.save(&transaction, &origins, &self.saved_prefixes)?;
        }
        transaction.commit()?;
        self.origins = origins;
        self.derive()?;
        Ok(UpdateSummary {
            before,
            after,
            saved: persist,
        })
    }

    /// Refuses loads into graphs the user cannot change.
    fn check_writable(&self, graph: &NamedNode) -> Result<(), StoreError> {
        let why = match self.origins.get(graph) {
            Some(Origin::Bundled(_)) => Some("bundled with argmap and read-only"),
            _ if graph.as_str() == DERIVED_GRAPH => {
                Some("derived by the rules and recomputed after every change")
            }
            _ if graph.as_str() == workspace::META_GRAPH => {
                Some("reserved for the store's own records")
            }
            _ if graph.as_str().starts_with(GRAPH_BASE) => Some("reserved for bundled files"),
            _ => None,
        };
        match why {
            Some(why) => Err(StoreError::Protected {
                graph: format!("<{}>", graph.as_str()),
                why,
            }),
            None => Ok(()),
        }
    }

    /// Saves what the transaction sees: every graph that is not bundled, derived or `--data`.
    fn save(
        &self,
        transaction: &Transaction<'_>,
        origins: &BTreeMap<NamedNode, Origin>,
        prefixes: &[(String, String)],
    ) -> Result<(), StoreError> {
        let Some(workspace) = &self.workspace else {
            return Ok(());
        };
        let keep = |graph: &GraphName| match graph {
            GraphName::DefaultGraph => true,
            GraphName::NamedNode(node) => match origins.get(node) {
                Some(Origin::Workspace(_)) | None => node.as_str() != DERIVED_GRAPH,
                Some(_) => false,
            },
            GraphName::BlankNode(_) => true,
        };
        let mut quads = Vec::new();
        for quad in transaction.iter() {
            let quad = quad?;
            if keep(&quad.graph_name) {
                quads.push(quad);
            }
        }
        let sources: BTreeMap<NamedNode, String> = origins
            .iter()
            .filter_map(|(graph, origin)| match origin {
                Origin::Workspace(source) => Some((graph.clone(), source.clone())),
                _ => None,
            })
            .collect();
        workspace.save(quads.iter().map(Quad::as_ref), &sources, prefixes)?;
        Ok(())
    }

    /// Every graph with content (and the default graph if it has any), with counts and origins.
    pub fn graphs(&self) -> Result<Vec<GraphSummary>, StoreError> {
        let mut counts: BTreeMap<String, (GraphName, usize)> = BTreeMap::new();
        for quad in self.store.iter() {
            let graph = quad?.graph_name;
            counts.entry(graph.to_string()).or_insert((graph, 0)).1 += 1;
        }
        Ok(counts
            .into_values()
            .map(|(graph, triples)| {
                let origin = match &graph {
                    GraphName::NamedNode(node) => match self.origins.get(node) {
                        Some(origin) => origin.to_string(),
                        None if node.as_str() == DERIVED_GRAPH => Origin::Derived.to_string(),
                        None => "created by an update".to_owned(),
                    },
                    GraphName::DefaultGraph => "default graph (updates without GRAPH)".to_owned(),
                    GraphName::BlankNode(_) => "blank-node graph from a dataset file".to_owned(),
                };
                GraphSummary {
                    graph,
                    triples,
                    origin,
                }
            })
            .collect())
    }

    /// Finds the graph a user means: a full IRI (with or without `<>`), a prefixed name, or
    /// an unambiguous ending such as `ofwono-2024/author` or `graphs/ofwono-2024/author.ttl`.
    pub fn resolve_graph(&self, given: &str) -> Result<NamedNode, StoreError> {
        let trimmed = given.trim().trim_start_matches('<').trim_end_matches('>');
        let mut known: Vec<NamedNode> = Vec::new();
        for graph in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(node) = graph? {
                known.push(node);
            }
        }
        known.sort();
        let expanded = self.prefixes.expand(trimmed);
        if let Some(exact) = known
            .iter()
            .find(|g| g.as_str() == trimmed || Some(g.as_str()) == expanded.as_deref())
        {
            return Ok(exact.clone());
        }
        // `graphs/x.ttl` names the bundled graph `.../bundled/graphs/x`.
        let stem = trimmed
            .rsplit_once('.')
            .filter(|(_, ext)| !ext.contains('/'))
            .map_or(trimmed, |(stem, _)| stem);
        let matches: Vec<&NamedNode> = known
            .iter()
            .filter(|g| {
                let iri = g.as_str();
                let bundled = iri.starts_with(GRAPH_BASE);
                iri.ends_with(&format!("/{trimmed}"))
                    || iri.ends_with(&format!("#{trimmed}"))
                    || (bundled && iri.ends_with(&format!("/{stem}")))
            })
            .collect();
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(StoreError::UnknownGraph {
                given: given.to_owned(),
                known: known.iter().map(|g| g.as_str().to_owned()).collect(),
            }),
            many => Err(StoreError::AmbiguousGraph {
                given: given.to_owned(),
                matches: many.iter().map(|g| g.as_str().to_owned()).collect(),
            }),
        }
    }

    /// Writes the dataset (derived graph excluded) or one graph, sorted, with its prefixes.
    pub fn export(
        &self,
        graph: Option<&NamedNode>,
        format: RdfFormat,
        out: &mut dyn Write,
    ) -> Result<(), StoreError> {
        let mut quads = Vec::new();
        let pattern = graph.map(|g| GraphNameRef::NamedNode(g.as_ref()));
        for quad in self.store.quads_for_pattern(None, None, None, pattern) {
            let quad = quad?;
            let derived =
                matches!(&quad.graph_name, GraphName::NamedNode(g) if g.as_str() == DERIVED_GRAPH);
            if graph.is_some() || !derived {
                quads.push(quad);
            }
        }
        render::write_quads(&quads, format, &self.prefixes, out)?;
        Ok(())
    }
}

/// Parses a user file into its graph (`graph`, or the file's own `file:` IRI).
fn parse_user_file(path: &Path, graph: Option<NamedNode>) -> Result<(PathBuf, Parsed), StoreError> {
    let text = load::read_file(path)?;
    let format = match crate::format::input_format_for_path(path).map_err(LoadError::from)? {
        InputFormat::Rdf(RdfFormat::JsonLd { .. }) if has_extension(path, "json") => {
            crate::format::sniff_json(&text)
        }
        other => other,
    };
    let graph = graph.unwrap_or_else(|| load::graph_for_file(path));
    let parsed = load::parse_input(&Input {
        name: path.display().to_string(),
        text: &text,
        format,
        base_iri: load::file_url(path),
        graph,
    })?;
    Ok((path.to_owned(), parsed))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Parses a graph IRI the user typed for a graph that may not exist yet (`load --graph`).
pub fn parse_graph_iri(given: &str, prefixes: &Prefixes) -> Result<NamedNode, StoreError> {
    let trimmed = given.trim().trim_start_matches('<').trim_end_matches('>');
    let iri = prefixes
        .expand(trimmed)
        .unwrap_or_else(|| trimmed.to_owned());
    NamedNode::new(&iri).map_err(|e| StoreError::BadGraphIri {
        given: given.to_owned(),
        message: e.to_string(),
    })
}

fn count_in(transaction: &Transaction<'_>, graph: GraphNameRef<'_>) -> Result<usize, StorageError> {
    let mut count = 0;
    for quad in transaction.quads_for_pattern(None, None, None, Some(graph)) {
        quad?;
        count += 1;
    }
    Ok(count)
}

/// An order-independent digest of a graph: its size and the sum of its quads' hashes.
fn fingerprint(
    quads: impl Iterator<Item = Result<Quad, StorageError>>,
) -> Result<(usize, u64), StorageError> {
    let mut count = 0;
    let mut sum = 0u64;
    for quad in quads {
        let quad = quad?;
        let mut hasher = DefaultHasher::new();
        QuadRef::from(&quad).hash(&mut hasher);
        sum = sum.wrapping_add(hasher.finish());
        count += 1;
    }
    Ok((count, sum))
}
