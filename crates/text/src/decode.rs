//! Byte decoding: UTF-8 / GB18030 detection and `.docx` paragraph extraction.

use std::io::{Cursor, Read};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The input holds binary data (NUL bytes or control characters).
    #[error("binary data, not a text document")]
    Binary,
    /// Neither valid UTF-8 nor GB18030.
    #[error("undecodable bytes: neither UTF-8 nor GB18030/GBK")]
    Undecodable,
    /// The input is empty.
    #[error("empty input")]
    Empty,
    /// A `.docx` package that cannot be read.
    #[error("unreadable .docx: {0}")]
    Docx(String),
}

/// True when the bytes start like a ZIP archive (a `.docx` package).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn control_ratio_bad(text: &str) -> bool {
    let mut ctl = 0usize;
    let mut n = 0usize;
    for c in text.chars() {
        n += 1;
        if c == '\0' {
            return true;
        }
        if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t' | '\x0c') {
            ctl += 1;
        }
    }
    n > 0 && ctl * 50 > n
}

/// Decode a plain-text document: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.
///
/// Binary data (NUL bytes, many control characters) and bytes that are valid in neither
/// encoding are refused.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(DecodeError::Undecodable);
        }
        if control_ratio_bad(&text) {
            return Err(DecodeError::Binary);
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(DecodeError::Undecodable);
            }
            let t = text.into_owned();
            // GB18030 decodes almost anything; insist that the result looks like CJK text.
            let total = t.chars().filter(|c| !c.is_ascii()).count();
            let han = t.chars().filter(|c| is_common_cjk(*c)).count();
            if total > 0 && han * 10 < total * 6 {
                return Err(DecodeError::Undecodable);
            }
            t
        }
    };
    if control_ratio_bad(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(text)
}

fn is_common_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2000..=0x206F | 0x2460..=0x24FF)
}

/// Read the paragraphs of a `.docx` package in document order, one per line.
///
/// Table cells are joined with a tab and each table row becomes one line, so a flattened
/// responsibility table keeps its columns.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DecodeError::Docx(e.to_string()))?;
    let mut xml = String::new();
    {
        let mut f = archive
            .by_name("word/document.xml")
            .map_err(|_| DecodeError::Docx("no word/document.xml".into()))?;
        if f.size() > 256 * 1024 * 1024 {
            return Err(DecodeError::Docx("document.xml too large".into()));
        }
        f.read_to_string(&mut xml)
            .map_err(|e| DecodeError::Docx(e.to_string()))?;
    }
    docx_xml_to_text(&xml)
}

/// Convert WordprocessingML (`word/document.xml`) to text: paragraphs become lines, table cells
/// in a row are separated by tabs.
pub fn docx_xml_to_text(xml: &str) -> Result<String, DecodeError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut cell_depth = 0usize;
    let mut row_cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "tc" => {
                    cell_depth += 1;
                    cell.clear();
                }
                "tr" => row_cells.clear(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().into_inner() {
                "tab" => para.push('\t'),
                "br" | "cr" => para.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if in_text {
                    let raw = t.into_inner().to_string();
                    para.push_str(&unescape_xml(&raw));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if in_text {
                    let name = r.into_inner().to_string();
                    para.push_str(&unescape_xml(&format!("&{name};")));
                }
            }
            Ok(Event::CData(t)) => {
                if in_text {
                    para.push_str(&t.into_inner());
                }
            }
            Ok(Event::End(e)) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => {
                    if cell_depth > 0 {
                        if !cell.is_empty() && !para.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(para.trim());
                    } else {
                        out.push_str(&para);
                        out.push('\n');
                    }
                    para.clear();
                }
                "tc" => {
                    cell_depth = cell_depth.saturating_sub(1);
                    row_cells.push(cell.replace(['\t', '\n'], " "));
                    cell.clear();
                }
                "tr" => {
                    out.push_str(&row_cells.join("\t"));
                    out.push('\n');
                    row_cells.clear();
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(DecodeError::Docx(e.to_string())),
        }
    }
    if !para.is_empty() {
        out.push_str(&para);
        out.push('\n');
    }
    Ok(out)
}

fn unescape_xml(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let ent = &tail[1..end];
        let rep = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse::<u32>().ok().and_then(char::from_u32)
                } else {
                    None
                }
            }
        };
        match rep {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Decode any supported input: a `.docx` package (detected by its ZIP signature) or plain text.
pub fn decode_any(bytes: &[u8]) -> Result<String, DecodeError> {
    if looks_like_zip(bytes) {
        docx_to_text(bytes)
    } else {
        decode(bytes)
    }
}
