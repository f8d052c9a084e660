//! Text files: CSV (UTF-8 or GBK) and JSON.

use super::*;

/// Decodes a CSV: UTF-8 (with or without BOM) or GBK/GB18030.
pub fn decode_text(bytes: &[u8]) -> Result<String, Msg> {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(b) {
        return Ok(s.to_string());
    }
    let (s, _, bad) = encoding_rs::GB18030.decode(b);
    if bad {
        return Err(msg!(
            "encoding",
            "文件编码无法识别 (须为 UTF-8 或 GBK)",
            "The file's encoding is not recognised (use UTF-8 or GBK)"
        ));
    }
    Ok(s.into_owned())
}

/// Reads a CSV with a header row (region_code,item_code,year,value,comment,missing_reason).
pub fn read_csv(bytes: &[u8]) -> ReadResult {
    collect(|each| each_csv_row(bytes, each))
}

/// Streams the rows of a CSV (decoded once, then read record by record).
pub fn each_csv_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    if let Some(p) = too_large(bytes) {
        return p;
    }
    let text = match decode_text(bytes) {
        Ok(t) => t,
        Err(e) => return file_problem(e),
    };
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return file_problem(msg!(
                "invalid_file",
                "无法读取表头: {e}",
                "Cannot read the header row: {e}"
            ))
        }
    };
    let mut failed = false;
    let records = rd.into_records().enumerate().map_while(|(i, r)| {
        if failed {
            return None;
        }
        Some(match r {
            Ok(r) => Ok((
                i + 2,
                r.iter()
                    .map(|s| {
                        if s.trim().is_empty() {
                            Val::Empty
                        } else {
                            Val::Text(crate::csv_text_back(s).to_string())
                        }
                    })
                    .collect(),
            )),
            Err(e) => {
                failed = true;
                Err(Problem {
                    sheet: None,
                    row: i + 2,
                    column: String::new(),
                    reason: msg!("invalid_csv", "CSV 格式错误: {e}", "Malformed CSV: {e}"),
                })
            }
        })
    });
    rows_each(None, records, &headers, each)
}

/// Reads JSON: an array of rows or `{"rows": [...]}`.
pub fn read_json(bytes: &[u8]) -> ReadResult {
    collect(|each| each_json_row(bytes, each))
}

/// Streams the rows of a JSON document: elements are deserialised one at a time, so
/// memory does not grow with the number of rows.
pub fn each_json_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;
    if let Some(p) = too_large(bytes) {
        return p;
    }
    let shape = || {
        file_problem(msg!(
            "invalid_json",
            "JSON 须为数组或含 rows 数组的对象",
            "The JSON must be an array, or an object with a rows array"
        ))
    };
    struct Sink<'f> {
        each: &'f mut dyn FnMut(At, Row) -> bool,
        problems: Vec<Problem>,
        found: bool,
    }
    struct Elements<'a, 'f>(&'a mut Sink<'f>);
    impl<'de> Visitor<'de> for Elements<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.0.found = true;
            let mut i = 0usize;
            let mut stopped = false;
            while let Some(v) = seq.next_element::<serde_json::Value>()? {
                i += 1;
                if stopped {
                    continue;
                }
                if i > MAX_ROWS {
                    self.0.problems.push(Problem {
                        sheet: None,
                        row: i,
                        column: String::new(),
                        reason: too_many_rows(),
                    });
                    stopped = true;
                    continue;
                }
                match serde_json::from_value::<Row>(v) {
                    Ok(r) => {
                        if !(self.0.each)(
                            At {
                                sheet: None,
                                row: i,
                            },
                            r,
                        ) {
                            stopped = true;
                        }
                    }
                    Err(e) => {
                        if self.0.problems.len() < MAX_PROBLEMS {
                            self.0.problems.push(Problem {
                                sheet: None,
                                row: i,
                                column: String::new(),
                                reason: msg!(
                                    "invalid_record",
                                    "第 {i} 条记录无效: {e}",
                                    "Record {i} is invalid: {e}"
                                ),
                            });
                        }
                    }
                }
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    struct Top<'a, 'f>(&'a mut Sink<'f>);
    impl<'de> Visitor<'de> for Top<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array, or an object with a rows array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            Elements(self.0).visit_seq(seq)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(k) = map.next_key::<String>()? {
                if k == "rows" && !self.0.found {
                    map.next_value_seed(Elements(&mut *self.0))?;
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }
    let mut sink = Sink {
        each,
        problems: Vec::new(),
        found: false,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let res = (&mut de)
        .deserialize_any(Top(&mut sink))
        .and_then(|_| de.end());
    match res {
        Err(e) if e.is_data() && !sink.found => shape(),
        Err(e) => {
            let mut p = sink.problems;
            p.push(
                file_problem(msg!("invalid_json", "JSON 无效: {e}", "Invalid JSON: {e}")).remove(0),
            );
            p
        }
        Ok(()) if !sink.found => shape(),
        Ok(()) => sink.problems,
    }
}
