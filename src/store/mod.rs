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
use crate::render::RenderError;
use crate::rules::{self, Derivation, RuleError};
use crate::workspace::{Access, Workspace, WorkspaceError};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, Quad, QuadRef, Term};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "rocksdb")]
mod bulk;
pub mod change;
pub mod index;
pub mod kind;
pub mod reserved;
#[cfg(feature = "rocksdb")]
mod rocks;

pub use kind::Backend;
pub use reserved::EVAL_GRAPHS as EVAL_GRAPH_BASE;

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
    /// A store of a backend this build does not have.
    #[error(
        "store {} is a {found} store, and this argmap was built without it. Build argmap with \
         `cargo build --release --features rocksdb` (needs clang and libclang-dev), or move the \
         data: with such a build, `argmap export --store {} > data.trig`, then \
         `argmap load data.trig --store NEW-FOLDER` with this one",
        path.display(), path.display()
    )]
    NotBuilt { path: PathBuf, found: Backend },
    /// An option the on-disk store cannot honour.
    #[error("{what} cannot be used with the RocksDB store {}: {why}", path.display())]
    OnDisk {
        path: PathBuf,
        what: &'static str,
        why: &'static str,
    },
    /// A change through a read-only handle.
    #[error("store {} is open read-only (another argmap process writes it, or this user may not); nothing was changed", path.display())]
    ReadOnly { path: PathBuf },
    /// The underlying store failed.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    /// The argument index beside an on-disk store failed.
    #[error(transparent)]
    Index(#[from] index::IndexError),
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
    /// The backend of a store created now (`None`: [`Backend::for_new`]); an existing store keeps
    /// its own.
    pub backend: Option<Backend>,
    /// How long a writer waits for another process to release the store (`--wait`).
    pub wait: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            bundled: true,
            data: Vec::new(),
            store: None,
            backend: None,
            wait: Duration::ZERO,
        }
    }
}

/// How [`ArgStore::load_files_with_progress`] reads its files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Every statement into this graph, instead of one graph per file.
    pub graph: Option<NamedNode>,
    /// Read every file in this format, instead of the one its extension or content says.
    pub format: Option<InputFormat>,
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
    /// What the reader of its file tolerated (AIF repairs and skips), located in the file.
    pub warnings: Vec<load::Warning>,
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateSummary {
    /// Quads in the graphs the update writes, before and after (every graph outside the derived
    /// one when the update's text does not say which it writes).
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

/// How far a load got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// `files` of `of` files are read and parsed.
    Parsed { files: usize, of: usize },
    /// A streamed bulk load has read and sent on `bytes` of the `of` bytes of its files.
    Streamed { bytes: u64, of: u64 },
}

/// Where a load reports how far it got.
pub type Progress = Arc<dyn Fn(LoadProgress) + Send + Sync>;

/// Where the session's changes go.
#[derive(Debug)]
enum Persistence {
    /// Nowhere: this session only.
    Session,
    /// The in-memory store, saved whole to `dataset.nq` from inside each change's transaction.
    Nquads(Workspace),
    /// The store is RocksDB on disk: a committed change is saved.
    #[cfg(feature = "rocksdb")]
    Rocks(rocks::RocksWorkspace),
}

/// Records of an on-disk store, in its metadata graph beside the sources and prefixes.
#[cfg(feature = "rocksdb")]
const BUNDLE_STAMP: &str = "https://w3id.org/argmap/graph/workspace#bundleFingerprint";
#[cfg(feature = "rocksdb")]
const BUNDLED_PREFIXES: &str = "https://w3id.org/argmap/graph/workspace#bundledPrefixes";
/// Every graph's source in one literal (a JSON object, graph IRI to source), beside the one
/// record per graph: opening a corpus of ten thousand documents reads one value instead of
/// decoding ten thousand records (130 ms of a 160 ms query). Written with the records by every
/// change; a store without it (written by an older argmap) is read record by record.
#[cfg(feature = "rocksdb")]
const SOURCES_LISTED: &str = "https://w3id.org/argmap/graph/workspace#sources";

/// The dataset of a session.
pub struct ArgStore {
    store: Store,
    origins: BTreeMap<NamedNode, Origin>,
    prefixes: Prefixes,
    persistence: Persistence,
    /// Prefixes declared by files loaded into the workspace, saved with it.
    saved_prefixes: Vec<(String, String)>,
    /// Things the user should know about how the session was opened.
    notices: Vec<String>,
}

impl fmt::Debug for ArgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArgStore")
            .field("graphs", &self.origins.len())
            .field("persistence", &self.persistence)
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
            persistence: Persistence::Session,
            saved_prefixes: Vec::new(),
            notices: Vec::new(),
        })
    }

    /// An in-memory session holding a copy of another dataset (a remote endpoint's), with
    /// `prefixes`, and the shortcuts derived from it here: commands that read every quad
    /// (`check`) run on it exactly as on a local store.
    pub fn mirrored(
        quads: impl IntoIterator<Item = Quad>,
        prefixes: Prefixes,
    ) -> Result<Self, StoreError> {
        let mut this = Self::empty()?;
        this.prefixes = prefixes;
        this.store.extend(quads).map_err(StoreError::from)?;
        this.derive()?;
        Ok(this)
    }

    /// The bundled ontology and graphs, with the shortcuts derived.
    pub fn with_bundled() -> Result<Self, StoreError> {
        Self::open(&OpenOptions::default())
    }

    /// A session as the command line describes it: bundled graphs, `--data`, `--store`.
    pub fn open(options: &OpenOptions) -> Result<Self, StoreError> {
        let mut this = Self::empty()?;
        match &options.store {
            None => {
                if options.bundled {
                    this.load_bundled()?;
                }
                this.derive()?;
            }
            Some((path, access)) => {
                let existing = kind::detect(path).map_err(|source| WorkspaceError::Io {
                    path: path.clone(),
                    source,
                })?;
                let backend = existing
                    .or(options.backend)
                    .unwrap_or_else(Backend::for_new);
                if !backend.is_built() {
                    return Err(StoreError::NotBuilt {
                        path: path.clone(),
                        found: backend,
                    });
                }
                match backend {
                    Backend::Nquads => {
                        this.open_nquads(options, path, *access, existing.is_none())?
                    }
                    Backend::RocksDb => {
                        this.open_rocks(options, path, *access, existing.is_none())?
                    }
                }
            }
        }
        if !options.data.is_empty() {
            if this.is_on_disk() {
                return Err(StoreError::OnDisk {
                    path: this.workspace_path().unwrap_or_default(),
                    what: "--data",
                    why: "everything in it is saved; load the files into it with `argmap load`, \
                          or query them without --store",
                });
            }
            let mut parsed = Vec::new();
            for path in &options.data {
                for file in load::expand_path(path)? {
                    parsed.push(parse_user_file(&file, &LoadOptions::default())?);
                }
            }
            this.ingest(parsed, false)?;
        }
        Ok(this)
    }

    fn open_nquads(
        &mut self,
        options: &OpenOptions,
        path: &Path,
        access: Access,
        new: bool,
    ) -> Result<(), StoreError> {
        if options.bundled {
            self.load_bundled()?;
        }
        let workspace = Workspace::open_waiting(path.to_owned(), access, options.wait)?;
        if new && workspace.is_writable() {
            kind::write(path, Backend::Nquads).map_err(|source| WorkspaceError::Io {
                path: path.to_owned(),
                source,
            })?;
        }
        let contents = workspace.read()?;
        let mut graphs: BTreeSet<NamedNode> = contents.sources.keys().cloned().collect();
        for quad in &contents.quads {
            if let GraphName::NamedNode(graph) = &quad.graph_name {
                graphs.insert(graph.clone());
            }
        }
        // Evaluation labels saved by an argmap with other bundled graphs describe another map:
        // they are left out (and go from the file with the next save).
        let current = eval_source();
        let stale: BTreeSet<NamedNode> = graphs
            .iter()
            .filter(|g| {
                g.as_str().starts_with(EVAL_GRAPH_BASE)
                    && contents.sources.get(*g) != Some(&current)
            })
            .cloned()
            .collect();
        for graph in graphs {
            if stale.contains(&graph) {
                continue;
            }
            let source = contents
                .sources
                .get(&graph)
                .cloned()
                .unwrap_or_else(|| "update".to_owned());
            self.origins.insert(graph, Origin::Workspace(source));
        }
        self.store
            .extend(contents.quads.into_iter().filter(|q| match &q.graph_name {
                GraphName::NamedNode(g) => !stale.contains(g),
                _ => true,
            }))?;
        for (name, iri) in &contents.prefixes {
            self.prefixes.declare(name, iri, "store");
        }
        self.saved_prefixes = contents.prefixes;
        self.persistence = Persistence::Nquads(workspace);
        self.derive()?;
        Ok(())
    }

    #[cfg(not(feature = "rocksdb"))]
    fn open_rocks(
        &mut self,
        _: &OpenOptions,
        path: &Path,
        _: Access,
        _: bool,
    ) -> Result<(), StoreError> {
        Err(StoreError::NotBuilt {
            path: path.to_owned(),
            found: Backend::RocksDb,
        })
    }

    /// Opens an on-disk store in constant time: the bundled graphs and the shortcuts are in it,
    /// and are replaced only when this binary's bundle differs from the one stamped there.
    #[cfg(feature = "rocksdb")]
    fn open_rocks(
        &mut self,
        options: &OpenOptions,
        path: &Path,
        access: Access,
        new: bool,
    ) -> Result<(), StoreError> {
        if !options.bundled {
            return Err(StoreError::OnDisk {
                path: path.to_owned(),
                what: "--no-bundled",
                why: "the bundled graphs live in it",
            });
        }
        let fingerprint = bundled::fingerprint();
        // A shell (on demand) reads the newest snapshot and is the writer only for each of its
        // changes; it opens as the writer only to install this binary's bundled graphs (or to
        // create the store), and then reads again. Only a new store gets its marker: rewriting
        // it on every open would leave a moment in which a killed writer leaves none.
        if new && access != Access::Read {
            kind::write(path, Backend::RocksDb).map_err(|source| WorkspaceError::Io {
                path: path.to_owned(),
                source,
            })?;
        }
        if access == Access::OnDemand {
            match rocks::RocksWorkspace::open_on_demand(path, options.wait) {
                Ok((store, workspace)) => {
                    self.store = store;
                    if self.meta_value(BUNDLE_STAMP)?.as_deref() == Some(fingerprint.as_str()) {
                        self.persistence = Persistence::Rocks(workspace);
                        return self.read_rocks_meta();
                    }
                }
                Err(StoreError::Workspace(WorkspaceError::Missing { .. })) => {}
                Err(error) => return Err(error),
            }
        }
        let (store, workspace) = match access {
            Access::Write | Access::OnDemand => {
                rocks::RocksWorkspace::open_writer(path, options.wait)?
            }
            Access::Read => rocks::RocksWorkspace::open_reader(path)?,
        };
        self.store = store;
        let stamp = self.meta_value(BUNDLE_STAMP)?;
        if stamp.as_deref() != Some(fingerprint.as_str()) {
            if workspace.is_writable() {
                workspace.mark_changing()?;
                let changed = self.install_bundled(&fingerprint)?;
                workspace.publish(&self.store, &changed, Default::default())?;
            } else {
                self.notices.push(format!(
                    "store {} holds the bundled graphs of another argmap version; open it once \
                     for writing (the shell, or `argmap load`) to bring them up to date",
                    path.display()
                ));
            }
        } else if workspace.is_writable() && !path.join("snapshots").is_dir() {
            workspace.publish(&self.store, &index::Changed::Everything, Default::default())?;
        }
        let workspace = if access == Access::OnDemand {
            workspace.into_on_demand(&mut self.store, options.wait)?
        } else {
            workspace
        };
        self.persistence = Persistence::Rocks(workspace);
        self.read_rocks_meta()
    }

    /// Reads what an on-disk store records of its graphs: the bundled graphs' names and
    /// prefixes, and the sources and prefixes of the user's graphs (replacing what the session
    /// knew of them: another process may have changed them).
    #[cfg(feature = "rocksdb")]
    fn read_rocks_meta(&mut self) -> Result<(), StoreError> {
        self.origins
            .retain(|_, origin| !matches!(origin, Origin::Workspace(_)));
        for (file, _) in bundled::rdf_files() {
            self.origins
                .insert(file.graph_iri(), Origin::Bundled(file.path));
        }
        if let Some(declared) = self.meta_value(BUNDLED_PREFIXES)? {
            for line in declared.lines() {
                let mut fields = line.splitn(3, '\t');
                if let (Some(name), Some(iri), Some(file)) =
                    (fields.next(), fields.next(), fields.next())
                {
                    self.prefixes.declare(name, iri, file);
                }
            }
        }
        let meta = meta_graph();
        let listed = self
            .meta_value(SOURCES_LISTED)?
            .and_then(|json| serde_json::from_str::<BTreeMap<String, String>>(&json).ok());
        let (sources, prefixes) = match listed {
            Some(listed) => {
                let mut records = Vec::new();
                for predicate in crate::workspace::PREFIX_PREDICATES {
                    for quad in self.store.quads_for_pattern(
                        None,
                        Some(oxigraph::model::NamedNodeRef::new_unchecked(predicate)),
                        None,
                        Some(meta.as_ref().into()),
                    ) {
                        records.push(quad?);
                    }
                }
                let sources = listed
                    .into_iter()
                    .filter_map(|(graph, source)| Some((NamedNode::new(graph).ok()?, source)))
                    .collect();
                (sources, crate::workspace::read_meta(&records).1)
            }
            None => {
                let records = self
                    .store
                    .quads_for_pattern(None, None, None, Some(meta.as_ref().into()))
                    .collect::<Result<Vec<_>, _>>()?;
                crate::workspace::read_meta(&records)
            }
        };
        for (graph, source) in sources {
            self.origins.insert(graph, Origin::Workspace(source));
        }
        for (name, iri) in &prefixes {
            self.prefixes.declare(name, iri, "store");
        }
        self.saved_prefixes = prefixes;
        Ok(())
    }

    /// One literal of the metadata graph.
    #[cfg(feature = "rocksdb")]
    fn meta_value(&self, predicate: &str) -> Result<Option<String>, StoreError> {
        let predicate = oxigraph::model::NamedNodeRef::new_unchecked(predicate);
        for quad in self.store.quads_for_pattern(
            Some(meta_graph().as_ref().into()),
            Some(predicate),
            None,
            Some(meta_graph().as_ref().into()),
        ) {
            if let oxigraph::model::Term::Literal(value) = quad?.object {
                return Ok(Some(value.value().to_owned()));
            }
        }
        Ok(None)
    }

    /// Replaces the bundled graphs of an on-disk store with this binary's, in one transaction.
    /// Only the statements that differ are written, and only what they can change is
    /// re-derived (a new comment in the ontology re-derives nothing; a new superclass, the
    /// nodes of the classes under it): an upgrade over a million claims is not a rebuild.
    /// Returns the graphs it changed.
    #[cfg(feature = "rocksdb")]
    fn install_bundled(&mut self, fingerprint: &str) -> Result<index::Changed, StoreError> {
        let mut new = std::collections::HashSet::new();
        let mut declared = String::new();
        for (file, format) in bundled::rdf_files() {
            let parsed = load::parse_bundled(file, format)?;
            for (name, iri) in &parsed.prefixes {
                declared.push_str(&format!("{name}\t{iri}\t{}\n", file.path));
            }
            new.extend(parsed.quads);
        }
        let mut old = std::collections::HashSet::new();
        for graph in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph?
                && graph.as_str().starts_with(GRAPH_BASE)
            {
                for quad in
                    self.store
                        .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                {
                    old.insert(quad?);
                }
            }
        }
        let gone: Vec<&Quad> = old.difference(&new).collect();
        let added: Vec<&Quad> = new.difference(&old).collect();
        let meta = meta_graph();
        let mut transaction = self.store.start_transaction()?;
        let mut affected = change::Affected::default();
        for quad in &gone {
            affected.note(quad.as_ref());
            transaction.remove(*quad);
        }
        for quad in &added {
            affected.note(quad.as_ref());
            transaction.insert(*quad);
        }
        for (predicate, value) in [(BUNDLE_STAMP, fingerprint), (BUNDLED_PREFIXES, &declared)] {
            let predicate = NamedNode::new_unchecked(predicate);
            let stale: Vec<Quad> = transaction
                .quads_for_pattern(
                    Some(meta.as_ref().into()),
                    Some(predicate.as_ref()),
                    None,
                    Some(meta.as_ref().into()),
                )
                .collect::<Result<_, _>>()?;
            for quad in &stale {
                transaction.remove(quad);
            }
            transaction.insert(&Quad::new(
                meta.clone(),
                predicate,
                oxigraph::model::Literal::new_simple_literal(value),
                meta.clone(),
            ));
        }
        // Nothing the rules read changed (labels, comments, texts): the shortcuts and the
        // evaluations stand.
        if !affected.is_empty() {
            affected.apply(&self.store, &mut transaction)?;
        }
        transaction.commit()?;
        let graphs: std::collections::HashSet<GraphName> = gone
            .iter()
            .chain(&added)
            .map(|quad| quad.graph_name.clone())
            .collect();
        Ok(index::Changed::graphs(graphs))
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

    /// The N-Quads workspace, if the session has one.
    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.persistence {
            Persistence::Nquads(workspace) => Some(workspace),
            _ => None,
        }
    }

    /// The store folder, whatever its backend.
    pub fn workspace_path(&self) -> Option<PathBuf> {
        match &self.persistence {
            Persistence::Session => None,
            Persistence::Nquads(workspace) => Some(workspace.path().to_owned()),
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => Some(workspace.path().to_owned()),
        }
    }

    /// The RocksDB snapshot this session reads, while it only reads it: a query process of
    /// its own can open the same snapshot read-only (see [`crate::repl::isolate`]).
    pub fn snapshot_path(&self) -> Option<PathBuf> {
        match &self.persistence {
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => workspace.snapshot_path(),
            _ => None,
        }
    }

    /// The backend of the session's store, if it has one.
    pub fn backend(&self) -> Option<Backend> {
        match &self.persistence {
            Persistence::Session => None,
            Persistence::Nquads(_) => Some(Backend::Nquads),
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(_) => Some(Backend::RocksDb),
        }
    }

    /// Whether changes in this session are saved.
    pub fn saves(&self) -> bool {
        match &self.persistence {
            Persistence::Session => false,
            Persistence::Nquads(workspace) => workspace.is_writable(),
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => workspace.is_writable(),
        }
    }

    fn is_on_disk(&self) -> bool {
        self.backend() == Some(Backend::RocksDb)
    }

    /// Notes about how the session was opened, for the user.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The notes not yet shown (how the session was opened, or a store read again before a
    /// change), leaving none.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Runs one change of the data, `change(self, persist)`, where `persist` says whether it
    /// is saved: refuses it through a read-only on-disk handle; for a saved change takes an
    /// on-demand handle's lock for this change only (reading the store again first if another
    /// process changed it) and marks an on-disk store as changing; afterwards gives back what
    /// it took, whether the change was made or failed.
    fn changing<T>(
        &mut self,
        change: impl FnOnce(&mut Self, bool) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.is_on_disk() && !self.saves() {
            return Err(StoreError::ReadOnly {
                path: self.workspace_path().unwrap_or_default(),
            });
        }
        let persist = self.saves();
        if !persist {
            return change(self, false);
        }
        if let Err(error) = self.begin_change() {
            self.end_change();
            return Err(error);
        }
        let result = change(self, true);
        self.end_change();
        result
    }

    /// Before a change that is saved: takes an on-demand handle's lock, and reads the store
    /// again if another process changed it since this session read it, so that the change
    /// applies to what is on disk and overwrites nothing.
    fn begin_change(&mut self) -> Result<(), StoreError> {
        let changed = match &mut self.persistence {
            Persistence::Nquads(workspace) => {
                if workspace.begin_change()? {
                    self.reload_workspace()?;
                    true
                } else {
                    false
                }
            }
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => {
                let writer = workspace.begin_change()?;
                let marked = workspace.mark_changing();
                let changed = match writer {
                    Some((store, changed)) => {
                        self.store = store;
                        changed
                    }
                    None => false,
                };
                marked?;
                if changed {
                    self.read_rocks_meta()?;
                }
                changed
            }
            Persistence::Session => false,
        };
        if changed {
            self.notices.push(format!(
                "store {} was changed by another process since this session read it; read it again before this change",
                self.workspace_path().unwrap_or_default().display()
            ));
        }
        Ok(())
    }

    /// After a change (saved or failed): releases an on-demand handle's lock. An on-disk
    /// handle that cannot go back to its snapshot stays the writer, and says so.
    fn end_change(&mut self) {
        match &mut self.persistence {
            Persistence::Nquads(workspace) => workspace.end_change(),
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => {
                if let Err(error) = workspace.end_change(&mut self.store) {
                    self.notices.push(format!(
                        "this session keeps store {} for writing until it ends: {error}",
                        workspace.path().display()
                    ));
                }
            }
            Persistence::Session => {}
        }
    }

    /// Replaces the workspace's graphs (and the default graph) in memory with what is on
    /// disk now, and derives the shortcuts again.
    fn reload_workspace(&mut self) -> Result<(), StoreError> {
        let Persistence::Nquads(workspace) = &self.persistence else {
            return Ok(());
        };
        let contents = workspace.read()?;
        let old: Vec<NamedNode> = self
            .origins
            .iter()
            .filter(|(_, origin)| matches!(origin, Origin::Workspace(_)))
            .map(|(graph, _)| graph.clone())
            .collect();
        let mut transaction = self.store.start_transaction()?;
        for graph in &old {
            transaction.remove_named_graph(graph)?;
        }
        transaction.clear_graph(GraphNameRef::DefaultGraph)?;
        transaction.extend(&contents.quads);
        transaction.commit()?;
        for graph in old {
            self.origins.remove(&graph);
        }
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
            self.origins.insert(graph, Origin::Workspace(source));
        }
        for (name, iri) in &contents.prefixes {
            self.prefixes.declare(name, iri, "store");
        }
        self.saved_prefixes = contents.prefixes;
        self.derive()?;
        Ok(())
    }

    /// Where a graph comes from, if argmap knows.
    pub fn origin(&self, graph: &NamedNode) -> Option<&Origin> {
        self.origins.get(graph)
    }

    /// Runs a query to completion.
    pub fn query(&self, request: &QueryRequest) -> Result<QueryOutcome, QueryError> {
        query::execute(&self.store, &self.prefixes, request, None)
    }

    /// Replaces an evaluation graph (under [`EVAL_GRAPH_BASE`]) with `triples`, in one
    /// transaction; returns how many it holds. Evaluation labels are computed, like the derived
    /// shortcuts, so users cannot write them: this is the one write that passes the protection
    /// of reserved graphs, and only for evaluation graphs. The next change to the data empties
    /// them again (they would be stale).
    pub fn replace_eval_graph(
        &mut self,
        graph: &NamedNode,
        triples: impl IntoIterator<Item = oxigraph::model::Triple>,
    ) -> Result<usize, StoreError> {
        if !graph.as_str().starts_with(EVAL_GRAPH_BASE) {
            return Err(StoreError::Protected {
                graph: format!("<{}>", graph.as_str()),
                why: "not an evaluation graph",
            });
        }
        let mut quads: Vec<Quad> = triples
            .into_iter()
            .map(|t| t.in_graph(graph.clone()))
            .collect();
        let labels = quads.len();
        let digest = Quad::new(
            graph.clone(),
            NamedNode::new_unchecked(LABELS_DIGEST),
            Literal::new_simple_literal(labels_digest(&quads)),
            graph.clone(),
        );
        self.changing(|this, persist| {
            // The same labels as those saved (an evaluation run again on unchanged data) are
            // not written again: rewriting a million-claim store's 1.3M labels took 40 s on
            // RocksDB, and comparing them with the store's 12 s.
            let recorded = !persist
                || matches!(this.origins.get(graph), Some(Origin::Workspace(s)) if *s == eval_source());
            if recorded && this.store.contains(&digest)? {
                return Ok(labels);
            }
            quads.push(digest);
            #[cfg(feature = "rocksdb")]
            if persist && this.is_on_disk() && quads.len() >= bulk::BULK_LABELS_MIN {
                this.bulk_replace_eval_graph(graph, quads, eval_source())?;
                return Ok(labels);
            }
            let mut transaction = this.store.start_transaction()?;
            transaction.clear_graph(graph)?;
            transaction.extend(&quads);
            let mut origins = this.origins.clone();
            if persist {
                origins.insert(graph.clone(), Origin::Workspace(eval_source()));
                let prefixes = this.saved_prefixes.clone();
                this.save(&mut transaction, &origins, &prefixes)?;
            }
            transaction.commit()?;
            this.origins = origins;
            this.published(&index::Changed::graphs([graph.clone().into()]))?;
            Ok(labels)
        })
    }

    /// Recomputes every derived shortcut from the current data.
    pub fn derive(&self) -> Result<Derivation, StoreError> {
        Ok(rules::recompute(&self.store)?)
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
        self.load_files_with_progress(
            paths,
            &LoadOptions {
                graph,
                format: None,
            },
            &(Arc::new(|_| {}) as Progress),
        )
    }

    /// [`load_files`](Self::load_files) with [`LoadOptions`], telling `progress` how far it got
    /// (for a progress bar).
    pub fn load_files_with_progress(
        &mut self,
        paths: &[PathBuf],
        options: &LoadOptions,
        progress: &Progress,
    ) -> Result<Vec<Loaded>, StoreError> {
        let mut files = Vec::new();
        for path in paths {
            match options.format {
                // A named format reads a single file whatever its extension.
                Some(_) if !path.is_dir() => files.push(path.clone()),
                _ => files.extend(load::expand_path(path)?),
            }
        }
        #[cfg(feature = "rocksdb")]
        if self.is_on_disk()
            && let Some(loaded) =
                self.changing(|this, _| this.stream_ingest(&files, options, progress))?
        {
            return Ok(loaded);
        }
        let mut parsed = Vec::new();
        for (index, file) in files.iter().enumerate() {
            parsed.push(parse_user_file(file, options)?);
            progress(LoadProgress::Parsed {
                files: index + 1,
                of: files.len(),
            });
        }
        self.changing(|this, persist| this.ingest(parsed, persist))
    }

    /// Puts parsed files into the store in one transaction, saving first if `persist`; the
    /// shortcuts of the nodes they touch are brought up to date in the same transaction.
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
        let mut affected = change::Affected::default();
        let mut replaced = BTreeSet::new();
        for graph in &targets {
            if self.store.contains_named_graph(graph)? {
                replaced.insert(graph.clone());
                affected.note_graph(&transaction, &GraphName::NamedNode(graph.clone()))?;
            }
            transaction.clear_graph(graph)?;
        }
        let mut new_prefixes = Vec::new();
        let mut warnings = file_warnings(&files);
        let mut touched: std::collections::HashSet<GraphName> =
            targets.iter().cloned().map(GraphName::NamedNode).collect();
        for (path, parsed) in files {
            for quad in &parsed.quads {
                affected.note(quad.as_ref());
                if !touched.contains(&quad.graph_name) {
                    touched.insert(quad.graph_name.clone());
                }
            }
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
        affected.apply(&self.store, &mut transaction)?;
        let mut origins = self.origins.clone();
        origins.extend(new_origins);
        let mut saved_prefixes = self.saved_prefixes.clone();
        if persist {
            saved_prefixes.extend(new_prefixes);
            self.save(&mut transaction, &origins, &saved_prefixes)?;
        }
        let mut loaded = Vec::new();
        for graph in &targets {
            loaded.push(Loaded {
                graph: graph.clone(),
                triples: count_in(&transaction, graph.into())?,
                replaced: replaced.contains(graph),
                warnings: warnings.remove(graph).unwrap_or_default(),
            });
        }
        transaction.commit()?;
        self.origins = origins;
        self.saved_prefixes = saved_prefixes;
        self.published(&index::Changed::Graphs(touched))?;
        Ok(loaded)
    }

    /// Runs a SPARQL UPDATE. Its WHERE clauses see all graphs; its writes may not touch a
    /// reserved graph (see [`reserved`]). With a writable workspace the result is saved.
    ///
    /// The graphs an update writes are read off its text; only those are re-derived. An update
    /// that writes `GRAPH ?g` re-derives everything, and is checked against the reserved graphs
    /// after it ran, before it commits.
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
        let targets = change::Targets::of(&self.parse_update(text)?);
        self.changing(|this, _| this.apply_update(prepared, &targets))
    }

    /// Runs a parsed update whose targets are known (see [`Self::update`]).
    fn apply_update(
        &mut self,
        prepared: oxigraph::sparql::PreparedSparqlUpdate,
        targets: &change::Targets,
    ) -> Result<UpdateSummary, StoreError> {
        for graph in &targets.graphs {
            if let GraphName::NamedNode(graph) = graph {
                self.check_writable(graph)?;
            }
        }
        if targets.every_graph {
            return Err(StoreError::Protected {
                graph: "every graph (CLEAR or DROP with ALL or NAMED)".to_owned(),
                why: "more than your own: argmap's reserved graphs would go too",
            });
        }
        let protected: Vec<NamedNode> = if targets.is_static() {
            Vec::new()
        } else {
            self.reserved_graphs()?
        };
        let before_prints = protected
            .iter()
            .map(|g| {
                fingerprint(
                    self.store
                        .quads_for_pattern(None, None, None, Some(g.into())),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut transaction = self.store.start_transaction()?;
        let mut affected = change::Affected::default();
        let before = if targets.is_static() {
            affected.note_graphs(&transaction, &targets.graphs)?
        } else {
            affected.everything();
            self.store.len()? - rules::derived_len(&self.store)?
        };
        prepared
            .on_transaction(&mut transaction)
            .execute()
            .map_err(QueryError::from)?;
        for (graph, print) in protected.iter().zip(&before_prints) {
            let after =
                fingerprint(transaction.quads_for_pattern(None, None, None, Some(graph.into())))?;
            if after != *print {
                return Err(StoreError::Protected {
                    graph: format!("<{}>", graph.as_str()),
                    why: reserved::why_reserved(graph.as_str())
                        .unwrap_or("bundled with argmap and read-only"),
                });
            }
        }
        let after = if targets.is_static() {
            affected.note_graphs(&transaction, &targets.graphs)?
        } else {
            transaction.len()? - count_in(&transaction, derived_graph().as_ref().into())?
        };
        affected.apply(&self.store, &mut transaction)?;
        let mut origins = self.origins.clone();
        let persist = self.saves();
        let written: Vec<NamedNode> = if targets.is_static() {
            targets
                .graphs
                .iter()
                .filter_map(|g| match g {
                    GraphName::NamedNode(g) => Some(g.clone()),
                    _ => None,
                })
                .collect()
        } else {
            let mut all = Vec::new();
            for graph in transaction.named_graphs() {
                if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph? {
                    all.push(graph);
                }
            }
            all
        };
        for graph in written {
            if reserved::why_reserved(graph.as_str()).is_some()
                || !transaction.contains_named_graph(&graph)?
            {
                continue;
            }
            origins.entry(graph).or_insert_with(|| {
                let source = "update".to_owned();
                if persist {
                    Origin::Workspace(source)
                } else {
                    Origin::Session(source)
                }
            });
        }
        if persist {
            let prefixes = self.saved_prefixes.clone();
            self.save(&mut transaction, &origins, &prefixes)?;
        }
        transaction.commit()?;
        self.origins = origins;
        self.published(&if targets.is_static() {
            index::Changed::graphs(targets.graphs.iter().cloned())
        } else {
            index::Changed::Everything
        })?;
        Ok(UpdateSummary {
            before,
            after,
            saved: persist,
        })
    }

    /// Parses an update the way [`query::prepare_update`] does, for its targets.
    fn parse_update(&self, text: &str) -> Result<spargebra::Update, StoreError> {
        let mut parser = spargebra::SparqlParser::new();
        for (name, iri) in self.prefixes.pairs() {
            if let Ok(with) = parser.clone().with_prefix(name, iri) {
                parser = with;
            }
        }
        // prepare_update accepted the text already, so this only fails on a parser mismatch.
        parser.parse_update(text).map_err(|e| {
            StoreError::Query(QueryError::WrongKind(format!(
                "cannot read the update: {e}"
            )))
        })
    }

    /// Every reserved graph that exists (bundled, derived, records, evaluations).
    fn reserved_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(graph) = graph?
                && (reserved::why_reserved(graph.as_str()).is_some()
                    || matches!(self.origins.get(&graph), Some(Origin::Bundled(_))))
            {
                graphs.push(graph);
            }
        }
        // The in-memory store lists graphs in no fixed order: sort, so that the graph an
        // error names is the same on every run (bundled ones before argmap's own).
        graphs.sort_unstable();
        Ok(graphs)
    }

    /// Refuses writes to graphs the user cannot change: the one rule of [`reserved`], for
    /// every way of writing.
    fn check_writable(&self, graph: &NamedNode) -> Result<(), StoreError> {
        let why = match self.origins.get(graph) {
            Some(Origin::Bundled(_)) => Some("bundled with argmap and read-only"),
            _ => reserved::why_reserved(graph.as_str()),
        };
        match why {
            Some(why) => Err(StoreError::Protected {
                graph: format!("<{}>", graph.as_str()),
                why,
            }),
            None => Ok(()),
        }
    }

    /// Makes a committed change visible to readers of an on-disk store, with the argument
    /// index of the new state (`changed`: the graphs the change touched).
    fn published(&self, changed: &index::Changed) -> Result<(), StoreError> {
        self.published_with(changed, Default::default())
    }

    /// [`Self::published`], with the segments a bulk load collected on its way.
    fn published_with(
        &self,
        changed: &index::Changed,
        fresh: rustc_hash::FxHashMap<GraphName, index::Segment>,
    ) -> Result<(), StoreError> {
        match &self.persistence {
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) if workspace.holds_lock() => {
                workspace.publish(&self.store, changed, fresh)
            }
            _ => {
                let _ = (changed, fresh);
                Ok(())
            }
        }
    }

    /// The argument index of the state this session reads, in the graphs `keep` accepts
    /// (see [`index`]): `None` where there is none (a store in memory or in `dataset.nq`, a
    /// snapshot made before the index), and the map is read from the store itself.
    pub fn argument_index(
        &self,
        keep: impl Fn(GraphNameRef<'_>) -> bool + Sync,
    ) -> Result<Option<Vec<index::Segment>>, StoreError> {
        match &self.persistence {
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(workspace) => match workspace.index_manifest() {
                Some((segments, manifest)) => Ok(index::read(&segments, &manifest, keep)?),
                None => Ok(None),
            },
            _ => {
                let _ = keep;
                Ok(None)
            }
        }
    }

    /// Saves what the transaction sees, from inside it: for N-Quads, every graph that is not
    /// bundled, derived or `--data`, written to `dataset.nq`; on disk, the metadata graph (the
    /// data itself is saved by the commit).
    fn save(
        &self,
        transaction: &mut Transaction<'_>,
        origins: &BTreeMap<NamedNode, Origin>,
        prefixes: &[(String, String)],
    ) -> Result<(), StoreError> {
        let mut sources = workspace_sources(origins);
        // An evaluation graph emptied by this change leaves no record behind.
        let mut gone = Vec::new();
        for graph in sources.keys() {
            if graph.as_str().starts_with(EVAL_GRAPH_BASE)
                && !transaction.contains_named_graph(graph)?
            {
                gone.push(graph.clone());
            }
        }
        for graph in gone {
            sources.remove(&graph);
        }
        match &self.persistence {
            Persistence::Session => Ok(()),
            Persistence::Nquads(workspace) => {
                let keep = |graph: &GraphName| match graph {
                    GraphName::DefaultGraph => true,
                    GraphName::NamedNode(node) => match origins.get(node) {
                        // Evaluation labels are saved with the data they were computed
                        // from; a change to it empties them in the same transaction.
                        Some(Origin::Workspace(_)) | None => {
                            reserved::why_reserved(node.as_str()).is_none()
                                || node.as_str().starts_with(EVAL_GRAPH_BASE)
                        }
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
                workspace.save(quads.iter().map(Quad::as_ref), &sources, prefixes)?;
                Ok(())
            }
            #[cfg(feature = "rocksdb")]
            Persistence::Rocks(_) => {
                let meta = meta_graph();
                let mut records: std::collections::HashSet<Quad> =
                    crate::workspace::meta_quads(&sources, prefixes)
                        .into_iter()
                        .collect();
                let listed: BTreeMap<&str, &str> = sources
                    .iter()
                    .map(|(graph, source)| (graph.as_str(), source.as_str()))
                    .collect();
                let listed =
                    serde_json::to_string(&listed).map_err(|e| StorageError::Other(Box::new(e)))?;
                records.insert(Quad::new(
                    meta.clone(),
                    NamedNode::new_unchecked(SOURCES_LISTED),
                    oxigraph::model::Literal::new_simple_literal(listed),
                    meta.clone(),
                ));
                // Only what differs is written: a million-claim store has 10,000 records,
                // and writing them all was two fifths of a small load's time (perf), spent
                // sorting them into the transaction.
                let stored: Vec<Quad> = transaction
                    .quads_for_pattern(None, None, None, Some(meta.as_ref().into()))
                    .collect::<Result<_, _>>()?;
                for quad in stored {
                    let own = [BUNDLE_STAMP, BUNDLED_PREFIXES].contains(&quad.predicate.as_str());
                    if !own && !records.remove(&quad) {
                        transaction.remove(&quad);
                    }
                }
                transaction.extend(&records);
                Ok(())
            }
        }
    }

    /// The graphs with content (the default graph if it has any), without counting or reading
    /// their quads: one lookup a graph.
    pub fn graph_names(&self) -> Result<Vec<GraphName>, StoreError> {
        let has_content = |graph: GraphNameRef<'_>| {
            self.store
                .quads_for_pattern(None, None, None, Some(graph))
                .next()
                .transpose()
                .map(|first| first.is_some())
        };
        let mut names = Vec::new();
        if has_content(GraphNameRef::DefaultGraph)? {
            names.push(GraphName::DefaultGraph);
        }
        for graph in self.store.named_graphs() {
            let graph: GraphName = graph?.into();
            if has_content(graph.as_ref())? {
                names.push(graph);
            }
        }
        Ok(names)
    }

    /// Every graph with content (and the default graph if it has any), with counts and origins.
    ///
    /// The named graphs are counted by the query engine, on the encoded quads: reading the
    /// quads decodes every term, a store lookup each on RocksDB (55% of `argmap check` at 100k
    /// claims went into counting its graphs that way).
    pub fn graphs(&self) -> Result<Vec<GraphSummary>, StoreError> {
        let mut counts: BTreeMap<String, (GraphName, usize)> = BTreeMap::new();
        let default = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .try_fold(0, |n, quad| quad.map(|_| n + 1))?;
        if default > 0 {
            let graph = GraphName::DefaultGraph;
            counts.insert(graph.to_string(), (graph, default));
        }
        let outcome = self.query(&QueryRequest::new(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        ))?;
        if let QueryOutcome::Solutions { rows, .. } = outcome {
            for row in rows {
                let (Some(Some(graph)), Some(Some(Term::Literal(n)))) = (row.first(), row.get(1))
                else {
                    continue;
                };
                let graph = match graph {
                    Term::NamedNode(g) => GraphName::NamedNode(g.clone()),
                    Term::BlankNode(g) => GraphName::BlankNode(g.clone()),
                    Term::Literal(_) => continue,
                };
                let triples = n.value().parse().unwrap_or_default();
                counts.insert(graph.to_string(), (graph, triples));
            }
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

    /// Writes the user's graphs or one graph (see [`crate::export::rdf`]).
    pub fn export(
        &self,
        export: &crate::export::rdf::RdfExport,
        out: &mut dyn Write,
    ) -> Result<(), StoreError> {
        Ok(crate::export::rdf::write(self, export, out)?)
    }
}

/// Each file's reader warnings, under the first graph it writes.
fn file_warnings(files: &[(PathBuf, Parsed)]) -> BTreeMap<NamedNode, Vec<load::Warning>> {
    let mut warnings: BTreeMap<NamedNode, Vec<load::Warning>> = BTreeMap::new();
    for (_, parsed) in files {
        if let Some(graph) = parsed.graphs.iter().next() {
            warnings
                .entry(graph.clone())
                .or_default()
                .extend(parsed.warnings.iter().cloned());
        }
    }
    warnings
}

/// Parses a user file into its graph (the one given, or the file's own `file:` IRI), in the
/// format given or else the one its extension (and, for `.json`, its content) says.
fn parse_user_file(path: &Path, options: &LoadOptions) -> Result<(PathBuf, Parsed), StoreError> {
    let text = load::read_file(path)?;
    let parsed = load::parse_input(&input_for_file(path, &text, options)?)?;
    Ok((path.to_owned(), parsed))
}

/// How a user file is read: the format given, or else the one its extension (and, for `.json`,
/// its content) says; into the graph given, or else the file's own `file:` IRI.
fn input_for_file<'t>(
    path: &Path,
    text: &'t [u8],
    options: &LoadOptions,
) -> Result<Input<'t>, StoreError> {
    let format = match options.format {
        Some(format) => format,
        None => match crate::format::input_format_for_path(path).map_err(LoadError::from)? {
            InputFormat::Rdf(RdfFormat::JsonLd { .. }) if has_extension(path, "json") => {
                crate::format::sniff_json(text)
            }
            other => other,
        },
    };
    Ok(Input {
        name: path.display().to_string(),
        text,
        format,
        base_iri: load::file_url(path),
        graph: graph_for_file(path, options),
    })
}

/// The graph a file's statements go into: the one the load names, or the file's own.
fn graph_for_file(path: &Path, options: &LoadOptions) -> NamedNode {
    options
        .graph
        .clone()
        .unwrap_or_else(|| load::graph_for_file(path))
}

/// The RDF format a file is read in when it can be read without holding it (see
/// [`load::FileSource::streams`]); `None` when its reader needs the whole text, or when its
/// format is not known from its name (the whole read then says why).
#[cfg(feature = "rocksdb")]
fn streamed_format(path: &Path, options: &LoadOptions) -> Option<RdfFormat> {
    let format = match options.format {
        Some(format) => format,
        None => crate::format::input_format_for_path(path).ok()?,
    };
    match format {
        InputFormat::Rdf(format) if load::FileSource::streams(format) => Some(format),
        _ => None,
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The graphs of `store` to read names from, bundled first (the ontology, then the maps), the
/// derived graph left out (it names nothing the others do not), each with whether it is
/// bundled: the order in which the shell's completion and the suggestions for a misspelt node
/// read a store that may be too big to read whole.
fn graphs_bundled_first(store: &Store) -> Result<Vec<(bool, GraphName)>, StorageError> {
    let mut graphs: Vec<(u8, GraphName)> = vec![(2, GraphName::DefaultGraph)];
    for graph in store.named_graphs() {
        let graph: GraphName = graph?.into();
        let rank = match &graph {
            GraphName::NamedNode(g) if g.as_str() == DERIVED_GRAPH => continue,
            GraphName::NamedNode(g)
                if g.as_str().starts_with(crate::check::ONTOLOGY_GRAPH_BASE) =>
            {
                0
            }
            GraphName::NamedNode(g) if g.as_str().starts_with(GRAPH_BASE) => 1,
            _ => 2,
        };
        graphs.push((rank, graph));
    }
    graphs.sort_by_key(|(rank, _)| *rank);
    Ok(graphs
        .into_iter()
        .map(|(rank, graph)| (rank < 2, graph))
        .collect())
}

/// Hands `each` the quads of the graphs in [`graphs_bundled_first`] order: the bundled graphs
/// whole, the others until `budget` has passed (a million-claim store takes minutes to read).
pub fn read_bundled_first(
    store: &Store,
    budget: Duration,
    mut each: impl FnMut(Quad),
) -> Result<(), StorageError> {
    let started = std::time::Instant::now();
    for (bundled, graph) in graphs_bundled_first(store)? {
        let quads = store.quads_for_pattern(None, None, None, Some(graph.as_ref()));
        for (read, quad) in quads.enumerate() {
            if !bundled && read % 256 == 0 && started.elapsed() >= budget {
                return Ok(());
            }
            each(quad?);
        }
    }
    Ok(())
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

#[cfg(feature = "rocksdb")]
fn meta_graph() -> NamedNode {
    NamedNode::new_unchecked(crate::workspace::META_GRAPH)
}

/// The record a saved evaluation graph carries in an N-Quads workspace: labels computed with
/// these bundled graphs (they are part of the map evaluated).
/// The sources of the graphs the workspace keeps, as its records name them.
fn workspace_sources(origins: &BTreeMap<NamedNode, Origin>) -> BTreeMap<NamedNode, String> {
    origins
        .iter()
        .filter_map(|(graph, origin)| match origin {
            Origin::Workspace(source) => Some((graph.clone(), source.clone())),
            _ => None,
        })
        .collect()
}

/// On an evaluation graph, in it: [`labels_digest`] of its labels.
const LABELS_DIGEST: &str = "https://w3id.org/argmap#labelsDigest";

/// A digest of a set of labels, whatever their order: the sum of a 128-bit hash of each.
fn labels_digest(quads: &[Quad]) -> String {
    use siphasher::sip128::{Hasher128, SipHasher13};
    use std::hash::Hash;
    let sum = quads.iter().fold(0u128, |sum, quad| {
        let mut hasher = SipHasher13::new();
        quad.hash(&mut hasher);
        sum.wrapping_add(hasher.finish128().as_u128())
    });
    format!("{sum:032x}")
}

fn eval_source() -> String {
    format!("argmap eval, bundle {}", bundled::fingerprint())
}

fn derived_graph() -> NamedNode {
    NamedNode::new_unchecked(DERIVED_GRAPH)
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
