//! Quote verification: every quote anchor (`oa:SpecificResource`) is checked against the source
//! text it names.
//!
//! An anchor names its source with `oa:hasSource`; the source resource names its file with
//! `arg:fileName`, looked up in `--sources DIR` first, then in the `sources/` bundled into the
//! binary. The `oa:exact` text must be the text between `oa:start` and `oa:end`, and `oa:prefix`
//! / `oa:suffix` must be the text immediately before and after. Offsets count Unicode code points
//! (0-based, end exclusive), as the Web Annotation model says: in a text with curly quotes and
//! dashes, byte offsets (or UTF-16 offsets) are wrong, and the report says so when it sees them.
//!
//! On a mismatch the report says where the exact text does occur — verbatim, or else with
//! whitespace, quotes and dashes normalised — so that the fix is one edit.

use super::{Check, CheckError, CheckInfo, Context, Hit, Severity};
use crate::anchor::loosen;
use crate::bundled;
use crate::prefixes::ARG;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::StorageError;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

const OA: &str = "http://www.w3.org/ns/oa#";

/// Errors of reading source texts.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    /// `--sources` is not a readable folder.
    #[error("--sources {path}: {reason}")]
    SourcesDir {
        /// The folder given.
        path: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A source text exists but cannot be read.
    #[error("cannot read source text {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// The error.
        source: io::Error,
    },
    /// A source text is not UTF-8, so its code points are unknown.
    #[error("source text {file} is not UTF-8 (byte {offset}); save it as UTF-8")]
    Encoding {
        /// The file.
        file: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

/// A source text, with its code points indexed.
#[derive(Debug)]
pub struct SourceText {
    /// Where it was read from: `sources/NAME` (bundled) or the path in `--sources`.
    pub origin: String,
    /// The text.
    pub text: String,
    chars: Vec<char>,
}

impl SourceText {
    /// A text from its origin and content.
    pub fn new(origin: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            origin: origin.into(),
            chars: text.chars().collect(),
            text,
        }
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The code points `start..end`, or `None` outside the text.
    pub fn slice(&self, start: usize, end: usize) -> Option<String> {
        (start <= end && end <= self.chars.len()).then(|| self.chars[start..end].iter().collect())
    }

    /// Every code-point range where `needle` occurs verbatim (overlaps included).
    ///
    /// ```
    /// use argmap::check::quotes::SourceText;
    /// let text = SourceText::new("t.txt", "“Aid” — then “aid”.");
    /// // Code points, not bytes: “ and — take 3 bytes each in UTF-8.
    /// assert_eq!(text.occurrences("aid"), vec![(14, 17)]);
    /// ```
    pub fn occurrences(&self, needle: &str) -> Vec<(usize, usize)> {
        let length = needle.chars().count();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = self.text[from..].find(needle) {
            let byte = from + at;
            let start = self.text[..byte].chars().count();
            found.push((start, start + length));
            // Step one character on, to find overlapping occurrences too.
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
            if needle.is_empty() || from > self.text.len() {
                break;
            }
        }
        found
    }

    /// Occurrences after normalising whitespace (and, if `typographic`, quotes and dashes) in
    /// both the text and the needle, as code-point ranges of the original text.
    pub fn loose_occurrences(&self, needle: &str, typographic: bool) -> Vec<(usize, usize)> {
        let (text, map) = loosen(&self.chars, typographic);
        let needle_chars: Vec<char> = needle.chars().collect();
        let (needle, _) = loosen(&needle_chars, typographic);
        let trimmed: Vec<char> = {
            let start = needle
                .iter()
                .position(|c| *c != ' ')
                .unwrap_or(needle.len());
            let end = needle
                .iter()
                .rposition(|c| *c != ' ')
                .map_or(start, |e| e + 1);
            needle[start..end].to_vec()
        };
        if trimmed.is_empty() || trimmed.len() > text.len() {
            return Vec::new();
        }
        text.windows(trimmed.len())
            .enumerate()
            .filter(|(_, window)| *window == trimmed.as_slice())
            .map(|(i, _)| (map[i], map[i + trimmed.len() - 1] + 1))
            .collect()
    }

    /// 1-based line and column (in code points) of a code-point offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.chars[..offset.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let column = before.iter().rev().take_while(|c| **c != '\n').count() + 1;
        (line, column)
    }

    /// The UTF-8 byte offset and the UTF-16 offset of a code-point offset.
    fn other_units(&self, offset: usize) -> (usize, usize) {
        let before = &self.chars[..offset.min(self.chars.len())];
        (
            before.iter().map(|c| c.len_utf8()).sum(),
            before.iter().map(|c| c.len_utf16()).sum(),
        )
    }
}

/// The source texts of a check run: `--sources DIR`, then the bundled `sources/`.
#[derive(Debug)]
pub struct SourceTexts {
    dir: Option<PathBuf>,
    cache: RefCell<BTreeMap<String, Option<Rc<SourceText>>>>,
}

impl SourceTexts {
    /// Source texts from `dir` (which must be a folder) and the bundled ones.
    pub fn new(dir: Option<PathBuf>) -> Result<Self, QuoteError> {
        if let Some(dir) = &dir
            && !dir.is_dir()
        {
            return Err(QuoteError::SourcesDir {
                path: dir.display().to_string(),
                reason: if dir.exists() {
                    "not a folder".to_owned()
                } else {
                    "no such folder".to_owned()
                },
            });
        }
        Ok(Self {
            dir,
            cache: RefCell::new(BTreeMap::new()),
        })
    }

    /// The bundled texts only.
    pub fn bundled_only() -> Self {
        Self {
            dir: None,
            cache: RefCell::new(BTreeMap::new()),
        }
    }

    /// Where texts are looked for, in words.
    pub fn searched(&self) -> String {
        match &self.dir {
            Some(dir) => format!("{} or the bundled sources/", dir.display()),
            None => "the bundled sources/ (give others with --sources DIR)".to_owned(),
        }
    }

    /// The text with this file name, if there is one.
    pub fn get(&self, file_name: &str) -> Result<Option<Rc<SourceText>>, QuoteError> {
        if let Some(cached) = self.cache.borrow().get(file_name) {
            return Ok(cached.clone());
        }
        let found = self.find(file_name)?.map(Rc::new);
        self.cache
            .borrow_mut()
            .insert(file_name.to_owned(), found.clone());
        Ok(found)
    }

    fn find(&self, file_name: &str) -> Result<Option<SourceText>, QuoteError> {
        // A file name, or a relative path inside the folder: never `..` or an absolute path.
        let relative = Path::new(file_name);
        if file_name.is_empty()
            || !relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Ok(None);
        }
        if let Some(dir) = &self.dir {
            let path = dir.join(relative);
            if path.is_file() {
                let file = path.display().to_string();
                let bytes = fs::read(&path).map_err(|source| QuoteError::Read {
                    file: file.clone(),
                    source,
                })?;
                let text = String::from_utf8(bytes).map_err(|e| QuoteError::Encoding {
                    file: file.clone(),
                    offset: e.utf8_error().valid_up_to(),
                })?;
                return Ok(Some(SourceText::new(file, text)));
            }
        }
        let bundled_path = format!("sources/{file_name}");
        Ok(bundled::file(&bundled_path).map(|file| SourceText::new(file.path, file.text)))
    }
}

/// Which of the quote checks a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// `quote-source-unknown`.
    SourceUnknown,
    /// `quote-anchor-incomplete`.
    AnchorIncomplete,
    /// `quote-mismatch`.
    Mismatch,
    /// `quote-context-mismatch`.
    ContextMismatch,
}

/// One problem with one anchor.
#[derive(Debug, Clone)]
pub struct QuoteProblem {
    /// Its check.
    pub kind: ProblemKind,
    /// The finding.
    pub hit: Hit,
}

/// One of the four quote checks; they share one verification pass.
#[derive(Debug, Clone)]
pub struct QuoteCheck {
    kind: ProblemKind,
    info: CheckInfo,
}

/// The quote checks.
pub fn checks() -> Vec<QuoteCheck> {
    let check = |kind, name: &str, description: &str, fix: &str| QuoteCheck {
        kind,
        info: CheckInfo {
            name: name.to_owned(),
            severity: Severity::Error,
            description: description.to_owned(),
            fix: fix.to_owned(),
            defined_in: "rust".to_owned(),
        },
    };
    vec![
        check(
            ProblemKind::SourceUnknown,
            "quote-source-unknown",
            "a quote names no source text that argmap can find",
            "give the anchor oa:hasSource a resource with arg:fileName \"NAME.txt\", and put NAME.txt in sources/ or in --sources DIR",
        ),
        check(
            ProblemKind::AnchorIncomplete,
            "quote-anchor-incomplete",
            "a quote anchor lacks its exact text or its offsets",
            "give the anchor a TextQuoteSelector with oa:exact and a TextPositionSelector with oa:start and oa:end (code points)",
        ),
        check(
            ProblemKind::Mismatch,
            "quote-mismatch",
            "a quote's exact text is not at its offsets in the source text",
            "make oa:start/oa:end the code-point offsets of oa:exact in the source text",
        ),
        check(
            ProblemKind::ContextMismatch,
            "quote-context-mismatch",
            "a quote's prefix or suffix is not the text around it",
            "copy oa:prefix/oa:suffix from the text immediately before/after the quote",
        ),
    ]
}

impl Check for QuoteCheck {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        Ok(context
            .quote_problems()?
            .iter()
            .filter(|p| p.kind == self.kind)
            .map(|p| p.hit.clone())
            .collect())
    }
}

/// Reads anchors from the store's own indexes, so that the work is proportional to the anchors,
/// not to the dataset.
struct Index<'c, 'a> {
    context: &'c Context<'a>,
}

impl Index<'_, '_> {
    fn about(&self, node: &NamedOrBlankNode) -> Result<Vec<Quad>, StorageError> {
        self.context.quads_about(node.as_ref())
    }

    fn objects(&self, node: &NamedOrBlankNode, property: &str) -> Result<Vec<Term>, StorageError> {
        Ok(self
            .about(node)?
            .into_iter()
            .filter(|q| q.predicate.as_str() == property)
            .map(|q| q.object)
            .collect())
    }

    fn literal(
        &self,
        node: &NamedOrBlankNode,
        property: &str,
    ) -> Result<Option<String>, StorageError> {
        Ok(self
            .objects(node, property)?
            .into_iter()
            .find_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }))
    }

    /// The `arg:quote` statements pointing at an anchor.
    fn quoted_by(&self, anchor: &Term, quote: &str) -> Result<Vec<Quad>, StorageError> {
        Ok(self
            .context
            .quads_pointing_at(anchor.as_ref())?
            .into_iter()
            .filter(|q| q.predicate.as_str() == quote)
            .collect())
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// What an anchor says.
#[derive(Debug, Default)]
struct Selectors {
    exact: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

/// Verifies every anchor in the session.
pub(crate) fn verify_all(context: &Context<'_>) -> Result<Vec<QuoteProblem>, CheckError> {
    let index = Index { context };
    let specific_resource = format!("{OA}SpecificResource");
    let quote = format!("{ARG}quote");
    let store = context.store.oxigraph();
    let mut anchors: Vec<NamedOrBlankNode> = Vec::new();
    let typed = store.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        Some(NamedNodeRef::new_unchecked(&specific_resource).into()),
        None,
    );
    for quad in typed {
        let quad = quad?;
        if !super::is_bookkeeping(quad.graph_name.as_ref()) {
            anchors.push(quad.subject);
        }
    }
    let quoting =
        store.quads_for_pattern(None, Some(NamedNodeRef::new_unchecked(&quote)), None, None);
    for quad in quoting {
        let quad = quad?;
        if !super::is_bookkeeping(quad.graph_name.as_ref())
            && let Some(anchor) = as_subject(&quad.object)
        {
            anchors.push(anchor);
        }
    }
    anchors.sort_by_cached_key(ToString::to_string);
    anchors.dedup();
    let mut problems = Vec::new();
    for anchor in &anchors {
        if let Some(problem) = verify(context, &index, anchor, &quote)? {
            problems.push(problem);
        }
    }
    Ok(problems)
}

/// Shortens a quote for a message; quoted and escaped, so that a line break shows as `\n`.
fn excerpt(text: &str) -> String {
    const MAX: usize = 48;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{:?}", format!("{cut}…"))
    }
}

fn verify(
    context: &Context<'_>,
    index: &Index<'_, '_>,
    anchor: &NamedOrBlankNode,
    quote: &str,
) -> Result<Option<QuoteProblem>, CheckError> {
    let anchor_term: Term = anchor.clone().into();
    // Report on the claim that quotes, in the graph that says so.
    let owner = index
        .quoted_by(&anchor_term, quote)?
        .into_iter()
        .min_by_key(|q| q.to_string());
    let anchor_graph = index
        .about(anchor)?
        .iter()
        .chain(owner.as_ref())
        .find_map(|q| match &q.graph_name {
            GraphName::NamedNode(g) => Some(g.clone()),
            _ => None,
        });
    let node: Term = match owner {
        Some(quad) => quad.subject.clone().into(),
        None => anchor_term.clone(),
    };
    let mut selectors = Selectors::default();
    for selector in index.objects(anchor, &format!("{OA}hasSelector"))? {
        let Some(selector) = as_subject(&selector) else {
            continue;
        };
        let take = |slot: &mut Option<String>, name: &str| -> Result<(), StorageError> {
            if slot.is_none() {
                *slot = index.literal(&selector, &format!("{OA}{name}"))?;
            }
            Ok(())
        };
        take(&mut selectors.exact, "exact")?;
        take(&mut selectors.prefix, "prefix")?;
        take(&mut selectors.suffix, "suffix")?;
        take(&mut selectors.start, "start")?;
        take(&mut selectors.end, "end")?;
    }
    let what = match &selectors.exact {
        Some(exact) => format!("the quote {}", excerpt(exact)),
        None => "the quote".to_owned(),
    };
    let problem = |kind, detail: String, fix: Option<String>, related: Option<Term>| {
        let mut hit = Hit::new(node.clone())
            .detail(detail)
            .in_graph(anchor_graph.clone());
        if let Some(fix) = fix {
            hit = hit.fix(fix);
        }
        if let Some(related) = related {
            hit = hit.related(related);
        }
        Ok(Some(QuoteProblem { kind, hit }))
    };

    // The source text.
    let Some(source) = index
        .objects(anchor, &format!("{OA}hasSource"))?
        .into_iter()
        .next()
    else {
        return problem(
            ProblemKind::SourceUnknown,
            format!("{what} has no oa:hasSource"),
            None,
            None,
        );
    };
    let source_name = context.node_text(source.as_ref());
    let file_name = match as_subject(&source) {
        Some(s) => index.literal(&s, &format!("{ARG}fileName"))?,
        None => None,
    };
    let Some(file_name) = file_name else {
        return problem(
            ProblemKind::SourceUnknown,
            format!("{what} comes from {source_name}, which has no arg:fileName"),
            Some(format!(
                "add {source_name} arg:fileName \"NAME.txt\" naming its file in sources/ or --sources DIR"
            )),
            Some(source),
        );
    };
    let Some(text) = context.sources.get(&file_name)? else {
        return problem(
            ProblemKind::SourceUnknown,
            format!(
                "{what} comes from {source_name}, file {file_name:?}, which is not in {}",
                context.sources.searched()
            ),
            None,
            Some(source),
        );
    };

    // The selectors.
    let Some(exact) = selectors.exact.clone().filter(|e| !e.is_empty()) else {
        return problem(
            ProblemKind::AnchorIncomplete,
            format!("{what} has no oa:exact text"),
            None,
            Some(source),
        );
    };
    let offset = |value: &Option<String>, name: &str| -> Result<usize, String> {
        match value {
            None => Err(format!("no oa:{name}")),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("oa:{name} {v:?} is not a code-point offset")),
        }
    };
    let (start, end) = match (
        offset(&selectors.start, "start"),
        offset(&selectors.end, "end"),
    ) {
        (Ok(start), Ok(end)) => (start, end),
        (start, end) => {
            let missing: Vec<String> = [start.err(), end.err()].into_iter().flatten().collect();
            let (found, fix) = locate(&text, &exact, None, &selectors);
            return problem(
                ProblemKind::AnchorIncomplete,
                format!(
                    "{what} cannot be placed: {}; {found}",
                    missing.join(" and ")
                ),
                fix,
                Some(source),
            );
        }
    };

    // The exact text at the offsets.
    let actual = text.slice(start, end);
    if actual.as_deref() != Some(exact.as_str()) {
        let here = match &actual {
            Some(actual) => format!("the text at {start}..{end} reads {}", excerpt(actual)),
            None if start > end => format!("oa:start {start} is after oa:end {end}"),
            None => format!(
                "{start}..{end} ends past the end of {} ({} code points)",
                text.origin,
                text.len()
            ),
        };
        let (found, fix) = locate(&text, &exact, Some(start), &selectors);
        return problem(
            ProblemKind::Mismatch,
            format!(
                "{what} is not at {start}..{end} of {}: {here}; {found}",
                text.origin
            ),
            fix,
            Some(source),
        );
    }

    // Prefix and suffix.
    let mut wrong = Vec::new();
    let mut fixes = Vec::new();
    if let Some(prefix) = &selectors.prefix {
        let length = prefix.chars().count();
        let before = text
            .slice(start.saturating_sub(length), start)
            .unwrap_or_default();
        if &before != prefix {
            wrong.push(format!(
                "oa:prefix is {} but the text before {start} is {}",
                excerpt(prefix),
                excerpt(&before)
            ));
            fixes.push(format!("oa:prefix {before:?}"));
        }
    }
    if let Some(suffix) = &selectors.suffix {
        let length = suffix.chars().count();
        let after_end = (end + length).min(text.len());
        let after = text.slice(end, after_end).unwrap_or_default();
        if &after != suffix {
            wrong.push(format!(
                "oa:suffix is {} but the text after {end} is {}",
                excerpt(suffix),
                excerpt(&after)
            ));
            fixes.push(format!("oa:suffix {after:?}"));
        }
    }
    if !wrong.is_empty() {
        return problem(
            ProblemKind::ContextMismatch,
            format!(
                "{what} at {start}..{end} of {}: {}",
                text.origin,
                wrong.join("; ")
            ),
            Some(format!("set {}", fixes.join(" ; "))),
            Some(source),
        );
    }
    Ok(None)
}

/// Where `exact` occurs in `text`, in words, and the one-edit fix if there is one.
fn locate(
    text: &SourceText,
    exact: &str,
    given_start: Option<usize>,
    selectors: &Selectors,
) -> (String, Option<String>) {
    let ranges = |found: &[(usize, usize)]| {
        found
            .iter()
            .map(|(s, e)| {
                let (line, column) = text.line_column(*s);
                format!("{s}..{e} (line {line}, column {column})")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = text.occurrences(exact);
    if !found.is_empty() {
        // Among several, the one whose context matches is meant.
        let fits = |(s, e): &(usize, usize)| {
            let prefix_ok = selectors.prefix.as_ref().is_none_or(|p| {
                text.slice(s.saturating_sub(p.chars().count()), *s)
                    .as_deref()
                    == Some(p.as_str())
            });
            let suffix_ok = selectors.suffix.as_ref().is_none_or(|x| {
                text.slice(*e, (*e + x.chars().count()).min(text.len()))
                    .as_deref()
                    == Some(x.as_str())
            });
            prefix_ok && suffix_ok
        };
        let meant: Vec<&(usize, usize)> = if found.len() == 1 {
            found.iter().collect()
        } else {
            found.iter().filter(|r| fits(r)).collect()
        };
        let mut words = if found.len() == 1 {
            format!("the exact text occurs at {}", ranges(&found))
        } else {
            format!(
                "the exact text occurs {} times, at {}",
                found.len(),
                ranges(&found)
            )
        };
        if let Some(given) = given_start
            && let Some((s, _)) = found.iter().find(|(s, _)| {
                let (bytes, utf16) = text.other_units(*s);
                given == bytes || given == utf16
            })
        {
            let (bytes, _) = text.other_units(*s);
            let unit = if given == bytes {
                "UTF-8 byte"
            } else {
                "UTF-16"
            };
            words.push_str(&format!(
                " (oa:start/oa:end look like {unit} offsets; argmap counts Unicode code points)"
            ));
        }
        let fix = match meant.as_slice() {
            [(s, e)] => Some(format!("set oa:start {s} ; oa:end {e}")),
            _ => Some(format!(
                "set oa:start/oa:end to the occurrence meant: {}",
                found
                    .iter()
                    .map(|(s, e)| format!("{s}..{e}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        };
        return (words, fix);
    }
    for (typographic, how) in [
        (false, "with whitespace normalised"),
        (true, "with whitespace, quotes and dashes normalised"),
    ] {
        let loose = text.loose_occurrences(exact, typographic);
        if let Some((s, e)) = loose.first() {
            let verbatim = text.slice(*s, *e).unwrap_or_default();
            let right = if given_start == Some(*s) {
                " (the offsets are right, the text is not)"
            } else {
                ""
            };
            return (
                format!(
                    "the exact text occurs nowhere verbatim; {how} it matches {}{right} — the text there reads {}",
                    ranges(&loose),
                    excerpt(&verbatim)
                ),
                Some(format!(
                    "copy oa:exact verbatim from the source: {verbatim:?}, with oa:start {s} ; oa:end {e}"
                )),
            );
        }
    }
    (
        format!(
            "the exact text occurs nowhere in {}, not even with whitespace, quotes and dashes normalised",
            text.origin
        ),
        Some(format!(
            "copy oa:exact verbatim from {} and set its code-point offsets",
            text.origin
        )),
    )
}
