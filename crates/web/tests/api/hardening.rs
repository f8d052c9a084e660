//! Holding up under concurrency and attack (#11): parallel saves never fail because another
//! user writes, and the lockout and address throttle count every parallel attempt.

use crate::common;
use common::*;
use serde_json::json;

/// Sends the same login `n` times at once (or with `names(i)` as the username) and returns
/// the status codes.
async fn parallel_logins(app: &TestApp, n: usize, name: impl Fn(usize) -> String) -> Vec<u16> {
    let mut jobs = tokio::task::JoinSet::new();
    for i in 0..n {
        let c = app.anon();
        let username = name(i);
        jobs.spawn(async move {
            let body = json!({"username": username, "password": "wrong-Password-1"});
            c.post("/api/v1/auth/login", body).await.0
        });
    }
    jobs.join_all().await
}

fn count(codes: &[u16], code: u16) -> usize {
    codes.iter().filter(|&&c| c == code).count()
}

both!(
    parallel_wrong_passwords_lock_the_account_after_five,
    |app: TestApp| async move {
        let codes = parallel_logins(&app, 50, |_| "dept".into()).await;
        assert_eq!(count(&codes, 401), 5, "exactly five are checked: {codes:?}");
        assert_eq!(
            count(&codes, 423) + count(&codes, 429),
            45,
            "the rest are refused unchecked: {codes:?}"
        );
        // The right password now is refused too.
        let c = app.anon();
        let (s, b) = c
            .post(
                "/api/v1/auth/login",
                json!({"username": "dept", "password": DEMO_PASSWORD}),
            )
            .await;
        assert!(s == 423 || s == 429, "{s} {b}");
    }
);

both!(
    parallel_attempts_from_one_address_are_throttled_after_twenty,
    |app: TestApp| async move {
        let codes = parallel_logins(&app, 60, |i| format!("nobody-{i}")).await;
        assert_eq!(count(&codes, 401), 20, "{codes:?}");
        assert_eq!(count(&codes, 429), 40, "{codes:?}");
    }
);

both!(
    wrong_old_passwords_count_like_failed_sign_ins,
    |app: TestApp| async move {
        let c = app.login("viewer").await;
        for _ in 0..5 {
            let (s, b) = c
                .post(
                    "/api/v1/auth/password",
                    json!({"old_password": "not-it-Really-9", "new_password": "Fresh-pass-2031x"}),
                )
                .await;
            assert_eq!(s, 422, "{b}");
        }
        let (s, b) = c
            .post(
                "/api/v1/auth/password",
                json!({"old_password": DEMO_PASSWORD, "new_password": "Fresh-pass-2031x"}),
            )
            .await;
        assert_eq!(s, 423, "the sixth guess is refused even when right: {b}");
    }
);

both!(parallel_saves_all_succeed, |app: TestApp| async move {
    let [dept, coord] = app.logins(["dept", "coordinator"]).await;
    let aid = my_assignment(&dept, "371400").await;
    let values = format!("/api/v1/monitoring/assignments/{aid}/values");
    let dept = std::sync::Arc::new(dept);
    let coord = std::sync::Arc::new(coord);
    let mut jobs = tokio::task::JoinSet::new();
    for i in 0..32 {
        let (d, c, path) = (dept.clone(), coord.clone(), values.clone());
        jobs.spawn(async move {
            if i % 4 == 3 {
                // readers in between
                let (s, b) = c.get("/api/v1/monitoring/assignments").await;
                (s, b)
            } else {
                let item = if i % 2 == 0 {
                    "major_st_projects"
                } else {
                    "fiscal_st_expenditure"
                };
                let body = json!({"values": [{"item": item, "value": i as f64}]});
                d.put(&path, body).await
            }
        });
    }
    for (s, b) in jobs.join_all().await {
        assert_eq!(s, 200, "no save fails because another one runs: {b}");
    }
});

both!(
    hygiene_of_answers_bodies_and_passwords,
    |app: TestApp| async move {
        let c = app.login("viewer").await;
        // JSON answers are never cached.
        let r = c.download("/api/v1/auth/me").await;
        assert_eq!(r.headers()["cache-control"], "no-store");
        // An over-size body is 413, not 400.
        let huge = "x".repeat(9 * 1024 * 1024);
        let (s, b) = c
            .post(
                "/api/v1/auth/password",
                json!({"old_password": huge, "new_password": "x"}),
            )
            .await;
        assert_eq!(s, 413, "{b}");
        assert_eq!(b["code"], "too_large", "{b}");
        // A common password is refused, naming the field.
        let (s, b) = c
            .post(
                "/api/v1/auth/password",
                json!({"old_password": DEMO_PASSWORD, "new_password": "Password2026!"}),
            )
            .await;
        assert_eq!(s, 422, "{b}");
        assert_eq!(b["field_codes"]["new_password"], "common_password", "{b}");
    }
);
