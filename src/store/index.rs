//! The argument index: per graph, the few statements an evaluation reads (premises,
//! conclusions, and the classes of node it asks about) and those its printout shows (claims'
//! texts, main conclusions and theses), as compact data.
//!
//! [`scan`] reads them out of any store; that is what `argmap eval` does on the in-memory
//! store. A RocksDB store also keeps them on disk beside each snapshot, so that an evaluation
//! of a million-claim store reads a few files instead of decoding millions of quads. Layout,
//! under the store folder:
//! - `index/<graph hash>-<n>`: one graph's indexed statements, written by the publish of
//!   snapshot `n`, which changed that graph; never changed after;
//! - `snapshots/<n>/argmap-index`: the manifest of snapshot `n`, one line per graph naming
//!   its segment. It is written while the snapshot's checkpoint is made, beside its folder,
//!   and moved into the folder before that folder is renamed into place, so it comes and goes
//!   with its snapshot: a reader finds it whole, or none (a snapshot made by an argmap from
//!   before the index) and reads the store itself.
//!
//! A publish that knows which graphs its change touched writes segments for those alone and
//! carries the other lines over ([`publish`]); one that does not (a change a killed writer
//! left, an update that writes `GRAPH ?g`) scans the whole store.
//!
//! ```
//! use argmap::store::index::{self, Segment};
//! use oxigraph::io::RdfFormat;
//! use oxigraph::store::Store;
//!
//! let store = Store::new()?;
//! store.load_from_slice(
//!     RdfFormat::TriG,
//!     r#"@prefix aif: <http://www.arg.tech/aif#> .
//!        <http://example.org/doc> {
//!          <http://example.org/ra> a aif:RA-node ;
//!              aif:Premise <http://example.org/p> ; aif:Conclusion <http://example.org/c> .
//!          <http://example.org/p> a aif:I-node ; <http://example.org/says> "not indexed" .
//!        }"#,
//! )?;
//! let segments = index::scan(&store, |_| true)?;
//! assert_eq!(segments.len(), 1);
//! assert_eq!((segments[0].premises.len(), segments[0].conclusions.len()), (1, 1));
//! assert_eq!(segments[0].kinds.len(), 2); // the RA-node and the I-node
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    QuadRef, Term, TermRef,
};
use oxigraph::store::{StorageError, Store};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

const AIF: &str = "http://www.arg.tech/aif#";
const ARG: &str = "https://w3id.org/argmap#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// argmap's own graphs (shortcuts, workspace records, evaluation labels): never indexed, as
/// no evaluation reads them.
pub const COMPUTED_GRAPHS: &str = "https://w3id.org/argmap/graph/";

/// Node kinds, as bits, from the `rdf:type`s indexed.
pub const I_NODE: u8 = 1;
/// An inference.
pub const RA_NODE: u8 = 2;
/// A preference.
pub const PA_NODE: u8 = 4;
/// A conflict (the AIF class or one of argmap's three kinds of it).
pub const CA_NODE: u8 = 8;
/// `arg:ReportedFact`, for the `--axioms reported-facts` choice.
pub const REPORTED_FACT: u8 = 16;

/// Roles, as bits: the object of an `arg:mainConclusion`.
pub const MAIN_CONCLUSION: u8 = 1;
/// The object of an `arg:thesis`.
pub const THESIS: u8 = 2;

const CLAIM_TEXT: &str = "http://www.arg.tech/aif#claimText";
/// The predicates of roles, with their bits.
const ROLES: [(&str, u8); 2] = [
    ("https://w3id.org/argmap#mainConclusion", MAIN_CONCLUSION),
    ("https://w3id.org/argmap#thesis", THESIS),
];

/// The classes indexed, with their kind bits.
pub const CLASSES: [(&str, &str, u8); 8] = [
    (AIF, "I-node", I_NODE),
    (AIF, "RA-node", RA_NODE),
    (AIF, "PA-node", PA_NODE),
    (AIF, "CA-node", CA_NODE),
    (ARG, "Rebut", CA_NODE),
    (ARG, "Undermine", CA_NODE),
    (ARG, "Undercut", CA_NODE),
    (ARG, "ReportedFact", REPORTED_FACT),
];

/// The first line of a manifest, and the first bytes of a segment: a changed layout gets a
/// new number, and an index of another layout is not read (the store is, instead).
const MANIFEST_HEADER: &str = "argmap argument index 2";
const SEGMENT_MAGIC: &[u8] = b"argmap index segment 2\n";

/// Why the index on disk could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file of the index could not be read or written.
    #[error("argument index {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file of the index is not what argmap writes (damaged, or from another version).
    #[error("argument index {}: {what} at byte {offset}", path.display())]
    Damaged {
        path: PathBuf,
        offset: usize,
        what: &'static str,
    },
    /// Reading the store for the index failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A term of a segment, as text: what a reader of a million-claim index compares and hashes
/// without making a [`Term`] of every occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermText<'a> {
    /// An IRI.
    Iri(&'a str),
    /// A blank node's label.
    Blank(&'a str),
    /// A literal, in N-Triples.
    Literal(&'a str),
}

impl TermText<'_> {
    /// The term (a literal that does not parse, which argmap does not write, is a blank node).
    pub fn to_term(self) -> Term {
        match self {
            Self::Iri(iri) => NamedNode::new_unchecked(iri).into(),
            Self::Blank(id) => BlankNode::new_unchecked(id).into(),
            Self::Literal(text) => text
                .parse::<Literal>()
                .map_or_else(|_| BlankNode::default().into(), Term::from),
        }
    }

    /// The node it names: `None` for a literal.
    pub fn to_node(self) -> Option<NamedOrBlankNode> {
        match self {
            Self::Iri(iri) => Some(NamedNode::new_unchecked(iri).into()),
            Self::Blank(id) => Some(BlankNode::new_unchecked(id).into()),
            Self::Literal(_) => None,
        }
    }

    fn tag(self) -> u8 {
        match self {
            Self::Iri(_) => 0,
            Self::Blank(_) => 1,
            Self::Literal(_) => 2,
        }
    }

    /// Its identity in a [`SegmentBuilder`].
    fn key(self) -> u128 {
        let (Self::Iri(text) | Self::Blank(text) | Self::Literal(text)) = self;
        term_key(self.tag(), text)
    }
}

/// A term's identity while a segment is built: a 128-bit hash of its tag and its text as the
/// segment holds it (a builder of a million-claim load keeps these, not the terms).
fn term_key(tag: u8, text: &str) -> u128 {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write_u8(tag);
    hasher.write(text.as_bytes());
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
}

/// A claim's text's identity while a segment is built.
fn text_key(text: &str) -> u128 {
    term_key(u8::MAX, text)
}

/// The indexed statements of one graph, each term once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The graph.
    pub graph: GraphName,
    /// The terms' texts end to end: one allocation per segment, not one per term.
    text: String,
    /// Per term, numbered by position: its tag (0 IRI, 1 blank node, 2 literal) and where its
    /// text ends in `text`.
    terms: Vec<(u8, u32)>,
    /// `aif:Premise` statements, `(subject, object)`.
    pub premises: Vec<(u32, u32)>,
    /// `aif:Conclusion` statements.
    pub conclusions: Vec<(u32, u32)>,
    /// Typed nodes, each once, with the kind bits of their indexed classes.
    pub kinds: Vec<(u32, u8)>,
    /// `aif:claimText` values, end to end; kept apart from `terms`, which the map interns.
    claim_text: String,
    /// Per `aif:claimText` statement: its subject, and where its value ends in `claim_text`.
    texts: Vec<(u32, u32)>,
    /// Nodes that are main conclusions or theses, each once, with their role bits.
    pub roles: Vec<(u32, u8)>,
}

impl Segment {
    fn empty(graph: GraphName) -> Self {
        Self {
            graph,
            text: String::new(),
            terms: Vec::new(),
            premises: Vec::new(),
            conclusions: Vec::new(),
            kinds: Vec::new(),
            claim_text: String::new(),
            texts: Vec::new(),
            roles: Vec::new(),
        }
    }

    /// The claims' texts (`aif:claimText` values), with their claims (term numbers).
    pub fn texts(&self) -> impl Iterator<Item = (u32, &str)> {
        self.texts.iter().enumerate().map(|(i, &(claim, end))| {
            let start = match i {
                0 => 0,
                _ => self.texts[i - 1].1 as usize,
            };
            (claim, &self.claim_text[start..end as usize])
        })
    }

    fn push_text(&mut self, claim: u32, text: &str) {
        self.claim_text.push_str(text);
        let end = u32::try_from(self.claim_text.len()).unwrap_or(u32::MAX);
        self.texts.push((claim, end));
    }

    /// How many terms it has.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether it has no term (and so no statement).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Term `i` (`i < self.len()`; the numbers in its statements are).
    pub fn term(&self, i: u32) -> TermText<'_> {
        let i = i as usize;
        let start = match i {
            0 => 0,
            _ => self.terms[i - 1].1 as usize,
        };
        let (tag, end) = self.terms[i];
        let text = &self.text[start..end as usize];
        match tag {
            0 => TermText::Iri(text),
            1 => TermText::Blank(text),
            _ => TermText::Literal(text),
        }
    }

    /// Its terms, in order.
    pub fn terms(&self) -> impl Iterator<Item = TermText<'_>> {
        (0..self.terms.len() as u32).map(|i| self.term(i))
    }

    fn push(&mut self, tag: u8, text: &str) {
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.terms.push((tag, end));
    }
}

/// What one indexed statement says.
enum Fact<'a> {
    Premise(TermRef<'a>),
    Conclusion(TermRef<'a>),
    Kind(u8),
    Text(&'a str),
    Role(TermRef<'a>, u8),
}

fn fact<'a>(quad: QuadRef<'a>) -> Option<Fact<'a>> {
    let predicate = quad.predicate.as_str();
    if let Some(local) = predicate.strip_prefix(AIF) {
        return match local {
            "Premise" => Some(Fact::Premise(quad.object)),
            "Conclusion" => Some(Fact::Conclusion(quad.object)),
            "claimText" => match quad.object {
                TermRef::Literal(text) => Some(Fact::Text(text.value())),
                _ => None,
            },
            _ => None,
        };
    }
    if let Some(&(_, role)) = ROLES.iter().find(|(iri, _)| *iri == predicate) {
        return match quad.object {
            TermRef::Literal(_) => None,
            object => Some(Fact::Role(object, role)),
        };
    }
    if predicate != RDF_TYPE {
        return None;
    }
    let TermRef::NamedNode(class) = quad.object else {
        return None;
    };
    CLASSES
        .iter()
        .find(|(base, local, _)| {
            class
                .as_str()
                .strip_prefix(base)
                .is_some_and(|rest| rest == *local)
        })
        .map(|&(_, _, kind)| Fact::Kind(kind))
}

/// Whether a graph's statements are indexed at all (argmap's own graphs are not).
pub fn is_indexed_graph(graph: GraphNameRef<'_>) -> bool {
    !matches!(graph, GraphNameRef::NamedNode(g) if g.as_str().starts_with(COMPUTED_GRAPHS))
}

/// Builds one graph's segment from its statements, in any order.
#[derive(Debug)]
pub struct SegmentBuilder {
    segment: Segment,
    /// Each term's number, by [`term_key`].
    ids: FxHashMap<u128, u32>,
    kinds: FxHashMap<u32, u8>,
    roles: FxHashMap<u32, u8>,
    seen: HashSet<(u8, u32, u32)>,
    /// The `aif:claimText` statements taken, as (subject, [`text_key`] of the value): a
    /// stream may repeat one.
    texts_seen: HashSet<(u32, u128)>,
}

impl SegmentBuilder {
    /// An empty segment of `graph`.
    pub fn new(graph: GraphName) -> Self {
        Self {
            segment: Segment::empty(graph),
            ids: FxHashMap::default(),
            kinds: FxHashMap::default(),
            roles: FxHashMap::default(),
            seen: HashSet::new(),
            texts_seen: HashSet::new(),
        }
    }

    /// The builder of a segment built before, to take more statements of its graph: what it
    /// holds is read back into the builder's tables.
    pub fn resume(mut segment: Segment) -> Self {
        let ids = segment
            .terms()
            .zip(0..)
            .map(|(term, id)| (term.key(), id))
            .collect();
        let seen = (segment.premises.iter().map(|&(s, o)| (0, s, o)))
            .chain(segment.conclusions.iter().map(|&(s, o)| (1, s, o)))
            .collect();
        let texts_seen = segment
            .texts()
            .map(|(claim, text)| (claim, text_key(text)))
            .collect();
        Self {
            ids,
            kinds: std::mem::take(&mut segment.kinds).into_iter().collect(),
            roles: std::mem::take(&mut segment.roles).into_iter().collect(),
            seen,
            texts_seen,
            segment,
        }
    }

    fn id(&mut self, term: TermRef<'_>) -> u32 {
        let literal;
        let (tag, text) = match term {
            TermRef::NamedNode(n) => (0, n.as_str()),
            TermRef::BlankNode(b) => (1, b.as_str()),
            other => {
                literal = other.to_string();
                (2, literal.as_str())
            }
        };
        let next = u32::try_from(self.segment.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(term_key(tag, text)).or_insert(next);
        if id == next {
            self.segment.push(tag, text);
        }
        id
    }

    /// Takes one statement of the graph, if it is indexed (the graph is not looked at).
    pub fn add(&mut self, quad: QuadRef<'_>) {
        let Some(fact) = fact(quad) else {
            return;
        };
        let subject = self.id(quad.subject.into());
        match fact {
            Fact::Premise(object) | Fact::Conclusion(object) => {
                let which = u8::from(matches!(fact, Fact::Conclusion(_)));
                let object = self.id(object);
                // A store holds a statement once; a stream may repeat one.
                if self.seen.insert((which, subject, object)) {
                    let edges = if which == 0 {
                        &mut self.segment.premises
                    } else {
                        &mut self.segment.conclusions
                    };
                    edges.push((subject, object));
                }
            }
            Fact::Kind(kind) => *self.kinds.entry(subject).or_insert(0) |= kind,
            Fact::Text(text) => {
                if self.texts_seen.insert((subject, text_key(text))) {
                    self.segment.push_text(subject, text);
                }
            }
            Fact::Role(object, role) => {
                let object = self.id(object);
                *self.roles.entry(object).or_insert(0) |= role;
            }
        }
    }

    /// The segment.
    pub fn finish(mut self) -> Segment {
        let mut kinds: Vec<(u32, u8)> = self.kinds.into_iter().collect();
        kinds.sort_unstable();
        self.segment.kinds = kinds;
        let mut roles: Vec<(u32, u8)> = self.roles.into_iter().collect();
        roles.sort_unstable();
        self.segment.roles = roles;
        self.segment
    }
}

/// Builds the segments of statements streaming past, graph by graph.
///
/// A bulk load's stream ([`Collector::streaming`]) gives one graph's statements after
/// another: the graph it leaves is parked as its finished segment, without the builder's
/// hash tables (at a million claims, 0.76 GB less at the load's peak). Should the stream come
/// back to a parked graph, that graph is resumed and nothing is parked any more, so
/// statements in no order cost one resume per graph at most.
#[derive(Debug, Default)]
pub struct Collector {
    /// The builder of the graph the last statement was in.
    current: Option<SegmentBuilder>,
    others: FxHashMap<GraphName, Held>,
    /// Whether a graph the stream leaves is parked.
    park: bool,
}

/// A graph the stream is not in.
#[derive(Debug)]
enum Held {
    Open(SegmentBuilder),
    Parked(Segment),
}

impl Collector {
    /// A collector for a stream that gives one graph after another (a bulk load's files).
    pub fn streaming() -> Self {
        Self {
            park: true,
            ..Self::default()
        }
    }

    /// Takes one statement on its way into the store.
    pub fn add(&mut self, quad: QuadRef<'_>) {
        if !is_indexed_graph(quad.graph_name) || fact(quad).is_none() {
            return;
        }
        let current = match self.current.take() {
            Some(builder) if builder.segment.graph.as_ref() == quad.graph_name => builder,
            left => {
                if let Some(left) = left {
                    let held = if self.park {
                        Held::Parked(left.finish())
                    } else {
                        Held::Open(left)
                    };
                    self.others.insert(held.graph().clone(), held);
                }
                match self.others.remove(&quad.graph_name.into_owned()) {
                    Some(Held::Open(builder)) => builder,
                    Some(Held::Parked(segment)) => {
                        self.park = false;
                        SegmentBuilder::resume(segment)
                    }
                    None => SegmentBuilder::new(quad.graph_name.into_owned()),
                }
            }
        };
        self.current.insert(current).add(quad);
    }

    /// The segments, by graph.
    pub fn finish(self) -> FxHashMap<GraphName, Segment> {
        self.current
            .map(Held::Open)
            .into_iter()
            .chain(self.others.into_values())
            .map(|held| {
                let segment = match held {
                    Held::Open(builder) => builder.finish(),
                    Held::Parked(segment) => segment,
                };
                (segment.graph.clone(), segment)
            })
            .collect()
    }
}

impl Held {
    fn graph(&self) -> &GraphName {
        match self {
            Self::Open(builder) => &builder.segment.graph,
            Self::Parked(segment) => &segment.graph,
        }
    }
}

/// The indexed statements of the store, in the graphs `keep` accepts (argmap's own are
/// never read): a scan by predicate, and by class for the types.
pub fn scan(
    store: &Store,
    keep: impl Fn(GraphNameRef<'_>) -> bool,
) -> Result<Vec<Segment>, StorageError> {
    scan_with(store, keep, true)
}

/// [`scan`] without the claims' texts and roles: what an evaluation's map reads (a million
/// claims' texts are as many literals to decode).
pub fn scan_structure(
    store: &Store,
    keep: impl Fn(GraphNameRef<'_>) -> bool,
) -> Result<Vec<Segment>, StorageError> {
    scan_with(store, keep, false)
}

fn scan_with(
    store: &Store,
    keep: impl Fn(GraphNameRef<'_>) -> bool,
    described: bool,
) -> Result<Vec<Segment>, StorageError> {
    let mut collector = Collector::default();
    for_each_indexed(store, None, described, |quad| {
        if keep(quad.graph_name) {
            collector.add(quad);
        }
    })?;
    let mut segments: Vec<Segment> = collector.finish().into_values().collect();
    // In the order of their graphs' names, whatever the hash map's.
    segments.sort_by_cached_key(|s| graph_key(&s.graph));
    Ok(segments)
}

/// The indexed statements of one graph.
pub fn scan_graph(store: &Store, graph: GraphNameRef<'_>) -> Result<Segment, StorageError> {
    let mut builder = SegmentBuilder::new(graph.into_owned());
    for_each_indexed(store, Some(graph), true, |quad| builder.add(quad))?;
    Ok(builder.finish())
}

/// Calls `f` with every indexed statement (of `graph`, or of every graph; the claims' texts
/// and roles only if `described`).
fn for_each_indexed(
    store: &Store,
    graph: Option<GraphNameRef<'_>>,
    described: bool,
    mut f: impl FnMut(QuadRef<'_>),
) -> Result<(), StorageError> {
    let described: &[&str] = if described {
        &[CLAIM_TEXT, ROLES[0].0, ROLES[1].0]
    } else {
        &[]
    };
    let predicates = ["Premise", "Conclusion"]
        .map(|local| format!("{AIF}{local}"))
        .into_iter()
        .chain(described.iter().map(|iri| (*iri).to_owned()));
    for predicate in predicates {
        let predicate = NamedNode::new_unchecked(predicate);
        for quad in store.quads_for_pattern(None, Some(predicate.as_ref()), None, graph) {
            f(quad?.as_ref());
        }
    }
    let rdf_type = NamedNodeRef::new_unchecked(RDF_TYPE);
    for (base, local, _) in CLASSES {
        let class = NamedNode::new_unchecked(format!("{base}{local}"));
        for quad in
            store.quads_for_pattern(None, Some(rdf_type), Some(class.as_ref().into()), graph)
        {
            f(quad?.as_ref());
        }
    }
    Ok(())
}

/// What a committed change touched, for the index of its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// These graphs, and no other (argmap's own may be among them: they are not indexed).
    Graphs(HashSet<GraphName>),
    /// Unknown: the index is made again from the whole store.
    Everything,
}

impl Changed {
    /// A change of these graphs.
    pub fn graphs(graphs: impl IntoIterator<Item = GraphName>) -> Self {
        Self::Graphs(graphs.into_iter().collect())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A graph's name as a manifest writes it: its N-Triples form, or `DEFAULT`.
fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::DefaultGraph => "DEFAULT".to_owned(),
        other => other.to_string(),
    }
}

/// The manifest of a snapshot: each graph's key and segment file name.
fn read_manifest(path: &Path) -> Result<Option<BTreeMap<String, String>>, IndexError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return Ok(None);
    }
    let mut entries = BTreeMap::new();
    let mut offset = MANIFEST_HEADER.len() + 1;
    for line in lines {
        let Some((file, key)) = line.split_once('\t') else {
            return Err(IndexError::Damaged {
                path: path.to_owned(),
                offset,
                what: "a line without a tab",
            });
        };
        entries.insert(key.to_owned(), file.to_owned());
        offset += line.len() + 1;
    }
    Ok(Some(entries))
}

/// A segment's file name: a hash of its graph's name, and the snapshot that wrote it.
fn segment_name(key: &str, snapshot: u64) -> String {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(key.as_bytes());
    let hash = siphasher::sip128::Hasher128::finish128(&hasher).as_u128();
    format!("{hash:032x}-{snapshot}")
}

/// Writes a file whole or not at all (a temporary file renamed into place).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let partial = path.with_extension("partial");
    fs::write(&partial, bytes).map_err(io(&partial))?;
    fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io(&partial))?;
    fs::rename(&partial, path).map_err(io(path))
}

/// Writes the index of snapshot `next` (its manifest at `manifest`, its new segments in
/// `segments_dir`), before the snapshot itself is published: the index of the snapshot whose
/// manifest is `previous` with the segments of the graphs `changed` made again (`fresh` holds
/// those a bulk load collected on its way; the others are read from `store`), or the whole
/// index read from `store` when the change is unknown or `previous` has no index. A previous
/// index that cannot be trusted (a damaged manifest, a segment [`read`] found damaged and
/// removed) is not carried on: the whole index is read from `store` again.
pub fn publish(
    segments_dir: &Path,
    previous: Option<&Path>,
    manifest: &Path,
    next: u64,
    store: &Store,
    changed: &Changed,
    mut fresh: FxHashMap<GraphName, Segment>,
) -> Result<(), IndexError> {
    fs::create_dir_all(segments_dir).map_err(io(segments_dir))?;
    let carried = match (changed, previous) {
        (Changed::Graphs(graphs), Some(previous)) => match read_manifest(previous) {
            Ok(Some(entries)) if entries.values().all(|f| segments_dir.join(f).is_file()) => {
                Some((graphs, entries))
            }
            Ok(_) | Err(IndexError::Damaged { .. }) => None,
            Err(error) => return Err(error),
        },
        _ => None,
    };
    // The previous index's lines for the graphs that did not change.
    let mut entries: BTreeMap<String, String> = BTreeMap::new();
    if let Some((graphs, previous_entries)) = &carried {
        let keys: BTreeSet<String> = graphs.iter().chain(fresh.keys()).map(graph_key).collect();
        for (key, file) in previous_entries {
            if !keys.contains(key) {
                entries.insert(key.clone(), file.clone());
            }
        }
    }
    let mut write = |segment: &Segment| -> Result<(), IndexError> {
        if segment.is_empty() {
            return Ok(());
        }
        let key = graph_key(&segment.graph);
        let name = segment_name(&key, next);
        write_atomically(&segments_dir.join(&name), &encode(segment))?;
        entries.insert(key, name);
        Ok(())
    };
    match carried {
        Some((graphs, _)) => {
            for graph in graphs.iter().filter(|g| is_indexed_graph(g.as_ref())) {
                match fresh.remove(graph) {
                    Some(segment) => write(&segment)?,
                    None => write(&scan_graph(store, graph.as_ref())?)?,
                }
            }
            for segment in fresh.into_values() {
                write(&segment)?;
            }
        }
        None => {
            for segment in scan(store, |_| true)? {
                write(&segment)?;
            }
        }
    }
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for (key, file) in &entries {
        text.push_str(file);
        text.push('\t');
        text.push_str(key);
        text.push('\n');
    }
    write_atomically(manifest, text.as_bytes())
}

/// Removes the segments that none of `manifests` (those of the snapshots still there) names,
/// except those written by a publish of a snapshot newer than `newest`, which may be at work.
pub fn prune(segments_dir: &Path, manifests: &[PathBuf], newest: u64) -> Result<(), IndexError> {
    let mut named: HashSet<String> = HashSet::new();
    for manifest in manifests {
        if let Some(entries) = read_manifest(manifest)? {
            named.extend(entries.into_values());
        }
    }
    let Ok(listing) = fs::read_dir(segments_dir) else {
        return Ok(());
    };
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let newer = name
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<u64>().ok())
            .is_some_and(|n| n > newest);
        if !named.contains(&name) && !newer {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// The segments named by `manifest` whose graphs `keep` accepts; `None` when there is no
/// manifest (a snapshot from before the index, or of another layout). A segment that is not
/// what argmap writes is removed as well as reported, so that the next [`publish`] reads
/// the store again instead of carrying it on.
pub fn read(
    segments_dir: &Path,
    manifest: &Path,
    keep: impl Fn(GraphNameRef<'_>) -> bool + Sync,
) -> Result<Option<Vec<Segment>>, IndexError> {
    let Some(entries) = read_manifest(manifest)? else {
        return Ok(None);
    };
    let files: Vec<PathBuf> = entries.values().map(|f| segments_dir.join(f)).collect();
    // Two cores read twice as fast: the files are read and decoded in parallel.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunk = files.len().div_ceil(threads).max(1);
    let read_chunk = |paths: &[PathBuf]| -> Result<Vec<Segment>, IndexError> {
        let mut segments = Vec::with_capacity(paths.len());
        for path in paths {
            let bytes = fs::read(path).map_err(io(path))?;
            let segment = decode(&bytes).map_err(|(offset, what)| {
                // Best effort: a segment that stays is only read (and reported) again.
                let _ = fs::remove_file(path);
                IndexError::Damaged {
                    path: path.clone(),
                    offset,
                    what,
                }
            })?;
            if keep(segment.graph.as_ref()) {
                segments.push(segment);
            }
        }
        Ok(segments)
    };
    let parts: Vec<Result<Vec<Segment>, IndexError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|paths| scope.spawn(|| read_chunk(paths)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(IndexError::Damaged {
                        path: segments_dir.to_owned(),
                        offset: 0,
                        what: "a reading thread failed",
                    })
                })
            })
            .collect()
    });
    let mut segments = Vec::with_capacity(files.len());
    for part in parts {
        segments.extend(part?);
    }
    Ok(Some(segments))
}

// The segment format: the magic line, the graph, then the terms, the premise and conclusion
// pairs, the kinds, the claims' texts (claim, text) and the roles, each list preceded by its
// length; numbers are little-endian u32.
// A term is a tag (0 IRI, 1 blank node, 2 literal in N-Triples, 3 the default graph) and its
// text, length first.

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, tag: u8, text: &str) {
    out.push(tag);
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn encode(segment: &Segment) -> Vec<u8> {
    let mut out = SEGMENT_MAGIC.to_vec();
    match &segment.graph {
        GraphName::NamedNode(n) => put_text(&mut out, 0, n.as_str()),
        GraphName::BlankNode(b) => put_text(&mut out, 1, b.as_str()),
        GraphName::DefaultGraph => put_text(&mut out, 3, ""),
    }
    put_u32(&mut out, segment.len());
    for term in segment.terms() {
        let (TermText::Iri(text) | TermText::Blank(text) | TermText::Literal(text)) = term;
        put_text(&mut out, term.tag(), text);
    }
    for edges in [&segment.premises, &segment.conclusions] {
        put_u32(&mut out, edges.len());
        for &(s, o) in edges {
            out.extend_from_slice(&s.to_le_bytes());
            out.extend_from_slice(&o.to_le_bytes());
        }
    }
    put_u32(&mut out, segment.kinds.len());
    for &(node, kind) in &segment.kinds {
        out.extend_from_slice(&node.to_le_bytes());
        out.push(kind);
    }
    put_u32(&mut out, segment.texts.len());
    for (claim, text) in segment.texts() {
        out.extend_from_slice(&claim.to_le_bytes());
        put_u32(&mut out, text.len());
        out.extend_from_slice(text.as_bytes());
    }
    put_u32(&mut out, segment.roles.len());
    for &(node, role) in &segment.roles {
        out.extend_from_slice(&node.to_le_bytes());
        out.push(role);
    }
    out
}

/// Reads what [`encode`] wrote; on damage, the offset and what was wrong there.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Damage = (usize, &'static str);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Damage> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or((self.at, "the file ends early"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, Damage> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u8(&mut self) -> Result<u8, Damage> {
        Ok(self.take(1)?[0])
    }

    fn text(&mut self) -> Result<(u8, &'a str), Damage> {
        let tag = self.u8()?;
        let len = self.u32()? as usize;
        let at = self.at;
        let text = std::str::from_utf8(self.take(len)?).map_err(|_| (at, "text not UTF-8"))?;
        Ok((tag, text))
    }

    /// Reads one term into `segment`.
    fn term(&mut self, segment: &mut Segment) -> Result<(), Damage> {
        let at = self.at;
        let (tag, text) = self.text()?;
        // The IRIs and blank nodes came out of the store, valid: checking them again would
        // take a good part of the reading, and a damaged one can only name a node wrongly.
        match tag {
            0 | 1 => {}
            2 if text.parse::<Literal>().is_ok() => {}
            2 => return Err((at, "a literal argmap does not write")),
            _ => return Err((at, "an unknown term tag")),
        }
        segment.text.push_str(text);
        let end = u32::try_from(segment.text.len()).map_err(|_| (at, "too much text"))?;
        segment.terms.push((tag, end));
        Ok(())
    }

    fn id(&mut self, terms: usize) -> Result<u32, Damage> {
        let at = self.at;
        let id = self.u32()?;
        if id as usize >= terms {
            return Err((at, "a term number out of range"));
        }
        Ok(id)
    }
}

fn decode(bytes: &[u8]) -> Result<Segment, Damage> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(SEGMENT_MAGIC.len())? != SEGMENT_MAGIC {
        return Err((0, "not an argmap index segment"));
    }
    let at = reader.at;
    let graph = match reader.text()? {
        (0, iri) => NamedNode::new(iri)
            .map_err(|_| (at, "a bad graph IRI"))?
            .into(),
        (1, id) => BlankNode::new(id)
            .map_err(|_| (at, "a bad graph blank node"))?
            .into(),
        (3, _) => GraphName::DefaultGraph,
        _ => return Err((at, "an unknown graph tag")),
    };
    let count = reader.u32()? as usize;
    // Each term takes at least five bytes: a count beyond the file is damage, not memory.
    if count > bytes.len() / 5 {
        return Err((reader.at - 4, "more terms than the file holds"));
    }
    let mut segment = Segment::empty(graph);
    segment.terms.reserve(count);
    segment.text.reserve(bytes.len());
    for _ in 0..count {
        reader.term(&mut segment)?;
    }
    let mut pairs = [Vec::new(), Vec::new()];
    for edges in &mut pairs {
        let n = reader.u32()? as usize;
        if n > bytes.len() / 8 {
            return Err((reader.at - 4, "more statements than the file holds"));
        }
        edges.reserve(n);
        for _ in 0..n {
            edges.push((reader.id(count)?, reader.id(count)?));
        }
    }
    let n = reader.u32()? as usize;
    if n > bytes.len() / 5 {
        return Err((reader.at - 4, "more kinds than the file holds"));
    }
    let mut kinds = Vec::with_capacity(n);
    for _ in 0..n {
        kinds.push((reader.id(count)?, reader.u8()?));
    }
    segment.kinds = kinds;
    let n = reader.u32()? as usize;
    if n > bytes.len() / 8 {
        return Err((reader.at - 4, "more texts than the file holds"));
    }
    segment.texts.reserve(n);
    for _ in 0..n {
        let claim = reader.id(count)?;
        let len = reader.u32()? as usize;
        let at = reader.at;
        let text = std::str::from_utf8(reader.take(len)?).map_err(|_| (at, "text not UTF-8"))?;
        segment.push_text(claim, text);
    }
    let n = reader.u32()? as usize;
    if n > bytes.len() / 5 {
        return Err((reader.at - 4, "more roles than the file holds"));
    }
    segment.roles.reserve(n);
    for _ in 0..n {
        segment.roles.push((reader.id(count)?, reader.u8()?));
    }
    if reader.at != bytes.len() {
        return Err((reader.at, "bytes after the end"));
    }
    let [premises, conclusions] = pairs;
    segment.premises = premises;
    segment.conclusions = conclusions;
    Ok(segment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::Quad;

    const MAP: &str = r#"@prefix aif: <http://www.arg.tech/aif#> .
        @prefix arg: <https://w3id.org/argmap#> .
        @prefix ex: <http://example.org/> .
        ex:doc {
          ex:ra a aif:RA-node ; aif:Premise ex:p , _:q ; aif:Conclusion ex:c .
          ex:ca a aif:CA-node , arg:Rebut ; aif:Premise ex:x ; aif:Conclusion "a literal"@en .
          ex:p a aif:I-node , arg:ReportedFact ; ex:other ex:thing ; aif:claimText "P, in words."@en .
          ex:doc arg:mainConclusion ex:c ; arg:thesis ex:c , ex:p .
        }
        ex:p a aif:I-node .
        <https://w3id.org/argmap/graph/derived> { ex:c a aif:I-node }"#;

    fn store() -> Store {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::TriG, MAP).unwrap();
        store
    }

    #[test]
    fn segments_round_trip_through_their_bytes() {
        let segments = scan(&store(), |_| true).unwrap();
        // ex:doc and the default graph; the derived graph is argmap's own.
        assert_eq!(segments.len(), 2);
        for segment in &segments {
            assert_eq!(&decode(&encode(segment)).unwrap(), segment);
        }
        let doc = segments
            .iter()
            .find(|s| s.graph != GraphName::DefaultGraph)
            .unwrap();
        assert_eq!(doc.premises.len(), 3);
        assert_eq!(doc.conclusions.len(), 2);
        let p = doc
            .terms()
            .position(|t| t == TermText::Iri("http://example.org/p"))
            .unwrap() as u32;
        assert!(doc.kinds.contains(&(p, I_NODE | REPORTED_FACT)));
        assert_eq!(doc.texts().collect::<Vec<_>>(), [(p, "P, in words.")]);
        let c = doc
            .terms()
            .position(|t| t == TermText::Iri("http://example.org/c"))
            .unwrap() as u32;
        let mut roles = doc.roles.clone();
        roles.sort_unstable();
        let mut expected = vec![(c, MAIN_CONCLUSION | THESIS), (p, THESIS)];
        expected.sort_unstable();
        assert_eq!(roles, expected);
    }

    #[test]
    fn a_streaming_collector_parks_the_graph_it_leaves_and_resumes_one_met_again() {
        let quads: Vec<Quad> = store().iter().map(Result::unwrap).collect();
        let doc = GraphName::from(NamedNode::new_unchecked("http://example.org/doc"));
        let (in_doc, others): (Vec<Quad>, Vec<Quad>) =
            quads.into_iter().partition(|q| q.graph_name == doc);
        // The document, the other graphs, then the document again (a stream may repeat a
        // statement): each fact is met a second time after the resume, and must not count
        // twice.
        let stream: Vec<&Quad> = in_doc.iter().chain(&others).chain(&in_doc).collect();
        let mut streaming = Collector::streaming();
        let mut open = Collector::default();
        for (i, quad) in stream.iter().enumerate() {
            streaming.add(quad.as_ref());
            open.add(quad.as_ref());
            if i + 1 == in_doc.len() + others.len() {
                assert!(matches!(streaming.others.get(&doc), Some(Held::Parked(_))));
                assert!(matches!(open.others.get(&doc), Some(Held::Open(_))));
            }
        }
        assert!(!streaming.park, "a graph met again stops the parking");
        let streamed = streaming.finish();
        assert_eq!(streamed, open.finish());
        let whole = scan_graph(&store(), doc.as_ref()).unwrap();
        let segment = &streamed[&doc];
        for (a, b) in [
            (segment.premises.len(), whole.premises.len()),
            (segment.conclusions.len(), whole.conclusions.len()),
            (segment.kinds.len(), whole.kinds.len()),
            (segment.roles.len(), whole.roles.len()),
            (segment.texts().count(), whole.texts().count()),
            (segment.len(), whole.len()),
        ] {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn damaged_segments_are_refused_with_their_offset() {
        let segment = scan_graph(
            &store(),
            NamedNodeRef::new_unchecked("http://example.org/doc").into(),
        )
        .unwrap();
        let bytes = encode(&segment);
        for cut in [0, 5, SEGMENT_MAGIC.len() + 3, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        let last = bad.len() - 5;
        bad[last..last + 4].copy_from_slice(&9999u32.to_le_bytes());
        assert_eq!(
            decode(&bad).unwrap_err(),
            (last, "a term number out of range")
        );
        let mut longer = bytes;
        longer.push(0);
        assert_eq!(decode(&longer).unwrap_err().1, "bytes after the end");
    }

    #[test]
    fn a_publish_carries_unchanged_graphs_and_prune_keeps_what_manifests_name() {
        let dir = tempfile::tempdir().unwrap();
        let segments = dir.path().join("index");
        let manifest = |n: u64| dir.path().join(format!("{n}.manifest"));
        let store = store();
        let everything = Changed::Everything;
        publish(
            &segments,
            None,
            &manifest(1),
            1,
            &store,
            &everything,
            FxHashMap::default(),
        )
        .unwrap();
        let first = read(&segments, &manifest(1), |_| true).unwrap().unwrap();
        assert_eq!(first.len(), 2);
        // The default graph changes: its segment goes, ex:doc's is carried over.
        store.clear_graph(GraphNameRef::DefaultGraph).unwrap();
        let default = Changed::graphs([GraphName::DefaultGraph]);
        let (one, two) = (manifest(1), manifest(2));
        publish(
            &segments,
            Some(&one),
            &two,
            2,
            &store,
            &default,
            FxHashMap::default(),
        )
        .unwrap();
        let second = read(&segments, &two, |_| true).unwrap().unwrap();
        assert_eq!(second.len(), 1);
        assert!(first.contains(&second[0]));
        assert_ne!(second[0].graph, GraphName::DefaultGraph);
        // A newer publish's segment survives a prune that does not know its manifest yet.
        fs::write(segments.join(segment_name("x", 3)), b"").unwrap();
        prune(&segments, std::slice::from_ref(&two), 2).unwrap();
        assert_eq!(read(&segments, &two, |_| true).unwrap().unwrap(), second);
        assert_eq!(fs::read_dir(&segments).unwrap().count(), 2);
        prune(&segments, std::slice::from_ref(&two), 3).unwrap();
        assert_eq!(fs::read_dir(&segments).unwrap().count(), 1);
        assert!(read(&segments, &manifest(7), |_| true).unwrap().is_none());
    }

    #[test]
    fn a_damaged_segment_is_reported_removed_and_not_carried_on() {
        let dir = tempfile::tempdir().unwrap();
        let segments = dir.path().join("index");
        let manifest = |n: u64| dir.path().join(format!("{n}.manifest"));
        let store = store();
        let none = FxHashMap::default();
        publish(
            &segments,
            None,
            &manifest(1),
            1,
            &store,
            &Changed::Everything,
            none,
        )
        .unwrap();
        let whole = read(&segments, &manifest(1), |_| true).unwrap().unwrap();
        // ex:doc's segment, which a change to the default graph alone would carry on.
        let doc = GraphName::from(NamedNode::new_unchecked("http://example.org/doc"));
        let victim = segments.join(segment_name(&graph_key(&doc), 1));
        fs::write(&victim, b"not a segment").unwrap();
        match read(&segments, &manifest(1), |_| true) {
            Err(IndexError::Damaged { path, .. }) => assert_eq!(path, victim),
            other => panic!("{other:?}"),
        }
        assert!(!victim.exists(), "the damaged segment is removed");
        // With one of the previous index's segments gone, the whole index is read again.
        let default = Changed::graphs([GraphName::DefaultGraph]);
        let (one, two) = (manifest(1), manifest(2));
        let none = FxHashMap::default();
        publish(&segments, Some(&one), &two, 2, &store, &default, none).unwrap();
        assert_eq!(read(&segments, &two, |_| true).unwrap().unwrap(), whole);
        // So is a damaged manifest, where a change would otherwise fail.
        fs::write(&two, format!("{MANIFEST_HEADER}\nno tab here\n")).unwrap();
        let three = manifest(3);
        let none = FxHashMap::default();
        publish(&segments, Some(&two), &three, 3, &store, &default, none).unwrap();
        assert_eq!(read(&segments, &three, |_| true).unwrap().unwrap(), whole);
    }
}
