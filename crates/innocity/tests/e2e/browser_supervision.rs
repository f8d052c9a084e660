//! Browser test of task supervision: the closed loop, colours as the clock moves, 催办 and
//! unit scores.

use crate::browser_plans::*;
use crate::support;
use std::path::Path;
use support::*;

// ---------------------------------------------------------------- task supervision

/// Clicks the visible option of an open el-select whose text contains `text`.
async fn pick(c: &Client, select_css: &str, text: &str) -> Result<(), String> {
    click(c, select_css).await?;
    wait_js(
        c,
        &format!(
            "const o = Array.from(document.querySelectorAll('.el-select-dropdown__item')).find((e) => e.offsetParent !== null && e.textContent.includes({})); if (o) {{ o.click(); return true; }} return false;",
            serde_json::json!(text)
        ),
        &format!("option {text}"),
        |v| v == &serde_json::json!(true),
    )
    .await
    .map(|_| ())
}

/// Opens a loop action's dialog, fills it and confirms.
async fn sv_act(c: &Client, action: &str, text: Option<&str>) -> Result<(), String> {
    click(c, &format!("[data-test=sv-act-{action}]")).await?;
    if let Some(t) = text {
        typ(c, "#sv-text", t).await?;
    }
    click(c, "[data-test=sv-act-confirm]").await
}

/// Replaces the three characters of a rules field (Backspaces: `clear` is not noticed by
/// el-input) with `value` and saves the rules.
async fn save_rule_value(c: &Client, field: &Element, value: &str) -> Result<(), String> {
    let keys = format!("\u{E010}\u{E003}\u{E003}\u{E003}{value}");
    field.send_keys(&keys).await.map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-rules-save]").await
}

async fn score_of(c: &Client, base: &str, org: &str) -> Result<f64, String> {
    c.goto(&format!("{base}/#/scores"))
        .await
        .map_err(|e| e.to_string())?;
    let css = format!("[data-test='sv-score-{org}']");
    let t = wait_text(c, &css, "a score", |t| t.parse::<f64>().is_ok()).await?;
    t.parse::<f64>().map_err(|e| e.to_string())
}

/// The closed loop in the browser: the coordinator imports seed 004 (德州's plan) and assigns
/// its tasks; 市科技局 (the coordinator's own unit) signs for a task and reports progress; the
/// coordinator edits a milestone, changes the task's units and splits off a sub-task; the clock
/// moves and another task goes red; a 催办 is issued and answered; the first task is closed and
/// the unit's score changes.
async fn supervision_scenario(c: &Client, base: &str, clock: &Path) -> Result<(), String> {
    let set_day = |d: &str| std::fs::write(clock, d).map_err(|e| e.to_string());
    set_day("2026-03-02")?;
    login(c, base, "coordinator").await?;
    wait_contains(c, "[data-test=user-role]", "协调员", "协调员").await?;
    // Import seed 004's plan through the UI.
    let plan = import_seed_004(c).await?;
    click(c, "[data-test=nav-tasks]").await?;
    wait_contains(c, "[data-test=sv-today]", "the clock's day", "2026-03-02").await?;
    // Assign the imported plan's tasks (the plan list holds current revisions only).
    click(c, "[data-test=sv-take-over]").await?;
    pick(c, "[data-test=sv-take-plan]", "德州").await?;
    fill_and_click(
        c,
        "#sv-take-due",
        "2026-06-30",
        "[data-test=sv-take-confirm]",
    )
    .await?;
    wait_text(c, "[data-test=sv-tasks]", "the assigned tasks", |t| {
        t.contains("高标准建设实验室体系") && t.contains("待签收")
    })
    .await?;
    let plans = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/api/v1/supervision/tasks').then((r) => r.json()) \
               .then((b) => done(b.items.map((t) => t.plan_id)), (e) => done(String(e)));",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let plans = plans.as_array().cloned().unwrap_or_default();
    if plans.len() != 22 || plans.iter().any(|p| p.as_i64() != Some(plan)) {
        return Err(format!(
            "expected 22 tasks from the imported plan {plan}: {plans:?}"
        ));
    }
    shot(c, "supervision-list").await;

    // Task 1: sign and report progress.
    click(c, "[data-test=sv-task-1]").await?;
    wait_text(c, "[data-test=sv-status]", "待签收", |t| t == "待签收").await?;
    let task1 = current_hash(c).await;
    click(c, "[data-test=sv-act-sign]").await?;
    fill_and_click(c, "#sv-person", "张三", "[data-test=sv-act-confirm]").await?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;
    click(c, "[data-test=sv-act-report]").await?;
    let num = el(c, ".el-dialog .el-input-number input").await?;
    num.clear().await.map_err(|e| e.to_string())?;
    num.send_keys("40").await.map_err(|e| e.to_string())?;
    fill_and_click(
        c,
        "#sv-text",
        "实验室体系建设方案已印发",
        "[data-test=sv-act-confirm]",
    )
    .await?;
    wait_text(c, "[data-test=sv-progress]", "40%", |t| t == "40%").await?;
    wait_contains(
        c,
        "[data-test=sv-events]",
        "the report",
        "实验室体系建设方案已印发",
    )
    .await?;

    // The coordinator adds a milestone; it shows on the timeline.
    click(c, "[data-test=sv-edit]").await?;
    typ(c, "#sv-edit-ms-title", "实验室认定").await?;
    fill_and_click(
        c,
        "#sv-edit-ms-due",
        "2026-05-31",
        "[data-test=sv-edit-confirm]",
    )
    .await?;
    wait_text(c, "[data-test=sv-timeline]", "the milestone", |t| {
        t.contains("实验室认定") && t.contains("2026-05-31")
    })
    .await?;
    // ... moves its due date, and adds a second one that it then deletes.
    click(c, "[data-test=sv-edit]").await?;
    typ(
        c,
        "#sv-edit-ms-due-0",
        "\u{e009}a\u{e000}\u{e017}2026-05-15",
    )
    .await?;
    typ(c, "#sv-edit-ms-title", "中期评估").await?;
    fill_and_click(
        c,
        "#sv-edit-ms-due",
        "2026-04-30",
        "[data-test=sv-edit-confirm]",
    )
    .await?;
    wait_text(
        c,
        "[data-test=sv-timeline]",
        "the moved and the new milestone",
        |t| t.contains("2026-05-15") && !t.contains("2026-05-31") && t.contains("中期评估"),
    )
    .await?;
    click(c, "[data-test=sv-edit]").await?;
    click(c, "[data-test=sv-edit-ms-del-1]").await?;
    click(c, "[data-test=sv-edit-confirm]").await?;
    wait_text(
        c,
        "[data-test=sv-timeline]",
        "the deleted milestone gone",
        |t| t.contains("实验室认定") && !t.contains("中期评估"),
    )
    .await?;

    // The coordinator adds 市财政局 as a cooperating unit with its responsible person.
    click(c, "[data-test=sv-edit-units]").await?;
    click(c, "[data-test=sv-unit-add]").await?;
    pick(c, "[data-test=sv-unit-org-1]", "市财政局").await?;
    typ(c, "#sv-unit-person-1", "李四").await?;
    fill_and_click(
        c,
        "#sv-units-reason",
        "增加资金保障",
        "[data-test=sv-units-confirm]",
    )
    .await?;
    wait_text(c, "[data-test=sv-units]", "the new cooperating unit", |t| {
        t.contains("市财政局") && t.contains("配合") && t.contains("李四")
    })
    .await?;
    wait_text(
        c,
        "[data-test=sv-events]",
        "the change in the history",
        |t| t.contains("调整责任单位") && t.contains("增加资金保障"),
    )
    .await?;
    // ... and splits off a sub-task (lead: the parent's lead unit).
    click(c, "[data-test=sv-split]").await?;
    typ(c, "#sv-new-title", "子任务:重点实验室摸底").await?;
    fill_and_click(c, "#sv-new-due", "2026-04-30", "[data-test=sv-new-confirm]").await?;
    wait_text(c, "[data-test=sv-subtasks]", "the sub-task", |t| {
        t.contains("子任务:重点实验室摸底") && t.contains("市科技局")
    })
    .await?;
    shot(c, "supervision-task-edited").await;
    click(c, "[data-test^=sv-subtask-]").await?;
    wait_contains(
        c,
        "[data-test=sv-title]",
        "the sub-task's page",
        "重点实验室摸底",
    )
    .await?;
    el(c, "[data-test=sv-parent]").await?;
    el(c, "[data-test=sv-act-assign]").await?;
    c.goto(&format!("{base}/#{task1}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;

    // The clock moves past the deadline: task 5 (never signed) goes red.
    set_day("2026-07-01")?;
    c.goto(&format!("{base}/#/tasks?tab=all"))
        .await
        .map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-task-5]").await?;
    wait_text(c, "[data-test=sv-colour]", "红色预警", |t| {
        t == "红色预警"
    })
    .await?;
    wait_contains(c, "[data-test=sv-reasons]", "overdue", "逾期").await?;
    // 催办 to its lead unit (市科技局), answered by that unit.
    click(c, "[data-test=sv-urge]").await?;
    pick(c, "[data-test=sv-urge-org]", "市科技局").await?;
    fill_and_click(
        c,
        "#sv-urge-text",
        "请于两日内说明逾期原因",
        "[data-test=sv-urge-confirm]",
    )
    .await?;
    wait_contains(
        c,
        "[data-test=sv-urges]",
        "the urge",
        "请于两日内说明逾期原因",
    )
    .await?;
    click(c, "[data-test^=sv-answer-btn-]").await?;
    fill_and_click(
        c,
        "#sv-answer-text",
        "已协调落实,本周内签收",
        "[data-test=sv-answer-confirm]",
    )
    .await?;
    wait_contains(
        c,
        "[data-test=sv-urges]",
        "the answer",
        "已协调落实,本周内签收",
    )
    .await?;
    shot(c, "supervision-urge").await;
    click(c, "[data-test=nav-notifications]").await?;
    wait_contains(c, "[data-test=sv-notes]", "the urge notice", "催办").await?;

    // Close task 1: the unit's score changes.
    let before = score_of(c, base, "市科技局").await?;
    c.goto(&format!("{base}/#{task1}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;
    sv_act(c, "request_close", Some("已全面完成")).await?;
    wait_text(c, "[data-test=sv-status]", "待审核", |t| t == "待审核").await?;
    sv_act(c, "approve", None).await?;
    wait_text(c, "[data-test=sv-status]", "已销号", |t| t == "已销号").await?;
    let after = score_of(c, base, "市科技局").await?;
    if after <= before {
        return Err(format!(
            "closing did not raise the score: {before} → {after}"
        ));
    }
    shot(c, "supervision-scores").await;
    // The rules form: a value out of range is refused with the field's message; a valid one saves.
    click(c, ".el-collapse-item__header").await?;
    // Backspaces (not `clear`, which el-input does not notice) then the new value.
    let blue = el(c, "[data-test=sv-rules] input").await?;
    save_rule_value(c, &blue, "x").await?;
    wait_contains(
        c,
        "[data-test=sv-rules] .el-form-item__error",
        "the client's number message",
        "请填写数字",
    )
    .await?;
    save_rule_value(c, &blue, "-1").await?;
    wait_contains(
        c,
        "[data-test=sv-rules] .el-form-item__error",
        "the range message",
        "须在",
    )
    .await?;
    save_rule_value(c, &blue, "10").await?;
    wait_contains(c, ".el-message", "the saved notice", "规则已保存").await?;
    english_pass(c, &task1).await
}

/// The English pass: with tasks in every state, urges, notices and the scorecard in place, no
/// page shows Chinese that is not data (names, titles, texts the users wrote). Server-made text
/// — statuses, colours, deadlines, reasons, notices — comes back in English.
async fn english_pass(c: &Client, task1: &str) -> Result<(), String> {
    click(c, "[data-test=lang-en]").await?;
    let routes = [
        "/",
        "/programmes/1",
        "/participants",
        "/participants/1",
        "/plans",
        "/plans/1",
        "/tasks",
        task1,
        "/notifications",
        "/scores",
        "/monitoring/scorecard",
        "/monitoring/forms",
        "/monitoring",
        "/monitoring/rules",
        "/orgs",
        "/indicators",
        "/evaluation",
    ];
    let out = c
        .execute_async(
            include_str!("english_pass.js"),
            vec![serde_json::json!(routes)],
        )
        .await
        .map_err(|e| e.to_string())?;
    shot(c, "supervision-english").await;
    let problems = out["problems"].as_array().cloned().unwrap_or_default();
    let thin = out["thin"].as_array().cloned().unwrap_or_default();
    if !problems.is_empty() || !thin.is_empty() {
        return Err(format!(
            "English pass: Chinese that is not data: {problems:#?}; pages with no text: {thin:?}"
        ));
    }
    click(c, "[data-test=lang-zh]").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervision_loop_in_browser() {
    let Some(h) = start().await else { return };
    let clock = h.dir.0.join("clock");
    let result = supervision_scenario(&h.client, &h.base, &clock).await;
    finish(h, "supervision", result).await;
}
