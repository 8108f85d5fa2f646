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

fn scan(text: &[u8], lexicon: Lexicon, limit: usize) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        match byte {
            b'#' if lexicon.hash_comments => {
                while text.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            b'"' | b'\'' if byte == b'"' || lexicon.single_quotes => {
                let long = lexicon.long_strings
                    && text.get(i + 1) == Some(&byte)
                    && text.get(i + 2) == Some(&byte);
                i += if long { 3 } else { 1 };
                while let Some(&b) = text.get(i) {
                    if b == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b == byte
                        && (!long
                            || (text.get(i + 1) == Some(&byte) && text.get(i + 2) == Some(&byte)))
                    {
                        i += if long { 3 } else { 1 };
                        break;
                    }
                    if !long && b == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' if lexicon.iris => {
                let rest = text.get(i + 1..).unwrap_or_default();
                match rest
                    .iter()
                    .position(|&b| b == b'>' || b.is_ascii_whitespace() || b"<\"{}|^`".contains(&b))
                {
                    Some(n) if rest.get(n) == Some(&b'>') => i += n + 2,
                    _ => i += 1,
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > limit {
                    return Err(TooDeep { offset: i, limit });
                }
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
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
}
