//! Input types of [`crate::draw`] and [`crate::score`], and their validating parsers.
//!
//! [`parse_draw`] and [`parse_score`] walk the JSON by hand so that *every* problem is found, one
//! line each, naming its JSON path: `experts[3].employment[0].until: not a year`. The document
//! itself is `$` (`$: not JSON: …`, `$: not an object`).
//!
//! What the parsers accept, beyond the contract:
//! * Unknown fields are ignored. A field given as `null` counts as absent.
//! * Absent lists (`orgs`, `avoid`, `fields`, `employment`, `relations`, `declared`,
//!   `qualitative`, `targets`, `expert_scores`) are empty.
//! * Draw: `rules` may be absent; its fields default to `same_province: "flag"`,
//!   `employment_years: 3`, `relation_years: 3`. An absent `max_panels_per_expert` means no cap.
//! * Score: `rules.round` defaults to 2 (at most 9), `rules.stage` to `"first"`; `weight`
//!   defaults to 1 and may be 0; `delta` defaults to `false`.
//! * Years are integers 1000–9999 (`2021.0` counts as 2021; `"2021"` and `2021.5` do not).
//!   Counts are non-negative integers. Region codes are strings of six digits.
//! * Ids (participants, experts, targets, sheets' experts, rubric codes) must be non-empty and
//!   unique in their list; other names are matched exactly as written.
//! * Points, item maxima and weights lie in [0, 10⁹], so no sum can overflow.
//! * An item score must be a number or `null`; `null` counts as a missing item (the sheet is
//!   invalid, not the input). A number out of range also only invalidates the sheet.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// Largest points, item maximum or weight accepted.
pub const MAX_POINTS: f64 = 1e9;

// ------------------------------------------------------------------ draw types

/// What `same_province` does with an eligible expert from the participant's province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameProvince {
    /// Recuse the expert with reason `same_province`.
    Exclude,
    /// Keep the expert eligible and list the pair under `flags`.
    Flag,
    /// Neither.
    Ignore,
}

/// Rules of a draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawRules {
    pub same_province: SameProvince,
    /// Employment ending in `year − employment_years` or later still recuses.
    pub employment_years: u64,
    /// A relation ending in `year − relation_years` or later still recuses.
    pub relation_years: u64,
}

impl Default for DrawRules {
    fn default() -> Self {
        DrawRules {
            same_province: SameProvince::Flag,
            employment_years: 3,
            relation_years: 3,
        }
    }
}

/// A draw: participants to serve, in order, and the expert pool (专家库).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawInput {
    pub year: i64,
    pub panel_size: u64,
    /// `None`: no cap.
    pub max_panels_per_expert: Option<u64>,
    pub rules: DrawRules,
    pub participants: Vec<DrawParticipant>,
    pub experts: Vec<Expert>,
}

/// A participant to be reviewed.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawParticipant {
    pub id: String,
    /// GB/T 2260 code of its region.
    pub region: String,
    /// Its own government and every unit named in its plan.
    pub orgs: Vec<String>,
    /// Experts the participant asked to avoid (申请回避).
    pub avoid: Vec<Avoid>,
}

/// One entry of a participant's `avoid` list.
#[derive(Debug, Clone, PartialEq)]
pub struct Avoid {
    pub expert: String,
    pub reason: Option<String>,
}

/// An expert (专家) of the pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Expert {
    pub id: String,
    pub org: String,
    pub org_region: String,
    pub fields: Vec<String>,
    pub employment: Vec<Employment>,
    pub relations: Vec<Relation>,
    /// Participants the expert declared a conflict with.
    pub declared: Vec<String>,
}

/// A past employment of an expert.
#[derive(Debug, Clone, PartialEq)]
pub struct Employment {
    pub org: String,
    pub org_region: String,
    pub until: i64,
}

/// A working relation of an expert with a participant (any kind).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub participant: String,
    pub kind: Option<String>,
    pub until: i64,
}

// ------------------------------------------------------------------ score types

/// Stage of the acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The first acceptance: a low score means 责令整改 (rectify).
    First,
    /// The re-inspection (复核) a year later: a low score means 取消建设资格 (disqualify).
    Reinspection,
}

/// How a target's actual value is compared with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Ge,
    Gt,
    Eq,
    Approx,
    Le,
    Lt,
    Range,
}

impl Comparator {
    /// The comparator named `s` in the input.
    pub fn from_code(s: &str) -> Option<Comparator> {
        Some(match s {
            "ge" => Comparator::Ge,
            "gt" => Comparator::Gt,
            "eq" => Comparator::Eq,
            "approx" => Comparator::Approx,
            "le" => Comparator::Le,
            "lt" => Comparator::Lt,
            "range" => Comparator::Range,
            _ => return None,
        })
    }
}

/// A scoring: the rubric, the rules and every participant's targets and sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreInput {
    pub rubric: Rubric,
    pub rules: ScoreRules,
    pub participants: Vec<ScoreParticipant>,
}

/// Point budgets: quantitative points and the qualitative items with their maxima.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub quantitative_points: f64,
    pub qualitative: Vec<RubricItem>,
}

/// One qualitative item.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricItem {
    pub code: String,
    pub name: String,
    pub max: f64,
}

/// Rules of a scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRules {
    pub min_experts: u64,
    pub trim_from: u64,
    pub pass: f64,
    /// Decimals of the rounded outputs.
    pub round: u32,
    pub stage: Stage,
}

/// One participant's dossier for scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreParticipant {
    pub id: String,
    pub targets: Vec<Target>,
    pub expert_scores: Vec<Sheet>,
    /// A veto reason (一票否决, e.g. 数据造假); `None` when there is none.
    pub veto: Option<String>,
}

/// A quantitative target with its actual value.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub comparator: Comparator,
    pub target: f64,
    /// Upper end of a `range`; `None` means unbounded.
    pub target_max: Option<f64>,
    /// `None`: the value is missing (attainment 0).
    pub actual: Option<f64>,
    pub weight: f64,
    /// The target is the size of the change from `baseline`.
    pub delta: bool,
    pub baseline: Option<f64>,
}

/// One expert's score sheet: item code → score, in input order (`null` items are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub expert: String,
    pub scores: Vec<(String, f64)>,
}

// ------------------------------------------------------------------ reader

const REQUIRED: bool = true;
const OPTIONAL: bool = false;

/// Collects problems while reading a [`Value`].
#[derive(Default)]
struct Reader {
    problems: Vec<String>,
}

/// A JSON path, built on the stack as the reader descends and only written out for a problem.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                match (matches!(parent, Path::Root), plain) {
                    (true, true) => write!(f, "{key}"),
                    (false, true) => write!(f, "{parent}.{key}"),
                    (_, false) => write!(
                        f,
                        "{parent}[{}]",
                        serde_json::to_string(key).unwrap_or_else(|_| "\"?\"".into())
                    ),
                }
            }
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn integral(v: &Value) -> Option<i128> {
    if let Some(i) = v.as_i64() {
        return Some(i as i128);
    }
    if let Some(u) = v.as_u64() {
        return Some(u as i128);
    }
    let f = v.as_f64()?;
    (f.is_finite() && f.fract() == 0.0 && f.abs() <= 9.007_199_254_740_992e15).then_some(f as i128)
}

impl Reader {
    fn err(&mut self, path: &Path, msg: impl std::fmt::Display) {
        let path = path.to_string();
        let path = if path.is_empty() { "$" } else { &path };
        self.problems.push(format!("{path}: {msg}"));
    }

    /// The field `key` of `m`, with its path. Absent (or `null` when optional) → `None`; a
    /// required absent field is a problem.
    fn get<'v, 'a>(
        &mut self,
        m: &'v Map<String, Value>,
        path: &'a Path<'a>,
        key: &'a str,
        required: bool,
    ) -> Option<(&'v Value, Path<'a>)> {
        let p = Path::Key(path, key);
        match m.get(key) {
            None if required => {
                self.err(&p, "missing");
                None
            }
            None => None,
            Some(Value::Null) if !required => None,
            Some(v) => Some((v, p)),
        }
    }

    fn object<'v>(&mut self, v: &'v Value, path: &Path) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.err(path, "not an object");
        }
        o
    }

    fn array<'v>(&mut self, v: &'v Value, path: &Path) -> Option<&'v Vec<Value>> {
        let a = v.as_array();
        if a.is_none() {
            self.err(path, "not an array");
        }
        a
    }

    fn string(&mut self, v: &Value, path: &Path) -> Option<String> {
        match v.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.err(path, "not a string");
                None
            }
        }
    }

    /// A non-empty string.
    fn name(&mut self, v: &Value, path: &Path) -> Option<String> {
        let s = self.string(v, path)?;
        if s.is_empty() {
            self.err(path, "empty");
            return None;
        }
        Some(s)
    }

    fn year(&mut self, v: &Value, path: &Path) -> Option<i64> {
        match integral(v) {
            Some(y) if (1000..=9999).contains(&y) => Some(y as i64),
            _ => {
                self.err(path, "not a year");
                None
            }
        }
    }

    fn count(&mut self, v: &Value, path: &Path) -> Option<u64> {
        match integral(v) {
            Some(n) if n >= 0 => Some(n as u64),
            _ => {
                self.err(path, "not a non-negative integer");
                None
            }
        }
    }

    fn number(&mut self, v: &Value, path: &Path) -> Option<f64> {
        match v.as_f64() {
            Some(f) if f.is_finite() => Some(f),
            _ => {
                self.err(path, "not a number");
                None
            }
        }
    }

    /// A number in [0, MAX_POINTS].
    fn points(&mut self, v: &Value, path: &Path) -> Option<f64> {
        let f = self.number(v, path)?;
        if !(0.0..=MAX_POINTS).contains(&f) {
            self.err(path, "must be between 0 and 1000000000");
            return None;
        }
        Some(f)
    }

    fn boolean(&mut self, v: &Value, path: &Path) -> Option<bool> {
        let b = v.as_bool();
        if b.is_none() {
            self.err(path, "not true or false");
        }
        b
    }

    fn region(&mut self, v: &Value, path: &Path) -> Option<String> {
        match v.as_str() {
            Some(s) if crate::region::is_code(s) => Some(s.to_string()),
            _ => {
                self.err(path, "not a six-digit region code");
                None
            }
        }
    }

    /// An optional list read item by item; an absent list is empty.
    fn list<T>(
        &mut self,
        m: &Map<String, Value>,
        path: &Path,
        key: &str,
        required: bool,
        mut item: impl FnMut(&mut Self, &Value, &Path) -> Option<T>,
    ) -> Vec<T> {
        let Some((v, p)) = self.get(m, path, key, required) else {
            return Vec::new();
        };
        let Some(a) = self.array(v, &p) else {
            return Vec::new();
        };
        a.iter()
            .enumerate()
            .filter_map(|(i, x)| item(self, x, &Path::Index(&p, i)))
            .collect()
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, Vec<String>> {
        match value {
            Some(v) if self.problems.is_empty() => Ok(v),
            _ if self.problems.is_empty() => Err(vec!["$: unusable input".into()]),
            _ => Err(self.problems),
        }
    }
}

fn root(json: &str) -> Result<Value, Vec<String>> {
    serde_json::from_str::<Value>(json).map_err(|e| vec![format!("$: not JSON: {e}")])
}

// ------------------------------------------------------------------ draw parser

/// Parses and validates a draw document; `Err` holds one line per problem.
pub fn parse_draw(json: &str) -> Result<DrawInput, Vec<String>> {
    let v = root(json)?;
    let mut r = Reader::default();
    let Some(m) = r.object(&v, &Path::Root) else {
        return Err(r.problems);
    };
    let year = r
        .get(m, &Path::Root, "year", REQUIRED)
        .and_then(|(v, p)| r.year(v, &p));
    let panel_size = r
        .get(m, &Path::Root, "panel_size", REQUIRED)
        .and_then(|(v, p)| r.count(v, &p));
    let mut cap_ok = true;
    let max_panels_per_expert = r
        .get(m, &Path::Root, "max_panels_per_expert", OPTIONAL)
        .and_then(|(v, p)| {
            let c = r.count(v, &p);
            cap_ok = c.is_some();
            c
        });
    let rules = draw_rules(&mut r, m);
    let participants = r.list(m, &Path::Root, "participants", REQUIRED, draw_participant);
    let experts = r.list(m, &Path::Root, "experts", REQUIRED, expert);
    // Duplicate ids are read from the raw lists, so an item with other problems still counts.
    check_ids(&mut r, m, "participants", "id", "participant id");
    check_ids(&mut r, m, "experts", "id", "expert id");
    let input = match (year, panel_size, rules, cap_ok) {
        (Some(year), Some(panel_size), Some(rules), true) => Some(DrawInput {
            year,
            panel_size,
            max_panels_per_expert,
            rules,
            participants,
            experts,
        }),
        _ => None,
    };
    r.finish(input)
}

/// Reports duplicate string ids in the list `m[list][*][key]`.
fn check_ids(r: &mut Reader, m: &Map<String, Value>, list: &str, key: &str, what: &str) {
    check_ids_at(r, m, &Path::Root, list, key, what);
}

/// Reports duplicate ids in `m[list][*][key]` (read from the raw list, so an item with other
/// problems still counts).
fn check_ids_at(
    r: &mut Reader,
    m: &Map<String, Value>,
    path: &Path,
    list: &str,
    key: &str,
    what: &str,
) {
    let Some(a) = m.get(list).and_then(Value::as_array) else {
        return;
    };
    let lp = Path::Key(path, list);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, x) in a.iter().enumerate() {
        let Some(id) = x.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()) else {
            continue;
        };
        match seen.get(id) {
            Some(&first) => {
                let (ip, fp) = (Path::Index(&lp, i), Path::Index(&lp, first));
                let also = Path::Key(&fp, key);
                r.err(
                    &Path::Key(&ip, key),
                    format!("duplicate {what} {id:?} (also {also})"),
                );
            }
            None => {
                seen.insert(id, i);
            }
        }
    }
}

fn draw_rules(r: &mut Reader, m: &Map<String, Value>) -> Option<DrawRules> {
    let mut rules = DrawRules::default();
    let Some((v, p)) = r.get(m, &Path::Root, "rules", OPTIONAL) else {
        return Some(rules);
    };
    let o = r.object(v, &p)?;
    let mut ok = true;
    if let Some((v, q)) = r.get(o, &p, "same_province", OPTIONAL) {
        match v.as_str() {
            Some("flag") => rules.same_province = SameProvince::Flag,
            Some("exclude") => rules.same_province = SameProvince::Exclude,
            Some("ignore") => rules.same_province = SameProvince::Ignore,
            _ => {
                r.err(&q, "not \"flag\", \"exclude\" or \"ignore\"");
                ok = false;
            }
        }
    }
    for (key, slot) in [
        ("employment_years", &mut rules.employment_years),
        ("relation_years", &mut rules.relation_years),
    ] {
        if let Some((v, q)) = r.get(o, &p, key, OPTIONAL) {
            match r.count(v, &q) {
                Some(n) => *slot = n,
                None => ok = false,
            }
        }
    }
    ok.then_some(rules)
}

fn strings(r: &mut Reader, m: &Map<String, Value>, path: &Path, key: &str) -> Vec<String> {
    r.list(m, path, key, OPTIONAL, |r, v, p| r.name(v, p))
}

fn draw_participant(r: &mut Reader, v: &Value, path: &Path) -> Option<DrawParticipant> {
    let m = r.object(v, path)?;
    let id = r
        .get(m, path, "id", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let region = r
        .get(m, path, "region", REQUIRED)
        .and_then(|(v, p)| r.region(v, &p));
    let orgs = strings(r, m, path, "orgs");
    let avoid = r.list(m, path, "avoid", OPTIONAL, |r, v, p| {
        let m = r.object(v, p)?;
        let expert = r
            .get(m, p, "expert", REQUIRED)
            .and_then(|(v, q)| r.name(v, &q));
        let reason = match r.get(m, p, "reason", OPTIONAL) {
            Some((v, q)) => Some(r.string(v, &q)?),
            None => None,
        };
        Some(Avoid {
            expert: expert?,
            reason,
        })
    });
    Some(DrawParticipant {
        id: id?,
        region: region?,
        orgs,
        avoid,
    })
}

fn expert(r: &mut Reader, v: &Value, path: &Path) -> Option<Expert> {
    let m = r.object(v, path)?;
    let id = r
        .get(m, path, "id", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let org = r
        .get(m, path, "org", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let org_region = r
        .get(m, path, "org_region", REQUIRED)
        .and_then(|(v, p)| r.region(v, &p));
    let fields = strings(r, m, path, "fields");
    let employment = r.list(m, path, "employment", OPTIONAL, |r, v, p| {
        let m = r.object(v, p)?;
        let org = r
            .get(m, p, "org", REQUIRED)
            .and_then(|(v, q)| r.name(v, &q));
        let org_region = r
            .get(m, p, "org_region", REQUIRED)
            .and_then(|(v, q)| r.region(v, &q));
        let until = r
            .get(m, p, "until", REQUIRED)
            .and_then(|(v, q)| r.year(v, &q));
        Some(Employment {
            org: org?,
            org_region: org_region?,
            until: until?,
        })
    });
    let relations = r.list(m, path, "relations", OPTIONAL, |r, v, p| {
        let m = r.object(v, p)?;
        let participant = r
            .get(m, p, "participant", REQUIRED)
            .and_then(|(v, q)| r.name(v, &q));
        let kind = match r.get(m, p, "kind", OPTIONAL) {
            Some((v, q)) => Some(r.string(v, &q)?),
            None => None,
        };
        let until = r
            .get(m, p, "until", REQUIRED)
            .and_then(|(v, q)| r.year(v, &q));
        Some(Relation {
            participant: participant?,
            kind,
            until: until?,
        })
    });
    let declared = strings(r, m, path, "declared");
    Some(Expert {
        id: id?,
        org: org?,
        org_region: org_region?,
        fields,
        employment,
        relations,
        declared,
    })
}

// ------------------------------------------------------------------ score parser

/// Parses and validates a score document; `Err` holds one line per problem.
pub fn parse_score(json: &str) -> Result<ScoreInput, Vec<String>> {
    let v = root(json)?;
    let mut r = Reader::default();
    let Some(m) = r.object(&v, &Path::Root) else {
        return Err(r.problems);
    };
    let rubric = r
        .get(m, &Path::Root, "rubric", REQUIRED)
        .and_then(|(v, p)| rubric(&mut r, v, &p));
    let rules = r
        .get(m, &Path::Root, "rules", REQUIRED)
        .and_then(|(v, p)| score_rules(&mut r, v, &p));
    let participants = r.list(m, &Path::Root, "participants", REQUIRED, score_participant);
    check_ids(&mut r, m, "participants", "id", "participant id");
    let input = match (rubric, rules) {
        (Some(rubric), Some(rules)) => Some(ScoreInput {
            rubric,
            rules,
            participants,
        }),
        _ => None,
    };
    r.finish(input)
}

fn rubric(r: &mut Reader, v: &Value, path: &Path) -> Option<Rubric> {
    let m = r.object(v, path)?;
    let qp = r
        .get(m, path, "quantitative_points", REQUIRED)
        .and_then(|(v, p)| r.points(v, &p));
    let items = r.list(m, path, "qualitative", OPTIONAL, |r, v, p| {
        let m = r.object(v, p)?;
        let code = r
            .get(m, p, "code", REQUIRED)
            .and_then(|(v, q)| r.name(v, &q));
        let name = match r.get(m, p, "name", OPTIONAL) {
            Some((v, q)) => r.string(v, &q),
            None => Some(String::new()),
        };
        let max = r
            .get(m, p, "max", REQUIRED)
            .and_then(|(v, q)| r.points(v, &q));
        Some(RubricItem {
            code: code?,
            name: name?,
            max: max?,
        })
    });
    check_ids_at(r, m, path, "qualitative", "code", "item code");
    Some(Rubric {
        quantitative_points: qp?,
        qualitative: items,
    })
}

fn score_rules(r: &mut Reader, v: &Value, path: &Path) -> Option<ScoreRules> {
    let m = r.object(v, path)?;
    let min_experts = r
        .get(m, path, "min_experts", REQUIRED)
        .and_then(|(v, p)| r.count(v, &p));
    let trim_from = r
        .get(m, path, "trim_from", REQUIRED)
        .and_then(|(v, p)| r.count(v, &p));
    let pass = r
        .get(m, path, "pass", REQUIRED)
        .and_then(|(v, p)| r.number(v, &p));
    let round = match r.get(m, path, "round", OPTIONAL) {
        None => Some(2),
        Some((v, p)) => match integral(v) {
            Some(n) if (0..=9).contains(&n) => Some(n as u32),
            _ => {
                r.err(&p, "not an integer from 0 to 9");
                None
            }
        },
    };
    let stage = match r.get(m, path, "stage", OPTIONAL) {
        None => Some(Stage::First),
        Some((v, p)) => match v.as_str() {
            Some("first") => Some(Stage::First),
            Some("reinspection") => Some(Stage::Reinspection),
            _ => {
                r.err(&p, "not \"first\" or \"reinspection\"");
                None
            }
        },
    };
    Some(ScoreRules {
        min_experts: min_experts?,
        trim_from: trim_from?,
        pass: pass?,
        round: round?,
        stage: stage?,
    })
}

fn score_participant(r: &mut Reader, v: &Value, path: &Path) -> Option<ScoreParticipant> {
    let m = r.object(v, path)?;
    let id = r
        .get(m, path, "id", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let targets = r.list(m, path, "targets", OPTIONAL, target);
    check_ids_at(r, m, path, "targets", "id", "target id");
    let sheets = r.list(m, path, "expert_scores", OPTIONAL, sheet);
    check_ids_at(r, m, path, "expert_scores", "expert", "sheet of expert");
    let veto = match r.get(m, path, "veto", OPTIONAL) {
        None => Some(None),
        Some((v, p)) => match v.as_str() {
            Some(s) => Some(Some(s.to_string())),
            None => {
                r.err(&p, "not a string or null");
                None
            }
        },
    };
    Some(ScoreParticipant {
        id: id?,
        targets,
        expert_scores: sheets,
        veto: veto?,
    })
}

const COMPARATORS: &str = "ge, gt, eq, approx, le, lt, range";

fn target(r: &mut Reader, v: &Value, path: &Path) -> Option<Target> {
    let m = r.object(v, path)?;
    let id = r
        .get(m, path, "id", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let comparator = r.get(m, path, "comparator", REQUIRED).and_then(|(v, p)| {
        match v.as_str().map(Comparator::from_code) {
            Some(Some(c)) => Some(c),
            Some(None) => {
                r.err(
                    &p,
                    format!(
                        "unknown comparator {} ({COMPARATORS})",
                        serde_json::to_string(v).unwrap_or_default()
                    ),
                );
                None
            }
            None => {
                r.err(&p, format!("not a string ({COMPARATORS})"));
                None
            }
        }
    });
    let target = r
        .get(m, path, "target", REQUIRED)
        .and_then(|(v, p)| r.number(v, &p));
    let delta = match r.get(m, path, "delta", OPTIONAL) {
        None => Some(false),
        Some((v, p)) => r.boolean(v, &p),
    };
    let needs_max = comparator == Some(Comparator::Range) && delta == Some(false);
    let target_max = match r.get(m, path, "target_max", needs_max) {
        None => Some(None),
        Some((v, p)) => match r.number(v, &p) {
            Some(x) if needs_max && target.is_some_and(|t| x < t) => {
                r.err(&p, "below target");
                None
            }
            Some(x) => Some(Some(x)),
            None => None,
        },
    };
    let actual = match r.get(m, path, "actual", OPTIONAL) {
        None => Some(None),
        Some((v, p)) => r.number(v, &p).map(Some),
    };
    let weight = match r.get(m, path, "weight", OPTIONAL) {
        None => Some(1.0),
        Some((v, p)) => r.points(v, &p),
    };
    let baseline = match r.get(m, path, "baseline", delta == Some(true)) {
        None => Some(None),
        Some((v, p)) => r.number(v, &p).map(Some),
    };
    Some(Target {
        id: id?,
        comparator: comparator?,
        target: target?,
        target_max: target_max?,
        actual: actual?,
        weight: weight?,
        delta: delta?,
        baseline: baseline?,
    })
}

fn sheet(r: &mut Reader, v: &Value, path: &Path) -> Option<Sheet> {
    let m = r.object(v, path)?;
    let expert = r
        .get(m, path, "expert", REQUIRED)
        .and_then(|(v, p)| r.name(v, &p));
    let scores = r.get(m, path, "scores", REQUIRED).and_then(|(v, p)| {
        let o = r.object(v, &p)?;
        let mut ok = true;
        let mut out = Vec::new();
        for (code, x) in o {
            if x.is_null() {
                continue;
            }
            match r.number(x, &Path::Key(&p, code)) {
                Some(f) => out.push((code.clone(), f)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    });
    Some(Sheet {
        expert: expert?,
        scores: scores?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths() {
        let root = Path::Root;
        let a = Path::Key(&root, "a");
        let a0 = Path::Index(&a, 0);
        assert_eq!(Path::Key(&root, "year").to_string(), "year");
        assert_eq!(Path::Key(&a0, "b").to_string(), "a[0].b");
        assert_eq!(Path::Key(&a, "组织保障").to_string(), "a.组织保障");
        assert_eq!(Path::Key(&a, "a.b").to_string(), "a[\"a.b\"]");
        assert_eq!(Path::Key(&a, "").to_string(), "a[\"\"]");
        assert_eq!(root.to_string(), "");
    }

    #[test]
    fn integral_values() {
        use serde_json::json;
        assert_eq!(integral(&json!(2021)), Some(2021));
        assert_eq!(integral(&json!(2021.0)), Some(2021));
        assert_eq!(integral(&json!(2021.5)), None);
        assert_eq!(integral(&json!("2021")), None);
        assert_eq!(integral(&json!(-3)), Some(-3));
        assert_eq!(integral(&json!(u64::MAX)), Some(u64::MAX as i128));
        assert_eq!(integral(&json!(1e300)), None);
    }
}
