//! A synthetic corpus in argmap's own vocabulary, for scale benchmarks and tests.
//!
//! The Rust port of `../shared/bench/gen_aif.py` (same shape, not the same random draws):
//! `claims` claims in documents of `per_doc` claims, each document in its own named graph
//! `<https://example.org/argmap-synthetic/graph/dD>`, shaped like
//! `graphs/ofwono-2024/author.ttl`:
//!
//! - `syn:dD-doc a arg:Document` with a title, creator, `arg:mainConclusion syn:dD-c0` and
//!   `arg:thesis syn:dD-c1`; an author and an analyst (`prov:Agent`, `schema:Person`);
//! - per claim `syn:dD-cI a aif:I-node, arg:<Kind>` with text, `arg:assertedBy`,
//!   `arg:inDocument` (5% of them `arg:unstated true`);
//! - per claim I >= 1 an RA-node `syn:dD-raI` with a scheme, premise I (and 30% of the time a
//!   second premise J > P) and conclusion P < I: a random recursive tree under the main
//!   conclusion, so the support graph is acyclic and `argmap check` must find no cycle;
//! - 1% of claims get a cross-document RA-node `syn:dD-rxI` from a claim of an earlier document;
//! - 0.3 conflicts per claim (CA-nodes typed `arg:Rebut`, `arg:Undermine` or `arg:Undercut`, the
//!   undercuts on an RA-node with its scheme's first critical question; an attack on a claim
//!   that an inference concludes is always a rebut, as `undermine-of-conclusion` wants).
//!
//! Included with `mod corpus;` from benches and `#[path = "../benches/corpus/mod.rs"]` from
//! tests (a folder, so that cargo does not take it for a bench target of its own).

#![allow(dead_code)] // each includer uses a part

use std::fmt::Write as _;
use std::io::{self, Write};

/// The namespace of the synthetic nodes (`syn:`).
pub const SYN: &str = "https://w3id.org/argmap/doc/synthetic/";
/// The prefix of the documents' graph IRIs.
pub const GRAPH: &str = "https://example.org/argmap-synthetic/graph/";

const KINDS: [&str; 7] = [
    "EmpiricalClaim",
    "HistoricalClaim",
    "CausalClaim",
    "PredictiveClaim",
    "EvaluativeClaim",
    "PolicyRecommendation",
    "ReportedFact",
];
const SCHEMES: [&str; 11] = [
    "DefaultInference",
    "ArgumentFromAnalogy",
    "ArgumentFromExample",
    "ArgumentFromCauseToEffect",
    "ArgumentFromSign",
    "ArgumentFromNegativeConsequences",
    "ArgumentFromPositiveConsequences",
    "ArgumentFromPrecedent",
    "PracticalReasoning",
    "ArgumentFromPositionToKnow",
    "ArgumentFromExpertOpinion",
];
const WORDS: [&str; 24] = [
    "tax",
    "policy",
    "growth",
    "evidence",
    "study",
    "shows",
    "because",
    "therefore",
    "however",
    "historically",
    "precedent",
    "analogy",
    "claim",
    "risk",
    "cost",
    "benefit",
    "data",
    "trend",
    "alliance",
    "deterrence",
    "aid",
    "war",
    "treaty",
    "escalation",
];

/// The shape of a corpus; [`Corpus::new`] gives gen_aif.py's defaults.
#[derive(Debug, Clone, Copy)]
pub struct Corpus {
    /// Number of claims in all.
    pub claims: usize,
    /// Claims per document (the last document may have fewer).
    pub per_doc: usize,
    /// Seed of the pseudo-random draws: the same seed gives the same bytes.
    pub seed: u64,
    /// Conflicts per claim.
    pub conflicts: f64,
    /// Share of inferences with a second (linked) premise.
    pub linked: f64,
    /// Share of claims supported from an earlier document.
    pub cross: f64,
    /// The number of the first document, so that a document written later (`d{first}`) is new
    /// to a store that holds documents `0..first` of the same shape, and links into them.
    pub first_document: usize,
}

/// What [`Corpus::write_trig`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Number of documents (named graphs).
    pub documents: usize,
    /// Number of triples.
    pub triples: usize,
}

/// SplitMix64: small, fast and reproducible; statistical quality is not the point here.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high); `low` when the range is empty.
    fn range(&mut self, low: usize, high: usize) -> usize {
        if high <= low {
            return low;
        }
        low + (self.next() % (high - low) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len())]
    }
}

impl Corpus {
    /// `claims` claims with gen_aif.py's defaults (100 per document, seed 42, 0.3 conflicts,
    /// 0.3 linked, 0.01 cross-document).
    pub fn new(claims: usize) -> Self {
        Self {
            claims,
            per_doc: 100,
            seed: 42,
            conflicts: 0.3,
            linked: 0.3,
            cross: 0.01,
            first_document: 0,
        }
    }

    /// The corpus as TriG, one named graph per document.
    pub fn write_trig(&self, out: &mut dyn Write) -> io::Result<Written> {
        let per_doc = self.per_doc.max(1);
        let documents = self.claims.div_ceil(per_doc);
        let sizes: Vec<usize> = (0..documents)
            .map(|d| per_doc.min(self.claims - d * per_doc))
            .collect();
        let mut rnd = Random(self.seed);
        let mut triples = 0;
        writeln!(
            out,
            "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
             @prefix aif: <http://www.arg.tech/aif#> .\n\
             @prefix prov: <http://www.w3.org/ns/prov#> .\n\
             @prefix dct: <http://purl.org/dc/terms/> .\n\
             @prefix schema: <http://schema.org/> .\n\
             @prefix arg: <https://w3id.org/argmap#> .\n\
             @prefix syn: <{SYN}> .\n"
        )?;
        // One document is built in memory, then written at once.
        let mut w = String::new();
        for (local, &k) in sizes.iter().enumerate() {
            let d = self.first_document + local;
            w.clear();
            let p = format!("syn:d{d}-");
            let _ = writeln!(w, "<{GRAPH}d{d}> {{");
            let _ = write!(
                w,
                "{p}doc a arg:Document ;\n    dct:title \"Synthetic document {d}\"@en ;\n    \
                 dct:creator {p}author ;\n    arg:mainConclusion {p}c0"
            );
            triples += 4;
            if k > 1 {
                let _ = write!(w, " ;\n    arg:thesis {p}c1");
                triples += 1;
            }
            w.push_str(" .\n");
            for role in ["author", "analyst"] {
                let _ = writeln!(
                    w,
                    "{p}{role} a prov:Agent , schema:Person ; rdfs:label \"{role} of document {d}\" ."
                );
                triples += 3;
            }
            for i in 0..k {
                let words: Vec<&str> = (0..6).map(|_| rnd.pick(&WORDS)).collect();
                let _ = write!(
                    w,
                    "{p}c{i} a aif:I-node , arg:{} ;\n    aif:claimText \"Claim {d}-{i}: {}.\"@en ;\n    \
                     arg:assertedBy {p}author ;\n    arg:inDocument {p}doc",
                    rnd.pick(&KINDS),
                    words.join(" ")
                );
                triples += 5;
                if i > 0 && rnd.unit() < 0.05 {
                    w.push_str(" ;\n    arg:unstated true");
                    triples += 1;
                }
                w.push_str(" .\n");
            }
            // schemes[i] is the scheme of ra{i}; claim 0 has no inference.
            let mut schemes = vec![SCHEMES[0]];
            // Which claims an inference concludes: an attack on one of those is a rebut (an
            // undermine attacks a premise that nothing here argues for).
            let mut concluded = vec![false; k];
            for i in 1..k {
                let parent = rnd.range(0, i);
                concluded[parent] = true;
                let mut premises = vec![i];
                if rnd.unit() < self.linked {
                    let j = rnd.range(parent + 1, k);
                    if j != i {
                        premises.push(j);
                    }
                }
                let scheme = rnd.pick(&SCHEMES);
                schemes.push(scheme);
                let premises: Vec<String> = premises.iter().map(|x| format!("{p}c{x}")).collect();
                let _ = write!(
                    w,
                    "{p}ra{i} a aif:RA-node ;\n    arg:scheme arg:{scheme} ;\n    \
                     aif:Premise {} ;\n    aif:Conclusion {p}c{parent} ;\n    arg:inDocument {p}doc .\n",
                    premises.join(" , ")
                );
                triples += 4 + premises.len();
            }
            if d > 0 {
                for (i, concluded) in concluded.iter_mut().enumerate() {
                    if rnd.unit() < self.cross {
                        *concluded = true;
                        let d2 = rnd.range(0, d);
                        // Documents before the first are taken to be full.
                        let size = d2
                            .checked_sub(self.first_document)
                            .map_or(per_doc, |l| sizes[l]);
                        let c2 = rnd.range(0, size);
                        let _ = write!(
                            w,
                            "{p}rx{i} a aif:RA-node ;\n    arg:scheme arg:ArgumentFromExpertOpinion ;\n    \
                             aif:Premise syn:d{d2}-c{c2} ;\n    aif:Conclusion {p}c{i} ;\n    \
                             arg:inDocument {p}doc .\n"
                        );
                        triples += 5;
                    }
                }
            }
            let conflicts = if k > 1 {
                (0..k).filter(|_| rnd.unit() < self.conflicts).count()
            } else {
                0
            };
            for c in 0..conflicts {
                let r = rnd.unit();
                let attacker = rnd.range(0, k);
                let (kind, target, extra) = if r < 0.2 {
                    let mut ra = rnd.range(1, k);
                    while ra == attacker && k > 2 {
                        ra = rnd.range(1, k);
                    }
                    (
                        "Undercut",
                        format!("{p}ra{ra}"),
                        format!(" ;\n    arg:criticalQuestion arg:{}-CQ1", schemes[ra]),
                    )
                } else {
                    let mut t = rnd.range(0, k);
                    while t == attacker {
                        t = rnd.range(0, k);
                    }
                    let kind = if r < 0.6 || concluded[t] {
                        "Rebut"
                    } else {
                        "Undermine"
                    };
                    (kind, format!("{p}c{t}"), String::new())
                };
                let who = if rnd.unit() < 0.5 {
                    "analyst"
                } else {
                    "author"
                };
                let _ = write!(
                    w,
                    "{p}ca{c} a aif:CA-node , arg:{kind} ;\n    aif:Premise {p}c{attacker} ;\n    \
                     aif:Conclusion {target} ;\n    arg:raisedBy {p}{who} ;\n    \
                     arg:inDocument {p}doc{extra} .\n"
                );
                triples += 6 + usize::from(!extra.is_empty());
            }
            w.push_str("}\n");
            out.write_all(w.as_bytes())?;
        }
        Ok(Written { documents, triples })
    }

    /// The corpus as a TriG file at `path`.
    pub fn write_trig_file(&self, path: &std::path::Path) -> io::Result<Written> {
        let mut file = io::BufWriter::new(std::fs::File::create(path)?);
        let written = self.write_trig(&mut file)?;
        file.flush()?;
        Ok(written)
    }
}
