//! Reading RDF files into quads, with errors that point at `file:line:col`.
//!
//! Parsing is separate from inserting: a load parses every file completely first, so that a
//! syntax error in the last file leaves the store exactly as it was.

use crate::bundled::BundledFile;
use crate::diagnostic::{self, Position, snippet};
use crate::format::{self, FormatError, InputFormat};
use crate::nesting;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Errors while reading RDF input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The input does not parse.
    #[error("{}", SyntaxDisplay(self))]
    Syntax {
        /// File name (or bundled path) as the user knows it.
        file: String,
        /// Where, when the parser knows.
        position: Option<Position>,
        /// The parser's message.
        message: String,
        /// The offending line with a caret, or empty.
        snippet: String,
    },
    /// The file cannot be read.
    #[error("{file}: {}", describe_io(source))]
    Io { file: String, source: io::Error },
    /// The format cannot be told from the name.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// An AIF JSON file that cannot be read.
    #[error(transparent)]
    Aif(#[from] crate::import::aif::AifError),
    /// An Argdown document that cannot be read.
    #[error(transparent)]
    Argdown(#[from] crate::import::argdown::ArgdownError),
    /// A JSON-LD file that yields no statement: almost always a file of another shape.
    #[error(
        "{file}: read as JSON-LD, it gives no triple (saw {seen}); if it is AIF, read it with `argmap load --format aif`"
    )]
    EmptyJsonLd { file: String, seen: String },
    /// A folder with no RDF file in it.
    #[error("{folder}: no RDF files here (looked for {})", format::RDF_EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect::<Vec<_>>().join(" "))]
    EmptyFolder { folder: String },
}

struct SyntaxDisplay<'a>(&'a LoadError);

impl fmt::Display for SyntaxDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let LoadError::Syntax {
            file,
            position,
            message,
            snippet,
        } = self.0
        {
            match position {
                Some(p) => write!(f, "{file}:{}:{}: {message}", p.line, p.column)?,
                None => write!(f, "{file}: {message}")?,
            }
            if !snippet.is_empty() {
                write!(f, "\n{}", snippet.trim_end())?;
            }
        }
        Ok(())
    }
}

fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// One RDF document to read.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// How errors name it: the path the user gave, or the bundled path.
    pub name: String,
    /// The document.
    pub text: &'a [u8],
    /// Its serialization.
    pub format: RdfFormat,
    /// Graph for its triples (and for the default graph of TriG/N-Quads/JSON-LD input).
    pub graph: NamedNode,
    /// Base IRI for relative IRIs.
    pub base_iri: String,
}

/// A document read from its file as the parser goes, never held whole: the bulk load's way
/// with files too big to hold ([`stream_file`]), in the formats whose parser says where an
/// error is ([`FileSource::streams`]).
#[derive(Debug, Clone)]
pub struct FileSource {
    /// How errors name it: the path the user gave.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// Its serialization.
    pub format: RdfFormat,
    /// Graph for its triples (and for the default graph of TriG/N-Quads input).
    pub graph: NamedNode,
    /// Base IRI for relative IRIs.
    pub base_iri: String,
}

impl FileSource {
    /// Whether a file in `format` can be read without holding it: the line-based formats and
    /// the Turtle family, whose errors carry their position. (The JSON-LD and RDF/XML readers
    /// are handed the whole text, to place their errors and to guard JSON's nesting.)
    pub fn streams(format: RdfFormat) -> bool {
        matches!(
            format,
            RdfFormat::NTriples
                | RdfFormat::NQuads
                | RdfFormat::Turtle
                | RdfFormat::TriG
                | RdfFormat::N3
        )
    }
}

/// A parsed document.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Its quads, blank nodes renamed so that documents never share one by accident.
    pub quads: Vec<Quad>,
    /// The prefixes it declared, in order.
    pub prefixes: Vec<(String, String)>,
    /// Every named graph it writes to (its own graph, plus those named inside a dataset file).
    pub graphs: BTreeSet<NamedNode>,
    /// Problems that did not stop the reading (an importer's repairs and skips), in order.
    pub warnings: Vec<Warning>,
}

/// A problem in an input that was read anyway, located the way the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `file:line:col`, or `file: json.path` for JSON formats.
    pub location: String,
    /// What was wrong and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// One user file to read, in any input format.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// How errors name it: the path the user gave.
    pub name: String,
    /// The file's bytes.
    pub text: &'a [u8],
    /// What it is read as (for `.json`, already told apart by [`format::sniff_json`]).
    pub format: InputFormat,
    /// The graph its statements go into (unless the format names graphs itself).
    pub graph: NamedNode,
    /// Base IRI for relative IRIs.
    pub base_iri: String,
}

impl<'a> Input<'a> {
    /// The file as an RDF document in `format`.
    pub fn rdf_source(&self, format: RdfFormat) -> Source<'a> {
        Source {
            name: self.name.clone(),
            text: self.text,
            format,
            graph: self.graph.clone(),
            base_iri: self.base_iri.clone(),
        }
    }
}

/// Reads a user file in any input format: RDF through Oxigraph's parsers, argument-map formats
/// through their importers. Nothing is written anywhere: the caller inserts the quads.
pub fn parse_input(input: &Input<'_>) -> Result<Parsed, LoadError> {
    match input.format {
        InputFormat::Rdf(format) => {
            let parsed = parse(&input.rdf_source(format))?;
            if parsed.quads.is_empty() && matches!(format, RdfFormat::JsonLd { .. }) {
                let seen = serde_json::from_slice(input.text)
                    .map(|value| crate::import::aif::describe(&value))
                    .unwrap_or_else(|_| "no JSON value".to_owned());
                return Err(LoadError::EmptyJsonLd {
                    file: input.name.clone(),
                    seen,
                });
            }
            Ok(parsed)
        }
        InputFormat::Aif => Ok(crate::import::aif::read(&crate::import::aif::AifInput {
            name: input.name.clone(),
            text: input.text,
            graph: input.graph.clone(),
            source: input.base_iri.clone(),
            imported_at: Some(crate::import::aif::now()),
        })?),
        InputFormat::Argdown => Ok(crate::import::argdown::read(
            &input.name,
            input.text,
            &input.graph,
        )?),
    }
}

/// Refuses a document nested deeper than [`nesting::RDF_LIMIT`] before any parser sees it,
/// with a `file:line:col` error. Importers of other formats call it with their own format's
/// check (for JSON: [`nesting::json`]).
pub fn guard_nesting(name: &str, text: &[u8], check: nesting::Check) -> Result<(), LoadError> {
    check(text).map_err(|deep| {
        let position = diagnostic::position_at(text, deep.offset);
        LoadError::Syntax {
            file: name.to_owned(),
            position: Some(position),
            message: deep.message(),
            snippet: snippet(&String::from_utf8_lossy(text), position),
        }
    })
}

/// The nesting check for an RDF format, if it nests.
fn nesting_check(format: RdfFormat) -> Option<nesting::Check> {
    match format {
        RdfFormat::JsonLd { .. } => Some(nesting::json),
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::N3 => Some(nesting::turtle),
        _ => None,
    }
}

/// Parses one document completely.
pub fn parse(source: &Source<'_>) -> Result<Parsed, LoadError> {
    let mut stream = stream(source)?;
    let mut parsed = Parsed::default();
    for quad in stream.by_ref() {
        parsed.quads.push(quad?);
    }
    // AIF written by other tools: premises stated on the I-node.
    crate::import::aif::normalise_rdf(&mut parsed.quads);
    parsed.prefixes = stream.prefixes();
    parsed.graphs = stream.graphs;
    Ok(parsed)
}

/// Reads one document quad by quad, for a load too big to hold as quads: the nesting guard
/// first, then each quad as the parser gives it, in the older AIF namespace moved to
/// `http://www.arg.tech/aif#` (the part of [`crate::import::aif::normalise_rdf`] that a
/// single quad can decide).
pub fn stream<'a>(source: &'a Source<'a>) -> Result<QuadStream<'a>, LoadError> {
    if let Some(check) = nesting_check(source.format) {
        guard_nesting(&source.name, source.text, check)?;
    }
    let parser = parser_for(source.format, &source.graph, &source.base_iri);
    Ok(QuadStream::new(
        parser,
        Box::new(source.text),
        Place::Held(source),
        &source.graph,
    ))
}

/// [`stream`] for a document read from its file as the parser goes: memory does not grow
/// with the file. The nesting guard reads the file once before the parser does; an error's
/// line is read back from the file.
pub fn stream_file(source: &FileSource) -> Result<QuadStream<'_>, LoadError> {
    let io = |error| LoadError::Io {
        file: source.name.clone(),
        source: error,
    };
    let open = || fs::File::open(&source.path).map_err(io);
    // Of the formats that stream, those that nest are the Turtle family.
    if nesting_check(source.format).is_some() {
        let found = nesting::turtle_from(open()?).map_err(io)?;
        if let Err(deep) = found {
            let (position, line) = locate_in_file(&source.path, deep.offset);
            return Err(LoadError::Syntax {
                file: source.name.clone(),
                position: Some(position),
                message: deep.message(),
                snippet: line
                    .map_or_else(String::new, |l| diagnostic::snippet_of_line(&l, position)),
            });
        }
    }
    let parser = parser_for(source.format, &source.graph, &source.base_iri);
    Ok(QuadStream::new(
        parser,
        Box::new(open()?),
        Place::File(source),
        &source.graph,
    ))
}

/// The parser every document is read with: blank nodes renamed, triples in `graph`.
fn parser_for(format: RdfFormat, graph: &NamedNode, base_iri: &str) -> RdfParser {
    let mut parser = RdfParser::from_format(format)
        .rename_blank_nodes()
        .with_default_graph(graph.clone());
    if let Ok(with_base) = parser.clone().with_base_iri(base_iri) {
        parser = with_base;
    }
    if !format::is_dataset_format(format) {
        parser = parser.without_named_graphs();
    }
    parser
}

/// The position of a byte offset in a file and the text of its line, read up to that line.
fn locate_in_file(path: &Path, offset: usize) -> (Position, Option<String>) {
    use std::io::BufRead;
    let mut reader = match fs::File::open(path) {
        Ok(file) => io::BufReader::new(file),
        Err(_) => return (Position { line: 1, column: 1 }, None),
    };
    let mut line = Vec::new();
    let (mut number, mut start) = (1, 0);
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).unwrap_or(0);
        if read == 0 || start + read > offset {
            let position = diagnostic::position_at(&line, offset.saturating_sub(start));
            let position = Position {
                line: number,
                column: position.column,
            };
            return (position, Some(String::from_utf8_lossy(&line).into_owned()));
        }
        start += read;
        number += 1;
    }
}

/// The text of a file's line `number` (from 1), read up to it.
fn line_of_file(path: &Path, number: usize) -> Option<String> {
    use std::io::BufRead;
    let reader = io::BufReader::new(fs::File::open(path).ok()?);
    let line = reader.split(b'\n').nth(number.checked_sub(1)?)?.ok()?;
    Some(String::from_utf8_lossy(&line).into_owned())
}

/// A reader that counts the bytes the parser has taken, for progress.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// The quads of one document as they are read; see [`stream`] and [`stream_file`].
pub struct QuadStream<'a> {
    reader: oxigraph::io::ReaderQuadParser<Counted<Box<dyn io::Read + 'a>>>,
    read: Rc<Cell<u64>>,
    place: Place<'a>,
    /// Every named graph read so far (the document's own graph first of all).
    pub graphs: BTreeSet<NamedNode>,
    /// The graph of the last quad: the set is looked up only when the graph changes (per
    /// quad, at 10,000 graphs, its comparisons of long IRIs showed in a load's profile).
    last: Option<NamedNode>,
    failed: bool,
}

/// Where a stream's document is, to place its errors.
enum Place<'a> {
    /// Held whole.
    Held(&'a Source<'a>),
    /// In its file.
    File(&'a FileSource),
}

impl<'a> QuadStream<'a> {
    fn new(
        parser: RdfParser,
        text: Box<dyn io::Read + 'a>,
        place: Place<'a>,
        graph: &NamedNode,
    ) -> Self {
        let read = Rc::new(Cell::new(0));
        Self {
            reader: parser.for_reader(Counted {
                inner: text,
                read: Rc::clone(&read),
            }),
            read,
            place,
            graphs: BTreeSet::from([graph.clone()]),
            last: None,
            failed: false,
        }
    }

    /// The name errors give the document.
    fn name(&self) -> &str {
        match self.place {
            Place::Held(source) => &source.name,
            Place::File(source) => &source.name,
        }
    }

    /// How many bytes of the document the parser has taken so far.
    pub fn bytes_read(&self) -> u64 {
        self.read.get()
    }

    /// The prefixes the document declared so far, in order.
    pub fn prefixes(&self) -> Vec<(String, String)> {
        self.reader
            .prefixes()
            .map(|(name, iri)| (name.to_owned(), iri.to_owned()))
            .collect()
    }
}

impl Iterator for QuadStream<'_> {
    type Item = Result<Quad, LoadError>;

    /// The next quad, or the first syntax error (after which the stream ends).
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.reader.next()? {
            Ok(mut quad) => {
                crate::import::aif::normalise_namespace(&mut quad);
                if let GraphName::NamedNode(graph) = &quad.graph_name
                    && self.last.as_ref() != Some(graph)
                {
                    if !self.graphs.contains(graph) {
                        self.graphs.insert(graph.clone());
                    }
                    self.last = Some(graph.clone());
                }
                Some(Ok(quad))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(match error {
                    oxigraph::io::RdfParseError::Syntax(error) => match self.place {
                        Place::Held(source) => syntax_error(source, error),
                        Place::File(source) => file_syntax_error(source, error),
                    },
                    oxigraph::io::RdfParseError::Io(source) => LoadError::Io {
                        file: self.name().to_owned(),
                        source,
                    },
                }))
            }
        }
    }
}

/// Parses a file compiled into the binary into its stable graph (see [`crate::bundled`]).
///
/// Its blank nodes get labels from the file's path and their order of appearance, the same
/// in every run, so that a store can tell which bundled statements another version changed
/// (see `install_bundled` in [`crate::store`]).
pub fn parse_bundled(file: &BundledFile, format: RdfFormat) -> Result<Parsed, LoadError> {
    let graph = file.graph_iri();
    let mut parsed = parse(&Source {
        name: file.path.to_owned(),
        text: file.text.as_bytes(),
        format,
        base_iri: graph.as_str().to_owned(),
        graph,
    })?;
    let stem: String = file
        .path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut labels: HashMap<BlankNode, BlankNode> = HashMap::new();
    let mut stable = |node: &BlankNode| {
        let next = labels.len();
        labels
            .entry(node.clone())
            .or_insert_with(|| BlankNode::new_unchecked(format!("b_{stem}_{next}")))
            .clone()
    };
    for quad in &mut parsed.quads {
        if let NamedOrBlankNode::BlankNode(node) = &quad.subject {
            quad.subject = stable(node).into();
        }
        if let Term::BlankNode(node) = &quad.object {
            quad.object = stable(node).into();
        }
        if let GraphName::BlankNode(node) = &quad.graph_name {
            quad.graph_name = stable(node).into();
        }
    }
    Ok(parsed)
}

/// Where the parser says its error is.
fn parser_position(error: &oxigraph::io::RdfSyntaxError) -> Option<Position> {
    error.location().map(|range| Position {
        line: usize::try_from(range.start.line).unwrap_or(usize::MAX) + 1,
        column: usize::try_from(range.start.column).unwrap_or(usize::MAX) + 1,
    })
}

/// [`syntax_error`] for a document streamed from its file: the line is read back from it.
fn file_syntax_error(source: &FileSource, error: oxigraph::io::RdfSyntaxError) -> LoadError {
    let position = parser_position(&error);
    LoadError::Syntax {
        file: source.name.clone(),
        position,
        message: parser_message(&error),
        snippet: position
            .and_then(|p| {
                Some(diagnostic::snippet_of_line(
                    &line_of_file(&source.path, p.line)?,
                    p,
                ))
            })
            .unwrap_or_default(),
    }
}

fn syntax_error(source: &Source<'_>, error: oxigraph::io::RdfSyntaxError) -> LoadError {
    let position = parser_position(&error).or_else(|| {
        (source.format == RdfFormat::RdfXml)
            .then(|| rdfxml_error_offset(source))
            .flatten()
            .map(|offset| diagnostic::position_at(source.text, offset))
    });
    let text = String::from_utf8_lossy(source.text);
    LoadError::Syntax {
        file: source.name.clone(),
        position,
        message: parser_message(&error),
        snippet: position.map(|p| snippet(&text, p)).unwrap_or_default(),
    }
}

/// Where the RDF/XML reader stopped at its first error: the start of the tag it was reading
/// (Oxigraph's RDF/XML errors carry no position, but the reader knows its byte offset).
fn rdfxml_error_offset(source: &Source<'_>) -> Option<usize> {
    let mut parser = oxrdfxml::RdfXmlParser::new();
    if let Ok(with_base) = parser.clone().with_base_iri(source.base_iri.clone()) {
        parser = with_base;
    }
    let mut reader = parser.for_slice(source.text);
    // Up to the first error; a document that reads to its end has no error to place.
    while reader.next()?.is_ok() {}
    let end = usize::try_from(reader.buffer_position())
        .unwrap_or(usize::MAX)
        .min(source.text.len());
    // The reader stops after the markup that failed: back up to its `<`.
    let before = &source.text[..end];
    let tag_end = before.strip_suffix(b">").map_or(before.len(), <[u8]>::len);
    Some(
        before[..tag_end]
            .iter()
            .rposition(|&b| b == b'<')
            .unwrap_or(end),
    )
}

/// The parser's message without the position it also spells out (we show that ourselves).
fn parser_message(error: &oxigraph::io::RdfSyntaxError) -> String {
    let text = error.to_string();
    match text.split_once(": ") {
        Some((head, rest)) if head.starts_with("Parser error") => rest.to_owned(),
        _ => text,
    }
}

/// Reads a file from disk.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    fs::read(path).map_err(|source| LoadError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// The RDF files a path names: the file itself, or every RDF file below a folder, sorted.
pub fn expand_path(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let metadata = fs::metadata(path).map_err(|source| LoadError::Io {
        file: path.display().to_string(),
        source,
    })?;
    if !metadata.is_dir() {
        format::input_format_for_path(path)?;
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    collect(path, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(LoadError::EmptyFolder {
            folder: path.display().to_string(),
        });
    }
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = fs::read_dir(dir).map_err(|source| LoadError::Io {
        file: dir.display().to_string(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files)?;
        } else if format::input_format_for_path(&path).is_ok() {
            files.push(path);
        }
    }
    Ok(())
}

/// The graph a user file goes into when none is given: its `file:` URL, so that loading the
/// same file again replaces it.
pub fn graph_for_file(path: &Path) -> NamedNode {
    NamedNode::new_unchecked(file_url(path))
}

/// The `file:` URL of a path, percent-encoded, absolute when the file exists.
pub fn file_url(path: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut iri = String::from("file://");
    for component in absolute.to_string_lossy().split(std::path::MAIN_SEPARATOR) {
        if component.is_empty() {
            continue;
        }
        iri.push('/');
        for byte in component.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                iri.push(char::from(byte));
            } else {
                iri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    iri
}
