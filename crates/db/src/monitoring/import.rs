//! Streaming import of values (数据导入): validate every row, then write in one transaction.

use super::*;

/// Catalogues an import checks rows against (sizes bounded by the database, not the file).
pub(super) struct ImportContext {
    items: HashMap<String, data_item::Model>,
    /// Codes → small ids, so the duplicate set holds 12 bytes per row.
    region_ids: HashMap<String, u32>,
    item_ids: HashMap<String, u32>,
    /// (region, item, year) → open assignment the caller may fill, and its status.
    open: HashMap<(String, String, i32), (i64, String)>,
    /// Keys any assignment covers.
    covered: HashSet<(String, String, i32)>,
}

/// A checked row: where it goes and what it replaces.
pub(super) struct Planned {
    row: DataRow,
    target: Option<(i64, String)>,
    existing: Option<observation::Model>,
}

impl Planned {
    fn unchanged(&self, o: &observation::Model) -> bool {
        o.value == self.row.value
            && o.comment == clean(&self.row.comment)
            && o.missing_reason == clean(&self.row.missing_reason)
    }
}

impl ImportContext {
    /// Checks one chunk: errors and warnings go to `report`; good rows come back with the
    /// observation they replace (read from `c` for just this chunk's keys).
    async fn check<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        rows: &[(RowRef, DataRow)],
        seen: &mut HashSet<(u32, u32, i32)>,
        report: &mut ImportReport,
    ) -> Result<Vec<Planned>> {
        let existing = existing_for(c, rows.iter().map(|(_, r)| r)).await?;
        let mut out = Vec::new();
        let err = |r: &RowRef, column: &str, reason: Msg| {
            RowError::new(&r.file, r.sheet.clone(), r.row, column, reason)
        };
        for (at, row) in rows {
            if report.errors.len() >= MAX_IMPORT_ERRORS {
                break;
            }
            let errors = &mut report.errors;
            let before = errors.len();
            let rid = self.region_ids.get(&row.region_code).copied();
            if rid.is_none() || !actor.scope.allows(&row.region_code) {
                errors.push(err(
                    at,
                    "region_code",
                    crate::common::not_in_scope(
                        &format!("地区 {} ", row.region_code),
                        &format!("Region {}", row.region_code),
                    ),
                ));
            }
            match self.items.get(&row.item_code) {
                None => errors.push(err(
                    at,
                    "item_code",
                    crate::common::not_found(
                        &format!("数据项 {} ", row.item_code),
                        &format!("Data item {}", row.item_code),
                    ),
                )),
                Some(i) if !i.formula.is_empty() => errors.push(err(
                    at,
                    "item_code",
                    msg!(
                        "computed_item",
                        "{} 是计算指标,不能导入",
                        "{} is computed and cannot be imported",
                        row.item_code
                    ),
                )),
                _ => {}
            }
            if !(1949..=2100).contains(&row.year) {
                errors.push(err(
                    at,
                    "year",
                    msg!(
                        "out_of_range",
                        "年份 {} 无效",
                        "Year {} is not valid",
                        row.year
                    ),
                ));
            }
            if row.value.is_some_and(|v| !v.is_finite()) {
                errors.push(err(at, "value", crate::common::invalid_number()));
            }
            for (col, v) in [
                ("comment", &row.comment),
                ("missing_reason", &row.missing_reason),
            ] {
                if v.as_deref().is_some_and(|s| s.chars().count() > MAX_NOTE) {
                    errors.push(err(at, col, crate::common::too_long(MAX_NOTE)));
                }
            }
            if row.value.is_none() && clean(&row.missing_reason).is_none() {
                errors.push(err(
                    at,
                    "value",
                    msg!(
                        "required",
                        "数值为空时须填写缺失原因",
                        "Give the reason the value is missing"
                    ),
                ));
            }
            if let (Some(r), Some(i)) = (rid, self.item_ids.get(&row.item_code)) {
                if !seen.insert((r, *i, row.year)) {
                    errors.push(err(
                        at,
                        "item_code",
                        msg!(
                            "duplicate",
                            "同一地区、数据项和年份重复出现",
                            "The same region, data item and year appear twice"
                        ),
                    ));
                }
            }
            if errors.len() > before {
                continue;
            }
            let key = (row.region_code.clone(), row.item_code.clone(), row.year);
            let old = existing.get(&key);
            let target = self.open.get(&key).cloned();
            if target.is_none() {
                if self.covered.contains(&key) || wf::unassigned_import(actor.role).is_none() {
                    let locked =
                        old.is_some_and(|o| !State::parse(&o.status).is_some_and(State::open));
                    errors.push(err(
                        at,
                        "item_code",
                        if locked {
                            msg!(
                                "locked",
                                "该数据已提交或审核,已锁定",
                                "These data are submitted or reviewed, so locked"
                            )
                        } else {
                            wf::Denied::Import.msg()
                        },
                    ));
                    continue;
                }
                if old.is_some_and(|o| o.assignment_id.is_some()) {
                    errors.push(err(
                        at,
                        "item_code",
                        msg!(
                            "assigned",
                            "该数据属于报表分配,请通过报表填报",
                            "These data belong to a form assignment; enter them through the form"
                        ),
                    ));
                    continue;
                }
            }
            if let (Some(i), Some(v)) = (self.items.get(&row.item_code), row.value) {
                let lo = i.min_value.unwrap_or(f64::NEG_INFINITY);
                let hi = i.max_value.unwrap_or(f64::INFINITY);
                if (v < lo || v > hi) && report.warnings.len() < MAX_IMPORT_ERRORS {
                    report.warnings.push(err(
                        at,
                        "value",
                        Msg::new(
                            "out_of_range",
                            format!("{} 超出范围 [{lo}, {hi}]", i.name_zh),
                            format!("{} is outside the range [{lo}, {hi}]", i.code),
                        ),
                    ));
                }
            }
            out.push(Planned {
                row: row.clone(),
                target,
                existing: old.cloned(),
            });
        }
        Ok(out)
    }
}

/// The stored observations of a set of rows' (region, item, year) keys: one query over the
/// rows' regions, items and years, filtered to the exact keys.
pub(super) async fn existing_for<'a, C: ConnectionTrait>(
    c: &C,
    rows: impl Iterator<Item = &'a DataRow>,
) -> Result<HashMap<(String, String, i32), observation::Model>> {
    let mut keys = HashSet::new();
    let (mut regions, mut items, mut years) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for r in rows {
        regions.insert(r.region_code.clone());
        items.insert(r.item_code.clone());
        years.insert(r.year);
        keys.insert((r.region_code.clone(), r.item_code.clone(), r.year));
    }
    let mut out = HashMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    // At most IMPORT_CHUNK codes in each list: well within both backends' parameter limits.
    for o in observation::Entity::find()
        .filter(observation::Column::RegionCode.is_in(regions))
        .filter(observation::Column::ItemCode.is_in(items))
        .filter(observation::Column::Year.is_in(years))
        .all(c)
        .await?
    {
        let k = (o.region_code.clone(), o.item_code.clone(), o.year);
        if keys.contains(&k) {
            out.insert(k, o);
        }
    }
    Ok(out)
}

impl crate::Monitoring<'_> {
    /// Imports values by codes from a re-readable stream of row chunks, in two passes over
    /// the source: the first validates every row and writes nothing when any row is wrong
    /// (or on a dry run); the second re-reads the source and writes all rows in one
    /// transaction with one audit event. Memory holds one chunk at a time plus a compact key
    /// per row (for duplicate detection), not the file.
    ///
    /// A row belongs to an open assignment (draft or returned) covering its region, item and
    /// year — of the caller's organisation for reporters, of any organisation for
    /// coordinators and admins. Coordinators and admins may also load historical values with
    /// no assignment (statistical yearbooks); those are stored as approved.
    pub async fn import_stream<F>(
        &self,
        actor: &Actor,
        mut open: F,
        dry_run: bool,
    ) -> Result<ImportReport>
    where
        F: FnMut() -> tokio::sync::mpsc::Receiver<ImportChunk>,
    {
        if !(is_manager(actor.role) || is_reporter(actor.role)) {
            return Err(Error::Forbidden(msg!(
                "forbidden",
                "无权导入数据",
                "You may not import data"
            )));
        }
        self.seed_data_items().await?;
        let ctx = self.import_context(actor).await?;
        let mut report = ImportReport {
            dry_run,
            ..Default::default()
        };
        // Pass 1: validate.
        let mut seen = HashSet::new();
        let mut file_errors = Vec::new();
        let mut rx = open();
        while let Some(chunk) = rx.recv().await {
            let rows = match chunk {
                ImportChunk::Rows(r) => r,
                ImportChunk::Problems(p) => {
                    file_errors.extend(p);
                    continue;
                }
            };
            report.rows += rows.len();
            let planned = ctx
                .check(&self.conn, actor, &rows, &mut seen, &mut report)
                .await?;
            for p in &planned {
                match &p.existing {
                    None => report.inserted += 1,
                    Some(o) if p.unchanged(o) => report.unchanged += 1,
                    Some(_) => report.updated += 1,
                }
            }
            if report.errors.len() >= MAX_IMPORT_ERRORS {
                break;
            }
        }
        drop(rx);
        if !file_errors.is_empty() {
            // The reader's problems first: they are what the user fixes first.
            report.invalid_file = true;
            file_errors.append(&mut report.errors);
            report.errors = file_errors;
        }
        if dry_run || !report.errors.is_empty() || report.rows == 0 {
            return Ok(report);
        }
        // Pass 2: write, re-checking each row against the database inside the transaction.
        let mut txn = self.begin_write(actor).await?;
        let mut seen = HashSet::new();
        let mut again = ImportReport::default();
        let (mut inserted, mut changed) = (0usize, 0usize);
        let mut rx = open();
        while let Some(chunk) = rx.recv().await {
            let ImportChunk::Rows(rows) = chunk else {
                return Err(Error::invalid(
                    "file",
                    msg!(
                        "file_changed",
                        "文件在导入过程中发生变化",
                        "The file changed during the import"
                    ),
                ));
            };
            let planned = ctx.check(&txn, actor, &rows, &mut seen, &mut again).await?;
            if !again.errors.is_empty() {
                report.errors = again.errors;
                report.inserted = 0;
                report.updated = 0;
                report.unchanged = 0;
                return Ok(report);
            }
            let now = crate::now();
            let mut new_rows = Vec::new();
            for p in planned {
                let (status, aid) = match &p.target {
                    Some((id, st)) => (st.clone(), Some(*id)),
                    // Rows no assignment covers: planned for managers only.
                    None => (
                        wf::unassigned_import(actor.role)
                            .unwrap_or(State::Approved)
                            .as_str()
                            .to_string(),
                        None,
                    ),
                };
                let r = &p.row;
                if let Some(o) = p.existing {
                    let (_, n) =
                        upsert(&txn, actor, &r.region_code, r, &status, aid, Some(o)).await?;
                    changed += usize::from(n.is_some());
                } else {
                    new_rows.push(observation::ActiveModel {
                        region_code: Set(r.region_code.clone()),
                        item_code: Set(r.item_code.clone()),
                        year: Set(r.year),
                        value: Set(r.value),
                        comment: Set(clean(&r.comment)),
                        missing_reason: Set(clean(&r.missing_reason)),
                        status: Set(status),
                        assignment_id: Set(aid),
                        updated_by: Set(actor.user_id),
                        updated_at: Set(now),
                        demo: Set(false),
                        ..Default::default()
                    });
                }
            }
            inserted += new_rows.len();
            insert_with_history(&txn, actor, new_rows, "import").await?;
        }
        txn.audit(
            "import",
            "observation",
            "bulk",
            None,
            Some(
                serde_json::json!({"rows": report.rows, "inserted": inserted, "updated": changed}),
            ),
        );
        txn.commit().await?;
        report.committed = true;
        Ok(report)
    }

    /// What import validation needs from the database besides the rows' own values.
    pub(super) async fn import_context(&self, actor: &Actor) -> Result<ImportContext> {
        let items = self.item_map().await?;
        let regions: Vec<String> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        let forms: HashMap<i64, data_form::Model> =
            crate::keyed(data_form::Entity::find().all(&self.conn).await?, |f| f.id);
        let mut open: HashMap<(String, String, i32), (i64, String)> = HashMap::new();
        let mut covered: HashSet<(String, String, i32)> = HashSet::new();
        for a in form_assignment::Entity::find().all(&self.conn).await? {
            let Some(f) = forms.get(&a.form_id) else {
                continue;
            };
            for c in json_codes(&a.items) {
                let key = (a.region_code.clone(), c, f.year);
                covered.insert(key.clone());
                if decide(actor, &a, Action::Import).is_ok() {
                    open.insert(key, (a.id, a.status.clone()));
                }
            }
        }
        let item_ids = items
            .keys()
            .enumerate()
            .map(|(i, c)| (c.clone(), i as u32))
            .collect();
        Ok(ImportContext {
            region_ids: regions
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c, i as u32))
                .collect(),
            item_ids,
            items,
            open,
            covered,
        })
    }
}
