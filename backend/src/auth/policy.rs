//! The one place where access decisions are made. Services ask; handlers never decide.
//!
//! Two questions, in this order:
//! 1. may the caller *see* the resource? If not, the answer is 404 (no existence leaks);
//! 2. may the caller *do* this to it? If not, 403.

use super::model::{ClientScope, ParticipantRole, Principal, Role};
use crate::error::{ApiError, ApiResult};
use std::collections::HashSet;
use uuid::Uuid;

/// What part of the directory a caller can see.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub all: bool,
    /// Hubs whose every school is visible (coordinators, mentors, hub-bound clients).
    pub hubs_full: HashSet<Uuid>,
    /// Hubs that are visible themselves (includes the hubs of one's schools).
    pub hubs_seen: HashSet<Uuid>,
    /// Single schools that are visible (school leaders, teachers).
    pub schools: HashSet<Uuid>,
}

impl View {
    pub fn sees_hub(&self, hub_id: Uuid) -> bool {
        self.all || self.hubs_seen.contains(&hub_id)
    }
    pub fn sees_school(&self, school_id: Uuid, hub_id: Uuid) -> bool {
        self.all || self.hubs_full.contains(&hub_id) || self.schools.contains(&school_id)
    }
}

pub fn directory_view(p: &Principal) -> View {
    let mut v = View::default();
    match p {
        Principal::Client(c) => {
            if c.scopes.contains(&ClientScope::DirectoryRead)
                || c.scopes.contains(&ClientScope::DirectoryWrite)
            {
                match c.hub_id {
                    None => v.all = true,
                    Some(h) => {
                        v.hubs_full.insert(h);
                        v.hubs_seen.insert(h);
                    }
                }
            }
        }
        Principal::Person(person) => {
            for g in &person.grants {
                match g.role {
                    Role::Admin => v.all = true,
                    Role::HubCoordinator | Role::Mentor => {
                        if let Some(h) = g.hub_id {
                            v.hubs_full.insert(h);
                            v.hubs_seen.insert(h);
                        }
                    }
                    // A researcher sees the hub (its name, schools' names), not its people.
                    Role::Researcher => {
                        if let Some(h) = g.hub_id {
                            v.hubs_seen.insert(h);
                        }
                    }
                    Role::SchoolLeader | Role::Teacher => {
                        if let Some(s) = g.school_id {
                            v.schools.insert(s);
                        }
                        if let Some(h) = g.hub_id {
                            v.hubs_seen.insert(h);
                        }
                    }
                }
            }
        }
    }
    v
}

/// How far a caller's lists reach by role: everything, or rows of these hubs and schools
/// (rights that follow from taking part — one's own rows, groups one is in — are added by
/// the feature, which knows them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub all: bool,
    pub hubs: Vec<Uuid>,
    pub schools: Vec<Uuid>,
}

impl Reach {
    fn everything() -> Reach {
        Reach {
            all: true,
            ..Reach::default()
        }
    }
    fn of(p: &Principal, hub_roles: &[Role], school_roles: &[Role]) -> Reach {
        if p.is_admin() {
            return Reach::everything();
        }
        let g = p.grants();
        Reach {
            all: false,
            hubs: g
                .iter()
                .filter(|g| hub_roles.contains(&g.role))
                .filter_map(|g| g.hub_id)
                .collect(),
            schools: g
                .iter()
                .filter(|g| school_roles.contains(&g.role))
                .filter_map(|g| g.school_id)
                .collect(),
        }
    }
}

/// The people a caller may list and see: admins everyone; coordinators the people of
/// their hubs, school leaders of their schools; a machine client with `people:read`
/// everyone or its hub's people.
pub fn people_reach(p: &Principal) -> Reach {
    match p {
        Principal::Client(c) if !c.scopes.contains(&ClientScope::PeopleRead) => Reach::default(),
        Principal::Client(c) => match c.hub_id {
            None => Reach::everything(),
            Some(h) => Reach {
                hubs: vec![h],
                ..Reach::default()
            },
        },
        Principal::Person(_) => Reach::of(p, &[Role::HubCoordinator], &[Role::SchoolLeader]),
    }
}

/// The audit entries a caller may read (after `Action::AuditRead`): admins and unbound
/// clients all; a hub-bound client its hub's; coordinators their hubs'.
pub fn audit_reach(p: &Principal) -> Reach {
    match p {
        Principal::Client(c) => match c.hub_id {
            None => Reach::everything(),
            Some(h) => Reach {
                hubs: vec![h],
                ..Reach::default()
            },
        },
        Principal::Person(_) => Reach::of(p, &[Role::HubCoordinator], &[]),
    }
}

/// Research datasets and agreements listed: admins all; coordinators and researchers
/// their hubs'.
pub fn research_reach(p: &Principal) -> Reach {
    Reach::of(p, &[Role::HubCoordinator, Role::Researcher], &[])
}

/// Teacher groups listed by role: coordinators see their hubs' groups, school leaders
/// their schools' (members and creators see their own groups on top).
pub fn group_reach(p: &Principal) -> Reach {
    Reach::of(p, &[Role::HubCoordinator], &[Role::SchoolLeader])
}

/// Programmes listed: of any hub the caller works in, and those a school of theirs (or
/// of a hub they work in) is enrolled in.
pub fn programme_reach(p: &Principal) -> Reach {
    Reach::of(p, Role::ALL, Role::ALL)
}

/// Relationships listed by role: of hubs the caller coordinates; those in which a school
/// they work at takes part as a school (taking part in person is added on top).
pub fn relationship_reach(p: &Principal) -> Reach {
    Reach::of(p, &[Role::HubCoordinator], Role::ALL)
}

/// The schools a person works at (as a teacher or a leader), whatever else they are: a
/// relationship in which one of them takes part is "theirs".
pub fn own_schools(p: &Principal) -> Vec<Uuid> {
    p.grants()
        .iter()
        .filter(|g| g.role.works_at_school())
        .filter_map(|g| g.school_id)
        .collect()
}

/// Manage a teacher group: its creator, the leaders of its school, its hub's coordinators.
pub fn manages_group(p: &Principal, created_by: Uuid, school: Option<Uuid>, hub: Uuid) -> bool {
    p.is_admin()
        || p.person().is_some_and(|me| me.id == created_by)
        || school.is_some_and(|s| p.leads_school(s))
        || p.coordinates(hub)
}

/// Create a teacher group: in a school, its leaders and the hub's coordinators; a hub-wide
/// group, the hub's coordinators and mentors (a school-staff group needs a school).
pub fn creates_group(p: &Principal, school_staff: bool, school: Option<Uuid>, hub: Uuid) -> bool {
    if p.is_admin() {
        return true;
    }
    match school {
        Some(s) => p.leads_school(s) || p.coordinates(hub),
        None if school_staff => false,
        None => p.coordinates(hub) || p.mentors_in(hub),
    }
}

/// A campaign's report beyond those who manage it: the hub's coordinators once the
/// leader shares it with them, the hub's mentors once shared with mentors.
pub fn sees_shared_campaign(
    p: &Principal,
    hub: Uuid,
    shared_with_coordinator: bool,
    shared_with_mentors: bool,
) -> bool {
    (shared_with_coordinator && p.coordinates(hub)) || (shared_with_mentors && p.mentors_in(hub))
}

/// Readiness results of a school's campaigns that were not shared with the hub: its staff
/// and admins (others see only what was shared with them).
pub fn sees_unshared_results(p: &Principal, school: Uuid) -> bool {
    p.is_admin() || p.staff_of(school)
}

/// Counts of campaigns not shared with the hub, across schools (response rates of a hub,
/// programme or the platform): admins only.
pub fn sees_unshared_results_everywhere(p: &Principal) -> bool {
    p.is_admin()
}

/// Names and hours of a programme's mentors: those who run the programme and its hub's
/// mentors.
pub fn sees_mentor_hours(p: &Principal, hub: Uuid) -> bool {
    allows(p, Action::ProgrammeManage { hub }) || p.mentors_in(hub)
}

/// Manage an organisation linked to hubs: a coordinator of one of those hubs.
pub fn coordinates_any(p: &Principal, hubs: &[Uuid]) -> bool {
    hubs.iter().any(|h| p.coordinates(*h))
}

/// A school takes part (in a relationship, a course) through its leaders: does the caller
/// act for this school?
pub fn acts_for_school(p: &Principal, school: Uuid) -> bool {
    p.leads_school(school)
}

/// Manage a person as a whole (deactivate, reactivate, reset): never oneself; admins
/// anyone; others only someone each of whose grants they may assign.
pub fn manages_person(p: &Principal, target: Uuid, assignable: &[Action]) -> bool {
    if p.id() == target {
        return false;
    }
    if p.is_admin() {
        return true;
    }
    !assignable.is_empty() && assignable.iter().all(|a| allows(p, *a))
}

/// Things a caller may want to do, with the scope they touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    HubCreate,
    HubUpdate {
        hub: Uuid,
    },
    HubDelete {
        hub: Uuid,
    },
    HubOrganisationsManage {
        hub: Uuid,
    },
    SchoolCreate {
        hub: Uuid,
    },
    SchoolUpdate {
        hub: Uuid,
        school: Uuid,
    },
    SchoolDelete {
        hub: Uuid,
        school: Uuid,
    },
    OrganisationCreate,
    /// `linked_hubs`: is the caller coordinator of a hub the organisation is linked to?
    OrganisationUpdate {
        coordinates_linked_hub: bool,
    },
    OrganisationDelete,
    /// Invite into, grant or revoke a role in a scope (school roles carry the school's hub).
    AssignRole {
        role: Role,
        hub: Option<Uuid>,
        school: Option<Uuid>,
    },
    PeopleList,
    AuditRead,
    ClientsManage,
    PasswordResetIssue,
    /// Publish a new instrument or a new version of one.
    InstrumentPublish,
    /// Add or correct a translation of an instrument, or mark it reviewed. Hubs
    /// translate and review, so coordinators may.
    InstrumentTranslate,
    /// Keep a self-reflection (people only; a machine client is nobody's self).
    ReflectionStart,
    /// Run a school's readiness campaigns: create, close, choose focus items, share.
    CampaignManage {
        school: Uuid,
    },
    /// See the hub overview: readiness across its schools (as shared), competence levels
    /// across its teacher groups (anonymous aggregates).
    HubOverview {
        hub: Uuid,
    },
    /// Create a mentoring programme in a hub.
    ProgrammeCreate {
        hub: Uuid,
    },
    /// Change a programme, enrol and remove schools, log programme-wide activities.
    ProgrammeManage {
        hub: Uuid,
    },
    /// Edit an enrolled school's phases and needs mapping: the programme's coordinators
    /// and the school's leaders.
    EnrolmentEdit {
        programme_hub: Uuid,
        school: Uuid,
    },
    /// Approve that a school of one's hub joins another hub's programme.
    EnrolmentApprove {
        school_hub: Uuid,
    },
    /// Set up a mentoring relationship in a hub: its coordinators and mentors.
    RelationshipCreate {
        hub: Uuid,
    },
    /// Own a school's development plan: its leaders.
    PlanOwn {
        school: Uuid,
    },
    /// Run a programme's training course (sessions, participants, attendance): the hub's
    /// coordinators and mentors (trainers).
    CourseManage {
        hub: Uuid,
    },
    /// Read the Learning Analytics Toolbox's indicators of a scope: the platform (admins),
    /// a hub or one of its programmes (its coordinators), a school (its hub's
    /// coordinators and its leaders). Aggregates only, anonymous by construction.
    AnalyticsRead {
        hub: Option<Uuid>,
        school: Option<Uuid>,
    },
    /// Set the targets of the platform (admins) or of a hub (its coordinators).
    AnalyticsTargetSet {
        hub: Option<Uuid>,
    },
    /// See research datasets and data-use agreements at all: admins, coordinators and
    /// researchers (what each sees is narrowed by `research_reach`).
    ResearchView,
    /// Record a data-use agreement of a research partner: admins, and coordinators of a
    /// hub the organisation is a research partner of.
    AgreementRecord {
        coordinates_partner_hub: bool,
    },
    /// Generate a research dataset of a scope: the platform (admins), a hub or what lies
    /// in it (admins and the hub's researchers).
    DatasetCreate {
        hub: Option<Uuid>,
    },
    /// See a dataset's record: admins, the hub's coordinators and researchers.
    DatasetRead {
        hub: Option<Uuid>,
    },
    /// Download a dataset's file: admins and the hub's researchers.
    DatasetDownload {
        hub: Option<Uuid>,
    },
}

fn client_can(c: &super::model::ClientPrincipal, action: Action) -> bool {
    let write = c.scopes.contains(&ClientScope::DirectoryWrite);
    let in_hub = |h: Uuid| c.hub_id.is_none_or(|bound| bound == h);
    match action {
        Action::SchoolCreate { hub } | Action::SchoolUpdate { hub, .. } => write && in_hub(hub),
        Action::OrganisationCreate => write,
        Action::PeopleList => c.scopes.contains(&ClientScope::PeopleRead),
        Action::AuditRead => c.scopes.contains(&ClientScope::AuditRead),
        _ => false,
    }
}

pub fn allows(p: &Principal, action: Action) -> bool {
    let person = match p {
        Principal::Client(c) => return client_can(c, action),
        Principal::Person(person) => person,
    };
    if p.is_admin() {
        return true;
    }
    let coordinates_any = person.grants.iter().any(|g| g.role == Role::HubCoordinator);
    let leads_any = person.grants.iter().any(|g| g.role == Role::SchoolLeader);
    let researches_any = person.grants.iter().any(|g| g.role == Role::Researcher);
    match action {
        Action::HubCreate
        | Action::HubDelete { .. }
        | Action::OrganisationDelete
        | Action::ClientsManage
        | Action::PasswordResetIssue
        | Action::InstrumentPublish => false,
        Action::InstrumentTranslate => coordinates_any,
        Action::ReflectionStart => true,
        Action::CampaignManage { school } => p.leads_school(school),
        Action::HubOverview { hub } => p.coordinates(hub),
        Action::ProgrammeCreate { hub } | Action::ProgrammeManage { hub } => p.coordinates(hub),
        Action::EnrolmentEdit {
            programme_hub,
            school,
        } => p.coordinates(programme_hub) || p.leads_school(school),
        Action::EnrolmentApprove { school_hub } => p.coordinates(school_hub),
        Action::PlanOwn { school } => p.leads_school(school),
        Action::RelationshipCreate { hub } | Action::CourseManage { hub } => {
            p.coordinates(hub) || p.mentors_in(hub)
        }
        Action::HubUpdate { hub }
        | Action::HubOrganisationsManage { hub }
        | Action::SchoolCreate { hub }
        | Action::SchoolDelete { hub, .. } => p.coordinates(hub),
        Action::SchoolUpdate { hub, school } => p.coordinates(hub) || p.leads_school(school),
        Action::OrganisationCreate => coordinates_any,
        Action::OrganisationUpdate {
            coordinates_linked_hub,
        } => coordinates_linked_hub,
        Action::AssignRole { role, hub, school } => match role {
            Role::Admin => false,
            Role::HubCoordinator | Role::Mentor | Role::Researcher => {
                hub.is_some_and(|h| p.coordinates(h))
            }
            Role::SchoolLeader | Role::Teacher => {
                hub.is_some_and(|h| p.coordinates(h)) || school.is_some_and(|s| p.leads_school(s))
            }
        },
        Action::PeopleList => coordinates_any || leads_any,
        Action::AuditRead => coordinates_any,
        Action::AnalyticsRead { hub, school } => {
            hub.is_some_and(|h| p.coordinates(h) || p.researches_in(h))
                || school.is_some_and(|s| p.leads_school(s))
        }
        Action::AnalyticsTargetSet { hub } => hub.is_some_and(|h| p.coordinates(h)),
        Action::ResearchView => coordinates_any || researches_any,
        Action::AgreementRecord {
            coordinates_partner_hub,
        } => coordinates_partner_hub,
        Action::DatasetCreate { hub } | Action::DatasetDownload { hub } => {
            hub.is_some_and(|h| p.researches_in(h))
        }
        Action::DatasetRead { hub } => hub.is_some_and(|h| p.coordinates(h) || p.researches_in(h)),
    }
}

/// Who may read a self-reflection: its owner, and nobody else by role — not a school
/// leader, coordinator or admin. (Sharing with named people comes on top of this.)
pub fn sees_reflection(p: &Principal, owner: Uuid) -> bool {
    p.person().is_some_and(|me| owns_reflection(me.id, owner))
}

/// [`sees_reflection`] for a person known only by id (autosave, which checks the account
/// in its own transaction): only the owner.
pub fn owns_reflection(person: Uuid, owner: Uuid) -> bool {
    person == owner
}

/// Who sees a programme: its hub's coordinators and mentors, and — for each enrolled
/// school — that school's staff and its own hub's coordinators (cross-hub work).
pub fn sees_programme(p: &Principal, hub: Uuid, enrolled: &[(Uuid, Uuid)]) -> bool {
    p.is_admin()
        || p.coordinates(hub)
        || p.mentors_in(hub)
        || enrolled
            .iter()
            .any(|&(school, school_hub)| p.coordinates(school_hub) || p.staff_of(school))
}

/// A caller's standing in a mentoring relationship, worked out by the mentoring service
/// from its participants: rights follow from taking part, not from hub-level grants.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    /// Roles the caller acts in: as a person, or as a leader of a participating school.
    pub roles: Vec<ParticipantRole>,
    /// The caller works at a participating school (its staff see the relationship).
    pub staff: bool,
    /// The caller set the relationship up (a hub's mentor may do so for others).
    pub creator: bool,
}

impl Standing {
    pub fn has(&self, role: ParticipantRole) -> bool {
        self.roles.contains(&role)
    }

    /// The caller's standing from a relationship's creator and its participants, each as
    /// (person, school, role): a person takes part in person, a school through its
    /// leaders; working at a participating school makes one its staff.
    pub fn of(
        p: &Principal,
        created_by: Uuid,
        parts: impl IntoIterator<Item = (Option<Uuid>, Option<Uuid>, ParticipantRole)>,
    ) -> Standing {
        let me = p.person().map(|x| x.id);
        let mut s = Standing {
            creator: Some(created_by) == me,
            ..Standing::default()
        };
        for (person, school, role) in parts {
            let acts = match (person, school) {
                (Some(person), _) => Some(person) == me,
                (None, Some(school)) => {
                    if p.staff_of(school) {
                        s.staff = true;
                    }
                    acts_for_school(p, school)
                }
                (None, None) => false,
            };
            if acts && !s.has(role) {
                s.roles.push(role);
            }
        }
        s
    }
}

/// Participants, the staff of participating schools, the hub's coordinators.
pub fn sees_relationship(p: &Principal, hub: Uuid, s: &Standing) -> bool {
    p.is_admin() || p.coordinates(hub) || !s.roles.is_empty() || s.staff || s.creator
}

/// Edit, add participants, move the lifecycle: its mentors and facilitators, whoever set
/// it up, the hub's coordinators.
pub fn manages_relationship(p: &Principal, hub: Uuid, s: &Standing) -> bool {
    p.is_admin()
        || p.coordinates(hub)
        || s.creator
        || s.has(ParticipantRole::Mentor)
        || s.has(ParticipantRole::Facilitator)
}

/// Log activities: those who manage it, and peers in a peer group.
pub fn logs_activity(p: &Principal, hub: Uuid, s: &Standing) -> bool {
    manages_relationship(p, hub, s) || s.has(ParticipantRole::Peer)
}

/// Change or delete a logged activity: its author and the hub's coordinators.
pub fn edits_activity(p: &Principal, hub: Uuid, author: Uuid) -> bool {
    p.is_admin() || p.coordinates(hub) || p.person().is_some_and(|me| me.id == author)
}

/// Rate an activity's usefulness: those who attended it or take part in its relationship —
/// except its author, whose own rating would only inflate it.
pub fn rates_activity(p: &Principal, author: Uuid, attended: bool, takes_part: bool) -> bool {
    (attended || takes_part) && p.person().is_some_and(|me| me.id != author)
}

/// Who sees a school's development plan: its staff, its mentors (taking part as mentor or
/// facilitator in a relationship in which the school or its staff are mentees), the hub's
/// coordinators.
pub fn sees_plan(p: &Principal, school: Uuid, hub: Uuid, mentors_school: bool) -> bool {
    p.is_admin() || p.staff_of(school) || p.coordinates(hub) || mentors_school
}

/// Who sees an enrolled school's needs mapping (its infrastructure and security
/// findings): the programme's coordinators, the school's own hub's coordinators, its
/// staff and its mentors — not the other schools of the programme.
pub fn sees_needs(
    p: &Principal,
    programme_hub: Uuid,
    school: Uuid,
    school_hub: Uuid,
    mentors_school: bool,
) -> bool {
    p.is_admin()
        || p.coordinates(programme_hub)
        || p.coordinates(school_hub)
        || p.staff_of(school)
        || mentors_school
}

/// Record the needs mapping: those who edit the school's phases, and its mentors.
pub fn edits_needs(p: &Principal, programme_hub: Uuid, school: Uuid, mentors_school: bool) -> bool {
    allows(
        p,
        Action::EnrolmentEdit {
            programme_hub,
            school,
        },
    ) || mentors_school
}

/// Comment on a plan: its owners, the school's mentors, the hub's coordinators.
pub fn comments_plan(p: &Principal, school: Uuid, hub: Uuid, mentors_school: bool) -> bool {
    p.is_admin() || p.leads_school(school) || p.coordinates(hub) || mentors_school
}

/// Propose actions: the school's mentors and the hub's coordinators.
pub fn proposes_plan_actions(p: &Principal, hub: Uuid, mentors_school: bool) -> bool {
    p.coordinates(hub) || mentors_school
}

/// 404 unless the resource is visible.
pub fn must_see(visible: bool, what: &str) -> ApiResult<()> {
    if visible {
        Ok(())
    } else {
        Err(ApiError::not_found(what))
    }
}

/// 403 unless the action is allowed.
pub fn must_allow(p: &Principal, action: Action) -> ApiResult<()> {
    if allows(p, action) {
        Ok(())
    } else {
        Err(ApiError::forbidden("You are not allowed to do this."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::{ClientPrincipal, Grant, PersonPrincipal};

    fn person(grants: Vec<(Role, Option<Uuid>, Option<Uuid>)>) -> Principal {
        Principal::Person(PersonPrincipal {
            id: Uuid::new_v4(),
            email: "x@example.org".into(),
            name: "X".into(),
            locale: "en".into(),
            grants: grants
                .into_iter()
                .map(|(role, hub_id, school_id)| Grant {
                    id: Uuid::new_v4(),
                    role,
                    hub_id,
                    school_id,
                })
                .collect(),
        })
    }

    #[test]
    fn decisions_table() {
        let (h1, h2, s1, s2) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let admin = person(vec![(Role::Admin, None, None)]);
        let coord = person(vec![(Role::HubCoordinator, Some(h1), None)]);
        let mentor = person(vec![(Role::Mentor, Some(h1), None)]);
        let leader = person(vec![(Role::SchoolLeader, Some(h1), Some(s1))]);
        let teacher = person(vec![(Role::Teacher, Some(h1), Some(s1))]);
        let client = Principal::Client(ClientPrincipal {
            id: Uuid::new_v4(),
            name: "uni".into(),
            scopes: vec![ClientScope::DirectoryWrite],
            hub_id: Some(h1),
        });
        use Action::*;
        let rows: Vec<(&str, Action, [bool; 6])> = vec![
            //                                   admin coord mentor leader teacher client
            (
                "hub create",
                HubCreate,
                [true, false, false, false, false, false],
            ),
            (
                "hub update own",
                HubUpdate { hub: h1 },
                [true, true, false, false, false, false],
            ),
            (
                "hub update foreign",
                HubUpdate { hub: h2 },
                [true, false, false, false, false, false],
            ),
            (
                "hub delete",
                HubDelete { hub: h1 },
                [true, false, false, false, false, false],
            ),
            (
                "school create own hub",
                SchoolCreate { hub: h1 },
                [true, true, false, false, false, true],
            ),
            (
                "school create foreign hub",
                SchoolCreate { hub: h2 },
                [true, false, false, false, false, false],
            ),
            (
                "school update own",
                SchoolUpdate {
                    hub: h1,
                    school: s1,
                },
                [true, true, false, true, false, true],
            ),
            (
                "school update sibling",
                SchoolUpdate {
                    hub: h1,
                    school: s2,
                },
                [true, true, false, false, false, true],
            ),
            (
                "school delete",
                SchoolDelete {
                    hub: h1,
                    school: s1,
                },
                [true, true, false, false, false, false],
            ),
            (
                "invite teacher own school",
                AssignRole {
                    role: Role::Teacher,
                    hub: Some(h1),
                    school: Some(s1),
                },
                [true, true, false, true, false, false],
            ),
            (
                "invite teacher foreign",
                AssignRole {
                    role: Role::Teacher,
                    hub: Some(h2),
                    school: Some(s2),
                },
                [true, false, false, false, false, false],
            ),
            (
                "invite mentor own hub",
                AssignRole {
                    role: Role::Mentor,
                    hub: Some(h1),
                    school: None,
                },
                [true, true, false, false, false, false],
            ),
            (
                "invite admin",
                AssignRole {
                    role: Role::Admin,
                    hub: None,
                    school: None,
                },
                [true, false, false, false, false, false],
            ),
            (
                "people list",
                PeopleList,
                [true, true, false, true, false, false],
            ),
            (
                "audit read",
                AuditRead,
                [true, true, false, false, false, false],
            ),
            (
                "organisation create",
                OrganisationCreate,
                [true, true, false, false, false, true],
            ),
            (
                "clients manage",
                ClientsManage,
                [true, false, false, false, false, false],
            ),
        ];
        let who = [&admin, &coord, &mentor, &leader, &teacher, &client];
        for (name, action, expect) in rows {
            for (i, p) in who.iter().enumerate() {
                assert_eq!(allows(p, action), expect[i], "{name} for caller #{i}");
            }
        }
    }

    #[test]
    fn views_follow_grants() {
        let (h1, h2, s1, s2) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let teacher = directory_view(&person(vec![(Role::Teacher, Some(h1), Some(s1))]));
        assert!(teacher.sees_hub(h1) && !teacher.sees_hub(h2));
        assert!(teacher.sees_school(s1, h1) && !teacher.sees_school(s2, h1));
        let mentor = directory_view(&person(vec![(Role::Mentor, Some(h1), None)]));
        assert!(mentor.sees_school(s2, h1) && !mentor.sees_school(s2, h2));
        assert!(directory_view(&person(vec![(Role::Admin, None, None)])).sees_hub(h2));
        assert!(!directory_view(&person(vec![])).sees_hub(h1));
    }
}
