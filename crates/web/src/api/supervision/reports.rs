//! Reports: unit scores and ranking over a period, the ledger (台账) as Excel and the
//! bulletin (情况通报) as DOCX.

use super::tasks::coordinator;
use crate::api::{attachment, write_failed, DOCX, XLSX};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Q};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use innocity_db::supervision::{Scores, TaskFilter, TaskSummary};
use innocity_domain::msg::common;
use innocity_office::{Cell, Sheet};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ScoreQ {
    from: Option<String>,
    to: Option<String>,
    region: Option<String>,
}

fn period(q: &ScoreQ, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let parse = |f: &str, v: &Option<String>, dflt: NaiveDate| -> ApiResult<NaiveDate> {
        match v.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(dflt),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::invalid(f, common::invalid_date())),
        }
    };
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Ok((parse("from", &q.from, start)?, parse("to", &q.to, today)?))
}

handler!(scores(st, s, q: Q<ScoreQ>) -> Scores = {
    let today = st.cfg.clock.today();
    let (from, to) = period(&q, today)?;
    let region = q.region.as_deref();
    st.db.supervision().scores(&s.actor, today, from, to, region).await?
});

fn names(t: &TaskSummary, parts: &[&str]) -> String {
    t.units
        .iter()
        .filter(|u| parts.contains(&u.part.as_str()))
        .map(|u| u.org_name.clone())
        .collect::<Vec<_>>()
        .join("、")
}

/// The ledger (台账) sheet: 序号, 任务, 牵头单位, 配合单位, 时限, 进展, 状态.
pub fn ledger_sheet(items: &[TaskSummary], today: NaiveDate) -> Sheet {
    Sheet {
        name: "督办台账".into(),
        title: Some(format!("重点任务督办台账(截至 {today})")),
        headers: innocity_office::heads("序号 | 任务 | 牵头单位 | 配合单位 | 时限 | 进展 | 状态"),
        widths: vec![6.0, 44.0, 28.0, 28.0, 12.0, 40.0, 16.0],
        rows: items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let progress = match (&t.progress, &t.latest_report) {
                    (Some(p), Some(r)) => format!("{p:.0}% {r}"),
                    (Some(p), None) => format!("{p:.0}%"),
                    (None, Some(r)) => r.clone(),
                    (None, None) => String::new(),
                };
                let status = if t.colour == innocity_supervise::Colour::Green {
                    t.status_label.zh.clone()
                } else {
                    format!("{}({})", t.status_label.zh, t.colour_label.zh)
                };
                vec![
                    Cell::Number((i + 1) as f64),
                    if t.number.is_empty() {
                        t.title.clone().into()
                    } else {
                        format!("{} {}", t.number, t.title).into()
                    },
                    names(t, &["lead", "joint"]).into(),
                    names(t, &["coop"]).into(),
                    t.due.map(|d| d.to_string()).into(),
                    progress.into(),
                    status.into(),
                ]
            })
            .collect(),
    }
}

pub async fn ledger(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(f): Q<TaskFilter>,
) -> ApiResult<Response> {
    let today = st.cfg.clock.today();
    let items = st.db.supervision().tasks(&s.actor, today, &f).await?;
    let bytes = innocity_office::workbook(&[ledger_sheet(&items, today)]).map_err(write_failed)?;
    Ok(attachment(bytes, XLSX, &format!("ledger-{today}.xlsx")))
}

/// The bulletin (情况通报) over a period as DOCX: overview, ranking, rule, warned tasks.
pub async fn bulletin(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let (from, to) = period(&q, today)?;
    let sc = st
        .db
        .supervision()
        .scores(&s.actor, today, from, to, q.region.as_deref())
        .await?;
    let filter = TaskFilter {
        region: q.region.clone(),
        ..Default::default()
    };
    let tasks = st.db.supervision().tasks(&s.actor, today, &filter).await?;
    let doc = bulletin_blocks(&sc, &tasks);
    let bytes = innocity_office::docx::document(&doc).map_err(write_failed)?;
    Ok(attachment(
        bytes,
        DOCX,
        &format!("bulletin-{from}-{to}.docx"),
    ))
}

/// The bulletin's text, generated from the scores and the tasks.
pub fn bulletin_blocks(
    sc: &innocity_db::supervision::Scores,
    tasks: &[TaskSummary],
) -> Vec<innocity_office::docx::Block> {
    use innocity_office::docx::Block;
    let n = |c: &str| sc.colours.get(c).copied().unwrap_or(0);
    let closed = tasks.iter().filter(|t| t.status == "closed").count();
    let mut out = vec![
        Block::Title("重点任务督查督办情况通报".into()),
        Block::Subtitle(format!("({} 至 {})", sc.from, sc.to)),
        Block::Heading("一、总体情况".into()),
        Block::Para(format!(
            "截至 {},共督办重点任务 {} 项,已办结销号 {} 项;红色预警 {} 项,黄色预警 {} 项,蓝色预警 {} 项。",
            sc.today,
            tasks.len(),
            closed,
            n("red"),
            n("yellow"),
            n("blue")
        )),
        Block::Heading("二、责任单位考评排名".into()),
    ];
    if let (Some(first), Some(last)) = (sc.rows.first(), sc.rows.last()) {
        if sc.rows.len() > 1 {
            out.push(Block::Para(format!(
                "{}得分最高({:.1} 分),{}得分最低({:.1} 分)。",
                first.org_name, first.score.score, last.org_name, last.score.score
            )));
        }
    }
    out.push(Block::Table {
        headers: innocity_office::heads(
            "排名 | 单位 | 得分 | 按时报告 | 未按时报告 | 逾期天数 | 按期办结 | 逾期办结",
        ),
        rows: sc
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    r.org_name.clone(),
                    format!("{:.1}", r.score.score),
                    r.score.on_time_reports.to_string(),
                    r.score.missed_reports.to_string(),
                    r.score.overdue_days.to_string(),
                    r.score.completed.to_string(),
                    r.score.completed_late.to_string(),
                ]
            })
            .collect(),
    });
    let r = &sc.rules;
    out.push(Block::Heading("三、计分规则".into()));
    out.push(Block::Para(format!(
        "按时报送进展每次加 {} 分,未按时报送每次扣 {} 分;任务或节点每逾期一天扣 {} 分;按期办结加 {} 分,逾期办结加 {} 分;逾期签收扣 {} 分;配合单位按 {} 倍计分。",
        r.on_time_report, r.missed_report, r.overdue_day, r.completion, r.late_completion, r.late_sign, r.coop_weight
    )));
    let warned: Vec<&TaskSummary> = tasks
        .iter()
        .filter(|t| {
            matches!(
                t.colour,
                innocity_supervise::Colour::Red | innocity_supervise::Colour::Yellow
            )
        })
        .collect();
    out.push(Block::Heading("四、预警任务".into()));
    if warned.is_empty() {
        out.push(Block::Para("本期无红色、黄色预警任务。".into()));
    } else {
        out.push(Block::Table {
            headers: innocity_office::heads("任务 | 牵头单位 | 预警 | 原因"),
            rows: warned
                .iter()
                .map(|t| {
                    vec![
                        format!("{} {}", t.number, t.title).trim().to_string(),
                        names(t, &["lead", "joint"]),
                        t.colour_label.zh.clone(),
                        innocity_domain::Msg::join(&t.reasons, "reasons").zh,
                    ]
                })
                .collect(),
        });
    }
    out
}
