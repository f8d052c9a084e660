//! m0008_evaluation_more: a heartbeat of the background evaluation job (runs left `running`
//! by a restart are marked `interrupted`) and the sensitivity analysis (`sensitivity_n`,
//! `sensitivity`), on `evaluation_runs`.
//!
//! Frozen. Databases made before the migrations were frozen created `evaluation_runs` with
//! the columns already; they are added only where missing.

use super::*;

/// The columns added, in order.
pub(super) const COLUMNS: [&str; 3] = ["heartbeat_at", "sensitivity_n", "sensitivity"];

migration! {
    "m0008_evaluation_more",
    up(m) {
        let [beat, n, sens] = COLUMNS;
        add_missing_columns(
            m,
            "evaluation_runs",
            vec![
                col(beat).timestamp_with_time_zone().to_owned(),
                col(n).integer().to_owned(),
                col(sens).text().to_owned(),
            ],
        )
        .await
    },
    down(m) {
        let mut cols = COLUMNS;
        cols.reverse();
        drop_present_columns(m, "evaluation_runs", &cols).await
    }
}
