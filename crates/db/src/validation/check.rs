//! Checking values against the rules (校验): the rules in force for a region, their
//! outcomes, and the test run of a rule.

use super::*;

impl crate::Validation<'_> {
    /// The region and the regions above it.
    pub(super) async fn region_chain(&self, code: &str) -> Result<HashSet<String>> {
        let parents: HashMap<String, Option<String>> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.parent_code))
            .collect();
        let mut out = HashSet::new();
        let mut cur = Some(code.to_string());
        while let Some(c) = cur {
            if !out.insert(c.clone()) {
                break;
            }
            cur = parents.get(&c).cloned().flatten();
        }
        Ok(out)
    }

    /// Enabled rules that apply to a region.
    pub(super) async fn rules_for_region(&self, region: &str) -> Result<Vec<Compiled>> {
        let chain = self.region_chain(region).await?;
        Ok(validation_rule::Entity::find()
            .filter(validation_rule::Column::Enabled.eq(true))
            .order_by_asc(validation_rule::Column::Id)
            .all(&self.conn)
            .await?
            .iter()
            .filter_map(compile)
            .filter(|(_, r)| r.as_ref().is_none_or(|r| chain.contains(r)))
            .map(|(c, _)| c)
            .collect())
    }

    /// Checks `rules` for the values of one region and year: plain rules reading at least
    /// one of `codes`, outliers of `codes`.
    pub(super) async fn check_compiled(
        &self,
        rules: &[Compiled],
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &HashMap<(String, i32), f64>,
    ) -> Result<Vec<Violation>> {
        let lookup = |n: &str, y: i32| values.get(&(n.to_string(), y)).copied();
        let code_set: HashSet<&String> = codes.iter().collect();
        let mut out = Vec::new();
        let mut outliers = Vec::new();
        for r in rules {
            match r {
                Compiled::Plain(rule) => {
                    if rule.items().iter().any(|i| code_set.contains(i)) {
                        if let Outcome::Violated(v) = rule.check(year, &lookup) {
                            out.push(v);
                        }
                    }
                }
                o @ Compiled::Outlier { .. } => outliers.push(o),
            }
        }
        if outliers.is_empty() {
            return Ok(out);
        }
        let peers = if outliers
            .iter()
            .any(|o| matches!(o, Compiled::Outlier { peers: true, .. }))
        {
            self.monitoring().peer_values(region, codes, year).await?
        } else {
            HashMap::new()
        };
        for o in outliers {
            let Compiled::Outlier {
                code,
                importance,
                item,
                peers: by_peers,
                threshold,
                ..
            } = o
            else {
                continue;
            };
            for c in codes
                .iter()
                .filter(|c| item.as_ref().is_none_or(|i| i == *c))
            {
                let Some(x) = lookup(c, year) else { continue };
                let name = items.get(c).map_or(c.as_str(), |i| i.name_zh.as_str());
                let v = if *by_peers {
                    peers
                        .get(c)
                        .and_then(|p| rules::peer_outlier_at(c, name, x, p, *threshold))
                } else {
                    let series: Vec<(i32, f64)> = values
                        .iter()
                        .filter(|((i, _), _)| i == c)
                        .map(|((_, y), v)| (*y, *v))
                        .collect();
                    rules::history_outlier_at(c, name, year, &series, *threshold)
                };
                if let Some(mut v) = v {
                    v.rule = if item.is_some() {
                        code.clone()
                    } else {
                        format!("{code}.{c}")
                    };
                    v.importance = *importance;
                    out.push(v);
                }
            }
        }
        Ok(out)
    }

    /// Violations of the enabled rules that apply to a region, for the values of one year
    /// (used while entering and on submission).
    pub(crate) async fn rule_violations(
        &self,
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &HashMap<(String, i32), f64>,
    ) -> Result<Vec<Violation>> {
        let rules = self.rules_for_region(region).await?;
        self.check_compiled(&rules, items, codes, region, year, values)
            .await
    }

    /// Tests a rule (saved or not) against the values of a region and year the caller may
    /// see, without saving anything.
    pub async fn test_rule(
        &self,
        actor: &Actor,
        input: &RuleIn,
        region: &str,
        year: i32,
    ) -> Result<RuleTest> {
        if !matches!(actor.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Forbidden(msg!(
                "forbidden",
                "只有管理员或协调员可以试算校验规则",
                "Only administrators or coordinators may try out validation rules"
            )));
        }
        let items = self.data_item_map().await?;
        let mut errs = validate(input, &items).err().unwrap_or_default();
        // The code need not be unique nor set for a test.
        if input.code.trim().is_empty() {
            errs.remove("code");
        }
        if !actor.scope.allows(region)
            || region::Entity::find_by_id(region.to_string())
                .one(&self.conn)
                .await?
                .is_none()
        {
            errs.insert(
                "region_code".into(),
                crate::common::not_in_scope("地区", "Region"),
            );
        }
        if !(2000..=2100).contains(&year) {
            errs.insert(
                "year".into(),
                crate::common::between("年份", "Year", 2000, 2100),
            );
        }
        let mut probe = input.clone();
        if probe.code.trim().is_empty() {
            probe.code = "test".into();
        }
        let c = match validate(&probe, &items) {
            Ok(c) if errs.is_empty() => c,
            _ => return Err(Error::Invalid(errs)),
        };
        let values = self
            .monitoring()
            .region_values(actor, region, false)
            .await?;
        let model = validation_rule::Model {
            id: 0,
            code: probe.code.trim().to_string(),
            name: probe.name.trim().to_string(),
            kind: tag(c.kind),
            left_expr: probe.left.trim().to_string(),
            op: tag(c.op),
            right_expr: probe.right.trim().to_string(),
            importance: tag(c.importance),
            missing: tag(c.missing),
            outlier_basis: c.outlier_basis.clone(),
            region_code: None,
            enabled: true,
            demo: false,
            created_at: crate::now(),
            updated_at: crate::now(),
        };
        let Some((compiled, _)) = compile(&model) else {
            return Err(Error::invalid(
                "left",
                msg!(
                    "invalid_formula",
                    "规则无法解析",
                    "The rule cannot be parsed"
                ),
            ));
        };
        let (codes, read): (Vec<String>, Vec<(String, i32)>) = match &compiled {
            Compiled::Plain(r) => (
                r.items(),
                r.left.vars().into_iter().chain(r.right.vars()).collect(),
            ),
            Compiled::Outlier { item: Some(i), .. } => (vec![i.clone()], vec![(i.clone(), 0)]),
            Compiled::Outlier { item: None, .. } => {
                let mut cs: Vec<String> = values
                    .keys()
                    .filter(|(_, y)| *y == year)
                    .map(|(i, _)| i.clone())
                    .collect();
                cs.sort();
                let read = cs.iter().map(|i| (i.clone(), 0)).collect();
                (cs, read)
            }
        };
        let outcome = match &compiled {
            Compiled::Plain(r) => {
                match r.check(year, &|n, y| values.get(&(n.to_string(), y)).copied()) {
                    Outcome::Passed => "passed",
                    Outcome::Skipped => "skipped",
                    Outcome::Violated(_) => "violated",
                }
            }
            Compiled::Outlier { .. } => "",
        };
        let violations = self
            .check_compiled(
                std::slice::from_ref(&compiled),
                &items,
                &codes,
                region,
                year,
                &values,
            )
            .await?;
        let outcome = match outcome {
            "" if violations.is_empty() => "passed",
            "" => "violated",
            o => o,
        };
        let mut seen = HashSet::new();
        let values = read
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .map(|(item, off)| TestValue {
                value: values.get(&(item.clone(), year + off)).copied(),
                item,
                year: year + off,
            })
            .collect();
        Ok(RuleTest {
            outcome,
            violations,
            values,
        })
    }
}
