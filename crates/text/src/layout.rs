//! Layout repair on the normalised text, keeping the offset map: text run together from a PDF
//! or a CSV export is cut back into items.
//!
//! Every pass edits [`Normalized`] through [`rebuild`], which keeps `simp`, `display` and `map`
//! in step: an inserted line break takes the original offset of the character it precedes.

use crate::normalize::{is_han, Normalized};

/// Apply edits: `drop[i]` removes character `i`; `breaks` (sorted) insert a line break
/// before the given characters.
pub(crate) fn rebuild(n: &mut Normalized, drop: Option<&[bool]>, breaks: &[usize]) {
    if breaks.is_empty() && drop.is_none_or(|d| !d.iter().any(|x| *x)) {
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
        if drop.is_some_and(|d| d.get(i).copied().unwrap_or(false)) {
            continue;
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
    let mut ls = 0;
    while ls < t.len() {
        let le = (ls..t.len()).find(|&k| t[k] == '\n').unwrap_or(t.len());
        if le - ls >= RUN_TOGETHER_MIN {
            let mut line_breaks: Vec<usize> = Vec::new();
            // strict chains first (after a sentence end), headings' chains before items'
            for relaxed in [false, true] {
                for style in [2, 3, 0, 1, 4] {
                    let chain = find_chain(t, ls, le, style, relaxed, &line_breaks);
                    if chain.len() >= 3 {
                        for p in chain {
                            if !line_breaks.contains(&p) {
                                line_breaks.push(p);
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
    rebuild(n, None, &breaks);
}

fn find_chain(
    t: &[char],
    ls: usize,
    le: usize,
    style: usize,
    relaxed: bool,
    known: &[usize],
) -> Vec<usize> {
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
            if t[k] == m[0] && t[k..k + m.len()] == m[..] {
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
                    hit = Some(k);
                    break;
                }
            }
            k += 1;
        }
        match hit {
            Some(k) => {
                out.push(k);
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
