//! A small cache of computed read views (the participant cockpit).
//!
//! Invariant: an entry is served only while the database's *data version* — the id of the
//! latest audit event — is the one it was computed at. Every change writes an audit event in
//! its own transaction ([`crate::write::Write`]), so any committed change, by this process
//! or another (the CLI), invalidates every entry. Entries also expire after [`MAX_AGE`]: on
//! PostgreSQL two transactions may commit out of id order, and the age bound caps how long
//! such a rare race can show stale figures.

use crate::entity::audit_event;
use crate::{Db, Result};
use sea_orm::{EntityTrait, QuerySelect};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest life of an entry.
pub const MAX_AGE: Duration = Duration::from_secs(5);
/// Entries kept at most (the map is cleared when full).
pub const MAX_ENTRIES: usize = 512;

struct Entry {
    version: i64,
    at: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

/// Cached views keyed by a string that names the view and everything its content depends
/// on (participant, options, the caller's role and organisation).
#[derive(Clone, Default)]
pub struct ViewCache {
    inner: Arc<Mutex<HashMap<String, Entry>>>,
    /// One computation per key at a time: concurrent misses wait for it instead of all
    /// computing the same view.
    flights: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl std::fmt::Debug for ViewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.inner.lock().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("ViewCache").field("entries", &n).finish()
    }
}

impl ViewCache {
    /// The entry for `key` if it was computed at `version` and is young enough.
    pub fn get<T: Any + Send + Sync>(&self, key: &str, version: i64) -> Option<Arc<T>> {
        let map = self.inner.lock().ok()?;
        let e = map.get(key)?;
        if e.version != version || e.at.elapsed() > MAX_AGE {
            return None;
        }
        e.value.clone().downcast::<T>().ok()
    }

    /// Stores a value computed at `version`.
    pub fn put<T: Any + Send + Sync>(&self, key: String, version: i64, value: Arc<T>) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(
                key,
                Entry {
                    version,
                    at: Instant::now(),
                    value,
                },
            );
        }
    }
}

impl ViewCache {
    /// The entry for `key` at `version`, computing it with `f` on a miss; concurrent callers
    /// with the same key wait for one computation.
    pub async fn get_or_compute<T, F, Fut>(&self, key: &str, version: i64, f: F) -> Result<Arc<T>>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        if let Some(v) = self.get::<T>(key, version) {
            return Ok(v);
        }
        let flight = {
            let mut f = self.flights.lock().unwrap_or_else(|e| e.into_inner());
            if f.len() >= MAX_ENTRIES {
                f.retain(|_, m| Arc::strong_count(m) > 1);
            }
            f.entry(key.to_string()).or_default().clone()
        };
        let _guard = flight.lock().await;
        if let Some(v) = self.get::<T>(key, version) {
            return Ok(v);
        }
        let v = Arc::new(f().await?);
        self.put(key.to_string(), version, v.clone());
        Ok(v)
    }
}

impl Db {
    /// The data version: the id of the latest audit event (0 when there is none).
    pub async fn data_version(&self) -> Result<i64> {
        let v: Option<Option<i64>> = audit_event::Entity::find()
            .select_only()
            .column_as(
                sea_orm::sea_query::ExprTrait::max(sea_orm::sea_query::Expr::col(
                    audit_event::Column::Id,
                )),
                "v",
            )
            .into_tuple()
            .one(&self.conn)
            .await?;
        Ok(v.flatten().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_version() {
        let c = ViewCache::default();
        c.put("a".into(), 7, Arc::new(42u32));
        assert_eq!(c.get::<u32>("a", 7).as_deref(), Some(&42));
        assert!(c.get::<u32>("a", 8).is_none(), "a newer version misses");
        assert!(c.get::<String>("a", 7).is_none(), "another type misses");
        assert!(c.get::<u32>("b", 7).is_none());
    }

    #[tokio::test]
    async fn concurrent_misses_compute_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let c = ViewCache::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (c, calls) = (c.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                c.get_or_compute("k", 3, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Ok(5u8)
                })
                .await
                .map(|v| *v)
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), 5);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // A new version computes again.
        let v = c
            .get_or_compute("k", 4, || async { Ok(6u8) })
            .await
            .unwrap();
        assert_eq!(*v, 6);
    }

    #[test]
    fn the_map_is_bounded() {
        let c = ViewCache::default();
        for i in 0..(MAX_ENTRIES + 10) {
            c.put(format!("k{i}"), 1, Arc::new(i));
        }
        assert!(c.inner.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
