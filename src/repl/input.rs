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
    let mut scanner = Scanner::default();
    scanner.feed(text);
    scanner.scan()
}

/// [`scan`] a piece at a time: a script is fed line by line, so that cutting it into
/// statements reads each character once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scanner {
    braces: i64,
    parens: i64,
    /// Inside a string: its quote, and whether it is a long (triple-quoted) one.
    string: Option<(char, bool)>,
    /// A `\` ended the last piece inside a long string: the next character is escaped.
    escaped: bool,
    /// Last significant character on the current line, and the brace depth there.
    last_on_line: Option<(char, i64)>,
    /// Last significant character of the whole text.
    last: Option<char>,
}

impl Scanner {
    /// What the scanner saw so far.
    pub fn scan(&self) -> Scan {
        Scan {
            braces: self.braces,
            parens: self.parens,
            in_string: self.string.is_some(),
            ends_with_semicolon: matches!(self.last_on_line, Some((';', depth)) if depth <= 0),
        }
    }

    /// The last significant character so far (outside comments).
    pub fn last(&self) -> Option<char> {
        self.last
    }

    fn significant(&mut self, c: char) {
        self.last_on_line = Some((c, self.braces));
        self.last = Some(c);
    }

    /// Reads more text (which goes on from the end of the previous piece).
    pub fn feed(&mut self, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if let Some((quote, long)) = self.string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                } else if c == '\\' {
                    if i + 1 < chars.len() {
                        i += 2;
                    } else {
                        self.escaped = true;
                        i += 1;
                    }
                } else if !long && c == '\n' {
                    // A short string cannot span lines: the parser will say so.
                    self.string = None;
                } else if c == quote
                    && (!long
                        || (chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote)))
                {
                    i += if long { 3 } else { 1 };
                    self.string = None;
                    self.significant(quote);
                } else {
                    i += 1;
                }
                continue;
            }
            match c {
                '\n' => {
                    self.last_on_line = None;
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
                    self.string = Some((c, long));
                    self.significant(c);
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
                    self.significant('>');
                }
                _ => {
                    match c {
                        '{' => self.braces += 1,
                        '}' => self.braces -= 1,
                        '(' => self.parens += 1,
                        ')' => self.parens -= 1,
                        _ => {}
                    }
                    if !c.is_whitespace() {
                        self.significant(c);
                    }
                    i += 1;
                }
            }
        }
    }
}

/// Whether a text holds anything but whitespace and comments.
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// What a word of psql or sqlite3 habit means here: `help` and `\?` are `.help`; `exit`,
/// `quit` and `\q` are `.quit`. They are whole statements (a trailing `;` allowed), in any
/// case, so that nobody is left at a prompt that waits for more.
pub fn habit_word(text: &str) -> Option<&'static str> {
    let word = text.trim();
    let word = word.strip_suffix(';').unwrap_or(word).trim_end();
    match word.to_ascii_lowercase().as_str() {
        "help" | "\\?" | "\\h" => Some("help"),
        "exit" | "quit" | "\\q" => Some("quit"),
        _ => None,
    }
}

/// Whether the editor should run `text` now (true) or wait for more lines (false).
pub fn is_complete(text: &str, prefixes: &Prefixes) -> bool {
    is_complete_scanned(text, scan(text), prefixes)
}

/// [`is_complete`] with the text's [`Scan`] already made.
fn is_complete_scanned(text: &str, scan: Scan, prefixes: &Prefixes) -> bool {
    let trimmed = text.trim_start();
    if is_blank(trimmed) || habit_word(trimmed).is_some() {
        return true;
    }
    if let Some(meta) = trimmed.strip_prefix('.') {
        // `.explain` takes a query, which may span lines; other meta-commands are one line.
        return match meta.strip_prefix("explain") {
            Some(rest) if rest.starts_with(char::is_whitespace) && !is_blank(rest) => {
                is_query_complete(rest, self::scan(rest), prefixes)
            }
            _ => true,
        };
    }
    is_query_complete(text, scan, prefixes)
}

fn is_query_complete(text: &str, scan: Scan, prefixes: &Prefixes) -> bool {
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
/// A statement is: a meta-command line (or `help`, `quit`, …, see [`habit_word`]); lines up
/// to one ending with `;` outside braces; lines up to a blank line after a complete query; a
/// query followed by a line that starts a new statement; whatever is left at the end. Blank
/// and comment-only lines between statements are skipped.
///
/// A line starts a new statement when it opens with a meta-command, or with a query or update
/// keyword where no statement can go on with one: outside braces (unless the text so far is
/// only `PREFIX`/`BASE` lines, or a `DELETE` or `WITH` that the line's `INSERT` or `DELETE`
/// continues), and inside braces anywhere but right after a `{` (where a subquery starts). So
/// a broken query ends at the next statement instead of swallowing the rest of the script, and
/// every line is scanned once: cutting is linear in the script's length.
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
        let mut scanner = Scanner::default();
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
                scanner.feed(line);
                if habit_word(trimmed).is_some() || scanner.scan().ends_with_semicolon {
                    break;
                }
                if trimmed.starts_with('.')
                    && is_complete_scanned(&buffer, scanner.scan(), prefixes)
                {
                    break;
                }
                continue;
            }
            if starts_statement(line) && ends_here(&buffer, &scanner, line, prefixes) {
                break;
            }
            self.next += 1;
            if trimmed.is_empty() {
                if is_complete_scanned(&buffer, scanner.scan(), prefixes) {
                    break;
                }
                buffer.push('\n');
                scanner.feed("\n");
                continue;
            }
            buffer.push('\n');
            buffer.push_str(line);
            scanner.feed("\n");
            scanner.feed(line);
            let meta = buffer.trim_start().starts_with('.');
            if scanner.scan().ends_with_semicolon
                || (meta && is_complete_scanned(&buffer, scanner.scan(), prefixes))
            {
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

/// Whether the statement in `buffer` (scanned by `scanner`) ends before `line`, which opens
/// with a meta-command or a statement keyword (see [`Script`]).
fn ends_here(buffer: &str, scanner: &Scanner, line: &str, prefixes: &Prefixes) -> bool {
    let scan = scanner.scan();
    if buffer.trim_start().starts_with('.') {
        return is_complete_scanned(buffer, scan, prefixes);
    }
    if scan.in_string {
        return false;
    }
    if line.trim_start().starts_with('.') {
        return scan.braces <= 0;
    }
    let word = first_word(line);
    if scan.braces > 0 {
        // Inside braces a keyword may open a line only as a subquery, right after `{`.
        return !(word == "SELECT" && scanner.last() == Some('{'));
    }
    let Some(head) = first_word_after_prologue(buffer) else {
        // Only PREFIX and BASE so far: the statement is still to come.
        return false;
    };
    let continues_update = (word == "INSERT" && (head == "DELETE" || head == "WITH"))
        || (word == "DELETE" && head == "WITH");
    !continues_update || parses(buffer, prefixes)
}

/// The keywords that open a statement.
const STATEMENT_KEYWORDS: [&str; 16] = [
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
];

/// The first word of a line, upper-cased, if it is a whole word (`add:x` is a prefixed name,
/// not the keyword ADD).
fn first_word(line: &str) -> String {
    let trimmed = line.trim_start();
    let word: String = trimmed
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let whole = trimmed[word.len()..]
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, ':' | '_' | '-')));
    if whole {
        word.to_ascii_uppercase()
    } else {
        String::new()
    }
}

/// Whether a line begins a statement of its own: a meta-command or a query or update keyword.
fn starts_statement(line: &str) -> bool {
    line.trim_start().starts_with('.') || STATEMENT_KEYWORDS.contains(&first_word(line).as_str())
}

/// The first keyword after the `PREFIX` and `BASE` declarations (upper-cased), or `None`
/// when the text is nothing but declarations and comments.
fn first_word_after_prologue(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
            continue;
        }
        let word = first_word(rest);
        let skip = match word.as_str() {
            // PREFIX name: <iri>
            "PREFIX" => rest.find('>').map(|i| i + 1),
            // BASE <iri>
            "BASE" => rest.find('>').map(|i| i + 1),
            "" if rest.is_empty() => return None,
            _ => return Some(word),
        };
        match skip {
            Some(at) => rest = &rest[at..],
            None => return None,
        }
    }
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

    fn texts(script: &str) -> Vec<String> {
        split(script, &Prefixes::standard())
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn two_thousand_statements_are_two_thousand() {
        assert_eq!(texts(&"ASK { ?s ?p ?o }\n".repeat(2_000)).len(), 2_000);
        // Broken ones too, each on its own line.
        let broken = "SELECT ?x WHERE { ?x ?p ?o } LIMT 1\n".repeat(2_000);
        assert_eq!(texts(&broken).len(), 2_000);
        let unclosed = "SELECT ?x WHERE { ?x ?p ?o\n".repeat(2_000);
        assert_eq!(texts(&unclosed).len(), 2_000);
    }

    #[test]
    fn a_broken_statement_ends_where_the_next_begins() {
        assert_eq!(
            texts("SELECT * { ?s ?p ?o\nASK {}\n"),
            ["SELECT * { ?s ?p ?o", "ASK {}"]
        );
        assert_eq!(
            texts("SELECT * WHERE { ?s ?p ?o } LIMT 1\nSELECT * {}"),
            ["SELECT * WHERE { ?s ?p ?o } LIMT 1", "SELECT * {}"]
        );
        // What goes on with a keyword stays one statement.
        for one in [
            "PREFIX ex: <https://example.org/>\nBASE <https://example.org/>\nSELECT * { ex:a ?p ?o }",
            "DELETE { ?s ?p ?o }\nINSERT { ?s ?p 1 }\nWHERE { ?s ?p ?o }",
            "WITH <urn:g>\nDELETE { ?s ?p ?o }\nINSERT { ?s ?p 1 }\nWHERE { ?s ?p ?o }",
            "SELECT * {\n  {\n    SELECT ?s { ?s ?p ?o }\n  }\n}",
            "SELECT * {\n  ?s ?p ?o .\n  add:x ?p ?o\n}",
            "SELECT * { ?s ?p \"\"\"a\nSELECT\n\"\"\" }",
        ] {
            assert_eq!(texts(one), [one]);
        }
        assert_eq!(
            texts("DELETE DATA { <a:b> <a:c> <a:d> }\nINSERT DATA { <a:b> <a:c> <a:e> }"),
            [
                "DELETE DATA { <a:b> <a:c> <a:d> }",
                "INSERT DATA { <a:b> <a:c> <a:e> }"
            ]
        );
    }

    #[test]
    fn habit_words_are_statements() {
        assert_eq!(texts("help\nquit\n"), ["help", "quit"]);
        assert!(complete("help"));
        assert!(complete("\\q"));
        assert!(complete("EXIT;"));
        assert_eq!(habit_word("Quit"), Some("quit"));
        assert_eq!(habit_word("helpme"), None);
    }

    #[test]
    fn the_scanner_reads_a_text_in_pieces_as_a_whole() {
        let text =
            "SELECT * { ?s ?p \"\"\"long\n} still \\\" in\n\"\"\" . # }\n ?s <http://x/a#b> ?o ;";
        let mut scanner = Scanner::default();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                scanner.feed("\n");
            }
            scanner.feed(line);
        }
        assert_eq!(scanner.scan(), scan(text));
        assert_eq!(scan(text).braces, 1);
        assert!(!scan(text).in_string);
    }
}
