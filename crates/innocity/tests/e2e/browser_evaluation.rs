//! Browser test of 综合评价: method structure, an uncertainty run with progress, ranking and
//! charts.

use crate::browser_plans::*;
use crate::support;
use support::*;

/// 综合评价: the preset's structure marks unverified indicators; an uncertainty run (data and
/// method loaded through the API from the page) shows its progress until done, then the
/// ranking, the dimension radar and the rank-interval chart.
/// Opens a run's page.
async fn open_run(c: &Client, base: &str, id: i64) -> Result<(), String> {
    c.goto(&format!("{base}/#/evaluation/runs/{id}"))
        .await
        .map_err(|e| e.to_string())
}

/// Starts a run with `script` (run in the page, through the API; it answers the run's id),
/// then opens the run's page; `what` names the run in the error.
async fn start_run(c: &Client, base: &str, what: &str, script: &str) -> Result<i64, String> {
    let started = c
        .execute_async(script, vec![])
        .await
        .map_err(|e| e.to_string())?;
    let id = started
        .as_i64()
        .ok_or_else(|| format!("{what} not started: {started}"))?;
    open_run(c, base, id).await?;
    Ok(id)
}

async fn evaluation_scenario(c: &Client, base: &str, dir: &std::path::Path) -> Result<(), String> {
    login(c, base, "admin").await?;
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
    let id = start_run(
        c,
        base,
        "run",
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
    )
    .await?;
    wait_text(c, "[data-test=ev-progress]", "the progress bar", |_| true).await?;
    wait_contains(c, "[data-test=ev-run-status]", "the run done", "完成").await?;
    wait_contains(c, ".page-card", "done/total", "10000 / 10000").await?;
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
    let sid = start_run(
        c,
        base,
        "preset run",
        r#"const done = arguments[0]; (async () => {
  const me = await (await fetch('/api/v1/auth/me')).json();
  const h = {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token};
  const ms = (await (await fetch('/api/v1/evaluations/methods')).json()).items;
  const m = ms.find((x) => x.key === 'innovative_city_5d');
  const ps = (await (await fetch('/api/v1/participants?per_page=200')).json()).items.filter((p) => ['371400', '370100', '130200', '630100'].includes(p.region.code)).map((p) => p.id);
  const r = await (await fetch('/api/v1/evaluations/runs', {method: 'POST', headers: h, body: JSON.stringify({method_id: m.id, participant_ids: ps, year: 2024, uncertainty: 400, seed: 1, sensitivity: 64})})).json();
  done(r.run ? r.run.id : JSON.stringify(r));
})().catch((e) => done('error: ' + e));"#,
    )
    .await?;
    wait_contains(
        c,
        "[data-test=ev-run-status]",
        "the preset run done",
        "完成",
    )
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
    open_run(c, base, id).await?;
    wait_contains(
        c,
        "[data-test=ev-run-status]",
        "the run interrupted",
        "已中断",
    )
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
    wait_contains(c, "[data-test=ev-run-status]", "the re-run done", "完成").await?;
    wait_contains(c, ".page-card", "the same N", "10000 / 10000").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evaluation_run_in_browser() {
    let Some(h) = start().await else { return };
    let result = evaluation_scenario(&h.client, &h.base, &h.dir.0).await;
    finish(h, "evaluation", result).await;
}
