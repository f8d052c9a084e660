//! 监测数据项: a raw item reported yearly, or a derived indicator computed by a formula.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "data_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The indicator library's code.
    #[sea_orm(unique)]
    pub code: String,
    pub name_zh: String,
    pub unit: Option<String>,
    /// sum latest average none (see `innocity_monitor::rollup`).
    pub aggregation: String,
    /// Empty for raw items; an `innocity_monitor::Expr` for derived indicators.
    #[sea_orm(column_type = "Text")]
    pub formula: String,
    /// Range rule bounds.
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    /// Year-on-year band (0.5 = ±50 %), checked with medium importance.
    pub yoy_band: Option<f64>,
    pub source_dept: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
