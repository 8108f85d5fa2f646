//! The solver against the definitions: every semantics, on classic frameworks and on 20,000
//! seeded random ones compared with a brute-force enumerator written from the textbook
//! definitions (Dung 1995; Caminada 2006 for semi-stable).

use argmap::eval::af::{Framework, Label, Labelling, Limits, Semantics};
use std::collections::BTreeSet;

/// splitmix64: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The extensions of every semantics, by enumerating all subsets (n <= 16).
struct Brute {
    n: usize,
    attackers: Vec<u32>,
    targets: Vec<u32>,
}

impl Brute {
    fn new(n: usize, attacks: &[(u32, u32)]) -> Self {
        let mut attackers = vec![0u32; n];
        let mut targets = vec![0u32; n];
        for &(a, b) in attacks {
            attackers[b as usize] |= 1 << a;
            targets[a as usize] |= 1 << b;
        }
        Self {
            n,
            attackers,
            targets,
        }
    }
    fn all(&self) -> u32 {
        (1u32 << self.n) - 1
    }
    fn members(&self, s: u32) -> impl Iterator<Item = usize> + '_ {
        (0..self.n).filter(move |a| s & (1 << a) != 0)
    }
    fn attacked_by(&self, s: u32) -> u32 {
        self.members(s).fold(0, |acc, a| acc | self.targets[a])
    }
    fn conflict_free(&self, s: u32) -> bool {
        self.members(s).all(|a| self.attackers[a] & s == 0)
    }
    /// Dung's characteristic function: the arguments `s` defends.
    fn defended(&self, s: u32) -> u32 {
        let plus = self.attacked_by(s);
        (0..self.n)
            .filter(|&a| self.attackers[a] & !plus == 0)
            .fold(0, |acc, a| acc | 1 << a)
    }
    fn admissible(&self, s: u32) -> bool {
        self.conflict_free(s) && s & !self.defended(s) == 0
    }
    fn complete(&self, s: u32) -> bool {
        self.conflict_free(s) && self.defended(s) == s
    }
    fn range(&self, s: u32) -> u32 {
        s | self.attacked_by(s)
    }
    fn extensions(&self, semantics: Semantics) -> BTreeSet<u32> {
        let sets = 0..=self.all();
        let maximal = |candidates: Vec<u32>, key: &dyn Fn(u32) -> u32| -> BTreeSet<u32> {
            candidates
                .iter()
                .copied()
                .filter(|&s| {
                    !candidates
                        .iter()
                        .any(|&t| key(t) != key(s) && key(s) & !key(t) == 0)
                })
                .collect()
        };
        match semantics {
            Semantics::Grounded => {
                let mut s = 0;
                loop {
                    let next = self.defended(s);
                    if next == s {
                        return BTreeSet::from([s]);
                    }
                    s = next;
                }
            }
            Semantics::Complete => sets.filter(|&s| self.complete(s)).collect(),
            Semantics::Stable => sets
                .filter(|&s| self.conflict_free(s) && self.range(s) == self.all())
                .collect(),
            // Maximal admissible sets.
            Semantics::Preferred => maximal(sets.filter(|&s| self.admissible(s)).collect(), &|s| s),
            // Admissible sets with a maximal range.
            Semantics::SemiStable => {
                let admissible: Vec<u32> = sets.filter(|&s| self.admissible(s)).collect();
                let ranges: BTreeSet<u32> =
                    maximal(admissible.iter().map(|&s| self.range(s)).collect(), &|r| r);
                admissible
                    .into_iter()
                    .filter(|s| ranges.contains(&self.range(*s)))
                    .collect()
            }
        }
    }
}

fn mask(labelling: &Labelling) -> u32 {
    labelling.in_args().iter().fold(0, |acc, a| acc | 1 << a)
}

/// Compares every answer of the solver on one framework with the brute force.
fn cross_check(n: usize, attacks: &[(u32, u32)], what: &str) {
    let af = Framework::from_attacks(n as u32, attacks).expect("valid framework");
    let brute = Brute::new(n, attacks);
    let limits = Limits::default();
    for semantics in Semantics::ALL {
        let expected = brute.extensions(semantics);
        let labellings = af.labellings(semantics, &limits).expect("small");
        for l in &labellings {
            assert!(
                af.is_complete(l),
                "{what}: {semantics} labelling not complete"
            );
        }
        let got: BTreeSet<u32> = labellings.iter().map(mask).collect();
        assert_eq!(got.len(), labellings.len(), "{what}: {semantics} repeats");
        assert_eq!(got, expected, "{what}: {semantics} extensions");

        let some = af.some_labelling(semantics, &limits).expect("small");
        assert_eq!(
            some.as_ref()
                .map(mask)
                .is_some_and(|m| expected.contains(&m)),
            !expected.is_empty(),
            "{what}: one {semantics} labelling"
        );
        for arg in 0..n as u32 {
            let bit = 1u32 << arg;
            let credulous = af.credulous(semantics, arg, &limits).expect("small");
            assert_eq!(
                credulous.accepted,
                expected.iter().any(|s| s & bit != 0),
                "{what}: credulous {semantics} {arg}"
            );
            if let Some(w) = &credulous.witness {
                assert!(
                    expected.contains(&mask(w)) && mask(w) & bit != 0,
                    "{what}: witness"
                );
            }
            let sceptical = af.sceptical(semantics, arg, &limits).expect("small");
            assert_eq!(
                sceptical.accepted,
                expected.iter().all(|s| s & bit != 0),
                "{what}: sceptical {semantics} {arg}"
            );
            match &sceptical.witness {
                Some(w) => assert!(expected.contains(&mask(w)) && mask(w) & bit == 0),
                None => assert!(sceptical.accepted, "{what}: a NO needs a counterexample"),
            }
        }
    }
}

#[test]
fn random_frameworks_agree_with_the_definitions() {
    let mut rng = Rng(0x00A2_6AA9);
    let (mut self_attacks, mut odd, mut even) = (0, 0, 0);
    for round in 0..20_000 {
        let n = 1 + rng.below(12) as usize;
        let density = [5, 15, 30, 50][rng.below(4) as usize];
        let mut attacks = BTreeSet::new();
        for a in 0..n as u32 {
            for b in 0..n as u32 {
                if a != b && rng.chance(density) {
                    attacks.insert((a, b));
                }
            }
            if rng.chance(8) {
                attacks.insert((a, a));
                self_attacks += 1;
            }
        }
        if n >= 2 && rng.chance(50) {
            // A cycle through random arguments: odd or even.
            let len = 2 + rng.below(n.min(6) as u64 - 1) as usize;
            let mut order: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                order.swap(i, rng.below(i as u64 + 1) as usize);
            }
            for i in 0..len {
                attacks.insert((order[i], order[(i + 1) % len]));
            }
            if len % 2 == 1 { odd += 1 } else { even += 1 }
        }
        let attacks: Vec<_> = attacks.into_iter().collect();
        cross_check(
            n,
            &attacks,
            &format!("round {round}: {n} args, {attacks:?}"),
        );
    }
    // The generator produced what the test claims to cover.
    assert!(self_attacks > 1000 && odd > 1000 && even > 1000);
}

fn labels(af: &Framework, semantics: Semantics) -> BTreeSet<Vec<u32>> {
    af.labellings(semantics, &Limits::default())
        .expect("small")
        .iter()
        .map(Labelling::in_args)
        .collect()
}

fn sets(items: &[&[u32]]) -> BTreeSet<Vec<u32>> {
    items.iter().map(|s| s.to_vec()).collect()
}

#[test]
fn odd_cycle_leaves_everything_undecided_and_has_no_stable_extension() {
    let af = Framework::from_attacks(3, &[(0, 1), (1, 2), (2, 0)]).expect("valid");
    assert_eq!(af.grounded().with(Label::Undec), vec![0, 1, 2]);
    assert_eq!(labels(&af, Semantics::Preferred), sets(&[&[]]));
    assert_eq!(labels(&af, Semantics::SemiStable), sets(&[&[]]));
    assert!(labels(&af, Semantics::Stable).is_empty());
    // With no stable extension, everything is sceptically and nothing credulously stable.
    let limits = Limits::default();
    assert!(
        af.sceptical(Semantics::Stable, 0, &limits)
            .expect("small")
            .accepted
    );
    assert!(
        !af.credulous(Semantics::Stable, 0, &limits)
            .expect("small")
            .accepted
    );
    assert_eq!(af.some_labelling(Semantics::Stable, &limits), Ok(None));
}

#[test]
fn floating_reinstatement_is_sceptically_preferred_but_not_grounded() {
    // a <-> b, both attack c, c attacks d.
    let af = Framework::from_attacks(4, &[(0, 1), (1, 0), (0, 2), (1, 2), (2, 3)]).expect("valid");
    let limits = Limits::default();
    assert_eq!(af.grounded().label(3), Label::Undec);
    assert_eq!(labels(&af, Semantics::Preferred), sets(&[&[0, 3], &[1, 3]]));
    assert_eq!(
        labels(&af, Semantics::Complete),
        sets(&[&[], &[0, 3], &[1, 3]])
    );
    assert!(
        af.sceptical(Semantics::Preferred, 3, &limits)
            .expect("small")
            .accepted
    );
    let a = af
        .sceptical(Semantics::Preferred, 0, &limits)
        .expect("small");
    assert!(!a.accepted);
    assert_eq!(a.witness.map(|w| w.in_args()), Some(vec![1, 3]));
}

#[test]
fn even_cycle_has_two_stable_extensions() {
    let af = Framework::from_attacks(2, &[(0, 1), (1, 0)]).expect("valid");
    assert_eq!(labels(&af, Semantics::Stable), sets(&[&[0], &[1]]));
    assert_eq!(labels(&af, Semantics::Grounded), sets(&[&[]]));
    let limits = Limits::default();
    assert!(
        af.credulous(Semantics::Stable, 1, &limits)
            .expect("small")
            .accepted
    );
    assert!(
        !af.sceptical(Semantics::Stable, 1, &limits)
            .expect("small")
            .accepted
    );
}

#[test]
fn self_attacker_is_never_in_but_can_be_defeated() {
    // 0 attacks itself and 1; 2 attacks 0.
    let af = Framework::from_attacks(3, &[(0, 0), (0, 1), (2, 0)]).expect("valid");
    let grounded = af.grounded();
    assert_eq!(grounded.in_args(), vec![1, 2]);
    assert_eq!(grounded.label(0), Label::Out);
    // Alone, a self-attacker is undecided and kills stability.
    let alone = Framework::from_attacks(2, &[(0, 0), (0, 1)]).expect("valid");
    assert_eq!(alone.grounded().with(Label::Undec), vec![0, 1]);
    assert!(labels(&alone, Semantics::Stable).is_empty());
    assert_eq!(labels(&alone, Semantics::SemiStable), sets(&[&[]]));
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    assert!(Framework::from_attacks(2, &[(0, 2)]).is_err());
    let af = Framework::from_attacks(2, &[(0, 1)]).expect("valid");
    assert!(
        af.credulous(Semantics::Preferred, 5, &Limits::default())
            .is_err()
    );
    let empty = Framework::from_attacks(0, &[]).expect("valid");
    assert_eq!(labels(&empty, Semantics::Stable), sets(&[&[]]));
}

#[test]
fn the_search_stops_at_its_limit() {
    // 10 disjoint even cycles: 3^10 complete labellings.
    let attacks: Vec<_> = (0..10u32)
        .flat_map(|i| [(2 * i, 2 * i + 1), (2 * i + 1, 2 * i)])
        .collect();
    let af = Framework::from_attacks(20, &attacks).expect("valid");
    let small = Limits { labellings: 1000 };
    assert!(af.labellings(Semantics::Complete, &small).is_err());
    assert_eq!(
        af.labellings(Semantics::Preferred, &Limits::default())
            .expect("within the default")
            .len(),
        1024
    );
}
