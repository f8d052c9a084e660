//! The dashboard, programmes, batches and participants with their status lifecycle.

use crate::api::{List, ListQ, Page};
use innocity_db::registry::{
    BatchView, ParticipantDetail, ParticipantFilter, ParticipantView, ProgrammeView,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pass_through!(dashboard() -> innocity_db::registry::Dashboard = registry.dashboard);

handler!(programmes(st, s) -> List<ProgrammeView> =
    st.db.registry().programmes(&s.actor).await?.into());

/// A programme with its batches.
#[derive(Serialize, JsonSchema)]
pub struct ProgrammeOut {
    programme: ProgrammeView,
    batches: Vec<BatchView>,
    status_counts: BTreeMap<String, u64>,
}

handler!(programme(st, s, id: Id) -> ProgrammeOut = {
    let (programme, batches) = st.db.registry().programme(&s.actor, id).await?;
    ProgrammeOut {
        status_counts: programme.status_counts.clone(),
        programme,
        batches,
    }
});

handler!(batches(st, s, q: Q<ListQ>) -> List<BatchView> =
    st.db.registry().batches(&s.actor, q.programme_id).await?.into());

handler!(participants(st, s, q: Q<ListQ>) -> Page<ParticipantView> = {
    let f = ParticipantFilter {
        programme_id: q.programme_id,
        batch_id: q.batch_id,
        status: q.status.clone(),
        q: q.q.clone(),
        region_code: q.region_code.clone(),
    };
    st.db.registry().participants(&s.actor, &f, q.page()).await?
});

pass_through!(participant(id) -> ParticipantDetail = registry.participant);

/// A status change: the new status and a note.
#[derive(Deserialize, JsonSchema)]
pub struct TransitionIn {
    to: String,
    #[serde(default)]
    note: String,
}

handler!(transition(st, s, id: Id, b: Body<TransitionIn>) -> ParticipantDetail =
    st.db.registry().transition(&s.actor, id, &b.to, &b.note).await?);
