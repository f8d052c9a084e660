//! The extractor: targets, tasks, phases and warnings over repaired text.

use crate::normalize::{is_han, normalize, simplify, Normalized};
use crate::outline::{self, Outline, SectionClass, Style};
use crate::quantity::{ends_with_at, is_digit, parse_quantity, starts_with, Quantity};
use crate::resp::{match_open, parse_clause, Responsibility};
use crate::years::{self, YearMarker};
use serde::{Serialize, Serializer};

mod clause;
mod phases;
mod targets;
mod tasks;

use clause::*;
use phases::*;
use targets::*;
use tasks::*;

/// One indicator of the library used to map a target phrase to a code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorRef {
    /// Stable id, e.g. `rd_intensity`.
    pub code: String,
    /// Canonical name and synonyms (any script; folded to simplified for matching).
    pub names: Vec<String>,
}

fn base_unit(u: &str) -> String {
    let mut s = simplify(u);
    for m in [
        "万亿", "千亿", "百亿", "亿", "千万", "百万", "万", "千", "百",
    ] {
        if let Some(r) = s.strip_prefix(m) {
            if !r.is_empty() {
                s = r.to_string();
            }
            break;
        }
    }
    match s.as_str() {
        "个百分点" | "百分点" | "‰" => "%".to_string(),
        "名" | "人次" => "人".to_string(),
        _ => s,
    }
}

/// Names of ratios (…率, …比重, …强度) are measured in percent.
fn ratio_unit(name: &str) -> Option<&'static str> {
    let n = simplify(name);
    ["率", "比重", "比例", "强度", "占比"]
        .iter()
        .any(|w| n.ends_with(w))
        .then_some("%")
}

fn units_compatible(lib: Option<&str>, target: Option<&str>, delta: bool) -> bool {
    match (lib, target) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => delta || base_unit(a) == base_unit(b),
    }
}

/// Extraction options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publication date `YYYY-MM-DD`, used for 今年 when the text carries no date.
    pub published: Option<String>,
    /// Indicator library for [`Target::indicator`].
    pub indicators: Vec<IndicatorRef>,
}

/// Comparator of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// 以上, 不低于, ≥
    Ge,
    /// 突破, 超过, 高于
    Gt,
    /// 以下, 不超过, 以内, 前N位
    Le,
    /// 低于
    Lt,
    /// 达到X, a bare number
    Eq,
    /// 左右, 约
    Approx,
    /// X-Y
    Range,
}

fn ser_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

/// A quantitative target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// What is measured, in the document's own script.
    pub indicator_text: String,
    /// Code of the matching library indicator.
    pub indicator: Option<String>,
    pub comparator: Comparator,
    #[serde(serialize_with = "ser_num")]
    pub value: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub value_max: Option<f64>,
    /// Unit in simplified characters, magnitude kept (`亿元`), `None` when the text gives none.
    pub unit: Option<String>,
    /// Target year, `None` when not fixed (placeholders, 每年, no marker).
    pub year: Option<i32>,
    /// True for a change (年均增长, 提高…个百分点).
    pub delta: bool,
    /// Verbatim clause around the number.
    pub source_text: String,
    /// Char offset of the number in the normalised text.
    pub offset: usize,
    /// Section the target sits in.
    pub section: SectionClass,
    /// Part (篇一…) for files holding several plans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// A numbered task with its responsible units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    /// Numeral without punctuation ("3", "一").
    pub number: String,
    pub title: String,
    /// Heading of the group the task sits in.
    pub group: Option<String>,
    /// Lead units (simplified characters).
    pub lead: Vec<String>,
    pub cooperating: Vec<String>,
    pub joint: bool,
    /// Verbatim responsibility clause.
    pub resp_text: Option<String>,
    pub deadline: Option<String>,
    /// The text stops inside this item.
    pub truncated: bool,
    /// Char offset of the numbering in the normalised text.
    pub offset: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// Kind of phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    Milestone,
    PlanPeriod,
    Relative,
    Deadline,
}

/// A plan period, milestone, relative period or deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    pub text: String,
    pub kind: PhaseKind,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub offset: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// A repair or quality warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Inline pinyin brackets removed.
    PinyinRemoved { count: usize },
    /// Traditional characters folded to simplified for matching.
    TraditionalConverted { count: usize },
    /// A year written as a placeholder (20XX, 201*).
    YearPlaceholder { text: String, offset: usize },
    /// Characters damaged by an encoding round trip.
    Mojibake { text: String, offset: usize },
    /// A scraping watermark.
    Watermark {
        text: String,
        offset: usize,
        count: usize,
    },
    /// The text ends mid-sentence.
    Truncated { text: String },
    /// An item number damaged by OCR was repaired (`11。` read as `11.`).
    OcrRepaired { text: String, offset: usize },
}

/// One plan of a file that holds several (篇一, 篇二…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartInfo {
    pub part: String,
    pub heading: String,
    pub region: Option<String>,
    pub offset: usize,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentMeta {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    /// `YYYY-MM-DD`
    pub date: Option<String>,
    pub region: Option<String>,
    pub truncated: bool,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartInfo>,
}

/// Everything found in one document. Serialises to the contract's JSON object
/// (`document`, `targets`, `tasks`, `phases`); the normalised text is kept for highlighting.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub document: DocumentMeta,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub phases: Vec<Phase>,
    /// Normalised (repaired, simplified) text; all `offset` fields index its characters.
    #[serde(skip)]
    pub text: String,
    /// The same repaired text in the document's own script (traditional kept); it has the
    /// same characters count as `text`, so the offsets apply to it too.
    #[serde(skip)]
    pub display_text: String,
    #[serde(skip)]
    map: Vec<u32>,
}

impl Extraction {
    /// Character offset in the original text for a character offset in [`Extraction::text`].
    pub fn original_offset(&self, normalised: usize) -> Option<usize> {
        self.map.get(normalised).map(|v| *v as usize)
    }
}

pub(crate) struct Ctx<'a> {
    pub n: &'a Normalized,
    pub t: &'a [char],
    pub o: Outline,
    pub years: Vec<YearMarker>,
    pub first_is_lead: bool,
    pub region_hits: Vec<(usize, usize)>,
}

/// Extract metadata, targets, tasks and phases from a decoded text.
pub fn extract(text: &str, opts: &Options) -> Extraction {
    let n = normalize(text);
    let t: &[char] = &n.simp;
    let o = outline::build(t);
    let region_hits = crate::meta::region_hits(t);
    let mut meta = crate::meta::metadata(&n, &o, &region_hits);
    let current_year = meta
        .date
        .as_deref()
        .or(opts.published.as_deref())
        .and_then(|d| d.get(0..4))
        .and_then(|y| y.parse::<i32>().ok());
    let years = years::scan(t, current_year);
    let first_is_lead = has_first_is_lead_rule(t);
    let ctx = Ctx {
        n: &n,
        t,
        o,
        years,
        first_is_lead,
        region_hits,
    };
    let truncated = crate::meta::truncation(&ctx);
    meta.truncated = truncated.is_some();
    meta.warnings = crate::meta::warnings(&ctx, truncated);
    meta.parts = crate::meta::parts(&ctx);
    let (vertical, ranges) = crate::meta::vertical_table_tasks(&ctx);
    let tasks = find_tasks(&ctx, meta.truncated, (vertical, ranges.clone()));
    let mut targets = find_targets(&ctx, &tasks, &ranges);
    targets.sort_by_key(|t| t.offset);
    map_indicators(&mut targets, &opts.indicators);
    let phases = find_phases(&ctx);
    Extraction {
        document: meta,
        targets,
        tasks,
        phases,
        text: n.simp.iter().collect(),
        display_text: n.display.iter().collect(),
        map: n.map.clone(),
    }
}

fn has_first_is_lead_rule(t: &[char]) -> bool {
    // 列第一位者为牵头单位, 排在首位的为牵头单位, 第一个单位为牵头单位…
    let key: Vec<char> = "牵头".chars().collect();
    let mut k = 0;
    while k + 2 <= t.len() {
        if t[k] == key[0] && t[k + 1] == key[1] {
            let from = k.saturating_sub(14);
            let before: String = t[from..k].iter().collect();
            if (before.contains("第一")
                || before.contains("首位")
                || before.contains("首个")
                || before.contains("排首"))
                && (before.contains('为') || before.contains('是'))
            {
                return true;
            }
        }
        k += 1;
    }
    false
}
