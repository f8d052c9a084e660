//! Writes a monitoring workbook of N values (default 100,000) for the import benchmark
//! (`scripts/bench-import.sh`): every demo region × every raw library item × as many years
//! back from 2018 as needed. Values are deterministic and within the items' ranges.
//!
//! `cargo run --release -p innocity-office --example bench_workbook -- OUT.xlsx [N]`

use innocity_office::data::{template, TemplateRow};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "bench.xlsx".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/data/");
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(format!("{data}{f}")).expect("read data"))
            .expect("json")
    };
    let regions: Vec<String> = read("demo.json")["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect();
    let items: Vec<String> = read("indicators.json")
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["formula"].as_str() == Some(""))
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    let per_year = regions.len() * items.len();
    let years = n.div_ceil(per_year) as i32;
    let mut rows = Vec::with_capacity(n);
    'outer: for y in 0..years {
        for (ri, r) in regions.iter().enumerate() {
            for (ii, i) in items.iter().enumerate() {
                if rows.len() == n {
                    break 'outer;
                }
                let v = 1.0 + ((ri * 31 + ii * 17 + y as usize * 7) % 90) as f64 * 0.5;
                rows.push(TemplateRow {
                    region_code: r.clone(),
                    region_name: r.clone(),
                    item_code: i.clone(),
                    item_name: i.clone(),
                    unit: None,
                    year: 2018 - y,
                    previous: [None, None, None],
                    value: Some(v),
                    comment: None,
                    missing_reason: None,
                });
            }
        }
    }
    let bytes = template("benchmark", &rows).expect("write workbook");
    std::fs::write(&out, &bytes).expect("write file");
    eprintln!(
        "{out}: {} values ({} regions × {} items × {years} years), {:.1} MB",
        rows.len(),
        regions.len(),
        items.len(),
        bytes.len() as f64 / 1e6
    );
}
