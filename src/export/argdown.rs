//! Argdown export: any map written as an Argdown document that [`crate::import::argdown`]
//! reads back into the same shape.
//!
//! # What is written
//! - **Frontmatter**: the document's `dct:title`, its creators (`author`), `dct:date`, the
//!   source text (`source`, the `arg:fileName` of its `arg:sourceText`), the language of the
//!   claim texts (`lang`), and `asserted-by` when one agent asserts every claim that names no
//!   other attribution and raises every conflict (the reader gives exactly those that default).
//! - **Claims** (`aif:I-node`) are statements `[Title]: text`. The title is the claim's
//!   `rdfs:label`, else its IRI's local name without `c-` and with spaces for hyphens (so the
//!   reader mints the same local name again), else the text's first words; made a valid title
//!   (no brackets, no comment markers) and unique. Each claim is defined (with its text) where
//!   it first appears and referenced by title everywhere else. Its data: `kind` (the claim
//!   kinds), `main`, `unstated`, `asserted-by` / `relayed-by` / `entertained-by`, `qualifier`
//!   (and `modality` when the hedge words do not imply it), `date` (`arg:refersToDate`),
//!   `wikidata`, kept `arg:data` entries, and one `quote:` per quote anchor (with `source:`
//!   when it is not the frontmatter's, and `occurrence:` when the words occur more than once in
//!   the text), checked against the source text: re-anchoring gives the same offsets. Tags are
//!   `#tag`; further texts (`arg:alternativeText`) are further members of the statement.
//! - **Inferences** (`aif:RA-node`) are premise-conclusion structures: all the premises of one
//!   RA-node above one inference line (linked premises stay one inference), its scheme,
//!   qualifiers, rules, tags and kept data on that line. An inference whose conclusion is the
//!   premise of exactly one other inference (and concluded by no other) is chained into that
//!   one's structure as an intermediate conclusion, with `uses:` where the premises are not
//!   simply the statements since the line before, and `label:` where its label is not the one
//!   the reader would give. The argument is titled after its final inference's label; its
//!   `dct:description` is the argument's text.
//! - **Conflicts** (`aif:CA-node`) are relations under their target: `- [Attacker]` for a rebut
//!   or undermine of a claim, `_ [Attacker]` under `<Argument>` for an undercut. The reader
//!   tells a rebut from an undermine by the target's place (a conclusion is rebutted, a claim
//!   that is only a premise or an attacker undermined); where that gives another kind than the
//!   graph's, a warning says so.
//! - `rdfs:comment`s are written as `//` comments above what they describe (Argdown comments,
//!   which a reader does not read back).
//!
//! Whatever else the graphs hold (reports, analogies, quantities, entities other than Wikidata
//! items, preferences, labels of conflicts, ...) has no place in Argdown: each kind is named in
//! a warning with how many statements were left out, never dropped in silence.
//!
//! The output is deterministic: titles come from labels and IRIs, and everything is written in
//! an order fixed by the graph (arguments from the main conclusion down, then by title).

use crate::anchor::{Hints, Text as Indexed};
use crate::check::quotes::{QuoteError, SourceTexts};
use crate::import::argdown::mapping::{CLAIM_KINDS, MODALITIES, camel, known_schemes, modality};
use crate::load::Warning;
use crate::prefixes::ARG;
use crate::store::ArgStore;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term, Triple,
};
use oxigraph::store::StorageError;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::rc::Rc;

const AIF: &str = "http://www.arg.tech/aif#";
const OA: &str = "http://www.w3.org/ns/oa#";
const DCT: &str = "http://purl.org/dc/terms/";
const PROV: &str = "http://www.w3.org/ns/prov#";
const WD: &str = "http://www.wikidata.org/entity/";
/// How long a data line may grow before the next entry goes on a line of its own.
const WIDTH: usize = 100;

/// Errors of an Argdown export.
#[derive(Debug, thiserror::Error)]
pub enum ArgdownExportError {
    /// The store failed while the export read it.
    #[error("storage error while exporting Argdown: {0}")]
    Storage(#[from] StorageError),
    /// The output could not be written.
    #[error("cannot write the Argdown: {0}")]
    Io(#[from] io::Error),
    /// A source text named by a quote exists but cannot be read.
    #[error("cannot check the quotes against their source text: {0}")]
    Source(#[from] QuoteError),
    /// The chosen graphs hold no claim.
    #[error(
        "{} no claim (nothing typed aif:I-node); there is no argument to write",
        match graphs.as_slice() {
            [one] => format!("graph <{one}> holds"),
            many => format!("the {} graphs given hold", many.len()),
        }
    )]
    NoClaims {
        /// The graphs given.
        graphs: Vec<String>,
    },
    /// No `--graph`, and the store holds no graph of the user's.
    #[error(
        "the store holds no graph of your own to export as Argdown; name one with --graph, e.g. the bundled map: --graph ofwono-2024/author"
    )]
    NoGraph,
    /// No `--graph`, and the store holds several graphs.
    #[error(
        "the store has {} graphs of your own:{}\nname the ones to write as one Argdown document with --graph G (repeatable)",
        graphs.len(),
        graphs.iter().map(|g| format!("\n  {g}")).collect::<String>()
    )]
    SeveralGraphs {
        /// The user's graphs.
        graphs: Vec<String>,
    },
}

/// How much a document holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Statements (claims).
    pub claims: usize,
    /// Arguments (premise-conclusion structures).
    pub arguments: usize,
    /// Inference lines (RA-nodes).
    pub inferences: usize,
    /// Attack and undercut relations.
    pub conflicts: usize,
    /// `quote:` data.
    pub quotes: usize,
}

/// An Argdown document, and what it could not say.
#[derive(Debug, Clone)]
pub struct Written {
    /// The document, ending in a newline.
    pub text: String,
    /// What was left out or changed, each with how much.
    pub warnings: Vec<Warning>,
    /// What it holds.
    pub counts: Counts,
}

/// The graphs an export without `--graph` writes: the only graph of the user's, else an error
/// that lists them.
pub fn default_graphs(store: &ArgStore) -> Result<Vec<NamedNode>, ArgdownExportError> {
    let mine = super::user_graphs(store)?;
    match mine.len() {
        0 => Err(ArgdownExportError::NoGraph),
        1 => Ok(mine),
        _ => Err(ArgdownExportError::SeveralGraphs {
            graphs: mine.iter().map(|g| g.as_str().to_owned()).collect(),
        }),
    }
}

/// Writes `graphs` of `store` as one Argdown document to `out`. Quotes are checked against the
/// texts of `sources`.
pub fn write(
    store: &ArgStore,
    graphs: &[NamedNode],
    sources: &SourceTexts,
    out: &mut dyn Write,
) -> Result<Written, ArgdownExportError> {
    let mut own = Vec::new();
    for graph in graphs {
        for quad in store.oxigraph().quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            let quad = quad?;
            own.push(Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }
    // What the graphs point at and say nothing about (an analyst's attack on an author's claim,
    // an agent's name, a source's file name): its statements elsewhere in the store, without
    // its own edges.
    let subjects: HashSet<&NamedOrBlankNode> = own.iter().map(|t| &t.subject).collect();
    let reached: BTreeSet<NamedNode> = own
        .iter()
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) if !subjects.contains(&NamedOrBlankNode::from(n.clone())) => {
                Some(n.clone())
            }
            _ => None,
        })
        .collect();
    let mut elsewhere = Vec::new();
    for node in reached {
        for quad in store.oxigraph().quads_for_pattern(
            Some(NamedOrBlankNodeRef::NamedNode(node.as_ref())),
            None,
            None,
            None,
        ) {
            let quad = quad?;
            if !is_edge(quad.predicate.as_str()) && !quad.object.is_blank_node() {
                elsewhere.push(Triple::new(quad.subject, quad.predicate, quad.object));
            }
        }
    }
    let location = graphs
        .iter()
        .map(|g| format!("<{}>", g.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let written = document(&own, &elsewhere, &location, sources).map_err(|e| match e {
        ArgdownExportError::NoClaims { .. } => ArgdownExportError::NoClaims {
            graphs: graphs.iter().map(|g| g.as_str().to_owned()).collect(),
        },
        other => other,
    })?;
    out.write_all(written.text.as_bytes())?;
    out.flush()?;
    Ok(written)
}

/// Writes the triples `own` as Argdown; `elsewhere` holds what is known of the nodes they point
/// at from other graphs (written where needed, never counted as left out). Warnings are located
/// at `location`.
///
/// ```
/// use argmap::check::quotes::SourceTexts;
/// use argmap::export::argdown::document;
/// use oxigraph::io::{RdfFormat, RdfParser};
/// let turtle = r#"@prefix aif: <http://www.arg.tech/aif#> . @prefix arg: <https://w3id.org/argmap#> .
///     <urn:x#c-rain> a aif:I-node ; aif:claimText "It will rain." .
///     <urn:x#c-clouds> a aif:I-node ; aif:claimText "There are dark clouds." .
///     <urn:x#ra> a aif:RA-node ; arg:scheme arg:ArgumentFromSign ;
///         aif:Premise <urn:x#c-clouds> ; aif:Conclusion <urn:x#c-rain> ."#;
/// let triples: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
///     .for_slice(turtle.as_bytes())
///     .map(|q| q.map(|q| oxigraph::model::Triple::new(q.subject, q.predicate, q.object)))
///     .collect::<Result<_, _>>()?;
/// let written = document(&triples, &[], "<urn:x>", &SourceTexts::bundled_only())?;
/// assert!(written.text.contains("(1) [clouds]: There are dark clouds.\n"));
/// assert!(written.text.contains("-- {scheme: argument from sign} --\n(2) [rain]: It will rain.\n"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn document(
    own: &[Triple],
    elsewhere: &[Triple],
    location: &str,
    sources: &SourceTexts,
) -> Result<Written, ArgdownExportError> {
    let facts = Facts::new(own, elsewhere);
    let mut writer = Writer::new(facts, location, sources);
    writer.run()?;
    Ok(writer.finish())
}

fn is_edge(predicate: &str) -> bool {
    predicate == format!("{AIF}Premise") || predicate == format!("{AIF}Conclusion")
}

/// The triples, by subject, and which of them the document carries.
struct Facts<'t> {
    triples: Vec<&'t Triple>,
    /// How many of `triples` are the exported graphs' own (the rest are from elsewhere).
    own: usize,
    by_subject: HashMap<&'t NamedOrBlankNode, Vec<usize>>,
    carried: Vec<bool>,
}

impl<'t> Facts<'t> {
    fn new(own: &'t [Triple], elsewhere: &'t [Triple]) -> Self {
        let mut seen = HashSet::new();
        let triples: Vec<&Triple> = own
            .iter()
            .chain(elsewhere)
            .filter(|t| seen.insert(*t))
            .collect();
        let own = own.iter().collect::<HashSet<_>>().len();
        let mut by_subject: HashMap<&NamedOrBlankNode, Vec<usize>> = HashMap::new();
        for (i, t) in triples.iter().enumerate() {
            by_subject.entry(&t.subject).or_default().push(i);
        }
        let carried = vec![false; triples.len()];
        Self {
            triples,
            own,
            by_subject,
            carried,
        }
    }

    /// The objects of `subject predicate`, sorted, with their index.
    fn objects(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<(usize, &'t Term)> {
        let mut found: Vec<(usize, &Term)> = self
            .by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter_map(|i| {
                let t = self.triples.get(*i)?;
                (t.predicate.as_str() == predicate).then_some((*i, &t.object))
            })
            .collect();
        found.sort_by_key(|(_, o)| o.to_string());
        found
    }

    fn iris(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<(usize, &'t NamedNode)> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|(i, o)| match o {
                Term::NamedNode(n) => Some((i, n)),
                _ => None,
            })
            .collect()
    }

    fn literals(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<(usize, &'t Literal)> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|(i, o)| match o {
                Term::Literal(l) => Some((i, l)),
                _ => None,
            })
            .collect()
    }

    fn nodes(&self, subject: &NamedOrBlankNode, predicate: &str) -> Vec<(usize, NamedOrBlankNode)> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|(i, o)| match o {
                Term::NamedNode(n) => Some((i, n.clone().into())),
                Term::BlankNode(b) => Some((i, b.clone().into())),
                _ => None,
            })
            .collect()
    }

    fn has_type(&self, subject: &NamedOrBlankNode, class: &str) -> Option<usize> {
        self.iris(subject, rdf::TYPE.as_str())
            .into_iter()
            .find(|(_, c)| c.as_str() == class)
            .map(|(i, _)| i)
    }

    /// The subjects typed `class`, sorted.
    fn typed(&self, class: &str, own_only: bool) -> Vec<NamedOrBlankNode> {
        let mut found: Vec<NamedOrBlankNode> = self
            .triples
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                (!own_only || *i < self.own)
                    && t.predicate == rdf::TYPE
                    && matches!(&t.object, Term::NamedNode(c) if c.as_str() == class)
            })
            .map(|(_, t)| t.subject.clone())
            .collect();
        found.sort_by_key(ToString::to_string);
        found.dedup();
        found
    }

    fn carry(&mut self, index: usize) {
        if let Some(c) = self.carried.get_mut(index) {
            *c = true;
        }
    }

    fn carry_all(&mut self, indexes: impl IntoIterator<Item = usize>) {
        for i in indexes {
            self.carry(i);
        }
    }
}

fn arg(name: &str) -> String {
    format!("{ARG}{name}")
}

/// One inference as the document writes it.
#[derive(Debug, Clone)]
struct Inference {
    node: NamedNode,
    premises: Vec<NamedNode>,
    conclusion: NamedNode,
    label: Option<String>,
}

/// One attack as the document writes it.
#[derive(Debug, Clone)]
struct Attack {
    node: NamedNode,
    attacker: NamedNode,
    target: NamedNode,
    /// The kind in the graph, if it says one.
    kind: Option<&'static str>,
}

/// A line of a premise-conclusion structure being laid out.
#[derive(Debug, Clone)]
enum Line {
    Statement(NamedNode),
    Inference(usize),
}

struct Writer<'t, 's> {
    facts: Facts<'t>,
    location: String,
    sources: &'s SourceTexts,
    indexed: BTreeMap<String, Option<Rc<Indexed>>>,
    out: String,
    warnings: Vec<Warning>,
    /// Aggregated notes: message -> how many.
    notes: BTreeMap<String, usize>,
    counts: Counts,
    claims: BTreeSet<NamedNode>,
    titles: BTreeMap<NamedNode, String>,
    defined: BTreeSet<NamedNode>,
    inferences: Vec<Inference>,
    argument_titles: BTreeMap<usize, String>,
    attacks: Vec<Attack>,
    doc: Option<NamedOrBlankNode>,
    lang: Option<String>,
    default_agent: Option<String>,
    default_source: Option<String>,
    main: BTreeSet<NamedNode>,
}

impl<'t, 's> Writer<'t, 's> {
    fn new(facts: Facts<'t>, location: &str, sources: &'s SourceTexts) -> Self {
        Self {
            facts,
            location: location.to_owned(),
            sources,
            indexed: BTreeMap::new(),
            out: String::new(),
            warnings: Vec::new(),
            notes: BTreeMap::new(),
            counts: Counts::default(),
            claims: BTreeSet::new(),
            titles: BTreeMap::new(),
            defined: BTreeSet::new(),
            inferences: Vec::new(),
            argument_titles: BTreeMap::new(),
            attacks: Vec::new(),
            doc: None,
            lang: None,
            default_agent: None,
            default_source: None,
            main: BTreeSet::new(),
        }
    }

    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning {
            location: at.into(),
            message: message.into(),
        });
    }

    fn note(&mut self, message: impl Into<String>) {
        *self.notes.entry(message.into()).or_default() += 1;
    }

    fn run(&mut self) -> Result<(), ArgdownExportError> {
        self.collect()?;
        self.frontmatter()?;
        let roots = self.chains();
        for (root, lines) in roots {
            self.argument(root, &lines)?;
        }
        self.conflicts()?;
        let rest: Vec<NamedNode> = self
            .claims
            .iter()
            .filter(|c| !self.defined.contains(*c))
            .cloned()
            .collect();
        for claim in rest {
            let lines = self.statement(&claim, "", "")?;
            self.block(&lines);
        }
        self.alternatives();
        Ok(())
    }

    fn block(&mut self, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        for line in lines {
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// Claims, inferences and attacks, with the titles of the claims.
    fn collect(&mut self) -> Result<(), ArgdownExportError> {
        let typed = |w: &Self, class: &str, own: bool| -> Vec<NamedNode> {
            w.facts
                .typed(&format!("{AIF}{class}"), own)
                .into_iter()
                .filter_map(|n| match n {
                    NamedOrBlankNode::NamedNode(n) => Some(n),
                    NamedOrBlankNode::BlankNode(_) => None,
                })
                .collect()
        };
        let blank = ["I-node", "RA-node", "CA-node"]
            .iter()
            .map(|c| {
                self.facts
                    .typed(&format!("{AIF}{c}"), true)
                    .iter()
                    .filter(|n| n.is_blank_node())
                    .count()
            })
            .sum::<usize>();
        if blank > 0 {
            let at = self.location.clone();
            self.warn(
                at,
                format!("{blank} claim, inference or conflict node{} without an IRI (blank node) left out: a title needs a name", plural(blank)),
            );
        }
        let all_claims: BTreeSet<NamedNode> = typed(self, "I-node", false).into_iter().collect();
        let mut claims: BTreeSet<NamedNode> = typed(self, "I-node", true).into_iter().collect();
        // Inferences.
        for ra in typed(self, "RA-node", true) {
            let subject = NamedOrBlankNode::from(ra.clone());
            let premises = self.facts.iris(&subject, &format!("{AIF}Premise"));
            let conclusions = self.facts.iris(&subject, &format!("{AIF}Conclusion"));
            let at = format!("<{}>", ra.as_str());
            let not_claims: Vec<&NamedNode> = premises
                .iter()
                .chain(&conclusions)
                .map(|(_, n)| *n)
                .filter(|n| !all_claims.contains(*n))
                .collect();
            if !not_claims.is_empty() {
                self.warn(at, format!("inference left out: <{}> is no claim (Argdown infers statements from statements only)", not_claims[0].as_str()));
                continue;
            }
            let (Some((ci, conclusion)), true) = (conclusions.first(), !premises.is_empty()) else {
                self.warn(
                    at,
                    "inference left out: it needs premises and a conclusion to be written",
                );
                continue;
            };
            if conclusions.len() > 1 {
                self.warn(
                    at.clone(),
                    format!(
                        "inference with {} conclusions: written with the first, <{}>, only",
                        conclusions.len(),
                        conclusion.as_str()
                    ),
                );
            }
            let mut indexes: Vec<usize> = premises.iter().map(|(i, _)| *i).collect();
            indexes.push(*ci);
            self.facts.carry_all(indexes);
            if let Some(i) = self.facts.has_type(&subject, &format!("{AIF}RA-node")) {
                self.facts.carry(i);
            }
            claims.extend(premises.iter().map(|(_, p)| (*p).clone()));
            claims.insert((*conclusion).clone());
            let label = self
                .facts
                .literals(&subject, rdfs::LABEL.as_str())
                .first()
                .map(|(_, l)| l.value().to_owned());
            self.inferences.push(Inference {
                node: ra.clone(),
                premises: premises.iter().map(|(_, p)| (*p).clone()).collect(),
                conclusion: (*conclusion).clone(),
                label,
            });
        }
        // Attacks.
        let inference_nodes: BTreeSet<NamedNode> =
            self.inferences.iter().map(|i| i.node.clone()).collect();
        for ca in typed(self, "CA-node", true) {
            let subject = NamedOrBlankNode::from(ca.clone());
            let at = format!("<{}>", ca.as_str());
            let premises = self.facts.iris(&subject, &format!("{AIF}Premise"));
            let targets = self.facts.iris(&subject, &format!("{AIF}Conclusion"));
            let kinds: Vec<&'static str> = ["Rebut", "Undermine", "Undercut"]
                .into_iter()
                .filter(|k| self.facts.has_type(&subject, &arg(k)).is_some())
                .collect();
            let Some((ti, target)) = targets.first() else {
                self.warn(at, "conflict left out: it attacks nothing");
                continue;
            };
            if !all_claims.contains(*target) && !inference_nodes.contains(*target) {
                self.warn(at, format!("conflict left out: its target <{}> is neither a claim nor an inference written here (Argdown attacks statements and undercuts inferences)", target.as_str()));
                continue;
            }
            let attackers: Vec<(usize, &NamedNode)> = premises
                .iter()
                .filter(|(_, p)| all_claims.contains(*p))
                .copied()
                .collect();
            if attackers.is_empty() {
                self.warn(at, "conflict left out: no claim attacks in it");
                continue;
            }
            if attackers.len() > 1 {
                self.warn(at.clone(), format!("conflict with {} premises written as {} attacks, one from each (an Argdown relation has one source)", attackers.len(), attackers.len()));
            }
            if targets.len() > 1 {
                self.warn(
                    at.clone(),
                    "conflict with several targets: written against the first only",
                );
            }
            for k in &kinds {
                if let Some(i) = self.facts.has_type(&subject, &arg(k)) {
                    self.facts.carry(i);
                }
            }
            if let Some(i) = self.facts.has_type(&subject, &format!("{AIF}CA-node")) {
                self.facts.carry(i);
            }
            self.facts.carry(*ti);
            for (i, attacker) in attackers {
                self.facts.carry(i);
                claims.insert(attacker.clone());
                if all_claims.contains(*target) {
                    claims.insert((*target).clone());
                }
                self.attacks.push(Attack {
                    node: ca.clone(),
                    attacker: attacker.clone(),
                    target: (*target).clone(),
                    kind: kinds.first().copied(),
                });
            }
        }
        if claims.is_empty() {
            return Err(ArgdownExportError::NoClaims {
                graphs: vec![self.location.clone()],
            });
        }
        self.claims = claims;
        self.counts.claims = self.claims.len();
        // Titles: labels first, then local names, then words of the text; unique.
        let mut used: BTreeSet<String> = BTreeSet::new();
        let claims: Vec<NamedNode> = self.claims.iter().cloned().collect();
        for claim in claims {
            let subject = NamedOrBlankNode::from(claim.clone());
            let labels = self.facts.literals(&subject, rdfs::LABEL.as_str());
            let text = self
                .facts
                .literals(&subject, &format!("{AIF}claimText"))
                .first()
                .map(|(_, l)| l.value().to_owned());
            let (base, from_label) = match labels.first() {
                Some((i, l)) => {
                    let t = title(l.value(), '[', ']');
                    if t == collapse(l.value()) {
                        self.facts.carry(*i);
                    }
                    (t, true)
                }
                None => (local_title(claim.as_str(), &["c-arg-", "c-"]), false),
            };
            let base = if base.is_empty() || (!from_label && !base.chars().any(char::is_alphabetic))
            {
                text.as_deref()
                    .map(|t| {
                        title(
                            &t.split_whitespace().take(6).collect::<Vec<_>>().join(" "),
                            '[',
                            ']',
                        )
                    })
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "claim".to_owned())
            } else {
                base
            };
            let unique = unique(&base, &mut used);
            self.titles.insert(claim, unique);
        }
        Ok(())
    }

    /// The frontmatter, and the defaults it sets.
    fn frontmatter(&mut self) -> Result<(), ArgdownExportError> {
        let docs = self.facts.typed(&arg("Document"), true);
        if docs.len() > 1 {
            let at = self.location.clone();
            self.warn(
                at,
                format!(
                    "{} documents (arg:Document) in the graphs: the frontmatter describes the first, {}",
                    docs.len(),
                    docs[0]
                ),
            );
        }
        self.doc = docs.first().cloned();
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut comments = Vec::new();
        if let Some(doc) = self.doc.clone() {
            if let Some(i) = self.facts.has_type(&doc, &arg("Document")) {
                self.facts.carry(i);
            }
            if let Some((i, t)) = self.facts.literals(&doc, &format!("{DCT}title")).first() {
                self.facts.carry(*i);
                entries.push(("title".to_owned(), yaml(t.value())));
            }
            let creators: Vec<String> = self
                .facts
                .iris(&doc, &format!("{DCT}creator"))
                .into_iter()
                .map(|(i, a)| {
                    self.facts.carry(i);
                    a.clone()
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|a| self.agent_name(&a))
                .collect();
            if !creators.is_empty() {
                entries.push(("author".to_owned(), yaml_list(&creators)));
            }
            if let Some((i, d)) = self.facts.literals(&doc, &format!("{DCT}date")).first() {
                if date_round_trips(d) {
                    self.facts.carry(*i);
                }
                entries.push(("date".to_owned(), yaml(d.value())));
            }
            if let Some((i, src)) = self.facts.iris(&doc, &arg("sourceText")).first()
                && let Some(name) = self.file_name(&(*src).clone().into())
            {
                self.facts.carry(*i);
                self.default_source = Some(name);
            }
            for (i, m) in self.facts.iris(&doc, &arg("mainConclusion")) {
                if self.claims.contains(m) {
                    self.facts.carry(i);
                    self.main.insert(m.clone());
                }
            }
            for (i, c) in self.facts.literals(&doc, rdfs::COMMENT.as_str()) {
                self.facts.carry(i);
                comments.push(c.value().to_owned());
            }
        }
        if self.default_source.is_none() {
            self.default_source = self.most_common_source();
        }
        if let Some(source) = &self.default_source {
            entries.push(("source".to_owned(), yaml(source)));
        }
        // The language of the texts: one for all, or none.
        let languages: BTreeSet<Option<String>> = self
            .claims
            .iter()
            .flat_map(|c| {
                self.facts
                    .literals(&c.clone().into(), &format!("{AIF}claimText"))
                    .into_iter()
                    .map(|(_, l)| l.language().map(str::to_owned))
            })
            .collect();
        match languages.iter().collect::<Vec<_>>().as_slice() {
            [Some(lang)] => {
                self.lang = Some(lang.clone());
                entries.push(("lang".to_owned(), yaml(lang)));
                if let Some(doc) = self.doc.clone() {
                    for (i, l) in self.facts.literals(&doc, &format!("{DCT}language")) {
                        if l.value() == lang {
                            self.facts.carry(i);
                        }
                    }
                }
            }
            [_] | [] => {}
            _ => {
                let at = self.location.clone();
                self.warn(at, "the claim texts are in several languages: written without language tags (Argdown's `lang:` is one for the document)");
            }
        }
        self.default_agent = self.common_agent();
        if let Some(agent) = &self.default_agent {
            entries.push(("asserted-by".to_owned(), yaml(agent)));
        }
        if !entries.is_empty() {
            let mut lines = vec!["===".to_owned()];
            lines.extend(entries.into_iter().map(|(k, v)| format!("{k}: {v}")));
            lines.push("===".to_owned());
            self.block(&lines);
        }
        self.block(&[format!(
            "// Written by `argmap export --format argdown` from {}.",
            self.location
        )]);
        // The document's comments: untitled paragraphs, which the reader takes for comments on
        // the document again, where Argdown reads nothing else into them.
        for c in comments {
            let text = collapse(&c);
            if prose_reads_back(&text) {
                if text != c {
                    self.note("text with line breaks or runs of spaces written on one line (Argdown collapses whitespace)");
                }
                self.block(&[text]);
            } else {
                self.note(
                    "rdfs:comment written as an Argdown `//` comment, which is not read back",
                );
                let lines = comment_lines(&c, "");
                self.block(&lines);
            }
        }
        Ok(())
    }

    fn most_common_source(&self) -> Option<String> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for claim in &self.claims {
            for (_, q) in self.facts.nodes(&claim.clone().into(), &arg("quote")) {
                for (_, s) in self.facts.nodes(&q, &format!("{OA}hasSource")) {
                    if let Some(name) = self.file_name(&s) {
                        *counts.entry(name).or_default() += 1;
                    }
                }
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(name, _)| name)
    }

    fn file_name(&self, source: &NamedOrBlankNode) -> Option<String> {
        self.facts
            .literals(source, &arg("fileName"))
            .first()
            .map(|(_, l)| l.value().to_owned())
    }

    /// The agent that asserts every claim naming no other and raises every conflict, if one
    /// does: the reader's `asserted-by` default gives exactly those.
    fn common_agent(&self) -> Option<String> {
        let mut asserters: BTreeMap<String, usize> = BTreeMap::new();
        for claim in &self.claims {
            let subject = NamedOrBlankNode::from(claim.clone());
            let any = ["assertedBy", "relayedBy", "entertainedBy"]
                .iter()
                .any(|p| !self.facts.iris(&subject, &arg(p)).is_empty());
            if !any {
                return None;
            }
            for (_, a) in self.facts.iris(&subject, &arg("assertedBy")) {
                *asserters.entry(self.agent_name(a)).or_default() += 1;
            }
        }
        let (agent, _) = asserters
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
        let conflicts: BTreeSet<&NamedNode> = self.attacks.iter().map(|a| &a.node).collect();
        for ca in conflicts {
            let raised: Vec<String> = self
                .facts
                .iris(&ca.clone().into(), &arg("raisedBy"))
                .into_iter()
                .map(|(_, a)| self.agent_name(a))
                .collect();
            if raised != [agent.clone()] {
                return None;
            }
        }
        Some(agent)
    }

    fn agent_name(&self, agent: &NamedNode) -> String {
        self.facts
            .literals(&agent.clone().into(), rdfs::LABEL.as_str())
            .first()
            .map(|(_, l)| collapse(l.value()))
            .unwrap_or_else(|| local_title(agent.as_str(), &["agent-"]))
    }

    /// Groups the inferences into chains: each root is the final inference of one argument,
    /// with the lines of its structure. Roots come from the main conclusion down.
    fn chains(&mut self) -> Vec<(usize, Vec<Line>)> {
        let mut concluded_by: BTreeMap<&NamedNode, Vec<usize>> = BTreeMap::new();
        let mut premise_of: BTreeMap<&NamedNode, Vec<usize>> = BTreeMap::new();
        for (i, inference) in self.inferences.iter().enumerate() {
            concluded_by
                .entry(&inference.conclusion)
                .or_default()
                .push(i);
            for p in &inference.premises {
                premise_of.entry(p).or_default().push(i);
            }
        }
        let undercut: BTreeSet<&NamedNode> = self.attacks.iter().map(|a| &a.target).collect();
        let described: BTreeSet<usize> = (0..self.inferences.len())
            .filter(|i| {
                self.inferences.get(*i).is_some_and(|r| {
                    !self
                        .facts
                        .literals(&r.node.clone().into(), &format!("{DCT}description"))
                        .is_empty()
                })
            })
            .collect();
        // parent[r] = the inference r is chained into.
        let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, inference) in self.inferences.iter().enumerate() {
            let c = &inference.conclusion;
            if let (Some([only]), Some([next])) = (
                concluded_by.get(c).map(Vec::as_slice),
                premise_of.get(c).map(Vec::as_slice),
            ) && *only == i
                && *next != i
                && !undercut.contains(&inference.node)
                && !described.contains(&i)
                && self
                    .inferences
                    .get(*next)
                    .is_some_and(|n| !n.premises.contains(&n.conclusion) && n.conclusion != *c)
            {
                parent.insert(i, *next);
            }
        }
        // Break cycles of chaining: follow each chain, cut where it comes back.
        for start in 0..self.inferences.len() {
            let mut seen = BTreeSet::new();
            let mut at = start;
            while let Some(next) = parent.get(&at).copied() {
                if !seen.insert(at) {
                    parent.remove(&at);
                    break;
                }
                at = next;
            }
        }
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (child, p) in &parent {
            children.entry(*p).or_default().push(*child);
        }
        let roots: Vec<usize> = (0..self.inferences.len())
            .filter(|i| !parent.contains_key(i))
            .collect();
        // Argument titles, unique.
        let mut used = BTreeSet::new();
        for r in &roots {
            let Some(inference) = self.inferences.get(*r) else {
                continue;
            };
            let base = match &inference.label {
                Some(l) => title(l, '<', '>'),
                None => {
                    let local = local_title(inference.node.as_str(), &["ra-"]);
                    if local.chars().any(char::is_alphabetic) {
                        local
                    } else {
                        let c = self
                            .titles
                            .get(&inference.conclusion)
                            .cloned()
                            .unwrap_or_default();
                        format!("For {c}")
                    }
                }
            };
            let t = unique(if base.is_empty() { "argument" } else { &base }, &mut used);
            self.argument_titles.insert(*r, t);
        }
        // Order: from the main conclusion down, then the other final conclusions, by title.
        let title_of = |w: &Self, r: usize| w.argument_titles.get(&r).cloned().unwrap_or_default();
        let claim_title = |w: &Self, c: &NamedNode| w.titles.get(c).cloned().unwrap_or_default();
        let mut starts: Vec<usize> = roots.clone();
        starts.sort_by_key(|r| {
            let conclusion = self.inferences.get(*r).map(|i| i.conclusion.clone());
            let is_main = conclusion.as_ref().is_some_and(|c| self.main.contains(c));
            let is_final = conclusion
                .as_ref()
                .is_some_and(|c| !premise_of.contains_key(c));
            (
                !is_main,
                !is_final,
                conclusion
                    .map(|c| claim_title(self, &c))
                    .unwrap_or_default(),
                title_of(self, *r),
            )
        });
        let root_set: BTreeSet<usize> = roots.iter().copied().collect();
        let mut order = Vec::new();
        let mut done = BTreeSet::new();
        let mut stack: Vec<usize> = starts.iter().rev().copied().collect();
        while let Some(r) = stack.pop() {
            if !done.insert(r) {
                continue;
            }
            let lines = self.lines(r, &children);
            // The arguments for this one's premises come next.
            let mut next: Vec<usize> = Vec::new();
            for line in &lines {
                if let Line::Statement(c) = line
                    && let Some(by) = concluded_by.get(c)
                {
                    next.extend(
                        by.iter()
                            .filter(|b| root_set.contains(b) && !done.contains(b)),
                    );
                }
            }
            next.sort_by_key(|b| title_of(self, *b));
            next.dedup();
            stack.extend(next.into_iter().rev());
            order.push((r, lines));
        }
        order
    }

    /// The lines of the structure whose final inference is `root`: each chained inference's
    /// lines come before the inference that uses its conclusion. An explicit stack, not
    /// recursion.
    fn lines(&self, root: usize, children: &BTreeMap<usize, Vec<usize>>) -> Vec<Line> {
        enum Step {
            Open(usize),
            Premise(NamedNode),
            Close(usize),
        }
        let mut lines = Vec::new();
        let mut listed: BTreeSet<NamedNode> = BTreeSet::new();
        let mut opened = BTreeSet::new();
        let mut stack = vec![Step::Open(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Open(r) => {
                    let Some(inference) = self.inferences.get(r) else {
                        continue;
                    };
                    if !opened.insert(r) {
                        continue;
                    }
                    stack.push(Step::Close(r));
                    let mut premises = inference.premises.clone();
                    premises.sort_by_key(|p| self.titles.get(p).cloned().unwrap_or_default());
                    // Pushed in reverse, so that they come out in title order.
                    for p in premises.into_iter().rev() {
                        let chained = children.get(&r).and_then(|cs| {
                            cs.iter().copied().find(|c| {
                                self.inferences.get(*c).is_some_and(|x| x.conclusion == p)
                            })
                        });
                        stack.push(match chained {
                            Some(c) => Step::Open(c),
                            None => Step::Premise(p),
                        });
                    }
                }
                Step::Premise(p) => {
                    if listed.insert(p.clone()) {
                        lines.push(Line::Statement(p));
                    }
                }
                Step::Close(r) => {
                    if let Some(inference) = self.inferences.get(r) {
                        lines.push(Line::Inference(r));
                        lines.push(Line::Statement(inference.conclusion.clone()));
                        listed.insert(inference.conclusion.clone());
                    }
                }
            }
        }
        lines
    }

    /// One argument: its title line, then its structure.
    fn argument(&mut self, root: usize, lines: &[Line]) -> Result<(), ArgdownExportError> {
        let Some(inference) = self.inferences.get(root).cloned() else {
            return Ok(());
        };
        let title = self.argument_titles.get(&root).cloned().unwrap_or_default();
        let subject = NamedOrBlankNode::from(inference.node.clone());
        let mut head = Vec::new();
        for (i, c) in self.facts.literals(&subject, rdfs::COMMENT.as_str()) {
            self.facts.carry(i);
            head.extend(comment_lines(c.value(), ""));
            self.note("rdfs:comment written as an Argdown `//` comment, which is not read back");
        }
        let descriptions = self.facts.literals(&subject, &format!("{DCT}description"));
        match descriptions.first() {
            Some((i, d)) => {
                self.facts.carry(*i);
                head.push(format!(
                    "<{title}>: {}",
                    self.text(d.value(), &inference.node)
                ));
                if descriptions.len() > 1 {
                    let at = format!("<{}>", inference.node.as_str());
                    self.warn(at, "more than one dct:description: the first is the argument's text, the others are left out");
                }
            }
            None => head.push(format!("<{title}>")),
        }
        if inference.label.as_deref().is_some_and(|l| l == title)
            && let Some((i, _)) = self.facts.literals(&subject, rdfs::LABEL.as_str()).first()
        {
            self.facts.carry(*i);
        }
        self.block(&head);
        self.counts.arguments += 1;
        // Number the statements, then write each line.
        let mut number: BTreeMap<NamedNode, usize> = BTreeMap::new();
        let mut body = Vec::new();
        let mut since: Vec<usize> = Vec::new();
        let mut n = 0;
        for line in lines {
            match line {
                Line::Statement(claim) => {
                    n += 1;
                    number.insert(claim.clone(), n);
                    since.push(n);
                    let lead = format!("({n}) ");
                    body.extend(self.statement(claim, "", &lead)?);
                }
                Line::Inference(r) => {
                    let Some(step) = self.inferences.get(*r).cloned() else {
                        continue;
                    };
                    let uses: Vec<usize> = {
                        let mut u: Vec<usize> = step
                            .premises
                            .iter()
                            .filter_map(|p| number.get(p).copied())
                            .collect();
                        u.sort_unstable();
                        u
                    };
                    let mut plain = since.clone();
                    plain.sort_unstable();
                    since.clear();
                    let final_step = *r == root;
                    let conclusion_number = n + 1;
                    body.extend(self.inference_line(
                        *r,
                        &title,
                        final_step,
                        conclusion_number,
                        (uses != plain).then_some(uses),
                    ));
                }
            }
        }
        self.block(&body);
        Ok(())
    }

    /// The inference line of inference `r`, with its data; comments of intermediate steps above.
    fn inference_line(
        &mut self,
        r: usize,
        argument: &str,
        final_step: bool,
        conclusion_number: usize,
        uses: Option<Vec<usize>>,
    ) -> Vec<String> {
        let Some(inference) = self.inferences.get(r).cloned() else {
            return Vec::new();
        };
        self.counts.inferences += 1;
        let subject = NamedOrBlankNode::from(inference.node.clone());
        let at = format!("<{}>", inference.node.as_str());
        let mut lines = Vec::new();
        let mut entries: Vec<(String, String)> = Vec::new();
        // Scheme.
        let schemes = self.facts.iris(&subject, &arg("scheme"));
        match schemes.first() {
            Some((i, s)) if s.as_str() == arg("DefaultInference") => self.facts.carry(*i),
            Some((i, s)) => {
                let local = s.as_str().strip_prefix(ARG).unwrap_or("");
                if !local.is_empty() && known_schemes().iter().any(|k| k == local) {
                    self.facts.carry(*i);
                    entries.push(("scheme".to_owned(), yaml(&scheme_words(local))));
                } else {
                    self.note("inference scheme that is not one of argmap's (ontology/schemes.ttl) left out: it reads back as arg:DefaultInference");
                }
            }
            None => {
                self.note("inference without arg:scheme: it reads back with arg:DefaultInference")
            }
        }
        if schemes.len() > 1 {
            self.warn(at.clone(), "several schemes: the first is written");
        }
        if !final_step
            && !self
                .facts
                .literals(&subject, rdfs::COMMENT.as_str())
                .is_empty()
        {
            for (i, c) in self.facts.literals(&subject, rdfs::COMMENT.as_str()) {
                self.facts.carry(i);
                lines.extend(comment_lines(c.value(), ""));
                self.note(
                    "rdfs:comment written as an Argdown `//` comment, which is not read back",
                );
            }
        }
        // Qualifiers.
        let qualifiers: Vec<String> = self
            .facts
            .literals(&subject, &arg("qualifier"))
            .into_iter()
            .map(|(i, q)| {
                self.facts.carry(i);
                q.value().to_owned()
            })
            .collect();
        if !qualifiers.is_empty() {
            entries.push(("qualifier".to_owned(), yaml_list(&qualifiers)));
        }
        // The label of an intermediate step, when it is not the one the reader makes.
        if !final_step && let Some(label) = &inference.label {
            let made = format!("{argument} (step to ({conclusion_number}))");
            if *label != made {
                entries.push(("label".to_owned(), yaml(label)));
            }
            if let Some((i, _)) = self.facts.literals(&subject, rdfs::LABEL.as_str()).first() {
                self.facts.carry(*i);
            }
        }
        if let Some(uses) = uses {
            let list: Vec<String> = uses.iter().map(ToString::to_string).collect();
            entries.push(("uses".to_owned(), format!("[{}]", list.join(", "))));
        }
        entries.extend(self.kept_data(&subject));
        let mut inner = Vec::new();
        let rules: Vec<String> = self
            .facts
            .literals(&subject, &arg("inferenceRule"))
            .into_iter()
            .filter(|(_, r)| !r.value().contains([',', '\n', '{', '}', '#', '-']))
            .map(|(i, r)| {
                self.facts.carry(i);
                collapse(r.value())
            })
            .collect();
        if !rules.is_empty() {
            inner.push(rules.join(", "));
        }
        let tags = self.tags(&subject);
        if !tags.is_empty() {
            inner.push(tags);
        }
        if !entries.is_empty() {
            inner.push(flow(&entries));
        }
        if inner.is_empty() {
            lines.push("----".to_owned());
        } else {
            lines.push(format!("-- {} --", inner.join(" ")));
        }
        if let Some(doc) = &self.doc {
            for (i, d) in self.facts.iris(&subject, &arg("inDocument")) {
                if NamedOrBlankNode::from(d.clone()) == *doc {
                    self.facts.carry(i);
                }
            }
        }
        lines
    }

    /// `#tag #(long tag)` of a node.
    fn tags(&mut self, subject: &NamedOrBlankNode) -> String {
        let mut out = Vec::new();
        for (i, t) in self.facts.literals(subject, &arg("tag")) {
            let tag = collapse(t.value());
            if !tag.is_empty()
                && tag
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                out.push(format!("#{tag}"));
            } else if !tag.is_empty() && !tag.contains([')', '{', '}', '/']) {
                out.push(format!("#({tag})"));
            } else {
                self.note("tag that no Argdown tag can spell (with `)`, `/` or braces) left out");
                continue;
            }
            self.facts.carry(i);
        }
        out.join(" ")
    }

    /// `arg:data [arg:key; arg:value]` entries, as data.
    fn kept_data(&mut self, subject: &NamedOrBlankNode) -> Vec<(String, String)> {
        let reserved = [
            "scheme",
            "uses",
            "qualifier",
            "label",
            "quote",
            "quote-prefix",
            "occurrence",
            "source",
            "asserted-by",
            "relayed-by",
            "entertained-by",
            "date",
            "wikidata",
            "kind",
            "unstated",
            "main",
            "modality",
        ];
        let mut out = Vec::new();
        for (i, entry) in self.facts.nodes(subject, &arg("data")) {
            let key = self.facts.literals(&entry, &arg("key"));
            let value = self.facts.literals(&entry, &arg("value"));
            let (Some((ki, k)), Some((vi, v))) = (key.first(), value.first()) else {
                continue;
            };
            if reserved.contains(&k.value()) {
                self.note(
                    "kept data entry whose key argmap reads with a meaning of its own left out",
                );
                continue;
            }
            self.facts.carry_all([i, *ki, *vi]);
            out.push((yaml_key(k.value()), yaml(v.value())));
        }
        out
    }

    /// A claim's lines: its definition where it first appears (comments, `lead[Title]: text`,
    /// data), else its reference.
    fn statement(
        &mut self,
        claim: &NamedNode,
        indent: &str,
        lead: &str,
    ) -> Result<Vec<String>, ArgdownExportError> {
        let title = self.titles.get(claim).cloned().unwrap_or_default();
        if self.defined.contains(claim) {
            return Ok(vec![format!("{indent}{lead}[{title}]")]);
        }
        self.defined.insert(claim.clone());
        let subject = NamedOrBlankNode::from(claim.clone());
        let at = format!("<{}>", claim.as_str());
        let mut lines = Vec::new();
        for (i, c) in self.facts.literals(&subject, rdfs::COMMENT.as_str()) {
            self.facts.carry(i);
            lines.extend(comment_lines(c.value(), indent));
            self.note("rdfs:comment written as an Argdown `//` comment, which is not read back");
        }
        if let Some(i) = self.facts.has_type(&subject, &format!("{AIF}I-node")) {
            self.facts.carry(i);
        }
        let texts = self.facts.literals(&subject, &format!("{AIF}claimText"));
        let text = match texts.first() {
            Some((i, t)) => {
                self.facts.carry(*i);
                self.text(t.value(), claim)
            }
            None => {
                self.warn(
                    at.clone(),
                    "claim without aif:claimText: written with its title as its text",
                );
                title.clone()
            }
        };
        if texts.len() > 1 {
            self.warn(
                at.clone(),
                "several aif:claimText: the first is written, the others left out",
            );
        }
        let tags = self.tags(&subject);
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" {tags}")
        };
        lines.push(format!("{indent}{lead}[{title}]: {text}{tags}"));
        let (entries, quotes) = self.claim_data(claim)?;
        let pad = format!("{indent}{}", " ".repeat(lead.chars().count() + 2));
        let mut maps = Vec::new();
        let mut quotes = quotes.into_iter();
        let mut first = entries;
        if let Some(q) = quotes.next() {
            first.extend(q);
        }
        if !first.is_empty() {
            maps.push(first);
        }
        maps.extend(quotes);
        for map in maps {
            lines.extend(wrap(&map, &pad));
        }
        if let Some(doc) = &self.doc {
            for (i, d) in self.facts.iris(&subject, &arg("inDocument")) {
                if NamedOrBlankNode::from(d.clone()) == *doc {
                    self.facts.carry(i);
                }
            }
        }
        Ok(lines)
    }

    /// A claim's data entries, and one data map per quote.
    #[allow(clippy::type_complexity)]
    fn claim_data(
        &mut self,
        claim: &NamedNode,
    ) -> Result<(Vec<(String, String)>, Vec<Vec<(String, String)>>), ArgdownExportError> {
        let subject = NamedOrBlankNode::from(claim.clone());
        let at = format!("<{}>", claim.as_str());
        let mut entries: Vec<(String, String)> = Vec::new();
        let kinds: Vec<String> = self
            .facts
            .iris(&subject, rdf::TYPE.as_str())
            .into_iter()
            .filter_map(|(i, t)| {
                let local = t.as_str().strip_prefix(ARG)?;
                CLAIM_KINDS
                    .contains(&local)
                    .then(|| (i, scheme_words(local)))
            })
            .map(|(i, k)| {
                self.facts.carry(i);
                k
            })
            .collect();
        if !kinds.is_empty() {
            entries.push(("kind".to_owned(), yaml_list(&kinds)));
        }
        if self.main.contains(claim) {
            entries.push(("main".to_owned(), "true".to_owned()));
        }
        for (i, u) in self.facts.literals(&subject, &arg("unstated")) {
            self.facts.carry(i);
            if u.value() == "true" || u.value() == "1" {
                entries.push(("unstated".to_owned(), "true".to_owned()));
            }
        }
        for (key, property) in [
            ("asserted-by", "assertedBy"),
            ("relayed-by", "relayedBy"),
            ("entertained-by", "entertainedBy"),
        ] {
            let agents: Vec<(usize, NamedNode)> = self
                .facts
                .iris(&subject, &arg(property))
                .into_iter()
                .map(|(i, a)| (i, a.clone()))
                .collect();
            let names: Vec<String> = agents.iter().map(|(_, a)| self.agent_name(a)).collect();
            self.facts.carry_all(agents.iter().map(|(i, _)| *i));
            let by_default = key == "asserted-by"
                && self
                    .default_agent
                    .as_ref()
                    .is_some_and(|d| names == [d.clone()]);
            if !names.is_empty() && !by_default {
                entries.push((key.to_owned(), yaml_list(&names)));
            }
        }
        // Qualifiers, and the modality when the hedge words do not give it.
        let qualifiers: Vec<(usize, String)> = self
            .facts
            .literals(&subject, &arg("qualifier"))
            .into_iter()
            .map(|(i, q)| (i, q.value().to_owned()))
            .collect();
        let modalities: BTreeSet<String> = self
            .facts
            .iris(&subject, &arg("modality"))
            .into_iter()
            .filter_map(|(i, m)| {
                let local = m.as_str().strip_prefix(ARG)?;
                MODALITIES.contains(&local).then(|| (i, local.to_owned()))
            })
            .map(|(i, m)| {
                self.facts.carry(i);
                m
            })
            .collect();
        let implied: BTreeSet<String> = qualifiers
            .iter()
            .filter_map(|(_, q)| modality(q))
            .map(str::to_owned)
            .collect();
        if !qualifiers.is_empty() {
            let words: Vec<String> = qualifiers.iter().map(|(_, q)| q.clone()).collect();
            self.facts.carry_all(qualifiers.iter().map(|(i, _)| *i));
            entries.push(("qualifier".to_owned(), yaml_list(&words)));
        }
        if modalities != implied && !modalities.is_empty() {
            let list: Vec<String> = modalities.into_iter().collect();
            entries.push(("modality".to_owned(), yaml_list(&list)));
        } else if modalities != implied {
            self.warn(at.clone(), "the qualifier's words imply a modality the claim does not state; it reads back with it");
        }
        for (i, d) in self.facts.literals(&subject, &arg("refersToDate")) {
            if date_round_trips(d) {
                self.facts.carry(i);
            }
            entries.push(("date".to_owned(), yaml(d.value())));
        }
        let wikidata: Vec<String> = self
            .facts
            .iris(&subject, &arg("mentions"))
            .into_iter()
            .filter_map(|(i, m)| Some((i, m.as_str().strip_prefix(WD)?.to_owned())))
            .map(|(i, q)| {
                self.facts.carry(i);
                q
            })
            .collect();
        if !wikidata.is_empty() {
            entries.push(("wikidata".to_owned(), yaml_list(&wikidata)));
        }
        entries.extend(self.kept_data(&subject));
        // Quotes.
        let mut quotes = Vec::new();
        for (qi, q) in self.facts.nodes(&subject, &arg("quote")) {
            if let Some(map) = self.quote(&q, &at)? {
                self.facts.carry(qi);
                self.counts.quotes += 1;
                quotes.push(map);
            }
        }
        // Anchors are blank nodes, whose order differs between runs: order them by what they say.
        quotes.sort();
        Ok((entries, quotes))
    }

    /// The data of one quote anchor, checked against its source text.
    fn quote(
        &mut self,
        anchor: &NamedOrBlankNode,
        at: &str,
    ) -> Result<Option<Vec<(String, String)>>, ArgdownExportError> {
        let selectors = self.facts.nodes(anchor, &format!("{OA}hasSelector"));
        let mut exact = None;
        let mut position = None;
        let mut parts = Vec::new();
        for (si, s) in &selectors {
            if let Some((i, e)) = self.facts.literals(s, &format!("{OA}exact")).first() {
                exact = Some(e.value().to_owned());
                parts.push(*si);
                parts.push(*i);
                parts.extend(self.facts.has_type(s, &format!("{OA}TextQuoteSelector")));
                let context: Vec<usize> = ["prefix", "suffix"]
                    .iter()
                    .flat_map(|p| self.facts.literals(s, &format!("{OA}{p}")))
                    .map(|(i, _)| i)
                    .collect();
                parts.extend(context);
            }
            let start = self.facts.literals(s, &format!("{OA}start"));
            let end = self.facts.literals(s, &format!("{OA}end"));
            if let (Some((a, sv)), Some((b, ev))) = (start.first(), end.first()) {
                position = sv
                    .value()
                    .parse::<usize>()
                    .ok()
                    .zip(ev.value().parse::<usize>().ok());
                parts.extend([*si, *a, *b]);
                parts.extend(self.facts.has_type(s, &format!("{OA}TextPositionSelector")));
            }
        }
        let Some(exact) = exact else {
            self.note("quote anchor without oa:exact left out");
            return Ok(None);
        };
        let source = self
            .facts
            .nodes(anchor, &format!("{OA}hasSource"))
            .first()
            .and_then(|(i, s)| Some((*i, self.file_name(s)?)));
        let mut map = vec![("quote".to_owned(), yaml(&exact))];
        let Some((source_index, source)) = source else {
            self.warn(at, "quote without a source text (oa:hasSource with arg:fileName): written with its words, which the reader cannot anchor without `source:`");
            return Ok(Some(map));
        };
        if self.default_source.as_deref() != Some(source.as_str()) {
            map.push(("source".to_owned(), yaml(&source)));
        }
        parts.push(source_index);
        parts.extend(
            self.facts
                .has_type(anchor, &format!("{OA}SpecificResource")),
        );
        // Where the reader will anchor it, and the occurrence that puts it where it is.
        let text = self.indexed(&source)?;
        let Some(text) = text else {
            self.note("quote whose source text is not found (give --sources DIR): written with its words only; the reader anchors it when the text is beside the file");
            let words: Vec<usize> = parts
                .iter()
                .copied()
                .filter(|i| {
                    self.facts.triples.get(*i).is_some_and(|t| {
                        ["exact", "hasSource", "hasSelector"]
                            .iter()
                            .any(|p| t.predicate.as_str() == format!("{OA}{p}"))
                    })
                })
                .collect();
            self.facts.carry_all(words);
            return Ok(Some(map));
        };
        let how = String::new();
        let plain = text.locate(
            &exact,
            &Hints {
                how: how.clone(),
                ..Hints::default()
            },
        );
        let fits = |a: &crate::anchor::Anchor| {
            position.is_none_or(|(s, e)| a.start == s && a.end == e) && a.exact == exact
        };
        let anchored = match plain {
            Ok(a) if fits(&a) => true,
            _ => {
                let found = text.occurrences(&exact);
                let found = if found.is_empty() {
                    text.loose_occurrences(&exact)
                } else {
                    found
                };
                let n = position
                    .and_then(|(s, _)| found.iter().position(|(a, _)| *a == s))
                    .map(|k| k + 1);
                match n {
                    Some(n) => {
                        let hints = Hints {
                            occurrence: Some(n),
                            how,
                            ..Hints::default()
                        };
                        let ok = text.locate(&exact, &hints).is_ok_and(|a| fits(&a));
                        if ok {
                            map.push(("occurrence".to_owned(), n.to_string()));
                        }
                        ok
                    }
                    None => false,
                }
            }
        };
        if anchored {
            self.facts.carry_all(parts);
        } else {
            self.warn(at, format!("quote {:?} does not anchor where the graph says in {source}: written with its words; the reader anchors it where it finds them", crate::anchor::excerpt(&exact)));
        }
        Ok(Some(map))
    }

    fn indexed(&mut self, source: &str) -> Result<Option<Rc<Indexed>>, ArgdownExportError> {
        if let Some(found) = self.indexed.get(source) {
            return Ok(found.clone());
        }
        let found = self
            .sources
            .get(source)?
            .map(|t| Rc::new(Indexed::new(t.origin.clone(), t.text.clone())));
        self.indexed.insert(source.to_owned(), found.clone());
        Ok(found)
    }

    /// A text as Argdown reads it back unchanged where it can; what it cannot is noted.
    fn text(&mut self, value: &str, node: &NamedNode) -> String {
        let mut text = collapse(value);
        if text != value {
            self.note("text with line breaks or runs of spaces written on one line (Argdown collapses whitespace)");
        }
        text = self.mentions(&text, node);
        for (from, to, what) in [
            ("{", "(", "`{`"),
            ("}", ")", "`}`"),
            ("/*", "/ *", "`/*`"),
            ("<!--", "< !--", "`<!--`"),
        ] {
            if text.contains(from) {
                text = text.replace(from, to);
                self.note(format!(
                    "text with {what}, which Argdown reads as markup, written with {to:?} instead"
                ));
            }
        }
        // `//` is a comment unless it follows a `:` (a URL).
        let mut out = String::with_capacity(text.len());
        let mut previous = ' ';
        let mut chars = text.chars().peekable();
        let mut broke = false;
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '/' && previous != ':' && chars.peek() == Some(&'/') {
                out.push(' ');
                broke = true;
            }
            previous = c;
        }
        if broke {
            self.note("text with `//`, which Argdown reads as a comment, written as `/ /`");
        }
        let tag_like = out.split(' ').any(|w| {
            w.strip_prefix('#')
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '(')
        });
        if tag_like {
            self.note("text with a `#word`, which Argdown reads as a tag: the word leaves the text when read back");
        }
        out
    }

    /// Keeps `@[Title]` and `@<Title>` that name a statement or argument of this document (the
    /// reader links them again, `arg:mentionsNode`); breaks the others (`@ [`), which the reader
    /// would refuse as unknown references.
    fn mentions(&mut self, text: &str, node: &NamedNode) -> String {
        let statements: BTreeSet<&String> = self.titles.values().collect();
        let arguments: BTreeSet<&String> = self.argument_titles.values().collect();
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut broken = 0;
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let (open, close, known) = match after.chars().next() {
                Some('[') => ('[', ']', &statements),
                Some('<') => ('<', '>', &arguments),
                _ => {
                    out.push('@');
                    rest = after;
                    continue;
                }
            };
            let _ = open;
            let title = after[1..].find(close).map(|end| collapse(&after[1..=end]));
            let title = title.map(|t| t.trim_end_matches(close).to_owned());
            if title.as_ref().is_some_and(|t| known.contains(t)) {
                out.push('@');
            } else {
                out.push_str("@ ");
                broken += 1;
            }
            rest = after;
        }
        out.push_str(rest);
        if broken > 0 {
            self.note("`@[...]` or `@<...>` naming nothing in this document, written as `@ [...]` (the reader would refuse an unknown reference)");
        }
        let subject = NamedOrBlankNode::from(node.clone());
        let linked: Vec<usize> = self
            .facts
            .iris(&subject, &arg("mentionsNode"))
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        if broken == 0 {
            self.facts.carry_all(linked);
        }
        out
    }

    /// The attack and undercut relations, under their targets.
    fn conflicts(&mut self) -> Result<(), ArgdownExportError> {
        let conclusions: BTreeSet<NamedNode> = self
            .inferences
            .iter()
            .map(|i| i.conclusion.clone())
            .collect();
        let premises: BTreeSet<NamedNode> = self
            .inferences
            .iter()
            .flat_map(|i| i.premises.clone())
            .collect();
        let argument_of: BTreeMap<NamedNode, String> = self
            .argument_titles
            .iter()
            .filter_map(|(r, t)| Some((self.inferences.get(*r)?.node.clone(), t.clone())))
            .collect();
        // Grouped by target, in title order.
        let mut groups: BTreeMap<(bool, String), Vec<Attack>> = BTreeMap::new();
        for attack in self.attacks.clone() {
            let key = match argument_of.get(&attack.target) {
                Some(t) => (true, t.clone()),
                None if self.claims.contains(&attack.target) => (
                    false,
                    self.titles.get(&attack.target).cloned().unwrap_or_default(),
                ),
                None => {
                    let at = format!("<{}>", attack.node.as_str());
                    self.warn(at, "undercut left out: the inference it attacks is not written as the last step of an argument");
                    continue;
                }
            };
            groups.entry(key).or_default().push(attack);
        }
        let order = group_order(&groups, &conclusions, &premises);
        let mut attackers: BTreeSet<NamedNode> = BTreeSet::new();
        let mut seen: BTreeSet<(NamedNode, NamedNode)> = BTreeSet::new();
        for key in order {
            let undercut = key.0;
            let Some(mut attacks) = groups.get(&key).cloned() else {
                continue;
            };
            attacks.sort_by_key(|a| self.titles.get(&a.attacker).cloned().unwrap_or_default());
            let Some(first) = attacks.first().cloned() else {
                continue;
            };
            let mut lines = if undercut {
                vec![format!(
                    "<{}>",
                    argument_of.get(&first.target).cloned().unwrap_or_default()
                )]
            } else {
                self.statement(&first.target, "", "")?
            };
            for attack in attacks {
                let at = format!("<{}>", attack.node.as_str());
                if attack.attacker == attack.target
                    || !seen.insert((attack.attacker.clone(), attack.target.clone()))
                {
                    self.warn(at, "conflict left out: the same attack is written already (or it attacks itself), and Argdown reads one relation once");
                    continue;
                }
                attackers.insert(attack.attacker.clone());
                let read_as = if undercut {
                    "Undercut"
                } else if !conclusions.contains(&attack.target)
                    && (premises.contains(&attack.target) || attackers.contains(&attack.target))
                {
                    "Undermine"
                } else {
                    "Rebut"
                };
                match attack.kind {
                    Some(kind) if kind != read_as => {
                        self.warn(at.clone(), format!("arg:{kind} reads back as arg:{read_as}: Argdown says only `attack` (`-`) or `undercut` (`_`), and the reader tells a rebut (of a conclusion) from an undermine (of a premise or an attacker) by the target's place"));
                    }
                    None => self.note(format!("conflict without a kind (arg:Rebut, arg:Undermine, arg:Undercut) reads back with the one its target's place gives (here arg:{read_as})")),
                    _ => {}
                }
                let subject = NamedOrBlankNode::from(attack.node.clone());
                for (i, c) in self.facts.literals(&subject, rdfs::COMMENT.as_str()) {
                    self.facts.carry(i);
                    lines.extend(comment_lines(c.value(), "  "));
                    self.note(
                        "rdfs:comment written as an Argdown `//` comment, which is not read back",
                    );
                }
                if self.default_agent.is_some() {
                    let raised: Vec<usize> = self
                        .facts
                        .iris(&subject, &arg("raisedBy"))
                        .into_iter()
                        .map(|(i, _)| i)
                        .collect();
                    self.facts.carry_all(raised);
                }
                if let Some(doc) = &self.doc {
                    for (i, d) in self.facts.iris(&subject, &arg("inDocument")) {
                        if NamedOrBlankNode::from(d.clone()) == *doc {
                            self.facts.carry(i);
                        }
                    }
                }
                let symbol = if undercut { "_ " } else { "- " };
                lines.extend(self.statement(&attack.attacker, "  ", symbol)?);
                self.counts.conflicts += 1;
            }
            self.block(&lines);
        }
        Ok(())
    }

    /// Further texts of a claim, as further members of its statement.
    fn alternatives(&mut self) {
        let claims: Vec<NamedNode> = self.claims.iter().cloned().collect();
        for claim in claims {
            let subject = NamedOrBlankNode::from(claim.clone());
            let title = self.titles.get(&claim).cloned().unwrap_or_default();
            for (i, t) in self.facts.literals(&subject, &arg("alternativeText")) {
                self.facts.carry(i);
                let text = self.text(t.value(), &claim);
                self.block(&[format!("[{title}]: {text}")]);
            }
        }
    }

    fn finish(mut self) -> Written {
        // What no line carries: by the type of nodes written nowhere, and by predicate.
        let own = self.facts.own;
        let touched: HashSet<&NamedOrBlankNode> = self
            .facts
            .triples
            .iter()
            .zip(&self.facts.carried)
            .filter(|(_, c)| **c)
            .map(|(t, _)| &t.subject)
            .collect();
        let carried_objects: HashSet<&Term> = self
            .facts
            .triples
            .iter()
            .zip(&self.facts.carried)
            .filter(|(_, c)| **c)
            .map(|(t, _)| &t.object)
            .collect();
        let mut by_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut by_predicate: BTreeMap<String, usize> = BTreeMap::new();
        let untouched: HashMap<&NamedOrBlankNode, String> = self
            .facts
            .by_subject
            .iter()
            .filter(|(s, _)| !touched.contains(*s))
            .filter_map(|(s, indexes)| {
                let types: Vec<String> = indexes
                    .iter()
                    .filter(|i| **i < own)
                    .filter_map(|i| self.facts.triples.get(*i))
                    .filter(|t| t.predicate == rdf::TYPE)
                    .map(|t| compact(&t.object.to_string()))
                    .collect();
                let mut types = types;
                types.sort();
                types.first().map(|t| (*s, t.clone()))
            })
            .collect();
        for (i, triple) in self.facts.triples.iter().enumerate().take(own) {
            if self.facts.carried.get(i).copied().unwrap_or(false) {
                continue;
            }
            if let Some(kind) = untouched.get(&triple.subject) {
                let entry = by_type.entry(kind.clone()).or_default();
                entry.1 += 1;
                continue;
            }
            // Statements about a blank node count with the statement that reaches it.
            if triple.subject.is_blank_node()
                && !carried_objects.contains(&Term::from(triple.subject.clone()))
            {
                continue;
            }
            *by_predicate
                .entry(compact(triple.predicate.as_str()))
                .or_default() += 1;
        }
        for (s, kind) in &untouched {
            if self
                .facts
                .by_subject
                .get(*s)
                .is_some_and(|ix| ix.iter().any(|i| *i < own))
            {
                by_type.entry(kind.clone()).or_default().0 += 1;
            }
        }
        let location = self.location.clone();
        for (kind, (nodes, statements)) in by_type {
            if nodes == 0 {
                continue;
            }
            self.warnings.push(Warning {
                location: location.clone(),
                message: format!(
                    "left out {nodes} {kind} node{} ({statements} statement{}): Argdown has no element for them",
                    plural(nodes),
                    plural(statements)
                ),
            });
        }
        for (predicate, count) in by_predicate {
            self.warnings.push(Warning {
                location: location.clone(),
                message: format!(
                    "left out {count} {predicate} statement{}: Argdown has no key for them here",
                    plural(count)
                ),
            });
        }
        for (message, count) in std::mem::take(&mut self.notes) {
            self.warnings.push(Warning {
                location: location.clone(),
                message: format!("{count} × {message}"),
            });
        }
        Written {
            text: self.out,
            warnings: self.warnings,
            counts: self.counts,
        }
    }
}

/// The order of the groups of attacks (by target) in which the reader gives back the kinds
/// the graph says. The reader calls an attack on a claim that is neither a conclusion nor a
/// premise an undermine when the claim has attacked already, so the group where a claim
/// attacks comes before the group where it is undermined, after the one where it is rebutted.
/// Title order otherwise, and where the wishes go round in a circle.
fn group_order(
    groups: &BTreeMap<(bool, String), Vec<Attack>>,
    conclusions: &BTreeSet<NamedNode>,
    premises: &BTreeSet<NamedNode>,
) -> Vec<(bool, String)> {
    // The groups in which each claim attacks.
    let mut attacks_in: BTreeMap<&NamedNode, BTreeSet<&(bool, String)>> = BTreeMap::new();
    for (key, attacks) in groups {
        for a in attacks {
            attacks_in.entry(&a.attacker).or_default().insert(key);
        }
    }
    // before[g] = the groups that must come before g.
    let mut before: BTreeMap<&(bool, String), BTreeSet<&(bool, String)>> = BTreeMap::new();
    for (key, attacks) in groups {
        before.entry(key).or_default();
        if key.0 {
            continue;
        }
        for a in attacks {
            if conclusions.contains(&a.target) || premises.contains(&a.target) {
                continue;
            }
            for other in attacks_in.get(&a.target).into_iter().flatten() {
                if *other == key {
                    continue;
                }
                match a.kind {
                    Some("Undermine") => {
                        before.entry(key).or_default().insert(other);
                    }
                    Some("Rebut") => {
                        before.entry(other).or_default().insert(key);
                    }
                    _ => {}
                }
            }
        }
    }
    let mut order = Vec::new();
    let mut placed: BTreeSet<&(bool, String)> = BTreeSet::new();
    while placed.len() < groups.len() {
        let ready = groups
            .keys()
            .find(|k| {
                !placed.contains(k)
                    && before
                        .get(k)
                        .is_none_or(|b| b.iter().all(|x| placed.contains(x)))
            })
            .or_else(|| groups.keys().find(|k| !placed.contains(k)));
        let Some(next) = ready else {
            break;
        };
        placed.insert(next);
        order.push(next.clone());
    }
    order
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a paragraph reads back as an untitled statement with this very text: it starts
/// with a letter and holds no markup (data, tags, mentions, comments).
fn prose_reads_back(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
        && !text.contains(['{', '}'])
        && !["/*", "<!--", "@[", "@<"].iter().any(|m| text.contains(m))
        && !text
            .match_indices("//")
            .any(|(i, _)| !text[..i].ends_with(':'))
        && !text.split(' ').any(|w| w.starts_with('#'))
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// A valid title between `open` and `close`: no brackets of its kind, no comment markers,
/// no braces, whitespace collapsed.
fn title(text: &str, open: char, close: char) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c == open || c == close || c == '{' || c == '}' || c == '[' || c == ']' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned
        .replace("//", "/ ")
        .replace("/*", "/ ")
        .replace("<!--", " ");
    collapse(&cleaned)
}

/// A title from an IRI's local name: without `prefixes`, hyphens as spaces.
fn local_title(iri: &str, prefixes: &[&str]) -> String {
    let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
    let local = prefixes
        .iter()
        .find_map(|p| local.strip_prefix(p))
        .unwrap_or(local);
    title(&local.replace(['-', '_'], " "), '[', ']')
}

fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base} {n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// `ArgumentFromSign` -> `argument from sign`, when the reader turns the words back into the
/// same name; else the name.
fn scheme_words(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    if camel(&words) == name {
        words
    } else {
        name.to_owned()
    }
}

/// Whether the reader gives a date literal back as it is (typed xsd:date, gYearMonth, gYear).
fn date_round_trips(date: &Literal) -> bool {
    let datatype = date.datatype();
    let v = date.value();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4 && m.len() == 2 && d.len() == 2 && parts.iter().all(|p| digits(p)) =>
        {
            datatype == xsd::DATE
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => {
            datatype == xsd::G_YEAR_MONTH
        }
        [y] if y.len() == 4 && digits(y) => datatype == xsd::G_YEAR,
        _ => datatype == xsd::STRING && date.language().is_none(),
    }
}

/// A YAML scalar: plain when it reads back as the same string, else a double-quoted string
/// (JSON's escapes, braces escaped so that no reader counts them).
fn yaml(value: &str) -> String {
    let keyword = matches!(
        value.to_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "~"
    );
    let plain = !keyword
        && value.chars().next().is_some_and(char::is_alphabetic)
        && !value.ends_with([' ', '.', '-'])
        && !value.contains("  ")
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " .-_".contains(c));
    if plain {
        return value.to_owned();
    }
    let json = serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned());
    json.replace('{', "\\u007B").replace('}', "\\u007D")
}

fn yaml_key(key: &str) -> String {
    yaml(key)
}

/// One value, or a flow list of several.
fn yaml_list(values: &[String]) -> String {
    match values {
        [one] => yaml(one),
        many => format!(
            "[{}]",
            many.iter().map(|v| yaml(v)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `{key: value, ...}` on one line.
fn flow(entries: &[(String, String)]) -> String {
    let inner: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", inner.join(", "))
}

/// `{key: value, ...}` as lines starting with `pad`, a new line where one grows past [`WIDTH`].
fn wrap(entries: &[(String, String)], pad: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = format!("{pad}{{");
    for (k, (key, value)) in entries.iter().enumerate() {
        let entry = format!("{key}: {value}");
        let last = k + 1 == entries.len();
        let piece = if last { entry } else { format!("{entry},") };
        let bare = line.trim_end().ends_with('{');
        if !bare && line.chars().count() + 1 + piece.chars().count() > WIDTH {
            lines.push(line);
            line = format!("{pad} {piece}");
        } else if bare {
            line.push_str(&piece);
        } else {
            line.push(' ');
            line.push_str(&piece);
        }
    }
    line.push('}');
    lines.push(line);
    lines
}

/// A comment as `//` lines.
fn comment_lines(text: &str, indent: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("{indent}// {l}"))
        .collect()
}

/// An IRI in the prefixes of the bundled maps, for messages.
fn compact(iri: &str) -> String {
    let iri = iri.trim_start_matches('<').trim_end_matches('>');
    for (prefix, base) in [
        ("arg", ARG),
        ("aif", AIF),
        ("oa", OA),
        ("dct", DCT),
        ("prov", PROV),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("schema", "http://schema.org/"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("owl", "http://www.w3.org/2002/07/owl#"),
    ] {
        if let Some(local) = iri.strip_prefix(base) {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{iri}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_what_yaml_would_read_otherwise() {
        assert_eq!(yaml("argument from sign"), "argument from sign");
        assert_eq!(yaml("true"), "\"true\"");
        assert_eq!(yaml("2024-11"), "\"2024-11\"");
        assert_eq!(yaml("Putin's {x}"), "\"Putin's \\u007Bx\\u007D\"");
        assert_eq!(
            scheme_words("ArgumentFromCauseToEffect"),
            "argument from cause to effect"
        );
        assert_eq!(
            camel(&scheme_words("ArgumentFromCauseToEffect")),
            "ArgumentFromCauseToEffect"
        );
        assert_eq!(title("a [b] // c", '[', ']'), "a b / c");
        assert_eq!(
            local_title("urn:x#c-russia-invaded-ukraine", &["c-"]),
            "russia invaded ukraine"
        );
    }
}
