//! Unit-level data (`iData`): parsing and checks against the structure.

use super::*;

/// Unit-level data (`iData`), rows sorted by `Time` then `uCode`.
#[derive(Debug, Clone)]
pub struct Data {
    pub file: String,
    pub ucode: Vec<String>,
    pub uname: Vec<String>,
    /// Period per row (0 when there is no `Time` column).
    pub time: Vec<i64>,
    /// A panel: the file has a `Time` column with more than one period (outputs then lead
    /// with `Time`).
    pub has_time: bool,
    /// Text columns other than uCode/uName/Time/indicators/denominators (groups and the like).
    pub text: BTreeMap<String, Vec<String>>,
    /// Denominator columns.
    pub denoms: BTreeMap<String, Vec<f64>>,
    /// Indicator columns in node order (`cols[j][row]`).
    pub cols: Vec<Vec<f64>>,
    /// Source line of each row.
    pub lines: Vec<usize>,
}

impl Data {
    pub fn n_rows(&self) -> usize {
        self.ucode.len()
    }

    /// Parse `iData` CSV text for the given structure. `time`: keep only that period.
    /// `need_denoms`: the denominator columns named in iMeta must exist (a denominate step).
    pub fn parse(
        text: &str,
        file: &str,
        st: &Structure,
        time: Option<i64>,
        need_denoms: bool,
    ) -> Result<Data> {
        let t = Table::parse(text, file)?;
        let mut problems = Vec::new();
        let uc = match t.col("uCode") {
            Some(i) => i,
            None => {
                return Err(EngineError::Invalid(vec![Problem::new(
                    file,
                    Some(1),
                    Some("uCode"),
                    "required column is missing",
                )
                .zh("缺少必需的列")]))
            }
        };
        let un = t.col("uName");
        let tc = t.col("Time");
        // indicator columns
        let mut ind_cols = Vec::new();
        for j in 0..st.n_ind {
            match t.col(&st.codes[j]) {
                Some(c) => ind_cols.push(c),
                None => {
                    problems.push(
                        Problem::new(
                            &st.file,
                            Some(st.rows[st.meta_row[j]].line),
                            Some("iCode"),
                            format!("indicator '{}' has no column in {file}", st.codes[j]),
                        )
                        .zh(format!("指标“{}”在 {file} 中没有对应的列", st.codes[j])),
                    );
                    ind_cols.push(usize::MAX);
                }
            }
        }
        let mut den_names: Vec<String> = if need_denoms {
            st.denominator.iter().flatten().cloned().collect()
        } else {
            Vec::new()
        };
        den_names.sort();
        den_names.dedup();
        for j in 0..st.n_ind {
            if let Some(d) = st.denominator[j].as_ref().filter(|_| need_denoms) {
                if t.col(d).is_none() {
                    problems.push(
                        Problem::new(
                            &st.file,
                            Some(st.rows[st.meta_row[j]].line),
                            Some("Denominator"),
                            format!(
                                "denominator '{d}' of indicator '{}' has no column in {file}",
                                st.codes[j]
                            ),
                        )
                        .zh(format!(
                            "指标“{}”的分母“{d}”在 {file} 中没有对应的列",
                            st.codes[j]
                        )),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        // rows
        let mut order: Vec<usize> = Vec::new();
        let mut times = vec![0i64; t.rows.len()];
        for (k, r) in t.rows.iter().enumerate() {
            let line = t.lines[k];
            if r[uc].trim().is_empty() {
                problems.push(
                    Problem::new(file, Some(line), Some("uCode"), "empty uCode").zh("uCode 为空"),
                );
            }
            if let Some(tc) = tc {
                match r[tc].trim().parse::<i64>() {
                    Ok(v) => times[k] = v,
                    Err(_) => match r[tc].trim().parse::<f64>() {
                        Ok(v) if v.fract() == 0.0 && v.abs() < 1e15 => times[k] = v as i64,
                        _ => problems.push(
                            Problem::new(
                                file,
                                Some(line),
                                Some("Time"),
                                format!("'{}' is not an integer period", &r[tc]),
                            )
                            .zh(format!("“{}”不是整数期次", &r[tc])),
                        ),
                    },
                }
            }
            if time.is_none() || tc.is_none() || Some(times[k]) == time {
                order.push(k);
            }
        }
        if let (Some(tsel), Some(_)) = (time, tc) {
            if order.is_empty() && problems.is_empty() {
                problems.push(
                    Problem::new(
                        file,
                        None,
                        Some("Time"),
                        format!("no rows for period {tsel}"),
                    )
                    .zh(format!("期次 {tsel} 没有数据行")),
                );
            }
        }
        // uniqueness per period
        let mut seen: HashMap<(i64, &str), usize> = HashMap::new();
        for &k in &order {
            if let Some(prev) = seen.insert((times[k], t.rows[k][uc].trim()), t.lines[k]) {
                problems.push(
                    Problem::new(
                        file,
                        Some(t.lines[k]),
                        Some("uCode"),
                        format!("duplicate uCode '{}' (first on row {prev})", &t.rows[k][uc]),
                    )
                    .zh(format!(
                        "uCode“{}”重复(首次出现在第 {prev} 行)",
                        &t.rows[k][uc]
                    )),
                );
            }
        }
        let keys: Vec<String> = t.rows.iter().map(|r| r[uc].trim().to_lowercase()).collect();
        order.sort_by(|&a, &b| {
            times[a]
                .cmp(&times[b])
                .then_with(|| keys[a].cmp(&keys[b]))
                .then_with(|| collate(t.rows[a][uc].trim(), t.rows[b][uc].trim()))
        });
        let mut cols = vec![Vec::with_capacity(order.len()); st.n_ind];
        for &k in &order {
            let rec = &t.rows[k];
            for (j, &c) in ind_cols.iter().enumerate() {
                let s = rec.get(c).unwrap_or("");
                match parse_num(s) {
                    Ok(v) => cols[j].push(v),
                    Err(()) => {
                        problems.push(
                            Problem::new(
                                file,
                                Some(t.lines[k]),
                                Some(&t.header[c]),
                                format!("'{s}' is not a number"),
                            )
                            .zh(format!("“{s}”不是数字")),
                        );
                        cols[j].push(f64::NAN);
                    }
                }
            }
        }
        for j in 0..st.n_ind {
            if !order.is_empty() && cols[j].iter().all(|v| v.is_nan()) {
                problems.push(
                    Problem::new(
                        file,
                        None,
                        Some(&st.codes[j]),
                        "indicator column has no values (all missing)",
                    )
                    .zh(format!("指标“{}”的列没有数值(全部缺失)", st.codes[j])),
                );
            }
        }
        let mut denoms = BTreeMap::new();
        for d in &den_names {
            let c = t.col(d).unwrap_or(0);
            let mut v = Vec::with_capacity(order.len());
            for &k in &order {
                let s = &t.rows[k][c];
                match parse_num(s) {
                    Ok(x) => v.push(x),
                    Err(()) => {
                        problems.push(
                            Problem::new(
                                file,
                                Some(t.lines[k]),
                                Some(d),
                                format!("'{s}' is not a number"),
                            )
                            .zh(format!("“{s}”不是数字")),
                        );
                        v.push(f64::NAN);
                    }
                }
            }
            denoms.insert(d.clone(), v);
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        let mut text_cols = BTreeMap::new();
        for (c, h) in t.header.iter().enumerate() {
            if h.is_empty()
                || c == uc
                || Some(c) == un
                || Some(c) == tc
                || ind_cols.contains(&c)
                || denoms.contains_key(h)
            {
                continue;
            }
            text_cols.insert(
                h.clone(),
                order
                    .iter()
                    .map(|&k| t.rows[k][c].trim().to_string())
                    .collect(),
            );
        }
        let mut all_t: Vec<i64> = times.clone();
        all_t.sort_unstable();
        all_t.dedup();
        let is_panel = tc.is_some() && all_t.len() > 1;
        Ok(Data {
            file: file.to_string(),
            ucode: order
                .iter()
                .map(|&k| t.rows[k][uc].trim().to_string())
                .collect(),
            uname: order
                .iter()
                .map(|&k| {
                    un.map(|u| t.rows[k][u].trim().to_string())
                        .unwrap_or_default()
                })
                .collect(),
            time: order.iter().map(|&k| times[k]).collect(),
            has_time: is_panel,
            text: text_cols,
            denoms,
            cols,
            lines: order.iter().map(|&k| t.lines[k]).collect(),
        })
    }
}
