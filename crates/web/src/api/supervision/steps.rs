//! The loop on a task: a step (assign, sign, report, request_close, approve, send_back,
//! reopen), a 催办 and its answer.

use super::tasks::{anyone, coordinator, task_change, Dated};
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::supervision::{ActIn, TaskDetail, UrgeIn};
use schemars::JsonSchema;
use serde::Deserialize;

task_change!(act(ActIn) = act, anyone, then flush_mail);
task_change!(urge(UrgeIn) = urge, coordinator, then flush_mail);

/// The urged unit's answer.
#[derive(Deserialize, JsonSchema)]
pub struct AnswerIn {
    text: String,
}

handler!(
    /// The urged unit answers its 催办 `{id}`.
    answer(st, s, id: Id, b: Body<AnswerIn>) -> Dated<TaskDetail> = {
        let today = st.cfg.clock.today();
        let task = st.db.supervision().answer(&s.actor, today, id, &b.text).await?;
        st.flush_mail().await;
        Dated { task, today }
    }
);
