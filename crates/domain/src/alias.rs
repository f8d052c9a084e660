//! Organisation name keys (机构别名).
//!
//! Plans write the same department many ways: 市发改委, 市发展改革委, 市发展和改革委员会. [`org_key`]
//! folds a name to a key so that all of them compare equal; the storage layer keeps each
//! organisation's aliases and looks names up by key.

/// Long forms and their common abbreviations, longest first within each family.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("发展和改革委员会", "发改委"),
    ("发展改革委员会", "发改委"),
    ("发展和改革委", "发改委"),
    ("发展改革委", "发改委"),
    ("发展和改革局", "发改局"),
    ("发展改革局", "发改局"),
    ("工业和信息化局", "工信局"),
    ("工业和信息化委员会", "工信委"),
    ("经济和信息化局", "经信局"),
    ("经济和信息化委员会", "经信委"),
    ("人力资源和社会保障局", "人社局"),
    ("人力资源社会保障局", "人社局"),
    ("科学技术局", "科技局"),
    ("科学技术厅", "科技厅"),
    ("教育和体育局", "教体局"),
    ("教育体育局", "教体局"),
    ("卫生健康委员会", "卫健委"),
    ("卫生健康委", "卫健委"),
    ("卫生和健康委员会", "卫健委"),
    ("市场监督管理局", "市场监管局"),
    ("地方金融监督管理局", "地方金融监管局"),
    ("国有资产监督管理委员会", "国资委"),
    ("住房和城乡建设局", "住建局"),
    ("住房城乡建设局", "住建局"),
    ("自然资源和规划局", "自然资源规划局"),
    ("文化和旅游局", "文旅局"),
    ("文化旅游局", "文旅局"),
    ("农业农村局", "农业农村局"),
    ("行政审批服务局", "行政审批局"),
    ("大数据局", "大数据局"),
    ("国家税务总局", "税务局"),
    ("税务局", "税务局"),
    ("统计局", "统计局"),
];

/// Folds an organisation name to its lookup key.
///
/// Drops white space and punctuation other than parentheses, folds full-width ASCII forms,
/// and replaces long forms by their abbreviation. Prefixes such as 市/县 are kept, so 市科技局
/// and 县科技局 stay different.
pub fn org_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            if c.is_whitespace() || matches!(c, '"' | '“' | '”' | '·' | '•' | '\u{200b}') {
                None
            } else {
                Some(c)
            }
        })
        .collect();
    for (long, short) in ABBREVIATIONS {
        if s.contains(long) {
            s = s.replace(long, short);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::org_key;

    #[test]
    fn development_and_reform_commission_forms_agree() {
        let k = org_key("市发改委");
        assert_eq!(org_key("市发展改革委"), k);
        assert_eq!(org_key("市发展和改革委员会"), k);
        assert_eq!(org_key(" 市发展和改革委员会 "), k);
    }

    #[test]
    fn industry_and_it_bureau_forms_agree() {
        assert_eq!(org_key("市工信局"), org_key("市工业和信息化局"));
    }

    #[test]
    fn different_levels_stay_different() {
        assert_ne!(org_key("市科技局"), org_key("县科技局"));
        assert_ne!(org_key("市财政局"), org_key("市科技局"));
        assert_eq!(org_key("市科学技术局"), org_key("市科技局"));
    }
}
