//! Where "today" comes from: the system calendar in China Standard Time, a [`ManualClock`]
//! in tests, or a [`FileClock`] that tests and demonstrations move by writing a date.

use chrono::NaiveDate;
pub use innocity_supervise::{Clock, ManualClock, SystemClock};
use std::path::PathBuf;

/// A clock read from a file holding `YYYY-MM-DD` (falls back to the system clock when the
/// file is missing or unreadable). Only for tests and demonstrations: the binary honours
/// `INNOCITY_CLOCK_FILE` in debug builds only.
#[derive(Debug, Clone)]
pub struct FileClock(pub PathBuf);

impl Clock for FileClock {
    fn today(&self) -> NaiveDate {
        std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| SystemClock.today())
    }
}
