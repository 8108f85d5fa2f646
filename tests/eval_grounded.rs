//! The claim-level grounded evaluation (`eval::grounded`) against the grounded labelling of the
//! enumerated ASPIC+ framework (`eval::aspic` + `eval::af`): the same claim statuses and the
//! same `arg:succeeds` per conflict, on thousands of seeded random AIF maps (linked premises,
//! support cycles with and without a base, rebuts, undermines, undercuts, self-attacks,
//! PA-node preferences, axioms) loaded into a real Oxigraph store, and on the bundled map.

use argmap::eval::af::{Limits, Semantics};
use argmap::eval::aspic::{self, Axioms, Options, Translation};
use argmap::eval::claims::{self, Status};
use argmap::eval::grounded;
use argmap::store::ArgStore;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::collections::BTreeMap;

/// SplitMix64: the same seed gives the same maps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A random map as Turtle: claims `c*`, RA-nodes `ra*`, CA-nodes `ca*`, PA-nodes `pa*`.
fn random_map(rng: &mut Rng) -> String {
    let claims = 2 + rng.below(7);
    let inferences = rng.below(9);
    let conflicts = rng.below(7);
    let preferences = rng.below(4);
    let mut ttl = String::from(
        "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix arg: <https://w3id.org/argmap#> .\n\
         @prefix ex: <https://example.org/m/> .\n",
    );
    for c in 0..claims {
        let fact = if rng.chance(25) {
            ", arg:ReportedFact"
        } else {
            ""
        };
        ttl.push_str(&format!("ex:c{c} a aif:I-node{fact} .\n"));
    }
    for r in 0..inferences {
        // 1-3 linked premises, any conclusion: cycles and self-support happen.
        let count = 1 + rng.below(3);
        let mut premises: Vec<String> = (0..count)
            .map(|_| format!("ex:c{}", rng.below(claims)))
            .collect();
        if rng.chance(3) {
            premises.push("\"a literal\"".to_owned());
        }
        let conclusion = rng.below(claims);
        let mut extra = String::new();
        if rng.chance(3) {
            extra = format!(", ex:c{}", rng.below(claims));
        }
        ttl.push_str(&format!(
            "ex:ra{r} a aif:RA-node ; aif:Premise {} ; aif:Conclusion ex:c{conclusion}{extra} .\n",
            premises.join(", ")
        ));
    }
    let node = |rng: &mut Rng| {
        if inferences > 0 && rng.chance(30) {
            format!("ex:ra{}", rng.below(inferences))
        } else {
            format!("ex:c{}", rng.below(claims))
        }
    };
    for k in 0..conflicts {
        let class = ["aif:CA-node", "arg:Rebut", "arg:Undermine", "arg:Undercut"][rng.below(4)];
        let attacker = rng.below(claims);
        let target = node(rng);
        ttl.push_str(&format!(
            "ex:ca{k} a {class} ; aif:Premise ex:c{attacker} ; aif:Conclusion {target} .\n"
        ));
    }
    for p in 0..preferences {
        let (high, low) = (node(rng), node(rng));
        ttl.push_str(&format!(
            "ex:pa{p} a aif:PA-node ; aif:Premise {high} ; aif:Conclusion {low} .\n"
        ));
    }
    ttl
}

/// Claim statuses and conflict outcomes by the framework.
fn by_framework(t: &Translation) -> (Vec<Status>, BTreeMap<String, bool>) {
    let (statuses, _) =
        claims::evaluate(t, Semantics::Grounded, &Limits::default()).expect("grounded runs");
    let mut succeeds = BTreeMap::new();
    for attack in &t.attacks {
        *succeeds.entry(attack.conflict.to_string()).or_insert(false) |= attack.defeats;
    }
    (statuses.iter().map(|s| s.status).collect(), succeeds)
}

/// Claim statuses and conflict outcomes by the claim-level evaluation.
fn by_claims(store: &Store, options: &Options) -> (Vec<Status>, BTreeMap<String, bool>) {
    let map = aspic::read_map(store, options).expect("the map reads");
    let result = grounded::evaluate(&map).expect("last-link");
    let mut succeeds = BTreeMap::new();
    for (conflict, outcome) in map.conflicts.iter().zip(&result.succeeds) {
        if let Some(defeats) = outcome {
            *succeeds.entry(conflict.node.to_string()).or_insert(false) |= defeats;
        }
    }
    (result.statuses.iter().map(|s| s.status).collect(), succeeds)
}

#[test]
fn claim_level_grounded_matches_the_framework_on_random_maps() {
    let mut rng = Rng(0x5eed_0012);
    let (mut compared, mut capped, mut cyclic, mut undecided) = (0, 0, 0, 0);
    for case in 0..4000 {
        let ttl = random_map(&mut rng);
        let store = Store::new().expect("a store");
        store
            .load_from_reader(RdfFormat::Turtle, ttl.as_bytes())
            .expect("the map loads");
        let options = Options {
            axioms: if rng.chance(30) {
                Axioms::ReportedFacts
            } else {
                Axioms::None
            },
            max_arguments: 20_000,
            ..Options::default()
        };
        let translation = aspic::translate(&store, &options).expect("translates");
        if translation.truncated {
            capped += 1;
            continue;
        }
        let expected = by_framework(&translation);
        let got = by_claims(&store, &options);
        assert_eq!(
            got, expected,
            "case {case} ({:?}): claim-level (left) and framework (right) differ on\n{ttl}\nclaims {:?}",
            options.axioms, translation.claims
        );
        compared += 1;
        let map = aspic::read_map(&store, &options).expect("reads");
        if grounded::evaluate(&map).expect("runs").cycle_passes > 0 {
            cyclic += 1;
        }
        undecided += expected.0.contains(&Status::Undecided) as usize;
    }
    // The draws cover what matters: nearly all maps compared, support cycles, undecided claims.
    assert!(
        compared >= 3900,
        "only {compared} compared ({capped} capped)"
    );
    assert!(cyclic >= 500, "{cyclic} maps with support cycles");
    assert!(undecided >= 200, "{undecided} maps with an undecided claim");
}

#[test]
fn claim_level_grounded_matches_the_framework_on_the_bundled_map() {
    let store = ArgStore::with_bundled().expect("opens");
    let analyst = store
        .resolve_graph("ofwono-2024/analyst")
        .expect("the analyst layer");
    for axioms in [Axioms::None, Axioms::ReportedFacts] {
        for without in [vec![], vec![analyst.clone()]] {
            let options = Options {
                axioms,
                without,
                ..Options::default()
            };
            let translation = aspic::translate(store.oxigraph(), &options).expect("translates");
            assert!(!translation.truncated);
            let expected = by_framework(&translation);
            assert!(
                expected.0.contains(&Status::Accepted) && expected.0.contains(&Status::Rejected)
            );
            assert_eq!(by_claims(store.oxigraph(), &options), expected);
        }
    }
}

#[test]
fn weakest_link_is_refused_not_approximated() {
    let store = ArgStore::with_bundled().expect("opens");
    let options = Options {
        ordering: aspic::Ordering::WeakestLink,
        ..Options::default()
    };
    let map = aspic::read_map(store.oxigraph(), &options).expect("reads");
    assert_eq!(
        grounded::evaluate(&map),
        Err(grounded::GroundedError::WeakestLink)
    );
}
