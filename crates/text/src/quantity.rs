//! Numbers, units and comparators found in running text.

/// A number with its unit and comparator words as found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Char offset of the first digit.
    pub start: usize,
    /// Char offset just after the number(s) and unit, before any post-comparator.
    pub unit_end: usize,
    /// Char offset after the post-comparator (以上, 左右…).
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub post: Option<&'static str>,
    pub mojibake_range: bool,
}

pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Parse a decimal number at `i`; returns (value, end).
pub(crate) fn parse_number(t: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut s = String::new();
    while j < t.len() && is_digit(t[j]) {
        s.push(t[j]);
        j += 1;
        // thousands separator: 1,200
        if j + 3 < t.len()
            && t[j] == ','
            && t[j + 1..j + 4].iter().all(|c| is_digit(*c))
            && !t.get(j + 4).is_some_and(|c| is_digit(*c))
            && s.len() <= 3
        {
            j += 1;
        }
    }
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    if j + 1 < t.len() && (t[j] == '.') && is_digit(t[j + 1]) {
        s.push('.');
        j += 1;
        while j < t.len() && is_digit(t[j]) {
            s.push(t[j]);
            j += 1;
        }
    }
    s.parse::<f64>().ok().map(|v| (v, j))
}

const MAGNITUDES: [&str; 9] = [
    "万亿", "千亿", "百亿", "亿", "千万", "百万", "万", "千", "百",
];

/// Base units, longest first within shared prefixes.
const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    "%",
    "‰",
    "吨标准煤/万元",
    "吨标煤/万元",
    "吨标准煤",
    "吨标煤",
    "平方公里",
    "平方米",
    "立方米",
    "立方",
    "微克",
    "毫克",
    "公顷",
    "亩",
    "人次",
    "人年",
    "家",
    "项",
    "件",
    "名",
    "人",
    "所",
    "处",
    "座",
    "期",
    "条",
    "批",
    "位",
    "辆",
    "台",
    "套",
    "种",
    "支",
    "户",
    "倍",
    "次",
    "篇",
    "部",
    "场",
    "美元",
    "元",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "瓦",
    "公里",
    "千米",
    "米",
    "英寸",
    "吨",
    "公斤",
    "千克",
    "岁",
    "个月",
    "个",
    "年",
    "月",
    "日",
    "天",
    "周",
    "小时",
    "床",
    "张",
    "间",
    "栋",
    "株",
    "头",
    "只",
    "册",
    "本",
    "门",
    "类",
    "款",
    "号",
    "届",
    "代",
    "级",
    "平米",
    "km/h",
    "km",
    "GW",
    "MW",
    "kW",
    "Gbps",
    "Mbps",
    "TB",
    "PB",
];

/// Parse a unit at `i`: optional magnitude + base unit (+ `/` + denominator).
pub(crate) fn parse_unit(t: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    while j < t.len() && t[j] == ' ' {
        j += 1;
    }
    let mut unit = String::new();
    for m in MAGNITUDES {
        if starts_with(t, j, m) {
            // 百 alone followed by 分之 is a percentage phrase, not a magnitude
            if m == "百" && starts_with(t, j, "百分点") {
                break;
            }
            unit.push_str(m);
            j += m.chars().count();
            break;
        }
    }
    let mut base_found = false;
    for u in UNITS {
        if starts_with(t, j, u) {
            unit.push_str(u);
            j += u.chars().count();
            base_found = true;
            break;
        }
    }
    if !base_found && unit.is_empty() {
        return None;
    }
    // a bare magnitude is a unit only when nothing follows it: "729.41万," but not "500千伏"
    if !base_found && t.get(j).is_some_and(|c| crate::normalize::is_han(*c)) {
        return None;
    }
    if base_found && j + 1 < t.len() && t[j] == '/' {
        let mut k = j + 1;
        let mut den = String::new();
        for m in MAGNITUDES {
            if starts_with(t, k, m) {
                den.push_str(m);
                k += m.chars().count();
                break;
            }
        }
        let mut ok = false;
        for u in [
            "元",
            "年",
            "人",
            "亩",
            "平方米",
            "立方米",
            "吨",
            "小时",
            "时",
            "天",
            "h",
        ] {
            if starts_with(t, k, u) {
                den.push_str(u);
                k += u.chars().count();
                ok = true;
                break;
            }
        }
        if ok {
            unit.push('/');
            unit.push_str(&den);
            j = k;
        }
    }
    Some((unit, j))
}

pub(crate) fn starts_with(t: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| t.get(k) == Some(&c))
}

pub(crate) fn ends_with_at(t: &[char], end: usize, s: &str) -> bool {
    let n = s.chars().count();
    end >= n && starts_with(t, end - n, s)
}

const POST: [&str; 10] = [
    "以上", "以下", "以内", "左右", "上下", "之内", "多", "余", "强", "内",
];

/// Parse a quantity whose first digit is at `i`.
pub(crate) fn parse_quantity(t: &[char], i: usize) -> Option<Quantity> {
    let (v, mut j) = parse_number(t, i)?;
    let mut value_max = None;
    let mut moji = false;
    // percent on the first number of a range (3%-5%)
    let mut first_pct = false;
    if t.get(j) == Some(&'%') && matches!(t.get(j + 1), Some('-' | '~' | '—' | '–' | '至' | '到'))
    {
        first_pct = true;
        j += 1;
    }
    if let Some(&sep) = t.get(j) {
        let sep_len = if sep == '—' && t.get(j + 1) == Some(&'—') {
            2
        } else {
            1
        };
        if matches!(
            sep,
            '-' | '~' | '—' | '–' | '〜' | '至' | '到' | '?' | '－' | '～'
        ) && t.get(j + sep_len).is_some_and(|c| is_digit(*c))
        {
            if let Some((v2, j2)) = parse_number(t, j + sep_len) {
                // a phone/code like 133-3505-7288 is not a range
                let code_like =
                    t.get(j2) == Some(&'-') && t.get(j2 + 1).is_some_and(|c| is_digit(*c));
                if v2 > v && !code_like {
                    value_max = Some(v2);
                    moji = sep == '?';
                    j = j2;
                } else if code_like || sep == '-' {
                    return None;
                }
            }
        }
    }
    // 1000余家, 60多项: the approximation word sits between the number and the unit
    if matches!(t.get(j), Some('余' | '多')) && value_max.is_none() {
        if let Some((u, e)) = parse_unit(t, j + 1) {
            let post = if t[j] == '余' { "余" } else { "多" };
            return Some(Quantity {
                start: i,
                unit_end: e,
                end: e,
                value: v,
                value_max: None,
                unit: Some(u),
                post: Some(post),
                mojibake_range: false,
            });
        }
    }
    let (unit, unit_end) = match parse_unit(t, j) {
        Some((u, e)) => (Some(u), e),
        None if first_pct => (Some("%".to_string()), j),
        None => (None, j),
    };
    let mut end = unit_end;
    let mut post = None;
    for p in POST {
        if starts_with(t, end, p) {
            // 多/余/强/内 only directly after a unit-less number or a unit
            if matches!(p, "内") {
                continue;
            }
            post = Some(p);
            end += p.chars().count();
            break;
        }
    }
    Some(Quantity {
        start: i,
        unit_end,
        end,
        value: v,
        value_max,
        unit,
        post,
        mojibake_range: moji,
    })
}

/// Convert a Chinese numeral (一百二十, 三千, 十五, 两万) to a number.
pub fn parse_cn_numeral(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut section = 0f64;
    let mut num = 0f64;
    let mut seen = false;
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0.0),
            '一' => Some(1.0),
            '二' | '两' => Some(2.0),
            '三' => Some(3.0),
            '四' => Some(4.0),
            '五' => Some(5.0),
            '六' => Some(6.0),
            '七' => Some(7.0),
            '八' => Some(8.0),
            '九' => Some(9.0),
            _ => None,
        };
        if let Some(d) = d {
            num = d;
            seen = true;
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 10000.0,
            '亿' => 1e8,
            _ => return None,
        };
        seen = true;
        if unit >= 10000.0 {
            section += num;
            total += section * unit;
            section = 0.0;
        } else {
            if num == 0.0 && unit == 10.0 {
                num = 1.0;
            }
            section += num * unit;
        }
        num = 0.0;
    }
    if !seen {
        return None;
    }
    Some(total + section + num)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn q(s: &str) -> Quantity {
        let t: Vec<char> = s.chars().collect();
        parse_quantity(&t, 0).expect("quantity")
    }
    #[test]
    fn units_and_ranges() {
        let a = q("3.3%以上");
        assert_eq!(
            (a.value, a.unit.as_deref(), a.post),
            (3.3, Some("%"), Some("以上"))
        );
        let b = q("30-50万辆整车");
        assert_eq!(
            (b.value, b.value_max, b.unit.as_deref()),
            (30.0, Some(50.0), Some("万辆"))
        );
        let c = q("2.0吨标煤/万元");
        assert_eq!(c.unit.as_deref(), Some("吨标煤/万元"));
        let d = q("3?4个以");
        assert!(d.mojibake_range);
        assert_eq!(d.value_max, Some(4.0));
        let e = q("12个百分点,");
        assert_eq!(e.unit.as_deref(), Some("个百分点"));
        let f = q("23.6万名");
        assert_eq!((f.value, f.unit.as_deref()), (23.6, Some("万名")));
        let g = q("10大特色");
        assert_eq!(g.unit, None);
        let h = q("3%-5%");
        assert_eq!(
            (h.value, h.value_max, h.unit.as_deref()),
            (3.0, Some(5.0), Some("%"))
        );
        assert_eq!(q("500千伏变电站").unit, None);
        assert_eq!(q("729.41万,").unit.as_deref(), Some("万"));
        let i = q("1000余家企业");
        assert_eq!(
            (i.value, i.unit.as_deref(), i.post),
            (1000.0, Some("家"), Some("余"))
        );
        let t: Vec<char> = "133-3505-7288".chars().collect();
        assert!(parse_quantity(&t, 0).is_none());
    }
    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_cn_numeral("一百二十"), Some(120.0));
        assert_eq!(parse_cn_numeral("十五"), Some(15.0));
        assert_eq!(parse_cn_numeral("三千"), Some(3000.0));
        assert_eq!(parse_cn_numeral("两万五千"), Some(25000.0));
        assert_eq!(parse_cn_numeral("abc"), None);
    }
}
