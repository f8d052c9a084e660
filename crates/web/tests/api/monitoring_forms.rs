//! Creating a data form (as the 报表管理 page does) on SQLite and PostgreSQL: it appears in
//! the forms list and the assigned organisation sees it under what is due; bad input names
//! the fields; reporters cannot create forms.

use crate::common;
use common::*;
use serde_json::json;

both!(
    a_created_form_is_due_for_its_reporter,
    |app: TestApp| async move {
        let [coord, dept] = app.logins(["coordinator", "dept"]).await;
        let prog = coord.first_id("/api/v1/programmes").await;
        let org = coord.first_id("/api/v1/orgs?q=市财政局").await;
        let body = json!({
            "programme_id": prog, "name": "2026年度财政科技数据", "year": 2026,
            "items": ["fiscal_expenditure", "fiscal_st_expenditure"], "due_date": "2027-03-31",
            "assignments": [{"org_id": org, "region_code": "371400",
                             "items": ["fiscal_st_expenditure"], "due_date": null}]
        });
        let (s, b) = dept.post("/api/v1/monitoring/forms", body.clone()).await;
        assert_eq!(s, 403, "reporters do not create forms: {b}");
        let b = coord
            .post_expect(
                "/api/v1/monitoring/forms",
                json!({"programme_id": prog, "name": "", "year": 1990, "items": ["rd_intensity"],
                   "due_date": "31/03/2027",
                   "assignments": [{"org_id": org, "region_code": "370100", "items": ["gdp"]}]}),
                422,
            )
            .await;
        for f in [
            "name",
            "year",
            "due_date",
            "items[0]",
            "assignments[0].region_code",
            "assignments[0].items",
        ] {
            assert!(b["fields"][f].is_string(), "{f}: {b}");
        }
        let (s, f) = coord.post("/api/v1/monitoring/forms", body).await;
        assert_eq!(s, 200, "{f}");
        assert_eq!(f["assignment_count"], 1);
        let (_, list) = coord.get("/api/v1/monitoring/forms").await;
        assert!(list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == f["id"] && x["year"] == 2026));
        let (_, due) = dept.get("/api/v1/monitoring/assignments?year=2026").await;
        let mine = due["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["form_id"] == f["id"])
            .unwrap_or_else(|| panic!("not due for the reporter: {due}"))
            .clone();
        assert_eq!(mine["due_date"], "2027-03-31", "the form's date by default");
        assert_eq!(mine["item_count"], 1);
        assert_eq!(mine["editable"], true);
        let county = app.login("county").await;
        let (_, other) = county.get("/api/v1/monitoring/assignments?year=2026").await;
        assert!(
            other["items"].as_array().unwrap().is_empty(),
            "another organisation does not see it: {other}"
        );
    }
);
