//! Quote anchors computed for the author: the words of a quote are found in the source text and
//! the full W3C Web Annotation anchor is written — a `TextQuoteSelector` with `oa:exact`,
//! `oa:prefix` and `oa:suffix` ([`CONTEXT`] code points each, as in the bundled maps) and a
//! `TextPositionSelector` with `oa:start`/`oa:end` in Unicode code points (0-based, end
//! exclusive), the shape `argmap check` verifies.
//!
//! A quote is looked for verbatim first, then with whitespace, curly quotes and dashes
//! normalised (an author types `'` where the text has `’`); a normalised match is anchored with
//! the source's own words as `oa:exact`. A quote that occurs more than once needs a hint: the
//! words just before it ([`Hints::prefix`]) or after it, or its occurrence number. A quote that
//! is nowhere is an error naming the closest passage, found by voting on shared word pairs, so
//! the search is linear in the text rather than quote length times text length.
//!
//! ```
//! use argmap::anchor::{Hints, Text};
//! let text = Text::new("op-ed.txt", "It is “firm” — and firm again.");
//! let anchor = text.locate("firm", &Hints { occurrence: Some(2), ..Hints::default() })?;
//! assert_eq!((anchor.start, anchor.end), (19, 23));
//! // Straight quotes and a hyphen still find the typographic original, which is kept verbatim.
//! let loose = text.locate("\"firm\" - and", &Hints::default())?;
//! assert_eq!(loose.exact, "“firm” — and");
//! assert_eq!(loose.prefix, "It is ");
//! // Twice, and no hint: the error says where, and how to choose.
//! let error = text.locate("firm", &Hints::default()).unwrap_err();
//! assert!(error.to_string().contains("occurs 2 times"));
//! # Ok::<_, argmap::anchor::AnchorError>(())
//! ```

use crate::prefixes::ARG;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Code points of context kept before and after a quote (`oa:prefix`, `oa:suffix`).
pub const CONTEXT: usize = 32;

const OA: &str = "http://www.w3.org/ns/oa#";

/// Why a quote could not be anchored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The quote has no words.
    #[error("the quote is empty")]
    Empty,
    /// The quote is not in the text, even normalised.
    #[error(
        "{quote} occurs nowhere in {origin}, not even with whitespace, quotes and dashes normalised; {}",
        match closest { Some(p) => format!("the closest passage is {p}"), None => "no passage shares two consecutive words with it".to_owned() }
    )]
    NotFound {
        /// The quote, shortened.
        quote: String,
        /// The source text.
        origin: String,
        /// The passage sharing the most word pairs with the quote.
        closest: Option<Passage>,
    },
    /// The quote occurs several times and nothing says which is meant.
    #[error(
        "{quote} occurs {} times in {origin}: {}; say which with {how}",
        places.len(), list(places)
    )]
    Ambiguous {
        /// The quote, shortened.
        quote: String,
        /// The source text.
        origin: String,
        /// Every occurrence.
        places: Vec<Passage>,
        /// The keys that choose one, in the input's own terms.
        how: String,
    },
    /// The prefix or suffix given fits none of the occurrences.
    #[error("{quote} occurs in {origin} at {}, but never {what}", list(places))]
    ContextNotFound {
        /// The quote, shortened.
        quote: String,
        /// The source text.
        origin: String,
        /// `after "…"` / `before "…"`, as given.
        what: String,
        /// Every occurrence.
        places: Vec<Passage>,
    },
    /// An anchor's source text is not among those given.
    #[error("its source text {file_name:?} is not in {searched}")]
    SourceUnknown {
        /// The source's `arg:fileName`.
        file_name: String,
        /// Where texts were looked for.
        searched: String,
    },
    /// An anchor names no source file.
    #[error("its oa:hasSource has no arg:fileName naming the source text")]
    NoSource,
    /// Anchors of a graph that could not be filled, each with its claim.
    #[error("{} quote(s) cannot be anchored:\n{}", .0.len(), .0.iter().map(|f| format!("  {}: {}", f.node, f.error)).collect::<Vec<_>>().join("\n"))]
    Failures(Vec<Failure>),
    /// The occurrence number is larger than the count.
    #[error("occurrence {occurrence} is asked for, but {quote} occurs {count} time(s) in {origin}")]
    NoSuchOccurrence {
        /// The quote, shortened.
        quote: String,
        /// The source text.
        origin: String,
        /// As given (1-based).
        occurrence: usize,
        /// How many there are.
        count: usize,
    },
}

fn list(places: &[Passage]) -> String {
    places
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One anchor that could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The claim that quotes, as written in N-Triples.
    pub node: String,
    /// Why.
    pub error: AnchorError,
}

/// A stretch of the source text, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Code-point offsets.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in code points.
    pub column: usize,
    /// The words there (shortened).
    pub text: String,
}

impl fmt::Display for Passage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}..{} (line {}, column {})",
            self.text, self.start, self.end, self.line, self.column
        )
    }
}

/// Shortens a quote for a message; quoted and escaped, so that a line break shows as `\n`.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{:?}", format!("{cut}…"))
    }
}

/// What picks one occurrence among several.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// Words just before the quote (compared normalised; any length).
    pub prefix: Option<String>,
    /// Words just after it.
    pub suffix: Option<String>,
    /// 1-based, counted among the occurrences that fit the prefix and suffix.
    pub occurrence: Option<usize>,
    /// How the user gives these, for the message when they are missing: e.g.
    /// "`quote-prefix:` (the words just before it) or `occurrence: N`".
    pub how: String,
}

/// A full anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The source's own words (differs from the quote as given when it matched normalised).
    pub exact: String,
    /// Up to [`CONTEXT`] code points before.
    pub prefix: String,
    /// Up to [`CONTEXT`] code points after.
    pub suffix: String,
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset after the last.
    pub end: usize,
    /// Whether it matched only after normalising whitespace, quotes and dashes.
    pub normalised: bool,
}

/// A source text indexed for searching: code points, line starts, and its normalised form.
#[derive(Debug)]
pub struct Text {
    origin: String,
    chars: Vec<char>,
    text: String,
    line_starts: Vec<usize>,
    loose: String,
    /// For each code point of `loose`, the code point of `text` it comes from.
    loose_map: Vec<usize>,
}

impl Text {
    /// Indexes `text`; `origin` names it in messages.
    pub fn new(origin: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        line_starts.extend(
            chars
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == '\n')
                .map(|(i, _)| i + 1),
        );
        let (loose, loose_map) = loosen_all(&chars);
        Self {
            origin: origin.into(),
            chars,
            text,
            line_starts,
            loose: loose.into_iter().collect(),
            loose_map,
        }
    }

    /// The name it goes by in messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The code points `start..end` (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars
            .get(start.min(end)..end)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    /// 1-based line and column of a code-point offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|s| *s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        (line, offset.saturating_sub(start) + 1)
    }

    fn passage(&self, start: usize, end: usize) -> Passage {
        let (line, column) = self.line_column(start);
        Passage {
            start,
            end,
            line,
            column,
            text: excerpt(&self.slice(start, end)),
        }
    }

    /// Every verbatim occurrence of `needle` (overlaps included), as code-point ranges.
    pub fn occurrences(&self, needle: &str) -> Vec<(usize, usize)> {
        let length = needle.chars().count();
        find_all(&self.text, needle)
            .into_iter()
            .map(|s| (s, s + length))
            .collect()
    }

    /// Occurrences with whitespace runs, curly quotes and dashes normalised on both sides, as
    /// code-point ranges of the original text.
    pub fn loose_occurrences(&self, needle: &str) -> Vec<(usize, usize)> {
        let needle_chars: Vec<char> = needle.chars().collect();
        let (loose, _) = loosen_all(&needle_chars);
        let needle: String = loose.into_iter().collect();
        let needle = needle.trim();
        let length = needle.chars().count();
        if length == 0 {
            return Vec::new();
        }
        find_all(&self.loose, needle)
            .into_iter()
            .filter_map(|i| {
                let start = *self.loose_map.get(i)?;
                let end = *self.loose_map.get(i + length - 1)? + 1;
                Some((start, end))
            })
            .collect()
    }

    /// Finds `quote` and returns its full anchor; see the module documentation.
    pub fn locate(&self, quote: &str, hints: &Hints) -> Result<Anchor, AnchorError> {
        if quote.trim().is_empty() {
            return Err(AnchorError::Empty);
        }
        let mut normalised = false;
        let mut found = self.occurrences(quote);
        if found.is_empty() {
            found = self.loose_occurrences(quote);
            normalised = true;
        }
        let shown = excerpt(quote);
        if found.is_empty() {
            return Err(AnchorError::NotFound {
                quote: shown,
                origin: self.origin.clone(),
                closest: self.closest(quote),
            });
        }
        let places = |ranges: &[(usize, usize)]| -> Vec<Passage> {
            ranges.iter().map(|(s, e)| self.passage(*s, *e)).collect()
        };
        let mut fitting = found.clone();
        let mut context = Vec::new();
        if let Some(prefix) = hints
            .prefix
            .as_deref()
            .map(normal)
            .filter(|p| !p.is_empty())
        {
            fitting.retain(|(s, _)| {
                let before = self.slice(s.saturating_sub(prefix.chars().count() * 2 + 8), *s);
                normal(&before).ends_with(&prefix)
            });
            context.push(format!("after {prefix:?}"));
        }
        if let Some(suffix) = hints
            .suffix
            .as_deref()
            .map(normal)
            .filter(|p| !p.is_empty())
        {
            fitting.retain(|(_, e)| {
                let after = self.slice(*e, e + suffix.chars().count() * 2 + 8);
                normal(&after).starts_with(&suffix)
            });
            context.push(format!("before {suffix:?}"));
        }
        if fitting.is_empty() {
            return Err(AnchorError::ContextNotFound {
                quote: shown,
                origin: self.origin.clone(),
                what: context.join(" and "),
                places: places(&found),
            });
        }
        let (start, end) = match (hints.occurrence, fitting.as_slice()) {
            (Some(n), _) => {
                *fitting
                    .get(n.wrapping_sub(1))
                    .ok_or(AnchorError::NoSuchOccurrence {
                        quote: shown,
                        origin: self.origin.clone(),
                        occurrence: n,
                        count: fitting.len(),
                    })?
            }
            (None, [one]) => *one,
            (None, _) => {
                return Err(AnchorError::Ambiguous {
                    quote: shown,
                    origin: self.origin.clone(),
                    places: places(&fitting),
                    how: if hints.how.is_empty() {
                        "a prefix or an occurrence number".to_owned()
                    } else {
                        hints.how.clone()
                    },
                });
            }
        };
        Ok(Anchor {
            exact: self.slice(start, end),
            prefix: self.slice(start.saturating_sub(CONTEXT), start),
            suffix: self.slice(end, end + CONTEXT),
            start,
            end,
            normalised,
        })
    }

    /// The passage sharing the most consecutive word pairs with `quote` (single words for a
    /// one-word quote), compared normalised and case-blind. Each pair of the quote votes for
    /// where the quote would start in the text; the best-voted start wins. The work is the
    /// text's words plus the votes, never quote length times text length.
    pub fn closest(&self, quote: &str) -> Option<Passage> {
        let quote_chars: Vec<char> = quote.chars().collect();
        let (loose_quote, _) = loosen_all(&quote_chars);
        let quote_words: Vec<String> = words(&loose_quote.into_iter().collect::<String>())
            .into_iter()
            .map(|(w, _, _)| w)
            .collect();
        if quote_words.is_empty() {
            return None;
        }
        let text_words = words(&self.loose);
        let width = if quote_words.len() >= 2 { 2 } else { 1 };
        let key = |ws: &[String]| ws.join(" ");
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for i in 0..text_words.len().saturating_sub(width - 1) {
            let gram: Vec<String> = text_words[i..i + width]
                .iter()
                .map(|(w, _, _)| w.clone())
                .collect();
            index.entry(key(&gram)).or_default().push(i);
        }
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for j in 0..quote_words.len().saturating_sub(width - 1) {
            let gram = key(&quote_words[j..j + width]);
            if !seen.insert(gram.clone()) {
                continue;
            }
            for &i in index.get(&gram).into_iter().flatten() {
                if i >= j {
                    *votes.entry(i - j).or_default() += 1;
                }
            }
        }
        let (&first, _) = votes
            .iter()
            .max_by(|(a, x), (b, y)| x.cmp(y).then(b.cmp(a)))?;
        let last = (first + quote_words.len())
            .min(text_words.len())
            .checked_sub(1)?;
        let (_, from, _) = text_words.get(first)?;
        let (_, _, to) = text_words.get(last)?;
        let start = *self.loose_map.get(*from)?;
        let end = *self.loose_map.get(to.checked_sub(1)?)? + 1;
        Some(self.passage(start, end))
    }
}

/// Byte offsets of `needle` in `haystack` (overlaps included) turned into code-point offsets,
/// counting the code points between hits only once.
fn find_all(haystack: &str, needle: &str) -> Vec<usize> {
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let (mut from, mut counted_byte, mut counted_chars) = (0, 0, 0);
    while let Some(at) = haystack.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + at;
        counted_chars += haystack
            .get(counted_byte..byte)
            .map_or(0, |s| s.chars().count());
        counted_byte = byte;
        found.push(counted_chars);
        from = byte
            + haystack
                .get(byte..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
    }
    found
}

/// The text a comparison sees: whitespace runs as one space, curly quotes and dashes as ASCII.
fn normal(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (loose, _) = loosen_all(&chars);
    loose.into_iter().collect::<String>().trim().to_owned()
}

fn loosen_all(chars: &[char]) -> (Vec<char>, Vec<usize>) {
    loosen(chars, true)
}

/// Collapses whitespace runs to one space and, if `typographic`, maps curly quotes and dashes
/// to ASCII; returns the new characters and, for each, its index in `chars`.
pub(crate) fn loosen(chars: &[char], typographic: bool) -> (Vec<char>, Vec<usize>) {
    let mut out = Vec::with_capacity(chars.len());
    let mut map = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            if out.last() != Some(&' ') {
                out.push(' ');
                map.push(i);
            }
            continue;
        }
        let replacement: &[char] = match c {
            _ if !typographic => &[],
            '‘' | '’' | '‛' | '′' | '`' => &['\''],
            '“' | '”' | '„' | '″' => &['"'],
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => &['-'],
            '…' => &['.', '.', '.'],
            _ => &[],
        };
        if replacement.is_empty() {
            out.push(c);
            map.push(i);
        } else {
            for r in replacement {
                out.push(*r);
                map.push(i);
            }
        }
    }
    (out, map)
}

/// Lower-cased words of a normalised text with their code-point ranges in it.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut index = 0;
    for c in text.chars() {
        if c.is_alphanumeric() {
            match &mut current {
                Some((w, _)) => w.extend(c.to_lowercase()),
                None => current = Some((c.to_lowercase().collect(), index)),
            }
        } else if let Some((w, start)) = current.take() {
            out.push((w, start, index));
        }
        index += 1;
    }
    if let Some((w, start)) = current {
        out.push((w, start, index));
    }
    out
}

fn oa(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{OA}{name}"))
}

/// The triples that complete an anchor: prefix and suffix on the quote selector, a position
/// selector on the resource. `oa:exact` is the caller's (it may need the verbatim words).
pub fn selector_triples(
    target: &NamedOrBlankNode,
    quote_selector: &NamedOrBlankNode,
    anchor: &Anchor,
) -> Vec<Triple> {
    let offset = |n: usize| Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER);
    let position = BlankNode::default();
    vec![
        Triple::new(
            quote_selector.clone(),
            oa("prefix"),
            Literal::new_simple_literal(&anchor.prefix),
        ),
        Triple::new(
            quote_selector.clone(),
            oa("suffix"),
            Literal::new_simple_literal(&anchor.suffix),
        ),
        Triple::new(target.clone(), oa("hasSelector"), position.clone()),
        Triple::new(
            position.clone(),
            rdf::TYPE.into_owned(),
            oa("TextPositionSelector"),
        ),
        Triple::new(position.clone(), oa("start"), offset(anchor.start)),
        Triple::new(position, oa("end"), offset(anchor.end)),
    ]
}

/// One anchor of a graph that lacks its context or offsets.
#[derive(Debug, Clone)]
pub struct Incomplete {
    /// The claim that quotes (or the anchor itself when nothing points at it).
    pub owner: Term,
    /// The `oa:SpecificResource`.
    pub target: NamedOrBlankNode,
    /// Its selector with `oa:exact`.
    pub selector: NamedOrBlankNode,
    /// The words.
    pub exact: String,
    /// The source's `arg:fileName`, if it has one.
    pub file_name: Option<String>,
    /// `oa:prefix` / `oa:suffix` already there, used as hints.
    pub hints: Hints,
    /// The triples the filled anchor replaces (old prefix, suffix and position selectors).
    pub stale: Vec<Triple>,
}

/// The anchors in `triples` that have an `oa:exact` but miss `oa:prefix`, `oa:suffix`,
/// `oa:start` or `oa:end`.
pub fn incomplete(triples: &[Triple]) -> Vec<Incomplete> {
    let about = |node: &NamedOrBlankNode| -> Vec<&Triple> {
        triples.iter().filter(|t| &t.subject == node).collect()
    };
    let object_of = |node: &NamedOrBlankNode, p: &str| -> Vec<Term> {
        about(node)
            .into_iter()
            .filter(|t| t.predicate.as_str() == p)
            .map(|t| t.object.clone())
            .collect()
    };
    let literal = |node: &NamedOrBlankNode, p: &str| {
        object_of(node, p).into_iter().find_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
    };
    let subject = |t: &Term| match t {
        Term::NamedNode(n) => Some(NamedOrBlankNode::from(n.clone())),
        Term::BlankNode(b) => Some(NamedOrBlankNode::from(b.clone())),
        _ => None,
    };
    let has_selector = format!("{OA}hasSelector");
    let mut targets: Vec<NamedOrBlankNode> = triples
        .iter()
        .filter(|t| t.predicate.as_str() == has_selector)
        .map(|t| t.subject.clone())
        .collect();
    targets.sort_by_cached_key(ToString::to_string);
    targets.dedup();
    let mut out = Vec::new();
    for target in targets {
        let selectors: Vec<NamedOrBlankNode> = object_of(&target, &has_selector)
            .iter()
            .filter_map(subject)
            .collect();
        let Some((selector, exact)) = selectors
            .iter()
            .find_map(|s| literal(s, &format!("{OA}exact")).map(|e| (s.clone(), e)))
        else {
            continue;
        };
        let prefix = literal(&selector, &format!("{OA}prefix"));
        let suffix = literal(&selector, &format!("{OA}suffix"));
        let positions: Vec<&NamedOrBlankNode> = selectors
            .iter()
            .filter(|s| {
                literal(s, &format!("{OA}start")).is_some()
                    || literal(s, &format!("{OA}end")).is_some()
            })
            .collect();
        let complete = prefix.is_some()
            && suffix.is_some()
            && positions.iter().any(|s| {
                literal(s, &format!("{OA}start")).is_some()
                    && literal(s, &format!("{OA}end")).is_some()
            });
        if complete {
            continue;
        }
        let mut stale: Vec<Triple> = about(&selector)
            .into_iter()
            .filter(|t| {
                matches!(
                    t.predicate.as_str().strip_prefix(OA),
                    Some("prefix" | "suffix")
                )
            })
            .cloned()
            .collect();
        for position in &positions {
            stale.extend(about(position).into_iter().cloned());
            stale.push(Triple::new(
                target.clone(),
                oa("hasSelector"),
                Term::from((*position).clone()),
            ));
        }
        let file_name = object_of(&target, &format!("{OA}hasSource"))
            .iter()
            .filter_map(subject)
            .find_map(|s| literal(&s, &format!("{ARG}fileName")));
        let target_term: Term = target.clone().into();
        let owner = triples
            .iter()
            .find(|t| t.predicate.as_str() == format!("{ARG}quote") && t.object == target_term)
            .map_or(target_term, |t| t.subject.clone().into());
        out.push(Incomplete {
            owner,
            target,
            selector,
            exact,
            file_name,
            hints: Hints {
                prefix,
                suffix,
                occurrence: None,
                how: "oa:prefix (the words just before it) or oa:suffix on its TextQuoteSelector"
                    .to_owned(),
            },
            stale,
        });
    }
    out
}

/// Completes one anchor of a graph: the triples to remove and to add.
pub fn complete(item: &Incomplete, text: &Text) -> Result<(Vec<Triple>, Vec<Triple>), AnchorError> {
    let anchor = text.locate(&item.exact, &item.hints)?;
    let mut remove = item.stale.clone();
    let mut add = selector_triples(&item.target, &item.selector, &anchor);
    if anchor.exact != item.exact {
        remove.push(Triple::new(
            item.selector.clone(),
            oa("exact"),
            Literal::new_simple_literal(&item.exact),
        ));
        add.push(Triple::new(
            item.selector.clone(),
            oa("exact"),
            Literal::new_simple_literal(&anchor.exact),
        ));
    }
    Ok((remove, add))
}

/// What [`fill`] did.
#[derive(Debug, Default)]
pub struct Filled {
    /// The graph with every anchor complete.
    pub triples: Vec<Triple>,
    /// Anchors filled.
    pub filled: usize,
    /// Of those, matched only after normalising (their `oa:exact` now has the source's words).
    pub normalised: usize,
}

/// Gives the text for a source's `arg:fileName` (`None`: not found).
pub type TextFor<'a> = dyn FnMut(&str) -> Result<Option<std::rc::Rc<Text>>, AnchorError> + 'a;

/// Fills every incomplete anchor of a graph, or reports every one that cannot be filled (and
/// changes nothing). `text_for` gives the text for a source's `arg:fileName`.
pub fn fill(triples: Vec<Triple>, text_for: &mut TextFor<'_>) -> Result<Filled, AnchorError> {
    let mut remove = std::collections::HashSet::new();
    let mut add = Vec::new();
    let mut failures = Vec::new();
    let mut filled = Filled::default();
    for item in incomplete(&triples) {
        let result = match &item.file_name {
            None => Err(AnchorError::NoSource),
            Some(name) => text_for(name).and_then(|text| match text {
                Some(text) => complete(&item, &text),
                None => Err(AnchorError::SourceUnknown {
                    file_name: name.clone(),
                    searched: "the --source files or the bundled sources/".to_owned(),
                }),
            }),
        };
        match result {
            Ok((old, new)) => {
                filled.filled += 1;
                let exact = format!("{OA}exact");
                filled.normalised += usize::from(new.iter().any(|t| t.predicate.as_str() == exact));
                remove.extend(old);
                add.extend(new);
            }
            Err(error) => failures.push(Failure {
                node: item.owner.to_string(),
                error,
            }),
        }
    }
    if !failures.is_empty() {
        return Err(AnchorError::Failures(failures));
    }
    filled.triples = triples
        .into_iter()
        .filter(|t| !remove.contains(t))
        .chain(add)
        .collect();
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points_and_context_is_clamped() {
        let text = Text::new("t", "“Aid” — then aid.");
        let a = text.locate("aid", &Hints::default()).unwrap();
        assert_eq!((a.start, a.end), (13, 16));
        assert_eq!(a.prefix, "“Aid” — then ");
        assert_eq!(a.suffix, ".");
        assert!(!a.normalised);
    }

    #[test]
    fn prefix_hint_picks_one_occurrence() {
        let text = Text::new("t", "we must act. They say we must act now.");
        let hints = Hints {
            prefix: Some("They  say".to_owned()),
            ..Hints::default()
        };
        let a = text.locate("we must act", &hints).unwrap();
        assert_eq!(a.start, 22);
        let none = Hints {
            prefix: Some("nobody".to_owned()),
            ..Hints::default()
        };
        assert!(matches!(
            text.locate("we must act", &none),
            Err(AnchorError::ContextNotFound { .. })
        ));
        let third = Hints {
            occurrence: Some(3),
            ..Hints::default()
        };
        assert!(matches!(
            text.locate("we must act", &third),
            Err(AnchorError::NoSuchOccurrence { count: 2, .. })
        ));
    }

    #[test]
    fn a_missing_quote_names_the_closest_passage() {
        let text = Text::new(
            "essay.txt",
            "First line.\nThe alliance chains dragged Europe into war in 1914.\nEnd.",
        );
        let error = text
            .locate("alliance chains pulled Europe into war", &Hints::default())
            .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("occurs nowhere in essay.txt"), "{message}");
        assert!(
            message.contains("\"alliance chains dragged Europe into war\""),
            "{message}"
        );
        assert!(message.contains("line 2, column 5"), "{message}");
    }

    #[test]
    fn a_long_text_is_searched_without_blowup() {
        // 40,000 words of one repeated pair: a window search would compare every start.
        let text = Text::new("t", "the war ".repeat(20_000));
        let error = text.locate("the peace the war the peace", &Hints::default());
        let Err(AnchorError::NotFound {
            closest: Some(p), ..
        }) = error
        else {
            panic!("expected the closest passage, got {error:?}");
        };
        assert_eq!(p.text, "\"the war the war the war\"");
    }
}
