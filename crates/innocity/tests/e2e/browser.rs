//! Browser test: the real `innocity serve --demo` binary driven through headless Chromium
//! (Debian's `chromium` + `chromedriver`, via fantoccini / WebDriver).
//!
//! Scenario: log in as `coordinator` → home → programme 国家创新型城市 → participant 德州 →
//! change the status 建设中 → 待验收 with a note → the status tag and the history show the
//! change → a transition made stale by a concurrent change is refused with the server's 409
//! message → switch the UI to English and see translated labels → log out.
//!
//! Plan import (`coordinator_imports_plan_in_browser`): upload a damaged file and see its repair
//! warnings, paste seed 004, review (highlights, one corrected value, a new unit created, a year
//! refused by the server shown on its row), save as a new revision of the demo plan, then the
//! plan page's 23 tasks, department filter, responsibility matrix, original text and list.
//!
//! Screenshots go to `target/browser-screenshots/` for inspection.
//! Under `CI=true` a missing chromium/chromedriver fails the test; elsewhere it is skipped with a
//! printed reason.

use crate::support;
use support::*;

async fn scenario(c: &Client, base: &str) -> Result<(), String> {
    // Login page, in Chinese by default.
    c.goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    wait_text(c, ".login-page", "the product name", |t| {
        t.contains("创新型城市建设监测评价平台")
    })
    .await?;
    shot(c, "01-login").await;
    typ(c, "#login-username", "coordinator").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;

    // Home: the header shows who is logged in; the programme cards link to the programmes.
    wait_text(c, "[data-test=user-role]", "the role 协调员", |t| {
        t.contains("协调员")
    })
    .await?;
    wait_text(c, "[data-test=nav-home]", "首页", |t| t.contains("首页")).await?;
    el(c, ".prog-card").await?;
    shot(c, "02-home").await;
    // the users page is admin-only: no navigation entry for a coordinator
    let users_nav = c
        .find_all(Locator::Css("[data-test=nav-users]"))
        .await
        .map_err(|e| e.to_string())?;
    if !users_nav.is_empty() {
        return Err("a coordinator sees the 用户管理 navigation entry".into());
    }

    // Home → programme 国家创新型城市.
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//div[contains(@class,'prog-name')]/a[normalize-space(.)='国家创新型城市']",
        ))
        .await
        .map_err(|e| format!("programme link 国家创新型城市 not on the home page: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=breadcrumbs]", "the programme crumb", |t| {
        t.contains("国家创新型城市")
    })
    .await?;

    // Programme → participant 德州 (filter by name first, so paging cannot hide it).
    typ(
        c,
        "input[data-test=filter-q], [data-test=filter-q] input",
        "德州",
    )
    .await?;
    click(c, "[data-test=filter-search]").await?;
    click(c, "[data-test=participant-link-371400]").await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/participants/") {
        return Err(format!("expected a participant page, got #{hash}"));
    }
    wait_text(c, "[data-test=participant-name]", "德州", |t| {
        t.contains("德州")
    })
    .await?;
    wait_text(c, "[data-test=participant-status]", "建设中", |t| {
        t.trim() == "建设中"
    })
    .await?;
    shot(c, "03-participant-before").await;

    // 建设中 → 待验收, with a note.
    let note = "浏览器测试:已报送总结材料和指标完成情况";
    click(c, "[data-test=transition-pending_acceptance]").await?;
    el(c, "#transition-note").await?;
    tokio::time::sleep(Duration::from_millis(400)).await; // dialog opening animation
    typ(c, "#transition-note", note).await?;
    shot(c, "04-transition-dialog").await;
    click(c, "#transition-confirm").await?;

    wait_text(c, "[data-test=participant-status]", "待验收", |t| {
        t.trim() == "待验收"
    })
    .await?;
    // (WebDriver text skips elements still fading in, so wait for the whole row)
    wait_text(
        c,
        "[data-test=status-history]",
        "a history row 建设中 → 待验收 with the note",
        |t| t.contains(note) && t.contains("建设中") && t.contains("待验收"),
    )
    .await?;
    el(c, "[data-test=history-pending_acceptance]").await?;
    // the next allowed transitions replace the old one
    el(c, "[data-test=transition-passed]").await?;
    if !c
        .find_all(Locator::Css("[data-test=transition-pending_acceptance]"))
        .await
        .map_err(|e| e.to_string())?
        .is_empty()
    {
        return Err("the 待验收 button is still offered after the change".into());
    }
    shot(c, "05-participant-after").await;

    // The change survives a reload (it came from the server, not from local state).
    c.refresh().await.map_err(|e| e.to_string())?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "待验收 after reload",
        |t| t.trim() == "待验收",
    )
    .await?;
    wait_text(
        c,
        "[data-test=status-history]",
        "the note after reload",
        |t| t.contains(note),
    )
    .await?;

    // A refused transition shows the server's 409 message: open the dialog for 待验收 → 整改中,
    // let "another user" (a direct API call from the page) decide 通过 first, then confirm.
    let pid = current_hash(c)
        .await
        .trim_start_matches("/participants/")
        .to_string();
    click(c, "[data-test=transition-rectifying]").await?;
    el(c, "#transition-note").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let status = c
        .execute_async(
            r#"const [pid, done] = arguments;
               fetch('/api/v1/auth/me').then(r => r.json()).then(me =>
                 fetch('/api/v1/participants/' + pid + '/transition', {
                   method: 'POST',
                   headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token},
                   body: JSON.stringify({to: 'passed', note: '并发操作'})
                 })).then(r => done(r.status), e => done(String(e)));"#,
            vec![serde_json::json!(pid)],
        )
        .await
        .map_err(|e| format!("direct API call: {e}"))?;
    if status != serde_json::json!(200) {
        return Err(format!("direct transition to 通过 answered {status}"));
    }
    click(c, "#transition-confirm").await?;
    let refused = wait_text(c, "[data-test=transition-error]", "the 409 message", |t| {
        t.contains("不允许")
    })
    .await?;
    eprintln!("[browser] refused transition shows: {refused}");
    shot(c, "06-transition-refused").await;
    click(c, "[data-test=transition-cancel]").await?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "通过 after the refusal",
        |t| t.trim() == "通过",
    )
    .await?;

    // English.
    click(c, "[data-test=lang-en]").await?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "the English status label",
        |t| t.trim() == "Passed",
    )
    .await?;
    wait_text(
        c,
        "[data-test=status-history]",
        "English history labels",
        |t| t.contains("Awaiting acceptance"),
    )
    .await?;
    wait_text(
        c,
        "[data-test=nav-participants]",
        "the English nav label",
        |t| t.contains("Participants"),
    )
    .await?;
    wait_text(c, "[data-test=logout]", "Log out", |t| {
        t.contains("Log out")
    })
    .await?;
    shot(c, "07-participant-english").await;

    // The choice is remembered across a reload.
    c.refresh().await.map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=nav-home]", "Home after reload", |t| {
        t.contains("Home")
    })
    .await?;

    // Log out → login page; the session is gone (home sends us back to login).
    click(c, "[data-test=logout]").await?;
    el(c, "#login-username").await?;
    wait_text(c, "#login-submit", "the English sign-in button", |t| {
        t.contains("Sign in")
    })
    .await?;
    c.goto(&format!("{base}/#/participants"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/login") {
        return Err(format!(
            "after logout a protected page did not lead to login: #{hash}"
        ));
    }
    shot(c, "08-logged-out").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_changes_participant_status_in_browser() {
    let Some(h) = start().await else { return };
    let result = scenario(&h.client, &h.base).await;
    finish(h, "coordinator", result).await;
}

/// Admin pages: role-based navigation, inline validation (client rules and the server's 422
/// `fields`), and the audit log's before/after rows.
async fn admin_scenario(c: &Client, base: &str) -> Result<(), String> {
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    typ(c, "#login-username", "admin").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    wait_text(c, "[data-test=user-role]", "系统管理员", |t| {
        t.contains("系统管理员")
    })
    .await?;
    el(c, "[data-test=nav-users]").await?;
    el(c, "[data-test=nav-audit]").await?;

    // Organisations: the alias lookup resolves a short name to its organisation.
    click(c, "[data-test=nav-orgs]").await?;
    typ(c, "input[data-test=org-lookup]", "市工信局").await?;
    click(c, "[data-test=org-lookup-go]").await?;
    wait_text(
        c,
        ".page-card .card-title",
        "市工业和信息化局 found by its alias 市工信局",
        |t| t.contains("工业和信息化局"),
    )
    .await?;
    shot(c, "10-admin-org-lookup").await;

    // Search by name, open one, try to rename it to another organisation's name.
    click(c, "[data-test=nav-orgs]").await?;
    typ(c, "input[data-test=org-q]", "教育").await?;
    click(c, "[data-test=org-search]").await?;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//table//a[contains(@href,'#/orgs/') and contains(normalize-space(.),'教育')]",
        ))
        .await
        .map_err(|e| format!("no 教育 organisation in the list: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    click(c, "[data-test=org-edit]").await?;
    el(c, "#org-name").await?;
    tokio::time::sleep(Duration::from_millis(400)).await; // dialog opening animation
                                                          // select all, delete (the NULL key releases Control), type the duplicate name
    typ(c, "#org-name", "\u{e009}a\u{e000}\u{e017}市科技局").await?;
    click(c, "[data-test=org-save]").await?;
    wait_text(
        c,
        ".el-dialog .el-form-item__error",
        "the server's duplicate-name message next to the name",
        |t| t.contains("市科技局"),
    )
    .await?;
    shot(c, "11-admin-org-duplicate").await;
    click(c, "[data-test=org-cancel]").await?;

    // Users: saving an empty form shows the required-field messages without a request.
    click(c, "[data-test=nav-users]").await?;
    el(c, "[data-test=users-table]").await?;
    // the demo accounts carry the 演示数据 tag
    wait_js(
        c,
        "return [...document.querySelectorAll('[data-test=users-table] tbody tr')] \
           .filter((r) => r.querySelector('[data-test=demo-tag]')).length;",
        "the demo tag on the 7 demo accounts",
        |v| v.as_u64() == Some(7),
    )
    .await?;
    click(c, "[data-test=user-create]").await?;
    el(c, "#user-username").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    click(c, "[data-test=user-save]").await?;
    wait_text(
        c,
        ".el-dialog .el-form-item__error",
        "此项为必填项",
        |t| t.contains("此项为必填项"),
    )
    .await?;
    shot(c, "12-admin-user-required").await;
    click(c, "[data-test=user-cancel]").await?;

    // Indicators: a code already taken comes back as a 409 naming the field, shown at the
    // code — in Chinese, then (the server answering in the UI's language) in English.
    for (lang, expect) in [("zh", "已存在"), ("en", "already exists")] {
        if lang == "en" {
            click(c, "[data-test=lang-en]").await?;
        }
        click(c, "[data-test=nav-indicators]").await?;
        click(c, "[data-test=ind-create]").await?;
        el(c, "#ind-code").await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        typ(c, "#ind-code", "gdp").await?;
        typ(c, "#ind-name-zh", "重复指标").await?;
        typ(c, "#ind-name-en", "Duplicate").await?;
        click(c, "[data-test=ind-save]").await?;
        wait_text(
            c,
            ".el-dialog .el-form-item__error",
            "the duplicate code at its field",
            |t| t.contains("gdp") && t.contains(expect),
        )
        .await?;
        shot(c, &format!("12-admin-indicator-duplicate-{lang}")).await;
        click(c, "[data-test=ind-cancel]").await?;
    }
    click(c, "[data-test=lang-zh]").await?;

    // Audit log: the logins and the demo load are there; a row expands to its before/after JSON.
    click(c, "[data-test=nav-audit]").await?;
    wait_text(c, "[data-test=audit-table]", "admin's login", |t| {
        t.contains("admin") && t.contains("登录")
    })
    .await?;
    click(c, "[data-test=audit-table] .el-table__expand-icon").await?;
    el(c, "[data-test=audit-table] .json-view").await?;
    shot(c, "13-admin-audit").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_forms_validate_and_audit_shows_changes_in_browser() {
    let Some(h) = start().await else { return };
    let result = admin_scenario(&h.client, &h.base).await;
    finish(h, "admin", result).await;
}

/// The path of a file of `shared/seeds/` (beside the repository), by its name prefix.
fn seed_path(prefix: &str) -> PathBuf {
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
fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(seed_path(prefix)).expect("read seed")
}

/// Runs a script in the page and returns its result.
async fn js(
    c: &Client,
    script: &str,
    args: Vec<serde_json::Value>,
) -> Result<serde_json::Value, String> {
    c.execute(script, args)
        .await
        .map_err(|e| format!("script failed: {e}"))
}

/// Waits until `script` (returning a value) satisfies `pred`, returning the last value.
async fn wait_js(
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
async fn open_import_for_dezhou(c: &Client) -> Result<(), String> {
    wait_text(c, "[data-test=nav-plans]", "实施方案", |t| {
        t.contains("实施方案")
    })
    .await?;
    click(c, "[data-test=nav-plan-import]").await?;
    el(c, "[data-test=import-extract]").await?;
    click(c, "[data-test=import-participant]").await?;
    click(c, "[data-test=import-participant-371400]").await
}

/// Plan import: the pasted source text (set through JS: typing 14 KB is slow).
async fn paste_source(c: &Client, text: &str) -> Result<(), String> {
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
    wait_text(c, "[data-test=import-participant]", "德州 chosen", |t| {
        t.contains("德州")
    })
    .await
    .map(|_| ())
}

/// Imports seed 004 (德州's plan) as it is: extract, review, save as the next revision of the
/// demo's copy; returns the new plan's id (from the plan page's address).
async fn import_seed_004(c: &Client) -> Result<i64, String> {
    open_import_for_dezhou(c).await?;
    paste_source(c, &seed_text("004_")).await?;
    click(c, "[data-test=import-extract]").await?;
    el(c, "[data-test=import-targets]").await?;
    el(c, "[data-test=import-units-ok]").await?;
    click(c, "[data-test^=dup-revision-]").await?;
    wait_text(
        c,
        "[data-test=import-confirm]",
        "the revision button",
        |t| t.contains("新修订版"),
    )
    .await?;
    click(c, "[data-test=import-confirm]").await?;
    wait_text(c, "[data-test=plan-revision]", "第 2 版", |t| {
        t.contains("第 2 版")
    })
    .await?;
    let hash = current_hash(c).await;
    hash.strip_prefix("/plans/")
        .and_then(|x| x.split(['?', '/']).next())
        .and_then(|x| x.parse().ok())
        .ok_or_else(|| format!("expected the plan page, got #{hash}"))
}

/// Import of seed 004 (德州's plan) through the UI: paste, extract, review with highlights,
/// correct one target, accept the duplicate notice as a new revision, confirm; then the plan
/// page shows the 23 tasks with their departments and the responsibility matrix.
async fn plan_import_scenario(c: &Client, base: &str) -> Result<(), String> {
    let text = seed_text("004_");
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    typ(c, "#login-username", "coordinator").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    wait_text(c, "[data-test=user-role]", "协调员", |t| {
        t.contains("协调员")
    })
    .await?;
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
    wait_text(c, ".plan-import", "the chosen file", |t| t.contains("003_")).await?;
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
    wait_text(
        c,
        "[data-test=import-warnings]",
        "the truncation warning",
        |t| t.contains("截断"),
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
    wait_text(
        c,
        "[data-test=import-confirm]",
        "the revision button",
        |t| t.contains("新修订版"),
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
    wait_text(
        c,
        "[data-test=import-pending-units]",
        "市大数据中心 awaiting a choice",
        |t| t.contains("市大数据中心"),
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
    wait_text(
        c,
        "[data-test=import-targets] .imp-row-error .cell-err",
        "the server's year message on row 2",
        |t| t.contains("1949"),
    )
    .await?;
    shot(c, "23-plan-import-422").await;
    click(c, year).await?;
    typ(c, year, "\u{e009}a\u{e000}\u{e017}2027\u{e004}").await?;
    click(c, "[data-test=import-confirm]").await?;

    // Plan page.
    wait_text(c, "[data-test=plan-revision]", "第 2 版", |t| {
        t.contains("第 2 版")
    })
    .await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/plans/") {
        return Err(format!("expected the plan page, got #{hash}"));
    }
    wait_text(c, "[data-test=plan-title]", "the title", |t| {
        t.contains("德州市人民政府关于加快推进新时代科技强市建设的实施意见")
    })
    .await?;
    wait_text(
        c,
        "[data-test=plan-target-value-1]",
        "the corrected 3.5",
        |t| t.trim() == "3.5",
    )
    .await?;
    wait_text(c, "[data-test=plan-revisions]", "the revision chain", |t| {
        t.contains("第 1 版") && t.contains("已被取代")
    })
    .await?;
    shot(c, "24-plan-targets").await;

    // Tasks: the filter starts on the coordinator's own organisation (市科技局); all 23 after reset.
    click(c, "#tab-tasks").await?;
    wait_text(
        c,
        "[data-test=plan-task-count]",
        "the filtered count",
        |t| t.contains("/ 23"),
    )
    .await?;
    click(c, "[data-test=dept-filter-all]").await?;
    wait_text(c, "[data-test=plan-task-count]", "23 of 23 tasks", |t| {
        t.contains("23 / 23")
    })
    .await?;
    wait_js(
        c,
        "return document.querySelectorAll('[data-test=plan-tasks] tr.task-row').length;",
        "23 task rows",
        |v| v.as_u64() == Some(23),
    )
    .await?;
    wait_text(
        c,
        "[data-test=task-lead-3]",
        "市科技局 leading task 3",
        |t| t.contains("市科技局"),
    )
    .await?;
    wait_text(
        c,
        "[data-test=task-coop-3]",
        "市财政局 cooperating on task 3",
        |t| t.contains("市财政局"),
    )
    .await?;
    wait_text(
        c,
        "[data-test=task-joint-2]",
        "the shared duty of task 2",
        |t| t.contains("市发展改革委"),
    )
    .await?;
    wait_text(
        c,
        "[data-test=task-coop-1]",
        "the new 市大数据中心 on task 1",
        |t| t.contains("市大数据中心"),
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
    wait_text(c, "[data-test='m-3-市科技局']", "牵头", |t| {
        t.trim() == "牵头"
    })
    .await?;
    wait_text(c, "[data-test='m-3-市财政局']", "配合", |t| {
        t.trim() == "配合"
    })
    .await?;
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
    wait_text(c, "[data-test=plan-text]", "the original text", |t| {
        t.contains("德政字")
    })
    .await?;
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
    wait_text(
        c,
        "[data-test=plan-text] .hl-lead",
        "a lead unit marked",
        |t| t.contains("市"),
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
    wait_text(
        c,
        "[data-test=plans-table]",
        "English revision label",
        |t| t.contains("Revision 2"),
    )
    .await?;
    click(c, "[data-test^=plan-link-]").await?;
    wait_text(c, "[data-test=plan-revision]", "Revision 2", |t| {
        t.contains("Revision 2")
    })
    .await?;
    click(c, "#tab-tasks").await?;
    wait_text(c, "[data-test=plan-task-count]", "the English count", |t| {
        t.contains("of 23 tasks")
    })
    .await?;
    shot(c, "28-plan-tasks-english").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_imports_plan_in_browser() {
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

// ---------------------------------------------------------------- task supervision

/// Clicks the visible option of an open el-select whose text contains `text`.
async fn pick(c: &Client, select_css: &str, text: &str) -> Result<(), String> {
    click(c, select_css).await?;
    wait_js(
        c,
        &format!(
            "const o = Array.from(document.querySelectorAll('.el-select-dropdown__item')).find((e) => e.offsetParent !== null && e.textContent.includes({})); if (o) {{ o.click(); return true; }} return false;",
            serde_json::json!(text)
        ),
        &format!("option {text}"),
        |v| v == &serde_json::json!(true),
    )
    .await
    .map(|_| ())
}

/// Opens a loop action's dialog, fills it and confirms.
async fn sv_act(c: &Client, action: &str, text: Option<&str>) -> Result<(), String> {
    click(c, &format!("[data-test=sv-act-{action}]")).await?;
    if let Some(t) = text {
        typ(c, "#sv-text", t).await?;
    }
    click(c, "[data-test=sv-act-confirm]").await
}

async fn score_of(c: &Client, base: &str, org: &str) -> Result<f64, String> {
    c.goto(&format!("{base}/#/scores"))
        .await
        .map_err(|e| e.to_string())?;
    let css = format!("[data-test='sv-score-{org}']");
    let t = wait_text(c, &css, "a score", |t| t.parse::<f64>().is_ok()).await?;
    t.parse::<f64>().map_err(|e| e.to_string())
}

/// The closed loop in the browser: the coordinator imports seed 004 (德州's plan) and assigns
/// its tasks; 市科技局 (the coordinator's own unit) signs for a task and reports progress; the
/// coordinator edits a milestone, changes the task's units and splits off a sub-task; the clock
/// moves and another task goes red; a 催办 is issued and answered; the first task is closed and
/// the unit's score changes.
async fn supervision_scenario(c: &Client, base: &str, clock: &Path) -> Result<(), String> {
    let set_day = |d: &str| std::fs::write(clock, d).map_err(|e| e.to_string());
    set_day("2026-03-02")?;
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    typ(c, "#login-username", "coordinator").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    wait_text(c, "[data-test=user-role]", "协调员", |t| {
        t.contains("协调员")
    })
    .await?;
    // Import seed 004's plan through the UI.
    let plan = import_seed_004(c).await?;
    click(c, "[data-test=nav-tasks]").await?;
    wait_text(c, "[data-test=sv-today]", "the clock's day", |t| {
        t.contains("2026-03-02")
    })
    .await?;
    // Assign the imported plan's tasks (the plan list holds current revisions only).
    click(c, "[data-test=sv-take-over]").await?;
    pick(c, "[data-test=sv-take-plan]", "德州").await?;
    typ(c, "#sv-take-due", "2026-06-30").await?;
    click(c, "[data-test=sv-take-confirm]").await?;
    wait_text(c, "[data-test=sv-tasks]", "the assigned tasks", |t| {
        t.contains("高标准建设实验室体系") && t.contains("待签收")
    })
    .await?;
    let plans = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/api/v1/supervision/tasks').then((r) => r.json()) \
               .then((b) => done(b.items.map((t) => t.plan_id)), (e) => done(String(e)));",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let plans = plans.as_array().cloned().unwrap_or_default();
    if plans.len() != 22 || plans.iter().any(|p| p.as_i64() != Some(plan)) {
        return Err(format!(
            "expected 22 tasks from the imported plan {plan}: {plans:?}"
        ));
    }
    shot(c, "supervision-list").await;

    // Task 1: sign and report progress.
    click(c, "[data-test=sv-task-1]").await?;
    wait_text(c, "[data-test=sv-status]", "待签收", |t| t == "待签收").await?;
    let task1 = current_hash(c).await;
    click(c, "[data-test=sv-act-sign]").await?;
    typ(c, "#sv-person", "张三").await?;
    click(c, "[data-test=sv-act-confirm]").await?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;
    click(c, "[data-test=sv-act-report]").await?;
    let num = el(c, ".el-dialog .el-input-number input").await?;
    num.clear().await.map_err(|e| e.to_string())?;
    num.send_keys("40").await.map_err(|e| e.to_string())?;
    typ(c, "#sv-text", "实验室体系建设方案已印发").await?;
    click(c, "[data-test=sv-act-confirm]").await?;
    wait_text(c, "[data-test=sv-progress]", "40%", |t| t == "40%").await?;
    wait_text(c, "[data-test=sv-events]", "the report", |t| {
        t.contains("实验室体系建设方案已印发")
    })
    .await?;

    // The coordinator adds a milestone; it shows on the timeline.
    click(c, "[data-test=sv-edit]").await?;
    typ(c, "#sv-edit-ms-title", "实验室认定").await?;
    typ(c, "#sv-edit-ms-due", "2026-05-31").await?;
    click(c, "[data-test=sv-edit-confirm]").await?;
    wait_text(c, "[data-test=sv-timeline]", "the milestone", |t| {
        t.contains("实验室认定") && t.contains("2026-05-31")
    })
    .await?;
    // ... moves its due date, and adds a second one that it then deletes.
    click(c, "[data-test=sv-edit]").await?;
    typ(
        c,
        "#sv-edit-ms-due-0",
        "\u{e009}a\u{e000}\u{e017}2026-05-15",
    )
    .await?;
    typ(c, "#sv-edit-ms-title", "中期评估").await?;
    typ(c, "#sv-edit-ms-due", "2026-04-30").await?;
    click(c, "[data-test=sv-edit-confirm]").await?;
    wait_text(
        c,
        "[data-test=sv-timeline]",
        "the moved and the new milestone",
        |t| t.contains("2026-05-15") && !t.contains("2026-05-31") && t.contains("中期评估"),
    )
    .await?;
    click(c, "[data-test=sv-edit]").await?;
    click(c, "[data-test=sv-edit-ms-del-1]").await?;
    click(c, "[data-test=sv-edit-confirm]").await?;
    wait_text(
        c,
        "[data-test=sv-timeline]",
        "the deleted milestone gone",
        |t| t.contains("实验室认定") && !t.contains("中期评估"),
    )
    .await?;

    // The coordinator adds 市财政局 as a cooperating unit with its responsible person.
    click(c, "[data-test=sv-edit-units]").await?;
    click(c, "[data-test=sv-unit-add]").await?;
    pick(c, "[data-test=sv-unit-org-1]", "市财政局").await?;
    typ(c, "#sv-unit-person-1", "李四").await?;
    typ(c, "#sv-units-reason", "增加资金保障").await?;
    click(c, "[data-test=sv-units-confirm]").await?;
    wait_text(c, "[data-test=sv-units]", "the new cooperating unit", |t| {
        t.contains("市财政局") && t.contains("配合") && t.contains("李四")
    })
    .await?;
    wait_text(
        c,
        "[data-test=sv-events]",
        "the change in the history",
        |t| t.contains("调整责任单位") && t.contains("增加资金保障"),
    )
    .await?;
    // ... and splits off a sub-task (lead: the parent's lead unit).
    click(c, "[data-test=sv-split]").await?;
    typ(c, "#sv-new-title", "子任务:重点实验室摸底").await?;
    typ(c, "#sv-new-due", "2026-04-30").await?;
    click(c, "[data-test=sv-new-confirm]").await?;
    wait_text(c, "[data-test=sv-subtasks]", "the sub-task", |t| {
        t.contains("子任务:重点实验室摸底") && t.contains("市科技局")
    })
    .await?;
    shot(c, "supervision-task-edited").await;
    click(c, "[data-test^=sv-subtask-]").await?;
    wait_text(c, "[data-test=sv-title]", "the sub-task's page", |t| {
        t.contains("重点实验室摸底")
    })
    .await?;
    el(c, "[data-test=sv-parent]").await?;
    el(c, "[data-test=sv-act-assign]").await?;
    c.goto(&format!("{base}/#{task1}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;

    // The clock moves past the deadline: task 5 (never signed) goes red.
    set_day("2026-07-01")?;
    c.goto(&format!("{base}/#/tasks?tab=all"))
        .await
        .map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-task-5]").await?;
    wait_text(c, "[data-test=sv-colour]", "红色预警", |t| {
        t == "红色预警"
    })
    .await?;
    wait_text(c, "[data-test=sv-reasons]", "overdue", |t| {
        t.contains("逾期")
    })
    .await?;
    // 催办 to its lead unit (市科技局), answered by that unit.
    click(c, "[data-test=sv-urge]").await?;
    pick(c, "[data-test=sv-urge-org]", "市科技局").await?;
    typ(c, "#sv-urge-text", "请于两日内说明逾期原因").await?;
    click(c, "[data-test=sv-urge-confirm]").await?;
    wait_text(c, "[data-test=sv-urges]", "the urge", |t| {
        t.contains("请于两日内说明逾期原因")
    })
    .await?;
    click(c, "[data-test^=sv-answer-btn-]").await?;
    typ(c, "#sv-answer-text", "已协调落实,本周内签收").await?;
    click(c, "[data-test=sv-answer-confirm]").await?;
    wait_text(c, "[data-test=sv-urges]", "the answer", |t| {
        t.contains("已协调落实,本周内签收")
    })
    .await?;
    shot(c, "supervision-urge").await;
    click(c, "[data-test=nav-notifications]").await?;
    wait_text(c, "[data-test=sv-notes]", "the urge notice", |t| {
        t.contains("催办")
    })
    .await?;

    // Close task 1: the unit's score changes.
    let before = score_of(c, base, "市科技局").await?;
    c.goto(&format!("{base}/#{task1}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=sv-status]", "办理中", |t| t == "办理中").await?;
    sv_act(c, "request_close", Some("已全面完成")).await?;
    wait_text(c, "[data-test=sv-status]", "待审核", |t| t == "待审核").await?;
    sv_act(c, "approve", None).await?;
    wait_text(c, "[data-test=sv-status]", "已销号", |t| t == "已销号").await?;
    let after = score_of(c, base, "市科技局").await?;
    if after <= before {
        return Err(format!(
            "closing did not raise the score: {before} → {after}"
        ));
    }
    shot(c, "supervision-scores").await;
    // The rules form: a value out of range is refused with the field's message; a valid one saves.
    click(c, ".el-collapse-item__header").await?;
    // Backspaces (not `clear`, which el-input does not notice) then the new value.
    let blue = el(c, "[data-test=sv-rules] input").await?;
    blue.send_keys("\u{E010}\u{E003}\u{E003}\u{E003}x")
        .await
        .map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-rules-save]").await?;
    wait_text(
        c,
        "[data-test=sv-rules] .el-form-item__error",
        "the client's number message",
        |t| t.contains("请填写数字"),
    )
    .await?;
    blue.send_keys("\u{E010}\u{E003}\u{E003}\u{E003}-1")
        .await
        .map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-rules-save]").await?;
    wait_text(
        c,
        "[data-test=sv-rules] .el-form-item__error",
        "the range message",
        |t| t.contains("须在"),
    )
    .await?;
    blue.send_keys("\u{E010}\u{E003}\u{E003}\u{E003}10")
        .await
        .map_err(|e| e.to_string())?;
    click(c, "[data-test=sv-rules-save]").await?;
    wait_text(c, ".el-message", "the saved notice", |t| {
        t.contains("规则已保存")
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervision_loop_in_browser() {
    let Some(h) = start().await else { return };
    let clock = h.dir.0.join("clock");
    let result = supervision_scenario(&h.client, &h.base, &clock).await;
    finish(h, "supervision", result).await;
}

/// 综合评价: the preset's structure marks unverified indicators; an uncertainty run (data and
/// method loaded through the API from the page) shows its progress until done, then the
/// ranking, the dimension radar and the rank-interval chart.
async fn evaluation_scenario(c: &Client, base: &str, dir: &std::path::Path) -> Result<(), String> {
    c.goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    typ(c, "#login-username", "admin").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    wait_text(c, "[data-test=user-role]", "the role", |t| !t.is_empty()).await?;
    click(c, "[data-test=nav-evaluation]").await?;
    wait_text(c, "[data-test=ev-methods]", "the presets", |t| {
        t.contains("创新型城市五维评价") && t.contains("COINr")
    })
    .await?;
    click(c, "[data-test=ev-methods] .el-table__row:nth-child(2)").await?;
    wait_text(c, "[data-test=ev-structure]", "unverified marks", |t| {
        t.contains("major_st_projects") && t.contains("定义未核实")
    })
    .await?;
    shot(c, "ev-01-method").await;
    let started = c
        .execute_async(
            r#"const done = arguments[0]; (async () => {
  const me = await (await fetch('/api/v1/auth/me')).json();
  const h = {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token};
  let csv = 'region_code,item_code,year,value\n';
  for (const [r, g, d, e] of [['371400', 2900, 55, 2500], ['370100', 7800, 190, 3000], ['130200', 6900, 120, 5000]])
    csv += `${r},gdp,2018,${g}\n${r},rd_expenditure,2018,${d}\n${r},energy_consumption,2018,${e}\n`;
  await fetch('/api/v1/monitoring/import', {method: 'POST', headers: h, body: JSON.stringify({file_name: 'a.csv', content_base64: btoa(csv), dry_run: false})});
  const st = 'Level,iCode,iName,Direction,Weight,Parent,Type\n1,rd_intensity,研发强度,1,1,input,Indicator\n1,rd_expenditure,研发经费,1,1,input,Indicator\n1,gdp,GDP,1,1,scale,Indicator\n1,energy_intensity,能耗,-1,1,green,Indicator\n2,input,创新投入,1,2,index,Aggregate\n2,scale,经济规模,1,1,index,Aggregate\n2,green,绿色发展,1,1,index,Aggregate\n3,index,指数,1,1,,Aggregate\n';
  const toml = '[[step]]\nkind = "normalise"\nmethod = "minmax"\n[[step]]\nkind = "aggregate"\nmethod = "arithmetic"\n[uncertainty]\nweight_noise = 0.25\nnormalise = ["minmax", "prank"]\n';
  const m = await (await fetch('/api/v1/evaluations/methods', {method: 'POST', headers: h, body: JSON.stringify({name: '浏览器测试', method_toml: toml, structure_csv: st})})).json();
  const ps = (await (await fetch('/api/v1/participants?per_page=200')).json()).items.filter((p) => ['371400', '370100', '130200'].includes(p.region.code)).map((p) => p.id);
  const r = await (await fetch('/api/v1/evaluations/runs', {method: 'POST', headers: h, body: JSON.stringify({method_id: m.method.id, participant_ids: ps, year: 2018, uncertainty: 10000, seed: 5})})).json();
  done(r.run.id);
})().catch((e) => done('error: ' + e));"#,
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let id = started
        .as_i64()
        .ok_or_else(|| format!("run not started: {started}"))?;
    c.goto(&format!("{base}/#/evaluation/runs/{id}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=ev-progress]", "the progress bar", |_| true).await?;
    wait_text(c, "[data-test=ev-run-status]", "the run done", |t| {
        t.contains("完成")
    })
    .await?;
    wait_text(c, ".page-card", "done/total", |t| {
        t.contains("10000 / 10000")
    })
    .await?;
    wait_text(c, "[data-test=ev-ranking]", "the ranking", |t| {
        t.contains("济南市") && t.contains("德州市") && t.contains("唐山市")
    })
    .await?;
    let canvases = wait_js(
        c,
        "return document.querySelectorAll('[data-test=ev-radar] canvas, [data-test=ev-intervals] canvas').length",
        "radar and interval charts",
        |v| v.as_i64() == Some(2),
    )
    .await?;
    assert_eq!(canvases, 2);
    shot(c, "ev-02-run").await;

    // The 五维 city preset on the demo cities' 2024 values, with a sensitivity analysis.
    let sens = c
        .execute_async(
            r#"const done = arguments[0]; (async () => {
  const me = await (await fetch('/api/v1/auth/me')).json();
  const h = {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token};
  const ms = (await (await fetch('/api/v1/evaluations/methods')).json()).items;
  const m = ms.find((x) => x.key === 'innovative_city_5d');
  const ps = (await (await fetch('/api/v1/participants?per_page=200')).json()).items.filter((p) => ['371400', '370100', '130200', '630100'].includes(p.region.code)).map((p) => p.id);
  const r = await (await fetch('/api/v1/evaluations/runs', {method: 'POST', headers: h, body: JSON.stringify({method_id: m.id, participant_ids: ps, year: 2024, uncertainty: 400, seed: 1, sensitivity: 64})})).json();
  done(r.run ? r.run.id : JSON.stringify(r));
})().catch((e) => done('error: ' + e));"#,
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let sid = sens
        .as_i64()
        .ok_or_else(|| format!("preset run not started: {sens}"))?;
    c.goto(&format!("{base}/#/evaluation/runs/{sid}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=ev-run-status]", "the preset run done", |t| {
        t.contains("完成")
    })
    .await?;
    wait_text(c, "[data-test=ev-ranking]", "four cities ranked", |t| {
        ["济南市", "唐山市", "德州市", "西宁市"]
            .iter()
            .all(|n| t.contains(n))
    })
    .await?;
    wait_text(
        c,
        "[data-test=ev-sensitivity-table]",
        "the sensitivity indices",
        |t| t.contains("归一化方法") && t.contains("剔除单项指标") && t.contains("权重扰动"),
    )
    .await?;
    wait_js(
        c,
        "return document.querySelectorAll('[data-test=ev-sensitivity] canvas').length",
        "the sensitivity chart",
        |v| v.as_i64() == Some(1),
    )
    .await?;
    shot(c, "ev-03-sensitivity").await;
    // Rank changes against the first run (济南, 德州 and 唐山 are in both).
    click(c, "[data-test=ev-compare-select]").await?;
    wait_js(
        c,
        &format!(
            "const o = [...document.querySelectorAll('.el-select-dropdown__item')].find((e) => e.textContent.trim().startsWith('#{id} ')); if (o) o.click(); return !!o;"
        ),
        "the run to compare with",
        |v| v.as_bool() == Some(true),
    )
    .await?;
    wait_text(c, "[data-test=ev-compare]", "rank changes", |t| {
        t.contains("济南市")
            && t.contains("德州市")
            && !t.contains("西宁市")
            && (t.contains('↑') || t.contains('↓') || t.contains('—'))
    })
    .await?;
    shot(c, "ev-04-compare").await;

    // A run left `running` by a process that died (heartbeat 10 minutes old): the run page
    // shows it interrupted with the reason, and re-runs it.
    let db = innocity_db::Db::connect(&format!("sqlite://{}/t.db", dir.display()))
        .await
        .map_err(|e| e.to_string())?;
    {
        use innocity_db::entity::evaluation_run;
        use innocity_db::sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        let m = evaluation_run::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the first run is gone")?;
        let mut a = m.into_active_model();
        a.status = Set("running".into());
        a.done = Set(2500);
        a.finished_at = Set(None);
        a.heartbeat_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(10)));
        a.update(&db.conn).await.map_err(|e| e.to_string())?;
    }
    c.goto(&format!("{base}/#/evaluation/runs/{id}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=ev-run-status]", "the run interrupted", |t| {
        t.contains("已中断")
    })
    .await?;
    wait_text(c, "[data-test=ev-run-error]", "the reason", |t| {
        t.contains("运行中断") && t.contains("2500/10000")
    })
    .await?;
    shot(c, "ev-05-interrupted").await;
    click(c, "[data-test=ev-rerun]").await?;
    let again = wait_js(
        c,
        &format!(
            "const m = location.hash.match(/runs\\/(\\d+)/); return m && Number(m[1]) !== {id} ? Number(m[1]) : null;"
        ),
        "the new run's page",
        |v| v.as_i64().is_some(),
    )
    .await?;
    assert!(again.as_i64() > Some(sid));
    wait_text(c, "[data-test=ev-run-status]", "the re-run done", |t| {
        t.contains("完成")
    })
    .await?;
    wait_text(c, ".page-card", "the same N", |t| {
        t.contains("10000 / 10000")
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evaluation_run_in_browser() {
    let Some(h) = start().await else { return };
    let result = evaluation_scenario(&h.client, &h.base, &h.dir.0).await;
    finish(h, "evaluation", result).await;
}
