//! The file formats and problem names of the ICCMA competitions, so that `argmap af` runs like
//! any argumentation solver: the ICCMA 2023 `p af N` format, ASPARTIX `.apx` and TGF; problems
//! such as `DC-PR` (credulous preferred) and answers printed the ICCMA 2023 way.
//!
//! ```
//! use argmap::eval::iccma::{self, FileFormat, Problem};
//! let parsed = iccma::parse(b"p af 3\n# a comment\n1 2\n2 3\n", FileFormat::Iccma23, "ex.af")?;
//! let problem: Problem = "SE-GR".parse()?;
//! let mut out = Vec::new();
//! problem.solve(&parsed, None, &Default::default(), &mut out)?;
//! assert_eq!(out, b"w 1 3\n");
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use crate::eval::af::{AfError, Framework, Label, Labelling, Limits, Semantics};
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;
use std::str::FromStr;

/// Errors reading a framework or a problem name, located in the file.
#[derive(Debug, thiserror::Error)]
pub enum IccmaError {
    /// The file cannot be read.
    #[error("cannot read {file}: {source}")]
    Io { file: String, source: io::Error },
    /// The text is not a framework in the expected format.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A problem name argmap does not know.
    #[error(
        "unknown problem {given:?}: use DC-, DS- or SE- (or EE- to enumerate) followed by CO, GR, PR, ST or SST, e.g. DC-PR"
    )]
    UnknownProblem { given: String },
    /// `--arg` is missing, superfluous or names no argument.
    #[error("{0}")]
    Query(String),
    /// The solver gave up or was asked about a missing argument.
    #[error(transparent)]
    Solver(#[from] AfError),
    /// Writing the answer failed.
    #[error("cannot write the answer: {0}")]
    Output(#[from] io::Error),
}

/// The most arguments an ICCMA 2023 header may declare. Every declared argument costs memory
/// whether or not an attack names it (a 20-byte `p af 4000000000` would ask for 32 GB), so the
/// count is bounded: 50 million arguments take about 600 MB to read, far beyond the largest
/// ICCMA benchmarks.
pub const MAX_ARGUMENTS: u32 = 50_000_000;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// ICCMA 2023: a `p af N` line, then one `i j` line per attack (arguments 1..N), `#`
    /// comment lines.
    Iccma23,
    /// ASPARTIX: `arg(a).` and `att(a,b).` facts; `%` comments.
    Apx,
    /// Trivial Graph Format: one argument name per line, a `#` line, one `a b` line per attack.
    Tgf,
}

impl FileFormat {
    /// The format for a file name: `.apx` ASPARTIX, `.tgf` TGF, anything else (`.af`, `.i23`)
    /// ICCMA 2023.
    pub fn for_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("apx") => Self::Apx,
            Some("tgf") => Self::Tgf,
            _ => Self::Iccma23,
        }
    }

    /// The format with this name (`iccma`, `i23`, `apx`, `tgf`).
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "iccma" | "iccma23" | "i23" | "af" => Some(Self::Iccma23),
            "apx" | "aspartix" => Some(Self::Apx),
            "tgf" => Some(Self::Tgf),
            _ => None,
        }
    }
}

/// A framework read from a file, with the names its arguments have there.
#[derive(Debug, Clone)]
pub struct ParsedAf {
    /// The framework; argument `i` is named `names[i]` (ICCMA 2023: `i + 1`).
    pub framework: Framework,
    names: Option<Vec<String>>,
}

impl ParsedAf {
    /// The name of argument `arg` in the file.
    pub fn name(&self, arg: u32) -> String {
        match &self.names {
            Some(names) => names.get(arg as usize).cloned().unwrap_or_default(),
            None => (u64::from(arg) + 1).to_string(),
        }
    }

    /// The argument a name given on the command line stands for.
    pub fn argument(&self, name: &str) -> Option<u32> {
        match &self.names {
            Some(names) => names.iter().position(|n| n == name).map(|i| i as u32),
            None => name
                .parse::<u32>()
                .ok()
                .filter(|&i| i >= 1 && i <= self.framework.len())
                .map(|i| i - 1),
        }
    }
}

/// Reads a framework file; ICCMA 2023 files are streamed, so memory holds only the attacks.
pub fn read_file(path: &Path, format: FileFormat) -> Result<ParsedAf, IccmaError> {
    let file = path.display().to_string();
    let io = |source| IccmaError::Io {
        file: file.clone(),
        source,
    };
    let mut reader = std::fs::File::open(path).map_err(io)?;
    match format {
        FileFormat::Iccma23 => parse_iccma(&mut reader, &file),
        _ => {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(io)?;
            parse(&bytes, format, &file)
        }
    }
}

/// Parses framework text in `format`; `file` names it in errors.
pub fn parse(bytes: &[u8], format: FileFormat, file: &str) -> Result<ParsedAf, IccmaError> {
    match format {
        FileFormat::Iccma23 => parse_iccma(&mut &bytes[..], file),
        FileFormat::Apx => parse_apx(bytes, file),
        FileFormat::Tgf => parse_tgf(bytes, file),
    }
}

fn syntax(
    file: &str,
    line: usize,
    text: &[u8],
    at: usize,
    message: impl Into<String>,
) -> IccmaError {
    let before = text.get(..at).unwrap_or(text);
    IccmaError::Syntax {
        file: file.to_owned(),
        line,
        column: String::from_utf8_lossy(before).chars().count() + 1,
        message: message.into(),
    }
}

/// Skips spaces and tabs from `at`.
fn skip_blank(line: &[u8], mut at: usize) -> usize {
    while matches!(line.get(at), Some(b' ' | b'\t' | b'\r')) {
        at += 1;
    }
    at
}

/// An unsigned decimal at `at`, and where it ends.
fn number(line: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut end = at;
    let mut value: u64 = 0;
    while let Some(&digit @ b'0'..=b'9') = line.get(end) {
        value = value
            .checked_mul(10)?
            .checked_add(u64::from(digit - b'0'))?;
        end += 1;
    }
    (end > at).then_some((value, end))
}

/// The ICCMA 2023 reader: a hand-rolled byte loop over 1 MiB chunks, attacks straight into two
/// `u32` columns.
fn parse_iccma(reader: &mut dyn Read, file: &str) -> Result<ParsedAf, IccmaError> {
    let mut buffer = vec![0u8; 1 << 20];
    let mut filled = 0; // bytes of `buffer` holding unread text (a partial line)
    let mut line_no = 0usize;
    let mut len: Option<u32> = None;
    let (mut from, mut to) = (Vec::new(), Vec::new());
    let mut at_eof = false;
    while !at_eof {
        if filled == buffer.len() {
            // A line longer than the buffer: grow (only comments can be that long).
            buffer.resize(buffer.len() * 2, 0);
        }
        let n = reader
            .read(&mut buffer[filled..])
            .map_err(|source| IccmaError::Io {
                file: file.to_owned(),
                source,
            })?;
        at_eof = n == 0;
        filled += n;
        let text = &buffer[..filled];
        // Complete lines only, unless the file ended.
        let end = if at_eof {
            filled
        } else {
            match text.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => continue,
            }
        };
        for line in text[..end].split(|&b| b == b'\n') {
            line_no += 1;
            let start = skip_blank(line, 0);
            match line.get(start) {
                None | Some(b'#') => continue,
                Some(b'p') if len.is_none() => {
                    let after_p = skip_blank(line, start + 1);
                    if line.get(after_p..after_p + 2) != Some(b"af") {
                        return Err(syntax(file, line_no, line, after_p, "expected `p af N`"));
                    }
                    let at = skip_blank(line, after_p + 2);
                    let (n, end) = number(line, at)
                        .filter(|&(n, _)| n < u64::from(u32::MAX))
                        .ok_or_else(|| {
                            syntax(file, line_no, line, at, "expected the number of arguments")
                        })?;
                    if n > u64::from(MAX_ARGUMENTS) {
                        // The header alone would cost memory in proportion to N, however short
                        // the file: refuse it before allocating anything.
                        return Err(syntax(
                            file,
                            line_no,
                            line,
                            at,
                            format!(
                                "`p af {n}` declares more arguments than argmap reads ({MAX_ARGUMENTS})"
                            ),
                        ));
                    }
                    let rest = skip_blank(line, end);
                    if rest < line.len() {
                        return Err(syntax(
                            file,
                            line_no,
                            line,
                            rest,
                            "unexpected text after `p af N`",
                        ));
                    }
                    len = Some(n as u32);
                }
                Some(_) => {
                    let Some(n) = len else {
                        return Err(syntax(
                            file,
                            line_no,
                            line,
                            start,
                            "expected the header `p af N` before the first attack",
                        ));
                    };
                    let mut at = start;
                    let mut pair = [0u32; 2];
                    for (k, slot) in pair.iter_mut().enumerate() {
                        let Some((value, end)) = number(line, at) else {
                            let what = if k == 0 { "an attacker" } else { "a target" };
                            return Err(syntax(
                                file,
                                line_no,
                                line,
                                at,
                                format!("expected {what} (an argument number 1..{n})"),
                            ));
                        };
                        if value == 0 || value > u64::from(n) {
                            return Err(syntax(
                                file,
                                line_no,
                                line,
                                at,
                                format!("argument {value} is not in 1..{n}"),
                            ));
                        }
                        *slot = (value - 1) as u32;
                        at = skip_blank(line, end);
                        if k == 0 && at == end {
                            return Err(syntax(
                                file,
                                line_no,
                                line,
                                at,
                                "expected a space between attacker and target",
                            ));
                        }
                    }
                    if at < line.len() && line.get(at) != Some(&b'#') {
                        return Err(syntax(
                            file,
                            line_no,
                            line,
                            at,
                            "expected the end of the line after an attack",
                        ));
                    }
                    from.push(pair[0]);
                    to.push(pair[1]);
                }
            }
        }
        // An unterminated last line was handled above (at EOF); otherwise keep the tail.
        if !at_eof {
            line_no -= 1; // the empty piece after the last '\n' was counted
            buffer.copy_within(end..filled, 0);
            filled -= end;
        }
    }
    let Some(len) = len else {
        return Err(IccmaError::Syntax {
            file: file.to_owned(),
            line: line_no.max(1),
            column: 1,
            message: "no `p af N` header: is this an ICCMA 2023 file? (use --format apx or tgf for the others)".into(),
        });
    };
    Ok(ParsedAf {
        framework: Framework::from_columns(len, from, to)?,
        names: None,
    })
}

/// Collects argument names in order of declaration.
#[derive(Default)]
struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    fn declare(&mut self, name: &str) -> bool {
        if self.index.contains_key(name) {
            return false;
        }
        self.index.insert(name.to_owned(), self.names.len() as u32);
        self.names.push(name.to_owned());
        true
    }
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
}

/// ASPARTIX facts: `arg(a).` and `att(a,b).`, any number per line, `%` comments.
fn parse_apx(bytes: &[u8], file: &str) -> Result<ParsedAf, IccmaError> {
    let mut names = Names::default();
    let mut attacks: Vec<(usize, usize, String, String)> = Vec::new();
    for (line_no, line) in lines(bytes) {
        let mut at = 0;
        loop {
            at = skip_blank(line, at);
            let rest = &line[at.min(line.len())..];
            if rest.is_empty() || rest[0] == b'%' {
                break;
            }
            let err = |at: usize, m: &str| syntax(file, line_no, line, at, m);
            let (kind, arity) = if rest.starts_with(b"arg(") {
                ("arg", 1)
            } else if rest.starts_with(b"att(") {
                ("att", 2)
            } else {
                return Err(err(at, "expected `arg(NAME).` or `att(NAME,NAME).`"));
            };
            let open = at + 4;
            let Some(close) = line[open..]
                .iter()
                .position(|&b| b == b')')
                .map(|i| open + i)
            else {
                return Err(err(open, "missing `)`"));
            };
            let inner = String::from_utf8_lossy(&line[open..close]).into_owned();
            let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
            if parts.len() != arity || parts.iter().any(|p| p.is_empty()) {
                return Err(err(
                    open,
                    if arity == 1 {
                        "`arg` takes one name"
                    } else {
                        "`att` takes two names, attacker and target"
                    },
                ));
            }
            let dot = skip_blank(line, close + 1);
            if line.get(dot) != Some(&b'.') {
                return Err(err(dot, "expected `.` after the fact"));
            }
            if kind == "arg" {
                if !names.declare(parts[0]) {
                    return Err(err(
                        open,
                        &format!("argument {} is declared twice", parts[0]),
                    ));
                }
            } else {
                attacks.push((line_no, open, parts[0].to_owned(), parts[1].to_owned()));
            }
            at = dot + 1;
        }
    }
    finish(names, attacks, bytes, file, |name| {
        format!("add `arg({name}).`")
    })
}

/// TGF: argument names (first token of a line) until a `#` line, then `attacker target` lines.
fn parse_tgf(bytes: &[u8], file: &str) -> Result<ParsedAf, IccmaError> {
    let mut names = Names::default();
    let mut attacks = Vec::new();
    let mut in_edges = false;
    for (line_no, line) in lines(bytes) {
        let text = String::from_utf8_lossy(line);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') && !in_edges {
            in_edges = true;
            continue;
        }
        let start = skip_blank(line, 0);
        let mut tokens = trimmed.split_whitespace();
        if in_edges {
            match (tokens.next(), tokens.next()) {
                (Some(a), Some(b)) => attacks.push((line_no, start, a.to_owned(), b.to_owned())),
                _ => {
                    return Err(syntax(
                        file,
                        line_no,
                        line,
                        start,
                        "expected `attacker target`",
                    ));
                }
            }
        } else if let Some(name) = tokens.next()
            && !names.declare(name)
        {
            return Err(syntax(
                file,
                line_no,
                line,
                start,
                format!("argument {name} is declared twice"),
            ));
        }
    }
    finish(names, attacks, bytes, file, |name| {
        format!("add the line `{name}` before the `#` line")
    })
}

/// Resolves named attacks, pointing at the first undeclared name.
fn finish(
    names: Names,
    attacks: Vec<(usize, usize, String, String)>,
    bytes: &[u8],
    file: &str,
    hint: impl Fn(&str) -> String,
) -> Result<ParsedAf, IccmaError> {
    let mut from = Vec::with_capacity(attacks.len());
    let mut to = Vec::with_capacity(attacks.len());
    let text: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    for (line_no, at, a, b) in attacks {
        for (name, column) in [(&a, &mut from), (&b, &mut to)] {
            match names.index.get(name.as_str()) {
                Some(&i) => column.push(i),
                None => {
                    let line = text.get(line_no - 1).copied().unwrap_or_default();
                    return Err(syntax(
                        file,
                        line_no,
                        line,
                        at,
                        format!("argument {name} is not declared: {}", hint(name)),
                    ));
                }
            }
        }
    }
    if names.names.len() >= u32::MAX as usize {
        return Err(AfError::TooLarge {
            len: names.names.len(),
        }
        .into());
    }
    Ok(ParsedAf {
        framework: Framework::from_columns(names.names.len() as u32, from, to)?,
        names: Some(names.names),
    })
}

/// What an ICCMA problem asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// `DC`: is the argument credulously accepted?
    Credulous,
    /// `DS`: is it sceptically accepted?
    Sceptical,
    /// `SE`: some extension.
    SomeExtension,
    /// `EE`: every extension (an argmap addition; one `w` line each).
    Enumerate,
}

/// An ICCMA problem such as `DC-PR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    /// What is asked.
    pub task: Task,
    /// Under which semantics.
    pub semantics: Semantics,
}

impl FromStr for Problem {
    type Err = IccmaError;
    fn from_str(given: &str) -> Result<Self, IccmaError> {
        let unknown = || IccmaError::UnknownProblem {
            given: given.to_owned(),
        };
        let (task, semantics) = given.split_once('-').ok_or_else(unknown)?;
        let task = match task.to_ascii_uppercase().as_str() {
            "DC" => Task::Credulous,
            "DS" => Task::Sceptical,
            "SE" => Task::SomeExtension,
            "EE" => Task::Enumerate,
            _ => return Err(unknown()),
        };
        let semantics = Semantics::ALL
            .into_iter()
            .find(|s| s.iccma().eq_ignore_ascii_case(semantics))
            .ok_or_else(unknown)?;
        Ok(Self { task, semantics })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let task = match self.task {
            Task::Credulous => "DC",
            Task::Sceptical => "DS",
            Task::SomeExtension => "SE",
            Task::Enumerate => "EE",
        };
        write!(f, "{task}-{}", self.semantics.iccma())
    }
}

impl Problem {
    /// Every problem `argmap af` solves.
    pub fn all() -> impl Iterator<Item = Problem> {
        [
            Task::Credulous,
            Task::Sceptical,
            Task::SomeExtension,
            Task::Enumerate,
        ]
        .into_iter()
        .flat_map(|task| Semantics::ALL.map(|semantics| Problem { task, semantics }))
    }

    /// Whether the problem is about one argument (`--arg`).
    pub fn needs_argument(self) -> bool {
        matches!(self.task, Task::Credulous | Task::Sceptical)
    }

    /// Whether `argument` is given exactly when the problem needs one.
    pub fn check_argument(self, argument: Option<&str>) -> Result<(), IccmaError> {
        match (self.needs_argument(), argument) {
            (true, None) => Err(IccmaError::Query(format!(
                "{self} asks about one argument: add --arg NAME"
            ))),
            (false, Some(_)) => Err(IccmaError::Query(format!(
                "{self} is not about one argument: leave out --arg"
            ))),
            _ => Ok(()),
        }
    }

    /// Solves the problem and writes the ICCMA 2023 answer: for SE a line `w` followed by the
    /// extension's arguments, or `NO` when there is none; for DC `YES` and a `w` line with an
    /// extension containing the argument, or `NO`; for DS `YES`, or `NO` and a `w` line with
    /// an extension that does not contain it.
    pub fn solve(
        self,
        af: &ParsedAf,
        argument: Option<&str>,
        limits: &Limits,
        out: &mut dyn Write,
    ) -> Result<(), IccmaError> {
        let framework = &af.framework;
        self.check_argument(argument)?;
        let arg = match argument {
            Some(name) => Some(af.argument(name).ok_or_else(|| {
                IccmaError::Query(format!(
                    "no argument {name:?} in the framework (its {} arguments are {})",
                    framework.len(),
                    if framework.is_empty() {
                        "none".to_owned()
                    } else {
                        format!("{} … {}", af.name(0), af.name(framework.len() - 1))
                    }
                ))
            })?),
            None => None,
        };
        let mut buffered = io::BufWriter::new(out);
        let out = &mut buffered;
        match (self.task, arg) {
            (Task::Credulous | Task::Sceptical, Some(arg)) => {
                let decision = if self.task == Task::Credulous {
                    framework.credulous(self.semantics, arg, limits)?
                } else {
                    framework.sceptical(self.semantics, arg, limits)?
                };
                writeln!(out, "{}", if decision.accepted { "YES" } else { "NO" })?;
                if let Some(witness) = &decision.witness {
                    write_extension(af, witness, out)?;
                }
            }
            (Task::SomeExtension, _) => match framework.some_labelling(self.semantics, limits)? {
                Some(l) => write_extension(af, &l, out)?,
                None => writeln!(out, "NO")?,
            },
            (Task::Enumerate, _) => {
                let all = framework.labellings(self.semantics, limits)?;
                if all.is_empty() {
                    writeln!(out, "NO")?;
                }
                for l in &all {
                    write_extension(af, l, out)?;
                }
            }
            _ => {}
        }
        buffered.flush()?;
        Ok(())
    }
}

/// `w` and the IN arguments' names.
fn write_extension(af: &ParsedAf, labelling: &Labelling, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"w")?;
    for (arg, label) in labelling.labels().iter().enumerate() {
        if *label == Label::In {
            write!(out, " {}", af.name(arg as u32))?;
        }
    }
    out.write_all(b"\n")
}
