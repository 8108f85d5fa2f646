//! Argdown's block structure: frontmatter, headings, statements and arguments with their
//! relation trees, premise-conclusion structures and lists.
//!
//! Argdown is line-oriented: a block ends at an empty line, a line's meaning is decided by what
//! it starts with (`+`, `(1)`, `----`, `#`, ...), and nesting is indentation. The reader works
//! line by line with small winnow parsers for each line start, and keeps the nesting in an
//! explicit stack of `(indent, member)`, so that depth costs memory, never call stack. The tree
//! itself is flat: elements and relations are vectors that refer to each other by index.

use super::inline::{self, DataSource, InlineError, Text};
use crate::diagnostic::Position;
use winnow::ascii::digit1;
use winnow::combinator::{alt, delimited, terminated};
use winnow::prelude::*;
use winnow::token::{take_until, take_while};

/// Where an element stands in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// It starts a top-level block.
    TopLevel,
    /// An item of a `*` or `1.` list.
    ListItem,
    /// The child member of a relation.
    RelationChild,
    /// A numbered statement of a premise-conclusion structure.
    Pcs {
        /// Index into [`Document::pcs`].
        pcs: usize,
        /// Its `(n)`.
        number: u32,
    },
}

/// One statement or argument occurrence.
#[derive(Debug, Clone)]
pub struct Element {
    /// What it says.
    pub inline: inline::Inline,
    /// Where it stands.
    pub place: Place,
    /// The heading it is under (index into [`Document::headings`]).
    pub section: Option<usize>,
}

/// One end of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// A statement or argument (index into [`Document::elements`]).
    Element(usize),
    /// The inference before item `item` of premise-conclusion structure `pcs`.
    Inference {
        /// Index into [`Document::pcs`].
        pcs: usize,
        /// Index into that structure's items.
        item: usize,
    },
}

/// What a relation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// `+`: support (entailment between statements in strict mode).
    Support,
    /// `-`: attack (contrariness between statements in strict mode).
    Attack,
    /// `_`: undercut of an inference.
    Undercut,
    /// `><`: contradiction (symmetric).
    Contradiction,
}

/// A relation from one member to another.
#[derive(Debug, Clone)]
pub struct Relation {
    /// Support, attack, undercut or contradiction.
    pub kind: RelationKind,
    /// The supporting or attacking member.
    pub from: Member,
    /// The supported or attacked member.
    pub to: Member,
    /// Where its symbol stands.
    pub at: Position,
    /// The symbol as written, e.g. `<+`.
    pub symbol: &'static str,
}

/// An inference line of a premise-conclusion structure.
#[derive(Debug, Clone)]
pub struct Inference {
    /// Inference rules named between the hyphen lines, e.g. `Modus ponens`.
    pub rules: Vec<String>,
    /// Tags on it.
    pub tags: Vec<String>,
    /// Its `{...}` data.
    pub data: Vec<DataSource>,
    /// Where its first hyphen stands.
    pub at: Position,
}

/// A numbered statement or an inference.
#[derive(Debug, Clone)]
pub enum PcsItem {
    /// `(n) ...`: index into [`Document::elements`].
    Statement(usize),
    /// `----` or `-- rules --`.
    Inference(Inference),
}

/// A premise-conclusion structure.
#[derive(Debug, Clone)]
pub struct Pcs {
    /// The argument definition or reference it belongs to (the block before it); `None` for an
    /// anonymous argument.
    pub argument: Option<usize>,
    /// Its lines.
    pub items: Vec<PcsItem>,
    /// Where it starts.
    pub at: Position,
}

/// A heading: a section (and, in Argdown's map, a group).
#[derive(Debug, Clone)]
pub struct Heading {
    /// Number of `#`.
    pub level: usize,
    /// Its text (tags and data taken out).
    pub text: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its data.
    pub data: Vec<DataSource>,
    /// The enclosing heading.
    pub parent: Option<usize>,
    /// Where it stands.
    pub at: Position,
}

/// Something the reader understood but does not carry into the map.
#[derive(Debug, Clone)]
pub struct Note {
    /// Where.
    pub at: Position,
    /// What and why.
    pub message: String,
}

/// A whole Argdown document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The frontmatter's YAML and where it starts.
    pub frontmatter: Option<DataSource>,
    /// Every statement and argument occurrence, in order.
    pub elements: Vec<Element>,
    /// Every relation, in order.
    pub relations: Vec<Relation>,
    /// Every premise-conclusion structure, in order.
    pub pcs: Vec<Pcs>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Things read but not mapped (reported as warnings).
    pub notes: Vec<Note>,
}

/// How a line starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Start<'a> {
    Heading(usize, &'a str),
    PcsNumber(u32, &'a str),
    Hyphens,
    InlineInference(&'a str),
    Relation(RelationKind, bool, &'static str, &'a str),
    BareDirection,
    ListItem(&'a str),
    Text,
}

/// Relation symbols, longest first; `true` when the child member is the source.
const SYMBOLS: [(&str, RelationKind, bool); 10] = [
    ("><", RelationKind::Contradiction, true),
    ("<+", RelationKind::Support, true),
    ("<-", RelationKind::Attack, true),
    ("<_", RelationKind::Undercut, true),
    ("+>", RelationKind::Support, false),
    ("->", RelationKind::Attack, false),
    ("_>", RelationKind::Undercut, false),
    ("+", RelationKind::Support, true),
    ("-", RelationKind::Attack, true),
    ("_", RelationKind::Undercut, true),
];

fn blank_or_end(input: &mut &str) -> ModalResult<()> {
    alt((
        take_while(1.., char::is_whitespace).void(),
        winnow::combinator::eof.void(),
    ))
    .parse_next(input)
}

fn classify(rest: &str) -> Start<'_> {
    let line = rest.trim_end();
    if line.len() >= 2 && line.chars().all(|c| c == '-') {
        return Start::Hyphens;
    }
    if line.len() > 4 && line.starts_with("--") && line.ends_with("--") {
        let inner = line.trim_matches('-');
        if !inner.trim().is_empty() && line.starts_with("-- ") {
            return Start::InlineInference(inner);
        }
    }
    let mut input = rest;
    let heading: ModalResult<&str> =
        terminated(take_while(1.., '#'), blank_or_end).parse_next(&mut input);
    if let Ok(hashes) = heading {
        return Start::Heading(hashes.len(), input);
    }
    let mut input = rest;
    let number: ModalResult<&str> =
        terminated(delimited('(', digit1, ')'), blank_or_end).parse_next(&mut input);
    if let Ok(n) = number {
        return Start::PcsNumber(n.parse().unwrap_or(u32::MAX), input);
    }
    for (symbol, kind, child_is_source) in SYMBOLS {
        let mut input = rest;
        let found: ModalResult<&str> = terminated(symbol, blank_or_end).parse_next(&mut input);
        if found.is_ok() {
            return Start::Relation(kind, child_is_source, symbol, input);
        }
    }
    let mut input = rest;
    if terminated(alt(("<", ">")), blank_or_end)
        .parse_next(&mut input)
        .is_ok()
    {
        return Start::BareDirection;
    }
    let mut input = rest;
    let list: ModalResult<()> = terminated(
        alt(("*".void(), (digit1, '.').void())),
        take_while(1.., char::is_whitespace),
    )
    .void()
    .parse_next(&mut input);
    if list.is_ok() {
        return Start::ListItem(input);
    }
    Start::Text
}

/// What went wrong in the block structure.
pub type SyntaxError = InlineError;

fn error(at: Position, message: impl Into<String>) -> SyntaxError {
    InlineError {
        at,
        message: message.into(),
    }
}

/// Replaces comments (`//`, `/* */`, `<!-- -->`) by spaces, keeping every line break, so that
/// positions stay true. `//` after a `:` (a URL) and inside `{...}` data is not a comment.
pub fn blank_comments(text: &str) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(text.len());
    let mut input = text;
    let mut braces = 0usize;
    let mut previous = '\n';
    while let Some(c) = input.chars().next() {
        let opener = if braces > 0 {
            None
        } else if input.starts_with("/*") {
            Some("*/")
        } else if input.starts_with("<!--") {
            Some("-->")
        } else if input.starts_with("//") && previous != ':' {
            Some("\n")
        } else {
            None
        };
        if let Some(closer) = opener {
            let offset = text.len() - input.len();
            let mut rest = input;
            let body: ModalResult<&str> = take_until(0.., closer).parse_next(&mut rest);
            let comment_len = match body {
                Ok(_) if closer == "\n" => input.len() - rest.len(),
                Ok(_) => input.len() - rest.len() + closer.len(),
                Err(_) if closer == "\n" => input.len(),
                Err(_) => {
                    return Err(error(
                        position_of(text, offset),
                        format!("expected `{closer}` to close the comment opened here"),
                    ));
                }
            };
            for ch in input[..comment_len].chars() {
                out.push(if ch == '\n' { '\n' } else { ' ' });
            }
            input = &input[comment_len..];
            previous = ' ';
            continue;
        }
        match c {
            '{' => braces += 1,
            '}' => braces = braces.saturating_sub(1),
            // Data never spans an empty line: a stray `{` cannot hide the rest of the file.
            '\n' if input[1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n') =>
            {
                braces = 0;
            }
            _ => {}
        }
        out.push(c);
        previous = c;
        input = &input[c.len_utf8()..];
    }
    Ok(out)
}

/// 1-based line and column of a byte offset.
pub fn position_of(text: &str, byte: usize) -> Position {
    let before = text.get(..byte).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// One source line.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    /// The line with comments blanked.
    text: &'a str,
    /// Whether the line was empty before comments were blanked.
    blank_in_source: bool,
}

fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// An item being gathered: the line start that opened it and its text so far.
#[derive(Debug)]
struct Item {
    kind: ItemKind,
    indent: usize,
    at: Position,
    body: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Root,
    Heading(usize),
    Pcs(u32),
    Inference,
    Relation(RelationKind, bool, &'static str),
    List,
}

/// Reads the block structure of a document.
pub fn parse(source: &str) -> Result<Document, SyntaxError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let cleaned = blank_comments(source)?;
    let lines: Vec<Line<'_>> = cleaned
        .split('\n')
        .zip(source.split('\n'))
        .enumerate()
        .map(|(i, (text, original))| Line {
            number: i + 1,
            text: text.trim_end_matches('\r'),
            blank_in_source: original.trim().is_empty(),
        })
        .collect();
    let mut document = Document::default();
    let mut index = 0;
    // Frontmatter: `===` on the first non-empty line, up to the next `===`.
    let first = lines.iter().position(|l| !l.text.trim().is_empty());
    if let Some(first) = first
        && lines[first].text.trim() == "==="
    {
        let close = lines[first + 1..]
            .iter()
            .position(|l| l.text.trim() == "===")
            .ok_or_else(|| {
                error(
                    Position {
                        line: first + 1,
                        column: 1,
                    },
                    "expected a line `===` closing the frontmatter opened here",
                )
            })?;
        let end = first + 1 + close;
        let yaml: Vec<&str> = source
            .split('\n')
            .skip(first + 1)
            .take(close)
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        document.frontmatter = Some(DataSource {
            source: yaml.join("\n"),
            at: Position {
                line: first + 2,
                column: 1,
            },
        });
        index = end + 1;
    }
    let mut reader = Reader {
        document,
        section: None,
        previous_block_root: None,
    };
    while index < lines.len() {
        if lines[index].blank_in_source {
            index += 1;
            continue;
        }
        let start = index;
        while index < lines.len() && !lines[index].blank_in_source {
            index += 1;
        }
        reader.block(&lines[start..index])?;
    }
    Ok(reader.document)
}

struct Reader {
    document: Document,
    section: Option<usize>,
    /// The root element of the block just read, if it was an argument: a structure that
    /// follows belongs to it.
    previous_block_root: Option<usize>,
}

impl Reader {
    /// Splits a block into items: a new item at every line that starts with a marker, the
    /// other lines continue the item before.
    fn items(&self, lines: &[Line<'_>]) -> Result<Vec<Item>, SyntaxError> {
        let mut items: Vec<Item> = Vec::new();
        let mut open_inference: Option<usize> = None;
        let content: Vec<&Line<'_>> = lines.iter().filter(|l| !l.text.trim().is_empty()).collect();
        for (i, line) in content.iter().enumerate() {
            let indent = indent_of(line.text);
            let rest = line.text.trim_start();
            let lead = line.text.len() - rest.len();
            let at = Position {
                line: line.number,
                column: line.text[..lead].chars().count() + 1,
            };
            let after = |s: &str| Position {
                line: line.number,
                column: line.text[..line.text.len() - s.len()].chars().count() + 1,
            };
            let start = classify(rest);
            if let Some(open) = open_inference {
                if start == Start::Hyphens {
                    open_inference = None;
                } else if let Some(item) = items.get_mut(open) {
                    item.body.push_line(
                        line.text,
                        Position {
                            line: line.number,
                            column: 1,
                        },
                    );
                }
                continue;
            }
            let (kind, body) = match start {
                Start::Heading(level, text) if items.is_empty() => {
                    (ItemKind::Heading(level), Text::new(text, after(text)))
                }
                Start::PcsNumber(n, text) => (ItemKind::Pcs(n), Text::new(text, after(text))),
                Start::Hyphens => {
                    // Collapsed when a numbered statement or a relation follows; else expanded.
                    let next = content.get(i + 1).map(|l| classify(l.text.trim_start()));
                    let collapsed = matches!(
                        next,
                        Some(Start::PcsNumber(..) | Start::Relation(..)) | None
                    );
                    if !collapsed {
                        open_inference = Some(items.len());
                    }
                    (ItemKind::Inference, Text::new("", after("")))
                }
                Start::InlineInference(inner) => {
                    let offset = rest.find(inner).unwrap_or(0);
                    (
                        ItemKind::Inference,
                        Text::new(inner, after(&rest[offset..])),
                    )
                }
                Start::Relation(kind, child_is_source, symbol, text) => (
                    ItemKind::Relation(kind, child_is_source, symbol),
                    Text::new(text, after(text)),
                ),
                Start::BareDirection => {
                    return Err(error(
                        at,
                        "expected a relation symbol (`+`, `-`, `_` or `><`) with its direction \
                         (`<+`, `+>`, ...); a direction alone is no relation",
                    ));
                }
                Start::ListItem(text)
                    if items.is_empty() || items.iter().all(|i| i.kind == ItemKind::List) =>
                {
                    (ItemKind::List, Text::new(text, after(text)))
                }
                _ => {
                    if let Some(item) = items.last_mut() {
                        item.body.push_line(
                            line.text,
                            Position {
                                line: line.number,
                                column: 1,
                            },
                        );
                        continue;
                    }
                    (ItemKind::Root, Text::new(rest, at))
                }
            };
            items.push(Item {
                kind,
                indent,
                at,
                body,
            });
        }
        if let Some(open) = open_inference
            && let Some(item) = items.get(open)
        {
            return Err(error(
                item.at,
                "expected a line of hyphens `--` closing the inference opened here",
            ));
        }
        Ok(items)
    }

    fn block(&mut self, lines: &[Line<'_>]) -> Result<(), SyntaxError> {
        let items = self.items(lines)?;
        let previous_root = self.previous_block_root.take();
        let Some(first) = items.first() else {
            return Ok(());
        };
        match first.kind {
            ItemKind::Heading(level) => return self.heading(level, &items),
            ItemKind::Relation(..) => {
                return Err(error(
                    first.at,
                    "expected a statement or argument before this relation: a relation belongs \
                     to the less indented line above it, with no empty line between",
                ));
            }
            ItemKind::Inference => {
                return Err(error(
                    first.at,
                    "expected numbered premises `(1) ...` before this inference line",
                ));
            }
            _ => {}
        }
        // Relation parents: (indent, member), innermost last.
        let mut stack: Vec<(usize, Member)> = Vec::new();
        let mut pcs: Option<usize> = None;
        let mut root_element: Option<usize> = None;
        for item in &items {
            match item.kind {
                ItemKind::Root | ItemKind::List | ItemKind::Heading(_) => {
                    if let ItemKind::Heading(_) = item.kind {
                        return Err(error(
                            item.at,
                            "expected a heading to stand alone in its block",
                        ));
                    }
                    let place = if item.kind == ItemKind::List {
                        Place::ListItem
                    } else {
                        Place::TopLevel
                    };
                    let element = self.element(&item.body, place)?;
                    root_element.get_or_insert(element);
                    stack.clear();
                    stack.push((item.indent, Member::Element(element)));
                }
                ItemKind::Pcs(number) => {
                    let p = match pcs {
                        Some(p) => p,
                        None => {
                            let argument = match root_element {
                                Some(root) => Some(root),
                                None => previous_root,
                            }
                            .filter(|e| {
                                self.document
                                    .elements
                                    .get(*e)
                                    .is_some_and(|e| e.inline.kind == inline::Kind::Argument)
                            });
                            self.document.pcs.push(Pcs {
                                argument,
                                items: Vec::new(),
                                at: item.at,
                            });
                            let p = self.document.pcs.len() - 1;
                            pcs = Some(p);
                            p
                        }
                    };
                    let element = self.element(&item.body, Place::Pcs { pcs: p, number })?;
                    if let Some(structure) = self.document.pcs.get_mut(p) {
                        structure.items.push(PcsItem::Statement(element));
                    }
                    stack.clear();
                    stack.push((item.indent, Member::Element(element)));
                }
                ItemKind::Inference => {
                    let Some(p) = pcs else {
                        return Err(error(
                            item.at,
                            "expected numbered premises `(1) ...` before this inference line",
                        ));
                    };
                    let inference = inference(&item.body, item.at)?;
                    let Some(structure) = self.document.pcs.get_mut(p) else {
                        continue;
                    };
                    structure.items.push(PcsItem::Inference(inference));
                    let member = Member::Inference {
                        pcs: p,
                        item: structure.items.len() - 1,
                    };
                    stack.clear();
                    stack.push((item.indent, member));
                }
                ItemKind::Relation(kind, child_is_source, symbol) => {
                    while stack
                        .last()
                        .is_some_and(|(indent, _)| *indent >= item.indent)
                    {
                        stack.pop();
                    }
                    let Some(&(_, parent)) = stack.last() else {
                        return Err(error(
                            item.at,
                            "expected this relation to be indented more than the statement or \
                             argument it belongs to",
                        ));
                    };
                    let child = self.element(&item.body, Place::RelationChild)?;
                    let (from, to) = if child_is_source {
                        (Member::Element(child), parent)
                    } else {
                        (parent, Member::Element(child))
                    };
                    self.document.relations.push(Relation {
                        kind,
                        from,
                        to,
                        at: item.at,
                        symbol,
                    });
                    stack.push((item.indent, Member::Element(child)));
                }
            }
        }
        if let Some(p) = pcs {
            self.check_pcs(p)?;
        } else if let Some(root) = root_element
            && self
                .document
                .elements
                .get(root)
                .is_some_and(|e| e.inline.kind == inline::Kind::Argument)
        {
            self.previous_block_root = Some(root);
        }
        Ok(())
    }

    fn element(&mut self, body: &Text, place: Place) -> Result<usize, SyntaxError> {
        let inline = inline::element(body)?;
        self.document.elements.push(Element {
            inline,
            place,
            section: self.section,
        });
        Ok(self.document.elements.len() - 1)
    }

    fn heading(&mut self, level: usize, items: &[Item]) -> Result<(), SyntaxError> {
        let Some(item) = items.first() else {
            return Ok(());
        };
        if let Some(other) = items.get(1) {
            return Err(error(
                other.at,
                "expected an empty line after the heading before anything else",
            ));
        }
        let scanned = inline::scan(&item.body, 0)?;
        let text = inline::collapse(&scanned.text);
        if text.is_empty() {
            return Err(error(item.at, "expected the heading's text after `#`"));
        }
        // The enclosing heading: the last one of a lower level.
        let mut parent = self.section;
        while let Some(p) = parent {
            let Some(h) = self.document.headings.get(p) else {
                break;
            };
            if h.level < level {
                break;
            }
            parent = h.parent;
        }
        self.document.headings.push(Heading {
            level,
            text,
            tags: scanned.tags,
            data: scanned.data,
            parent,
            at: item.at,
        });
        self.section = Some(self.document.headings.len() - 1);
        Ok(())
    }

    /// A structure is well formed when it has a statement after its last inference, and its
    /// last two statements are separated by an inference.
    fn check_pcs(&mut self, p: usize) -> Result<(), SyntaxError> {
        let Some(structure) = self.document.pcs.get(p) else {
            return Ok(());
        };
        let statements: Vec<usize> = structure
            .items
            .iter()
            .filter_map(|i| match i {
                PcsItem::Statement(e) => Some(*e),
                PcsItem::Inference(_) => None,
            })
            .collect();
        let last_two_separated = structure.items.len() >= 2
            && matches!(structure.items.last(), Some(PcsItem::Statement(_)))
            && matches!(
                structure.items.get(structure.items.len() - 2),
                Some(PcsItem::Inference(_))
            );
        if statements.len() < 2 || !last_two_separated {
            let at = match structure.items.last() {
                Some(PcsItem::Inference(i)) => i.at,
                Some(PcsItem::Statement(e)) => self
                    .document
                    .elements
                    .get(*e)
                    .map_or(structure.at, |e| e.inline.at),
                None => structure.at,
            };
            return Err(error(
                at,
                "expected a premise-conclusion structure to end in an inference line (`----`) \
                 followed by its conclusion `(n) ...`",
            ));
        }
        for (k, e) in statements.iter().enumerate() {
            if let Some(element) = self.document.elements.get(*e)
                && let Place::Pcs { number, .. } = element.place
                && usize::try_from(number).ok() != Some(k + 1)
            {
                self.document.notes.push(Note {
                    at: element.inline.at,
                    message: format!(
                        "statement numbered ({number}) is statement {} of its structure; \
                         numbers are read as positions",
                        k + 1
                    ),
                });
            }
        }
        Ok(())
    }
}

/// An inference's rules and data, from the text between its hyphen lines.
fn inference(body: &Text, at: Position) -> Result<Inference, SyntaxError> {
    let scanned = inline::scan(body, 0)?;
    let rules = scanned
        .text
        .split([',', '\n'])
        .map(inline::collapse)
        .filter(|r| !r.is_empty())
        .collect();
    Ok(Inference {
        rules,
        tags: scanned.tags,
        data: scanned.data,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_nest_by_indentation_in_both_directions() {
        let doc = parse("[S]: s.\n  + <A>: a.\n    - <B>: b.\n  +> [T]: t.\n  >< [U]: u.").unwrap();
        assert_eq!(doc.elements.len(), 5);
        let r: Vec<_> = doc
            .relations
            .iter()
            .map(|r| (r.kind, r.from, r.to))
            .collect();
        use Member::Element as E;
        assert_eq!(
            r,
            vec![
                (RelationKind::Support, E(1), E(0)),
                (RelationKind::Attack, E(2), E(1)),
                (RelationKind::Support, E(0), E(3)),
                (RelationKind::Contradiction, E(4), E(0)),
            ]
        );
    }

    #[test]
    fn a_structure_belongs_to_the_argument_before_it() {
        let text =
            "<A>: gist.\n\n(1) p\n(2) q\n--\nModus ponens {uses: [1,2]}\n--\n(3) c\n----\n(4) d";
        let doc = parse(text).unwrap();
        let pcs = &doc.pcs[0];
        assert_eq!(pcs.argument, Some(0));
        assert_eq!(pcs.items.len(), 6);
        let PcsItem::Inference(i) = &pcs.items[2] else {
            panic!()
        };
        assert_eq!(i.rules, vec!["Modus ponens"]);
        assert_eq!(i.data[0].source, "{uses: [1,2]}");
    }

    #[test]
    fn comments_keep_positions_and_urls() {
        let text = "a // c\n/* x\ny */ b https://x.org <!-- z -->";
        let blanked = blank_comments(text).unwrap();
        assert_eq!(blanked, "a     \n    \n     b https://x.org           ");
        let err = blank_comments("a\n  /* open").unwrap_err();
        assert_eq!((err.at.line, err.at.column), (2, 3));
    }

    #[test]
    fn located_errors() {
        let err = parse("[S]: s\n\n  + <A>").unwrap_err();
        assert_eq!((err.at.line, err.at.column), (3, 3));
        let err = parse("<A>\n\n(1) p\n(2) q").unwrap_err();
        assert_eq!(err.at.line, 4);
        let err = parse("===\ntitle: x\n").unwrap_err();
        assert_eq!(err.at.line, 1);
        let err = parse("(1) p\n--\nrule\n(2) q").unwrap_err();
        assert!(
            err.message.contains("closing the inference"),
            "{}",
            err.message
        );
    }
}
