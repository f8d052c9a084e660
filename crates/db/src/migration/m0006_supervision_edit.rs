//! m0006_supervision_edit: units added to or taken off an assigned task keep the days
//! (`sv_units.added_on`, `sv_units.removed_on`).
//!
//! Frozen. Databases made before the migrations were frozen created `sv_units` with the
//! columns already; they are added only where missing.

use super::*;

/// The columns added, in order.
pub(super) const COLUMNS: [&str; 2] = ["added_on", "removed_on"];

migration! {
    "m0006_supervision_edit",
    up(m) {
        let cols = COLUMNS.map(|c| col(c).date().to_owned());
        add_missing_columns(m, "sv_units", cols.to_vec()).await
    },
    down(m) {
        let mut cols = COLUMNS;
        cols.reverse();
        drop_present_columns(m, "sv_units", &cols).await
    }
}
