//! E-mail for supervision notifications: a small SMTP client (plain SMTP to a relay on the
//! local network, e.g. the organisation's mail relay or a local postfix; no TLS, no
//! authentication). Sending never fails a request: errors are logged and the notification
//! stays pending for the next attempt.

use crate::AppState;
use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where to send mail.
#[derive(Debug, Clone)]
pub struct Smtp {
    /// `HOST:PORT` of the relay.
    pub addr: String,
    /// Sender address.
    pub from: String,
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
}

fn clean_addr(a: &str) -> Option<&str> {
    let a = a.trim();
    (!a.is_empty() && !a.contains(['\r', '\n', '<', '>', ' ']) && a.contains('@')).then_some(a)
}

async fn reply<R: AsyncBufReadExt + Unpin>(r: &mut R, ok: &[u16]) -> std::io::Result<()> {
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("SMTP connection closed"));
        }
        let code: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if line.as_bytes().get(3) == Some(&b'-') {
            continue;
        }
        return if ok.contains(&code) {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("SMTP: {}", line.trim())))
        };
    }
}

/// Sends one UTF-8 text message.
pub async fn send(smtp: &Smtp, to: &str, subject: &str, body: &str) -> std::io::Result<()> {
    let (Some(from), Some(to)) = (clean_addr(&smtp.from), clean_addr(to)) else {
        return Err(std::io::Error::other("invalid address"));
    };
    let stream = TcpStream::connect(&smtp.addr).await?;
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    reply(&mut r, &[220]).await?;
    w.write_all(b"EHLO innocity\r\n").await?;
    reply(&mut r, &[250]).await?;
    w.write_all(format!("MAIL FROM:<{from}>\r\n").as_bytes())
        .await?;
    reply(&mut r, &[250]).await?;
    w.write_all(format!("RCPT TO:<{to}>\r\n").as_bytes())
        .await?;
    reply(&mut r, &[250, 251]).await?;
    w.write_all(b"DATA\r\n").await?;
    reply(&mut r, &[354]).await?;
    let encoded = b64(body);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let msg = format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n.\r\n",
        b64(subject),
        chrono::Utc::now().to_rfc2822(),
        lines.join("\r\n")
    );
    w.write_all(msg.as_bytes()).await?;
    reply(&mut r, &[250]).await?;
    w.write_all(b"QUIT\r\n").await?;
    let _ = reply(&mut r, &[221]).await;
    Ok(())
}

/// Sends every pending notification e-mail when SMTP is configured; returns how many went.
pub async fn flush_with(db: &innocity_db::Db, smtp: Option<&Smtp>) -> usize {
    let Some(smtp) = smtp else { return 0 };
    let pending = match db.sv_pending_mail().await {
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
                if let Err(e) = db.sv_mark_mailed(m.notification_id).await {
                    tracing::warn!("mark mailed: {e}");
                }
                n += 1;
            }
            Err(e) => tracing::warn!("mail to {}: {e}", m.to),
        }
    }
    n
}

pub async fn flush(st: &AppState) -> usize {
    flush_with(&st.db, st.cfg.smtp.as_ref()).await
}
