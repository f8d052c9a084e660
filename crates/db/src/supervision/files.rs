//! Files attached to a task (附件): name cleaning, type sniffing, upload and download.

use super::*;

/// Largest evidence file (its base64 must fit the 8 MB request limit).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Accepted evidence types: extension → content type.
pub const FILE_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("txt", "text/plain; charset=utf-8"),
];

/// Characters that change how a name is shown without being seen: bidirectional controls
/// (a `\u{202E}` makes `fdp.exe` read as `exe.pdf`) and zero-width characters.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Cleans an uploaded file name: last path segment, no control, bidirectional or zero-width
/// characters, no `..`.
pub fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let cleaned: String = base
        .chars()
        .filter(|&c| {
            !c.is_control()
                && !invisible(c)
                && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() || cleaned.contains("..") || cleaned.chars().count() > 120 {
        None
    } else {
        Some(cleaned)
    }
}

/// The content type of a file whose bytes match its extension, or an error message.
pub fn sniff(name: &str, bytes: &[u8]) -> std::result::Result<&'static str, crate::Msg> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let Some((_, ct)) = FILE_TYPES.iter().find(|(e, _)| *e == ext) else {
        let types = FILE_TYPES
            .iter()
            .map(|(e, _)| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" ");
        return Err(msg!(
            "invalid_file_type",
            "只接受 {types} 文件",
            "Only {types} files are accepted"
        ));
    };
    let ok = match ext.as_str() {
        "pdf" => is_pdf(bytes),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "docx" => zip_has(bytes, "word/document.xml"),
        "xlsx" => zip_has(bytes, "xl/workbook.xml"),
        _ => std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0),
    };
    if ok {
        Ok(ct)
    } else {
        Err(msg!(
            "invalid_file_type",
            "文件内容与扩展名 .{ext} 不符",
            "The file's content does not match its extension .{ext}"
        ))
    }
}

/// A PDF: the `%PDF-x.y` header, and a trailer (`startxref` and `%%EOF`) in its last
/// kilobyte-and-a-half (PDF writers may append a little after `%%EOF`).
fn is_pdf(bytes: &[u8]) -> bool {
    let header = bytes.len() > 8
        && bytes.starts_with(b"%PDF-")
        && bytes[5].is_ascii_digit()
        && bytes[6] == b'.'
        && bytes[7].is_ascii_digit();
    let tail = &bytes[bytes.len().saturating_sub(1536)..];
    let has = |needle: &[u8]| tail.windows(needle.len()).any(|w| w == needle);
    header && has(b"startxref") && has(b"%%EOF")
}

/// A ZIP archive (OOXML) that holds `part`: any other ZIP is not a DOCX or XLSX.
fn zip_has(bytes: &[u8], part: &str) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|z| z.index_for_name(part).is_some())
}

impl crate::Supervision<'_> {
    /// Attaches an evidence file (type and size checked, stored in the database), to the task
    /// or to one of its progress reports (`event_id`: a report or contribution of the caller's
    /// organisation; coordinators may attach to any).
    pub async fn add_file(
        &self,
        actor: &Actor,
        id: i64,
        name: &str,
        bytes: &[u8],
        event_id: Option<i64>,
    ) -> Result<FileView> {
        let (t, units) = self.visible_task(actor, id).await?;
        if let Some(eid) = event_id {
            let ev = sv_event::Entity::find_by_id(eid)
                .one(&self.conn)
                .await?
                .filter(|e| {
                    e.task_id == id && matches!(e.kind.as_str(), "report" | "contribution")
                });
            match ev {
                None => {
                    return Err(Error::invalid(
                        "event_id",
                        msg!(
                            "invalid_choice",
                            "该进展报告不属于本任务",
                            "This progress report does not belong to this task"
                        ),
                    ));
                }
                Some(e) => {
                    let op = TaskOp::Attach {
                        own_report: e.org_id == Some(actor.org_id),
                    };
                    sv::may_on_task(standing(actor, &t, &units), op).map_err(denied)?;
                }
            }
        }
        let Some(clean) = clean_file_name(name) else {
            return Err(Error::invalid(
                "file_name",
                msg!("invalid_file_name", "文件名无效", "Not a valid file name"),
            ));
        };
        if bytes.is_empty() {
            return Err(Error::invalid(
                "content_base64",
                msg!(
                    "empty_file",
                    "{clean}: 文件为空",
                    "{clean}: the file is empty"
                ),
            ));
        }
        if bytes.len() > MAX_FILE_BYTES {
            return Err(Error::invalid(
                "content_base64",
                msg!(
                    "too_large",
                    "{clean}: 文件超过 {} MB",
                    "{clean}: the file is larger than {} MB",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ));
        }
        let ct = sniff(&clean, bytes).map_err(|e| {
            Error::invalid(
                "file_name",
                e.wrap(&format!("{clean}: {{}}"), &format!("{clean}: {{}}")),
            )
        })?;
        sv::may_on_task(standing(actor, &t, &units), TaskOp::Upload).map_err(denied)?;
        let mut txn = self.begin_write(actor).await?;
        let f = sv_file::ActiveModel {
            task_id: Set(id),
            event_id: Set(event_id),
            org_id: Set(actor.org_id),
            name: Set(clean),
            content_type: Set(ct.into()),
            size: Set(bytes.len() as i64),
            sha256: Set(hex::encode(Sha256::digest(bytes))),
            data: Set(bytes.to_vec()),
            uploaded_by: Set(actor.username.clone()),
            uploaded_at: Set(crate::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut snap = serde_json::to_value(&f).unwrap_or_default();
        snap["data"] = serde_json::json!(format!("({} 字节)", f.size));
        txn.audit("create", "sv_file", f.id, None, Some(snap));
        txn.commit().await?;
        Ok(FileView {
            id: f.id,
            event_id: f.event_id,
            name: f.name,
            content_type: f.content_type,
            size: f.size,
            sha256: f.sha256,
            uploaded_by: f.uploaded_by,
            uploaded_at: f.uploaded_at,
        })
    }

    /// One evidence file with its bytes, when the caller sees its task.
    pub async fn file(&self, actor: &Actor, file_id: i64) -> Result<sv_file::Model> {
        let nf = || Error::not_found(crate::common::not_found("文件", "File"));
        let f = sv_file::Entity::find_by_id(file_id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        self.visible_task(actor, f.task_id)
            .await
            .map_err(|_| nf())?;
        Ok(f)
    }
}
