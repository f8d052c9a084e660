//! 评价方法: one version of an evaluation method — the method file (TOML) and the indicator
//! structure (iMeta CSV) are data. Editing creates a new version with the same `key`; runs keep
//! pointing at the version they used.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "evaluation_methods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Groups the versions of one method.
    #[sea_orm(indexed)]
    pub key: String,
    /// 1, 2, … within `key`.
    pub version: i32,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// The method file (`innocity evaluate --method`).
    #[sea_orm(column_type = "Text")]
    pub method_toml: String,
    /// The indicator structure (`--meta`, COINr iMeta layout).
    #[sea_orm(column_type = "Text")]
    pub structure_csv: String,
    /// Loaded from `crates/db/presets/`.
    pub preset: bool,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
