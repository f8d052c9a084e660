//! innocity-acceptance: acceptance (验收) as pure functions — who may review whom (recusal,
//! 回避, and seeded expert-panel draws) and how scores become an outcome. The contract is
//! `shared/contracts/acceptance.md`; the CLI (`innocity acceptance draw|score`) and the
//! application call the same functions. No IO, no clock, no global state: the same input (and
//! seed) gives byte-identical output on every platform.
//!
//! ```
//! let input = innocity_acceptance::parse_draw(r#"{"year": 2025, "panel_size": 1,
//!   "participants": [{"id": "p1", "region": "371400"}],
//!   "experts": [{"id": "e1", "org": "u", "org_region": "110000"}]}"#).unwrap();
//! let out = innocity_acceptance::draw(&input, 0);
//! assert_eq!(out.panels[0].experts, ["e1"]);
//! ```
//!
//! # Recusal (回避)
//!
//! A region R is *inside* a participant's region P (GB/T 2260 codes) when R = P, or P is a
//! province (`xx0000`) and R starts with its two digits, or P is a city (`xxxx00`) and R starts
//! with its four. An expert (专家) is excluded from a participant, listing every reason that
//! applies in this order: `own_region` (the expert's organisation lies inside the region),
//! `named_org` (the expert's organisation is one of the participant's `orgs`), `employment` (a
//! past job at one of the `orgs` or inside the region that ended in `year − employment_years` or
//! later), `relation` (a relation with the participant that ended in `year − relation_years` or
//! later), `avoid` (the participant asked to avoid the expert), `declared` (the expert declared
//! a conflict). When none applies and the expert is from the participant's province,
//! `same_province` decides: `"exclude"` adds the reason `same_province`, `"flag"` keeps the
//! expert and lists the pair under `flags`, `"ignore"` does neither.
//!
//! # Panels
//!
//! Participants are served in input order. Each takes `panel_size` eligible experts below
//! `max_panels_per_expert`, the least loaded first, so no expert left out has fewer panels at
//! that moment than one taken. Ties are broken by chance, determined by the seed alone: one
//! SplitMix64 stream ([`rng`]) starts at the seed; for each participant the candidates (in
//! expert input order) are shuffled with it, then stably sorted by load, and the first
//! `panel_size` taken, in that order. A participant that cannot be filled takes every
//! candidate and is listed under `unfilled` with the shortfall (not an error).
//!
//! # Scores
//!
//! Attainment of a target is a number in [0, 1]: `ge`, `gt`, `eq`, `approx` give
//! `min(actual / target, 1)` (for `target` ≤ 0: 1 if `actual` ≥ `target`, else 0); `le`, `lt`
//! give 1 when `actual` ≤ `target`, else `target / actual` (0 when `target` ≤ 0); `range`
//! gives 1 inside [`target`, `target_max`], below it as `ge`, above it as `le` towards
//! `target_max`; with `"delta": true` any comparator gives
//! `min(max(actual − baseline, 0) / target, 1)` (1 when `target` ≤ 0). A missing `actual`
//! gives 0 and is listed under `missing`. Quantitative score =
//! `quantitative_points × Σ(weight × attainment) / Σ weight` (0 without targets or weight).
//!
//! An expert's sheet is the sum of its item scores; it is *invalid* (listed, not used) when an
//! item is missing, an item is not in the rubric, or a score lies outside [0, max]. With n
//! valid sheets the qualitative score is their mean; when n ≥ `trim_from` (and n ≥ 3) one
//! highest and one lowest total are dropped first — the first of equal highest totals, then
//! the first of equal lowest among the rest (so with all equal, the first two sheets). Totals
//! within 1e-9 are equal.
//!
//! Total = quantitative + qualitative, rounded half away from zero to `round` decimals only at
//! the end ([`score::round_half_away`]). Outcome, in order of precedence: a `veto` →
//! `disqualify` (取消建设资格) at any stage; fewer than `min_experts` valid sheets →
//! `incomplete` (its scores are still computed from the sheets there are); rounded total ≥
//! `pass` → `pass`; else `rectify` (责令整改) at the first acceptance and `disqualify` at the
//! re-inspection (复核). Rank: competition ranking (1, 1, 3) by the unrounded total, highest
//! first, over participants with enough valid sheets; the others have rank `null`.
//!
//! Input validation (what [`parse_draw`] and [`parse_score`] accept) is described in [`input`].

pub mod draw;
pub mod input;
pub mod recusal;
pub mod region;
pub mod rng;
pub mod score;

pub use draw::{draw, DrawOutput, Exclusion, Flag, Loads, Panel, Unfilled};
pub use input::{
    parse_draw, parse_score, Avoid, Comparator, DrawInput, DrawParticipant, DrawRules, Employment,
    Expert, Relation, Rubric, RubricItem, SameProvince, ScoreInput, ScoreParticipant, ScoreRules,
    Sheet, Stage, Target,
};
pub use recusal::Reason;
pub use score::{score, Attainment, Outcome, ScoreOutput, ScoreResult};
