//! The RocksDB workspace: Oxigraph's on-disk store, opened in constant time, with one writer and
//! any number of readers beside it.
//!
//! A session that writes only now and then (the shell) reads a snapshot like any reader and
//! becomes the writer for one change at a time ([`RocksWorkspace::begin_change`]): an idle
//! shell blocks no `argmap load`, and its own change applies to the newest state, whoever
//! wrote it.
//!
//! Layout of the folder:
//! - `argmap-store` — the marker saying `backend: rocksdb` (see [`super::kind`]);
//! - `argmap.lock` — the writer's `flock`, with its PID;
//! - `db/` — the store itself, opened only by the writer;
//! - `snapshots/<n>/` — RocksDB checkpoints (hard links, cheap) that the writer publishes after
//!   every committed change; readers open the newest read-only and hold a shared lock on
//!   `snapshots/<n>.readers` so that the writer never deletes one in use;
//! - `snapshots/<n>/argmap-index` and `index/` — the argument index of each snapshot (see
//!   [`super::index`]).
//!
//! Oxigraph forbids opening a RocksDB store read-only while another process writes it; the
//! snapshots are how readers and a writer coexist. Every change is one RocksDB commit (a
//! transaction, or a bulk load's single ingestion), and a snapshot is published only after it,
//! so a killed process leaves the previous state or the new one.
//!
//! A process killed between a commit and its snapshot would leave readers on the old state
//! until the next write. So a writer marks `snapshots/.unpublished` before it changes anything
//! and removes the mark after publishing; whoever next finds the mark with no writer holding
//! the lock (a reader, or the next writer) publishes first.

use super::StoreError;
use super::index::{self, Changed, Segment};
use crate::workspace::{WorkspaceError, WriteLock};
use oxigraph::model::GraphName;
use oxigraph::store::Store;
use rustc_hash::FxHashMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

const DB: &str = "db";
const SNAPSHOTS: &str = "snapshots";
/// Present while a change may be committed but not yet published.
const UNPUBLISHED: &str = ".unpublished";
/// The argument index's manifest, in each snapshot's folder.
const INDEX_MANIFEST: &str = "argmap-index";
/// The argument index's segments.
const INDEX: &str = "index";

/// An open RocksDB workspace.
#[derive(Debug)]
pub struct RocksWorkspace {
    dir: PathBuf,
    /// The writer's lock, or `None` for a reader.
    lock: Option<WriteLock>,
    /// A reader's shared lock on the snapshot it reads.
    _snapshot: Option<File>,
    /// The number of the snapshot a reader opened.
    snapshot: Option<u64>,
    /// Reads a snapshot and takes the writer's lock for each change (the shell), waiting up
    /// to `wait` for another writer.
    on_demand: Option<Duration>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| {
        StoreError::Workspace(WorkspaceError::Io {
            path: path.to_owned(),
            source,
        })
    }
}

fn snapshots(dir: &Path) -> Result<Vec<u64>, StoreError> {
    let folder = dir.join(SNAPSHOTS);
    let mut found = Vec::new();
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(io(&folder)(e)),
    };
    for entry in entries.flatten() {
        if let Some(n) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u64>().ok())
        {
            found.push(n);
        }
    }
    found.sort_unstable();
    Ok(found)
}

/// The file whose shared `flock` marks snapshot `n` as in use. A reader that may not write the
/// folder opens it read-only (a shared lock needs no write access), or goes without when it
/// does not exist: nobody can prune a snapshot in a folder no one may write, and a writer that
/// can would find the snapshot unheld.
fn snapshot_lock(dir: &Path, n: u64) -> Result<Option<File>, StoreError> {
    let path = dir.join(SNAPSHOTS).join(format!("{n}.readers"));
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => Ok(Some(file)),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            match File::open(&path) {
                Ok(file) => Ok(Some(file)),
                Err(_) => Ok(None),
            }
        }
        Err(e) => Err(io(&path)(e)),
    }
}

impl RocksWorkspace {
    /// Opens the store for writing: takes the lock (waiting up to `wait` for another writer),
    /// opens `db/`.
    pub fn open_writer(dir: &Path, wait: Duration) -> Result<(Store, Self), StoreError> {
        let lock = WriteLock::acquire_waiting(dir, wait)?;
        let store = Store::open(dir.join(DB))?;
        let this = Self {
            dir: dir.to_owned(),
            lock: Some(lock),
            _snapshot: None,
            snapshot: None,
            on_demand: None,
        };
        // A publish interrupted by a crash leaves only a half-made checkpoint folder and its
        // index manifest beside it: remove them.
        let folder = dir.join(SNAPSHOTS);
        if let Ok(entries) = fs::read_dir(&folder) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(".partial") {
                    let path = entry.path();
                    let _ = if path.is_dir() {
                        fs::remove_dir_all(&path)
                    } else {
                        fs::remove_file(&path)
                    };
                }
            }
        }
        if folder.join(UNPUBLISHED).exists() {
            // What the killed writer changed is not known.
            this.publish(&store, &Changed::Everything, Default::default())?;
        }
        Ok((store, this))
    }

    /// Marks the store as possibly ahead of its newest snapshot, before a change; see the
    /// module's documentation.
    pub fn mark_changing(&self) -> Result<(), StoreError> {
        let folder = self.dir.join(SNAPSHOTS);
        fs::create_dir_all(&folder).map_err(io(&folder))?;
        let mark = folder.join(UNPUBLISHED);
        File::create(&mark)
            .and_then(|f| f.sync_all())
            .map_err(io(&mark))?;
        File::open(&folder)
            .and_then(|f| f.sync_all())
            .map_err(io(&folder))
    }

    /// Publishes what a killed writer committed but did not publish, if no writer is at work
    /// now (a live writer publishes by itself).
    fn recover_unpublished(dir: &Path) -> Result<(), StoreError> {
        if !dir.join(SNAPSHOTS).join(UNPUBLISHED).exists() {
            return Ok(());
        }
        match Self::open_writer(dir, Duration::ZERO) {
            Ok(_) | Err(StoreError::Workspace(WorkspaceError::InUse { .. })) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Opens the newest snapshot read-only; never waits for, or blocks, the writer.
    pub fn open_reader(dir: &Path) -> Result<(Store, Self), StoreError> {
        Self::recover_unpublished(dir)?;
        // The writer may prune the snapshot between listing and locking: try the next newest.
        for _ in 0..8 {
            let Some(&n) = snapshots(dir)?.last() else {
                return Err(StoreError::Workspace(WorkspaceError::Missing {
                    path: dir.to_owned(),
                }));
            };
            let lock = snapshot_lock(dir, n)?;
            if lock
                .as_ref()
                .is_some_and(|lock| lock.lock_shared().is_err())
            {
                continue;
            }
            let path = dir.join(SNAPSHOTS).join(n.to_string());
            if !path.is_dir() {
                continue;
            }
            let store = Store::open_read_only(&path)?;
            return Ok((
                store,
                Self {
                    dir: dir.to_owned(),
                    lock: None,
                    _snapshot: lock,
                    snapshot: Some(n),
                    on_demand: None,
                },
            ));
        }
        Err(StoreError::Workspace(WorkspaceError::InUse {
            path: dir.to_owned(),
            holder: None,
        }))
    }

    /// Opens the newest snapshot for a session that takes the writer's lock for each change
    /// (see [`Self::begin_change`]), waiting up to `wait` for it then.
    pub fn open_on_demand(dir: &Path, wait: Duration) -> Result<(Store, Self), StoreError> {
        let (store, mut this) = Self::open_reader(dir)?;
        // Fails now, not at the first change, on a folder the user may not write.
        crate::workspace::open_lock_file(dir)?;
        this.on_demand = Some(wait);
        Ok((store, this))
    }

    /// Makes an on-demand handle a reader again now: the change that made it a writer was
    /// only opening (installing this binary's bundled graphs).
    pub fn into_on_demand(mut self, store: &mut Store, wait: Duration) -> Result<Self, StoreError> {
        self.on_demand = Some(wait);
        self.end_change(store)?;
        Ok(self)
    }

    /// Before a change through an on-demand handle: takes the writer's lock (waiting as the
    /// handle was told) and opens the store itself, whose handle it returns for the change
    /// in place of the snapshot's, with whether another process changed the store since the
    /// snapshot was taken. `None` for a handle that is the writer already (or never writes).
    pub fn begin_change(&mut self) -> Result<Option<(Store, bool)>, StoreError> {
        let Some(wait) = self.on_demand else {
            return Ok(None);
        };
        if self.lock.is_some() {
            return Ok(None);
        }
        let (store, mut writer) = Self::open_writer(&self.dir, wait)?;
        // The writer published whatever a killed writer left: compare with the newest.
        let changed = snapshots(&self.dir)?.last().copied() != self.snapshot;
        self.lock = writer.lock.take();
        Ok(Some((store, changed)))
    }

    /// After a change through an on-demand handle (made or failed): publishes what is not yet,
    /// puts a handle on the newest snapshot in `store` (closing the writer's) and only then
    /// releases the lock, so the next writer finds the store closed. On an error the handle
    /// stays the writer, and `store` with it.
    pub fn end_change(&mut self, store: &mut Store) -> Result<(), StoreError> {
        if self.on_demand.is_none() || self.lock.is_none() {
            return Ok(());
        }
        if self.dir.join(SNAPSHOTS).join(UNPUBLISHED).exists() {
            self.publish(store, &Changed::Everything, Default::default())?;
        }
        let (reader, mut this) = Self::open_reader(&self.dir)?;
        *store = reader;
        self._snapshot = this._snapshot.take();
        self.snapshot = this.snapshot;
        self.lock = None;
        Ok(())
    }

    /// Whether this handle saves changes: it is the writer, or becomes it for each change.
    pub fn is_writable(&self) -> bool {
        self.lock.is_some() || self.on_demand.is_some()
    }

    /// Whether this handle is the writer now (and so publishes what it commits).
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// The store folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The folder of the snapshot this handle reads, while it is a reader (not while it is the
    /// writer): another process may open it read-only and see exactly what this one sees.
    pub fn snapshot_path(&self) -> Option<PathBuf> {
        match self.snapshot {
            Some(n) if self.lock.is_none() => Some(self.dir.join(SNAPSHOTS).join(n.to_string())),
            _ => None,
        }
    }

    /// The manifest of the argument index of the state this handle reads (the snapshot it
    /// opened, or for the writer the newest, when nothing is left unpublished): `None` when
    /// the store may be ahead of its snapshots.
    pub fn index_manifest(&self) -> Option<(PathBuf, PathBuf)> {
        let folder = self.dir.join(SNAPSHOTS);
        let snapshot = match self.snapshot {
            Some(n) if self.lock.is_none() => n,
            _ => {
                if folder.join(UNPUBLISHED).exists() {
                    return None;
                }
                *snapshots(&self.dir).ok()?.last()?
            }
        };
        Some((
            self.dir.join(INDEX),
            folder.join(snapshot.to_string()).join(INDEX_MANIFEST),
        ))
    }

    /// Publishes the committed state for readers, with its argument index (`changed`: what
    /// the change touched since the newest snapshot; `fresh`: segments a bulk load collected),
    /// and removes older snapshots no reader holds.
    pub fn publish(
        &self,
        store: &Store,
        changed: &Changed,
        fresh: FxHashMap<GraphName, Segment>,
    ) -> Result<(), StoreError> {
        let folder = self.dir.join(SNAPSHOTS);
        fs::create_dir_all(&folder).map_err(io(&folder))?;
        let existing = snapshots(&self.dir)?;
        let next = existing.last().map_or(1, |n| n + 1);
        let partial = folder.join(format!(".partial-{next}"));
        if partial.exists() {
            fs::remove_dir_all(&partial).map_err(io(&partial))?;
        }
        let previous = existing
            .last()
            .map(|n| folder.join(n.to_string()).join(INDEX_MANIFEST));
        let segments = self.dir.join(INDEX);
        // After a big bulk load the checkpoint waits for RocksDB's compaction, which runs on
        // one core (70 s at a million claims): the index is written meanwhile, its manifest
        // beside the checkpoint's folder until that folder exists.
        let manifest = folder.join(format!(".partial-{next}-index"));
        let (checkpoint, indexed) = std::thread::scope(|scope| {
            let (segments, previous, manifest) = (&segments, previous.as_deref(), &manifest);
            let indexing = scope.spawn(move || {
                index::publish(segments, previous, manifest, next, store, changed, fresh)
            });
            let checkpoint = store.backup(&partial);
            (checkpoint, indexing.join())
        });
        let indexed = indexed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if let Err(error) = checkpoint {
            let _ = fs::remove_file(&manifest);
            return Err(error.into());
        }
        indexed?;
        let placed = partial.join(INDEX_MANIFEST);
        fs::rename(&manifest, &placed).map_err(io(&placed))?;
        let target = folder.join(next.to_string());
        fs::rename(&partial, &target).map_err(io(&target))?;
        File::open(&folder)
            .and_then(|f| f.sync_all())
            .map_err(io(&folder))?;
        let mut kept = vec![target.join(INDEX_MANIFEST)];
        for old in existing {
            let Some(lock) = snapshot_lock(&self.dir, old)? else {
                kept.push(folder.join(old.to_string()).join(INDEX_MANIFEST));
                continue;
            };
            match lock.try_lock() {
                Ok(()) => {
                    let _ = fs::remove_dir_all(folder.join(old.to_string()));
                    let _ = fs::remove_file(folder.join(format!("{old}.readers")));
                }
                Err(_) => kept.push(folder.join(old.to_string()).join(INDEX_MANIFEST)),
            }
        }
        index::prune(&segments, &kept, next)?;
        let mark = folder.join(UNPUBLISHED);
        match fs::remove_file(&mark) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&mark)(e)),
            _ => Ok(()),
        }
    }
}
