//! The editor's helper: tab completion (SPARQL keywords, prefixes, prefixed names that exist in
//! the loaded graphs, variables of the query being typed, meta-commands, named queries and their
//! parameters, file names), and hints from history, cut to the rest of the screen line.
//!
//! The editor reads one line at a time (the shell shows the continuation prompt and reads the
//! next line while a statement is incomplete), so the helper validates nothing.

use super::meta::COMMANDS;
use crate::format::OutputFormat;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::collections::BTreeSet;
use unicode_width::UnicodeWidthChar;

/// SPARQL 1.1 keywords and built-in functions offered by completion.
pub const KEYWORDS: &[&str] = &[
    "SELECT",
    "DISTINCT",
    "REDUCED",
    "AS",
    "WHERE",
    "FROM",
    "NAMED",
    "GRAPH",
    "OPTIONAL",
    "FILTER",
    "NOT",
    "EXISTS",
    "MINUS",
    "UNION",
    "BIND",
    "VALUES",
    "UNDEF",
    "SERVICE",
    "SILENT",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "GROUP",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "PREFIX",
    "BASE",
    "IN",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "STR",
    "LANG",
    "LANGMATCHES",
    "DATATYPE",
    "BOUND",
    "IRI",
    "URI",
    "BNODE",
    "RAND",
    "ABS",
    "CEIL",
    "FLOOR",
    "ROUND",
    "CONCAT",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ENCODE_FOR_URI",
    "CONTAINS",
    "STRSTARTS",
    "STRENDS",
    "STRBEFORE",
    "STRAFTER",
    "YEAR",
    "MONTH",
    "DAY",
    "HOURS",
    "MINUTES",
    "SECONDS",
    "TIMEZONE",
    "TZ",
    "NOW",
    "UUID",
    "STRUUID",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "COALESCE",
    "IF",
    "STRLANG",
    "STRDT",
    "SAMETERM",
    "ISIRI",
    "ISURI",
    "ISBLANK",
    "ISLITERAL",
    "ISNUMERIC",
    "REGEX",
    "SUBSTR",
    "REPLACE",
    "TRUE",
    "FALSE",
];

/// What completion can offer; rebuilt when the data changes.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Prefix names with their colon (`arg:`).
    pub prefixes: Vec<String>,
    /// Prefixed names of every IRI in the graphs (`ofw:c-main`), sorted.
    pub names: BTreeSet<String>,
    /// Named queries and their parameter names.
    pub queries: Vec<(String, Vec<String>)>,
}

/// The rustyline helper of the REPL.
pub struct ReplHelper {
    /// Completion data.
    pub words: Words,
    hinter: HistoryHinter,
    files: FilenameCompleter,
}

impl ReplHelper {
    /// A helper over these words.
    pub fn new(words: Words) -> Self {
        Self {
            words,
            hinter: HistoryHinter::new(),
            files: FilenameCompleter::new(),
        }
    }
}

/// What to complete at the cursor.
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    /// Replace from this byte offset with one of these.
    Words(usize, Vec<String>),
    /// A file name.
    File,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '?' | '$' | '.' | '=')
}

/// Candidates for the text before `pos` in `line` (the whole buffer).
pub fn candidates(words: &Words, line: &str, pos: usize) -> Completion {
    let before = &line[..pos];
    let trimmed = before.trim_start();
    if let Some(meta) = trimmed.strip_prefix('.') {
        return meta_candidates(words, before, meta, pos);
    }
    sparql_candidates(words, before, pos)
}

/// Start of the word that ends at `pos` (SPARQL: `.` ends a triple, so it is no word char).
fn word_start(before: &str, sparql: bool) -> usize {
    before
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word_char(*c) || (sparql && matches!(c, '.' | '=')))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn sparql_candidates(words: &Words, before: &str, pos: usize) -> Completion {
    let start = word_start(before, true);
    let word = &before[start..];
    if word.is_empty() {
        return Completion::Words(pos, Vec::new());
    }
    let found: Vec<String> = if word.starts_with(['?', '$']) {
        let mut variables = BTreeSet::new();
        for (i, c) in before.char_indices() {
            if (c == '?' || c == '$') && i != start {
                let name: String = before[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    variables.insert(format!("{}{name}", &word[..1]));
                }
            }
        }
        variables
            .into_iter()
            .filter(|v| v.starts_with(word) && v != word)
            .collect()
    } else if word.contains(':') {
        names_from(words, word)
    } else {
        let lower = word.chars().all(|c| !c.is_uppercase());
        let upper = word.to_uppercase();
        let mut found: Vec<String> = KEYWORDS
            .iter()
            .filter(|k| k.starts_with(&upper))
            .map(|k| {
                if lower {
                    k.to_lowercase()
                } else {
                    (*k).to_owned()
                }
            })
            .collect();
        found.extend(
            words
                .prefixes
                .iter()
                .filter(|p| p.starts_with(word))
                .cloned(),
        );
        found
    };
    Completion::Words(start, found)
}

fn names_from(words: &Words, word: &str) -> Vec<String> {
    let mut found: Vec<String> = words
        .names
        .range(word.to_owned()..)
        .take_while(|n| n.starts_with(word))
        .cloned()
        .collect();
    if found.is_empty() && !word.contains(':') {
        found = words
            .prefixes
            .iter()
            .filter(|p| p.starts_with(word))
            .cloned()
            .collect();
    }
    found
}

fn meta_candidates(words: &Words, before: &str, meta: &str, pos: usize) -> Completion {
    let parts: Vec<&str> = meta.split_whitespace().collect();
    let typing_new_word = meta.is_empty() || meta.ends_with(char::is_whitespace);
    let index = if typing_new_word {
        parts.len()
    } else {
        parts.len() - 1
    };
    let current = if typing_new_word { "" } else { parts[index] };
    let start = pos - current.len();
    if index == 0 {
        // A command that takes arguments completes with the space before them.
        let found = COMMANDS
            .iter()
            .filter(|(n, _, _)| n.starts_with(current))
            .map(|(n, usage, _)| {
                if usage.contains(' ') {
                    format!("{n} ")
                } else {
                    (*n).to_owned()
                }
            })
            .collect();
        return Completion::Words(start, found);
    }
    let command = parts[0].to_ascii_lowercase();
    let found: Vec<String> = match command.as_str() {
        "run" if index == 1 => words
            .queries
            .iter()
            .filter(|(n, _)| n.starts_with(current))
            .map(|(n, _)| n.clone())
            .collect(),
        "run" => {
            if let Some((_, value)) = current.split_once('=') {
                let found = names_from(words, value);
                return Completion::Words(pos - value.len(), found);
            }
            let given: Vec<&str> = parts[2..]
                .iter()
                .filter_map(|p| p.split_once('=').map(|(k, _)| k))
                .collect();
            words
                .queries
                .iter()
                .find(|(n, _)| n == parts[1])
                .map(|(_, params)| {
                    params
                        .iter()
                        .filter(|p| p.starts_with(current) && !given.contains(&p.as_str()))
                        .map(|p| format!("{p}="))
                        .collect()
                })
                .unwrap_or_default()
        }
        "tree" | "describe" if index == 1 => names_from(words, current),
        "format" if index == 1 => OutputFormat::NAMES
            .iter()
            .filter(|n| n.starts_with(current))
            .map(|n| (*n).to_owned())
            .collect(),
        "timing" if index == 1 => ["on", "off"]
            .iter()
            .filter(|n| n.starts_with(current))
            .map(|n| (*n).to_owned())
            .collect(),
        "load" | "output" if index == 1 => return Completion::File,
        "explain" => return sparql_candidates(words, before, pos),
        _ => Vec::new(),
    };
    Completion::Words(start, found)
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        match candidates(&self.words, line, pos) {
            Completion::File => self.files.complete(line, pos, ctx),
            Completion::Words(start, found) => Ok((
                start,
                found
                    .into_iter()
                    .map(|w| Pair {
                        display: w.clone(),
                        replacement: w,
                    })
                    .collect(),
            )),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        let hint = self.hinter.hint(line, pos, ctx)?;
        let width = terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0));
        let typed: usize = line[..pos]
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        fit_hint(&hint, width.saturating_sub(super::PROMPT.len() + typed))
    }
}

/// A hint cut to its first line and to `room` columns (one kept free, so that the line never
/// wraps), with `…` where it was cut; `None` if nothing fits.
pub fn fit_hint(hint: &str, room: usize) -> Option<String> {
    let first = hint.lines().next().unwrap_or_default();
    let room = room.saturating_sub(1);
    if first.is_empty() || room < 2 {
        return None;
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in first.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            while used + 1 > room {
                if let Some(last) = shown.pop() {
                    used -= last.width().unwrap_or(0);
                } else {
                    break;
                }
            }
            shown.push('…');
            return Some(shown);
        }
        used += w;
        shown.push(c);
    }
    Some(shown)
}

impl Highlighter for ReplHelper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }
}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            prefixes: vec!["arg:".into(), "aif:".into(), "ofw:".into()],
            names: ["ofw:c-main", "ofw:c-troops", "arg:supports", "aif:I-node"]
                .map(String::from)
                .into_iter()
                .collect(),
            queries: vec![("support-tree".into(), vec!["claim".into(), "depth".into()])],
        }
    }

    fn complete(line: &str) -> Completion {
        candidates(&words(), line, line.len())
    }

    #[test]
    fn sparql_words() {
        assert_eq!(complete("SEL"), Completion::Words(0, vec!["SELECT".into()]));
        assert_eq!(complete("sel"), Completion::Words(0, vec!["select".into()]));
        assert_eq!(
            complete("SELECT * { ?c arg:sup"),
            Completion::Words(14, vec!["arg:supports".into()])
        );
        assert_eq!(
            complete("SELECT * { ?c a ofw:c-"),
            Completion::Words(16, vec!["ofw:c-main".into(), "ofw:c-troops".into()])
        );
        assert_eq!(
            complete("SELECT ?claim { ?claim ?p ?o . ?c"),
            Completion::Words(31, vec!["?claim".into()])
        );
        assert_eq!(
            complete("SELECT * { ar"),
            Completion::Words(11, vec!["arg:".into()])
        );
        assert_eq!(complete("SELECT * {"), Completion::Words(10, vec![]));
    }

    #[test]
    fn meta_words() {
        assert_eq!(complete(".tr"), Completion::Words(1, vec!["tree ".into()]));
        assert_eq!(
            complete(".qu"),
            Completion::Words(1, vec!["queries".into(), "quit".into()])
        );
        assert_eq!(
            complete(".run sup"),
            Completion::Words(5, vec!["support-tree".into()])
        );
        assert_eq!(
            complete(".run support-tree claim=ofw:c-m"),
            Completion::Words(24, vec!["ofw:c-main".into()])
        );
        assert_eq!(
            complete(".run support-tree claim=ofw:c-main "),
            Completion::Words(35, vec!["depth=".into()])
        );
        assert_eq!(
            complete(".tree ofw:c-t"),
            Completion::Words(6, vec!["ofw:c-troops".into()])
        );
        assert_eq!(complete(".load ./"), Completion::File);
        assert_eq!(
            complete(".format cs"),
            Completion::Words(8, vec!["csv".into()])
        );
    }

    #[test]
    fn hints_fit_the_rest_of_the_line() {
        let long = format!("SELECT * {{ {} }}\nLIMIT 1", "?s ?p ?o . ".repeat(10_000));
        let hint = fit_hint(&long, 40).unwrap();
        assert_eq!(hint.chars().count(), 39);
        assert!(hint.ends_with('…'));
        assert_eq!(
            fit_hint("LIMIT 1\nOFFSET 2", 40).as_deref(),
            Some("LIMIT 1")
        );
        // Wide characters count twice.
        assert_eq!(fit_hint("漢字漢字漢字", 6).as_deref(), Some("漢字…"));
        assert_eq!(fit_hint("abc", 2), None);
    }
}
