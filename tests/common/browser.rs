//! Headless Chromium (Debian's `chromium`) loading a page: the DOM once scripts settle, and
//! every console message.

use std::process::Command;

/// What the browser saw.
pub struct Loaded {
    /// The serialized DOM after the page's scripts ran.
    pub dom: String,
    /// Console messages (errors and logs alike), as Chromium reports them.
    pub console: Vec<String>,
    /// Chromium's whole log (stderr), for errors it reports outside the console.
    pub log: String,
}

/// Loads `url` with a fresh profile and no network of its own, and lets its scripts run for up
/// to `budget_ms` of virtual time (waiting for the page's own requests).
pub fn load(url: &str, budget_ms: u32) -> Loaded {
    if Command::new("chromium").arg("--version").output().is_err() {
        panic!("chromium is not installed: run .ci/install-tools (it installs Debian's chromium)");
    }
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "chromium failed on {url}: {stderr}"
    );
    Loaded {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        console: stderr
            .lines()
            .filter(|line| line.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect(),
        log: stderr.into_owned(),
    }
}
