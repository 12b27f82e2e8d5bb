//! The audit log's requests and answers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: Uuid,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `person`, `client` or `system`.
    pub actor_kind: ActorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// The person's or client's name; absent for the system and for people who have
    /// since been erased (shown as "former user").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// For example `role.granted`, `person.deactivated`, `school.created`.
    pub action: String,
    pub target_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Uuid>,
    /// The target's name (a person, hub, school, campaign, programme, …) while it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

crate::string_enum! {
    /// Who did something: a person, a partner's machine client, or the system itself.
    ActorKind {
        Person = "person",
        Client = "client",
        System = "system",
    }
}

/// Someone who appears in the log as having done something.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditActorDto {
    pub id: Uuid,
    /// `person` or `client`.
    #[schema(value_type = ActorKind)]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Which entries: every filter narrows the list (the CSV export's query).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Only entries about this hub.
    pub hub_id: Option<Uuid>,
    /// Only entries about this school.
    pub school_id: Option<Uuid>,
    /// Only what this person or client did.
    pub actor_id: Option<Uuid>,
    /// An action (`role.granted`), or every action of a kind (`campaign.`).
    #[param(max_length = 100)]
    pub action: Option<String>,
    /// Only entries about this kind of thing (`person`, `school`, `campaign`, …).
    #[param(max_length = 50)]
    pub target_kind: Option<String>,
    /// Only entries about this one thing.
    pub target_id: Option<Uuid>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries about this hub.
    pub hub_id: Option<Uuid>,
    /// Only entries about this school.
    pub school_id: Option<Uuid>,
    /// Only what this person or client did.
    pub actor_id: Option<Uuid>,
    /// An action (`role.granted`), or every action of a kind (`campaign.`).
    #[param(max_length = 100)]
    pub action: Option<String>,
    /// Only entries about this kind of thing (`person`, `school`, `campaign`, …).
    #[param(max_length = 50)]
    pub target_kind: Option<String>,
    /// Only entries about this one thing.
    pub target_id: Option<Uuid>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        AuditFilter {
            hub_id: self.hub_id,
            school_id: self.school_id,
            actor_id: self.actor_id,
            action: self.action.clone(),
            target_kind: self.target_kind.clone(),
            target_id: self.target_id,
            from: self.from,
            to: self.to,
        }
    }
}
