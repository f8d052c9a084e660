//! A plan's targets and tasks as an Excel workbook.

use crate::api::{attachment, write_failed, XLSX};
use crate::error::ApiResult;
use crate::extract::{Authed, Id};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use innocity_office::{Cell, Sheet};

fn comparator_zh(c: &str) -> &'static str {
    match c {
        "ge" => "≥ (以上/不低于)",
        "gt" => "> (突破/超过)",
        "le" => "≤ (以下/不超过)",
        "lt" => "< (低于)",
        "approx" => "≈ (左右)",
        "range" => "区间",
        _ => "= (达到)",
    }
}

/// Targets and tasks as an Excel workbook.
pub async fn export(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Response> {
    let d = st.db.plans().get(&s.actor, id, None).await?;
    let targets = Sheet {
        name: "目标".into(),
        title: Some(format!("{} — 目标", d.plan.title)),
        headers: innocity_office::heads(
            "序号 | 指标 | 指标代码 | 比较 | 目标值 | 上限 | 单位 | 目标年 | 变化量 | 原文",
        ),
        widths: vec![6.0, 30.0, 22.0, 14.0, 10.0, 8.0, 10.0, 8.0, 8.0, 40.0],
        rows: d
            .targets
            .iter()
            .map(|t| {
                vec![
                    Cell::Number(t.seq as f64),
                    t.indicator_text.clone().into(),
                    t.indicator_code.clone().into(),
                    comparator_zh(&t.comparator).into(),
                    t.value.into(),
                    t.value_max.into(),
                    t.unit.clone().into(),
                    t.year.into(),
                    (if t.delta { "是" } else { "" }).into(),
                    t.source_text.clone().into(),
                ]
            })
            .collect(),
    };
    let units = |t: &innocity_db::plans::TaskView, roles: &[&str]| {
        t.units
            .iter()
            .filter(|u| roles.contains(&u.role.as_str()))
            .map(|u| u.org_name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    let tasks = Sheet {
        name: "任务".into(),
        title: Some(format!("{} — 重点任务", d.plan.title)),
        headers: innocity_office::heads(
            "序号 | 编号 | 任务 | 所属部分 | 牵头单位 | 配合单位 | 共同负责 | 时限",
        ),
        widths: vec![6.0, 6.0, 40.0, 30.0, 24.0, 30.0, 30.0, 12.0],
        rows: d
            .tasks
            .iter()
            .map(|t| {
                vec![
                    Cell::Number(t.seq as f64),
                    t.number.clone().into(),
                    t.title.clone().into(),
                    t.group.clone().into(),
                    units(t, &["lead"]).into(),
                    units(t, &["coop"]).into(),
                    units(t, &["joint"]).into(),
                    t.deadline.clone().into(),
                ]
            })
            .collect(),
    };
    let bytes = innocity_office::workbook(&[targets, tasks]).map_err(write_failed)?;
    Ok(attachment(bytes, XLSX, &format!("plan-{}.xlsx", d.plan.id)))
}
