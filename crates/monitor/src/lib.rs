//! Monitoring core of innocity (监测评价). Pure: no IO, no database, no clock.
//!
//! - [`expr`]: the small expression language of derived indicators
//!   (`rd_expenditure / gdp * 100`, `x / x[-1] - 1`), parsed once and evaluated over a lookup;
//! - [`rollup`]: county → city roll-up by aggregation type (ratios recomputed from parts);
//! - [`rules`]: validation rules in DHIS2's manner (left side, operator, right side,
//!   importance, missing-value strategy) and robust outliers (median and MAD);
//! - [`targets`]: target tracking (baseline, progress, growth, forecast, status);
//! - [`workflow`]: the yearly data form assignment's states, actions and who may take them.

pub mod expr;
pub mod rollup;
pub mod rules;
pub mod targets;
pub mod workflow;

pub use expr::{Expr, ParseError};
pub use rollup::Aggregation;
pub use rules::{Importance, MissingStrategy, Op, Rule, RuleKind, Violation};
pub use targets::{track, Status, TargetSpec, Tracking};
