//! 实施方案 (implementation plan) of a participant, with the original text kept verbatim.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub participant_id: i64,
    pub title: String,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub doc_date: Option<String>,
    pub file_name: Option<String>,
    /// The document as uploaded (after decoding), verbatim.
    #[sea_orm(column_type = "Text")]
    pub original_text: String,
    /// SHA-256 of the original text, for duplicate detection.
    #[sea_orm(indexed)]
    pub content_hash: String,
    /// 1 for the first import; a re-import of the same plan is the next revision.
    pub revision: i32,
    pub previous_plan_id: Option<i64>,
    /// `current` or `superseded`.
    pub status: String,
    /// JSON array of the importer's warnings.
    #[sea_orm(column_type = "Text")]
    pub warnings: String,
    pub demo: bool,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::participant::Entity",
        from = "Column::ParticipantId",
        to = "super::participant::Column::Id"
    )]
    Participant,
}

impl ActiveModelBehavior for ActiveModel {}
