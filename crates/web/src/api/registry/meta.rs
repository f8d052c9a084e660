//! Reference data: the enumerations the UI shows, with their labels in both languages.

use axum::Json;
use innocity_db::registry::{StatusOption, ORG_KINDS};
use innocity_domain::{ParticipantStatus, RegionLevel, Role};
use schemars::JsonSchema;
use serde::Serialize;

/// A code with its Chinese and English labels.
#[derive(Serialize, JsonSchema)]
pub struct Label {
    code: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
}

const fn label(code: &'static str, label_zh: &'static str, label_en: &'static str) -> Label {
    Label {
        code,
        label_zh,
        label_en,
    }
}

/// Every enumeration with its labels, and the server's version.
#[derive(Serialize, JsonSchema)]
pub struct Meta {
    roles: Vec<Label>,
    statuses: Vec<StatusOption>,
    region_levels: Vec<Label>,
    org_kinds: Vec<Label>,
    aggregations: Vec<Label>,
    directions: Vec<Label>,
    version: &'static str,
}

pub async fn meta() -> Json<Meta> {
    Json(Meta {
        roles: Role::ALL
            .iter()
            .map(|r| label(r.as_str(), r.label_zh(), r.label_en()))
            .collect(),
        statuses: ParticipantStatus::ALL
            .iter()
            .map(|s| innocity_db::registry::status_option(*s))
            .collect(),
        region_levels: [
            (RegionLevel::Nation, "全国", "Nation"),
            (RegionLevel::Province, "省级", "Province"),
            (RegionLevel::City, "地市级", "City"),
            (RegionLevel::County, "县(市、区)", "County / district"),
            (RegionLevel::Zone, "开发区", "Development zone"),
        ]
        .into_iter()
        .map(|(l, zh, en)| label(l.as_str(), zh, en))
        .collect(),
        org_kinds: ORG_KINDS
            .iter()
            .map(|(c, zh, en)| label(c, zh, en))
            .collect(),
        aggregations: vec![
            label("sum", "求和(流量)", "Sum (flows)"),
            label("latest", "取最新值(存量)", "Latest (stocks)"),
            label("average", "平均", "Average"),
            label(
                "none",
                "不汇总(比率按分子分母重算)",
                "None (ratios recomputed)",
            ),
        ],
        directions: vec![
            label("positive", "正向", "Higher is better"),
            label("negative", "逆向", "Lower is better"),
        ],
        version: env!("CARGO_PKG_VERSION"),
    })
}
