//! Supervision rules per region (督办规则): warning thresholds and reminder schedule.

use super::*;

pub(super) fn rules_key(region: &str) -> String {
    format!("rules:{region}")
}

impl crate::Supervision<'_> {
    /// The rules in force for a region (defaults when none were set).
    pub async fn rules(&self, region: &str) -> Result<Rules> {
        Self::rules_in(&self.conn, region).await
    }

    pub(super) async fn rules_in<C: ConnectionTrait>(c: &C, region: &str) -> Result<Rules> {
        Ok(sv_setting::Entity::find_by_id(rules_key(region))
            .one(c)
            .await?
            .and_then(|s| serde_json::from_str(&s.value).ok())
            .unwrap_or_default())
    }

    /// Changes the rules of the caller's region (coordinators and admins).
    pub async fn set_rules(&self, actor: &Actor, rules: &Rules) -> Result<Rules> {
        let errs = rules.check();
        Error::check(errs)?;
        sv::may_manage(actor.role, sv::Manage::SetRules).map_err(denied)?;
        let mut txn = self.begin_write(actor).await?;
        let key = rules_key(&actor.region_code);
        let before = sv_setting::Entity::find_by_id(key.clone())
            .one(&txn)
            .await?;
        let value = serde_json::to_string(rules).unwrap_or_default();
        let after = match before.clone() {
            Some(b) => {
                let mut am = b.into_active_model();
                am.value = Set(value);
                am.updated_at = Set(crate::now());
                am.update(&txn).await?
            }
            None => {
                sv_setting::ActiveModel {
                    key: Set(key.clone()),
                    value: Set(value),
                    updated_at: Set(crate::now()),
                }
                .insert(&txn)
                .await?
            }
        };
        txn.audit(
            "update",
            "sv_setting",
            &key,
            before.and_then(|b| serde_json::from_str(&b.value).ok()),
            serde_json::from_str(&after.value).ok(),
        );
        txn.commit().await?;
        Ok(rules.clone())
    }
}
