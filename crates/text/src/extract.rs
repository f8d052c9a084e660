//! The extractor: targets, tasks, phases and warnings over repaired text.

use crate::normalize::{is_han, normalize, simplify, Normalized};
use crate::outline::{self, Outline, SectionClass, Style};
use crate::quantity::{ends_with_at, is_digit, parse_quantity, starts_with, Quantity};
use crate::resp::{match_open, parse_clause, Responsibility};
use crate::years::{self, YearMarker};
use serde::{Serialize, Serializer};

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
    let mut targets = find_targets(&ctx);
    targets.sort_by_key(|t| t.offset);
    map_indicators(&mut targets, &opts.indicators);
    let tasks = find_tasks(&ctx, meta.truncated);
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

// ---------------------------------------------------------------- targets

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '。' | ':' | '\n' | '!' | '?' | '，' | '；' | '：'
    )
}

fn clause_start(t: &[char], off: usize, floor: usize) -> usize {
    let floor = floor.max(off.saturating_sub(LOOKBACK));
    let mut k = off;
    let mut depth = 0i32;
    while k > floor {
        let c = t[k - 1];
        if c == ')' {
            depth += 1;
        } else if c == '(' {
            if depth == 0 {
                // inside brackets: the clause starts at the bracket
                return k;
            }
            depth -= 1;
        } else if is_boundary(c) && depth <= 0 {
            return k;
        }
        k -= 1;
    }
    floor
}

fn clause_end(t: &[char], off: usize) -> usize {
    let mut k = off;
    let cap = (off + LOOKBACK).min(t.len());
    while k < cap && !is_boundary(t[k]) {
        k += 1;
    }
    k
}

/// How far back a sentence or line start is looked for: keeps single-line inputs linear.
const LOOKBACK: usize = 1500;

fn sentence_start(t: &[char], off: usize) -> usize {
    let floor = off.saturating_sub(LOOKBACK);
    let mut k = off;
    while k > floor && !matches!(t[k - 1], '。' | '\n' | '!' | '?') {
        k -= 1;
    }
    k
}

fn line_start(t: &[char], off: usize) -> usize {
    let floor = off.saturating_sub(LOOKBACK);
    let mut k = off;
    while k > floor && t[k - 1] != '\n' {
        k -= 1;
    }
    k
}

fn contains_any(s: &str, ws: &[&str]) -> bool {
    ws.iter().any(|w| s.contains(w))
}

const TIME_UNITS: [&str; 12] = [
    "年", "个月", "月", "日", "天", "周", "小时", "号", "届", "代", "级", "岁",
];
const PHYSICAL: [&str; 14] = [
    "吨",
    "英寸",
    "千瓦",
    "兆瓦",
    "瓦",
    "米",
    "公里",
    "千米",
    "km",
    "km/h",
    "立方米",
    "伏",
    "GW",
    "MW",
];
const GE_PRE: [&str; 7] = ["不低于", "不少于", "不小于", "至少", "≥", ">=", "大于等于"];
const LE_PRE: [&str; 7] = [
    "不超过",
    "不高于",
    "不大于",
    "≤",
    "<=",
    "控制在",
    "小于等于",
];
const GT_PRE: [&str; 6] = ["突破", "超过", "高于", "大于", "超", ">"];
const LT_PRE: [&str; 4] = ["低于", "少于", "小于", "<"];
const APPROX_PRE: [&str; 4] = ["大约", "约", "近", "接近"];
const DELTA_VERBS: [&str; 16] = [
    "年均增长",
    "年平均增长",
    "平均每年增长",
    "每年增长",
    "年增长",
    "增长",
    "每年增加",
    "增加",
    "提高",
    "提升",
    "上升",
    "下降",
    "降低",
    "减少",
    "增幅",
    "增速",
];
const STRIP_TAIL: [&str; 24] = [
    "达到了",
    "达到",
    "达",
    "为",
    "突破",
    "超过",
    "超",
    "高于",
    "不低于",
    "不少于",
    "不超过",
    "低于",
    "约",
    "保持在",
    "控制在",
    "调整为",
    "提高到",
    "提高至",
    "增加到",
    "增长到",
    "提升到",
    "提升至",
    "在",
    "是",
];
const STRIP_HEAD: [&str; 16] = [
    "力争", "争取", "确保", "努力", "预计", "其中", "同时", "并且", "并", "使", "到", "至", "全年",
    "再", "以及", "和",
];

fn pre_word(t: &[char], start: usize, words: &[&str]) -> Option<usize> {
    let mut s = start;
    while s > 0 && t[s - 1] == ' ' {
        s -= 1;
    }
    for w in words {
        if ends_with_at(t, s, w) {
            return Some(s - w.chars().count());
        }
    }
    None
}

fn comparator_of(t: &[char], q: &Quantity) -> Comparator {
    if q.value_max.is_some() {
        return Comparator::Range;
    }
    match q.post {
        Some("以上") => return Comparator::Ge,
        Some("以下") | Some("以内") | Some("之内") => return Comparator::Le,
        Some("左右") | Some("上下") => return Comparator::Approx,
        Some("多") | Some("余") => return Comparator::Gt,
        _ => {}
    }
    if pre_word(t, q.start, &GE_PRE).is_some() {
        return Comparator::Ge;
    }
    if pre_word(t, q.start, &LE_PRE).is_some() {
        return Comparator::Le;
    }
    if pre_word(t, q.start, &LT_PRE).is_some() {
        return Comparator::Lt;
    }
    if pre_word(t, q.start, &GT_PRE).is_some() {
        return Comparator::Gt;
    }
    if pre_word(t, q.start, &APPROX_PRE).is_some() {
        return Comparator::Approx;
    }
    if pre_word(t, q.start, &["前"]).is_some()
        && matches!(q.unit.as_deref(), Some("位") | Some("名"))
    {
        return Comparator::Le;
    }
    Comparator::Eq
}

fn is_delta(t: &[char], q: &Quantity) -> bool {
    if matches!(q.unit.as_deref(), Some("个百分点") | Some("百分点")) {
        return true;
    }
    let s = pre_word(t, q.start, &DELTA_VERBS);
    s.is_some() && matches!(q.unit.as_deref(), Some("%") | Some("倍") | Some("‰"))
}

/// Unmatched opening of a pair between `from` and `to`.
fn inside_pair(t: &[char], from: usize, to: usize, open: char, close: char) -> bool {
    let mut depth = 0i32;
    for &c in &t[from..to] {
        if c == open {
            depth += 1;
        } else if c == close && depth > 0 {
            depth -= 1;
        }
    }
    depth > 0
}

fn inside_quotes(t: &[char], ls: usize, off: usize) -> bool {
    // depth of “” 《》 〔〕 [] 【】 and parity of straight quotes, in one pass
    let mut d = [0i32; 5];
    let mut straight = 0usize;
    for &c in &t[ls..off] {
        match c {
            '“' => d[0] += 1,
            '”' => d[0] = (d[0] - 1).max(0),
            '《' => d[1] += 1,
            '》' => d[1] = (d[1] - 1).max(0),
            '〔' => d[2] += 1,
            '〕' => d[2] = (d[2] - 1).max(0),
            '[' => d[3] += 1,
            ']' => d[3] = (d[3] - 1).max(0),
            '【' => d[4] += 1,
            '】' => d[4] = (d[4] - 1).max(0),
            '"' => straight += 1,
            _ => {}
        }
    }
    d.iter().any(|x| *x > 0) || straight % 2 == 1
}

fn year_for(ctx: &Ctx, off: usize, class: SectionClass) -> (Option<i32>, bool) {
    let t = ctx.t;
    let (scope_start, _) = match ctx.o.node_at(off) {
        Some(nd) => {
            let root = if class == SectionClass::Goals {
                ctx.o.block_root(nd)
            } else {
                nd
            };
            (ctx.o.nodes[root].start, 0)
        }
        None => (line_start(t, off), 0),
    };
    let part_start = ctx
        .o
        .parts
        .get(ctx.o.part_at(off))
        .map(|p| p.start)
        .unwrap_or(0);
    let scope_start = scope_start.max(part_start);
    // markers are sorted by start: look only at those in [scope_start, off)
    let lo = ctx.years.partition_point(|m| m.start < scope_start);
    let hi = ctx.years.partition_point(|m| m.start < off);
    let best: Option<&YearMarker> = ctx
        .years
        .get(lo..hi)
        .and_then(|ms| ms.iter().rev().find(|m| m.target && !m.baseline));
    match best {
        Some(m) => (m.year, m.placeholder),
        None => (None, false),
    }
}

fn has_cue(ctx: &Ctx, off: usize) -> bool {
    let t = ctx.t;
    let ls = line_start(t, off);
    let lo = ctx.years.partition_point(|m| m.start < ls);
    let hi = ctx.years.partition_point(|m| m.start < off);
    if ctx
        .years
        .get(lo..hi)
        .is_some_and(|ms| ms.iter().any(|m| m.target && !m.baseline))
    {
        return true;
    }
    let ss = sentence_start(t, off);
    let s: String = t[ss..off].iter().collect();
    if contains_any(
        &s,
        &["力争", "争取", "确保", "目标", "预计", "计划到", "下一步"],
    ) {
        return true;
    }
    // 将 + a forward verb: 将新增, 将组织实施, 将建成
    s.match_indices('将').any(|(p, _)| {
        let tail: String = s[p..].chars().skip(1).take(6).collect();
        [
            "新增", "建成", "突破", "培育", "实施", "引进", "超过", "达到", "组织", "开展", "建设",
            "打造", "形成", "完成", "实现",
        ]
        .iter()
        .any(|v| tail.contains(v))
    })
}

fn trap(ctx: &Ctx, q: &Quantity, cs: usize) -> bool {
    let t = ctx.t;
    let unit = q.unit.as_deref().unwrap_or("");
    let prev = if q.start > 0 {
        t.get(q.start - 1).copied()
    } else {
        None
    };
    if prev.is_some_and(|c| {
        c == '第'
            || c.is_ascii_alphabetic()
            || c == '-'
            || c == '/'
            || c == '.'
            || c == '#'
            || c == '+'
    }) {
        return true;
    }
    if t.get(q.unit_end)
        .is_some_and(|c| *c == '+' || c.is_ascii_alphabetic())
        && q.unit.is_none()
    {
        return true;
    }
    if TIME_UNITS.contains(&unit) {
        return true;
    }
    let ls = line_start(t, q.start);
    if inside_quotes(t, ls, q.start) {
        return true;
    }
    let clause: String = t[cs..clause_end(t, q.end)].iter().collect();
    let before: String = t[cs..q.start].iter().collect();
    // 等10项, 等三大
    if before.ends_with('等') || before.ends_with("等共") || before.ends_with("共计") {
        return true;
    }
    // subsidies, rewards and their rates: 按研发投入的10%给予奖励, 最高500万元
    if contains_any(
        &clause,
        &["奖励", "资助", "补助", "补贴", "奖补", "贴息", "给予"],
    ) && !unit.is_empty()
    {
        return true;
    }
    if unit.ends_with('元')
        && contains_any(&before, &["最高", "最多", "单个", "每个", "每家", "每项"])
    {
        return true;
    }
    // eligibility thresholds: 研发投入占比3%以上的企业, 年销售收入超过5亿元的企业
    {
        let mut k = q.end;
        if t.get(k) == Some(&'的') {
            k += 1;
            let base = unit.trim_start_matches(['万', '亿', '千', '百']);
            let mut e = k;
            while e < t.len() && is_han(t[e]) && e < k + 10 {
                e += 1;
            }
            let noun: String = t[k..e].iter().collect();
            let entity = [
                "企业", "单位", "项目", "机构", "个人", "团队", "高校", "主体", "产品", "园区",
            ]
            .iter()
            .any(|w| noun.ends_with(w));
            if matches!(base, "%" | "元" | "倍" | "‰") && entity && e - k <= 8 {
                return true;
            }
        }
    }
    if unit.ends_with('元')
        && contains_any(
            &clause,
            &[
                "奖励",
                "资助",
                "补助",
                "补贴",
                "奖金",
                "给予",
                "贴息",
                "一次性",
                "扶持资金",
                "资金支持",
                "专项资金",
                "安排",
                "奖",
            ],
        )
    {
        return true;
    }
    if contains_any(
        &clause,
        &["抵扣", "结转", "扣除", "税", "加计", "计提", "折旧", "减免"],
    ) {
        return true;
    }
    if contains_any(&before, &["时速", "速度"]) || unit == "km/h" {
        return true;
    }
    // baseline of a change: 由1.8%提高到2.3%, 从50家增加到100家
    if pre_word(t, q.start, &["由", "从"]).is_some() {
        let after: String = t[q.end..clause_end(t, q.end).min(q.end + 8)]
            .iter()
            .collect();
        if [
            "提高", "增加", "增长", "提升", "降低", "下降", "减少", "扩大", "上升",
        ]
        .iter()
        .any(|v| after.starts_with(v))
        {
            return true;
        }
    }
    // a dated fact: "2020年全市研发投入强度为2.1%" when the plan aims at a later year
    if let Some(m) = ctx
        .years
        .iter()
        .rev()
        .find(|m| m.start >= cs && m.end <= q.start)
    {
        if !m.target && !m.placeholder && !m.fyp && !m.baseline {
            if let Some(y) = m.year {
                if ctx
                    .years
                    .iter()
                    .any(|o| o.target && !o.baseline && o.year.is_some_and(|oy| oy > y))
                {
                    return true;
                }
            }
        }
    }
    // past facts
    if contains_any(
        &before,
        &["已", "现有", "目前", "截至", "截止", "共有", "曾", "同比"],
    ) {
        return true;
    }
    if DELTA_VERBS
        .iter()
        .chain(["达到", "实现", "完成"].iter())
        .any(|v| ends_with_at(t, q.start, &format!("{v}了")))
    {
        return true;
    }
    // physical size labelling a project: 10亿吨大油田, 12英寸集成电路
    let base_unit = unit.trim_start_matches(['万', '亿', '千', '百']);
    if PHYSICAL.contains(&base_unit)
        && q.post.is_none()
        && t.get(q.end)
            .is_some_and(|c| is_han(*c) && !matches!(c, '的' | '以' | '左' | '生'))
        && !contains_any(&before, &["年产", "产能", "规模", "能力", "总量", "年处理"])
    {
        return true;
    }
    // a count of requirements or rules to implement (落实141项技术指标要求)
    {
        let ce = clause_end(t, q.end);
        let tail: String = t[q.end..ce].iter().collect();
        if q.post.is_none()
            && ["要求", "规定", "条款", "标准规范"]
                .iter()
                .any(|w| tail.ends_with(w))
        {
            return true;
        }
    }
    // counts that define a programme's components: 即5个行动、5个平台…
    if q.unit.is_some()
        && q.post.is_none()
        && contains_any(&before, &["即", "包括", "分为", "涵盖", "包含", "构成"])
    {
        let mut k = q.end;
        while k < t.len() && k < q.end + 14 && is_han(t[k]) {
            k += 1;
        }
        if k > q.end && t.get(k) == Some(&'、') && t.get(k + 1).is_some_and(|c| is_digit(*c)) {
            return true;
        }
        if before.ends_with('、') {
            // previous element of the same list
            let mut j = q.start - 1;
            while j > cs && !is_digit(t[j - 1]) && j + 16 > q.start {
                j -= 1;
            }
            if j > cs && is_digit(t[j - 1]) {
                let seg: String = t[j..q.start - 1].iter().collect();
                if seg.chars().all(is_han)
                    && seg.chars().count() >= 2
                    && crate::quantity::parse_unit(t, j).is_some()
                {
                    return true;
                }
            }
        }
    }
    // per-unit money, ranks, scores
    if unit.is_empty() && q.value_max.is_none() {
        // only "10大…" style counts survive without a unit
        if !(t.get(q.end) == Some(&'大') && q.value <= 100.0 && q.value.fract() == 0.0) {
            return true;
        }
    }
    if unit == "%" && q.value > 1000.0 {
        return true;
    }
    false
}

fn strip_indicator(s: &str) -> String {
    let mut s = s.trim().to_string();
    loop {
        let before = s.clone();
        s = s
            .trim_start_matches([' ', '、', '(', ')', '“', '”', '"', '的', '.', '-'])
            .to_string();
        for h in STRIP_HEAD {
            if let Some(r) = s.strip_prefix(h) {
                s = r.to_string();
            }
        }
        // leading list markers like (1)
        if s.starts_with('(') {
            if let Some(p) = s.find(')') {
                if p <= 5 {
                    s = s[p + 1..].to_string();
                }
            }
        }
        if s == before {
            break;
        }
    }
    loop {
        let before = s.clone();
        s = s
            .trim_end_matches([' ', '、', '≥', '≤', '>', '<', '=', '('])
            .to_string();
        for cue in ["力争", "争取", "确保", "努力", "预计"] {
            if s.chars().count() > 2 {
                if let Some(r) = s.strip_suffix(cue) {
                    s = r.to_string();
                }
            }
        }
        for tl in STRIP_TAIL {
            if s.chars().count() > tl.chars().count() {
                if let Some(r) = s.strip_suffix(tl) {
                    s = r.to_string();
                }
            }
        }
        if s == before {
            break;
        }
    }
    s
}

fn is_bare_verb(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || STRIP_TAIL.contains(&s)
        || DELTA_VERBS.contains(&s)
        || [
            "达到",
            "实现",
            "力争",
            "争取",
            "确保",
            "新增",
            "累计",
            "并达到",
            "其中",
        ]
        .contains(&s)
}

/// `strip_indicator` decided on the simplified text, cut from the display text (same offsets).
fn strip_disp(ctx: &Ctx, a: usize, b: usize) -> String {
    let simp = ctx.n.simp_str(a, b);
    let stripped = strip_indicator(&simp);
    if stripped.is_empty() {
        return stripped;
    }
    // the stripped text is a contiguous piece of the original: find its char offset
    let disp: Vec<char> = ctx.n.disp(a, b).chars().collect();
    let sc: Vec<char> = simp.chars().collect();
    let tc: Vec<char> = stripped.chars().collect();
    let pos = (0..=sc.len().saturating_sub(tc.len()))
        .rev()
        .find(|&p| sc[p..].starts_with(&tc));
    match pos {
        Some(p) if disp.len() == sc.len() => disp[p..p + tc.len()].iter().collect(),
        _ => stripped,
    }
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|c| is_han(*c)).count()
}

/// Split a subject shared by one value: "A和B均", "A、B的普及率", "X申请量和授权量".
fn split_subject(subject: &str) -> Vec<String> {
    let s = subject.trim();
    if s.contains('占') || s.contains('(') {
        return vec![s.to_string()];
    }
    let mut core = s.to_string();
    let mut tail = String::new();
    // keep a change word for every piece
    for d in DELTA_VERBS {
        if let Some(r) = core.strip_suffix(d) {
            tail = d.to_string();
            core = r.to_string();
            break;
        }
    }
    let mut all_marker = false;
    for m in ["均", "都", "分别", "全部"] {
        if let Some(r) = core.strip_suffix(m) {
            core = r.to_string();
            all_marker = true;
        }
    }
    let pieces: Vec<String> = core
        .replace("以及", "、")
        .split(['、', '和'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() < 2 || pieces.iter().any(|p| p.chars().count() < 2) {
        return vec![s.to_string()];
    }
    let metric = |p: &str| {
        p.ends_with(['量', '率', '数', '额', '值', '度'])
            || p.ends_with("比重")
            || p.ends_with("比例")
    };
    let last = pieces.last().cloned().unwrap_or_default();
    let head_de =
        last.contains('的') && pieces[..pieces.len() - 1].iter().all(|p| !p.contains('的'));
    if all_marker || pieces.iter().all(|p| metric(p)) {
        // "X申请量和授权量": later pieces lacking a subject borrow the first piece's head
        let first = &pieces[0];
        return pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i > 0 && p.chars().count() <= 4 && first.chars().count() > p.chars().count() {
                    let stem: String = first
                        .chars()
                        .take(first.chars().count().saturating_sub(p.chars().count()))
                        .collect();
                    format!("{stem}{p}{tail}")
                } else {
                    format!("{p}{tail}")
                }
            })
            .collect();
    }
    let parallel = |p1: &str, p2: &str| {
        let a: Vec<char> = p1.chars().collect();
        let b: Vec<char> = p2.chars().collect();
        let tail = &a[a.len().saturating_sub(b.len())..];
        tail.iter()
            .zip(b.iter())
            .take_while(|(x, y)| x == y)
            .count()
            >= 2
    };
    if head_de && pieces.len() == 2 {
        let lp = last.split('的').next().unwrap_or("");
        if !parallel(&pieces[0], lp) {
            return vec![s.to_string()];
        }
        if let Some(pos) = last.find('的') {
            let head = &last[pos..];
            let mut out: Vec<String> = pieces[..pieces.len() - 1]
                .iter()
                .map(|p| format!("{p}{head}{tail}"))
                .collect();
            out.push(format!("{last}{tail}"));
            return out;
        }
    }
    vec![s.to_string()]
}

fn find_targets(ctx: &Ctx) -> Vec<Target> {
    let t = ctx.t;
    let n = t.len();
    let mut cands: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < n {
        if is_digit(t[i])
            && (i == 0
                || !(is_digit(t[i - 1]) || t[i - 1] == '.' || t[i - 1].is_ascii_alphabetic()))
        {
            if let Some(q) = parse_quantity(t, i) {
                let next = q.end.max(i + 1);
                cands.push(q);
                i = next;
                continue;
            }
            while i < n && (is_digit(t[i]) || t[i] == '.') {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    let (table, table_ranges) = crate::meta::table_targets(ctx);
    cands.retain(|c| {
        !table_ranges
            .iter()
            .any(|(a, b)| c.start >= *a && c.start < *b)
    });
    let mut out: Vec<Target> = table;
    let mut prev_subject: Option<(usize, String)> = None; // (sentence start, subject)
    let mut last_end_in_clause: Option<(usize, usize)> = None; // (clause start, end)
    let mut list_head: Option<(usize, usize, String)> = None; // (clause start, end, head subject)
    for q in cands {
        let class = ctx.o.class_at(q.start);
        if class == SectionClass::Background {
            continue;
        }
        let mut cs = clause_start(t, q.start, 0);
        if let Some((pcs, pend)) = last_end_in_clause {
            if pcs == cs && pend <= q.start {
                cs = pend;
            }
        }
        // a ratio of three or more parts (三次产业比重调整为3∶42∶55); 1:1 and 8:30 are not
        let ratio_run = |from: usize| -> usize {
            // number of parts in the ratio that contains the digit run at `from`
            let mut a = from;
            while a > 0 && (is_digit(t[a - 1]) || matches!(t[a - 1], '∶' | ':' | '.')) {
                a -= 1;
            }
            let mut b = from;
            while b < t.len() && (is_digit(t[b]) || matches!(t[b], '∶' | ':' | '.')) {
                b += 1;
            }
            t[a..b].iter().filter(|c| matches!(c, '∶' | ':')).count() + 1
        };
        let in_ratio = q.unit.is_none() && ratio_run(q.start) >= 3;
        let ratio = in_ratio && t.get(q.unit_end).is_some_and(|c| *c == '∶' || *c == ':');
        let ratio_tail = in_ratio && !ratio;
        if !ratio && !ratio_tail && trap(ctx, &q, clause_start(t, q.start, 0)) {
            // a trapped baseline still names the subject of the level that follows
            let subj = strip_disp(ctx, cs, q.start);
            let mut base = subj.clone();
            if let Some(p) = base.find('由').or_else(|| base.find('比')) {
                base.truncate(p);
            }
            let base = strip_indicator(&base);
            if han_count(&base) >= 2 && !is_bare_verb(&simplify(&base)) {
                prev_subject = Some((sentence_start(t, q.start), base));
            }
            continue;
        }
        if matches!(
            class,
            SectionClass::Guiding | SectionClass::Other | SectionClass::Schedule
        ) && !has_cue(ctx, q.start)
        {
            continue;
        }
        last_end_in_clause = Some((clause_start(t, q.start, 0), q.end));
        let comparator = comparator_of(t, &q);
        let delta = is_delta(t, &q);
        let (year, _ph) = year_for(ctx, q.start, class);
        // indicator text
        let ymark_end = ctx
            .years
            .iter()
            .filter(|m| m.start >= cs && m.end <= q.start && !m.baseline)
            .map(|m| m.end)
            .max()
            .unwrap_or(cs);
        let pre_start = ymark_end.max(cs);
        let raw_pre = ctx.n.disp(pre_start, q.start);
        let mut subject = strip_disp(ctx, pre_start, q.start);
        if ratio || ratio_tail {
            // the subject is before the whole ratio
            let rs = clause_start(t, q.start, 0);
            let mut k = rs;
            while k < q.start && !is_digit(t[k]) {
                k += 1;
            }
            subject = strip_disp(ctx, rs, k);
        }
        let ce = clause_end(t, q.end);
        let mut suffix = String::new();
        if t.get(q.end).is_some_and(|c| is_han(*c)) && !ratio {
            let mut k = q.end;
            while k < ce && !is_digit(t[k]) && k < q.end + 40 {
                k += 1;
            }
            suffix = ctx.n.disp(q.end, k);
            for w in ["的", "以上", "左右"] {
                suffix = suffix.trim_start_matches(w).to_string();
            }
            suffix = suffix.trim_end_matches(['、', '和', '及', ' ']).to_string();
        }
        // "赴10家A、100家B": every item of a list of counted nouns shares the list head
        let orig_cs = clause_start(t, q.start, 0);
        match &list_head {
            Some((lcs, lend, head))
                if *lcs == orig_cs
                    && raw_pre.trim_end().ends_with('、')
                    && !suffix.is_empty()
                    && q.start <= lend + 16 =>
            {
                subject = head.clone();
            }
            _ => {}
        }
        if !suffix.is_empty() {
            let keep_head = match &list_head {
                Some((lcs, _, h)) if *lcs == orig_cs && raw_pre.trim_end().ends_with('、') => {
                    h.clone()
                }
                _ => subject.clone(),
            };
            list_head = Some((orig_cs, q.end, keep_head));
        }
        let ss = sentence_start(t, q.start);
        if is_bare_verb(&simplify(&subject)) {
            subject.clear();
        }
        // an elliptical subject ("…研发经费投入大幅增加,投入强度达到3%") borrows the head
        // of the previous clause that names it
        let hc = han_count(&subject);
        if (2..=4).contains(&hc) && suffix.is_empty() {
            let pcs = clause_start(t, orig_cs.saturating_sub(1), ss);
            if pcs < orig_cs && orig_cs > 0 {
                let prev = ctx.n.disp(pcs, orig_cs - 1);
                let key: String = subject.chars().take(2).collect();
                if let Some(p) = prev.find(&key) {
                    let head = strip_indicator(&prev[..p]);
                    if han_count(&head) >= 2 && !head.chars().any(|c| c.is_ascii_digit()) {
                        subject = format!("{head}{subject}");
                    }
                }
            }
        }
        if han_count(&subject) == 0 && suffix.is_empty() {
            if let Some((pss, ps)) = &prev_subject {
                if *pss == ss {
                    subject = ps.clone();
                }
            }
        }
        let subjects = if han_count(&subject) >= 2 && suffix.is_empty() {
            split_subject(&subject)
        } else {
            vec![subject.clone()]
        };
        if han_count(&subject) > 0 {
            // the level that follows a change keeps the measured thing, not the change word
            let mut base = subject.clone();
            if let Some(p) = base.find('比') {
                base.truncate(p);
            }
            for d in DELTA_VERBS {
                if let Some(r) = base.strip_suffix(d) {
                    base = r.to_string();
                }
            }
            prev_subject = Some((ss, base));
        }
        let source_text = ctx.n.disp(clause_start(t, q.start, 0), q.end);
        let part = ctx
            .o
            .parts
            .get(ctx.o.part_at(q.start))
            .and_then(|p| p.name.clone());
        for subj in subjects {
            let mut ind = if suffix.is_empty() {
                subj.clone()
            } else {
                format!("{subj}{suffix}")
            };
            if han_count(&ind) == 0 {
                ind = source_text.clone();
            }
            if han_count(&ind) == 0 {
                continue;
            }
            out.push(Target {
                indicator_text: ind,
                indicator: None,
                comparator,
                value: Some(q.value),
                value_max: q.value_max,
                unit: if ratio || ratio_tail {
                    None
                } else {
                    q.unit.clone()
                },
                year,
                delta,
                source_text: source_text.clone(),
                offset: q.start,
                section: class,
                part: part.clone(),
            });
        }
    }
    out
}

fn map_indicators(targets: &mut [Target], lib: &[IndicatorRef]) {
    if lib.is_empty() {
        return;
    }
    let names: Vec<(String, &str, Option<&str>)> = lib
        .iter()
        .flat_map(|i| {
            i.names
                .iter()
                .map(move |n| (simplify(n).replace(' ', ""), i.code.as_str(), ratio_unit(n)))
        })
        .filter(|(n, _, _)| n.chars().count() >= 2)
        .collect();
    for tg in targets.iter_mut() {
        let s = simplify(&tg.indicator_text).replace(' ', "");
        let mut best: Option<(usize, &str)> = None;
        for (n, code, unit) in &names {
            if s.contains(n.as_str()) && units_compatible(*unit, tg.unit.as_deref(), tg.delta) {
                let l = n.chars().count();
                if best.is_none_or(|(bl, _)| l > bl) {
                    best = Some((l, code));
                }
            }
        }
        tg.indicator = best.map(|(_, c)| c.to_string());
    }
}

// ---------------------------------------------------------------- tasks

const RESP_LINE_LABELS: [&str; 10] = [
    "责任单位",
    "牵头单位",
    "责任部门",
    "牵头部门",
    "配合单位",
    "主办单位",
    "实施单位",
    "承担单位",
    "协办单位",
    "配合部门",
];

fn trim_end_punct(t: &[char], a: usize, mut b: usize) -> usize {
    while b > a && matches!(t[b - 1], '。' | ';' | '.' | ' ' | '\t' | ',' | '\n') {
        b -= 1;
    }
    b
}

/// Responsibility of an item spanning [a, b): (parsed, clause range).
fn find_resp(
    ctx: &Ctx,
    a: usize,
    b: usize,
    title_end: usize,
) -> Option<(Responsibility, usize, usize)> {
    let t = ctx.t;
    // 1. separate labelled lines: 责任单位:X牵头,Y配合 / 牵头单位:X / 配合单位:Y
    let mut combined = Responsibility::default();
    let mut range: Option<(usize, usize)> = None;
    let mut k = a;
    while k < b {
        let le = (k..b).find(|&j| t[j] == '\n').unwrap_or(b);
        let mut s = k;
        while s < le && matches!(t[s], ' ' | '\t') {
            s += 1;
        }
        if RESP_LINE_LABELS.iter().any(|l| starts_with(t, s, l)) && s > a {
            let e = trim_end_punct(t, s, le);
            let inner: String = t[s..e].iter().collect();
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                combined.lead.extend(r.lead);
                combined.cooperating.extend(r.cooperating);
                combined.joint |= r.joint;
                range = Some(match range {
                    Some((ra, _)) => (ra, e),
                    None => (s, e),
                });
            }
        }
        k = le + 1;
    }
    if let Some((ra, rb)) = range {
        return Some((combined, ra, rb));
    }
    // 2. trailing bracket of the item's last paragraph: (X牵头,Y配合) 〔A、B〕
    let e = trim_end_punct(t, a, b);
    if e > a && matches!(t[e - 1], ')' | '〕' | ']' | '】') {
        if let Some(o) = match_open(t, e - 1, a) {
            let inner: String = t[o + 1..e - 1].iter().collect();
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                return Some((r, o, e));
            }
        }
    }
    // 2b. a clause closing the heading line: "(一)建设创新平台(市科技局牵头)"
    let te = trim_end_punct(t, a, title_end.min(b));
    if te > a && te < e && matches!(t[te - 1], ')' | '〕' | ']' | '】') {
        if let Some(o) = match_open(t, te - 1, a) {
            let inner: String = t[o + 1..te - 1].iter().collect();
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                return Some((r, o, te));
            }
        }
    }
    // 3. trailing "责任单位:A、B。" inside the last paragraph
    let last_para = (a..e)
        .rev()
        .find(|&j| t[j] == '\n')
        .map(|j| j + 1)
        .unwrap_or(a);
    let mut j = e.saturating_sub(4);
    while j > last_para {
        if matches!(t[j], '责' | '牵' | '配' | '主' | '实' | '承' | '协')
            && t.get(j + 4).is_some_and(|c| matches!(c, ':' | ' '))
        {
            for l in RESP_LINE_LABELS {
                if starts_with(t, j, l) {
                    let inner: String = t[j..e].iter().collect();
                    if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                        let o = if j > 0 && matches!(t[j - 1], '(' | '【' | '〔') {
                            j - 1
                        } else {
                            j
                        };
                        return Some((r, o, e));
                    }
                }
            }
        }
        j -= 1;
    }
    // 4. a last sentence that is only a clause: "…。市科技局牵头,市财政局配合。"
    let mut ls = e;
    while ls > last_para && t[ls - 1] != '。' {
        ls -= 1;
    }
    if ls > last_para && e > ls && e - ls <= 80 && ls > title_end {
        let inner: String = t[ls..e].iter().collect();
        if ["牵头", "配合", "负责"].iter().any(|w| inner.contains(w)) {
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                if r.lead
                    .iter()
                    .chain(r.cooperating.iter())
                    .all(|n| crate::resp::looks_like_org(n))
                {
                    return Some((r, ls, e));
                }
            }
        }
    }
    None
}

fn label_resp(ctx: &Ctx, body: usize, line_end: usize) -> Option<(Responsibility, usize, usize)> {
    let t = ctx.t;
    let mut k = body;
    while k < line_end && k < body + 16 && t[k] != ':' && !is_boundary(t[k]) {
        k += 1;
    }
    if t.get(k) != Some(&':') || k == body {
        return None;
    }
    let name: String = t[body..k].iter().collect();
    let region_like = [
        "市",
        "县",
        "区",
        "旗",
        "镇",
        "乡",
        "街道",
        "新区",
        "高新区",
        "开发区",
        "港务区",
        "园区",
        "管委会",
        "州",
        "盟",
    ]
    .iter()
    .any(|s| name.ends_with(s));
    // a department label ("市科技局:负责…") also names the unit in charge
    let dept_like = [
        "局",
        "委",
        "办",
        "厅",
        "政府",
        "委员会",
        "办公室",
        "管委会",
        "中心",
    ]
    .iter()
    .any(|s| name.ends_with(s));
    if !(region_like || dept_like) || !crate::resp::looks_like_org(&name) {
        return None;
    }
    Some((
        Responsibility {
            lead: vec![name],
            cooperating: Vec::new(),
            joint: false,
        },
        body,
        k + 1,
    ))
}

fn find_deadline(ctx: &Ctx, a: usize, b: usize) -> Option<String> {
    let t = ctx.t;
    for l in ["完成时限", "完成时间", "时间节点", "时限"] {
        let lv: Vec<char> = l.chars().collect();
        let lc = lv.len();
        for j in a..b.saturating_sub(lc) {
            if t[j] == lv[0] && t[j..j + lc] == lv[..] && matches!(t.get(j + lc), Some(':')) {
                let e = (j..b)
                    .find(|&k| matches!(t[k], '\n' | '。' | ';' | ')'))
                    .unwrap_or(b);
                return Some(ctx.n.disp(j, e));
            }
        }
    }
    for m in &ctx.years {
        if m.start >= a && m.end <= b && !m.fyp {
            let s: String = t[m.start..m.end].iter().collect();
            if s.ends_with('前') {
                return Some(ctx.n.disp(m.start, m.end));
            }
        }
    }
    None
}

fn find_tasks(ctx: &Ctx, doc_truncated: bool) -> Vec<Task> {
    let t = ctx.t;
    let o = &ctx.o;
    let mut out = Vec::new();
    let text_end = trim_end_punct(t, 0, t.len());
    for (idx, node) in o.nodes.iter().enumerate() {
        if !node.children.is_empty() {
            continue;
        }
        if matches!(node.style, Style::Chapter | Style::Column) {
            continue;
        }
        let class = o.class_of(idx);
        let (ta, mut tb) = outline::title_range(t, node);
        let title_str: String = t[ta..tb].iter().collect();
        if title_str.trim_end().ends_with('?') {
            continue;
        }
        let mut resp = find_resp(ctx, node.body, node.end, tb);
        let mut label = false;
        if resp.is_none() && class == SectionClass::Tasks {
            resp = label_resp(ctx, node.body, node.line_end);
            label = resp.is_some();
        }
        let is_task = match class {
            SectionClass::Tasks => node.parent.is_some() || resp.is_some(),
            SectionClass::Safeguards | SectionClass::Other => resp.is_some() && !label,
            _ => false,
        };
        if !is_task {
            continue;
        }
        // the title never includes the responsibility clause
        if let Some((_, ra, _)) = &resp {
            if !label && *ra < tb && *ra >= ta {
                tb = *ra;
            }
        }
        let tb = trim_end_punct(t, ta, tb);
        let title = ctx.n.disp(ta, tb).trim().to_string();
        if title.is_empty() {
            continue;
        }
        let group = node.parent.map(|p| {
            let pn = &o.nodes[p];
            let (_, pe) = outline::title_range(t, pn);
            let pe = trim_end_punct(t, pn.start, pe);
            ctx.n.disp(pn.start, pe).trim().to_string()
        });
        let truncated = doc_truncated && trim_end_punct(t, node.start, node.end) >= text_end;
        let (lead, cooperating, joint, resp_text) = match &resp {
            Some((r, ra, rb)) => (
                r.lead.clone(),
                r.cooperating.clone(),
                r.joint,
                Some(ctx.n.disp(*ra, *rb)),
            ),
            None => (Vec::new(), Vec::new(), false, None),
        };
        out.push(Task {
            number: node.number.clone(),
            title,
            group,
            lead,
            cooperating,
            joint,
            resp_text,
            deadline: find_deadline(ctx, node.body, node.end),
            truncated,
            offset: node.start,
            part: o.parts.get(node.part).and_then(|p| p.name.clone()),
        });
    }
    let table = crate::meta::table_tasks(ctx);
    // a numbered table row ("1.\t任务\t牵头单位") is read once, as a table row
    out.retain(|k| !table.iter().any(|r| r.offset == line_start(t, k.offset)));
    out.extend(table);
    out.sort_by_key(|k| k.offset);
    out
}

// ---------------------------------------------------------------- phases

fn find_phases(ctx: &Ctx) -> Vec<Phase> {
    let t = ctx.t;
    let mut out: Vec<Phase> = Vec::new();
    let part_of = |off: usize| {
        ctx.o
            .parts
            .get(ctx.o.part_at(off))
            .and_then(|p| p.name.clone())
    };
    let other_doc = |a: usize, b: usize| -> bool {
        let ls = line_start(t, a);
        inside_pair(t, ls, a, '《', '》') || {
            let tail: String = t[b..(b + 12).min(t.len())].iter().collect();
            let tail = tail.trim_start_matches(['”', '"']);
            contains_any(
                tail.split([',', '。']).next().unwrap_or(""),
                &["规划", "纲要"],
            )
        }
    };
    // milestones and deadlines from year markers
    for m in &ctx.years {
        if m.baseline || !m.target || other_doc(m.start, m.end) {
            continue;
        }
        let text = ctx.n.disp(m.start, m.end);
        let kind = if text.ends_with('前') {
            PhaseKind::Deadline
        } else {
            PhaseKind::Milestone
        };
        out.push(Phase {
            text,
            kind,
            start_year: None,
            end_year: m.year,
            offset: m.start,
            part: part_of(m.start),
        });
    }
    // periods: YYYY-YYYY年, YYYY年至YYYY年, “十二五”时期
    let n = t.len();
    let mut i = 0;
    while i < n {
        if let Some((y1, e1, _)) = years::year_token(t, i) {
            let mut k = e1;
            if t.get(k) == Some(&'年') {
                k += 1;
                // 20XX年7月 style
                while t.get(k).is_some_and(|c| is_digit(*c)) {
                    k += 1;
                }
                if t.get(k) == Some(&'月') {
                    k += 1;
                }
            }
            let mut sep = k;
            for s in ["开始至", "至", "到", "-", "—", "~", "－", "–"] {
                if starts_with(t, k, s) {
                    sep = k + s.chars().count();
                    break;
                }
            }
            let direct_next = years::year_token(t, k);
            let next = if sep > k {
                years::year_token(t, sep)
            } else {
                direct_next
            };
            if let Some((y2, e2, _)) = next {
                if sep > k || (direct_next.is_some() && t.get(e1) == Some(&'年')) {
                    let mut e = e2;
                    if t.get(e) == Some(&'年') {
                        e += 1;
                        while t.get(e).is_some_and(|c| is_digit(*c)) {
                            e += 1;
                        }
                        if t.get(e) == Some(&'月') {
                            e += 1;
                        }
                    }
                    let mut s = i;
                    if s > 0 && t[s - 1] == '自' {
                        s -= 1;
                    }
                    // include a stage name or 三年工作方案 before "(…)"
                    let ls = line_start(t, s);
                    let mut ts = s;
                    if s > 0 && t[s - 1] == '(' {
                        let mut k2 = s - 1;
                        while k2 > ls && !is_boundary(t[k2 - 1]) && s - k2 < 12 {
                            k2 -= 1;
                        }
                        ts = k2;
                        if t.get(e) == Some(&')') {
                            e += 1;
                        }
                    } else if t.get(e).is_some_and(|c| is_han(*c)) {
                        let mut k2 = e;
                        while k2 < n && !is_boundary(t[k2]) && k2 < e + 6 && t[k2] != '(' {
                            k2 += 1;
                        }
                        if starts_with(t, e, "主要工作") || starts_with(t, e, "工作") {
                            e = k2;
                        }
                    }
                    if !other_doc(ts, e) && !out.iter().any(|p| p.offset == ts) {
                        out.push(Phase {
                            text: ctx.n.disp(ts, e),
                            kind: PhaseKind::PlanPeriod,
                            start_year: y1,
                            end_year: y2,
                            offset: ts,
                            part: part_of(ts),
                        });
                    }
                    i = e.max(i + 1);
                    continue;
                }
            }
            i = e1;
            continue;
        }
        if t[i] == '十' {
            if let Some((y, e)) = years::fyp_token(t, i) {
                let mut k = e;
                if matches!(t.get(k), Some('”' | '"')) {
                    k += 1;
                }
                for s in ["时期", "期间"] {
                    if starts_with(t, k, s) {
                        let mut st = i;
                        if st > 0 && matches!(t[st - 1], '“' | '"') {
                            st -= 1;
                        }
                        let end = k + 2;
                        if !other_doc(st, end) {
                            out.push(Phase {
                                text: ctx.n.disp(st, end),
                                kind: PhaseKind::PlanPeriod,
                                start_year: Some(y - 4),
                                end_year: Some(y),
                                offset: st,
                                part: part_of(st),
                            });
                        }
                    }
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    // relative periods
    let rel_words = [
        "每年",
        "三年期满",
        "三年内",
        "五年内",
        "近期重点",
        "力争通过",
        "周期",
    ];
    for w in rel_words {
        let wc: Vec<char> = w.chars().collect();
        let mut j = 0;
        while j + wc.len() <= n {
            if t[j] == wc[0] && t[j..j + wc.len()] == wc[..] {
                let mut e = j + wc.len();
                if w == "力争通过" || w == "周期" {
                    // 力争通过5~10年, 建设周期3年 / 周期为三年
                    let limit = if w == "周期" { j + 6 } else { j + 12 };
                    while e < n && !is_boundary(t[e]) && t[e] != '年' && e < limit {
                        e += 1;
                    }
                    if t.get(e) == Some(&'年') {
                        e += 1;
                    } else {
                        j += 1;
                        continue;
                    }
                }
                if w == "近期重点" {
                    let mut k = e;
                    while k < n && !is_boundary(t[k]) && k < e + 8 {
                        k += 1;
                    }
                    e = k;
                }
                let part = part_of(j);
                if !out
                    .iter()
                    .any(|p| p.kind == PhaseKind::Relative && p.part == part && t_eq(ctx, p, j, e))
                {
                    out.push(Phase {
                        text: ctx.n.disp(j, e),
                        kind: PhaseKind::Relative,
                        start_year: None,
                        end_year: None,
                        offset: j,
                        part,
                    });
                }
                j = e;
                continue;
            }
            j += 1;
        }
    }
    // deadlines: 验收时间为2025年
    for m in &ctx.years {
        let s = m.start;
        if s >= 2 && !m.target {
            let before: String = t[s.saturating_sub(6)..s].iter().collect();
            if contains_any(
                &before,
                &["验收时间为", "验收", "完成时间为", "截止时间为", "期限为"],
            ) {
                let ls = s.saturating_sub(6);
                let k = (ls..s)
                    .find(|&j| {
                        starts_with(t, j, "验收")
                            || starts_with(t, j, "完成")
                            || starts_with(t, j, "截止")
                            || starts_with(t, j, "期限")
                    })
                    .unwrap_or(s);
                out.push(Phase {
                    text: ctx.n.disp(k, m.end),
                    kind: PhaseKind::Deadline,
                    start_year: None,
                    end_year: m.year,
                    offset: k,
                    part: part_of(k),
                });
            }
        }
    }
    // a milestone inside a period ("自2022年开始至2024年") is part of that period
    let periods: Vec<(usize, usize)> = out
        .iter()
        .filter(|p| p.kind == PhaseKind::PlanPeriod)
        .map(|p| (p.offset, p.offset + p.text.chars().count()))
        .collect();
    out.retain(|p| {
        p.kind != PhaseKind::Milestone
            || !periods.iter().any(|(a, b)| p.offset > *a && p.offset < *b)
    });
    out.sort_by_key(|p| p.offset);
    out.dedup_by(|a, b| a.offset == b.offset && a.text == b.text);
    out
}

fn t_eq(ctx: &Ctx, p: &Phase, a: usize, b: usize) -> bool {
    p.text == ctx.n.disp(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_subjects_split() {
        assert_eq!(
            split_subject("全市规模以上制造业企业数字化设计、数字化管理的普及率"),
            vec![
                "全市规模以上制造业企业数字化设计的普及率".to_string(),
                "数字化管理的普及率".to_string()
            ]
        );
        assert_eq!(
            split_subject("专利申请量和授权量年均增长"),
            vec!["专利申请量年均增长", "专利授权量年均增长"]
        );
        assert_eq!(split_subject("甲达标率、乙达标率和丙利用率均").len(), 3);
        assert_eq!(split_subject("以企业为主体、产学研联合的技术中心").len(), 1);
        assert_eq!(
            split_subject("各级企业技术中心、实验室、工程(技术)研究中心").len(),
            1
        );
    }
}
