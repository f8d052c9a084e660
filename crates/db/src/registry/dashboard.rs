//! The home dashboard (首页概览): participant counts and recent transitions.

use super::*;

pub(super) fn empty_counts() -> BTreeMap<String, u64> {
    ParticipantStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect()
}

impl crate::Registry<'_> {
    /// Home page figures.
    pub async fn dashboard(&self, actor: &Actor) -> Result<Dashboard> {
        let programmes = self.programmes(actor).await?;
        let mut status_counts = empty_counts();
        for p in &programmes {
            for (k, v) in &p.status_counts {
                *status_counts.entry(k.clone()).or_default() += v;
            }
        }
        let visible: Vec<i64> = Self::scoped_participants(actor)
            .select_only()
            .column(participant::Column::Id)
            .into_tuple()
            .all(&self.conn)
            .await?;
        let hist = status_change::Entity::find()
            .filter(status_change::Column::ParticipantId.is_in(visible))
            .filter(status_change::Column::FromStatus.is_not_null())
            .order_by_desc(status_change::Column::ChangedAt)
            .order_by_desc(status_change::Column::Id)
            .limit(10)
            .all(&self.conn)
            .await?;
        let parts = participant::Entity::find()
            .filter(participant::Column::Id.is_in(hist.iter().map(|h| h.participant_id)))
            .all(&self.conn)
            .await?;
        let views: HashMap<i64, ParticipantView> = self
            .participant_views(parts)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let users: HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(hist.iter().filter_map(|h| h.changed_by)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let recent_transitions = hist
            .into_iter()
            .map(|h| RecentTransition {
                participant_id: h.participant_id,
                region_name: views
                    .get(&h.participant_id)
                    .map(|v| v.region.name.clone())
                    .unwrap_or_default(),
                from_status: h.from_status,
                to_status: h.to_status,
                changed_at: h.changed_at,
                changed_by: h.changed_by.and_then(|u| users.get(&u).cloned()),
                demo: views.get(&h.participant_id).is_some_and(|v| v.demo),
            })
            .collect();
        Ok(Dashboard {
            programmes,
            status_counts,
            recent_transitions,
        })
    }
}
