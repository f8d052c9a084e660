//! The monitoring demo (监测演示数据): values of 德州 and its counties and a form assigned to
//! the demo reporters.

use crate::entity::{data_form, observation, org, programme, region};
use crate::monitoring::{AssignmentIn, DataRow, FormIn, ACCEPTED, APPROVED};
use crate::{Actor, Result};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// Demo values (演示数据) of 德州 (371400) and its counties, 2019–2024: the parts of the
/// demo plan's target indicators, so the scorecard shows a mix of statuses. GDP and R&D
/// expenditure are given per county (the city value is their roll-up); the rest per city.
const DEMO_CITY: &[(&str, [f64; 6])] = &[
    (
        "invention_patents",
        [1680.0, 1850.0, 2020.0, 2213.0, 2407.0, 2602.0],
    ),
    (
        "resident_population",
        [560.5, 561.2, 561.0, 560.3, 559.8, 559.5],
    ),
    (
        "high_tech_enterprises",
        [420.0, 530.0, 650.0, 790.0, 930.0, 1080.0],
    ),
    ("tech_smes", [600.0, 700.0, 760.0, 800.0, 830.0, 850.0]),
    (
        "high_tech_industry_output",
        [1880.0, 2010.0, 2346.0, 2560.0, 2731.0, 2857.0],
    ),
    (
        "industrial_output_above_scale",
        [4700.0, 4674.0, 5100.0, 5278.0, 5397.0, 5580.0],
    ),
    ("major_st_projects", [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]),
    ("leading_talents", [40.0, 46.0, 52.0, 58.0, 63.0, 68.0]),
    (
        "fiscal_expenditure",
        [478.0, 495.0, 503.0, 521.0, 530.0, 542.0],
    ),
    ("fiscal_st_expenditure", [9.6, 10.4, 11.6, 12.5, 13.3, 14.1]),
];
/// City GDP (亿元) and R&D intensity (%) by year, split over the counties below.
const DEMO_GDP: [f64; 6] = [3022.0, 3079.0, 3489.0, 3633.0, 3759.0, 3900.0];
const DEMO_RD_INTENSITY: [f64; 6] = [2.05, 2.2, 2.4, 2.55, 2.7, 2.85];
/// County: (code, share of GDP, relative R&D intensity).
const DEMO_COUNTIES: &[(&str, f64, f64)] = &[
    ("371402", 0.16, 1.2),
    ("371403", 0.08, 0.8),
    ("371422", 0.07, 0.9),
    ("371423", 0.05, 0.7),
    ("371424", 0.09, 1.1),
    ("371425", 0.13, 1.3),
    ("371426", 0.07, 0.8),
    ("371427", 0.06, 0.6),
    ("371428", 0.06, 0.7),
    ("371481", 0.10, 0.9),
    ("371482", 0.13, 1.1),
];
pub const DEMO_FIRST_YEAR: i32 = 2019;

/// The demo rows (region, item, year, value) — public so tests can compare.
pub fn demo_rows() -> Vec<DataRow> {
    let row = |region: &str, item: &str, year: i32, v: f64| DataRow {
        region_code: region.into(),
        item_code: item.into(),
        year,
        value: Some((v * 100.0).round() / 100.0),
        comment: None,
        missing_reason: None,
    };
    let mut out = Vec::new();
    for (k, year) in (DEMO_FIRST_YEAR..DEMO_FIRST_YEAR + 6).enumerate() {
        for (item, vals) in DEMO_CITY {
            out.push(row("371400", item, year, vals[k]));
        }
        let rd_city = DEMO_GDP[k] * DEMO_RD_INTENSITY[k] / 100.0;
        let weight: f64 = DEMO_COUNTIES.iter().map(|(_, s, f)| s * f).sum();
        for (code, share, f) in DEMO_COUNTIES {
            out.push(row(code, "gdp", year, DEMO_GDP[k] * share));
            out.push(row(
                code,
                "rd_expenditure",
                year,
                rd_city * share * f / weight,
            ));
        }
    }
    out
}

impl crate::Demo<'_> {
    /// Loads the monitoring demo: data items, 2019–2024 values for 德州 and its counties
    /// (labelled 演示数据; 2024 approved, earlier years accepted) and a 2025 form assigned to
    /// the demo reporters' organisations. Idempotent.
    pub async fn load_monitoring(&self) -> Result<()> {
        self.monitoring().seed_data_items().await?;
        if observation::Entity::find()
            .filter(observation::Column::Demo.eq(true))
            .one(&self.conn)
            .await?
            .is_some()
        {
            return Ok(());
        }
        if region::Entity::find_by_id("371400".to_string())
            .one(&self.conn)
            .await?
            .is_none()
        {
            return Ok(());
        }
        let rows: Vec<(DataRow, &str)> = demo_rows()
            .into_iter()
            .map(|r| {
                let st = if r.year == DEMO_FIRST_YEAR + 5 {
                    APPROVED
                } else {
                    ACCEPTED
                };
                (r, st)
            })
            .collect();
        self.monitoring().insert_demo_observations(&rows).await?;
        let Some(prog) = programme::Entity::find()
            .filter(programme::Column::Code.eq("innovative_city"))
            .one(&self.conn)
            .await?
        else {
            return Ok(());
        };
        let org_id = |name: &'static str| async move {
            org::Entity::find()
                .filter(org::Column::Name.eq(name))
                .one(&self.conn)
                .await
                .map(|o| o.map(|o| o.id))
        };
        let mut assignments = Vec::new();
        for (org, region, items, due) in [
            (
                "市财政局",
                "371400",
                vec![
                    "fiscal_expenditure",
                    "fiscal_st_expenditure",
                    "major_st_projects",
                ],
                "2026-12-31",
            ),
            (
                "德城区人民政府",
                "371402",
                vec!["gdp", "rd_expenditure"],
                "2026-12-31",
            ),
            (
                "市统计局",
                "371400",
                vec!["high_tech_industry_output", "industrial_output_above_scale"],
                "2026-03-31",
            ),
        ] {
            if let Some(id) = org_id(org).await? {
                assignments.push(AssignmentIn {
                    org_id: id,
                    region_code: region.into(),
                    items: items.into_iter().map(str::to_string).collect(),
                    due_date: Some(due.into()),
                });
            }
        }
        let mut items: Vec<String> = assignments.iter().flat_map(|a| a.items.clone()).collect();
        items.sort();
        items.dedup();
        let form = FormIn {
            programme_id: prog.id,
            name: "2025年度创新型城市监测数据(演示数据)".into(),
            year: 2025,
            items,
            due_date: "2026-12-31".into(),
            assignments,
        };
        let view = self
            .monitoring()
            .create_form(&Actor::system(), &form)
            .await?;
        if let Some(f) = data_form::Entity::find_by_id(view.id)
            .one(&self.conn)
            .await?
        {
            let mut m = f.into_active_model();
            m.demo = Set(true);
            m.update(&self.writer).await?;
        }
        Ok(())
    }
}
