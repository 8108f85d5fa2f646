//! The library of named queries: one `.rq` file per everyday question, with a header that says
//! what it answers and which parameters it takes.
//!
//! ```text
//! # name: support-tree
//! # description: Every claim a claim rests on, step by step.
//! # param: claim — the claim to explain (e.g. ofw:c-main)
//! # example: argmap run support-tree claim=ofw:c-main
//! SELECT ?claim ?depth ?premise ... WHERE { ... }
//! ```
//!
//! Header lines come first; a line that starts with `#` and two spaces continues the line
//! above. Other comment lines are free text.
//!
//! **Parameters are bound through the parsed query**, with Oxigraph's
//! `substitute_variable`: the variable is bound before evaluation starts, so every FILTER,
//! OPTIONAL and BIND of the query sees it, exactly as if the author had written the value in its
//! place — and no user text is ever pasted into a query string. Oxigraph only binds variables
//! of the SELECT projection, so **every `# param: NAME` must be projected as `?NAME`**; the
//! library checks this when it loads a file and points at the `# param:` line otherwise. The
//! bound column has the same value on every row, so [`hide_bound`] drops it from the answer.
//!
//! The bundled queries (`queries/*.rq`) are compiled into the binary; `--queries DIR` adds a
//! folder of the user's own, and a user query with the name of a bundled one replaces it.

use crate::bundled;
use crate::prefixes::Prefixes;
use crate::query::{self, QueryError, QueryOutcome, QueryRequest};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{QueryEvaluationError, Variable};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Errors of the named-query library.
#[derive(Debug, thiserror::Error)]
pub enum NamedError {
    /// A header or query problem in a `.rq` file.
    #[error("{file}:{line}: {message}")]
    Header {
        /// The file as the user knows it (`queries/x.rq` or a path).
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The query of a `.rq` file does not parse.
    #[error("{file}: {source}")]
    Query {
        /// The file.
        file: String,
        /// The located syntax error (lines count from the top of the file).
        source: QueryError,
    },
    /// A `--queries` folder that cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder or file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// No query with that name.
    #[error("no named query {name:?}{}; the queries are: {}", did_you_mean(.suggestion.as_deref()), .known.join(", "))]
    Unknown {
        /// What was asked for.
        name: String,
        /// A close name, if any.
        suggestion: Option<String>,
        /// Every name.
        known: Vec<String>,
    },
    /// A `NAME=VALUE` argument that is wrong: missing, unknown, repeated, or a bad value.
    #[error("{message}\n{}", usage(.query))]
    Argument {
        /// What is wrong.
        message: String,
        /// The query's usage: its parameters and example.
        query: Box<NamedQuery>,
    },
    /// A parameter names a node that no loaded graph mentions (a typo, most often).
    #[error(
        "parameter {param}: no node {value} exists in the loaded graphs{}",
        nearest_names(.nearest)
    )]
    NoSuchNode {
        /// The parameter.
        param: String,
        /// The value as argmap prints it (a prefixed name where it can).
        value: String,
        /// The names closest to it that do exist, closest first.
        nearest: Vec<String>,
    },
}

fn nearest_names(nearest: &[String]) -> String {
    match nearest {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; the nearest names are {}", many.join(", ")),
    }
}

/// How many names [`check_nodes`] suggests.
const NEAREST: usize = 3;

/// Refuses a request whose parameter is an IRI that no quad of `store` mentions (as subject,
/// predicate, object or graph), naming the nearest IRIs that do exist: a misspelt claim would
/// otherwise give an empty answer and no hint.
pub fn check_nodes(
    request: &QueryRequest,
    store: &Store,
    prefixes: &Prefixes,
) -> Result<(), NamedError> {
    for (variable, value) in &request.bindings {
        let Term::NamedNode(node) = value else {
            continue;
        };
        if mentioned(store, node)? {
            continue;
        }
        let shown = prefixes
            .compact(node.as_str())
            .unwrap_or_else(|| format!("<{}>", node.as_str()));
        return Err(NamedError::NoSuchNode {
            param: variable.as_str().to_owned(),
            nearest: nearest(store, prefixes, node, &shown)?,
            value: shown,
        });
    }
    Ok(())
}

fn storage(error: oxigraph::store::StorageError) -> NamedError {
    NamedError::Query {
        file: "the store".to_owned(),
        source: QueryError::Evaluation(error.to_string()),
    }
}

/// Whether a pattern matches any quad.
fn any(mut quads: oxigraph::store::QuadIter<'_>) -> Result<bool, NamedError> {
    quads
        .next()
        .transpose()
        .map(|q| q.is_some())
        .map_err(storage)
}

fn mentioned(store: &Store, node: &NamedNode) -> Result<bool, NamedError> {
    let node = node.as_ref();
    Ok(
        any(store.quads_for_pattern(Some(node.into()), None, None, None))?
            || any(store.quads_for_pattern(None, Some(node), None, None))?
            || any(store.quads_for_pattern(None, None, Some(node.into()), None))?
            || store.contains_named_graph(node).map_err(storage)?,
    )
}

/// How long the suggestions for an unknown node may read the user's graphs: a million-claim
/// store took minutes to read whole for a typo.
const NEAREST_BUDGET: std::time::Duration = std::time::Duration::from_millis(500);

/// The subjects of `store` whose names are closest to `given` (as printed), closest first:
/// those one typo away from `node` (looked up, so found in a store of any size), every subject
/// of the bundled graphs, and of the others as many as [`NEAREST_BUDGET`] reads.
fn nearest(
    store: &Store,
    prefixes: &Prefixes,
    node: &NamedNode,
    given: &str,
) -> Result<Vec<String>, NamedError> {
    let mut seen = std::collections::HashSet::new();
    let mut scored: Vec<(f64, String)> = Vec::new();
    let mut score = |subject: NamedNode| {
        if seen.insert(subject.clone()) {
            let name = prefixes
                .compact(subject.as_str())
                .unwrap_or_else(|| format!("<{}>", subject.as_str()));
            scored.push((strsim::jaro_winkler(given, &name), name));
        }
    };
    for candidate in one_typo_away(node.as_str()) {
        let Ok(candidate) = NamedNode::new(candidate) else {
            continue;
        };
        if any(store.quads_for_pattern(Some(candidate.as_ref().into()), None, None, None))? {
            score(candidate);
        }
    }
    crate::store::read_bundled_first(store, NEAREST_BUDGET, |quad| {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = quad.subject {
            score(subject);
        }
    })
    .map_err(storage)?;
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(scored
        .into_iter()
        .filter(|(score, _)| *score >= 0.7)
        .take(NEAREST)
        .map(|(_, name)| name)
        .collect())
}

/// The IRIs one edit from `iri` in its last segment (after the last `/`, `#` or `:`): a
/// character deleted, swapped with the next, replaced or inserted, the replacements and
/// insertions drawn from the segment's own characters, digits, lowercase letters and `-`.
fn one_typo_away(iri: &str) -> Vec<String> {
    let cut = iri.rfind(['/', '#', ':']).map_or(0, |at| at + 1);
    let (namespace, local) = iri.split_at(cut);
    let chars: Vec<char> = local.chars().collect();
    if chars.len() > 64 {
        return Vec::new();
    }
    let mut alphabet: Vec<char> = ('a'..='z').chain('0'..='9').chain(['-', '_']).collect();
    alphabet.extend(chars.iter().copied());
    alphabet.sort_unstable();
    alphabet.dedup();
    let spelled = |chars: &[char]| format!("{namespace}{}", chars.iter().collect::<String>());
    let mut out = Vec::new();
    for at in 0..=chars.len() {
        for &c in &alphabet {
            let mut inserted = chars.clone();
            inserted.insert(at, c);
            out.push(spelled(&inserted));
        }
        if at == chars.len() {
            break;
        }
        let mut deleted = chars.clone();
        deleted.remove(at);
        out.push(spelled(&deleted));
        if at + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(at, at + 1);
            out.push(spelled(&swapped));
        }
        for &c in &alphabet {
            if c != chars[at] {
                let mut replaced = chars.clone();
                replaced[at] = c;
                out.push(spelled(&replaced));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|candidate| candidate != iri);
    out
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default()
}

/// "`support-tree` takes:\n  claim — ...\nexample: ...".
fn usage(query: &NamedQuery) -> String {
    let mut text = if query.params.is_empty() {
        format!("{} takes no parameters", query.name)
    } else {
        let mut text = format!("{} takes:", query.name);
        for param in &query.params {
            text.push_str(&format!("\n  {} — {}", param.name, param.meaning));
        }
        text
    };
    for example in &query.examples {
        text.push_str(&format!("\nexample: {example}"));
    }
    text
}

/// Errors in reading a parameter value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {problem}", shown(.value))]
pub struct ValueError {
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub problem: String,
}

/// A value as the user typed it, quoted only when it would not read clearly otherwise.
fn shown(value: &str) -> String {
    if value.is_empty() || value.trim() != value {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

/// Where a named query comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Compiled into the binary.
    Bundled(&'static str),
    /// A file of a `--queries` folder.
    User(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bundled(path) => write!(f, "bundled {path}"),
            Self::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One parameter of a named query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name, which is also the variable it binds (`claim` binds `?claim`).
    pub name: String,
    /// What to give, in words.
    pub meaning: String,
    /// The header line that declares it.
    pub line: usize,
}

/// A named query: its header and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// Kebab-case name.
    pub name: String,
    /// One line.
    pub description: String,
    /// Parameters, in header order.
    pub params: Vec<Param>,
    /// Example invocations.
    pub examples: Vec<String>,
    /// The whole file (header comments included: they are SPARQL comments).
    pub text: String,
    /// Where it comes from.
    pub source: Source,
    /// For a user query, the bundled query of the same name that it replaces.
    pub overrides: Option<&'static str>,
}

impl NamedQuery {
    /// Reads the header of a `.rq` file and checks that the query parses and that every
    /// parameter can be bound.
    pub fn parse(text: &str, source: Source, prefixes: &Prefixes) -> Result<Self, NamedError> {
        let file = match &source {
            Source::Bundled(path) => (*path).to_owned(),
            Source::User(path) => path.display().to_string(),
        };
        let header_error = |line: usize, message: String| NamedError::Header {
            file: file.clone(),
            line,
            message,
        };
        let mut name: Option<(String, usize)> = None;
        let mut description: Option<String> = None;
        let mut params: Vec<Param> = Vec::new();
        let mut examples = Vec::new();
        // The field a continuation line extends.
        let mut last: Option<&'static str> = None;
        for (index, raw) in text.lines().enumerate() {
            let number = index + 1;
            let line = raw.trim_end();
            if line.trim().is_empty() {
                last = None;
                continue;
            }
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                break;
            };
            if comment.starts_with("  ") && !comment.trim().is_empty() {
                let more = comment.trim();
                match last {
                    Some("description") => {
                        if let Some(d) = description.as_mut() {
                            d.push(' ');
                            d.push_str(more);
                        }
                    }
                    Some("param") => {
                        if let Some(p) = params.last_mut() {
                            p.meaning.push(' ');
                            p.meaning.push_str(more);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let comment = comment.trim();
            let Some((key, value)) = comment.split_once(':') else {
                last = None;
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "name" => {
                    if let Some((_, first)) = &name {
                        return Err(header_error(
                            number,
                            format!("a second `# name:` (the first is on line {first})"),
                        ));
                    }
                    if !is_kebab(value) {
                        return Err(header_error(
                            number,
                            format!(
                                "query name {value:?} must be kebab-case: lowercase letters, digits and single dashes, e.g. `main-conclusions`"
                            ),
                        ));
                    }
                    name = Some((value.to_owned(), number));
                    last = Some("name");
                }
                "description" => {
                    if value.is_empty() {
                        return Err(header_error(number, "empty `# description:`".to_owned()));
                    }
                    description = Some(value.to_owned());
                    last = Some("description");
                }
                "param" => {
                    let param = parse_param(value).map_err(|m| header_error(number, m))?;
                    if let Some(first) = params.iter().find(|p| p.name == param.0) {
                        return Err(header_error(
                            number,
                            format!(
                                "parameter {} is declared twice (also on line {})",
                                param.0, first.line
                            ),
                        ));
                    }
                    params.push(Param {
                        name: param.0,
                        meaning: param.1,
                        line: number,
                    });
                    last = Some("param");
                }
                "example" => {
                    if !value.is_empty() {
                        examples.push(value.to_owned());
                    }
                    last = Some("example");
                }
                _ => last = None,
            }
        }
        let Some((name, _)) = name else {
            return Err(header_error(
                1,
                "no `# name:` line; a named query starts with `# name: kebab-name` and `# description: one line`".to_owned(),
            ));
        };
        let Some(description) = description else {
            return Err(header_error(
                1,
                format!("query {name} has no `# description:` line"),
            ));
        };
        let query = Self {
            name,
            description,
            params,
            examples,
            text: text.to_owned(),
            source,
            overrides: None,
        };
        query.check(prefixes, &file)?;
        Ok(query)
    }

    /// Parses the query and binds every parameter on an empty store: Oxigraph refuses a
    /// variable that is not projected, and that is a mistake in the file, not in a later run.
    fn check(&self, prefixes: &Prefixes, file: &str) -> Result<(), NamedError> {
        let empty = Store::new().map_err(|e| NamedError::Io {
            path: file.to_owned(),
            source: std::io::Error::other(e),
        })?;
        let dummy = Term::from(NamedNode::new_unchecked("urn:argmap:check"));
        for param in &self.params {
            let prepared =
                query::prepare(prefixes, &self.text).map_err(|source| NamedError::Query {
                    file: file.to_owned(),
                    source,
                })?;
            let variable = Variable::new_unchecked(&param.name);
            let outcome = prepared
                .substitute_variable(variable, dummy.clone())
                .on_store(&empty)
                .execute();
            if let Err(QueryEvaluationError::NotExistingSubstitutedVariable(_)) = outcome {
                return Err(NamedError::Header {
                    file: file.to_owned(),
                    line: param.line,
                    message: format!(
                        "parameter {0} is not bound by the query: project ?{0} in its SELECT clause (argmap binds parameters through the parsed query, and Oxigraph binds only projected variables)",
                        param.name
                    ),
                });
            }
        }
        if self.params.is_empty() {
            let _parsed =
                query::prepare(prefixes, &self.text).map_err(|source| NamedError::Query {
                    file: file.to_owned(),
                    source,
                })?;
        }
        Ok(())
    }

    /// Builds the request for `NAME=VALUE` arguments: every parameter given exactly once, each
    /// value read as a term (see [`parse_value`]).
    pub fn bind(
        &self,
        arguments: &[String],
        prefixes: &Prefixes,
    ) -> Result<QueryRequest, NamedError> {
        let fail = |message: String| NamedError::Argument {
            message,
            query: Box::new(self.clone()),
        };
        let mut given: BTreeMap<&str, Term> = BTreeMap::new();
        for argument in arguments {
            let Some((key, value)) = argument.split_once('=') else {
                return Err(fail(format!("expected NAME=VALUE, got {argument:?}")));
            };
            let key = key.trim();
            if !self.params.iter().any(|p| p.name == key) {
                return Err(fail(format!("{} has no parameter {key:?}", self.name)));
            }
            if given.contains_key(key) {
                return Err(fail(format!("parameter {key} is given twice")));
            }
            let term =
                parse_value(value, prefixes).map_err(|e| fail(format!("parameter {key}: {e}")))?;
            given.insert(key, term);
        }
        let missing: Vec<&str> = self
            .params
            .iter()
            .filter(|p| !given.contains_key(p.name.as_str()))
            .map(|p| p.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(fail(format!(
                "missing parameter{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )));
        }
        let mut request = QueryRequest::new(self.text.clone());
        for param in &self.params {
            if let Some(term) = given.remove(param.name.as_str()) {
                request = request.bind(Variable::new_unchecked(&param.name), term);
            }
        }
        Ok(request)
    }
}

/// `NAME — meaning` (an em or en dash, `--`, ` - ` or `:` between them).
fn parse_param(value: &str) -> Result<(String, String), String> {
    let split = ["—", "–", " -- ", " - ", ":"]
        .iter()
        .find_map(|sep| value.split_once(sep));
    let Some((name, meaning)) = split else {
        return Err(format!(
            "`# param:` needs a name and a meaning: `# param: claim — the claim to explain`, got {value:?}"
        ));
    };
    let name = name.trim().trim_start_matches(['?', '$']);
    let meaning = meaning.trim();
    if Variable::new(name).is_err() || name.is_empty() {
        return Err(format!(
            "parameter name {name:?} is not a SPARQL variable name (letters, digits, _)"
        ));
    }
    if meaning.is_empty() {
        return Err(format!("parameter {name} has no meaning after the dash"));
    }
    Ok((name.to_owned(), meaning.to_owned()))
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The named queries of a session: the bundled ones, replaced or extended by the user's.
#[derive(Debug, Clone, Default)]
pub struct Library {
    queries: BTreeMap<String, NamedQuery>,
}

impl Library {
    /// The bundled queries, then every `.rq` file of each folder in `user_dirs` (a file's query
    /// replaces a bundled one of the same name). Any bad file is an error: nothing is skipped
    /// silently.
    pub fn load(prefixes: &Prefixes, user_dirs: &[PathBuf]) -> Result<Self, NamedError> {
        let mut library = Self::default();
        // Only `queries/*.rq`: sub-folders hold other kinds of queries (`queries/checks/`).
        let top_level = bundled::files_under("queries/", ".rq")
            .filter(|file| !file.path["queries/".len()..].contains('/'));
        for file in top_level {
            let query = NamedQuery::parse(file.text, Source::Bundled(file.path), prefixes)?;
            if let Some(other) = library.queries.get(&query.name) {
                return Err(duplicate(&query, other));
            }
            library.queries.insert(query.name.clone(), query);
        }
        let mut user: BTreeMap<String, NamedQuery> = BTreeMap::new();
        for dir in user_dirs {
            for path in rq_files(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|source| NamedError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                let mut query = NamedQuery::parse(&text, Source::User(path.clone()), prefixes)?;
                if let Some(other) = user.get(&query.name) {
                    return Err(duplicate(&query, other));
                }
                if let Some(bundled) = library.queries.get(&query.name)
                    && let Source::Bundled(path) = bundled.source
                {
                    query.overrides = Some(path);
                }
                user.insert(query.name.clone(), query);
            }
        }
        library.queries.extend(user);
        Ok(library)
    }

    /// The query called `name`, or an error that lists the names.
    pub fn get(&self, name: &str) -> Result<&NamedQuery, NamedError> {
        self.queries.get(name).ok_or_else(|| {
            let known: Vec<String> = self.queries.keys().cloned().collect();
            let suggestion = known
                .iter()
                .filter(|k| {
                    k.contains(name) || name.contains(k.as_str()) || edit_distance(k, name) <= 3
                })
                .min_by_key(|k| edit_distance(k, name))
                .cloned();
            NamedError::Unknown {
                name: name.to_owned(),
                suggestion,
                known,
            }
        })
    }

    /// Every query, by name.
    pub fn iter(&self) -> impl Iterator<Item = &NamedQuery> {
        self.queries.values()
    }

    /// The number of queries.
    pub fn len(&self) -> usize {
        self.queries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// The listing of `argmap run --list` and `.queries`: name, parameters, description, and
    /// where a user query replaces a bundled one.
    pub fn listing(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = ["name", "parameters", "description"]
            .map(String::from)
            .to_vec();
        let rows = self
            .iter()
            .map(|q| {
                let mut description = q.description.clone();
                if let Some(path) = q.overrides {
                    description
                        .push_str(&format!(" [from {}, overrides bundled {path}]", q.source));
                } else if let Source::User(path) = &q.source {
                    description.push_str(&format!(" [from {}]", path.display()));
                }
                vec![
                    q.name.clone(),
                    q.params
                        .iter()
                        .map(|p| format!("{}=", p.name))
                        .collect::<Vec<_>>()
                        .join(" "),
                    description,
                ]
            })
            .collect();
        (header, rows)
    }
}

fn duplicate(query: &NamedQuery, other: &NamedQuery) -> NamedError {
    let file = query.source.to_string();
    NamedError::Header {
        file: file.trim_start_matches("bundled ").to_owned(),
        line: query
            .text
            .lines()
            .position(|l| l.trim_start().starts_with("# name:"))
            .map_or(1, |i| i + 1),
        message: format!(
            "the name {} is already used by {}; names must be unique",
            query.name, other.source
        ),
    }
}

fn rq_files(dir: &Path) -> Result<Vec<PathBuf>, NamedError> {
    let io = |source| NamedError::Io {
        path: dir.display().to_string(),
        source,
    };
    if dir.is_file() {
        return Ok(vec![dir.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "rq") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Reads a parameter value: a prefixed name (`ofw:c-main`), an IRI (`<https://…>` or bare
/// `https://…`), or a literal (`"text"`, `"text"@en`, `"2024-01-01"^^xsd:date`, `42`, `4.2`,
/// `1e3`, `true`).
///
/// ```
/// use argmap::named::parse_value;
/// use argmap::prefixes::Prefixes;
/// let p = Prefixes::standard();
/// assert_eq!(parse_value("arg:Rebut", &p)?.to_string(), "<https://w3id.org/argmap#Rebut>");
/// assert_eq!(parse_value("\"Kursk\"@en", &p)?.to_string(), "\"Kursk\"@en");
/// assert_eq!(
///     parse_value("\"2024-10-01\"^^xsd:date", &p)?.to_string(),
///     "\"2024-10-01\"^^<http://www.w3.org/2001/XMLSchema#date>"
/// );
/// assert_eq!(
///     parse_value("42", &p)?.to_string(),
///     "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer>"
/// );
/// assert!(parse_value("nope:x", &p).is_err());
/// // A literal reads back from the form argmap writes it in, control characters included.
/// assert_eq!(parse_value(r#""a\u0000\bz""#, &p)?.to_string(), r#""a\u0000\bz""#);
/// assert!(parse_value(r#""\u00""#, &p).is_err());
/// # Ok::<_, argmap::named::ValueError>(())
/// ```
pub fn parse_value(value: &str, prefixes: &Prefixes) -> Result<Term, ValueError> {
    let fail = |problem: &str| ValueError {
        value: value.to_owned(),
        problem: problem.to_owned(),
    };
    let text = value.trim();
    if text.is_empty() {
        return Err(fail(
            "is empty: give a prefixed name (ofw:c-main), an IRI (<https://…>) or a literal (\"text\", 42)",
        ));
    }
    if let Some(inner) = text.strip_prefix('<') {
        let Some(iri) = inner.strip_suffix('>') else {
            return Err(fail("starts with < but does not end with >"));
        };
        return iri_term(iri).map_err(|e| fail(&e));
    }
    if text.starts_with('"') || text.starts_with('\'') {
        return parse_literal(text, prefixes).map_err(|e| fail(&e));
    }
    match text {
        "true" | "false" => {
            return Ok(Literal::new_typed_literal(text, xsd("boolean")).into());
        }
        _ => {}
    }
    if let Some(datatype) = number_type(text) {
        return Ok(Literal::new_typed_literal(text, xsd(datatype)).into());
    }
    if let Some((prefix, local)) = text.split_once(':') {
        if let Some(iri) = prefixes.expand(text) {
            return iri_term(&iri).map_err(|e| fail(&e));
        }
        if local.starts_with("//") || matches!(prefix, "urn" | "mailto" | "tag" | "file") {
            return iri_term(text).map_err(|e| fail(&e));
        }
        return Err(fail(&format!(
            "uses the unknown prefix {prefix}: (see .prefixes or `argmap prefixes`)"
        )));
    }
    Err(fail(
        "is not a value: give a prefixed name (ofw:c-main), an IRI (<https://…>), or a quoted literal (\"text\"; in a shell: 'name=\"text\"')",
    ))
}

fn xsd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{XSD}{local}"))
}

fn iri_term(iri: &str) -> Result<Term, String> {
    NamedNode::new(iri)
        .map(Term::from)
        .map_err(|e| format!("is not a valid IRI: {e}"))
}

/// `integer`, `decimal` or `double` for a SPARQL numeric literal.
fn number_type(text: &str) -> Option<&'static str> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    match exponent {
        Some(exp) => {
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            (!exp.is_empty() && all_digits(exp)).then_some("double")
        }
        None if fraction.is_some() => (!fraction.is_some_and(str::is_empty)).then_some("decimal"),
        None => Some("integer"),
    }
}

/// `"text"`, `'text'`, with SPARQL's escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\b`, `\f`,
/// `\uXXXX`, `\UXXXXXXXX`), then `@lang` or `^^datatype`.
fn parse_literal(text: &str, prefixes: &Prefixes) -> Result<Term, String> {
    let mut chars = text.char_indices();
    let Some((_, quote)) = chars.next() else {
        return Err("is empty".to_owned());
    };
    let mut lexical = String::new();
    let mut end = None;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => lexical.push('\n'),
                Some((_, 't')) => lexical.push('\t'),
                Some((_, 'r')) => lexical.push('\r'),
                Some((_, 'b')) => lexical.push('\u{8}'),
                Some((_, 'f')) => lexical.push('\u{c}'),
                // `\u0041` and `\U0001F600`, as in SPARQL and N-Triples (the form in which
                // argmap itself writes control characters out).
                Some((_, escape @ ('u' | 'U'))) => {
                    let digits = if escape == 'u' { 4 } else { 8 };
                    let hex: String = chars.by_ref().take(digits).map(|(_, d)| d).collect();
                    let code = (hex.len() == digits && hex.chars().all(|d| d.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(&hex, 16).ok())
                        .flatten()
                        .ok_or_else(|| {
                            format!("has \\{escape} not followed by {digits} hexadecimal digits")
                        })?;
                    lexical.push(char::from_u32(code).ok_or_else(|| {
                        format!("has \\{escape}{hex}, which is not a Unicode character")
                    })?);
                }
                Some((_, other)) => lexical.push(other),
                None => return Err("ends with a lone backslash".to_owned()),
            },
            c if c == quote => {
                end = Some(at + c.len_utf8());
                break;
            }
            c => lexical.push(c),
        }
    }
    let Some(end) = end else {
        return Err(format!("has no closing {quote}"));
    };
    let rest = &text[end..];
    if rest.is_empty() {
        return Ok(Literal::new_simple_literal(lexical).into());
    }
    if let Some(language) = rest.strip_prefix('@') {
        return Literal::new_language_tagged_literal(lexical, language)
            .map(Term::from)
            .map_err(|e| format!("has a bad language tag: {e}"));
    }
    if let Some(datatype) = rest.strip_prefix("^^") {
        let iri = if let Some(inner) = datatype.strip_prefix('<') {
            inner
                .strip_suffix('>')
                .ok_or("has a datatype that starts with < but does not end with >")?
                .to_owned()
        } else {
            prefixes
                .expand(datatype)
                .ok_or_else(|| format!("has an unknown datatype {datatype}"))?
        };
        let datatype = NamedNode::new(iri).map_err(|e| format!("has a bad datatype IRI: {e}"))?;
        return Ok(Literal::new_typed_literal(lexical, datatype).into());
    }
    Err(format!(
        "has {rest:?} after the closing quote; only @lang or ^^datatype may follow"
    ))
}

/// Removes the columns of bound parameters from a SELECT answer: they hold the value the user
/// just gave, on every row.
pub fn hide_bound(outcome: QueryOutcome, bound: &[Variable]) -> QueryOutcome {
    match outcome {
        QueryOutcome::Solutions { variables, rows } => {
            let keep: Vec<bool> = variables.iter().map(|v| !bound.contains(v)).collect();
            let filter = |row: Vec<_>| {
                row.into_iter()
                    .zip(&keep)
                    .filter_map(|(value, keep)| keep.then_some(value))
                    .collect()
            };
            QueryOutcome::Solutions {
                variables: variables
                    .iter()
                    .zip(&keep)
                    .filter(|(_, keep)| **keep)
                    .map(|(v, _)| v.clone())
                    .collect(),
                rows: rows.into_iter().map(filter).collect(),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_typo_away_covers_each_kind_of_typo_in_the_last_segment() {
        let near = one_typo_away("https://example.org/map#d5-c1x");
        for typo in [
            "https://example.org/map#d5-c1",   // a character too many
            "https://example.org/map#d5-c1xy", // one missing
            "https://example.org/map#d5c-1x",  // two swapped
            "https://example.org/map#d5-c9x",  // one wrong
        ] {
            assert!(near.iter().any(|c| c == typo), "{typo}");
        }
        assert!(!near.iter().any(|c| c == "https://example.org/map#d5-c1x"));
        // The namespace is left alone.
        assert!(
            near.iter()
                .all(|c| c.starts_with("https://example.org/map#"))
        );
        // A prefixed name's local part after `:` too.
        assert!(one_typo_away("urn:x:abc").iter().any(|c| c == "urn:x:ab"));
    }

    fn parse(text: &str) -> Result<NamedQuery, NamedError> {
        NamedQuery::parse(
            text,
            Source::User(PathBuf::from("q.rq")),
            &Prefixes::standard(),
        )
    }

    #[test]
    fn header_fields_and_continuations() {
        let q = parse(
            "# name: by-claim\n# description: Claims\n#   and more.\n# param: claim — the claim\n#   to look at\n# example: argmap run by-claim claim=arg:x\nSELECT ?claim ?t { ?claim ?p ?t }\n",
        )
        .unwrap();
        assert_eq!(q.name, "by-claim");
        assert_eq!(q.description, "Claims and more.");
        assert_eq!(q.params[0].name, "claim");
        assert_eq!(q.params[0].meaning, "the claim to look at");
        assert_eq!(q.params[0].line, 4);
        assert_eq!(q.examples, ["argmap run by-claim claim=arg:x"]);
    }

    #[test]
    fn header_errors_are_located() {
        let e = parse("# name: Bad Name\n# description: x\nSELECT * {}").unwrap_err();
        assert!(
            e.to_string().starts_with("q.rq:1: query name \"Bad Name\""),
            "{e}"
        );
        let e = parse("# description: x\nSELECT * {}").unwrap_err();
        assert!(
            e.to_string().starts_with("q.rq:1: no `# name:` line"),
            "{e}"
        );
        let e = parse("# name: a\n# description: x\n# param: claim\nSELECT * {}").unwrap_err();
        assert!(e.to_string().starts_with("q.rq:3: `# param:` needs"), "{e}");
        let e = parse("# name: a\n# description: x\nSELECT * { ?s ?p }").unwrap_err();
        assert!(
            e.to_string().contains("q.rq: syntax error at line 3"),
            "{e}"
        );
    }

    #[test]
    fn a_parameter_outside_the_projection_is_refused_at_its_line() {
        let e = parse(
            "# name: a\n# description: x\n# param: s — subject\n# param: claim — the claim\nSELECT ?s { ?s ?p ?claim }",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("q.rq:4: parameter claim is not bound"),
            "{e}"
        );
    }

    #[test]
    fn values_of_every_kind() {
        let p = Prefixes::standard();
        let v = |s: &str| parse_value(s, &p).map(|t| t.to_string());
        assert_eq!(v("<http://e.org/x>").unwrap(), "<http://e.org/x>");
        assert_eq!(v("https://e.org/x").unwrap(), "<https://e.org/x>");
        assert_eq!(v("\"a \\\"b\\\"\"").unwrap(), "\"a \\\"b\\\"\"");
        assert_eq!(v("'x'").unwrap(), "\"x\"");
        assert_eq!(
            v("true").unwrap(),
            "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"
        );
        assert_eq!(
            v("-4.5").unwrap(),
            "\"-4.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>"
        );
        assert_eq!(
            v("1e3").unwrap(),
            "\"1e3\"^^<http://www.w3.org/2001/XMLSchema#double>"
        );
        assert!(v("\"x\"@").is_err());
        assert!(v("\"x").is_err());
        assert!(v("word").is_err());
        assert!(v("1.").is_err());
        assert!(v("<http://e.org/x").is_err());
        assert!(v("\"x\"^^nope:t").is_err());
    }

    #[test]
    fn arguments_are_checked() {
        let q = parse(
            "# name: a\n# description: x\n# param: claim — the claim\n# example: argmap run a claim=arg:x\nSELECT ?claim { ?claim ?p ?o }",
        )
        .unwrap();
        let p = Prefixes::standard();
        let e = q.bind(&[], &p).unwrap_err().to_string();
        assert!(e.starts_with("missing parameter claim\na takes:\n  claim — the claim\nexample: argmap run a claim=arg:x"), "{e}");
        let e = q.bind(&["other=1".into()], &p).unwrap_err().to_string();
        assert!(e.starts_with("a has no parameter \"other\""), "{e}");
        let e = q.bind(&["claim".into()], &p).unwrap_err().to_string();
        assert!(e.starts_with("expected NAME=VALUE"), "{e}");
        let r = q.bind(&["claim=arg:Rebut".into()], &p).unwrap();
        assert_eq!(r.bindings.len(), 1);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
