//! m0010_messages: notifications keep their English beside the Chinese
//! (`sv_notifications.title_en`, `sv_notifications.body_en`), so each reader gets its own
//! language. Rows written before stay Chinese only (the columns are NULL).
//!
//! Frozen.

use super::*;

migration! {
    "m0010_messages",
    up(m) {
        let title_en = col("title_en").string().to_owned();
        let body_en = col("body_en").text().to_owned();
        add_missing_columns(m, "sv_notifications", vec![title_en, body_en]).await
    },
    down(m) {
        drop_present_columns(m, "sv_notifications", &["title_en", "body_en"]).await
    }
}
