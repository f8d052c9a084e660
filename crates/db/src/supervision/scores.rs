//! Unit scores and ranking (考核评分).

use super::*;

impl crate::Supervision<'_> {
    /// Unit scores and ranking over `[from, to]` for the tasks the caller sees.
    pub async fn scores(
        &self,
        actor: &Actor,
        today: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
        region: Option<&str>,
    ) -> Result<Scores> {
        if from > to {
            return Err(Error::invalid(
                "from",
                msg!(
                    "out_of_range",
                    "开始日期不能晚于结束日期",
                    "The start date cannot be after the end date"
                ),
            ));
        }
        let filter = TaskFilter {
            region: region.map(str::to_string),
            ..Default::default()
        };
        let tasks = self.tasks(actor, today, &filter).await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let models: Vec<sv_task::Model> = sv_task::Entity::find()
            .filter(sv_task::Column::Id.is_in(ids.iter().copied()))
            .all(&self.conn)
            .await?;
        let l = load(&self.conn, &ids).await?;
        let rules = self.rules(region.unwrap_or(&actor.region_code)).await?;
        let mut by_org: BTreeMap<i64, sv::UnitScore> = BTreeMap::new();
        let mut colours: BTreeMap<String, usize> = BTreeMap::new();
        for s in &tasks {
            *colours.entry(s.colour.as_str().to_string()).or_default() += 1;
        }
        for t in &models {
            let f = facts(t, &l);
            let units = l.units.get(&t.id).into_iter().flatten();
            for u in units.chain(l.former.get(&t.id).into_iter().flatten()) {
                // A unit counts from the day it was added to the day it was taken off.
                let (from, to) = (
                    u.added_on.map_or(from, |a| a.max(from)),
                    u.removed_on.map_or(to, |r| r.min(to)),
                );
                if from > to {
                    continue;
                }
                let part = Part::parse(&u.part).unwrap_or(Part::Coop);
                sv::score_task(
                    &rules,
                    &f,
                    part,
                    from,
                    to,
                    today,
                    by_org.entry(u.org_id).or_default(),
                );
            }
        }
        let rows = sv::rank(&by_org)
            .into_iter()
            .map(|r| ScoreRow {
                rank: r.rank,
                org_id: r.unit,
                org_name: l.orgs.get(&r.unit).cloned().unwrap_or_default(),
                timeliness: r.score.timeliness(),
                score: r.score,
            })
            .collect();
        Ok(Scores {
            from,
            to,
            today,
            rules: rules.score,
            rows,
            tasks: tasks.len(),
            colours,
        })
    }
}
