//! The SMTP client (lettre): authentication against a tiny local SMTP server, refused
//! credentials, and the configuration read from the environment.

use innocity_service::mail::{send, Security, Smtp};
use std::collections::HashMap;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A one-connection SMTP server on 127.0.0.1 that offers AUTH PLAIN/LOGIN and accepts the
/// password `s3cret` for `innocity`; returns its port and the transcript when done.
async fn auth_sink() -> (u16, tokio::sync::oneshot::Receiver<String>) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (s, _) = l.accept().await.unwrap();
        let (r, mut w) = s.into_split();
        let mut r = BufReader::new(r);
        let mut all = String::new();
        w.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let mut data = false;
        let good = {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(b"\0innocity\0s3cret")
        };
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                break;
            }
            all.push_str(&line);
            if data {
                if line == ".\r\n" {
                    data = false;
                    w.write_all(b"250 queued\r\n").await.unwrap();
                }
                continue;
            }
            let cmd = line.trim_end().to_string();
            let up = cmd.to_uppercase();
            let answer: &[u8] = if up.starts_with("EHLO") {
                b"250-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
            } else if up.starts_with("AUTH PLAIN") {
                if cmd.ends_with(&good) {
                    b"235 2.7.0 accepted\r\n"
                } else {
                    b"535 5.7.8 bad credentials\r\n"
                }
            } else if up.starts_with("DATA") {
                data = true;
                b"354 go\r\n"
            } else if up.starts_with("QUIT") {
                w.write_all(b"221 bye\r\n").await.unwrap();
                break;
            } else {
                b"250 ok\r\n"
            };
            w.write_all(answer).await.unwrap();
        }
        let _ = tx.send(all);
    });
    (port, rx)
}

fn with_auth(port: u16, password: &str) -> Smtp {
    Smtp {
        user: Some("innocity".into()),
        password: Some(password.into()),
        ..Smtp::plain("127.0.0.1", port, "innocity@example.org")
    }
}

#[tokio::test]
async fn authenticates_when_configured() {
    let (port, rx) = auth_sink().await;
    send(
        &with_auth(port, "s3cret"),
        "lisi@example.org",
        "催办:科技金融专项督查",
        "请于 2026-03-05 前答复。",
    )
    .await
    .expect("sent");
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), rx)
        .await
        .unwrap()
        .unwrap();
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
    let (port, _rx) = auth_sink().await;
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
    let (port, rx) = auth_sink().await;
    send(
        &Smtp::plain("127.0.0.1", port, "innocity@example.org"),
        "lisi@example.org",
        "x",
        "y",
    )
    .await
    .expect("sent");
    let got = rx.await.unwrap();
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
