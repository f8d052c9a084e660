//! `tasks list` and `tasks remind`: task supervision (督查督办) for scripts and cron.

use crate::DbArg;
use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use innocity_db::supervision::TaskFilter;
use innocity_db::{Actor, Db};
use innocity_supervise::{Clock, SystemClock};
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum TasksCmd {
    /// List the supervised tasks of a participant (city or county) with their colour.
    List {
        /// Region code of the participant, e.g. 371400.
        #[arg(long)]
        participant: String,
        /// Output: text (a table) or json.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Send the reminders due today and record colour changes (safe to run daily from cron:
    /// a reminder is never sent twice).
    Remind {
        /// Run as of this day (YYYY-MM-DD) instead of today.
        #[arg(long)]
        today: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

/// The application clock: the system clock, or in debug builds the day written in the file
/// named by `INNOCITY_CLOCK_FILE` (tests move time this way).
pub fn clock() -> Arc<dyn Clock> {
    if cfg!(debug_assertions) {
        if let Some(p) = std::env::var_os("INNOCITY_CLOCK_FILE").filter(|p| !p.is_empty()) {
            return Arc::new(innocity_service::clock::FileClock(p.into()));
        }
    }
    Arc::new(SystemClock)
}

/// SMTP settings from the environment (see `innocity_service::mail::Smtp::from_env`).
pub fn smtp() -> Result<Option<innocity_service::mail::Smtp>> {
    innocity_service::mail::Smtp::from_env().map_err(|e| anyhow!("SMTP: {e}"))
}

/// Sets the supervision parts of the server configuration from the environment.
pub fn configure(cfg: &mut innocity_web::Config) -> Result<()> {
    cfg.clock = clock();
    cfg.smtp = smtp()?;
    Ok(())
}

pub async fn run(cmd: TasksCmd) -> Result<()> {
    match cmd {
        TasksCmd::List {
            participant,
            format,
            db,
        } => {
            let db = Db::connect(&db.db).await.context("open the database")?;
            let today = clock().today();
            let f = TaskFilter {
                region: Some(participant.clone()),
                ..Default::default()
            };
            let items: Vec<_> = db
                .supervision()
                .tasks(&Actor::system(), today, &f)
                .await
                .map_err(|e| anyhow!("{e}"))?
                .into_iter()
                .filter(|t| t.region_code == participant)
                .collect();
            if format == "json" {
                let mut v = serde_json::json!({
                    "participant": participant, "today": today, "items": items
                });
                innocity_domain::msg::localize_json(&mut v, innocity_domain::Lang::Zh);
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "{:>5}  {:<8} {:<6} {:<10} {:<24} 任务",
                    "id", "状态", "颜色", "时限", "牵头单位"
                );
                for t in &items {
                    let lead: Vec<&str> = t
                        .units
                        .iter()
                        .filter(|u| u.part != "coop")
                        .map(|u| u.org_name.as_str())
                        .collect();
                    println!(
                        "{:>5}  {:<8} {:<6} {:<10} {:<24} {} {}",
                        t.id,
                        t.status_label,
                        t.colour.as_str(),
                        t.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                        lead.join("、"),
                        t.number,
                        t.title
                    );
                }
                println!("{} 项任务(截至 {today})", items.len());
            }
            Ok(())
        }
        TasksCmd::Remind { today, db } => {
            let today = match today {
                Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
                    anyhow!("--today: {}", innocity_domain::msg::common::invalid_date())
                })?,
                None => clock().today(),
            };
            let db = Db::connect(&db.db).await.context("open the database")?;
            let rep = db
                .supervision()
                .remind(today)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let mailed = innocity_service::mail::flush_with(&db, smtp()?.as_ref()).await;
            println!(
                "{today}: {} 项在办任务,{} 项颜色变化,发送提醒 {} 条,邮件 {} 封",
                rep.tasks,
                rep.colour_changes,
                rep.reminders.len(),
                mailed
            );
            Ok(())
        }
    }
}
