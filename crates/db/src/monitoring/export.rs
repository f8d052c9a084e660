//! Export of values (数据导出).

use super::*;

impl crate::Monitoring<'_> {
    /// Values of a region and year by codes, with names (drafts only for their reporters).
    pub async fn export_values(
        &self,
        actor: &Actor,
        region: &str,
        year: Option<i32>,
    ) -> Result<Vec<ExportRow>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found(crate::common::not_in_scope(
                "地区", "Region",
            )));
        }
        let names = self.names().await?;
        if !names.regions.contains_key(region) {
            return Err(Error::not_found(crate::common::not_in_scope(
                "地区", "Region",
            )));
        }
        let items = self.item_map().await?;
        let own: HashSet<i64> = form_assignment::Entity::find()
            .filter(form_assignment::Column::OrgId.eq(actor.org_id))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        let mut q = observation::Entity::find().filter(observation::Column::RegionCode.eq(region));
        if let Some(y) = year {
            q = q.filter(observation::Column::Year.eq(y));
        }
        let mut rows: Vec<ExportRow> = q
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|o| {
                visible_status(&o.status, false)
                    || actor.role == Role::Admin
                    || o.assignment_id.is_some_and(|a| own.contains(&a))
            })
            .map(|o| ExportRow {
                region_code: o.region_code.clone(),
                region_name: names
                    .regions
                    .get(&o.region_code)
                    .cloned()
                    .unwrap_or_default(),
                item_name: items
                    .get(&o.item_code)
                    .map(|i| i.name_zh.clone())
                    .unwrap_or_default(),
                unit: items.get(&o.item_code).and_then(|i| i.unit.clone()),
                item_code: o.item_code,
                year: o.year,
                value: o.value,
                comment: o.comment,
                missing_reason: o.missing_reason,
                status: o.status,
            })
            .collect();
        rows.sort_by(|a, b| (a.year, &a.item_code).cmp(&(b.year, &b.item_code)));
        Ok(rows)
    }
}
