//! Entering values (填报): checking values against the rules and saving them.

use super::*;
use crate::Msg;

impl crate::Monitoring<'_> {
    /// Values of a region visible to the caller, keyed by (item, year).
    pub(crate) async fn region_values(
        &self,
        actor: &Actor,
        region: &str,
        approved_only: bool,
    ) -> Result<Values> {
        let own: HashSet<i64> = form_assignment::Entity::find()
            .filter(form_assignment::Column::OrgId.eq(actor.org_id))
            .filter(form_assignment::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        Ok(observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|o| {
                visible_status(&o.status, approved_only)
                    || (!approved_only && o.assignment_id.is_some_and(|a| own.contains(&a)))
            })
            .filter_map(|o| o.value.map(|v| ((o.item_code, o.year), v)))
            .collect())
    }

    /// Values of the other regions with the same parent (peers), for outlier checks.
    pub(crate) async fn peer_values(
        &self,
        region: &str,
        items: &[String],
        year: i32,
    ) -> Result<HashMap<String, Vec<f64>>> {
        let Some(r) = region::Entity::find_by_id(region.to_string())
            .one(&self.conn)
            .await?
        else {
            return Ok(HashMap::new());
        };
        let Some(parent) = r.parent_code else {
            return Ok(HashMap::new());
        };
        let siblings: Vec<String> = region::Entity::find()
            .filter(region::Column::ParentCode.eq(parent))
            .filter(region::Column::Level.eq(r.level))
            .filter(region::Column::Code.ne(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        let mut out: HashMap<String, Vec<f64>> = HashMap::new();
        for o in observation::Entity::find()
            .filter(observation::Column::RegionCode.is_in(siblings))
            .filter(observation::Column::ItemCode.is_in(items.to_vec()))
            .filter(observation::Column::Year.eq(year))
            .all(&self.conn)
            .await?
        {
            if let (true, Some(v)) = (visible_status(&o.status, false), o.value) {
                out.entry(o.item_code).or_default().push(v);
            }
        }
        Ok(out)
    }

    /// Checks values of one region and year against the enabled validation rules that apply
    /// to the region (see [`crate::validation`]).
    pub(super) async fn violations(
        &self,
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &Values,
    ) -> Result<Vec<Violation>> {
        self.validation()
            .rule_violations(items, codes, region, year, values)
            .await
    }

    pub(super) fn check_value_input(
        items: &HashMap<String, data_item::Model>,
        codes: &HashSet<String>,
        values: &[ValueIn],
    ) -> BTreeMap<String, Msg> {
        let mut errs = BTreeMap::new();
        if values.len() > 1000 {
            errs.insert(
                "values".into(),
                msg!("too_many", "条目过多", "Too many entries"),
            );
        }
        for v in values {
            let f = |n: &str| format!("values.{}.{n}", v.item);
            if !codes.contains(&v.item) || !items.contains_key(&v.item) {
                errs.insert(
                    format!("values.{}", v.item),
                    msg!(
                        "invalid_choice",
                        "不是本报表的数据项",
                        "Not a data item of this form"
                    ),
                );
                continue;
            }
            if v.value.is_some_and(|x| !x.is_finite()) {
                errs.insert(f("value"), crate::common::invalid_number());
            }
            check_note(&mut errs, f("comment"), &v.comment);
            check_note(&mut errs, f("missing_reason"), &v.missing_reason);
        }
        errs
    }

    /// Checks typed values without saving (violations shown while typing).
    pub async fn check_values(
        &self,
        actor: &Actor,
        id: i64,
        values: &[ValueIn],
    ) -> Result<Vec<Violation>> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        wf::may(standing(actor, &a), Action::Save).map_err(|d| refused(d.into()))?;
        let items = self.item_map().await?;
        let codes: Vec<String> = json_codes(&a.items);
        let set: HashSet<String> = codes.iter().cloned().collect();
        let errs = Self::check_value_input(&items, &set, values);
        Error::check(errs)?;
        let mut vals = self.region_values(actor, &a.region_code, false).await?;
        for v in values {
            match v.value {
                Some(x) => vals.insert((v.item.clone(), f.year), x),
                None => vals.remove(&(v.item.clone(), f.year)),
            };
        }
        self.violations(&items, &codes, &a.region_code, f.year, &vals)
            .await
    }

    /// Saves values of an assignment as drafts (the reporting organisation; not when locked).
    pub async fn save_values(
        &self,
        actor: &Actor,
        id: i64,
        values: &[ValueIn],
    ) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        decide(actor, &a, Action::Save)?;
        let items = self.item_map().await?;
        let set: HashSet<String> = json_codes(&a.items).into_iter().collect();
        let errs = Self::check_value_input(&items, &set, values);
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let mut before = Vec::new();
        let mut after = Vec::new();
        for v in values {
            let (b, n) = upsert(
                &txn,
                actor,
                &a.region_code,
                &DataRow {
                    region_code: a.region_code.clone(),
                    item_code: v.item.clone(),
                    year: f.year,
                    value: v.value,
                    comment: clean(&v.comment),
                    missing_reason: clean(&v.missing_reason),
                },
                a.status.as_str(),
                Some(a.id),
                None,
            )
            .await?;
            if let Some(n) = n {
                before.push(b);
                after.push(n);
            }
        }
        // Nothing changed means nothing was written: dropping the write rolls it back.
        if !after.is_empty() {
            txn.changed(
                "save_values",
                "form_assignment",
                a.id,
                &serde_json::json!(before),
                &serde_json::json!(after),
            );
            txn.commit().await?;
        }
        self.assignment(actor, id).await
    }
}
