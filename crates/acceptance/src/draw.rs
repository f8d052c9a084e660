//! Panels: each participant, in input order, gets the least-loaded eligible experts; ties are
//! broken by a seeded shuffle ([`crate::rng`]).

use crate::input::DrawInput;
use crate::recusal::{standing, Reason, Standing};
use crate::rng::SplitMix64;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The result of a draw; serializes to the contract's JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DrawOutput {
    pub seed: u64,
    pub panels: Vec<Panel>,
    pub excluded: Vec<Exclusion>,
    pub flags: Vec<Flag>,
    pub unfilled: Vec<Unfilled>,
    pub loads: Loads,
}

/// One participant's panel, experts in the order drawn.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Panel {
    pub participant: String,
    pub experts: Vec<String>,
}

/// A recused (participant, expert) pair with every reason that applies.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Exclusion {
    pub participant: String,
    pub expert: String,
    pub reasons: Vec<Reason>,
}

/// An eligible pair worth a second look (`reason` is `"same_province"`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Flag {
    pub participant: String,
    pub expert: String,
    pub reason: Reason,
}

/// A participant whose panel is short by `missing` experts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unfilled {
    pub participant: String,
    pub missing: u64,
}

/// Panels per expert, every expert in input order (a JSON object).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loads(pub Vec<(String, u64)>);

impl Serialize for Loads {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Draws one panel per participant (see the crate documentation for the rules).
pub fn draw(input: &DrawInput, seed: u64) -> DrawOutput {
    let mut rng = SplitMix64::new(seed);
    let experts = &input.experts;
    let cap = input.max_panels_per_expert.unwrap_or(u64::MAX);
    let size = usize::try_from(input.panel_size).unwrap_or(usize::MAX);
    let mut loads = vec![0u64; experts.len()];
    let mut out = DrawOutput {
        seed,
        panels: Vec::with_capacity(input.participants.len()),
        excluded: Vec::new(),
        flags: Vec::new(),
        unfilled: Vec::new(),
        loads: Loads::default(),
    };
    let mut pool: Vec<usize> = Vec::with_capacity(experts.len());
    for p in &input.participants {
        pool.clear();
        for (j, e) in experts.iter().enumerate() {
            match standing(p, e, input.year, &input.rules) {
                Standing::Excluded(reasons) => out.excluded.push(Exclusion {
                    participant: p.id.clone(),
                    expert: e.id.clone(),
                    reasons,
                }),
                Standing::Flagged => {
                    out.flags.push(Flag {
                        participant: p.id.clone(),
                        expert: e.id.clone(),
                        reason: Reason::SameProvince,
                    });
                    pool.push(j);
                }
                Standing::Eligible => pool.push(j),
            }
        }
        pool.retain(|&j| loads.get(j).is_some_and(|&l| l < cap));
        rng.shuffle(&mut pool);
        // Stable: equally loaded experts keep their shuffled order.
        pool.sort_by_key(|&j| loads.get(j).copied().unwrap_or(u64::MAX));
        pool.truncate(size);
        for &j in &pool {
            if let Some(l) = loads.get_mut(j) {
                *l += 1;
            }
        }
        let taken = pool.len() as u64;
        if taken < input.panel_size {
            out.unfilled.push(Unfilled {
                participant: p.id.clone(),
                missing: input.panel_size - taken,
            });
        }
        out.panels.push(Panel {
            participant: p.id.clone(),
            experts: pool
                .iter()
                .filter_map(|&j| experts.get(j).map(|e| e.id.clone()))
                .collect(),
        });
    }
    out.loads = Loads(
        experts
            .iter()
            .zip(loads)
            .map(|(e, l)| (e.id.clone(), l))
            .collect(),
    );
    out
}
