//! Heading hierarchy: numbering styles, logical lines, section classes.

use crate::quantity::{is_digit, starts_with};

/// Numbering style of a heading or item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Chapter,
    Section,
    Column,
    CnComma,
    CnParen,
    NumDot,
    NumComma,
    NumParen,
    NumHalfParen,
    Circled,
}

/// Kind of section a node belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionClass {
    /// 基础, 现状, 优势, 制约因素: facts about the past.
    Background,
    /// 指导思想, 基本原则, 工作思路, 总体要求.
    Guiding,
    /// 目标 sections: goal lists.
    Goals,
    /// 主要任务, 重点任务, 重点工作: task lists.
    Tasks,
    /// 保障措施.
    Safeguards,
    /// 进度安排, 实施步骤.
    Schedule,
    /// Anything else.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub style: Style,
    pub number: String,
    /// Offset of the numbering marker.
    pub start: usize,
    /// Offset after the marker (and following spaces).
    pub body: usize,
    /// End of the node's first logical line.
    pub line_end: usize,
    /// End of the node's content (start of the next node or part end).
    pub end: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub part: usize,
    pub own_class: Option<SectionClass>,
}

#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub name: Option<String>,
    pub start: usize,
    pub end: usize,
    pub has_task_section: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    pub nodes: Vec<Node>,
    pub parts: Vec<Part>,
    /// Logical lines (start, end) in char offsets.
    pub lines: Vec<(usize, usize)>,
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

fn is_cn_digit(c: char) -> bool {
    CN_DIGITS.contains(c)
}

pub(crate) fn circled_value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x2776..=0x277F => Some(u - 0x2776 + 1),
        _ => None,
    }
}

/// Detect a numbering marker at `i` (line start after spaces). Returns (style, number, body start).
pub(crate) fn detect_marker(t: &[char], i: usize, end: usize) -> Option<(Style, String, usize)> {
    let get = |k: usize| if k < end { t.get(k).copied() } else { None };
    let c = get(i)?;
    let skip_sp = |mut k: usize| {
        while k < end && matches!(t.get(k), Some(' ' | '\t')) {
            k += 1;
        }
        k
    };
    if c == '第' {
        let mut k = i + 1;
        while get(k).is_some_and(|c| is_cn_digit(c) || is_digit(c)) {
            k += 1;
        }
        if k > i + 1 && k - i <= 5 {
            let num: String = t[i + 1..k].iter().collect();
            match get(k) {
                Some('章') | Some('篇') | Some('部') => {
                    return Some((Style::Chapter, num, skip_sp(k + 1)))
                }
                Some('节') => return Some((Style::Section, num, skip_sp(k + 1))),
                _ => {}
            }
        }
        return None;
    }
    if starts_with(t, i, "专栏") {
        let mut k = skip_sp(i + 2);
        let s = k;
        while get(k).is_some_and(|c| is_digit(c) || is_cn_digit(c)) {
            k += 1;
        }
        if k > s {
            let num: String = t[s..k].iter().collect();
            let mut b = k;
            if matches!(get(b), Some(':' | '、' | '.')) {
                b += 1;
            }
            return Some((Style::Column, num, skip_sp(b)));
        }
        return None;
    }
    let u = c as u32;
    if (0x2474..=0x2487).contains(&u) {
        return Some((
            Style::NumParen,
            (u - 0x2474 + 1).to_string(),
            skip_sp(i + 1),
        ));
    }
    if (0x2488..=0x249B).contains(&u) {
        return Some((Style::NumDot, (u - 0x2488 + 1).to_string(), skip_sp(i + 1)));
    }
    if (0x3220..=0x3229).contains(&u) {
        const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
        return Some((
            Style::CnParen,
            CN[(u - 0x3220) as usize].to_string(),
            skip_sp(i + 1),
        ));
    }
    if let Some(v) = circled_value(c) {
        return Some((Style::Circled, v.to_string(), skip_sp(i + 1)));
    }
    if c == '(' {
        let mut k = i + 1;
        let cn = get(k).is_some_and(is_cn_digit);
        while get(k).is_some_and(|c| if cn { is_cn_digit(c) } else { is_digit(c) }) {
            k += 1;
        }
        if k > i + 1 && k - i <= 4 && get(k) == Some(')') {
            let num: String = t[i + 1..k].iter().collect();
            // (2022-2024年) and the like are not markers: handled by the length limit
            return Some((
                if cn { Style::CnParen } else { Style::NumParen },
                num,
                skip_sp(k + 1),
            ));
        }
        return None;
    }
    if is_cn_digit(c) {
        let mut k = i;
        while get(k).is_some_and(is_cn_digit) {
            k += 1;
        }
        let dot_heading =
            get(k) == Some('.') && get(k + 1).is_some_and(|c| !is_digit(c) && c != '%');
        if k - i <= 3 && (get(k) == Some('、') || dot_heading) {
            let num: String = t[i..k].iter().collect();
            return Some((Style::CnComma, num, skip_sp(k + 1)));
        }
        return None;
    }
    if is_digit(c) {
        let mut k = i;
        while get(k).is_some_and(is_digit) {
            k += 1;
        }
        if k - i > 2 {
            return None;
        }
        let num: String = t[i..k].iter().collect();
        let next = get(k + 1);
        match get(k) {
            Some('.') if !next.is_some_and(|c| is_digit(c) || c == '%') => {
                return Some((Style::NumDot, num, skip_sp(k + 1)))
            }
            Some('、') => return Some((Style::NumComma, num, skip_sp(k + 1))),
            Some(')') => return Some((Style::NumHalfParen, num, skip_sp(k + 1))),
            _ => {}
        }
    }
    None
}

fn numeral_value(s: &str) -> Option<u32> {
    if let Ok(v) = s.parse::<u32>() {
        return Some(v);
    }
    crate::quantity::parse_cn_numeral(s).map(|v| v as u32)
}

fn cn_of(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n - 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn marker_text(style: Style, n: u32) -> Option<String> {
    Some(match style {
        Style::NumDot => format!("{n}."),
        Style::NumComma => format!("{n}、"),
        Style::NumParen => format!("({n})"),
        Style::NumHalfParen => format!("{n})"),
        Style::CnParen => format!("({})", cn_of(n)),
        Style::CnComma => format!("{}、", cn_of(n)),
        Style::Circled => char::from_u32(0x2460 + n - 1)?.to_string(),
        _ => return None,
    })
}

/// Classify a heading title.
pub(crate) fn classify(title: &str, leaf: bool) -> Option<SectionClass> {
    let t = title.trim_end_matches(['。', ':', ';', ' ', '.']);
    if t.is_empty() || t.ends_with('?') || t.contains('?') {
        return None;
    }
    let n = t.chars().count();
    if t.contains(',') || n > 20 {
        // an action phrase ("夯实创新发展基础"), not a section name, except stage headings
        if t.contains("阶段") && (t.contains('年') || t.contains("20")) {
            return Some(SectionClass::Schedule);
        }
        return None;
    }
    let any = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    let ends = |ws: &[&str]| ws.iter().any(|w| t.ends_with(w));
    if any(&[
        "保障措施",
        "保障机制",
        "组织保障",
        "保障体系",
        "组织实施",
        "实施保障",
        "保证措施",
        "支撑保障",
        "保障系统",
    ]) || (t.contains("保障") && n <= 12 && !leaf)
        || (t == "附则" && !leaf)
        || (t.contains("措施") && t.contains("保障"))
        || (!leaf && ["工作要求", "组织领导"].contains(&t))
    {
        return Some(SectionClass::Safeguards);
    }
    if any(&[
        "进度安排",
        "实施步骤",
        "时间安排",
        "步骤安排",
        "进度计划",
        "实施进度",
        "工作步骤",
        "推进步骤",
    ]) || (t.ends_with("阶段") && n <= 16)
    {
        return Some(SectionClass::Schedule);
    }
    if leaf {
        if ends(&["目标", "指标"]) && n <= 8 {
            return Some(SectionClass::Goals);
        }
        if any(&["指导思想", "基本原则", "工作思路", "总体思路", "总体要求"]) && n <= 10
        {
            return Some(SectionClass::Guiding);
        }
        return None;
    }
    if ends(&["目标", "指标", "目标任务"])
        || any(&[
            "主要目标",
            "发展目标",
            "工作目标",
            "试点目标",
            "建设目标",
            "具体目标",
            "预期目标",
            "总体目标",
        ])
    {
        if any(&["主要任务", "重点任务"]) && !t.ends_with("目标") {
            return Some(SectionClass::Tasks);
        }
        return Some(SectionClass::Goals);
    }
    if any(&[
        "指导思想",
        "基本原则",
        "工作思路",
        "总体思路",
        "总体要求",
        "指导方针",
        "基本思路",
        "发展思路",
        "总体考虑",
    ]) {
        return Some(SectionClass::Guiding);
    }
    if any(&[
        "任务",
        "重点工作",
        "主要工作",
        "推进的工作",
        "主要举措",
        "重点举措",
        "工作措施",
        "具体措施",
        "主要措施",
        "重点项目",
        "重点工程",
        "重大工程",
        "行动计划",
        "工作安排",
        "工作重点",
        "重点领域",
        "举措",
        "建设内容",
        "重大项目",
        "专项行动",
    ]) || (t.ends_with("行动") && n <= 12)
    {
        return Some(SectionClass::Tasks);
    }
    if ends(&[
        "基础",
        "现状",
        "优势",
        "特色",
        "制约因素",
        "因素",
        "形势",
        "背景",
        "基本情况",
        "问题",
        "成绩",
        "成效",
        "成就",
        "进展",
        "回顾",
        "总结",
        "条件",
        "机遇",
        "挑战",
        "意义",
        "必要性",
    ]) && n <= 16
    {
        return Some(SectionClass::Background);
    }
    None
}

fn is_part_marker(t: &[char], i: usize, end: usize) -> Option<String> {
    if t.get(i) != Some(&'篇') {
        return None;
    }
    let mut k = i + 1;
    while k < end && t.get(k).is_some_and(|c| is_cn_digit(*c) || is_digit(*c)) {
        k += 1;
    }
    if k > i + 1 && k - i <= 4 && matches!(t.get(k), Some(':' | '、' | ' ' | '.')) {
        return Some(t[i..k].iter().collect());
    }
    None
}

/// Build the outline of a text.
pub(crate) fn build(t: &[char]) -> Outline {
    let mut out = Outline::default();
    // physical lines
    let mut phys = Vec::new();
    let mut s = 0usize;
    for (k, c) in t.iter().enumerate() {
        if *c == '\n' {
            phys.push((s, k));
            s = k + 1;
        }
    }
    if s < t.len() {
        phys.push((s, t.len()));
    }
    out.parts.push(Part {
        name: None,
        start: 0,
        end: t.len(),
        has_task_section: false,
    });
    let mut stack: Vec<usize> = Vec::new(); // node indices
    let mut last_num: Vec<(Style, u32, Option<usize>)> = Vec::new(); // last sibling number per style & parent
    let mut queue: std::collections::VecDeque<(usize, usize)> = phys.into_iter().collect();
    while let Some((ls, le)) = queue.pop_front() {
        let mut i = ls;
        while i < le && matches!(t[i], ' ' | '\t' | '\u{3000}') {
            i += 1;
        }
        if i >= le {
            out.lines.push((ls, le));
            continue;
        }
        if let Some(name) = is_part_marker(t, i, le) {
            if let Some(p) = out.parts.last_mut() {
                p.end = ls;
            }
            out.parts.push(Part {
                name: Some(name),
                start: ls,
                end: t.len(),
                has_task_section: false,
            });
            stack.clear();
            last_num.clear();
            out.lines.push((ls, le));
            continue;
        }
        let part = out.parts.len() - 1;
        let mut line_end = le;
        if let Some((style, number, body)) = detect_marker(t, i, le) {
            // pop the stack to the level of this style
            let pos = stack.iter().position(|&n| out.nodes[n].style == style);
            match style {
                Style::Chapter => stack.clear(),
                Style::Column => {
                    // a box (专栏) is attached to the item it follows: it closes the previous
                    // box, and the item's numbering continues after it
                    if let Some(p) = stack
                        .iter()
                        .position(|&n| out.nodes[n].style == Style::Column)
                    {
                        stack.truncate(p);
                    }
                }
                Style::Section => {
                    if let Some(p) = stack
                        .iter()
                        .position(|&n| out.nodes[n].style == Style::Section)
                    {
                        stack.truncate(p);
                    } else if let Some(p) = stack
                        .iter()
                        .position(|&n| out.nodes[n].style == Style::Chapter)
                    {
                        stack.truncate(p + 1);
                    }
                }
                _ => {
                    if let Some(p) = pos {
                        stack.truncate(p);
                    }
                }
            }
            let parent = stack.last().copied();
            let idx = out.nodes.len();
            // inline continuation: "。3.进一步…" inside the same physical line
            if let Some(v) = numeral_value(&number) {
                if let Some(next) = marker_text(style, v + 1) {
                    if let Some(split) = find_inline(t, body, le, &next) {
                        line_end = split;
                        queue.push_front((split, le));
                    }
                }
                last_num.retain(|(s, _, p)| !(*s == style && *p == parent));
                last_num.push((style, v, parent));
            }
            out.nodes.push(Node {
                style,
                number,
                start: i,
                body,
                line_end,
                end: t.len(),
                parent,
                children: Vec::new(),
                part,
                own_class: None,
            });
            // a box is not a child of the item it follows: that item stays a leaf
            if let (Some(p), false) = (parent, style == Style::Column) {
                out.nodes[p].children.push(idx);
            }
            stack.push(idx);
        } else {
            // unnumbered line: look for an inline continuation of an open list
            let mut best: Option<usize> = None;
            for &n in stack.iter().rev() {
                let node = &out.nodes[n];
                if let Some(v) = numeral_value(&node.number) {
                    if let Some(next) = marker_text(node.style, v + 1) {
                        if let Some(split) = find_inline(t, i, le, &next) {
                            best = Some(best.map_or(split, |b: usize| b.min(split)));
                        }
                    }
                }
            }
            if let Some(split) = best {
                line_end = split;
                queue.push_front((split, le));
            }
        }
        out.lines.push((ls, line_end));
    }
    // node ends: start of the next node in the same part, or part end
    let n = out.nodes.len();
    for k in 0..n {
        let part_end = out
            .parts
            .get(out.nodes[k].part)
            .map(|p| p.end)
            .unwrap_or(t.len());
        let next_start = out
            .nodes
            .get(k + 1)
            .filter(|m| m.part == out.nodes[k].part)
            .map(|m| m.start);
        let line_end = out.nodes[k].line_end;
        out.nodes[k].end = next_start.unwrap_or(part_end).max(line_end);
    }
    for k in 0..n {
        // chapters and sections (第一章, 第一节) are headings, never items, even when empty
        let leaf = out.nodes[k].children.is_empty()
            && out.nodes[k].parent.is_some()
            && !matches!(out.nodes[k].style, Style::Chapter | Style::Section);
        let title = title_of(t, &out.nodes[k]);
        let mut c = classify(&title, leaf);
        if out.nodes[k].style == Style::Column && c.is_none() {
            c = None;
        }
        out.nodes[k].own_class = c;
        if c == Some(SectionClass::Tasks) {
            let p = out.nodes[k].part;
            if let Some(part) = out.parts.get_mut(p) {
                part.has_task_section = true;
            }
        }
    }
    out.lines.sort();
    out
}

fn find_inline(t: &[char], from: usize, to: usize, marker: &str) -> Option<usize> {
    let m: Vec<char> = marker.chars().collect();
    let mut k = from;
    while k + m.len() < to {
        if matches!(t[k], '。' | ';' | '!') && starts_with(t, k + 1, marker) {
            let after = t.get(k + 1 + m.len()).copied();
            if after.is_some_and(|c| !is_digit(c) && c != '%') {
                return Some(k + 1);
            }
        }
        k += 1;
    }
    None
}

/// Title of a node: text after the marker up to the first 。 (or line end).
pub(crate) fn title_range(t: &[char], node: &Node) -> (usize, usize) {
    let mut e = node.body;
    while e < node.line_end && t[e] != '。' {
        e += 1;
    }
    (node.body, e)
}

pub(crate) fn title_of(t: &[char], node: &Node) -> String {
    let (a, b) = title_range(t, node);
    t[a..b].iter().collect()
}

impl Outline {
    /// Effective class of a node.
    pub(crate) fn class_of(&self, idx: usize) -> SectionClass {
        let mut cur = Some(idx);
        while let Some(k) = cur {
            let node = &self.nodes[k];
            if let Some(c) = node.own_class {
                return c;
            }
            cur = node.parent;
        }
        // default: in a part without an explicit task section, items below an unnamed
        // top-level heading are the document's measures
        let node = &self.nodes[idx];
        let has_tasks = self
            .parts
            .get(node.part)
            .is_some_and(|p| p.has_task_section);
        if !has_tasks && node.parent.is_some() {
            return SectionClass::Tasks;
        }
        if !has_tasks && !node.children.is_empty() {
            return SectionClass::Tasks;
        }
        // an unnamed top-level section between the task section and the safeguards
        // ("三、主要任务 四、深化科技体制改革 五、保障措施") continues the task list
        if has_tasks && (node.parent.is_some() || !node.children.is_empty()) {
            let mut top = idx;
            while let Some(p) = self.nodes[top].parent {
                top = p;
            }
            let part = node.part;
            let tops = self.nodes.iter().enumerate().filter(|(_, n)| {
                n.part == part && n.parent.is_none() && n.style == self.nodes[top].style
            });
            let mut after_tasks = false;
            for (k, n) in tops {
                if k == top {
                    return if after_tasks {
                        SectionClass::Tasks
                    } else {
                        SectionClass::Other
                    };
                }
                match n.own_class {
                    Some(SectionClass::Tasks) => after_tasks = true,
                    Some(_) => after_tasks = false,
                    None => {}
                }
            }
        }
        SectionClass::Other
    }

    /// Index of the innermost node containing `off`.
    pub(crate) fn node_at(&self, off: usize) -> Option<usize> {
        // nodes are in document order; the last node starting at or before off whose span covers it
        let k = self.nodes.partition_point(|n| n.start <= off);
        let mut cand = k.checked_sub(1);
        while let Some(c) = cand {
            let n = &self.nodes[c];
            if n.end > off && n.start <= off {
                return Some(c);
            }
            cand = n.parent;
        }
        None
    }

    /// Class at a char offset.
    pub(crate) fn class_at(&self, off: usize) -> SectionClass {
        match self.node_at(off) {
            Some(n) => self.class_of(n),
            None => SectionClass::Other,
        }
    }

    pub(crate) fn part_at(&self, off: usize) -> usize {
        self.parts.iter().rposition(|p| p.start <= off).unwrap_or(0)
    }

    /// Top-most ancestor with the same effective class (the "block" for year scoping).
    pub(crate) fn block_root(&self, idx: usize) -> usize {
        let c = self.class_of(idx);
        let mut cur = idx;
        while let Some(p) = self.nodes[cur].parent {
            if self.class_of(p) != c {
                break;
            }
            cur = p;
        }
        cur
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }
    #[test]
    fn markers() {
        let t = chars("(一)加强领导");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| (m.0, m.1)),
            Some((Style::CnParen, "一".into()))
        );
        let t = chars("1. 高标准");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| (m.0, m.2)),
            Some((Style::NumDot, 3))
        );
        let t = chars("3.3%以上");
        assert!(detect_marker(&t, 0, t.len()).is_none());
        let t = chars("第七章 构建");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| m.0),
            Some(Style::Chapter)
        );
        let t = chars("专栏3 市县");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| (m.0, m.1)),
            Some((Style::Column, "3".into()))
        );
        let t = chars("①推进");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| m.0),
            Some(Style::Circled)
        );
        let t = chars("⑵推进");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| (m.0, m.1)),
            Some((Style::NumParen, "2".into()))
        );
        let t = chars("㈢推进");
        assert_eq!(
            detect_marker(&t, 0, t.len()).map(|m| (m.0, m.1)),
            Some((Style::CnParen, "三".into()))
        );
        let t = chars("(2022-2024年)");
        assert!(detect_marker(&t, 0, t.len()).is_none());
    }
    #[test]
    fn classes() {
        assert_eq!(classify("试点基础", false), Some(SectionClass::Background));
        assert_eq!(classify("搭建高水平创新平台,夯实创新发展基础", false), None);
        assert_eq!(
            classify("主要工作与重点任务", false),
            Some(SectionClass::Tasks)
        );
        assert_eq!(classify("保障措施", false), Some(SectionClass::Safeguards));
        assert_eq!(
            classify("指导思想和工作目标", false),
            Some(SectionClass::Goals)
        );
        assert_eq!(
            classify("六、进度安排", false),
            Some(SectionClass::Schedule)
        );
        assert_eq!(classify("有哪些重点任务?", false), None);
    }
    #[test]
    fn hierarchy_and_inline_items() {
        let t =
            chars("一、主要任务\n(一)甲\n1.子一。内容。2.子二。内容\n(二)乙\n二、保障措施\n(一)丙");
        let o = build(&t);
        let titles: Vec<String> = o.nodes.iter().map(|n| title_of(&t, n)).collect();
        assert_eq!(
            titles,
            vec!["主要任务", "甲", "子一", "子二", "乙", "保障措施", "丙"]
        );
        assert_eq!(o.nodes[3].parent, Some(1));
        assert_eq!(o.nodes[4].parent, Some(0));
        assert_eq!(o.class_of(4), SectionClass::Tasks);
        assert_eq!(o.class_of(6), SectionClass::Safeguards);
    }
}
