//! Task supervision (督查督办): tasks from 德州's plan, the closed loop with its audit events,
//! colours as the clock moves, 催办 and answers, reminders never sent twice, evidence files,
//! scoping (a unit never sees a task it has no part in), the ledger export, scores and e-mail
//! to a local SMTP sink.

use crate::common;
use chrono::NaiveDate;
use common::*;
use innocity_supervise::ManualClock;
use innocity_web::Config;
use serde_json::{json, Value};
use std::sync::Arc;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cfg_at(d: &str) -> (Config, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(day(d)));
    (
        Config {
            clock: clock.clone(),
            ..Default::default()
        },
        clock,
    )
}

/// `both!` with a manual clock starting on 2026-03-02: `|app, clock| async move { … }`.
macro_rules! both_clock {
    ($name:ident, $body:expr) => {
        both!($name, with || cfg_at("2026-03-02"), $body);
    };
}

async fn plan_id(c: &Client) -> i64 {
    let (s, b) = c.get("/api/v1/plans").await;
    assert_eq!(s, 200, "{b}");
    b["items"][0]["id"]
        .as_i64()
        .expect("the demo set has 德州's plan")
}

/// Takes over 德州's plan, assigned at once with a final deadline; returns number → task id.
async fn take_over(c: &Client, due: &str) -> std::collections::HashMap<String, i64> {
    let pid = plan_id(c).await;
    let b = take_over_plan(c, pid, due).await;
    assert_eq!(b["created"].as_array().unwrap().len(), 22, "{b}");
    assert_eq!(
        b["skipped"].as_object().unwrap().len(),
        1,
        "task 23 has no unit: {b}"
    );
    // Idempotent: a second take-over creates nothing.
    let again = c
        .post_expect(
            "/api/v1/supervision/from-plan",
            json!({"plan_id": pid, "due": due}),
            201,
        )
        .await;
    assert_eq!(again["created"].as_array().unwrap().len(), 0);
    b["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["number"].as_str().unwrap().to_string(),
                t["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The coordinator, once the plan's tasks are taken over (due `due`), and task 1's id.
async fn coordinator_with_task_1(app: &TestApp, due: &str) -> (Client, i64) {
    let coord = app.login("coordinator").await;
    let t1 = take_over(&coord, due).await["1"];
    (coord, t1)
}

async fn task(c: &Client, id: i64) -> Value {
    let b = c.get_ok(&format!("/api/v1/supervision/tasks/{id}")).await;
    b
}

/// The reminder job's run for a day.
async fn remind(app: &TestApp, on: &str) -> innocity_db::supervision::RemindReport {
    app.db.supervision().remind(day(on)).await.unwrap()
}

/// A loop step that must succeed; the task afterwards.
async fn step(c: &Client, id: i64, body: Value) -> Value {
    let (s, b) = act(c, id, body).await;
    assert_eq!(s, 200, "{b}");
    b
}

async fn act(c: &Client, id: i64, body: Value) -> (u16, Value) {
    c.post(&format!("/api/v1/supervision/tasks/{id}/act"), body)
        .await
}

mod changes;
mod hand_made;
mod loop_and_colours;
