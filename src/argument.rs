//! The argument model that `.tree` and `argmap map` share: every claim, inference and conflict
//! of the loaded graphs with what is shown about them (text, kind, hedges, quote, scheme,
//! analogy, who raised an attack), read with a handful of queries.
//!
//! Reading once and walking it in memory keeps the walks iterative and bounded, and keeps one
//! reading of the vocabulary for every view of the map. A view of one node reads only what is
//! under it ([`Argument::read_around`]); the views of the whole map read everything.

use crate::endpoint::{EndpointError, Target};
use crate::prefixes::Prefixes;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use crate::render::term_text;
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A claim (AIF I-node).
#[derive(Debug, Default)]
pub struct Claim {
    /// `aif:claimText` (the smallest, when there are several).
    pub text: Option<String>,
    /// Labels of its claim kinds (`arg:PredictiveClaim` → "predictive claim").
    pub kinds: BTreeSet<String>,
    /// Hedges (`arg:qualifier`).
    pub qualifiers: BTreeSet<String>,
    /// An implicit premise the mapper reconstructed.
    pub unstated: bool,
    /// The earliest quote: where it starts and its words.
    pub quote: Option<Quote>,
}

/// A quote anchored in the source text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quote {
    /// `oa:start` (code points), `u64::MAX` when unknown.
    pub start: u64,
    /// `oa:exact`.
    pub exact: String,
    /// `oa:prefix`, the words before.
    pub prefix: Option<String>,
    /// `oa:suffix`, the words after.
    pub suffix: Option<String>,
    /// The source's file name (`arg:fileName`).
    pub source: Option<String>,
}

/// An inference (AIF RA-node).
#[derive(Debug, Default)]
pub struct Inference {
    /// Its conclusions (usually one).
    pub conclusions: Vec<Term>,
    /// The label of its scheme.
    pub scheme: Option<String>,
    /// The scheme itself, for its critical questions.
    pub scheme_iri: Option<Term>,
    /// Hedges (`arg:qualifier`).
    pub qualifiers: BTreeSet<String>,
    /// Its premises, linked.
    pub premises: Vec<Term>,
    /// Source and target case labels of the historical analogy it uses.
    pub analogy: Option<(String, String)>,
}

/// A conflict (AIF CA-node).
#[derive(Debug, Default)]
pub struct Conflict {
    /// "REBUT", "UNDERMINE" or "UNDERCUT".
    pub kind: Option<&'static str>,
    /// What it attacks: claims, or inferences (an undercut).
    pub targets: Vec<Term>,
    /// The attacking claims.
    pub attackers: Vec<Term>,
    /// Who raised it (labels).
    pub raisers: BTreeSet<String>,
    /// Whether one who raised it is the creator of its document (`dct:creator`): the author's
    /// own counterpoint rather than an analyst's critique.
    pub by_author: bool,
    /// Names of the claims that answer it.
    pub answers: BTreeSet<String>,
    /// Labels of the critical questions it presses.
    pub questions: BTreeSet<String>,
}

/// Everything the views need, read from the map once.
#[derive(Debug, Default)]
pub struct Argument {
    /// Claims by node.
    pub claims: HashMap<Term, Claim>,
    /// Inferences by node.
    pub inferences: HashMap<Term, Inference>,
    /// Conflicts by node.
    pub conflicts: HashMap<Term, Conflict>,
    /// The main conclusions of every document; where no document names one (maps imported
    /// from AIF or Argdown), the final conclusions: claims an inference concludes that no
    /// inference uses as a premise.
    pub main_conclusions: Vec<Term>,
    /// Critical questions of each scheme, in their order (`arg:questionText`, else the label).
    pub critical_questions: HashMap<Term, Vec<String>>,
    /// Inferences by the claim they conclude (see [`Self::supports`]).
    supported_by: HashMap<Term, Vec<Term>>,
    /// Conflicts by the node they attack (see [`Self::attacks`]).
    attacked_by: HashMap<Term, Vec<Term>>,
}

const CLAIMS: &str = "SELECT ?c ?text ?qualifier ?unstated {
  ?c a aif:I-node .
  OPTIONAL { ?c aif:claimText ?text }
  OPTIONAL { ?c arg:qualifier ?qualifier }
  OPTIONAL { ?c arg:unstated ?unstated }
}";
const KINDS: &str = "SELECT ?c ?kind ?label {
  ?kind rdfs:subClassOf aif:I-node .
  ?c a ?kind .
  OPTIONAL { ?kind rdfs:label ?label FILTER (langMatches(lang(?label), 'en') || lang(?label) = '') }
}";
const QUOTES: &str = "SELECT ?c ?exact ?start ?prefix ?suffix ?file {
  ?c arg:quote ?q .
  ?q oa:hasSelector ?s .
  ?s oa:exact ?exact .
  OPTIONAL { ?s oa:prefix ?prefix }
  OPTIONAL { ?s oa:suffix ?suffix }
  OPTIONAL { ?q oa:hasSelector ?p . ?p oa:start ?start }
  OPTIONAL { ?q oa:hasSource/arg:fileName ?file }
}";
const INFERENCES: &str = "SELECT ?ra ?conclusion ?premise ?scheme ?label ?qualifier ?from ?to {
  ?ra a aif:RA-node .
  OPTIONAL { ?ra aif:Conclusion ?conclusion }
  OPTIONAL { ?ra aif:Premise ?premise }
  OPTIONAL { ?ra arg:scheme ?scheme OPTIONAL { ?scheme rdfs:label ?label FILTER (langMatches(lang(?label), 'en') || lang(?label) = '') } }
  OPTIONAL { ?ra arg:qualifier ?qualifier }
  OPTIONAL { ?ra arg:analogy ?analogy .
    OPTIONAL { ?analogy arg:sourceCase ?source OPTIONAL { ?source rdfs:label ?from } }
    OPTIONAL { ?analogy arg:targetCase ?target OPTIONAL { ?target rdfs:label ?to } } }
}";
const CONFLICTS: &str =
    "SELECT ?ca ?kind ?target ?attacker ?raiser ?label ?answer ?author ?question {
  ?ca a aif:CA-node .
  OPTIONAL { ?ca aif:Conclusion ?target }
  OPTIONAL { ?ca aif:Premise ?attacker }
  OPTIONAL { VALUES ?kind { arg:Rebut arg:Undermine arg:Undercut } ?ca a ?kind }
  OPTIONAL { ?ca arg:raisedBy ?raiser OPTIONAL { ?raiser rdfs:label ?label } }
  # Outside the OPTIONAL: inside it, Oxigraph evaluates the EXISTS for every conflict of the
  # store before the join (7.7 s for 200 conflicts at a million claims; 0.2 s here).
  BIND (BOUND(?raiser) && EXISTS { ?ca arg:inDocument/dct:creator ?raiser } AS ?author)
  OPTIONAL { ?ca arg:answeredBy ?answer }
  OPTIONAL { ?ca arg:criticalQuestion ?cq OPTIONAL { ?cq rdfs:label ?question } }
}";
const MAIN: &str = "SELECT ?c { ?doc arg:mainConclusion ?c }";
const FINAL: &str = "SELECT DISTINCT ?c {
  ?ra a aif:RA-node ; aif:Conclusion ?c . ?c a aif:I-node .
  FILTER NOT EXISTS { ?other aif:Premise ?c . ?other a aif:RA-node }
}";
const QUESTIONS: &str = "SELECT ?scheme ?cq ?order ?text ?label {
  ?scheme arg:criticalQuestion ?cq .
  OPTIONAL { ?cq arg:order ?order }
  OPTIONAL { ?cq arg:questionText ?text }
  OPTIONAL { ?cq rdfs:label ?label }
}";

/// The AIF node type of a node, for [`Argument::read_around`]'s root.
const KIND_OF: &str = "SELECT ?n ?kind {
  ?n a ?kind .
  FILTER (?kind IN (aif:I-node, aif:RA-node, aif:CA-node))
}";
/// Inferences concluding a claim.
const SUPPORTS_OF: &str = "SELECT ?c ?ra { ?ra aif:Conclusion ?c . ?ra a aif:RA-node }";
/// Conflicts attacking a claim or an inference.
const ATTACKS_ON: &str = "SELECT ?t ?ca { ?ca aif:Conclusion ?t . ?ca a aif:CA-node }";
const I_NODE: &str = "http://www.arg.tech/aif#I-node";
const RA_NODE: &str = "http://www.arg.tech/aif#RA-node";
const CA_NODE: &str = "http://www.arg.tech/aif#CA-node";
/// Nodes named in one `VALUES` block: small enough for any endpoint's request size.
const VALUES_CHUNK: usize = 200;

/// `query` with its pattern restricted to `?var` among `nodes` (named nodes): a `VALUES`
/// block at the start of its outer group.
fn restricted(query: &str, var: &str, nodes: &[Term]) -> String {
    let values: Vec<String> = nodes
        .iter()
        .filter(|n| is_named(n))
        .map(|n| n.to_string())
        .collect();
    match query.find('{') {
        Some(at) => format!(
            "{}{{ VALUES ?{var} {{ {} }}{}",
            &query[..at],
            values.join(" "),
            &query[at + 1..]
        ),
        None => query.to_owned(),
    }
}

fn is_named(term: &Term) -> bool {
    matches!(term, Term::NamedNode(_))
}

type Row = Vec<Option<Term>>;

fn rows(store: &Store, prefixes: &Prefixes, text: &str) -> Result<Vec<Row>, QueryError> {
    match query::execute(store, prefixes, &QueryRequest::new(text), None)? {
        QueryOutcome::Solutions { rows, .. } => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

/// The rows of a SELECT run on `target`.
fn target_rows(target: &Target<'_>, text: &str) -> Result<Vec<Row>, EndpointError> {
    match target.query(&QueryRequest::new(text))? {
        QueryOutcome::Solutions { rows, .. } => Ok(rows),
        _ => Ok(Vec::new()),
    }
}

/// Adds a term to a list; [`dedupe`] removes the repeats once the list is read (checking
/// each addition against the list made a fan of 30,000 inferences quadratic).
fn add(list: &mut Vec<Term>, term: &Option<Term>) {
    if let Some(term) = term {
        list.push(term.clone());
    }
}

/// Keeps the first occurrence of each term, in order.
fn dedupe(list: &mut Vec<Term>) {
    if list.len() > 1 {
        let mut seen = HashSet::with_capacity(list.len());
        list.retain(|term| seen.insert(term.clone()));
    }
}

/// The lexical value of a literal.
pub fn literal(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// The last segment of a name or IRI (`arg:PredictiveClaim` → `PredictiveClaim`).
pub fn local_name(name: &str) -> String {
    name.rsplit([':', '#', '/'])
        .next()
        .unwrap_or(name)
        .to_owned()
}

/// `; did you mean a, b?` after an unknown name, or nothing.
pub fn did_you_mean(similar: &[String]) -> String {
    if similar.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", similar.join(", "))
    }
}

/// Keeps the smaller of an old and a new value, so that a choice among several is stable.
fn keep_least(slot: &mut Option<String>, value: Option<String>) {
    if let Some(value) = value
        && slot.as_ref().is_none_or(|old| value < *old)
    {
        *slot = Some(value);
    }
}

impl Argument {
    /// Reads the whole map from `store`.
    pub fn read(store: &Store, prefixes: &Prefixes) -> Result<Self, QueryError> {
        Self::read_with(prefixes, |text| rows(store, prefixes, text))
    }

    /// [`Self::read`], through `target` (which may stop between the queries).
    pub fn read_on(target: &Target<'_>, prefixes: &Prefixes) -> Result<Self, EndpointError> {
        Self::read_with(prefixes, |text| target_rows(target, text))
    }

    /// Reads the map with a few SELECTs, each answered by `rows`.
    fn read_with<E>(
        prefixes: &Prefixes,
        rows: impl Fn(&str) -> Result<Vec<Row>, E>,
    ) -> Result<Self, E> {
        let mut map = Self::default();
        map.absorb_claims(rows(CLAIMS)?);
        map.absorb_kinds(rows(KINDS)?, prefixes);
        map.absorb_quotes(rows(QUOTES)?);
        map.absorb_inferences(rows(INFERENCES)?, prefixes);
        map.absorb_conflicts(rows(CONFLICTS)?, prefixes);
        for row in rows(MAIN)? {
            add(&mut map.main_conclusions, &row[0]);
        }
        if map.main_conclusions.is_empty() {
            for row in rows(FINAL)? {
                add(&mut map.main_conclusions, &row[0]);
            }
        }
        map.main_conclusions.sort_by_cached_key(|t| t.to_string());
        map.main_conclusions.dedup();
        map.absorb_questions(rows(QUESTIONS)?, prefixes);
        map.index();
        Ok(map)
    }

    /// Reads the part of the map under `root` (a claim, an inference or a conflict): its
    /// supports and attacks, theirs, and so on down to `levels` claim levels below the root
    /// (`None`: all), plus the S-nodes under the last level, so that a view can say there is
    /// more. A few queries per level, each for the nodes of that level only (`VALUES`), so
    /// the cost follows the part read, not the corpus: `.tree` at a million claims reads
    /// what it shows. Main conclusions are not read. Blank nodes cannot be named in a query,
    /// so a blank claim, inference or conflict ends its branch.
    pub fn read_around(
        target: &Target<'_>,
        prefixes: &Prefixes,
        root: &Term,
        levels: Option<usize>,
    ) -> Result<Self, EndpointError> {
        let rows = |text: &str| target_rows(target, text);
        let mut map = Self::default();
        let of = |query: &str, var: &str, nodes: &[Term]| -> Result<Vec<Row>, EndpointError> {
            let mut all = Vec::new();
            for chunk in nodes.chunks(VALUES_CHUNK) {
                all.extend(rows(&restricted(query, var, chunk))?);
            }
            Ok(all)
        };
        let one = std::slice::from_ref(root);
        // Claims to read at this level; S-nodes to read whole (their premises, attackers,
        // scheme, ...): those under a claim that is expanded, and a root S-node.
        let mut claims: Vec<Term> = Vec::new();
        let mut inferences: Vec<Term> = Vec::new();
        let mut conflicts: Vec<Term> = Vec::new();
        for row in of(KIND_OF, "n", one)? {
            match &row[1] {
                Some(Term::NamedNode(kind)) if kind.as_str() == I_NODE => claims.push(root.clone()),
                Some(Term::NamedNode(kind)) if kind.as_str() == RA_NODE => {
                    inferences.push(root.clone())
                }
                Some(Term::NamedNode(kind)) if kind.as_str() == CA_NODE => {
                    conflicts.push(root.clone())
                }
                _ => {}
            }
        }
        let mut seen: HashSet<Term> = HashSet::new();
        // Nodes whose own description is read: the claims of the levels, and the conclusions
        // and targets of the S-nodes read whole, which a picture draws too.
        let mut informed: HashSet<Term> = HashSet::new();
        let read_claims = |map: &mut Self,
                           informed: &mut HashSet<Term>,
                           claims: &[Term]|
         -> Result<(), EndpointError> {
            let new: Vec<Term> = claims
                .iter()
                .filter(|c| informed.insert((*c).clone()))
                .cloned()
                .collect();
            map.absorb_claims(of(CLAIMS, "c", &new)?);
            map.absorb_kinds(of(KINDS, "c", &new)?, prefixes);
            map.absorb_quotes(of(QUOTES, "c", &new)?);
            Ok(())
        };
        let mut level = 0;
        loop {
            claims.retain(|c| is_named(c) && seen.insert(c.clone()));
            if claims.is_empty() && inferences.is_empty() && conflicts.is_empty() {
                break;
            }
            read_claims(&mut map, &mut informed, &claims)?;
            // Every claim read knows its supports and attacks, so that a view can say there is
            // more below it; those of a claim above the last level are read whole.
            let expand = levels.is_none_or(|levels| level < levels);
            for row in of(SUPPORTS_OF, "c", &claims)? {
                if let Some(ra) = &row[1] {
                    let stub = map.inferences.entry(ra.clone()).or_default();
                    add(&mut stub.conclusions, &row[0]);
                    if expand {
                        add(&mut inferences, &row[1]);
                    }
                }
            }
            for row in of(ATTACKS_ON, "t", &claims)? {
                if let Some(ca) = &row[1] {
                    let stub = map.conflicts.entry(ca.clone()).or_default();
                    add(&mut stub.targets, &row[0]);
                    if expand {
                        add(&mut conflicts, &row[1]);
                    }
                }
            }
            inferences.retain(|ra| is_named(ra) && seen.insert(ra.clone()));
            map.absorb_inferences(of(INFERENCES, "ra", &inferences)?, prefixes);
            // Undercuts hang under the inference they attack.
            for row in of(ATTACKS_ON, "t", &inferences)? {
                add(&mut conflicts, &row[1]);
            }
            conflicts.retain(|ca| is_named(ca) && seen.insert(ca.clone()));
            map.absorb_conflicts(of(CONFLICTS, "ca", &conflicts)?, prefixes);
            // What the S-nodes read whole point to (`ends`) and come from (`next`, the claims
            // of the next level).
            let mut ends: Vec<Term> = Vec::new();
            let mut next: Vec<Term> = Vec::new();
            for ra in &inferences {
                if let Some(inference) = map.inferences.get(ra) {
                    ends.extend(inference.conclusions.iter().cloned());
                    next.extend(inference.premises.iter().cloned());
                }
            }
            for ca in &conflicts {
                if let Some(conflict) = map.conflicts.get(ca) {
                    ends.extend(conflict.targets.iter().cloned());
                    next.extend(conflict.attackers.iter().cloned());
                }
            }
            ends.retain(|end| is_named(end) && !informed.contains(end));
            read_claims(&mut map, &mut informed, &ends)?;
            // An undercut's target is an inference, drawn with its scheme.
            map.absorb_inferences(of(INFERENCES, "ra", &ends)?, prefixes);
            next.retain(|c| !seen.contains(c));
            next.sort_by_cached_key(|t| t.to_string());
            next.dedup();
            // A root S-node's claims are on the root's level, as a picture counts them.
            if !claims.is_empty() {
                level += 1;
            }
            claims = next;
            inferences.clear();
            conflicts.clear();
        }
        let mut schemes: Vec<Term> = map
            .inferences
            .values()
            .filter_map(|i| i.scheme_iri.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        schemes.sort_by_cached_key(|t| t.to_string());
        map.absorb_questions(of(QUESTIONS, "scheme", &schemes)?, prefixes);
        map.index();
        Ok(map)
    }

    fn absorb_claims(&mut self, rows: Vec<Row>) {
        for row in rows {
            let Some(c) = row[0].clone() else { continue };
            let claim = self.claims.entry(c).or_default();
            keep_least(&mut claim.text, literal(&row[1]));
            claim.qualifiers.extend(literal(&row[2]));
            claim.unstated |= literal(&row[3]).is_some_and(|v| v == "true" || v == "1");
        }
    }

    fn absorb_kinds(&mut self, rows: Vec<Row>, prefixes: &Prefixes) {
        for row in rows {
            let (Some(c), Some(kind)) = (&row[0], &row[1]) else {
                continue;
            };
            if let Some(claim) = self.claims.get_mut(c) {
                let label = literal(&row[2])
                    .unwrap_or_else(|| local_name(&term_text(kind.as_ref(), prefixes)));
                claim.kinds.insert(label);
            }
        }
    }

    fn absorb_quotes(&mut self, rows: Vec<Row>) {
        for row in rows {
            let (Some(c), Some(exact)) = (&row[0], literal(&row[1])) else {
                continue;
            };
            let quote = Quote {
                start: literal(&row[2])
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(u64::MAX),
                exact,
                prefix: literal(&row[3]),
                suffix: literal(&row[4]),
                source: literal(&row[5]),
            };
            if let Some(claim) = self.claims.get_mut(c)
                && claim.quote.as_ref().is_none_or(|old| quote < *old)
            {
                claim.quote = Some(quote);
            }
        }
    }

    fn absorb_inferences(&mut self, rows: Vec<Row>, prefixes: &Prefixes) {
        for row in rows {
            let Some(ra) = row[0].clone() else { continue };
            let inference = self.inferences.entry(ra).or_default();
            add(&mut inference.conclusions, &row[1]);
            add(&mut inference.premises, &row[2]);
            if let Some(scheme) = &row[3] {
                let label = literal(&row[4])
                    .unwrap_or_else(|| local_name(&term_text(scheme.as_ref(), prefixes)));
                if inference.scheme.as_ref().is_none_or(|s| label < *s) {
                    inference.scheme = Some(label);
                    inference.scheme_iri = Some(scheme.clone());
                }
            }
            inference.qualifiers.extend(literal(&row[5]));
            if let (Some(from), Some(to)) = (literal(&row[6]), literal(&row[7])) {
                let cases = (from, to);
                if inference.analogy.as_ref().is_none_or(|old| cases < *old) {
                    inference.analogy = Some(cases);
                }
            }
        }
    }

    fn absorb_conflicts(&mut self, rows: Vec<Row>, prefixes: &Prefixes) {
        let name = |t: &Term| term_text(t.as_ref(), prefixes);
        for row in rows {
            let Some(ca) = row[0].clone() else { continue };
            let conflict = self.conflicts.entry(ca).or_default();
            if let Some(Term::NamedNode(kind)) = &row[1] {
                conflict.kind = match kind.as_str().rsplit('#').next() {
                    Some("Rebut") => Some("REBUT"),
                    Some("Undermine") => Some("UNDERMINE"),
                    Some("Undercut") => Some("UNDERCUT"),
                    _ => conflict.kind,
                };
            }
            add(&mut conflict.targets, &row[2]);
            add(&mut conflict.attackers, &row[3]);
            if let Some(raiser) = &row[4] {
                conflict
                    .raisers
                    .insert(literal(&row[5]).unwrap_or_else(|| name(raiser)));
            }
            if let Some(answer) = &row[6] {
                conflict.answers.insert(name(answer));
            }
            conflict.by_author |= literal(&row[7]).is_some_and(|v| v == "true");
            conflict.questions.extend(literal(&row[8]));
        }
    }

    fn absorb_questions(&mut self, rows: Vec<Row>, prefixes: &Prefixes) {
        let mut questions: HashMap<Term, Vec<(u64, String, String)>> = HashMap::new();
        for row in rows {
            let (Some(scheme), Some(cq)) = (&row[0], &row[1]) else {
                continue;
            };
            let order = literal(&row[2])
                .and_then(|o| o.parse().ok())
                .unwrap_or(u64::MAX);
            let text = literal(&row[3])
                .or_else(|| literal(&row[4]))
                .unwrap_or_else(|| term_text(cq.as_ref(), prefixes));
            let list = questions.entry(scheme.clone()).or_default();
            let entry = (order, cq.to_string(), text);
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
        for (scheme, mut list) in questions {
            list.sort();
            // One text per question (a question with two texts keeps the first).
            list.dedup_by(|a, b| a.1 == b.1);
            self.critical_questions
                .insert(scheme, list.into_iter().map(|(_, _, text)| text).collect());
        }
    }

    /// Indexes the inferences by conclusion and the conflicts by target, so that a view asks
    /// for a node's supports and attacks in time proportional to their number.
    fn index(&mut self) {
        self.supported_by.clear();
        self.attacked_by.clear();
        for inference in self.inferences.values_mut() {
            dedupe(&mut inference.conclusions);
            dedupe(&mut inference.premises);
        }
        for conflict in self.conflicts.values_mut() {
            dedupe(&mut conflict.targets);
            dedupe(&mut conflict.attackers);
        }
        for (ra, inference) in &self.inferences {
            for conclusion in &inference.conclusions {
                self.supported_by
                    .entry(conclusion.clone())
                    .or_default()
                    .push(ra.clone());
            }
        }
        for (ca, conflict) in &self.conflicts {
            for target in &conflict.targets {
                self.attacked_by
                    .entry(target.clone())
                    .or_default()
                    .push(ca.clone());
            }
        }
    }

    /// Whether `term` is a claim, an inference or a conflict of the map.
    pub fn contains(&self, term: &Term) -> bool {
        self.claims.contains_key(term)
            || self.inferences.contains_key(term)
            || self.conflicts.contains_key(term)
    }

    /// Reading order of a claim: where its quote starts; unquoted ones last, then by name.
    pub fn order(&self, term: &Term) -> (u64, String) {
        let start = self
            .claims
            .get(term)
            .and_then(|c| c.quote.as_ref())
            .map_or(u64::MAX, |q| q.start);
        (start, term.to_string())
    }

    /// Claims in reading order.
    pub fn sorted<'a>(&self, terms: impl Iterator<Item = &'a Term>) -> Vec<Term> {
        let mut terms: Vec<Term> = terms.cloned().collect();
        terms.sort_by_cached_key(|t| self.order(t));
        terms
    }

    /// Reading order of a group of claims: that of its first claim in the text.
    fn first(&self, claims: &[Term]) -> u64 {
        claims
            .iter()
            .map(|c| self.order(c).0)
            .min()
            .unwrap_or(u64::MAX)
    }

    /// Inferences concluding `claim`, in the order the text gives their premises.
    pub fn supports(&self, claim: &Term) -> Vec<Term> {
        let found = self.supported_by.get(claim).map_or(&[][..], Vec::as_slice);
        self.in_text_order(
            found
                .iter()
                .filter_map(|ra| self.inferences.get(ra).map(|i| (ra, i.premises.as_slice()))),
        )
    }

    /// Conflicts targeting `node` (a claim or an inference), in the order the text gives the
    /// attacking claims.
    pub fn attacks(&self, node: &Term) -> Vec<Term> {
        let found = self.attacked_by.get(node).map_or(&[][..], Vec::as_slice);
        self.in_text_order(
            found
                .iter()
                .filter_map(|ca| self.conflicts.get(ca).map(|c| (ca, c.attackers.as_slice()))),
        )
    }

    /// S-nodes sorted by where their first claim stands in the text, then by name.
    fn in_text_order<'a>(&self, nodes: impl Iterator<Item = (&'a Term, &'a [Term])>) -> Vec<Term> {
        let mut found: Vec<(u64, String, Term)> = nodes
            .map(|(node, claims)| (self.first(claims), node.to_string(), node.clone()))
            .collect();
        found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        found.into_iter().map(|(_, _, node)| node).collect()
    }

    /// Names of claims and inferences that contain `wanted` (case-insensitive), at most five,
    /// asked of the store: for a root that [`Self::read_around`] did not find.
    pub fn similar_in(
        target: &Target<'_>,
        prefixes: &Prefixes,
        wanted: &str,
    ) -> Result<Vec<String>, EndpointError> {
        let needle = local_name(wanted).to_lowercase();
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        let literal = oxigraph::model::Literal::new_simple_literal(&needle);
        let text = format!(
            "SELECT DISTINCT ?n {{ VALUES ?kind {{ aif:I-node aif:RA-node }} ?n a ?kind \
             FILTER (isIRI(?n) && CONTAINS(LCASE(STR(?n)), {literal})) }} LIMIT 1000"
        );
        let mut similar: Vec<String> = match target.query(&QueryRequest::new(text))? {
            QueryOutcome::Solutions { rows, .. } => rows
                .iter()
                .filter_map(|row| row.first().cloned().flatten())
                .map(|t| term_text(t.as_ref(), prefixes))
                .filter(|n| n.to_lowercase().contains(&needle))
                .collect(),
            _ => Vec::new(),
        };
        similar.sort();
        similar.truncate(5);
        Ok(similar)
    }
}

/// The nodes described (`?n a ?type`) in one named graph.
pub fn nodes_in_graph(
    target: &Target<'_>,
    graph: &NamedNode,
) -> Result<HashSet<Term>, EndpointError> {
    let text = format!(
        "SELECT DISTINCT ?n {{ GRAPH <{}> {{ ?n a ?type }} }}",
        graph.as_str()
    );
    Ok(target_rows(target, &text)?
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect())
}
