//! Data items (数据项) and forms (填报表): seeding, listing and creating a form with its assignments.

use super::*;

impl crate::Monitoring<'_> {
    /// Creates the data items from the indicator library (idempotent; new library entries
    /// are added, existing items kept).
    pub async fn seed_data_items(&self) -> Result<usize> {
        let have: HashSet<String> = data_item::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|i| i.code)
            .collect();
        let mut added = Vec::new();
        for i in indicator::Entity::find().all(&self.conn).await? {
            if have.contains(&i.code) {
                continue;
            }
            if !i.formula.is_empty() && Expr::parse(&i.formula).is_err() {
                continue;
            }
            let pct = i.unit.as_deref() == Some("%");
            let raw = i.formula.is_empty();
            let m = data_item::ActiveModel {
                code: Set(i.code.clone()),
                name_zh: Set(i.name_zh.clone()),
                unit: Set(i.unit.clone()),
                aggregation: Set(i.aggregation.clone()),
                formula: Set(i.formula.clone()),
                min_value: Set(raw.then_some(0.0)),
                max_value: Set((raw && pct).then_some(100.0)),
                yoy_band: Set((raw && matches!(i.aggregation.as_str(), "sum" | "latest"))
                    .then_some(DEFAULT_YOY_BAND)),
                source_dept: Set(i.source_dept.clone()),
                ..Default::default()
            }
            .insert(&self.writer)
            .await?;
            added.push(m);
        }
        if !added.is_empty() {
            let all = data_item::Entity::find().all(&self.conn).await?;
            crate::validation::seed_default_rules(&self.writer, &added, &all, false).await?;
        }
        Ok(added.len())
    }

    /// Every data item, by code.
    pub async fn data_items(&self) -> Result<Vec<ItemView>> {
        Ok(data_item::Entity::find()
            .order_by_asc(data_item::Column::Id)
            .all(&self.conn)
            .await?
            .iter()
            .map(item_view)
            .collect())
    }

    pub(super) async fn item_map(&self) -> Result<HashMap<String, data_item::Model>> {
        Ok(crate::keyed(
            data_item::Entity::find().all(&self.conn).await?,
            |i| i.code.clone(),
        ))
    }

    /// Creates a form with its assignments (coordinators and admins, regions in scope).
    pub async fn create_form(&self, actor: &Actor, input: &FormIn) -> Result<FormView> {
        if !is_manager(actor.role) {
            return Err(Error::Forbidden(msg!(
                "forbidden",
                "只有协调员或管理员可以创建报表",
                "Only coordinators or administrators may create forms"
            )));
        }
        self.seed_data_items().await?;
        let items = self.item_map().await?;
        let mut errs = BTreeMap::new();
        crate::check_text(&mut errs, "name", &input.name, 100);
        if !(2000..=2100).contains(&input.year) {
            errs.insert(
                "year".into(),
                crate::common::between("年份", "Year", 2000, 2100),
            );
        }
        let date_ok = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok();
        if !date_ok(&input.due_date) {
            errs.insert("due_date".into(), crate::common::invalid_date());
        }
        if input.items.is_empty() {
            errs.insert(
                "items".into(),
                msg!(
                    "required",
                    "至少选择一个数据项",
                    "Choose at least one data item"
                ),
            );
        }
        for (i, c) in input.items.iter().enumerate() {
            match items.get(c) {
                None => {
                    errs.insert(
                        format!("items[{i}]"),
                        crate::common::not_found(
                            &format!("数据项 {c} "),
                            &format!("Data item {c}"),
                        ),
                    );
                }
                Some(m) if !m.formula.is_empty() => {
                    errs.insert(
                        format!("items[{i}]"),
                        msg!(
                            "computed_item",
                            "{c} 是计算指标,不能填报",
                            "{c} is computed and cannot be entered"
                        ),
                    );
                }
                _ => {}
            }
        }
        if programme::Entity::find_by_id(input.programme_id)
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert(
                "programme_id".into(),
                crate::common::not_found("专项", "Programme"),
            );
        }
        let form_items: HashSet<&String> = input.items.iter().collect();
        for (i, a) in input.assignments.iter().enumerate() {
            let f = |n: &str| format!("assignments[{i}].{n}");
            if !actor.scope.allows(&a.region_code)
                || region::Entity::find_by_id(a.region_code.clone())
                    .one(&self.conn)
                    .await?
                    .is_none()
            {
                errs.insert(
                    f("region_code"),
                    crate::common::not_in_scope("地区", "Region"),
                );
            }
            match org::Entity::find_by_id(a.org_id).one(&self.conn).await? {
                Some(o) if actor.scope.allows_ref(&o.region_code) => {}
                _ => {
                    errs.insert(
                        f("org_id"),
                        crate::common::not_in_scope("机构", "Organisation"),
                    );
                }
            }
            if a.items.is_empty() || a.items.iter().any(|c| !form_items.contains(c)) {
                errs.insert(
                    f("items"),
                    msg!(
                        "invalid_choice",
                        "须为本报表的数据项",
                        "Must be data items of this form"
                    ),
                );
            }
            if a.due_date.as_deref().is_some_and(|d| !date_ok(d)) {
                errs.insert(f("due_date"), crate::common::invalid_date());
            }
        }
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let form = data_form::ActiveModel {
            programme_id: Set(input.programme_id),
            name: Set(input.name.trim().to_string()),
            year: Set(input.year),
            items: Set(serde_json::to_string(&input.items).unwrap_or_default()),
            due_date: Set(input.due_date.clone()),
            created_at: Set(crate::now()),
            demo: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for a in &input.assignments {
            form_assignment::ActiveModel {
                form_id: Set(form.id),
                org_id: Set(a.org_id),
                region_code: Set(a.region_code.clone()),
                items: Set(serde_json::to_string(&a.items).unwrap_or_default()),
                due_date: Set(a.due_date.clone().unwrap_or_else(|| input.due_date.clone())),
                status: Set(DRAFT.into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        txn.audit("create", "data_form", form.id, None, Some(serde_json::json!({"form": audit::snap(&form), "assignments": input.assignments.len()})));
        txn.commit().await?;
        Ok(FormView {
            id: form.id,
            programme_id: form.programme_id,
            name: form.name,
            year: form.year,
            items: input.items.clone(),
            due_date: form.due_date,
            demo: form.demo,
            assignment_count: input.assignments.len() as u64,
        })
    }

    /// Forms (every logged-in user; their assignments are scoped).
    pub async fn forms(&self, _actor: &Actor) -> Result<Vec<FormView>> {
        let mut out = Vec::new();
        for f in data_form::Entity::find()
            .order_by_desc(data_form::Column::Year)
            .order_by_asc(data_form::Column::Id)
            .all(&self.conn)
            .await?
        {
            let n = form_assignment::Entity::find()
                .filter(form_assignment::Column::FormId.eq(f.id))
                .count(&self.conn)
                .await?;
            out.push(FormView {
                id: f.id,
                programme_id: f.programme_id,
                name: f.name,
                year: f.year,
                items: json_codes(&f.items),
                due_date: f.due_date,
                demo: f.demo,
                assignment_count: n,
            });
        }
        Ok(out)
    }
}
