//! Layout repair on the normalised text, keeping the offset map:
//!
//! * PDF spacing: a single space between Han characters, or between Han text and a number
//!   (`重 点实验室`, `达 2.5%`, `到 2025 年`), is removed; runs of two or more spaces stay
//!   (they separate table columns);
//! * repeated watermark lines (the same short line making up a quarter or more of the lines,
//!   and not a unit name repeated down a table column) and
//!   page-number lines (`- 3 -`, `第3页`, `第 3 页 共 9 页`) are removed;
//! * hard-wrapped text (most lines cut at the same width) is joined back into paragraphs, and
//!   double-spaced text (a blank line after every line) gets its single line breaks back;
//! * text run together from a PDF or a CSV export is cut back into items.
//!
//! Every pass edits [`Normalized`] through [`remove`] and [`insert_breaks`], which keep `simp`,
//! `display` and `map` in step: an inserted line break takes the original offset of the
//! character it precedes.

use crate::normalize::{is_han, Normalized};

/// Run every layout pass.
pub(crate) fn repair(n: &mut Normalized) {
    pdf_spaces(n);
    let lines = line_spans(&n.simp);
    let lines = if drop_repeated_lines(n, &lines) {
        line_spans(&n.simp)
    } else {
        lines
    };
    unwrap_hard_wrap(n, &lines);
    undouble_line_breaks(n);
    split_run_together(n);
}

fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '〔'
            | '〕'
            | '【'
            | '】'
            | '…'
            | '—'
            | '∶'
    )
}

/// Remove a single space between Han characters, CJK punctuation and numbers.
fn pdf_spaces(n: &mut Normalized) {
    let t = &n.simp;
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for k in 1..t.len().saturating_sub(1) {
        if t[k] != ' ' || t[k - 1] == ' ' || t[k + 1] == ' ' {
            continue;
        }
        let (l, r) = (t[k - 1], t[k + 1]);
        let cjk =
            |c: char| is_han(c) || is_cjk_punct(c) || matches!(c, ',' | ';' | ':' | '(' | ')');
        let num_end = |c: char| c.is_ascii_digit() || c == '%';
        let remove = (is_han(l) && (cjk(r) || r.is_ascii_digit()))
            || (cjk(l) && cjk(r))
            || (is_cjk_punct(l) && r.is_ascii_digit())
            || (num_end(l) && (is_han(r) || r == '%' || is_cjk_punct(r)));
        if remove {
            drop.push((k, k + 1));
        }
    }
    remove(n, &drop);
}

fn line_spans(t: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (k, c) in t.iter().enumerate() {
        if *c == '\n' {
            out.push((s, k));
            s = k + 1;
        }
    }
    out.push((s, t.len()));
    out
}

fn trim(t: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && matches!(t[a], ' ' | '\t') {
        a += 1;
    }
    while b > a && matches!(t[b - 1], ' ' | '\t') {
        b -= 1;
    }
    (a, b)
}

/// A page-number line: `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 9 页`.
fn is_page_number(l: &[char]) -> bool {
    if l.is_empty() || l.len() > 20 || !matches!(l[0], '-' | '—' | '–' | '第') {
        return false;
    }
    let s: String = l.iter().filter(|c| **c != ' ').collect();
    if s.chars().count() > 12 {
        return false;
    }
    let inner = s.trim_matches(|c| matches!(c, '-' | '—' | '–'));
    let dashed =
        inner.len() < s.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
    let paged = s.starts_with('第')
        && s.contains('页')
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '第' | '页' | '共' | ',' | '/'));
    dashed || paged
}

/// A cheap hash of a line (FNV-1a over the characters), to find repeated lines without a map.
fn line_hash(l: &[char]) -> u64 {
    l.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
        (h ^ *c as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Remove watermark lines (one short line repeated so often that it makes up a quarter or more
/// of the non-empty lines, at least five times, and not a unit name) and page-number lines.
/// Returns true when lines were removed.
fn drop_repeated_lines(n: &mut Normalized, lines: &[(usize, usize)]) -> bool {
    let t = &n.simp;
    // candidate repeated lines: hashes of short lines with Han characters, sorted
    let mut hashes: Vec<u64> = Vec::new();
    let mut nonempty = 0;
    for &(a, b) in lines {
        let (a, b) = trim(t, a, b);
        if b > a {
            nonempty += 1;
            if b - a <= 30 && t[a..b].iter().any(|c| is_han(*c)) {
                hashes.push(line_hash(&t[a..b]));
            }
        }
    }
    hashes.sort_unstable();
    let mut frequent: Vec<u64> = Vec::new();
    let mut k = 0;
    while k < hashes.len() {
        let e = k + hashes[k..].iter().take_while(|h| **h == hashes[k]).count();
        if e - k >= 5 && (e - k) * 4 >= nonempty {
            frequent.push(hashes[k]);
        }
        k = e;
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in lines {
        let (ta, tb) = trim(t, a, b);
        if tb == ta {
            continue;
        }
        let line = &t[ta..tb];
        // a unit name repeated down a table column is a cell, not a watermark
        let repeated = !frequent.is_empty()
            && tb - ta <= 30
            && frequent.contains(&line_hash(line))
            && line.iter().any(|c| is_han(*c))
            && crate::outline::detect_marker(t, ta, tb).is_none()
            && !crate::resp::looks_like_org(&line.iter().collect::<String>());
        if repeated || is_page_number(line) {
            // the line and its line break
            let e = if b < t.len() { b + 1 } else { b };
            drop.push((a, e));
        }
    }
    remove(n, &drop);
    !drop.is_empty()
}

/// Hard-wrapped text: when most long lines have the same length W, a line of length W (±1)
/// continues on the next line, unless that line is blank or starts a numbered item.
fn unwrap_hard_wrap(n: &mut Normalized, lines: &[(usize, usize)]) {
    let t = &n.simp;
    if lines.len() < 8 {
        return;
    }
    // widths are measured in the original text (inline pinyin and spaces removed by the
    // repair do not change where the line was cut)
    let width = |a: usize, b: usize| -> usize {
        if b >= t.len() || b == a {
            return b - a;
        }
        // from the original line start (after the previous line break) to this line break
        let start = if a > 0 { n.map[a - 1] as usize + 1 } else { 0 };
        (n.map[b] as usize).saturating_sub(start)
    };
    // widths up to 400 characters; a longer line is not a wrapped one
    let mut hist = vec![0usize; 402];
    let mut long = 0;
    for &(a, b) in lines {
        let l = width(a, b);
        if l >= 16 {
            long += 1;
            if l <= 400 {
                hist[l] += 1;
            }
        }
    }
    if long < 6 {
        return;
    }
    let Some((w, &cnt)) = hist.iter().enumerate().max_by_key(|(w, c)| (**c, *w)) else {
        return;
    };
    let near = cnt + hist[w - 1] + hist[w + 1];
    if long < 6 || near * 2 < long || w < 16 {
        return;
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = pair[0];
        let (na, nb) = pair[1];
        if b >= t.len() || width(a, b) + 1 < w {
            continue;
        }
        let (xa, xb) = trim(t, na, nb);
        if xb == xa {
            continue;
        }
        // a full line that ends a sentence and is followed by a numbered item is a real break
        let ends_sentence = b > a && matches!(t[b - 1], '。' | ';' | ':' | '!' | '?');
        if ends_sentence && crate::outline::detect_marker(t, xa, xb).is_some() {
            continue;
        }
        drop.push((b, b + 1));
    }
    remove(n, &drop);
}

/// Double-spaced text: when the lines are almost always separated by a blank line, every
/// line break was doubled; runs of line breaks are halved (two become one, four become two).
fn undouble_line_breaks(n: &mut Normalized) {
    let t = &n.simp;
    let (mut single, mut double) = (0usize, 0usize);
    let mut k = 0;
    while k < t.len() {
        if t[k] == '\n' {
            let s = k;
            while k < t.len() && t[k] == '\n' {
                k += 1;
            }
            if s > 0 && k < t.len() {
                if k - s == 1 {
                    single += 1;
                } else {
                    double += 1;
                }
            }
            continue;
        }
        k += 1;
    }
    if double < 8 || single * 10 > double {
        return;
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < t.len() {
        if t[k] == '\n' {
            let s = k;
            while k < t.len() && t[k] == '\n' {
                k += 1;
            }
            let keep = (k - s).div_ceil(2);
            if s + keep < k {
                drop.push((s + keep, k));
            }
            continue;
        }
        k += 1;
    }
    remove(n, &drop);
}

/// Remove the given character ranges (sorted, not overlapping) in place, keeping `simp`,
/// `display` and `map` in step.
pub(crate) fn remove(n: &mut Normalized, ranges: &[(usize, usize)]) {
    if ranges.is_empty() {
        return;
    }
    let len = n.simp.len();
    let mut w = ranges[0].0.min(len);
    let mut r = w;
    for (i, &(a, b)) in ranges.iter().enumerate() {
        let a = a.min(len).max(r);
        // keep [r, a)
        while r < a {
            n.simp[w] = n.simp[r];
            n.display[w] = n.display[r];
            n.map[w] = n.map[r];
            w += 1;
            r += 1;
        }
        r = b.min(len).max(r);
        if i + 1 == ranges.len() {
            while r < len {
                n.simp[w] = n.simp[r];
                n.display[w] = n.display[r];
                n.map[w] = n.map[r];
                w += 1;
                r += 1;
            }
        }
    }
    n.simp.truncate(w);
    n.display.truncate(w);
    n.map.truncate(w);
}

/// Insert a line break before each of the given characters (sorted); the break takes the
/// original offset of the character it precedes.
pub(crate) fn insert_breaks(n: &mut Normalized, breaks: &[usize]) {
    if breaks.is_empty() {
        return;
    }
    let len = n.simp.len();
    let mut simp = Vec::with_capacity(len + breaks.len());
    let mut display = Vec::with_capacity(len + breaks.len());
    let mut map = Vec::with_capacity(len + breaks.len());
    let mut b = 0;
    for i in 0..len {
        while b < breaks.len() && breaks[b] <= i {
            if breaks[b] == i {
                simp.push('\n');
                display.push('\n');
                map.push(n.map[i]);
            }
            b += 1;
        }
        simp.push(n.simp[i]);
        display.push(n.display[i]);
        map.push(n.map[i]);
    }
    n.simp = simp;
    n.display = display;
    n.map = map;
}

const CN: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// The marker text of item `v` in numbering style `style` (0: `1.`, 1: `1、`, 2: `一、`,
/// 3: `(一)`, 4: `(1)`).
fn marker(style: usize, v: usize) -> Vec<char> {
    let cn = |v: usize| -> Vec<char> {
        match v {
            1..=10 => vec![CN[v - 1]],
            11..=19 => vec!['十', CN[v - 11]],
            20..=99 if v.is_multiple_of(10) => vec![CN[v / 10 - 1], '十'],
            21..=99 => vec![CN[v / 10 - 1], '十', CN[v % 10 - 1]],
            _ => Vec::new(),
        }
    };
    let mut m: Vec<char> = Vec::new();
    match style {
        0 | 1 => {
            m.extend(v.to_string().chars());
            m.push(if style == 0 { '.' } else { '、' });
        }
        2 => {
            m.extend(cn(v));
            m.push('、');
        }
        3 => {
            m.push('(');
            m.extend(cn(v));
            m.push(')');
        }
        _ => {
            m.push('(');
            m.extend(v.to_string().chars());
            m.push(')');
        }
    }
    m
}

/// A line this long that holds a numbered list run together is cut into items.
const RUN_TOGETHER_MIN: usize = 300;

/// Text whose paragraphs were run together (PDF/OCR or a CSV field) keeps its numbering inline:
/// `…负责)2.强化财政支持。…` or `…措施。一、构建…载体1.推动…`. In a long line, a chain of
/// consecutive markers 1, 2, 3… of one style, each right after a sentence end or a closing
/// bracket, marks the items; a line break is inserted before each. A marker right after a
/// short heading that itself starts an item of another chain (`二、推动…升级4.推进…`) also
/// counts. A chain needs three items.
pub(crate) fn split_run_together(n: &mut Normalized) {
    let t = &n.simp;
    let mut breaks: Vec<usize> = Vec::new();
    let mut repairs: Vec<usize> = Vec::new();
    let mut ls = 0;
    while ls < t.len() {
        let le = (ls..t.len()).find(|&k| t[k] == '\n').unwrap_or(t.len());
        if le - ls >= RUN_TOGETHER_MIN {
            let mut line_breaks: Vec<usize> = Vec::new();
            // strict chains first (after a sentence end), headings' chains before items'
            for relaxed in [false, true] {
                // a relaxed marker needs a break found by a strict chain
                if relaxed && line_breaks.is_empty() {
                    break;
                }
                for style in [2, 3, 0, 1, 4] {
                    let chain = find_chain(t, ls, le, style, relaxed, &line_breaks);
                    if chain.len() >= 3 {
                        for (p, ocr) in chain {
                            if !line_breaks.contains(&p) {
                                line_breaks.push(p);
                            }
                            if let Some(k) = ocr {
                                repairs.push(k);
                            }
                        }
                    }
                }
                line_breaks.sort_unstable();
            }
            breaks.extend(line_breaks);
        }
        ls = le + 1;
    }
    breaks.sort_unstable();
    breaks.dedup();
    repairs.sort_unstable();
    repairs.dedup();
    for k in repairs {
        n.simp[k] = '.';
        n.ocr_repaired.push(n.map[k]);
    }
    insert_breaks(n, &breaks);
}

/// The markers of one chain: (offset, offset of an OCR `。` read as the marker's `.`).
fn find_chain(
    t: &[char],
    ls: usize,
    le: usize,
    style: usize,
    relaxed: bool,
    known: &[usize],
) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    let mut from = ls;
    for v in 1..100 {
        let m = marker(style, v);
        if m.is_empty() {
            break;
        }
        let mut hit = None;
        let mut k = from;
        while k + m.len() < le {
            // OCR reads the item's full stop as 。 (11。强化…): accepted after a sentence end
            if t[k] != m[0] {
                k += 1;
                continue;
            }
            let ml = m.len();
            let ocr = style == 0
                && t[k..k + ml - 1] == m[..ml - 1]
                && t[k + ml - 1] == '。'
                && k > ls
                && matches!(t[k - 1], '。' | ')' | ';');
            if ocr || (t[k] == m[0] && t[k..k + ml] == m[..]) {
                let after = t[k + m.len()];
                let prev = if k > ls { Some(t[k - 1]) } else { None };
                let follows_item = is_han(after) || matches!(after, '“' | '"' | '(' | '《');
                let prev_ok = match prev {
                    None => true,
                    Some(c) => {
                        matches!(c, '。' | ';' | '!' | '?' | ')' | '”' | '】' | ' ')
                            || (relaxed && is_han(c) && after_short_heading(t, k, known))
                    }
                };
                // a digit marker must not continue a number (12.5, 2.强化 after "1")
                let digit_ok = !(style == 0 || style == 1)
                    || prev.is_none_or(|c| !c.is_ascii_digit() && c != '.');
                if follows_item && prev_ok && digit_ok {
                    hit = Some((k, ocr.then_some(k + ml - 1)));
                    break;
                }
            }
            k += 1;
        }
        match hit {
            Some((k, ocr)) => {
                out.push((k, ocr));
                from = k + m.len();
            }
            None => break,
        }
    }
    out
}

/// True when the text between the nearest known break before `k` and `k` is a short heading
/// without a sentence end.
fn after_short_heading(t: &[char], k: usize, known: &[usize]) -> bool {
    let Some(&b) = known.iter().rev().find(|&&b| b < k) else {
        return false;
    };
    k - b <= 40 && !t[b..k].iter().any(|c| matches!(c, '。' | ';' | ',' | '\n'))
}

#[cfg(test)]
mod tests {
    use crate::normalize::normalize;

    fn simp(s: &str) -> String {
        normalize(s).simp.iter().collect()
    }

    #[test]
    fn pdf_spacing_removed_but_columns_kept() {
        assert_eq!(
            simp("到 2025 年,重 点实验室达 2.5%"),
            "到2025年,重点实验室达2.5%"
        );
        assert_eq!(simp("序号  任务  牵头单位"), "序号  任务  牵头单位");
        assert_eq!(simp("R&D 经费"), "R&D 经费");
    }

    #[test]
    fn page_numbers_and_watermarks_dropped() {
        let mut doc = String::new();
        for i in 0..6 {
            doc.push_str(&format!("第{i}段正文内容。\n示例网站 版权所有\n- {i} -\n"));
        }
        let s = simp(&doc);
        assert!(!s.contains("版权所有") && !s.contains("- 3 -"), "{s}");
        assert!(s.contains("第3段正文内容。"));
    }

    #[test]
    fn hard_wrap_joined_with_offsets() {
        // four paragraphs of 60 distinct characters, cut at 20
        let han = |i: u32| char::from_u32(0x4E00 + i * 7).unwrap_or('一');
        let wrapped: String = (0..4u32)
            .map(|p| {
                let para: Vec<char> = (0..60).map(|i| han(p * 60 + i)).collect();
                para.chunks(20)
                    .map(|c| c.iter().collect::<String>() + "\n")
                    .collect::<String>()
                    + "短行。\n"
            })
            .collect();
        let n = normalize(&wrapped);
        let s: String = n.simp.iter().collect();
        assert_eq!(s.lines().count(), 4, "{s}");
        // every character still maps to the same character of the original (display script)
        let orig: Vec<char> = wrapped.chars().collect();
        assert!(n
            .display
            .iter()
            .zip(&n.map)
            .all(|(c, m)| orig[*m as usize] == *c));
    }

    #[test]
    fn run_together_items_cut() {
        let body = "。1.甲项工作。内容很多很多(市科技局牵头)2.乙项工作。内容(市财政局负责)3.丙项工作。内容(市教育局负责)";
        let doc = format!("{}{}", "前言文字".repeat(80), body);
        let s = simp(&doc);
        assert!(s.contains("。\n1.甲项工作"), "{s}");
        assert!(s.contains("\n2.乙项工作") && s.contains("\n3.丙项工作"));
        let ocr = format!(
            "{}。1.甲。(A局负责)2.乙。(B局负责)3。丙。(C局负责)",
            "前言".repeat(160)
        );
        assert!(simp(&ocr).contains("\n3.丙"));
    }
}
