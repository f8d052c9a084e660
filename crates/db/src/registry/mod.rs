//! Programme registry: regions, organisations (with aliases), programmes, batches,
//! participants and their status lifecycle.

use crate::entity::{batch, org, org_alias, participant, programme, region, status_change, user};
use crate::Msg;
use crate::{check_text, Actor, Error, Page, PageReq, Result};
use innocity_domain::{org_key, ParticipantStatus, RegionLevel};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

mod dashboard;
mod orgs;
pub use orgs::org_named;
mod programmes;
mod regions;

use dashboard::*;

/// Region code → parent code, for scoping.
pub async fn region_parents<C: ConnectionTrait>(c: &C) -> Result<HashMap<String, Option<String>>> {
    let rows: Vec<(String, Option<String>)> = region::Entity::find()
        .select_only()
        .column(region::Column::Code)
        .column(region::Column::ParentCode)
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows.into_iter().collect())
}

// ---------- regions ----------

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct RegionInput {
    #[serde(default)]
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
}

// ---------- organisations ----------

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrgView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: Msg,
    pub region: RegionRef,
    pub aliases: Vec<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct OrgInput {
    pub name: String,
    pub kind: String,
    pub region_code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Organisation kinds with their Chinese labels.
pub const ORG_KINDS: &[(&str, &str, &str)] = &[
    ("department", "政府部门", "Government department"),
    (
        "county_government",
        "县区政府",
        "County/district government",
    ),
    ("government", "人民政府", "People's government"),
    ("ministry", "部委", "Ministry"),
    ("university", "高校院所", "University or institute"),
    ("enterprise", "企业", "Enterprise"),
    ("expert_body", "专家机构", "Expert body"),
    ("operator", "平台运营方", "Platform operator"),
    ("other", "其他", "Other"),
];

// ---------- programmes, batches, participants ----------

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProgrammeView {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub description: String,
    pub participant_count: u64,
    pub status_counts: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BatchView {
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    pub name: String,
    pub approved_on: Option<String>,
    pub note: String,
    pub participant_count: u64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProgrammeRef {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BatchRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ParticipantView {
    pub id: i64,
    pub region: RegionRef,
    pub programme: ProgrammeRef,
    pub batch: BatchRef,
    pub theme: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub acceptance_year: Option<i32>,
    pub status: String,
    pub status_label: Msg,
    pub demo: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UserRef {
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HistoryView {
    pub id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_by: Option<UserRef>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StatusOption {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

pub fn status_option(s: ParticipantStatus) -> StatusOption {
    StatusOption {
        code: s.as_str().into(),
        label_zh: s.label_zh().into(),
        label_en: status_label_en(s).into(),
    }
}

/// The label of a participant status, as a message.
pub fn status_label(s: ParticipantStatus) -> Msg {
    Msg::new(s.as_str(), s.label_zh(), status_label_en(s))
}

pub fn status_label_en(s: ParticipantStatus) -> &'static str {
    match s {
        ParticipantStatus::Building => "Under construction",
        ParticipantStatus::PendingAcceptance => "Awaiting acceptance",
        ParticipantStatus::Passed => "Passed",
        ParticipantStatus::Rectifying => "Rectifying",
        ParticipantStatus::Cancelled => "Disqualified",
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ParticipantDetail {
    pub participant: ParticipantView,
    pub history: Vec<HistoryView>,
    pub allowed_transitions: Vec<StatusOption>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    pub programme_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub region_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RecentTransition {
    pub participant_id: i64,
    pub region_name: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_by: Option<String>,
    /// The participant is demo data (演示数据).
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Dashboard {
    pub programmes: Vec<ProgrammeView>,
    pub status_counts: BTreeMap<String, u64>,
    pub recent_transitions: Vec<RecentTransition>,
}
