//! Writing observations (观测值) with their history rows: insert, upsert, history.

use super::*;

/// Inserts new observations in chunks, then reads their ids back once (by region) and adds
/// one history row each — linear in the number of rows.
pub(super) async fn insert_with_history<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    models: Vec<observation::ActiveModel>,
    note: &str,
) -> Result<()> {
    let now = crate::now();
    for chunk in models.chunks(500) {
        let inserted = observation::Entity::insert_many(chunk.to_vec())
            .exec_with_returning(c)
            .await?;
        let hist: Vec<observation_history::ActiveModel> = inserted
            .into_iter()
            .map(|o| observation_history::ActiveModel {
                observation_id: Set(o.id),
                at: Set(now),
                user_id: Set(actor.user_id),
                username: Set(actor.username.clone()),
                old_value: Set(None),
                new_value: Set(o.value),
                old_status: Set(None),
                new_status: Set(o.status),
                note: Set(Some(note.to_string())),
                ..Default::default()
            })
            .collect();
        if !hist.is_empty() {
            observation_history::Entity::insert_many(hist)
                .exec_without_returning(c)
                .await?;
        }
    }
    Ok(())
}

/// Inserts or updates one observation with a history row; answers (before, after) JSON of
/// a change, or `None` when nothing changed.
#[allow(clippy::too_many_arguments)]
pub(super) async fn upsert<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region: &str,
    r: &DataRow,
    status: &str,
    assignment_id: Option<i64>,
    known: Option<observation::Model>,
) -> Result<(serde_json::Value, Option<serde_json::Value>)> {
    let existing = match known {
        Some(o) => Some(o),
        None => {
            let key = format!("observation:{region}:{}:{}", r.item_code, r.year);
            crate::write::key_lock(c, &key).await?;
            observation::Entity::find()
                .filter(observation::Column::RegionCode.eq(region))
                .filter(observation::Column::ItemCode.eq(&r.item_code))
                .filter(observation::Column::Year.eq(r.year))
                .one(c)
                .await?
        }
    };
    let comment = clean(&r.comment);
    let reason = clean(&r.missing_reason);
    let snap = |o: &observation::Model| serde_json::json!({"item": o.item_code, "year": o.year, "value": o.value, "comment": o.comment, "missing_reason": o.missing_reason, "status": o.status});
    match existing {
        Some(o) => {
            if o.value == r.value
                && o.comment == comment
                && o.missing_reason == reason
                && o.status == status
            {
                return Ok((snap(&o), None));
            }
            if !matches!(o.status.as_str(), DRAFT | RETURNED) && o.assignment_id.is_some() {
                return Err(Error::conflict(
                    "locked",
                    msg!(
                        "locked",
                        "{} {} 年的数据已锁定",
                        "The data of {} for {} are locked",
                        o.item_code,
                        o.year
                    ),
                ));
            }
            let before = snap(&o);
            let (old_v, old_s) = (o.value, o.status.clone());
            let mut m = o.into_active_model();
            m.value = Set(r.value);
            m.comment = Set(comment);
            m.missing_reason = Set(reason);
            m.status = Set(status.into());
            m.assignment_id = Set(assignment_id);
            m.updated_by = Set(actor.user_id);
            m.updated_at = Set(crate::now());
            let n = m.update(c).await?;
            history(c, actor, n.id, old_v, n.value, Some(old_s), status, None).await?;
            Ok((before, Some(snap(&n))))
        }
        None => {
            let n = observation::ActiveModel {
                region_code: Set(region.into()),
                item_code: Set(r.item_code.clone()),
                year: Set(r.year),
                value: Set(r.value),
                comment: Set(comment),
                missing_reason: Set(reason),
                status: Set(status.into()),
                assignment_id: Set(assignment_id),
                updated_by: Set(actor.user_id),
                updated_at: Set(crate::now()),
                demo: Set(false),
                ..Default::default()
            }
            .insert(c)
            .await?;
            history(c, actor, n.id, None, n.value, None, status, None).await?;
            Ok((serde_json::Value::Null, Some(snap(&n))))
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn history<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: i64,
    old: Option<f64>,
    new: Option<f64>,
    old_status: Option<String>,
    status: &str,
    note: Option<String>,
) -> Result<()> {
    observation_history::ActiveModel {
        observation_id: Set(id),
        at: Set(crate::now()),
        user_id: Set(actor.user_id),
        username: Set(actor.username.clone()),
        old_value: Set(old),
        new_value: Set(new),
        old_status: Set(old_status),
        new_status: Set(status.into()),
        note: Set(note),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

impl crate::Monitoring<'_> {
    /// Loads observations for the demo set in one transaction (approved, labelled demo).
    pub(crate) async fn insert_demo_observations(&self, rows: &[(DataRow, &str)]) -> Result<usize> {
        let actor = Actor::system();
        let mut txn = self.begin_write(&actor).await?;
        let now = crate::now();
        let models = rows
            .iter()
            .map(|(r, status)| observation::ActiveModel {
                region_code: Set(r.region_code.clone()),
                item_code: Set(r.item_code.clone()),
                year: Set(r.year),
                value: Set(r.value),
                comment: Set(Some("演示数据".into())),
                missing_reason: Set(None),
                status: Set(status.to_string()),
                assignment_id: Set(None),
                updated_by: Set(None),
                updated_at: Set(now),
                demo: Set(true),
                ..Default::default()
            })
            .collect();
        insert_with_history(&txn, &actor, models, "演示数据").await?;
        txn.audit(
            "create",
            "observation",
            "demo",
            None,
            Some(serde_json::json!({"count": rows.len(), "demo": true})),
        );
        txn.commit().await?;
        Ok(rows.len())
    }
}
