//! Numbered tasks with their responsible units and deadlines.

use super::*;

pub(super) fn trim_end_punct(t: &[char], a: usize, mut b: usize) -> usize {
    while b > a && matches!(t[b - 1], '。' | ';' | '.' | ' ' | '\t' | ',' | '\n') {
        b -= 1;
    }
    b
}

fn label_at(t: &[char], s: usize, e: usize) -> bool {
    let end = e.min(s + 14).min(t.len());
    // cheap test first: a colon or space after a unit word (单位, 部门, 处室, 主体, 机构)
    let Some(p) = (s..end.min(s + 12)).find(|&k| matches!(t[k], ':' | ' ')) else {
        return false;
    };
    if p < s + 2 || !matches!(t[p - 1], '位' | '门' | '室' | '体' | '构') {
        return false;
    }
    let head: String = t[s..end].iter().collect();
    crate::resp::starts_with_label(&head)
}

/// Merge the clauses of one item: leads and cooperating units are united (several
/// `(X负责)` clauses after different sentences make co-leads).
fn merge(into: &mut Responsibility, r: Responsibility) {
    for l in r.lead {
        if !into.lead.contains(&l) {
            into.lead.push(l);
        }
    }
    for c in r.cooperating {
        if !into.cooperating.contains(&c) {
            into.cooperating.push(c);
        }
    }
    into.joint |= r.joint;
    let lead = into.lead.clone();
    into.cooperating.retain(|c| !lead.contains(c));
}

/// Responsibility of an item spanning [a, b): (parsed, clause range).
///
/// Forms, tried in order:
/// 1. labelled lines or paragraphs of their own: `责任单位:X牵头,Y配合`, `牵头单位:X`;
/// 2. bracketed clauses `(X牵头,Y配合)` that close the item, close a sentence, or open a
///    sentence (`。(X负责)巩固…`); several such clauses are merged;
/// 3. a trailing unbracketed `责任单位:A、B。` inside the last paragraph;
/// 4. a last sentence that is only a clause: `…。市科技局牵头,市财政局配合。`.
pub(super) fn find_resp(
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
        // a paragraph of its own in brackets: "(责任单位:市科技局)"
        let bracketed = s < le && matches!(t[s], '(' | '【' | '〔');
        let ls = if bracketed { s + 1 } else { s };
        if s > a && ls < le && label_at(t, ls, le) {
            let mut e = trim_end_punct(t, s, le);
            if bracketed && e > ls && matches!(t[e - 1], ')' | '】' | '〕') {
                e -= 1;
            }
            let inner: String = t[ls..e].iter().collect();
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                merge(&mut combined, r);
                let re = if bracketed { (e + 1).min(le) } else { e };
                range = Some(match range {
                    Some((ra, _)) => (ra, re),
                    None => (s, re),
                });
            }
        }
        k = le + 1;
    }
    if let Some((ra, rb)) = range {
        return Some((combined, ra, rb));
    }
    // 2. bracketed clauses
    let e = trim_end_punct(t, a, b);
    let mut found: Option<(usize, usize)> = None;
    let mut c = a;
    while c < e {
        if matches!(t[c], ')' | '〕' | ']' | '】') {
            let at_end = c + 1 == e;
            let closes = at_end || matches!(t.get(c + 1), Some('。' | ';' | '\n'));
            if let Some(o) = match_open(t, c, a) {
                let opens = o == a || matches!(t[o - 1], '。' | ';' | '\n' | '!');
                if (closes || opens) && c > o + 2 {
                    let inner: String = t[o + 1..c].iter().collect();
                    if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                        merge(&mut combined, r);
                        found = Some(match found {
                            Some((fa, _)) => (fa, c + 1),
                            None => (o, c + 1),
                        });
                    }
                }
            }
        }
        c += 1;
    }
    if let Some((fa, fb)) = found {
        return Some((combined, fa, fb));
    }
    // 3. trailing "责任单位:A、B。" inside the last paragraph
    let last_para = (a..e)
        .rev()
        .find(|&j| t[j] == '\n')
        .map(|j| j + 1)
        .unwrap_or(a);
    let mut j = e.saturating_sub(4);
    while j > last_para {
        if matches!(t[j - 1], '。' | ',' | ';' | '(' | '【' | '〔' | ' ') && label_at(t, j, e) {
            let inner: String = t[j..e].iter().collect();
            if let Some(r) = parse_clause(&inner, ctx.first_is_lead) {
                let o = if matches!(t[j - 1], '(' | '【' | '〔') {
                    j - 1
                } else {
                    j
                };
                return Some((r, o, e));
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

pub(super) fn label_resp(
    ctx: &Ctx,
    body: usize,
    line_end: usize,
) -> Option<(Responsibility, usize, usize)> {
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

pub(super) fn find_deadline(ctx: &Ctx, a: usize, b: usize) -> Option<String> {
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

/// The numbered tasks of the outline, of tab/pipe tables, and `vertical`: the tasks of tables
/// flattened one cell per line with the char ranges of those tables.
pub(super) fn find_tasks(
    ctx: &Ctx,
    doc_truncated: bool,
    vertical: (Vec<Task>, Vec<(usize, usize)>),
) -> Vec<Task> {
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
    // a table flattened one cell per line: its group rows are not items of the outline
    let (vertical, ranges) = vertical;
    out.retain(|k| !ranges.iter().any(|(a, b)| k.offset >= *a && k.offset < *b));
    out.extend(vertical);
    out.sort_by_key(|k| k.offset);
    out
}
