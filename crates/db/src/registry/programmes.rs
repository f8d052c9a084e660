//! Programmes (试点计划), batches and participants (参与城市), and the participant
//! lifecycle transition (状态变更).

use super::*;

impl crate::Registry<'_> {
    pub(super) fn scoped_participants(actor: &Actor) -> sea_orm::Select<participant::Entity> {
        let mut f = participant::Entity::find();
        if let Some(s) = &actor.scope.regions {
            f = f.filter(participant::Column::RegionCode.is_in(s.iter().cloned()));
        }
        f
    }

    pub(super) async fn status_counts(
        &self,
        actor: &Actor,
        programme_id: Option<i64>,
    ) -> Result<BTreeMap<String, u64>> {
        let mut f = Self::scoped_participants(actor);
        if let Some(p) = programme_id {
            f = f.filter(participant::Column::ProgrammeId.eq(p));
        }
        let rows: Vec<(String, i64)> = f
            .select_only()
            .column(participant::Column::Status)
            .column_as(participant::Column::Id.count(), "n")
            .group_by(participant::Column::Status)
            .into_tuple()
            .all(&self.conn)
            .await?;
        let mut m = empty_counts();
        for (s, n) in rows {
            m.insert(s, n.max(0) as u64);
        }
        Ok(m)
    }

    pub(super) async fn programme_view(
        &self,
        actor: &Actor,
        p: programme::Model,
    ) -> Result<ProgrammeView> {
        let status_counts = self.status_counts(actor, Some(p.id)).await?;
        Ok(ProgrammeView {
            participant_count: status_counts.values().sum(),
            status_counts,
            id: p.id,
            code: p.code,
            name_zh: p.name_zh,
            name_en: p.name_en,
            description: p.description,
        })
    }

    /// Programmes with the actor's visible participant counts.
    pub async fn programmes(&self, actor: &Actor) -> Result<Vec<ProgrammeView>> {
        let rows = programme::Entity::find()
            .order_by_asc(programme::Column::Id)
            .all(&self.conn)
            .await?;
        let mut out = Vec::new();
        for p in rows {
            out.push(self.programme_view(actor, p).await?);
        }
        Ok(out)
    }

    pub async fn programme(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(ProgrammeView, Vec<BatchView>)> {
        let p = programme::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("建设计划", "Programme")))?;
        let v = self.programme_view(actor, p).await?;
        let b = self.batches(actor, Some(id)).await?;
        Ok((v, b))
    }

    pub async fn batches(
        &self,
        actor: &Actor,
        programme_id: Option<i64>,
    ) -> Result<Vec<BatchView>> {
        let mut f = batch::Entity::find();
        if let Some(p) = programme_id {
            f = f.filter(batch::Column::ProgrammeId.eq(p));
        }
        let rows = f.order_by_asc(batch::Column::Id).all(&self.conn).await?;
        let mut out = Vec::new();
        for b in rows {
            let n = Self::scoped_participants(actor)
                .filter(participant::Column::BatchId.eq(b.id))
                .count(&self.conn)
                .await?;
            out.push(BatchView {
                id: b.id,
                programme_id: b.programme_id,
                code: b.code,
                name: b.name,
                approved_on: b.approved_on,
                note: b.note,
                participant_count: n,
            });
        }
        Ok(out)
    }

    pub(super) async fn participant_views(
        &self,
        rows: Vec<participant::Model>,
    ) -> Result<Vec<ParticipantView>> {
        let regions: HashMap<String, region::Model> = crate::keyed(
            region::Entity::find()
                .filter(region::Column::Code.is_in(rows.iter().map(|r| r.region_code.clone())))
                .all(&self.conn)
                .await?,
            |r| r.code.clone(),
        );
        let progs: HashMap<i64, programme::Model> =
            crate::keyed(programme::Entity::find().all(&self.conn).await?, |p| p.id);
        let batches: HashMap<i64, batch::Model> = crate::keyed(
            batch::Entity::find()
                .filter(batch::Column::Id.is_in(rows.iter().map(|r| r.batch_id)))
                .all(&self.conn)
                .await?,
            |b| b.id,
        );
        Ok(rows
            .into_iter()
            .map(|r| {
                let reg = regions.get(&r.region_code);
                let prog = progs.get(&r.programme_id);
                let st = ParticipantStatus::parse(&r.status).unwrap_or(ParticipantStatus::Building);
                ParticipantView {
                    id: r.id,
                    region: RegionRef {
                        code: r.region_code.clone(),
                        name: reg.map(|x| x.name.clone()).unwrap_or_default(),
                        level: reg.map(|x| x.level.clone()).unwrap_or_default(),
                    },
                    programme: ProgrammeRef {
                        id: r.programme_id,
                        code: prog.map(|p| p.code.clone()).unwrap_or_default(),
                        name_zh: prog.map(|p| p.name_zh.clone()).unwrap_or_default(),
                        name_en: prog.map(|p| p.name_en.clone()).unwrap_or_default(),
                    },
                    batch: BatchRef {
                        id: r.batch_id,
                        name: batches
                            .get(&r.batch_id)
                            .map(|b| b.name.clone())
                            .unwrap_or_default(),
                    },
                    theme: r.theme,
                    start_year: r.start_year,
                    end_year: r.end_year,
                    acceptance_year: r.acceptance_year,
                    status: st.as_str().into(),
                    status_label: status_label(st),
                    demo: r.demo,
                    updated_at: r.updated_at,
                }
            })
            .collect())
    }

    /// Participants visible to the actor.
    pub async fn participants(
        &self,
        actor: &Actor,
        flt: &ParticipantFilter,
        p: PageReq,
    ) -> Result<Page<ParticipantView>> {
        let mut f = Self::scoped_participants(actor);
        if let Some(x) = flt.programme_id {
            f = f.filter(participant::Column::ProgrammeId.eq(x));
        }
        if let Some(x) = flt.batch_id {
            f = f.filter(participant::Column::BatchId.eq(x));
        }
        if let Some(x) = flt.status.as_deref().filter(|s| !s.is_empty()) {
            f = f.filter(participant::Column::Status.eq(x));
        }
        if let Some(x) = flt.region_code.as_deref().filter(|s| !s.is_empty()) {
            f = f.filter(participant::Column::RegionCode.eq(x));
        }
        if let Some(q) = flt.q.as_deref().filter(|s| !s.is_empty()) {
            let codes: Vec<String> = region::Entity::find()
                .select_only()
                .column(region::Column::Code)
                .filter(
                    Condition::any()
                        .add(region::Column::Name.contains(q))
                        .add(region::Column::Code.starts_with(q)),
                )
                .into_tuple()
                .all(&self.conn)
                .await?;
            f = f.filter(
                Condition::any()
                    .add(participant::Column::RegionCode.is_in(codes))
                    .add(participant::Column::Theme.contains(q)),
            );
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(participant::Column::ProgrammeId)
            .order_by_asc(participant::Column::RegionCode)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        Ok(Page {
            items: self.participant_views(rows).await?,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    pub(super) async fn visible_participant(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<participant::Model> {
        participant::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| Error::not_found(crate::common::not_found("参与城市/县", "Participant")))
    }

    /// One participant with its history and the transitions the actor may make.
    pub async fn participant(&self, actor: &Actor, id: i64) -> Result<ParticipantDetail> {
        let p = self.visible_participant(actor, id).await?;
        let hist = status_change::Entity::find()
            .filter(status_change::Column::ParticipantId.eq(id))
            .order_by_asc(status_change::Column::Id)
            .all(&self.conn)
            .await?;
        let users: HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(hist.iter().filter_map(|h| h.changed_by)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let st = ParticipantStatus::parse(&p.status).unwrap_or(ParticipantStatus::Building);
        let allowed = if actor.role.may_manage_programmes() {
            st.allowed_next()
                .iter()
                .map(|s| status_option(*s))
                .collect()
        } else {
            vec![]
        };
        let pv = self.participant_views(vec![p]).await?.remove(0);
        Ok(ParticipantDetail {
            participant: pv,
            history: hist
                .into_iter()
                .map(|h| HistoryView {
                    id: h.id,
                    from_status: h.from_status,
                    to_status: h.to_status,
                    note: h.note,
                    changed_at: h.changed_at,
                    changed_by: h.changed_by.map(|u| UserRef {
                        id: u,
                        display_name: users.get(&u).cloned().unwrap_or_default(),
                    }),
                })
                .collect(),
            allowed_transitions: allowed,
        })
    }

    /// Moves a participant to another status, if the lifecycle allows it.
    pub async fn transition(
        &self,
        actor: &Actor,
        id: i64,
        to: &str,
        note: &str,
    ) -> Result<ParticipantDetail> {
        if !actor.role.may_manage_programmes() {
            return Err(Error::Forbidden(msg!(
                "forbidden",
                "无权变更建设状态",
                "You may not change the building status"
            )));
        }
        let Some(to_s) = ParticipantStatus::parse(to) else {
            return Err(Error::invalid(
                "to",
                crate::common::unknown(&format!("状态 {to}"), &format!("status {to}")),
            ));
        };
        if note.chars().count() > 500 {
            return Err(Error::invalid(
                "note",
                msg!(
                    "too_long",
                    "说明不能超过 500 个字符",
                    "At most 500 characters"
                ),
            ));
        }
        let mut txn = self.begin_write(actor).await?;
        let p = participant::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("参与城市/县", "Participant"))
            })?;
        let from = ParticipantStatus::parse(&p.status).unwrap_or(ParticipantStatus::Building);
        from.transition(to_s)
            .map_err(|e| Error::conflict("transition", e.msg()))?;
        let before = p.clone();
        let mut am = p.into_active_model();
        am.status = Set(to_s.as_str().into());
        am.updated_at = Set(crate::now());
        let after = am.update(&txn).await?;
        status_change::ActiveModel {
            participant_id: Set(id),
            from_status: Set(Some(from.as_str().into())),
            to_status: Set(to_s.as_str().into()),
            note: Set(note.trim().into()),
            changed_at: Set(crate::now()),
            changed_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.changed("transition", "participant", id, &before, &after);
        txn.commit().await?;
        self.participant(actor, id).await
    }
}
