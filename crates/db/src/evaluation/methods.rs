//! Evaluation methods (评价方法): listing, reading, creating and the built-in presets.

use super::*;

impl crate::Evaluation<'_> {
    pub(super) fn summary_of(
        m: &evaluation_method::Model,
        all: &[evaluation_method::Model],
    ) -> MethodSummary {
        let same: Vec<&evaluation_method::Model> = all.iter().filter(|x| x.key == m.key).collect();
        MethodSummary {
            id: m.id,
            key: m.key.clone(),
            version: m.version,
            name: m.name.clone(),
            description: m.description.clone(),
            preset: m.preset,
            indicators: nodes_of(&m.structure_csv)
                .iter()
                .filter(|n| n.kind == "Indicator")
                .count(),
            created_at: m.created_at,
            versions: same.len(),
            latest: same.iter().all(|x| x.version <= m.version),
        }
    }

    /// Newest version of every method.
    pub async fn methods(&self, _actor: &Actor) -> Result<Vec<MethodSummary>> {
        let all = evaluation_method::Entity::find()
            .order_by_asc(evaluation_method::Column::Id)
            .all(&self.conn)
            .await?;
        Ok(all
            .iter()
            .map(|m| Self::summary_of(m, &all))
            .filter(|s| s.latest)
            .collect())
    }

    /// One method version with its text, structure and the key's history.
    pub async fn method(&self, _actor: &Actor, id: i64) -> Result<MethodDetail> {
        let m = evaluation_method::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("评价方法", "Evaluation method"))
            })?;
        let all = evaluation_method::Entity::find()
            .filter(evaluation_method::Column::Key.eq(&m.key))
            .order_by_asc(evaluation_method::Column::Version)
            .all(&self.conn)
            .await?;
        Ok(MethodDetail {
            method: Self::summary_of(&m, &all),
            nodes: nodes_of(&m.structure_csv),
            history: all.iter().map(|x| Self::summary_of(x, &all)).collect(),
            method_toml: m.method_toml,
            structure_csv: m.structure_csv,
        })
    }

    /// Creates a method (version 1), or with `of` a new version of that method's key.
    pub async fn create_method(
        &self,
        actor: &Actor,
        of: Option<i64>,
        input: &MethodIn,
    ) -> Result<MethodDetail> {
        may_evaluate(actor)?;
        let mut errs = BTreeMap::new();
        let prev = match of {
            Some(id) => Some(
                evaluation_method::Entity::find_by_id(id)
                    .one(&self.conn)
                    .await?
                    .ok_or_else(|| {
                        Error::not_found(crate::common::not_found("评价方法", "Evaluation method"))
                    })?,
            ),
            None => None,
        };
        let name = match (&input.name, &prev) {
            (Some(n), _) => crate::check_text(&mut errs, "name", n, 100),
            (None, Some(p)) => p.name.clone(),
            (None, None) => crate::check_text(&mut errs, "name", "", 100),
        };
        let description = input
            .description
            .clone()
            .or_else(|| prev.as_ref().map(|p| p.description.clone()))
            .unwrap_or_default();
        if description.chars().count() > 2000 {
            errs.insert("description".into(), crate::common::too_long(2000));
        }
        let key = match &prev {
            Some(p) => p.key.clone(),
            None => input.key.clone().unwrap_or_default().trim().to_string(),
        };
        if prev.is_none()
            && !key.is_empty()
            && (key.len() > 64
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            errs.insert(
                "key".into(),
                msg!(
                    "invalid_chars",
                    "须为 1–64 个字母、数字、_ 或 -",
                    "Must be 1–64 letters, digits, _ or -"
                ),
            );
        }
        for (f, v) in [
            ("method_toml", &input.method_toml),
            ("structure_csv", &input.structure_csv),
        ] {
            if v.trim().is_empty() {
                errs.insert(f.into(), crate::common::required());
            } else if v.len() > MAX_TEXT {
                errs.insert(
                    f.into(),
                    msg!("too_large", "超过 512 KB", "Larger than 512 KB"),
                );
            }
        }
        Error::check(errs)?;
        check_method(&input.method_toml, &input.structure_csv)?;
        let mut txn = self.begin_write(actor).await?;
        let key = if key.is_empty() {
            format!("method_{}", uuid::Uuid::new_v4().simple())
        } else {
            key
        };
        let siblings = evaluation_method::Entity::find()
            .filter(evaluation_method::Column::Key.eq(&key))
            .all(&txn)
            .await?;
        if prev.is_none() && !siblings.is_empty() {
            return Err(Error::conflict(
                "duplicate",
                msg!(
                    "duplicate",
                    "方法标识 {key} 已存在;修改请新建版本",
                    "Method key {key} already exists; make a new version to change it"
                ),
            ));
        }
        let version = siblings.iter().map(|s| s.version).max().unwrap_or(0) + 1;
        let m = evaluation_method::ActiveModel {
            key: Set(key),
            version: Set(version),
            name: Set(name),
            description: Set(description),
            method_toml: Set(input.method_toml.clone()),
            structure_csv: Set(input.structure_csv.clone()),
            preset: Set(false),
            created_at: Set(crate::now()),
            created_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.audit(
            "create",
            "evaluation_method",
            m.id,
            prev.as_ref().and_then(audit::snap),
            audit::snap(&m),
        );
        txn.commit().await?;
        self.method(actor, m.id).await
    }

    /// Loads the preset methods (keys already present are left as they are).
    pub async fn load_presets(&self) -> Result<usize> {
        let system = Actor::system();
        let mut txn = self.begin_write(&system).await?;
        let mut n = 0;
        for (key, name, description, toml, meta) in PRESETS {
            if evaluation_method::Entity::find()
                .filter(evaluation_method::Column::Key.eq(*key))
                .one(&txn)
                .await?
                .is_some()
            {
                continue;
            }
            let m = evaluation_method::ActiveModel {
                key: Set(key.to_string()),
                version: Set(1),
                name: Set(name.to_string()),
                description: Set(description.to_string()),
                method_toml: Set(toml.to_string()),
                structure_csv: Set(meta.to_string()),
                preset: Set(true),
                created_at: Set(crate::now()),
                created_by: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            txn.added("create", "evaluation_method", m.id, &m);
            n += 1;
        }
        if n == 0 {
            // All present: nothing was written, and dropping the write rolls it back.
            return Ok(0);
        }
        txn.commit().await?;
        Ok(n)
    }
}
