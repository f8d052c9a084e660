//! Evaluation (综合评价): versioned methods, runs over participants from approved data (long
//! uncertainty runs continue in the background; poll the run for done/total), results and
//! their Excel export. Bad method files and data answer 422 with one field per problem,
//! named by file, row and column.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use innocity_db::evaluation::{MethodIn, RunIn};
use innocity_office::{Cell, Sheet};
use serde::Deserialize;
use serde_json::{json, Value};

fn id(s: &str) -> ApiResult<i64> {
    s.parse::<i64>()
        .map_err(|_| ApiError::not_found(format!("编号 {s} 无效")))
}

/// Newest version of every method.
pub async fn methods(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<Value>> {
    let items = st.db.evaluation().methods(&s.actor).await?;
    let n = items.len();
    Ok(Json(
        json!({"items": items, "total": n, "page": 1, "per_page": n}),
    ))
}

/// One method version: method file, structure, versions of the same method.
pub async fn method(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(mid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.evaluation().method(&s.actor, id(&mid)?).await?
    )))
}

/// A new method (version 1).
pub async fn create_method(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<MethodIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let d = st.db.evaluation().create_method(&s.actor, None, &b).await?;
    Ok((StatusCode::CREATED, Json(json!(d))))
}

/// A new version of the method `{id}` belongs to.
pub async fn create_version(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(mid): Path<String>,
    Body(b): Body<MethodIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let of = id(&mid)?;
    let d = st
        .db
        .evaluation()
        .create_method(&s.actor, Some(of), &b)
        .await?;
    Ok((StatusCode::CREATED, Json(json!(d))))
}

#[derive(Deserialize)]
pub struct RunQ {
    method_id: Option<i64>,
}

/// Runs visible to the caller, newest first.
pub async fn runs(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<RunQ>,
) -> ApiResult<Json<Value>> {
    let items = st.db.evaluation().runs(&s.actor, q.method_id).await?;
    let n = items.len();
    Ok(Json(
        json!({"items": items, "total": n, "page": 1, "per_page": n}),
    ))
}

/// 202 when a background analysis was started (it may already have finished: poll the run),
/// 201 for a nominal run.
fn started(d: &innocity_db::evaluation::RunDetail) -> StatusCode {
    if d.run.uncertainty_n.is_some() {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    }
}

/// Starts a run; with `uncertainty` it answers 202 and the analysis continues.
pub async fn start(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<RunIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let d = st.db.evaluation().start(&s.actor, &b).await?;
    Ok((started(&d), Json(json!(d))))
}

/// Starts a new run with the parameters of run `{id}` (e.g. after it was interrupted).
pub async fn rerun(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let d = st.db.evaluation().rerun(&s.actor, id(&rid)?).await?;
    Ok((started(&d), Json(json!(d))))
}

/// A run: status and progress (done/total), aggregates, ranking with dimension scores and
/// rank intervals of the caller's visible participants.
pub async fn run(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.evaluation().run(&s.actor, id(&rid)?).await?
    )))
}

/// The Chinese sheet name of an engine output file.
fn stage_sheet_name(file: &str) -> String {
    let stem = file.trim_end_matches(".csv");
    let zh = match stem {
        "stage_Raw" => "阶段-原始数据",
        "stage_Denominated" => "阶段-分母化",
        "stage_Imputed" => "阶段-插补",
        "stage_Screened" => "阶段-筛选",
        "stage_Treated" => "阶段-异常值处理",
        "stage_Normalised" => "阶段-归一化",
        "stage_Aggregated" => "阶段-聚合",
        "results_scores_ranks" => "结果-得分与排名",
        "treat_log_indicators" => "日志-异常值处理",
        "treat_log_points" => "日志-处理点",
        "impute_log_cells" => "日志-插补单元格",
        "screen_summary" => "日志-筛选",
        "weights_effective" => "有效权重",
        _ => "",
    };
    let name = if zh.is_empty() { stem } else { zh };
    // Excel: at most 31 characters, none of []:*?/\.
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// One line of the engine's CSV (quoted text with "" escapes, bare numbers).
fn csv_cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// An engine output CSV as a sheet: numbers as numbers, `NA` and empty cells blank.
fn csv_sheet(file: &str, content: &str) -> Sheet {
    let mut lines = content.lines();
    let headers = lines.next().map(csv_cells).unwrap_or_default();
    let rows = lines
        .map(|l| {
            csv_cells(l)
                .into_iter()
                .map(|c| match c.parse::<f64>() {
                    Ok(v) if v.is_finite() => Cell::from(v),
                    _ if c.is_empty() || c == "NA" => Cell::from(None::<f64>),
                    _ => Cell::Text(c),
                })
                .collect()
        })
        .collect();
    Sheet {
        name: stage_sheet_name(file),
        title: None,
        widths: vec![12.0],
        headers,
        rows,
    }
}

/// The ranking, dimension scores and rank intervals as an Excel workbook, with the
/// sensitivity indices and, for callers who see every participant, every stage.
pub async fn export(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
) -> ApiResult<Response> {
    let d = st.db.evaluation().run(&s.actor, id(&rid)?).await?;
    let title = format!(
        "{}(第 {} 版)— {} 年评价结果",
        d.run.method_name, d.run.method_version, d.run.year
    );
    let mut headers: Vec<String> = ["排名", "地区代码", "地区"].map(String::from).to_vec();
    for a in &d.aggregates {
        headers.push(format!("{} {}", a.name, a.code));
    }
    let with_mc = d.run.uncertainty_n.is_some();
    if with_mc {
        headers.extend(["排名中位数", "排名 P05", "排名 P95"].map(String::from));
    }
    let rows = d
        .results
        .iter()
        .map(|r| {
            let mut row: Vec<Cell> = vec![
                r.rank.map(f64::from).into(),
                r.region_code.as_str().into(),
                r.name.as_str().into(),
            ];
            row.extend(r.scores.iter().map(|v| Cell::from(*v)));
            if with_mc {
                row.extend([r.median_rank, r.p05_rank, r.p95_rank].map(Cell::from));
            }
            row
        })
        .collect();
    let ranking = Sheet {
        name: "排名".into(),
        title: Some(title),
        widths: vec![6.0, 10.0, 16.0],
        headers,
        rows,
    };
    let info = Sheet {
        name: "运行信息".into(),
        title: None,
        headers: vec!["项目".into(), "内容".into()],
        widths: vec![16.0, 70.0],
        rows: [
            ("运行编号", d.run.id.to_string()),
            (
                "评价方法",
                format!(
                    "{} ({} 第 {} 版)",
                    d.run.method_name, d.run.method_key, d.run.method_version
                ),
            ),
            ("年份", d.run.year.to_string()),
            ("参与城市/县", d.run.participants.to_string()),
            (
                "不确定性分析",
                d.run
                    .uncertainty_n
                    .map(|n| format!("N = {n}, seed = {}", d.run.seed.unwrap_or_default()))
                    .unwrap_or_else(|| "无".into()),
            ),
            (
                "灵敏度分析",
                d.run
                    .sensitivity_n
                    .map(|n| format!("Saltelli 基础样本 N = {n}"))
                    .unwrap_or_else(|| "无".into()),
            ),
            ("状态", d.run.status.clone()),
            ("说明", d.run.error.clone().unwrap_or_default()),
            ("输入 SHA-256", d.run.input_sha256.clone()),
            ("数据", "已审核的监测数据(approved / accepted)".into()),
        ]
        .into_iter()
        .map(|(k, v)| vec![Cell::from(k), Cell::Text(v)])
        .collect(),
    };
    let mut sheets = vec![ranking];
    if !d.sensitivity.is_empty() {
        sheets.push(Sheet {
            name: "灵敏度".into(),
            title: Some(format!(
                "灵敏度分析(Saltelli 设计,基础样本 N = {},输出:综合指数排名平均绝对变动)",
                d.run.sensitivity_n.unwrap_or_default()
            )),
            widths: vec![16.0, 16.0, 14.0, 14.0],
            headers: ["不确定因素", "代码", "一阶指数 Si", "总效应指数 STi"]
                .map(String::from)
                .to_vec(),
            rows: d
                .sensitivity
                .iter()
                .map(|x| {
                    vec![
                        Cell::from(innocity_db::evaluation::factor_name(&x.factor)),
                        Cell::from(x.factor.as_str()),
                        Cell::from(x.si),
                        Cell::from(x.sti),
                    ]
                })
                .collect(),
        });
    }
    sheets.push(info);
    // Every stage, when the caller sees every participant (the stages hold their data).
    if let Some(files) = st.db.evaluation().run_stages(&s.actor, d.run.id).await? {
        for (name, content) in files {
            sheets.push(csv_sheet(&name, &content));
        }
    }
    let bytes = innocity_office::workbook(&sheets)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let fname = format!("evaluation-{}.xlsx", d.run.id);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{fname}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("evaluation")
        .get("/evaluations/methods", Authed, "Evaluation methods (newest version of each; presets included)", methods)
        .post("/evaluations/methods", Review, "Create a method (method TOML + iMeta structure); bad files answer 422 naming file, row and column", create_method)
        .get("/evaluations/methods/{id}", Authed, "One method version: method TOML, structure (unverified indicators marked), version history", method)
        .post("/evaluations/methods/{id}/versions", Review, "Create a new version of the method (old runs keep their version)", create_version)
        .get("/evaluations/runs", Authed, "Runs with a participant in the caller's scope (method_id)", runs)
        .post("/evaluations/runs", Review, "Run a method over participants and a year from approved data (uncertainty N, seed, sensitivity base sample: 202, continues in the background)", start)
        .get("/evaluations/runs/{id}", Authed, "A run: progress (done/total), ranking, dimension scores, rank intervals (scoped rows)", run)
        .get("/evaluations/runs/{id}/export.xlsx", Authed, "A run's results as an Excel workbook", export)
        .post("/evaluations/runs/{id}/rerun", Review, "Start a new run with the parameters of this one (e.g. after it was interrupted by a restart)", rerun)
}
