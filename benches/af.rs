//! Grounded semantics on a large random framework, read from an ICCMA 2023 file: the whole
//! `argmap af --problem SE-GR FILE` process against a plain pass that only reads the file and
//! counts its lines, measured in the same run (the machine is shared; ratios are what hold).
//!
//! Run with `cargo bench --bench af` (`AF_ARGS`, `AF_ATTACKS` change the size).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// The median of `RUNS` timings of `f` (after one warm-up that also fills the page cache).
fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[RUNS / 2], last)
}

/// A random framework in the ICCMA 2023 format (splitmix64, fixed seed).
fn generate(path: &Path, args: u64, attacks: u64) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "p af {args}")?;
    let mut state = 0x5EED_u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for _ in 0..attacks {
        writeln!(out, "{} {}", next() % args + 1, next() % args + 1)?;
    }
    out.flush()
}

/// The plain pass: read every byte of the file and count the lines.
fn plain_pass(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("the file reads");
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Runs the solver once; its output and, when measurable, its peak resident memory in KiB.
fn solve(path: &Path, timed: bool) -> (String, Option<u64>) {
    let binary = env!("CARGO_BIN_EXE_argmap");
    let time = Path::new("/usr/bin/time");
    let mut command = if timed && time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command.args(["af", "--problem", "SE-GR"]).arg(path);
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("argmap runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak = String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok());
    (String::from_utf8_lossy(&output.stdout).into_owned(), peak)
}

fn main() {
    let size = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (args, attacks) = (size("AF_ARGS", 1_000_000), size("AF_ATTACKS", 3_000_000));
    let dir = std::env::temp_dir().join(format!("argmap-bench-af-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("random.af");
    generate(&path, args, attacks).expect("the framework is written");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "random framework: {args} arguments, {attacks} attacks, {:.1} MiB; median of {RUNS} runs\n",
        bytes as f64 / (1 << 20) as f64
    );

    let (plain, lines) = median(|| plain_pass(&path));
    let (whole, (answer, _)) = median(|| solve(&path, false));
    let (_, peak) = solve(&path, true);
    let in_grounded = answer.split_whitespace().count().saturating_sub(1);
    println!("plain pass (read the file, count {lines} lines)   {plain:?}");
    println!(
        "argmap af --problem SE-GR (whole process)        {whole:?}  = {:.2}× the plain pass",
        whole.as_secs_f64() / plain.as_secs_f64()
    );
    println!("grounded extension: {in_grounded} arguments");
    match peak {
        Some(kib) => println!(
            "peak resident memory of the process: {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("peak memory: /usr/bin/time -v is not available"),
    }
    println!(
        "targets: <= 1.0 s and <= 100 MiB ({})",
        if whole <= Duration::from_secs(1) && peak.is_none_or(|k| k <= 100 * 1024) {
            "met"
        } else {
            "NOT met"
        }
    );
    let _ = std::fs::remove_dir_all(&dir);
}
