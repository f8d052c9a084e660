//! The first start (首次启动): the root region, the operator organisation and the first
//! administrator.

use crate::entity::{org, region, user};
use crate::{auth, Actor, Result};
use innocity_domain::org_key;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

impl crate::Auth<'_> {
    /// Ensures the national root region exists and creates the first admin when there is
    /// no user: returns the one-time password to print (the admin must change it).
    pub async fn bootstrap(&self) -> Result<Option<String>> {
        if self.user_count().await? > 0 {
            return Ok(None);
        }
        let org_id = self.ensure_operator_org().await?;
        let pw = format!("Init-{}", &auth::random_token()[..16]);
        let system = Actor::system();
        let mut txn = self.begin_write(&system).await?;
        let m = user::ActiveModel {
            username: Set("admin".into()),
            display_name: Set("系统管理员".into()),
            password_hash: Set(auth::hash_password(&pw)?),
            role: Set("admin".into()),
            org_id: Set(org_id),
            must_change_password: Set(true),
            disabled: Set(false),
            created_at: Set(crate::now()),
            last_login_at: Set(None),
            demo: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.added(
            "create",
            "user",
            m.id,
            &serde_json::json!({"username": "admin", "role": "admin"}),
        );
        txn.commit().await?;
        Ok(Some(pw))
    }

    /// The root region and the platform operator organisation (for the first admin).
    pub async fn ensure_operator_org(&self) -> Result<i64> {
        let system = Actor::system();
        let mut txn = self.begin_write(&system).await?;
        if region::Entity::find_by_id("000000".to_string())
            .one(&txn)
            .await?
            .is_none()
        {
            region::ActiveModel {
                code: Set("000000".into()),
                name: Set("全国".into()),
                level: Set("nation".into()),
                parent_code: Set(None),
                demo: Set(false),
            }
            .insert(&txn)
            .await?;
        }
        let id = match org::Entity::find()
            .filter(org::Column::Kind.eq("operator"))
            .one(&txn)
            .await?
        {
            // It belongs to the root region, so nothing was written: dropping the write
            // rolls back an empty transaction.
            Some(o) => return Ok(o.id),
            None => {
                let m = org::ActiveModel {
                    name: Set("平台运营方".into()),
                    name_key: Set(org_key("平台运营方")),
                    kind: Set("operator".into()),
                    region_code: Set("000000".into()),
                    demo: Set(false),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                txn.added("create", "org", m.id, &m);
                m.id
            }
        };
        txn.commit().await?;
        Ok(id)
    }
}
