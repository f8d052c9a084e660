//! Synthetic documents covering each rule family (not copied from the seeds).

use innocity_text::{extract, Comparator, Extraction, Options, Task, Warning};

fn run(s: &str) -> Extraction {
    extract(s, &Options::default())
}

/// Extracts `text` with an indicator library of (code, name) entries and asserts that the
/// target of each entry's value is mapped to that entry's code.
fn assert_mapped(text: &str, library: &[(f64, &str, &str)]) {
    let indicators = library
        .iter()
        .map(|(_, code, name)| innocity_text::IndicatorRef {
            code: code.to_string(),
            names: vec![name.to_string()],
        })
        .collect();
    let x = extract(
        text,
        &Options {
            indicators,
            ..Options::default()
        },
    );
    for (v, code, _) in library {
        let mapped = x
            .targets
            .iter()
            .find(|t| t.value == Some(*v))
            .and_then(|t| t.indicator.clone());
        assert_eq!(mapped.as_deref(), Some(*code), "target {v}");
    }
}

fn task<'a>(x: &'a Extraction, number: &str) -> &'a Task {
    x.tasks
        .iter()
        .find(|t| t.number == number)
        .unwrap_or_else(|| panic!("task {number} in {:#?}", x.tasks))
}

const PLAN: &str = "某某市人民政府办公室关于印发某某市科技创新行动方案的通知
某政办发〔2024〕12号

一、发展基础
近年来，全市高新技术企业达到320家，研发投入强度提高了0.5个百分点。
1.创新平台加快建设。已建成省级重点实验室15家。

二、主要目标
到2026年，全市研发经费投入强度达到2.8%以上，高新技术企业突破600家，技术合同成交额超过80亿元，每万人口高价值发明专利拥有量约5件。
到“十四五”末，规上工业企业研发机构覆盖率不低于45%，科技型中小企业数量年均增长15%，新增省级以上创新平台20个、市级60个。

三、重点任务
（一）建设高能级创新平台
1.推进实验室建设。支持龙头企业牵头组建创新联合体，力争建成省级重点实验室8个左右。（市科技局牵头，市发展改革委、市财政局配合）
2.培育新型研发机构。每年认定市级新型研发机构10家。（市科技局、市财政局按职责分工负责）
（二）壮大科技企业梯队
3.实施高企倍增计划。对首次认定的高新技术企业给予一次性奖励20万元。
责任单位：市科技局牵头，市税务局、市统计局配合
4.推动企业上市。
牵头单位：市金融局；配合单位：市科技局、市工信局
5.完善孵化体系。建设众创空间。（市科技局牵头，各县（市、区）政府（管委会）负责落实）
6.引育科技人才。实施“3310”人才工程，引进高层次人才团队5-8个。责任单位：市委组织部、市人社局。

四、保障措施
（一）加强组织领导。成立领导小组，办公室设在市科技局。
（二）加大财政投入。市级财政科技支出年均增长10%以上。

五、进度安排
（一）启动阶段（2024年1月—2024年6月）。制定方案。
（二）实施阶段（2024年7月—2025年12月）。全面推进。
";

#[test]
fn metadata_and_placeholders() {
    let x = run(PLAN);
    assert_eq!(
        x.document.doc_number.as_deref(),
        Some("某政办发〔2024〕12号")
    );
    assert!(x
        .document
        .title
        .as_deref()
        .is_some_and(|t| t.contains("行动方案")));
    assert!(!x.document.truncated);
}

#[test]
fn targets_from_goal_section() {
    let x = run(PLAN);
    let find = |v: f64, unit: &str| {
        x.targets
            .iter()
            .find(|t| t.value == Some(v) && t.unit.as_deref() == Some(unit))
            .unwrap_or_else(|| panic!("{v}{unit} in {:#?}", x.targets))
    };
    let a = find(2.8, "%");
    assert_eq!(
        (a.comparator, a.year, a.delta),
        (Comparator::Ge, Some(2026), false)
    );
    assert!(a.indicator_text.contains("研发经费投入强度"));
    assert_eq!(find(600.0, "家").comparator, Comparator::Gt);
    assert_eq!(find(80.0, "亿元").comparator, Comparator::Gt);
    assert_eq!(find(5.0, "件").comparator, Comparator::Approx);
    let b = find(45.0, "%");
    assert_eq!((b.comparator, b.year), (Comparator::Ge, Some(2025)));
    let c = find(15.0, "%");
    assert!(c.delta);
    assert_eq!(c.year, Some(2025));
    // 新增…20个、市级60个: two targets
    assert!(x
        .targets
        .iter()
        .any(|t| t.value == Some(60.0) && t.unit.as_deref() == Some("个")));
}

#[test]
fn background_rewards_and_names_are_not_targets() {
    let x = run(PLAN);
    for t in &x.targets {
        assert_ne!(t.value, Some(320.0), "background fact {t:?}");
        assert_ne!(
            t.value,
            Some(20.0).filter(|_| t.unit.as_deref() == Some("万元")),
            "reward {t:?}"
        );
        assert_ne!(t.value, Some(3310.0), "programme name {t:?}");
        assert_ne!(t.value, Some(12.0), "doc number {t:?}");
    }
    // inside a task: a year is not carried from the goals
    let lab = x
        .targets
        .iter()
        .find(|t| t.value == Some(8.0) && t.unit.as_deref() == Some("个"))
        .expect("8个");
    assert_eq!((lab.comparator, lab.year), (Comparator::Approx, None));
    let range = x
        .targets
        .iter()
        .find(|t| t.value == Some(5.0) && t.value_max == Some(8.0))
        .expect("5-8个");
    assert_eq!(range.comparator, Comparator::Range);
    // safeguard sections still give quantitative targets
    assert!(x
        .targets
        .iter()
        .any(|t| t.value == Some(10.0) && t.unit.as_deref() == Some("%") && t.delta));
}

#[test]
fn responsibility_forms() {
    let x = run(PLAN);
    let t1 = task(&x, "1");
    assert_eq!(t1.title, "推进实验室建设");
    assert_eq!(t1.lead, vec!["市科技局"]);
    assert_eq!(t1.cooperating, vec!["市发展改革委", "市财政局"]);
    assert!(!t1.joint);
    assert_eq!(t1.group.as_deref(), Some("(一)建设高能级创新平台"));
    let t2 = task(&x, "2");
    assert_eq!(t2.lead, vec!["市科技局", "市财政局"]);
    assert!(t2.joint);
    let t3 = task(&x, "3");
    assert_eq!(
        (t3.lead.clone(), t3.cooperating.clone()),
        (
            vec!["市科技局".to_string()],
            vec!["市税务局".to_string(), "市统计局".to_string()]
        )
    );
    let t4 = task(&x, "4");
    assert_eq!(t4.lead, vec!["市金融局"]);
    assert_eq!(t4.cooperating, vec!["市科技局", "市工信局"]);
    let t5 = task(&x, "5");
    assert_eq!(t5.lead, vec!["市科技局"]);
    assert_eq!(t5.cooperating, vec!["各县(市、区)政府(管委会)"]);
    let t6 = task(&x, "6");
    assert_eq!(t6.lead, vec!["市委组织部", "市人社局"]);
    assert!(t6.joint);
    // safeguards and schedule are not tasks; 牵头 inside the text is not a clause
    assert_eq!(x.tasks.len(), 6, "{:#?}", x.tasks);
}

#[test]
fn phases_found() {
    let x = run(PLAN);
    assert!(x
        .phases
        .iter()
        .any(|p| p.text == "到2026年" && p.end_year == Some(2026)));
    assert!(x
        .phases
        .iter()
        .any(|p| p.end_year == Some(2025) && p.text.contains("十四五")));
    assert!(x
        .phases
        .iter()
        .any(|p| p.text.contains("启动阶段") && p.start_year == Some(2024)));
}

#[test]
fn bare_lists_and_first_listed_rule() {
    let doc = "重点任务分工\n（列第一位者为牵头单位）\n一、重点任务\n1.建设科创走廊。〔市发展改革委、市科技局、市自然资源局〕\n2.优化营商环境。〔市政务服务局〕\n";
    let x = run(doc);
    let t1 = task(&x, "1");
    assert_eq!(t1.lead, vec!["市发展改革委"]);
    assert_eq!(t1.cooperating, vec!["市科技局", "市自然资源局"]);
    assert!(!t1.joint);
    assert_eq!(task(&x, "2").lead, vec!["市政务服务局"]);
    let doc2 = "三、主要任务\n1.建设科创走廊。〔市发展改革委、市科技局〕\n";
    let x2 = run(doc2);
    assert!(task(&x2, "1").joint);
}

#[test]
fn flattened_table() {
    let doc = "附件\n重点任务分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t建设中试基地。完善服务。\t市科技局\t市财政局、市工信局\t2025年底\n2\t培育技术经理人\t市科协\t市人社局\t长期\n";
    let x = run(doc);
    let t1 = task(&x, "1");
    assert_eq!(t1.title, "建设中试基地");
    assert_eq!(t1.lead, vec!["市科技局"]);
    assert_eq!(t1.cooperating, vec!["市财政局", "市工信局"]);
    assert_eq!(task(&x, "2").lead, vec!["市科协"]);
}

#[test]
fn traditional_pinyin_and_mojibake() {
    let doc = "到2025年,建成創(chuàng)新型縣(xiàn)50個左右。科技部?月發布通知。\n到20XX年,研發投入強度達到2%。";
    let x = run(doc);
    assert!(x
        .document
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::PinyinRemoved { count: 2 })));
    assert!(x
        .document
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::TraditionalConverted { .. })));
    assert!(x
        .document
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::Mojibake { .. })));
    assert!(x
        .document
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::YearPlaceholder { text, .. } if text == "20XX年")));
    let t = x
        .targets
        .iter()
        .find(|t| t.value == Some(50.0))
        .expect("50个");
    assert_eq!(
        (t.unit.as_deref(), t.year, t.comparator),
        (Some("个"), Some(2025), Comparator::Approx)
    );
    assert!(
        t.indicator_text.contains("創新型縣"),
        "own script kept: {}",
        t.indicator_text
    );
    let p = x.targets.iter().find(|t| t.value == Some(2.0)).expect("2%");
    assert_eq!(p.year, None);
}

#[test]
fn truncation_and_this_year() {
    let doc = "今年,全市高新技术企业力争达到500家。\n1.加强基础研究。将研发投入情况与科技资源配置紧密挂钩,引";
    let x = extract(
        doc,
        &Options {
            published: Some("2023-06-01".into()),
            ..Default::default()
        },
    );
    assert!(x.document.truncated);
    let t = x
        .targets
        .iter()
        .find(|t| t.value == Some(500.0))
        .expect("500家");
    assert_eq!(t.year, Some(2023));
    let y = run("今年,全市高新技术企业力争达到500家。");
    assert_eq!(y.targets.first().and_then(|t| t.year), None);
}

#[test]
fn offsets_point_into_normalised_text() {
    let x = run(PLAN);
    let chars: Vec<char> = x.text.chars().collect();
    for t in &x.targets {
        let s: String = chars[t.offset..].iter().take(6).collect();
        assert!(s.starts_with(|c: char| c.is_ascii_digit()), "{s} for {t:?}");
        assert!(x.original_offset(t.offset).is_some());
    }
    assert_eq!(x.text.chars().count(), x.display_text.chars().count());
}

#[test]
fn contract_json_shape() {
    let x = run(PLAN);
    let v: serde_json::Value = serde_json::to_value(&x).expect("json");
    for k in ["document", "targets", "tasks", "phases"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    assert!(v.get("text").is_none());
    let t = &v["targets"][0];
    for k in [
        "indicator_text",
        "indicator",
        "comparator",
        "value",
        "value_max",
        "unit",
        "year",
        "delta",
        "source_text",
        "offset",
    ] {
        assert!(t.get(k).is_some(), "{k}");
    }
}

#[test]
fn indicator_table() {
    let doc = "三、主要指标\n表1 “十四五”科技创新主要指标\n序号\t指标名称\t单位\t2020年\t2025年\t属性\n1\t研发经费投入强度\t%\t2.1\t≥3.0\t预期性\n2\t每万人口高价值发明专利拥有量\t件\t3.5\t8\t预期性\n3\t技术合同成交额(亿元)\t\t50\t100以上\t预期性\n";
    let x = run(doc);
    let rd = x
        .targets
        .iter()
        .find(|t| t.indicator_text == "研发经费投入强度")
        .expect("rd row");
    assert_eq!(
        (rd.value, rd.unit.as_deref(), rd.year, rd.comparator),
        (Some(3.0), Some("%"), Some(2025), Comparator::Ge)
    );
    let pat = x
        .targets
        .iter()
        .find(|t| t.indicator_text.contains("发明专利"))
        .expect("patent row");
    assert_eq!((pat.value, pat.unit.as_deref()), (Some(8.0), Some("件")));
    let tc = x
        .targets
        .iter()
        .find(|t| t.indicator_text == "技术合同成交额")
        .expect("unit in name");
    assert_eq!(
        (tc.value, tc.unit.as_deref(), tc.comparator),
        (Some(100.0), Some("亿元"), Comparator::Ge)
    );
    // the 2020 base values are not targets
    assert!(
        x.targets
            .iter()
            .all(|t| t.value != Some(2.1) && t.value != Some(50.0)),
        "{:#?}",
        x.targets
    );
    assert_eq!(x.targets.len(), 3);
}

#[test]
fn baselines_in_goal_sections_are_not_targets() {
    let doc = "二、主要目标\n2020年全市研发经费投入强度为2.1%,到2025年达到3%。高新技术企业数量由500家增加到1000家。\n";
    let x = run(doc);
    let vals: Vec<f64> = x.targets.iter().filter_map(|t| t.value).collect();
    assert!(vals.contains(&3.0) && vals.contains(&1000.0), "{vals:?}");
    assert!(!vals.contains(&2.1) && !vals.contains(&500.0), "{vals:?}");
    let t = x.targets.iter().find(|t| t.value == Some(3.0)).expect("3%");
    assert_eq!(t.year, Some(2025));
    assert!(
        t.indicator_text.contains("研发经费投入强度"),
        "{}",
        t.indicator_text
    );
}

#[test]
fn docx_paragraphs_and_tables() {
    use std::io::Write;
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>一、主要任务</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">1.建设实验室。</w:t></w:r><w:r><w:t>(市科技局牵头&amp;负责)</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>牵头单位</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>培育企业</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>市工信局</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).expect("start");
        z.write_all(xml.as_bytes()).expect("write");
        z.finish().expect("finish");
    }
    let bytes = buf.into_inner();
    assert!(innocity_text::looks_like_zip(&bytes));
    let text = innocity_text::decode_any(&bytes).expect("docx");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines[0], "一、主要任务");
    assert_eq!(lines[1], "1.建设实验室。(市科技局牵头&负责)");
    assert_eq!(lines[2], "序号\t任务\t牵头单位");
    assert_eq!(lines[3], "1\t培育企业\t市工信局");
    let x = run(&text);
    assert!(x
        .tasks
        .iter()
        .any(|t| t.title == "培育企业" && t.lead == vec!["市工信局"]));
    // broken packages are refused, never a panic
    assert!(innocity_text::docx_to_text(&bytes[..bytes.len() / 2]).is_err());
    assert!(innocity_text::decode(b"\x00\x01\x02binary").is_err());
}

#[test]
fn indicator_mapping() {
    assert_mapped(
        "到2025年,全社会研發經費投入強度达到3%,高新技术企业突破2万家,高新技术企业营收占比达到40%。",
        &[
            (3.0, "rd_intensity", "研发经费投入强度"),
            (2.0, "high_tech_enterprises", "高新技术企业"),
            (40.0, "high_tech_share", "高新技术企业营收占比"),
        ],
    );
}

#[test]
fn clause_on_the_heading_line() {
    let doc = "二、重点任务\n(一)建设创新平台(市科技局牵头,市财政局配合)\n加快建设实验室。推进中试基地建设。\n(二)培育创新主体\n支持企业加大研发投入。\n";
    let x = run(doc);
    let t = task(&x, "一");
    assert_eq!(t.title, "建设创新平台");
    assert_eq!(
        (t.lead.clone(), t.cooperating.clone()),
        (vec!["市科技局".to_string()], vec!["市财政局".to_string()])
    );
    assert!(task(&x, "二").lead.is_empty());
}

#[test]
fn table_with_group_rows() {
    let doc = "序号|重点任务|责任单位|完成时限\n一、平台建设\n1|建设省级实验室|市科技局(牵头)、市财政局|2025年\n\n2|建设中试基地|市工信局、市科技局|2024年\n二、人才引育\n3|引进创新团队|市委组织部|长期\n";
    let x = run(doc);
    let t1 = task(&x, "1");
    assert_eq!(
        (t1.lead.clone(), t1.cooperating.clone(), t1.joint),
        (
            vec!["市科技局".to_string()],
            vec!["市财政局".to_string()],
            false
        )
    );
    assert_eq!(t1.group.as_deref(), Some("一、平台建设"));
    let t2 = task(&x, "2");
    assert!(t2.joint);
    assert_eq!(task(&x, "3").group.as_deref(), Some("二、人才引育"));
    assert_eq!(x.tasks.len(), 3, "{:#?}", x.tasks);
}

#[test]
fn subsidies_thresholds_and_short_ratios_are_not_targets() {
    let doc = "二、重点任务\n1.支持研发。对研发投入占比3%以上的企业,按研发投入的10%给予奖励,单个企业最高500万元。按照1:1比例配套。力争新增研发机构20家。\n";
    let x = run(doc);
    let vals: Vec<f64> = x.targets.iter().filter_map(|t| t.value).collect();
    assert_eq!(vals, vec![20.0], "{:#?}", x.targets);
}

#[test]
fn unnamed_sections_after_the_task_section_continue_it() {
    let doc = "一、发展基础\n1.成效明显。\n二、主要任务\n(一)建设平台\n加快建设。\n三、深化科技体制改革\n(一)改革科研项目管理\n推行包干制。\n四、保障措施\n(一)加强领导\n成立小组。\n";
    let x = run(doc);
    let titles: Vec<&str> = x.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, vec!["建设平台", "改革科研项目管理"]);
}

#[test]
fn gbk_and_boms_decode() {
    let s = "到2025年,研发投入强度达到3%。";
    let (gbk, _, _) = encoding_rs::GBK.encode(s);
    assert_eq!(innocity_text::decode(&gbk).as_deref(), Ok(s));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(s.as_bytes());
    assert_eq!(innocity_text::decode(&bom).as_deref(), Ok(s));
    let mut u16: Vec<u8> = vec![0xFF, 0xFE];
    for c in s.encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    assert_eq!(innocity_text::decode(&u16).as_deref(), Ok(s));
    assert!(innocity_text::decode(&[]).is_err());
    assert!(innocity_text::decode(&[0x80, 0x80, 0xff, 0xfe, 0x00, 0x01]).is_err());
}

#[test]
fn space_aligned_table() {
    let doc = "序号  重点任务  牵头单位  配合单位\n1  建设中试基地  市科技局  市财政局、市工信局\n2  培育技术经理人  市科协  市人社局\n";
    let x = run(doc);
    let t1 = task(&x, "1");
    assert_eq!(t1.title, "建设中试基地");
    assert_eq!(
        (t1.lead.clone(), t1.cooperating.len()),
        (vec!["市科技局".to_string()], 2)
    );
    assert_eq!(task(&x, "2").lead, vec!["市科协"]);
}

#[test]
fn ratio_indicators_need_percent() {
    assert_mapped(
        "到2025年,研发投入强度达到3%,研发投入达到50亿元。",
        &[
            (3.0, "rd_intensity", "研发投入强度"),
            (50.0, "rd_expenditure", "研发投入"),
        ],
    );
}

#[test]
fn traditional_documents_keep_their_script_but_match_in_simplified() {
    let doc = "三、重點任務\n1.建設實驗室體系。加快建設。（市科技局牽頭，市財政局、市發展改革委配合）\n2.培育創新主體。到2025年，高新技術企業達到500家以上。（市科技局、市稅務局按職責分工負責）\n";
    let x = run(doc);
    let t = x.targets.first().expect("500家");
    assert_eq!(t.indicator_text, "高新技術企業");
    assert_eq!((t.comparator, t.year), (Comparator::Ge, Some(2025)));
    let k1 = task(&x, "1");
    assert_eq!(k1.title, "建設實驗室體系");
    assert_eq!(k1.lead, vec!["市科技局"]);
    assert_eq!(k1.cooperating, vec!["市财政局", "市发展改革委"]);
    let k2 = task(&x, "2");
    assert!(k2.joint);
    assert_eq!(k2.lead, vec!["市科技局", "市税务局"]);
}
