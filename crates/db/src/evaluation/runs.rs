//! Evaluation runs (评价运行): the data of the participants, starting, re-running and reading.

use super::*;

impl crate::Evaluation<'_> {
    /// Builds the iData CSV of participants (uCode = region code) for one year from approved
    /// and accepted values: every indicator and denominator column of the structure.
    pub(super) async fn data(
        &self,
        actor: &Actor,
        structure_csv: &str,
        parts: &[(participant::Model, String)],
        year: i32,
    ) -> Result<String> {
        let st = innocity_engine::model::Structure::parse(structure_csv, "iMeta.csv")
            .map_err(engine_error)?;
        let mut cols: Vec<String> = Vec::new();
        for r in &st.rows {
            if matches!(
                r.kind,
                innocity_engine::model::NodeType::Indicator
                    | innocity_engine::model::NodeType::Denominator
            ) && !cols.contains(&r.code)
            {
                cols.push(r.code.clone());
            }
        }
        let mut out = String::from("uCode,uName");
        for c in &cols {
            out.push(',');
            out.push_str(&csv_field(c));
        }
        out.push('\n');
        for (p, name) in parts {
            out.push_str(&csv_field(&p.region_code));
            out.push(',');
            out.push_str(&csv_field(name));
            for c in &cols {
                out.push(',');
                let v = self
                    .monitoring()
                    .series(actor, &p.region_code, c, true)
                    .await?
                    .into_iter()
                    .find(|v| v.year == year)
                    .and_then(|v| v.value);
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    out.push_str(&format!("{v}"));
                }
            }
            out.push('\n');
        }
        Ok(out)
    }

    /// Starts a run: validates, builds the input from approved data, runs the nominal
    /// pipeline and stores its results in one transaction (one audit event). With
    /// `uncertainty`, the Monte Carlo analysis continues in a background task.
    pub async fn start(&self, actor: &Actor, input: &RunIn) -> Result<RunDetail> {
        may_evaluate(actor)?;
        let mut errs: BTreeMap<String, crate::Msg> = BTreeMap::new();
        let method = evaluation_method::Entity::find_by_id(input.method_id)
            .one(&self.conn)
            .await?;
        if method.is_none() {
            errs.insert(
                "method_id".into(),
                crate::common::not_found("评价方法", "Evaluation method"),
            );
        }
        if !(1949..=2100).contains(&input.year) {
            errs.insert(
                "year".into(),
                crate::common::between("年份", "Year", 1949, 2100),
            );
        }
        if let Some(n) = input.uncertainty {
            if !(1..=MAX_UNCERTAINTY).contains(&n) {
                errs.insert(
                    "uncertainty".into(),
                    crate::common::between(
                        "模拟次数",
                        "The number of simulations",
                        1,
                        MAX_UNCERTAINTY,
                    ),
                );
            }
        }
        if let Some(ns) = input.sensitivity {
            if input.uncertainty.is_none() {
                errs.insert(
                    "sensitivity".into(),
                    msg!(
                        "needs_uncertainty",
                        "灵敏度分析须与不确定性分析(uncertainty)一起运行",
                        "A sensitivity analysis needs an uncertainty analysis in the same run"
                    ),
                );
            } else if !(2..=MAX_SENSITIVITY).contains(&ns) {
                errs.insert(
                    "sensitivity".into(),
                    crate::common::between(
                        "灵敏度分析基础样本",
                        "The sensitivity analysis base sample",
                        2,
                        MAX_SENSITIVITY,
                    ),
                );
            }
        }
        if input.seed.is_some_and(|s| s < 0) {
            errs.insert(
                "seed".into(),
                msg!(
                    "out_of_range",
                    "随机种子须为非负整数",
                    "The random seed must be a non-negative whole number"
                ),
            );
        }
        let mut ids: Vec<i64> = input.participant_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            errs.insert(
                "participant_ids".into(),
                msg!(
                    "required",
                    "至少选择两个参与城市/县",
                    "Choose at least two participants"
                ),
            );
        } else if ids.len() > MAX_PARTICIPANTS {
            errs.insert(
                "participant_ids".into(),
                msg!(
                    "too_many",
                    "最多 {MAX_PARTICIPANTS} 个",
                    "At most {MAX_PARTICIPANTS}"
                ),
            );
        }
        let found: HashMap<i64, participant::Model> = participant::Entity::find()
            .filter(participant::Column::Id.is_in(ids.clone()))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|p| actor.scope.allows(&p.region_code))
            .map(|p| (p.id, p))
            .collect();
        let missing: Vec<String> = ids
            .iter()
            .filter(|i| !found.contains_key(i))
            .map(|i| i.to_string())
            .collect();
        if !missing.is_empty() {
            errs.insert(
                "participant_ids".into(),
                crate::common::not_in_scope(
                    &format!("参与城市/县 {} ", missing.join(", ")),
                    &format!("Participant {}", missing.join(", ")),
                ),
            );
        }
        let Some(method) = method.filter(|_| errs.is_empty()) else {
            return Err(Error::Invalid(errs));
        };
        let names: HashMap<String, String> = region::Entity::find()
            .filter(region::Column::Code.is_in(found.values().map(|p| p.region_code.clone())))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect();
        let mut parts: Vec<(participant::Model, String)> = ids
            .iter()
            .filter_map(|i| found.get(i).cloned())
            .map(|p| {
                let n = names.get(&p.region_code).cloned().unwrap_or_default();
                (p, n)
            })
            .collect();
        parts.sort_by(|a, b| a.0.region_code.cmp(&b.0.region_code));
        let mut seen = HashSet::new();
        if let Some((p, _)) = parts
            .iter()
            .find(|(p, _)| !seen.insert(p.region_code.clone()))
        {
            return Err(Error::invalid(
                "participant_ids",
                msg!(
                    "duplicate",
                    "地区 {} 重复出现(不同计划的同一地区)",
                    "Region {} appears twice (the same region in different programmes)",
                    p.region_code
                ),
            ));
        }
        let data = self
            .data(actor, &method.structure_csv, &parts, input.year)
            .await?;
        let ev =
            prepare(&method.method_toml, &method.structure_csv, &data).map_err(engine_error)?;
        let nom = nominal(&ev)?;
        let factors = ev.sensitivity_factors().len();
        drop(ev);
        if input.sensitivity.is_some() && factors == 0 {
            return Err(Error::invalid(
                "sensitivity",
                msg!("no_factors", "该方法的 [uncertainty] 没有不确定因素,无法做灵敏度分析", "The method's [uncertainty] has no uncertain factors, so no sensitivity analysis is possible"),
            ));
        }
        let sha = input_sha(&method.method_toml, &method.structure_csv, &data);
        let n = input.uncertainty.unwrap_or(0);
        let seed = input.uncertainty.map(|_| input.seed.unwrap_or(42));
        let sens_n = input.sensitivity.filter(|_| n > 0);
        let total = n as i64 + sens_n.map_or(0, |s| s as i64 * (factors as i64 + 2));
        let mut txn = self.begin_write(actor).await?;
        let run = evaluation_run::ActiveModel {
            method_id: Set(method.id),
            year: Set(input.year),
            participant_ids: Set(serde_json::to_string(&ids).unwrap_or_default()),
            status: Set(if n > 0 { RUNNING } else { DONE }.into()),
            done: Set(0),
            total: Set(total),
            uncertainty_n: Set(input.uncertainty),
            seed: Set(seed),
            input_sha256: Set(sha),
            input_csv: Set(data.clone()),
            aggregates: Set(serde_json::to_string(&nom.aggregates).unwrap_or_default()),
            error: Set(None),
            created_at: Set(crate::now()),
            created_by: Set(actor.user_id),
            finished_at: Set(if n > 0 { None } else { Some(crate::now()) }),
            heartbeat_at: Set((n > 0).then(crate::now)),
            sensitivity_n: Set(sens_n),
            sensitivity: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // Ranks per aggregate over the participants.
        let n_agg = nom.aggregates.len();
        let score_rows: Vec<Vec<Option<f64>>> = parts
            .iter()
            .map(|(p, _)| {
                nom.scores
                    .get(&p.region_code)
                    .cloned()
                    .unwrap_or_else(|| vec![None; n_agg])
            })
            .collect();
        let rank_cols: Vec<Vec<Option<i32>>> = (0..n_agg)
            .map(|a| {
                let col: Vec<Option<f64>> = score_rows
                    .iter()
                    .map(|r| r.get(a).copied().flatten())
                    .collect();
                competition_ranks(&col)
            })
            .collect();
        let rank_rows: Vec<Vec<Option<i32>>> = (0..parts.len())
            .map(|k| rank_cols.iter().map(|c| c[k]).collect())
            .collect();
        for (k, (p, name)) in parts.iter().enumerate() {
            evaluation_result::ActiveModel {
                run_id: Set(run.id),
                participant_id: Set(p.id),
                region_code: Set(p.region_code.clone()),
                name: Set(name.clone()),
                score: Set(score_rows[k].first().copied().flatten()),
                rank: Set(rank_rows[k].first().copied().flatten()),
                scores: Set(serde_json::to_string(&score_rows[k]).unwrap_or_default()),
                ranks: Set(serde_json::to_string(&rank_rows[k]).unwrap_or_default()),
                median_rank: Set(None),
                p05_rank: Set(None),
                p95_rank: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut snap = audit::snap(&run);
        if let Some(serde_json::Value::Object(o)) = snap.as_mut() {
            o.remove("input_csv");
        }
        txn.audit("create", "evaluation_run", run.id, None, snap);
        txn.commit().await?;
        if n > 0 {
            let db = crate::Db::clone(self);
            let (toml, meta) = (method.method_toml.clone(), method.structure_csv.clone());
            let run_id = run.id;
            let seed = seed.unwrap_or(42) as u64;
            let sens = sens_n.map(|s| s as usize);
            tokio::spawn(async move {
                db.evaluation()
                    .finish_uncertainty(run_id, toml, meta, data, n as usize, seed, sens)
                    .await;
            });
        }
        self.run(actor, run.id).await
    }

    /// Starts a new run with the parameters of run `id` (method version, participants, year,
    /// uncertainty N, seed, sensitivity), e.g. after it was interrupted. The caller must see
    /// the run and have every participant in scope, as for a new run.
    pub async fn rerun(&self, actor: &Actor, id: i64) -> Result<RunDetail> {
        may_evaluate(actor)?;
        // Visibility as for reading it (404 when no participant is visible).
        let seen = self.run(actor, id).await?;
        if seen.run.status == RUNNING {
            return Err(Error::conflict(
                "running",
                msg!(
                    "running",
                    "该运行仍在进行中",
                    "The run is still in progress"
                ),
            ));
        }
        let Some(run) = evaluation_run::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
        else {
            return Err(Error::not_found(crate::common::not_found(
                "评价运行",
                "Evaluation run",
            )));
        };
        let input = RunIn {
            method_id: run.method_id,
            participant_ids: serde_json::from_str(&run.participant_ids).unwrap_or_default(),
            year: run.year,
            uncertainty: run.uncertainty_n,
            seed: run.seed,
            sensitivity: run.sensitivity_n,
        };
        self.start(actor, &input).await
    }

    pub(super) fn run_summary(
        r: &evaluation_run::Model,
        m: Option<&evaluation_method::Model>,
    ) -> RunSummary {
        let ids: Vec<i64> = serde_json::from_str(&r.participant_ids).unwrap_or_default();
        RunSummary {
            id: r.id,
            method_id: r.method_id,
            method_key: m.map(|m| m.key.clone()).unwrap_or_default(),
            method_name: m.map(|m| m.name.clone()).unwrap_or_default(),
            method_version: m.map(|m| m.version).unwrap_or_default(),
            year: r.year,
            participants: ids.len(),
            status: r.status.clone(),
            done: r.done,
            total: r.total,
            uncertainty_n: r.uncertainty_n,
            seed: r.seed,
            input_sha256: r.input_sha256.clone(),
            error: r.error.clone(),
            created_at: r.created_at,
            finished_at: r.finished_at,
            heartbeat_at: r.heartbeat_at,
            sensitivity_n: r.sensitivity_n,
        }
    }

    /// Runs with at least one participant in the caller's scope, newest first.
    pub async fn runs(&self, actor: &Actor, method_id: Option<i64>) -> Result<Vec<RunSummary>> {
        self.recover_interrupted().await?;
        let mut q = evaluation_run::Entity::find().order_by_desc(evaluation_run::Column::Id);
        if let Some(m) = method_id {
            q = q.filter(evaluation_run::Column::MethodId.eq(m));
        }
        let runs = q.all(&self.conn).await?;
        let methods: HashMap<i64, evaluation_method::Model> = crate::keyed(
            evaluation_method::Entity::find().all(&self.conn).await?,
            |m| m.id,
        );
        let visible: HashSet<i64> = if actor.scope.regions.is_none() {
            runs.iter().map(|r| r.id).collect()
        } else {
            evaluation_result::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .filter(|r| actor.scope.allows(&r.region_code))
                .map(|r| r.run_id)
                .collect()
        };
        Ok(runs
            .iter()
            .filter(|r| visible.contains(&r.id))
            .map(|r| Self::run_summary(r, methods.get(&r.method_id)))
            .collect())
    }

    /// One run with its status (progress), aggregates and the visible participants' results.
    pub async fn run(&self, actor: &Actor, id: i64) -> Result<RunDetail> {
        self.recover_interrupted().await?;
        let run = evaluation_run::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("评价运行", "Evaluation run"))
            })?;
        let rows = evaluation_result::Entity::find()
            .filter(evaluation_result::Column::RunId.eq(id))
            .all(&self.conn)
            .await?;
        let all_visible = rows.iter().all(|r| actor.scope.allows(&r.region_code));
        let mut results: Vec<ResultRow> = rows
            .into_iter()
            .filter(|r| actor.scope.allows(&r.region_code))
            .map(|r| ResultRow {
                participant_id: r.participant_id,
                region_code: r.region_code,
                name: r.name,
                score: r.score,
                rank: r.rank,
                scores: serde_json::from_str(&r.scores).unwrap_or_default(),
                ranks: serde_json::from_str(&r.ranks).unwrap_or_default(),
                median_rank: r.median_rank,
                p05_rank: r.p05_rank,
                p95_rank: r.p95_rank,
            })
            .collect();
        if results.is_empty() {
            return Err(Error::not_found(crate::common::not_found(
                "评价运行",
                "Evaluation run",
            )));
        }
        results.sort_by(|a, b| {
            a.rank
                .unwrap_or(i32::MAX)
                .cmp(&b.rank.unwrap_or(i32::MAX))
                .then_with(|| a.region_code.cmp(&b.region_code))
        });
        let method = evaluation_method::Entity::find_by_id(run.method_id)
            .one(&self.conn)
            .await?;
        Ok(RunDetail {
            run: Self::run_summary(&run, method.as_ref()),
            aggregates: serde_json::from_str(&run.aggregates).unwrap_or_default(),
            results,
            sensitivity: run
                .sensitivity
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default(),
            input_csv: all_visible.then_some(run.input_csv),
        })
    }

    /// Every stage of run `id` (raw = the stored iData, then imputed, normalised, aggregated,
    /// …, results, effective weights) as CSV files `(name, content)`, recomputed from the
    /// stored input and method version (the input's SHA-256 is checked first). Only for a
    /// caller who sees every participant of the run (the stages hold their data); `None`
    /// otherwise.
    pub async fn run_stages(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<Vec<(String, String)>>> {
        let seen = self.run(actor, id).await?;
        let Some(data) = seen.input_csv else {
            return Ok(None);
        };
        let method = evaluation_method::Entity::find_by_id(seen.run.method_id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("评价方法", "Evaluation method"))
            })?;
        if input_sha(&method.method_toml, &method.structure_csv, &data) != seen.run.input_sha256 {
            return Err(Error::conflict(
                "input_changed",
                msg!("input_changed", "运行的输入与其 SHA-256 不符,无法重算各阶段结果", "The run's input does not match its SHA-256, so its stages cannot be recomputed"),
            ));
        }
        let ev =
            prepare(&method.method_toml, &method.structure_csv, &data).map_err(engine_error)?;
        let run = ev.run().map_err(engine_error)?;
        let mut files = ev.outputs(&run, env!("CARGO_PKG_VERSION"));
        files.retain(|(name, _)| name.ends_with(".csv"));
        // The raw stage is the input itself (iData, derived indicators computed).
        files.insert(0, ("stage_Raw.csv".into(), data));
        Ok(Some(files))
    }
}
