//! Dung's abstract argumentation frameworks (Dung 1995) and their semantics: grounded, complete,
//! preferred, stable and semi-stable labellings, credulous and sceptical acceptance.
//!
//! The framework is kept as two compressed adjacency arrays (who each argument attacks, who
//! attacks it) of `u32`, so that a million arguments and three million attacks fit in a few
//! tens of MiB. Grounded semantics is the linear-time fixpoint of Dung's characteristic
//! function, computed with a queue. The other semantics come from one labelling search
//! (Caminada's IN/OUT/UNDEC labellings): a depth-first search over three-valued domains with
//! constraint propagation, iterative (an explicit stack), sound and complete for complete
//! labellings; preferred and semi-stable labellings are the complete ones that are maximal in IN
//! or minimal in UNDEC. The search is exponential in the worst case, as the problems are: it is
//! meant for map-sized frameworks, and it stops at [`Limits::labellings`].
//!
//! ```
//! use argmap::eval::af::{Framework, Label, Semantics};
//! // a attacks b, b attacks c: a and c stand, b falls.
//! let af = Framework::from_attacks(3, &[(0, 1), (1, 2)])?;
//! let grounded = af.grounded();
//! assert_eq!(grounded.label(0), Label::In);
//! assert_eq!(grounded.label(1), Label::Out);
//! assert_eq!(grounded.in_args(), vec![0, 2]);
//! // An even cycle has two preferred labellings and no sceptically accepted argument.
//! let cycle = Framework::from_attacks(2, &[(0, 1), (1, 0)])?;
//! assert_eq!(cycle.labellings(Semantics::Preferred, &Default::default())?.len(), 2);
//! assert!(!cycle.sceptical(Semantics::Preferred, 0, &Default::default())?.accepted);
//! # Ok::<_, argmap::eval::af::AfError>(())
//! ```

use std::collections::VecDeque;
use std::fmt;

/// Errors of the solver: input that names no argument, or a search that grew too large.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AfError {
    /// An attack or a query names an argument the framework does not have.
    #[error("argument {arg} does not exist: the framework has {len} arguments (0..{len})")]
    NoSuchArgument { arg: u32, len: u32 },
    /// More arguments than `u32` can count.
    #[error("{len} arguments is more than this solver handles ({})", u32::MAX)]
    TooLarge { len: usize },
    /// The labelling search found more complete labellings than allowed.
    #[error(
        "more than {limit} complete labellings: this framework is too large to enumerate under {semantics}; use grounded semantics or raise the limit"
    )]
    TooManyLabellings { limit: usize, semantics: Semantics },
}

/// An argumentation semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Semantics {
    /// The least complete labelling: what stands whatever one chooses.
    Grounded,
    /// Every complete labelling: IN exactly when all attackers are OUT, OUT exactly when some
    /// attacker is IN.
    Complete,
    /// The complete labellings with a maximal set of IN arguments.
    Preferred,
    /// The complete labellings with nothing UNDEC (there may be none).
    Stable,
    /// The complete labellings with a minimal set of UNDEC arguments (stable ones when any
    /// exists; never none).
    SemiStable,
}

impl Semantics {
    /// Every semantics, in the order they are usually presented.
    pub const ALL: [Semantics; 5] = [
        Semantics::Grounded,
        Semantics::Complete,
        Semantics::Preferred,
        Semantics::Stable,
        Semantics::SemiStable,
    ];

    /// The lower-case name used on the command line and in graph names (`semi-stable`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Grounded => "grounded",
            Self::Complete => "complete",
            Self::Preferred => "preferred",
            Self::Stable => "stable",
            Self::SemiStable => "semi-stable",
        }
    }

    /// The ICCMA abbreviation (`GR`, `CO`, `PR`, `ST`, `SST`).
    pub fn iccma(self) -> &'static str {
        match self {
            Self::Grounded => "GR",
            Self::Complete => "CO",
            Self::Preferred => "PR",
            Self::Stable => "ST",
            Self::SemiStable => "SST",
        }
    }

    /// The semantics with this name or ICCMA abbreviation (case-insensitive).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| {
            name.eq_ignore_ascii_case(s.name())
                || name.eq_ignore_ascii_case(s.iccma())
                || (s == &Self::SemiStable && name.eq_ignore_ascii_case("semistable"))
        })
    }

    /// Whether the semantics can have several labellings (so credulous and sceptical
    /// acceptance differ).
    pub fn is_multiple(self) -> bool {
        self != Self::Grounded
    }
}

impl fmt::Display for Semantics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The label of one argument in a labelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Accepted: every attacker is OUT.
    In,
    /// Rejected: some attacker is IN.
    Out,
    /// Neither.
    Undec,
}

/// A labelling: one label per argument.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Labelling(Vec<Label>);

impl Labelling {
    /// The label of argument `arg` (arguments outside the framework are UNDEC).
    pub fn label(&self, arg: u32) -> Label {
        self.0.get(arg as usize).copied().unwrap_or(Label::Undec)
    }

    /// The labels, indexed by argument.
    pub fn labels(&self) -> &[Label] {
        &self.0
    }

    /// The IN arguments (the extension), ascending.
    pub fn in_args(&self) -> Vec<u32> {
        self.with(Label::In)
    }

    /// The arguments with `label`, ascending.
    pub fn with(&self, label: Label) -> Vec<u32> {
        (0..self.0.len() as u32)
            .filter(|&a| self.label(a) == label)
            .collect()
    }
}

/// The answer to an acceptance question, with the labelling that shows it when there is one:
/// for a credulous YES a labelling where the argument is IN, for a sceptical NO one where it
/// is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether the argument is accepted.
    pub accepted: bool,
    /// The witness or counterexample.
    pub witness: Option<Labelling>,
}

/// Bounds on the labelling search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How many complete labellings an enumeration may visit before it gives up.
    pub labellings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            labellings: 1_000_000,
        }
    }
}

/// An argumentation framework: arguments `0..len` and an attack relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    len: u32,
    /// `targets[out_start[a]..out_start[a + 1]]` are the arguments `a` attacks.
    out_start: Vec<u32>,
    targets: Vec<u32>,
    /// `attackers[in_start[a]..in_start[a + 1]]` are the arguments that attack `a`.
    in_start: Vec<u32>,
    attackers: Vec<u32>,
}

// Domains of the labelling search: the labels an argument may still take.
const IN: u8 = 1;
const OUT: u8 = 2;
const UNDEC: u8 = 4;
const ANY: u8 = IN | OUT | UNDEC;

impl Framework {
    /// A framework of `len` arguments and the attacks `(attacker, target)`.
    pub fn from_attacks(len: u32, attacks: &[(u32, u32)]) -> Result<Self, AfError> {
        let (from, to) = attacks.iter().copied().unzip();
        Self::from_columns(len, from, to)
    }

    /// A framework from two parallel columns, attackers and targets (what a file reader
    /// collects; the columns are consumed, so their memory is freed before this returns).
    pub fn from_columns(len: u32, from: Vec<u32>, to: Vec<u32>) -> Result<Self, AfError> {
        if from.len() >= u32::MAX as usize {
            return Err(AfError::TooLarge { len: from.len() });
        }
        if let Some(&arg) = from.iter().chain(&to).find(|&&a| a >= len) {
            return Err(AfError::NoSuchArgument { arg, len });
        }
        let (out_start, targets) = csr(len, &from, &to);
        let (in_start, attackers) = csr(len, &to, &from);
        Ok(Self {
            len,
            out_start,
            targets,
            in_start,
            attackers,
        })
    }

    /// The number of arguments.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether there is no argument.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of attacks (duplicates included).
    pub fn attack_count(&self) -> usize {
        self.targets.len()
    }

    /// The arguments `arg` attacks.
    pub fn targets(&self, arg: u32) -> &[u32] {
        slice(&self.out_start, &self.targets, arg)
    }

    /// The arguments that attack `arg`.
    pub fn attackers(&self, arg: u32) -> &[u32] {
        slice(&self.in_start, &self.attackers, arg)
    }

    fn check(&self, arg: u32) -> Result<(), AfError> {
        if arg < self.len {
            Ok(())
        } else {
            Err(AfError::NoSuchArgument { arg, len: self.len })
        }
    }

    /// The grounded labelling, in time linear in arguments plus attacks: arguments all of
    /// whose attackers are OUT go IN (a queue), their targets go OUT, the rest stay UNDEC.
    pub fn grounded(&self) -> Labelling {
        let n = self.len as usize;
        let mut labels = vec![Label::Undec; n];
        // Attackers not yet OUT, per argument.
        let mut alive: Vec<u32> = (0..self.len)
            .map(|a| self.attackers(a).len() as u32)
            .collect();
        let mut queue: Vec<u32> = (0..self.len).filter(|&a| alive[a as usize] == 0).collect();
        while let Some(a) = queue.pop() {
            labels[a as usize] = Label::In;
            for &b in self.targets(a) {
                if labels[b as usize] != Label::Undec {
                    continue;
                }
                labels[b as usize] = Label::Out;
                for &c in self.targets(b) {
                    let left = &mut alive[c as usize];
                    *left -= 1;
                    if *left == 0 && labels[c as usize] == Label::Undec {
                        queue.push(c);
                    }
                }
            }
        }
        Labelling(labels)
    }

    /// Every labelling of `semantics` (for grounded, the one).
    pub fn labellings(
        &self,
        semantics: Semantics,
        limits: &Limits,
    ) -> Result<Vec<Labelling>, AfError> {
        let mut domains = vec![ANY; self.len as usize];
        match semantics {
            Semantics::Grounded => return Ok(vec![self.grounded()]),
            Semantics::Stable => domains.fill(IN | OUT),
            _ => {}
        }
        let mut found = Vec::new();
        self.search(domains, semantics, limits, |l| {
            found.push(l);
            false
        })?;
        Ok(match semantics {
            Semantics::Preferred => maximal(found, Label::In, true),
            Semantics::SemiStable => maximal(found, Label::Undec, false),
            _ => found,
        })
    }

    /// One labelling of `semantics`, or `None` when there is none (only stable semantics can
    /// have none).
    pub fn some_labelling(
        &self,
        semantics: Semantics,
        limits: &Limits,
    ) -> Result<Option<Labelling>, AfError> {
        match semantics {
            Semantics::Grounded | Semantics::Complete => Ok(Some(self.grounded())),
            Semantics::Stable => self.first(vec![IN | OUT; self.len as usize], semantics, limits),
            Semantics::Preferred => self.grow_preferred(self.grounded(), limits).map(Some),
            Semantics::SemiStable => self.shrink_semi_stable(self.grounded(), limits).map(Some),
        }
    }

    /// Whether `arg` is IN in some labelling of `semantics`, with such a labelling.
    pub fn credulous(
        &self,
        semantics: Semantics,
        arg: u32,
        limits: &Limits,
    ) -> Result<Decision, AfError> {
        self.check(arg)?;
        let witness = match semantics {
            Semantics::Grounded => Some(self.grounded()).filter(|l| l.label(arg) == Label::In),
            Semantics::Complete | Semantics::Preferred => {
                let mut domains = vec![ANY; self.len as usize];
                domains[arg as usize] = IN;
                match self.first(domains, Semantics::Complete, limits)? {
                    // Any complete labelling grows into a preferred one with at least its IN.
                    Some(l) if semantics == Semantics::Preferred => {
                        Some(self.grow_preferred(l, limits)?)
                    }
                    other => other,
                }
            }
            Semantics::Stable => {
                let mut domains = vec![IN | OUT; self.len as usize];
                domains[arg as usize] = IN;
                self.first(domains, semantics, limits)?
            }
            Semantics::SemiStable => self
                .labellings(semantics, limits)?
                .into_iter()
                .find(|l| l.label(arg) == Label::In),
        };
        Ok(Decision {
            accepted: witness.is_some(),
            witness,
        })
    }

    /// Whether `arg` is IN in every labelling of `semantics`, with a labelling where it is not
    /// when the answer is no. With no stable labelling, everything is sceptically stable.
    pub fn sceptical(
        &self,
        semantics: Semantics,
        arg: u32,
        limits: &Limits,
    ) -> Result<Decision, AfError> {
        self.check(arg)?;
        let counter = match semantics {
            // The grounded labelling is the least complete one.
            Semantics::Grounded | Semantics::Complete => {
                Some(self.grounded()).filter(|l| l.label(arg) != Label::In)
            }
            Semantics::Stable => {
                let mut domains = vec![IN | OUT; self.len as usize];
                domains[arg as usize] = OUT;
                self.first(domains, semantics, limits)?
            }
            Semantics::Preferred | Semantics::SemiStable => {
                if self.grounded().label(arg) == Label::In {
                    None
                } else {
                    self.labellings(semantics, limits)?
                        .into_iter()
                        .find(|l| l.label(arg) != Label::In)
                }
            }
        };
        Ok(Decision {
            accepted: counter.is_none(),
            witness: counter,
        })
    }

    /// The first complete labelling within `domains`.
    fn first(
        &self,
        domains: Vec<u8>,
        semantics: Semantics,
        limits: &Limits,
    ) -> Result<Option<Labelling>, AfError> {
        let mut found = None;
        self.search(domains, semantics, limits, |l| {
            found = Some(l);
            true
        })?;
        Ok(found)
    }

    /// A preferred labelling whose IN contains `start`'s: keep looking for a complete
    /// labelling with strictly more IN until there is none.
    fn grow_preferred(&self, mut start: Labelling, limits: &Limits) -> Result<Labelling, AfError> {
        loop {
            let domains: Vec<u8> = start
                .0
                .iter()
                .map(|&l| if l == Label::In { IN } else { ANY })
                .collect();
            let mut bigger = None;
            self.search(domains, Semantics::Preferred, limits, |l| {
                if l != start {
                    bigger = Some(l);
                }
                bigger.is_some()
            })?;
            match bigger {
                Some(l) => start = l,
                None => return Ok(start),
            }
        }
    }

    /// A semi-stable labelling whose UNDEC is within `start`'s.
    fn shrink_semi_stable(
        &self,
        mut start: Labelling,
        limits: &Limits,
    ) -> Result<Labelling, AfError> {
        loop {
            let undec = start.with(Label::Undec).len();
            let domains: Vec<u8> = start
                .0
                .iter()
                .map(|&l| if l == Label::Undec { ANY } else { IN | OUT })
                .collect();
            let mut smaller = None;
            self.search(domains, Semantics::SemiStable, limits, |l| {
                if l.with(Label::Undec).len() < undec {
                    smaller = Some(l);
                }
                smaller.is_some()
            })?;
            match smaller {
                Some(l) => start = l,
                None => return Ok(start),
            }
        }
    }

    /// Visits every complete labelling within `domains` until `visit` returns true.
    ///
    /// Depth-first with an explicit stack of domain vectors; after each choice, propagation
    /// removes labels no complete labelling allows. A state where every domain is a single
    /// label and propagation is at rest is a complete labelling (the rules below are exactly
    /// the conditions of one), so every visited labelling is complete and every complete
    /// labelling within `domains` is visited once.
    fn search(
        &self,
        domains: Vec<u8>,
        semantics: Semantics,
        limits: &Limits,
        mut visit: impl FnMut(Labelling) -> bool,
    ) -> Result<(), AfError> {
        let mut stack: Vec<(Vec<u8>, Option<u32>)> = vec![(domains, None)];
        let mut queue = VecDeque::new();
        let mut queued = vec![false; self.len as usize];
        let mut visited = 0usize;
        while let Some((mut domains, changed)) = stack.pop() {
            match changed {
                None => (0..self.len).for_each(|a| self.enqueue(a, &mut queue, &mut queued)),
                Some(a) => self.enqueue_around(a, &mut queue, &mut queued),
            }
            if !self.propagate(&mut domains, &mut queue, &mut queued) {
                continue;
            }
            // Branch on the first argument with a choice left.
            match domains.iter().position(|d| d.count_ones() > 1) {
                None => {
                    visited += 1;
                    if visited > limits.labellings {
                        return Err(AfError::TooManyLabellings {
                            limit: limits.labellings,
                            semantics,
                        });
                    }
                    let labelling = Labelling(domains.iter().map(|&d| to_label(d)).collect());
                    debug_assert!(self.is_complete(&labelling));
                    if visit(labelling) {
                        return Ok(());
                    }
                }
                Some(a) => {
                    let d = domains[a];
                    // Pushed in reverse so that IN is tried first.
                    for value in [UNDEC, OUT, IN] {
                        if d & value != 0 {
                            let mut next = domains.clone();
                            next[a] = value;
                            stack.push((next, Some(a as u32)));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn enqueue(&self, a: u32, queue: &mut VecDeque<u32>, queued: &mut [bool]) {
        if let Some(q) = queued.get_mut(a as usize)
            && !*q
        {
            *q = true;
            queue.push_back(a);
        }
    }

    /// Queues `a` and every argument whose rule reads `a`'s domain.
    fn enqueue_around(&self, a: u32, queue: &mut VecDeque<u32>, queued: &mut [bool]) {
        self.enqueue(a, queue, queued);
        for &b in self.targets(a).iter().chain(self.attackers(a)) {
            self.enqueue(b, queue, queued);
        }
    }

    /// Applies the rules of complete labellings until nothing changes; false when some
    /// argument has no label left.
    ///
    /// For an argument `a`: IN needs every attacker and every target able to be OUT; OUT needs
    /// an attacker able to be IN; UNDEC needs no attacker surely IN and some attacker able to
    /// be UNDEC. When `a` is decided, its neighbours follow: IN makes attackers and targets
    /// OUT; OUT with a single attacker able to be IN makes that one IN; UNDEC removes IN from
    /// its attackers and, with a single attacker able to be UNDEC, makes that one UNDEC.
    fn propagate(
        &self,
        domains: &mut [u8],
        queue: &mut VecDeque<u32>,
        queued: &mut [bool],
    ) -> bool {
        let mut ok = true;
        while let Some(a) = queue.pop_front() {
            queued[a as usize] = false;
            if !ok {
                continue; // drain the queue for the next state
            }
            let attackers = self.attackers(a);
            let targets = self.targets(a);
            let mut d = domains[a as usize];
            if d & IN != 0
                && attackers
                    .iter()
                    .chain(targets)
                    .any(|&x| domains[x as usize] & OUT == 0)
            {
                d &= !IN;
            }
            if d & OUT != 0 && !attackers.iter().any(|&x| domains[x as usize] & IN != 0) {
                d &= !OUT;
            }
            if d & UNDEC != 0
                && (attackers.iter().any(|&x| domains[x as usize] == IN)
                    || !attackers.iter().any(|&x| domains[x as usize] & UNDEC != 0))
            {
                d &= !UNDEC;
            }
            if d == 0 {
                ok = false;
                continue;
            }
            if d != domains[a as usize] {
                domains[a as usize] = d;
                self.enqueue_around(a, queue, queued);
            }
            // What a decided argument demands of its neighbours.
            let mut narrow = |x: u32, keep: u8, domains: &mut [u8]| -> bool {
                let old = domains[x as usize];
                let new = old & keep;
                if new != old {
                    domains[x as usize] = new;
                    self.enqueue_around(x, queue, queued);
                }
                new != 0
            };
            match d {
                IN => {
                    for &x in attackers.iter().chain(targets) {
                        ok &= narrow(x, OUT, domains);
                    }
                }
                OUT => {
                    let mut able = attackers
                        .iter()
                        .copied()
                        .filter(|&x| domains[x as usize] & IN != 0);
                    if let (Some(only), None) = (able.next(), able.next()) {
                        ok &= narrow(only, IN, domains);
                    }
                }
                UNDEC => {
                    for &x in attackers {
                        ok &= narrow(x, !IN, domains);
                    }
                    let mut able = attackers
                        .iter()
                        .copied()
                        .filter(|&x| domains[x as usize] & UNDEC != 0);
                    if let (Some(only), None) = (able.next(), able.next()) {
                        ok &= narrow(only, UNDEC, domains);
                    }
                }
                _ => {}
            }
        }
        ok
    }

    /// Whether `labelling` is complete (IN iff all attackers OUT, OUT iff some attacker IN).
    pub fn is_complete(&self, labelling: &Labelling) -> bool {
        labelling.0.len() == self.len as usize
            && (0..self.len).all(|a| {
                let attackers = self.attackers(a);
                let some_in = attackers.iter().any(|&x| labelling.label(x) == Label::In);
                let all_out = attackers.iter().all(|&x| labelling.label(x) == Label::Out);
                match labelling.label(a) {
                    Label::In => all_out,
                    Label::Out => some_in,
                    Label::Undec => !some_in && !all_out,
                }
            })
    }
}

fn to_label(domain: u8) -> Label {
    match domain {
        IN => Label::In,
        OUT => Label::Out,
        _ => Label::Undec,
    }
}

fn slice<'a>(start: &[u32], items: &'a [u32], arg: u32) -> &'a [u32] {
    let a = arg as usize;
    match (start.get(a), start.get(a + 1)) {
        (Some(&s), Some(&e)) => items.get(s as usize..e as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// Compressed rows of `to` grouped by `from` (a counting sort; no per-row allocation).
fn csr(len: u32, from: &[u32], to: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; len as usize + 1];
    for &a in from {
        start[a as usize + 1] += 1;
    }
    for i in 0..len as usize {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut items = vec![0u32; from.len()];
    for (&a, &b) in from.iter().zip(to) {
        let slot = &mut next[a as usize];
        items[*slot as usize] = b;
        *slot += 1;
    }
    (start, items)
}

/// The labellings whose set of `label` arguments is maximal (`bigger`) or minimal under
/// inclusion among `all`.
fn maximal(all: Vec<Labelling>, label: Label, bigger: bool) -> Vec<Labelling> {
    let sets: Vec<Vec<u64>> = all
        .iter()
        .map(|l| {
            let mut bits = vec![0u64; l.0.len().div_ceil(64)];
            for (i, &x) in l.0.iter().enumerate() {
                if x == label {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            bits
        })
        .collect();
    let subset = |a: &[u64], b: &[u64]| a.iter().zip(b).all(|(x, y)| x & !y == 0);
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| {
            !sets.iter().enumerate().any(|(j, other)| {
                j != *i && other != &sets[*i] && {
                    if bigger {
                        subset(&sets[*i], other)
                    } else {
                        subset(other, &sets[*i])
                    }
                }
            })
        })
        .map(|(_, l)| l)
        .collect()
}
