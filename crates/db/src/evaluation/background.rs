//! The background part of uncertainty runs: progress, results, and marking silent runs
//! interrupted.

use super::*;

impl crate::Evaluation<'_> {
    /// The background part of an uncertainty run: runs the Monte Carlo (and sensitivity)
    /// analysis on a blocking thread, writes progress and a heartbeat every 250 ms when the
    /// progress moved (at least every [`HEARTBEAT_EVERY`]), then the results.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn finish_uncertainty(
        &self,
        run_id: i64,
        toml: String,
        meta: String,
        data: String,
        n: usize,
        seed: u64,
        sens: Option<usize>,
    ) {
        let done = Arc::new(AtomicUsize::new(0));
        let d2 = done.clone();
        let mut job = tokio::task::spawn_blocking(move || {
            background(&toml, &meta, &data, n, seed, sens, &|d| {
                d2.fetch_max(d, Ordering::Relaxed);
            })
        });
        let mut last = 0;
        let mut beat = std::time::Instant::now();
        let outcome = loop {
            tokio::select! {
                r = &mut job => break r.map_err(|e| e.to_string()).and_then(|r| r),
                _ = tokio::time::sleep(std::time::Duration::from_millis(250)) => {
                    let d = done.load(Ordering::Relaxed);
                    if d != last || beat.elapsed() >= HEARTBEAT_EVERY {
                        last = d;
                        beat = std::time::Instant::now();
                        let _ = evaluation_run::Entity::update_many()
                            .col_expr(evaluation_run::Column::Done, sea_orm::sea_query::Expr::value(d as i64))
                            .col_expr(evaluation_run::Column::HeartbeatAt, sea_orm::sea_query::Expr::value(crate::now()))
                            .filter(evaluation_run::Column::Id.eq(run_id))
                            .filter(evaluation_run::Column::Status.eq(RUNNING))
                            .exec(&self.writer)
                            .await;
                    }
                }
            }
        };
        if let Err(e) = self.store_uncertainty(run_id, outcome).await {
            tracing::error!(
                "evaluation run {run_id}: could not store the uncertainty results: {e}"
            );
        }
    }

    /// Not a user action but the outcome of a background run (like its heartbeats), so it
    /// writes no audit event and uses a plain transaction.
    pub(super) async fn store_uncertainty(
        &self,
        run_id: i64,
        outcome: std::result::Result<Background, String>,
    ) -> Result<()> {
        let txn = self.begin_plain().await?;
        let Some(run) = evaluation_run::Entity::find_by_id(run_id).one(&txn).await? else {
            return Ok(());
        };
        if run.status != RUNNING {
            // Marked interrupted meanwhile (a stalled job): keep that outcome.
            return Ok(());
        }
        let total = run.total;
        let mut m = run.into_active_model();
        match outcome {
            Ok(bg) => {
                for r in evaluation_result::Entity::find()
                    .filter(evaluation_result::Column::RunId.eq(run_id))
                    .all(&txn)
                    .await?
                {
                    let s = bg.ranks.get(&r.region_code).copied();
                    let mut a = r.into_active_model();
                    a.median_rank = Set(s.map(|s| s.0).and_then(fin));
                    a.p05_rank = Set(s.map(|s| s.1).and_then(fin));
                    a.p95_rank = Set(s.map(|s| s.2).and_then(fin));
                    a.update(&txn).await?;
                }
                m.status = Set(DONE.into());
                m.done = Set(total);
                m.sensitivity = Set(bg
                    .sensitivity
                    .map(|s| serde_json::to_string(&s).unwrap_or_default()));
            }
            Err(e) => {
                m.status = Set(FAILED.into());
                m.error = Set(Some(e));
            }
        }
        m.finished_at = Set(Some(crate::now()));
        m.heartbeat_at = Set(Some(crate::now()));
        m.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Marks `running` runs whose background job has been silent for [`STALE_AFTER`] (or
    /// `stale_after`) as `interrupted`, each with the reason and an audit event in the same
    /// transaction. Called when the server starts and before runs are read; answers the
    /// number of runs marked.
    pub async fn recover_interrupted(&self) -> Result<usize> {
        self.recover_interrupted_after(STALE_AFTER).await
    }

    pub(super) async fn recover_interrupted_after(
        &self,
        stale_after: std::time::Duration,
    ) -> Result<usize> {
        let now = crate::now();
        let limit = now - chrono::Duration::from_std(stale_after).unwrap_or_default();
        let stale: Vec<evaluation_run::Model> = evaluation_run::Entity::find()
            .filter(evaluation_run::Column::Status.eq(RUNNING))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| r.heartbeat_at.unwrap_or(r.created_at) < limit)
            .collect();
        let mut n = 0;
        for r in stale {
            let system = Actor::system();
            let mut txn = self.begin_write(&system).await?;
            // Only if still running and stale (another instance may have got there first).
            let res = evaluation_run::Entity::update_many()
                .col_expr(
                    evaluation_run::Column::Status,
                    sea_orm::sea_query::Expr::value(INTERRUPTED),
                )
                .col_expr(
                    evaluation_run::Column::Error,
                    sea_orm::sea_query::Expr::value(format!(
                        "运行中断:不确定性分析在后台进行到 {}/{} 时停止(服务重启或异常退出,最后心跳 {}),结果不完整;可重新运行",
                        r.done,
                        r.total,
                        r.heartbeat_at
                            .unwrap_or(r.created_at)
                            .format("%Y-%m-%d %H:%M:%S UTC")
                    )),
                )
                .col_expr(
                    evaluation_run::Column::FinishedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(evaluation_run::Column::Id.eq(r.id))
                .filter(evaluation_run::Column::Status.eq(RUNNING))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                let after = evaluation_run::Entity::find_by_id(r.id).one(&txn).await?;
                let strip = |m: &evaluation_run::Model| {
                    let mut snap = audit::snap(m);
                    if let Some(serde_json::Value::Object(o)) = snap.as_mut() {
                        o.remove("input_csv");
                    }
                    snap
                };
                txn.audit(
                    "interrupt",
                    "evaluation_run",
                    r.id,
                    strip(&r),
                    after.as_ref().and_then(strip),
                );
                txn.commit().await?;
                n += 1;
            }
            // Otherwise nothing was updated: dropping the write rolls it back.
        }
        if n > 0 {
            tracing::warn!("marked {n} evaluation run(s) interrupted (no heartbeat)");
        }
        Ok(n)
    }
}
