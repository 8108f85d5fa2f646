//! When is a statement complete? Shared by the editor (Enter inserts a newline until the query
//! is complete) and by piped mode (which cuts a file into statements).
//!
//! A statement is complete when it is a meta-command line (`.tree ofw:c-main`), when a line
//! ends with `;` outside every brace (inside braces `;` is SPARQL's own separator), or when its
//! braces balance and it parses — or fails to parse *before* its end, so that a typo is
//! reported at once instead of waiting for more input.

use crate::prefixes::Prefixes;
use crate::query;

/// What the lexer saw up to the end of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scan {
    /// Open `{` minus `}` (negative when there are too many `}`).
    pub braces: i64,
    /// Open `(` minus `)`.
    pub parens: i64,
    /// The text ends inside a string.
    pub in_string: bool,
    /// The last line ends with `;` outside strings, comments and braces.
    pub ends_with_semicolon: bool,
}

/// Scans SPARQL text: strings (`'…'`, `"…"`, `'''…'''`, `"""…"""`), IRIs (`<…>`),
/// comments (`# …`), braces and parentheses.
pub fn scan(text: &str) -> Scan {
    let chars: Vec<char> = text.chars().collect();
    let mut scan = Scan::default();
    // Last significant character on the current line, and the brace depth there.
    let mut last_significant: Option<(char, i64)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                last_significant = None;
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                i += if long { 3 } else { 1 };
                let mut closed = false;
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if !long && chars[i] == '\n' {
                        break;
                    }
                    if chars[i] == c
                        && (!long || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)))
                    {
                        i += if long { 3 } else { 1 };
                        closed = true;
                        break;
                    }
                    i += 1;
                }
                if !closed && (long || i >= chars.len()) {
                    scan.in_string = i >= chars.len();
                }
                last_significant = Some((c, scan.braces));
            }
            '<' => {
                // An IRI when a `>` follows with no character an IRI may not contain;
                // otherwise the less-than operator.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '>' || d.is_whitespace() || "<\"{}|^`".contains(d));
                match end {
                    Some(n) if chars[i + 1 + n] == '>' => i += n + 2,
                    _ => i += 1,
                }
                last_significant = Some(('>', scan.braces));
            }
            _ => {
                match c {
                    '{' => scan.braces += 1,
                    '}' => scan.braces -= 1,
                    '(' => scan.parens += 1,
                    ')' => scan.parens -= 1,
                    _ => {}
                }
                if !c.is_whitespace() {
                    last_significant = Some((c, scan.braces));
                }
                i += 1;
            }
        }
    }
    scan.ends_with_semicolon = matches!(last_significant, Some((';', depth)) if depth <= 0);
    scan
}

/// Whether a text holds anything but whitespace and comments.
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// Whether the editor should run `text` now (true) or wait for more lines (false).
pub fn is_complete(text: &str, prefixes: &Prefixes) -> bool {
    let trimmed = text.trim_start();
    if is_blank(trimmed) {
        return true;
    }
    if let Some(meta) = trimmed.strip_prefix('.') {
        // `.explain` takes a query, which may span lines; other meta-commands are one line.
        return match meta.strip_prefix("explain") {
            Some(rest) if rest.starts_with(char::is_whitespace) && !is_blank(rest) => {
                is_query_complete(rest, prefixes)
            }
            _ => true,
        };
    }
    is_query_complete(text, prefixes)
}

fn is_query_complete(text: &str, prefixes: &Prefixes) -> bool {
    let scan = scan(text);
    if scan.in_string {
        return false;
    }
    if scan.ends_with_semicolon {
        return true;
    }
    // Too many closing braces: no more input can mend that.
    if scan.braces < 0 || scan.parens < 0 {
        return true;
    }
    if scan.braces > 0 || scan.parens > 0 {
        return false;
    }
    // Enter on an empty line (the editor's buffer then ends with a newline) runs what is there.
    let blank_last_line = text
        .rsplit_once('\n')
        .is_some_and(|(_, last)| last.trim().is_empty());
    if blank_last_line || query::prepare(prefixes, text).is_ok() {
        return true;
    }
    // It does not parse. Oxigraph's error positions cannot tell "ran out of input" from "met
    // a wrong token" (both may point past the end), so judge by the text: a query needs a
    // group, and some keywords need something after them. Anything else is an error to show
    // now rather than a reason to wait.
    if query::prepare_update(prefixes, text).is_ok() {
        return true;
    }
    text.contains('{') && !ends_with_keyword_needing_more(text)
}

/// Keywords after which a query cannot end.
const NEEDS_MORE: [&str; 24] = [
    "SELECT",
    "DISTINCT",
    "REDUCED",
    "WHERE",
    "FROM",
    "NAMED",
    "GRAPH",
    "OPTIONAL",
    "FILTER",
    "MINUS",
    "UNION",
    "BIND",
    "VALUES",
    "SERVICE",
    "ORDER",
    "GROUP",
    "BY",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "AS",
    "ASC",
    "DESC",
    "CONSTRUCT",
];

fn ends_with_keyword_needing_more(text: &str) -> bool {
    let code: Vec<&str> = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .collect();
    let code = code.join("\n");
    let last = code.trim_end();
    if last.ends_with([',', '(', '=', '<', '>', '|', '&', '/', '^']) {
        return true;
    }
    last.rsplit(char::is_whitespace)
        .next()
        .is_some_and(|word| NEEDS_MORE.contains(&word.to_ascii_uppercase().as_str()))
}

/// The text to run: a statement without its terminating `;`.
pub fn strip_terminator(text: &str) -> &str {
    let trimmed = text.trim_end();
    match trimmed.strip_suffix(';') {
        Some(rest) if scan(text).ends_with_semicolon => rest.trim_end(),
        _ => trimmed,
    }
}

/// One statement of a piped script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Its text, without the terminating `;`.
    pub text: String,
    /// The line of the script where it starts (from 1).
    pub line: usize,
}

/// Cuts a script into statements, one at a time, so that each is read with the prefixes of
/// the session as the statements before it left them (a `.load` may declare new ones).
///
/// A statement is: a meta-command line; lines up to one ending with `;` outside braces; lines
/// up to a blank line after a complete query; a query followed by a line that starts a new
/// statement (a meta-command, or a query keyword once the query parses); whatever is left at
/// the end. Blank and comment-only lines between statements are skipped.
#[derive(Debug)]
pub struct Script<'a> {
    lines: Vec<&'a str>,
    next: usize,
}

impl<'a> Script<'a> {
    /// A script to cut.
    pub fn new(text: &'a str) -> Self {
        Self {
            lines: text.lines().collect(),
            next: 0,
        }
    }

    /// The next statement, read with `prefixes`.
    pub fn next_statement(&mut self, prefixes: &Prefixes) -> Option<Statement> {
        let mut buffer = String::new();
        let mut start = 0;
        while let Some(line) = self.lines.get(self.next).copied() {
            let number = self.next + 1;
            let trimmed = line.trim();
            if buffer.is_empty() {
                self.next += 1;
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                start = number;
                buffer.push_str(line);
                if trimmed.starts_with('.') && is_complete(&buffer, prefixes) {
                    break;
                }
                if scan(&buffer).ends_with_semicolon {
                    break;
                }
                continue;
            }
            if starts_statement(line) && ends_here(&buffer, line, prefixes) {
                break;
            }
            self.next += 1;
            if trimmed.is_empty() {
                if is_complete(&buffer, prefixes) {
                    break;
                }
                buffer.push('\n');
                continue;
            }
            buffer.push('\n');
            buffer.push_str(line);
            let meta = buffer.trim_start().starts_with('.');
            if scan(&buffer).ends_with_semicolon || (meta && is_complete(&buffer, prefixes)) {
                break;
            }
        }
        if is_blank(&buffer) {
            return None;
        }
        Some(Statement {
            text: strip_terminator(&buffer).to_owned(),
            line: start,
        })
    }
}

/// Cuts a whole script with fixed prefixes (see [`Script`]).
pub fn split(script: &str, prefixes: &Prefixes) -> Vec<Statement> {
    let mut script = Script::new(script);
    std::iter::from_fn(|| script.next_statement(prefixes)).collect()
}

/// Whether the statement in `buffer` ends before `line`, which starts a new one: a
/// meta-command after balanced braces (no query goes on with a `.` there), a query keyword
/// after a whole query.
fn ends_here(buffer: &str, line: &str, prefixes: &Prefixes) -> bool {
    if buffer.trim_start().starts_with('.') {
        return is_complete(buffer, prefixes);
    }
    if line.trim_start().starts_with('.') {
        let scan = scan(buffer);
        return scan.braces <= 0 && !scan.in_string;
    }
    parses(buffer, prefixes)
}

/// Whether a line begins a statement of its own: a meta-command or a query or update keyword.
fn starts_statement(line: &str) -> bool {
    let trimmed = line.trim_start();
    if trimmed.starts_with('.') {
        return true;
    }
    let word: String = trimmed
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase();
    [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "PREFIX",
        "BASE",
        "INSERT",
        "DELETE",
        "WITH",
        "LOAD",
        "CLEAR",
        "DROP",
        "CREATE",
        "COPY",
        "MOVE",
        "ADD",
    ]
    .contains(&word.as_str())
}

/// Whether a text is a whole query or update.
fn parses(text: &str, prefixes: &Prefixes) -> bool {
    let text = strip_terminator(text);
    query::prepare(prefixes, text).is_ok() || query::prepare_update(prefixes, text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(text: &str) -> bool {
        is_complete(text, &Prefixes::standard())
    }

    #[test]
    fn braces_in_strings_iris_and_comments_do_not_count() {
        let s = scan("SELECT * { ?s ?p \"}\" . # }\n ?s <http://x/a#b> ?o ");
        assert_eq!(s.braces, 1);
        assert_eq!(scan("SELECT * { ?s <http://x/a#b> ?o }").braces, 0);
        assert!(!s.in_string);
        let s = scan("SELECT * { FILTER(?a < 3 && ?b > 2) }");
        assert_eq!(s.braces, 0);
        assert!(scan("SELECT * { ?s ?p \"\"\"open\n").in_string);
    }

    #[test]
    fn semicolons_end_statements_only_outside_braces() {
        assert!(!scan("SELECT * { ?s a aif:I-node ;").ends_with_semicolon);
        assert!(scan("SELECT * { ?s ?p ?o } ;").ends_with_semicolon);
        assert!(scan("SELECT * { ?s ?p ?o };  # done").ends_with_semicolon);
        assert!(!scan("SELECT * { ?s ?p \";\" }").ends_with_semicolon);
    }

    #[test]
    fn completeness() {
        assert!(!complete("SELECT *"));
        assert!(!complete("SELECT * WHERE {"));
        assert!(!complete("SELECT * WHERE { ?s a aif:I-node ;"));
        assert!(complete("SELECT * WHERE { ?s ?p ?o }"));
        assert!(!complete("SELECT * WHERE { ?s ?p ?o } ORDER BY"));
        // A typo in the middle is reported at once.
        assert!(complete("SELEC * WHERE { ?s ?p ?o }"));
        assert!(complete("SELECT * WHERE { ?s ?p ?o } LIMIT;"));
        assert!(complete(".tree ofw:c-main"));
        assert!(!complete(".explain SELECT * {"));
        assert!(complete(".explain SELECT * { ?s ?p ?o }"));
        assert!(complete("  "));
        // Nothing can complete these: run them and show the error.
        assert!(complete("}}}}"));
        assert!(complete("SELECT * { ?s ?p ?o }}"));
        // An empty line after balanced braces runs whatever is there.
        assert!(!complete("SELECT * WHERE { ?s ?p ?o } ORDER BY"));
        assert!(complete("SELECT * WHERE { ?s ?p ?o } ORDER BY\n"));
        assert!(!complete("SELECT * WHERE { ?s ?p ?o } LIMIT"));
        assert!(complete("SELECT * WHERE { ?s ?p ?o } LIMT 1"));
        assert!(complete("SELECT * WHERE { ?s ?p ?o } foo"));
        assert!(!complete("SELECT ?s ?o"));
        assert!(!complete(
            "SELECT * WHERE { ?s ?p ?o } # LIMIT 3\nORDER BY # by what"
        ));
        assert!(complete("INSERT DATA { <a:b> <a:c> <a:d> }"));
        assert!(!complete("SELECT * WHERE {\n"));
    }

    #[test]
    fn scripts_are_cut_into_statements() {
        let script = "# questions\n.format csv\nSELECT ?s\nWHERE { ?s ?p ?o\n\n} LIMIT 1;\nSELECT * { ?s ?p ?o }\n\nASK { ?s ?p ?o }\nSELEC broken\n\nSELECT ?s\n\nWHERE {}\n}}\n\nASK {}\n.graphs\nSELECT * {\n  { SELECT ?s { ?s ?p ?o } }\n}\nASK {}\n.explain SELECT * {\n ?s ?p ?o\n} LIMIT 1\n.tree x";
        let statements = split(script, &Prefixes::standard());
        let got: Vec<(usize, &str)> = statements
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, ".format csv"),
                (3, "SELECT ?s\nWHERE { ?s ?p ?o\n\n} LIMIT 1"),
                (7, "SELECT * { ?s ?p ?o }"),
                (9, "ASK { ?s ?p ?o }\nSELEC broken"),
                (12, "SELECT ?s\n\nWHERE {}\n}}"),
                (17, "ASK {}"),
                (18, ".graphs"),
                (19, "SELECT * {\n  { SELECT ?s { ?s ?p ?o } }\n}"),
                (22, "ASK {}"),
                (23, ".explain SELECT * {\n ?s ?p ?o\n} LIMIT 1"),
                (26, ".tree x"),
            ]
        );
    }
}
