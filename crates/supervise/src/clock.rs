//! Where "today" comes from: the real calendar day or a clock moved by hand in tests.

use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Debug;
use std::sync::atomic::{AtomicI32, Ordering};

/// Where "today" comes from. Inject a [`ManualClock`] in tests.
pub trait Clock: Send + Sync + Debug {
    fn today(&self) -> NaiveDate;
}

/// The real calendar day in China Standard Time (UTC+8).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn today(&self) -> NaiveDate {
        (chrono::Utc::now() + Duration::hours(8)).date_naive()
    }
}

/// A clock that stands still until moved.
#[derive(Debug)]
pub struct ManualClock(AtomicI32);

impl ManualClock {
    pub fn new(d: NaiveDate) -> ManualClock {
        ManualClock(AtomicI32::new(d.num_days_from_ce()))
    }
    pub fn set(&self, d: NaiveDate) {
        self.0.store(d.num_days_from_ce(), Ordering::SeqCst);
    }
    pub fn advance(&self, days: i32) {
        self.0.fetch_add(days, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn today(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0.load(Ordering::SeqCst))
            .unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::d;

    #[test]
    fn manual_clock_moves() {
        let c = ManualClock::new(d("2026-01-01"));
        c.advance(31);
        assert_eq!(c.today(), d("2026-02-01"));
        c.set(d("2025-12-31"));
        assert_eq!(c.today(), d("2025-12-31"));
    }
}
