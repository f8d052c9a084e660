//! The notification centre of the caller's organisation.

use innocity_db::supervision::NotificationView;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct NoteQ {
    #[serde(default)]
    unread: bool,
}

/// Notifications with the number not yet read.
#[derive(Serialize, JsonSchema)]
pub struct NotificationsOut {
    items: Vec<NotificationView>,
    unread: usize,
}

handler!(notifications(st, s, q: Q<NoteQ>) -> NotificationsOut = {
    let items = st.db.supervision().notifications(&s.actor, q.unread).await?;
    let unread = items.iter().filter(|n| n.read_at.is_none()).count();
    NotificationsOut { items, unread }
});

/// The notifications to mark read.
#[derive(Deserialize, JsonSchema)]
pub struct ReadIn {
    ids: Vec<i64>,
}

/// How many notifications were marked read.
#[derive(Serialize, JsonSchema)]
pub struct ReadOut {
    read: usize,
}

handler!(read(st, s, b: Body<ReadIn>) -> ReadOut = ReadOut {
    read: st.db.supervision().read(&s.actor, &b.ids).await?,
});
