//! The pre-filled Excel entry template.

use super::*;

/// Writes the entry template: names shown, codes in hidden columns, numbers validated.
pub fn template(title: &str, rows: &[TemplateRow]) -> Result<Vec<u8>, crate::Error> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin);
    let body = Format::new().set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_border(FormatBorder::Thin)
        .set_background_color("FFF2CC")
        .set_unlocked();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let year = rows.first().map_or(0, |r| r.year);
    for (c, h) in HEADERS.iter().enumerate() {
        let text = match c {
            3..=5 => format!("{}年", year - 3 + (c as i32 - 3)),
            6 => format!("{year}年数值"),
            _ => h.to_string(),
        };
        ws.write_string_with_format(0, c as u16, &text, &head)?;
    }
    for (c, w) in [14.0, 30.0, 8.0, 10.0, 10.0, 10.0, 12.0, 24.0, 20.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    for c in 9..12u16 {
        ws.set_column_hidden(c)?;
    }
    ws.set_freeze_panes(1, 2)?;
    for (i, r) in rows.iter().enumerate() {
        let n = i as u32 + 1;
        ws.write_string_with_format(n, 0, crate::xml_safe(&r.region_name), &body)?;
        ws.write_string_with_format(n, 1, crate::xml_safe(&r.item_name), &body)?;
        ws.write_string_with_format(n, 2, r.unit.as_deref().unwrap_or(""), &body)?;
        for (k, p) in r.previous.iter().enumerate() {
            match p {
                Some(v) => ws.write_number_with_format(n, 3 + k as u16, *v, &body)?,
                None => ws.write_blank(n, 3 + k as u16, &body)?,
            };
        }
        match r.value {
            Some(v) => ws.write_number_with_format(n, 6, v, &input)?,
            None => ws.write_blank(n, 6, &input)?,
        };
        ws.write_string_with_format(
            n,
            7,
            crate::xml_safe(r.comment.as_deref().unwrap_or("")),
            &input,
        )?;
        ws.write_string_with_format(
            n,
            8,
            crate::xml_safe(r.missing_reason.as_deref().unwrap_or("")),
            &input,
        )?;
        ws.write_string(n, 9, &r.region_code)?;
        ws.write_string(n, 10, &r.item_code)?;
        ws.write_number(n, 11, r.year as f64)?;
    }
    if !rows.is_empty() {
        let dv = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_error_title("须为数字")?
            .set_error_message("请填写数字;没有数据时留空并填写缺失原因。")?;
        ws.add_data_validation(1, 6, rows.len() as u32, 6, &dv)?;
    }
    let info = wb.add_worksheet();
    info.set_name("说明")?;
    info.write_string(0, 0, title)?;
    info.write_string(
        1,
        0,
        "在“数据填报”表的黄色单元格填写数值、备注和缺失原因;不要改动表结构、合并单元格或使用公式。",
    )?;
    Ok(wb.save_to_buffer()?)
}
