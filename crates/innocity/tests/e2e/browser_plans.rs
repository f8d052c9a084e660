//! Browser test of plan import (`coordinator_imports_plan_in_browser`), and the page helpers
//! the later scenarios share (`js`, `wait_js`, seed texts).

use crate::support;
use std::path::PathBuf;
use support::*;

/// The path of a file of `shared/seeds/` (beside the repository), by its name prefix.
pub(crate) fn seed_path(prefix: &str) -> PathBuf {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds/");
    let entry = std::fs::read_dir(dir)
        .expect("shared/seeds beside the repository")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {dir}"));
    // (chromedriver wants a canonical path for file uploads)
    entry.path().canonicalize().expect("seed path")
}

/// Reads a file of `shared/seeds/` by its name prefix.
pub(crate) fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(seed_path(prefix)).expect("read seed")
}

/// Runs a script in the page and returns its result.
pub(crate) async fn js(
    c: &Client,
    script: &str,
    args: Vec<serde_json::Value>,
) -> Result<serde_json::Value, String> {
    c.execute(script, args)
        .await
        .map_err(|e| format!("script failed: {e}"))
}

/// Waits until `script` (returning a value) satisfies `pred`, returning the last value.
pub(crate) async fn wait_js(
    c: &Client,
    script: &str,
    what: &str,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let mut last = serde_json::Value::Null;
    while start.elapsed() < WAIT {
        last = js(c, script, vec![]).await?;
        if pred(&last) {
            return Ok(last);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("never saw {what}; last value: {last}"))
}

/// Plan import, first step: the import page with 德州 chosen (the coordinator is logged in).
pub(crate) async fn open_import_for_dezhou(c: &Client) -> Result<(), String> {
    wait_contains(c, "[data-test=nav-plans]", "实施方案", "实施方案").await?;
    click(c, "[data-test=nav-plan-import]").await?;
    el(c, "[data-test=import-extract]").await?;
    click(c, "[data-test=import-participant]").await?;
    click(c, "[data-test=import-participant-371400]").await
}

/// Plan import: the pasted source text (set through JS: typing 14 KB is slow).
pub(crate) async fn paste_source(c: &Client, text: &str) -> Result<(), String> {
    click(c, "[data-test=import-mode-paste]").await?;
    let n = js(
        c,
        "const e = document.querySelector('[data-test=import-text]'); \
         const ta = e.tagName === 'TEXTAREA' ? e : e.querySelector('textarea'); \
         ta.value = arguments[0]; ta.dispatchEvent(new Event('input', { bubbles: true })); \
         return ta.value.length;",
        vec![serde_json::json!(text)],
    )
    .await?;
    if n.as_u64().unwrap_or(0) < 1000 {
        return Err(format!("the text was not pasted: {n}"));
    }
    wait_contains(c, "[data-test=import-participant]", "德州 chosen", "德州")
        .await
        .map(|_| ())
}

/// Imports seed 004 (德州's plan) as it is: extract, review, save as the next revision of the
/// demo's copy; returns the new plan's id (from the plan page's address).
pub(crate) async fn import_seed_004(c: &Client) -> Result<i64, String> {
    open_import_for_dezhou(c).await?;
    paste_source(c, &seed_text("004_")).await?;
    click(c, "[data-test=import-extract]").await?;
    el(c, "[data-test=import-targets]").await?;
    el(c, "[data-test=import-units-ok]").await?;
    click(c, "[data-test^=dup-revision-]").await?;
    wait_contains(
        c,
        "[data-test=import-confirm]",
        "the revision button",
        "新修订版",
    )
    .await?;
    click(c, "[data-test=import-confirm]").await?;
    wait_contains(c, "[data-test=plan-revision]", "第 2 版", "第 2 版").await?;
    let hash = current_hash(c).await;
    hash.strip_prefix("/plans/")
        .and_then(|x| x.split(['?', '/']).next())
        .and_then(|x| x.parse().ok())
        .ok_or_else(|| format!("expected the plan page, got #{hash}"))
}

/// Import of seed 004 (德州's plan) through the UI: paste, extract, review with highlights,
/// correct one target, accept the duplicate notice as a new revision, confirm; then the plan
/// page shows the 23 tasks with their departments and the responsibility matrix.
pub(crate) async fn plan_import_scenario(c: &Client, base: &str) -> Result<(), String> {
    let text = seed_text("004_");
    login(c, base, "coordinator").await?;
    wait_contains(c, "[data-test=user-role]", "协调员", "协调员").await?;
    // keep the page's console errors for the failure report
    js(
        c,
        "window.__errs = []; const o = console.error; \
         console.error = (...a) => { window.__errs.push(a.map(String).join(' ')); o(...a); }; \
         return true;",
        vec![],
    )
    .await?;

    // Import page: participant 德州, pasted text (set through JS: typing 14 KB is slow).
    open_import_for_dezhou(c).await?;

    // First an uploaded file (seed 003, a damaged news report): read in the browser, sent as
    // base64; its repair warnings are listed. Then back to the source form.
    click(c, "[data-test=import-mode-file]").await?;
    el(c, "[data-test=import-file]")
        .await?
        .send_keys(&seed_path("003_").display().to_string())
        .await
        .map_err(|e| format!("choose a file: {e}"))?;
    wait_contains(c, ".plan-import", "the chosen file", "003_").await?;
    click(c, "[data-test=import-extract]").await?;
    wait_text(
        c,
        "[data-test=import-warnings]",
        "the repair warnings",
        |t| t.contains("拼音") && t.contains("繁体") && t.contains("乱码"),
    )
    .await?;
    click(c, "[data-test=import-back]").await?;
    paste_source(c, &text).await?;
    let disabled = js(
        c,
        "return document.querySelector('[data-test=import-extract]').disabled;",
        vec![],
    )
    .await?;
    eprintln!("[browser] extract button disabled: {disabled}");
    shot(c, "20-plan-import-source").await;
    click(c, "[data-test=import-extract]").await?;

    // Review: highlights in the repaired text, the duplicate notice, editable tables.
    el(c, "[data-test=import-targets]").await?;
    el(c, "[data-test=import-duplicates]").await?;
    let marks = wait_js(
        c,
        "return document.querySelectorAll('[data-test=import-normalised] .hl-task').length;",
        "23 task highlights",
        |v| v.as_u64() == Some(23),
    )
    .await?;
    eprintln!("[browser] task highlights: {marks}");
    wait_contains(
        c,
        "[data-test=import-warnings]",
        "the truncation warning",
        "截断",
    )
    .await?;
    el(c, "[data-test=import-units-ok]").await?;
    // a highlight click selects its row
    click(c, "[data-test=import-normalised] .hl-target").await?;
    el(c, "[data-test=import-targets] .imp-row-active").await?;

    // Correct the first target's value: 3.3 → 3.5.
    let input = "[data-test=target-value-0] input, input#target-value-0";
    click(c, input).await?;
    typ(c, input, "\u{e009}a\u{e000}\u{e017}3.5\u{e004}").await?;
    let v = wait_js(
        c,
        "const e = document.querySelector('[data-test=target-value-0] input, input#target-value-0'); return e && e.value;",
        "the corrected value 3.5",
        |v| v.as_str() == Some("3.5"),
    )
    .await?;
    eprintln!("[browser] first target value now {v}");

    // The demo data already holds this plan: save as its next revision.
    click(c, "[data-test^=dup-revision-]").await?;
    wait_contains(
        c,
        "[data-test=import-confirm]",
        "the revision button",
        "新修订版",
    )
    .await?;
    shot(c, "21-plan-import-review").await;

    // A task gains a cooperating unit no organisation is named after: it waits in the
    // 待确认单位 panel until it is mapped or created (here: created).
    click(c, "#tab-tasks").await?;
    // (the select's own input is tiny and under its placeholder: click the select, type into
    // whatever has the focus)
    click(c, "[data-test=task-coop-0]").await?;
    let focused = c.active_element().await.map_err(|e| e.to_string())?;
    focused
        .send_keys("市大数据中心\u{e007}")
        .await
        .map_err(|e| format!("type a unit name: {e}"))?;
    focused
        .send_keys("\u{e00c}")
        .await
        .map_err(|e| format!("escape: {e}"))?;
    wait_contains(
        c,
        "[data-test=import-pending-units]",
        "市大数据中心 awaiting a choice",
        "市大数据中心",
    )
    .await?;
    click(c, "[data-test='unit-mode-create-市大数据中心']").await?;
    click(c, "[data-test=import-normalised] .hl-task").await?;
    el(c, "[data-test=import-tasks] .imp-row-active").await?;
    shot(c, "22-plan-import-review-tasks").await;

    // A year the server refuses: its 422 message shows next to the target's row; nothing saved.
    click(c, "#tab-targets").await?;
    let year = "[data-test=target-year-1] input, input[data-test=target-year-1]";
    click(c, year).await?;
    typ(c, year, "\u{e009}a\u{e000}\u{e017}1900\u{e004}").await?;
    click(c, "[data-test=import-confirm]").await?;
    wait_contains(
        c,
        "[data-test=import-targets] .imp-row-error .cell-err",
        "the server's year message on row 2",
        "1949",
    )
    .await?;
    shot(c, "23-plan-import-422").await;
    click(c, year).await?;
    typ(c, year, "\u{e009}a\u{e000}\u{e017}2027\u{e004}").await?;
    click(c, "[data-test=import-confirm]").await?;

    // Plan page.
    wait_contains(c, "[data-test=plan-revision]", "第 2 版", "第 2 版").await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/plans/") {
        return Err(format!("expected the plan page, got #{hash}"));
    }
    wait_contains(
        c,
        "[data-test=plan-title]",
        "the title",
        "德州市人民政府关于加快推进新时代科技强市建设的实施意见",
    )
    .await?;
    wait_trimmed(
        c,
        "[data-test=plan-target-value-1]",
        "the corrected 3.5",
        "3.5",
    )
    .await?;
    wait_text(c, "[data-test=plan-revisions]", "the revision chain", |t| {
        t.contains("第 1 版") && t.contains("已被取代")
    })
    .await?;
    shot(c, "24-plan-targets").await;

    // Tasks: the filter starts on the coordinator's own organisation (市科技局); all 23 after reset.
    click(c, "#tab-tasks").await?;
    wait_contains(
        c,
        "[data-test=plan-task-count]",
        "the filtered count",
        "/ 23",
    )
    .await?;
    click(c, "[data-test=dept-filter-all]").await?;
    wait_contains(
        c,
        "[data-test=plan-task-count]",
        "23 of 23 tasks",
        "23 / 23",
    )
    .await?;
    wait_js(
        c,
        "return document.querySelectorAll('[data-test=plan-tasks] tr.task-row').length;",
        "23 task rows",
        |v| v.as_u64() == Some(23),
    )
    .await?;
    wait_contains(
        c,
        "[data-test=task-lead-3]",
        "市科技局 leading task 3",
        "市科技局",
    )
    .await?;
    wait_contains(
        c,
        "[data-test=task-coop-3]",
        "市财政局 cooperating on task 3",
        "市财政局",
    )
    .await?;
    wait_contains(
        c,
        "[data-test=task-joint-2]",
        "the shared duty of task 2",
        "市发展改革委",
    )
    .await?;
    wait_contains(
        c,
        "[data-test=task-coop-1]",
        "the new 市大数据中心 on task 1",
        "市大数据中心",
    )
    .await?;
    js(
        c,
        "document.querySelector('[data-test=task-lead-3]').scrollIntoView({block: 'center'}); return true;",
        vec![],
    )
    .await?;
    shot(c, "25-plan-tasks").await;

    // Responsibility matrix.
    click(c, "#tab-matrix").await?;
    el(c, "[data-test=plan-matrix]").await?;
    wait_trimmed(c, "[data-test='m-3-市科技局']", "牵头", "牵头").await?;
    wait_trimmed(c, "[data-test='m-3-市财政局']", "配合", "配合").await?;
    let rows = js(
        c,
        "return document.querySelectorAll('[data-test=plan-matrix] tbody tr').length;",
        vec![],
    )
    .await?;
    if rows.as_u64() != Some(23) {
        return Err(format!("the matrix has {rows} rows, not 23"));
    }
    js(
        c,
        "const w = document.querySelector('.matrix-wrap'); w.scrollLeft = 0; w.scrollTop = 0; return true;",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, "26-plan-matrix").await;
    js(
        c,
        "const w = document.querySelector('.matrix-wrap'); w.scrollTop = w.scrollHeight; return true;",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(c, "26-plan-matrix-totals").await;

    // Original text, highlighted like the review screen, and the Excel link.
    click(c, "#tab-text").await?;
    wait_contains(c, "[data-test=plan-text]", "the original text", "德政字").await?;
    let marks = wait_js(
        c,
        "const p = document.querySelector('[data-test=plan-text]'); \
         return ['task', 'target', 'lead', 'coop', 'phase'].map((k) => p.querySelectorAll('.hl-' + k).length);",
        "highlights of every kind in the original text",
        |v| {
            v.as_array().is_some_and(|a| {
                a[0].as_u64() == Some(23) && a[1..].iter().all(|n| n.as_u64() > Some(0))
            })
        },
    )
    .await?;
    eprintln!("[browser] original-text highlights (task, target, lead, coop, phase): {marks}");
    wait_contains(
        c,
        "[data-test=plan-text] .hl-lead",
        "a lead unit marked",
        "市",
    )
    .await?;
    shot(c, "26-plan-text").await;
    // a target's row finds it in the text
    click(c, "#tab-targets").await?;
    click(c, "[data-test=plan-targets] tbody tr").await?;
    wait_text(
        c,
        "[data-test=plan-text] .hl-target.hl-active",
        "the first target selected in the text",
        |t| !t.trim().is_empty(),
    )
    .await?;
    let href = el(c, "[data-test=plan-export]")
        .await?
        .attr("href")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    if !href.ends_with("/export.xlsx") {
        return Err(format!("export link is {href}"));
    }

    // Plans list: the current revision only (the demo revision is superseded).
    click(c, "[data-test=nav-plans]").await?;
    wait_text(
        c,
        "[data-test=plans-table]",
        "revision 2 in the list",
        |t| t.contains("第 2 版") && t.contains("德政字〔2023〕44号"),
    )
    .await?;
    shot(c, "27-plans-list").await;

    // English labels.
    click(c, "[data-test=lang-en]").await?;
    wait_contains(
        c,
        "[data-test=plans-table]",
        "English revision label",
        "Revision 2",
    )
    .await?;
    click(c, "[data-test^=plan-link-]").await?;
    wait_contains(c, "[data-test=plan-revision]", "Revision 2", "Revision 2").await?;
    click(c, "#tab-tasks").await?;
    wait_contains(
        c,
        "[data-test=plan-task-count]",
        "the English count",
        "of 23 tasks",
    )
    .await?;
    shot(c, "28-plan-tasks-english").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub(crate) async fn coordinator_imports_plan_in_browser() {
    let Some(h) = start().await else { return };
    let result = plan_import_scenario(&h.client, &h.base).await;
    if result.is_err() {
        if let Ok(errs) = h
            .client
            .execute("return window.__errs || [];", vec![])
            .await
        {
            eprintln!("[browser] console errors: {errs}");
        }
    }
    finish(h, "plan-import", result).await;
}
