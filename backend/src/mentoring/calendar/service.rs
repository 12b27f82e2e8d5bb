//! A person's planned mentoring activities and course sessions as an iCalendar feed
//! (RFC 5545) at a secret URL that calendar apps poll without signing in. The secret is
//! shown once; only its hash is kept; making a new one or revoking ends the old one.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::calendar_feed;
use crate::platform::dates::parse_day;
use base64::Engine;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalendarFeedDto {
    /// Whether a feed is active.
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// The feed's path (add it to the server's address); only in the answer that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn me(p: &Principal) -> ApiResult<Uuid> {
    p.person()
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found("Calendar feed"))
}

use super::repo::{self, active, revoke_all};

pub async fn get(db: &DatabaseConnection, p: &Principal) -> ApiResult<CalendarFeedDto> {
    let f = active(db, me(p)?).await?;
    Ok(CalendarFeedDto {
        active: f.is_some(),
        created_at: f.map(|f| f.created_at),
        path: None,
    })
}

/// A new secret URL; any earlier one stops working.
pub async fn create(db: &DatabaseConnection, p: &Principal) -> ApiResult<CalendarFeedDto> {
    let person = me(p)?;
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let txn = crate::db::write(db).await?;
    crate::db::lock::<crate::people::entity::person::Entity>(&txn, person).await?;
    revoke_all(&txn, person).await?;
    let f = calendar_feed::Model {
        id: Uuid::now_v7(),
        person_id: person,
        token_hash: hash(&token),
        created_at: crate::db::now(),
        revoked_at: None,
    };
    repo::insert(&txn, f.clone()).await?;
    audit::record(
        &txn,
        p.into(),
        "calendar_feed.created",
        ("person", Some(person)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(CalendarFeedDto {
        active: true,
        created_at: Some(f.created_at),
        path: Some(format!("/api/v1/calendar/{token}.ics")),
    })
}

pub async fn revoke(db: &DatabaseConnection, p: &Principal) -> ApiResult<()> {
    let person = me(p)?;
    let txn = crate::db::write(db).await?;
    crate::db::lock::<crate::people::entity::person::Entity>(&txn, person).await?;
    revoke_all(&txn, person).await?;
    audit::record(
        &txn,
        p.into(),
        "calendar_feed.revoked",
        ("person", Some(person)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Text escaped for a property value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets, without splitting a character (§3.1).
fn line(out: &mut String, text: &str) {
    let mut len = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
}

struct Event {
    uid: String,
    day: NaiveDate,
    /// A start at an hour (UTC) and its length; none: an all-day entry.
    at: Option<(DateTime<Utc>, i64)>,
    location: Option<String>,
    summary: String,
    description: String,
}

/// A local date and `HH:MM` in a time zone, as a UTC instant (none if it does not exist).
fn instant(day: NaiveDate, time: &str, tz: &str) -> Option<DateTime<Utc>> {
    let t = chrono::NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    let zone: chrono_tz::Tz = tz.parse().ok()?;
    day.and_time(t)
        .and_local_timezone(zone)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

fn render(events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//iHub//Mentoring//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "X-WR-CALNAME:iHub");
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", e.uid));
        line(
            &mut out,
            &format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        );
        match e.at {
            Some((start, minutes)) => {
                line(
                    &mut out,
                    &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ")),
                );
                line(
                    &mut out,
                    &format!(
                        "DTEND:{}",
                        (start + Duration::minutes(minutes)).format("%Y%m%dT%H%M%SZ")
                    ),
                );
            }
            None => {
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{}", e.day.format("%Y%m%d")),
                );
                line(
                    &mut out,
                    &format!(
                        "DTEND;VALUE=DATE:{}",
                        (e.day + Duration::days(1)).format("%Y%m%d")
                    ),
                );
            }
        }
        if let Some(place) = &e.location {
            line(&mut out, &format!("LOCATION:{}", escape(place)));
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The feed behind a secret (with or without `.ics`); 404 when unknown or revoked.
pub async fn feed(db: &DatabaseConnection, token: &str) -> ApiResult<String> {
    let token = token.strip_suffix(".ics").unwrap_or(token);
    let f = repo::by_hash(db, &hash(token))
        .await?
        .ok_or_else(|| ApiError::not_found("Calendar feed"))?;
    let person = f.person_id;
    // Relationships the person takes part in, or whose participating school they lead.
    let titles: std::collections::BTreeMap<Uuid, String> =
        crate::mentoring::relationships::service::taking_part(db, person)
            .await?
            .into_iter()
            .map(|r| (r.id, r.title))
            .collect();
    let from = crate::db::now().date_naive() - Duration::days(30);
    let mut events = Vec::new();
    let rels: Vec<Uuid> = titles.keys().copied().collect();
    let planned = repo::planned_activities(db, &rels, from).await?;
    // Start times are local to each activity's hub.
    let zones = repo::time_zones(db, planned.iter().map(|a| a.hub_id)).await?;
    for a in planned {
        let title = a
            .relationship_id
            .and_then(|r| titles.get(&r).cloned())
            .unwrap_or_default();
        let day = parse_day(&a.date)?;
        let at = a.start_time.as_deref().and_then(|t| {
            instant(day, t, zones.get(&a.hub_id).map_or("UTC", String::as_str))
                .map(|s| (s, i64::from(a.duration_minutes)))
        });
        events.push(Event {
            uid: format!("activity-{}@ihub", a.id),
            day,
            at,
            location: a.place.clone(),
            summary: format!("{title} ({} min)", a.duration_minutes),
            description: a.notes.unwrap_or_default(),
        });
    }
    let course_titles = repo::courses_of(db, person).await?;
    for s in repo::sessions(db, course_titles.keys().copied(), from).await? {
        events.push(Event {
            uid: format!("session-{}@ihub", s.id),
            day: parse_day(&s.date)?,
            at: None,
            location: None,
            summary: format!(
                "{} ({} min)",
                course_titles.get(&s.course_id).cloned().unwrap_or_default(),
                s.duration_minutes
            ),
            description: s.title.unwrap_or_default(),
        });
    }
    events.sort_by_key(|e| e.day);
    Ok(render(&events, crate::db::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_and_text_is_escaped() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "Jõõpre õpetajad; koosõpetamine, ".repeat(5));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(
            out.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(long.as_str())
        );
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn a_start_time_is_local_to_the_hub() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
        // Tallinn is UTC+2 in winter, Tbilisi UTC+4 all year.
        let t = instant(day, "14:30", "Europe/Tallinn").map(|d| d.format("%H:%M").to_string());
        assert_eq!(t.as_deref(), Some("12:30"));
        let t = instant(day, "09:00", "Asia/Tbilisi").map(|d| d.format("%H:%M").to_string());
        assert_eq!(t.as_deref(), Some("05:00"));
        assert!(instant(day, "25:00", "Europe/Tallinn").is_none());
    }
}
