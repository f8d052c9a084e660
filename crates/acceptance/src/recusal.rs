//! Recusal (回避): why an expert may not review a participant.

use crate::input::{DrawParticipant, DrawRules, Expert, SameProvince};
use crate::region;
use serde::Serialize;

/// A reason for recusal, in the contract's order (which is also the order of `reasons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The expert's organisation lies inside the participant's region.
    OwnRegion,
    /// The expert's organisation is one of the participant's `orgs`.
    NamedOrg,
    /// Recent employment at one of the `orgs` or inside the region.
    Employment,
    /// A recent relation with the participant (any kind).
    Relation,
    /// The participant asked to avoid the expert.
    Avoid,
    /// The expert declared a conflict with the participant.
    Declared,
    /// Same province, when `same_province` is `"exclude"` and nothing else applies.
    SameProvince,
}

impl Reason {
    /// The code printed in the output.
    pub fn code(self) -> &'static str {
        match self {
            Reason::OwnRegion => "own_region",
            Reason::NamedOrg => "named_org",
            Reason::Employment => "employment",
            Reason::Relation => "relation",
            Reason::Avoid => "avoid",
            Reason::Declared => "declared",
            Reason::SameProvince => "same_province",
        }
    }
}

/// How an expert stands towards one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Recused, with every reason that applies, in order.
    Excluded(Vec<Reason>),
    /// Eligible, but from the participant's province (`same_province: "flag"`).
    Flagged,
    /// Eligible.
    Eligible,
}

/// The first year that still counts for a rule of `years` years: `year − years`.
fn since(year: i64, years: u64) -> i64 {
    year.saturating_sub(i64::try_from(years).unwrap_or(i64::MAX))
}

/// Every reason (before `same_province`) that recuses `e` from `p` in `year`.
pub fn reasons(p: &DrawParticipant, e: &Expert, year: i64, rules: &DrawRules) -> Vec<Reason> {
    let named = |org: &str| p.orgs.iter().any(|o| o == org);
    let mut out = Vec::new();
    if region::inside(&e.org_region, &p.region) {
        out.push(Reason::OwnRegion);
    }
    if named(&e.org) {
        out.push(Reason::NamedOrg);
    }
    let from = since(year, rules.employment_years);
    if e.employment
        .iter()
        .any(|j| j.until >= from && (named(&j.org) || region::inside(&j.org_region, &p.region)))
    {
        out.push(Reason::Employment);
    }
    let from = since(year, rules.relation_years);
    if e.relations
        .iter()
        .any(|r| r.participant == p.id && r.until >= from)
    {
        out.push(Reason::Relation);
    }
    if p.avoid.iter().any(|a| a.expert == e.id) {
        out.push(Reason::Avoid);
    }
    if e.declared.contains(&p.id) {
        out.push(Reason::Declared);
    }
    out
}

/// The standing of `e` towards `p`, `same_province` rule included.
pub fn standing(p: &DrawParticipant, e: &Expert, year: i64, rules: &DrawRules) -> Standing {
    let mut r = reasons(p, e, year, rules);
    if r.is_empty() && region::same_province(&e.org_region, &p.region) {
        match rules.same_province {
            SameProvince::Exclude => r.push(Reason::SameProvince),
            SameProvince::Flag => return Standing::Flagged,
            SameProvince::Ignore => {}
        }
    }
    if r.is_empty() {
        Standing::Eligible
    } else {
        Standing::Excluded(r)
    }
}
