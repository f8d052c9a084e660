//! The built-in indicator library (指标库).
//!
//! `data/indicators.json` holds canonical indicators with names, synonyms seen in plans, unit,
//! direction, definition, source department, formula text and aggregation type. It seeds the
//! database's library and lets the plan importer map a target's phrase to an indicator.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Whether a higher value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 正向: higher is better.
    Positive,
    /// 逆向: lower is better (energy intensity, say).
    Negative,
}

/// How county values roll up to their city (汇总方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Flows add up (R&D expenditure).
    Sum,
    /// Stocks take the latest value.
    Latest,
    /// Averages.
    Average,
    /// Not aggregated: ratios are recomputed from their parts, never summed.
    None,
}

/// One canonical indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDef {
    /// Stable id in snake_case, e.g. `rd_intensity`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Other wordings seen in plans (simplified characters).
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Unit as written in plans, e.g. `%`, `件`, `家`, `亿元`.
    pub unit: Option<String>,
    pub direction: Direction,
    #[serde(default)]
    pub definition: String,
    /// Department that reports it (数据来源), e.g. 市统计局.
    #[serde(default)]
    pub source_dept: String,
    /// Formula over raw statistics, as text (e.g. `rd_expenditure / gdp * 100`).
    #[serde(default)]
    pub formula: String,
    pub aggregation: Aggregation,
    /// True when the official definition has not been verified against a published source.
    #[serde(default)]
    pub unverified: bool,
}

static BUILTIN: LazyLock<Vec<IndicatorDef>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/indicators.json"))
        .expect("data/indicators.json is checked by a unit test")
});

/// The built-in library, parsed once.
pub fn builtin_indicators() -> &'static [IndicatorDef] {
    &BUILTIN
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn library_parses_and_codes_are_unique() {
        let lib = builtin_indicators();
        assert!(
            lib.len() >= 30,
            "at least 30 canonical indicators, got {}",
            lib.len()
        );
        let mut seen = HashSet::new();
        for i in lib {
            assert!(seen.insert(&i.code), "duplicate code {}", i.code);
            assert!(!i.name_zh.is_empty() && !i.name_en.is_empty(), "{}", i.code);
            assert!(i
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
    }

    #[test]
    fn rd_intensity_is_present() {
        let lib = builtin_indicators();
        let rd = lib
            .iter()
            .find(|i| i.code == "rd_intensity")
            .expect("rd_intensity");
        assert_eq!(rd.unit.as_deref(), Some("%"));
        assert_eq!(rd.aggregation, Aggregation::None);
    }
}
