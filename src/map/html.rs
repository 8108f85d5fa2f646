//! The map as one self-contained HTML page: the SVG inline, pan (drag) and zoom (wheel, +/-
//! buttons), and on click a panel with the node's text, its quote in its source passage, the
//! scheme with its critical questions, and the attacks on it. No network: the script, the style
//! and the data are in the page.
//!
//! Opened as `map.html#selftest`, the page clicks every node itself and writes what it found
//! into `#selftest-result` (the browser test reads it with `--dump-dom`).

use super::{ArgumentMap, NodeKind};
use serde_json::{Value, json};

const STYLE: &str = r#"
html, body { margin: 0; height: 100%; font-family: Liberation Sans, Arial, Helvetica, sans-serif; }
body { display: flex; }
#view { flex: 1; overflow: hidden; cursor: grab; background: #fafafa; }
#view.dragging { cursor: grabbing; }
#view svg { width: 100%; height: 100%; display: block; }
#panel { width: 360px; overflow: auto; border-left: 1px solid #ccc; padding: 12px 16px; font-size: 14px; }
#panel h2 { font-size: 15px; margin: 4px 0 8px; word-break: break-all; }
#panel .kind { color: #555; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
#panel blockquote { margin: 8px 0; padding: 6px 10px; border-left: 4px solid #0072B2; background: #f0f5fb; }
#panel blockquote .context { color: #666; }
#panel blockquote mark { background: #ffe9a8; }
#panel ul { padding-left: 18px; }
#tools { position: absolute; top: 8px; left: 8px; }
#tools button { font-size: 16px; width: 32px; height: 32px; }
g.node { cursor: pointer; }
g.node.selected .shape { stroke-width: 4; }
"#;

const SCRIPT: &str = r#"
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('map-data').textContent);
  var view = document.getElementById('view');
  var svg = view.querySelector('svg');
  var panel = document.getElementById('panel');
  var box = svg.viewBox.baseVal;
  var full = { x: box.x, y: box.y, w: box.width, h: box.height };
  function set(x, y, w, h) { svg.setAttribute('viewBox', [x, y, w, h].join(' ')); }
  function zoom(factor, cx, cy) {
    var b = svg.viewBox.baseVal;
    var w = Math.min(Math.max(b.width * factor, 40), full.w * 4);
    var h = w * b.height / b.width;
    set(cx - (cx - b.x) * w / b.width, cy - (cy - b.y) * h / b.height, w, h);
  }
  function toSvg(ev) {
    var r = svg.getBoundingClientRect(), b = svg.viewBox.baseVal;
    var s = Math.max(b.width / r.width, b.height / r.height);
    return { x: b.x + (ev.clientX - r.left) * s, y: b.y + (ev.clientY - r.top) * s, s: s };
  }
  view.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = toSvg(ev);
    zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  var drag = null, moved = false;
  view.addEventListener('mousedown', function (ev) { drag = toSvg(ev); moved = false; view.classList.add('dragging'); });
  window.addEventListener('mouseup', function () { drag = null; view.classList.remove('dragging'); });
  window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    var b = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
    var s = Math.max(b.width / r.width, b.height / r.height);
    var dx = ev.movementX * s, dy = ev.movementY * s;
    if (Math.abs(dx) + Math.abs(dy) > 0) moved = true;
    set(b.x - dx, b.y - dy, b.width, b.height);
  });
  document.getElementById('zoom-in').onclick = function () { var b = svg.viewBox.baseVal; zoom(1 / 1.4, b.x + b.width / 2, b.y + b.height / 2); };
  document.getElementById('zoom-out').onclick = function () { var b = svg.viewBox.baseVal; zoom(1.4, b.x + b.width / 2, b.y + b.height / 2); };
  document.getElementById('zoom-fit').onclick = function () { set(full.x, full.y, full.w, full.h); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function show(i) {
    var n = data.nodes[i];
    if (!n) return;
    var old = svg.querySelector('g.node.selected');
    if (old) old.classList.remove('selected');
    var g = document.getElementById('n' + i);
    if (g) g.classList.add('selected');
    panel.textContent = '';
    panel.appendChild(el('div', n.kind + (n.conflict ? ' · ' + n.conflict : ''), 'kind'));
    panel.appendChild(el('h2', n.name));
    if (n.text) panel.appendChild(el('p', n.text, 'text'));
    if (n.hedges.length) panel.appendChild(el('p', 'Hedged: ' + n.hedges.join('; '), 'hedges'));
    if (n.unstated) panel.appendChild(el('p', 'Unstated premise, reconstructed by the mapper.', 'unstated'));
    if (n.status) panel.appendChild(el('p', 'Evaluation: ' + n.status, 'status'));
    if (n.quote) {
      var q = el('blockquote', null, 'quote');
      q.appendChild(el('span', n.quote.prefix ? '…' + n.quote.prefix : '', 'context'));
      q.appendChild(el('mark', n.quote.exact, 'exact'));
      q.appendChild(el('span', n.quote.suffix ? n.quote.suffix + '…' : '', 'context'));
      panel.appendChild(q);
      if (n.quote.source) panel.appendChild(el('p', 'Source: ' + n.quote.source, 'source'));
    }
    if (n.analogy) panel.appendChild(el('p', 'Analogy: ' + n.analogy[0] + ' → ' + n.analogy[1], 'analogy'));
    if (n.questions.length) {
      panel.appendChild(el('h3', 'Critical questions of the scheme'));
      var ul = el('ul', null, 'questions');
      n.questions.forEach(function (t) { ul.appendChild(el('li', t)); });
      panel.appendChild(ul);
    }
    if (n.raisers.length) panel.appendChild(el('p', 'Raised by ' + n.raisers.join(', ') + (n.byAuthor ? ' (the author)' : ' (an analyst)'), 'raisers'));
    if (n.pressed.length) panel.appendChild(el('p', 'Presses: ' + n.pressed.join('; '), 'pressed'));
    if (n.answers.length) panel.appendChild(el('p', 'Answered by ' + n.answers.join(', '), 'answers'));
    if (n.members.length) {
      var ml = el('ul', null, 'members');
      n.members.forEach(function (m) { ml.appendChild(el('li', m[0] + ': ' + m[1])); });
      panel.appendChild(ml);
    }
    panel.appendChild(el('h3', n.attacks.length ? 'Attacks on it' : 'No attack on it in this map'));
    if (n.attacks.length) {
      var al = el('ul', null, 'attacks');
      n.attacks.forEach(function (a) {
        al.appendChild(el('li', a.kind + ' ' + a.name + ' (' + (a.byAuthor ? 'author' : 'analyst') + '): ' + a.by.join('; ')));
      });
      panel.appendChild(al);
    }
  }
  svg.addEventListener('click', function (ev) {
    if (moved) return;
    var g = ev.target.closest ? ev.target.closest('g.node') : null;
    if (g) show(Number(g.id.slice(1)));
  });

  if (location.hash === '#selftest') {
    var result = { nodes: 0, clicked: 0, quotesShown: 0, quotesExpected: 0, missing: [], errors: window.__argmapErrors };
    data.nodes.forEach(function (n, i) {
      var g = document.getElementById('n' + i);
      if (!g) { result.missing.push(n.name); return; }
      result.nodes++;
      g.querySelector('.shape').dispatchEvent(new MouseEvent('click', { bubbles: true }));
      if (panel.querySelector('h2') && panel.querySelector('h2').textContent === n.name) result.clicked++;
      if (n.quote) {
        result.quotesExpected++;
        var m = panel.querySelector('blockquote mark');
        if (m && m.textContent === n.quote.exact) result.quotesShown++;
      }
    });
    zoom(0.5, full.x + full.w / 2, full.y + full.h / 2);
    result.zoomed = svg.viewBox.baseVal.width < full.w;
    var out = document.getElementById('selftest-result');
    out.textContent = JSON.stringify(result);
  }
})();
"#;

/// JSON for `<script type="application/json">`: `</` cannot end the element early.
fn embed(value: &Value) -> String {
    value.to_string().replace("</", "<\\/")
}

fn data(map: &ArgumentMap) -> Value {
    let nodes: Vec<Value> = map
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let attacks: Vec<Value> = map
                .edges
                .iter()
                .filter(|e| e.to == i && map.nodes[e.from].kind == NodeKind::Conflict)
                .map(|e| {
                    let ca = &map.nodes[e.from];
                    let by: Vec<String> = map
                        .edges
                        .iter()
                        .filter(|a| a.to == e.from)
                        .map(|a| {
                            let attacker = &map.nodes[a.from];
                            format!(
                                "{} {}",
                                attacker.name,
                                attacker.text.clone().unwrap_or_default()
                            )
                        })
                        .collect();
                    json!({ "name": ca.name, "kind": ca.conflict.unwrap_or("attack"),
                            "byAuthor": ca.by_author, "by": by })
                })
                .collect();
            json!({
                "name": n.name,
                "kind": n.kind.class(),
                "text": n.text,
                "hedges": n.hedges,
                "unstated": n.unstated,
                "status": n.status.map(|s| s.name()),
                "quote": n.quote.as_ref().map(|q| json!({
                    "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix, "source": q.source })),
                "analogy": n.analogy.as_ref().map(|(s, t)| json!([s, t])),
                "questions": n.questions,
                "conflict": n.conflict,
                "raisers": n.raisers,
                "byAuthor": n.by_author,
                "answers": n.answers,
                "pressed": n.pressed,
                "members": n.members,
                "attacks": attacks,
            })
        })
        .collect();
    json!({ "nodes": nodes })
}

/// The page around an SVG drawn from `map`.
pub fn render(map: &ArgumentMap, svg: &str) -> String {
    let (claims, inferences, conflicts) = map.counts();
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Argument map ({claims} claims, {inferences} inferences, {conflicts} conflicts)</title>
<script>window.__argmapErrors = []; window.addEventListener('error', function (e) {{ window.__argmapErrors.push(String(e.message)); }});</script>
<style>{STYLE}</style>
</head>
<body>
<div id="view">
<div id="tools"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="zoom-fit" title="whole map">⤢</button></div>
{svg}</div>
<aside id="panel"><p>Click a claim, an inference or a conflict to read it: its text, the quote in its passage, the scheme's critical questions and the attacks on it. Drag to pan, wheel to zoom.</p></aside>
<pre id="selftest-result" hidden></pre>
<script type="application/json" id="map-data">{}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        embed(&data(map))
    )
}
