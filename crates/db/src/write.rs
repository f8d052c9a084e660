//! The one write path (写入路径): begin → body → audit → commit.
//!
//! Every user action that changes data runs in one [`Write`]: a transaction that queues the
//! action's audit events and inserts them just before it commits. Committing a write that
//! queued no event is a bug (a debug assertion, and an error in release builds), so a write
//! cannot forget its audit event. Dropping a `Write` without committing rolls it back.
//!
//! ```ignore
//! let mut txn = self.begin_write(actor).await?;
//! let m = am.insert(&txn).await?;
//! txn.added("create", "region", &m.code, &m);
//! txn.commit().await?;
//! ```

use crate::entity::audit_event;
use crate::{Actor, Db, Error, Result};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

/// An open write: the transaction (it is a [`ConnectionTrait`], so `&txn` runs queries) plus
/// the audit events queued so far.
pub struct Write<'a> {
    txn: DatabaseTransaction,
    actor: &'a Actor,
    events: Vec<audit_event::ActiveModel>,
}

impl Db {
    /// Opens a bare transaction on the writer (IMMEDIATE on SQLite: it takes the write lock
    /// at BEGIN, so it never fails later on a stale snapshot). Only for writes that are not a
    /// user action (background results, restore); user actions use [`Db::begin_write`].
    pub async fn begin_plain(&self) -> Result<DatabaseTransaction> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.writer.begin_with_options(opts).await?)
    }

    /// Opens a write on behalf of `actor` (the default author of its audit events).
    pub async fn begin_write<'a>(&self, actor: &'a Actor) -> Result<Write<'a>> {
        Ok(Write {
            txn: self.begin_plain().await?,
            actor,
            events: Vec::new(),
        })
    }
}

/// Serialises writes that check a key and then insert it (an upsert): on PostgreSQL a
/// transaction-scoped advisory lock on `key`, so a second writer of the same key waits and
/// then sees the first one's row instead of failing on the unique index (shared by every app
/// server on the database). SQLite needs nothing: it has one writer at a time.
pub async fn key_lock<C: ConnectionTrait>(c: &C, key: &str) -> Result<()> {
    if c.get_database_backend() == DbBackend::Postgres {
        c.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}

impl Write<'_> {
    /// Queues one audit event by the write's actor. `before`/`after` are the record's JSON
    /// (None for the create/delete sides).
    pub fn audit(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) {
        let actor = self.actor;
        self.audit_as(actor, action, entity, entity_id, before, after);
    }

    /// Queues the event of a change: the record before and after.
    pub fn changed<T: serde::Serialize>(
        &mut self,
        action: &str,
        entity: &str,
        id: impl ToString,
        before: &T,
        after: &T,
    ) {
        let (b, a) = (crate::audit::snap(before), crate::audit::snap(after));
        self.audit(action, entity, id, b, a);
    }

    /// Queues the event of a record that now exists (`after` only).
    pub fn added<T: serde::Serialize>(
        &mut self,
        action: &str,
        entity: &str,
        id: impl ToString,
        after: &T,
    ) {
        let a = crate::audit::snap(after);
        self.audit(action, entity, id, None, a);
    }

    /// Queues the event of a record that is gone (`before` only).
    pub fn removed<T: serde::Serialize>(
        &mut self,
        action: &str,
        entity: &str,
        id: impl ToString,
        before: &T,
    ) {
        let b = crate::audit::snap(before);
        self.audit(action, entity, id, b, None);
    }

    /// Queues one audit event by another actor (one known only inside the write, e.g. the
    /// user who just logged in).
    pub fn audit_as(
        &mut self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) {
        self.events.push(crate::audit::event(
            actor, action, entity, entity_id, before, after,
        ));
    }

    /// Inserts the queued audit events and commits. Fails, writing nothing, when no event
    /// was queued.
    pub async fn commit(self) -> Result<()> {
        debug_assert!(
            !self.events.is_empty(),
            "a write committed without an audit event"
        );
        if self.events.is_empty() {
            return Err(Error::Db(DbErr::Custom(
                "a write committed without an audit event".into(),
            )));
        }
        for e in self.events {
            e.insert(&self.txn).await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}

impl Write<'_> {
    /// Abandons the write (nothing of it is kept).
    pub async fn rollback(self) -> Result<()> {
        self.txn.rollback().await?;
        Ok(())
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl ConnectionTrait for Write<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }
    async fn execute_raw(&self, stmt: Statement) -> std::result::Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }
    async fn execute_unprepared(&self, sql: &str) -> std::result::Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }
    async fn query_one_raw(
        &self,
        stmt: Statement,
    ) -> std::result::Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }
    async fn query_all_raw(&self, stmt: Statement) -> std::result::Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
}

#[cfg(test)]
mod tests {
    use crate::entity::{audit_event, region};
    use crate::{Actor, Db};
    use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

    async fn fresh() -> (Db, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "innocity-write-{}-{}.db",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        (
            Db::connect(&path.display().to_string()).await.unwrap(),
            path,
        )
    }

    fn region(code: &str) -> region::ActiveModel {
        region::ActiveModel {
            code: Set(code.into()),
            name: Set(format!("区划{code}")),
            level: Set("nation".into()),
            parent_code: Set(None),
            demo: Set(false),
        }
    }

    #[tokio::test]
    async fn commit_writes_the_change_and_its_event_drop_rolls_back() {
        let (db, path) = fresh().await;
        let actor = Actor::system();
        let events = audit_event::Entity::find().count(&db.conn).await.unwrap();

        let mut txn = db.begin_write(&actor).await.unwrap();
        region("990000").insert(&txn).await.unwrap();
        txn.audit("create", "region", "990000", None, None);
        txn.commit().await.unwrap();
        assert!(region::Entity::find_by_id("990000".to_string())
            .one(&db.conn)
            .await
            .unwrap()
            .is_some());
        let last = audit_event::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(
            (
                last.action.as_str(),
                last.entity.as_str(),
                last.entity_id.as_str()
            ),
            ("create", "region", "990000")
        );
        assert_eq!(last.username.as_deref(), Some("system"));
        assert_eq!(
            audit_event::Entity::find().count(&db.conn).await.unwrap(),
            events + 1
        );

        let mut txn = db.begin_write(&actor).await.unwrap();
        region("990001").insert(&txn).await.unwrap();
        txn.audit("create", "region", "990001", None, None);
        drop(txn);
        assert!(region::Entity::find_by_id("990001".to_string())
            .one(&db.conn)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            audit_event::Entity::find().count(&db.conn).await.unwrap(),
            events + 1
        );
        let _ = std::fs::remove_file(path);
    }

    /// A write without an audit event is refused: a debug assertion in tests and debug
    /// builds, an error (nothing committed) in release builds.
    #[tokio::test]
    #[cfg_attr(debug_assertions, should_panic(expected = "without an audit event"))]
    async fn a_write_without_an_event_is_refused() {
        let (db, _path) = fresh().await;
        let actor = Actor::system();
        let txn = db.begin_write(&actor).await.unwrap();
        region("990002").insert(&txn).await.unwrap();
        assert!(txn.commit().await.is_err());
        assert!(region::Entity::find_by_id("990002".to_string())
            .one(&db.conn)
            .await
            .unwrap()
            .is_none());
    }
}
