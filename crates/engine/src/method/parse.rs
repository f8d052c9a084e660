//! Reading a method file (`method.toml`) into a [`Method`], every problem named.

use super::*;

impl Method {
    /// Parse a method file (TOML text). `file` labels messages.
    pub fn parse(text: &str, file: &str) -> Result<Method> {
        let root: toml::Table = match text.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                return Err(EngineError::Invalid(vec![Problem::new(
                    file,
                    line,
                    None,
                    format!("TOML syntax error: {}", e.message()),
                )
                .zh(format!("TOML 语法错误: {}", e.message()))]));
            }
        };
        let mut p = P {
            file,
            problems: Vec::new(),
        };
        p.check_keys(&root, &["name", "step", "uncertainty", "description"], "");
        let name = p.str(&root, "name", "", "");
        let mut steps = Vec::new();
        let arr: Vec<toml::Value> = match root.get("step") {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a.clone(),
            Some(_) => {
                p.bad("step", "expected [[step]] tables", "应为 [[step]] 表");
                Vec::new()
            }
        };
        if arr.is_empty() {
            p.bad(
                "step",
                "the method has no [[step]]",
                "方法没有任何 [[step]]",
            );
        }
        for (i, v) in arr.iter().enumerate() {
            let path = format!("step {} ", i + 1);
            let t = match v.as_table() {
                Some(t) => t,
                None => {
                    p.bad(&path, "expected a table", "应为表");
                    continue;
                }
            };
            let kind = p.str(t, "kind", &path, "");
            let path = format!("step {} ({kind})", i + 1);
            let step = match kind.as_str() {
                "denominate" => {
                    p.check_keys(t, &["kind", "scale"], &path);
                    Some(Step::Denominate {
                        scale: p.f64(t, "scale", &path, 1.0),
                    })
                }
                "impute" => {
                    p.check_keys(t, &["kind", "method", "group", "max_time"], &path);
                    let m = p.str(t, "method", &path, "mean");
                    let method = match m.as_str() {
                        "none" => ImputeMethod::None,
                        "mean" => ImputeMethod::Mean,
                        "median" => ImputeMethod::Median,
                        "group_mean" => ImputeMethod::GroupMean,
                        "group_median" => ImputeMethod::GroupMedian,
                        "panel_latest" => ImputeMethod::PanelLatest,
                        "panel_linear" => ImputeMethod::PanelLinear,
                        _ => {
                            p.bad(
                                &format!("{path}.method"),
                                format!("unknown impute method '{m}'"),
                                format!("未知的插补方法“{m}”"),
                            );
                            ImputeMethod::None
                        }
                    };
                    let group = t.get("group").map(|_| p.str(t, "group", &path, ""));
                    if matches!(method, ImputeMethod::GroupMean | ImputeMethod::GroupMedian)
                        && group.is_none()
                    {
                        p.bad(
                            &format!("{path}.group"),
                            "group_* imputation needs 'group' (an iData column)",
                            "group_* 插补须指定 group(iData 中的一列)",
                        );
                    }
                    let max_time = t.get("max_time").map(|_| p.f64(t, "max_time", &path, 0.0));
                    if let Some(m) = max_time {
                        if m < 1.0 || m.fract() != 0.0 {
                            p.bad(
                                &format!("{path}.max_time"),
                                "must be a positive integer",
                                "须为正整数",
                            );
                        }
                    }
                    let max_time = max_time.map(|m| m.max(1.0) as usize);
                    Some(Step::Impute {
                        method,
                        group,
                        max_time,
                    })
                }
                "screen" => {
                    p.check_keys(t, &["kind", "by", "threshold", "nonzero_threshold"], &path);
                    let b = p.str(t, "by", &path, "na");
                    let by = match b.as_str() {
                        "na" => ScreenBy::Na,
                        "zeros" => ScreenBy::Zeros,
                        "na_and_zeros" => ScreenBy::NaAndZeros,
                        _ => {
                            p.bad(
                                &format!("{path}.by"),
                                format!(
                                    "unknown screen criterion '{b}' (na | zeros | na_and_zeros)"
                                ),
                                format!("未知的筛选标准“{b}”(na | zeros | na_and_zeros)"),
                            );
                            ScreenBy::Na
                        }
                    };
                    let threshold = p.f64(t, "threshold", &path, 0.9);
                    let nonzero_threshold = p.f64(t, "nonzero_threshold", &path, 0.05);
                    for (k, v) in [
                        ("threshold", threshold),
                        ("nonzero_threshold", nonzero_threshold),
                    ] {
                        if !(0.0..=1.0).contains(&v) {
                            p.bad(
                                &format!("{path}.{k}"),
                                "must be between 0 and 1",
                                "须在 0 与 1 之间",
                            );
                        }
                    }
                    Some(Step::Screen {
                        by,
                        threshold,
                        nonzero_threshold,
                    })
                }
                "treat" => {
                    p.check_keys(
                        t,
                        &[
                            "kind",
                            "winmax",
                            "skew",
                            "kurtosis",
                            "fallback",
                            "combine",
                            "skip",
                            "force_win",
                            "lambda",
                        ],
                        &path,
                    );
                    let winmax = p.f64(t, "winmax", &path, 5.0);
                    if winmax < 0.0 || winmax.fract() != 0.0 {
                        p.bad(
                            &format!("{path}.winmax"),
                            "must be a non-negative integer",
                            "须为非负整数",
                        );
                    }
                    let fb = p.str(t, "fallback", &path, "log_ct");
                    let fallback = match fb.as_str() {
                        "log_ct" => Fallback::LogCt,
                        "log_ct_orig" => Fallback::LogCtOrig,
                        "boxcox" => Fallback::BoxCox,
                        "none" => Fallback::None,
                        _ => {
                            p.bad(&format!("{path}.fallback"), format!("unknown fallback '{fb}' (log_ct | log_ct_orig | boxcox | none)"), format!("未知的备选变换“{fb}”(log_ct | log_ct_orig | boxcox | none)"));
                            Fallback::None
                        }
                    };
                    let skip = match t.get("skip") {
                        None => Vec::new(),
                        Some(toml::Value::Array(a)) => a
                            .iter()
                            .filter_map(|v| v.as_str().map(|s| s.to_string()))
                            .collect(),
                        Some(_) => {
                            p.bad(
                                &format!("{path}.skip"),
                                "expected a list of indicator codes",
                                "应为指标代码列表",
                            );
                            Vec::new()
                        }
                    };
                    Some(Step::Treat(TreatSpec {
                        winmax: winmax.max(0.0) as usize,
                        skew: p.f64(t, "skew", &path, 2.0),
                        kurtosis: p.f64(t, "kurtosis", &path, 3.5),
                        fallback,
                        combine: p.bool(t, "combine", &path, false),
                        skip,
                        force_win: p.bool(t, "force_win", &path, false),
                        lambda: p.f64(t, "lambda", &path, 0.5),
                    }))
                }
                "normalise" | "normalize" => {
                    p.check_keys(
                        t,
                        &[
                            "kind",
                            "method",
                            "lower",
                            "upper",
                            "mean",
                            "sd",
                            "lower_col",
                            "upper_col",
                            "target_col",
                            "scale",
                            "clamp",
                            "cap",
                            "cap_ratio",
                            "global",
                        ],
                        &path,
                    );
                    let m = p.str(t, "method", &path, "minmax");
                    let method = parse_norm(&m).unwrap_or_else(|| {
                        p.bad(
                            &format!("{path}.method"),
                            format!("unknown normalisation '{m}'"),
                            format!("未知的标准化方法“{m}”"),
                        );
                        NormMethod::MinMax
                    });
                    let sd = p.f64(t, "sd", &path, 1.0);
                    if sd <= 0.0 {
                        p.bad(&format!("{path}.sd"), "must be > 0", "须大于 0");
                    }
                    let scale = t.get("scale").map(|_| p.f64(t, "scale", &path, 1.0));
                    let spec = NormSpec {
                        method,
                        global: p.bool(t, "global", &path, false),
                        lower: p.f64(t, "lower", &path, 0.0),
                        upper: p.f64(t, "upper", &path, 100.0),
                        mean: p.f64(t, "mean", &path, 0.0),
                        sd,
                        lower_col: p.str(t, "lower_col", &path, "GoalLower"),
                        upper_col: p.str(t, "upper_col", &path, "GoalUpper"),
                        target_col: p.str(t, "target_col", &path, "Target"),
                        scale,
                        clamp: p.bool(t, "clamp", &path, true),
                        cap: p.bool(t, "cap", &path, false),
                        cap_ratio: p.f64(t, "cap_ratio", &path, 1.0),
                    };
                    if method == NormMethod::Goalposts
                        && (t.get("lower_col").is_none() || t.get("upper_col").is_none())
                    {
                        p.bad(
                            &path,
                            "goalposts needs lower_col and upper_col (iMeta columns)",
                            "goalposts 须指定 lower_col 和 upper_col(iMeta 中的列)",
                        );
                    }
                    Some(Step::Normalise(spec))
                }
                "weights" => {
                    p.check_keys(
                        t,
                        &["kind", "method", "levels", "matrices", "max_cr"],
                        &path,
                    );
                    let m = p.str(t, "method", &path, "manual");
                    let method = match m.as_str() {
                        "manual" => WeightMethod::Manual,
                        "equal" => WeightMethod::Equal,
                        "pca" => WeightMethod::Pca,
                        "entropy" => WeightMethod::Entropy,
                        "critic" => WeightMethod::Critic,
                        "ahp" => WeightMethod::Ahp,
                        _ => {
                            p.bad(
                                &format!("{path}.method"),
                                format!("unknown weighting '{m}'"),
                                format!("未知的赋权方法“{m}”"),
                            );
                            WeightMethod::Manual
                        }
                    };
                    let levels = match t.get("levels") {
                        None => None,
                        Some(toml::Value::Array(a)) => Some(
                            a.iter()
                                .filter_map(|v| v.as_integer().map(|i| i as u32))
                                .collect(),
                        ),
                        Some(_) => {
                            p.bad(
                                &format!("{path}.levels"),
                                "expected a list of levels",
                                "应为层级列表",
                            );
                            None
                        }
                    };
                    let mut matrices = BTreeMap::new();
                    if let Some(mt) = t.get("matrices") {
                        match mt.as_table() {
                            Some(mt) => {
                                for (code, v) in mt {
                                    let rows: Option<Vec<Vec<f64>>> =
                                        v.as_array().and_then(|rows| {
                                            rows.iter()
                                                .map(|r| {
                                                    r.as_array().and_then(|c| {
                                                        c.iter()
                                                            .map(|x| {
                                                                x.as_float().or_else(|| {
                                                                    x.as_integer().map(|i| i as f64)
                                                                })
                                                            })
                                                            .collect()
                                                    })
                                                })
                                                .collect()
                                        });
                                    match rows {
                                        Some(r)
                                            if !r.is_empty()
                                                && r.iter().all(|row| row.len() == r.len()) =>
                                        {
                                            matrices.insert(code.clone(), r);
                                        }
                                        _ => p.bad(
                                            &format!("{path}.matrices.{code}"),
                                            "expected a square matrix of numbers",
                                            "应为数字方阵",
                                        ),
                                    }
                                }
                            }
                            None => p.bad(
                                &format!("{path}.matrices"),
                                "expected a table of matrices keyed by parent code",
                                "应为按上级代码索引的矩阵表",
                            ),
                        }
                    }
                    if method == WeightMethod::Ahp && matrices.is_empty() {
                        p.bad(
                            &format!("{path}.matrices"),
                            "AHP needs pairwise comparison matrices",
                            "AHP 须提供两两比较矩阵",
                        );
                    }
                    Some(Step::Weights(WeightSpec {
                        method,
                        levels,
                        matrices,
                        max_cr: p.f64(t, "max_cr", &path, 0.1),
                    }))
                }
                "aggregate" => {
                    p.check_keys(
                        t,
                        &["kind", "method", "p", "by_level", "availability"],
                        &path,
                    );
                    let m = p.str(t, "method", &path, "arithmetic");
                    let method = parse_agg(&m).unwrap_or_else(|| {
                        p.bad(
                            &format!("{path}.method"),
                            format!("unknown aggregation '{m}'"),
                            format!("未知的汇总方法“{m}”"),
                        );
                        AggMethod::Arithmetic
                    });
                    let mut by_level = BTreeMap::new();
                    for (l, v) in p.level_map(t, "by_level", &path) {
                        match v.as_str().and_then(parse_agg) {
                            Some(a) => {
                                by_level.insert(l, a);
                            }
                            None => p.bad(
                                &format!("{path}.by_level.{l}"),
                                format!("unknown aggregation {v}"),
                                format!("未知的汇总方法 {v}"),
                            ),
                        }
                    }
                    let mut availability = BTreeMap::new();
                    for (l, v) in p.level_map(t, "availability", &path) {
                        match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                            Some(a) if (0.0..=1.0).contains(&a) => {
                                availability.insert(l, a);
                            }
                            _ => p.bad(
                                &format!("{path}.availability.{l}"),
                                "expected a share between 0 and 1",
                                "应为 0 与 1 之间的比例",
                            ),
                        }
                    }
                    let pp = p.f64(t, "p", &path, 0.5);
                    let uses_gen = method == AggMethod::Generalised
                        || by_level.values().any(|&a| a == AggMethod::Generalised);
                    if uses_gen && pp == 0.0 {
                        p.bad(
                            &format!("{path}.p"),
                            "p = 0 is the geometric mean: use method = \"geometric\"",
                            "p = 0 即几何平均:请用 method = \"geometric\"",
                        );
                    }
                    Some(Step::Aggregate(AggSpec {
                        method,
                        p: pp,
                        by_level,
                        availability,
                    }))
                }
                "grade" => {
                    p.check_keys(t, &["kind", "code", "bands", "below"], &path);
                    let mut bands = Vec::new();
                    match t.get("bands") {
                        None => {
                            bands = vec![
                                ("优秀".to_string(), 90.0),
                                ("良好".to_string(), 70.0),
                                ("合格".to_string(), 60.0),
                            ];
                        }
                        Some(toml::Value::Array(a)) => {
                            for b in a {
                                let pair = b.as_array().and_then(|x| {
                                    if x.len() == 2 {
                                        Some((
                                            x[0].as_str()?.to_string(),
                                            x[1].as_float()
                                                .or_else(|| x[1].as_integer().map(|i| i as f64))?,
                                        ))
                                    } else {
                                        None
                                    }
                                });
                                match pair {
                                    Some(pr) => bands.push(pr),
                                    None => p.bad(
                                        &format!("{path}.bands"),
                                        "each band is [\"name\", minimum]",
                                        "每个等级须为 [\"名称\", 下限]",
                                    ),
                                }
                            }
                        }
                        Some(_) => p.bad(
                            &format!("{path}.bands"),
                            "expected a list of [\"name\", minimum]",
                            "应为 [\"名称\", 下限] 的列表",
                        ),
                    }
                    bands.sort_by(|a, b| b.1.total_cmp(&a.1));
                    let code = t.get("code").map(|_| p.str(t, "code", &path, ""));
                    Some(Step::Grade {
                        code,
                        bands,
                        below: p.str(t, "below", &path, "不合格"),
                    })
                }
                "" => {
                    p.bad(&format!("{path}.kind"), "missing 'kind'", "缺少 kind");
                    None
                }
                other => {
                    p.bad(
                        &format!("{path}.kind"),
                        format!("unknown step '{other}' (denominate | impute | screen | treat | normalise | weights | aggregate | grade)"), format!("未知的步骤“{other}”(denominate | impute | screen | treat | normalise | weights | aggregate | grade)"));
                    None
                }
            };
            if let Some(s) = step {
                steps.push(s);
            }
        }
        let uncertainty = match root.get("uncertainty") {
            None => None,
            Some(toml::Value::Table(u)) => {
                let path = "uncertainty";
                p.check_keys(
                    u,
                    &[
                        "normalise",
                        "aggregate",
                        "winmax",
                        "weight_noise",
                        "remove_one",
                        "sensitivity",
                    ],
                    path,
                );
                let mut spec = UncertaintySpec::default();
                let list = |p: &mut P, key: &str| -> Vec<toml::Value> {
                    match u.get(key) {
                        None => Vec::new(),
                        Some(toml::Value::Array(a)) => a.clone(),
                        Some(v) => {
                            p.bad(
                                &format!("{path}.{key}"),
                                format!("expected a list, found {v}"),
                                format!("应为列表,实为 {v}"),
                            );
                            Vec::new()
                        }
                    }
                };
                for v in list(&mut p, "normalise") {
                    match v.as_str().and_then(parse_norm) {
                        Some(m) => spec.normalise.push(m),
                        None => p.bad(
                            &format!("{path}.normalise"),
                            format!("unknown normalisation {v}"),
                            format!("未知的标准化方法 {v}"),
                        ),
                    }
                }
                for v in list(&mut p, "aggregate") {
                    match v.as_str().and_then(parse_agg) {
                        Some(m) => spec.aggregate.push(m),
                        None => p.bad(
                            &format!("{path}.aggregate"),
                            format!("unknown aggregation {v}"),
                            format!("未知的汇总方法 {v}"),
                        ),
                    }
                }
                for v in list(&mut p, "winmax") {
                    match v.as_integer() {
                        Some(i) if i >= 0 => spec.winmax.push(i as usize),
                        _ => p.bad(
                            &format!("{path}.winmax"),
                            format!("expected non-negative integers, found {v}"),
                            format!("应为非负整数,实为 {v}"),
                        ),
                    }
                }
                spec.weight_noise = p.f64(u, "weight_noise", path, 0.0);
                if !(0.0..=1.0).contains(&spec.weight_noise) {
                    p.bad(
                        &format!("{path}.weight_noise"),
                        "must be between 0 and 1",
                        "须在 0 与 1 之间",
                    );
                }
                spec.remove_one = p.bool(u, "remove_one", path, false);
                spec.sensitivity = p.bool(u, "sensitivity", path, false);
                if !spec.normalise.is_empty()
                    && !steps.iter().any(|s| matches!(s, Step::Normalise(_)))
                {
                    p.bad(
                        &format!("{path}.normalise"),
                        "the method has no normalise step",
                        "方法没有 normalise 步骤",
                    );
                }
                if !spec.winmax.is_empty() && !steps.iter().any(|s| matches!(s, Step::Treat(_))) {
                    p.bad(
                        &format!("{path}.winmax"),
                        "the method has no treat step",
                        "方法没有 treat 步骤",
                    );
                }
                if (!spec.aggregate.is_empty() || spec.weight_noise > 0.0 || spec.remove_one)
                    && !steps.iter().any(|s| matches!(s, Step::Aggregate(_)))
                {
                    p.bad(
                        path,
                        "aggregate, weight_noise and remove_one need an aggregate step",
                        "aggregate、weight_noise 和 remove_one 须有 aggregate 步骤",
                    );
                }
                Some(spec)
            }
            Some(_) => {
                p.bad("uncertainty", "expected a table", "应为表");
                None
            }
        };
        if !p.problems.is_empty() {
            return Err(EngineError::Invalid(p.problems));
        }
        Ok(Method {
            name,
            steps,
            uncertainty,
        })
    }

    /// The method with every default filled in, as JSON (for `method.json`).
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| match s {
                Step::Denominate { scale } => json!({"kind": "denominate", "scale": scale}),
                Step::Impute { method, group, max_time } => json!({"max_time": max_time,"kind": "impute", "method": match method {
                    ImputeMethod::None => "none", ImputeMethod::Mean => "mean", ImputeMethod::Median => "median",
                    ImputeMethod::GroupMean => "group_mean", ImputeMethod::GroupMedian => "group_median",
                    ImputeMethod::PanelLatest => "panel_latest", ImputeMethod::PanelLinear => "panel_linear" }, "group": group}),
                Step::Screen { by, threshold, nonzero_threshold } => json!({"kind": "screen", "by": match by {
                    ScreenBy::Na => "na", ScreenBy::Zeros => "zeros", ScreenBy::NaAndZeros => "na_and_zeros" },
                    "threshold": threshold, "nonzero_threshold": nonzero_threshold}),
                Step::Treat(t) => json!({"kind": "treat", "winmax": t.winmax, "skew": t.skew, "kurtosis": t.kurtosis,
                    "fallback": match t.fallback { Fallback::LogCt => "log_ct", Fallback::LogCtOrig => "log_ct_orig",
                        Fallback::BoxCox => "boxcox", Fallback::None => "none" },
                    "combine": t.combine, "skip": t.skip, "force_win": t.force_win, "lambda": t.lambda}),
                Step::Normalise(n) => json!({"kind": "normalise", "method": norm_name(n.method), "global": n.global,
                    "lower": n.lower, "upper": n.upper, "mean": n.mean, "sd": n.sd, "lower_col": n.lower_col,
                    "upper_col": n.upper_col, "target_col": n.target_col, "scale": n.scale.unwrap_or(match n.method {
                        NormMethod::Attainment => 100.0, _ => 1.0 }),
                    "clamp": n.clamp, "cap": n.cap, "cap_ratio": n.cap_ratio}),
                Step::Weights(w) => json!({"kind": "weights", "method": match w.method { WeightMethod::Manual => "manual",
                    WeightMethod::Equal => "equal", WeightMethod::Pca => "pca", WeightMethod::Entropy => "entropy",
                    WeightMethod::Critic => "critic", WeightMethod::Ahp => "ahp" }, "levels": w.levels,
                    "matrices": w.matrices, "max_cr": w.max_cr}),
                Step::Aggregate(a) => json!({"kind": "aggregate", "method": agg_name(a.method), "p": a.p,
                    "by_level": a.by_level.iter().map(|(l, m)| (l.to_string(), agg_name(*m))).collect::<BTreeMap<_, _>>(),
                    "availability": a.availability.iter().map(|(l, v)| (l.to_string(), *v)).collect::<BTreeMap<_, _>>()}),
                Step::Grade { code, bands, below } => json!({"kind": "grade", "code": code, "bands": bands, "below": below}),
            })
            .collect();
        let mut v = json!({"name": self.name, "step": steps});
        if let Some(u) = &self.uncertainty {
            v["uncertainty"] = json!({
                "normalise": u.normalise.iter().map(|m| norm_name(*m)).collect::<Vec<_>>(),
                "aggregate": u.aggregate.iter().map(|m| agg_name(*m)).collect::<Vec<_>>(),
                "winmax": u.winmax, "weight_noise": u.weight_noise, "remove_one": u.remove_one,
                "sensitivity": u.sensitivity,
            });
        }
        v
    }
}
