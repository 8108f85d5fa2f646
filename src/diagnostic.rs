//! Pointing at the place in a text where something is wrong, the way compilers do.

use unicode_width::UnicodeWidthStr;

/// A 1-based line and column (in characters) inside a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in Unicode code points, from 1.
    pub column: usize,
}

/// The offending line with a caret under the column, as a gutter-framed snippet.
///
/// ```
/// use argmap::diagnostic::{snippet, Position};
/// let text = "SELECT * WHERE {\n  ?s ?p \n}";
/// let shown = snippet(text, Position { line: 2, column: 9 });
/// assert_eq!(shown, "  |\n2 |   ?s ?p \n  |         ^\n");
/// ```
///
/// Returns an empty string when the line does not exist.
pub fn snippet(text: &str, at: Position) -> String {
    let Some(line) = text.lines().nth(at.line.saturating_sub(1)) else {
        return String::new();
    };
    let line = line.trim_end_matches('\r');
    let before: String = line.chars().take(at.column.saturating_sub(1)).collect();
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    // Tabs would misalign the caret: show them as single spaces on both lines.
    let shown = line.replace('\t', " ");
    let pad = before.replace('\t', " ").width();
    format!(
        "{gutter} |\n{number} | {shown}\n{gutter} | {}^\n",
        " ".repeat(pad)
    )
}

/// Decodes UTF-8 text, or says where the first byte that is not UTF-8 stands.
///
/// ```
/// use argmap::diagnostic::{decode_utf8, Position};
/// assert_eq!(decode_utf8(b"ASK {}".to_vec()).unwrap(), "ASK {}");
/// assert_eq!(decode_utf8(b"ASK {}\nSEL\xffECT".to_vec()), Err(Position { line: 2, column: 4 }));
/// ```
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, Position> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        // The valid prefix is UTF-8 by definition.
        let before = String::from_utf8_lossy(valid);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    })
}
