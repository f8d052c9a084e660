//! Target clauses: boundaries, comparators, deltas, years, cues and the traps that are not
//! targets.

use super::*;

pub(super) fn is_boundary(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '。' | ':' | '\n' | '!' | '?' | '，' | '；' | '：'
    )
}

pub(super) fn clause_start(t: &[char], off: usize, floor: usize) -> usize {
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

pub(super) fn clause_end(t: &[char], off: usize) -> usize {
    let mut k = off;
    let cap = (off + LOOKBACK).min(t.len());
    while k < cap && !is_boundary(t[k]) {
        k += 1;
    }
    k
}

/// How far back a sentence or line start is looked for: keeps single-line inputs linear.
pub(super) const LOOKBACK: usize = 1500;

pub(super) fn sentence_start(t: &[char], off: usize) -> usize {
    let floor = off.saturating_sub(LOOKBACK);
    let mut k = off;
    while k > floor && !matches!(t[k - 1], '。' | '\n' | '!' | '?') {
        k -= 1;
    }
    k
}

pub(super) fn line_start(t: &[char], off: usize) -> usize {
    let floor = off.saturating_sub(LOOKBACK);
    let mut k = off;
    while k > floor && t[k - 1] != '\n' {
        k -= 1;
    }
    k
}

pub(super) fn contains_any(s: &str, ws: &[&str]) -> bool {
    ws.iter().any(|w| s.contains(w))
}

pub(super) const TIME_UNITS: [&str; 12] = [
    "年", "个月", "月", "日", "天", "周", "小时", "号", "届", "代", "级", "岁",
];
pub(super) const PHYSICAL: [&str; 14] = [
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
pub(super) const GE_PRE: [&str; 7] = ["不低于", "不少于", "不小于", "至少", "≥", ">=", "大于等于"];
pub(super) const LE_PRE: [&str; 7] = [
    "不超过",
    "不高于",
    "不大于",
    "≤",
    "<=",
    "控制在",
    "小于等于",
];
pub(super) const GT_PRE: [&str; 6] = ["突破", "超过", "高于", "大于", "超", ">"];
pub(super) const LT_PRE: [&str; 4] = ["低于", "少于", "小于", "<"];
pub(super) const APPROX_PRE: [&str; 4] = ["大约", "约", "近", "接近"];
pub(super) const DELTA_VERBS: [&str; 16] = [
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
pub(super) const STRIP_TAIL: [&str; 26] = [
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
    "不高于",
    "不大于",
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
pub(super) const STRIP_HEAD: [&str; 16] = [
    "力争", "争取", "确保", "努力", "预计", "其中", "同时", "并且", "并", "使", "到", "至", "全年",
    "再", "以及", "和",
];

pub(super) fn pre_word(t: &[char], start: usize, words: &[&str]) -> Option<usize> {
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

pub(super) fn comparator_of(t: &[char], q: &Quantity) -> Comparator {
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

pub(super) fn is_delta(t: &[char], q: &Quantity) -> bool {
    if matches!(q.unit.as_deref(), Some("个百分点") | Some("百分点")) {
        return true;
    }
    let s = pre_word(t, q.start, &DELTA_VERBS);
    s.is_some() && matches!(q.unit.as_deref(), Some("%") | Some("倍") | Some("‰"))
}

/// Unmatched opening of a pair between `from` and `to`.
pub(super) fn inside_pair(t: &[char], from: usize, to: usize, open: char, close: char) -> bool {
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

pub(super) fn inside_quotes(t: &[char], ls: usize, off: usize) -> bool {
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
            // mixed quotes (“一网通办"): a straight quote closes an open curly one
            '"' if d[0] > 0 => d[0] -= 1,
            '"' => straight += 1,
            _ => {}
        }
    }
    d.iter().any(|x| *x > 0) || straight % 2 == 1
}

pub(super) fn year_for(ctx: &Ctx, off: usize, class: SectionClass) -> (Option<i32>, bool) {
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
    match best.or_else(|| work_year_before(ctx, off)) {
        Some(m) => (m.year, m.placeholder),
        None => (None, false),
    }
}

/// Outside any numbered item, the nearest target year before `off` when it is the year of an
/// announced work plan (部署了2018年工作): it dates the paragraphs that follow it.
pub(super) fn work_year_before<'a>(ctx: &'a Ctx<'a>, off: usize) -> Option<&'a YearMarker> {
    if ctx.o.node_at(off).is_some() {
        return None;
    }
    let hi = ctx.years.partition_point(|m| m.start < off);
    ctx.years
        .get(..hi)?
        .iter()
        .rev()
        .find(|m| m.target && !m.baseline)
        .filter(|m| m.work)
}

pub(super) fn has_cue(ctx: &Ctx, off: usize) -> bool {
    let t = ctx.t;
    if work_year_before(ctx, off).is_some() {
        return true;
    }
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

pub(super) fn trap(ctx: &Ctx, q: &Quantity, cs: usize) -> bool {
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
        &[
            "抵扣",
            "结转",
            "扣除",
            "加计",
            "计提",
            "折旧",
            "减免",
            "减税",
            "免税",
            "退税",
            "税率",
            "税前",
            "税收优惠",
            "计税",
            "纳税",
            "所得税",
            "增值税",
            "关税",
        ],
    ) {
        return true;
    }
    if contains_any(&before, &["时速", "速度"]) || unit == "km/h" {
        return true;
    }
    // a permitted ceiling is a rule, not a commitment: 可按照不超过…50%, 原则上不超过
    if contains_any(&before, &LE_PRE)
        && contains_any(&before, &["可按", "可以", "原则上", "最高", "最多"])
    {
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
        && !contains_any(
            &before,
            &["年产", "产能", "规模", "能力", "总量", "年处理", "完成"],
        )
    {
        return true;
    }
    // a count of requirements or rules to implement (落实141项技术指标要求)
    {
        let ce = clause_end(t, q.end);
        let tail: String = t[q.end..ce].iter().collect();
        if q.post.is_none()
            && matches!(unit, "项" | "条" | "款" | "个" | "类" | "部" | "份")
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
        // only "10大…" style counts survive without a unit, and not when they total the
        // list just named (涵盖话务、业务和可视化3大平台)
        if !(t.get(q.end) == Some(&'大') && q.value <= 100.0 && q.value.fract() == 0.0) {
            return true;
        }
        if before.contains('、') {
            return true;
        }
    }
    if unit == "%" && q.value > 1000.0 {
        return true;
    }
    false
}
