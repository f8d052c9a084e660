//! The default rules (默认规则) seeded for the national region.

use super::*;

/// One default rule: (code, name, kind, left, op, right, importance, missing, basis).
pub(super) type DefaultRule = (
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
