//! Storage errors carry real bilingual messages: stable snake_case codes, English free of
//! Chinese characters. The errors are made by the real repository and validation functions.

use crate::{Actor, Db, Error, Msg};
use serde_json::json;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn snake_case(code: &str) -> bool {
    !code.is_empty()
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Every message of an error, with the field it belongs to.
fn messages(e: &Error) -> Vec<(String, Msg)> {
    match e {
        Error::NotFound(m)
        | Error::Conflict(m)
        | Error::Forbidden(m)
        | Error::Unauthenticated(m)
        | Error::Locked(m)
        | Error::Throttled(m) => vec![(String::new(), m.clone())],
        Error::Duplicate { field, message } => vec![(field.clone(), message.clone())],
        Error::Invalid(f) => f.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Error::Db(e) => panic!("a database error, not a message: {e}"),
    }
}

fn check(what: &str, e: &Error) -> usize {
    let ms = messages(e);
    assert!(!ms.is_empty(), "{what}: no message");
    for (field, m) in &ms {
        assert!(
            snake_case(&m.code),
            "{what} {field}: code {:?} is not snake_case",
            m.code
        );
        assert!(!m.zh.trim().is_empty(), "{what} {field}: no Chinese");
        assert!(!m.en.trim().is_empty(), "{what} {field}: no English");
        assert!(
            !has_cjk(&m.en),
            "{what} {field}: English with Chinese: {:?}",
            m.en
        );
    }
    ms.len()
}

async fn fresh() -> (Db, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "innocity-msgs-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    (
        Db::connect(&path.display().to_string()).await.unwrap(),
        path,
    )
}

fn input<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn storage_errors_have_snake_case_codes_and_english_without_chinese() {
    let (db, path) = fresh().await;
    let sys = Actor::system();
    let mut n = 0;

    // users: a bad form, a missing user, a wrong password
    let e = db
        .auth()
        .create_user(
            &sys,
            &input(
                json!({"username": "a b", "display_name": "", "role": "king",
                          "org_id": 999_999, "password": "short"}),
            ),
            false,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(ref f) if f.len() >= 4), "{e:?}");
    n += check("create_user", &e);
    n += check("user", &db.auth().user(&sys, 999_999).await.unwrap_err());
    let Err(e) = db
        .auth()
        .login("nobody", "Wrong-pass-2026", "127.0.0.1")
        .await
    else {
        panic!("signed in with a wrong password")
    };
    n += check("login", &e);

    // registry: regions and organisations
    let e = db
        .registry()
        .create_region(
            &sys,
            &input(json!({"code": "12ab", "name": "", "level": "galaxy",
                          "parent_code": "999999"})),
        )
        .await
        .unwrap_err();
    n += check("create_region", &e);
    let e = db
        .registry()
        .create_org(
            &sys,
            &input(json!({"name": "", "kind": "guild", "region_code": "999999",
                          "aliases": ["长".repeat(65)]})),
        )
        .await
        .unwrap_err();
    n += check("create_org", &e);
    n += check("org", &db.registry().org(&sys, 999_999).await.unwrap_err());

    // the indicator library
    let e = db
        .library()
        .create_indicator(
            &sys,
            &input(
                json!({"code": "Bad Code", "name_zh": "长".repeat(201), "name_en": "",
                          "unit": "u".repeat(40), "direction": "up",
                          "aggregation": "median"}),
            ),
        )
        .await
        .unwrap_err();
    n += check("create_indicator", &e);

    // supervision rules out of range
    let e = db
        .supervision()
        .set_rules(
            &sys,
            &input(json!({"blue_days": -1, "remind_after": [400],
                          "score": {"coop_weight": 2.0}})),
        )
        .await
        .unwrap_err();
    n += check("set_rules", &e);

    // evaluation methods: the engine's problems, in both languages
    let e = crate::evaluation::check_method("[[step]]\nkind = \"aggregat\"\n", "iCode,Type\n")
        .unwrap_err();
    n += check("check_method", &e);
    let e = crate::evaluation::check_method(
        "[[step]]\nkind = \"aggregate\"\nmethod = \"median\"\n",
        "iCode,Type,Level,Parent\nx,Indicator,1,nope\n",
    )
    .unwrap_err();
    n += check("check_method", &e);
    if let Error::Invalid(f) = &e {
        assert!(
            f.values()
                .any(|m| m.zh.contains("第 2 行") && m.en.contains("row 2")),
            "places in both languages: {f:?}"
        );
    }

    // the pure cores' refusals
    for r in [
        innocity_supervise::Refusal::Answered,
        innocity_supervise::Refusal::NotUrgeable,
        innocity_supervise::Refusal::Denied(innocity_supervise::Denied::Urge),
        innocity_supervise::Refusal::BadState {
            from: innocity_supervise::Status::Closed,
        },
    ] {
        n += check("supervise refusal", &Error::Conflict(r.msg()));
    }
    let t = innocity_domain::ParticipantStatus::Cancelled
        .transition(innocity_domain::ParticipantStatus::Building)
        .unwrap_err();
    n += check("transition", &Error::Conflict(t.msg()));
    assert!(n >= 25, "only {n} messages checked");
    let _ = std::fs::remove_file(path);
}
