//! Reading plans: the list, one plan (tasks filtered by organisation), its original text
//! with highlights, and its responsibility matrix.

use crate::api::{task_failed, List};
use crate::error::ApiResult;
use crate::extract::{Authed, Id};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::plans::{PlanDetail, PlanSummary};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct PlanQ {
    participant_id: Option<i64>,
    org_id: Option<i64>,
    #[serde(default)]
    all: bool,
}

handler!(list(st, s, q: Q<PlanQ>) -> List<PlanSummary> =
    st.db.plans().list(&s.actor, q.participant_id, q.all).await?.into());

handler!(detail(st, s, id: Id, q: Q<PlanQ>) -> PlanDetail =
    st.db.plans().get(&s.actor, id, q.org_id).await?);

/// A plan's original text with highlight spans.
#[derive(Serialize, JsonSchema)]
pub struct TextOut {
    text: String,
    /// `[start, end)` in characters of `text`, keyed `target-<id>`, `task-<id>`,
    /// `task-<id>-unit-<n>` and `phase-<id>`.
    #[schemars(with = "Vec<serde_json::Value>")]
    spans: Vec<innocity_text::Span>,
}

/// The original text with highlights: `spans` are `[start, end)` in characters of `text`,
/// keyed `target-<id>`, `task-<id>`, `task-<id>-unit-<n>` and `phase-<id>`.
pub async fn text(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(pid): Id,
) -> ApiResult<Json<TextOut>> {
    let text = st.db.plans().text(&s.actor, pid).await?;
    let d = st.db.plans().get(&s.actor, pid, None).await?;
    let offset = |o: Option<i64>| o.and_then(|o| usize::try_from(o).ok());
    let targets: Vec<innocity_text::TargetRef> = d
        .targets
        .iter()
        .map(|t| innocity_text::TargetRef {
            key: format!("target-{}", t.id),
            offset: offset(t.text_offset),
            source_text: t.source_text.clone(),
        })
        .collect();
    let tasks: Vec<innocity_text::TaskRef> = d
        .tasks
        .iter()
        .map(|t| innocity_text::TaskRef {
            key: format!("task-{}", t.id),
            offset: offset(t.offset),
            number: t.number.clone(),
            title: t.title.clone(),
            units: t
                .units
                .iter()
                .map(|u| (u.name.clone(), u.role.clone()))
                .collect(),
        })
        .collect();
    let phases: Vec<innocity_text::PhaseRef> = d
        .phases
        .iter()
        .map(|p| innocity_text::PhaseRef {
            key: format!("phase-{}", p.id),
            text: p.text.clone(),
        })
        .collect();
    let published = d.plan.doc_date.clone();
    let (text, spans) = tokio::task::spawn_blocking(move || {
        let spans = innocity_text::locate(&text, published.as_deref(), &targets, &tasks, &phases);
        (text, spans)
    })
    .await
    .map_err(|_| task_failed())?;
    Ok(Json(TextOut { text, spans }))
}

pass_through!(matrix(id) -> innocity_db::plans::Matrix = plans.matrix);
