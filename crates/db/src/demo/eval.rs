//! Demo values (演示数据) for the evaluation presets: the raw items behind the 五维 city
//! preset (`innovative_city_5d`) for the demo cities and behind the 15-indicator county
//! preset (`innovative_county_15`) for the demo counties, 2019–2024, so that both presets run
//! end to end on the demo set.
//!
//! The values are **invented** and generated deterministically: each participant has a
//! fixed profile (GDP, population, an innovation level `q` and a growth rate), each item a
//! fixed formula of that profile with its own trend, a few fixed specialties (唐山's industry,
//! 井冈山's services and low energy use, …), and a fixed ±25 % per (region, item) and
//! ±2 % per (region, item, year) variation from an FNV-1a hash — no random numbers at run
//! time, so every load gives the same values. Stored like the monitoring demo: labelled
//! 演示数据, `demo = true`, 2024 approved and earlier years accepted.
//!
//! 德州 (371400) already has monitoring demo values (and its GDP and R&D expenditure roll up
//! from its counties): those items are left alone, and its other items follow its GDP.

use super::monitoring::{demo_rows, DEMO_FIRST_YEAR};
use crate::entity::observation;
use crate::monitoring::{DataRow, ACCEPTED, APPROVED};
use crate::Result;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// Years covered (as the monitoring demo).
pub const YEARS: std::ops::RangeInclusive<i32> = DEMO_FIRST_YEAR..=DEMO_FIRST_YEAR + 5;

/// A participant's profile in the last demo year: (region, GDP 亿元, resident population
/// 万人, innovation level q, annual GDP growth).
const CITIES: &[(&str, f64, f64, f64, f64)] = &[
    ("370100", 13500.0, 950.0, 1.3, 0.055),
    ("130200", 9500.0, 770.0, 0.85, 0.05),
    // 德州: GDP, population and R&D from the monitoring demo.
    ("371400", 0.0, 0.0, 0.95, 0.0),
    ("630100", 1800.0, 250.0, 0.75, 0.05),
];
const COUNTIES: &[(&str, f64, f64, f64, f64)] = &[
    ("130123", 330.0, 50.0, 1.0, 0.06),
    ("350582", 3400.0, 210.0, 1.2, 0.06),
    ("330523", 570.0, 60.0, 1.15, 0.065),
    ("360881", 95.0, 16.0, 0.7, 0.05),
    ("220521", 80.0, 20.0, 0.6, 0.04),
    ("990121", 420.0, 55.0, 1.1, 0.06),
    ("990122", 260.0, 38.0, 0.9, 0.055),
    ("990123", 180.0, 30.0, 0.8, 0.05),
];

/// What a participant is known for: (region, item, factor on its level).
const SPECIALTIES: &[(&str, &str, f64)] = &[
    ("130200", "high_tech_industry_output", 1.3),
    ("130200", "enterprises_with_rd_institutions", 1.4),
    ("130200", "energy_consumption", 1.6),
    ("630100", "basic_research_expenditure", 1.8),
    ("630100", "key_laboratories", 1.6),
    ("630100", "services_value_added", 1.15),
    ("371400", "new_product_sales", 1.4),
    ("371400", "incubators", 1.5),
    ("360881", "services_value_added", 1.3),
    ("360881", "energy_consumption", 0.6),
    ("360881", "maker_spaces", 2.0),
    ("220521", "fiscal_st_expenditure", 1.8),
    ("220521", "tech_transfer_institutions", 2.5),
    ("330523", "maker_spaces", 1.5),
    ("130123", "provincial_rd_platforms", 1.6),
];

/// The items the two presets need (raw items of their indicators' formulas).
const CITY_ITEMS: &[&str] = &[
    "gdp",
    "rd_expenditure",
    "resident_population",
    "employed_persons",
    "fiscal_expenditure",
    "fiscal_st_expenditure",
    "major_st_projects",
    "talents_dispatched_to_enterprises",
    "tech_finance_loans",
    "basic_research_expenditure",
    "invention_patents",
    "key_laboratories",
    "new_rd_institutions",
    "enterprise_rd_expenditure",
    "main_business_revenue",
    "enterprises_with_rd_institutions",
    "industrial_enterprises_above_scale",
    "high_tech_enterprises",
    "tech_contract_turnover",
    "new_product_sales",
    "high_tech_industry_output",
    "industrial_output_above_scale",
    "incubators",
    "energy_consumption",
    "services_value_added",
    "high_tech_industry_value_added",
    "industrial_value_added",
    "rd_personnel_fte",
];
const COUNTY_ITEMS: &[&str] = &[
    "gdp",
    "rd_expenditure",
    "fiscal_expenditure",
    "fiscal_st_expenditure",
    "enterprise_rd_expenditure",
    "main_business_revenue",
    "rd_personnel_fte",
    "employed_persons",
    "high_tech_enterprises",
    "tech_smes",
    "enterprises_with_rd_institutions",
    "industrial_enterprises_above_scale",
    "new_product_sales",
    "incubators",
    "maker_spaces",
    "provincial_rd_platforms",
    "tech_transfer_institutions",
    "invention_patents",
    "resident_population",
    "high_tech_industry_output",
    "industrial_output_above_scale",
    "energy_consumption",
];

/// FNV-1a 64 of the parts, as a number in [0, 1).
fn unit_hash(parts: &[&str]) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Level of an item in a year from the year's GDP `g` (亿元), R&D expenditure `rd`,
/// population `p` (万人) and innovation level `q`; and the item's own yearly trend
/// (applied as (1 + trend)^(year − last year)) and whether it is a count.
fn level(item: &str, g: f64, rd: f64, p: f64, q: f64) -> (f64, f64, bool) {
    let ind_ent = g * 0.25;
    let revenue = g * 1.2;
    let output = g * 1.1;
    let ind_va = g * 0.33;
    let employed = p * 0.56;
    let fiscal = g * 0.13;
    // Counts of institutions grow less than in proportion to the economy.
    let sz = g.powf(0.6);
    match item {
        "gdp" => (g, 0.0, false),
        "rd_expenditure" => (rd, 0.0, false),
        "resident_population" => (p, 0.003, false),
        "employed_persons" => (employed, 0.002, false),
        "fiscal_expenditure" => (fiscal, 0.0, false),
        "fiscal_st_expenditure" => (fiscal * 0.03 * q, 0.06, false),
        "major_st_projects" => (sz * 0.1 * q, 0.05, true),
        "talents_dispatched_to_enterprises" => (sz * 0.4 * q, 0.08, true),
        "tech_finance_loans" => (g * 0.025 * q * q, 0.12, false),
        "basic_research_expenditure" => (rd * 0.05 * q, 0.03, false),
        "invention_patents" => (p * 12.0 * q * q, 0.12, true),
        "key_laboratories" => (sz * 0.15 * q, 0.04, true),
        "new_rd_institutions" => (sz * 0.08 * q, 0.1, true),
        "enterprise_rd_expenditure" => (rd * 0.72, 0.0, false),
        "main_business_revenue" => (revenue, 0.0, false),
        "industrial_enterprises_above_scale" => (ind_ent, 0.03, true),
        "enterprises_with_rd_institutions" => (ind_ent * 0.3 * q, 0.06, true),
        "high_tech_enterprises" => (sz * 10.0 * q, 0.12, true),
        "tech_contract_turnover" => (g * 0.025 * q * q, 0.15, false),
        "new_product_sales" => (revenue * 0.16 * q, 0.03, false),
        "industrial_output_above_scale" => (output, 0.0, false),
        "high_tech_industry_output" => (output * 0.38 * q, 0.03, false),
        "incubators" => (sz * 0.1 * q, 0.06, true),
        "energy_consumption" => (g * 0.55 / q, -0.03, false),
        "services_value_added" => (g * (0.42 + 0.12 * q), 0.005, false),
        "industrial_value_added" => (ind_va, 0.0, false),
        "high_tech_industry_value_added" => (ind_va * 0.3 * q, 0.03, false),
        "rd_personnel_fte" => (employed * 45.0 * q * q, 0.06, false),
        "tech_smes" => (sz * 12.0 * q, 0.1, true),
        "maker_spaces" => (sz * 0.12 * q, 0.06, true),
        "provincial_rd_platforms" => (sz * 0.3 * q, 0.07, true),
        "tech_transfer_institutions" => (sz * 0.05 * q, 0.08, true),
        _ => (f64::NAN, 0.0, false),
    }
}

/// The generated rows (region, item, year, value), in a fixed order — public so tests can
/// compare. Items 德州 already has in the monitoring demo are not repeated.
pub fn demo_eval_rows() -> Vec<DataRow> {
    let last = *YEARS.end();
    // 德州 from the monitoring demo: GDP and R&D as the sum of its counties, population.
    let base = demo_rows();
    let dezhou_items: HashSet<String> = base
        .iter()
        .filter(|r| r.region_code == "371400")
        .map(|r| r.item_code.clone())
        .chain(["gdp".to_string(), "rd_expenditure".to_string()])
        .collect();
    let mut dz: HashMap<(&str, i32), f64> = HashMap::new();
    for r in &base {
        let key = match (r.region_code.as_str(), r.item_code.as_str()) {
            (c, "gdp") if c.starts_with("3714") && c != "371400" => "gdp",
            (c, "rd_expenditure") if c.starts_with("3714") && c != "371400" => "rd",
            ("371400", "resident_population") => "pop",
            _ => continue,
        };
        *dz.entry((key, r.year)).or_default() += r.value.unwrap_or(0.0);
    }
    let mut out = Vec::new();
    for (profiles, items) in [(CITIES, CITY_ITEMS), (COUNTIES, COUNTY_ITEMS)] {
        for &(region, g_last, p_last, q, growth) in profiles {
            for year in YEARS {
                let t = (year - last) as f64;
                let noise = |item: &str| {
                    let y = year.to_string();
                    0.98 + 0.04 * unit_hash(&[region, item, &y])
                };
                let (g, rd, p) = if region == "371400" {
                    (
                        dz.get(&("gdp", year)).copied().unwrap_or(0.0),
                        dz.get(&("rd", year)).copied().unwrap_or(0.0),
                        dz.get(&("pop", year)).copied().unwrap_or(0.0),
                    )
                } else {
                    let g = g_last * (1.0 + growth).powf(t) * noise("gdp");
                    // R&D intensity 2 % × q^1.5, rising 4 % a year.
                    let rd = g * 0.02 * q.powf(1.5) * 1.04f64.powf(t) * noise("rd_expenditure");
                    (g, rd, p_last * 1.003f64.powf(t))
                };
                for &item in items {
                    if region == "371400" && dezhou_items.contains(item) {
                        continue;
                    }
                    let (v, trend, count) = level(item, g, rd, p, q);
                    let special = SPECIALTIES
                        .iter()
                        .find(|s| s.0 == region && s.1 == item)
                        .map_or(1.0, |s| s.2);
                    let v = v * special;
                    let v = match item {
                        "gdp" | "rd_expenditure" => v,
                        _ => {
                            v * (1.0 + trend).powf(t)
                                * (0.75 + 0.5 * unit_hash(&[region, item]))
                                * noise(item)
                        }
                    };
                    if !v.is_finite() {
                        continue;
                    }
                    let v = if count {
                        v.round().max(1.0)
                    } else {
                        (v * 100.0).round() / 100.0
                    };
                    out.push(DataRow {
                        region_code: region.into(),
                        item_code: item.into(),
                        year,
                        value: Some(v),
                        comment: None,
                        missing_reason: None,
                    });
                }
            }
        }
    }
    out
}

impl crate::Demo<'_> {
    /// Loads [`demo_eval_rows`] once (idempotent: skipped when the demo already holds a
    /// value of these items for a demo county participant, or when the regions are absent).
    pub async fn load_evaluation_data(&self) -> Result<usize> {
        let rows = demo_eval_rows();
        let regions: HashSet<&str> = rows.iter().map(|r| r.region_code.as_str()).collect();
        let known: HashSet<String> = crate::entity::region::Entity::find()
            .filter(crate::entity::region::Column::Code.is_in(regions.iter().copied()))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        if known.len() != regions.len()
            || crate::entity::data_item::Entity::find()
                .filter(crate::entity::data_item::Column::Code.eq("tech_transfer_institutions"))
                .one(&self.conn)
                .await?
                .is_none()
        {
            return Ok(0);
        }
        if observation::Entity::find()
            .filter(observation::Column::Demo.eq(true))
            .filter(observation::Column::RegionCode.eq("990121"))
            .filter(observation::Column::ItemCode.eq("tech_transfer_institutions"))
            .one(&self.conn)
            .await?
            .is_some()
        {
            return Ok(0);
        }
        let last = *YEARS.end();
        let rows: Vec<(DataRow, &str)> = rows
            .into_iter()
            .map(|r| {
                let st = if r.year == last { APPROVED } else { ACCEPTED };
                (r, st)
            })
            .collect();
        self.monitoring().insert_demo_observations(&rows).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(rows: &[DataRow], region: &str, item: &str, year: i32) -> Option<f64> {
        rows.iter()
            .find(|r| r.region_code == region && r.item_code == item && r.year == year)
            .and_then(|r| r.value)
    }

    #[test]
    fn deterministic_plausible_and_no_overlap_with_the_monitoring_demo() {
        let a = demo_eval_rows();
        let b = demo_eval_rows();
        assert_eq!(
            a.iter().map(|r| r.value).collect::<Vec<_>>(),
            b.iter().map(|r| r.value).collect::<Vec<_>>()
        );
        // Every value positive and finite; no (region, item, year) twice, none of 德州's
        // monitoring demo values repeated.
        let mut seen = HashSet::new();
        let base: HashSet<(String, String, i32)> = demo_rows()
            .into_iter()
            .map(|r| (r.region_code, r.item_code, r.year))
            .collect();
        for r in &a {
            let v = r.value.unwrap();
            assert!(v.is_finite() && v > 0.0, "{r:?}");
            let k = (r.region_code.clone(), r.item_code.clone(), r.year);
            assert!(!base.contains(&k), "overlaps the monitoring demo: {r:?}");
            assert!(seen.insert(k), "twice: {r:?}");
        }
        assert!(!a
            .iter()
            .any(|r| r.region_code == "371400" && r.item_code == "gdp"));
        // Plausible ratios for 2024: R&D intensity 0.5–5 %, coverage ≤ 100 %, high-tech share
        // ≤ 100 %, energy intensity 0.2–1.5 t/万元.
        let y = *YEARS.end();
        for (region, _, _, _, _) in CITIES.iter().chain(COUNTIES).filter(|c| c.0 != "371400") {
            let g = value(&a, region, "gdp", y).unwrap();
            let rd = value(&a, region, "rd_expenditure", y).unwrap();
            assert!((0.5..5.0).contains(&(rd / g * 100.0)), "{region}");
            let cov = value(&a, region, "enterprises_with_rd_institutions", y).unwrap()
                / value(&a, region, "industrial_enterprises_above_scale", y).unwrap();
            assert!(cov <= 1.0, "{region}: {cov}");
            let ht = value(&a, region, "high_tech_industry_output", y).unwrap()
                / value(&a, region, "industrial_output_above_scale", y).unwrap();
            assert!(ht < 1.0, "{region}: {ht}");
            let e = value(&a, region, "energy_consumption", y).unwrap() / g;
            assert!((0.2..1.5).contains(&e), "{region}: {e}");
        }
        // Growth over the years: GDP rises.
        assert!(
            value(&a, "370100", "gdp", y).unwrap() > value(&a, "370100", "gdp", y - 5).unwrap()
        );
        assert_eq!(YEARS.count(), 6);
    }
}
