//! Plan phases (阶段): their periods and what each is for.

use super::*;

pub(super) fn find_phases(ctx: &Ctx) -> Vec<Phase> {
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

pub(super) fn t_eq(ctx: &Ctx, p: &Phase, a: usize, b: usize) -> bool {
    p.text == ctx.n.disp(a, b)
}
