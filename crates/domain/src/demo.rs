//! The demo data set (演示数据), built from facts in the seed documents.
//!
//! `data/demo.json` holds regions, organisations with aliases, programmes, batches and
//! participants. Facts from the seeds are marked `"demo": false`; anything invented for the
//! demo carries `"demo": true` and is labelled 演示数据 wherever it shows.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoRegion {
    pub code: String,
    pub name: String,
    /// `nation | province | city | county | zone`
    pub level: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoOrg {
    pub name: String,
    /// `department | county_government | university | enterprise | expert_body | ministry | other`
    pub kind: String,
    /// Region code the organisation belongs to.
    pub region: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoProgramme {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoBatch {
    pub code: String,
    pub programme: String,
    pub name: String,
    /// ISO date of approval, e.g. `2021-01-06`.
    pub approved_on: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoStatusStep {
    /// Status code (see `ParticipantStatus::as_str`).
    pub status: String,
    /// ISO date.
    pub on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoParticipant {
    pub region: String,
    pub programme: String,
    pub batch: String,
    #[serde(default)]
    pub theme: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub acceptance_year: Option<i32>,
    /// Status changes after the initial 建设中, in order.
    #[serde(default)]
    pub history: Vec<DemoStatusStep>,
    #[serde(default)]
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// Organisation name (must exist in `orgs`).
    pub org: String,
    /// Every demo account is invented: `true` throughout `demo.json`.
    #[serde(default)]
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoSet {
    pub regions: Vec<DemoRegion>,
    pub orgs: Vec<DemoOrg>,
    pub programmes: Vec<DemoProgramme>,
    pub batches: Vec<DemoBatch>,
    pub participants: Vec<DemoParticipant>,
    pub users: Vec<DemoUser>,
}

static DEMO: LazyLock<DemoSet> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/demo.json"))
        .expect("data/demo.json is checked by a unit test")
});

static PLANS: LazyLock<Vec<serde_json::Value>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/demo_plans.json"))
        .expect("data/demo_plans.json is checked by a unit test")
});

/// Demo plans as structured facts (targets, tasks with units, phases; no original text).
/// Each object has `region`, `programme`, `title`, `issuer`, `doc_number`, `doc_date`, `note`,
/// `targets`, `tasks` and `phases` in the shape of the plan-import API.
pub fn demo_plans() -> &'static [serde_json::Value] {
    &PLANS
}

/// The demo set, parsed once.
pub fn demo_set() -> &'static DemoSet {
    &DEMO
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ParticipantStatus, RegionLevel, Role};
    use std::collections::HashSet;

    #[test]
    fn demo_plans_name_known_units() {
        let d = demo_set();
        let keys: HashSet<String> = d
            .orgs
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(o.aliases.iter()))
            .map(|n| crate::org_key(n))
            .collect();
        let plans = demo_plans();
        assert!(!plans.is_empty());
        for p in plans {
            let tasks = p["tasks"].as_array().expect("tasks");
            assert!(!tasks.is_empty());
            for t in tasks {
                for n in t["lead"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(t["cooperating"].as_array().into_iter().flatten())
                {
                    let n = n.as_str().expect("unit name");
                    assert!(
                        keys.contains(&crate::org_key(n)),
                        "unit {n} is a demo organisation"
                    );
                }
            }
            assert!(d
                .participants
                .iter()
                .any(|x| x.region == p["region"].as_str().unwrap_or("")));
        }
    }

    #[test]
    fn demo_set_is_consistent() {
        let d = demo_set();
        let codes: HashSet<_> = d.regions.iter().map(|r| r.code.as_str()).collect();
        for r in &d.regions {
            assert!(crate::region::valid_code(&r.code), "{}", r.code);
            assert!(RegionLevel::parse(&r.level).is_some(), "{}", r.level);
            if let Some(p) = &r.parent {
                assert!(codes.contains(p.as_str()), "parent {p} of {}", r.code);
            }
        }
        assert!(codes.contains("371400"), "德州 is 371400");
        let orgs: HashSet<_> = d.orgs.iter().map(|o| o.name.as_str()).collect();
        for o in &d.orgs {
            assert!(
                codes.contains(o.region.as_str()),
                "org {} region {}",
                o.name,
                o.region
            );
        }
        let progs: HashSet<_> = d.programmes.iter().map(|p| p.code.as_str()).collect();
        let batches: HashSet<_> = d.batches.iter().map(|b| b.code.as_str()).collect();
        for b in &d.batches {
            assert!(progs.contains(b.programme.as_str()));
        }
        for p in &d.participants {
            assert!(
                codes.contains(p.region.as_str()),
                "participant region {}",
                p.region
            );
            assert!(progs.contains(p.programme.as_str()));
            assert!(batches.contains(p.batch.as_str()));
            let mut st = ParticipantStatus::Building;
            for h in &p.history {
                let to = ParticipantStatus::parse(&h.status).expect("status code");
                st = st
                    .transition(to)
                    .expect("demo history follows the lifecycle");
            }
        }
        let roles: HashSet<_> = d
            .users
            .iter()
            .map(|u| Role::parse(&u.role).expect("role"))
            .collect();
        assert_eq!(roles.len(), Role::ALL.len(), "one demo user per role");
        for u in &d.users {
            assert!(
                orgs.contains(u.org.as_str()),
                "user {} org {}",
                u.username,
                u.org
            );
            assert!(u.demo, "demo account {} is marked as demo data", u.username);
        }
    }
}
