//! Monitoring end to end on SQLite and PostgreSQL: the demo scorecard, the entry → submit →
//! return → fix → approve workflow with locked values and history, scoping of draft data,
//! import (dry run, commit, all-or-nothing) and bad files that change nothing.

use crate::common;
use common::*;
use serde_json::{json, Value};

async fn obs_count(app: &TestApp) -> u64 {
    use innocity_db::sea_orm::{EntityTrait, PaginatorTrait};
    innocity_db::entity::observation::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap()
}

/// Reviews an assignment (`action`, with an optional reason); the answer must have `status`.
async fn review_as(
    c: &Client,
    path: &str,
    action: &str,
    reason: Option<&str>,
    status: u16,
) -> Value {
    let mut body = json!({"action": action});
    if let Some(r) = reason {
        body["reason"] = json!(r);
    }
    c.post_expect(&format!("{path}/review"), body, status).await
}

fn row<'a>(sc: &'a Value, indicator: &str) -> &'a Value {
    item(sc, "rows", "indicator", indicator)
}

both!(
    demo_scorecard_shows_a_mix_of_statuses,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        let sc = c
            .get_ok(&format!("/api/v1/monitoring/scorecard/{pid}"))
            .await;
        assert_eq!(sc["rows"].as_array().unwrap().len(), 7);
        for status in ["已达标", "正常", "滞后", "严重滞后"] {
            assert!(
                sc["counts"][status].as_u64().unwrap_or(0) >= 1,
                "{status} missing: {}",
                sc["counts"]
            );
        }
        // R&D intensity: counties' GDP and R&D roll up to the city, then the ratio is recomputed.
        let rd = row(&sc, "rd_intensity");
        let series = rd["series"].as_array().unwrap();
        assert_eq!(series.len(), 6, "2019–2024: {rd}");
        let v2024 = series.last().unwrap()["value"].as_f64().unwrap();
        assert!((v2024 - 2.85).abs() < 0.01, "{v2024}");
        assert_eq!(rd["tracking"]["status_label"], "正常");
        assert_eq!(rd["tracking"]["forecast_method"], "log_linear");
        assert_eq!(rd["tracking"]["baseline"]["year"], 2021);
        assert_eq!(
            row(&sc, "tech_smes")["tracking"]["status_label"],
            "严重滞后"
        );
        assert_eq!(
            row(&sc, "invention_patents_per_10k")["tracking"]["status_label"],
            "滞后"
        );
        assert_eq!(
            row(&sc, "major_st_projects")["tracking"]["status_label"],
            "已达标"
        );
        // Series endpoint agrees; an Excel export of the scorecard opens.
        let (s, ser) = c
            .get("/api/v1/monitoring/series?region=371400&item=rd_intensity")
            .await;
        assert_eq!(s, 200, "{ser}");
        assert_eq!(ser["items"].as_array().unwrap().len(), 6);
        let r = c
            .download(&format!("/api/v1/monitoring/scorecard/{pid}/export.xlsx"))
            .await;
        let sheets = innocity_office::read_rows(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(sheets[0].1.len(), 2 + 7, "title, header and 7 targets");
        // Every figure is exported: the trend data (one row per target and year), and
        // completeness.
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["目标监测", "趋势", "完成情况", "目标修订"]);
        let trend_rows = sc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["series"].as_array().unwrap().len())
            .sum::<usize>();
        assert_eq!(sheets[1].1.len(), 2 + trend_rows);

        // Task progress: none until the plan's tasks are taken over; the cockpit, served
        // from its cache, sees the change at once.
        assert_eq!(sc["tasks"]["total"], 0, "{}", sc["tasks"]);
        let plan = c.first_id("/api/v1/plans").await;
        let b = take_over_plan(&c, plan, "2026-12-31").await;
        let created = b["created"].as_array().unwrap().len() as u64;
        assert!(created > 10);
        let (_, sc) = c.get(&format!("/api/v1/monitoring/scorecard/{pid}")).await;
        let tasks = &sc["tasks"];
        assert_eq!(tasks["total"], created, "{tasks}");
        let coloured: u64 = tasks["colours"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(coloured, created - tasks["closed"].as_u64().unwrap());
        assert!(!tasks["statuses"].as_object().unwrap().is_empty());
    }
);

both!(
    entry_return_fix_approve_and_lock,
    |app: TestApp| async move {
        let [dept, coord, county] = app.logins(["dept", "coordinator", "county"]).await;
        let pid = participant_id(&coord, "371400").await;
        let aid = my_assignment(&dept, "371400").await;
        let path = format!("/api/v1/monitoring/assignments/{aid}");
        let [submit, check, values, review] =
            ["submit", "check", "values", "review"].map(|a| format!("{path}/{a}"));

        // The entry page shows previous years beside each value.
        let d = dept.get_ok(&path).await;
        assert_eq!(d["assignment"]["editable"], true);
        let prev = d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["item"]["code"] == "fiscal_expenditure")
            .unwrap()["previous"]
            .clone();
        assert_eq!(prev[2]["year"], 2024);
        assert_eq!(prev[2]["value"], 542.0);

        // Submitting with a missing value and no reason is refused.
        dept.post_expect(&submit, json!({}), 422).await;

        // Fiscal S&T spending above total spending: shown while typing, blocks submission.
        let bad = json!({"values": [
            {"item": "fiscal_expenditure", "value": 560.0},
            {"item": "fiscal_st_expenditure", "value": 600.0},
            {"item": "major_st_projects", "value": 7.0}
        ]});
        let chk = dept.post_expect(&check, bad.clone(), 200).await;
        assert!(
            chk["violations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v["kind"] == "consistency" && v["importance"] == "high"),
            "{chk}"
        );
        dept.put_expect(&values, bad, 200).await;
        let b = dept.post_expect(&submit, json!({}), 422).await;
        assert!(b["fields"].to_string().contains("财政"), "{b}");

        // Nobody else sees the draft values: coordinator sees the row hidden, county nothing.
        let d = coord.get_ok(&path).await;
        assert_eq!(d["hidden"], true);
        assert!(d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["value"].is_null()));
        county.get_expect(&path, 404).await;
        let (_, ex) = coord
            .get("/api/v1/monitoring/export?region=371400&year=2025")
            .await;
        assert_eq!(ex["rows"].as_array().unwrap().len(), 0, "{ex}");

        // Fix and submit.
        dept.put_expect(&values,
            json!({"values": [{"item": "fiscal_st_expenditure", "value": 15.0, "comment": "含科技园区专项"}]}), 200).await;
        let d = dept.post_expect(&submit, json!({}), 200).await;
        assert_eq!(d["assignment"]["status"], "submitted");
        let (s, _) = dept
            .put(
                &values,
                json!({"values": [{"item": "major_st_projects", "value": 8.0}]}),
            )
            .await;
        assert_eq!(s, 409, "submitted values are locked");

        // The coordinator returns it with a reason (a reason is required).
        review_as(&coord, &path, "return", None, 422).await;
        let d = review_as(
            &coord,
            &path,
            "return",
            Some("重大项目数请与科技局核对"),
            200,
        )
        .await;
        assert_eq!(d["assignment"]["status"], "returned");
        let (_, d) = dept.get(&path).await;
        assert_eq!(d["assignment"]["reason"], "重大项目数请与科技局核对");

        // Fix, resubmit, approve.
        dept.put_expect(
            &values,
            json!({"values": [{"item": "major_st_projects", "value": 7.0, "comment": "已核对"}]}),
            200,
        )
        .await;
        dept.post_expect(&submit, json!({}), 200).await;
        let (_, before) = coord
            .get(&format!("/api/v1/monitoring/scorecard/{pid}"))
            .await;
        assert_eq!(
            row(&before, "major_st_projects")["tracking"]["status_label"],
            "已达标",
            "unapproved values are hidden from the scorecard"
        );
        let (_, with) = coord
            .get(&format!(
                "/api/v1/monitoring/scorecard/{pid}?unapproved=true"
            ))
            .await;
        assert_eq!(
            row(&with, "major_st_projects")["tracking"]["latest"]["year"],
            2025
        );
        let (s, _) = dept.post(&review, json!({"action": "approve"})).await;
        assert_eq!(s, 403, "reporters do not approve");
        let d = review_as(&coord, &path, "approve", None, 200).await;
        assert_eq!(d["assignment"]["status"], "approved");
        let (_, after) = coord
            .get(&format!("/api/v1/monitoring/scorecard/{pid}"))
            .await;
        let m = row(&after, "major_st_projects");
        assert_eq!(m["tracking"]["latest"]["value"], 7.0);
        assert_eq!(m["tracking"]["status_label"], "严重滞后", "{m}");

        // Approved values are locked; unapproving needs a reason; the level above accepts.
        dept.put_expect(
            &values,
            json!({"values": [{"item": "major_st_projects", "value": 9.0}]}),
            409,
        )
        .await;
        let (s, _) = coord.post(&review, json!({"action": "accept"})).await;
        assert_eq!(s, 403, "acceptance is for the level above");
        let reviewer = app.login("reviewer").await;
        let d = review_as(&reviewer, &path, "accept", None, 200).await;
        assert_eq!(d["assignment"]["status"], "accepted");
        review_as(&coord, &path, "unapprove", None, 422).await;
        let d = review_as(&coord, &path, "unapprove", Some("统计局口径调整"), 200).await;
        assert_eq!(d["assignment"]["status"], "returned");

        // Every change of the value is in its history.
        let h = coord
            .get_ok("/api/v1/monitoring/history?region=371400&item=major_st_projects&year=2025")
            .await;
        let h = h["items"].as_array().unwrap();
        assert!(h.len() >= 7, "{h:?}");
        assert_eq!(h[0]["new_value"], 7.0);
        assert!(h.iter().any(|e| e["note"] == "统计局口径调整"));
        let log = audit_log(&app, Some("form_assignment"), 100).await;
        let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "save_values",
                "save_values",
                "submit",
                "return",
                "save_values",
                "submit",
                "approve",
                "accept",
                "unapprove"
            ]
        );
        assert!(log.iter().all(|e| e.before.is_some() && e.after.is_some()));
    }
);

both!(
    reporters_see_only_their_assignments,
    |app: TestApp| async move {
        let county = app.login("county").await;
        let (_, b) = county.get("/api/v1/monitoring/assignments").await;
        let items = b["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{b}");
        assert_eq!(items[0]["region_code"], "371402");
        assert_eq!(items[0]["org_name"], "德城区人民政府");
        let coord = app.login("coordinator").await;
        let (_, b) = coord.get("/api/v1/monitoring/assignments").await;
        let all = b["items"].as_array().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(b["completeness"]["assignments"], 3);
        assert!(
            all.iter().any(|a| a["overdue"] == true),
            "the statistics bureau's is past due: {b}"
        );
        // A county reporter cannot write into another organisation's assignment.
        let other = all.iter().find(|a| a["region_code"] == "371400").unwrap()["id"]
            .as_i64()
            .unwrap();
        county
            .put_expect(
                &format!("/api/v1/monitoring/assignments/{other}/values"),
                json!({"values": [{"item": "fiscal_expenditure", "value": 1.0}]}),
                404,
            )
            .await;
        // Out-of-scope export is not found.
        county
            .get_expect("/api/v1/monitoring/export?region=371400&year=2024", 404)
            .await;
    }
);

both!(
    import_dry_run_then_commit_all_or_nothing,
    |app: TestApp| async move {
        let coord = app.login("coordinator").await;
        let before = obs_count(&app).await;
        let csv = "region_code,item_code,year,value,comment\n371400,gdp,2018,2900.5,演示\n371400,rd_expenditure,2018,55,\n";
        let body = |name: &str, bytes: &[u8], dry: bool| json!({"file_name": name, "content_base64": b64(bytes), "dry_run": dry});
        let r = coord
            .post_expect(
                "/api/v1/monitoring/import",
                body("d.csv", csv.as_bytes(), true),
                200,
            )
            .await;
        assert_eq!(r["inserted"], 2);
        assert_eq!(r["committed"], false);
        assert_eq!(obs_count(&app).await, before, "a dry run writes nothing");

        // One bad row: the report names file, row and column, and nothing is written.
        let bad = format!("{csv}371400,no_such_item,2018,1,\n");
        let r = coord
            .post_expect(
                "/api/v1/monitoring/import",
                body("d.csv", bad.as_bytes(), false),
                422,
            )
            .await;
        assert_eq!(r["errors"][0]["file"], "d.csv");
        assert_eq!(r["errors"][0]["row"], 4);
        assert_eq!(r["errors"][0]["column"], "item_code");
        assert_eq!(obs_count(&app).await, before);

        // GBK CSV commits; JSON by codes too; export gives them back.
        let (gbk, _, _) = encoding_rs::GBK.encode(csv);
        let r = coord
            .post_expect("/api/v1/monitoring/import", body("d.csv", &gbk, false), 200)
            .await;
        assert_eq!(r["committed"], true);
        assert_eq!(obs_count(&app).await, before + 2);
        let js = json!([{"region_code": "371400", "item_code": "tech_smes", "year": 2018, "value": 520}]);
        coord
            .post_expect(
                "/api/v1/monitoring/import",
                body("d.json", js.to_string().as_bytes(), false),
                200,
            )
            .await;
        let (_, ex) = coord
            .get("/api/v1/monitoring/export?region=371400&year=2018")
            .await;
        let rows = ex["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{ex}");
        assert!(rows.iter().any(|r| r["comment"] == "演示"));
        // Approved demo values are locked against import by a reporter.
        let dept = app.login("dept").await;
        dept.post_expect(
            "/api/v1/monitoring/import",
            body(
                "x.csv",
                b"region_code,item_code,year,value\n371400,fiscal_expenditure,2024,1\n",
                false,
            ),
            422,
        )
        .await;
        // A reporter fills its own assignment through the template and an upload.
        let aid = my_assignment(&dept, "371400").await;
        let t = dept
            .download(&format!(
                "/api/v1/monitoring/assignments/{aid}/template.xlsx"
            ))
            .await;
        let bytes = t.bytes().await.unwrap();
        let rows = innocity_office::data::read_xlsx(&bytes).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows
            .iter()
            .all(|(_, r)| r.year == 2025 && r.value.is_none()));
        let (s, r) = dept
            .post("/api/v1/monitoring/import", body("t.xlsx", &bytes, true))
            .await;
        assert_eq!(s, 422, "empty values need a missing reason: {r}");
        assert_eq!(r["errors"][0]["sheet"], "数据填报");
    }
);

/// A ZIP whose directory claims one 500 MB part compressed to 1 KB.
fn zip_bomb() -> Vec<u8> {
    let name = b"xl/worksheets/sheet1.xml";
    let data = vec![0u8; 1024];
    let mut z = Vec::new();
    z.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(500u32 << 20).to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z.extend_from_slice(name);
    z.extend_from_slice(&data);
    let cd = z.len() as u32;
    z.extend_from_slice(&[0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(500u32 << 20).to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&[0u8; 12]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(name);
    let cd_len = z.len() as u32 - cd;
    z.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&cd_len.to_le_bytes());
    z.extend_from_slice(&cd.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

fn workbook(f: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("数据填报").unwrap();
    for (c, h) in ["region_code", "item_code", "year", "value"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "371400").unwrap();
    ws.write_string(1, 1, "gdp").unwrap();
    ws.write_number(1, 2, 2017.0).unwrap();
    f(ws);
    wb.save_to_buffer().unwrap()
}

both!(
    bad_workbooks_give_a_report_and_change_nothing,
    |app: TestApp| async move {
        let coord = app.login("coordinator").await;
        let before = obs_count(&app).await;
        let audit_before = audit_count(&app).await;
        let wrong_sheet = innocity_office::workbook(&[innocity_office::Sheet {
            name: "Sheet1".into(),
            title: None,
            headers: vec!["region_code".into()],
            widths: vec![],
            rows: vec![],
        }])
        .unwrap();
        let merged = workbook(|ws| {
            ws.write_number(1, 3, 1.0).unwrap();
            ws.merge_range(3, 0, 3, 2, "合并", &rust_xlsxwriter::Format::new())
                .unwrap();
        });
        let formula = workbook(|ws| {
            ws.write_formula(1, 3, "=1+2").unwrap();
        });
        let text = workbook(|ws| {
            ws.write_string(1, 3, "约三千").unwrap();
        });
        let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        xls.extend(vec![0u8; 512]);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("wrong.xlsx", wrong_sheet, "找不到工作表"),
            ("merged.xlsx", merged, "合并单元格"),
            ("formula.xlsx", formula, "公式"),
            ("text.xlsx", text, "文本"),
            ("old.xlsx", xls, ".xls"),
            ("bomb.xlsx", zip_bomb(), "压缩炸弹"),
            ("huge.xlsx", vec![b'P'; 21 * 1024 * 1024], "文件超过 20 MB"),
        ];
        for (name, bytes, want) in cases {
            let (s, r) = coord
                .post(
                    "/api/v1/monitoring/import",
                    json!({"file_name": name, "content_base64": b64(&bytes), "dry_run": false}),
                )
                .await;
            assert_eq!(s, 422, "{name}: {r}");
            assert_eq!(r["errors"][0]["file"], name, "{r}");
            assert!(
                r["errors"].to_string().contains(want),
                "{name}: want {want}: {r}"
            );
        }
        // The text cell is located exactly.
        let (_, r) = coord
        .post(
            "/api/v1/monitoring/import",
            json!({"file_name": "t.xlsx", "content_base64": b64(&workbook(|ws| { ws.write_string(1, 3, "abc").unwrap(); })), "dry_run": false}),
        )
        .await;
        assert_eq!(r["errors"][0]["row"], 2);
        assert_eq!(r["errors"][0]["column"], "D (value)");
        assert_eq!(obs_count(&app).await, before, "nothing written");
        assert_eq!(audit_count(&app).await, audit_before);
    }
);
