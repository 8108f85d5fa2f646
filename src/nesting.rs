//! Depth guards run before the parsers argmap feeds: the SPARQL parser and the JSON-LD reader
//! recurse (or grow quadratically) with nesting, so thousands of nested brackets would
//! overflow the stack or eat the machine before any error could be given.
//!
//! Each guard is one linear pass that skips strings, comments and IRIs, and says where the
//! nesting first goes past the limit (a byte offset; see [`crate::diagnostic::position_at`]).

/// Deepest `{ ( [` nesting accepted in SPARQL: far beyond any real query, far below what
/// overflows a 2 MiB thread stack in the parser.
pub const SPARQL_LIMIT: usize = 128;

/// Deepest nesting accepted in RDF documents (JSON-LD objects and arrays, Turtle collections
/// and blank-node property lists).
pub const RDF_LIMIT: usize = 100;

/// A nesting check over raw bytes ([`turtle`], [`json`]), for readers to pass around.
pub type Check = fn(&[u8]) -> Result<(), TooDeep>;

/// Where a text first nests deeper than a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset of the opening bracket that goes past the limit.
    pub offset: usize,
    /// The limit.
    pub limit: usize,
}

impl TooDeep {
    /// The message every reader gives.
    pub fn message(&self) -> String {
        format!(
            "nested more than {} levels deep here; argmap refuses deeper nesting so that the parser cannot overflow",
            self.limit
        )
    }
}

/// The lexical conventions of a language, as far as nesting is concerned.
#[derive(Debug, Clone, Copy)]
struct Lexicon {
    /// `'` also quotes strings.
    single_quotes: bool,
    /// `'''` and `"""` long strings.
    long_strings: bool,
    /// `#` starts a comment to the end of the line.
    hash_comments: bool,
    /// `<…>` is an IRI when it closes before a space.
    iris: bool,
}

const SPARQL: Lexicon = Lexicon {
    single_quotes: true,
    long_strings: true,
    hash_comments: true,
    iris: true,
};
const TURTLE: Lexicon = SPARQL;
const JSON: Lexicon = Lexicon {
    single_quotes: false,
    long_strings: false,
    hash_comments: false,
    iris: false,
};

/// Checks a SPARQL query or update.
///
/// ```
/// use argmap::nesting::{sparql, SPARQL_LIMIT};
/// assert!(sparql("SELECT * { { ?s ?p \"{{{{\" } } # ((((").is_ok());
/// let deep = format!("SELECT * {}", "{".repeat(SPARQL_LIMIT + 5));
/// assert_eq!(sparql(&deep).unwrap_err().offset, 9 + SPARQL_LIMIT);
/// ```
pub fn sparql(text: &str) -> Result<(), TooDeep> {
    scan(text.as_bytes(), SPARQL, SPARQL_LIMIT)
}

/// Checks Turtle, TriG, N-Triples or N-Quads.
pub fn turtle(text: &[u8]) -> Result<(), TooDeep> {
    scan(text, TURTLE, RDF_LIMIT)
}

/// Checks JSON (JSON-LD, and the JSON of importers such as AIF).
pub fn json(text: &[u8]) -> Result<(), TooDeep> {
    scan(text, JSON, RDF_LIMIT)
}

/// Checks Turtle or TriG as it is read from `reader`, for a file too big to hold: the same
/// answer as [`turtle`] on the whole text, holding only what it looks ahead (a few bytes; an
/// IRI's length after a `<`). A read error is returned as it comes.
///
/// ```
/// use argmap::nesting::{turtle, turtle_from, RDF_LIMIT};
/// let deep = format!("<a:s> <a:p> {} .", "( ".repeat(RDF_LIMIT + 1));
/// let whole = turtle(deep.as_bytes()).unwrap_err();
/// assert_eq!(turtle_from(deep.as_bytes()).unwrap().unwrap_err(), whole);
/// ```
pub fn turtle_from(reader: impl std::io::Read) -> std::io::Result<Result<(), TooDeep>> {
    let mut bytes = Streamed::new(reader, STREAM_CHUNK);
    let found = scan_bytes(&mut bytes, TURTLE, RDF_LIMIT);
    match bytes.failed.take() {
        Some(error) => Err(error),
        None => Ok(found),
    }
}

fn scan(text: &[u8], lexicon: Lexicon, limit: usize) -> Result<(), TooDeep> {
    scan_bytes(&mut Held { text, at: 0 }, lexicon, limit)
}

/// Bytes the scan reads: the next ones without taking them, then taking them.
trait Bytes {
    /// The byte `ahead` places past the current one (`0`: the current one), if there is one.
    fn peek(&mut self, ahead: usize) -> Option<u8>;
    /// Moves `n` bytes on.
    fn skip(&mut self, n: usize);
    /// The offset of the current byte.
    fn offset(&self) -> usize;
}

/// A text held whole.
struct Held<'a> {
    text: &'a [u8],
    at: usize,
}

impl Bytes for Held<'_> {
    fn peek(&mut self, ahead: usize) -> Option<u8> {
        self.text.get(self.at + ahead).copied()
    }
    fn skip(&mut self, n: usize) {
        self.at += n;
    }
    fn offset(&self) -> usize {
        self.at
    }
}

/// How much of a reader [`turtle_from`] reads at a time.
const STREAM_CHUNK: usize = 1 << 16;

/// A text read as the scan goes, keeping what it has read and not yet passed.
struct Streamed<R> {
    reader: R,
    /// Read bytes; those from `start` on are not passed yet.
    window: Vec<u8>,
    start: usize,
    /// The offset of the current byte.
    passed: usize,
    /// Bytes the scan moved past the end of what was read (an escape's second byte).
    owed: usize,
    chunk: usize,
    done: bool,
    failed: Option<std::io::Error>,
}

impl<R: std::io::Read> Streamed<R> {
    fn new(reader: R, chunk: usize) -> Self {
        Self {
            reader,
            window: Vec::new(),
            start: 0,
            passed: 0,
            owed: 0,
            chunk: chunk.max(1),
            done: false,
            failed: None,
        }
    }

    /// Reads on until `window[start + ahead]` exists; `false` if the reader ends first.
    fn fill(&mut self, ahead: usize) -> bool {
        while self.owed > 0 || self.window.len() <= self.start + ahead {
            if self.done {
                return false;
            }
            if self.start > 0 && self.start >= self.window.len() / 2 {
                self.window.drain(..self.start);
                self.start = 0;
            }
            let len = self.window.len();
            self.window.resize(len + self.chunk, 0);
            let read = self.reader.read(&mut self.window[len..]);
            self.window.truncate(len + read.as_ref().map_or(0, |n| *n));
            match read {
                Ok(0) => self.done = true,
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.failed = Some(error);
                    self.done = true;
                }
            }
            // Bytes moved past before they were read are dropped as soon as they are.
            let pay = self.owed.min(self.window.len() - self.start);
            self.start += pay;
            self.owed -= pay;
        }
        true
    }
}

impl<R: std::io::Read> Bytes for Streamed<R> {
    fn peek(&mut self, ahead: usize) -> Option<u8> {
        if self.fill(ahead) {
            self.window.get(self.start + ahead).copied()
        } else {
            None
        }
    }
    fn skip(&mut self, n: usize) {
        let held = (self.window.len() - self.start).min(n);
        self.start += held;
        self.owed += n - held;
        self.passed += n;
    }
    fn offset(&self) -> usize {
        self.passed
    }
}

fn scan_bytes(text: &mut impl Bytes, lexicon: Lexicon, limit: usize) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    while let Some(byte) = text.peek(0) {
        match byte {
            b'#' if lexicon.hash_comments => {
                while text.peek(0).is_some_and(|b| b != b'\n') {
                    text.skip(1);
                }
            }
            b'"' | b'\'' if byte == b'"' || lexicon.single_quotes => {
                let long = lexicon.long_strings
                    && text.peek(1) == Some(byte)
                    && text.peek(2) == Some(byte);
                text.skip(if long { 3 } else { 1 });
                while let Some(b) = text.peek(0) {
                    if b == b'\\' {
                        text.skip(2);
                        continue;
                    }
                    if b == byte
                        && (!long || (text.peek(1) == Some(byte) && text.peek(2) == Some(byte)))
                    {
                        text.skip(if long { 3 } else { 1 });
                        break;
                    }
                    if !long && b == b'\n' {
                        break;
                    }
                    text.skip(1);
                }
            }
            b'<' if lexicon.iris => {
                // An IRI when it closes before a space or a character no IRI holds.
                let mut n = 1;
                while let Some(b) = text.peek(n) {
                    if b == b'>' || b.is_ascii_whitespace() || b"<\"{}|^`".contains(&b) {
                        break;
                    }
                    n += 1;
                }
                let closes = text.peek(n) == Some(b'>');
                text.skip(if closes { n + 1 } else { 1 });
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > limit {
                    return Err(TooDeep {
                        offset: text.offset(),
                        limit,
                    });
                }
                text.skip(1);
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                text.skip(1);
            }
            _ => text.skip(1),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_comments_and_iris_do_not_count() {
        let text = format!(
            "SELECT * {{ <http://x/{}> ?p '''{}''' }} # {}",
            "(".repeat(500),
            "{".repeat(500),
            "[".repeat(500)
        );
        assert!(sparql(&text).is_ok());
        let json_text = format!("{{\"a\": \"{}\"}}", "[".repeat(500));
        assert!(json(json_text.as_bytes()).is_ok());
    }

    #[test]
    fn the_first_bracket_past_the_limit_is_named() {
        let text = format!("[{}", "{\"a\":".repeat(RDF_LIMIT + 10));
        let error = json(text.as_bytes()).unwrap_err();
        assert_eq!(text.as_bytes()[error.offset], b'{');
        assert_eq!(error.offset, 1 + 5 * (RDF_LIMIT - 1));
        let turtle_text = format!("<a:s> <a:p> {} .", "[ <a:p> ".repeat(RDF_LIMIT + 1));
        assert!(turtle(turtle_text.as_bytes()).is_err());
    }

    /// Read a few bytes at a time, a text gets the same answer as held whole, whatever falls
    /// on the edges of the reads: strings, escapes, long strings, comments, IRIs and
    /// would-be IRIs, and brackets in and out of them.
    #[test]
    fn a_text_read_in_pieces_gets_the_answer_it_gets_whole() {
        let pieces = [
            "<a:b>",
            "<a (",
            "[",
            "(",
            "{",
            "]",
            ")",
            "}",
            "\"x(\\\"[\"",
            "'''[[\n'''",
            "'(\n",
            "# ((\n",
            "\"\"\"{\"\"\"",
            " ",
            "\n",
            "<",
            ">",
            "\\",
            "a",
            "\"",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        for case in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(400) {
                text.push_str(pieces[next(pieces.len())]);
            }
            let limit = 1 + next(12);
            let whole = scan(text.as_bytes(), TURTLE, limit);
            for chunk in [1, 2, 3, 7] {
                let mut bytes = Streamed::new(text.as_bytes(), chunk);
                let streamed = scan_bytes(&mut bytes, TURTLE, limit);
                assert_eq!(streamed, whole, "case {case}, chunk {chunk}: {text:?}");
            }
        }
    }
}
