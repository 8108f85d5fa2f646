//! From an Argdown [`Document`] to argmap's ontology, the way an analyst would encode it.
//!
//! - an equivalence class (a statement title, or one untitled statement) is a claim
//!   (`aif:I-node`); its first text is `aif:claimText`, further members' texts
//!   `arg:alternativeText`, its title `rdfs:label`;
//! - an argument with a premise-conclusion structure is its inferences: one RA-node per
//!   inference line (linked premises: all of them on one RA-node; each intermediate conclusion
//!   its own RA-node), the last one carrying the argument's title;
//! - an argument without one is an inference from its gist (its description, as a claim with
//!   `arg:unstated true`: the reasons it summarises are not spelt out) to what it supports;
//! - support (and strict-mode entailment) is an RA-node, attack a CA-node (`arg:Undermine` when
//!   the target is only ever a premise, `arg:Rebut` otherwise), `_` an `arg:Undercut` of the
//!   inference, `><` (and strict-mode contrariness) two rebuts, one each way;
//! - data keys `scheme`, `qualifier`, `quote`, `source`, `asserted-by`, `date`, `wikidata`
//!   (and `kind`, `unstated`, `main`, `entertained-by`, `relayed-by`, `modality` on a statement,
//!   `label` on an inference line) get their argmap meaning; `qualifier` may be a list;
//!   every other key is kept as `arg:data`, tags as `arg:tag`, headings as `arg:Section`.
//!
//! IRIs are the document's graph IRI plus a fragment from the title (`#c-`, `#ra-`, `#ca-`),
//! so that loading an edited file again keeps the nodes whose titles did not change.

use super::data;
use super::inline::{Kind, Mention};
use super::syntax::{Document, Member, PcsItem, Place, RelationKind};
use super::{ArgdownError, Mode};
use crate::diagnostic::Position;
use crate::load::Warning;
use crate::prefixes::ARG;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use serde_yaml_ng::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const AIF: &str = "http://www.arg.tech/aif#";
pub(crate) const OA: &str = "http://www.w3.org/ns/oa#";
const DCT: &str = "http://purl.org/dc/terms/";
const PROV: &str = "http://www.w3.org/ns/prov#";
const WD: &str = "http://www.wikidata.org/entity/";
/// Where source texts are named, as in the bundled maps.
pub const SOURCE_BASE: &str = "https://w3id.org/argmap/source/";

/// What a mapping produced.
#[derive(Debug, Default)]
pub struct Mapped {
    /// The triples (the caller puts them in the document's graph).
    pub triples: Vec<Triple>,
    /// Constructs read but not carried over as Argdown meant them.
    pub warnings: Vec<Warning>,
    /// Quotes to anchor: (anchor node, exact text, source file name, disambiguation, where).
    pub quotes: Vec<QuoteRequest>,
    /// Counts, for summaries and tests.
    pub counts: Counts,
}

/// A `quote:` whose offsets the anchoring step fills in.
#[derive(Debug, Clone)]
pub struct QuoteRequest {
    /// The `oa:TextQuoteSelector` node.
    pub selector: BlankNode,
    /// The `oa:SpecificResource` node (gets the position selector).
    pub target: BlankNode,
    /// The quoted words.
    pub exact: String,
    /// The source text's file name.
    pub source: String,
    /// `quote-prefix:` given by the author, to pick one of several occurrences.
    pub prefix: Option<String>,
    /// `occurrence:` (1-based) given by the author.
    pub occurrence: Option<usize>,
    /// Where the data element stands.
    pub at: Position,
}

/// How much a document holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Claims from statements (equivalence classes in use).
    pub statements: usize,
    /// Arguments (titled, plus anonymous structures).
    pub arguments: usize,
    /// Premise-conclusion structures.
    pub pcs: usize,
    /// Relations as written (before duplicates are merged).
    pub relations: usize,
}

fn arg(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ARG}{name}"))
}
fn aif(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{AIF}{name}"))
}
fn oa(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{OA}{name}"))
}
fn dct(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DCT}{name}"))
}

/// A readable IRI fragment: lower case letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
        if out.len() > 60 {
            break;
        }
    }
    if out.is_empty() { "x".to_owned() } else { out }
}

/// One equivalence class (or one untitled statement).
#[derive(Debug, Default)]
struct Class {
    title: Option<String>,
    texts: Vec<String>,
    elements: Vec<usize>,
    iri: Option<NamedNode>,
}

/// One argument.
#[derive(Debug, Default)]
struct Argument {
    title: Option<String>,
    descriptions: Vec<String>,
    elements: Vec<usize>,
    pcs: Option<usize>,
    /// Its gist claim (arguments without structure).
    gist: Option<NamedNode>,
    /// Its inferences, the final one last (structured), or the ones its supports created.
    inferences: Vec<NamedNode>,
    /// Its main conclusion (structured).
    conclusion: Option<NamedNode>,
    slug: String,
}

/// What a relation end stands for.
#[derive(Debug, Clone)]
enum End {
    Claim(NamedNode, Option<usize>),
    Argument(usize),
    Inference(NamedNode),
}

struct Mapper<'a> {
    file: &'a str,
    source: &'a str,
    doc: &'a Document,
    base: String,
    mode: Mode,
    lang: Option<String>,
    out: Mapped,
    used_slugs: BTreeSet<String>,
    agents: BTreeMap<String, NamedNode>,
    default_source: Option<String>,
    default_attribution: Option<String>,
    doc_node: NamedNode,
    /// Claim of each statement element.
    claim_of: HashMap<usize, NamedNode>,
    /// Argument of each argument element.
    argument_of: HashMap<usize, usize>,
    arguments: Vec<Argument>,
    /// Argument of each structure.
    argument_of_pcs: HashMap<usize, usize>,
    /// Inference of each inference item `(pcs, item)`, and of each conclusion element.
    inference_of_item: HashMap<(usize, usize), NamedNode>,
    inference_of_conclusion: HashMap<usize, NamedNode>,
    premises: BTreeSet<NamedNode>,
    conclusions: BTreeSet<NamedNode>,
    attackers: BTreeSet<NamedNode>,
    relations_seen: BTreeSet<(NamedNode, NamedNode, &'static str)>,
    sections: Vec<NamedNode>,
    mentions: Vec<(NamedNode, Kind, String)>,
    statement_iri: BTreeMap<String, NamedNode>,
}

/// Maps a document; `graph` is the graph its triples go into (and the base of its IRIs).
pub fn map(
    file: &str,
    source: &str,
    doc: &Document,
    graph: &NamedNode,
) -> Result<Mapped, ArgdownError> {
    let base = if graph.as_str().contains('#') {
        format!("{}/", graph.as_str())
    } else {
        format!("{}#", graph.as_str())
    };
    let mut mapper = Mapper {
        file,
        source,
        doc,
        doc_node: NamedNode::new_unchecked(format!("{base}doc")),
        base,
        mode: Mode::Loose,
        lang: None,
        out: Mapped::default(),
        used_slugs: BTreeSet::new(),
        agents: BTreeMap::new(),
        default_source: None,
        default_attribution: None,
        claim_of: HashMap::new(),
        argument_of: HashMap::new(),
        arguments: Vec::new(),
        argument_of_pcs: HashMap::new(),
        inference_of_item: HashMap::new(),
        inference_of_conclusion: HashMap::new(),
        premises: BTreeSet::new(),
        conclusions: BTreeSet::new(),
        attackers: BTreeSet::new(),
        relations_seen: BTreeSet::new(),
        sections: Vec::new(),
        mentions: Vec::new(),
        statement_iri: BTreeMap::new(),
    };
    mapper.frontmatter()?;
    mapper.sections()?;
    mapper.classes()?;
    mapper.check_mentions()?;
    mapper.structures()?;
    mapper.relations()?;
    mapper.resolve_mentions();
    for note in &doc.notes {
        mapper.warn(note.at, note.message.clone());
    }
    mapper.out.counts.pcs = doc.pcs.len();
    mapper.out.counts.relations = doc.relations.len();
    mapper.out.counts.arguments = mapper.arguments.len();
    Ok(mapper.out)
}

impl Mapper<'_> {
    fn error(&self, at: Position, message: impl Into<String>) -> ArgdownError {
        ArgdownError::syntax(self.file, self.source, at, message.into())
    }

    fn warn(&mut self, at: Position, message: impl Into<String>) {
        self.out.warnings.push(Warning {
            location: format!("{}:{}:{}", self.file, at.line, at.column),
            message: message.into(),
        });
    }

    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.out.triples.push(Triple::new(s, p, o));
    }

    fn text(&self, value: &str) -> Literal {
        match &self.lang {
            Some(lang) => Literal::new_language_tagged_literal(value, lang)
                .unwrap_or_else(|_| Literal::new_simple_literal(value)),
            None => Literal::new_simple_literal(value),
        }
    }

    /// A fresh IRI `base + prefix + slug`, unique in the document.
    fn mint(&mut self, prefix: &str, name: &str) -> NamedNode {
        let stem = format!("{prefix}{}", slug(name));
        let mut candidate = stem.clone();
        let mut n = 2;
        while self.used_slugs.contains(&candidate) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        self.used_slugs.insert(candidate.clone());
        NamedNode::new(format!("{}{candidate}", self.base))
            .unwrap_or_else(|_| NamedNode::new_unchecked(format!("{}{prefix}{n}", self.base)))
    }

    fn agent(&mut self, name: &str) -> NamedNode {
        if let Some(a) = self.agents.get(name) {
            return a.clone();
        }
        let node = self.mint("agent-", name);
        self.add(
            node.clone(),
            rdf::TYPE.into_owned(),
            NamedNode::new_unchecked(format!("{PROV}Agent")),
        );
        self.add(
            node.clone(),
            rdfs::LABEL.into_owned(),
            Literal::new_simple_literal(name),
        );
        self.agents.insert(name.to_owned(), node.clone());
        node
    }

    fn frontmatter(&mut self) -> Result<(), ArgdownError> {
        let doc_node = self.doc_node.clone();
        self.add(doc_node.clone(), rdf::TYPE.into_owned(), arg("Document"));
        let Some(front) = &self.doc.frontmatter else {
            return Ok(());
        };
        let mapping = data::mapping(&front.source, front.at.line, front.at.column)
            .map_err(|e| self.error(e.at, e.message))?;
        if let Some(Value::Mapping(model)) = mapping.get("model")
            && let Some(mode) = model.get("mode").and_then(data::scalar)
        {
            self.mode = match mode.as_str() {
                "strict" => Mode::Strict,
                "loose" => Mode::Loose,
                other => {
                    return Err(self.error(
                        front.at,
                        format!("model.mode is {other:?}: expected `loose` or `strict`"),
                    ));
                }
            };
        }
        self.lang = mapping
            .get("lang")
            .or_else(|| mapping.get("language"))
            .and_then(data::scalar);
        if let Some(lang) = &self.lang {
            self.add(
                doc_node.clone(),
                dct("language"),
                Literal::new_simple_literal(lang),
            );
        }
        for (key, value) in &mapping {
            let key = data::key(key);
            match key.as_str() {
                "title" => {
                    let t = self.text(&data::text(value));
                    self.add(doc_node.clone(), dct("title"), t);
                }
                "author" => {
                    for name in data::scalars(value) {
                        let a = self.agent(&name);
                        self.add(doc_node.clone(), dct("creator"), a);
                    }
                }
                "date" => {
                    let d = typed_date(&data::text(value));
                    self.add(doc_node.clone(), dct("date"), d);
                }
                "source" => {
                    let name = data::text(value);
                    let src = self.source_node(&name);
                    self.add(doc_node.clone(), arg("sourceText"), src);
                    self.default_source = Some(name);
                }
                "asserted-by" => self.default_attribution = Some(data::text(value)),
                "lang" | "language" => {}
                _ => self.keep(doc_node.clone().into(), &key, value),
            }
        }
        Ok(())
    }

    fn source_node(&mut self, name: &str) -> NamedNode {
        let node = NamedNode::new(format!("{SOURCE_BASE}{}", iri_escape(name)))
            .unwrap_or_else(|_| NamedNode::new_unchecked(format!("{SOURCE_BASE}{}", slug(name))));
        self.add(node.clone(), rdf::TYPE.into_owned(), arg("SourceText"));
        self.add(
            node.clone(),
            arg("fileName"),
            Literal::new_simple_literal(name),
        );
        node
    }

    /// Keeps a data entry the ontology has no term for: `arg:data [ arg:key; arg:value ]`.
    fn keep(&mut self, subject: NamedOrBlankNode, key: &str, value: &Value) {
        let entry = BlankNode::default();
        self.add(subject, arg("data"), entry.clone());
        self.add(entry.clone(), arg("key"), Literal::new_simple_literal(key));
        self.add(
            entry,
            arg("value"),
            Literal::new_simple_literal(data::text(value)),
        );
    }

    fn sections(&mut self) -> Result<(), ArgdownError> {
        for heading in &self.doc.headings {
            let node = self.mint("section-", &heading.text);
            self.add(node.clone(), rdf::TYPE.into_owned(), arg("Section"));
            self.add(
                node.clone(),
                rdfs::LABEL.into_owned(),
                self.text(&heading.text),
            );
            self.add(node.clone(), arg("inDocument"), self.doc_node.clone());
            if let Some(parent) = heading.parent.and_then(|p| self.sections.get(p)).cloned() {
                self.add(node.clone(), dct("isPartOf"), parent);
            }
            for tag in &heading.tags {
                self.add(node.clone(), arg("tag"), Literal::new_simple_literal(tag));
            }
            for d in &heading.data {
                let mapping = data::element(d).map_err(|e| self.error(e.at, e.message))?;
                for (k, v) in &mapping {
                    self.keep(node.clone().into(), &data::key(k), v);
                }
            }
            self.sections.push(node);
        }
        Ok(())
    }

    /// Groups statements into equivalence classes and arguments by title, and makes the claims.
    fn classes(&mut self) -> Result<(), ArgdownError> {
        let doc = self.doc;
        let related: BTreeSet<usize> = doc
            .relations
            .iter()
            .flat_map(|r| [r.from, r.to])
            .filter_map(|m| match m {
                Member::Element(e) => Some(e),
                Member::Inference { .. } => None,
            })
            .collect();
        let mut classes: Vec<Class> = Vec::new();
        let mut by_title: BTreeMap<String, usize> = BTreeMap::new();
        let mut arguments_by_title: BTreeMap<String, usize> = BTreeMap::new();
        for (index, element) in doc.elements.iter().enumerate() {
            let inline = &element.inline;
            match inline.kind {
                Kind::Statement => {
                    let untitled_prose = inline.title.is_none()
                        && matches!(element.place, Place::TopLevel | Place::ListItem)
                        && !related.contains(&index);
                    if untitled_prose {
                        if let Some(text) = &inline.text {
                            let t = self.text(text);
                            self.add(self.doc_node.clone(), rdfs::COMMENT.into_owned(), t);
                        }
                        if !inline.tags.is_empty() || !inline.data.is_empty() {
                            self.warn(
                                inline.at,
                                "tags and data on an untitled statement that stands in no relation \
                                 are dropped with it (it is kept as a comment on the document); \
                                 give it a [title] to make it a claim",
                            );
                        }
                        continue;
                    }
                    let class = match &inline.title {
                        Some(title) => *by_title.entry(title.clone()).or_insert_with(|| {
                            classes.push(Class {
                                title: Some(title.clone()),
                                ..Class::default()
                            });
                            classes.len() - 1
                        }),
                        None => {
                            classes.push(Class::default());
                            classes.len() - 1
                        }
                    };
                    if let Some(c) = classes.get_mut(class) {
                        c.elements.push(index);
                        if let Some(text) = &inline.text {
                            c.texts.push(text.clone());
                        }
                    }
                }
                Kind::Argument => {
                    let argument = match &inline.title {
                        Some(title) => {
                            *arguments_by_title.entry(title.clone()).or_insert_with(|| {
                                self.arguments.push(Argument {
                                    title: Some(title.clone()),
                                    ..Argument::default()
                                });
                                self.arguments.len() - 1
                            })
                        }
                        None => {
                            self.arguments.push(Argument::default());
                            self.arguments.len() - 1
                        }
                    };
                    self.argument_of.insert(index, argument);
                    if let Some(a) = self.arguments.get_mut(argument) {
                        a.elements.push(index);
                        if let Some(text) = &inline.text {
                            a.descriptions.push(text.clone());
                        }
                    }
                }
            }
        }
        // Structures: to their argument, or to a new anonymous one.
        for (p, structure) in doc.pcs.iter().enumerate() {
            let argument = match structure.argument.and_then(|e| self.argument_of.get(&e)) {
                Some(a) => *a,
                None => {
                    self.arguments.push(Argument::default());
                    self.arguments.len() - 1
                }
            };
            if let Some(a) = self.arguments.get_mut(argument) {
                if a.pcs.is_some() {
                    let title = a.title.clone().unwrap_or_default();
                    return Err(self.error(
                        structure.at,
                        format!(
                            "expected one premise-conclusion structure per argument: <{title}> \
                             already has one"
                        ),
                    ));
                }
                a.pcs = Some(p);
            }
            self.argument_of_pcs.insert(p, argument);
        }
        // Unknown references.
        let defined: Vec<String> = classes
            .iter()
            .filter(|c| !c.texts.is_empty())
            .filter_map(|c| c.title.clone())
            .collect();
        for class in &classes {
            if class.texts.is_empty()
                && let (Some(title), Some(first)) = (&class.title, class.elements.first())
            {
                let at = doc
                    .elements
                    .get(*first)
                    .map_or(Position { line: 1, column: 1 }, |e| e.inline.at);
                return Err(self.unknown(at, Kind::Statement, title, &defined));
            }
        }
        let defined_arguments: Vec<String> = self
            .arguments
            .iter()
            .filter(|a| !a.descriptions.is_empty() || a.pcs.is_some())
            .filter_map(|a| a.title.clone())
            .collect();
        for argument in &self.arguments {
            if argument.descriptions.is_empty()
                && argument.pcs.is_none()
                && let (Some(title), Some(first)) = (&argument.title, argument.elements.first())
            {
                let at = doc
                    .elements
                    .get(*first)
                    .map_or(Position { line: 1, column: 1 }, |e| e.inline.at);
                return Err(self.unknown(at, Kind::Argument, title, &defined_arguments));
            }
        }
        // Claims.
        for class in &mut classes {
            let name = match (&class.title, class.texts.first()) {
                (Some(t), _) => t.clone(),
                (None, Some(text)) => text
                    .split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" "),
                (None, None) => "statement".to_owned(),
            };
            // Untitled statements of a structure are named after their argument and number.
            let name = match (
                &class.title,
                class.elements.first().and_then(|e| doc.elements.get(*e)),
            ) {
                (None, Some(e)) => match e.place {
                    Place::Pcs { pcs, number } => {
                        let a = self
                            .argument_of_pcs
                            .get(&pcs)
                            .and_then(|a| self.arguments.get(*a));
                        match a.and_then(|a| a.title.clone()) {
                            Some(t) => format!("{t} {number}"),
                            None => name,
                        }
                    }
                    _ => name,
                },
                _ => name,
            };
            let iri = self.mint("c-", &name);
            if let Some(t) = &class.title {
                self.statement_iri.insert(t.clone(), iri.clone());
            }
            class.iri = Some(iri);
        }
        self.out.counts.statements = classes.len();
        for class in &classes {
            self.claim(class)?;
        }
        Ok(())
    }

    fn unknown(&self, at: Position, kind: Kind, title: &str, defined: &[String]) -> ArgdownError {
        let mut near: Vec<(f64, &String)> = defined
            .iter()
            .map(|d| {
                (
                    strsim::normalized_damerau_levenshtein(
                        &d.to_lowercase(),
                        &title.to_lowercase(),
                    ),
                    d,
                )
            })
            .filter(|(score, _)| *score >= 0.5)
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        let suggestions = near
            .into_iter()
            .take(3)
            .map(|(_, d)| kind.bracket(d))
            .collect();
        ArgdownError::unknown(self.file, self.source, at, kind.bracket(title), suggestions)
    }

    fn check_mentions(&self) -> Result<(), ArgdownError> {
        let statements: BTreeSet<&str> = self
            .doc
            .elements
            .iter()
            .filter(|e| e.inline.kind == Kind::Statement && e.inline.text.is_some())
            .filter_map(|e| e.inline.title.as_deref())
            .collect();
        let arguments: BTreeSet<&str> = self
            .arguments
            .iter()
            .filter_map(|a| a.title.as_deref())
            .collect();
        let mentions: Vec<&Mention> = self
            .doc
            .elements
            .iter()
            .flat_map(|e| &e.inline.mentions)
            .collect();
        for m in mentions {
            let known = match m.kind {
                Kind::Statement => &statements,
                Kind::Argument => &arguments,
            };
            if !known.contains(m.title.as_str()) {
                let all: Vec<String> = known.iter().map(|s| (*s).to_owned()).collect();
                return Err(self.unknown(m.at, m.kind, &m.title, &all));
            }
        }
        Ok(())
    }

    fn claim(&mut self, class: &Class) -> Result<(), ArgdownError> {
        let Some(iri) = class.iri.clone() else {
            return Ok(());
        };
        for e in &class.elements {
            self.claim_of.insert(*e, iri.clone());
        }
        self.add(iri.clone(), rdf::TYPE.into_owned(), aif("I-node"));
        if let Some(first) = class.texts.first() {
            let t = self.text(first);
            self.add(iri.clone(), aif("claimText"), t);
        }
        for other in class.texts.iter().skip(1) {
            if Some(other) != class.texts.first() {
                let t = self.text(other);
                self.add(iri.clone(), arg("alternativeText"), t);
            }
        }
        if let Some(title) = &class.title {
            self.add(
                iri.clone(),
                rdfs::LABEL.into_owned(),
                Literal::new_simple_literal(title),
            );
        }
        self.add(iri.clone(), arg("inDocument"), self.doc_node.clone());
        let mut attributed = false;
        let mut unstated = false;
        let elements: Vec<usize> = class.elements.clone();
        let mut section_done = false;
        for e in elements {
            let Some(element) = self.doc.elements.get(e) else {
                continue;
            };
            if !section_done
                && let Some(section) = element.section.and_then(|s| self.sections.get(s)).cloned()
            {
                self.add(iri.clone(), arg("inSection"), section);
                section_done = true;
            }
            for tag in &element.inline.tags {
                self.add(iri.clone(), arg("tag"), Literal::new_simple_literal(tag));
            }
            for m in &element.inline.mentions {
                self.mention(&iri, m);
            }
            for d in &element.inline.data {
                let mapping = data::element(d).map_err(|err| self.error(err.at, err.message))?;
                let (a, u) = self.claim_data(&iri, &mapping, d.at)?;
                attributed |= a;
                unstated |= u;
            }
        }
        if !attributed && let Some(by) = self.default_attribution.clone() {
            let agent = self.agent(&by);
            self.add(iri.clone(), arg("assertedBy"), agent);
        }
        let _ = unstated;
        Ok(())
    }

    /// Mentions are resolved by title once every node exists.
    fn mention(&mut self, subject: &NamedNode, m: &Mention) {
        self.mentions
            .push((subject.clone(), m.kind, m.title.clone()));
    }

    fn resolve_mentions(&mut self) {
        for (subject, kind, title) in std::mem::take(&mut self.mentions) {
            let target = match kind {
                Kind::Statement => self.statement_iri.get(&title).cloned(),
                Kind::Argument => self
                    .arguments
                    .iter()
                    .find(|a| a.title.as_deref() == Some(title.as_str()))
                    .and_then(|a| a.gist.clone().or_else(|| a.inferences.last().cloned())),
            };
            if let Some(target) = target {
                self.add(subject, arg("mentionsNode"), target);
            }
        }
    }

    /// Data on a claim; returns (attributed, unstated).
    fn claim_data(
        &mut self,
        iri: &NamedNode,
        mapping: &Mapping,
        at: Position,
    ) -> Result<(bool, bool), ArgdownError> {
        let mut attributed = false;
        let mut unstated = false;
        let element_source = mapping.get("source").map(data::text);
        let has_quote = mapping.contains_key("quote");
        for (key, value) in mapping {
            let key = data::key(key);
            match key.as_str() {
                "quote" => {
                    let Some(source) = element_source
                        .clone()
                        .or_else(|| self.default_source.clone())
                    else {
                        return Err(self.error(
                            at,
                            "expected `source:` (the source text's file name) in the frontmatter or \
                             in this data, for the quote to point into",
                        ));
                    };
                    let prefix = mapping.get("quote-prefix").map(data::text);
                    let occurrence = match mapping.get("occurrence") {
                        None => None,
                        Some(v) => Some(
                            data::text(v)
                                .parse::<usize>()
                                .ok()
                                .filter(|n| *n >= 1)
                                .ok_or_else(|| {
                                    self.error(at, "expected `occurrence:` to be a number from 1")
                                })?,
                        ),
                    };
                    self.quote(iri, &data::text(value), &source, prefix, occurrence, at);
                }
                "quote-prefix" | "occurrence" => {}
                "source" if has_quote => {}
                "source" => {
                    self.add(
                        iri.clone(),
                        dct("source"),
                        Literal::new_simple_literal(data::text(value)),
                    );
                }
                "qualifier" => {
                    for q in data::scalars(value) {
                        if !mapping.contains_key("modality")
                            && let Some(m) = modality(&q)
                        {
                            self.add(iri.clone(), arg("modality"), arg(m));
                        }
                        let t = self.text(&q);
                        self.add(iri.clone(), arg("qualifier"), t);
                    }
                }
                "modality" => {
                    for m in data::scalars(value) {
                        let name = camel(m.trim().trim_start_matches("arg:"));
                        if MODALITIES.contains(&name.as_str()) {
                            self.add(iri.clone(), arg("modality"), arg(&name));
                        } else {
                            return Err(self.error(
                                at,
                                format!(
                                    "expected `modality:` to be one of {}, found {m:?}",
                                    MODALITIES.join(", ")
                                ),
                            ));
                        }
                    }
                }
                "asserted-by" | "entertained-by" | "relayed-by" => {
                    let property = match key.as_str() {
                        "asserted-by" => "assertedBy",
                        "entertained-by" => "entertainedBy",
                        _ => "relayedBy",
                    };
                    for name in data::scalars(value) {
                        let agent = self.agent(&name);
                        self.add(iri.clone(), arg(property), agent);
                    }
                    attributed = true;
                }
                "date" => {
                    self.add(
                        iri.clone(),
                        arg("refersToDate"),
                        typed_date(&data::text(value)),
                    );
                }
                "wikidata" => {
                    for q in data::scalars(value) {
                        let id = q.trim().trim_start_matches("wd:");
                        match NamedNode::new(format!("{WD}{id}")) {
                            Ok(node) if !id.is_empty() => {
                                self.add(iri.clone(), arg("mentions"), node)
                            }
                            _ => {
                                return Err(self.error(
                                    at,
                                    format!("expected a Wikidata id like Q42, found {q:?}"),
                                ));
                            }
                        }
                    }
                }
                "kind" => {
                    for k in data::scalars(value) {
                        let name = camel(&k);
                        if CLAIM_KINDS.contains(&name.as_str()) {
                            self.add(iri.clone(), rdf::TYPE.into_owned(), arg(&name));
                        } else {
                            self.warn(
                                at,
                                format!(
                                    "kind {k:?} is not a claim kind ({}); kept as data",
                                    CLAIM_KINDS.join(", ")
                                ),
                            );
                            self.keep(iri.clone().into(), &key, value);
                        }
                    }
                }
                "unstated" => {
                    if data::text(value) == "true" {
                        self.add(iri.clone(), arg("unstated"), Literal::from(true));
                        unstated = true;
                    }
                }
                "main" => {
                    if data::text(value) == "true" {
                        self.add(self.doc_node.clone(), arg("mainConclusion"), iri.clone());
                    }
                }
                _ => self.keep(iri.clone().into(), &key, value),
            }
        }
        Ok((attributed, unstated))
    }

    fn quote(
        &mut self,
        iri: &NamedNode,
        exact: &str,
        source: &str,
        prefix: Option<String>,
        occurrence: Option<usize>,
        at: Position,
    ) {
        let target = BlankNode::default();
        let selector = BlankNode::default();
        let src = self.source_node(source);
        self.add(iri.clone(), arg("quote"), target.clone());
        self.add(
            target.clone(),
            rdf::TYPE.into_owned(),
            oa("SpecificResource"),
        );
        self.add(target.clone(), oa("hasSource"), src);
        self.add(target.clone(), oa("hasSelector"), selector.clone());
        self.add(
            selector.clone(),
            rdf::TYPE.into_owned(),
            oa("TextQuoteSelector"),
        );
        self.add(
            selector.clone(),
            oa("exact"),
            Literal::new_simple_literal(exact),
        );
        self.out.quotes.push(QuoteRequest {
            selector,
            target,
            exact: exact.to_owned(),
            source: source.to_owned(),
            prefix,
            occurrence,
            at,
        });
    }

    /// Inferences of every premise-conclusion structure; gists of the other arguments.
    fn structures(&mut self) -> Result<(), ArgdownError> {
        let doc = self.doc;
        for a in 0..self.arguments.len() {
            let (title, pcs) = match self.arguments.get(a) {
                Some(arg) => (arg.title.clone(), arg.pcs),
                None => continue,
            };
            let slug_name = title
                .clone()
                .unwrap_or_else(|| format!("argument {}", a + 1));
            let argument_slug = slug(&slug_name);
            if let Some(arg) = self.arguments.get_mut(a) {
                arg.slug = argument_slug.clone();
            }
            let Some(p) = pcs else {
                self.gist(a)?;
                continue;
            };
            let Some(structure) = doc.pcs.get(p) else {
                continue;
            };
            let last_inference = structure
                .items
                .iter()
                .rposition(|i| matches!(i, PcsItem::Inference(_)));
            let mut since: Vec<usize> = Vec::new();
            let mut inferences = Vec::new();
            let mut final_conclusion = None;
            for (k, item) in structure.items.iter().enumerate() {
                let PcsItem::Inference(inference) = item else {
                    if let PcsItem::Statement(e) = item {
                        since.push(*e);
                    }
                    continue;
                };
                let Some(PcsItem::Statement(conclusion_element)) = structure.items.get(k + 1)
                else {
                    return Err(self.error(
                        inference.at,
                        "expected a numbered conclusion `(n) ...` after this inference line",
                    ));
                };
                let mut scheme = None;
                let mut uses: Option<Vec<String>> = None;
                let mut rest = Vec::new();
                let mut qualifiers: Vec<String> = Vec::new();
                let mut label = None;
                for d in &inference.data {
                    let mapping = data::element(d).map_err(|e| self.error(e.at, e.message))?;
                    for (key, value) in mapping {
                        match data::key(&key).as_str() {
                            "scheme" => scheme = Some((data::text(&value), d.at)),
                            "uses" => uses = Some(data::scalars(&value)),
                            "qualifier" => qualifiers.extend(data::scalars(&value)),
                            "label" => label = Some(data::text(&value)),
                            other => rest.push((other.to_owned(), value)),
                        }
                    }
                }
                let premises: Vec<usize> = match uses {
                    Some(numbers) => {
                        let mut found = Vec::new();
                        for n in numbers {
                            let element = structure.items.iter().take(k).find_map(|i| match i {
                                PcsItem::Statement(e) => doc
                                    .elements
                                    .get(*e)
                                    .filter(|el| matches!(el.place, Place::Pcs { number, .. } if number.to_string() == n.trim()))
                                    .map(|_| *e),
                                PcsItem::Inference(_) => None,
                            });
                            match element {
                                Some(e) => found.push(e),
                                None => {
                                    return Err(self.error(
                                        inference.at,
                                        format!("expected `uses:` to name statements above this inference; there is no ({n}) before it"),
                                    ));
                                }
                            }
                        }
                        found
                    }
                    None => std::mem::take(&mut since),
                };
                since.clear();
                let is_final = Some(k) == last_inference;
                let conclusion_number = match doc.elements.get(*conclusion_element).map(|e| e.place)
                {
                    Some(Place::Pcs { number, .. }) => number,
                    _ => 0,
                };
                let ra = if is_final {
                    self.mint("ra-", &slug_name)
                } else {
                    self.mint("ra-", &format!("{slug_name} {conclusion_number}"))
                };
                self.add(ra.clone(), rdf::TYPE.into_owned(), aif("RA-node"));
                for e in &premises {
                    if let Some(c) = self.claim_of.get(e).cloned() {
                        self.add(ra.clone(), aif("Premise"), c.clone());
                        self.premises.insert(c);
                    }
                }
                let conclusion = self.claim_of.get(conclusion_element).cloned();
                if let Some(c) = &conclusion {
                    self.add(ra.clone(), aif("Conclusion"), c.clone());
                    self.conclusions.insert(c.clone());
                }
                if premises.is_empty() {
                    return Err(self.error(
                        inference.at,
                        "expected premises `(n) ...` before this inference line",
                    ));
                }
                let argument_data = if is_final {
                    self.argument_data(a)?
                } else {
                    ArgumentData::default()
                };
                let scheme = scheme.or(argument_data.scheme.clone());
                let scheme_node = self.scheme(scheme, inference.at);
                self.add(ra.clone(), arg("scheme"), scheme_node);
                for rule in &inference.rules {
                    self.add(
                        ra.clone(),
                        arg("inferenceRule"),
                        Literal::new_simple_literal(rule),
                    );
                }
                for tag in &inference.tags {
                    self.add(ra.clone(), arg("tag"), Literal::new_simple_literal(tag));
                }
                if qualifiers.is_empty() {
                    qualifiers.extend(argument_data.qualifier.clone());
                }
                for q in &qualifiers {
                    let t = self.text(q);
                    self.add(ra.clone(), arg("qualifier"), t);
                }
                for (key, value) in &rest {
                    self.keep(ra.clone().into(), key, value);
                }
                let label = match (label, &title) {
                    (Some(label), _) => Some(label),
                    (None, Some(t)) if is_final => Some(t.clone()),
                    (None, Some(t)) => Some(format!("{t} (step to ({conclusion_number}))")),
                    (None, None) => None,
                };
                if let Some(label) = label {
                    self.add(
                        ra.clone(),
                        rdfs::LABEL.into_owned(),
                        Literal::new_simple_literal(label),
                    );
                }
                if is_final {
                    self.argument_extras(a, &ra, &argument_data)?;
                    final_conclusion = conclusion.clone();
                }
                self.add(ra.clone(), arg("inDocument"), self.doc_node.clone());
                self.inference_of_item.insert((p, k), ra.clone());
                self.inference_of_conclusion
                    .insert(*conclusion_element, ra.clone());
                inferences.push(ra);
                since.push(*conclusion_element);
            }
            if let Some(arg) = self.arguments.get_mut(a) {
                arg.inferences = inferences;
                arg.conclusion = final_conclusion;
            }
        }
        Ok(())
    }

    /// The gist claim of an argument without structure: its description, an unstated reason.
    fn gist(&mut self, a: usize) -> Result<(), ArgdownError> {
        let Some(argument) = self.arguments.get(a) else {
            return Ok(());
        };
        let title = argument.title.clone().unwrap_or_default();
        let descriptions = argument.descriptions.clone();
        let elements = argument.elements.clone();
        let claim = self.mint("c-arg-", &title);
        self.add(claim.clone(), rdf::TYPE.into_owned(), aif("I-node"));
        let text = descriptions
            .first()
            .cloned()
            .unwrap_or_else(|| title.clone());
        let t = self.text(&text);
        self.add(claim.clone(), aif("claimText"), t);
        for other in descriptions.iter().skip(1) {
            if *other != text {
                let t = self.text(other);
                self.add(claim.clone(), arg("alternativeText"), t);
            }
        }
        self.add(
            claim.clone(),
            rdfs::LABEL.into_owned(),
            Literal::new_simple_literal(&title),
        );
        self.add(claim.clone(), arg("unstated"), Literal::from(true));
        self.add(claim.clone(), arg("inDocument"), self.doc_node.clone());
        let data = self.argument_data(a)?;
        for tag in &data.tags {
            self.add(claim.clone(), arg("tag"), Literal::new_simple_literal(tag));
        }
        for (key, value) in &data.rest {
            self.keep(claim.clone().into(), key, value);
        }
        if let Some(section) = data.section {
            self.add(claim.clone(), arg("inSection"), section);
        }
        if let Some(by) = data
            .attribution
            .clone()
            .or_else(|| self.default_attribution.clone())
        {
            let agent = self.agent(&by);
            self.add(claim.clone(), arg("assertedBy"), agent);
        }
        for e in elements {
            if let Some(el) = self.doc.elements.get(e) {
                for m in &el.inline.mentions {
                    self.mention(&claim, m);
                }
            }
        }
        if let Some(arg) = self.arguments.get_mut(a) {
            arg.gist = Some(claim);
        }
        Ok(())
    }

    /// Tags, data and section of an argument, from all its definitions and references.
    fn argument_data(&self, a: usize) -> Result<ArgumentData, ArgdownError> {
        let mut out = ArgumentData::default();
        let Some(argument) = self.arguments.get(a) else {
            return Ok(out);
        };
        for e in &argument.elements {
            let Some(element) = self.doc.elements.get(*e) else {
                continue;
            };
            if out.section.is_none() {
                out.section = element.section.and_then(|s| self.sections.get(s)).cloned();
            }
            out.tags.extend(element.inline.tags.iter().cloned());
            for d in &element.inline.data {
                let mapping = data::element(d).map_err(|err| self.error(err.at, err.message))?;
                for (key, value) in mapping {
                    match data::key(&key).as_str() {
                        "scheme" => out.scheme = Some((data::text(&value), d.at)),
                        "qualifier" => out.qualifier = Some(data::text(&value)),
                        "asserted-by" => out.attribution = Some(data::text(&value)),
                        other => out.rest.push((other.to_owned(), value)),
                    }
                }
            }
        }
        Ok(out)
    }

    /// Title, description, tags, data and section on the final inference of an argument.
    fn argument_extras(
        &mut self,
        a: usize,
        ra: &NamedNode,
        data: &ArgumentData,
    ) -> Result<(), ArgdownError> {
        let descriptions = self
            .arguments
            .get(a)
            .map(|x| x.descriptions.clone())
            .unwrap_or_default();
        for d in descriptions {
            let t = self.text(&d);
            self.add(ra.clone(), dct("description"), t);
        }
        for tag in &data.tags {
            self.add(ra.clone(), arg("tag"), Literal::new_simple_literal(tag));
        }
        for (key, value) in &data.rest {
            self.keep(ra.clone().into(), key, value);
        }
        if let Some(section) = &data.section {
            self.add(ra.clone(), arg("inSection"), section.clone());
        }
        Ok(())
    }

    fn scheme(&mut self, scheme: Option<(String, Position)>, at: Position) -> NamedNode {
        let Some((name, at_data)) = scheme else {
            return arg("DefaultInference");
        };
        let _ = at;
        let local = camel(name.trim().trim_start_matches("arg:"));
        let known = known_schemes();
        if known.contains(&local) {
            return arg(&local);
        }
        let near = known
            .iter()
            .max_by(|x, y| {
                strsim::jaro_winkler(x, &local).total_cmp(&strsim::jaro_winkler(y, &local))
            })
            .map(|k| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        self.warn(
            at_data,
            format!("scheme {name:?} is not one of argmap's schemes{near}; the inference is mapped with arg:DefaultInference"),
        );
        arg("DefaultInference")
    }

    /// The claim an end stands for when it supports or attacks.
    fn source_claim(&self, end: &End) -> Option<NamedNode> {
        match end {
            End::Claim(c, _) => Some(c.clone()),
            End::Argument(a) => {
                let argument = self.arguments.get(*a)?;
                argument
                    .conclusion
                    .clone()
                    .or_else(|| argument.gist.clone())
            }
            End::Inference(_) => None,
        }
    }

    fn end(&self, member: Member) -> Option<End> {
        match member {
            Member::Element(e) => {
                if let Some(c) = self.claim_of.get(&e) {
                    return Some(End::Claim(c.clone(), Some(e)));
                }
                self.argument_of.get(&e).map(|a| End::Argument(*a))
            }
            Member::Inference { pcs, item } => self
                .inference_of_item
                .get(&(pcs, item))
                .map(|ra| End::Inference(ra.clone())),
        }
    }

    /// The claim a support or an attack of argument `b` lands on: its main conclusion (its gist
    /// when it has no structure), with a warning for a reconstructed argument, where the
    /// relation does not say which premise it means.
    fn argument_target(&mut self, b: usize, at: Position, end: ArgumentEnd) -> Option<NamedNode> {
        let argument = self.arguments.get(b)?;
        let target = argument
            .conclusion
            .clone()
            .or_else(|| argument.gist.clone());
        if argument.pcs.is_some() {
            let t = argument.title.clone().unwrap_or_default();
            let (what, verb, mapped) = match end {
                ArgumentEnd::Supported => ("support of", "supports", "support of"),
                ArgumentEnd::Attacked => ("attack on", "attacks", "a rebut of"),
            };
            self.warn(at, format!("{what} the reconstructed argument <{t}> does not say which premise it {verb}; mapped as {mapped} its main conclusion"));
        }
        target
    }

    fn relations(&mut self) -> Result<(), ArgdownError> {
        let doc = self.doc;
        // Supports first: undercuts of unstructured arguments need their inferences.
        let mut order: Vec<usize> = (0..doc.relations.len()).collect();
        order.sort_by_key(|i| {
            doc.relations
                .get(*i)
                .map(|r| r.kind != RelationKind::Support)
        });
        let mut attacks = Vec::new();
        for i in order {
            let Some(relation) = doc.relations.get(i) else {
                continue;
            };
            let (Some(from), Some(to)) = (self.end(relation.from), self.end(relation.to)) else {
                continue;
            };
            let at = relation.at;
            let symbol = relation.symbol;
            let statements = matches!((&from, &to), (End::Claim(..), End::Claim(..)));
            let Some(source) = self.source_claim(&from) else {
                self.warn(at, format!("`{symbol}` from an inference line: an inference can only be undercut, not support or attack; relation not mapped"));
                continue;
            };
            match relation.kind {
                RelationKind::Support => {
                    let kind = if statements && self.mode == Mode::Strict {
                        "entailment"
                    } else {
                        "support"
                    };
                    let target = match &to {
                        End::Claim(c, _) => c.clone(),
                        End::Argument(b) => {
                            match self.argument_target(*b, at, ArgumentEnd::Supported) {
                                Some(c) => c,
                                None => continue,
                            }
                        }
                        End::Inference(_) => {
                            self.warn(at, format!("`{symbol}` supports an inference line; argmap has no support of inferences, relation not mapped"));
                            continue;
                        }
                    };
                    self.support(&from, source, target, kind);
                }
                _ => attacks.push((relation.kind, from, to, source, at, symbol, statements)),
            }
        }
        let mut conflicts = Vec::new();
        for (kind, from, to, source, at, symbol, statements) in attacks {
            match kind {
                RelationKind::Attack | RelationKind::Contradiction => {
                    let target = match &to {
                        End::Claim(c, _) => c.clone(),
                        End::Argument(b) => {
                            match self.argument_target(*b, at, ArgumentEnd::Attacked) {
                                Some(c) => c,
                                None => continue,
                            }
                        }
                        End::Inference(ra) => {
                            conflicts.push((source, ra.clone(), "Undercut", "attack"));
                            continue;
                        }
                    };
                    let symmetric = kind == RelationKind::Contradiction
                        || (statements && self.mode == Mode::Strict);
                    let label = match (kind, symmetric) {
                        (RelationKind::Contradiction, _) => "contradiction",
                        (_, true) => "contrariness",
                        _ => "attack",
                    };
                    let _ = &from;
                    conflicts.push((source.clone(), target.clone(), "", label));
                    if symmetric {
                        conflicts.push((target, source, "", label));
                    }
                }
                RelationKind::Undercut => {
                    let target = match &to {
                        End::Inference(ra) => Some(ra.clone()),
                        End::Argument(b) => self
                            .arguments
                            .get(*b)
                            .and_then(|a| a.inferences.last().cloned()),
                        End::Claim(_, e) => {
                            e.and_then(|e| self.inference_of_conclusion.get(&e).cloned())
                        }
                    };
                    match target {
                        Some(ra) => conflicts.push((source, ra, "Undercut", "undercut")),
                        None => {
                            self.warn(at, format!("`{symbol}` undercuts something with no inference (a statement that concludes nothing here, or an argument that supports nothing); relation not mapped"));
                        }
                    }
                }
                RelationKind::Support => {}
            }
        }
        for (source, target, kind, label) in conflicts {
            self.attackers.insert(source.clone());
            let kind = if !kind.is_empty() {
                kind
            } else if !self.conclusions.contains(&target)
                && (self.premises.contains(&target) || self.attackers.contains(&target))
            {
                "Undermine"
            } else {
                "Rebut"
            };
            self.conflict(source, target, kind, label);
        }
        Ok(())
    }

    fn support(&mut self, from: &End, source: NamedNode, target: NamedNode, label: &'static str) {
        if source == target
            || !self
                .relations_seen
                .insert((source.clone(), target.clone(), "support"))
        {
            return;
        }
        // An unstructured argument's first support is its inference, named after it.
        let (ra, argument) = match from {
            End::Argument(a) => match self.arguments.get(*a) {
                Some(arg) if arg.pcs.is_none() && arg.inferences.is_empty() => (
                    self.mint("ra-", &arg.title.clone().unwrap_or_default()),
                    Some(*a),
                ),
                _ => (
                    self.mint("ra-", &format!("{} to {}", local(&source), local(&target))),
                    Some(*a),
                ),
            },
            _ => (
                self.mint("ra-", &format!("{} to {}", local(&source), local(&target))),
                None,
            ),
        };
        self.add(ra.clone(), rdf::TYPE.into_owned(), aif("RA-node"));
        self.add(ra.clone(), aif("Premise"), source.clone());
        self.add(ra.clone(), aif("Conclusion"), target.clone());
        self.premises.insert(source);
        self.conclusions.insert(target);
        let mut scheme = arg("DefaultInference");
        if let Some(a) = argument
            && let Ok(data) = self.argument_data(a)
            && self.arguments.get(a).is_some_and(|x| x.pcs.is_none())
        {
            scheme = self.scheme(data.scheme.clone(), Position { line: 1, column: 1 });
            if let Some(q) = &data.qualifier {
                let t = self.text(q);
                self.add(ra.clone(), arg("qualifier"), t);
            }
            if let Some(title) = self.arguments.get(a).and_then(|x| x.title.clone()) {
                self.add(
                    ra.clone(),
                    rdfs::LABEL.into_owned(),
                    Literal::new_simple_literal(title),
                );
            }
        }
        self.add(ra.clone(), arg("scheme"), scheme);
        if label != "support" {
            self.add(
                ra.clone(),
                arg("argdownRelation"),
                Literal::new_simple_literal(label),
            );
        }
        self.add(ra.clone(), arg("inDocument"), self.doc_node.clone());
        if let Some(a) = argument
            && let Some(x) = self.arguments.get_mut(a)
            && x.pcs.is_none()
        {
            x.inferences.push(ra);
        }
    }

    fn conflict(
        &mut self,
        source: NamedNode,
        target: NamedNode,
        kind: &'static str,
        label: &'static str,
    ) {
        if source == target
            || !self
                .relations_seen
                .insert((source.clone(), target.clone(), "conflict"))
        {
            return;
        }
        let ca = self.mint("ca-", &format!("{} to {}", local(&source), local(&target)));
        self.add(ca.clone(), rdf::TYPE.into_owned(), aif("CA-node"));
        self.add(ca.clone(), rdf::TYPE.into_owned(), arg(kind));
        self.add(ca.clone(), aif("Premise"), source);
        self.add(ca.clone(), aif("Conclusion"), target);
        if label != "attack" && label != "undercut" {
            self.add(
                ca.clone(),
                arg("argdownRelation"),
                Literal::new_simple_literal(label),
            );
        }
        if let Some(by) = self.default_attribution.clone() {
            let agent = self.agent(&by);
            self.add(ca.clone(), arg("raisedBy"), agent);
        }
        self.add(ca.clone(), arg("inDocument"), self.doc_node.clone());
    }
}

/// Which relation reaches an argument, for [`Mapper::argument_target`].
#[derive(Debug, Clone, Copy)]
enum ArgumentEnd {
    Supported,
    Attacked,
}

#[derive(Debug, Default)]
struct ArgumentData {
    scheme: Option<(String, Position)>,
    qualifier: Option<String>,
    attribution: Option<String>,
    tags: Vec<String>,
    rest: Vec<(String, Value)>,
    section: Option<NamedNode>,
}

/// The fragment of a node minted here, without its kind prefix.
fn local(node: &NamedNode) -> String {
    let s = node.as_str();
    let fragment = s.rsplit(['#', '/']).next().unwrap_or(s);
    fragment
        .strip_prefix("c-arg-")
        .or_else(|| fragment.strip_prefix("c-"))
        .unwrap_or(fragment)
        .to_owned()
}

/// The claim kinds of `ontology/argmap.ttl`.
pub const CLAIM_KINDS: [&str; 8] = [
    "EmpiricalClaim",
    "ReportedFact",
    "HistoricalClaim",
    "CausalClaim",
    "PredictiveClaim",
    "EvaluativeClaim",
    "PolicyRecommendation",
    "DefinitionalClaim",
];

/// The modalities of `ontology/argmap.ttl`.
pub const MODALITIES: [&str; 4] = ["Certain", "Probable", "Possible", "Arguable"];

/// The schemes declared in the bundled `ontology/schemes.ttl`.
pub fn known_schemes() -> Vec<String> {
    let Some(file) = crate::bundled::file("ontology/schemes.ttl") else {
        return vec!["DefaultInference".to_owned()];
    };
    file.text
        .lines()
        .filter_map(|l| l.strip_prefix("arg:")?.strip_suffix(" a arg:Scheme ;"))
        .map(str::to_owned)
        .collect()
}

/// `argument from analogy` -> `ArgumentFromAnalogy`; names already in camel case stay.
pub fn camel(name: &str) -> String {
    if !name.contains([' ', '-', '_']) {
        let mut chars = name.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    name.split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The normalised strength of a hedge word, when it is a common one.
pub fn modality(qualifier: &str) -> Option<&'static str> {
    let q = qualifier.trim().to_lowercase();
    Some(match q.as_str() {
        "certainly" | "clearly" | "surely" | "undoubtedly" => "Certain",
        "likely" | "probably" | "is likely to" | "is expected to" => "Probable",
        "could" | "may" | "might" | "possibly" | "perhaps" | "can" => "Possible",
        "arguably" => "Arguable",
        _ => return None,
    })
}

/// A date literal typed when it is an XSD date, year-month or year; plain otherwise.
fn typed_date(value: &str) -> Literal {
    let v = value.trim();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = v.split('-').collect();
    let datatype = match parts.as_slice() {
        [y, m, d]
            if y.len() == 4 && m.len() == 2 && d.len() == 2 && parts.iter().all(|p| digits(p)) =>
        {
            Some(xsd::DATE)
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => Some(xsd::G_YEAR_MONTH),
        [y] if y.len() == 4 && digits(y) => Some(xsd::G_YEAR),
        _ => None,
    };
    match datatype {
        Some(dt) => Literal::new_typed_literal(v, dt),
        None => Literal::new_simple_literal(v),
    }
}

/// Percent-encodes what an IRI path segment cannot hold.
fn iri_escape(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || "-._~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}
