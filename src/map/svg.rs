//! The map as SVG, in the field's conventions: claims as boxes (name, kinds, wrapped text,
//! hedges), inferences as small rounded nodes named by their scheme (analogies with their source
//! and target cases), conflicts as hexagons named by their kind (rebut, undermine, undercut) and
//! by who raised them; support arrows solid with a triangular head, attacks dashed with a barred
//! head, undercuts pointing at the inference.
//!
//! Colour-blind safe: the colours are Okabe and Ito's, and every distinction they make is also
//! made by a dash pattern, a shape or a word. Every element carries a stable class and
//! `data-id`, `data-kind`, `data-from`/`data-to` attributes, for styling, tests and the HTML page.

use super::{ArgumentMap, EdgeKind, Node, NodeKind, Placed, Status};
use crate::tree::wrap;
use std::fmt::Write;

/// Height reserved under the drawing for the legend.
pub const LEGEND_HEIGHT: f64 = 92.0;
const LEGEND_WIDTH: f64 = 900.0;
const PAD: f64 = 8.0;
/// Estimated advance of one character, in ems (sans-serif, mixed case).
const EM: f64 = 0.56;
const FONT: &str = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif";

const CLAIM_WIDTH: f64 = 250.0;
const INFERENCE_WIDTH: f64 = 160.0;
const CONFLICT_WIDTH: f64 = 136.0;

/// Okabe–Ito colours.
const BLUE: &str = "#0072B2";
const GREEN: &str = "#009E73";
const VERMILLION: &str = "#D55E00";
const ORANGE: &str = "#E69F00";
const PURPLE: &str = "#CC79A7";

/// A line of text in a node.
struct Line {
    text: String,
    size: f64,
    class: &'static str,
}

fn line(text: impl Into<String>, size: f64, class: &'static str) -> Line {
    Line {
        text: text.into(),
        size,
        class,
    }
}

fn wrapped(out: &mut Vec<Line>, text: &str, width: f64, size: f64, class: &'static str) {
    let chars = ((width - 2.0 * PAD) / (size * EM)).floor().max(8.0) as usize;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for piece in wrap(&flat, chars) {
        out.push(line(piece, size, class));
    }
}

fn width(node: &Node) -> f64 {
    match node.kind {
        NodeKind::Claim | NodeKind::Premises => CLAIM_WIDTH,
        NodeKind::Inference => INFERENCE_WIDTH,
        NodeKind::Conflict => CONFLICT_WIDTH,
    }
}

/// The text lines of a node, top to bottom.
fn lines(node: &Node) -> Vec<Line> {
    let w = width(node);
    let mut out = Vec::new();
    match node.kind {
        NodeKind::Claim => {
            // Room for the evaluation badge at the top right.
            let room = if node.status.is_some() { w - 80.0 } else { w };
            wrapped(&mut out, &node.name, room, 10.5, "name");
            if !node.kinds.is_empty() {
                wrapped(&mut out, &node.kinds.join(", "), w, 9.5, "kinds");
            }
            wrapped(
                &mut out,
                node.text.as_deref().unwrap_or("(no text)"),
                w,
                12.0,
                "text",
            );
            if !node.hedges.is_empty() {
                wrapped(
                    &mut out,
                    &format!("hedged: {}", node.hedges.join("; ")),
                    w,
                    10.5,
                    "hedge",
                );
            }
            if node.unstated {
                out.push(line("unstated premise (reconstructed)", 9.5, "note"));
            }
            if node.cut {
                wrapped(
                    &mut out,
                    &format!("▾ more below: argmap map {}", node.name),
                    w,
                    9.5,
                    "note",
                );
            }
        }
        NodeKind::Premises => {
            out.push(line("linked premises", 10.5, "name"));
            for (name, text) in &node.members {
                wrapped(&mut out, &format!("• {name}"), w, 9.5, "member");
                wrapped(&mut out, text, w, 11.0, "text");
            }
        }
        NodeKind::Inference => {
            wrapped(
                &mut out,
                node.text.as_deref().unwrap_or("inference"),
                w,
                11.0,
                "scheme",
            );
            if let Some((source, target)) = &node.analogy {
                wrapped(&mut out, &format!("source: {source}"), w, 9.0, "case");
                wrapped(&mut out, &format!("target: {target}"), w, 9.0, "case");
            }
            if !node.hedges.is_empty() {
                wrapped(
                    &mut out,
                    &format!("hedged: {}", node.hedges.join("; ")),
                    w,
                    9.5,
                    "hedge",
                );
            }
            wrapped(&mut out, &node.name, w, 8.5, "name");
        }
        NodeKind::Conflict => {
            out.push(line(
                node.conflict.unwrap_or("attack").to_uppercase(),
                11.0,
                "conflict-kind",
            ));
            out.push(line(
                if node.by_author {
                    "raised by the author"
                } else {
                    "raised by an analyst"
                },
                9.0,
                "raiser",
            ));
            if !node.answers.is_empty() {
                out.push(line("answered", 9.0, "note"));
            }
            wrapped(&mut out, &node.name, w, 8.0, "name");
        }
    }
    out
}

fn line_height(size: f64) -> f64 {
    size * 1.3
}

/// Width and height of a node's shape.
pub fn size(node: &Node) -> (f64, f64) {
    let text: f64 = lines(node).iter().map(|l| line_height(l.size)).sum();
    let extra = match node.kind {
        NodeKind::Conflict => 10.0,
        _ => 0.0,
    };
    (width(node), text + 2.0 * PAD + extra)
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Stroke colour and dash pattern of an edge kind.
pub fn edge_style(kind: EdgeKind) -> (&'static str, Option<&'static str>) {
    match kind {
        EdgeKind::Support => (GREEN, None),
        EdgeKind::Rebut => (VERMILLION, Some("8 4")),
        EdgeKind::Undermine => (ORANGE, Some("3 3")),
        EdgeKind::Undercut => (PURPLE, Some("10 3 2 3")),
        EdgeKind::Attack => (VERMILLION, Some("8 4")),
    }
}

const KINDS: [EdgeKind; 5] = [
    EdgeKind::Support,
    EdgeKind::Rebut,
    EdgeKind::Undermine,
    EdgeKind::Undercut,
    EdgeKind::Attack,
];

fn defs(out: &mut String) {
    out.push_str("<defs>\n");
    for kind in KINDS {
        let (colour, _) = edge_style(kind);
        let shape = if kind == EdgeKind::Support {
            // Triangle.
            format!(r#"<path d="M0,0 L12,5 L0,10 z" fill="{colour}"/>"#)
        } else {
            // Barred triangle: an attack is also told by its head's shape.
            format!(
                r#"<path d="M3,0 L12,5 L3,10 z" fill="{colour}"/><rect x="0" y="0" width="2" height="10" fill="{colour}"/>"#
            )
        };
        let _ = writeln!(
            out,
            r#"<marker id="head-{}" viewBox="0 0 12 10" refX="11" refY="5" markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">{shape}</marker>"#,
            kind.class()
        );
    }
    out.push_str("</defs>\n");
}

/// The SVG path through a route.
fn path(points: &[(f64, f64)], bezier: bool) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{x0:.1},{y0:.1}");
    if bezier {
        for chunk in points[1..].chunks(3) {
            if let [a, b, c] = chunk {
                let _ = write!(
                    d,
                    " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    a.0, a.1, b.0, b.1, c.0, c.1
                );
            } else {
                for p in chunk {
                    let _ = write!(d, " L{:.1},{:.1}", p.0, p.1);
                }
            }
        }
    } else {
        for pair in points.windows(2) {
            let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
            let mid = (y2 - y1) / 2.0;
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {x2:.1},{y2:.1}",
                x1,
                y1 + mid,
                x2,
                y2 - mid
            );
        }
    }
    d
}

fn node_classes(node: &Node) -> String {
    let mut classes = vec!["node", node.kind.class()];
    if node.unstated {
        classes.push("unstated");
    }
    if !node.hedges.is_empty() {
        classes.push("hedged");
    }
    if let Some(kind) = node.conflict {
        classes.push(kind);
        classes.push(if node.by_author { "author" } else { "analyst" });
    }
    if node.analogy.is_some() {
        classes.push("analogy");
    }
    if let Some(status) = node.status {
        classes.push(match status {
            Status::Accepted => "status-accepted",
            Status::Rejected => "status-rejected",
            Status::Undecided => "status-undecided",
        });
    }
    classes.join(" ")
}

fn shape(out: &mut String, node: &Node, x: f64, y: f64, w: f64, h: f64) {
    let (l, t) = (x - w / 2.0, y - h / 2.0);
    match node.kind {
        NodeKind::Claim | NodeKind::Premises => {
            let rejected = node.status == Some(Status::Rejected);
            let fill = if rejected {
                "#EEEEEE"
            } else if node.unstated {
                "#FFFFFF"
            } else {
                "#E6F0FA"
            };
            let dash = if node.unstated {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let stroke_width = if node.kind == NodeKind::Premises {
                2.5
            } else {
                1.5
            };
            let _ = writeln!(
                out,
                r#"<rect class="shape" x="{l:.1}" y="{t:.1}" width="{w:.1}" height="{h:.1}" rx="6" fill="{fill}" stroke="{BLUE}" stroke-width="{stroke_width}"{dash}/>"#
            );
        }
        NodeKind::Inference => {
            let _ = writeln!(
                out,
                r##"<rect class="shape" x="{l:.1}" y="{t:.1}" width="{w:.1}" height="{h:.1}" rx="{:.1}" fill="#E3F4EC" stroke="{GREEN}" stroke-width="1.5"/>"##,
                (h / 2.0).min(16.0)
            );
        }
        NodeKind::Conflict => {
            let (colour, _) = edge_style(conflict_edge(node));
            let hexagon = |inset: f64| {
                let (l, t, r, b) = (l + inset, t + inset, l + w - inset, t + h - inset);
                let s = 10.0;
                format!(
                    "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    l + s,
                    t,
                    r - s,
                    t,
                    r,
                    (t + b) / 2.0,
                    r - s,
                    b,
                    l + s,
                    b,
                    l,
                    (t + b) / 2.0
                )
            };
            let _ = writeln!(
                out,
                r##"<polygon class="shape" points="{}" fill="#FBE9DF" stroke="{colour}" stroke-width="1.5"/>"##,
                hexagon(0.0)
            );
            if !node.by_author {
                // An analyst's critique: a double border.
                let _ = writeln!(
                    out,
                    r#"<polygon class="analyst-border" points="{}" fill="none" stroke="{colour}" stroke-width="1"/>"#,
                    hexagon(3.0)
                );
            }
        }
    }
    if let Some(status) = node.status {
        let (symbol, fill) = match status {
            Status::Accepted => ("✔ accepted", "#CCEBDD"),
            Status::Rejected => ("✘ rejected", "#DDDDDD"),
            Status::Undecided => ("? undecided", "#FFF0C2"),
        };
        let bw = 74.0;
        let (bx, by) = (l + w - bw - 4.0, t - 8.0);
        let _ = writeln!(
            out,
            r##"<g class="status {}" data-status="{}"><rect x="{bx:.1}" y="{by:.1}" width="{bw}" height="16" rx="8" fill="{fill}" stroke="#333333" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#111111">{symbol}</text></g>"##,
            status.name(),
            status.name(),
            bx + bw / 2.0,
            by + 11.5
        );
    }
}

/// The edge kind a conflict's arrows have.
fn conflict_edge(node: &Node) -> EdgeKind {
    match node.conflict {
        Some("rebut") => EdgeKind::Rebut,
        Some("undermine") => EdgeKind::Undermine,
        Some("undercut") => EdgeKind::Undercut,
        _ => EdgeKind::Attack,
    }
}

fn text_lines(out: &mut String, node: &Node, x: f64, y: f64, h: f64) {
    let mut cursor = y - h / 2.0
        + PAD
        + if node.kind == NodeKind::Conflict {
            5.0
        } else {
            0.0
        };
    let w = width(node);
    let centred = matches!(node.kind, NodeKind::Inference | NodeKind::Conflict);
    let left = x - w / 2.0 + PAD;
    for l in lines(node) {
        let lh = line_height(l.size);
        let baseline = cursor + lh * 0.8;
        let style = match l.class {
            "name" | "member" => r##" font-weight="bold" fill="#333333""##,
            "kinds" | "case" | "raiser" | "note" => r##" fill="#444444""##,
            "hedge" => r##" font-style="italic" fill="#222222""##,
            "conflict-kind" | "scheme" => r##" font-weight="bold" fill="#111111""##,
            _ => r##" fill="#111111""##,
        };
        let (tx, anchor) = if centred {
            (x, "middle")
        } else {
            (left, "start")
        };
        let _ = writeln!(
            out,
            r#"<text class="{}" x="{tx:.1}" y="{baseline:.1}" font-size="{}" text-anchor="{anchor}"{style}>{}</text>"#,
            l.class,
            l.size,
            escape(&l.text)
        );
        cursor += lh;
    }
}

/// A full tooltip for a node.
fn title(node: &Node) -> String {
    let mut parts = vec![node.name.clone()];
    parts.extend(node.text.clone());
    if let Some(q) = &node.quote {
        parts.push(format!("“{}”", q.exact));
    }
    parts.join("\n")
}

fn legend(out: &mut String, top: f64) {
    let _ = writeln!(
        out,
        r#"<g class="legend" transform="translate(20,{:.1})" font-size="11">"#,
        top + 10.0
    );
    let entries = [
        (EdgeKind::Support, "support"),
        (EdgeKind::Rebut, "rebut (attacks a conclusion)"),
        (EdgeKind::Undermine, "undermine (attacks a premise)"),
        (EdgeKind::Undercut, "undercut (attacks an inference)"),
    ];
    let mut x = 0.0;
    for (kind, label) in entries {
        let (colour, dash) = edge_style(kind);
        let dash = dash
            .map(|d| format!(r#" stroke-dasharray="{d}""#))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            r##"<path class="legend-edge {}" d="M{x:.1},8 L{:.1},8" stroke="{colour}" stroke-width="2"{dash} marker-end="url(#head-{})"/><text x="{:.1}" y="12" fill="#111111">{}</text>"##,
            kind.class(),
            x + 40.0,
            kind.class(),
            x + 46.0,
            escape(label)
        );
        x += 46.0 + label.len() as f64 * 6.2 + 18.0;
    }
    let row = 30.0;
    let _ = writeln!(
        out,
        r##"<rect x="0" y="{row}" width="40" height="20" rx="4" fill="#E6F0FA" stroke="{BLUE}" stroke-width="1.5"/><text x="46" y="{:.1}" fill="#111111">claim</text>
<rect x="96" y="{row}" width="40" height="20" rx="4" fill="#FFFFFF" stroke="{BLUE}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="142" y="{:.1}" fill="#111111">unstated premise</text>
<rect x="250" y="{row}" width="40" height="20" rx="10" fill="#E3F4EC" stroke="{GREEN}" stroke-width="1.5"/><text x="296" y="{:.1}" fill="#111111">inference (its scheme)</text>
<polygon points="430,{row} 460,{row} 468,{:.1} 460,{:.1} 430,{:.1} 422,{:.1}" fill="#FBE9DF" stroke="{VERMILLION}" stroke-width="1.5"/><text x="474" y="{:.1}" fill="#111111">conflict raised by the author</text>
<polygon points="650,{row} 680,{row} 688,{:.1} 680,{:.1} 650,{:.1} 642,{:.1}" fill="#FBE9DF" stroke="{VERMILLION}" stroke-width="1.5"/><polygon points="651,{:.1} 679,{:.1} 684,{:.1} 679,{:.1} 651,{:.1} 646,{:.1}" fill="none" stroke="{VERMILLION}"/><text x="694" y="{:.1}" fill="#111111">… by an analyst (double border)</text>"##,
        row + 14.0,
        row + 14.0,
        row + 14.0,
        row + 10.0,
        row + 20.0,
        row + 20.0,
        row + 10.0,
        row + 14.0,
        row + 10.0,
        row + 20.0,
        row + 20.0,
        row + 10.0,
        row + 3.0,
        row + 3.0,
        row + 10.0,
        row + 17.0,
        row + 17.0,
        row + 10.0,
        row + 14.0,
    );
    let _ = writeln!(
        out,
        r##"<text x="0" y="{:.1}" fill="#444444">Arrows run from premise to conclusion and from attacker to target; “hedged:” marks a qualifier; badges show an evaluation.</text>"##,
        row + 44.0
    );
    out.push_str("</g>\n");
}

/// The map as a standalone SVG document.
pub fn render(map: &ArgumentMap, placed: &Placed) -> String {
    let width = placed.width.max(LEGEND_WIDTH);
    let height = placed.height;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="argmap" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}" font-family="{FONT}">"#
    );
    let (claims, inferences, conflicts) = map.counts();
    let _ = writeln!(
        out,
        "<title>Argument map: {claims} claims, {inferences} inferences, {conflicts} conflicts</title>"
    );
    defs(&mut out);
    let _ = writeln!(
        out,
        r##"<rect class="background" x="0" y="0" width="{width:.1}" height="{height:.1}" fill="#FFFFFF"/>"##
    );
    out.push_str("<g class=\"edges\">\n");
    for (i, edge) in map.edges.iter().enumerate() {
        let Some(route) = placed.routes.get(i) else {
            continue;
        };
        let (Some(from), Some(to)) = (map.nodes.get(edge.from), map.nodes.get(edge.to)) else {
            continue;
        };
        let (colour, dash) = edge_style(edge.kind);
        let dash = dash
            .map(|d| format!(r#" stroke-dasharray="{d}""#))
            .unwrap_or_default();
        let role = match (from.kind, to.kind) {
            (_, NodeKind::Conflict) => "attacker",
            (NodeKind::Conflict, _) => "target",
            (_, NodeKind::Inference) => "premise",
            _ => "conclusion",
        };
        let _ = writeln!(
            out,
            r#"<path class="edge {}" data-kind="{}" data-role="{role}" data-from="{}" data-to="{}" d="{}" fill="none" stroke="{colour}" stroke-width="1.8"{dash} marker-end="url(#head-{})"/>"#,
            edge.kind.class(),
            edge.kind.class(),
            escape(&from.name),
            escape(&to.name),
            path(route, placed.bezier),
            edge.kind.class()
        );
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, node) in map.nodes.iter().enumerate() {
        let Some(&(x, y, w, h)) = placed.boxes.get(i) else {
            continue;
        };
        let _ = writeln!(
            out,
            r#"<g class="{}" id="n{i}" data-id="{}" data-kind="{}"{}><title>{}</title>"#,
            node_classes(node),
            escape(&node.name),
            node.kind.class(),
            node.conflict
                .map(|c| format!(
                    r#" data-conflict="{c}" data-raised-by="{}""#,
                    if node.by_author { "author" } else { "analyst" }
                ))
                .unwrap_or_default(),
            escape(&title(node))
        );
        shape(&mut out, node, x, y, w, h);
        text_lines(&mut out, node, x, y, h);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    legend(&mut out, height - LEGEND_HEIGHT);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell ");
    }

    #[test]
    fn every_attack_kind_has_its_own_dash_pattern() {
        let dashes: Vec<_> = [
            EdgeKind::Support,
            EdgeKind::Rebut,
            EdgeKind::Undermine,
            EdgeKind::Undercut,
        ]
        .into_iter()
        .map(|k| edge_style(k).1)
        .collect();
        for (i, a) in dashes.iter().enumerate() {
            for b in &dashes[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
