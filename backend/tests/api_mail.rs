//! With SMTP configured, invitations and password resets go out by e-mail (and the link is
//! not shown to the inviter). A minimal SMTP peer on loopback receives what lettre sends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Accepts SMTP sessions and keeps each message's envelope recipient and data.
async fn smtp_peer() -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Arc::new(Mutex::new(Vec::new()));
    let store = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 test.example ESMTP\r\n").await.unwrap();
                let mut rcpt = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        w.write_all(b"250-test.example\r\n250 8BITMIME\r\n")
                            .await
                            .unwrap();
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt = line[8..].trim().trim_matches(['<', '>']).to_string();
                        w.write_all(b"250 OK\r\n").await.unwrap();
                    } else if upper.starts_with("DATA") {
                        w.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        store.lock().unwrap().push((rcpt.clone(), data));
                        w.write_all(b"250 queued\r\n").await.unwrap();
                    } else if upper.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        w.write_all(b"250 OK\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (port, inbox)
}

/// Undo quoted-printable (soft line breaks and `=XX` escapes), as a mail client does.
fn decode_qp(mail: &str) -> String {
    let joined = mail.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'='
            && let Some(Ok(b)) = hex.map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn token_in(mail: &str, marker: &str) -> String {
    let text = decode_qp(mail);
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {text}"));
    text[at + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_and_resets_go_out_by_email_when_smtp_is_configured() {
    let (port, inbox) = smtp_peer().await;
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[
            ("IHUB_SMTP_URL", &url),
            ("IHUB_SMTP_FROM", "iHub <hub@test.example>"),
            ("IHUB_PUBLIC_URL", "https://hub.test.example"),
        ],
    )
    .await
    .unwrap();
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let r = app
        .post(
            "/invitations",
            &admin,
            json!({"email": "mentor@test.example", "role": "mentor", "hub_id": hub}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["emailed"], true);
    assert!(
        r.body.get("url").is_none(),
        "the link must not be shown when it was e-mailed"
    );
    let (to, mail) = inbox.lock().unwrap().last().cloned().unwrap();
    assert_eq!(to, "mentor@test.example");
    assert!(
        decode_qp(&mail).contains("https://hub.test.example/invitation#token="),
        "{mail}"
    );
    let token = token_in(&mail, "#token=");
    let ok = app
        .call(
            Method::POST,
            "/invitations/accept",
            None,
            Some(json!({"token": token, "name": "Mari Mentor", "password": "mentoring-matters-1"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

    // A reset asked for by e-mail arrives, and its link sets a new password.
    let r = app
        .call(
            Method::POST,
            "/auth/password-reset/request",
            None,
            Some(json!({"email": "MENTOR@test.example"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let (to, mail) = inbox.lock().unwrap().last().cloned().unwrap();
    assert_eq!(to, "mentor@test.example");
    let token = token_in(&mail, "/reset-password#token=");
    let done = app
        .call(
            Method::POST,
            "/auth/password-reset/confirm",
            None,
            Some(json!({"token": token, "new_password": "a-fresh-password-2"})),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    assert_eq!(
        app.login("mentor@test.example", "a-fresh-password-2")
            .await
            .status,
        StatusCode::OK
    );
    // Unknown addresses get the same answer and no mail.
    let before = inbox.lock().unwrap().len();
    let r = app
        .call(
            Method::POST,
            "/auth/password-reset/request",
            None,
            Some(json!({"email": "nobody@test.example"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(inbox.lock().unwrap().len(), before);
    app.stop().await;
}
