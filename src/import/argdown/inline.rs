//! The inside of one Argdown element: its title, text, tags, mentions and YAML data.
//!
//! An element's text may span several source lines; [`Text`] keeps, for every line, where it
//! starts in the file, so that anything found inside it (an unclosed `{`, an empty title) is
//! reported at its own `line:col`.

use crate::diagnostic::Position;
use winnow::combinator::{alt, delimited, opt, preceded};
use winnow::error::{ContextError, ErrMode};
use winnow::prelude::*;
use winnow::token::{any, take_till, take_while};

/// Text gathered from one or more source lines, with the file position of each line.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// The lines, joined with `\n`.
    pub text: String,
    /// For each line: its byte offset in `text` and its position in the file.
    origins: Vec<(usize, Position)>,
}

impl Text {
    /// A text that starts at `at`.
    pub fn new(first: &str, at: Position) -> Self {
        Self {
            text: first.to_owned(),
            origins: vec![(0, at)],
        }
    }

    /// Appends a continuation line that starts at `at`.
    pub fn push_line(&mut self, line: &str, at: Position) {
        self.text.push('\n');
        self.origins.push((self.text.len(), at));
        self.text.push_str(line);
    }

    /// The file position of a byte offset into [`Self::text`].
    pub fn position(&self, byte: usize) -> Position {
        let index = self
            .origins
            .partition_point(|(offset, _)| *offset <= byte)
            .saturating_sub(1);
        let Some((offset, at)) = self.origins.get(index) else {
            return Position { line: 1, column: 1 };
        };
        let start = (*offset).min(self.text.len());
        let end = byte.clamp(start, self.text.len());
        let chars = self.text.get(start..end).map_or(0, |s| s.chars().count());
        Position {
            line: at.line,
            column: at.column + chars,
        }
    }

    /// Where the text starts.
    pub fn start(&self) -> Position {
        self.position(0)
    }
}

/// Whether an element is a statement (`[...]`) or an argument (`<...>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A statement: a member of an equivalence class.
    Statement,
    /// An argument.
    Argument,
}

impl Kind {
    /// The title in its brackets, as Argdown writes it.
    pub fn bracket(self, title: &str) -> String {
        match self {
            Self::Statement => format!("[{title}]"),
            Self::Argument => format!("<{title}>"),
        }
    }
}

/// A `@[Title]` or `@<Title>` inside a text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// What is mentioned.
    pub kind: Kind,
    /// Its title, whitespace collapsed.
    pub title: String,
    /// Where the `@` stands.
    pub at: Position,
}

/// A `{...}` data element: its source and where it starts.
#[derive(Debug, Clone)]
pub struct DataSource {
    /// The text between and including the braces.
    pub source: String,
    /// Where the `{` stands.
    pub at: Position,
}

/// One element as written: `[Title]: text #tag {data}` and its kin.
#[derive(Debug, Clone)]
pub struct Inline {
    /// Statement or argument (an untitled element is a statement).
    pub kind: Kind,
    /// Its title, whitespace collapsed; `None` for an untitled statement.
    pub title: Option<String>,
    /// Its text with tags and data taken out and whitespace collapsed; `None` for a reference.
    pub text: Option<String>,
    /// `#tag` and `#(long tag)`, in order.
    pub tags: Vec<String>,
    /// `@[...]` and `@<...>`, in order.
    pub mentions: Vec<Mention>,
    /// The `{...}` data elements, in order.
    pub data: Vec<DataSource>,
    /// Where the element starts.
    pub at: Position,
}

/// What went wrong inside an element.
#[derive(Debug, Clone)]
pub struct InlineError {
    /// Where.
    pub at: Position,
    /// What was expected.
    pub message: String,
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[Title]` or `<Title>` at the start of the input (not a Markdown link `[text](url)`).
fn title(input: &mut &str) -> ModalResult<(Kind, String)> {
    let statement = delimited('[', take_till(0.., [']', '[']), ']').map(|t| (Kind::Statement, t));
    let argument = delimited('<', take_till(0.., ['>', '<']), '>').map(|t| (Kind::Argument, t));
    let (kind, raw): (Kind, &str) = alt((statement, argument)).parse_next(input)?;
    if input.starts_with('(') {
        // `[text](url)` is a link, not a title.
        return Err(ErrMode::Backtrack(ContextError::new()));
    }
    Ok((kind, collapse(raw)))
}

/// A tag after its `#`: `(long tag)` or a run of letters, digits, `-` and `_`.
fn tag(input: &mut &str) -> ModalResult<String> {
    alt((
        delimited('(', take_till(0.., [')']), ')').map(collapse),
        take_while(1.., |c: char| c.is_alphanumeric() || c == '-' || c == '_').map(str::to_owned),
    ))
    .parse_next(input)
}

/// A mention after its `@`.
fn mention(input: &mut &str) -> ModalResult<(Kind, String)> {
    title.parse_next(input)
}

/// A Markdown link `[text](url)`, kept as text.
fn link<'a>(input: &mut &'a str) -> ModalResult<&'a str> {
    (
        delimited('[', take_till(0.., [']']), ']'),
        delimited('(', take_till(0.., [')', '\n']), ')'),
    )
        .take()
        .parse_next(input)
}

/// A quoted string inside data, `"..."` with `\` escapes or `'...'` with `''`.
fn quoted<'a>(input: &mut &'a str) -> ModalResult<&'a str> {
    alt((
        (
            '"',
            winnow::combinator::repeat::<_, _, (), _, _>(
                0..,
                alt((
                    preceded('\\', any).void(),
                    take_till(1.., ['"', '\\']).void(),
                )),
            ),
            '"',
        )
            .take(),
        ('\'', take_till(0.., ['\'']), '\'').take(),
    ))
    .parse_next(input)
}

/// The length in bytes of a balanced `{...}` at the start of `rest`, quotes respected; `None`
/// when it is not closed. No recursion: depth is a counter.
pub fn balanced_braces(rest: &str) -> Option<usize> {
    let mut input = rest;
    let mut depth = 0usize;
    while let Some(c) = input.chars().next() {
        if c == '"' || c == '\'' {
            let before = input;
            if quoted.parse_next(&mut input).is_ok() {
                continue;
            }
            input = before;
        }
        input = &input[c.len_utf8()..];
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(rest.len() - input.len());
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses one element's text (what follows a relation symbol, a `(1)`, a list marker, or starts
/// a block).
pub fn element(body: &Text) -> Result<Inline, InlineError> {
    let full = body.text.as_str();
    let leading = full.len() - full.trim_start().len();
    let mut input = &full[leading..];
    let at = body.position(leading);
    let mut kind = Kind::Statement;
    let mut title_found = None;
    let mut is_definition = true;
    let before = input;
    if let Ok((k, t)) = title.parse_next(&mut input) {
        if t.is_empty() {
            return Err(InlineError {
                at,
                message: format!("expected a title between {}", k.bracket("")),
            });
        }
        kind = k;
        title_found = Some(t);
        let mut after = input;
        let colon: ModalResult<Option<char>> =
            preceded(take_while(0.., [' ', '\t']), opt(':')).parse_next(&mut after);
        if matches!(colon, Ok(Some(_))) {
            input = after;
        } else {
            is_definition = false;
        }
    } else {
        input = before;
    }
    let rest_offset = full.len() - input.len();
    let scanned = scan(body, rest_offset)?;
    let text = collapse(&scanned.text);
    let text = if title_found.is_some() && !is_definition {
        if !text.is_empty() {
            let t = title_found.as_deref().unwrap_or_default();
            return Err(InlineError {
                at: body.position(rest_offset),
                message: format!(
                    "expected `:` after {} before its text (a reference carries only tags and data)",
                    kind.bracket(t)
                ),
            });
        }
        None
    } else {
        if text.is_empty() {
            return Err(InlineError {
                at: body.position(rest_offset),
                message: match &title_found {
                    Some(t) => format!("expected the text of {} after `:`", kind.bracket(t)),
                    None => "expected a statement or an argument here".to_owned(),
                },
            });
        }
        Some(text)
    };
    Ok(Inline {
        kind,
        title: title_found,
        text,
        tags: scanned.tags,
        mentions: scanned.mentions,
        data: scanned.data,
        at,
    })
}

/// What [`scan`] finds in a text.
#[derive(Debug, Default)]
pub struct Scanned {
    /// The text with tags and data blanked out (mentions and links kept).
    pub text: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Mentions.
    pub mentions: Vec<Mention>,
    /// Data elements.
    pub data: Vec<DataSource>,
}

/// Finds tags, mentions and data in `body.text[from..]`.
pub fn scan(body: &Text, from: usize) -> Result<Scanned, InlineError> {
    let full = body.text.as_str();
    let mut out = Scanned::default();
    let mut input = full.get(from..).unwrap_or_default();
    let mut previous: Option<char> = None;
    while let Some(c) = input.chars().next() {
        let offset = full.len() - input.len();
        let at_word_start = previous.is_none_or(char::is_whitespace);
        match c {
            '#' if at_word_start => {
                let mut after = &input[1..];
                if let Ok(t) = tag.parse_next(&mut after) {
                    out.tags.push(t);
                    out.text.push(' ');
                    input = after;
                    previous = Some(' ');
                    continue;
                }
            }
            '@' if input[1..].starts_with('[') || input[1..].starts_with('<') => {
                let mut after = &input[1..];
                match mention.parse_next(&mut after) {
                    Ok((kind, title)) if !title.is_empty() => {
                        out.mentions.push(Mention {
                            kind,
                            title,
                            at: body.position(offset),
                        });
                        out.text.push_str(&input[..input.len() - after.len()]);
                        input = after;
                        previous = Some(']');
                        continue;
                    }
                    _ => {}
                }
            }
            '[' => {
                let mut after = input;
                if let Ok(l) = link.parse_next(&mut after) {
                    out.text.push_str(l);
                    input = after;
                    previous = Some(')');
                    continue;
                }
            }
            '{' => {
                let Some(length) = balanced_braces(input) else {
                    return Err(InlineError {
                        at: body.position(offset),
                        message: "expected `}` to close the data element opened here".to_owned(),
                    });
                };
                out.data.push(DataSource {
                    source: input[..length].to_owned(),
                    at: body.position(offset),
                });
                out.text.push(' ');
                input = &input[length..];
                previous = Some(' ');
                continue;
            }
            _ => {}
        }
        out.text.push(c);
        previous = Some(c);
        input = &input[c.len_utf8()..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn a_definition_with_tags_mentions_and_data() {
        let mut text = Text::new(
            "[Censorship]: Censorship is not wrong, cf. @[Causal",
            at(3, 5),
        );
        text.push_line("link]. #pro #(long tag) {source: \"C1a\"}", at(4, 1));
        let e = element(&text).unwrap();
        assert_eq!(e.kind, Kind::Statement);
        assert_eq!(e.title.as_deref(), Some("Censorship"));
        assert_eq!(
            e.text.as_deref(),
            Some("Censorship is not wrong, cf. @[Causal link].")
        );
        assert_eq!(e.tags, vec!["pro", "long tag"]);
        assert_eq!(e.mentions[0].title, "Causal link");
        assert_eq!(e.mentions[0].at, at(3, 48));
        assert_eq!(e.data[0].source, "{source: \"C1a\"}");
        assert_eq!(e.data[0].at, at(4, 25));
    }

    #[test]
    fn references_links_and_errors() {
        let e = element(&Text::new("<Argument 1> #tag", at(1, 1))).unwrap();
        assert_eq!((e.kind, e.text), (Kind::Argument, None));
        let e = element(&Text::new("[a link](https://x.org/a) here", at(1, 1))).unwrap();
        assert_eq!(e.title, None);
        assert_eq!(e.text.as_deref(), Some("[a link](https://x.org/a) here"));
        let err = element(&Text::new("[T]: text {uses: [1,", at(2, 3))).unwrap_err();
        assert_eq!(err.at, at(2, 13));
        assert!(err.message.contains("`}`"), "{}", err.message);
        let err = element(&Text::new("[T]:   ", at(1, 1))).unwrap_err();
        assert!(err.message.contains("text of [T]"), "{}", err.message);
        let err = element(&Text::new("[T] and more", at(1, 1))).unwrap_err();
        assert!(err.message.contains("expected `:`"), "{}", err.message);
    }

    #[test]
    fn braces_inside_quotes_do_not_count() {
        assert_eq!(balanced_braces("{a: \"}\"} rest"), Some(8));
        assert_eq!(balanced_braces("{a: {b: 1}}"), Some(11));
        assert_eq!(balanced_braces("{a: 1"), None);
    }
}
