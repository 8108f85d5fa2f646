//! Measurements for the benchmarks: whole processes as a user meets them (wall time and peak
//! resident memory of one command run to its end, to compare the real `argmap` binary with a
//! baseline process), and medians of in-process timings.
//!
//! Included with `mod process;` (a folder, so that cargo does not take it for a bench target of
//! its own).

#![allow(dead_code)] // each includer uses a part

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `argmap` binary cargo built for this bench.
pub const ARGMAP: &str = env!("CARGO_BIN_EXE_argmap");

/// The binary to measure: `ARGMAP_BIN` if set (a copy, so that a build can go on while a long
/// run measures), else the one cargo built.
pub fn argmap_bin() -> std::path::PathBuf {
    std::env::var_os("ARGMAP_BIN").map_or_else(|| ARGMAP.into(), Into::into)
}

/// One whole process: wall time, peak resident memory, what it printed.
pub struct Measured {
    /// From spawn to exit.
    pub wall: Duration,
    /// The child's peak resident memory in bytes (`ru_maxrss`).
    pub peak: u64,
    /// Its standard output.
    pub stdout: String,
}

/// Runs `command` to its end and measures it; an exit code outside `ok` ends the benchmark with
/// the command's stderr.
pub fn measure(command: &mut Command, ok: &[i32]) -> Measured {
    measure_within(command, ok, None).expect("no time limit")
}

/// [`measure`], but a process still running after `limit` is killed and gives `None`.
pub fn measure_within(
    command: &mut Command,
    ok: &[i32],
    limit: Option<Duration>,
) -> Option<Measured> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("stdout");
    let err = dir.path().join("stderr");
    command
        .stdin(Stdio::null())
        .stdout(File::create(&out).expect("stdout file"))
        .stderr(File::create(&err).expect("stderr file"));
    let start = Instant::now();
    // wait4 below reaps the child (and gives its rusage, which Child::wait does not).
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("spawns");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, and wait4 writes it for the child we spawned and have not
    // waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        let flags = if limit.is_some() && !killed {
            libc::WNOHANG
        } else {
            0
        };
        let waited = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if waited == pid {
            break;
        }
        assert_eq!(waited, 0, "wait4: {}", std::io::Error::last_os_error());
        if limit.is_some_and(|limit| start.elapsed() > limit) {
            // SAFETY: the child is ours and not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        } else {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let wall = start.elapsed();
    if killed {
        return None;
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    assert!(ok.contains(&code), "{command:?} exited {code}:\n{stderr}");
    Some(Measured {
        wall,
        // Linux reports kibibytes.
        peak: usage.ru_maxrss as u64 * 1024,
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
    })
}

/// The `argmap` binary with these arguments.
pub fn argmap(args: &[&str]) -> Command {
    let mut command = Command::new(argmap_bin());
    command.args(args);
    command
}

/// The measurement with the median wall time of `runs` runs of `make()`'s command (after
/// `before()` prepares each run, untimed).
pub fn median(
    runs: usize,
    mut before: impl FnMut(),
    mut make: impl FnMut() -> Command,
    ok: &[i32],
) -> Measured {
    let mut all: Vec<Measured> = (0..runs.max(1))
        .map(|_| {
            before();
            measure(&mut make(), ok)
        })
        .collect();
    all.sort_by_key(|m| m.wall);
    all.swap_remove(all.len() / 2)
}

/// The median of `runs` timings of `f`, after one warm-up run.
pub fn median_time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Mebibytes.
pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Seconds, with two decimals under ten.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

/// The list after `--sizes` (`--sizes 10000,100000`), or `default`.
pub fn sizes(args: &[String], default: &[usize]) -> Vec<usize> {
    args.iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|list| {
            list.split(',')
                .map(|n| n.trim().parse().expect("--sizes takes numbers"))
                .collect()
        })
        .unwrap_or_else(|| default.to_vec())
}
