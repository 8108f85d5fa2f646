//! Printing answers: an aligned table for people, the standard formats for programs.
//!
//! SPARQL results go through oxigraph's own serializers (CSV, TSV, JSON, XML) and graphs
//! through its RDF serializers, so that every machine-readable output parses back.

use crate::format::OutputFormat;
use crate::prefixes::Prefixes;
use crate::query::QueryOutcome;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNodeRef, Quad, Term, TermRef, Triple, TripleRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::collections::BTreeSet;
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Errors while printing.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The output could not be written (a closed pipe, a full disk).
    #[error("cannot write the output: {0}")]
    Io(#[from] io::Error),
    /// A results format for a graph, or an RDF format for a table of solutions.
    #[error("--format {format} does not apply to {what}; use {hint}")]
    Mismatch {
        format: &'static str,
        what: &'static str,
        hint: &'static str,
    },
}

/// Layout options of the text table.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// Cut cells so that each line fits this many columns; `None` never cuts.
    pub max_width: Option<usize>,
}

/// Writes an answer in the chosen format.
pub fn write_outcome(
    outcome: &QueryOutcome,
    format: OutputFormat,
    prefixes: &Prefixes,
    table: TableOptions,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    match (outcome, format) {
        (QueryOutcome::Graph(triples), OutputFormat::Table) => {
            write_triples(triples, RdfFormat::Turtle, prefixes, out)
        }
        (QueryOutcome::Graph(triples), OutputFormat::Rdf(rdf)) => {
            write_triples(triples, rdf, prefixes, out)
        }
        (QueryOutcome::Graph(_), OutputFormat::Results(_)) => Err(RenderError::Mismatch {
            format: format.name(),
            what: "CONSTRUCT/DESCRIBE results",
            hint: "turtle, trig, ntriples, nquads, jsonld or rdfxml",
        }),
        (_, OutputFormat::Table) => {
            out.write_all(table_string(outcome, prefixes, table).as_bytes())?;
            Ok(())
        }
        (
            QueryOutcome::Boolean(value),
            OutputFormat::Results(QueryResultsFormat::Csv | QueryResultsFormat::Tsv),
        ) => {
            // The W3C CSV/TSV results formats define no boolean form; a bare `true` is read by
            // no client (rdflib's parsers expect a header). Jena writes one column
            // `_askResult` (CSV) / `?_askResult` (TSV); rdflib and pandas read that as a
            // one-row table, and so does argmap's own `--format csv` reader in the tests.
            if format == OutputFormat::Results(QueryResultsFormat::Csv) {
                write!(out, "_askResult\r\n{value}\r\n")?;
            } else {
                write!(out, "?_askResult\n{value}\n")?;
            }
            Ok(())
        }
        (QueryOutcome::Boolean(value), OutputFormat::Results(results)) => {
            QueryResultsSerializer::from_format(results)
                .serialize_boolean_to_writer(out, *value)?;
            Ok(())
        }
        (QueryOutcome::Solutions { variables, rows }, OutputFormat::Results(results)) => {
            let mut writer = QueryResultsSerializer::from_format(results)
                .serialize_solutions_to_writer(out, variables.clone())?;
            for row in rows {
                writer.serialize(
                    variables
                        .iter()
                        .zip(row)
                        .filter_map(|(variable, value)| Some((variable, value.as_ref()?))),
                )?;
            }
            writer.finish()?;
            Ok(())
        }
        (_, OutputFormat::Rdf(_)) => Err(RenderError::Mismatch {
            format: format.name(),
            what: "SELECT/ASK results",
            hint: "table, csv, tsv, json or xml",
        }),
    }
}

/// How a term reads in a table: prefixed names, plain text for strings, numbers and dates.
///
/// ```
/// use argmap::prefixes::Prefixes;
/// use argmap::render::term_text;
/// use oxigraph::model::{Literal, NamedNode, Term};
/// let p = Prefixes::standard();
/// let iri = Term::from(NamedNode::new("http://www.arg.tech/aif#I-node")?);
/// assert_eq!(term_text(iri.as_ref(), &p), "aif:I-node");
/// let text = Term::from(Literal::new_language_tagged_literal("Stand firm", "en")?);
/// assert_eq!(term_text(text.as_ref(), &p), "Stand firm");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn term_text(term: TermRef<'_>, prefixes: &Prefixes) -> String {
    match term {
        TermRef::NamedNode(node) => prefixes
            .compact(node.as_str())
            .unwrap_or_else(|| format!("<{}>", node.as_str())),
        TermRef::BlankNode(node) => format!("_:{}", node.as_str()),
        TermRef::Literal(literal) => {
            let datatype = literal.datatype().as_str();
            let plain = literal.language().is_some()
                || datatype
                    .strip_prefix("http://www.w3.org/2001/XMLSchema#")
                    .is_some_and(|local| {
                        matches!(
                            local,
                            "string"
                                | "integer"
                                | "decimal"
                                | "double"
                                | "float"
                                | "boolean"
                                | "nonNegativeInteger"
                                | "positiveInteger"
                                | "int"
                                | "long"
                                | "date"
                                | "dateTime"
                                | "gYear"
                                | "gYearMonth"
                        )
                    });
            if plain {
                literal.value().to_owned()
            } else {
                let datatype = prefixes
                    .compact(datatype)
                    .unwrap_or_else(|| format!("<{datatype}>"));
                format!("\"{}\"^^{datatype}", literal.value())
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// The aligned table, psql-style, cut to `max_width` if given.
pub fn table_string(outcome: &QueryOutcome, prefixes: &Prefixes, options: TableOptions) -> String {
    match outcome {
        QueryOutcome::Boolean(value) => format!("{value}\n"),
        QueryOutcome::Graph(triples) => {
            let mut out = Vec::new();
            // Writing to a Vec cannot fail.
            let _ = write_triples(triples, RdfFormat::Turtle, prefixes, &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        QueryOutcome::Solutions { variables, rows } => {
            let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|value| {
                            value
                                .as_ref()
                                .map(|term| single_line(&term_text(term.as_ref(), prefixes)))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            aligned(&header, &cells, options.max_width)
        }
    }
}

/// Lays out `header` and `rows` as an aligned table (also used for listings).
pub fn aligned(header: &[String], rows: &[Vec<String>], max_width: Option<usize>) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    if let Some(max) = max_width {
        let floor: Vec<usize> = header.iter().map(|h| h.width().clamp(4, 12)).collect();
        let frame = 3 * columns.saturating_sub(1) + 2;
        while widths.iter().sum::<usize>() + frame > max {
            let Some((widest, _)) = widths
                .iter()
                .enumerate()
                .filter(|(i, w)| **w > floor[*i])
                .max_by_key(|(_, w)| **w)
            else {
                break;
            };
            widths[widest] -= 1;
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, width) in widths.iter().enumerate() {
            let cell = cells.get(i).map(String::as_str).unwrap_or_default();
            let cell = cut(cell, *width);
            text.push(' ');
            text.push_str(&cell);
            if i + 1 < columns {
                text.push_str(&" ".repeat(width.saturating_sub(cell.width())));
                text.push_str(" |");
            }
        }
        let mut text = text.trim_end().to_owned();
        text.push('\n');
        text
    };
    let mut out = line(header);
    out.push_str(
        &widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+"),
    );
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

fn single_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to `width` display columns, ending with `…` when something was cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Writes triples sorted by subject, with only the prefixes they use.
pub fn write_triples(
    triples: &[Triple],
    format: RdfFormat,
    prefixes: &Prefixes,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let mut sorted: Vec<&Triple> = triples.iter().collect();
    sorted
        .sort_by_cached_key(|t| sort_key(&t.subject.to_string(), t.predicate.as_str(), &t.object));
    let mut used = BTreeSet::new();
    for triple in &sorted {
        note_iris(triple.as_ref(), format, &mut used);
    }
    with_rdf_xml_tidied(format, out, |out| {
        let mut writer = serializer(format, prefixes, &used).for_writer(out);
        for triple in sorted {
            writer.serialize_triple(triple)?;
        }
        writer.finish()?;
        Ok(())
    })
}

/// Writes quads sorted by graph and subject, with only the prefixes they use. A format without
/// graphs (Turtle, N-Triples, RDF/XML) gets the triples.
pub fn write_quads(
    quads: &[Quad],
    format: RdfFormat,
    prefixes: &Prefixes,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let mut sorted: Vec<&Quad> = quads.iter().collect();
    sorted.sort_by_cached_key(|q| {
        (
            q.graph_name.to_string(),
            sort_key(&q.subject.to_string(), q.predicate.as_str(), &q.object),
        )
    });
    let mut used = BTreeSet::new();
    for quad in &sorted {
        note_iris(quad.as_ref().into(), format, &mut used);
        if let GraphName::NamedNode(graph) = &quad.graph_name
            && format.supports_datasets()
        {
            used.insert(graph.as_str().to_owned());
        }
    }
    with_rdf_xml_tidied(format, out, |out| {
        let mut writer = serializer(format, prefixes, &used).for_writer(out);
        for quad in sorted {
            if format.supports_datasets() {
                writer.serialize_quad(quad)?;
            } else {
                writer.serialize_triple(TripleRef::from(quad.as_ref()))?;
            }
        }
        writer.finish()?;
        Ok(())
    })
}

/// The namespace declaration Oxigraph's RDF/XML serializer always writes, for the RDF 1.2
/// base direction (`its:dir`), which argmap's data rarely has.
const ITS_DECLARATION: &str = " xmlns:its=\"http://www.w3.org/2005/11/its\"";

/// Runs `write`; for RDF/XML through a buffer, dropping the `its` declaration when nothing uses
/// it, so that only namespaces in use are declared.
fn with_rdf_xml_tidied(
    format: RdfFormat,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    if format != RdfFormat::RdfXml {
        return write(out);
    }
    let mut buffer = Vec::new();
    write(&mut buffer)?;
    let text = String::from_utf8_lossy(&buffer);
    if !text.contains("its:")
        && let Some(at) = text.find(ITS_DECLARATION)
    {
        out.write_all(text[..at].as_bytes())?;
        out.write_all(text[at + ITS_DECLARATION.len()..].as_bytes())?;
    } else {
        out.write_all(&buffer)?;
    }
    Ok(())
}

/// `rdf:type` first, then the other predicates in order.
fn sort_key(subject: &str, predicate: &str, object: &Term) -> (String, bool, String, String) {
    (
        subject.to_owned(),
        predicate != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        predicate.to_owned(),
        object.to_string(),
    )
}

/// The IRIs a serialization could abbreviate with a prefix, so that only prefixes in use are
/// declared.
fn note_iris(triple: TripleRef<'_>, format: RdfFormat, used: &mut BTreeSet<String>) {
    if format == RdfFormat::RdfXml {
        // RDF/XML abbreviates only element names: properties and the classes of typed nodes
        // (`<arg:Claim rdf:about="…">`); subjects, objects and datatypes are full IRIs.
        used.insert(triple.predicate.as_str().to_owned());
        if triple.predicate == oxigraph::model::vocab::rdf::TYPE
            && let TermRef::NamedNode(class) = triple.object
        {
            used.insert(class.as_str().to_owned());
        }
        return;
    }
    // Turtle writes rdf:type as `a`; other formats declare what they need themselves.
    if triple.predicate != oxigraph::model::vocab::rdf::TYPE {
        used.insert(triple.predicate.as_str().to_owned());
    }
    if let NamedOrBlankNodeRef::NamedNode(node) = triple.subject {
        used.insert(node.as_str().to_owned());
    }
    match triple.object {
        TermRef::NamedNode(node) => {
            used.insert(node.as_str().to_owned());
        }
        TermRef::Literal(literal) if literal.language().is_none() => {
            used.insert(literal.datatype().as_str().to_owned());
        }
        _ => {}
    }
}

/// A serializer declaring only the prefixes that the given IRIs use.
fn serializer(format: RdfFormat, prefixes: &Prefixes, used: &BTreeSet<String>) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (name, namespace) in prefixes.pairs() {
        if used.iter().any(|iri| iri.starts_with(namespace))
            && let Ok(with) = serializer.clone().with_prefix(name, namespace)
        {
            serializer = with;
        }
    }
    serializer
}
