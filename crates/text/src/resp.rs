//! Responsibility clauses: who leads (牵头), who cooperates (配合), shared duty (按职责分工负责).

/// Parsed responsibility.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responsibility {
    /// Lead units (牵头), or all units for shared duty.
    pub lead: Vec<String>,
    /// Cooperating units (配合), and the units that 负责落实.
    pub cooperating: Vec<String>,
    /// True for 按职责分工负责 and for bare lists of several units.
    pub joint: bool,
}

const ORG_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "办",
    "厅",
    "部",
    "院",
    "会",
    "所",
    "司",
    "团",
    "政府",
    "位",
    "组",
    "室",
    "县",
    "市",
    "区",
    "旗",
    "镇",
    "乡",
    "街道",
    "行",
    "处",
    "科",
    "站",
    "队",
    "校",
    "馆",
    "台",
    "社",
    "联",
    "中心",
    "集团",
    "公司",
    "大学",
    "学院",
    "党委",
    "管委会",
    "海关",
    "园",
    "署",
    "盟",
    "州",
    "关",
    "省",
    "厂",
    "库",
    "协",
    "部门",
    "专班",
];

/// True when `name` looks like the name of a unit (department, government, zone, company).
pub fn looks_like_org(name: &str) -> bool {
    let n = name.chars().count();
    if !(2..=36).contains(&n) {
        return false;
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '。' | ',' | ';' | ':' | '"' | '“' | '”' | '%' | '《' | '》'
        )
    }) || name.chars().filter(|c| c.is_ascii_digit()).count() > 0
    {
        return false;
    }
    let han = name
        .chars()
        .filter(|c| crate::normalize::is_han(*c))
        .count();
    if han * 2 < n {
        return false;
    }
    // strip trailing parentheticals: 各县(市、区)政府(管委会) → 各县(市、区)政府
    let mut s = name.to_string();
    while s.ends_with(')') {
        match s.rfind('(') {
            Some(p) if p > 0 => s.truncate(p),
            _ => break,
        }
    }
    // collective units: 各项目实施主体, 各交通行业企业, 有关部门, 相关高校
    if ["各", "有关", "相关"].iter().any(|p| s.starts_with(p))
        && [
            "企业", "主体", "单位", "部门", "机构", "高校", "学校", "医院", "公司", "银行",
        ]
        .iter()
        .any(|w| s.ends_with(w))
    {
        return true;
    }
    for bad in [
        "企业", "高校", "机构", "人才", "项目", "平台", "基地", "产业", "技术", "工作",
    ] {
        if s.ends_with(bad) {
            return false;
        }
    }
    ORG_SUFFIXES.iter().any(|suf| s.ends_with(suf))
}

/// Split a list of names on 、 , ; (never inside parentheses); drop a trailing 等.
pub fn split_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '〔' | '[' => {
                depth += 1;
                cur.push(c);
            }
            ')' | '〕' | ']' => {
                depth -= 1;
                cur.push(c);
            }
            '、' | ',' | ';' | '/' if depth <= 0 => {
                push_name(&mut out, &cur);
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    push_name(&mut out, &cur);
    out
}

fn push_name(out: &mut Vec<String>, raw: &str) {
    let mut s = raw
        .trim()
        .trim_matches(|c: char| c == ' ' || c == '\t' || c == '。' || c == '.')
        .to_string();
    for pre in ["由", "分别由", "各由"] {
        if let Some(r) = s.strip_prefix(pre) {
            s = r.to_string();
        }
    }
    loop {
        let before = s.len();
        for suf in ["等单位", "等部门", "等"] {
            if let Some(r) = s.strip_suffix(suf) {
                s = r.to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    if !s.is_empty() && !out.contains(&s) {
        out.push(s);
    }
}

fn top_level_split(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '〔' | '[' => {
                depth += 1;
                cur.push(c);
            }
            ')' | '〕' | ']' => {
                depth -= 1;
                cur.push(c);
            }
            ',' | ';' | '。' | '\t' if depth <= 0 => {
                if !cur.trim().is_empty() {
                    out.push(cur.trim().to_string());
                }
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Role a label or a role word gives to the units it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// 牵头, 主责, 主办: the lead.
    Lead,
    /// 配合, 协办, 参与, 协助: cooperating units.
    Coop,
    /// 责任单位, 实施单位, 承担单位: responsible units without a lead/cooperating split.
    Resp,
}

/// Read a label such as `牵头单位:`, `牵头考核单位:`, `配合部门:`, `责任单位:` at the start of a
/// segment: a short run of Han characters ending in a unit word (单位, 部门, 处室, 主体),
/// followed by a colon or a space. The role comes from the words inside the label. Labels
/// that name people (领导, 联系人, 责任人) give `Err(())`: the segment is skipped.
fn label(seg: &str) -> Option<Result<(Role, &str), ()>> {
    let (pos, sep) = seg
        .char_indices()
        .take(12)
        .find(|(_, c)| matches!(c, ':' | ' '))?;
    let lab = &seg[..pos];
    let rest = seg[pos + sep.len_utf8()..].trim_start_matches([':', ' ']);
    let n = lab.chars().count();
    if !(2..=10).contains(&n) || !lab.chars().all(crate::normalize::is_han) {
        return None;
    }
    if ["领导", "联系人", "责任人", "负责人"]
        .iter()
        .any(|w| lab.contains(w))
    {
        return Some(Err(()));
    }
    if !["单位", "部门", "处室", "主体", "科室", "机构"]
        .iter()
        .any(|w| lab.ends_with(w))
    {
        return None;
    }
    let has = |ws: &[&str]| ws.iter().any(|w| lab.contains(w));
    let role = if has(&["配合", "协办", "参与", "协助", "协同", "协作"]) {
        Role::Coop
    } else if has(&["牵头", "主责", "主办", "负责", "主管"]) {
        Role::Lead
    } else if has(&["责任", "实施", "承担", "承办", "主体"]) {
        Role::Resp
    } else {
        return None;
    };
    Some(Ok((role, rest)))
}

/// True when `s` starts with a responsibility label (`牵头单位:`, `责任部门:`, `牵头考核单位:`).
pub(crate) fn starts_with_label(s: &str) -> bool {
    matches!(label(s), Some(Ok(_)))
}

/// What a role word at the end of a segment (`X牵头`, `Y配合`, `Z负责落实`) does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Lead,
    Coop,
    /// 负责落实, 组织实施: implementers (cooperating when a lead is named).
    Implement,
    /// 负责, possibly with a shared-duty modifier (按职责分工负责).
    Duty,
}

/// Role words, longest first within each family.
const VERBS: [(&str, Verb); 26] = [
    ("牵头负责", Verb::Lead),
    ("牵头抓总", Verb::Lead),
    ("牵头落实", Verb::Lead),
    ("牵头实施", Verb::Lead),
    ("牵头", Verb::Lead),
    ("配合落实", Verb::Coop),
    ("配合实施", Verb::Coop),
    ("配合推进", Verb::Coop),
    ("配合", Verb::Coop),
    ("协助", Verb::Coop),
    ("协办", Verb::Coop),
    ("参与", Verb::Coop),
    ("协同", Verb::Coop),
    ("协作", Verb::Coop),
    ("负责落实", Verb::Implement),
    ("抓好落实", Verb::Implement),
    ("具体落实", Verb::Implement),
    ("组织落实", Verb::Implement),
    ("贯彻落实", Verb::Implement),
    ("落实", Verb::Implement),
    ("组织实施", Verb::Implement),
    ("具体实施", Verb::Implement),
    ("推进实施", Verb::Implement),
    ("负责推进", Verb::Duty),
    ("具体负责", Verb::Duty),
    ("负责", Verb::Duty),
];

/// Modifiers between the unit names and the role word: 按职责分工, 共同, 分别, 等.
/// Returns the names with the modifiers removed and whether a shared-duty modifier was seen.
fn strip_modifiers(mut s: &str) -> (&str, bool) {
    let mut shared = false;
    loop {
        let before = s.len();
        for m in [
            "按照职责分工",
            "根据职责分工",
            "按职责分工",
            "按职能分工",
            "按照职责",
            "根据职责",
            "按职责",
            "依职责",
            "分工",
            "共同",
            "分别",
            "各自",
            "具体",
            "要",
            "等单位",
            "等部门",
            "等",
        ] {
            if let Some(r) = s.strip_suffix(m) {
                shared |= !matches!(m, "具体" | "要" | "等单位" | "等部门" | "等");
                s = r;
            }
        }
        if s.len() == before {
            return (s, shared);
        }
    }
}

/// A segment `names + role word`, e.g. `市科技局、市财政局按职责分工负责`.
fn role_suffix(seg: &str) -> Option<(Verb, Vec<String>, bool)> {
    for (w, v) in VERBS {
        if let Some(n) = seg.strip_suffix(w) {
            let (names, shared) = strip_modifiers(n);
            let names = split_names(names);
            if names.is_empty() {
                return None;
            }
            return Some((v, names, shared));
        }
    }
    None
}

/// Parse the inside of a responsibility clause with a small grammar:
///
/// ```text
/// clause  := segment { (, | ; | 。 | tab) segment }
/// segment := label ':' names          牵头单位:X / 配合部门:Y / 责任单位:A、B / 牵头考核单位:X
///          | names modifier* role     X牵头 / Y、Z按职责分工配合 / A、B按职责分工负责 / W负责落实
///          | names                    a bare list
///          | anything else            deadlines (6月底完成), notes (下同) — skipped
/// names   := name { (、 | , | /) name }      never split inside brackets: 各县(市、区)政府
/// ```
///
/// Roles: 牵头 → `lead`; 配合/协办/参与 → `cooperating`; 负责落实 → `cooperating` when a lead is
/// named (else lead); 按职责分工负责 → `cooperating` after a 牵头 lead, else every unit leads
/// with `joint`; a bare list of several units is `joint` unless `first_is_lead` (a rule such as
/// 列第一位者为牵头单位) makes the first one the lead. Several 牵头 units are co-leads.
/// Returns `None` when the text does not name units.
pub fn parse_clause(inner: &str, first_is_lead: bool) -> Option<Responsibility> {
    let mut first_is_lead = first_is_lead;
    let mut lead: Vec<String> = Vec::new();
    let mut coop: Vec<String> = Vec::new();
    let mut implement: Vec<String> = Vec::new();
    let mut duty: Vec<(Vec<String>, bool)> = Vec::new();
    let mut bare: Vec<String> = Vec::new();
    let mut labelled_resp = false;
    let mut marked = false;
    for seg in top_level_split(inner) {
        let seg = seg.trim();
        // notes such as "列第一位的为牵头单位" or "下同"
        if ["第一位", "首位", "下同", "同上", "排名"]
            .iter()
            .any(|w| seg.contains(w))
        {
            if seg.contains("牵头") && (seg.contains("第一") || seg.contains("首位")) {
                first_is_lead = true;
            }
            continue;
        }
        // deadlines and notes that share the clause are not units
        if [
            "完成时限",
            "完成时间",
            "时限",
            "时间",
            "进度",
            "备注",
            "完成期限",
        ]
        .iter()
        .any(|l| seg.starts_with(l))
        {
            continue;
        }
        let mut body = seg;
        let mut role = None;
        match label(seg) {
            Some(Err(())) => continue,
            Some(Ok((r, rest))) => {
                marked = true;
                role = Some(r);
                body = rest;
            }
            None => {}
        }
        match role {
            Some(Role::Lead) => lead.extend(split_names(strip_modifiers(body).0)),
            Some(Role::Coop) => coop.extend(split_names(strip_modifiers(body).0)),
            Some(Role::Resp) | None => {
                if let Some((v, names, shared)) = role_suffix(body) {
                    marked = true;
                    match v {
                        Verb::Lead => lead.extend(names),
                        Verb::Coop => coop.extend(names),
                        Verb::Implement => implement.extend(names),
                        Verb::Duty => duty.push((names, shared)),
                    }
                } else {
                    labelled_resp |= role == Some(Role::Resp);
                    bare.extend(split_names(body));
                }
            }
        }
    }
    // in a marked clause, pieces that are not unit names are deadlines or notes
    if marked {
        bare.retain(|n| looks_like_org(n.trim_end_matches("(牵头)")));
    }
    let all: Vec<String> = lead
        .iter()
        .chain(coop.iter())
        .chain(implement.iter())
        .chain(duty.iter().flat_map(|d| d.0.iter()))
        .chain(bare.iter())
        .map(|n| n.trim_end_matches("(牵头)").to_string())
        .collect();
    if all.is_empty() {
        return None;
    }
    let orgish = all.iter().filter(|n| looks_like_org(n)).count();
    if marked || labelled_resp {
        if orgish * 2 < all.len() || orgish == 0 {
            return None;
        }
    } else if orgish < all.len() {
        return None;
    }
    let mut r = Responsibility::default();
    let has_lead = !lead.is_empty();
    r.lead = lead;
    r.cooperating = coop;
    for (names, shared) in duty {
        if has_lead {
            r.cooperating.extend(names);
        } else {
            r.joint |= shared || names.len() > 1;
            r.lead.extend(names);
        }
    }
    if r.lead.is_empty() && implement.len() == 1 && r.cooperating.is_empty() {
        r.lead.append(&mut implement);
    }
    r.cooperating.extend(implement);
    // 市科技局(牵头)、市财政局: the marked name leads, the rest cooperate
    if bare.iter().any(|b| b.ends_with("(牵头)")) {
        for b in std::mem::take(&mut bare) {
            match b.strip_suffix("(牵头)") {
                Some(l) => r.lead.push(l.to_string()),
                None => r.cooperating.push(b),
            }
        }
    }
    if !bare.is_empty() {
        if r.lead.is_empty() && r.cooperating.is_empty() {
            if first_is_lead && bare.len() > 1 {
                r.lead.push(bare.remove(0));
                r.cooperating.extend(bare);
            } else {
                r.joint = bare.len() > 1;
                r.lead.extend(bare);
            }
        } else if r.lead.is_empty() {
            r.lead.extend(bare);
        } else {
            r.cooperating.extend(bare);
        }
    }
    dedupe(&mut r.lead);
    dedupe(&mut r.cooperating);
    let lead = r.lead.clone();
    r.cooperating.retain(|c| !lead.contains(c));
    Some(r)
}

fn dedupe(v: &mut Vec<String>) {
    let mut seen = Vec::new();
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(x.clone());
            true
        }
    });
}

/// Find the matching opening bracket for the closing bracket at `close`.
pub(crate) fn match_open(t: &[char], close: usize, floor: usize) -> Option<usize> {
    let (o, c) = match t.get(close)? {
        ')' => ('(', ')'),
        '〕' => ('〔', '〕'),
        ']' => ('[', ']'),
        '】' => ('【', '】'),
        _ => return None,
    };
    let mut depth = 0i32;
    let mut k = close;
    loop {
        let ch = t[k];
        if ch == c {
            depth += 1;
        } else if ch == o {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        } else if ch == '\n' || close - k > 400 {
            return None;
        }
        if k == floor || k == 0 {
            return None;
        }
        k -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn p(s: &str) -> Responsibility {
        parse_clause(s, false).expect(s)
    }
    #[test]
    fn forms() {
        let r = p("市科技局牵头,市财政局配合");
        assert_eq!(
            (r.lead, r.cooperating, r.joint),
            (
                vec!["市科技局".to_string()],
                vec!["市财政局".to_string()],
                false
            )
        );
        let r = p("市科技局、市农业农村局按职责分工负责");
        assert_eq!(r.lead.len(), 2);
        assert!(r.joint);
        let r = p("市科技局牵头,各县(市、区)政府(管委会)负责落实");
        assert_eq!(r.cooperating, vec!["各县(市、区)政府(管委会)".to_string()]);
        assert!(!r.joint);
        let r = p("牵头单位:市发展改革委;配合单位:市财政局、市统计局");
        assert_eq!(r.lead, vec!["市发展改革委".to_string()]);
        assert_eq!(r.cooperating.len(), 2);
        let r = p("市高新区管委会牵头,市发改委、科技局等配合");
        assert_eq!(
            r.cooperating,
            vec!["市发改委".to_string(), "科技局".to_string()]
        );
        let r = p("市教育局、市人社局");
        assert!(r.joint);
        let r = parse_clause("市教育局、市人社局、市财政局", true).expect("rule");
        assert_eq!((r.lead.len(), r.cooperating.len(), r.joint), (1, 2, false));
        assert!(parse_clause("R&D", false).is_none());
        assert!(parse_clause("含高新技术企业", false).is_none());
        assert!(parse_clause("市、区", false).is_none());
        let r = p("市科技局(牵头)、市财政局、市统计局");
        assert_eq!((r.lead.len(), r.cooperating.len(), r.joint), (1, 2, false));
        let r = parse_clause(
            "责任单位:市科技局、市财政局、市税务局,列第一位的为牵头单位,下同",
            false,
        )
        .expect("note");
        assert_eq!((r.lead.len(), r.cooperating.len(), r.joint), (1, 2, false));
        let r = p("责任单位:市科技局、市财政局;完成时限:2025年底");
        assert_eq!((r.lead.len(), r.joint), (2, true));
        // labels are read by their role word; a deadline in the same bracket is skipped
        let r = p("5月底取得明显成效并持续推进,牵头考核单位:市审批服务局、市公安局");
        assert_eq!((r.lead.len(), r.cooperating.len(), r.joint), (2, 0, false));
        // modifiers between the names and the role word
        let r = p("省商务厅牵头,省外办、省贸促会按职责分工配合");
        assert_eq!(
            r.cooperating,
            vec!["省外办".to_string(), "省贸促会".to_string()]
        );
        let r = p("省乡村振兴局牵头,有关部门按职责分工负责");
        assert_eq!(
            (r.lead.len(), r.cooperating.clone(), r.joint),
            (1, vec!["有关部门".to_string()], false)
        );
        let r = p("省发展改革委、省自然资源厅牵头,省水利厅等按照职责分工负责");
        assert_eq!((r.lead.len(), r.cooperating.len(), r.joint), (2, 1, false));
        // collective units under a label; a unit whose name contains 牵头单位
        let r = p("责任单位:市交通委、各区政府、各项目实施主体");
        assert_eq!((r.lead.len(), r.joint), (3, true));
        let r = p("省推进组工作专班牵头单位牵头,省推进组工作专班成员单位按职责分工配合");
        assert_eq!(r.lead, vec!["省推进组工作专班牵头单位".to_string()]);
        assert!(parse_clause("联系人:张三", false).is_none());
    }
}
