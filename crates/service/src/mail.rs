//! E-mail for supervision notifications, sent with `lettre` (tokio transport, rustls with
//! the Mozilla root certificates, plus an optional extra CA for an internal mail server).
//!
//! Security modes: `none` (plain SMTP, for a relay on the local network or a local postfix),
//! `starttls` (upgrade required, usually port 587) and `tls` (implicit TLS, usually port 465).
//! With a user and password the client authenticates (AUTH PLAIN or LOGIN, whichever the
//! server offers); credentials are refused over `none` unless the relay is on the loopback
//! interface. Sending never fails a request: errors are logged and the notification stays
//! pending for the next attempt.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Connection security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain SMTP.
    None,
    /// STARTTLS, required (the connection fails rather than continuing in clear text).
    StartTls,
    /// Implicit TLS from the first byte (SMTPS).
    Tls,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "plain" => Some(Security::None),
            "starttls" => Some(Security::StartTls),
            "tls" | "ssl" | "smtps" => Some(Security::Tls),
            _ => None,
        }
    }
}

/// Where and how to send mail.
#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name for AUTH (none: no authentication).
    pub user: Option<String>,
    pub password: Option<String>,
    /// Sender address.
    pub from: String,
    /// Extra trusted root certificate(s), PEM (an internal mail server's CA).
    pub ca_pem: Option<Vec<u8>>,
}

impl Smtp {
    /// A plain relay at `host:port` without authentication.
    pub fn plain(host: &str, port: u16, from: &str) -> Smtp {
        Smtp {
            host: host.into(),
            port,
            security: Security::None,
            user: None,
            password: None,
            from: from.into(),
            ca_pem: None,
        }
    }

    /// Reads the settings from the environment (none when no host is set):
    ///
    /// - `INNOCITY_SMTP_HOST`, `INNOCITY_SMTP_PORT` (default by mode: 25, 587, 465), or
    ///   `INNOCITY_SMTP` as `HOST:PORT`;
    /// - `INNOCITY_SMTP_SECURITY`: `none`, `starttls` or `tls` (default `starttls` when a
    ///   user is set, else `none`);
    /// - `INNOCITY_SMTP_USER`, `INNOCITY_SMTP_PASSWORD` (or `INNOCITY_SMTP_PASSWORD_FILE`);
    /// - `INNOCITY_SMTP_FROM` (default `innocity@localhost`);
    /// - `INNOCITY_SMTP_CA_FILE`: extra root certificate(s) in PEM.
    pub fn from_env() -> Result<Option<Smtp>, String> {
        Self::from_vars(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    /// [`Smtp::from_env`] over any variable source (tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Smtp>, String> {
        let (host, port) = match (var("INNOCITY_SMTP_HOST"), var("INNOCITY_SMTP")) {
            (Some(h), _) => (h.trim().to_string(), None),
            (None, Some(addr)) => match addr.trim().rsplit_once(':') {
                Some((h, p)) => (
                    h.trim_matches(['[', ']']).to_string(),
                    Some(
                        p.parse::<u16>()
                            .map_err(|_| format!("INNOCITY_SMTP: 端口无效: {addr}"))?,
                    ),
                ),
                None => (addr.trim().to_string(), None),
            },
            (None, None) => return Ok(None),
        };
        let user = var("INNOCITY_SMTP_USER");
        let password = match (
            var("INNOCITY_SMTP_PASSWORD"),
            var("INNOCITY_SMTP_PASSWORD_FILE"),
        ) {
            (Some(p), _) => Some(p),
            (None, Some(f)) => Some(
                std::fs::read_to_string(&f)
                    .map_err(|e| format!("INNOCITY_SMTP_PASSWORD_FILE {f}: {e}"))?
                    .trim_end_matches(['\r', '\n'])
                    .to_string(),
            ),
            (None, None) => None,
        };
        if user.is_some() != password.is_some() {
            return Err("INNOCITY_SMTP_USER 与 INNOCITY_SMTP_PASSWORD 须同时设置".into());
        }
        let security = match var("INNOCITY_SMTP_SECURITY") {
            Some(s) => Security::parse(&s).ok_or_else(|| {
                format!("INNOCITY_SMTP_SECURITY 须为 none、starttls 或 tls,而不是 {s}")
            })?,
            None if user.is_some() => Security::StartTls,
            None => Security::None,
        };
        let port = match var("INNOCITY_SMTP_PORT") {
            Some(p) => p
                .trim()
                .parse::<u16>()
                .map_err(|_| format!("INNOCITY_SMTP_PORT 无效: {p}"))?,
            None => port.unwrap_or(match security {
                Security::None => 25,
                Security::StartTls => 587,
                Security::Tls => 465,
            }),
        };
        let ca_pem = match var("INNOCITY_SMTP_CA_FILE") {
            Some(f) => {
                Some(std::fs::read(&f).map_err(|e| format!("INNOCITY_SMTP_CA_FILE {f}: {e}"))?)
            }
            None => None,
        };
        let s = Smtp {
            host,
            port,
            security,
            user,
            password,
            from: var("INNOCITY_SMTP_FROM").unwrap_or_else(|| "innocity@localhost".into()),
            ca_pem,
        };
        s.check()?;
        Ok(Some(s))
    }

    /// Refuses settings that cannot work or would leak the password.
    pub fn check(&self) -> Result<(), String> {
        if self.host.is_empty() {
            return Err("SMTP 主机为空".into());
        }
        if self.from.parse::<Mailbox>().is_err() {
            return Err(format!(
                "INNOCITY_SMTP_FROM 不是有效的邮箱地址: {}",
                self.from
            ));
        }
        let loopback = self.host == "localhost"
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if self.security == Security::None && self.user.is_some() && !loopback {
            return Err(
                "不加密的 SMTP 连接不能发送密码:请设置 INNOCITY_SMTP_SECURITY=starttls 或 tls"
                    .into(),
            );
        }
        Ok(())
    }

    fn tls(&self) -> Result<TlsParameters, lettre::transport::smtp::Error> {
        let mut b = TlsParameters::builder(self.host.clone());
        if let Some(pem) = &self.ca_pem {
            b = b.add_root_certificate(Certificate::from_pem(pem)?);
        }
        b.build_rustls()
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .hello_name(ClientId::Domain("innocity".into()))
            .timeout(Some(Duration::from_secs(30)));
        let tls = |s: &Smtp| s.tls().map_err(|e| format!("TLS: {e}"));
        b = match self.security {
            Security::None => b.tls(Tls::None),
            Security::StartTls => b.tls(Tls::Required(tls(self)?)),
            Security::Tls => b.tls(Tls::Wrapper(tls(self)?)),
        };
        if let (Some(u), Some(p)) = (&self.user, &self.password) {
            b = b
                .credentials(Credentials::new(u.clone(), p.clone()))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(b.build())
    }
}

/// Sends one UTF-8 text message.
pub async fn send(smtp: &Smtp, to: &str, subject: &str, body: &str) -> Result<(), String> {
    let from: Mailbox = smtp
        .from
        .parse()
        .map_err(|e| format!("sender {}: {e}", smtp.from))?;
    let to: Mailbox = to
        .trim()
        .parse()
        .map_err(|e| format!("address {to}: {e}"))?;
    let msg = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_string())
        .map_err(|e| e.to_string())?;
    smtp.transport()?
        .send(msg)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Sends every pending notification e-mail when SMTP is configured; returns how many went.
pub async fn flush_with(db: &innocity_db::Db, smtp: Option<&Smtp>) -> usize {
    let Some(smtp) = smtp else { return 0 };
    let pending = match db.supervision().pending_mail().await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("pending mail: {e}");
            return 0;
        }
    };
    let mut n = 0;
    for m in pending {
        match send(smtp, &m.to, &m.subject, &m.body).await {
            Ok(()) => {
                if let Err(e) = db.supervision().mark_mailed(m.notification_id).await {
                    tracing::warn!("mark mailed: {e}");
                }
                n += 1;
            }
            Err(e) => tracing::warn!("mail to {}: {e}", m.to),
        }
    }
    n
}
