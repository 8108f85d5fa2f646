//! The shell in a real terminal emulator: a tmux session of its own, whose keys reach the
//! shell whenever they are sent, as a typist's or a paste's do (also while it is busy).

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for the screen to show something (CI machines are slow).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A tmux server with one 200×50 window running the binary.
pub struct Tmux {
    _dir: tempfile::TempDir,
    socket: PathBuf,
    config: PathBuf,
}

impl Tmux {
    /// Starts `argmap ARGS` (no history) in a new tmux server.
    pub fn start(args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        // A shell that ends keeps its window, so that a failure shows its last words.
        let config = dir.path().join("tmux.conf");
        std::fs::write(&config, "set -g remain-on-exit on\n").unwrap();
        let tmux = Self {
            _dir: dir,
            socket,
            config,
        };
        let output = tmux
            .command()
            .args(["new-session", "-d", "-x", "200", "-y", "50", "--"])
            .args(["env", "-u", "ARGMAP_FAILPOINT", "ARGMAP_HISTORY="])
            .arg(env!("CARGO_BIN_EXE_argmap"))
            .args(args)
            .output()
            .expect("tmux runs (.ci/install-tools installs it)");
        assert!(output.status.success(), "tmux: {}", text(&output.stderr));
        tmux
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"]);
        command
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let output = self.command().args(args).output().expect("tmux runs");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            text(&output.stderr)
        );
        output
    }

    /// Sends keys in one write: literal text, or tmux key names (`Enter`, `C-c`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The whole screen and its scrollback, wrapped lines joined.
    pub fn screen(&self) -> String {
        text(
            &self
                .tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", "0"])
                .stdout,
        )
    }

    /// Waits until `needle` is on the screen `times` times; returns the screen.
    pub fn wait_for(&self, needle: &str, times: usize) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= times {
                return screen;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{needle:?} not shown {times} times; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process the window runs (the shell: `env` execs it).
    pub fn pid(&self) -> u32 {
        let output = self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
        text(&output.stdout).trim().parse().expect("a pid")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
