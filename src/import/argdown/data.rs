//! YAML data: the frontmatter and `{...}` elements, read with `serde_yaml_ng`.
//!
//! Argdown data is YAML in flow style (`{uses: [1, 2]}`, JSON-like) or, when a line break
//! follows the `{`, block style. serde_yaml_ng (the maintained fork of serde_yaml, on libyaml)
//! reads both and bounds nesting depth, so hostile input cannot exhaust the stack.

use super::inline::{DataSource, InlineError};
use crate::diagnostic::Position;
use serde_yaml_ng::{Mapping, Value};

/// Parses a `{...}` data element into its mapping.
pub fn element(data: &DataSource) -> Result<Mapping, InlineError> {
    let inner = data
        .source
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or_default();
    let block = inner
        .split('\n')
        .next()
        .is_some_and(|first| first.trim().is_empty() && inner.contains('\n'));
    let (yaml, first_column) = if block {
        (inner, data.at.column + 1)
    } else {
        (data.source.as_str(), data.at.column)
    };
    mapping(yaml, data.at.line, first_column)
}

/// Parses YAML that starts at `line:column` of the file (later lines start at column 1).
pub fn mapping(yaml: &str, line: usize, column: usize) -> Result<Mapping, InlineError> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(InlineError {
            at: Position { line, column },
            message: "expected YAML data as `key: value` pairs".to_owned(),
        }),
        Err(error) => {
            // The YAML parser reports the end of its input one line past the last; point at the
            // data's last line instead, so the location is always inside the file.
            let yaml_lines = yaml.split('\n').count().max(1);
            let at = error.location().map_or(Position { line, column }, |l| {
                if l.line() > yaml_lines {
                    Position {
                        line: line + yaml_lines - 1,
                        column: column.max(1),
                    }
                } else if l.line() <= 1 {
                    Position {
                        line,
                        column: column + l.column().saturating_sub(1),
                    }
                } else {
                    Position {
                        line: line + l.line() - 1,
                        column: l.column().max(1),
                    }
                }
            });
            let text = error.to_string();
            let message = text.split(" at line ").next().unwrap_or(&text);
            Err(InlineError {
                at,
                message: format!(
                    "YAML data: {message} (write `key: value`, a space after the colon)"
                ),
            })
        }
    }
}

/// A scalar as text (`None` for sequences and mappings).
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// A value as text: scalars as they are, anything else as JSON.
pub fn text(value: &Value) -> String {
    scalar(value).unwrap_or_else(|| serde_json::to_string(value).unwrap_or_default())
}

/// A scalar or each scalar of a sequence.
pub fn scalars(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// The string key of an entry (YAML allows others; they are shown as JSON).
pub fn key(key: &Value) -> String {
    text(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_block_and_errors() {
        let flow = DataSource {
            source: "{uses: [1,2], logic: [\"deductive\"]}".to_owned(),
            at: Position { line: 4, column: 3 },
        };
        let m = element(&flow).unwrap();
        assert_eq!(scalars(&m["uses"]), vec!["1", "2"]);
        let block = DataSource {
            source: "{\nsources:\n    - A\n    - B\n}".to_owned(),
            at: Position {
                line: 1,
                column: 22,
            },
        };
        assert_eq!(
            scalars(&element(&block).unwrap()["sources"]),
            vec!["A", "B"]
        );
        let bad = DataSource {
            source: "{a: [1, }".to_owned(),
            at: Position {
                line: 7,
                column: 10,
            },
        };
        let err = element(&bad).unwrap_err();
        assert_eq!(err.at.line, 7);
        assert!(err.at.column >= 10, "{:?}", err.at);
        assert!(err.message.starts_with("YAML data"), "{}", err.message);
    }
}
