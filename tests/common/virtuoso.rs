//! OpenLink Virtuoso (Debian's `virtuoso-opensource`, installed by `.ci/install-tools`) started
//! by a test on free loopback ports with a temporary database, and stopped when dropped: a real
//! SPARQL engine that is not argmap's.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Virtuoso; killed (and its database removed) when dropped.
pub struct Virtuoso {
    child: Child,
    dir: tempfile::TempDir,
    /// Its SPARQL endpoint, `http://127.0.0.1:PORT/sparql`, open to updates.
    pub endpoint: String,
}

fn free_port() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").expect("a free loopback port")
}

impl Virtuoso {
    /// Starts a fresh server and lets its anonymous SPARQL user update (Virtuoso's `/sparql`
    /// is read-only out of the box).
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // Both ports are held at once so they differ, then freed for Virtuoso.
        let (sql, http) = (free_port(), free_port());
        let sql_port = sql.local_addr().expect("an address").port();
        let http_port = http.local_addr().expect("an address").port();
        drop((sql, http));
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nMaxCheckpointRemap = 2000\nStriping = 0\n\
             TempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\n\
             TransactionFile = {d}/virtuoso-temp.trx\nMaxCheckpointRemap = 2000\nStriping = 0\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql_port}\nDisableUnixSocket = 1\n\
             MaxClientConnections = 4\nCheckpointInterval = 0\nCaseMode = 2\nDirsAllowed = .\n\
             NumberOfBuffers = 2000\nMaxDirtyBuffers = 1200\nThreadsPerQuery = 1\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http_port}\nServerRoot = {d}\n\
             MaxClientConnections = 4\nServerThreads = 4\nCharset = UTF-8\n\
             [SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 60\n"
        );
        let ini_path = dir.path().join("virtuoso.ini");
        std::fs::write(&ini_path, ini).expect("the ini file is written");
        let child = Command::new("virtuoso-t")
            .arg("-c")
            .arg(&ini_path)
            .arg("+foreground")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start virtuoso-t ({e}): install Debian's virtuoso-opensource \
                     (bash .ci/install-tools does)"
                )
            });
        let mut this = Self {
            child,
            dir,
            endpoint: format!("http://127.0.0.1:{http_port}/sparql"),
        };
        this.wait_until_ready(Duration::from_secs(90));
        let granted = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{sql_port}"))
            .args(["dba", "dba", "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"])
            .stdin(Stdio::null())
            .output()
            .expect("isql-vt runs");
        assert!(
            granted.status.success(),
            "isql-vt could not grant updates: {}",
            String::from_utf8_lossy(&granted.stderr)
        );
        this
    }

    fn wait_until_ready(&mut self, patience: Duration) {
        let started = Instant::now();
        let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(5));
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("virtuoso-t exited with {status}: {}", self.log());
            }
            let request = oxhttp::model::Request::builder()
                .uri(format!("{}?query=ASK%7B%7D", self.endpoint))
                .body(oxhttp::model::Body::empty())
                .expect("a valid request");
            if client
                .request(request)
                .is_ok_and(|response| response.status().is_success())
            {
                return;
            }
            assert!(
                started.elapsed() < patience,
                "Virtuoso did not answer within {patience:?}: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The end of its error log, for a failure message.
    pub fn log(&self) -> String {
        let text = std::fs::read_to_string(Path::new(self.dir.path()).join("virtuoso.log"))
            .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
