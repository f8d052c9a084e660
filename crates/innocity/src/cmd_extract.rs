//! `innocity doc extract`: read a plan document (text or .docx), print targets, tasks and phases.
//! See `contracts/plan-extract.md`.

use innocity_text::{decode_any, extract, Extraction, IndicatorRef, Options};
use std::io::{Read, Write};

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Plain-text or .docx file, or `-` for standard input.
    pub file: String,
    /// Output format.
    #[arg(long, value_parser = ["json", "text"], default_value = "text")]
    pub format: String,
    /// Publication date (YYYY-MM-DD), used to resolve 今年 when the text has no date.
    #[arg(long)]
    pub published: Option<String>,
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..10].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn read_input(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(buf);
    }
    let lower = file.to_ascii_lowercase();
    for ext in [
        ".doc", ".pdf", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".odt", ".rtf", ".zip",
    ] {
        if lower.ends_with(ext) {
            return Err(format!(
                "{file}: unsupported format {ext} (give a plain-text or .docx file)"
            ));
        }
    }
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

fn library() -> Vec<IndicatorRef> {
    innocity_domain::builtin_indicators()
        .iter()
        .map(|i| {
            let mut names = vec![i.name_zh.clone()];
            names.extend(i.synonyms.iter().cloned());
            IndicatorRef {
                code: i.code.clone(),
                names,
            }
        })
        .collect()
}

fn print_text(x: &Extraction, out: &mut impl Write) -> std::io::Result<()> {
    let d = &x.document;
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    writeln!(out, "标题: {}", opt(&d.title))?;
    writeln!(
        out,
        "发文机关: {}  文号: {}  日期: {}  地区: {}",
        opt(&d.issuer),
        opt(&d.doc_number),
        opt(&d.date),
        opt(&d.region)
    )?;
    if d.truncated {
        writeln!(out, "注意: 文本不完整(截断)")?;
    }
    for w in &d.warnings {
        writeln!(
            out,
            "  warning: {}",
            serde_json::to_string(w).unwrap_or_default()
        )?;
    }
    writeln!(out, "\n目标 ({}):", x.targets.len())?;
    for t in &x.targets {
        let v = match (t.value, t.value_max) {
            (Some(a), Some(b)) => format!("{a}-{b}"),
            (Some(a), None) => format!("{a}"),
            _ => "?".into(),
        };
        writeln!(
            out,
            "  [{:?}] {} {} {}{}{} {}{}",
            t.comparator,
            t.indicator_text,
            if t.delta { "Δ" } else { "" },
            v,
            t.unit.as_deref().unwrap_or(""),
            t.year.map(|y| format!(" ({y})")).unwrap_or_default(),
            t.indicator.as_deref().unwrap_or(""),
            t.part
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default(),
        )?;
    }
    writeln!(out, "\n任务 ({}):", x.tasks.len())?;
    for k in &x.tasks {
        let resp = if k.lead.is_empty() && k.cooperating.is_empty() {
            String::new()
        } else {
            format!(
                " — 牵头: {}{}{}",
                k.lead.join("、"),
                if k.cooperating.is_empty() {
                    String::new()
                } else {
                    format!("; 配合: {}", k.cooperating.join("、"))
                },
                if k.joint { " (按职责分工)" } else { "" }
            )
        };
        writeln!(
            out,
            "  {}. {}{}{}",
            k.number,
            k.title,
            resp,
            if k.truncated { " [截断]" } else { "" }
        )?;
    }
    writeln!(out, "\n阶段 ({}):", x.phases.len())?;
    for p in &x.phases {
        writeln!(
            out,
            "  {:?} {} {:?}–{:?}",
            p.kind, p.text, p.start_year, p.end_year
        )?;
    }
    Ok(())
}

pub fn run(a: ExtractArgs) -> i32 {
    if let Some(p) = &a.published {
        if !valid_date(p) {
            eprintln!("--published {p}: expected YYYY-MM-DD");
            return 2;
        }
    }
    let bytes = match read_input(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let text = match decode_any(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", a.file);
            return 2;
        }
    };
    let opts = Options {
        published: a.published.clone(),
        indicators: library(),
    };
    let x = extract(&text, &opts);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let res = if a.format == "json" {
        serde_json::to_writer(&mut out, &x)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        print_text(&x, &mut out)
    };
    if let Err(e) = res.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("cannot write output: {e}");
            return 1;
        }
    }
    0
}
