//! `argmap map`: the real binary draws real maps; the SVG is parsed back with usvg and rendered
//! to PNG with resvg.

mod common;

use common::{fixture, run, stderr};
use resvg::usvg;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn tiny() -> String {
    fixture("tiny-map.ttl")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

/// Runs `argmap map ARGS`, returns stdout.
fn map(args: &[&str]) -> String {
    let mut all = vec!["map"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert!(
        output.status.success(),
        "argmap map {args:?}: {}",
        stderr(&output)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn parse(svg: &str) -> usvg::Tree {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    usvg::Tree::from_str(svg, &options).expect("the SVG parses")
}

/// Renders to PNG under the target dir, for a person to look at.
fn png(tree: &usvg::Tree, name: &str) -> PathBuf {
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a pixmap");
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("{name}.png"));
    pixmap.save_png(&path).expect("the PNG is written");
    path
}

/// The ids of the groups with `class` in their class list, from the SVG text (usvg keeps ids
/// but not classes).
fn elements(svg: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    for piece in svg.split(&format!("<{tag} ")).skip(1) {
        let head = piece.split('>').next().unwrap_or("");
        let mut attributes = BTreeMap::new();
        for part in head.split("\" ") {
            if let Some((key, value)) = part.split_once("=\"") {
                attributes.insert(
                    key.trim().to_owned(),
                    value.trim_end_matches(['"', '/']).to_owned(),
                );
            }
        }
        out.push(attributes);
    }
    out
}

#[test]
fn every_claim_inference_and_conflict_is_drawn_with_the_right_arrows() {
    let svg = map(&["--data", &tiny(), "tiny:c-deter"]);
    let tree = parse(&svg);
    // usvg keeps the ids of the node groups: every node of the SVG text is in the parsed tree.
    let nodes: Vec<_> = elements(&svg, "g")
        .into_iter()
        .filter(|g| g.get("class").is_some_and(|c| c.starts_with("node ")))
        .collect();
    for node in &nodes {
        let id = &node["id"];
        assert!(tree.node_by_id(id).is_some(), "{id} is in the parsed SVG");
    }
    let by_name: BTreeMap<&str, &BTreeMap<String, String>> =
        nodes.iter().map(|n| (n["data-id"].as_str(), n)).collect();
    for claim in [
        "tiny:c-deter",
        "tiny:c-grow",
        "tiny:c-troops",
        "tiny:c-signal",
        "tiny:c-denial",
        "tiny:c-images",
        "tiny:c-mercenaries",
    ] {
        assert_eq!(
            by_name.get(claim).map(|n| n["data-kind"].as_str()),
            Some("claim"),
            "{claim}"
        );
    }
    assert!(by_name["tiny:c-signal"]["class"].contains("unstated"));
    assert!(by_name["tiny:c-grow"]["class"].contains("hedged"));
    for inference in ["tiny:ra-deter", "tiny:ra-grow", "tiny:ra-cycle"] {
        assert_eq!(by_name[inference]["data-kind"], "inference", "{inference}");
    }
    let conflicts = [
        ("tiny:ca-denial", "undermine", "tiny:c-troops", "author"),
        ("tiny:ca-images", "rebut", "tiny:c-denial", "author"),
        ("tiny:ca-mercenaries", "undercut", "tiny:ra-grow", "analyst"),
    ];
    let edges = elements(&svg, "path");
    let edge = |from: &str, to: &str| {
        edges
            .iter()
            .filter(|e| {
                e.get("data-from").map(String::as_str) == Some(from)
                    && e.get("data-to").map(String::as_str) == Some(to)
            })
            .map(|e| e["data-kind"].clone())
            .collect::<Vec<_>>()
    };
    for (ca, kind, target, who) in conflicts {
        let node = by_name[ca];
        assert_eq!(node["data-conflict"], kind, "{ca}");
        assert_eq!(node["data-raised-by"], who, "{ca}");
        assert_eq!(edge(ca, target), [kind], "{ca} points at {target}");
    }
    // The undercut points at the inference node, not at a claim.
    assert_eq!(by_name["tiny:ra-grow"]["data-kind"], "inference");
    // Support arrows: premise → inference → conclusion.
    assert_eq!(edge("tiny:c-grow", "tiny:ra-deter"), ["support"]);
    assert_eq!(edge("tiny:ra-deter", "tiny:c-deter"), ["support"]);
    // Every edge joins two drawn nodes and has a marker of its kind.
    for e in edges
        .iter()
        .filter(|e| e.get("class").is_some_and(|c| c.starts_with("edge ")))
    {
        assert!(
            by_name.contains_key(e["data-from"].as_str())
                && by_name.contains_key(e["data-to"].as_str())
        );
        assert_eq!(e["marker-end"], format!("url(#head-{})", e["data-kind"]));
    }
    png(&tree, "tiny-map");
}

#[test]
fn analogies_show_their_cases_and_text_is_escaped() {
    let svg = map(&["--data", &tiny(), "tiny:c-deter"]);
    assert!(
        svg.contains(r#"class="node inference analogy""#) || svg.contains("analogy\""),
        "an analogy node"
    );
    assert!(svg.contains("source: "), "source case shown");
    assert!(svg.contains("target: "), "target case shown");
    // No raw ampersand or angle bracket inside text elements.
    for text in svg.split("<text ").skip(1) {
        let content = text
            .split_once('>')
            .map(|(_, rest)| rest.split("</text>").next().unwrap_or(""))
            .unwrap_or("");
        assert!(
            !content.contains('<')
                && !content
                    .replace("&amp;", "")
                    .replace("&lt;", "")
                    .replace("&gt;", "")
                    .replace("&quot;", "")
                    .replace("&apos;", "")
                    .contains('&'),
            "{content}"
        );
    }
}

#[test]
fn the_whole_bundled_map_renders_and_the_size_guard_says_how_to_narrow() {
    let refused = run(&["map"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("--depth") && message.contains("--force") && message.contains("--graph"),
        "{message}"
    );
    let svg = map(&["--force"]);
    let tree = parse(&svg);
    let nodes = elements(&svg, "g")
        .into_iter()
        .filter(|g| g.get("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert!(nodes > 150, "{nodes} nodes");
    png(&tree, "bundled-map");
    // Collapsing linked premises makes it smaller.
    let collapsed = map(&["--force", "--collapse"]);
    let folded = elements(&collapsed, "g")
        .into_iter()
        .filter(|g| g.get("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert!(folded < nodes, "{folded} < {nodes}");
    assert!(collapsed.contains("data-kind=\"premises\""));
}

#[test]
fn depth_graph_and_query_narrow_the_map() {
    let names = |svg: &str| -> BTreeSet<String> {
        elements(svg, "g")
            .into_iter()
            .filter_map(|g| g.get("data-id").cloned())
            .collect()
    };
    let shallow = names(&map(&["--data", &tiny(), "tiny:c-deter", "--depth", "1"]));
    let deep = names(&map(&["--data", &tiny(), "tiny:c-deter"]));
    assert!(shallow.len() < deep.len() && shallow.is_subset(&deep));
    assert!(!shallow.contains("tiny:c-images"));
    let author = names(&map(&[
        "ofw:c-risk-of-spiral",
        "--graph",
        "ofwono-2024/author",
        "--depth",
        "3",
    ]));
    assert!(
        author.iter().all(|n| !n.starts_with("ofwa:ca-")),
        "no analyst conflict in the author's graph"
    );
    let dir = tempfile::tempdir().unwrap();
    let query = dir.path().join("q.rq");
    std::fs::write(
        &query,
        "CONSTRUCT { ?ra aif:Conclusion tiny:c-grow } WHERE { ?ra aif:Conclusion tiny:c-grow }",
    )
    .unwrap();
    let sub = names(&map(&[
        "--data",
        &tiny(),
        "--query",
        &format!("@{}", query.display()),
    ]));
    assert!(
        sub.contains("tiny:ra-grow")
            && sub.contains("tiny:c-grow")
            && sub.contains("tiny:c-troops"),
        "{sub:?}"
    );
    assert!(!sub.contains("tiny:c-deter"), "{sub:?}");
}

#[test]
fn dot_is_always_available_and_layout_dot_says_what_it_needs() {
    let dot = map(&["--data", &tiny(), "tiny:c-deter", "--format", "dot"]);
    assert!(dot.starts_with("digraph argmap {") && dot.contains("rankdir=BT"));
    assert!(dot.contains("class=undercut") && dot.contains("peripheries=2"));
    let output = run(&["map", "--data", &tiny(), "tiny:c-deter", "--layout", "dot"]);
    let on_path = std::process::Command::new("dot").arg("-V").output().is_ok();
    if on_path {
        assert!(output.status.success(), "{}", stderr(&output));
        parse(&String::from_utf8_lossy(&output.stdout));
    } else {
        assert_eq!(output.status.code(), Some(1));
        assert!(stderr(&output).contains("Graphviz"), "{}", stderr(&output));
    }
}

#[test]
fn unknown_claims_are_refused_with_suggestions() {
    let output = run(&["map", "ofw:c-risk-of"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean ofw:c-risk-of-spiral"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_shell_draws_with_dot_map() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("deter.svg");
    let dot = dir.path().join("deter.dot");
    let script = format!(
        ".map tiny:c-deter {} 1\n.map tiny:c-deter {}\n",
        svg.display(),
        dot.display()
    );
    let output = common::piped(&["--data", &tiny()], &script);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&svg).unwrap();
    parse(&text);
    assert!(text.contains(r#"data-id="tiny:ra-deter""#));
    assert!(
        !text.contains(r#"data-id="tiny:c-images""#),
        "depth 1 stops above the rebut of the denial"
    );
    assert!(
        std::fs::read_to_string(&dot)
            .unwrap()
            .starts_with("digraph")
    );
}

/// The command that draws the README's picture, and the picture it must match.
const README_PICTURE: (&str, [&str; 4]) = (
    "docs/map-troops-signal.svg",
    [
        "ofw:c-nk-troops-signal-broader",
        "--depth",
        "2",
        "--collapse",
    ],
);

#[test]
fn the_readme_picture_is_up_to_date() {
    let (path, args) = README_PICTURE;
    let fresh = map(&args);
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the README's picture is committed");
    assert!(
        committed == fresh,
        "{path} is stale: run `cargo run --release -- map {} -o {path}`",
        args[..].join(" ")
    );
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("map {} -o {path}", args[..].join(" "))),
        "the README shows the command"
    );
}

/// The evaluation overlay: labels in the eval graph (as `argmap eval` writes them) show on the
/// claims, each with its word and its class.
#[test]
fn an_evaluation_shows_on_each_claim() {
    use argmap::map::{self, MapOptions, Scope};
    use argmap::store::ArgStore;
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
    let store = ArgStore::with_bundled().unwrap();
    let graph = NamedNodeRef::new(map::DEFAULT_EVAL_GRAPH).unwrap();
    let status = NamedNodeRef::new("https://w3id.org/argmap#status").unwrap();
    let labels = [
        ("c-risk-of-spiral", "Undecided"),
        ("c-present-alignments-similar", "Accepted"),
        ("c-1939-alliances-escalated", "Rejected"),
    ];
    for (claim, label) in labels {
        let claim = format!("https://w3id.org/argmap/doc/ofwono-2024/{claim}");
        let value = format!("https://w3id.org/argmap#{label}");
        store
            .oxigraph()
            .insert(QuadRef::new(
                NamedNodeRef::new(&claim).unwrap(),
                status,
                NamedNodeRef::new(&value).unwrap(),
                GraphNameRef::NamedNode(graph),
            ))
            .unwrap();
    }
    let options = MapOptions {
        depth: Some(1),
        ..MapOptions::default()
    };
    let built = map::build(
        &store,
        &Scope::Claim("ofw:c-risk-of-spiral".into()),
        &options,
    )
    .unwrap();
    let svg = map::svg::render(&built, &map::place(&built).unwrap());
    let tree = parse(&svg);
    let groups = elements(&svg, "g");
    for (claim, label) in labels {
        let name = format!("ofw:{claim}");
        let node = groups
            .iter()
            .find(|g| g.get("data-id") == Some(&name))
            .unwrap_or_else(|| panic!("{name} drawn"));
        assert!(
            node["class"].contains(&format!("status-{}", label.to_lowercase())),
            "{name}: {}",
            node["class"]
        );
    }
    assert_eq!(
        svg.matches(r#"<g class="status "#).count(),
        3,
        "one badge per labelled claim"
    );
    for word in ["✔ accepted", "✘ rejected", "? undecided"] {
        assert!(svg.contains(word), "{word}");
    }
    png(&tree, "evaluated-map");
}

/// The HTML page in a real headless Chromium: it loads without errors, every node is in the
/// DOM, and clicking each node shows its name (and a claim's quote). The page's `#selftest`
/// mode does the clicking; `--dump-dom` hands back what it found.
#[test]
fn the_html_page_works_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("map.html");
    let output = run(&[
        "map",
        "--data",
        &tiny(),
        "tiny:c-deter",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script src") && !html.contains("<link "),
        "self-contained"
    );
    // The page tests itself when its URL ends in #selftest and writes the result into the DOM.
    let loaded = common::browser::load(&format!("file://{}#selftest", page.display()), 5000);
    let (dom, log) = (&loaded.dom, &loaded.log);
    assert!(
        !log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"),
        "console errors:\n{log}"
    );
    let result = dom
        .split("<pre id=\"selftest-result\" hidden=\"\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no self-test result in the page:\n{dom}\n{log}"));
    let result: serde_json::Value =
        serde_json::from_str(&result.replace("&quot;", "\"").replace("&amp;", "&"))
            .unwrap_or_else(|e| panic!("{e}: {result}"));
    let drawn = elements(&html, "g")
        .into_iter()
        .filter(|g| g.get("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert!(drawn >= 15, "{drawn}");
    assert_eq!(result["nodes"], drawn, "{result}");
    assert_eq!(
        result["clicked"], drawn,
        "every click shows its node: {result}"
    );
    assert!(result["quotesExpected"].as_u64().unwrap() >= 5, "{result}");
    assert_eq!(result["quotesShown"], result["quotesExpected"], "{result}");
    assert_eq!(result["errors"], serde_json::json!([]), "{result}");
    assert_eq!(result["zoomed"], true, "{result}");
    assert_eq!(result["missing"], serde_json::json!([]), "{result}");
}

#[test]
fn an_araucaria_corpus_of_two_hundred_claims_renders_from_its_final_conclusions() {
    // The largest Araucaria nodesets until they hold at least 200 claims (I-nodes), counted
    // from the JSON itself. AIF maps name no main conclusion: the map starts from the claims
    // that inferences conclude and no inference uses.
    let folder = common::shared_corpus("aif-araucaria");
    let mut files: Vec<(u64, PathBuf)> = common::json_files(&folder)
        .into_iter()
        .map(|p| (std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0), p))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut args: Vec<String> = vec!["--no-bundled".into()];
    let mut claims = 0;
    for (_, file) in &files {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        claims += json["nodes"]
            .as_array()
            .map_or(0, |n| n.iter().filter(|n| n["type"] == "I").count());
        args.extend(["--data".into(), file.display().to_string()]);
        if claims >= 200 {
            break;
        }
    }
    assert!(claims >= 200, "{claims} claims");
    args.extend(["map".into(), "--force".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = String::from_utf8(output.stdout).unwrap();
    let tree = parse(&svg);
    let drawn = elements(&svg, "g")
        .into_iter()
        .filter(|g| g.get("data-kind").is_some_and(|k| k == "claim"))
        .count();
    // Every claim that an inference or conflict touches is under some final conclusion;
    // the corpus also has lone claims, so most but not all are drawn.
    assert!(drawn >= claims / 2, "{drawn} of {claims} claims drawn");
    png(&tree, "araucaria-200");
}
