//! Streaming an uploaded data file (xlsx, csv, json) into the all-or-nothing importer
//! (`innocity_db` monitoring `import_stream`): the reader runs on a blocking thread and hands
//! over chunks of rows through a bounded channel, so memory stays flat whatever the file's
//! length. The web upload and `innocity data import` both use it.

use innocity_db::monitoring::{DataRow, ImportChunk, RowError, RowRef, IMPORT_CHUNK};
use innocity_office::data as office_data;
use std::sync::Arc;

/// Reads a data file on a blocking thread and streams its rows in chunks of
/// [`IMPORT_CHUNK`] (the channel holds two chunks, so the reader waits for the importer);
/// the reader's problems come last as one [`ImportChunk::Problems`]. Each call reads the
/// file afresh (imports read twice: validate, then write).
pub fn stream_file(name: &str, bytes: Arc<[u8]>) -> tokio::sync::mpsc::Receiver<ImportChunk> {
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    let name = name.to_string();
    tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(IMPORT_CHUNK);
        let mut open = true;
        let problems = office_data::each_row(&name, &bytes, &mut |at, r| {
            chunk.push(row_of(&name, at, r));
            if chunk.len() >= IMPORT_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(IMPORT_CHUNK));
                open = tx.blocking_send(ImportChunk::Rows(full)).is_ok();
            }
            open
        });
        if open && !chunk.is_empty() {
            open = tx.blocking_send(ImportChunk::Rows(chunk)).is_ok();
        }
        if open && !problems.is_empty() {
            let _ = tx.blocking_send(ImportChunk::Problems(
                problems.into_iter().map(|p| error_of(&name, p)).collect(),
            ));
        }
    });
    rx
}

fn row_of(name: &str, at: office_data::At, r: office_data::Row) -> (RowRef, DataRow) {
    (
        RowRef {
            file: name.to_string(),
            sheet: at.sheet,
            row: at.row,
        },
        DataRow {
            region_code: r.region_code,
            item_code: r.item_code,
            year: r.year,
            value: r.value,
            comment: r.comment,
            missing_reason: r.missing_reason,
        },
    )
}

fn error_of(name: &str, p: office_data::Problem) -> RowError {
    RowError {
        file: name.to_string(),
        sheet: p.sheet,
        row: p.row,
        column: p.column,
        reason: p.reason,
    }
}
