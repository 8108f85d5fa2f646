//! Meta-commands: the lines that start with `.`, parsed into [`Meta`].

use crate::format::OutputFormat;
use std::path::PathBuf;

/// Errors in a meta-command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaError {
    /// No such command.
    #[error("unknown command .{given}{}; type .help for the list", suggest(.suggestion))]
    Unknown {
        /// The command as typed, without the dot.
        given: String,
        /// A close command name.
        suggestion: Option<&'static str>,
    },
    /// Wrong arguments.
    #[error("usage: {usage}{}", detail(.problem))]
    Usage {
        /// The command's usage line.
        usage: &'static str,
        /// What was wrong, if more than the shape.
        problem: Option<String>,
    },
    /// A quote that is never closed.
    #[error("unclosed {0} in the arguments")]
    Unclosed(char),
}

fn suggest(suggestion: &Option<&'static str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean .{s}?)"))
        .unwrap_or_default()
}

fn detail(problem: &Option<String>) -> String {
    problem
        .as_ref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default()
}

/// A parsed meta-command.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    /// `.help`
    Help,
    /// `.run NAME [PARAM=VALUE ...]`
    Run {
        /// Query name.
        name: String,
        /// `PARAM=VALUE` arguments, quotes kept.
        arguments: Vec<String>,
    },
    /// `.queries`
    Queries,
    /// `.describe TERM`
    Describe(String),
    /// `.tree NODE [DEPTH]`
    Tree {
        /// Claim, inference or conflict.
        root: String,
        /// Claim levels to show.
        depth: Option<usize>,
    },
    /// `.map CLAIM FILE [DEPTH]`: the picture, in the format of FILE's extension.
    Map {
        /// Claim, inference or conflict.
        root: String,
        /// Where to write (.svg, .dot or .html).
        path: PathBuf,
        /// Claim levels to draw.
        depth: Option<usize>,
    },
    /// `.prefixes`
    Prefixes,
    /// `.graphs`
    Graphs,
    /// `.load FILE [GRAPH]`
    Load {
        /// File or folder.
        path: PathBuf,
        /// Graph to load into.
        graph: Option<String>,
    },
    /// `.format NAME`, or `.format` to show the current one.
    Format(Option<OutputFormat>),
    /// `.timing on|off`, or `.timing` to show.
    Timing(Option<bool>),
    /// `.explain QUERY`
    Explain(String),
    /// `.output FILE`, or `.output` to go back to the terminal.
    Output(Option<PathBuf>),
    /// `.read FILE`: run the statements of a file.
    Read(PathBuf),
    /// `.bail on|off`: stop a script at its first error; `.bail` alone shows the setting.
    Bail(Option<bool>),
    /// `.quit` / `.exit`
    Quit,
}

/// Every command with its usage and what it does, for `.help` and completion.
pub const COMMANDS: [(&str, &str, &str); 17] = [
    (
        "run",
        ".run NAME [PARAM=VALUE ...]",
        "run a named query (values: ofw:c-main, <https://…>, \"text\", 42)",
    ),
    (
        "queries",
        ".queries",
        "list the named queries and their parameters",
    ),
    (
        "tree",
        ".tree CLAIM [DEPTH]",
        "the support and attack tree under a claim",
    ),
    (
        "map",
        ".map CLAIM FILE.svg|.dot|.html [DEPTH]",
        "draw the argument under a claim as a picture",
    ),
    (
        "describe",
        ".describe TERM",
        "everything said about a node, and what points to it",
    ),
    ("prefixes", ".prefixes", "list the predeclared prefixes"),
    ("graphs", ".graphs", "list the named graphs and their sizes"),
    (
        "load",
        ".load FILE [GRAPH]",
        "load an RDF file or folder for this session",
    ),
    (
        "format",
        ".format table|csv|tsv|json|xml|turtle|…",
        "how results are printed",
    ),
    (
        "timing",
        ".timing on|off",
        "show the time after each result",
    ),
    (
        "explain",
        ".explain QUERY",
        "show Oxigraph's plan for a query",
    ),
    (
        "output",
        ".output [FILE]",
        "write results to FILE; without FILE, back to the terminal",
    ),
    (
        "read",
        ".read FILE",
        "run the statements of a file, as `argmap < FILE` does",
    ),
    (
        "bail",
        ".bail on|off",
        "stop a script (piped, or .read) at its first error",
    ),
    ("help", ".help", "this list (help and \\? too)"),
    ("quit", ".quit", "leave (or quit, exit, \\q, Ctrl-D)"),
    ("exit", ".exit", "leave (or Ctrl-D)"),
];

fn usage(name: &str) -> &'static str {
    COMMANDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |(_, usage, _)| usage)
}

fn wrong(name: &str, problem: Option<String>) -> MetaError {
    MetaError::Usage {
        usage: usage(name),
        problem,
    }
}

/// Splits arguments at whitespace outside `"…"`, `'…'` and `<…>`, keeping the quotes (a
/// parameter value needs them to be read as a literal).
///
/// ```
/// use argmap::repl::meta::split_arguments;
/// assert_eq!(
///     split_arguments(r#"claims-mentioning text="Kursk region" x=<http://a b>"#).unwrap(),
///     ["claims-mentioning", r#"text="Kursk region""#, "x=<http://a b>"]
/// );
/// ```
pub fn split_arguments(text: &str) -> Result<Vec<String>, MetaError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut closing: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(close) = closing {
            word.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' && close != '>' {
                escaped = true;
            } else if c == close {
                closing = None;
            }
            continue;
        }
        match c {
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            '"' | '\'' => {
                closing = Some(c);
                word.push(c);
            }
            '<' => {
                closing = Some('>');
                word.push(c);
            }
            c => word.push(c),
        }
    }
    if let Some(close) = closing {
        return Err(MetaError::Unclosed(close));
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

/// Parses a line that starts with `.`.
pub fn parse(line: &str) -> Result<Meta, MetaError> {
    let line = line.trim();
    let body = line.strip_prefix('.').unwrap_or(line);
    let (name, rest) = match body.find(char::is_whitespace) {
        Some(at) => (&body[..at], body[at..].trim()),
        None => (body, ""),
    };
    let name_lower = name.to_ascii_lowercase();
    let name = name_lower.as_str();
    if name == "explain" {
        if rest.is_empty() {
            return Err(wrong(name, None));
        }
        return Ok(Meta::Explain(rest.to_owned()));
    }
    let args = split_arguments(rest)?;
    let none = |meta: Meta| {
        if args.is_empty() {
            Ok(meta)
        } else {
            Err(wrong(
                name,
                Some(format!("it takes no arguments, got {:?}", args.join(" "))),
            ))
        }
    };
    match name {
        "help" | "h" | "?" => Ok(Meta::Help),
        "queries" => none(Meta::Queries),
        "prefixes" => none(Meta::Prefixes),
        "graphs" => none(Meta::Graphs),
        "quit" | "exit" | "q" => none(Meta::Quit),
        "run" => match args.split_first() {
            Some((query, arguments)) => Ok(Meta::Run {
                name: query.clone(),
                arguments: arguments.to_vec(),
            }),
            None => Err(wrong(
                name,
                Some("which query? .queries lists them".to_owned()),
            )),
        },
        "describe" => match args.as_slice() {
            [term] => Ok(Meta::Describe(term.clone())),
            _ => Err(wrong(name, None)),
        },
        "tree" => match args.as_slice() {
            [root] => Ok(Meta::Tree {
                root: root.clone(),
                depth: None,
            }),
            [root, depth] => {
                let depth = depth.parse().map_err(|_| {
                    wrong(name, Some(format!("{depth:?} is not a number of levels")))
                })?;
                Ok(Meta::Tree {
                    root: root.clone(),
                    depth: Some(depth),
                })
            }
            _ => Err(wrong(name, None)),
        },
        "map" => {
            let (root, path, depth) = match args.as_slice() {
                [root, path] => (root, path, None),
                [root, path, depth] => (root, path, Some(depth)),
                _ => return Err(wrong(name, None)),
            };
            let depth = depth
                .map(|d| {
                    d.parse()
                        .map_err(|_| wrong(name, Some(format!("{d:?} is not a number of levels"))))
                })
                .transpose()?;
            Ok(Meta::Map {
                root: root.clone(),
                path: PathBuf::from(unquote(path)),
                depth,
            })
        }
        "load" => match args.as_slice() {
            [path] => Ok(Meta::Load {
                path: PathBuf::from(unquote(path)),
                graph: None,
            }),
            [path, graph] => Ok(Meta::Load {
                path: PathBuf::from(unquote(path)),
                graph: Some(graph.clone()),
            }),
            _ => Err(wrong(name, None)),
        },
        "format" => match args.as_slice() {
            [] => Ok(Meta::Format(None)),
            [format] => format
                .parse()
                .map(|f| Meta::Format(Some(f)))
                .map_err(|e: crate::format::FormatError| wrong(name, Some(e.to_string()))),
            _ => Err(wrong(name, None)),
        },
        "timing" => match args.as_slice() {
            [] => Ok(Meta::Timing(None)),
            [on] if on == "on" => Ok(Meta::Timing(Some(true))),
            [off] if off == "off" => Ok(Meta::Timing(Some(false))),
            _ => Err(wrong(name, None)),
        },
        "bail" => match args.as_slice() {
            [] => Ok(Meta::Bail(None)),
            [on] if on == "on" => Ok(Meta::Bail(Some(true))),
            [off] if off == "off" => Ok(Meta::Bail(Some(false))),
            _ => Err(wrong(name, None)),
        },
        "read" => match args.as_slice() {
            [path] => Ok(Meta::Read(PathBuf::from(unquote(path)))),
            _ => Err(wrong(name, None)),
        },
        "output" | "o" => match args.as_slice() {
            [] => Ok(Meta::Output(None)),
            [path] => Ok(Meta::Output(Some(PathBuf::from(unquote(path))))),
            _ => Err(wrong(name, None)),
        },
        _ => Err(MetaError::Unknown {
            given: name.to_owned(),
            suggestion: COMMANDS
                .iter()
                .map(|(n, _, _)| *n)
                .find(|n| n.starts_with(name) || (name.len() > 2 && n.contains(name))),
        }),
    }
}

fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// The `.help` text.
pub fn help() -> String {
    let mut text = String::from(
        "Type a SPARQL query (prefixes are predeclared); it runs when its braces balance and it\n\
         parses, or when a line ends with ;. Until then the prompt is \"   ...> \" (Ctrl-C drops\n\
         the statement). Tab completes keywords, prefixes, names in the graphs, commands and\n\
         query names. Ctrl-C cancels a running query or clears the line, Ctrl-R searches the\n\
         history, Ctrl-D leaves.\n\n",
    );
    let width = COMMANDS
        .iter()
        .map(|(_, u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    for (name, usage, what) in COMMANDS {
        if name == "exit" {
            continue;
        }
        let pad = width - usage.chars().count();
        text.push_str(&format!("  {usage}{}  {what}\n", " ".repeat(pad)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse() {
        assert_eq!(
            parse(".run support-tree claim=ofw:c-main").unwrap(),
            Meta::Run {
                name: "support-tree".into(),
                arguments: vec!["claim=ofw:c-main".into()]
            }
        );
        assert_eq!(
            parse(".tree ofw:c-main 3").unwrap(),
            Meta::Tree {
                root: "ofw:c-main".into(),
                depth: Some(3)
            }
        );
        assert_eq!(parse(".timing off").unwrap(), Meta::Timing(Some(false)));
        assert_eq!(parse(".output").unwrap(), Meta::Output(None));
        assert_eq!(
            parse(".explain SELECT * {\n ?s ?p ?o }").unwrap(),
            Meta::Explain("SELECT * {\n ?s ?p ?o }".into())
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert_eq!(
            parse(".tre x").unwrap_err().to_string(),
            "unknown command .tre (did you mean .tree?); type .help for the list"
        );
        assert!(
            parse(".format yaml")
                .unwrap_err()
                .to_string()
                .contains("unknown format")
        );
        assert!(
            parse(".tree")
                .unwrap_err()
                .to_string()
                .starts_with("usage: .tree CLAIM")
        );
        assert_eq!(
            parse(".run q x=\"open").unwrap_err(),
            MetaError::Unclosed('"')
        );
        assert!(parse(".graphs now").is_err());
    }
}
