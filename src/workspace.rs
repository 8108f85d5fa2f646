//! The on-disk workspace behind `--store PATH`: what users load and change, kept across runs.
//!
//! A workspace is a folder with two files:
//! - `dataset.nq` — every graph the user loaded or changed, as N-Quads, plus a small metadata
//!   graph ([`META_GRAPH`]) recording where each graph came from and the prefixes its files
//!   declared. The bundled graphs are never written here.
//! - `argmap.lock` — held (advisory `flock`) by the one process allowed to write: for the
//!   life of a `load` or `update`, and by the shell only while one of its statements writes
//!   ([`Access::OnDemand`]), so that an idle shell blocks nobody.
//!
//! Saves are atomic and durable: the new state is written to a temporary file, flushed to disk,
//! and renamed over `dataset.nq`, then the folder itself is flushed. A crash or a full disk at
//! any point leaves the previous `dataset.nq` intact; readers never see half a save.

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term,
};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Graph holding the workspace's own metadata inside `dataset.nq`; never loaded as data.
pub const META_GRAPH: &str = "https://w3id.org/argmap/graph/workspace";
const DATA_FILE: &str = "dataset.nq";
const TEMP_FILE: &str = "dataset.nq.partial";
const LOCK_FILE: &str = "argmap.lock";
const SOURCE: &str = "http://purl.org/dc/terms/source";
const DECLARE: &str = "http://www.w3.org/ns/shacl#declare";
/// The predicates of the prefix records (see [`meta_quads`]): a store reads them alone when it
/// need not read every graph's source record.
pub const PREFIX_PREDICATES: [&str; 3] = [DECLARE, PREFIX, NAMESPACE];
const PREFIX: &str = "http://www.w3.org/ns/shacl#prefix";
const NAMESPACE: &str = "http://www.w3.org/ns/shacl#namespace";

/// Environment variable naming a fault to inject, for the crash-safety tests.
///
/// `save-interrupt` aborts the process halfway through writing a save; `save-write-error`
/// makes the write fail as a full disk would.
pub const FAILPOINT_VAR: &str = "ARGMAP_FAILPOINT";

/// Errors of the on-disk workspace.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// Another process holds the write lock.
    #[error(
        "store {} is in use by another argmap process{}; try again when it has finished, or give --wait SECONDS",
        path.display(),
        holder.as_ref().map(|pid| format!(" (pid {pid})")).unwrap_or_default()
    )]
    InUse {
        path: PathBuf,
        holder: Option<String>,
    },
    /// Reading a folder that is not a workspace.
    #[error(
        "{}: no argmap store here; create one with `argmap load FILE --store {}`",
        path.display(),
        path.display()
    )]
    Missing { path: PathBuf },
    /// A write was attempted through a read-only handle.
    #[error("store {} is open read-only", path.display())]
    ReadOnly { path: PathBuf },
    /// The data file does not parse.
    #[error("{}: the store file is damaged: {message}", path.display())]
    Damaged { path: PathBuf, message: String },
    /// Any file-system failure, with the file it concerns.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WorkspaceError + '_ {
    move |source| WorkspaceError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What a process may do with a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read the last saved state; never blocks, never writes.
    Read,
    /// Hold the lock for the life of the handle, and save.
    Write,
    /// Read now; take the lock for each change and release it after (the shell). A change
    /// made on disk by another process meanwhile is read back first, never overwritten.
    OnDemand,
}

/// What a workspace holds.
#[derive(Debug, Default, Clone)]
pub struct Contents {
    /// The user's quads (bundled and derived graphs excluded).
    pub quads: Vec<Quad>,
    /// Where each named graph came from (a file path, or "update").
    pub sources: BTreeMap<NamedNode, String>,
    /// Prefixes declared by the files loaded into the workspace, in load order.
    pub prefixes: Vec<(String, String)>,
}

/// An open workspace.
#[derive(Debug)]
pub struct Workspace {
    dir: PathBuf,
    lock: Option<WriteLock>,
    /// Takes the lock for each change ([`Access::OnDemand`]).
    on_demand: bool,
    /// How long to wait for another writer to finish.
    wait: Duration,
    /// The data file as last read or saved by this handle.
    seen: Mutex<Option<Stamp>>,
}

/// What identifies one version of the data file: a save writes a new file and renames it
/// over the old one, so its inode changes (and its time and size, where there are no inodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    inode: u64,
    modified: Option<std::time::SystemTime>,
    len: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let metadata = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            inode,
            modified: metadata.modified().ok(),
            len: metadata.len(),
        })
    }
}

/// How often a writer that waits for the lock tries again.
const WAIT_TICK: Duration = Duration::from_millis(50);

/// Whether a file-system error means "you may not write here" (a read-only folder or disk).
pub fn is_permission_error(error: &WorkspaceError) -> bool {
    matches!(
        error,
        WorkspaceError::Io { source, .. }
            if matches!(
                source.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
            )
    )
}

/// The one-writer lock of a store folder: an advisory `flock` on `argmap.lock`, which holds the
/// holder's PID so that the next writer can say who has it. Released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock of the folder `dir` (created if needed), or says who holds it.
    pub fn acquire(dir: &Path) -> Result<Self, WorkspaceError> {
        Self::acquire_waiting(dir, Duration::ZERO)
    }

    /// Takes the lock, waiting up to `wait` for the process that holds it to finish.
    pub fn acquire_waiting(dir: &Path, wait: Duration) -> Result<Self, WorkspaceError> {
        let mut lock = open_lock_file(dir)?;
        let lock_path = dir.join(LOCK_FILE);
        let started = Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(WAIT_TICK.min(wait.saturating_sub(started.elapsed())));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = lock.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(WorkspaceError::InUse {
                        path: dir.to_owned(),
                        holder: (!holder.is_empty()).then(|| holder.to_owned()),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io_error(&lock_path)(e)),
            }
        }
        lock.set_len(0).map_err(io_error(&lock_path))?;
        write!(lock, "{}", std::process::id()).map_err(io_error(&lock_path))?;
        Ok(Self { _file: lock })
    }
}

/// Opens (creating both if needed) the folder and its lock file, for writing: this fails on a
/// folder the user may not write.
pub(crate) fn open_lock_file(dir: &Path) -> Result<File, WorkspaceError> {
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    let lock_path = dir.join(LOCK_FILE);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_error(&lock_path))
}

impl Workspace {
    /// Opens the workspace at `dir`. [`Access::Write`] creates it if needed and takes the lock,
    /// failing with [`WorkspaceError::InUse`] if another process has it.
    pub fn open(dir: impl Into<PathBuf>, access: Access) -> Result<Self, WorkspaceError> {
        Self::open_waiting(dir, access, Duration::ZERO)
    }

    /// [`Self::open`], waiting up to `wait` for the lock whenever it is taken.
    pub fn open_waiting(
        dir: impl Into<PathBuf>,
        access: Access,
        wait: Duration,
    ) -> Result<Self, WorkspaceError> {
        let dir = dir.into();
        let mut this = Self {
            dir,
            lock: None,
            on_demand: false,
            wait,
            seen: Mutex::new(None),
        };
        match access {
            Access::Read => {
                if !this.dir.join(DATA_FILE).is_file() && !this.dir.join(LOCK_FILE).is_file() {
                    return Err(WorkspaceError::Missing { path: this.dir });
                }
            }
            Access::Write => {
                this.lock = Some(WriteLock::acquire_waiting(&this.dir, wait)?);
                this.remove_partial_save()?;
            }
            Access::OnDemand => {
                // Fails now, not at the first change, on a folder the user may not write.
                open_lock_file(&this.dir)?;
                this.on_demand = true;
            }
        }
        Ok(this)
    }

    /// A save that was interrupted leaves its temporary file; the lock holder owns it.
    fn remove_partial_save(&self) -> Result<(), WorkspaceError> {
        let temp = self.dir.join(TEMP_FILE);
        if temp.exists() {
            fs::remove_file(&temp).map_err(io_error(&temp))?;
        }
        Ok(())
    }

    /// Before a change of an [`Access::OnDemand`] workspace: takes the lock (waiting as long
    /// as the handle was told) and says whether another process saved the data file since
    /// this handle read it, in which case the caller reads it again before changing it. A
    /// handle that holds the lock already, or never writes, has nothing to do.
    pub fn begin_change(&mut self) -> Result<bool, WorkspaceError> {
        if !self.on_demand || self.lock.is_some() {
            return Ok(false);
        }
        self.lock = Some(WriteLock::acquire_waiting(&self.dir, self.wait)?);
        self.remove_partial_save()?;
        let seen = *self.seen.lock().unwrap_or_else(|p| p.into_inner());
        Ok(Stamp::of(&self.dir.join(DATA_FILE)) != seen)
    }

    fn set_seen(&self, stamp: Option<Stamp>) {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = stamp;
    }

    /// After a change of an [`Access::OnDemand`] workspace (saved or failed): releases the lock.
    pub fn end_change(&mut self) {
        if self.on_demand {
            self.lock = None;
        }
    }

    /// The workspace folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Whether this handle saves changes: it holds the write lock, or takes it for each change.
    pub fn is_writable(&self) -> bool {
        self.lock.is_some() || self.on_demand
    }

    /// Reads the last saved state (empty for a new workspace).
    pub fn read(&self) -> Result<Contents, WorkspaceError> {
        let path = self.dir.join(DATA_FILE);
        let stamp = Stamp::of(&path);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.set_seen(None);
                return Ok(Contents::default());
            }
            Err(e) => return Err(io_error(&path)(e)),
        };
        // Read before the bytes: a save in between only makes the next change read again.
        self.set_seen(stamp);
        let meta = NamedNode::new_unchecked(META_GRAPH);
        let mut contents = Contents::default();
        let mut records = Vec::new();
        for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&bytes) {
            let quad = quad.map_err(|e| WorkspaceError::Damaged {
                path: path.clone(),
                message: e.to_string(),
            })?;
            if quad.graph_name == GraphName::NamedNode(meta.clone()) {
                records.push(quad);
            } else {
                contents.quads.push(quad);
            }
        }
        let (sources, prefixes) = read_meta(&records);
        contents.sources = sources;
        contents.prefixes = prefixes;
        Ok(contents)
    }

    /// Replaces the saved state with `quads` (and the metadata), atomically and durably.
    pub fn save<'a>(
        &self,
        quads: impl IntoIterator<Item = QuadRef<'a>>,
        sources: &BTreeMap<NamedNode, String>,
        prefixes: &[(String, String)],
    ) -> Result<(), WorkspaceError> {
        if self.lock.is_none() {
            return Err(WorkspaceError::ReadOnly {
                path: self.dir.clone(),
            });
        }
        let bytes = serialize(quads, sources, prefixes);
        let temp = self.dir.join(TEMP_FILE);
        let result = write_durably(&temp, &bytes).and_then(|()| {
            let target = self.dir.join(DATA_FILE);
            fs::rename(&temp, &target).map_err(io_error(&target))?;
            // Make the rename itself durable.
            File::open(&self.dir)
                .and_then(|dir| dir.sync_all())
                .map_err(io_error(&self.dir))
        });
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        } else {
            self.set_seen(Stamp::of(&self.dir.join(DATA_FILE)));
        }
        result
    }
}

fn serialize<'a>(
    quads: impl IntoIterator<Item = QuadRef<'a>>,
    sources: &BTreeMap<NamedNode, String>,
    prefixes: &[(String, String)],
) -> Vec<u8> {
    let mut out = b"# argmap workspace, format 1: the user's graphs, then <".to_vec();
    out.extend_from_slice(META_GRAPH.as_bytes());
    out.extend_from_slice(b"> (where each graph came from, declared prefixes)\n");
    let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
    // Writing into a Vec cannot fail; the results are ignored deliberately.
    for quad in quads {
        let _ = writer.serialize_quad(quad);
    }
    for quad in meta_quads(sources, prefixes) {
        let _ = writer.serialize_quad(&quad);
    }
    writer.finish().unwrap_or_default()
}

/// The metadata graph's statements: where each graph came from, and the declared prefixes.
pub fn meta_quads(
    sources: &BTreeMap<NamedNode, String>,
    prefixes: &[(String, String)],
) -> Vec<Quad> {
    let meta = NamedNode::new_unchecked(META_GRAPH);
    let mut quads = Vec::new();
    for (graph, source) in sources {
        quads.push(Quad::new(
            graph.clone(),
            NamedNode::new_unchecked(SOURCE),
            Literal::new_simple_literal(source),
            meta.clone(),
        ));
    }
    for (index, (name, iri)) in prefixes.iter().enumerate() {
        let node = BlankNode::new_unchecked(format!("prefix{index}"));
        quads.push(Quad::new(
            meta.clone(),
            NamedNode::new_unchecked(DECLARE),
            node.clone(),
            meta.clone(),
        ));
        quads.push(Quad::new(
            node.clone(),
            NamedNode::new_unchecked(PREFIX),
            Literal::new_simple_literal(name),
            meta.clone(),
        ));
        quads.push(Quad::new(
            node,
            NamedNode::new_unchecked(NAMESPACE),
            Literal::new_simple_literal(iri),
            meta.clone(),
        ));
    }
    quads
}

/// Reads back what [`meta_quads`] wrote: the graphs' sources and the prefixes, in order.
pub fn read_meta(records: &[Quad]) -> (BTreeMap<NamedNode, String>, Vec<(String, String)>) {
    let mut sources = BTreeMap::new();
    let mut namespaces = HashMap::<NamedOrBlankNode, (Option<String>, Option<String>)>::new();
    let mut declared = Vec::new();
    for quad in records {
        match (quad.predicate.as_str(), &quad.subject, &quad.object) {
            (SOURCE, NamedOrBlankNode::NamedNode(graph), Term::Literal(source)) => {
                sources.insert(graph.clone(), source.value().to_owned());
            }
            (DECLARE, _, Term::BlankNode(node)) => declared.push(node.clone().into()),
            (PREFIX, node, Term::Literal(value)) => {
                namespaces.entry(node.clone()).or_default().0 = Some(value.value().into());
            }
            (NAMESPACE, node, Term::Literal(value)) => {
                namespaces.entry(node.clone()).or_default().1 = Some(value.value().into());
            }
            _ => {}
        }
    }
    let mut prefixes = Vec::new();
    // Blank-node labels sort `prefix10` before `prefix2`: keep the written order.
    declared.sort_by_key(|node: &NamedOrBlankNode| {
        node.to_string()
            .trim_start_matches("_:prefix")
            .parse::<usize>()
            .unwrap_or(usize::MAX)
    });
    for node in declared {
        if let Some((Some(name), Some(iri))) = namespaces.remove(&node) {
            prefixes.push((name, iri));
        }
    }
    (sources, prefixes)
}

/// Writes `bytes` to `path` and flushes them to the disk, honouring the failpoints.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), WorkspaceError> {
    let failpoint = std::env::var(FAILPOINT_VAR).unwrap_or_default();
    let mut file = File::create(path).map_err(io_error(path))?;
    match failpoint.as_str() {
        "save-interrupt" => {
            // Half a file reaches the disk, then the process dies as in a crash.
            let _ = file.write_all(&bytes[..bytes.len() / 2]);
            let _ = file.sync_all();
            std::process::abort();
        }
        "save-write-error" => {
            return Err(io_error(path)(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device (injected by ARGMAP_FAILPOINT)",
            )));
        }
        _ => {}
    }
    file.write_all(bytes).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))
}
