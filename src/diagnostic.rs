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

/// Characters of context kept on each side of the column: a 27 MB one-line file must not be
/// echoed whole.
pub const WINDOW: usize = 60;

/// The offending line with a caret under the column, as a gutter-framed snippet. Long lines
/// are cut to [`WINDOW`] characters around the column (`…` marks a cut) and control
/// characters are escaped (see [`escape_control`]), so that a crafted file cannot rewrite the
/// user's terminal.
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
    match text.lines().nth(at.line.saturating_sub(1)) {
        Some(line) => snippet_of_line(line, at),
        None => String::new(),
    }
}

/// [`snippet`] when only the offending line is at hand (`at` still names its number): a
/// file too big to hold is read again up to that line.
///
/// ```
/// use argmap::diagnostic::{snippet_of_line, Position};
/// let shown = snippet_of_line("  ?s ?p ", Position { line: 2, column: 9 });
/// assert_eq!(shown, "  |\n2 |   ?s ?p \n  |         ^\n");
/// ```
pub fn snippet_of_line(line: &str, at: Position) -> String {
    let line = line.trim_end_matches(['\n', '\r']);
    let column = at.column.saturating_sub(1);
    let first = column.saturating_sub(WINDOW);
    let mut shown = String::new();
    let mut pad = 0;
    if first > 0 {
        shown.push('…');
        pad += 1;
    }
    for (index, c) in line.chars().enumerate().skip(first) {
        if index > column + WINDOW {
            shown.push('…');
            break;
        }
        // Tabs would misalign the caret: show them as single spaces.
        let piece = if c == '\t' {
            " ".to_owned()
        } else {
            escape_control(&c.to_string())
        };
        if index < column {
            pad += piece.width();
        }
        shown.push_str(&piece);
    }
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    format!(
        "{gutter} |\n{number} | {shown}\n{gutter} | {}^\n",
        " ".repeat(pad)
    )
}

/// Escapes control characters (ESC, NUL, OSC introducers, …; newlines and tabs too) as
/// `\u{1b}`, for every message that echoes the user's text.
///
/// ```
/// use argmap::diagnostic::escape_control;
/// assert_eq!(escape_control("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
/// ```
pub fn escape_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
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

/// The line and column of a byte offset (past the end: the end). Columns count code points;
/// bytes that are not UTF-8 count one each.
///
/// ```
/// use argmap::diagnostic::{position_at, Position};
/// assert_eq!(position_at(b"ab\ncd", 4), Position { line: 2, column: 2 });
/// ```
pub fn position_at(text: &[u8], offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_text = before.get(line_start..).unwrap_or_default();
    Position {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        // Continuation bytes (10xxxxxx) do not start a character.
        column: line_text.iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1,
    }
}

/// The byte offset of a 1-based line and column (in characters), the inverse of
/// [`position_at`]; past the end of a line or the text, its end.
pub fn offset_at(text: &str, at: Position) -> usize {
    let mut start = 0;
    for _ in 1..at.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..line_end]
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(line_end, |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
        let shown = snippet(
            &line,
            Position {
                line: 1,
                column: 10_001,
            },
        );
        assert!(shown.len() < 3 * WINDOW + 40, "{} bytes", shown.len());
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[2].chars().count() - 1;
        assert_eq!(lines[1].chars().nth(caret), Some('X'), "{shown}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let shown = snippet(
            "\u{1b}[2J\0 bad",
            Position {
                line: 1,
                column: 10,
            },
        );
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains("\\u{1b}[2J\\u{0}"), "{shown}");
    }
}
