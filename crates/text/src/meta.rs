//! Document metadata, warnings, parts and responsibility tables.

use crate::extract::{Ctx, DocumentMeta, PartInfo, Task, Warning};
use crate::normalize::{is_han, Normalized};
use crate::outline::Outline;
use crate::quantity::{is_digit, starts_with};
use crate::resp::{parse_clause, split_names};

static REGIONS: &str = include_str!("regions.txt");

fn lines_of(t: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (k, c) in t.iter().enumerate() {
        if *c == '\n' {
            out.push((s, k));
            s = k + 1;
        }
    }
    if s < t.len() {
        out.push((s, t.len()));
    }
    out
}

fn trimmed(t: &[char], a: usize, b: usize) -> (usize, usize) {
    let mut a = a;
    let mut b = b;
    while a < b && matches!(t[a], ' ' | '\t') {
        a += 1;
    }
    while b > a && matches!(t[b - 1], ' ' | '\t') {
        b -= 1;
    }
    (a, b)
}

const TITLE_WORDS: [&str; 16] = [
    "关于", "方案", "意见", "规划", "通知", "办法", "纲要", "决定", "措施", "细则", "要点", "计划",
    "报告", "通过", "验收", "实施",
];

pub(crate) fn metadata(n: &Normalized, o: &Outline, hits: &[(usize, usize)]) -> DocumentMeta {
    let t: &[char] = &n.simp;
    let lines = lines_of(t);
    let mut title = None;
    let mut issuer = None;
    for &(a, b) in lines.iter().take(30) {
        let (a, b) = trimmed(t, a, b);
        let len = b - a;
        if !(6..=70).contains(&len) {
            continue;
        }
        let s: String = t[a..b].iter().collect();
        if s.ends_with(['。', ',', ';', ':']) || crate::outline::detect_marker(t, a, b).is_some() {
            continue;
        }
        if s.starts_with("篇") || s.contains("电话") || s.contains("时间") || s.contains("http")
        {
            continue;
        }
        if TITLE_WORDS.iter().any(|w| s.contains(w))
            && s.chars().filter(|c| is_han(*c)).count() * 2 > len
        {
            title = Some(n.disp(a, b));
            if let Some(p) = s.find("关于") {
                let iss = &s[..p];
                if crate::resp::looks_like_org(iss) {
                    issuer = Some(iss.to_string());
                }
            }
            break;
        }
    }
    if title.is_none() {
        // a headline: the first short line that is not site furniture
        for &(a, b) in lines.iter().take(8) {
            let (a, b) = trimmed(t, a, b);
            let s: String = t[a..b].iter().collect();
            let han = s.chars().filter(|c| is_han(*c)).count();
            if (6..=60).contains(&(b - a))
                && han * 3 > (b - a) * 2
                && !s.ends_with(['。', ',', ';', ':', '?'])
                && crate::outline::detect_marker(t, a, b).is_none()
                && !["首页", "电话", "检索", "登录", "导航", "当前位置", "来源"]
                    .iter()
                    .any(|w| s.contains(w))
            {
                title = Some(n.disp(a, b));
                break;
            }
        }
    }
    let doc_number = doc_number(t, &lines);
    let date = date_of(t, &lines);
    let region = region_of(hits, 0, t.len());
    let _ = o;
    DocumentMeta {
        title,
        issuer,
        doc_number,
        date,
        region,
        truncated: false,
        warnings: Vec::new(),
        parts: Vec::new(),
    }
}

fn doc_number(t: &[char], lines: &[(usize, usize)]) -> Option<String> {
    let mut first: Option<String> = None;
    for &(a, b) in lines {
        let mut k = a;
        while k < b {
            if matches!(t[k], '〔' | '[' | '【' | '(') && k > a && is_han(t[k - 1]) {
                let close = match t[k] {
                    '〔' => '〕',
                    '[' => ']',
                    '【' => '】',
                    _ => ')',
                };
                let ys = k + 1;
                if (ys..ys + 4).all(|j| {
                    t.get(j)
                        .is_some_and(|c| is_digit(*c) || matches!(c, 'X' | 'x' | '*'))
                }) && t.get(ys + 4) == Some(&close)
                {
                    let mut e = ys + 5;
                    while e < b && is_digit(t[e]) {
                        e += 1;
                    }
                    if e > ys + 5 && t.get(e) == Some(&'号') {
                        let mut s = k;
                        while s > a && is_han(t[s - 1]) && k - s < 8 {
                            s -= 1;
                        }
                        let num: String = t[s..=e].iter().collect();
                        let own_line = s == trimmed(t, a, b).0 && e + 1 == trimmed(t, a, b).1;
                        let in_paren = s > a && matches!(t[s - 1], '(' | '《');
                        if own_line {
                            return Some(num);
                        }
                        if first.is_none() && !in_paren && a < t.len() / 5 + 200 {
                            first = Some(num);
                        }
                    }
                }
            }
            k += 1;
        }
    }
    first
}

fn date_of(t: &[char], lines: &[(usize, usize)]) -> Option<String> {
    let n = lines.len();
    let edge = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 40 || *i + 40 >= n)
        .map(|(_, l)| l);
    for &(a, b) in edge {
        let (a, b) = trimmed(t, a, b);
        let s: String = t[a..b].iter().collect();
        // 时间:2019-05-19 / 日期:2022-09-02
        for key in ["时间:", "日期:", "发布时间:", "发布日期:", "成文日期:"] {
            if let Some(p) = s.find(key) {
                let rest = &s[p + key.len()..];
                if let Some(d) = iso_date(rest) {
                    return Some(d);
                }
            }
        }
        // a dateline near the top: "来源:某某日报 2023-03-15"
        if lines.first().is_some_and(|f| a < f.0 + 400) {
            if let Some(p) = (a..b.saturating_sub(9)).find(|&k| {
                t[k..k + 10].iter().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        *c == '-'
                    } else {
                        is_digit(*c)
                    }
                }) && (k == a || !is_digit(t[k - 1]))
            }) {
                let cand: String = t[p..p + 10].iter().collect();
                if let Some(d) = iso_date(&cand) {
                    return Some(d);
                }
            }
        }
        // a line that is only a date: 2023年5月20日
        if b - a <= 12 {
            if let Some(d) = cn_date(&s) {
                return Some(d);
            }
        }
    }
    None
}

fn iso_date(s: &str) -> Option<String> {
    let c: Vec<char> = s.trim_start().chars().take(10).collect();
    if c.len() == 10 && c[4] == '-' && c[7] == '-' {
        let y: String = c[0..4].iter().collect();
        let m: String = c[5..7].iter().collect();
        let d: String = c[8..10].iter().collect();
        if y.parse::<u32>().is_ok()
            && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        {
            return Some(format!("{y}-{m}-{d}"));
        }
    }
    cn_date(s.trim_start())
}

fn cn_date(s: &str) -> Option<String> {
    let s = s.trim();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    if !rest.trim().is_empty() {
        return None;
    }
    let y: u32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

struct Gazetteer {
    /// (short name, province index or None for a province itself, city index)
    names: Vec<(Vec<char>, usize, Option<usize>)>,
    provinces: Vec<String>,
    cities: Vec<String>,
    by_first: Vec<(char, Vec<usize>)>,
    /// Bitmap of first characters in the BMP.
    first_bits: Vec<u64>,
}

static GAZETTEER: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(|| {
    let mut g = Gazetteer {
        names: Vec::new(),
        provinces: Vec::new(),
        cities: Vec::new(),
        by_first: Vec::new(),
        first_bits: vec![0u64; 1024],
    };
    for line in REGIONS.lines() {
        let Some((prov, cities)) = line.split_once(':') else {
            continue;
        };
        let pi = g.provinces.len();
        g.provinces.push(prov.to_string());
        let mut short = prov.to_string();
        for suf in [
            "壮族自治区",
            "回族自治区",
            "维吾尔自治区",
            "自治区",
            "省",
            "市",
        ] {
            if let Some(r) = short.strip_suffix(suf) {
                short = r.to_string();
                break;
            }
        }
        g.names.push((short.chars().collect(), pi, None));
        for city in cities.split(',').filter(|c| !c.is_empty()) {
            let ci = g.cities.len();
            g.cities.push(city.to_string());
            g.names.push((city.chars().collect(), pi, Some(ci)));
        }
    }
    g.names.push(("全国".chars().collect(), usize::MAX, None));
    let mut map: std::collections::BTreeMap<char, Vec<usize>> = Default::default();
    for (i, (n, _, _)) in g.names.iter().enumerate() {
        if let Some(c) = n.first() {
            map.entry(*c).or_default().push(i);
        }
    }
    for c in map.keys() {
        let u = *c as usize;
        if u < 65536 {
            g.first_bits[u >> 6] |= 1u64 << (u & 63);
        }
    }
    g.by_first = map.into_iter().collect();
    g
});

/// Positions of gazetteer names in the text: (offset, name index).
pub(crate) fn region_hits(t: &[char]) -> Vec<(usize, usize)> {
    let g = &*GAZETTEER;
    let mut out = Vec::new();
    let (lo, hi) = (
        g.by_first.first().map(|x| x.0).unwrap_or('\0'),
        g.by_first.last().map(|x| x.0).unwrap_or('\0'),
    );
    for k in 0..t.len() {
        let c = t[k];
        let u = c as usize;
        if c < lo || c > hi || (u < 65536 && g.first_bits[u >> 6] & (1u64 << (u & 63)) == 0) {
            continue;
        }
        if let Ok(pos) = g.by_first.binary_search_by(|x| x.0.cmp(&c)) {
            for &i in &g.by_first[pos].1 {
                let name = &g.names[i].0;
                if k + name.len() <= t.len() && t[k..k + name.len()] == name[..] {
                    out.push((k, i));
                }
            }
        }
    }
    out
}

/// Most specific region named in t[a..b], from precomputed hits.
pub(crate) fn region_of(hits: &[(usize, usize)], a: usize, b: usize) -> Option<String> {
    let g = &*GAZETTEER;
    let mut counts = vec![0usize; g.names.len()];
    for &(k, i) in hits {
        if k >= a && k < b {
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        }
    }
    let national = counts.last().copied().unwrap_or(0);
    let mut best_city: Option<(usize, usize)> = None;
    let mut best_prov: Option<(usize, usize)> = None;
    for (i, (_, pi, ci)) in g.names.iter().enumerate() {
        let c = counts[i];
        if c == 0 || *pi == usize::MAX {
            continue;
        }
        match ci {
            Some(_) => {
                if best_city.is_none_or(|(bc, _)| c > bc) {
                    best_city = Some((c, i));
                }
            }
            None => {
                if best_prov.is_none_or(|(bc, _)| c > bc) {
                    best_prov = Some((c, i));
                }
            }
        }
    }
    let city_name = |i: usize| -> Option<String> {
        let (_, pi, ci) = &g.names[i];
        let city = g.cities.get((*ci)?)?;
        let prov = g.provinces.get(*pi)?;
        let suffix = if ["延边", "恩施", "湘西"].contains(&city.as_str()) {
            "州"
        } else {
            "市"
        };
        Some(format!("{prov}{city}{suffix}"))
    };
    if let Some((cc, i)) = best_city {
        if cc >= 2 && national < cc * 2 {
            return city_name(i);
        }
    }
    if national >= 3 {
        return Some("全国".to_string());
    }
    if let Some((pc, i)) = best_prov {
        if pc >= 2 {
            return g.provinces.get(g.names[i].1).cloned();
        }
    }
    best_city.and_then(|(_, i)| city_name(i))
}

pub(crate) fn parts(ctx: &Ctx) -> Vec<PartInfo> {
    let t = ctx.t;
    if ctx.o.parts.len() <= 1 {
        return Vec::new();
    }
    let hits = &ctx.region_hits;
    ctx.o
        .parts
        .iter()
        .filter_map(|p| {
            let name = p.name.clone()?;
            let le = (p.start..p.end).find(|&k| t[k] == '\n').unwrap_or(p.end);
            Some(PartInfo {
                part: name,
                heading: ctx.n.disp(p.start, le).trim().to_string(),
                region: region_of(hits, p.start, p.end),
                offset: p.start,
            })
        })
        .collect()
}

/// Detect a text that stops mid-sentence: returns the tail of the last substantial line.
pub(crate) fn truncation(ctx: &Ctx) -> Option<(String, usize)> {
    let t = ctx.t;
    let lines = lines_of(t);
    let substantial = |a: usize, b: usize| {
        let han = t[a..b].iter().filter(|c| is_han(**c)).count();
        let line: String = t[a..b].iter().collect();
        han >= 15
            && (line.contains('。')
                || line.contains(';')
                || line.ends_with(',')
                || b == t.len()
                || line.ends_with('\u{FFFD}'))
            && ![
                "版权",
                "ICP",
                "备案",
                "公网安备",
                "免责声明",
                "来源:",
                "责任编辑",
                "Copyright",
                "copyright",
                "联系电话",
                "地址:",
            ]
            .iter()
            .any(|w| line.contains(w))
    };
    let mut last = None;
    for &(a, b) in lines.iter().rev() {
        let (a, b) = trimmed(t, a, b);
        if a < b && substantial(a, b) {
            last = Some((a, b));
            break;
        }
    }
    let (a, b) = last?;
    let end = t[b - 1];
    if matches!(
        end,
        '。' | '!' | '?' | ';' | '”' | '」' | ')' | '…' | '.' | '》' | '】' | ':' | '"' | '’'
    ) {
        return None;
    }
    let s = b.saturating_sub(20).max(a);
    Some((ctx.n.disp(s, b), s))
}

pub(crate) fn warnings(ctx: &Ctx, truncated: Option<(String, usize)>) -> Vec<Warning> {
    let t = ctx.t;
    let mut w = Vec::new();
    if ctx.n.pinyin_removed > 0 {
        w.push(Warning::PinyinRemoved {
            count: ctx.n.pinyin_removed,
        });
    }
    if ctx.n.traditional_converted > 0 {
        w.push(Warning::TraditionalConverted {
            count: ctx.n.traditional_converted,
        });
    }
    for &orig in &ctx.n.ocr_repaired {
        // the repaired character in the normalised text (the map is non-decreasing)
        let k = ctx.n.map.partition_point(|m| *m < orig);
        let s = (k.saturating_sub(3)..k)
            .find(|&j| t[j].is_ascii_digit())
            .unwrap_or(k);
        w.push(Warning::OcrRepaired {
            text: ctx.n.disp(s, k + 1),
            offset: s,
        });
    }
    for m in &ctx.years {
        if m.placeholder {
            // the token itself: find the year digits inside the marker
            let s = (m.start..m.end)
                .find(|&k| t[k] == '1' || t[k] == '2')
                .unwrap_or(m.start);
            let e = (s..m.end)
                .find(|&k| t[k] == '年')
                .map(|k| k + 1)
                .unwrap_or(m.end);
            w.push(Warning::YearPlaceholder {
                text: ctx.n.disp(s, e),
                offset: s,
            });
        }
    }
    // placeholders not used as markers (20XX年出台)
    let mut i = 0;
    while i + 4 <= t.len() {
        if !matches!(t[i], '1' | '2') {
            i += 1;
            continue;
        }
        if let Some((None, e, true)) = crate::years::year_token(t, i) {
            let k = ctx.years.partition_point(|m| m.start <= i);
            let covered = k > 0 && ctx.years.get(k - 1).is_some_and(|m| i < m.end);
            if !covered {
                let e2 = if t.get(e) == Some(&'年') { e + 1 } else { e };
                w.push(Warning::YearPlaceholder {
                    text: ctx.n.disp(i, e2),
                    offset: i,
                });
            }
            i = e;
            continue;
        }
        i += 1;
    }
    // mojibake: ? or U+FFFD inside running CJK text, or Latin-1 garbage runs
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        if c == '?' || c == '\u{FFFD}' {
            let s = i;
            while i < t.len() && (t[i] == '?' || t[i] == '\u{FFFD}') {
                i += 1;
            }
            let prev_ok = s > 0
                && (is_han(t[s - 1]) || is_digit(t[s - 1]) || matches!(t[s - 1], '。' | '"' | '”'));
            let next_ok = t
                .get(i)
                .is_some_and(|c| is_han(*c) || is_digit(*c) || c.is_ascii_lowercase());
            let fffd = t[s..i].contains(&'\u{FFFD}');
            let near_prev = w.iter().rev().find_map(|x| match x {
                Warning::Mojibake { offset, .. } => Some(*offset),
                _ => None,
            });
            if near_prev.is_some_and(|o| s < o + 8) {
                continue;
            }
            if fffd || (prev_ok && next_ok) {
                let le = (i..t.len()).find(|&k| t[k] == '\n').unwrap_or(t.len());
                let e = (i + 8).min(le);
                w.push(Warning::Mojibake {
                    text: ctx.n.disp(s, e),
                    offset: s,
                });
            }
            continue;
        }
        if ('\u{00C0}'..='\u{00FF}').contains(&c) {
            let s = i;
            while i < t.len() && (('\u{0080}'..='\u{00FF}').contains(&t[i])) {
                i += 1;
            }
            if i - s >= 3 {
                w.push(Warning::Mojibake {
                    text: ctx.n.disp(s, i),
                    offset: s,
                });
            }
            continue;
        }
        i += 1;
    }
    w.extend(watermarks(ctx));
    if let Some((text, _)) = truncated {
        w.push(Warning::Truncated { text });
    }
    w
}

fn watermarks(ctx: &Ctx) -> Vec<Warning> {
    let t = ctx.t;
    let mut out = Vec::new();
    // repeated short lines
    let mut counts: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    for (a, b) in lines_of(t) {
        let (a, b) = trimmed(t, a, b);
        if b > a + 1 && b - a <= 30 && crate::outline::detect_marker(t, a, b).is_none() {
            let s: String = t[a..b].iter().collect();
            let e = counts.entry(s).or_insert((0, a));
            e.0 += 1;
        }
    }
    let mut rep: Vec<(String, (usize, usize))> =
        counts.into_iter().filter(|(_, (c, _))| *c >= 3).collect();
    rep.sort_by_key(|(_, (_, off))| *off);
    for (_, (c, off)) in rep {
        let e = (off..t.len()).find(|&k| t[k] == '\n').unwrap_or(t.len());
        out.push(Warning::Watermark {
            text: ctx.n.disp(off, e).trim().to_string(),
            offset: off,
            count: c,
        });
    }
    // bracketed site names: (范文网) 【www.xxx.com】
    let mut i = 0;
    while i < t.len() {
        if matches!(t[i], '(' | '【' | '[') {
            let close = match t[i] {
                '(' => ')',
                '【' => '】',
                _ => ']',
            };
            if let Some(len) = t[i + 1..(i + 30).min(t.len())]
                .iter()
                .position(|c| *c == close)
            {
                let inner_chars = &t[i + 1..i + 1 + len];
                let site = (inner_chars.last() == Some(&'网') && len <= 10)
                    || (inner_chars.contains(&'.') && {
                        let inner: String = inner_chars.iter().collect();
                        ["www.", ".com", ".net", ".cn"]
                            .iter()
                            .any(|w| inner.contains(w))
                    });
                let text = if site && out.len() < 32 {
                    ctx.n.disp(i, i + len + 2)
                } else {
                    String::new()
                };
                if !text.is_empty()
                    && !out
                        .iter()
                        .any(|w| matches!(w, Warning::Watermark { text: x, .. } if *x == text))
                {
                    let count = ctx
                        .t
                        .windows(len + 2)
                        .filter(|w| w[0] == t[i] && w[1] == t[i + 1] && w == &&t[i..i + len + 2])
                        .count();
                    {
                        out.push(Warning::Watermark {
                            text,
                            offset: i,
                            count,
                        });
                    }
                }
                i += len + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn split_cells(t: &[char], a: usize, b: usize, sep: char) -> Vec<(usize, usize)> {
    let mut cells = Vec::new();
    let mut s = a;
    let mut k = a;
    while k < b {
        // ' ' stands for a run of two or more spaces (text copied out of a PDF table)
        let hit = if sep == ' ' {
            t[k] == ' ' && t.get(k + 1) == Some(&' ')
        } else {
            t[k] == sep
        };
        if hit {
            cells.push(trimmed(t, s, k));
            let mut e = k + 1;
            if sep == ' ' {
                while e < b && t[e] == ' ' {
                    e += 1;
                }
            }
            s = e;
            k = e;
            continue;
        }
        k += 1;
    }
    cells.push(trimmed(t, s, b));
    if sep == '|' {
        if cells.first().is_some_and(|(x, y)| x == y) {
            cells.remove(0);
        }
        if cells.last().is_some_and(|(x, y)| x == y) {
            cells.pop();
        }
    }
    cells
}

fn row_sep(line: &[char]) -> Option<char> {
    if line.contains(&'\t') {
        Some('\t')
    } else if line.iter().filter(|c| **c == '|').count() >= 2 {
        Some('|')
    } else if line
        .windows(2)
        .filter(|w| w[0] == ' ' && w[1] == ' ')
        .count()
        >= 2
        && line.iter().take_while(|c| **c == ' ').count() < 2
    {
        Some(' ')
    } else {
        None
    }
}

/// Targets from an indicator table flattened to text: a header with an indicator column,
/// an optional unit column and year columns (基期 2020年 | 目标 2025年); the latest year
/// column gives the target. Returns the targets and the char ranges of the table rows.
pub(crate) fn table_targets(ctx: &Ctx) -> (Vec<crate::extract::Target>, Vec<(usize, usize)>) {
    use crate::extract::{Comparator, Target};
    let t = ctx.t;
    let lines = lines_of(t);
    let mut out = Vec::new();
    let mut ranges = Vec::new();
    let mut li = 0;
    while li < lines.len() {
        let (a, b) = lines[li];
        let Some(sep) = row_sep(&t[a..b]) else {
            li += 1;
            continue;
        };
        let header = split_cells(t, a, b, sep);
        let hs: Vec<String> = header
            .iter()
            .map(|(x, y)| t[*x..*y].iter().collect())
            .collect();
        let ind_col = hs
            .iter()
            .position(|h| h.contains("指标") && !h.contains("属性") && h.chars().count() <= 10);
        let unit_col = hs.iter().position(|h| {
            h == "单位" || h == "计量单位" || h.ends_with("单位") && h.chars().count() <= 4
        });
        // year columns: (col, year, is_target)
        let mut ycols: Vec<(usize, Option<i32>, bool)> = Vec::new();
        for (ci, (x, y)) in header.iter().enumerate() {
            let h = &hs[ci];
            let mut yr = None;
            let mut ph = false;
            for k in *x..*y {
                if let Some((v, _, p)) = crate::years::year_token(t, k) {
                    yr = v;
                    ph = p;
                    break;
                }
                if let Some((v, _)) = crate::years::fyp_token(t, k) {
                    yr = Some(v);
                    break;
                }
            }
            let target_word = h.contains("目标") || h.contains("预期");
            let base_word = h.contains("基期")
                || h.contains("基数")
                || h.contains("现状")
                || h.contains("基准")
                || h.contains("完成");
            if (yr.is_some() || ph || target_word) && !base_word {
                ycols.push((ci, yr, target_word));
            }
        }
        let (Some(ic), false) = (ind_col, ycols.is_empty()) else {
            li += 1;
            continue;
        };
        // the target column: an explicit 目标 column, else the latest year
        let tc = ycols
            .iter()
            .filter(|c| c.2)
            .max_by_key(|c| c.1.unwrap_or(0))
            .or_else(|| ycols.iter().max_by_key(|c| c.1.unwrap_or(0)))
            .copied();
        let Some((tcol, tyear, _)) = tc else {
            li += 1;
            continue;
        };
        let table_start = a;
        li += 1;
        let mut last_end = b;
        while li < lines.len() {
            let (ra, rb) = lines[li];
            if row_sep(&t[ra..rb]).is_none() {
                break;
            }
            last_end = rb;
            let cells = split_cells(t, ra, rb, sep);
            let get = |c: usize| cells.get(c).copied();
            li += 1;
            let (Some((nx, ny)), Some((vx, vy))) = (get(ic), get(tcol)) else {
                continue;
            };
            let Some(d0) = (vx..vy).find(|&k| is_digit(t[k])) else {
                continue;
            };
            let Some(q) = crate::quantity::parse_quantity(t, d0) else {
                continue;
            };
            let pre: String = t[vx..d0].iter().collect();
            let mut name = ctx.n.disp(nx, ny);
            // unit: unit column, else "(单位)" at the end of the name, else the value cell
            let mut unit = get(unit_col.unwrap_or(usize::MAX))
                .map(|(x, y)| crate::normalize::simplify(&t[x..y].iter().collect::<String>()));
            if unit.as_deref().is_none_or(|u| u.is_empty()) {
                let simp: String = t[nx..ny].iter().collect();
                if simp.ends_with(')') {
                    if let Some(p) = simp.rfind('(') {
                        let u = simp[p + 1..simp.len() - 1].to_string();
                        if u.chars().count() <= 8 && !u.is_empty() {
                            unit = Some(u);
                            name = name.chars().take(simp[..p].chars().count()).collect();
                        }
                    }
                }
            }
            if unit.as_deref().is_none_or(|u| u.is_empty()) {
                unit = q.unit.clone();
            }
            let name = name
                .trim_start_matches(|c: char| {
                    is_digit(c) || matches!(c, '.' | '、' | '(' | ')' | ' ')
                })
                .trim()
                .to_string();
            if name.chars().filter(|c| is_han(*c)).count() == 0 {
                continue;
            }
            let comparator = if q.value_max.is_some() {
                Comparator::Range
            } else if pre.contains('≥') || pre.contains(">=") || q.post == Some("以上") {
                Comparator::Ge
            } else if pre.contains('≤')
                || pre.contains("<=")
                || matches!(q.post, Some("以下") | Some("以内"))
            {
                Comparator::Le
            } else if pre.contains('>') || pre.contains("超过") {
                Comparator::Gt
            } else if pre.contains('<') {
                Comparator::Lt
            } else if pre.contains('约') || q.post == Some("左右") {
                Comparator::Approx
            } else {
                Comparator::Eq
            };
            let delta = ["年均增长", "增长", "提高", "增加", "增速", "增幅"]
                .iter()
                .any(|w| name.contains(w));
            out.push(Target {
                indicator_text: name,
                indicator: None,
                comparator,
                value: Some(q.value),
                value_max: q.value_max,
                unit: unit.filter(|u| !u.is_empty()),
                year: tyear,
                delta,
                source_text: ctx.n.disp(ra, rb),
                offset: d0,
                section: ctx.o.class_at(ra),
                part: ctx
                    .o
                    .parts
                    .get(ctx.o.part_at(ra))
                    .and_then(|p| p.name.clone()),
            });
        }
        ranges.push((table_start, last_end));
    }
    (out, ranges)
}

/// Tasks from a responsibility table flattened to text (cells separated by tabs or `|`).
pub(crate) fn table_tasks(ctx: &Ctx) -> Vec<Task> {
    let t = ctx.t;
    let lines = lines_of(t);
    let mut out = Vec::new();
    let split = |a: usize, b: usize, sep: char| split_cells(t, a, b, sep);
    let mut li = 0;
    while li < lines.len() {
        let (a, b) = lines[li];
        let line = &t[a..b];
        let Some(sep) = row_sep(line) else {
            li += 1;
            continue;
        };
        let s: String = line.iter().collect();
        if !(s.contains("牵头") || s.contains("责任单位") || s.contains("责任部门")) {
            li += 1;
            continue;
        }
        let header = split(a, b, sep);
        let hs: Vec<String> = header
            .iter()
            .map(|(x, y)| t[*x..*y].iter().collect())
            .collect();
        let find = |ws: &[&str]| {
            hs.iter().position(|h| {
                ws.iter().any(|w| h.contains(w))
                    && h.chars().count() <= 12
                    && !h.contains("领导")
                    && !h.contains("联系人")
            })
        };
        let num_col = find(&["序号", "编号"]);
        let lead_col = find(&["牵头"]);
        let coop_col = find(&["配合", "协办", "参与"]);
        let resp_col = find(&["责任单位", "责任部门", "责任主体"]);
        let due_col = find(&["完成时限", "完成时间", "时间节点", "时限", "完成期限"]);
        let task_col = hs.iter().position(|h| {
            ["任务", "内容", "事项", "工作", "措施", "举措"]
                .iter()
                .any(|w| h.contains(w))
                && !h.contains("牵头")
                && !h.contains("责任")
                && !h.contains("配合")
        });
        if task_col.is_none() || (lead_col.is_none() && resp_col.is_none()) {
            li += 1;
            continue;
        }
        let task_col = task_col.unwrap_or(0);
        let mut prev_lead: Vec<String> = Vec::new();
        let mut group: Option<String> = None;
        let mut rown = 0;
        li += 1;
        while li < lines.len() {
            let (ra, rb) = lines[li];
            let rs: String = t[ra..rb].iter().collect();
            if row_sep(&t[ra..rb]) != Some(sep) {
                // a group row ("一、平台建设") or a blank line inside the table
                let next_is_row = lines
                    .get(li + 1)
                    .is_some_and(|(na, nb)| t[*na..*nb].contains(&sep));
                if next_is_row && rs.chars().count() <= 40 {
                    group = Some(ctx.n.disp(ra, rb).trim().to_string())
                        .filter(|g| !g.is_empty())
                        .or(group);
                    li += 1;
                    continue;
                }
                break;
            }
            let cells = split(ra, rb, sep);
            let cell = |c: Option<usize>| -> String {
                c.and_then(|i| cells.get(i))
                    .map(|(x, y)| t[*x..*y].iter().collect())
                    .unwrap_or_default()
            };
            let dcell = |c: Option<usize>| -> Option<(usize, usize)> {
                c.and_then(|i| cells.get(i)).copied()
            };
            rown += 1;
            let Some((tx, ty)) = dcell(Some(task_col)) else {
                li += 1;
                continue;
            };
            if tx == ty {
                li += 1;
                continue;
            }
            if !t[tx..ty].iter().any(|c| is_han(*c)) {
                li += 1;
                continue;
            }
            let mut te = tx;
            while te < ty && t[te] != '。' {
                te += 1;
            }
            let number = {
                let n = cell(num_col);
                let n = n
                    .trim_matches(|c: char| matches!(c, '.' | '、' | '(' | ')' | ' '))
                    .to_string();
                if n.is_empty() {
                    rown.to_string()
                } else {
                    n
                }
            };
            let (mut lead, mut coop, mut joint, mut rtext) = (Vec::new(), Vec::new(), false, None);
            if let Some(lc) = lead_col {
                let l = cell(Some(lc));
                lead = split_names(l.trim_end_matches("牵头"));
                if lead.is_empty() {
                    lead = prev_lead.clone();
                }
                coop = split_names(cell(coop_col).trim_end_matches("配合"));
                let mut parts = vec![cell(Some(lc))];
                if coop_col.is_some() {
                    parts.push(cell(coop_col));
                }
                rtext = Some(parts.join("\t"));
            } else if let Some(r) = parse_clause(&cell(resp_col), ctx.first_is_lead) {
                lead = r.lead;
                coop = r.cooperating;
                joint = r.joint;
                rtext = Some(cell(resp_col));
            }
            prev_lead = lead.clone();
            out.push(Task {
                number,
                title: ctx.n.disp(tx, te),
                group: group.clone(),
                lead,
                cooperating: coop,
                joint,
                resp_text: rtext,
                deadline: Some(cell(due_col)).filter(|d| !d.is_empty()),
                truncated: false,
                offset: ra,
                part: None,
            });
            li += 1;
        }
    }
    let _ = starts_with;
    out
}

/// A cell of a table flattened one cell per line is short and holds no sentence punctuation.
fn header_cell(t: &[char], a: usize, b: usize) -> bool {
    b > a && b - a <= 12 && !t[a..b].iter().any(|c| matches!(c, '。' | ',' | ';' | ':'))
}

/// A row number cell: digits only (`1`, `12`), possibly with `.` or `、`.
fn number_cell(t: &[char], a: usize, b: usize) -> Option<String> {
    let s: String = t[a..b]
        .iter()
        .filter(|c| !matches!(c, '.' | '、'))
        .collect();
    (!s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit())).then_some(s)
}

/// Tasks from a table flattened one cell per line (a PDF or web table copied as text):
///
/// ```text
/// 序号 / 任务名称 / 任务内容 / … / 实施单位      header, one cell per line
/// (一)夯实…                                      optional group rows
/// 1 / 推进… / 推进…。 / … / 市交通委、久事公交     rows: a number line, then the cells,
///                                                  up to a blank line
/// ```
///
/// The header needs a 序号 column, a task column (任务, 项目, 事项, 措施, 名称) and a unit
/// column (牵头, 责任, 实施, 配合 … 单位/部门). When a row has more cells than the header has
/// columns (a column spans year sub-columns), the first half of the columns is read from the
/// row's start and the second half from its end. A row whose unit cell is empty inherits the
/// units of the row above (a merged cell). Returns the tasks and the char ranges of the tables.
pub(crate) fn vertical_table_tasks(ctx: &Ctx) -> (Vec<Task>, Vec<(usize, usize)>) {
    let t = ctx.t;
    let lines: Vec<(usize, usize)> = lines_of(t)
        .into_iter()
        .map(|(a, b)| trimmed(t, a, b))
        .collect();
    let mut out = Vec::new();
    let mut ranges = Vec::new();
    let text = |a: usize, b: usize| -> String { t[a..b].iter().collect() };
    let mut li = 0;
    while li < lines.len() {
        let (a, b) = lines[li];
        if b != a + 2 || !matches!((t[a], t[a + 1]), ('序' | '编', '号')) {
            li += 1;
            continue;
        }
        let h = text(a, b);
        // header cells: the short lines after 序号
        let mut cols = vec![h];
        let mut k = li + 1;
        while k < lines.len() && header_cell(t, lines[k].0, lines[k].1) && cols.len() < 12 {
            cols.push(text(lines[k].0, lines[k].1));
            k += 1;
        }
        let role = |c: &String, ws: &[&str]| ws.iter().any(|w| c.contains(w));
        let unit_col = cols.iter().position(|c| {
            role(c, &["牵头", "责任", "实施", "承担", "主体"]) && role(c, &["单位", "部门", "主体"])
        });
        let coop_col = cols
            .iter()
            .position(|c| role(c, &["配合", "协办", "参与"]) && role(c, &["单位", "部门"]));
        let name_col = cols.iter().position(|c| {
            role(c, &["任务", "项目", "事项", "措施", "名称", "工作"])
                && !role(c, &["单位", "部门", "目标", "时间", "时限"])
        });
        let (Some(uc), Some(nc)) = (unit_col, name_col) else {
            li = k;
            continue;
        };
        let lead_role = cols[uc].contains("牵头");
        let ncols = cols.len();
        let start = a;
        let mut end = lines[k.saturating_sub(1)].1;
        let mut group: Option<String> = None;
        let mut prev_units: Option<crate::resp::Responsibility> = None;
        let rows_before = out.len();
        li = k;
        loop {
            // skip blank lines and sub-header lines (2023年 / 2024年) before the first row
            while li < lines.len() && lines[li].0 == lines[li].1 {
                li += 1;
            }
            let Some(&(ra, rb)) = lines.get(li) else {
                break;
            };
            if number_cell(t, ra, rb).is_none() {
                let is_group = crate::outline::detect_marker(t, ra, rb).is_some() && rb - ra <= 40;
                let sub_header =
                    header_cell(t, ra, rb) && out.len() == rows_before && group.is_none();
                if is_group {
                    group = Some(ctx.n.disp(ra, rb));
                    end = rb;
                    li += 1;
                    continue;
                }
                if sub_header {
                    li += 1;
                    continue;
                }
                break;
            }
            // one row: the number line and the cells up to a blank line
            let mut cells: Vec<(usize, usize)> = Vec::new();
            while li < lines.len() && lines[li].0 < lines[li].1 {
                cells.push(lines[li]);
                li += 1;
            }
            end = cells.last().map_or(end, |c| c.1);
            let cell = |col: usize| -> Option<(usize, usize)> {
                if cells.len() == ncols || col * 2 < ncols {
                    cells.get(col).copied()
                } else {
                    cells
                        .len()
                        .checked_sub(ncols - col)
                        .and_then(|i| cells.get(i))
                        .copied()
                }
            };
            let Some((na, nb)) = cell(nc) else { continue };
            let number = number_cell(t, cells[0].0, cells[0].1).unwrap_or_default();
            let units_text = cell(uc).map(|(x, y)| text(x, y)).unwrap_or_default();
            let units_text = units_text.trim_end_matches(['、', ',', ' ']).to_string();
            let parsed = if units_text.is_empty() || units_text == "/" {
                prev_units.clone()
            } else {
                crate::resp::parse_clause(&units_text, ctx.first_is_lead).or_else(|| {
                    // a cell names units even when some are not department names
                    let names = split_names(&units_text);
                    (!names.is_empty()).then(|| crate::resp::Responsibility {
                        joint: names.len() > 1,
                        lead: names,
                        cooperating: Vec::new(),
                    })
                })
            };
            let mut r = parsed.clone().unwrap_or_default();
            if let Some(cc) = coop_col {
                if let Some((x, y)) = cell(cc) {
                    let c = split_names(&text(x, y));
                    if !c.is_empty() {
                        r.cooperating = c;
                    }
                }
            }
            if lead_role && r.joint && !r.lead.is_empty() {
                // a 牵头 column: several units are co-leads
                r.joint = false;
            }
            prev_units = parsed;
            let mut te = na;
            while te < nb && t[te] != '。' {
                te += 1;
            }
            out.push(Task {
                number,
                title: ctx.n.disp(na, te),
                group: group.clone(),
                lead: r.lead,
                cooperating: r.cooperating,
                joint: r.joint,
                resp_text: Some(
                    ctx.n
                        .disp(cell(uc).map_or(na, |c| c.0), cell(uc).map_or(na, |c| c.1)),
                )
                .filter(|s| !s.is_empty()),
                deadline: None,
                truncated: false,
                offset: cells[0].0,
                part: None,
            });
        }
        ranges.push((start, end));
    }
    (out, ranges)
}
