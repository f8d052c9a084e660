//! County → city roll-up.
//!
//! Each raw item has an aggregation type (from the indicator library):
//!
//! - `sum` (flows: R&D expenditure, GDP): the city value for year Y is the sum of the
//!   counties' values for Y. Complete only when every county reported.
//! - `latest` (stocks: enterprises, population): each county contributes its most recent
//!   value in a year ≤ Y (a stock carries forward until it is counted again), and the
//!   contributions add up.
//! - `average` (rates measured per unit): the plain mean of the counties that reported Y.
//! - `none` (ratios and other derived indicators): never aggregated from county values; the
//!   city value is recomputed from the rolled-up parts with the indicator's formula
//!   (see [`crate::Expr`]). Summing ratios would be wrong.

use serde::{Deserialize, Serialize};

/// How an item rolls up from counties to their city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    Sum,
    Latest,
    Average,
    None,
}

impl Aggregation {
    pub fn parse(s: &str) -> Option<Aggregation> {
        Some(match s {
            "sum" => Aggregation::Sum,
            "latest" => Aggregation::Latest,
            "average" => Aggregation::Average,
            "none" => Aggregation::None,
            _ => return None,
        })
    }
}

/// The result of rolling one item up for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollUp {
    pub value: Option<f64>,
    /// Counties that contributed.
    pub reported: usize,
    /// Counties expected.
    pub expected: usize,
}

impl RollUp {
    pub fn complete(&self) -> bool {
        self.reported == self.expected && self.expected > 0
    }
}

/// Rolls one item up for `year`. `series[i]` is county i's observations as (year, value),
/// in any order. `Aggregation::None` answers no value: recompute it from its parts instead.
pub fn roll_up(agg: Aggregation, year: i32, series: &[Vec<(i32, f64)>]) -> RollUp {
    let expected = series.len();
    let this_year = |s: &Vec<(i32, f64)>| s.iter().find(|(y, _)| *y == year).map(|(_, v)| *v);
    let (vals, reported): (Vec<f64>, usize) = match agg {
        Aggregation::Sum | Aggregation::Average => {
            let v: Vec<f64> = series.iter().filter_map(this_year).collect();
            let n = v.len();
            (v, n)
        }
        Aggregation::Latest => {
            let v: Vec<f64> = series
                .iter()
                .filter_map(|s| {
                    s.iter()
                        .filter(|(y, _)| *y <= year)
                        .max_by_key(|(y, _)| *y)
                        .map(|(_, v)| *v)
                })
                .collect();
            let n = v.len();
            (v, n)
        }
        Aggregation::None => (vec![], 0),
    };
    let value = if vals.is_empty() {
        None
    } else {
        match agg {
            Aggregation::Sum | Aggregation::Latest => Some(vals.iter().sum()),
            Aggregation::Average => Some(vals.iter().sum::<f64>() / vals.len() as f64),
            Aggregation::None => None,
        }
    };
    RollUp {
        value,
        reported,
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Expr;

    #[test]
    fn flows_sum_and_report_completeness() {
        let s = vec![vec![(2023, 10.0)], vec![(2023, 5.0), (2022, 4.0)], vec![]];
        let r = roll_up(Aggregation::Sum, 2023, &s);
        assert_eq!(r.value, Some(15.0));
        assert_eq!((r.reported, r.expected), (2, 3));
        assert!(!r.complete());
    }

    #[test]
    fn stocks_carry_forward_the_latest_count() {
        let s = vec![vec![(2021, 100.0), (2023, 120.0)], vec![(2022, 50.0)]];
        let r = roll_up(Aggregation::Latest, 2023, &s);
        assert_eq!(r.value, Some(170.0));
        assert!(r.complete());
        let r = roll_up(Aggregation::Latest, 2021, &s);
        assert_eq!(r.value, Some(100.0), "no future value leaks back");
        assert_eq!(r.reported, 1);
    }

    #[test]
    fn average_and_empty() {
        let s = vec![vec![(2023, 10.0)], vec![(2023, 20.0)]];
        assert_eq!(roll_up(Aggregation::Average, 2023, &s).value, Some(15.0));
        assert_eq!(roll_up(Aggregation::Sum, 2020, &s).value, None);
        assert_eq!(roll_up(Aggregation::Sum, 2020, &[]).value, None);
        assert!(!roll_up(Aggregation::Sum, 2020, &[]).complete());
    }

    #[test]
    fn ratios_are_recomputed_from_parts_not_summed() {
        // County A: 2 / 100 = 2 %, county B: 30 / 1000 = 3 %.
        let rd = vec![vec![(2023, 2.0)], vec![(2023, 30.0)]];
        let gdp = vec![vec![(2023, 100.0)], vec![(2023, 1000.0)]];
        assert_eq!(roll_up(Aggregation::None, 2023, &rd).value, None);
        let rd_city = roll_up(Aggregation::Sum, 2023, &rd).value;
        let gdp_city = roll_up(Aggregation::Sum, 2023, &gdp).value;
        let f = Expr::parse("rd_expenditure / gdp * 100").unwrap();
        let v = f
            .eval(2023, &|n, _| match n {
                "rd_expenditure" => rd_city,
                "gdp" => gdp_city,
                _ => None,
            })
            .unwrap();
        assert!((v - 32.0 / 1100.0 * 100.0).abs() < 1e-12);
        assert!((v - 5.0).abs() > 1.0, "not the sum of the county ratios");
    }

    #[test]
    fn parse_names() {
        assert_eq!(Aggregation::parse("latest"), Some(Aggregation::Latest));
        assert_eq!(Aggregation::parse("max"), None);
    }
}
