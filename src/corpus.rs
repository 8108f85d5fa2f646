//! Figures over imported AIF maps — files, nodes by type, edges, schemes — as `argmap load`
//! prints them after a folder of AIF files, read back from the store so they say what it holds.

use crate::aif_names::Names;
use crate::query::{QueryError, QueryOutcome, QueryRequest};
use crate::store::ArgStore;
use oxigraph::model::{NamedNode, Term};
use std::collections::BTreeMap;
use std::fmt;

/// What a set of imported graphs holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Graphs holding an imported map.
    pub files: usize,
    /// Nodes by AIF type code (`I`, `RA`, ...), counted per file (a node shared by two
    /// nodesets counts twice, as it appears in both files).
    pub nodes: BTreeMap<String, usize>,
    /// `aif:Premise` and `aif:Conclusion` edges, per file.
    pub edges: usize,
    /// RA-nodes by scheme, under the scheme's AIF name (or the unknown name kept).
    pub schemes: BTreeMap<String, usize>,
}

/// The summary of the imported maps among `graphs`.
pub fn summarise(store: &ArgStore, graphs: &[NamedNode]) -> Result<Summary, QueryError> {
    let values: String = graphs
        .iter()
        .map(|g| format!("<{}> ", g.as_str()))
        .collect();
    let imported = format!(
        "VALUES ?g {{ {values}}} GRAPH ?g {{ ?doc arg:importedAt ?at . ?node arg:inDocument ?doc"
    );
    let files = pairs(
        store,
        &format!("SELECT ('files' AS ?k) (COUNT(DISTINCT ?g) AS ?n) {{ {imported} }} }}"),
    )?
    .into_iter()
    .map(|(_, n)| n)
    .sum();
    let mut summary = Summary {
        files,
        ..Summary::default()
    };
    for (class, count) in pairs(
        store,
        &format!("SELECT ?type (COUNT(*) AS ?n) {{ {imported} ; a ?type }} }} GROUP BY ?type"),
    )? {
        if let Some(code) = class
            .strip_prefix("http://www.arg.tech/aif#")
            .and_then(|c| c.strip_suffix("-node"))
        {
            summary.nodes.insert(code.to_owned(), count);
        }
    }
    summary.edges = pairs(
        store,
        &format!(
            "SELECT ('edges' AS ?k) (COUNT(*) AS ?n) {{ {imported} ; aif:Premise|aif:Conclusion ?other }} }}"
        ),
    )?
    .into_iter()
    .map(|(_, n)| n)
    .sum();
    summary.schemes = pairs(
        store,
        &format!(
            "SELECT ?name (COUNT(*) AS ?n) {{ {imported} . {{ ?node arg:scheme ?scheme }} UNION {{ ?node arg:schemeName ?kept }} }}
             BIND (COALESCE(?kept, STR(?scheme)) AS ?name) }} GROUP BY ?name"
        ),
    )?
    .into_iter()
    .map(|(name, count)| {
        // Named from the bundled ontology, which a store opened empty does not hold.
        let term = NamedNode::new_unchecked(name.clone());
        let aif = Names::bundled().aif_name(&term).map(str::to_owned);
        (aif.unwrap_or(name), count)
    })
    .collect();
    Ok(summary)
}

/// Rows of (text, count) from a two-column SELECT.
fn pairs(store: &ArgStore, query: &str) -> Result<Vec<(String, usize)>, QueryError> {
    let QueryOutcome::Solutions { rows, .. } = store.query(&QueryRequest::new(query))? else {
        return Ok(Vec::new());
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let key = match row.first()? {
                Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => return None,
            };
            let count = match row.get(1)? {
                Some(Term::Literal(l)) => l.value().parse().ok()?,
                _ => return None,
            };
            Some((key, count))
        })
        .collect())
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.nodes.values().sum();
        write!(f, "{} AIF maps: {total} nodes (", self.files)?;
        let mut first = true;
        for code in ["I", "RA", "CA", "PA", "MA", "L", "YA", "TA"] {
            if let Some(count) = self.nodes.get(code) {
                write!(f, "{}{code} {count}", if first { "" } else { ", " })?;
                first = false;
            }
        }
        write!(f, "), {} edges", self.edges)?;
        let mut schemes: Vec<(&String, &usize)> = self.schemes.iter().collect();
        schemes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !schemes.is_empty() {
            write!(f, "\nschemes:")?;
            for (name, count) in schemes {
                write!(f, " {name} {count};")?;
            }
        }
        Ok(())
    }
}
