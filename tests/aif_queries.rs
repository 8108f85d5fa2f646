//! The corpus named queries on a small corpus of AIF files (the two samples, the DialAM and OVA3
//! fixtures, two nodesets that share claims), each answer compared with the same figure computed
//! from the JSON files alone; and `shared-between-documents` on the whole AraucariaDB corpus.

mod common;

use argmap::named::Library;
use argmap::query::QueryOutcome;
use argmap::store::ArgStore;
use common::{json_files, shared_corpus};
use oxigraph::model::Term;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn files() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aif");
    let mut files = json_files(&shared_corpus("aif-samples"));
    files.extend(
        [
            "dialam-qt30.json",
            "ova3-save.json",
            "shared-a.json",
            "shared-b.json",
        ]
        .map(|f| fixtures.join(f)),
    );
    files
}

/// Each file's title (its stem), AIF object, and whether its node IDs are AIFdb-wide.
fn maps(files: &[PathBuf]) -> Vec<(String, Value, bool)> {
    files
        .iter()
        .map(|f| {
            let root: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            let aifdb = root.get("AIF").is_none() && root.get("participants").is_none();
            let aif = root.get("AIF").cloned().unwrap_or(root);
            let title = f.file_stem().unwrap().to_string_lossy().into_owned();
            (title, aif, aifdb)
        })
        .collect()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A node's identity across the corpus: AIFdb IDs are shared, OVA IDs are per map.
fn key(title: &str, aifdb: bool, id: &Value) -> String {
    if aifdb {
        text(id)
    } else {
        format!("{title}#{}", text(id))
    }
}

/// Lower-case letters and digits, without a leading "argument from": how names compare.
fn plain(name: &str) -> String {
    let plain: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    plain
        .strip_prefix("argumentfrom")
        .map(str::to_owned)
        .unwrap_or(plain)
}

fn nodes(aif: &Value) -> &Vec<Value> {
    aif["nodes"].as_array().unwrap()
}

/// The rows of a named query (without parameters), cells as plain strings.
fn answer(store: &ArgStore, name: &str) -> Vec<BTreeMap<String, String>> {
    let library = Library::load(store.prefixes(), &[]).unwrap();
    let request = library
        .get(name)
        .unwrap()
        .bind(&[], store.prefixes())
        .unwrap();
    let QueryOutcome::Solutions { variables, rows } = store.query(&request).unwrap() else {
        panic!("{name} is not a SELECT");
    };
    rows.into_iter()
        .map(|row| {
            variables
                .iter()
                .zip(row)
                .filter_map(|(v, cell)| {
                    let value = match cell? {
                        Term::Literal(l) => l.value().to_owned(),
                        Term::NamedNode(n) => n.as_str().to_owned(),
                        Term::BlankNode(b) => b.to_string(),
                    };
                    Some((v.as_str().to_owned(), value))
                })
                .collect()
        })
        .collect()
}

fn corpus_store(files: &[PathBuf]) -> ArgStore {
    let mut store = ArgStore::empty().unwrap();
    store.ensure_bundled_ontology().unwrap();
    store.load_files(files, None).unwrap();
    store
}

#[test]
fn the_corpus_queries_agree_with_counts_over_the_json() {
    let files = files();
    let maps = maps(&files);
    let store = corpus_store(&files);

    // scheme-frequencies: distinct RA-nodes and maps per scheme name.
    let mut want: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (title, aif, aifdb) in &maps {
        for node in nodes(aif).iter().filter(|n| n["type"] == "RA") {
            let field = text(&node["scheme"]);
            let label = text(&node["text"]);
            let name = [field, label]
                .into_iter()
                .find(|n| !n.trim().is_empty() && n.trim() != "RA")
                .unwrap_or_else(|| "Default Inference".to_owned());
            let entry = want.entry(plain(&name)).or_default();
            entry.0.insert(key(title, *aifdb, &node["nodeID"]));
            entry.1.insert(title.clone());
        }
    }
    let want: BTreeMap<String, (usize, usize)> = want
        .into_iter()
        .map(|(name, (nodes, maps))| (name, (nodes.len(), maps.len())))
        .collect();
    let got: BTreeMap<String, (usize, usize)> = answer(&store, "scheme-frequencies")
        .iter()
        .map(|r| {
            (
                plain(&r["name"]),
                (
                    r["inferences"].parse().unwrap(),
                    r["documents"].parse().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, want, "scheme-frequencies");

    // maps-by-size and conflicts-per-map: per file.
    let mut sizes = BTreeMap::new();
    let mut conflicts = BTreeMap::new();
    for (title, aif, _) in &maps {
        let count = |t: &str| nodes(aif).iter().filter(|n| n["type"] == t).count();
        sizes.insert(
            title.clone(),
            [
                nodes(aif).len(),
                count("I"),
                count("RA"),
                count("CA"),
                count("L"),
            ],
        );
        let types: BTreeMap<String, String> = nodes(aif)
            .iter()
            .map(|n| (text(&n["nodeID"]), text(&n["type"])))
            .collect();
        let on_inferences: BTreeSet<String> = aif["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                types.get(&text(&e["fromID"])).map(String::as_str) == Some("CA")
                    && types.get(&text(&e["toID"])).map(String::as_str) == Some("RA")
            })
            .map(|e| text(&e["fromID"]))
            .collect();
        if count("CA") > 0 {
            conflicts.insert(
                title.clone(),
                [count("CA"), on_inferences.len(), count("I")],
            );
        }
    }
    let got: BTreeMap<String, [usize; 5]> = answer(&store, "maps-by-size")
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].parse::<usize>().unwrap();
            (
                r["title"].clone(),
                [
                    n("nodes"),
                    n("claims"),
                    n("inferences"),
                    n("conflicts"),
                    n("locutions"),
                ],
            )
        })
        .collect();
    assert_eq!(got, sizes, "maps-by-size");
    let got: BTreeMap<String, [usize; 3]> = answer(&store, "conflicts-per-map")
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].parse::<usize>().unwrap();
            (
                r["title"].clone(),
                [n("conflicts"), n("onInferences"), n("claims")],
            )
        })
        .collect();
    assert_eq!(got, conflicts, "conflicts-per-map");
    assert!(conflicts["shared-a"][1] == 1, "the fixture has an undercut");

    // claims-across-maps: texts (case and spacing aside) in several maps.
    let mut texts: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (title, aif, aifdb) in &maps {
        for node in nodes(aif).iter().filter(|n| n["type"] == "I") {
            let words: Vec<String> = text(&node["text"])
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            let entry = texts.entry(words.join(" ")).or_default();
            entry.0.insert(title.clone());
            entry.1.insert(key(title, *aifdb, &node["nodeID"]));
        }
    }
    let want: BTreeMap<String, (usize, usize)> = texts
        .into_iter()
        .filter(|(_, (maps, _))| maps.len() > 1)
        .map(|(text, (maps, nodes))| (text, (maps.len(), nodes.len())))
        .collect();
    assert!(want.len() >= 3, "the fixtures share claims: {want:?}");
    let got: BTreeMap<String, (usize, usize)> = answer(&store, "claims-across-maps")
        .iter()
        .map(|r| {
            let words: Vec<String> = r["text"]
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            (
                words.join(" "),
                (
                    r["documents"].parse().unwrap(),
                    r["claims"].parse().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, want, "claims-across-maps");

    // dialogue: (speaker, illocution, anchored text) for every L/TA -> YA -> node chain.
    let mut want = BTreeSet::new();
    for (_, aif, _) in &maps {
        let by_id: BTreeMap<String, &Value> =
            nodes(aif).iter().map(|n| (text(&n["nodeID"]), n)).collect();
        let people: BTreeMap<String, String> = aif["participants"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let name = format!("{} {}", text(&p["firstname"]), text(&p["surname"]));
                (text(&p["participantID"]), name.trim().to_owned())
            })
            .collect();
        let speakers: BTreeMap<String, String> = aif["locutions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| {
                Some((
                    text(&l["nodeID"]),
                    people.get(&text(&l["personID"]))?.clone(),
                ))
            })
            .collect();
        let edges: Vec<(String, String)> = aif["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (text(&e["fromID"]), text(&e["toID"])))
            .collect();
        for (from, ya) in &edges {
            let (Some(anchor), Some(ya_node)) = (by_id.get(from), by_id.get(ya)) else {
                continue;
            };
            if ya_node["type"] != "YA" || !(anchor["type"] == "L" || anchor["type"] == "TA") {
                continue;
            }
            let said = text(&anchor["text"]);
            let speaker = speakers.get(from).cloned().unwrap_or_else(|| {
                said.split_once(':')
                    .map(|(s, _)| s.trim().to_owned())
                    .unwrap_or_default()
            });
            for (_, target) in edges.iter().filter(|(f, _)| f == ya) {
                let target_text = by_id.get(target).map(|n| text(&n["text"]));
                want.insert((speaker.clone(), text(&ya_node["text"]), target_text));
            }
        }
    }
    let got: BTreeSet<(String, String, Option<String>)> = answer(&store, "dialogue")
        .into_iter()
        .map(|r| {
            let text = r.get("text").cloned();
            (
                r.get("speaker").cloned().unwrap_or_default(),
                r["illocution"].clone(),
                text,
            )
        })
        .collect();
    // Anchored S-nodes carry their default text in the JSON and none in the store.
    let want: BTreeSet<(String, String, Option<String>)> = want
        .into_iter()
        .map(|(s, i, t)| (s, i, t.filter(|t| !t.starts_with("Default "))))
        .collect();
    assert!(want.len() >= 10, "the fixtures hold a dialogue: {want:?}");
    assert_eq!(got, want, "dialogue");
}

#[test]
fn shared_between_documents_finds_every_node_araucaria_nodesets_share() {
    let folder = shared_corpus("aif-araucaria");
    let files = json_files(&folder);
    // Independently: the I-node IDs that occur in more than one file.
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let root: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for node in nodes(&root).iter().filter(|n| n["type"] == "I") {
            seen.entry(text(&node["nodeID"])).or_default().insert(index);
        }
    }
    let shared: BTreeSet<String> = seen
        .into_iter()
        .filter(|(_, in_files)| in_files.len() > 1)
        .map(|(id, _)| format!("https://w3id.org/argmap/aifdb/node/{id}"))
        .collect();
    assert!(shared.len() > 100, "{}", shared.len());

    let mut store = ArgStore::empty().unwrap();
    store.load_files(&[folder], None).unwrap();
    let rows = answer(&store, "shared-between-documents");
    let items: BTreeSet<String> = rows.iter().map(|r| r["item"].clone()).collect();
    assert_eq!(items, shared);
    assert_eq!(rows.len(), shared.len(), "one row per item");
}
