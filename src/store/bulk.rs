//! Big loads into the on-disk store, streamed through Oxigraph's bulk loader in bounded memory.
//!
//! A load of new graphs reads each file once: every quad goes to the loader as the parser gives
//! it, and only what the shortcut rules read (types, premises, conclusions) is kept, compactly
//! ([`Gathered`]). When the files are read, each node they state facts about is derived one at
//! a time and its shortcuts follow into the same loader, with the workspace records; one commit
//! makes it all visible. Nothing is committed before every file has read without error, so a
//! failed load leaves the store as it was (the loader removes its files when dropped).
//!
//! Where the streamed load cannot be exact, it steps aside before committing and the caller
//! loads through a transaction: a graph that exists already (it is replaced), a statement of
//! `rdfs:subClassOf` (every node's types may change), a shortcut the store derives now that the
//! load would take away, or an AIF-as-RDF document whose premises may need turning around
//! ([`crate::import::aif::normalise_rdf`] needs the whole document).

use super::index::{Changed, Collector};
use super::{
    ArgStore, LoadOptions, LoadProgress, Loaded, Origin, Progress, StoreError, derived_graph,
    graph_for_file, input_for_file, streamed_format, workspace_sources,
};
use crate::format::InputFormat;
use crate::import::aif::PremiseWatch;
use crate::load::{self, LoadError};
use crate::rules::shortcuts::{Gathered, Shortcuts};
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::{BulkLoader, StorageError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Loads of at least this many bytes of files stream through the bulk loader (smaller ones
/// go through a transaction, which is quicker to set up).
const BULK_LOAD_MIN_BYTES: u64 = 1 << 20;

/// The memory the loader may use for its batches, in MB (it counts about 1 KB per quad and
/// thread): with the gathered facts and the index, a million-claim load peaks at 1.38 GB
/// (1.32 GiB). Twice as much took as long (196 s at 1M claims) and peaked 0.66 GB higher.
const BULK_LOAD_MEMORY_MB: usize = 512;

/// How often the progress is reported, in quads.
const PROGRESS_EVERY: u64 = 1 << 16;

/// Why a streamed load stopped before its commit.
enum Stop {
    /// It cannot be exact: the caller loads through a transaction instead.
    Fallback,
    /// The load fails (a syntax error, a protected graph): nothing is written.
    Failed(StoreError),
}

impl From<StorageError> for Stop {
    fn from(error: StorageError) -> Self {
        Self::Failed(error.into())
    }
}

impl From<LoadError> for Stop {
    fn from(error: LoadError) -> Self {
        Self::Failed(error.into())
    }
}

/// One file streamed: what the workspace records and the summary need of it.
struct FileRead {
    path: PathBuf,
    /// The graphs it wrote (its own graph first of all).
    graphs: BTreeSet<NamedNode>,
    /// The prefixes it declared.
    prefixes: Vec<(String, String)>,
    /// What its importer tolerated.
    warnings: Vec<load::Warning>,
}

/// What the quads of the files said on their way to the loader.
struct Intake<'s> {
    store: &'s ArgStore,
    gathered: Gathered,
    /// The argument index of the new graphs.
    index: Collector,
    /// Statements read per graph, but for the current run's.
    counts: BTreeMap<NamedNode, usize>,
    /// The graph of the last statements and how many of them in a row: a file gives one
    /// graph's statements after another, so the map (10,000 long IRIs at a million claims)
    /// is looked up once a run instead of once a quad.
    run: Option<(NamedNode, usize)>,
    quads: u64,
    bytes_done: u64,
    bytes_of: u64,
    progress: Progress,
}

impl Intake<'_> {
    /// Takes one quad: a new graph must be writable and new to the store.
    fn take(
        &mut self,
        quad: Result<Quad, LoadError>,
        watch: &mut PremiseWatch,
        bytes_read: u64,
    ) -> Result<Quad, Stop> {
        let quad = quad?;
        if let GraphName::NamedNode(graph) = &quad.graph_name {
            match &mut self.run {
                Some((current, count)) if current == graph => *count += 1,
                _ => self.enter(graph)?,
            }
        }
        self.gathered.add(quad.as_ref());
        self.index.add(quad.as_ref());
        watch.add(&quad);
        self.quads += 1;
        if self.quads.is_multiple_of(PROGRESS_EVERY) {
            (self.progress)(LoadProgress::Streamed {
                bytes: self.bytes_done + bytes_read,
                of: self.bytes_of,
            });
        }
        Ok(quad)
    }

    /// Starts a run of statements in `graph`, which must be writable, and new to the store
    /// if the load has not met it yet.
    fn enter(&mut self, graph: &NamedNode) -> Result<(), Stop> {
        self.end_run();
        if !self.counts.contains_key(graph) {
            self.store.check_writable(graph).map_err(Stop::Failed)?;
            if self.store.store.contains_named_graph(graph)? {
                return Err(Stop::Fallback);
            }
            self.counts.insert(graph.clone(), 0);
        }
        self.run = Some((graph.clone(), 1));
        Ok(())
    }

    /// Adds the current run to the counts.
    fn end_run(&mut self) {
        if let Some((graph, count)) = self.run.take() {
            *self.counts.entry(graph).or_insert(0) += count;
        }
    }
}

/// What a file's quads need of it on their way to the loader: the graphs and prefixes it
/// declared (an RDF file has no importer's warnings).
type Poured = (
    BTreeSet<NamedNode>,
    Vec<(String, String)>,
    Vec<load::Warning>,
);

/// Hands a document's quads to the loader as the parser gives them.
fn pour(
    loader: &mut BulkLoader,
    intake: &mut Intake<'_>,
    watch: &mut PremiseWatch,
    mut stream: load::QuadStream<'_>,
) -> Result<Poured, Stop> {
    let mut next = || {
        let quad = stream.next()?;
        Some(intake.take(quad, watch, stream.bytes_read()))
    };
    loader.load_ok_quads::<Stop, Stop>(std::iter::from_fn(&mut next))?;
    Ok((stream.graphs.clone(), stream.prefixes(), Vec::new()))
}

impl ArgStore {
    /// Streams the files into the on-disk store (see the module's documentation); `None` when
    /// the load is too small to stream or cannot be exact this way (nothing is written then).
    pub(super) fn stream_ingest(
        &mut self,
        files: &[PathBuf],
        options: &LoadOptions,
        progress: &Progress,
    ) -> Result<Option<Vec<Loaded>>, StoreError> {
        let bytes_of: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        if bytes_of < BULK_LOAD_MIN_BYTES {
            return Ok(None);
        }
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
        let mut intake = Intake {
            store: self,
            gathered: Gathered::default(),
            index: Collector::streaming(),
            counts: BTreeMap::new(),
            run: None,
            quads: 0,
            bytes_done: 0,
            bytes_of,
            progress: Arc::clone(progress),
        };
        let mut read: Vec<FileRead> = Vec::new();
        for path in files {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let mut watch = PremiseWatch::default();
            // A file is held whole only where a reader needs its whole text (see
            // `load::FileSource::streams`; a `.json` file is told apart by its content).
            let (outcome, rdf) = match streamed_format(path, options) {
                Some(format) => {
                    let source = load::FileSource {
                        name: path.display().to_string(),
                        path: path.clone(),
                        format,
                        graph: graph_for_file(path, options),
                        base_iri: load::file_url(path),
                    };
                    let stream = load::stream_file(&source)?;
                    (pour(&mut loader, &mut intake, &mut watch, stream), true)
                }
                None => {
                    let text = load::read_file(path)?;
                    let input = input_for_file(path, &text, options)?;
                    match input.format {
                        InputFormat::Rdf(format) => {
                            let source = input.rdf_source(format);
                            let stream = load::stream(&source)?;
                            (pour(&mut loader, &mut intake, &mut watch, stream), true)
                        }
                        // The importers build their (small) documents whole.
                        InputFormat::Aif | InputFormat::Argdown => {
                            let parsed = load::parse_input(&input)?;
                            let quads = parsed
                                .quads
                                .into_iter()
                                .map(|q| intake.take(Ok(q), &mut watch, 0));
                            let loaded = loader
                                .load_ok_quads::<Stop, Stop>(quads)
                                .map(|()| (parsed.graphs, parsed.prefixes, parsed.warnings));
                            (loaded, false)
                        }
                    }
                }
            };
            let (graphs, prefixes, warnings) = match outcome {
                Ok(done) => done,
                Err(Stop::Fallback) => return Ok(None),
                Err(Stop::Failed(error)) => return Err(error),
            };
            if rdf && watch.may_turn() {
                return Ok(None);
            }
            // A graph the file names but writes nothing into is still the file's, as in a
            // transactional load: it must be writable, and new.
            for graph in graphs.iter().filter(|g| !intake.counts.contains_key(*g)) {
                self.check_writable(graph)?;
                if self.store.contains_named_graph(graph)? {
                    return Ok(None);
                }
            }
            intake.bytes_done += size;
            (intake.progress)(LoadProgress::Streamed {
                bytes: intake.bytes_done,
                of: bytes_of,
            });
            read.push(FileRead {
                path: path.clone(),
                graphs,
                prefixes,
                warnings,
            });
        }
        intake.end_run();
        let Intake {
            gathered,
            index,
            mut counts,
            ..
        } = intake;
        for file in &read {
            for graph in &file.graphs {
                counts.entry(graph.clone()).or_insert(0);
            }
        }
        if gathered.changes_hierarchy() {
            return Ok(None);
        }
        // The shortcuts, node by node, into the same commit.
        let derived = derived_graph();
        let mut engine = Shortcuts::new(&self.store)?;
        let shortcuts = engine.changes(gathered)?.flat_map(|change| match change {
            Err(error) => vec![Err(Stop::from(error))],
            Ok(change) if !change.before.is_subset(&change.after) => vec![Err(Stop::Fallback)],
            Ok(change) => change
                .after
                .into_iter()
                .map(|t| Ok(Quad::new(t.subject, t.predicate, t.object, derived.clone())))
                .collect(),
        });
        match loader.load_ok_quads::<Stop, Stop>(shortcuts) {
            Ok(()) => {}
            Err(Stop::Fallback) => return Ok(None),
            Err(Stop::Failed(error)) => return Err(error),
        }
        // The workspace records: where each graph came from, the prefixes declared.
        let mut origins = self.origins.clone();
        let mut prefixes = self.saved_prefixes.clone();
        for FileRead {
            path,
            graphs,
            prefixes: declared,
            ..
        } in &read
        {
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            for graph in graphs {
                origins.insert(
                    graph.clone(),
                    Origin::Workspace(absolute.display().to_string()),
                );
            }
            for (name, iri) in declared {
                if self
                    .prefixes
                    .declare(name, iri, &path.display().to_string())
                {
                    prefixes.push((name.clone(), iri.clone()));
                }
            }
        }
        loader.load_quads(self.new_records(&origins, &prefixes)?)?;
        loader.commit()?;
        self.origins = origins;
        self.saved_prefixes = prefixes;
        let mut fresh = index.finish();
        // The default graph may hold statements from before: read it whole from the store.
        fresh.remove(&GraphName::DefaultGraph);
        let changed = Changed::graphs(
            counts
                .keys()
                .cloned()
                .map(GraphName::NamedNode)
                .chain(fresh.keys().cloned()),
        );
        self.published_with(&changed, fresh)?;
        let mut warnings: BTreeMap<NamedNode, Vec<load::Warning>> = BTreeMap::new();
        for file in read {
            if let Some(graph) = file.graphs.into_iter().next() {
                warnings.entry(graph).or_default().extend(file.warnings);
            }
        }
        Ok(Some(
            counts
                .into_iter()
                .map(|(graph, triples)| Loaded {
                    warnings: warnings.remove(&graph).unwrap_or_default(),
                    graph,
                    triples,
                    replaced: false,
                })
                .collect(),
        ))
    }
}

/// Evaluation graphs of at least this many labels go into the store through the bulk loader:
/// a transaction takes about 100 µs a statement on RocksDB (a million-claim evaluation, 1.3M
/// labels, took over two minutes that way).
pub(super) const BULK_LABELS_MIN: usize = 50_000;

impl ArgStore {
    /// The workspace records (graph sources, prefixes) of `origins` and `prefixes` that the
    /// store does not hold yet: what a bulk commit adds to its data.
    fn new_records(
        &self,
        origins: &BTreeMap<NamedNode, Origin>,
        prefixes: &[(String, String)],
    ) -> Result<Vec<Quad>, StoreError> {
        let mut records = Vec::new();
        for quad in crate::workspace::meta_quads(&workspace_sources(origins), prefixes) {
            if !self.store.contains(&quad)? {
                records.push(quad);
            }
        }
        Ok(records)
    }

    /// Replaces an evaluation graph with `quads` through the bulk loader: the old labels and
    /// their record go in one transaction, the new ones and theirs in one bulk commit. A kill
    /// between the two leaves no labels (and no record of them), never stale ones.
    pub(super) fn bulk_replace_eval_graph(
        &mut self,
        graph: &NamedNode,
        quads: Vec<Quad>,
        source: String,
    ) -> Result<usize, StoreError> {
        let mut origins = self.origins.clone();
        if self.store.contains_named_graph(graph)? {
            origins.remove(graph);
            let mut transaction = self.store.start_transaction()?;
            transaction.remove_named_graph(graph)?;
            let prefixes = self.saved_prefixes.clone();
            self.save(&mut transaction, &origins, &prefixes)?;
            transaction.commit()?;
            self.origins = origins.clone();
        }
        origins.insert(graph.clone(), Origin::Workspace(source));
        let records = self.new_records(&origins, &self.saved_prefixes)?;
        let written = quads.len();
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
        loader.load_quads(quads.into_iter().chain(records))?;
        loader.commit()?;
        self.origins = origins;
        self.published(&Changed::graphs([graph.clone().into()]))?;
        Ok(written)
    }
}
