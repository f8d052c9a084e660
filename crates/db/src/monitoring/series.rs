//! Reading values over time: an observation's history and a region's series (时间序列).

use super::*;

/// Submitted, approved and accepted values are visible to analyses; `approved_only` keeps
/// approved and accepted ones.
pub(super) fn visible_status(s: &str, approved_only: bool) -> bool {
    if approved_only {
        matches!(s, APPROVED | ACCEPTED)
    } else {
        matches!(s, SUBMITTED | APPROVED | ACCEPTED)
    }
}

pub(super) fn summarise(rows: &[AssignmentView]) -> Completeness {
    let mut c = Completeness {
        assignments: rows.len(),
        ..Default::default()
    };
    for a in rows {
        if matches!(a.status.as_str(), SUBMITTED | APPROVED | ACCEPTED) {
            c.submitted += 1;
        }
        if matches!(a.status.as_str(), APPROVED | ACCEPTED) {
            c.approved += 1;
        }
        c.overdue += usize::from(a.overdue);
        match a.on_time {
            Some(true) => c.on_time += 1,
            Some(false) => c.late += 1,
            None => {}
        }
    }
    c
}

/// The yearly series of an item for a region: its own values; for derived indicators the
/// formula over the region's items (each item rolled up from the children when the region
/// has no value of its own); for raw items without own values the roll-up of the children.
pub(super) fn series_of(
    items: &HashMap<String, data_item::Model>,
    data: &RegionData,
    code: &str,
) -> Vec<(i32, f64)> {
    let raw = |c: &str| -> BTreeMap<i32, f64> {
        let mut m: BTreeMap<i32, f64> = data
            .own
            .iter()
            .filter(|((i, _), _)| i == c)
            .map(|((_, y), v)| (*y, *v))
            .collect();
        if m.is_empty() {
            let agg = items
                .get(c)
                .and_then(|i| Aggregation::parse(&i.aggregation))
                .unwrap_or(Aggregation::None);
            let kids: Vec<Vec<(i32, f64)>> = data
                .children
                .iter()
                .map(|v| {
                    v.iter()
                        .filter(|((i, _), _)| i == c)
                        .map(|((_, y), v)| (*y, *v))
                        .collect()
                })
                .collect();
            let years: BTreeSet<i32> = kids.iter().flatten().map(|(y, _)| *y).collect();
            for y in years {
                let r = innocity_monitor::rollup::roll_up(agg, y, &kids);
                if let (true, Some(v)) = (r.complete(), r.value) {
                    m.insert(y, v);
                }
            }
        }
        m
    };
    let Some(item) = items.get(code) else {
        return raw(code).into_iter().collect();
    };
    if item.formula.is_empty() {
        return raw(code).into_iter().collect();
    }
    let own = raw(code);
    if !own.is_empty() {
        return own.into_iter().collect();
    }
    let Ok(expr) = Expr::parse(&item.formula) else {
        return vec![];
    };
    let parts: HashMap<String, BTreeMap<i32, f64>> = expr
        .items()
        .into_iter()
        .map(|c| (c.clone(), raw(&c)))
        .collect();
    let years: BTreeSet<i32> = parts.values().flat_map(|m| m.keys().copied()).collect();
    years
        .into_iter()
        .filter_map(|y| {
            expr.eval(y, &|n, yy| parts.get(n).and_then(|m| m.get(&yy)).copied())
                .map(|v| (y, v))
        })
        .collect()
}

impl crate::Monitoring<'_> {
    /// The full history of one value (who, when, old, new).
    pub async fn observation_history(
        &self,
        actor: &Actor,
        region: &str,
        item: &str,
        year: i32,
    ) -> Result<Vec<HistoryView>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found(crate::common::not_found("数据", "Data")));
        }
        let Some(o) = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(region))
            .filter(observation::Column::ItemCode.eq(item))
            .filter(observation::Column::Year.eq(year))
            .one(&self.conn)
            .await?
        else {
            return Err(Error::not_found(crate::common::not_found("数据", "Data")));
        };
        if !self.may_read_observation(actor, &o).await? {
            return Err(Error::not_found(crate::common::not_found("数据", "Data")));
        }
        Ok(observation_history::Entity::find()
            .filter(observation_history::Column::ObservationId.eq(o.id))
            .order_by_asc(observation_history::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|h| HistoryView {
                at: h.at,
                username: h.username,
                old_value: h.old_value,
                new_value: h.new_value,
                old_status: h.old_status,
                new_status: h.new_status,
                note: h.note,
            })
            .collect())
    }

    pub(super) async fn may_read_observation(
        &self,
        actor: &Actor,
        o: &observation::Model,
    ) -> Result<bool> {
        if !actor.scope.allows(&o.region_code) {
            return Ok(false);
        }
        if visible_status(&o.status, false) || actor.role == Role::Admin {
            return Ok(true);
        }
        let Some(aid) = o.assignment_id else {
            return Ok(false);
        };
        // The reporting organisation always; coordinators once the data has been submitted.
        Ok(form_assignment::Entity::find_by_id(aid)
            .one(&self.conn)
            .await?
            .is_some_and(|a| {
                a.org_id == actor.org_id || (is_manager(actor.role) && a.submitted_at.is_some())
            }))
    }

    /// A yearly series of an item (raw, derived by formula, or rolled up from the region's
    /// children when it has no value of its own).
    pub async fn series(
        &self,
        actor: &Actor,
        region: &str,
        item: &str,
        approved_only: bool,
    ) -> Result<Vec<PrevValue>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found(crate::common::not_found("地区", "Region")));
        }
        let items = self.item_map().await?;
        let data = self.region_data(region, approved_only).await?;
        Ok(series_of(&items, &data, item)
            .into_iter()
            .map(|(year, v)| PrevValue {
                year,
                value: Some(v),
            })
            .collect())
    }

    /// Loads a region's and its children's visible values.
    pub(super) async fn region_data(
        &self,
        region: &str,
        approved_only: bool,
    ) -> Result<RegionData> {
        let children: Vec<String> = region::Entity::find()
            .filter(region::Column::ParentCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| r.level != "zone")
            .map(|r| r.code)
            .collect();
        let mut codes = children.clone();
        codes.push(region.to_string());
        let mut own = Values::new();
        let mut kids: HashMap<String, Values> = HashMap::new();
        for o in observation::Entity::find()
            .filter(observation::Column::RegionCode.is_in(codes))
            .all(&self.conn)
            .await?
        {
            let (true, Some(v)) = (visible_status(&o.status, approved_only), o.value) else {
                continue;
            };
            if o.region_code == region {
                own.insert((o.item_code, o.year), v);
            } else {
                kids.entry(o.region_code)
                    .or_default()
                    .insert((o.item_code, o.year), v);
            }
        }
        Ok(RegionData {
            own,
            children: children
                .into_iter()
                .map(|c| kids.remove(&c).unwrap_or_default())
                .collect(),
        })
    }
}
