//! Layout robustness: every development document (`../shared/seeds/*.txt` and
//! `../shared/devset/ext/docs/*.txt`, read at run time) must give the same targets (value,
//! unit, year, comparator) and tasks (number, title, lead and cooperating units) after a
//! corruption that a user's copy-paste or export may apply. Skipped with a note when
//! `../shared` is missing.
//!
//! The corruptions are defined on the document's lines (its paragraphs):
//! * `html`: one `<p class=…>` per line, consecutive lines with tabs as `<table>` rows, `&`, `<`
//!   and `>` escaped as entities;
//! * `traditional`: simplified characters replaced by a traditional form (inverse of the
//!   crate's folding table);
//! * `pinyin`: a toned pinyin bracket `(xīn)` after every second Han character;
//! * `pdf_spacing`: a single space between adjacent CJK characters and around numbers;
//! * `watermark`: a watermark line after every line;
//! * `reflow`: every paragraph cut into 40-character lines, paragraphs separated by a blank
//!   line (a blank line stands for the paragraph break, as in text copied from a PDF);
//! * `width`: ASCII switched to full-width forms and full-width forms to ASCII;
//! * `crlf`: CRLF line ends.

use innocity_text::{extract, simplify, t2s_char, Extraction, Options};
use std::collections::HashMap;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/");

fn documents() -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for dir in ["seeds", "devset/ext/docs"] {
        let Ok(rd) = std::fs::read_dir(format!("{SHARED}{dir}")) else {
            continue;
        };
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "txt") {
                if let Ok(s) = std::fs::read_to_string(&p) {
                    let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                    out.push((name.unwrap_or_default(), s.replace("\r\n", "\n")));
                }
            }
        }
    }
    if out.is_empty() {
        eprintln!("note: {SHARED} holds no development documents; corruption tests skipped");
        return None;
    }
    Some(out)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

fn html(doc: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::from("<html><body>\n");
    let mut in_table = false;
    for line in doc.lines() {
        if line.contains('\t') {
            if !in_table {
                out.push_str("<table border=\"1\">\n");
                in_table = true;
            }
            out.push_str("<tr>");
            for cell in line.split('\t') {
                out.push_str(&format!("<td style=\"width:10%\">{}</td>", esc(cell)));
            }
            out.push_str("</tr>\n");
            continue;
        }
        if in_table {
            out.push_str("</table>\n");
            in_table = false;
        }
        out.push_str(&format!("<p class=\"para\">{}</p>\n", esc(line)));
    }
    if in_table {
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn s2t_table() -> HashMap<char, char> {
    let mut m = HashMap::new();
    for u in 0x4E00u32..=0x9FFF {
        if let Some(c) = char::from_u32(u) {
            let s = t2s_char(c);
            if s != c {
                m.entry(s).or_insert(c);
            }
        }
    }
    m
}

fn traditional(doc: &str) -> String {
    let m = s2t_table();
    doc.chars().map(|c| *m.get(&c).unwrap_or(&c)).collect()
}

fn pinyin(doc: &str) -> String {
    const SYL: [&str; 5] = ["chuàng", "xīn", "guó", "jiā", "shì"];
    let mut out = String::new();
    let mut run = 0;
    for c in doc.chars() {
        out.push(c);
        if is_han(c) {
            run += 1;
            if run % 2 == 0 {
                out.push_str(&format!("({})", SYL[(c as usize) % SYL.len()]));
            }
        } else {
            run = 0;
        }
    }
    out
}

fn pdf_spacing(doc: &str) -> String {
    let cjk = |c: char| is_han(c) || "。，、；：（）“”《》".contains(c);
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in doc.chars() {
        if let Some(p) = prev {
            let space = (cjk(p) && cjk(c))
                || (cjk(p) && c.is_ascii_digit())
                || (p.is_ascii_digit() && is_han(c));
            if space {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn watermark(doc: &str) -> String {
    doc.lines()
        .map(|l| format!("{l}\n示例网站 版权所有\n"))
        .collect()
}

fn reflow(doc: &str) -> String {
    let mut paras = Vec::new();
    for line in doc.lines() {
        let chars: Vec<char> = line.chars().collect();
        let pieces: Vec<String> = chars.chunks(40).map(|c| c.iter().collect()).collect();
        paras.push(pieces.join("\n"));
    }
    paras.join("\n\n") + "\n"
}

fn width(doc: &str) -> String {
    doc.chars()
        .map(|c| {
            let u = c as u32;
            match u {
                0x21..=0x7E => char::from_u32(u + 0xFEE0).unwrap_or(c),
                0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
                _ => c,
            }
        })
        .collect()
}

fn crlf(doc: &str) -> String {
    doc.replace('\n', "\r\n")
}

type Key = (Vec<String>, Vec<String>);

fn norm(s: &str) -> String {
    simplify(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn key(x: &Extraction) -> Key {
    let mut targets: Vec<String> = x
        .targets
        .iter()
        .map(|t| {
            format!(
                "{:?}|{:?}|{}|{:?}|{:?}",
                t.value,
                t.value_max,
                norm(t.unit.as_deref().unwrap_or("")),
                t.year,
                t.comparator
            )
        })
        .collect();
    targets.sort();
    let mut tasks: Vec<String> = x
        .tasks
        .iter()
        .map(|k| {
            let names = |v: &[String]| v.iter().map(|n| norm(n)).collect::<Vec<_>>().join("、");
            format!(
                "{}|{}|{}|{}",
                norm(&k.number),
                norm(&k.title),
                names(&k.lead),
                names(&k.cooperating)
            )
        })
        .collect();
    tasks.sort();
    (targets, tasks)
}

/// Multiset difference: (in `a` but not in `b`, in `b` but not in `a`).
fn diff(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut missing = Vec::new();
    for x in a {
        match rest.iter().position(|y| *y == x) {
            Some(p) => {
                rest.remove(p);
            }
            None => missing.push(x.clone()),
        }
    }
    (missing, rest.into_iter().cloned().collect())
}

fn check(name: &str, corrupt: fn(&str) -> String) {
    let Some(docs) = documents() else { return };
    let opts = Options::default();
    let mut failures = Vec::new();
    for (file, doc) in &docs {
        let base = key(&extract(doc, &opts));
        let got = key(&extract(&corrupt(doc), &opts));
        if base != got {
            let (tm, te) = diff(&base.0, &got.0);
            let (km, ke) = diff(&base.1, &got.1);
            failures.push(format!(
                "{file}: targets -{} +{} {:?} {:?}, tasks -{} +{}; first missing task: {:?}; first extra: {:?}",
                tm.len(),
                te.len(),
                tm.first(),
                te.first(),
                km.len(),
                ke.len(),
                km.first(),
                ke.first()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} documents differ:\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
}

#[test]
fn corruption_html() {
    check("html", html);
}
#[test]
fn corruption_traditional() {
    check("traditional", traditional);
}
#[test]
fn corruption_pinyin() {
    check("pinyin", pinyin);
}
#[test]
fn corruption_pdf_spacing() {
    check("pdf_spacing", pdf_spacing);
}
#[test]
fn corruption_watermark() {
    check("watermark", watermark);
}
#[test]
fn corruption_reflow() {
    check("reflow", reflow);
}
#[test]
fn corruption_width() {
    check("width", width);
}
#[test]
fn corruption_crlf() {
    check("crlf", crlf);
}
