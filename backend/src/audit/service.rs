use super::entity::audit_entry;
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::ApiResult;
use crate::platform::pagination::{self, Cursor, Page};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
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
    audit_entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(chrono::Utc::now()),
        actor_kind: Set(actor.kind.to_string()),
        actor_id: Set(actor.id),
        action: Set(action.to_string()),
        target_kind: Set(target.0.to_string()),
        target_id: Set(target.1),
        hub_id: Set(place.hub_id),
        school_id: Set(place.school_id),
        details: Set(if details.is_null() {
            None
        } else {
            Some(details.to_string())
        }),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Newest first. Admins and unbound audit-scoped clients see everything; a client bound
/// to a hub sees that hub's entries; coordinators their hubs'.
pub async fn list(
    db: &impl ConnectionTrait,
    p: &Principal,
    hub_id: Option<Uuid>,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<super::http::AuditEntryDto>> {
    policy::must_allow(p, Action::AuditRead)?;
    let mut q = audit_entry::Entity::find();
    // The hubs whose entries the caller sees; None: every entry.
    let hubs: Option<Vec<Uuid>> = match p {
        Principal::Client(c) => c.hub_id.map(|h| vec![h]),
        Principal::Person(_) if p.is_admin() => None,
        Principal::Person(_) => Some(
            p.grants()
                .iter()
                .filter(|g| g.role == crate::auth::model::Role::HubCoordinator)
                .filter_map(|g| g.hub_id)
                .collect(),
        ),
    };
    if let Some(hubs) = hubs {
        q = q.filter(audit_entry::Column::HubId.is_in(hubs));
    }
    if let Some(h) = hub_id {
        q = q.filter(audit_entry::Column::HubId.eq(h));
    }
    if let Some(c) = cursor {
        q = q.filter(audit_entry::Column::Id.lt(c.id));
    }
    let rows = q
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    Ok(pagination::finish_by_id(
        rows,
        limit,
        |r| r.id,
        super::http::AuditEntryDto::from,
    ))
}
