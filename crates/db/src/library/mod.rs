//! Indicator library (指标库).

use crate::entity::indicator;
use crate::{audit, check_text, Actor, Error, Page, PageReq, Result};
use innocity_domain::{Aggregation, Direction, IndicatorDef};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An indicator as the API shows and takes it.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorView {
    #[serde(default)]
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    pub unit: Option<String>,
    pub direction: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub source_dept: String,
    #[serde(default)]
    pub formula: String,
    pub aggregation: String,
    #[serde(default)]
    pub unverified: bool,
}

fn view(m: indicator::Model) -> IndicatorView {
    IndicatorView {
        id: m.id,
        code: m.code,
        name_zh: m.name_zh,
        name_en: m.name_en,
        synonyms: serde_json::from_str(&m.synonyms).unwrap_or_default(),
        unit: m.unit,
        direction: m.direction,
        definition: m.definition,
        source_dept: m.source_dept,
        formula: m.formula,
        aggregation: m.aggregation,
        unverified: m.unverified,
    }
}

impl From<&IndicatorDef> for IndicatorView {
    fn from(d: &IndicatorDef) -> Self {
        let enum_str = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        IndicatorView {
            id: 0,
            code: d.code.clone(),
            name_zh: d.name_zh.clone(),
            name_en: d.name_en.clone(),
            synonyms: d.synonyms.clone(),
            unit: d.unit.clone(),
            direction: enum_str(serde_json::to_value(d.direction).unwrap_or_default()),
            definition: d.definition.clone(),
            source_dept: d.source_dept.clone(),
            formula: d.formula.clone(),
            aggregation: enum_str(serde_json::to_value(d.aggregation).unwrap_or_default()),
            unverified: d.unverified,
        }
    }
}

fn check(input: &IndicatorView) -> Result<IndicatorView> {
    let mut errs = BTreeMap::new();
    let mut v = input.clone();
    v.code = check_text(&mut errs, "code", &input.code, 64);
    if !v.code.is_empty()
        && !v
            .code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        errs.insert(
            "code".into(),
            msg!(
                "invalid_chars",
                "代码只能包含小写字母、数字和下划线",
                "Only lower-case letters, digits and _ are allowed"
            ),
        );
    }
    v.name_zh = check_text(&mut errs, "name_zh", &input.name_zh, 100);
    v.name_en = check_text(&mut errs, "name_en", &input.name_en, 200);
    if serde_json::from_value::<Direction>(serde_json::Value::String(input.direction.clone()))
        .is_err()
    {
        errs.insert(
            "direction".into(),
            msg!(
                "invalid_choice",
                "方向须为 positive 或 negative",
                "Must be positive or negative"
            ),
        );
    }
    if serde_json::from_value::<Aggregation>(serde_json::Value::String(input.aggregation.clone()))
        .is_err()
    {
        errs.insert(
            "aggregation".into(),
            msg!(
                "invalid_choice",
                "汇总方式须为 sum、latest、average 或 none",
                "Must be sum, latest, average or none"
            ),
        );
    }
    if input
        .unit
        .as_deref()
        .is_some_and(|u| u.chars().count() > 32)
    {
        errs.insert(
            "unit".into(),
            msg!(
                "too_long",
                "单位不能超过 32 个字符",
                "At most 32 characters"
            ),
        );
    }
    for (f, s, max) in [
        ("definition", &input.definition, 2000),
        ("source_dept", &input.source_dept, 100),
        ("formula", &input.formula, 500),
    ] {
        if s.chars().count() > max {
            errs.insert(f.into(), crate::common::too_long(max));
        }
    }
    v.synonyms = input
        .synonyms
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if v.synonyms.len() > 100 || v.synonyms.iter().any(|s| s.chars().count() > 100) {
        errs.insert(
            "synonyms".into(),
            msg!(
                "too_long",
                "同义词最多 100 个,每个不超过 100 个字符",
                "At most 100 synonyms of at most 100 characters each"
            ),
        );
    }
    v.unit = input
        .unit
        .as_ref()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    Error::check(errs)?;
    Ok(v)
}

impl crate::Library<'_> {
    pub async fn indicators(&self, q: Option<&str>, p: PageReq) -> Result<Page<IndicatorView>> {
        let mut f = indicator::Entity::find();
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            f = f.filter(
                Condition::any()
                    .add(indicator::Column::Code.contains(q))
                    .add(indicator::Column::NameZh.contains(q))
                    .add(indicator::Column::NameEn.contains(q))
                    .add(indicator::Column::Synonyms.contains(q)),
            );
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(indicator::Column::Id)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        Ok(Page {
            items: rows.into_iter().map(view).collect(),
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    pub async fn indicator(&self, id: i64) -> Result<IndicatorView> {
        indicator::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .map(view)
            .ok_or_else(|| Error::not_found(crate::common::not_found("指标", "Indicator")))
    }

    pub async fn create_indicator(
        &self,
        actor: &Actor,
        input: &IndicatorView,
    ) -> Result<IndicatorView> {
        actor.require_admin()?;
        let v = check(input)?;
        let mut txn = self.begin_write(actor).await?;
        let m = insert(&txn, &v).await?;
        let out = view(m);
        txn.added("create", "indicator", out.id, &out);
        txn.commit().await?;
        Ok(out)
    }

    pub async fn update_indicator(
        &self,
        actor: &Actor,
        id: i64,
        input: &IndicatorView,
    ) -> Result<IndicatorView> {
        actor.require_admin()?;
        let m = indicator::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("指标", "Indicator")))?;
        let v = check(input)?;
        let mut txn = self.begin_write(actor).await?;
        let before = view(m.clone());
        let mut am = m.into_active_model();
        am.code = Set(v.code.clone());
        am.name_zh = Set(v.name_zh);
        am.name_en = Set(v.name_en);
        am.synonyms = Set(serde_json::to_string(&v.synonyms).unwrap_or_else(|_| "[]".into()));
        am.unit = Set(v.unit);
        am.direction = Set(v.direction);
        am.definition = Set(v.definition);
        am.source_dept = Set(v.source_dept);
        am.formula = Set(v.formula);
        am.aggregation = Set(v.aggregation);
        am.unverified = Set(v.unverified);
        let m = am.update(&txn).await.map_err(crate::taken(
            "code",
            ("指标代码", "Indicator code"),
            &v.code,
        ))?;
        let after = view(m);
        txn.changed("update", "indicator", id, &before, &after);
        txn.commit().await?;
        Ok(after)
    }

    /// Loads the built-in library (codes already present are left as they are).
    pub async fn seed_indicators(&self, actor: &Actor) -> Result<usize> {
        let mut txn = self.begin_write(actor).await?;
        let mut n = 0;
        for d in innocity_domain::builtin_indicators() {
            if indicator::Entity::find()
                .filter(indicator::Column::Code.eq(&d.code))
                .one(&txn)
                .await?
                .is_some()
            {
                continue;
            }
            let m = insert(&txn, &IndicatorView::from(d)).await?;
            txn.audit(
                "create",
                "indicator",
                m.id,
                None,
                audit::snap(&view(m.clone())),
            );
            n += 1;
        }
        if n == 0 {
            // All present: nothing was written, and dropping the write rolls it back.
            return Ok(0);
        }
        txn.commit().await?;
        Ok(n)
    }
}

async fn insert<C: ConnectionTrait>(c: &C, v: &IndicatorView) -> Result<indicator::Model> {
    indicator::ActiveModel {
        code: Set(v.code.clone()),
        name_zh: Set(v.name_zh.clone()),
        name_en: Set(v.name_en.clone()),
        synonyms: Set(serde_json::to_string(&v.synonyms).unwrap_or_else(|_| "[]".into())),
        unit: Set(v.unit.clone()),
        direction: Set(v.direction.clone()),
        definition: Set(v.definition.clone()),
        source_dept: Set(v.source_dept.clone()),
        formula: Set(v.formula.clone()),
        aggregation: Set(v.aggregation.clone()),
        unverified: Set(v.unverified),
        ..Default::default()
    }
    .insert(c)
    .await
    .map_err(crate::taken(
        "code",
        ("指标代码", "Indicator code"),
        &v.code,
    ))
}
