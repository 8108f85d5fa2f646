//! `argmap eval`: which conclusions survive the counterpoints, under an argumentation
//! semantics over the ASPIC+ translation of the map. Grounded semantics with last-link (the
//! defaults) is evaluated over claims and inferences ([`argmap::eval::grounded`]), at any
//! size; the other semantics, weakest-link and `--explain` build the arguments.

use super::{CliError, Context};
use argmap::eval::af::{Label, Labelling, Limits, Semantics};
use argmap::eval::aspic::{self, Axioms, Map, Options, Ordering, Top, Translation};
use argmap::eval::claims::{self, ClaimStatus, Status};
use argmap::eval::grounded;
use argmap::render::RenderError;
use argmap::store::index::{self, Segment};
use argmap::store::{ArgStore, EVAL_GRAPH_BASE, StoreError};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};

/// Evaluate the map: which conclusions stand once the counterpoints are in. The labels go to
/// the graph https://w3id.org/argmap/graph/eval/<semantics>[/<scope>] for SPARQL.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap eval
  argmap eval --semantics preferred
  argmap eval --without ofwono-2024/analyst
  argmap eval --compare
  argmap eval --explain ofw:c-citizens-should-back-deterrence
  argmap eval --axioms reported-facts --ordering weakest-link

The translation (ontology/README.md, Evaluation): arguments from inferences and premises,
rebut/undermine/undercut from CA-nodes, preferences from PA-nodes decide which attacks defeat.
Grounded semantics with last-link (the defaults) is computed over claims and inferences, with
no argument built and no cap; the other semantics, weakest-link and --explain build the
arguments, at most --max-arguments.")]
pub struct Args {
    /// grounded (default), complete, preferred, stable or semi-stable.
    #[arg(long, short, default_value = "grounded", value_parser = parse_semantics)]
    semantics: Semantics,
    /// Evaluate only these graphs (IRI, prefixed name or unambiguous ending); repeatable.
    #[arg(long, value_name = "GRAPH")]
    only: Vec<String>,
    /// Leave these graphs out; repeatable.
    #[arg(long, value_name = "GRAPH")]
    without: Vec<String>,
    /// Why CLAIM has its status: the defeats on its arguments, down to what is unattacked.
    #[arg(long, value_name = "CLAIM")]
    explain: Option<String>,
    /// What flips when the layer graphs (--layer; by default every graph ending in
    /// `analyst`) are added to the rest.
    #[arg(long)]
    compare: bool,
    /// The graphs --compare adds; repeatable.
    #[arg(long, value_name = "GRAPH", requires = "compare")]
    layer: Vec<String>,
    /// Which premises cannot be undermined: none (default) or reported-facts.
    #[arg(long, value_enum, default_value = "none")]
    axioms: AxiomsArg,
    /// last-link (default) or weakest-link.
    #[arg(long, value_enum, default_value = "last-link")]
    ordering: OrderingArg,
    /// Stop building arguments at this many (where arguments are built: semantics other
    /// than grounded, weakest-link, --explain).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_arguments)]
    max_arguments: usize,
    /// Print every claim, not only conclusions, main conclusions and theses.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum AxiomsArg {
    None,
    ReportedFacts,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OrderingArg {
    LastLink,
    WeakestLink,
}

fn parse_semantics(name: &str) -> Result<Semantics, String> {
    Semantics::parse(name).ok_or_else(|| {
        format!("{name:?}: use grounded, complete, preferred, stable or semi-stable")
    })
}

/// What the printout needs to know about claims: text, role, short name.
struct Describe {
    text: FxHashMap<NamedOrBlankNode, String>,
    roles: FxHashMap<NamedOrBlankNode, &'static str>,
}

impl Describe {
    /// `prefix:name [role]  text`, as the listings print a claim.
    fn claim(&self, store: &ArgStore, node: &NamedOrBlankNode) -> String {
        let role = self
            .roles
            .get(node)
            .map(|r| format!(" [{r}]"))
            .unwrap_or_default();
        format!("{}{role}  {}", short(store, node), self.text(node))
    }

    fn text(&self, node: &NamedOrBlankNode) -> &str {
        self.text.get(node).map(String::as_str).unwrap_or("")
    }
}

/// The claims' texts and roles, in every graph: from the argument index where there is one,
/// else straight from the store's quads (not by SPARQL: a million claims' texts took 13 s as
/// query solutions, a string key per row).
fn describe(source: &Source<'_>) -> Result<Describe, CliError> {
    let mut text = FxHashMap::default();
    let mut roles = FxHashMap::default();
    if let Some(segments) = &source.index {
        for segment in segments {
            let node = |i: u32| segment.term(i).to_node();
            for (claim, value) in segment.texts() {
                if let Some(claim) = node(claim) {
                    text.insert(claim, value.to_owned());
                }
            }
            for &(claim, bits) in &segment.roles {
                if let Some(claim) = node(claim) {
                    let role = role_of(bits, roles.get(&claim).copied());
                    roles.insert(claim, role);
                }
            }
        }
        return Ok(Describe { text, roles });
    }
    let store = source.store;
    let quads = |iri: &str| {
        let predicate = NamedNode::new_unchecked(iri);
        store
            .oxigraph()
            .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CliError::from(StoreError::from(e)))
    };
    for quad in quads("http://www.arg.tech/aif#claimText")? {
        if let Term::Literal(l) = quad.object {
            text.insert(quad.subject, l.value().to_owned());
        }
    }
    for (iri, bits) in [
        ("https://w3id.org/argmap#thesis", index::THESIS),
        (
            "https://w3id.org/argmap#mainConclusion",
            index::MAIN_CONCLUSION,
        ),
    ] {
        for quad in quads(iri)? {
            let claim = match quad.object {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => NamedOrBlankNode::from(b),
                _ => continue,
            };
            let role = role_of(bits, roles.get(&claim).copied());
            roles.insert(claim, role);
        }
    }
    Ok(Describe { text, roles })
}

/// The role shown for a claim: a main conclusion that is also a thesis is shown as the main
/// conclusion.
fn role_of(bits: u8, before: Option<&'static str>) -> &'static str {
    if bits & index::MAIN_CONCLUSION != 0 || before == Some("main conclusion") {
        "main conclusion"
    } else {
        "thesis"
    }
}

fn short(store: &ArgStore, node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => compact(store, n.as_str()),
        other => other.to_string(),
    }
}

fn compact(store: &ArgStore, iri: &str) -> String {
    store
        .prefixes()
        .compact(iri)
        .unwrap_or_else(|| format!("<{iri}>"))
}

fn options(args: &Args, store: &ArgStore) -> Result<Options, CliError> {
    let resolve = |gs: &[String]| -> Result<Vec<NamedNode>, CliError> {
        gs.iter()
            .map(|g| store.resolve_graph(g).map_err(CliError::from))
            .collect()
    };
    Ok(Options {
        only: resolve(&args.only)?,
        without: resolve(&args.without)?,
        axioms: match args.axioms {
            AxiomsArg::None => Axioms::None,
            AxiomsArg::ReportedFacts => Axioms::ReportedFacts,
        },
        ordering: match args.ordering {
            OrderingArg::LastLink => Ordering::LastLink,
            OrderingArg::WeakestLink => Ordering::WeakestLink,
        },
        max_arguments: args.max_arguments,
    })
}

fn translate(source: &Source<'_>, options: &Options) -> Result<Translation, CliError> {
    let map = source.map(options, true)?;
    let translation =
        aspic::build(map, options.max_arguments).map_err(|e| CliError::Eval(e.to_string()))?;
    for warning in &translation.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(translation)
}

fn read_map(source: &Source<'_>, options: &Options) -> Result<Map, CliError> {
    let map = source.map(options, false)?;
    for warning in &map.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(map)
}

/// What an evaluation reads: the store, and its argument index where it has one (a RocksDB
/// store), read once for the map and the printout.
struct Source<'a> {
    store: &'a ArgStore,
    index: Option<Vec<Segment>>,
}

impl<'a> Source<'a> {
    /// The index is derived data: one that cannot be read (damaged, removed under us) is
    /// reported and the store's quads are read instead.
    fn read(store: &'a ArgStore) -> Result<Self, CliError> {
        let index = match store.argument_index(|_| true) {
            Ok(segments) => segments,
            Err(StoreError::Index(error)) => {
                eprintln!(
                    "warning: {error}; reading the map from the store's quads instead (slower; \
                     the next change to the store writes the index again)"
                );
                None
            }
            Err(error) => return Err(error.into()),
        };
        Ok(Self { store, index })
    }

    /// The map in scope; `ordered` as in [`aspic::read_map`].
    fn map(&self, options: &Options, ordered: bool) -> Result<Map, CliError> {
        let eval = |e: aspic::AspicError| CliError::Eval(e.to_string());
        let store = self.store.oxigraph();
        match &self.index {
            Some(segments) => aspic::map_from_index(segments, options, ordered).map_err(eval),
            None if ordered => aspic::read_map(store, options).map_err(eval),
            None => aspic::read_map_in_store_order(store, options).map_err(eval),
        }
    }
}

/// Whether the claim-level evaluation gives the statuses: grounded, last-link.
fn claim_level(semantics: Semantics, options: &Options) -> bool {
    semantics == Semantics::Grounded && options.ordering == Ordering::LastLink
}

/// What the printout and the labels need, from either evaluation.
struct Outcome {
    claims: Vec<NamedOrBlankNode>,
    /// Claims some inference concludes.
    concluded: Vec<bool>,
    statuses: Vec<ClaimStatus>,
    /// Per conflict that gives rise to an attack: whether one of them is a defeat.
    succeeds: BTreeMap<String, (NamedOrBlankNode, bool)>,
    /// The first line of the printout.
    summary: String,
}

impl Outcome {
    fn claim_index(&self, claim: &NamedOrBlankNode) -> Option<usize> {
        self.claims.iter().position(|c| c == claim)
    }

    /// From the framework: its statuses and the attacks' defeats.
    fn from_framework(
        translation: &Translation,
        semantics: Semantics,
        statuses: Vec<ClaimStatus>,
        labellings: usize,
    ) -> Self {
        let mut succeeds: BTreeMap<String, (NamedOrBlankNode, bool)> = BTreeMap::new();
        for attack in &translation.attacks {
            let entry = succeeds
                .entry(attack.conflict.to_string())
                .or_insert_with(|| (attack.conflict.clone(), false));
            entry.1 |= attack.defeats;
        }
        let mut concluded = vec![false; translation.claims.len()];
        for inference in &translation.inferences {
            concluded[inference.conclusion] = true;
        }
        let defeats = translation.attacks.iter().filter(|a| a.defeats).count();
        let summary = format!(
            "{} semantics: {} claims, {} arguments, {} attacks of which {} defeat, {} labelling{}{}",
            semantics,
            translation.claims.len(),
            translation.arguments.len(),
            translation.attacks.len(),
            defeats,
            labellings,
            if labellings == 1 { "" } else { "s" },
            if translation.truncated {
                " (arguments capped)"
            } else {
                ""
            }
        );
        Self {
            claims: translation.claims.clone(),
            concluded,
            statuses,
            succeeds,
            summary,
        }
    }

    /// From the claim-level grounded evaluation.
    fn from_claims(map: Map, result: grounded::Grounded) -> Self {
        let mut succeeds: BTreeMap<String, (NamedOrBlankNode, bool)> = BTreeMap::new();
        for (conflict, outcome) in map.conflicts.iter().zip(&result.succeeds) {
            if let Some(defeats) = outcome {
                let entry = succeeds
                    .entry(conflict.node.to_string())
                    .or_insert_with(|| (conflict.node.clone(), false));
                entry.1 |= defeats;
            }
        }
        let mut concluded = vec![false; map.claims.len()];
        for inference in &map.inferences {
            concluded[inference.conclusion] = true;
        }
        let summary = format!(
            "grounded semantics: {} claims, {} inferences, {} conflicts of which {} succeed, \
             evaluated over claims and inferences (no arguments built)",
            map.claims.len(),
            map.inferences.len(),
            succeeds.len(),
            succeeds.values().filter(|(_, d)| *d).count(),
        );
        Self {
            claims: map.claims,
            concluded,
            statuses: result.statuses,
            succeeds,
            summary,
        }
    }
}

/// The statuses of the map under `semantics`, by the claim-level evaluation where it applies.
fn outcome(
    source: &Source<'_>,
    options: &Options,
    semantics: Semantics,
) -> Result<Outcome, CliError> {
    if claim_level(semantics, options) {
        let map = read_map(source, options)?;
        let result = grounded::evaluate(&map).map_err(|e| CliError::Eval(e.to_string()))?;
        return Ok(Outcome::from_claims(map, result));
    }
    let translation = translate(source, options)?;
    let (statuses, labellings) = evaluate(&translation, semantics)?;
    Ok(Outcome::from_framework(
        &translation,
        semantics,
        statuses,
        labellings.len(),
    ))
}

fn evaluate(
    translation: &Translation,
    semantics: Semantics,
) -> Result<(Vec<ClaimStatus>, Vec<Labelling>), CliError> {
    claims::evaluate(translation, semantics, &Limits::default())
        .map_err(|e| CliError::Eval(e.to_string()))
}

/// The claims to print: main conclusions, theses, then conclusions of inferences (or all).
fn shown(outcome: &Outcome, describe: &Describe, all: bool) -> Vec<usize> {
    let rank = |c: usize| match describe.roles.get(&outcome.claims[c]).copied() {
        Some("main conclusion") => 0,
        Some(_) => 1,
        None => 2,
    };
    let mut claims: Vec<usize> = (0..outcome.claims.len())
        .filter(|&c| all || outcome.concluded[c] || rank(c) < 2)
        .collect();
    claims.sort_by_key(|&c| rank(c));
    claims
}

fn scope_slug(args: &Args) -> Option<String> {
    let slug = |g: &String| {
        g.rsplit(['/', ':', '#'])
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("-")
    };
    let mut parts: Vec<String> = args
        .only
        .iter()
        .map(|g| format!("only-{}", slug(g)))
        .collect();
    parts.extend(args.without.iter().map(|g| format!("without-{}", slug(g))));
    (!parts.is_empty()).then(|| parts.join("+"))
}

pub fn run(args: Args, mut context: Context) -> Result<(), CliError> {
    // Against an endpoint, its graphs are copied here first (as for `check`): the translation
    // reads every premise, conclusion and type of the map.
    let remote = match &context.endpoint {
        Some(endpoint) => {
            let mut copy = argmap::endpoint::mirror(endpoint, context.store.prefixes())?;
            copy.ensure_bundled_ontology()?;
            Some((copy, endpoint.url().to_owned()))
        }
        None => None,
    };
    let (store, from) = match remote {
        Some((copy, url)) => (copy, Some(url)),
        None => (
            std::mem::replace(&mut context.store, ArgStore::empty()?),
            None,
        ),
    };
    evaluate_in(args, store, from.as_deref())
}

/// The evaluation on `store` (the session's, or a copy of the endpoint `from`).
fn evaluate_in(args: Args, mut store_owned: ArgStore, from: Option<&str>) -> Result<(), CliError> {
    let store = &store_owned;
    let source = Source::read(store)?;
    let describe = describe(&source)?;
    let options = options(&args, store)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let io = |e: io::Error| CliError::Render(RenderError::from(e));

    if args.compare {
        return compare(&args, &source, &options, &describe, &mut out);
    }
    if let Some(claim) = &args.explain {
        // The explanation shows arguments and defeats: the framework, whatever the semantics.
        let translation = translate(&source, &options)?;
        let (statuses, labellings) = evaluate(&translation, args.semantics)?;
        let summary =
            Outcome::from_framework(&translation, args.semantics, Vec::new(), labellings.len())
                .summary;
        writeln!(out, "{summary}").map_err(io)?;
        let iri = argmap::store::parse_graph_iri(claim, store.prefixes())?;
        let node: NamedOrBlankNode = iri.into();
        let Some(index) = translation.claim_index(&node) else {
            return Err(CliError::Eval(format!(
                "{claim} is not a claim in the evaluated graphs"
            )));
        };
        let labelling = labellings.first().cloned();
        explain(
            &translation,
            store,
            &describe,
            index,
            &statuses[index],
            labelling.as_ref(),
            &mut out,
        )
        .map_err(io)?;
        return Ok(());
    }

    let outcome = outcome(&source, &options, args.semantics)?;
    writeln!(out, "{}", outcome.summary).map_err(io)?;
    for c in shown(&outcome, &describe, args.all) {
        let s = &outcome.statuses[c];
        let node = &outcome.claims[c];
        let multiple = if args.semantics.is_multiple() {
            format!(
                " {:<11}",
                match (s.credulous, s.sceptical) {
                    (_, true) => "sceptical",
                    (true, false) => "credulous",
                    _ => "-",
                }
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:<10}{multiple} {}",
            s.status.name(),
            describe.claim(store, node)
        )
        .map_err(io)?;
    }

    // The labels as data.
    let mut name = format!("{EVAL_GRAPH_BASE}{}", args.semantics.name());
    if let Some(scope) = scope_slug(&args) {
        name.push('/');
        name.push_str(&scope);
    }
    let graph = NamedNode::new(name).map_err(|e| CliError::Eval(e.to_string()))?;
    let arg = |local: &str| NamedNode::new_unchecked(format!("https://w3id.org/argmap#{local}"));
    let mut triples = Vec::new();
    for s in &outcome.statuses {
        let claim = outcome.claims[s.claim].clone();
        triples.push(Triple::new(
            claim.clone(),
            arg("status"),
            arg(s.status.term()),
        ));
        if args.semantics.is_multiple() {
            triples.push(Triple::new(
                claim.clone(),
                arg("credulouslyAccepted"),
                Literal::from(s.credulous),
            ));
            triples.push(Triple::new(
                claim,
                arg("scepticallyAccepted"),
                Literal::from(s.sceptical),
            ));
        }
    }
    // Which conflicts succeed: some attack they give rise to is a defeat.
    for (conflict, defeats) in outcome.succeeds.into_values() {
        triples.push(Triple::new(
            conflict,
            arg("succeeds"),
            Literal::from(defeats),
        ));
    }
    if let Some(url) = from {
        eprintln!(
            "labels not written: the map was read from {url} (argmap does not write to an \
             endpoint except through `argmap push`)"
        );
        return Ok(());
    }
    let saved = store_owned.saves();
    match store_owned.replace_eval_graph(&graph, triples) {
        Ok(written) if saved => eprintln!(
            "{written} labels in <{}>, saved in the store (a change to the data empties it)",
            graph.as_str()
        ),
        Ok(written) => eprintln!("{written} labels in <{}> (this session)", graph.as_str()),
        // A read-only on-disk store: the answer above stands; only the labels are not kept.
        Err(StoreError::ReadOnly { path }) => eprintln!(
            "note: the labels are not saved: store {} is open read-only",
            path.display()
        ),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

impl Args {
    /// Whether this evaluation writes labels (`--compare` and `--explain` only print).
    pub fn writes_labels(&self) -> bool {
        !self.compare && self.explain.is_none()
    }
}

fn compare(
    args: &Args,
    source: &Source<'_>,
    options: &Options,
    describe: &Describe,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let io = |e: io::Error| CliError::Render(RenderError::from(e));
    let store = source.store;
    let layers: Vec<NamedNode> = if args.layer.is_empty() {
        store
            .graphs()?
            .into_iter()
            .filter_map(|g| match g.graph {
                oxigraph::model::GraphName::NamedNode(n) if n.as_str().ends_with("analyst") => {
                    Some(n)
                }
                _ => None,
            })
            .collect()
    } else {
        args.layer
            .iter()
            .map(|g| store.resolve_graph(g))
            .collect::<Result<_, _>>()?
    };
    let mut base = options.clone();
    base.without.extend(layers.iter().cloned());
    let before = outcome(source, &base, args.semantics)?;
    let after = outcome(source, options, args.semantics)?;
    let (sb, sa) = (&before.statuses, &after.statuses);
    let names: Vec<String> = layers.iter().map(|g| compact(store, g.as_str())).collect();
    writeln!(
        out,
        "{} semantics: without vs with {}",
        args.semantics,
        names.join(", ")
    )
    .map_err(io)?;
    let mut flips = 0;
    for c in shown(&after, describe, args.all) {
        let node = &after.claims[c];
        let old = before.claim_index(node).map(|i| sb[i].status);
        let new = sa[c].status;
        if old == Some(new) {
            continue;
        }
        flips += 1;
        writeln!(
            out,
            "{:<10} -> {:<10} {}",
            old.map_or("(absent)", Status::name),
            new.name(),
            describe.claim(store, node)
        )
        .map_err(io)?;
    }
    if flips == 0 {
        writeln!(out, "nothing flips").map_err(io)?;
    }
    Ok(())
}

/// The defeats behind a claim's status as a tree, depth-first with an explicit stack; each
/// argument is expanded once.
fn explain(
    t: &Translation,
    store: &ArgStore,
    describe: &Describe,
    claim: usize,
    status: &ClaimStatus,
    labelling: Option<&Labelling>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let node = &t.claims[claim];
    writeln!(
        out,
        "{} is {}  {}",
        short(store, node),
        status.status.name(),
        describe.text(node)
    )?;
    let Some(labelling) = labelling else {
        return writeln!(out, "  (no labelling)");
    };
    let label = |a: usize| match labelling.label(a as u32) {
        Label::In => "IN",
        Label::Out => "OUT",
        Label::Undec => "UNDEC",
    };
    let describe_arg = |a: usize| {
        let arg = &t.arguments[a];
        let c = &t.claims[arg.conclusion];
        let how = match arg.top {
            Top::Premise if t.axioms.contains(&arg.conclusion) => "axiom".to_owned(),
            Top::Premise => "premise".to_owned(),
            Top::Inference(i) => {
                let ra = &t.inferences[i].node;
                format!("by {}", short(store, ra))
            }
        };
        format!("A{a} {} ({how}) {}", short(store, c), label(a))
    };
    let mut seen = HashSet::new();
    let mut stack: Vec<(usize, usize, String)> = t
        .arguments_for(claim)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|a| (a, 1, String::new()))
        .collect();
    if stack.is_empty() {
        writeln!(
            out,
            "  no argument concludes it (its only support is circular)"
        )?;
    }
    while let Some((a, depth, via)) = stack.pop() {
        let indent = "  ".repeat(depth);
        let first = seen.insert(a);
        writeln!(
            out,
            "{indent}{via}{}{}",
            describe_arg(a),
            if first { "" } else { " (see above)" }
        )?;
        if !first || depth > 12 {
            continue;
        }
        let defeaters: Vec<_> = t
            .attacks
            .iter()
            .filter(|x| x.target == a && x.defeats)
            .collect();
        let blocked: Vec<_> = t
            .attacks
            .iter()
            .filter(|x| x.target == a && !x.defeats)
            .collect();
        for x in &blocked {
            writeln!(
                out,
                "{indent}  (attack by A{} via {} fails: the target is preferred)",
                x.attacker,
                short(store, &x.conflict)
            )?;
        }
        if defeaters.is_empty() && depth > 1 {
            writeln!(out, "{indent}  undefeated")?;
        }
        for x in defeaters.into_iter().rev() {
            let on = if x.on == a {
                String::new()
            } else {
                format!(" on A{}", x.on)
            };
            stack.push((
                x.attacker,
                depth + 1,
                format!(
                    "defeated by ({} via {}{on}) ",
                    x.kind.name(),
                    short(store, &x.conflict)
                ),
            ));
        }
    }
    Ok(())
}
