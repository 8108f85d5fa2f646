//! Which backend a store folder holds, written in the folder so that every argmap that opens it
//! knows, and one built without that backend says how to get at the data.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

/// The marker file of a store folder.
pub const MARKER: &str = "argmap-store";

/// A store's backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The in-memory store, saved as `dataset.nq` (every build; for maps up to some 10k claims).
    Nquads,
    /// Oxigraph's RocksDB store on disk (builds with `--features rocksdb`; corpus scale).
    RocksDb,
}

impl Backend {
    /// The backend a new store gets: RocksDB where this build has it.
    pub fn for_new() -> Self {
        if cfg!(feature = "rocksdb") {
            Self::RocksDb
        } else {
            Self::Nquads
        }
    }

    /// Whether this build can open stores of this backend.
    pub fn is_built(self) -> bool {
        self == Self::Nquads || cfg!(feature = "rocksdb")
    }

    fn name(self) -> &'static str {
        match self {
            Self::Nquads => "nquads",
            Self::RocksDb => "rocksdb",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "nquads" => Ok(Self::Nquads),
            "rocksdb" => Ok(Self::RocksDb),
            _ => Err(format!("unknown backend {name:?}; use nquads or rocksdb")),
        }
    }
}

/// The backend of the store in `dir`, or `None` if there is no store there yet. A folder from
/// before the marker existed that holds `dataset.nq` is an N-Quads store.
pub fn detect(dir: &Path) -> io::Result<Option<Backend>> {
    match fs::read_to_string(dir.join(MARKER)) {
        Ok(text) => {
            for line in text.lines() {
                if let Some(name) = line.strip_prefix("backend: ") {
                    return name.trim().parse().map(Some).map_err(io::Error::other);
                }
            }
            Err(io::Error::other(format!(
                "{}: no `backend:` line",
                dir.join(MARKER).display()
            )))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Ok(dir.join("dataset.nq").is_file().then_some(Backend::Nquads))
        }
        Err(e) => Err(e),
    }
}

/// Writes the marker of a new store, whole or not at all: it is written beside its place and
/// renamed there, so a process killed meanwhile leaves the folder as it was, and the folder
/// is synced so that the rename outlasts a crash.
pub fn write(dir: &Path, backend: Backend) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let partial = dir.join(format!(".{MARKER}.partial-{}", std::process::id()));
    let mut file = fs::File::create(&partial)?;
    file.write_all(format!("argmap store\nbackend: {backend}\nformat: 1\n").as_bytes())?;
    file.sync_all()?;
    drop(file);
    fs::rename(&partial, dir.join(MARKER))?;
    fs::File::open(dir)?.sync_all()
}
