//! 报表分配: which organisation reports which items of a form for which region, by when;
//! carries the approval workflow (draft → submitted → approved | returned → accepted).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "form_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub form_id: i64,
    #[sea_orm(indexed)]
    pub org_id: i64,
    #[sea_orm(indexed)]
    pub region_code: String,
    /// JSON array of item codes (a subset of the form's).
    #[sea_orm(column_type = "Text")]
    pub items: String,
    pub due_date: String,
    /// draft submitted approved returned accepted.
    pub status: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i64>,
    /// Reason of the last return or unapproval.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::data_form::Entity",
        from = "Column::FormId",
        to = "super::data_form::Column::Id",
        on_delete = "Cascade"
    )]
    Form,
    #[sea_orm(
        belongs_to = "super::org::Entity",
        from = "Column::OrgId",
        to = "super::org::Column::Id"
    )]
    Org,
}

impl ActiveModelBehavior for ActiveModel {}
