//! A run's results as an Excel workbook: ranking, sensitivity, run facts and (for callers who
//! see every participant) every stage of the pipeline.

use crate::api::{attachment, write_failed, XLSX};
use crate::error::ApiResult;
use crate::extract::{Authed, Id};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use innocity_office::{Cell, Sheet};

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
    Id(id): Id,
) -> ApiResult<Response> {
    let d = st.db.evaluation().run(&s.actor, id).await?;
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
            headers: innocity_office::heads("不确定因素 | 代码 | 一阶指数 Si | 总效应指数 STi"),
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
    let bytes = innocity_office::workbook(&sheets).map_err(write_failed)?;
    Ok(attachment(
        bytes,
        XLSX,
        &format!("evaluation-{}.xlsx", d.run.id),
    ))
}
