//! Roles, grants and principals: who is calling. Pure types, no IO.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

crate::string_enum! {
    /// What a person may do, and where: granted per platform, hub or school.
    Role {
        Admin = "admin",
        HubCoordinator = "hub_coordinator",
        Mentor = "mentor",
        /// Works for a research partner of the hub: reads the hub's anonymous analytics
        /// and generates its research datasets.
        Researcher = "researcher",
        SchoolLeader = "school_leader",
        Teacher = "teacher",
    }
}

// A mentoring relationship's roles live here, below mentoring, because the policy decides
// by them (`policy::Standing`).
crate::string_enum! {
    /// Roles of a relationship's participants.
    ParticipantRole {
        Mentor = "mentor",
        Mentee = "mentee",
        Peer = "peer",
        Facilitator = "facilitator",
    }
}

impl Role {
    /// A role somebody must always hold (the platform cannot be without an admin).
    pub fn must_remain_held(self) -> bool {
        self == Role::Admin
    }
    /// Roles held in a school: its teachers and its leaders.
    pub fn works_at_school(self) -> bool {
        matches!(self, Role::Teacher | Role::SchoolLeader)
    }
    /// Roles held in a hub that guide schools: mentors and coordinators.
    pub fn guides_in_hub(self) -> bool {
        matches!(self, Role::Mentor | Role::HubCoordinator)
    }
    /// Which kind of scope the role is granted in.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Admin => ScopeKind::Platform,
            Role::HubCoordinator | Role::Mentor | Role::Researcher => ScopeKind::Hub,
            Role::SchoolLeader | Role::Teacher => ScopeKind::School,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Platform,
    Hub,
    School,
}

/// One role a person holds, with the hub it lives in (for school roles: the school's hub).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: Uuid,
    pub role: Role,
    pub hub_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
}

impl Grant {
    pub fn scope_key(role: Role, hub_id: Option<Uuid>, school_id: Option<Uuid>) -> String {
        match role.scope_kind() {
            ScopeKind::Platform => "platform".into(),
            ScopeKind::Hub => format!("hub:{}", hub_id.unwrap_or_default()),
            ScopeKind::School => format!("school:{}", school_id.unwrap_or_default()),
        }
    }
}

/// Scopes a partner's machine client may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum ClientScope {
    #[serde(rename = "directory:read")]
    DirectoryRead,
    #[serde(rename = "directory:write")]
    DirectoryWrite,
    #[serde(rename = "people:read")]
    PeopleRead,
    #[serde(rename = "audit:read")]
    AuditRead,
}

impl ClientScope {
    pub const ALL: [ClientScope; 4] = [
        ClientScope::DirectoryRead,
        ClientScope::DirectoryWrite,
        ClientScope::PeopleRead,
        ClientScope::AuditRead,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ClientScope::DirectoryRead => "directory:read",
            ClientScope::DirectoryWrite => "directory:write",
            ClientScope::PeopleRead => "people:read",
            ClientScope::AuditRead => "audit:read",
        }
    }
    pub fn parse(s: &str) -> Option<ClientScope> {
        ClientScope::ALL.into_iter().find(|c| c.as_str() == s)
    }
    pub fn parse_list(s: &str) -> Vec<ClientScope> {
        s.split_whitespace()
            .filter_map(ClientScope::parse)
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct PersonPrincipal {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub locale: String,
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone)]
pub struct ClientPrincipal {
    pub id: Uuid,
    pub name: String,
    pub scopes: Vec<ClientScope>,
    /// A client bound to one hub sees only that hub.
    pub hub_id: Option<Uuid>,
}

/// Who makes a request: a person with grants, or a partner's machine client with scopes.
#[derive(Debug, Clone)]
pub enum Principal {
    Person(PersonPrincipal),
    Client(ClientPrincipal),
}

impl Principal {
    pub fn actor_kind(&self) -> &'static str {
        match self {
            Principal::Person(_) => "person",
            Principal::Client(_) => "client",
        }
    }
    pub fn id(&self) -> Uuid {
        match self {
            Principal::Person(p) => p.id,
            Principal::Client(c) => c.id,
        }
    }
    pub fn person(&self) -> Option<&PersonPrincipal> {
        match self {
            Principal::Person(p) => Some(p),
            Principal::Client(_) => None,
        }
    }
    /// The person's own language (none for a machine client).
    pub fn locale(&self) -> Option<&str> {
        self.person().map(|me| me.locale.as_str())
    }
    pub fn grants(&self) -> &[Grant] {
        match self {
            Principal::Person(p) => &p.grants,
            Principal::Client(_) => &[],
        }
    }
    pub fn is_admin(&self) -> bool {
        self.grants().iter().any(|g| g.role == Role::Admin)
    }
    pub fn has_scope(&self, s: ClientScope) -> bool {
        match self {
            Principal::Client(c) => c.scopes.contains(&s),
            Principal::Person(_) => false,
        }
    }
    pub fn coordinates(&self, hub_id: Uuid) -> bool {
        self.grants()
            .iter()
            .any(|g| g.role == Role::HubCoordinator && g.hub_id == Some(hub_id))
    }
    pub fn mentors_in(&self, hub_id: Uuid) -> bool {
        self.grants()
            .iter()
            .any(|g| g.role == Role::Mentor && g.hub_id == Some(hub_id))
    }
    pub fn researches_in(&self, hub_id: Uuid) -> bool {
        self.grants()
            .iter()
            .any(|g| g.role == Role::Researcher && g.hub_id == Some(hub_id))
    }
    /// A teacher or leader of the school.
    pub fn staff_of(&self, school_id: Uuid) -> bool {
        self.grants().iter().any(|g| {
            matches!(g.role, Role::SchoolLeader | Role::Teacher) && g.school_id == Some(school_id)
        })
    }
    pub fn leads_school(&self, school_id: Uuid) -> bool {
        self.grants()
            .iter()
            .any(|g| g.role == Role::SchoolLeader && g.school_id == Some(school_id))
    }
}
