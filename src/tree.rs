//! The argument under a claim as an indented tree: the inferences that conclude it (scheme,
//! qualifier, linked premises grouped), the conflicts that attack it or its inferences (kind,
//! who raised them, the answer), recursively — the quickest way to read an argument in a
//! terminal.
//!
//! ```text
//! mini:c-main  The alliance should deter the axis.  [policy recommendation]
//! │  “We must deter the axis before it grows stronger, and we must…”
//! ├─ + practical reasoning  mini:ra-1
//! │  ├─ mini:c-threat  The axis will grow stronger.  [predictive claim]  (likely)
//! …
//! └─ ✗ REBUT  mini:ca-rebut  raised by A critic; answered by mini:c-answer
//!    └─ mini:c-doubt  The axis is a marriage of convenience.  [predictive claim]
//! ```
//!
//! The whole map is read with a handful of queries, then the tree is laid out in memory: a
//! claim already on the path is a cycle (`↻`), a claim already expanded elsewhere is not
//! expanded twice (`↑`), and `max_depth` bounds the number of claim levels.

use crate::argument::Argument;
use crate::endpoint::{EndpointError, Target};
use crate::named::{self, ValueError};
use crate::prefixes::Prefixes;
use crate::query::QueryError;
use crate::render::term_text;
use oxigraph::model::Term;
use std::collections::{BTreeSet, HashSet};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Errors of building a tree.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// A query over the map failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A query over a remote endpoint's map failed.
    #[error(transparent)]
    Remote(#[from] EndpointError),
    /// The root is not written as a node.
    #[error("{0}")]
    Value(#[from] ValueError),
    /// The root is neither a claim, an inference nor a conflict.
    #[error("{given} is not a claim (aif:I-node), an inference or a conflict in the loaded graphs{}", crate::argument::did_you_mean(.similar))]
    NotANode {
        /// The root as given.
        given: String,
        /// Claims whose name contains what was given.
        similar: Vec<String>,
    },
    /// More levels than a tree may show.
    #[error(
        "a tree shows at most {MAX_DEPTH} levels, not {given}; start a new tree lower down (.tree CLAIM LEVELS)"
    )]
    TooDeep {
        /// The levels asked for.
        given: usize,
    },
}

/// Claim levels a tree may show: the layout recurses once per level, so the bound keeps the
/// stack safe on a chain of any length (and a tree that deep is not read on a screen).
pub const MAX_DEPTH: usize = 1000;

/// How to lay the tree out.
#[derive(Debug, Clone, Copy)]
pub struct TreeOptions {
    /// Claim levels to show below the root (the root is level 0).
    pub max_depth: usize,
    /// Wrap long lines at this many columns; `None` never wraps.
    pub width: Option<usize>,
}

impl Default for TreeOptions {
    fn default() -> Self {
        Self {
            max_depth: 8,
            width: None,
        }
    }
}

/// Characters of `oa:exact` shown as the quote of a claim.
pub const QUOTE_CHARS: usize = 60;

/// `  (likely; could)`, or nothing when there is no qualifier.
fn hedges(qualifiers: &BTreeSet<String>) -> String {
    if qualifiers.is_empty() {
        return String::new();
    }
    format!(
        "  ({})",
        qualifiers.iter().cloned().collect::<Vec<_>>().join("; ")
    )
}

/// The tree under `root` (a claim, an inference or a conflict, as a prefixed name or IRI).
pub fn render(
    target: Target<'_>,
    prefixes: &Prefixes,
    root: &str,
    options: TreeOptions,
) -> Result<String, TreeError> {
    let term = named::parse_value(root, prefixes)?;
    if !matches!(term, Term::NamedNode(_)) {
        return Err(ValueError {
            value: root.to_owned(),
            problem: "is a literal; give a claim as a prefixed name (ofw:c-main) or an IRI"
                .to_owned(),
        }
        .into());
    }
    if options.max_depth > MAX_DEPTH {
        return Err(TreeError::TooDeep {
            given: options.max_depth,
        });
    }
    let map = Argument::read_around(&target, prefixes, &term, Some(options.max_depth))?;
    match lay_out(&map, prefixes, &term, options) {
        Some(text) => Ok(text),
        None => Err(TreeError::NotANode {
            given: root.to_owned(),
            similar: Argument::similar_in(&target, prefixes, root)?,
        }),
    }
}

/// The tree under `root` in `map`, or `None` if the map has no such node.
fn lay_out(
    map: &Argument,
    prefixes: &Prefixes,
    root: &Term,
    options: TreeOptions,
) -> Option<String> {
    let mut layout = Layout {
        map,
        prefixes,
        options,
        out: String::new(),
        path: Vec::new(),
        expanded: HashSet::new(),
    };
    if map.claims.contains_key(root) {
        layout.claim(root, "", "", 0);
    } else if map.inferences.contains_key(root) {
        layout.inference(root, "", "", 0);
    } else if map.conflicts.contains_key(root) {
        layout.conflict(root, "", "", 0);
    } else {
        return None;
    }
    Some(layout.out)
}

struct Layout<'a> {
    map: &'a Argument,
    prefixes: &'a Prefixes,
    options: TreeOptions,
    out: String,
    /// Claims from the root to here, for cycles.
    path: Vec<Term>,
    /// Claims whose children were shown already.
    expanded: HashSet<Term>,
}

/// A child line: what it is, for layout.
enum Child {
    Inference(Term),
    Conflict(Term),
    Claim(Term),
    Note(String),
}

impl Layout<'_> {
    fn name(&self, term: &Term) -> String {
        term_text(term.as_ref(), self.prefixes)
    }

    /// Writes `first` after `lead`, wrapping long text under `rest` when a width is set.
    fn line(&mut self, lead: &str, rest: &str, text: &str) {
        let Some(width) = self.options.width else {
            self.out.push_str(lead);
            self.out.push_str(text);
            self.out.push('\n');
            return;
        };
        // One column short of the width: a line that fills the last column makes the terminal
        // wrap on its own, and the newline then leaves a blank line.
        let room = width
            .saturating_sub(lead.width().max(rest.width()) + 1)
            .max(20);
        let mut first = true;
        for piece in wrap(text, room) {
            self.out.push_str(if first { lead } else { rest });
            self.out.push_str(&piece);
            self.out.push('\n');
            first = false;
        }
    }

    fn children(&mut self, cont: &str, children: Vec<Child>, depth: usize) {
        let count = children.len();
        for (i, child) in children.into_iter().enumerate() {
            let last = i + 1 == count;
            let lead = format!("{cont}{}", if last { "└─ " } else { "├─ " });
            let next = format!("{cont}{}", if last { "   " } else { "│  " });
            match child {
                Child::Inference(ra) => self.inference(&ra, &lead, &next, depth),
                Child::Conflict(ca) => self.conflict(&ca, &lead, &next, depth),
                Child::Claim(c) => self.claim(&c, &lead, &next, depth),
                Child::Note(text) => self.line(&lead, &next, &text),
            }
        }
    }

    fn claim(&mut self, claim: &Term, lead: &str, cont: &str, depth: usize) {
        let name = self.name(claim);
        let info = self.map.claims.get(claim);
        let mut text = name.clone();
        if let Some(info) = info {
            if let Some(t) = &info.text {
                text.push_str("  ");
                text.push_str(&single_line(t));
            }
            if !info.kinds.is_empty() {
                text.push_str(&format!(
                    "  [{}]",
                    info.kinds.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            text.push_str(&hedges(&info.qualifiers));
            if info.unstated {
                text.push_str("  [unstated]");
            }
        }
        if self.path.contains(claim) {
            self.line(
                lead,
                cont,
                &format!("↻ {name}  (cycle: this claim is already above)"),
            );
            return;
        }
        let mut children: Vec<Child> = Vec::new();
        children.extend(self.map.supports(claim).into_iter().map(Child::Inference));
        children.extend(self.map.attacks(claim).into_iter().map(Child::Conflict));
        let repeated = self.expanded.contains(claim) && !children.is_empty();
        let cut = depth >= self.options.max_depth && !children.is_empty();
        if repeated {
            text.push_str("  ↑ expanded above");
            children.clear();
        } else if cut {
            children = vec![Child::Note(format!(
                "… deeper levels not shown (.tree {name} to go on)"
            ))];
        }
        let guide = if children.is_empty() { "   " } else { "│  " };
        let inner = format!("{cont}{guide}");
        self.line(lead, &inner, &text);
        if !repeated && let Some(q) = info.and_then(|i| i.quote.as_ref()) {
            let quote = format!("“{}”", excerpt(&q.exact, QUOTE_CHARS));
            self.line(&inner, &inner, &quote);
        }
        if repeated || cut {
            self.children(cont, children, depth);
            return;
        }
        self.expanded.insert(claim.clone());
        self.path.push(claim.clone());
        self.children(cont, children, depth);
        self.path.pop();
    }

    fn inference(&mut self, ra: &Term, lead: &str, cont: &str, depth: usize) {
        let Some(info) = self.map.inferences.get(ra) else {
            return;
        };
        let mut text = format!(
            "+ {}  {}",
            info.scheme.as_deref().unwrap_or("inference (no scheme)"),
            self.name(ra)
        );
        text.push_str(&hedges(&info.qualifiers));
        let mut children: Vec<Child> = self
            .map
            .sorted(info.premises.iter())
            .into_iter()
            .map(Child::Claim)
            .collect();
        children.extend(self.map.attacks(ra).into_iter().map(Child::Conflict));
        let inner = format!("{cont}{}", if children.is_empty() { "   " } else { "│  " });
        self.line(lead, &inner, &text);
        self.children(cont, children, depth + 1);
    }

    fn conflict(&mut self, ca: &Term, lead: &str, cont: &str, depth: usize) {
        let Some(info) = self.map.conflicts.get(ca) else {
            return;
        };
        let mut text = format!("✗ {}  {}", info.kind.unwrap_or("ATTACK"), self.name(ca));
        if !info.raisers.is_empty() {
            text.push_str(&format!(
                "  raised by {};",
                info.raisers.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if info.answers.is_empty() {
            text.push_str(if info.raisers.is_empty() {
                "  unanswered"
            } else {
                " unanswered"
            });
        } else {
            text.push_str(&format!(
                "{}answered by {}",
                if info.raisers.is_empty() { "  " } else { " " },
                info.answers.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        let children: Vec<Child> = self
            .map
            .sorted(info.attackers.iter())
            .into_iter()
            .map(Child::Claim)
            .collect();
        let inner = format!("{cont}{}", if children.is_empty() { "   " } else { "│  " });
        self.line(lead, &inner, &text);
        self.children(cont, children, depth + 1);
    }
}

fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` characters of a quote, whitespace collapsed, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat = single_line(text);
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// Breaks `text` into lines of at most `width` columns, at spaces where possible; runs of
/// spaces inside a line are kept, none starts or ends a line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut pending_spaces = 0;
    for word in text.split(' ') {
        if word.is_empty() {
            pending_spaces += 1;
            continue;
        }
        let gap = if line.is_empty() {
            0
        } else {
            pending_spaces + 1
        };
        pending_spaces = 0;
        if !line.is_empty() && line.width() + gap + word.width() > width {
            lines.push(std::mem::take(&mut line));
        } else {
            line.push_str(&" ".repeat(gap));
        }
        // A word longer than a whole line is broken between characters.
        for c in word.chars() {
            if !line.is_empty() && line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_at_sixty_characters() {
        assert_eq!(excerpt("short  one\n", 60), "short one");
        let long = "a".repeat(70);
        assert_eq!(excerpt(&long, 60), format!("{}…", "a".repeat(60)));
    }

    /// Reading only what is under the root draws the same tree as reading the whole map, for
    /// every node of the bundled maps at every depth up to the default.
    #[test]
    fn a_tree_read_around_its_root_is_the_tree_of_the_whole_map() {
        let store = crate::store::ArgStore::with_bundled().unwrap();
        let prefixes = store.prefixes();
        let whole = Argument::read(store.oxigraph(), prefixes).unwrap();
        let mut roots: Vec<&Term> = whole
            .claims
            .keys()
            .chain(whole.inferences.keys())
            .chain(whole.conflicts.keys())
            .collect();
        roots.sort_by_cached_key(|t| t.to_string());
        assert!(roots.len() > 100, "the bundled maps have their nodes");
        let mut lines = 0;
        for root in roots {
            for max_depth in [0, 1, 2, TreeOptions::default().max_depth] {
                let options = TreeOptions {
                    max_depth,
                    width: Some(100),
                };
                let target = Target::Local(&store);
                let around =
                    Argument::read_around(&target, prefixes, root, Some(max_depth)).unwrap();
                let expected = lay_out(&whole, prefixes, root, options).unwrap();
                assert_eq!(
                    lay_out(&around, prefixes, root, options).as_deref(),
                    Some(expected.as_str()),
                    "{root} at depth {max_depth}"
                );
                lines += expected.lines().count();
            }
        }
        assert!(lines > 1000);
    }

    #[test]
    fn a_tree_deeper_than_the_bound_is_refused() {
        let store = crate::store::ArgStore::with_bundled().unwrap();
        let options = TreeOptions {
            max_depth: MAX_DEPTH + 1,
            width: None,
        };
        let error = render(
            Target::Local(&store),
            store.prefixes(),
            "ofw:c-citizens-should-back-deterrence",
            options,
        )
        .unwrap_err();
        assert!(matches!(error, TreeError::TooDeep { .. }), "{error}");
    }

    #[test]
    fn wrapping_keeps_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), [""]);
        assert_eq!(wrap("aa  [b]", 4), ["aa", "[b]"]);
        assert_eq!(wrap("aa  [b]", 7), ["aa  [b]"]);
    }
}
