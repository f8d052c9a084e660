//! The in-server reminder job: the same work as `innocity tasks remind` (colour changes,
//! reminders before and after deadlines, their e-mails), run once shortly after the server
//! starts and then once for every new day of the application clock.
//!
//! Running it more often than needed is harmless: `sv_reminders` holds one unique row per
//! task and reminder, so a reminder is never sent twice, whether the job runs again in this
//! process, after a restart, or from cron beside the server.

use crate::mail::{self, Smtp};
use innocity_db::supervision::RemindReport;
use innocity_db::Db;
use innocity_supervise::Clock;
use std::sync::Arc;
use std::time::Duration;

/// When the job runs.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// Delay after start before the first run.
    pub first_delay: Duration,
    /// How often the clock is looked at; the job runs when the day changed.
    pub check_every: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            first_delay: Duration::from_secs(60),
            check_every: Duration::from_secs(3600),
        }
    }
}

/// The job's state: the day it last ran.
pub struct Reminders {
    db: Db,
    clock: Arc<dyn Clock>,
    smtp: Option<Smtp>,
    last: Option<chrono::NaiveDate>,
}

/// What one tick did.
#[derive(Debug)]
pub struct Ran {
    pub report: RemindReport,
    pub mailed: usize,
}

impl Reminders {
    pub fn new(db: Db, clock: Arc<dyn Clock>, smtp: Option<Smtp>) -> Reminders {
        Reminders {
            db,
            clock,
            smtp,
            last: None,
        }
    }

    /// Runs the job when the clock's day has not been done yet by this process; `None` when
    /// it had. An error leaves the day to be tried again at the next tick.
    pub async fn tick(&mut self) -> Result<Option<Ran>, innocity_db::Error> {
        let today = self.clock.today();
        if self.last == Some(today) {
            return Ok(None);
        }
        let report = self.db.supervision().remind(today).await?;
        let mailed = mail::flush_with(&self.db, self.smtp.as_ref()).await;
        self.last = Some(today);
        Ok(Some(Ran { report, mailed }))
    }

    /// Runs forever on `schedule` (spawn it).
    pub async fn run(mut self, schedule: Schedule) {
        tokio::time::sleep(schedule.first_delay).await;
        loop {
            match self.tick().await {
                Ok(Some(r)) => tracing::info!(
                    "reminders {}: {} tasks, {} colour changes, {} reminders, {} e-mails",
                    self.last.map(|d| d.to_string()).unwrap_or_default(),
                    r.report.tasks,
                    r.report.colour_changes,
                    r.report.reminders.len(),
                    r.mailed
                ),
                Ok(None) => {}
                Err(e) => tracing::warn!("reminders: {e}"),
            }
            tokio::time::sleep(schedule.check_every.max(Duration::from_secs(1))).await;
        }
    }
}
