//! Browser test of validation rules: the admin creates a rule on the 校验规则 page (a bad
//! expression is first refused with the message at the field), then the department reporter
//! sees its violation while typing on the entry page (the real `innocity serve --demo` binary
//! through headless Chromium). Skipped with a printed reason when chromium/chromedriver are
//! missing (a failure under `CI=true`).

use crate::support;
use support::*;

async fn scenario(c: &Client, base: &str) -> Result<(), String> {
    login(c, base, "admin").await?;
    click(c, "[data-test=nav-rules]").await?;
    el(c, "[data-test=rule-table]").await?;
    wait_text(c, "[data-test^=rule-row-]", "the seeded defaults", |t| {
        t.starts_with("consistency.")
    })
    .await?;
    click(c, "#rule-new").await?;
    el(c, "#rule-code").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    typ(c, "#rule-code", "t.browser.major").await?;
    typ(c, "#rule-name", "重大项目数上限(浏览器测试)").await?;
    typ(c, "#rule-left", "major_st_projects").await?;
    fill_and_click(c, "#rule-right", "no_such_item", "#rule-save").await?;
    // The API's message appears at the right-hand field.
    wait_contains(c, ".el-form-item__error", "the field error", "no_such_item").await?;
    shot(c, "rules-01-field-error").await;
    // Backspaces (an input event each), so the form's model follows.
    typ(c, "#rule-right", &"\u{E003}".repeat("no_such_item".len())).await?;
    fill_and_click(c, "#rule-right", "5", "#rule-save").await?;
    wait_contains(
        c,
        "[data-test^=rule-row-]",
        "the new rule",
        "t.browser.major",
    )
    .await?;
    shot(c, "rules-02-created").await;

    // The reporter types a value above the new bound and sees the violation.
    login(c, base, "dept").await?;
    click(c, "[data-test=nav-monitoring]").await?;
    click(c, "[data-test^=mon-open-]").await?;
    el(c, "[data-test=mon-entry]").await?;
    typ(c, &input("mon-value-major_st_projects"), "7").await?;
    wait_contains(
        c,
        "[data-test=mon-violation]",
        "the new rule's violation",
        "重大项目数上限(浏览器测试)",
    )
    .await?;
    shot(c, "rules-03-violation").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_creates_a_rule_and_the_reporter_sees_its_violation() {
    let Some(h) = start().await else { return };
    let result = scenario(&h.client, &h.base).await;
    finish(h, "rules", result).await;
}
