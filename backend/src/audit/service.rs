use super::dto::{AuditActorDto, AuditEntryDto, AuditFilter};
use super::entity::audit_entry;
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult};
use crate::platform::pagination::{self, Cursor, Page};
use sea_orm::{ConnectionTrait, Select};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Who did it: a person, a machine client, or the system itself (seed, CLI).
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<Uuid>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor {
        kind: "system",
        id: None,
    };
    pub fn person(id: Uuid) -> Actor {
        Actor {
            kind: "person",
            id: Some(id),
        }
    }
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Actor {
            kind: p.actor_kind(),
            id: Some(p.id()),
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Where {
    pub hub_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Actor,
    action: &str,
    target: (&str, Option<Uuid>),
    place: Where,
    details: serde_json::Value,
) -> ApiResult<()> {
    super::repo::insert(
        db,
        audit_entry::Model {
            id: Uuid::now_v7(),
            at: chrono::Utc::now(),
            actor_kind: crate::platform::enums::known(actor.kind)?,
            actor_id: actor.id,
            action: action.to_string(),
            target_kind: target.0.to_string(),
            target_id: target.1,
            hub_id: place.hub_id,
            school_id: place.school_id,
            details: if serde_json::Value::is_null(&details) {
                None
            } else {
                Some(details.to_string())
            },
        },
    )
    .await?;
    Ok(())
}

/// The entries the caller may read, with the filters applied. Admins and unbound
/// audit-scoped clients see everything; a client bound to a hub sees that hub's entries;
/// coordinators their hubs'.
fn scoped(p: &Principal, f: &AuditFilter) -> ApiResult<Select<audit_entry::Entity>> {
    policy::must_allow(p, Action::AuditRead)?;
    if let (Some(from), Some(to)) = (f.from, f.to)
        && to < from
    {
        return Err(ApiError::field(
            "to",
            "date_order",
            "The end of the period comes before its start.",
        ));
    }
    let reach = policy::audit_reach(p);
    Ok(super::repo::select(
        (!reach.all).then_some(&reach.hubs[..]),
        f,
    ))
}

/// Newest first, one page, with the names of actors and targets.
pub async fn list(
    db: &impl ConnectionTrait,
    p: &Principal,
    f: &AuditFilter,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<AuditEntryDto>> {
    let rows = super::repo::page(db, scoped(p, f)?, cursor.map(|c| c.id), limit + 1).await?;
    let names = Names::load(db, &rows).await?;
    Ok(pagination::finish_by_id(
        rows,
        limit,
        |r| r.id,
        |r| names.dto(r),
    ))
}

/// The most rows one CSV export holds (newest first).
pub const CSV_MAX: u64 = 50_000;

/// The entries as CSV (same filters, newest first, at most [`CSV_MAX`]).
pub async fn csv(db: &impl ConnectionTrait, p: &Principal, f: &AuditFilter) -> ApiResult<String> {
    let rows = super::repo::page(db, scoped(p, f)?, None, CSV_MAX).await?;
    let names = Names::load(db, &rows).await?;
    let mut out =
        String::from("at,actor_kind,actor,action,target_kind,target,hub_id,school_id,details\n");
    for r in rows {
        let d = names.dto(r);
        let details = d
            .details
            .as_ref()
            .and_then(|v| v.as_object())
            .map(|m| {
                m.iter()
                    .map(|(k, v)| match v {
                        serde_json::Value::String(s) => format!("{k}: {s}"),
                        other => format!("{k}: {other}"),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        let cells = [
            d.at.to_rfc3339(),
            d.actor_kind.as_str().to_string(),
            d.actor_name
                .clone()
                .unwrap_or_else(|| match d.actor_kind.as_str() {
                    "system" => "system".into(),
                    _ => "former user".into(),
                }),
            d.action.clone(),
            d.target_kind.clone(),
            d.target_name.clone().unwrap_or_default(),
            d.hub_id.map(|h| h.to_string()).unwrap_or_default(),
            d.school_id.map(|s| s.to_string()).unwrap_or_default(),
            details,
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    Ok(out)
}

/// Quoted, inner quotes doubled, spreadsheet formulas defused.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Everyone who appears as an actor in the entries the caller may read (for the filter).
pub async fn actors(db: &impl ConnectionTrait, p: &Principal) -> ApiResult<Vec<AuditActorDto>> {
    let q = super::repo::actors(db, scoped(p, &AuditFilter::default())?, 1000).await?;
    let people: Vec<Uuid> = q
        .iter()
        .filter(|(k, _)| k == "person")
        .filter_map(|(_, id)| *id)
        .collect();
    let clients: Vec<Uuid> = q
        .iter()
        .filter(|(k, _)| k == "client")
        .filter_map(|(_, id)| *id)
        .collect();
    let pn = names_in(db, "people", "name", &people).await?;
    let cn = names_in(db, "machine_clients", "name", &clients).await?;
    let mut out: Vec<AuditActorDto> = q
        .into_iter()
        .filter_map(|(kind, id)| {
            let id = id?;
            let name = if kind == "client" {
                cn.get(&id).cloned()
            } else {
                pn.get(&id).cloned()
            };
            Some(AuditActorDto { id, kind, name })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

use super::repo::names_in;

/// Where a target's name is kept, by the kind the log records.
const TARGETS: [(&str, &str, &str); 11] = [
    ("person", "people", "name"),
    ("hub", "hubs", "name"),
    ("school", "schools", "name"),
    ("organisation", "organisations", "name"),
    ("client", "machine_clients", "name"),
    ("campaign", "campaigns", "name"),
    ("programme", "programmes", "name"),
    ("relationship", "relationships", "title"),
    ("plan", "plans", "title"),
    ("course", "courses", "title"),
    ("invitation", "invitations", "email"),
];

/// Names of the actors and targets of some entries, looked up once per kind.
struct Names {
    actors: BTreeMap<Uuid, String>,
    targets: BTreeMap<(String, Uuid), String>,
}

impl Names {
    async fn load(db: &impl ConnectionTrait, rows: &[audit_entry::Model]) -> ApiResult<Names> {
        let ids_of = |kind: &str| -> Vec<Uuid> {
            rows.iter()
                .filter(|r| r.actor_kind.as_str() == kind)
                .filter_map(|r| r.actor_id)
                .collect()
        };
        let mut actors = names_in(db, "people", "name", &ids_of("person")).await?;
        actors.extend(names_in(db, "machine_clients", "name", &ids_of("client")).await?);
        let mut targets = BTreeMap::new();
        for (kind, table, column) in TARGETS {
            let ids: Vec<Uuid> = rows
                .iter()
                .filter(|r| r.target_kind == kind)
                .filter_map(|r| r.target_id)
                .collect();
            for (id, name) in names_in(db, table, column, &ids).await? {
                targets.insert((kind.to_string(), id), name);
            }
        }
        Ok(Names { actors, targets })
    }

    fn dto(&self, m: audit_entry::Model) -> AuditEntryDto {
        let actor_name = m.actor_id.and_then(|a| self.actors.get(&a).cloned());
        let target_name = m
            .target_id
            .and_then(|t| self.targets.get(&(m.target_kind.clone(), t)).cloned());
        AuditEntryDto {
            id: m.id,
            at: m.at,
            actor_kind: m.actor_kind,
            actor_id: m.actor_id,
            actor_name,
            action: m.action,
            target_kind: m.target_kind,
            target_id: m.target_id,
            target_name,
            hub_id: m.hub_id,
            school_id: m.school_id,
            details: m.details.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}
