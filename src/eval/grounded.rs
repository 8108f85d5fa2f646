//! Grounded semantics over claims and inferences, without building arguments: the claim
//! statuses of the grounded labelling of the ASPIC+ framework ([`crate::eval::aspic`]), in
//! time about linear in the map, for maps whose arguments are too many to enumerate.
//!
//! Why it is exact (last-link): a defeat lands on a sub-argument at its top (a premise or an
//! inference), and who defeats it there depends only on that top and the attacker's top. In a
//! complete labelling an argument is then IN iff every top in its tree is *usable* (all its
//! defeaters OUT) and OUT iff some top in its tree is *blocked* (some defeater IN). So per top
//! `t` two facts suffice: `in(t)`, some argument with top `t` is IN (a derivation of `t` from
//! usable tops), and `out(t)`, every argument with top `t` is OUT (no derivation from
//! unblocked tops). Both grow monotonically towards the least fixpoint, which is the grounded
//! labelling's: a queue propagates them (`in` by counting premises and live defeaters, `out`
//! by counting a claim's tops not yet OUT), and where the support graph has cycles a
//! derivation pass finds the tops that only support each other (an unfounded set, as in the
//! well-founded semantics of logic programs) and sets them OUT; the queue runs again until
//! that pass finds nothing. Without support cycles the pass never runs.
//!
//! Weakest-link compares every link of each argument, which no per-top fact captures: that
//! ordering, like the semantics other than grounded, needs the framework.

use crate::eval::aspic::{Map, Ordering, Target, Top};
use crate::eval::claims::{ClaimStatus, Status};

/// Errors of the claim-level evaluation.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GroundedError {
    /// The ordering is one this evaluation cannot reproduce.
    #[error(
        "the claim-level grounded evaluation compares last links only; weakest-link needs the argument framework (aspic::translate)"
    )]
    WeakestLink,
    /// More tops or defeats than `u32` indexes.
    #[error("{len} inferences and claims is more than the claim-level evaluation indexes")]
    TooLarge { len: usize },
}

/// The outcome: a status per claim and whether each conflict succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grounded {
    /// One per claim of [`Map::claims`], in order.
    pub statuses: Vec<ClaimStatus>,
    /// Per conflict of [`Map::conflicts`]: `None` when it gives rise to no attack (its attacker
    /// or every target has no argument), else whether some of its attacks is a defeat.
    pub succeeds: Vec<Option<bool>>,
    /// How many derivation passes the support cycles needed.
    pub cycle_passes: usize,
}

/// Compressed rows: `items[start[i]..start[i + 1]]` belong to `i`.
struct Rows {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Rows {
    /// From `(row, item)` pairs over `rows` rows.
    fn new(rows: usize, mut pairs: Vec<(u32, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut start = vec![0u32; rows + 1];
        for &(r, _) in &pairs {
            start[r as usize + 1] += 1;
        }
        for i in 0..rows {
            start[i + 1] += start[i];
        }
        Self {
            start,
            items: pairs.into_iter().map(|(_, i)| i).collect(),
        }
    }

    fn row(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// The grounded statuses of `map`'s claims under last-link.
pub fn evaluate(map: &Map) -> Result<Grounded, GroundedError> {
    if map.ordering == Ordering::WeakestLink {
        return Err(GroundedError::WeakestLink);
    }
    let claims = map.claims.len();
    let inferences = map.inferences.len();
    // Tops: inference `j` is top `j`; the premise top of claim `c` is top `inferences + c`
    // (it exists only for claims no inference concludes).
    let tops = inferences + claims;
    if u32::try_from(tops).is_err() {
        return Err(GroundedError::TooLarge { len: tops });
    }
    let premise_top = |c: usize| inferences + c;
    let top_of = |t: usize| {
        if t < inferences {
            (map.inferences[t].conclusion, Top::Inference(t))
        } else {
            (t - inferences, Top::Premise)
        }
    };
    let mut concluded = vec![false; claims];
    for inference in &map.inferences {
        concluded[inference.conclusion] = true;
    }
    let exists = |t: usize| t < inferences || !concluded[t - inferences];
    let mut tops_of: Vec<(u32, u32)> = Vec::with_capacity(tops);
    let mut premise_of: Vec<(u32, u32)> = Vec::new();
    for (j, inference) in map.inferences.iter().enumerate() {
        tops_of.push((inference.conclusion as u32, j as u32));
        premise_of.extend(inference.premises.iter().map(|&p| (p as u32, j as u32)));
    }
    for c in (0..claims).filter(|&c| !concluded[c]) {
        tops_of.push((c as u32, premise_top(c) as u32));
    }
    let tops_of = Rows::new(claims, tops_of);
    let premise_of = Rows::new(claims, premise_of);
    let premises = |t: usize| -> &[usize] {
        if t < inferences {
            &map.inferences[t].premises
        } else {
            &[]
        }
    };

    // Which tops have an argument at all: the least fixpoint of derivation.
    let derive = |available: &dyn Fn(usize) -> bool| -> Vec<bool> {
        let mut derived = vec![false; tops];
        let mut claim_derived = vec![false; claims];
        let mut missing: Vec<u32> = (0..tops).map(|t| premises(t).len() as u32).collect();
        let mut queue: Vec<usize> = (0..tops)
            .filter(|&t| exists(t) && missing[t] == 0 && available(t))
            .collect();
        for &t in &queue {
            derived[t] = true;
        }
        while let Some(t) = queue.pop() {
            let c = top_of(t).0;
            if claim_derived[c] {
                continue;
            }
            claim_derived[c] = true;
            for &r in premise_of.row(c) {
                let r = r as usize;
                missing[r] -= 1;
                if missing[r] == 0 && !derived[r] && available(r) {
                    derived[r] = true;
                    queue.push(r);
                }
            }
        }
        derived
    };
    let has_argument = derive(&|_| true);

    // Defeats between tops: `targets` of each attacker top, deduplicated.
    let mut defeats: Vec<(u32, u32)> = Vec::new();
    let mut succeeds = Vec::with_capacity(map.conflicts.len());
    for conflict in &map.conflicts {
        let attackers: Vec<usize> = tops_of
            .row(conflict.attacker)
            .iter()
            .map(|&s| s as usize)
            .collect();
        let mut outcome: Option<bool> = None;
        let mut land = |s: usize, t: usize, defeat: bool| {
            if defeat {
                defeats.push((s as u32, t as u32));
            }
            if has_argument[s] && has_argument[t] {
                outcome = Some(outcome.unwrap_or(false) | defeat);
            }
        };
        match conflict.target {
            Target::Inference(j) => {
                for &s in &attackers {
                    land(s, j, true);
                }
            }
            Target::Claim(c) => {
                for &t in tops_of.row(c) {
                    let t = t as usize;
                    let (_, top) = top_of(t);
                    if top == Top::Premise && map.axioms.contains(&c) {
                        continue;
                    }
                    for &s in &attackers {
                        let (a, attacker_top) = top_of(s);
                        let weaker = map.lower(map.element(a, attacker_top), map.element(c, top));
                        land(s, t, !weaker);
                    }
                }
            }
        }
        succeeds.push(outcome);
    }
    let targets = Rows::new(tops, defeats);

    // The fixpoint. `pending[t]`: premises not yet with an IN argument plus defeaters not yet
    // OUT; `alive[c]`: tops of claim c not yet OUT.
    let mut pending: Vec<u32> = (0..tops).map(|t| premises(t).len() as u32).collect();
    for &t in &targets.items {
        pending[t as usize] += 1;
    }
    let mut alive: Vec<u32> = (0..claims).map(|c| tops_of.row(c).len() as u32).collect();
    let mut top_in = vec![false; tops];
    let mut top_out = vec![false; tops];
    let mut claim_in = vec![false; claims];
    let mut claim_out = vec![false; claims];
    enum Event {
        In(usize),
        Out(usize),
    }
    let mut queue: Vec<Event> = Vec::new();
    for t in (0..tops).filter(|&t| exists(t)) {
        if !has_argument[t] {
            // No argument: vacuously all OUT.
            top_out[t] = true;
            queue.push(Event::Out(t));
        } else if pending[t] == 0 {
            top_in[t] = true;
            queue.push(Event::In(t));
        }
    }
    let cyclic = has_cycle(map, &premise_of);
    let mut cycle_passes = 0;
    loop {
        while let Some(event) = queue.pop() {
            match event {
                Event::In(t) => {
                    let c = top_of(t).0;
                    if !claim_in[c] {
                        claim_in[c] = true;
                        for &r in premise_of.row(c) {
                            let r = r as usize;
                            pending[r] -= 1;
                            if pending[r] == 0 && !top_in[r] && !top_out[r] {
                                top_in[r] = true;
                                queue.push(Event::In(r));
                            }
                        }
                    }
                    for &b in targets.row(t) {
                        let b = b as usize;
                        if !top_out[b] {
                            top_out[b] = true;
                            queue.push(Event::Out(b));
                        }
                    }
                }
                Event::Out(t) => {
                    for &b in targets.row(t) {
                        let b = b as usize;
                        pending[b] -= 1;
                        if pending[b] == 0 && !top_in[b] && !top_out[b] {
                            top_in[b] = true;
                            queue.push(Event::In(b));
                        }
                    }
                    let c = top_of(t).0;
                    alive[c] -= 1;
                    if alive[c] == 0 {
                        claim_out[c] = true;
                        for &r in premise_of.row(c) {
                            let r = r as usize;
                            if !top_out[r] {
                                top_out[r] = true;
                                queue.push(Event::Out(r));
                            }
                        }
                    }
                }
            }
        }
        if !cyclic {
            break;
        }
        // Tops that are not OUT yet but have no derivation from tops not OUT: they only
        // support each other, so every argument with them is OUT.
        cycle_passes += 1;
        let derivable = derive(&|t| !top_out[t]);
        for t in 0..tops {
            if exists(t) && !top_out[t] && !derivable[t] {
                top_out[t] = true;
                queue.push(Event::Out(t));
            }
        }
        if queue.is_empty() {
            break;
        }
    }

    let statuses = (0..claims)
        .map(|claim| {
            let status = if claim_in[claim] {
                Status::Accepted
            } else if claim_out[claim] {
                Status::Rejected
            } else {
                Status::Undecided
            };
            ClaimStatus {
                claim,
                status,
                credulous: status == Status::Accepted,
                sceptical: status == Status::Accepted,
            }
        })
        .collect();
    Ok(Grounded {
        statuses,
        succeeds,
        cycle_passes,
    })
}

/// Whether the support graph (premise → inference → conclusion) has a cycle: Kahn's
/// topological sort leaves some node unsorted.
fn has_cycle(map: &Map, premise_of: &Rows) -> bool {
    let claims = map.claims.len();
    let mut claim_waiting = vec![0u32; claims];
    for inference in &map.inferences {
        claim_waiting[inference.conclusion] += 1;
    }
    let mut inference_waiting: Vec<u32> = map
        .inferences
        .iter()
        .map(|i| i.premises.len() as u32)
        .collect();
    let mut sorted = 0usize;
    let mut ready: Vec<usize> = (0..claims).filter(|&c| claim_waiting[c] == 0).collect();
    let mut ready_inferences: Vec<usize> = (0..map.inferences.len())
        .filter(|&j| inference_waiting[j] == 0)
        .collect();
    loop {
        if let Some(j) = ready_inferences.pop() {
            sorted += 1;
            let c = map.inferences[j].conclusion;
            claim_waiting[c] -= 1;
            if claim_waiting[c] == 0 {
                ready.push(c);
            }
        } else if let Some(c) = ready.pop() {
            sorted += 1;
            for &j in premise_of.row(c) {
                let j = j as usize;
                inference_waiting[j] -= 1;
                if inference_waiting[j] == 0 {
                    ready_inferences.push(j);
                }
            }
        } else {
            break;
        }
    }
    sorted < claims + map.inferences.len()
}
