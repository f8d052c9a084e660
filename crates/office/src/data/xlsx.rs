//! Workbooks (.xlsx): the zip-bomb check and the streaming row reader.

use super::*;

/// Checks a ZIP container's central directory for zip bombs without inflating anything.
pub(super) fn check_zip(bytes: &[u8]) -> Result<(), Msg> {
    // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
    let min = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (min..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| {
            msg!(
                "corrupt",
                "文件已损坏:找不到 ZIP 目录",
                "The file is damaged: no ZIP directory"
            )
        })?;
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as u64;
    let entries = u16_at(eocd + 10);
    let mut p = u32_at(eocd + 16) as usize;
    if entries > 10_000 {
        return Err(msg!(
            "too_large",
            "文件包含的部件过多",
            "The file has too many parts"
        ));
    }
    let mut total = 0u64;
    for _ in 0..entries {
        if p + 46 > bytes.len() || bytes[p..p + 4] != [0x50, 0x4b, 0x01, 0x02] {
            return Err(msg!(
                "corrupt",
                "文件已损坏:ZIP 目录无效",
                "The file is damaged: invalid ZIP directory"
            ));
        }
        let comp = u32_at(p + 20);
        let size = u32_at(p + 24);
        if comp == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
            return Err(msg!(
                "too_large",
                "文件的部件过大 (ZIP64)",
                "A part of the file is too large (ZIP64)"
            ));
        }
        total += size;
        if size > 1024 * 1024 && size > comp.max(1) * MAX_RATIO {
            let ratio = size / comp.max(1);
            return Err(msg!(
                "zip_bomb",
                "文件的压缩比异常 ({ratio} 倍),疑似压缩炸弹",
                "The file's compression ratio ({ratio}×) is abnormal: a suspected zip bomb"
            ));
        }
        p += 46 + u16_at(p + 28) + u16_at(p + 30) + u16_at(p + 32);
    }
    if total > MAX_UNCOMPRESSED {
        let mb = MAX_UNCOMPRESSED / 1024 / 1024;
        return Err(msg!(
            "too_large",
            "文件解压后超过 {mb} MB",
            "The file exceeds {mb} MB uncompressed"
        ));
    }
    Ok(())
}

pub(super) fn too_large(bytes: &[u8]) -> Option<Vec<Problem>> {
    (bytes.len() > MAX_FILE_BYTES).then(|| {
        let mb = MAX_FILE_BYTES / 1024 / 1024;
        file_problem(msg!(
            "too_large",
            "文件超过 {mb} MB",
            "The file exceeds {mb} MB"
        ))
    })
}

pub(super) fn val_of(d: calamine::DataRef<'_>) -> Val {
    use calamine::DataRef;
    match d {
        DataRef::Empty => Val::Empty,
        DataRef::Int(i) => Val::Num(i as f64),
        DataRef::Float(f) => Val::Num(f),
        DataRef::SharedString(s) => Val::Text(s.to_string()),
        DataRef::String(s) => Val::Text(s),
        other => Val::Text(calamine::Data::from(other).to_string()),
    }
}

/// Reads an uploaded workbook's data sheet.
pub fn read_xlsx(bytes: &[u8]) -> ReadResult {
    collect(|each| each_xlsx_row(bytes, each))
}

/// Streams the rows of a workbook's data sheet: the sheet's XML is read cell by cell, so
/// memory does not grow with the number of rows. Formulas, merged cells and bad containers
/// are problems.
pub fn each_xlsx_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    use calamine::{Reader, Xlsx};
    if let Some(p) = too_large(bytes) {
        return p;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return file_problem(msg!(
            "old_excel",
            "这是旧版 Excel 97-2003 (.xls) 文件,请在 Excel 中另存为 .xlsx 后再上传",
            "This is an old Excel 97-2003 (.xls) file: save it as .xlsx in Excel and upload again"
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return file_problem(msg!(
            "invalid_file",
            "不是有效的 .xlsx 文件",
            "Not a valid .xlsx file"
        ));
    }
    if let Err(e) = check_zip(bytes) {
        return file_problem(e);
    }
    let mut wb: Xlsx<_> = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(e) => {
            return file_problem(msg!(
                "invalid_file",
                "无法打开工作簿: {e}",
                "Cannot open the workbook: {e}"
            ))
        }
    };
    let names = wb.sheet_names().to_vec();
    if !names.iter().any(|n| n == SHEET) {
        let (zh, en) = (names.join("、"), names.join(", "));
        return file_problem(msg!(
            "no_sheet",
            "找不到工作表“{SHEET}”(工作簿中的表: {zh});请使用下载的模板",
            "No sheet “{SHEET}” (the workbook has: {en}); use the downloaded template"
        ));
    }
    let sheet = Some(SHEET.to_string());
    let merged = wb.merge_cells_by_sheet_name(SHEET).unwrap_or_default();
    if let Some(m) = merged.first() {
        return vec![Problem {
            sheet,
            row: m.start.0 as usize + 1,
            column: col_name(m.start.1 as usize),
            reason: {
                let n = merged.len();
                msg!(
                    "merged_cells",
                    "表中有 {n} 处合并单元格,请取消合并",
                    "The sheet has {n} merged cells: unmerge them"
                )
            },
        }];
    }
    let mut reader = match wb.worksheet_cells_reader(SHEET) {
        Ok(r) => r,
        Err(e) => {
            return file_problem(msg!(
                "invalid_file",
                "无法读取工作表: {e}",
                "Cannot read the sheet: {e}"
            ))
        }
    };
    let mut rows = XlsxRows {
        next: None,
        done: false,
        formulas: 0,
        pull: Box::new(move || match reader.next_cell_with_formula() {
            Ok(Some(c)) => Ok(Some((c.pos.0, c.pos.1, val_of(c.value), c.formula))),
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
        }),
    };
    let Some(first) = rows.next() else {
        return file_problem(msg!(
            "empty",
            "工作表“{SHEET}”是空的",
            "The sheet “{SHEET}” is empty"
        ));
    };
    let head = match first {
        Ok((_, cells)) => cells,
        Err(p) => return vec![p],
    };
    let headers: Vec<String> = head
        .into_iter()
        .map(|v| match v {
            Val::Empty => String::new(),
            Val::Num(n) => format!("{n}"),
            Val::Text(t) => t,
        })
        .collect();
    rows_each(Some(SHEET), rows, &headers, each)
}

/// One pulled cell: position, value, formula text.
type Pulled = Result<Option<(u32, u32, Val, Option<String>)>, String>;

/// Groups the cells of a streaming sheet reader into rows (1-based row numbers, cells at
/// their absolute columns); formulas become problems.
pub(super) struct XlsxRows<'a> {
    next: Option<(u32, u32, Val)>,
    done: bool,
    formulas: usize,
    pull: Box<dyn FnMut() -> Pulled + 'a>,
}

impl XlsxRows<'_> {
    fn pull(&mut self) -> Result<Option<(u32, u32, Val)>, Box<Problem>> {
        loop {
            match (self.pull)() {
                Ok(None) => return Ok(None),
                Ok(Some((r, c, v, f))) => {
                    if let Some(f) = f.filter(|f| !f.is_empty()) {
                        self.formulas += 1;
                        return Err(Box::new(Problem {
                            sheet: Some(SHEET.into()),
                            row: r as usize + 1,
                            column: col_name(c as usize),
                            reason: msg!(
                                "formula_cell",
                                "单元格中有公式 ={f},请粘贴为数值",
                                "The cell holds the formula ={f}: paste it as a value"
                            ),
                        }));
                    }
                    if (c as usize) < MAX_COLS {
                        return Ok(Some((r, c, v)));
                    }
                }
                Err(e) => {
                    return Err(Box::new(Problem {
                        sheet: Some(SHEET.into()),
                        row: 0,
                        column: String::new(),
                        reason: msg!(
                            "invalid_file",
                            "无法读取工作表: {e}",
                            "Cannot read the sheet: {e}"
                        ),
                    }))
                }
            }
        }
    }
}

impl Iterator for XlsxRows<'_> {
    type Item = TableItem;

    fn next(&mut self) -> Option<TableItem> {
        if self.done {
            return None;
        }
        let first = match self.next.take() {
            Some(c) => c,
            None => match self.pull() {
                Ok(Some(c)) => c,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(p) => {
                    // Bad XML ends the read; formulas (at most 20 reported) do not.
                    if p.row == 0 || self.formulas > 20 {
                        self.done = true;
                    }
                    return Some(Err(*p));
                }
            },
        };
        let row = first.0;
        let mut cells: Vec<Val> = Vec::new();
        let mut put = |c: u32, v: Val| {
            let c = c as usize;
            while cells.len() <= c {
                cells.push(Val::Empty);
            }
            cells[c] = v;
        };
        put(first.1, first.2);
        loop {
            match self.pull() {
                Ok(Some((r, c, v))) if r == row => put(c, v),
                Ok(Some(other)) => {
                    self.next = Some(other);
                    break;
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(p) => {
                    if p.row == 0 || self.formulas > 20 {
                        self.done = true;
                    }
                    return Some(Err(*p));
                }
            }
        }
        Some(Ok((row as usize + 1, cells)))
    }
}
