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

/// Waits (up to ten seconds) until the inbox holds a message for this address.
async fn mail_for(inbox: &Arc<Mutex<Vec<(String, String)>>>, to: &str) -> String {
    for _ in 0..100 {
        if let Some((_, m)) = inbox.lock().unwrap().iter().find(|(r, _)| r == to) {
            return decode_qp(m);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail for {to}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_go_out_by_email_to_those_who_want_them() {
    let (port, inbox) = smtp_peer().await;
    let url = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[
            ("IHUB_SMTP_URL", &url),
            ("IHUB_SMTP_FROM", "iHub <hub@test.example>"),
            ("IHUB_PUBLIC_URL", "https://hub.test.example"),
            ("IHUB_NOTIFY_MAIL_EVERY_SECS", "1"),
        ],
    )
    .await
    .unwrap();
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let school = app.create_school(&admin, &hub, "Porvoo School").await;
    let coord = app
        .person("coord@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let mentor = app
        .person("mentor@test.example", "mentor", Some(&hub), None)
        .await;
    let teacher = app
        .person("teacher@test.example", "teacher", Some(&hub), Some(&school))
        .await;
    // E-mail is on by default; the teacher turns it off, the mentor reads Finnish.
    let me = app.get("/me", &mentor).await;
    assert_eq!(me.body["notify_by_email"], true, "{}", me.body);
    assert_eq!(me.body["email_available"], true);
    let r = app
        .patch("/me", &teacher, json!({"notify_by_email": false}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["notify_by_email"], false);
    app.patch("/me", &mentor, json!({"locale": "fi"})).await;
    app.patch("/me", &teacher, json!({"notify_by_email": "yes"}))
        .await
        .problem(400, "invalid_json");
    // Others' profiles do not show the preference.
    let people = app.get("/people", &admin).await;
    assert!(
        people.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("notify_by_email").is_none()),
        "{}",
        people.body
    );

    let r = app
        .post(
            "/relationships",
            &coord,
            json!({"hub_id": hub, "kind": "expert_to_school", "title": "Porvoo digital start",
                   "participants": [{"email": "mentor@test.example", "role": "mentor"},
                                    {"school_id": school, "role": "mentee"},
                                    {"email": "teacher@test.example", "role": "mentee"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rel = r.body["id"].as_str().unwrap().to_string();
    let mail = mail_for(&inbox, "mentor@test.example").await;
    // In the mentor's language (the subject says the same, encoded for the header).
    assert!(
        mail.contains("• Sinut lisättiin mentorointisuhteeseen: Porvoo digital start"),
        "{mail}"
    );
    assert!(mail.contains("Hei Test Person,"), "{mail}");
    assert!(
        mail.contains(&format!(
            "https://hub.test.example/mentoring/relationships/{rel}"
        )),
        "{mail}"
    );
    assert!(mail.contains("https://hub.test.example/profile"), "{mail}");
    // Two more rounds: the mentor's notification is not sent again, and the teacher,
    // who turned e-mail off, gets none (the in-app notification is still there).
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let all = inbox.lock().unwrap().clone();
    assert_eq!(
        all.iter()
            .filter(|(to, _)| to == "mentor@test.example")
            .count(),
        1
    );
    assert!(all.iter().all(|(to, _)| to != "teacher@test.example"));
    let n = app.get("/notifications", &teacher).await;
    assert_eq!(n.body["unread"], 1, "{}", n.body);
    app.stop().await;
}

/// Two servers on one database run their e-mail rounds at the same moment: every
/// notification goes out once, from one of them (on SQLite and on PostgreSQL).
async fn two_servers_email_each_notification_once(backend: Backend) {
    let (port, inbox) = smtp_peer().await;
    let url = format!("smtp://127.0.0.1:{port}");
    let env = [
        ("IHUB_SMTP_URL", url.as_str()),
        ("IHUB_SMTP_FROM", "iHub <hub@test.example>"),
        // Rounds are run by hand below.
        ("IHUB_NOTIFY_MAIL_EVERY_SECS", "86400"),
    ];
    let Some(app) = TestApp::spawn_with(backend, &env).await else {
        return;
    };
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let mut people = Vec::new();
    for i in 0..12 {
        let email = format!("m{i}@test.example");
        let token = app.person(&email, "mentor", Some(&hub), None).await;
        let me = app.get("/me", &token).await;
        people.push((
            email,
            uuid::Uuid::parse_str(me.body["id"].as_str().unwrap()).unwrap(),
        ));
    }
    let other = ihub::prepare(settings(&env, &app.database_url))
        .await
        .unwrap();
    const ROUNDS: usize = 8;
    // New notes keep arriving while both servers run their rounds, so the two see
    // different pending rows and claim overlapping sets.
    for round in 0..ROUNDS {
        let write = async {
            for k in 0..3 {
                for (_, id) in &people {
                    ihub::notifications::send(
                        &app.state.db,
                        *id,
                        "relationship_added",
                        &format!("Round {round}, note {k}"),
                        "/mentoring",
                    )
                    .await
                    .unwrap();
                }
                tokio::task::yield_now().await;
            }
        };
        let a = async {
            for _ in 0..3 {
                ihub::notifications::mail::deliver(&app.state)
                    .await
                    .unwrap();
            }
        };
        let b = async {
            for _ in 0..3 {
                ihub::notifications::mail::deliver(&other).await.unwrap();
            }
        };
        tokio::join!(write, a, b);
    }
    // What is still pending goes out in the last rounds.
    loop {
        let (a, b) = tokio::join!(
            ihub::notifications::mail::deliver(&app.state),
            ihub::notifications::mail::deliver(&other)
        );
        if a.unwrap() + b.unwrap() == 0 {
            break;
        }
    }
    // Every note of every round is in exactly one message to its person.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let all = inbox.lock().unwrap().clone();
    for (email, _) in &people {
        let text: String = all
            .iter()
            .filter(|(to, _)| to == email)
            .map(|(_, m)| decode_qp(m))
            .collect();
        for round in 0..ROUNDS {
            for k in 0..3 {
                let note = format!("Round {round}, note {k}");
                // One bullet in one body (a single note also names it in the subject).
                let bullets = text
                    .lines()
                    .filter(|l| l.starts_with("• ") && l.trim_end().ends_with(&note))
                    .count();
                assert_eq!(bullets, 1, "{email}: {note} in\n{text}");
            }
        }
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_email_each_notification_once_sqlite() {
    two_servers_email_each_notification_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_email_each_notification_once_postgres() {
    two_servers_email_each_notification_once(Backend::Postgres).await;
}
