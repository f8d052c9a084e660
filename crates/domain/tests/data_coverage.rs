//! Coverage checks of the data files (`data/indicators.json`, `data/demo.json`) against the
//! seed documents in `/work/shared/seeds/` and the dev-set gold annotations: the demo
//! organisations must cover every unit named in the responsibility clauses of the 德州 plan,
//! and the indicator library must map every quantitative target of that plan.

use innocity_domain::demo::{demo_set, DemoOrg};
use innocity_domain::{
    builtin_indicators, org_key, Aggregation, Direction, IndicatorDef, ParticipantStatus,
};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Asserts that the built-in library's best match for `text` is the indicator `code`.
#[track_caller]
fn assert_maps_to(text: &str, code: &str) {
    let got = best_match(builtin_indicators(), text).map(|(i, _)| i.code.as_str());
    assert_eq!(got, Some(code), "{text}");
}

/// The gold targets of the devset seed whose files start with `prefix`.
fn gold_targets(prefix: &str) -> Vec<serde_json::Value> {
    let gold: serde_json::Value =
        serde_json::from_str(&read_prefixed("devset/gold", prefix)).expect("gold json");
    gold["targets"].as_array().expect("targets").clone()
}

fn shared_dir(sub: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/")).join(sub)
}

/// Reads the one file in `dir` whose name starts with `prefix`.
fn read_prefixed(dir: &str, prefix: &str) -> String {
    let dir = shared_dir(dir);
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no file {prefix}* in {}", dir.display()));
    std::fs::read_to_string(entry.path())
        .unwrap_or_else(|e| panic!("read {}: {e}", entry.path().display()))
}

fn all_seeds() -> Vec<String> {
    let dir = shared_dir("seeds");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
        .map(|e| std::fs::read_to_string(e.path()).expect("seed text"))
        .collect();
    assert!(v.len() >= 5, "expected the five seeds");
    v.sort();
    v
}

// ---------------------------------------------------------------------------
// responsibility clauses

fn is_open(c: char) -> bool {
    c == '(' || c == '\u{FF08}'
}
fn is_close(c: char) -> bool {
    c == ')' || c == '\u{FF09}'
}

/// Top-level parenthesised spans of `text` (nested parentheses kept inside the span).
fn paren_spans(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        if is_open(c) {
            if depth > 0 {
                cur.push(c);
            }
            depth += 1;
        } else if is_close(c) && depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        } else if depth > 0 {
            if c == '\n' {
                // an unbalanced parenthesis never spans lines in these documents
                depth = 0;
                cur.clear();
            } else {
                cur.push(c);
            }
        }
    }
    out
}

/// Splits on any of `seps` outside parentheses.
fn split_top(s: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in s.chars() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 && seps.contains(&c) {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

const MARKERS: &[&str] = &["按职责分工负责", "负责落实", "牵头", "配合"];

/// Unit names of every responsibility clause (`(X牵头,Y、Z配合)`, `(A、B按职责分工负责)`, …).
fn responsibility_units(text: &str) -> Vec<String> {
    let mut units = Vec::new();
    for span in paren_spans(text) {
        if !MARKERS.iter().any(|m| span.contains(m)) {
            continue;
        }
        for part in split_top(&span, &[',', ',', ';', ';']) {
            let mut p = part.trim().to_string();
            let before = p.clone();
            for m in MARKERS {
                if let Some(stripped) = p.strip_suffix(m) {
                    p = stripped.to_string();
                    break;
                }
            }
            if p == before {
                continue; // a part without a marker is not a list of units
            }
            for u in split_top(&p, &['、']) {
                let u = u.trim();
                if !u.is_empty() {
                    units.push(u.to_string());
                }
            }
        }
    }
    units
}

fn org_index() -> HashMap<String, &'static DemoOrg> {
    let mut idx = HashMap::new();
    for o in &demo_set().orgs {
        for n in std::iter::once(&o.name).chain(o.aliases.iter()) {
            idx.insert(org_key(n), o);
        }
    }
    idx
}

#[test]
fn clause_parser_handles_nested_names() {
    let u = responsibility_units(
        "做好工作。(市科技局牵头,各县(市、区)政府(管委会)负责落实)\n支持(管委会)建设。",
    );
    assert_eq!(u, vec!["市科技局", "各县(市、区)政府(管委会)"]);
    let u = responsibility_units("(市发展改革委、市科技局按职责分工负责,市财政局配合)");
    assert_eq!(u, vec!["市发展改革委", "市科技局", "市财政局"]);
    assert!(responsibility_units("(鲁政字〔2022〕225号)").is_empty());
}

#[test]
fn every_responsible_unit_of_seed_004_is_a_demo_org() {
    let text = read_prefixed("seeds", "004_");
    let units = responsibility_units(&text);
    let distinct: HashSet<_> = units.iter().cloned().collect();
    assert!(
        distinct.len() >= 20,
        "parser found only {} units: {distinct:?}",
        distinct.len()
    );
    for must in [
        "市科技局",
        "市发展改革委",
        "各县(市、区)政府(管委会)",
        "国家金融监督管理总局德州监管分局",
        "市科协",
    ] {
        assert!(
            distinct.contains(must),
            "parser missed {must}: {distinct:?}"
        );
    }
    let idx = org_index();
    let mut missing = Vec::new();
    for u in &distinct {
        match idx.get(&org_key(u)) {
            Some(o) => assert_eq!(o.region, "371400", "{u} matched {} outside 德州", o.name),
            None => missing.push(u.clone()),
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "units of seed 004 with no demo org: {missing:?}"
    );
}

#[test]
fn seed_004_clause_names_are_org_names_as_written() {
    // The importer matches clause names directly: they are the `name`, not only aliases.
    let names: HashSet<_> = demo_set().orgs.iter().map(|o| o.name.as_str()).collect();
    let text = read_prefixed("seeds", "004_");
    for u in responsibility_units(&text) {
        assert!(names.contains(u.as_str()), "{u} should be an org name");
    }
}

#[test]
fn gold_004_units_are_demo_orgs() {
    let gold: serde_json::Value =
        serde_json::from_str(&read_prefixed("devset/gold", "004_")).expect("gold json");
    let idx = org_index();
    for t in gold["tasks"].as_array().expect("tasks") {
        for key in ["lead", "cooperating"] {
            for u in t[key].as_array().into_iter().flatten() {
                let u = u.as_str().expect("unit name");
                assert!(
                    idx.contains_key(&org_key(u)),
                    "gold unit {u} has no demo org"
                );
            }
        }
    }
}

#[test]
fn development_and_reform_commission_aliases_resolve_to_one_org() {
    let idx = org_index();
    let forms = [
        "市发改委",
        "市发展改革委",
        "市发展和改革委员会",
        "德州市发展和改革委员会",
    ];
    let found: Vec<_> = forms
        .iter()
        .map(|f| {
            idx.get(&org_key(f))
                .unwrap_or_else(|| panic!("{f} not found"))
                .name
                .clone()
        })
        .collect();
    assert!(found.iter().all(|n| n == "市发展改革委"), "{found:?}");
    for (a, b) in [
        ("市工信局", "市工业和信息化局"),
        ("市人社局", "市人力资源社会保障局"),
        ("德州市科学技术局", "市科技局"),
        ("市卫健委", "市卫生健康委"),
    ] {
        assert_eq!(
            idx.get(&org_key(a)).map(|o| &o.name),
            Some(&b.to_string()),
            "{a}"
        );
    }
}

#[test]
fn org_names_and_aliases_do_not_collide() {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for o in &demo_set().orgs {
        for n in std::iter::once(&o.name).chain(o.aliases.iter()) {
            if let Some(prev) = owner.insert(org_key(n), &o.name) {
                assert_eq!(prev, o.name, "key of {n} used by {prev} and {}", o.name);
            }
        }
    }
    let kinds = [
        "department",
        "county_government",
        "university",
        "enterprise",
        "expert_body",
        "ministry",
        "other",
    ];
    let mut names = HashSet::new();
    for o in &demo_set().orgs {
        assert!(names.insert(&o.name), "duplicate org {}", o.name);
        assert!(
            kinds.contains(&o.kind.as_str()),
            "{} kind {}",
            o.name,
            o.kind
        );
    }
}

// ---------------------------------------------------------------------------
// regions, participants, users

#[test]
fn dezhou_counties_and_tonghua_column_3_are_regions() {
    let d = demo_set();
    let by_code: HashMap<_, _> = d.regions.iter().map(|r| (r.code.as_str(), r)).collect();
    assert_eq!(by_code.len(), d.regions.len(), "region codes are unique");
    let dezhou_counties: Vec<_> = d
        .regions
        .iter()
        .filter(|r| r.parent.as_deref() == Some("371400") && r.level == "county")
        .collect();
    assert_eq!(dezhou_counties.len(), 11, "德州 has 11 counties/districts");
    assert_eq!(by_code["371402"].name, "德城区");
    assert_eq!(by_code["371482"].name, "禹城市");
    assert_eq!(by_code["000000"].parent, None);
    for r in &d.regions {
        if r.code != "000000" {
            let p = r
                .parent
                .as_deref()
                .unwrap_or_else(|| panic!("{} has no parent", r.code));
            if r.level == "county" || r.level == "city" {
                assert_eq!(
                    &r.code[..2],
                    &p[..2],
                    "{} and its parent {p} share the province prefix",
                    r.code
                );
            }
        }
    }
    // every lead of 通化's 专栏3 (gold 002) is a region of 通化
    let gold: serde_json::Value =
        serde_json::from_str(&read_prefixed("devset/gold", "002_")).expect("gold json");
    let tonghua: HashMap<_, _> = d
        .regions
        .iter()
        .filter(|r| r.parent.as_deref() == Some("220500"))
        .map(|r| (r.name.as_str(), r))
        .collect();
    for t in gold["tasks"].as_array().expect("tasks") {
        for l in t["lead"].as_array().expect("lead") {
            let l = l.as_str().expect("name");
            assert!(
                tonghua.contains_key(l),
                "专栏3 unit {l} is not a region of 通化"
            );
        }
    }
    assert_eq!(tonghua["通化医药高新区"].level, "zone");
}

#[test]
fn participants_cover_the_seed_facts_and_every_status() {
    let d = demo_set();
    let dz = d
        .participants
        .iter()
        .find(|p| p.region == "371400")
        .expect("德州 participant");
    assert_eq!(
        (dz.programme.as_str(), dz.batch.as_str()),
        ("innovative_city", "city_2021")
    );
    assert_eq!(
        (dz.start_year, dz.end_year, dz.acceptance_year),
        (Some(2022), Some(2024), Some(2025))
    );
    assert!(!dz.demo && dz.history.is_empty());
    let b = d
        .batches
        .iter()
        .find(|b| b.code == dz.batch)
        .expect("batch");
    assert_eq!(b.approved_on.as_deref(), Some("2021-01-06"));

    let mut seen = HashSet::new();
    for p in &d.participants {
        let mut st = ParticipantStatus::Building;
        for h in &p.history {
            st = ParticipantStatus::parse(&h.status).expect("status");
            assert!(
                h.on.len() == 10 && h.on.as_bytes()[4] == b'-',
                "ISO date {}",
                h.on
            );
        }
        seen.insert(st);
        if !p.demo {
            assert!(
                !matches!(
                    st,
                    ParticipantStatus::Rectifying | ParticipantStatus::Cancelled
                ),
                "a real participant ({}) is never shown as rectifying or cancelled",
                p.region
            );
        }
    }
    assert_eq!(
        seen.len(),
        ParticipantStatus::ALL.len(),
        "every status shows: {seen:?}"
    );
    for (code, name) in [("130123", "正定县"), ("350582", "晋江市")] {
        let p = d
            .participants
            .iter()
            .find(|p| p.region == code)
            .unwrap_or_else(|| panic!("{name}"));
        let last = p.history.last().expect("history");
        assert_eq!(
            (last.status.as_str(), last.on.as_str()),
            ("passed", "2022-08-30"),
            "{name}"
        );
    }
}

#[test]
fn demo_users_are_the_seven_fixed_accounts() {
    let d = demo_set();
    let mut got: Vec<_> = d
        .users
        .iter()
        .map(|u| (u.username.as_str(), u.role.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("admin", "admin"),
            ("coordinator", "coordinator"),
            ("county", "county_reporter"),
            ("dept", "dept_reporter"),
            ("expert", "expert"),
            ("reviewer", "reviewer"),
            ("viewer", "viewer"),
        ]
    );
    let orgs: HashMap<_, _> = d.orgs.iter().map(|o| (o.name.as_str(), o)).collect();
    let org_of = |u: &str| {
        orgs[d
            .users
            .iter()
            .find(|x| x.username == u)
            .unwrap()
            .org
            .as_str()]
    };
    assert_eq!(org_of("county").kind, "county_government");
    assert_eq!(org_of("county").region, "371402");
    assert!(org_of("coordinator")
        .aliases
        .iter()
        .any(|a| a == "德州市科学技术局"));
    assert!(org_of("admin").demo && org_of("expert").demo);
    for u in &d.users {
        assert!(
            u.display_name.contains("演示"),
            "display name of {} is plainly demo",
            u.username
        );
    }
}

// ---------------------------------------------------------------------------
// indicators

/// A tiny traditional → simplified fold for the characters seen in the seeds' indicator wording.
fn fold(s: &str) -> String {
    const PAIRS: &[(char, char)] = &[
        ('創', '创'),
        ('縣', '县'),
        ('業', '业'),
        ('數', '数'),
        ('術', '术'),
        ('發', '发'),
        ('經', '经'),
        ('費', '费'),
        ('專', '专'),
        ('設', '设'),
        ('產', '产'),
        ('與', '与'),
        ('達', '达'),
        ('萬', '万'),
        ('億', '亿'),
        ('務', '务'),
        ('項', '项'),
        ('總', '总'),
        ('標', '标'),
        ('額', '额'),
        ('體', '体'),
        ('質', '质'),
        ('資', '资'),
        ('研', '研'),
        ('員', '员'),
        ('實', '实'),
        ('驗', '验'),
        ('試', '试'),
        ('營', '营'),
        ('規', '规'),
        ('模', '模'),
        ('個', '个'),
        ('藝', '艺'),
        ('圍', '围'),
        ('區', '区'),
        ('強', '强'),
        ('獲', '获'),
        ('權', '权'),
        ('術', '术'),
        ('類', '类'),
        ('應', '应'),
        ('國', '国'),
        ('內', '内'),
        ('單', '单'),
        ('億', '亿'),
        ('擁', '拥'),
        ('有', '有'),
        ('統', '统'),
        ('計', '计'),
    ];
    s.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() {
                return None;
            }
            let c = PAIRS
                .iter()
                .find(|(t, _)| *t == c)
                .map(|(_, s)| *s)
                .unwrap_or(c);
            Some(c.to_ascii_lowercase())
        })
        .collect()
}

/// The indicator whose name or synonym is the longest one contained in `text`
/// (or, for short texts, that contains `text`).
fn best_match<'a>(lib: &'a [IndicatorDef], text: &str) -> Option<(&'a IndicatorDef, usize)> {
    let t = fold(text);
    let mut best: Option<(&IndicatorDef, usize)> = None;
    for i in lib {
        for s in std::iter::once(&i.name_zh).chain(i.synonyms.iter()) {
            let s = fold(s);
            let score = if t.contains(&s) {
                s.chars().count()
            } else if t.chars().count() >= 4 && s.contains(&t) {
                t.chars().count()
            } else {
                0
            };
            if score > 0 && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
    }
    best
}

#[test]
fn every_gold_target_of_seed_004_maps_to_an_indicator() {
    let lib = builtin_indicators();
    let targets = gold_targets("004_");
    assert!(targets.len() >= 5);
    let mut unmapped = Vec::new();
    for t in &targets {
        let text = t["indicator_text"].as_str().expect("indicator_text");
        if best_match(lib, text).is_none() {
            unmapped.push(text.to_string());
        }
    }
    assert!(
        unmapped.is_empty(),
        "gold targets with no indicator: {unmapped:?}"
    );
    for (text, code) in [
        ("全社会研发经费投入强度", "rd_intensity"),
        ("万人发明专利拥有量", "invention_patents_per_10k"),
        ("全市高新技术企业", "high_tech_enterprises"),
        ("国家科技型中小企业信息库入库企业", "tech_smes"),
        (
            "规模以上高新技术产业产值占规模以上工业产值的比重",
            "high_tech_output_share",
        ),
        (
            "每万名就业人员中研发人员数",
            "rd_personnel_per_10k_employed",
        ),
        ("每年组织实施重大科技创新工程项目", "major_st_projects"),
        ("每年评选现代产业领军人才", "leading_talents"),
        (
            "每年选派高层次人才赴科技领军企业",
            "talents_dispatched_to_enterprises",
        ),
        (
            "每年选派高层次人才赴高新技术标杆企业",
            "talents_dispatched_to_enterprises",
        ),
        (
            "每年选派高层次人才赴科技型中小企业",
            "talents_dispatched_to_enterprises",
        ),
    ] {
        assert_maps_to(text, code);
    }
}

#[test]
fn rd_intensity_wordings_of_the_seeds_map_to_rd_intensity() {
    for text in [
        "全社会研究与开发经费(R&D)占当年生产总值的比例",
        "全社会研究与发展(R&D)经费支出占全市GDP的比重",
        "全社会研发经费占国内生产总值比重",
        "全社会研发经费投入占gdp的比例",
        "R&D经费支出占GDP比重",
        "研發經費投入強度",
    ] {
        assert_maps_to(text, "rd_intensity");
    }
    for (text, code) in [
        ("专利申请量年均增长", "patent_applications"),
        (
            "市本级财政科技拨款占财政一般预算支出比例",
            "fiscal_st_share",
        ),
        ("全市专业技术人员总量", "professional_technical_personnel"),
        ("全市科技进步贡献率", "tech_progress_contribution"),
        ("万元GDP能耗", "energy_intensity"),
        (
            "全市规模以上工业企业新产品销售收入占全部产品销售收入的比重",
            "new_product_sales_share",
        ),
    ] {
        assert_maps_to(text, code);
    }
}

#[test]
fn most_gold_targets_of_seed_001_map() {
    let lib = builtin_indicators();
    let targets = gold_targets("001_");
    let mapped = targets
        .iter()
        .filter(|t| best_match(lib, t["indicator_text"].as_str().unwrap_or_default()).is_some())
        .count();
    // Many of 001's targets are one-off project counts (良种工程, 电动汽车整车…) that no library covers.
    assert!(
        mapped * 2 >= targets.len(),
        "only {mapped} of {} mapped",
        targets.len()
    );
}

#[test]
fn indicator_library_is_well_formed() {
    let lib = builtin_indicators();
    let codes: HashSet<_> = lib.iter().map(|i| i.code.as_str()).collect();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for i in lib {
        assert!(
            !i.definition.is_empty() && !i.source_dept.is_empty(),
            "{}",
            i.code
        );
        assert!(!i.synonyms.is_empty(), "{} has synonyms", i.code);
        for tok in i
            .formula
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        {
            if !tok.is_empty() && !tok.bytes().all(|b| b.is_ascii_digit()) {
                assert!(
                    codes.contains(tok),
                    "{} formula uses unknown code {tok}",
                    i.code
                );
            }
        }
        if i.unit.as_deref() == Some("%") || !i.formula.is_empty() {
            assert_eq!(
                i.aggregation,
                Aggregation::None,
                "{}: ratios are never summed",
                i.code
            );
        }
        for s in std::iter::once(&i.name_zh).chain(i.synonyms.iter()) {
            assert!(
                !s.chars().any(|c| "創縣業發經費產與達萬億".contains(c)),
                "{s} is simplified"
            );
            if let Some(prev) = owner.insert(fold(s), &i.code) {
                assert_eq!(prev, i.code, "wording {s} belongs to {prev} and {}", i.code);
            }
        }
    }
    let e = lib
        .iter()
        .find(|i| i.code == "energy_intensity")
        .expect("energy_intensity");
    assert_eq!(e.direction, Direction::Negative);
    let rd = lib.iter().find(|i| i.code == "rd_intensity").unwrap();
    assert_eq!(rd.formula, "rd_expenditure / gdp * 100");
    let hte = lib
        .iter()
        .find(|i| i.code == "high_tech_enterprises")
        .unwrap();
    assert_eq!(
        (hte.unit.as_deref(), hte.aggregation),
        (Some("家"), Aggregation::Latest)
    );
    assert!(
        lib.iter().filter(|i| i.formula.is_empty()).count() >= 20,
        "raw items are included"
    );
}

// ---------------------------------------------------------------------------
// no seed prose in the data

#[test]
fn data_files_carry_no_seed_sentences() {
    let seeds: Vec<String> = all_seeds().iter().map(|s| fold(s)).collect();
    let mut prose: Vec<(String, String)> = Vec::new();
    for i in builtin_indicators() {
        prose.push((i.code.clone(), i.definition.clone()));
    }
    let d = demo_set();
    for p in &d.programmes {
        prose.push((p.code.clone(), p.description.clone()));
    }
    for b in &d.batches {
        prose.push((b.code.clone(), b.note.clone()));
    }
    for p in &d.participants {
        for h in &p.history {
            prose.push((p.region.clone(), h.note.clone()));
        }
    }
    const WINDOW: usize = 14;
    let mut copied = Vec::new();
    for (owner, text) in prose {
        let chars: Vec<char> = fold(&text).chars().collect();
        if let Some(w) = chars
            .windows(WINDOW)
            .map(|w| w.iter().collect::<String>())
            .find(|w| seeds.iter().any(|s| s.contains(w)))
        {
            copied.push(format!("{owner}: {w}"));
        }
    }
    assert!(copied.is_empty(), "text copied from a seed: {copied:?}");
}
