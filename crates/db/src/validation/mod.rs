//! Validation rules (校验规则) stored in a table, in DHIS2's manner: a left side, an operator
//! and a right side (expressions of data items, `innocity_monitor::Expr`), an importance and a
//! missing-value strategy; plus robust outliers (median and MAD, against peers or the unit's
//! own history) whose threshold is the rule's right side.
//!
//! The defaults — a range per raw item (from its min/max), a year-on-year band (from its
//! `yoy_band`), the consistency pairs of [`crate::monitoring::CONSISTENCY`] and the two
//! outlier checks — are seeded when the table is created and whenever new data items appear,
//! so behaviour without edits is the one of the hard-coded rules they replace. A deleted
//! default is not seeded again.
//!
//! Scoping: a rule applies everywhere (`region_code` empty) or to a region and the regions
//! below it. Everyone logged in reads the rules that apply in their scope; admins write every
//! rule; coordinators write the rules of regions in their scope (not the global ones).
//! Every change is audited in its transaction.

use crate::entity::{data_item, region, validation_rule};
use crate::Msg;
use crate::{audit, Actor, Error, Result};
use innocity_domain::Role;
use innocity_monitor::rules::{self, Importance, MissingStrategy, Op, Outcome, Rule, RuleKind};
use innocity_monitor::{Expr, Violation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

mod check;
mod defaults;
mod manage;
pub use defaults::{default_rules, seed_default_rules};

/// Outlier bases.
pub const PEERS: &str = "peers";
pub const HISTORY: &str = "history";

/// Longest rule code and name.
const MAX_CODE: usize = 80;
const MAX_NAME: usize = 100;

/// A rule as written by the client. Every field has a default so that a missing field is
/// reported by name rather than as a malformed body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[derive(schemars::JsonSchema)]
pub struct RuleIn {
    pub code: String,
    pub name: String,
    /// range consistency year_on_year outlier
    pub kind: String,
    pub left: String,
    /// le lt ge gt eq ne (or the symbols <= < >= > == !=)
    pub op: String,
    pub right: String,
    /// high medium low
    pub importance: String,
    /// skip_if_any_missing skip_if_all_missing never_skip
    pub missing: String,
    /// Outliers: peers or history.
    pub outlier_basis: Option<String>,
    /// Empty: everywhere (admins only).
    pub region_code: Option<String>,
    pub enabled: Option<bool>,
}

/// A rule as shown.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RuleView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub left: String,
    pub op: String,
    pub op_symbol: &'static str,
    pub right: String,
    pub importance: String,
    pub missing: String,
    pub outlier_basis: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub enabled: bool,
    pub demo: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Whether the caller may change it.
    pub editable: bool,
}

/// Filters of the rule list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleFilter {
    pub kind: Option<String>,
    pub importance: Option<String>,
    pub enabled: Option<bool>,
    /// Part of the code, name or an expression.
    pub q: Option<String>,
    pub region_code: Option<String>,
}

/// What testing a rule against one region and year gives.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RuleTest {
    /// passed, skipped or violated.
    pub outcome: &'static str,
    #[schemars(with = "serde_json::Value")]
    pub violations: Vec<Violation>,
    /// The values the rule read (missing ones as null).
    pub values: Vec<TestValue>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TestValue {
    pub item: String,
    pub year: i32,
    pub value: Option<f64>,
}

fn tag<T: Serialize>(t: T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn untag<T: for<'de> Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn fmt_bound(v: f64) -> String {
    format!("{v}")
}

/// A stored rule made ready to check.
#[derive(Debug, Clone)]
pub enum Compiled {
    Plain(Rule),
    Outlier {
        code: String,
        importance: Importance,
        /// None: every item of the form.
        item: Option<String>,
        peers: bool,
        threshold: f64,
        region: Option<String>,
    },
}

struct Checked {
    kind: RuleKind,
    op: Op,
    importance: Importance,
    missing: MissingStrategy,
    outlier_basis: Option<String>,
    region_code: Option<String>,
}

/// Compiles a stored rule; None when it no longer parses (it is then ignored).
pub fn compile(m: &validation_rule::Model) -> Option<(Compiled, Option<String>)> {
    let kind: RuleKind = untag(&m.kind)?;
    let importance: Importance = untag(&m.importance)?;
    if kind == RuleKind::Outlier {
        let item = match m.left_expr.trim() {
            "" => None,
            s => match Expr::parse(s).ok()? {
                Expr::Var(c, 0) => Some(c),
                _ => return None,
            },
        };
        let threshold = match Expr::parse(&m.right_expr).ok()? {
            Expr::Num(v) if v > 0.0 => v,
            _ => return None,
        };
        return Some((
            Compiled::Outlier {
                code: m.code.clone(),
                importance,
                item,
                peers: m.outlier_basis.as_deref() != Some(HISTORY),
                threshold,
                region: m.region_code.clone(),
            },
            m.region_code.clone(),
        ));
    }
    let rule = Rule {
        code: m.code.clone(),
        name: m.name.clone(),
        kind,
        left: Expr::parse(&m.left_expr).ok()?,
        op: untag(&m.op)?,
        right: Expr::parse(&m.right_expr).ok()?,
        importance,
        missing: untag(&m.missing)?,
    };
    Some((Compiled::Plain(rule), m.region_code.clone()))
}

fn require_writer(actor: &Actor) -> Result<()> {
    if matches!(actor.role, Role::Admin | Role::Coordinator) {
        Ok(())
    } else {
        Err(Error::Forbidden(msg!(
            "forbidden",
            "只有管理员或协调员可以修改校验规则",
            "Only administrators or coordinators may change validation rules"
        )))
    }
}

fn may_write(actor: &Actor, region: Option<&str>) -> Result<()> {
    require_writer(actor)?;
    match region {
        None if actor.role != Role::Admin => Err(Error::Forbidden(
            msg!("forbidden", "全局校验规则只有系统管理员可以修改;协调员可为本地区添加规则", "Only administrators may change global validation rules; coordinators may add rules for their region"),
        )),
        Some(r) if !actor.scope.allows(r) => Err(Error::Forbidden(msg!("forbidden", "该地区不在您的范围内", "This region is outside your scope"))),
        _ => Ok(()),
    }
}

fn may_read(actor: &Actor, m: &validation_rule::Model) -> bool {
    m.region_code
        .as_deref()
        .is_none_or(|r| actor.scope.allows(r) || actor.scope.allows_ref(r))
}

/// Checks one expression side: syntax, and that every item exists and is a raw item.
fn check_expr(
    errs: &mut BTreeMap<String, Msg>,
    field: &str,
    src: &str,
    items: &HashMap<String, data_item::Model>,
) -> Option<Expr> {
    let e = match Expr::parse(src) {
        Ok(e) => e,
        Err(e) => {
            errs.insert(field.into(), e.to_msg());
            return None;
        }
    };
    for c in e.items() {
        match items.get(&c) {
            None => {
                errs.insert(
                    field.into(),
                    crate::common::not_found(&format!("数据项 {c} "), &format!("Data item {c}")),
                );
                return None;
            }
            Some(i) if !i.formula.is_empty() => {
                errs.insert(
                    field.into(),
                    msg!(
                        "computed_item",
                        "{c} 是计算指标,规则请引用其组成数据项",
                        "{c} is computed; a rule must use the items it is made of"
                    ),
                );
                return None;
            }
            _ => {}
        }
    }
    Some(e)
}

/// Validates a rule; answers the checked parts or the field errors.
fn validate(
    input: &RuleIn,
    items: &HashMap<String, data_item::Model>,
) -> std::result::Result<Checked, BTreeMap<String, Msg>> {
    let mut errs = BTreeMap::new();
    let code = crate::check_text(&mut errs, "code", &input.code, MAX_CODE);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        errs.insert(
            "code".into(),
            msg!(
                "invalid_chars",
                "只能包含字母、数字、下划线、点和连字符",
                "Only letters, digits, _ . and - are allowed"
            ),
        );
    }
    crate::check_text(&mut errs, "name", &input.name, MAX_NAME);
    let kind: Option<RuleKind> = untag(input.kind.trim());
    if kind.is_none() {
        errs.insert(
            "kind".into(),
            crate::common::one_of(&["range", "consistency", "year_on_year", "outlier"]),
        );
    }
    let importance: Option<Importance> = untag(input.importance.trim());
    if importance.is_none() {
        errs.insert(
            "importance".into(),
            crate::common::one_of(&["high", "medium", "low"]),
        );
    }
    let missing: Option<MissingStrategy> = untag(input.missing.trim());
    if missing.is_none() {
        errs.insert(
            "missing".into(),
            crate::common::one_of(&["skip_if_any_missing", "skip_if_all_missing", "never_skip"]),
        );
    }
    let mut op = Op::parse(input.op.trim());
    let mut basis = None;
    let (left, right) = if kind == Some(RuleKind::Outlier) {
        // Outliers: left is one item (or empty: every item), right the threshold.
        let left = match input.left.trim() {
            "" => Some(Expr::Num(0.0)),
            s => match check_expr(&mut errs, "left", s, items) {
                Some(e @ Expr::Var(_, 0)) => Some(e),
                Some(_) => {
                    errs.insert(
                        "left".into(),
                        msg!("invalid_formula", "异常值规则的左边须为一个数据项(留空表示全部数据项)", "The left side of an outlier rule must be one data item (empty for every item)"),
                    );
                    None
                }
                None => None,
            },
        };
        let right = match Expr::parse(input.right.trim()) {
            Ok(Expr::Num(v)) if v > 0.0 && v.is_finite() => Some(Expr::Num(v)),
            _ => {
                errs.insert(
                    "right".into(),
                    msg!("out_of_range", "异常值规则的右边须为正数阈值(稳健分数,常用 3.5)", "The right side of an outlier rule must be a positive threshold (a robust score, often 3.5)"),
                );
                None
            }
        };
        match input.outlier_basis.as_deref().map(str::trim) {
            Some(b @ (PEERS | HISTORY)) => basis = Some(b.to_string()),
            _ => {
                errs.insert(
                    "outlier_basis".into(),
                    crate::common::one_of(&["peers", "history"]),
                );
            }
        }
        op = Some(Op::Le);
        (left, right)
    } else {
        if op.is_none() {
            errs.insert(
                "op".into(),
                crate::common::one_of(&["le", "lt", "ge", "gt", "eq", "ne"]),
            );
        }
        (
            check_expr(&mut errs, "left", input.left.trim(), items),
            check_expr(&mut errs, "right", input.right.trim(), items),
        )
    };
    if let (Some(l), Some(r)) = (&left, &right) {
        if kind != Some(RuleKind::Outlier) && l.items().is_empty() && r.items().is_empty() {
            errs.insert(
                "left".into(),
                msg!(
                    "required",
                    "规则须至少引用一个数据项",
                    "A rule must use at least one data item"
                ),
            );
        }
    }
    let region_code = input
        .region_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    match (kind, left, op, right, importance, missing) {
        (Some(kind), Some(_), Some(op), Some(_), Some(importance), Some(missing))
            if errs.is_empty() =>
        {
            Ok(Checked {
                kind,
                op,
                importance,
                missing,
                outlier_basis: basis,
                region_code,
            })
        }
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, formula: &str) -> data_item::Model {
        data_item::Model {
            id: 0,
            code: code.into(),
            name_zh: code.into(),
            unit: None,
            aggregation: "sum".into(),
            formula: formula.into(),
            min_value: Some(0.0),
            max_value: None,
            yoy_band: Some(0.5),
            source_dept: String::new(),
        }
    }

    fn input(kind: &str, left: &str, op: &str, right: &str) -> RuleIn {
        RuleIn {
            code: "r1".into(),
            name: "规则".into(),
            kind: kind.into(),
            left: left.into(),
            op: op.into(),
            right: right.into(),
            importance: "high".into(),
            missing: "skip_if_any_missing".into(),
            ..Default::default()
        }
    }

    #[test]
    fn validation_names_the_fields() {
        let items: HashMap<String, data_item::Model> =
            [item("gdp", ""), item("rd", ""), item("ratio", "rd / gdp")]
                .into_iter()
                .map(|i| (i.code.clone(), i))
                .collect();
        assert!(validate(&input("consistency", "rd", "le", "gdp"), &items).is_ok());
        let e = validate(&input("consistency", "rd +", "le", "nope"), &items)
            .err()
            .unwrap();
        assert!(e["left"].zh.contains("公式"), "{e:?}");
        assert!(e["right"].zh.contains("nope"), "{e:?}");
        let e = validate(&input("bogus", "ratio", "~", "1"), &items)
            .err()
            .unwrap();
        assert!(e.contains_key("kind") && e.contains_key("op"), "{e:?}");
        assert!(e["left"].zh.contains("计算指标"), "{e:?}");
        let e = validate(&input("range", "1", "le", "2"), &items)
            .err()
            .unwrap();
        assert!(e.contains_key("left"), "a rule without items: {e:?}");
        // Outliers: one item or none, a positive threshold, a basis.
        let mut o = input("outlier", "", "", "3.5");
        o.outlier_basis = Some("peers".into());
        assert!(validate(&o, &items).is_ok());
        o.left = "gdp + rd".into();
        o.right = "-1".into();
        o.outlier_basis = None;
        let e = validate(&o, &items).err().unwrap();
        assert!(
            e.contains_key("left") && e.contains_key("right") && e.contains_key("outlier_basis"),
            "{e:?}"
        );
    }

    #[test]
    fn defaults_match_the_hard_coded_rules() {
        let all = [
            item("gdp", ""),
            item("rd_expenditure", ""),
            item("x", "gdp * 2"),
        ];
        let d = default_rules(&all, &all, true);
        let codes: Vec<&str> = d.iter().map(|r| r.0.as_str()).collect();
        for c in [
            "range.gdp.min",
            "yoy.gdp.up",
            "yoy.gdp.down",
            "consistency.rd_expenditure.gdp",
            "outlier.peers",
            "outlier.history",
        ] {
            assert!(codes.contains(&c), "{c} in {codes:?}");
        }
        assert!(
            !codes.iter().any(|c| c.contains(".x.")),
            "derived items get no defaults"
        );
        assert!(!codes.contains(&"range.gdp.max"), "no max bound");
        // Every default parses and compiles.
        for (code, name, kind, left, op, right, imp, miss, basis) in d {
            let m = validation_rule::Model {
                id: 0,
                code,
                name,
                kind: tag(kind),
                left_expr: left,
                op: tag(op),
                right_expr: right,
                importance: tag(imp),
                missing: tag(miss),
                outlier_basis: basis.map(str::to_string),
                region_code: None,
                enabled: true,
                demo: false,
                created_at: crate::now(),
                updated_at: crate::now(),
            };
            assert!(compile(&m).is_some(), "{m:?}");
        }
        // Only pairs with a new item are seeded again.
        let later = default_rules(&all[..1], &all, false);
        assert!(later
            .iter()
            .any(|r| r.0 == "consistency.rd_expenditure.gdp"));
        let none = default_rules(&[], &all, false);
        assert!(none.is_empty());
    }
}
