//! `data import`, `data export` and `targets`: monitoring data by codes and the status of
//! every target of a participant.
//!
//! The command line acts as the system (an administrator): an import fills open
//! assignments covering its rows, and rows no assignment covers are loaded as approved
//! historical values (statistical yearbooks). Every import is validated in full first and
//! writes nothing when any row is wrong.

use crate::DbArg;
use anyhow::{anyhow, bail, Context, Result};
use innocity_db::monitoring::ImportReport;
use innocity_db::{Actor, Db};
use innocity_domain::msg;
use innocity_office::data as office_data;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum DataCmd {
    /// Import values from .xlsx (the entry template), .csv (UTF-8 or GBK) or .json by codes.
    Import {
        file: PathBuf,
        /// Validate and report without writing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Export a region's values by codes.
    Export {
        #[arg(long)]
        region: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value = "json", value_parser = ["xlsx", "csv", "json"])]
        format: String,
        /// Output file (default: standard output for csv and json, data-REGION-YEAR.xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(clap::Args)]
pub struct TargetsArgs {
    /// Region code of the participant (e.g. 371400).
    #[arg(long)]
    pub participant: String,
    #[arg(long, default_value = "text", value_parser = ["json", "text"])]
    pub format: String,
    /// Include submitted values that are not yet approved.
    #[arg(long)]
    pub unapproved: bool,
    #[command(flatten)]
    pub db: DbArg,
}

async fn open(db: &DbArg) -> Result<Db> {
    Db::connect(&db.db)
        .await
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| format!("cannot open database {}", db.db))
}

fn print_report(r: &ImportReport) {
    for e in &r.errors {
        eprintln!(
            "{}{}: 第 {} 行 {}: {}",
            e.file,
            e.sheet
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            e.row,
            e.column,
            e.reason
        );
    }
    for w in &r.warnings {
        eprintln!(
            "警告 {}: 第 {} 行 {}: {}",
            w.file, w.row, w.column, w.reason
        );
    }
}

pub async fn data(cmd: DataCmd) -> Result<()> {
    match cmd {
        DataCmd::Import { file, dry_run, db } => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let meta = std::fs::metadata(&file).with_context(|| format!("{}", file.display()))?;
            if meta.len() > office_data::MAX_FILE_BYTES as u64 {
                let mb = office_data::MAX_FILE_BYTES / 1024 / 1024;
                bail!(
                    "{}",
                    msg!(
                        "too_large",
                        "{name}: 文件超过 {mb} MB,未写入任何数据",
                        "{name}: the file is larger than {mb} MB; nothing was written"
                    )
                );
            }
            let bytes = std::fs::read(&file).with_context(|| format!("{}", file.display()))?;
            let bytes: std::sync::Arc<[u8]> = bytes.into();
            let db = open(&db).await?;
            let t = std::time::Instant::now();
            let r = db
                .monitoring()
                .import_stream(
                    &Actor::system(),
                    || innocity_service::monitoring::import::stream_file(&name, bytes.clone()),
                    dry_run,
                )
                .await
                .map_err(|e| anyhow!("{e}"))?;
            if r.invalid_file {
                print_report(&r);
                let n = r.errors.len();
                bail!(
                    "{}",
                    msg!(
                        "invalid_file",
                        "{name}: {n} 处错误,未写入任何数据",
                        "{name}: {n} errors; nothing was written"
                    )
                );
            }
            if r.rows == 0 {
                bail!(
                    "{}",
                    msg!(
                        "empty_file",
                        "{name}: 文件中没有数据行,未写入任何数据",
                        "{name}: the file has no data rows; nothing was written"
                    )
                );
            }
            print_report(&r);
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({
                    "file": name,
                    "rows": r.rows,
                    "dry_run": r.dry_run,
                    "committed": r.committed,
                    "inserted": r.inserted,
                    "updated": r.updated,
                    "unchanged": r.unchanged,
                    "errors": r.errors.len(),
                    "warnings": r.warnings.len(),
                    "seconds": t.elapsed().as_secs_f64(),
                }))?
            );
            if !r.errors.is_empty() {
                let n = r.errors.len();
                bail!(
                    "{}",
                    msg!(
                        "invalid_rows",
                        "{name}: {n} 行有误,未写入任何数据",
                        "{name}: {n} rows have errors; nothing was written"
                    )
                );
            }
            Ok(())
        }
        DataCmd::Export {
            region,
            year,
            format,
            out,
            db,
        } => {
            let db = open(&db).await?;
            let rows = db
                .monitoring()
                .export_values(&Actor::system(), &region, year)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let fmt = innocity_service::monitoring::export::Format::parse(&format)
                .ok_or_else(|| anyhow!("--format: json, csv or xlsx, not {format}"))?;
            let bytes = innocity_service::monitoring::export::render(&rows, fmt)
                .map_err(|e| anyhow!("{e}"))?;
            let out = out.or_else(|| {
                (format == "xlsx").then(|| {
                    PathBuf::from(format!(
                        "data-{region}-{}.xlsx",
                        year.map_or("all".into(), |y| y.to_string())
                    ))
                })
            });
            match out {
                Some(p) => {
                    std::fs::write(&p, bytes).with_context(|| format!("{}", p.display()))?;
                    eprintln!("{} 行 → {}", rows.len(), p.display());
                }
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
            Ok(())
        }
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
}

pub async fn targets(a: TargetsArgs) -> Result<()> {
    let db = open(&a.db).await?;
    let sc = db
        .monitoring()
        .scorecard_for_region(&Actor::system(), &a.participant, !a.unapproved)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let rows: Vec<serde_json::Value> = sc
        .rows
        .iter()
        .map(|r| {
            let t = &r.tracking;
            json!({
                "indicator": r.indicator,
                "indicator_text": r.indicator_text,
                "comparator": r.comparator,
                "target_value": r.target_value,
                "value_max": r.value_max,
                "unit": r.unit,
                "target_year": r.target_year,
                "baseline": t.baseline,
                "latest_value": t.latest.map(|p| p.value),
                "latest_year": t.latest.map(|p| p.year),
                "progress": t.progress,
                "required_growth": t.required_growth,
                "actual_growth": t.actual_growth,
                "forecast": t.forecast,
                "forecast_method": t.forecast_method,
                "status": t.status,
                "status_label": t.status_label.zh,
            })
        })
        .collect();
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if a.format == "json" {
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&json!({
                "participant": sc.region_code,
                "region_name": sc.region_name,
                "plan": sc.plan_title,
                "approved_only": sc.approved_only,
                "targets": rows,
            }))?
        );
        return Ok(());
    }
    let _ = writeln!(
        stdout,
        "{} — {}",
        sc.region_name,
        sc.plan_title.as_deref().unwrap_or("(无实施方案)")
    );
    for r in &sc.rows {
        let t = &r.tracking;
        let _ = writeln!(
            stdout,
            "[{}] {} {} {}{} ({}) | 基期 {} | 最新 {} ({}) | 进度 {} | 预测 {}",
            t.status_label,
            r.indicator_text,
            r.comparator,
            num(r.target_value),
            r.unit.as_deref().unwrap_or(""),
            r.target_year.map_or("每年".into(), |y| format!("{y}年")),
            t.baseline.map_or("—".into(), |p| format!(
                "{} {}",
                p.year,
                num(Some(p.value))
            )),
            num(t.latest.map(|p| p.value)),
            t.latest.map_or("—".into(), |p| p.year.to_string()),
            t.progress
                .map_or("—".into(), |p| format!("{:.0}%", p * 100.0)),
            num(t.forecast),
        );
    }
    Ok(())
}
