//! Year markers (到2027年, 至“十二五”末, 20XX placeholders, 今年) and plan phases.

use crate::quantity::{is_digit, starts_with};

/// A year mentioned as a target horizon or period boundary.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearMarker {
    pub start: usize,
    pub end: usize,
    /// Resolved year, `None` for placeholders and unresolved 今年.
    pub year: Option<i32>,
    pub placeholder: bool,
    /// True when the marker fixes a target year (到/至/力争… or …前), false for a bare mention.
    pub target: bool,
    /// 比“十一五”末: a baseline, never a target year.
    pub baseline: bool,
    /// Five-year-plan derived.
    pub fyp: bool,
    /// The year of a work plan a report announces (部署了2018年工作, 2025年工作要点): it dates
    /// the paragraphs that follow, not only its own line.
    pub work: bool,
}

/// A year token at `i`: (year or None if placeholder, end, placeholder?).
pub(crate) fn year_token(t: &[char], i: usize) -> Option<(Option<i32>, usize, bool)> {
    let c0 = *t.get(i)?;
    let c1 = *t.get(i + 1)?;
    if !((c0 == '2' && c1 == '0') || (c0 == '1' && c1 == '9')) {
        return None;
    }
    if i > 0
        && t.get(i - 1)
            .is_some_and(|c| is_digit(*c) || c.is_ascii_alphabetic() || *c == '.')
    {
        return None;
    }
    let c2 = *t.get(i + 2)?;
    let c3 = *t.get(i + 3)?;
    let ph = |c: char| matches!(c, 'X' | 'x' | '*' | '×' | 'Ｘ' | '某' | '?');
    let end = i + 4;
    if t.get(end)
        .is_some_and(|c| is_digit(*c) || c.is_ascii_alphabetic())
    {
        return None;
    }
    if is_digit(c2) && is_digit(c3) {
        let y: i32 = [c0, c1, c2, c3].iter().collect::<String>().parse().ok()?;
        return Some((Some(y), end, false));
    }
    if (is_digit(c2) || ph(c2)) && ph(c3) && (ph(c2) || c3 != '?') {
        return Some((None, end, true));
    }
    None
}

const FYP: [(&str, i32); 7] = [
    ("十一五", 2010),
    ("十二五", 2015),
    ("十三五", 2020),
    ("十四五", 2025),
    ("十五五", 2030),
    ("十六五", 2035),
    ("十五", 2005),
];

/// Five-year plan name at `i` (十二五 → end year 2015).
pub(crate) fn fyp_token(t: &[char], i: usize) -> Option<(i32, usize)> {
    for (name, y) in FYP {
        if starts_with(t, i, name) {
            let e = i + name.chars().count();
            // 十五 must not be the tail of 十一五 etc., nor a number like 十五个
            if name == "十五"
                && t.get(e)
                    .is_some_and(|c| !matches!(c, '”' | '"' | '末' | '期' | '时' | '’'))
            {
                return None;
            }
            return Some((y, e));
        }
    }
    None
}

const TARGET_PREFIXES: [&str; 14] = [
    "力争到",
    "争取到",
    "确保到",
    "预计到",
    "计划到",
    "目标到",
    "到",
    "至",
    "力争",
    "争取",
    "确保",
    "预计",
    "于",
    "在",
];

fn prefix_before(t: &[char], start: usize) -> Option<&'static str> {
    let mut s = start;
    // skip an opening quote before a five-year-plan name
    while s > 0 && matches!(t.get(s - 1), Some('“' | '"' | ' ')) {
        s -= 1;
    }
    for p in TARGET_PREFIXES {
        let n = p.chars().count();
        if s >= n && starts_with(t, s - n, p) {
            if (p == "至" || p == "到")
                && s > n
                && matches!(t.get(s - n - 1), Some('截' | '直' | '自' | '从' | '来'))
            {
                return None;
            }
            return Some(p);
        }
    }
    None
}

/// Scan the text for year markers. `current_year` resolves 今年/明年.
pub(crate) fn scan(t: &[char], current_year: Option<i32>) -> Vec<YearMarker> {
    let current_year = current_year.or_else(|| meeting_year(t));
    let mut out = scan_markers(t, current_year);
    topic_years(t, &mut out, current_year);
    work_years(t, &mut out);
    out
}

/// A report without a date is dated by the meeting it reports on: `全省2018科技工作会议`,
/// `2025年全市科技工作会议` (a year followed, within a few characters, by 会议). That year
/// resolves 今年.
fn meeting_year(t: &[char]) -> Option<i32> {
    let mut found: Option<i32> = None;
    let mut i = 0;
    while i + 4 < t.len() {
        if let Some((Some(y), e, _)) = year_token(t, i) {
            let mut k = if t.get(e) == Some(&'年') { e + 1 } else { e };
            let stop = (k + 10).min(t.len());
            while k + 1 < stop && crate::normalize::is_han(t[k]) {
                if t[k] == '会' && t[k + 1] == '议' {
                    match found {
                        Some(f) if f != y => return None,
                        _ => found = Some(y),
                    }
                    break;
                }
                k += 1;
            }
            i = e;
            continue;
        }
        i += 1;
    }
    found
}

/// The year of a work plan a report announces: `部署了2018年工作`, `2025年工作要点`,
/// `2009年各项目标任务`. Unless it is reviewed (总结, 回顾), it is a target year that dates the
/// paragraphs that follow.
fn work_years(t: &[char], out: &mut [YearMarker]) {
    for m in out.iter_mut() {
        if m.year.is_none() || m.fyp || m.end != m.start + 5 || t.get(m.end - 1) != Some(&'年') {
            continue;
        }
        let tail: String = t[m.end..(m.end + 8).min(t.len())].iter().collect();
        let tail = tail
            .trim_start_matches(['的', '各'])
            .trim_start_matches("各项");
        let work = [
            "工作",
            "重点工作",
            "目标任务",
            "主要目标",
            "工作目标",
            "工作要点",
            "工作任务",
        ]
        .iter()
        .any(|w| tail.starts_with(w));
        if !work {
            continue;
        }
        let head: String = t[m.start.saturating_sub(8)..m.start].iter().collect();
        if ["总结", "回顾", "完成", "上年", "去年"]
            .iter()
            .any(|w| head.contains(w))
        {
            continue;
        }
        m.target = true;
        m.work = true;
    }
}

/// A bare year that opens a clause (`2025年,力争…`, `…,2025年常住人口城镇化率达到65%`) sets
/// the horizon of what follows when the sentence states an aim (力争, 确保, 目标, 将…), or when
/// the year is later than the document's own date, or not earlier than the nearest explicit
/// target year (到2025年) of the text. Otherwise it dates a fact (2020年…为2.1%).
fn topic_years(t: &[char], out: &mut [YearMarker], current_year: Option<i32>) {
    let nearest_target = out
        .iter()
        .filter(|m| m.target && !m.fyp)
        .filter_map(|m| m.year)
        .min();
    for m in out.iter_mut() {
        let Some(y) = m.year else { continue };
        if m.target || m.fyp || m.placeholder || m.end != m.start + 5 {
            continue;
        }
        let mut s = m.start;
        while s > 0 && t[s - 1] == ' ' {
            s -= 1;
        }
        let opens = s == 0 || matches!(t[s - 1], '\n' | '。' | ',' | ';' | ':' | '!' | ')');
        let next = t.get(m.end).copied().unwrap_or('\n');
        let bad_next = matches!(
            next,
            '度' | '以'
                | '来'
                | '起'
                | '的'
                | '-'
                | '—'
                | '~'
                | '至'
                | '到'
                | '和'
                | '、'
                | '与'
                | '及'
                | '比'
        );
        if !opens || bad_next {
            continue;
        }
        // the sentence the year opens
        let mut e = m.end;
        while e < t.len() && e < m.end + 400 && !matches!(t[e], '。' | '\n' | '!' | '?') {
            e += 1;
        }
        let sentence: String = t[m.end..e].iter().collect();
        let cue = ["力争", "争取", "确保", "目标", "预计", "计划", "努力", "将"]
            .iter()
            .any(|w| sentence.contains(w));
        let past = [
            "已",
            "同比",
            "比上年",
            "较上年",
            "完成了",
            "实现了",
            "达到了",
        ]
        .iter()
        .any(|w| sentence.contains(w));
        let later_than_doc = current_year.is_some_and(|c| y > c);
        let at_horizon = nearest_target.is_some_and(|l| y >= l);
        if !past && (cue || later_than_doc || at_horizon) {
            m.target = true;
        }
    }
}

fn scan_markers(t: &[char], current_year: Option<i32>) -> Vec<YearMarker> {
    let mut out = Vec::new();
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t[i];
        if c == '1' || c == '2' {
            if let Some((y, e, ph)) = year_token(t, i) {
                if t.get(e) == Some(&'年') {
                    let mut end = e + 1;
                    let mut deadline = false;
                    for suf in [
                        "年底前",
                        "年末前",
                        "底前",
                        "末前",
                        "年底",
                        "年末",
                        "底",
                        "末",
                        "前",
                        "以前",
                    ] {
                        if starts_with(t, end, suf) {
                            end += suf.chars().count();
                            deadline = suf.ends_with('前');
                            break;
                        }
                    }
                    let pre = prefix_before(t, i);
                    let is_range_start = matches!(t.get(e), Some('-' | '—' | '~' | '至' | '到'));
                    let target =
                        (pre.is_some() && pre != Some("于") && pre != Some("在")) || deadline;
                    let start = pre.map(|p| i - p.chars().count()).unwrap_or(i);
                    // 比2020年下降5%: the year of a baseline
                    let baseline = i > 0 && matches!(t[i - 1], '比' | '较');
                    out.push(YearMarker {
                        start,
                        end,
                        year: y,
                        placeholder: ph,
                        target: target && !is_range_start && !baseline,
                        baseline,
                        fyp: false,
                        work: false,
                    });
                    i = end;
                    continue;
                }
                i = e;
                continue;
            }
        }
        if c == '十' {
            if let Some((y, e)) = fyp_token(t, i) {
                let mut k = e;
                if matches!(t.get(k), Some('”' | '"' | '’')) {
                    k += 1;
                }
                let end_marker = ["期末", "末期", "末", "时期末", "规划期末"]
                    .iter()
                    .find(|s| starts_with(t, k, s));
                let mut qs = i;
                if qs > 0 && matches!(t.get(qs - 1), Some('“' | '"' | '‘')) {
                    qs -= 1;
                }
                // 比/较“十二五”末: a baseline
                let baseline = qs > 0
                    && (matches!(t.get(qs - 1), Some('比' | '较'))
                        || (qs > 1 && starts_with(t, qs - 2, "比上")));
                if let Some(m) = end_marker {
                    let end = k + m.chars().count();
                    let pre = prefix_before(t, qs);
                    let start = pre.map(|p| qs - p.chars().count()).unwrap_or(qs);
                    out.push(YearMarker {
                        start,
                        end,
                        year: Some(y),
                        placeholder: false,
                        target: !baseline,
                        baseline,
                        fyp: true,
                        work: false,
                    });
                    i = end;
                    continue;
                }
                i = e;
                continue;
            }
        }
        if (c == '今' || c == '明') && t.get(i + 1) == Some(&'年') {
            let y = current_year.map(|y| if c == '明' { y + 1 } else { y });
            out.push(YearMarker {
                start: i,
                end: i + 2,
                year: y,
                placeholder: false,
                target: true,
                baseline: false,
                fyp: false,
                work: false,
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}
