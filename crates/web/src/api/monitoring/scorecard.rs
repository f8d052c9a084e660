//! The participant cockpit: the target scorecard with series and completeness, as JSON and
//! as an Excel workbook.

use super::exchange::file_response;
use crate::api::{write_failed, XLSX};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use innocity_db::auth::SessionInfo;
use innocity_db::monitoring::Scorecard;
use innocity_office::{Cell, Sheet};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct ScoreQ {
    /// Include submitted (not yet approved) values.
    #[serde(default)]
    unapproved: bool,
}

/// The cockpit of participant `id` for the caller.
async fn cockpit(st: &AppState, s: &SessionInfo, id: i64, q: &ScoreQ) -> ApiResult<Arc<Scorecard>> {
    let approved_only = !q.unapproved;
    let today = st.cfg.clock.today();
    Ok(st
        .db
        .monitoring()
        .cockpit(&s.actor, id, approved_only, today)
        .await?)
}

/// The participant cockpit: scorecard with each target's series and data completeness.
pub async fn scorecard(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(pid): Id,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    let sc = cockpit(&st, &s, pid, &q).await?;
    // Straight to bytes: the cockpit is the hottest read, no intermediate JSON tree.
    let body = serde_json::to_vec(&*sc).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            msg!(
                "internal",
                "记分卡无法序列化: {e}",
                "The scorecard could not be serialised: {e}"
            ),
        )
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn fmt_opt(v: Option<f64>, digits: usize) -> Cell {
    v.map_or(Cell::Empty, |x| {
        let p = 10f64.powi(digits as i32);
        Cell::Number((x * p).round() / p)
    })
}

pub async fn scorecard_xlsx(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(pid): Id,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    let sc = cockpit(&st, &s, pid, &q).await?;
    let sheet = Sheet {
        name: "目标监测".into(),
        title: Some(format!(
            "{} — {}",
            sc.region_name,
            sc.plan_title.clone().unwrap_or_default()
        )),
        headers: innocity_office::heads("指标 | 代码 | 比较 | 目标值 | 单位 | 目标年 | 基期 | 基期值 | 最新年 | 最新值 | 进度 | 需年均增长 | 实际年均增长 | 预测值 | 预测方法 | 状态"),
        widths: vec![
            28.0, 22.0, 8.0, 10.0, 8.0, 8.0, 8.0, 10.0, 8.0, 10.0, 8.0, 10.0, 10.0, 10.0, 10.0,
            10.0,
        ],
        rows: sc
            .rows
            .iter()
            .map(|r| {
                let t = &r.tracking;
                vec![
                    r.indicator_text.clone().into(),
                    r.indicator.clone().into(),
                    r.comparator.clone().into(),
                    r.target_value.into(),
                    r.unit.clone().into(),
                    r.target_year.into(),
                    t.baseline.map(|p| p.year).into(),
                    fmt_opt(t.baseline.map(|p| p.value), 4),
                    t.latest.map(|p| p.year).into(),
                    fmt_opt(t.latest.map(|p| p.value), 4),
                    fmt_opt(t.progress, 4),
                    fmt_opt(t.required_growth, 4),
                    fmt_opt(t.actual_growth, 4),
                    fmt_opt(t.forecast, 4),
                    t.forecast_method.map(str::to_string).into(),
                    t.status_label.zh.as_str().into(),
                ]
            })
            .collect(),
    };
    let sheets = [
        sheet,
        trend_sheet(&sc),
        completeness_sheet(&sc),
        history_sheet(&sc),
    ];
    let bytes = innocity_office::workbook(&sheets).map_err(write_failed)?;
    Ok(file_response(
        bytes,
        XLSX,
        &format!("scorecard-{}.xlsx", sc.region_code),
    ))
}

/// The data of every trend chart of the cockpit: one row per target and year, with the
/// target line.
fn trend_sheet(sc: &Scorecard) -> Sheet {
    Sheet {
        name: "趋势".into(),
        title: Some(format!("{} — 指标趋势与目标线", sc.region_name)),
        headers: innocity_office::heads("指标 | 代码 | 年份 | 数值 | 目标值 | 目标年 | 单位"),
        widths: vec![28.0, 22.0, 8.0, 12.0, 12.0, 8.0, 8.0],
        rows: sc
            .rows
            .iter()
            .flat_map(|r| {
                r.series.iter().map(move |p| {
                    vec![
                        r.indicator_text.clone().into(),
                        r.indicator.clone().into(),
                        Cell::Number(f64::from(p.year)),
                        fmt_opt(p.value, 4),
                        fmt_opt(r.tracking.target_value, 4),
                        r.target_year.into(),
                        r.unit.clone().into(),
                    ]
                })
            })
            .collect(),
    }
}

/// Data completeness and task progress of the cockpit.
fn completeness_sheet(sc: &Scorecard) -> Sheet {
    let c = &sc.completeness;
    let t = &sc.tasks;
    let count = |group: &str, label: &str, n: usize| -> Vec<Cell> {
        vec![group.into(), label.into(), Cell::Number(n as f64)]
    };
    let mut rows: Vec<Vec<Cell>> = [
        ("报表分配", c.assignments),
        ("已提交", c.submitted),
        ("按时提交", c.on_time),
        ("逾期提交", c.late),
        ("已审核", c.approved),
        ("逾期未交", c.overdue),
    ]
    .into_iter()
    .map(|(label, n)| count("数据填报", label, n))
    .collect();
    rows.push(count("重点任务", "任务数", t.total));
    rows.push(count("重点任务", "已销号", t.closed));
    rows.push(vec![
        "重点任务".into(),
        "平均进度 (%)".into(),
        fmt_opt(t.mean_progress, 1),
    ]);
    rows.extend(t.statuses.iter().map(|(k, n)| count("任务状态", k, *n)));
    rows.extend(t.colours.iter().map(|(k, n)| count("任务预警", k, *n)));
    Sheet {
        name: "完成情况".into(),
        title: Some(format!("{} — 数据填报与任务完成情况", sc.region_name)),
        headers: innocity_office::heads("类别 | 项目 | 数量"),
        widths: vec![12.0, 16.0, 10.0],
        rows,
    }
}

/// How each target changed across plan revisions.
fn history_sheet(sc: &Scorecard) -> Sheet {
    Sheet {
        name: "目标修订".into(),
        title: Some(format!("{} — 方案修订中的目标变化", sc.region_name)),
        headers: innocity_office::heads(
            "指标 | 修订版 | 印发日期 | 比较 | 目标值 | 上限 | 单位 | 目标年",
        ),
        widths: vec![28.0, 8.0, 12.0, 8.0, 12.0, 12.0, 8.0, 8.0],
        rows: sc
            .rows
            .iter()
            .flat_map(|r| {
                r.history.iter().map(move |h| {
                    vec![
                        r.indicator_text.clone().into(),
                        Cell::Number(f64::from(h.revision)),
                        h.doc_date.clone().into(),
                        h.comparator.clone().into(),
                        h.target_value.into(),
                        h.value_max.into(),
                        h.unit.clone().into(),
                        h.target_year.into(),
                    ]
                })
            })
            .collect(),
    }
}
