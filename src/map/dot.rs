//! The map as Graphviz DOT (for people who post-process), and Graphviz's `dot` as an optional
//! layout engine behind the same SVG drawing.

use super::svg::{edge_style, size};
use super::{ArgumentMap, MapError, Node, NodeKind, Placed};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// Escapes a DOT double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn label(node: &Node) -> String {
    let mut parts = Vec::new();
    match node.kind {
        NodeKind::Claim => {
            parts.push(node.name.clone());
            parts.extend(node.text.clone());
            if !node.hedges.is_empty() {
                parts.push(format!("hedged: {}", node.hedges.join("; ")));
            }
            if node.unstated {
                parts.push("unstated premise".into());
            }
            if let Some(status) = node.status {
                parts.push(status.name().into());
            }
        }
        NodeKind::Premises => {
            parts.push("linked premises".into());
            for (name, text) in &node.members {
                parts.push(format!("{name}: {text}"));
            }
        }
        NodeKind::Inference => {
            parts.extend(node.text.clone());
            if let Some((s, t)) = &node.analogy {
                parts.push(format!("{s} → {t}"));
            }
            parts.push(node.name.clone());
        }
        NodeKind::Conflict => {
            parts.push(node.conflict.unwrap_or("attack").to_uppercase());
            parts.push(if node.by_author { "author" } else { "analyst" }.into());
            parts.push(node.name.clone());
        }
    }
    parts.join("\n")
}

fn attributes(node: &Node) -> String {
    match node.kind {
        NodeKind::Claim | NodeKind::Premises => format!(
            "shape=box, style=\"rounded,filled{}\", fillcolor=\"#E6F0FA\", color=\"#0072B2\"",
            if node.unstated { ",dashed" } else { "" }
        ),
        NodeKind::Inference => {
            "shape=box, style=\"rounded,filled\", fillcolor=\"#E3F4EC\", color=\"#009E73\"".into()
        }
        NodeKind::Conflict => format!(
            "shape=hexagon, style=filled, fillcolor=\"#FBE9DF\", color=\"#D55E00\"{}",
            if node.by_author {
                ""
            } else {
                ", peripheries=2"
            }
        ),
    }
}

/// The map as DOT, styled like the SVG (arrows from premise to conclusion, conclusions on top).
pub fn render(map: &ArgumentMap) -> String {
    let mut out = String::from(
        "digraph argmap {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [penwidth=1.6];\n",
    );
    for (i, node) in map.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  n{i} [id={}, label={}, {}];",
            quoted(&node.name),
            quoted(&label(node)),
            attributes(node)
        );
    }
    for edge in &map.edges {
        let _ = writeln!(
            out,
            "  n{} -> n{} [{}];",
            edge.from,
            edge.to,
            edge_attributes(edge.kind)
        );
    }
    out.push_str("}\n");
    out
}

fn edge_attributes(kind: super::EdgeKind) -> String {
    let (colour, dash) = edge_style(kind);
    format!(
        "color=\"{colour}\", style={}, arrowhead={}, class={}",
        if dash.is_some() { "dashed" } else { "solid" },
        if kind == super::EdgeKind::Support {
            "normal"
        } else {
            "teenormal"
        },
        kind.class()
    )
}

/// Lays the map out with Graphviz `dot` (`-Tplain`), keeping argmap's drawing.
pub fn place_with_graphviz(map: &ArgumentMap) -> Result<Placed, MapError> {
    let sizes: Vec<(f64, f64)> = map.nodes.iter().map(size).collect();
    let mut input = String::from(
        "digraph argmap {\n  rankdir=BT; nodesep=0.35; ranksep=0.6;\n  node [shape=box, fixedsize=true, label=\"\"];\n",
    );
    for (i, (w, h)) in sizes.iter().enumerate() {
        let _ = writeln!(
            input,
            "  n{i} [width={:.3}, height={:.3}];",
            w / 72.0,
            h / 72.0
        );
    }
    for edge in &map.edges {
        let _ = writeln!(input, "  n{} -> n{};", edge.from, edge.to);
    }
    input.push_str("}\n");
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            MapError::Graphviz(if e.kind() == std::io::ErrorKind::NotFound {
                "--layout dot needs Graphviz's `dot` on PATH (Debian: apt-get install graphviz); without it, leave --layout out for the built-in layout".into()
            } else {
                format!("cannot run Graphviz's dot: {e}")
            })
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .map_err(|e| MapError::Graphviz(format!("cannot write to dot: {e}")))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| MapError::Graphviz(format!("dot did not finish: {e}")))?;
    if !output.status.success() {
        return Err(MapError::Graphviz(format!(
            "dot failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    parse_plain(&String::from_utf8_lossy(&output.stdout), map, &sizes)
}

/// Reads `dot -Tplain`: `graph scale w h`, `node name x y w h …`, `edge tail head n x1 y1 …`
/// (inches, y up).
fn parse_plain(text: &str, map: &ArgumentMap, sizes: &[(f64, f64)]) -> Result<Placed, MapError> {
    let bad = |line: &str| MapError::Graphviz(format!("unexpected line from dot -Tplain: {line}"));
    let number = |s: Option<&str>, line: &str| -> Result<f64, MapError> {
        s.and_then(|s| s.parse::<f64>().ok())
            .ok_or_else(|| bad(line))
    };
    let index = |s: Option<&str>, line: &str| -> Result<usize, MapError> {
        s.and_then(|s| s.strip_prefix('n'))
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&i| i < map.nodes.len())
            .ok_or_else(|| bad(line))
    };
    let mut height = 0.0;
    let mut width = 0.0;
    let mut boxes: Vec<(f64, f64, f64, f64)> =
        sizes.iter().map(|&(w, h)| (0.0, 0.0, w, h)).collect();
    let mut raw_routes: Vec<Option<Vec<(f64, f64)>>> = vec![None; map.edges.len()];
    let mut used = vec![false; map.edges.len()];
    let margin = 20.0;
    let mut plain_nodes = Vec::new();
    let mut plain_edges = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("graph") => {
                let _scale = number(words.next(), line)?;
                width = number(words.next(), line)? * 72.0;
                height = number(words.next(), line)? * 72.0;
            }
            Some("node") => {
                let i = index(words.next(), line)?;
                let x = number(words.next(), line)? * 72.0;
                let y = number(words.next(), line)? * 72.0;
                plain_nodes.push((i, x, y));
            }
            Some("edge") => {
                let tail = index(words.next(), line)?;
                let head = index(words.next(), line)?;
                let count = number(words.next(), line)? as usize;
                let mut points = Vec::with_capacity(count);
                for _ in 0..count.min(10_000) {
                    let x = number(words.next(), line)? * 72.0;
                    let y = number(words.next(), line)? * 72.0;
                    points.push((x, y));
                }
                plain_edges.push((tail, head, points));
            }
            _ => {}
        }
    }
    let flip = |(x, y): (f64, f64)| (x + margin, height - y + margin);
    for (i, x, y) in plain_nodes {
        let (fx, fy) = flip((x, y));
        boxes[i].0 = fx;
        boxes[i].1 = fy;
    }
    for (tail, head, points) in plain_edges {
        if let Some(k) = map
            .edges
            .iter()
            .enumerate()
            .position(|(k, e)| !used[k] && e.from == tail && e.to == head)
        {
            used[k] = true;
            raw_routes[k] = Some(points.into_iter().map(flip).collect());
        }
    }
    Ok(Placed {
        boxes,
        routes: raw_routes
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        bezier: true,
        width: width + 2.0 * margin,
        height: height + 2.0 * margin + super::svg::LEGEND_HEIGHT,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_escaped() {
        assert_eq!(quoted("a \"b\"\\\nc"), r#""a \"b\"\\\nc""#);
    }
}
