//! Input model: COINr-style `iMeta` and `iData` tables parsed from in-memory CSV text, with
//! validation that names file, row and column for every problem.

use crate::error::{EngineError, Problem, Result};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Collation close to R's `sort()` in an English locale: case-insensitive first, then
/// lower case before upper case.
pub fn collate(a: &str, b: &str) -> Ordering {
    let la = a.to_lowercase();
    let lb = b.to_lowercase();
    la.cmp(&lb).then_with(|| {
        let ka: Vec<bool> = a.chars().map(|c| c.is_uppercase()).collect();
        let kb: Vec<bool> = b.chars().map(|c| c.is_uppercase()).collect();
        ka.cmp(&kb).then_with(|| a.cmp(b))
    })
}

/// A parsed CSV: header and rows of raw strings (line numbers kept for messages).
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
    /// 1-based line of each row in the file (header = line 1).
    pub lines: Vec<usize>,
}

impl Table {
    pub fn parse(text: &str, file: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                return Err(EngineError::Invalid(vec![Problem::new(
                    file,
                    Some(1),
                    None,
                    format!("cannot read CSV header: {e}"),
                )
                .zh(format!("无法读取 CSV 表头: {e}"))]))
            }
        };
        if header.iter().all(|h| h.is_empty()) {
            return Err(EngineError::Invalid(vec![Problem::new(
                file,
                Some(1),
                None,
                "empty file or empty header",
            )
            .zh("文件或表头为空")]));
        }
        let mut seen = HashSet::new();
        for h in &header {
            if !h.is_empty() && !seen.insert(h.clone()) {
                return Err(EngineError::Invalid(vec![Problem::new(
                    file,
                    Some(1),
                    Some(h),
                    "duplicate column name",
                )
                .zh("列名重复")]));
            }
        }
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        let mut problems = Vec::new();
        for rec in rdr.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                    if r.len() == 1 && r.get(0).map(|s| s.trim().is_empty()).unwrap_or(true) {
                        continue; // blank line
                    }
                    if r.len() != header.len() {
                        problems.push(
                            Problem::new(
                                file,
                                Some(line),
                                None,
                                format!("{} fields, but the header has {}", r.len(), header.len()),
                            )
                            .zh(format!(
                                "有 {} 个字段,但表头有 {} 个",
                                r.len(),
                                header.len()
                            )),
                        );
                        continue;
                    }
                    rows.push(r);
                    lines.push(line);
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize);
                    problems.push(
                        Problem::new(file, line, None, format!("CSV syntax error: {e}"))
                            .zh(format!("CSV 语法错误: {e}")),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        Ok(Table {
            file: file.to_string(),
            header,
            rows,
            lines,
        })
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Parse a numeric cell: empty, `NA` and `NaN` are missing.
#[allow(clippy::result_unit_err)]
pub fn parse_num(s: &str) -> std::result::Result<f64, ()> {
    // cells come trimmed from `Table::parse`; trim only if needed
    let t = if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        s.trim()
    } else {
        s
    };
    if t.is_empty() || t == "NA" || t == "NaN" || t == "nan" {
        return Ok(f64::NAN);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeType {
    Indicator,
    Aggregate,
    Group,
    Denominator,
    Other(String),
}

/// One row of `iMeta`.
#[derive(Debug, Clone)]
pub struct MetaRow {
    pub line: usize,
    pub level: Option<u32>,
    pub code: String,
    pub name: String,
    pub direction: f64,
    pub weight: f64,
    pub target: f64,
    pub denominator: Option<String>,
    pub parent: Option<String>,
    pub kind: NodeType,
    /// Every column of the row by name (raw text), for method parameters taken from iMeta.
    pub cells: BTreeMap<String, String>,
}

/// The index structure derived from `iMeta`.
///
/// Nodes are numbered: indicators `0..n_ind` (iMeta order), then aggregates in the column
/// order of COINr's Aggregated data set (level 2 alphabetically, then level 3, …).
#[derive(Debug, Clone)]
pub struct Structure {
    pub file: String,
    pub rows: Vec<MetaRow>,
    pub codes: Vec<String>,
    pub names: Vec<String>,
    pub level: Vec<u32>,
    pub weight: Vec<f64>,
    pub direction: Vec<f64>,
    pub parent: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// iMeta row index of each node.
    pub meta_row: Vec<usize>,
    pub n_ind: usize,
    pub max_level: u32,
    /// Denominator column (iData) per indicator.
    pub denominator: Vec<Option<String>>,
}

impl Structure {
    pub fn n_nodes(&self) -> usize {
        self.codes.len()
    }
    pub fn node(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }
    /// Aggregate node ids at a level (in column order).
    pub fn aggs_at(&self, level: u32) -> Vec<usize> {
        (self.n_ind..self.n_nodes())
            .filter(|&i| self.level[i] == level)
            .collect()
    }
    /// The top aggregate (first node at the highest level), if any aggregate exists.
    pub fn top(&self) -> Option<usize> {
        if self.n_nodes() == self.n_ind {
            return None;
        }
        self.aggs_at(self.max_level).first().copied()
    }
    /// Aggregates in results order: top level first, then each level below, grouped by the
    /// order of their parents, alphabetically within a parent.
    pub fn results_order(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if self.n_nodes() == self.n_ind {
            return out;
        }
        let mut current = self.aggs_at(self.max_level);
        out.extend(&current);
        let mut lev = self.max_level;
        while lev > 2 {
            lev -= 1;
            let mut next = Vec::new();
            for &p in &current {
                let mut ch: Vec<usize> = self.children[p]
                    .iter()
                    .copied()
                    .filter(|&c| c >= self.n_ind)
                    .collect();
                ch.sort_by(|&a, &b| collate(&self.codes[a], &self.codes[b]));
                next.extend(ch);
            }
            // aggregates at this level without a parent at the level above
            for a in self.aggs_at(lev) {
                if !next.contains(&a) {
                    next.push(a);
                }
            }
            out.extend(&next);
            current = next;
        }
        out
    }
    /// Meta cell (raw text) of a node, by column name.
    pub fn meta_cell(&self, node: usize, col: &str) -> Option<&str> {
        self.rows[self.meta_row[node]]
            .cells
            .get(col)
            .map(|s| s.as_str())
    }

    /// Parse `iMeta` CSV text and build the hierarchy. All problems are reported together.
    pub fn parse(text: &str, file: &str) -> Result<Structure> {
        let t = Table::parse(text, file)?;
        let mut problems = Vec::new();
        for req in ["iCode", "Type"] {
            if t.col(req).is_none() {
                problems.push(
                    Problem::new(file, Some(1), Some(req), "required column is missing")
                        .zh("缺少必需的列"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        let get = |r: &csv::StringRecord, name: &str| -> String {
            t.col(name)
                .map(|i| r[i].trim().to_string())
                .unwrap_or_default()
        };
        let mut rows: Vec<MetaRow> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (ri, r) in t.rows.iter().enumerate() {
            let line = t.lines[ri];
            let code = get(r, "iCode");
            if code.is_empty() {
                problems.push(
                    Problem::new(file, Some(line), Some("iCode"), "empty iCode").zh("iCode 为空"),
                );
                continue;
            }
            if let Some(prev) = seen.insert(code.clone(), line) {
                problems.push(
                    Problem::new(
                        file,
                        Some(line),
                        Some("iCode"),
                        format!("duplicate iCode '{code}' (first on row {prev})"),
                    )
                    .zh(format!("iCode“{code}”重复(首次出现在第 {prev} 行)")),
                );
                continue;
            }
            let kind = match get(r, "Type").as_str() {
                "Indicator" => NodeType::Indicator,
                "Aggregate" => NodeType::Aggregate,
                "Group" => NodeType::Group,
                "Denominator" => NodeType::Denominator,
                other => {
                    if ["Other", "Framework"].contains(&other) {
                        NodeType::Other(other.to_string())
                    } else {
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            Some("Type"),
                            format!("unknown Type '{other}' (expected Indicator, Aggregate, Group, Denominator or Other)"),
                        ));
                        NodeType::Other(other.to_string())
                    }
                }
            };
            let structural = matches!(kind, NodeType::Indicator | NodeType::Aggregate);
            let level = {
                let s = get(r, "Level");
                if s.is_empty() || s == "NA" {
                    if structural {
                        problems.push(
                            Problem::new(
                                file,
                                Some(line),
                                Some("Level"),
                                "missing Level for an indicator or aggregate",
                            )
                            .zh("指标或汇总项缺少 Level"),
                        );
                    }
                    None
                } else {
                    match s.parse::<f64>() {
                        Ok(v) if v >= 1.0 && v.fract() == 0.0 && v < 100.0 => Some(v as u32),
                        _ => {
                            problems.push(
                                Problem::new(
                                    file,
                                    Some(line),
                                    Some("Level"),
                                    format!("Level '{s}' is not an integer ≥ 1"),
                                )
                                .zh(format!("Level“{s}”不是 ≥ 1 的整数")),
                            );
                            None
                        }
                    }
                }
            };
            if structural {
                if let Some(l) = level {
                    if (kind == NodeType::Indicator) != (l == 1) {
                        problems.push(Problem::new(
                            file,
                            Some(line),
                            Some("Level"),
                            format!("Type {:?} does not fit Level {l} (indicators are level 1, aggregates level ≥ 2)", kind),
                        ));
                    }
                }
            }
            let num =
                |name: &str, default: f64, required: bool, problems: &mut Vec<Problem>| -> f64 {
                    let s = get(r, name);
                    match parse_num(&s) {
                        Ok(v) if v.is_nan() => {
                            if required {
                                problems.push(
                                    Problem::new(file, Some(line), Some(name), "missing value")
                                        .zh("缺少数值"),
                                );
                            }
                            default
                        }
                        Ok(v) => v,
                        Err(()) => {
                            problems.push(
                                Problem::new(
                                    file,
                                    Some(line),
                                    Some(name),
                                    format!("'{s}' is not a number"),
                                )
                                .zh(format!("“{s}”不是数字")),
                            );
                            default
                        }
                    }
                };
            let direction = if kind == NodeType::Indicator {
                let d = num(
                    "Direction",
                    1.0,
                    t.col("Direction").is_some(),
                    &mut problems,
                );
                if d != 1.0 && d != -1.0 && !d.is_nan() {
                    problems.push(
                        Problem::new(
                            file,
                            Some(line),
                            Some("Direction"),
                            format!("direction {d} is not 1 or -1"),
                        )
                        .zh(format!("方向 {d} 不是 1 或 -1")),
                    );
                }
                d
            } else if kind == NodeType::Aggregate {
                let d = num("Direction", 1.0, false, &mut problems);
                if d != 1.0 && d != -1.0 {
                    problems.push(
                        Problem::new(
                            file,
                            Some(line),
                            Some("Direction"),
                            format!("direction {d} is not 1 or -1"),
                        )
                        .zh(format!("方向 {d} 不是 1 或 -1")),
                    );
                }
                d
            } else {
                1.0
            };
            let weight = if structural {
                let w = num("Weight", 1.0, t.col("Weight").is_some(), &mut problems);
                if w < 0.0 {
                    problems.push(
                        Problem::new(file, Some(line), Some("Weight"), "negative weight")
                            .zh("权重为负数"),
                    );
                }
                w
            } else {
                f64::NAN
            };
            let target = if structural {
                num("Target", f64::NAN, false, &mut problems)
            } else {
                f64::NAN
            };
            let den = get(r, "Denominator");
            let parent = get(r, "Parent");
            let cells: BTreeMap<String, String> = t
                .header
                .iter()
                .cloned()
                .zip(r.iter().map(|c| c.trim().to_string()))
                .filter(|(h, _)| !h.is_empty())
                .collect();
            rows.push(MetaRow {
                line,
                level,
                code,
                name: get(r, "iName"),
                direction,
                weight,
                target,
                denominator: if den.is_empty() || den == "NA" {
                    None
                } else {
                    Some(den)
                },
                // only indicators and aggregates sit in the hierarchy
                parent: if parent.is_empty() || parent == "NA" || !structural {
                    None
                } else {
                    Some(parent)
                },
                kind,
                cells,
            });
        }
        // parents must exist and be aggregates; cycles
        let by_code: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.as_str(), i))
            .collect();
        for r in &rows {
            if let Some(p) = &r.parent {
                match by_code.get(p.as_str()) {
                    None => problems.push(
                        Problem::new(
                            file,
                            Some(r.line),
                            Some("Parent"),
                            format!("parent '{p}' does not exist"),
                        )
                        .zh(format!("上级“{p}”不存在")),
                    ),
                    Some(&pi) => {
                        if rows[pi].kind != NodeType::Aggregate {
                            problems.push(Problem::new(
                                file,
                                Some(r.line),
                                Some("Parent"),
                                format!(
                                    "parent '{p}' is not an aggregate (Type {:?})",
                                    rows[pi].kind
                                ),
                            ));
                        }
                    }
                }
            }
        }
        // cycle detection
        let mut reported: HashSet<usize> = HashSet::new();
        for start in 0..rows.len() {
            let mut path = vec![start];
            let mut cur = start;
            while let Some(p) = rows[cur]
                .parent
                .as_ref()
                .and_then(|p| by_code.get(p.as_str()).copied())
            {
                if let Some(pos) = path.iter().position(|&x| x == p) {
                    let cyc: Vec<usize> = path[pos..].to_vec();
                    if cyc.iter().all(|c| !reported.contains(c)) {
                        reported.extend(cyc.iter().copied());
                        let names: Vec<&str> = cyc
                            .iter()
                            .chain(std::iter::once(&p))
                            .map(|&i| rows[i].code.as_str())
                            .collect();
                        problems.push(Problem::new(
                            file,
                            Some(rows[p].line),
                            Some("Parent"),
                            format!("cycle in the hierarchy: {}", names.join(" -> ")),
                        ));
                    }
                    break;
                }
                path.push(p);
                cur = p;
                if path.len() > rows.len() + 1 {
                    break;
                }
            }
        }
        if problems.is_empty() {
            for r in &rows {
                if let (Some(p), Some(l)) = (&r.parent, r.level) {
                    let pr = &rows[by_code[p.as_str()]];
                    if let Some(pl) = pr.level {
                        if pl != l + 1 {
                            problems.push(Problem::new(
                                file,
                                Some(r.line),
                                Some("Parent"),
                                format!("parent '{p}' is at level {pl}, expected level {}", l + 1),
                            ));
                        }
                    }
                }
            }
        }
        let n_ind = rows
            .iter()
            .filter(|r| r.kind == NodeType::Indicator)
            .count();
        if n_ind == 0 {
            problems.push(
                Problem::new(
                    file,
                    None,
                    Some("Type"),
                    "no indicators (Type = Indicator) defined",
                )
                .zh("没有定义任何指标(Type = Indicator)"),
            );
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        // node numbering
        let mut meta_row: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].kind == NodeType::Indicator)
            .collect();
        let mut aggs: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].kind == NodeType::Aggregate)
            .collect();
        aggs.sort_by(|&a, &b| {
            rows[a]
                .level
                .cmp(&rows[b].level)
                .then_with(|| collate(&rows[a].code, &rows[b].code))
        });
        meta_row.extend(aggs);
        let codes: Vec<String> = meta_row.iter().map(|&i| rows[i].code.clone()).collect();
        let idx: HashMap<&str, usize> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let parent: Vec<Option<usize>> = meta_row
            .iter()
            .map(|&i| {
                rows[i]
                    .parent
                    .as_ref()
                    .and_then(|p| idx.get(p.as_str()).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); codes.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let mut problems = Vec::new();
        for i in n_ind..codes.len() {
            if children[i].is_empty() {
                problems.push(
                    Problem::new(
                        file,
                        Some(rows[meta_row[i]].line),
                        Some("iCode"),
                        format!("aggregate '{}' has no children", codes[i]),
                    )
                    .zh(format!("汇总项“{}”没有下级", codes[i])),
                );
            }
        }
        let level: Vec<u32> = meta_row
            .iter()
            .map(|&i| rows[i].level.unwrap_or(1))
            .collect();
        let max_level = level.iter().copied().max().unwrap_or(1);
        if max_level > 1 {
            for i in 0..codes.len() {
                if parent[i].is_none() && level[i] < max_level {
                    problems.push(Problem::new(
                        file,
                        Some(rows[meta_row[i]].line),
                        Some("Parent"),
                        format!("'{}' (level {}) has no parent", codes[i], level[i]),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        Ok(Structure {
            file: file.to_string(),
            names: meta_row.iter().map(|&i| rows[i].name.clone()).collect(),
            weight: meta_row.iter().map(|&i| rows[i].weight).collect(),
            direction: meta_row.iter().map(|&i| rows[i].direction).collect(),
            denominator: meta_row
                .iter()
                .map(|&i| rows[i].denominator.clone())
                .collect(),
            level,
            codes,
            parent,
            children,
            meta_row,
            n_ind,
            max_level,
            rows,
        })
    }

    /// Replace weights from an `iCode,Weight` CSV.
    pub fn apply_weights_csv(&mut self, text: &str, file: &str) -> Result<()> {
        let t = Table::parse(text, file)?;
        let mut problems = Vec::new();
        let (ci, wi) = match (t.col("iCode"), t.col("Weight")) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                return Err(EngineError::Invalid(vec![Problem::new(
                    file,
                    Some(1),
                    None,
                    "columns iCode and Weight are required",
                )
                .zh("须有 iCode 和 Weight 两列")]))
            }
        };
        for (k, r) in t.rows.iter().enumerate() {
            let line = t.lines[k];
            let code = r[ci].trim();
            let node = match self.node(code) {
                Some(n) => n,
                None => {
                    problems.push(
                        Problem::new(
                            file,
                            Some(line),
                            Some("iCode"),
                            format!("unknown iCode '{code}'"),
                        )
                        .zh(format!("未知的 iCode“{code}”")),
                    );
                    continue;
                }
            };
            match parse_num(&r[wi]) {
                Ok(v) if !v.is_nan() && v >= 0.0 => self.weight[node] = v,
                _ => problems.push(
                    Problem::new(
                        file,
                        Some(line),
                        Some("Weight"),
                        format!("'{}' is not a non-negative number", &r[wi]),
                    )
                    .zh(format!("“{}”不是非负数", &r[wi])),
                ),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(EngineError::Invalid(problems))
        }
    }

    /// Effective weights: weights normalised within each parent, multiplied down the tree.
    pub fn effective_weights(&self, weights: &[f64]) -> Vec<f64> {
        let n = self.n_nodes();
        let mut eff = vec![f64::NAN; n];
        // roots
        for i in 0..n {
            if self.parent[i].is_none() {
                eff[i] = 1.0;
            }
        }
        let mut lev = self.max_level;
        while lev >= 2 {
            for p in self.aggs_at(lev) {
                let s: f64 = self.children[p].iter().map(|&c| weights[c]).sum();
                for &c in &self.children[p] {
                    eff[c] = eff[p] * weights[c] / s;
                }
            }
            lev -= 1;
        }
        eff
    }
}

mod data;
pub use data::Data;
