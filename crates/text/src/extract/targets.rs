//! Quantitative targets: indicator phrases, shared subjects and the mapping to the library.

use super::*;

pub(super) fn strip_indicator(s: &str) -> String {
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
        // leading item numbers like 47. or 3、
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        if (1..=3).contains(&digits) {
            if let Some(r) = s[digits..].strip_prefix(['.', '、']) {
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

pub(super) fn is_bare_verb(s: &str) -> bool {
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
pub(super) fn strip_disp(ctx: &Ctx, a: usize, b: usize) -> String {
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

pub(super) fn han_count(s: &str) -> usize {
    s.chars().filter(|c| is_han(*c)).count()
}

/// [`split_subject`] decided on simplified characters, the pieces given back in the
/// document's own script (traditional text splits the same way as simplified text).
pub(super) fn split_subject_display(subject: &str) -> Vec<String> {
    let simp = simplify(subject);
    let back: std::collections::HashMap<char, char> = simp.chars().zip(subject.chars()).collect();
    if simp.chars().count() != subject.chars().count() {
        return split_subject(subject);
    }
    split_subject(&simp)
        .into_iter()
        .map(|p| p.chars().map(|c| *back.get(&c).unwrap_or(&c)).collect())
        .collect()
}

/// Split a subject shared by one value: "A和B均", "A、B的普及率", "X申请量和授权量".
pub(super) fn split_subject(subject: &str) -> Vec<String> {
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
    // decided on simplified characters, so traditional text splits the same way
    let metric = |p: &str| {
        let p = simplify(p);
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

/// True when `off` lies inside a numbered item that names its responsible units: the item
/// is a task wherever it sits, so its numbers are commitments without a cue word.
fn in_responsible_item(ctx: &Ctx, owners: &[usize], off: usize) -> bool {
    let mut cur = ctx.o.node_at(off);
    while let Some(k) = cur {
        if owners.binary_search(&ctx.o.nodes[k].start).is_ok() {
            return true;
        }
        cur = ctx.o.nodes[k].parent;
    }
    false
}

/// Find the targets. `tasks` are the document's tasks: numbers inside an item with a
/// responsibility clause need no cue word. `vertical` are the ranges of task tables flattened
/// one cell per line: their stage cells are the tasks' milestones, not plan targets.
pub(super) fn find_targets(ctx: &Ctx, tasks: &[Task], vertical: &[(usize, usize)]) -> Vec<Target> {
    let mut owners: Vec<usize> = tasks
        .iter()
        .filter(|k| k.resp_text.is_some())
        .map(|k| k.offset)
        .collect();
    owners.sort_unstable();
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
            .chain(vertical)
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
            && !in_responsible_item(ctx, &owners, q.start)
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
        // "提升城乡生活垃圾焚烧处理率,2025年达到85%以上": a level with no subject measures
        // the ratio the previous clause of the sentence names
        if han_count(&subject) == 0 && suffix.is_empty() && orig_cs > ss + 1 {
            let pcs = clause_start(t, orig_cs - 1, ss);
            let prev = strip_indicator(&ctx.n.disp(pcs, orig_cs - 1));
            let mut obj = prev.as_str();
            for v in [
                "进一步",
                "持续",
                "大力",
                "着力",
                "提升",
                "提高",
                "降低",
                "扩大",
                "增加",
                "加快",
                "推进",
                "保持",
            ] {
                obj = obj.strip_prefix(v).unwrap_or(obj);
            }
            let simp_obj = simplify(obj);
            let metric = ["率", "比重", "比例", "占比", "强度", "覆盖率"]
                .iter()
                .any(|w| simp_obj.ends_with(w));
            if metric && han_count(obj) >= 3 && !obj.chars().any(|c| c.is_ascii_digit()) {
                subject = obj.to_string();
            }
        }
        let subjects = if han_count(&subject) >= 2 && suffix.is_empty() {
            split_subject_display(&subject)
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

pub(super) fn map_indicators(targets: &mut [Target], lib: &[IndicatorRef]) {
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
