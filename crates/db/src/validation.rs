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
use crate::{audit, Actor, Db, Error, Result};
use innocity_domain::Role;
use innocity_monitor::rules::{self, Importance, MissingStrategy, Op, Outcome, Rule, RuleKind};
use innocity_monitor::{Expr, Violation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct RuleTest {
    /// passed, skipped or violated.
    pub outcome: &'static str,
    pub violations: Vec<Violation>,
    /// The values the rule read (missing ones as null).
    pub values: Vec<TestValue>,
}

#[derive(Debug, Clone, Serialize)]
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

/// One default rule: (code, name, kind, left, op, right, importance, missing, basis).
type DefaultRule = (
    String,
    String,
    RuleKind,
    String,
    Op,
    String,
    Importance,
    MissingStrategy,
    Option<&'static str>,
);

/// The default rules of newly added items (`new`), given every item (`all`): ranges and
/// year-on-year bands of raw items, and consistency pairs with at least one new item. With
/// `globals`, the two outlier checks over every item as well.
pub fn default_rules(
    new: &[data_item::Model],
    all: &[data_item::Model],
    globals: bool,
) -> Vec<DefaultRule> {
    let any = MissingStrategy::SkipIfAnyMissing;
    let mut out: Vec<DefaultRule> = Vec::new();
    for i in new.iter().filter(|i| i.formula.is_empty()) {
        let c = &i.code;
        if let Some(min) = i.min_value.filter(|v| v.is_finite()) {
            out.push((
                format!("range.{c}.min"),
                format!("{}取值范围", i.name_zh),
                RuleKind::Range,
                c.clone(),
                Op::Ge,
                fmt_bound(min),
                Importance::High,
                any,
                None,
            ));
        }
        if let Some(max) = i.max_value.filter(|v| v.is_finite()) {
            out.push((
                format!("range.{c}.max"),
                format!("{}取值范围", i.name_zh),
                RuleKind::Range,
                c.clone(),
                Op::Le,
                fmt_bound(max),
                Importance::High,
                any,
                None,
            ));
        }
        if let Some(b) = i.yoy_band.filter(|v| v.is_finite()) {
            for (suffix, op, bound) in [("up", Op::Le, b), ("down", Op::Ge, -b)] {
                out.push((
                    format!("yoy.{c}.{suffix}"),
                    format!("{}同比变化", i.name_zh),
                    RuleKind::YearOnYear,
                    format!("{c} / {c}[-1] - 1"),
                    op,
                    fmt_bound(bound),
                    Importance::Medium,
                    any,
                    None,
                ));
            }
        }
    }
    let all_codes: HashSet<&str> = all.iter().map(|i| i.code.as_str()).collect();
    let new_codes: HashSet<&str> = new.iter().map(|i| i.code.as_str()).collect();
    for (part, total, name) in crate::monitoring::CONSISTENCY {
        if all_codes.contains(part)
            && all_codes.contains(total)
            && (new_codes.contains(part) || new_codes.contains(total))
        {
            out.push((
                format!("consistency.{part}.{total}"),
                (*name).to_string(),
                RuleKind::Consistency,
                (*part).to_string(),
                Op::Le,
                (*total).to_string(),
                Importance::High,
                any,
                None,
            ));
        }
    }
    if globals {
        for (code, name, basis) in [
            (
                "outlier.peers",
                "与同级单位相比异常(中位数与中位绝对偏差)",
                PEERS,
            ),
            (
                "outlier.history",
                "与历年变化相比异常(中位数与中位绝对偏差)",
                HISTORY,
            ),
        ] {
            out.push((
                code.into(),
                name.into(),
                RuleKind::Outlier,
                String::new(),
                Op::Le,
                fmt_bound(rules::MAD_THRESHOLD),
                Importance::Medium,
                any,
                Some(basis),
            ));
        }
    }
    out
}

/// Inserts the default rules whose code is not present yet (see [`default_rules`]).
pub async fn seed_default_rules<C: ConnectionTrait>(
    c: &C,
    new: &[data_item::Model],
    all: &[data_item::Model],
    globals: bool,
) -> Result<usize> {
    let have: HashSet<String> = validation_rule::Entity::find()
        .all(c)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let now = crate::now();
    let mut n = 0;
    for (code, name, kind, left, op, right, importance, missing, basis) in
        default_rules(new, all, globals)
    {
        if have.contains(&code) {
            continue;
        }
        validation_rule::ActiveModel {
            code: Set(code),
            name: Set(name),
            kind: Set(tag(kind)),
            left_expr: Set(left),
            op: Set(tag(op)),
            right_expr: Set(right),
            importance: Set(tag(importance)),
            missing: Set(tag(missing)),
            outlier_basis: Set(basis.map(str::to_string)),
            region_code: Set(None),
            enabled: Set(true),
            demo: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(c)
        .await?;
        n += 1;
    }
    Ok(n)
}

fn require_writer(actor: &Actor) -> Result<()> {
    if matches!(actor.role, Role::Admin | Role::Coordinator) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "只有管理员或协调员可以修改校验规则".into(),
        ))
    }
}

fn may_write(actor: &Actor, region: Option<&str>) -> Result<()> {
    require_writer(actor)?;
    match region {
        None if actor.role != Role::Admin => Err(Error::Forbidden(
            "全局校验规则只有系统管理员可以修改;协调员可为本地区添加规则".into(),
        )),
        Some(r) if !actor.scope.allows(r) => Err(Error::Forbidden("该地区不在您的范围内".into())),
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
    errs: &mut BTreeMap<String, String>,
    field: &str,
    src: &str,
    items: &HashMap<String, data_item::Model>,
) -> Option<Expr> {
    let e = match Expr::parse(src) {
        Ok(e) => e,
        Err(e) => {
            errs.insert(field.into(), e.to_string());
            return None;
        }
    };
    for c in e.items() {
        match items.get(&c) {
            None => {
                errs.insert(field.into(), format!("数据项 {c} 不存在"));
                return None;
            }
            Some(i) if !i.formula.is_empty() => {
                errs.insert(
                    field.into(),
                    format!("{c} 是计算指标,规则请引用其组成数据项"),
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
) -> std::result::Result<Checked, BTreeMap<String, String>> {
    let mut errs = BTreeMap::new();
    let code = crate::check_text(&mut errs, "code", &input.code, MAX_CODE);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        errs.insert(
            "code".into(),
            "只能包含字母、数字、下划线、点和连字符".into(),
        );
    }
    crate::check_text(&mut errs, "name", &input.name, MAX_NAME);
    let kind: Option<RuleKind> = untag(input.kind.trim());
    if kind.is_none() {
        errs.insert(
            "kind".into(),
            "须为 range、consistency、year_on_year 或 outlier".into(),
        );
    }
    let importance: Option<Importance> = untag(input.importance.trim());
    if importance.is_none() {
        errs.insert("importance".into(), "须为 high、medium 或 low".into());
    }
    let missing: Option<MissingStrategy> = untag(input.missing.trim());
    if missing.is_none() {
        errs.insert(
            "missing".into(),
            "须为 skip_if_any_missing、skip_if_all_missing 或 never_skip".into(),
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
                        "异常值规则的左边须为一个数据项(留空表示全部数据项)".into(),
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
                    "异常值规则的右边须为正数阈值(稳健分数,常用 3.5)".into(),
                );
                None
            }
        };
        match input.outlier_basis.as_deref().map(str::trim) {
            Some(b @ (PEERS | HISTORY)) => basis = Some(b.to_string()),
            _ => {
                errs.insert("outlier_basis".into(), "须为 peers 或 history".into());
            }
        }
        op = Some(Op::Le);
        (left, right)
    } else {
        if op.is_none() {
            errs.insert("op".into(), "须为 le、lt、ge、gt、eq 或 ne".into());
        }
        (
            check_expr(&mut errs, "left", input.left.trim(), items),
            check_expr(&mut errs, "right", input.right.trim(), items),
        )
    };
    if let (Some(l), Some(r)) = (&left, &right) {
        if kind != Some(RuleKind::Outlier) && l.items().is_empty() && r.items().is_empty() {
            errs.insert("left".into(), "规则须至少引用一个数据项".into());
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

impl Db {
    async fn data_item_map(&self) -> Result<HashMap<String, data_item::Model>> {
        Ok(data_item::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect())
    }

    fn rule_view(
        actor: &Actor,
        m: validation_rule::Model,
        regions: &HashMap<String, String>,
    ) -> RuleView {
        let op_symbol = untag::<Op>(&m.op).map_or("", Op::symbol);
        let editable = may_write(actor, m.region_code.as_deref()).is_ok();
        RuleView {
            id: m.id,
            region_name: m.region_code.as_ref().and_then(|r| regions.get(r).cloned()),
            code: m.code,
            name: m.name,
            kind: m.kind,
            left: m.left_expr,
            op: m.op,
            op_symbol,
            right: m.right_expr,
            importance: m.importance,
            missing: m.missing,
            outlier_basis: m.outlier_basis,
            region_code: m.region_code,
            enabled: m.enabled,
            demo: m.demo,
            created_at: m.created_at,
            updated_at: m.updated_at,
            editable,
        }
    }

    async fn region_names(&self) -> Result<HashMap<String, String>> {
        Ok(region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect())
    }

    /// Rules that apply in the caller's scope (global ones and those of regions in or above
    /// it), filtered.
    pub async fn validation_rules(&self, actor: &Actor, f: &RuleFilter) -> Result<Vec<RuleView>> {
        let regions = self.region_names().await?;
        let q =
            f.q.as_deref()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty());
        Ok(validation_rule::Entity::find()
            .order_by_asc(validation_rule::Column::Code)
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|m| may_read(actor, m))
            .filter(|m| {
                f.kind
                    .as_deref()
                    .is_none_or(|k| k.is_empty() || m.kind == k)
            })
            .filter(|m| {
                f.importance
                    .as_deref()
                    .is_none_or(|k| k.is_empty() || m.importance == k)
            })
            .filter(|m| f.enabled.is_none_or(|e| m.enabled == e))
            .filter(|m| {
                f.region_code
                    .as_deref()
                    .is_none_or(|r| r.is_empty() || m.region_code.as_deref() == Some(r))
            })
            .filter(|m| {
                q.as_deref().is_none_or(|q| {
                    [&m.code, &m.name, &m.left_expr, &m.right_expr]
                        .iter()
                        .any(|s| s.to_lowercase().contains(q))
                })
            })
            .map(|m| Self::rule_view(actor, m, &regions))
            .collect())
    }

    /// One rule the caller may see.
    pub async fn validation_rule(&self, actor: &Actor, id: i64) -> Result<RuleView> {
        let m = self.visible_rule(actor, id).await?;
        let regions = self.region_names().await?;
        Ok(Self::rule_view(actor, m, &regions))
    }

    async fn visible_rule(&self, actor: &Actor, id: i64) -> Result<validation_rule::Model> {
        validation_rule::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|m| may_read(actor, m))
            .ok_or_else(|| Error::not_found("校验规则不存在"))
    }

    /// Validates a rule for saving: field errors, region scope, unique code.
    async fn checked_rule(
        &self,
        actor: &Actor,
        input: &RuleIn,
        id: Option<i64>,
    ) -> Result<Checked> {
        let items = self.data_item_map().await?;
        let checked = validate(input, &items);
        let region = match &checked {
            Ok(c) => c.region_code.clone(),
            Err(_) => input.region_code.clone().filter(|s| !s.trim().is_empty()),
        };
        require_writer(actor)?;
        let mut errs = checked.as_ref().err().cloned().unwrap_or_default();
        let region_ok = match &region {
            None => actor.role == Role::Admin,
            Some(r) => {
                actor.scope.allows(r)
                    && region::Entity::find_by_id(r.clone())
                        .one(&self.conn)
                        .await?
                        .is_some()
            }
        };
        if !region_ok {
            errs.insert(
                "region_code".into(),
                if region.is_none() {
                    "请选择适用地区:全局规则只有系统管理员可以修改"
                } else {
                    "地区不存在或不在您的范围内"
                }
                .into(),
            );
        }
        if let Some(other) = validation_rule::Entity::find()
            .filter(validation_rule::Column::Code.eq(input.code.trim()))
            .one(&self.conn)
            .await?
        {
            if Some(other.id) != id {
                errs.insert("code".into(), "代码已被其他规则使用".into());
            }
        }
        match checked {
            Ok(c) if errs.is_empty() => Ok(c),
            _ => Err(Error::Invalid(errs)),
        }
    }

    /// Creates a rule (admins; coordinators for regions in their scope).
    pub async fn create_validation_rule(&self, actor: &Actor, input: &RuleIn) -> Result<RuleView> {
        require_writer(actor)?;
        let c = self.checked_rule(actor, input, None).await?;
        let now = crate::now();
        let txn = self.conn.begin().await?;
        let m = validation_rule::ActiveModel {
            code: Set(input.code.trim().to_string()),
            name: Set(input.name.trim().to_string()),
            kind: Set(tag(c.kind)),
            left_expr: Set(input.left.trim().to_string()),
            op: Set(tag(c.op)),
            right_expr: Set(input.right.trim().to_string()),
            importance: Set(tag(c.importance)),
            missing: Set(tag(c.missing)),
            outlier_basis: Set(c.outlier_basis),
            region_code: Set(c.region_code),
            enabled: Set(input.enabled.unwrap_or(true)),
            demo: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| crate::map_unique(e, "code", "代码已被其他规则使用"))?;
        audit::record(
            &txn,
            actor,
            "create",
            "validation_rule",
            m.id,
            None,
            audit::snap(&m),
        )
        .await?;
        txn.commit().await?;
        self.validation_rule(actor, m.id).await
    }

    /// Replaces a rule's fields (the caller must be allowed to write it before and after).
    pub async fn update_validation_rule(
        &self,
        actor: &Actor,
        id: i64,
        input: &RuleIn,
    ) -> Result<RuleView> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        let c = self.checked_rule(actor, input, Some(id)).await?;
        let txn = self.conn.begin().await?;
        let mut a = before.clone().into_active_model();
        a.code = Set(input.code.trim().to_string());
        a.name = Set(input.name.trim().to_string());
        a.kind = Set(tag(c.kind));
        a.left_expr = Set(input.left.trim().to_string());
        a.op = Set(tag(c.op));
        a.right_expr = Set(input.right.trim().to_string());
        a.importance = Set(tag(c.importance));
        a.missing = Set(tag(c.missing));
        a.outlier_basis = Set(c.outlier_basis);
        a.region_code = Set(c.region_code);
        if let Some(e) = input.enabled {
            a.enabled = Set(e);
        }
        a.updated_at = Set(crate::now());
        let after = a
            .update(&txn)
            .await
            .map_err(|e| crate::map_unique(e, "code", "代码已被其他规则使用"))?;
        audit::record(
            &txn,
            actor,
            "update",
            "validation_rule",
            id,
            audit::snap(&before),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        self.validation_rule(actor, id).await
    }

    /// Enables or disables a rule.
    pub async fn enable_validation_rule(
        &self,
        actor: &Actor,
        id: i64,
        enabled: bool,
    ) -> Result<RuleView> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        if before.enabled != enabled {
            let txn = self.conn.begin().await?;
            let mut a = before.clone().into_active_model();
            a.enabled = Set(enabled);
            a.updated_at = Set(crate::now());
            let after = a.update(&txn).await?;
            audit::record(
                &txn,
                actor,
                if enabled { "enable" } else { "disable" },
                "validation_rule",
                id,
                audit::snap(&before),
                audit::snap(&after),
            )
            .await?;
            txn.commit().await?;
        }
        self.validation_rule(actor, id).await
    }

    /// Deletes a rule (a deleted default is not seeded again).
    pub async fn delete_validation_rule(&self, actor: &Actor, id: i64) -> Result<()> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        let txn = self.conn.begin().await?;
        validation_rule::Entity::delete_by_id(id).exec(&txn).await?;
        audit::record(
            &txn,
            actor,
            "delete",
            "validation_rule",
            id,
            audit::snap(&before),
            None,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The region and the regions above it.
    async fn region_chain(&self, code: &str) -> Result<HashSet<String>> {
        let parents: HashMap<String, Option<String>> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.parent_code))
            .collect();
        let mut out = HashSet::new();
        let mut cur = Some(code.to_string());
        while let Some(c) = cur {
            if !out.insert(c.clone()) {
                break;
            }
            cur = parents.get(&c).cloned().flatten();
        }
        Ok(out)
    }

    /// Enabled rules that apply to a region.
    async fn rules_for_region(&self, region: &str) -> Result<Vec<Compiled>> {
        let chain = self.region_chain(region).await?;
        Ok(validation_rule::Entity::find()
            .filter(validation_rule::Column::Enabled.eq(true))
            .order_by_asc(validation_rule::Column::Id)
            .all(&self.conn)
            .await?
            .iter()
            .filter_map(compile)
            .filter(|(_, r)| r.as_ref().is_none_or(|r| chain.contains(r)))
            .map(|(c, _)| c)
            .collect())
    }

    /// Checks `rules` for the values of one region and year: plain rules reading at least
    /// one of `codes`, outliers of `codes`.
    async fn check_compiled(
        &self,
        rules: &[Compiled],
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &HashMap<(String, i32), f64>,
    ) -> Result<Vec<Violation>> {
        let lookup = |n: &str, y: i32| values.get(&(n.to_string(), y)).copied();
        let code_set: HashSet<&String> = codes.iter().collect();
        let mut out = Vec::new();
        let mut outliers = Vec::new();
        for r in rules {
            match r {
                Compiled::Plain(rule) => {
                    if rule.items().iter().any(|i| code_set.contains(i)) {
                        if let Outcome::Violated(v) = rule.check(year, &lookup) {
                            out.push(v);
                        }
                    }
                }
                o @ Compiled::Outlier { .. } => outliers.push(o),
            }
        }
        if outliers.is_empty() {
            return Ok(out);
        }
        let peers = if outliers
            .iter()
            .any(|o| matches!(o, Compiled::Outlier { peers: true, .. }))
        {
            self.peer_values(region, codes, year).await?
        } else {
            HashMap::new()
        };
        for o in outliers {
            let Compiled::Outlier {
                code,
                importance,
                item,
                peers: by_peers,
                threshold,
                ..
            } = o
            else {
                continue;
            };
            for c in codes
                .iter()
                .filter(|c| item.as_ref().is_none_or(|i| i == *c))
            {
                let Some(x) = lookup(c, year) else { continue };
                let name = items.get(c).map_or(c.as_str(), |i| i.name_zh.as_str());
                let v = if *by_peers {
                    peers
                        .get(c)
                        .and_then(|p| rules::peer_outlier_at(c, name, x, p, *threshold))
                } else {
                    let series: Vec<(i32, f64)> = values
                        .iter()
                        .filter(|((i, _), _)| i == c)
                        .map(|((_, y), v)| (*y, *v))
                        .collect();
                    rules::history_outlier_at(c, name, year, &series, *threshold)
                };
                if let Some(mut v) = v {
                    v.rule = if item.is_some() {
                        code.clone()
                    } else {
                        format!("{code}.{c}")
                    };
                    v.importance = *importance;
                    out.push(v);
                }
            }
        }
        Ok(out)
    }

    /// Violations of the enabled rules that apply to a region, for the values of one year
    /// (used while entering and on submission).
    pub(crate) async fn rule_violations(
        &self,
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &HashMap<(String, i32), f64>,
    ) -> Result<Vec<Violation>> {
        let rules = self.rules_for_region(region).await?;
        self.check_compiled(&rules, items, codes, region, year, values)
            .await
    }

    /// Tests a rule (saved or not) against the values of a region and year the caller may
    /// see, without saving anything.
    pub async fn test_validation_rule(
        &self,
        actor: &Actor,
        input: &RuleIn,
        region: &str,
        year: i32,
    ) -> Result<RuleTest> {
        if !matches!(actor.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Forbidden(
                "只有管理员或协调员可以试算校验规则".into(),
            ));
        }
        let items = self.data_item_map().await?;
        let mut errs = validate(input, &items).err().unwrap_or_default();
        // The code need not be unique nor set for a test.
        if input.code.trim().is_empty() {
            errs.remove("code");
        }
        if !actor.scope.allows(region)
            || region::Entity::find_by_id(region.to_string())
                .one(&self.conn)
                .await?
                .is_none()
        {
            errs.insert("region_code".into(), "地区不存在或不在您的范围内".into());
        }
        if !(2000..=2100).contains(&year) {
            errs.insert("year".into(), "年份须在 2000–2100 之间".into());
        }
        let mut probe = input.clone();
        if probe.code.trim().is_empty() {
            probe.code = "test".into();
        }
        let c = match validate(&probe, &items) {
            Ok(c) if errs.is_empty() => c,
            _ => return Err(Error::Invalid(errs)),
        };
        let values = self.region_values(actor, region, false).await?;
        let model = validation_rule::Model {
            id: 0,
            code: probe.code.trim().to_string(),
            name: probe.name.trim().to_string(),
            kind: tag(c.kind),
            left_expr: probe.left.trim().to_string(),
            op: tag(c.op),
            right_expr: probe.right.trim().to_string(),
            importance: tag(c.importance),
            missing: tag(c.missing),
            outlier_basis: c.outlier_basis.clone(),
            region_code: None,
            enabled: true,
            demo: false,
            created_at: crate::now(),
            updated_at: crate::now(),
        };
        let Some((compiled, _)) = compile(&model) else {
            return Err(Error::invalid("left", "规则无法解析"));
        };
        let (codes, read): (Vec<String>, Vec<(String, i32)>) = match &compiled {
            Compiled::Plain(r) => (
                r.items(),
                r.left.vars().into_iter().chain(r.right.vars()).collect(),
            ),
            Compiled::Outlier { item: Some(i), .. } => (vec![i.clone()], vec![(i.clone(), 0)]),
            Compiled::Outlier { item: None, .. } => {
                let mut cs: Vec<String> = values
                    .keys()
                    .filter(|(_, y)| *y == year)
                    .map(|(i, _)| i.clone())
                    .collect();
                cs.sort();
                let read = cs.iter().map(|i| (i.clone(), 0)).collect();
                (cs, read)
            }
        };
        let outcome = match &compiled {
            Compiled::Plain(r) => {
                match r.check(year, &|n, y| values.get(&(n.to_string(), y)).copied()) {
                    Outcome::Passed => "passed",
                    Outcome::Skipped => "skipped",
                    Outcome::Violated(_) => "violated",
                }
            }
            Compiled::Outlier { .. } => "",
        };
        let violations = self
            .check_compiled(
                std::slice::from_ref(&compiled),
                &items,
                &codes,
                region,
                year,
                &values,
            )
            .await?;
        let outcome = match outcome {
            "" if violations.is_empty() => "passed",
            "" => "violated",
            o => o,
        };
        let mut seen = HashSet::new();
        let values = read
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .map(|(item, off)| TestValue {
                value: values.get(&(item.clone(), year + off)).copied(),
                item,
                year: year + off,
            })
            .collect();
        Ok(RuleTest {
            outcome,
            violations,
            values,
        })
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
        assert!(e["left"].contains("公式"), "{e:?}");
        assert!(e["right"].contains("nope"), "{e:?}");
        let e = validate(&input("bogus", "ratio", "~", "1"), &items)
            .err()
            .unwrap();
        assert!(e.contains_key("kind") && e.contains_key("op"), "{e:?}");
        assert!(e["left"].contains("计算指标"), "{e:?}");
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
