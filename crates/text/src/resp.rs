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

const LEAD_LABELS: [&str; 6] = [
    "牵头单位",
    "牵头部门",
    "主办单位",
    "主责单位",
    "牵头领导单位",
    "负责单位",
];
const COOP_LABELS: [&str; 6] = [
    "配合单位",
    "配合部门",
    "协办单位",
    "参与单位",
    "协助单位",
    "协同单位",
];
const RESP_LABELS: [&str; 4] = ["责任单位", "责任部门", "实施单位", "承担单位"];

fn strip_label(seg: &str, labels: &[&str]) -> Option<String> {
    for l in labels {
        if let Some(r) = seg.strip_prefix(l) {
            let r = r.trim_start_matches([':', ':', ' ']);
            return Some(r.to_string());
        }
    }
    None
}

/// Parse the inside of a responsibility clause, e.g. `市科技局牵头,市财政局配合`,
/// `A、B按职责分工负责`, `牵头单位:X;配合单位:Y`, or a bare list `A、B`.
///
/// `first_is_lead` applies a document rule such as 列第一位者为牵头单位 to bare lists.
/// Returns `None` when the text does not name units.
pub fn parse_clause(inner: &str, first_is_lead: bool) -> Option<Responsibility> {
    let mut first_is_lead = first_is_lead;
    let mut r = Responsibility::default();
    let mut bare: Vec<String> = Vec::new();
    let mut marked = false;
    for seg in top_level_split(inner) {
        let seg = seg.trim().to_string();
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
        if let Some(rest) = strip_label(&seg, &LEAD_LABELS) {
            marked = true;
            r.lead.extend(split_names(&rest));
            continue;
        }
        if let Some(rest) = strip_label(&seg, &COOP_LABELS) {
            marked = true;
            r.cooperating.extend(split_names(&rest));
            continue;
        }
        let seg = strip_label(&seg, &RESP_LABELS).unwrap_or(seg);
        let seg = seg.as_str();
        let suffix = |sufs: &[&str]| {
            sufs.iter()
                .find_map(|s| seg.strip_suffix(s).map(|x| x.to_string()))
        };
        if let Some(n) = suffix(&["牵头负责", "牵头抓总", "牵头"]) {
            marked = true;
            r.lead.extend(split_names(&n));
        } else if let Some(n) = suffix(&[
            "负责落实",
            "抓好落实",
            "具体落实",
            "落实",
            "组织实施",
            "具体实施",
        ]) {
            marked = true;
            r.cooperating.extend(split_names(&n));
        } else if let Some(n) = suffix(&[
            "按职责分工负责",
            "按照职责分工负责",
            "按职能分工负责",
            "按职责负责",
            "分工负责",
            "共同负责",
            "分别负责",
        ]) {
            marked = true;
            r.lead.extend(split_names(&n));
            r.joint = true;
        } else if let Some(n) = suffix(&["配合", "协助", "参与", "协同", "配合实施", "等配合"])
        {
            marked = true;
            r.cooperating.extend(split_names(&n));
        } else if let Some(n) = suffix(&["负责"]) {
            marked = true;
            let names = split_names(&n);
            if names.len() > 1 {
                r.joint = true;
            }
            r.lead.extend(names);
        } else {
            bare.extend(split_names(seg));
        }
    }
    // validate names
    let stripped: Vec<String> = r
        .lead
        .iter()
        .chain(r.cooperating.iter())
        .chain(bare.iter())
        .map(|n| n.trim_end_matches("(牵头)").to_string())
        .collect();
    let all: Vec<&String> = stripped.iter().collect();
    if all.is_empty() {
        return None;
    }
    let orgish = all.iter().filter(|n| looks_like_org(n)).count();
    if marked {
        if orgish * 2 < all.len() || orgish == 0 {
            return None;
        }
    } else if orgish < all.len() {
        return None;
    }
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
    }
}
