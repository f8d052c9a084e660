//! The SMTP client (lettre): authentication against a tiny local SMTP server, refused
//! credentials, and the configuration read from the environment.

use crate::common::{next_mail, smtp_sink};
use innocity_service::mail::{send, Security, Smtp};
use std::collections::HashMap;

/// The sink's password for `innocity`.
const PASSWORD: &str = "s3cret";

fn with_auth(port: u16, password: &str) -> Smtp {
    Smtp {
        user: Some("innocity".into()),
        password: Some(password.into()),
        ..Smtp::plain("127.0.0.1", port, "innocity@example.org")
    }
}

#[tokio::test]
async fn authenticates_when_configured() {
    let (port, mut rx) = smtp_sink(Some(PASSWORD)).await;
    send(
        &with_auth(port, PASSWORD),
        "lisi@example.org",
        "催办:科技金融专项督查",
        "请于 2026-03-05 前答复。",
    )
    .await
    .expect("sent");
    let got = next_mail(&mut rx).await;
    let auth = got
        .lines()
        .find(|l| l.to_uppercase().starts_with("AUTH "))
        .unwrap_or_else(|| panic!("no AUTH command: {got}"));
    assert!(auth.starts_with("AUTH PLAIN "), "{auth}");
    let auth_at = got.find("AUTH ").unwrap();
    let mail_at = got.find("MAIL FROM:<innocity@example.org>").expect(&got);
    assert!(auth_at < mail_at, "AUTH before the envelope: {got}");
    assert!(got.contains("RCPT TO:<lisi@example.org>"), "{got}");
}

#[tokio::test]
async fn refused_credentials_fail_the_send() {
    let (port, _rx) = smtp_sink(Some(PASSWORD)).await;
    let e = send(&with_auth(port, "wrong"), "lisi@example.org", "x", "y")
        .await
        .expect_err("535 must fail");
    assert!(
        e.contains("535") || e.to_lowercase().contains("credential"),
        "{e}"
    );
}

#[tokio::test]
async fn no_auth_without_credentials() {
    let (port, mut rx) = smtp_sink(Some(PASSWORD)).await;
    send(
        &Smtp::plain("127.0.0.1", port, "innocity@example.org"),
        "lisi@example.org",
        "x",
        "y",
    )
    .await
    .expect("sent");
    let got = next_mail(&mut rx).await;
    assert!(!got.contains("AUTH"), "{got}");
}

fn env(pairs: &[(&str, &str)]) -> Result<Option<Smtp>, String> {
    let m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Smtp::from_vars(|k| m.get(k).cloned())
}

#[test]
fn configuration_from_the_environment() {
    assert!(env(&[]).unwrap().is_none(), "no host: no mail");
    // The old single variable still works: plain SMTP to HOST:PORT.
    let s = env(&[("INNOCITY_SMTP", "127.0.0.1:2525")])
        .unwrap()
        .unwrap();
    assert_eq!(
        (s.host.as_str(), s.port, s.security),
        ("127.0.0.1", 2525, Security::None)
    );
    assert!(s.user.is_none());
    // A user defaults to STARTTLS on 587; implicit TLS defaults to 465.
    let s = env(&[
        ("INNOCITY_SMTP_HOST", "mail.dezhou.gov.cn"),
        ("INNOCITY_SMTP_USER", "innocity"),
        ("INNOCITY_SMTP_PASSWORD", "pw"),
        ("INNOCITY_SMTP_FROM", "innocity@dezhou.gov.cn"),
    ])
    .unwrap()
    .unwrap();
    assert_eq!((s.port, s.security), (587, Security::StartTls));
    let s = env(&[
        ("INNOCITY_SMTP_HOST", "mail.dezhou.gov.cn"),
        ("INNOCITY_SMTP_SECURITY", "tls"),
    ])
    .unwrap()
    .unwrap();
    assert_eq!((s.port, s.security), (465, Security::Tls));
    // Refused: a password in clear text to another machine, a bad mode, a lone user.
    let e = env(&[
        ("INNOCITY_SMTP_HOST", "mail.dezhou.gov.cn"),
        ("INNOCITY_SMTP_SECURITY", "none"),
        ("INNOCITY_SMTP_USER", "innocity"),
        ("INNOCITY_SMTP_PASSWORD", "pw"),
    ])
    .unwrap_err();
    assert!(e.contains("starttls"), "{e}");
    let e = env(&[
        ("INNOCITY_SMTP_HOST", "x"),
        ("INNOCITY_SMTP_SECURITY", "ssl3"),
    ])
    .unwrap_err();
    assert!(e.contains("INNOCITY_SMTP_SECURITY"), "{e}");
    let e = env(&[("INNOCITY_SMTP_HOST", "x"), ("INNOCITY_SMTP_USER", "u")]).unwrap_err();
    assert!(e.contains("INNOCITY_SMTP_PASSWORD"), "{e}");
    let e = env(&[("INNOCITY_SMTP_HOST", "x"), ("INNOCITY_SMTP_PORT", "smtp")]).unwrap_err();
    assert!(e.contains("INNOCITY_SMTP_PORT"), "{e}");
}
