//! Mentoring structures: hub programmes with enrolled schools and their phases of the
//! dynamic process model, mentoring relationships with participants, goals and a
//! lifecycle history, and activities with attendees and ratings.
//! Dates that users see are local dates (YYYY-MM-DD) in the hub's time zone.

use crate::common::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Hubs {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
    HubId,
    Name,
    Method,
    Description,
    StartsOn,
    EndsOn,
    /// Mentoring hours per mentee school: a range such as 35–80.
    MentoringMinHours,
    MentoringMaxHours,
    /// JSON object: audience (`teachers`, `leaders`) → training hours.
    TrainingTargets,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ProgrammeSchools {
    Table,
    Id,
    ProgrammeId,
    SchoolId,
    /// `mentor_school`, `mentee_school` or `peer_school`.
    Role,
    /// `approved`, or `pending` while another hub's coordinator has not approved.
    Approval,
    /// The current cycle of the process model (1, 2, …).
    Cycle,
    /// The readiness campaign the needs mapping starts from.
    NeedsCampaignId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EnrolmentPhases {
    Table,
    Id,
    EnrolmentId,
    Cycle,
    Phase,
    /// `not_started`, `in_progress`, `done` or `skipped`.
    Status,
    StartedOn,
    FinishedOn,
    Notes,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EnrolmentFindings {
    Table,
    Id,
    EnrolmentId,
    Cycle,
    /// `infrastructure` or `security`.
    Topic,
    Item,
    /// `in_place`, `partial`, `missing` or `unknown`.
    State,
    Note,
    /// `high`, `medium` or `low`.
    Priority,
    Position,
}

#[derive(DeriveIden)]
enum HubVocabularies {
    Table,
    Id,
    HubId,
    /// `method`, `activity_kind` or `needs_item`.
    List,
    Value,
    Position,
}

#[derive(DeriveIden)]
enum Relationships {
    Table,
    Id,
    HubId,
    ProgrammeId,
    /// `school_to_school`, `expert_to_school`, `teacher_to_teacher`, `peer_group`,
    /// `leader_to_leader`.
    Kind,
    Title,
    /// JSON list of instrument area or competence keys.
    Focus,
    Agreement,
    MeetingRhythm,
    /// `proposed`, `active`, `paused`, `completed` or `cancelled`.
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum RelationshipParticipants {
    Table,
    Id,
    RelationshipId,
    /// A person, or (when null) the school itself acting through its leaders.
    PersonId,
    /// The school taking part, or the school a person takes part for.
    SchoolId,
    /// `mentor`, `mentee`, `peer` or `facilitator`.
    Role,
    AddedBy,
    AddedAt,
}

#[derive(DeriveIden)]
enum RelationshipGoals {
    Table,
    Id,
    RelationshipId,
    Position,
    Text,
    Indicator,
    /// `open`, `achieved` or `dropped`.
    Status,
}

#[derive(DeriveIden)]
enum RelationshipEvents {
    Table,
    Id,
    RelationshipId,
    FromStatus,
    ToStatus,
    Reason,
    ById,
    At,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    HubId,
    ProgrammeId,
    RelationshipId,
    /// Local date (YYYY-MM-DD) in the hub's time zone.
    Date,
    DurationMinutes,
    /// `on_site`, `online` or `hybrid`.
    Mode,
    Kind,
    /// `planned`, `draft` or `final`.
    State,
    /// JSON list of area or competence keys.
    Topics,
    Notes,
    Outcomes,
    FollowUps,
    /// JSON list of http(s) links.
    Evidence,
    AuthorId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ActivityAttendees {
    Table,
    Id,
    ActivityId,
    PersonId,
    /// The attendee's role in the relationship when the activity was logged.
    Role,
}

#[derive(DeriveIden)]
enum ActivityRatings {
    Table,
    Id,
    ActivityId,
    PersonId,
    Rating,
    Comment,
    At,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    PersonId,
    /// `relationship_added`, `activity_logged`, `relationship_status`, `plan_comment`,
    /// `feedback_asked`, …
    Kind,
    Title,
    /// The SPA path to open.
    Link,
    CreatedAt,
    ReadAt,
    /// When it went out by e-mail (if the person wants e-mail and SMTP is set up).
    MailedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(Programmes::Table)
                .col(pk_uuid(Programmes::Id))
                .col(uuid(Programmes::HubId))
                .col(string(Programmes::Name))
                .col(string(Programmes::Method))
                .col(text_null(Programmes::Description))
                .col(string(Programmes::StartsOn))
                .col(string(Programmes::EndsOn))
                .col(integer(Programmes::MentoringMinHours))
                .col(integer(Programmes::MentoringMaxHours))
                .col(text(Programmes::TrainingTargets))
                .col(uuid(Programmes::CreatedBy))
                .col(timestamp_with_time_zone(Programmes::CreatedAt))
                .col(timestamp_with_time_zone(Programmes::UpdatedAt))
                .col(integer(Programmes::Version))
                .foreign_key(&mut fk(
                    "fk_programmes_hub",
                    (Programmes::Table, Programmes::HubId),
                    (Hubs::Table, Hubs::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_programmes_hub")
                .table(Programmes::Table)
                .col(Programmes::HubId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProgrammeSchools::Table)
                .col(pk_uuid(ProgrammeSchools::Id))
                .col(uuid(ProgrammeSchools::ProgrammeId))
                .col(uuid(ProgrammeSchools::SchoolId))
                .col(string(ProgrammeSchools::Role))
                .col(string(ProgrammeSchools::Approval))
                .col(integer(ProgrammeSchools::Cycle))
                .col(uuid_null(ProgrammeSchools::NeedsCampaignId))
                .col(timestamp_with_time_zone(ProgrammeSchools::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_ps_programme",
                    (ProgrammeSchools::Table, ProgrammeSchools::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_ps_school",
                    (ProgrammeSchools::Table, ProgrammeSchools::SchoolId),
                    (Schools::Table, Schools::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_ps_campaign",
                    (ProgrammeSchools::Table, ProgrammeSchools::NeedsCampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_ps_programme_school")
                .table(ProgrammeSchools::Table)
                .col(ProgrammeSchools::ProgrammeId)
                .col(ProgrammeSchools::SchoolId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_ps_school")
                .table(ProgrammeSchools::Table)
                .col(ProgrammeSchools::SchoolId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnrolmentPhases::Table)
                .col(pk_uuid(EnrolmentPhases::Id))
                .col(uuid(EnrolmentPhases::EnrolmentId))
                .col(integer(EnrolmentPhases::Cycle))
                .col(string(EnrolmentPhases::Phase))
                .col(string(EnrolmentPhases::Status))
                .col(string_null(EnrolmentPhases::StartedOn))
                .col(string_null(EnrolmentPhases::FinishedOn))
                .col(text_null(EnrolmentPhases::Notes))
                .col(uuid_null(EnrolmentPhases::UpdatedBy))
                .col(timestamp_with_time_zone(EnrolmentPhases::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_ephase_enrolment",
                    (EnrolmentPhases::Table, EnrolmentPhases::EnrolmentId),
                    (ProgrammeSchools::Table, ProgrammeSchools::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_ephase")
                .table(EnrolmentPhases::Table)
                .col(EnrolmentPhases::EnrolmentId)
                .col(EnrolmentPhases::Cycle)
                .col(EnrolmentPhases::Phase)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnrolmentFindings::Table)
                .col(pk_uuid(EnrolmentFindings::Id))
                .col(uuid(EnrolmentFindings::EnrolmentId))
                .col(integer(EnrolmentFindings::Cycle))
                .col(string(EnrolmentFindings::Topic))
                .col(string(EnrolmentFindings::Item))
                .col(string(EnrolmentFindings::State))
                .col(text_null(EnrolmentFindings::Note))
                .col(string(EnrolmentFindings::Priority))
                .col(integer(EnrolmentFindings::Position))
                .foreign_key(&mut fk(
                    "fk_efinding_enrolment",
                    (EnrolmentFindings::Table, EnrolmentFindings::EnrolmentId),
                    (ProgrammeSchools::Table, ProgrammeSchools::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_efinding_enrolment")
                .table(EnrolmentFindings::Table)
                .col(EnrolmentFindings::EnrolmentId)
                .col(EnrolmentFindings::Cycle)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(HubVocabularies::Table)
                .col(pk_uuid(HubVocabularies::Id))
                .col(uuid(HubVocabularies::HubId))
                .col(string(HubVocabularies::List))
                .col(string(HubVocabularies::Value))
                .col(integer(HubVocabularies::Position))
                .foreign_key(&mut fk(
                    "fk_hubvocab_hub",
                    (HubVocabularies::Table, HubVocabularies::HubId),
                    (Hubs::Table, Hubs::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_hubvocab")
                .table(HubVocabularies::Table)
                .col(HubVocabularies::HubId)
                .col(HubVocabularies::List)
                .col(HubVocabularies::Value)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Relationships::Table)
                .col(pk_uuid(Relationships::Id))
                .col(uuid(Relationships::HubId))
                .col(uuid_null(Relationships::ProgrammeId))
                .col(string(Relationships::Kind))
                .col(string(Relationships::Title))
                .col(text(Relationships::Focus))
                .col(text_null(Relationships::Agreement))
                .col(string_null(Relationships::MeetingRhythm))
                .col(string(Relationships::Status))
                .col(uuid(Relationships::CreatedBy))
                .col(timestamp_with_time_zone(Relationships::CreatedAt))
                .col(timestamp_with_time_zone(Relationships::UpdatedAt))
                .col(integer(Relationships::Version))
                .foreign_key(&mut fk(
                    "fk_rel_hub",
                    (Relationships::Table, Relationships::HubId),
                    (Hubs::Table, Hubs::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_rel_programme",
                    (Relationships::Table, Relationships::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rel_programme")
                .table(Relationships::Table)
                .col(Relationships::ProgrammeId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rel_hub")
                .table(Relationships::Table)
                .col(Relationships::HubId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelationshipParticipants::Table)
                .col(pk_uuid(RelationshipParticipants::Id))
                .col(uuid(RelationshipParticipants::RelationshipId))
                .col(uuid_null(RelationshipParticipants::PersonId))
                .col(uuid_null(RelationshipParticipants::SchoolId))
                .col(string(RelationshipParticipants::Role))
                .col(uuid(RelationshipParticipants::AddedBy))
                .col(timestamp_with_time_zone(RelationshipParticipants::AddedAt))
                .foreign_key(&mut fk(
                    "fk_rp_rel",
                    (
                        RelationshipParticipants::Table,
                        RelationshipParticipants::RelationshipId,
                    ),
                    (Relationships::Table, Relationships::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_rp_person",
                    (
                        RelationshipParticipants::Table,
                        RelationshipParticipants::PersonId,
                    ),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_rp_school",
                    (
                        RelationshipParticipants::Table,
                        RelationshipParticipants::SchoolId,
                    ),
                    (Schools::Table, Schools::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rp_rel")
                .table(RelationshipParticipants::Table)
                .col(RelationshipParticipants::RelationshipId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rp_person")
                .table(RelationshipParticipants::Table)
                .col(RelationshipParticipants::PersonId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rp_school")
                .table(RelationshipParticipants::Table)
                .col(RelationshipParticipants::SchoolId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelationshipGoals::Table)
                .col(pk_uuid(RelationshipGoals::Id))
                .col(uuid(RelationshipGoals::RelationshipId))
                .col(integer(RelationshipGoals::Position))
                .col(text(RelationshipGoals::Text))
                .col(text(RelationshipGoals::Indicator))
                .col(string(RelationshipGoals::Status))
                .foreign_key(&mut fk(
                    "fk_rgoal_rel",
                    (RelationshipGoals::Table, RelationshipGoals::RelationshipId),
                    (Relationships::Table, Relationships::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelationshipEvents::Table)
                .col(pk_uuid(RelationshipEvents::Id))
                .col(uuid(RelationshipEvents::RelationshipId))
                .col(string_null(RelationshipEvents::FromStatus))
                .col(string(RelationshipEvents::ToStatus))
                .col(text_null(RelationshipEvents::Reason))
                .col(uuid(RelationshipEvents::ById))
                .col(timestamp_with_time_zone(RelationshipEvents::At))
                .foreign_key(&mut fk(
                    "fk_revent_rel",
                    (
                        RelationshipEvents::Table,
                        RelationshipEvents::RelationshipId,
                    ),
                    (Relationships::Table, Relationships::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Activities::Table)
                .col(pk_uuid(Activities::Id))
                .col(uuid(Activities::HubId))
                .col(uuid_null(Activities::ProgrammeId))
                .col(uuid_null(Activities::RelationshipId))
                .col(string(Activities::Date))
                .col(integer(Activities::DurationMinutes))
                .col(string(Activities::Mode))
                .col(string(Activities::Kind))
                .col(string(Activities::State))
                .col(text(Activities::Topics))
                .col(text_null(Activities::Notes))
                .col(text_null(Activities::Outcomes))
                .col(text_null(Activities::FollowUps))
                .col(text(Activities::Evidence))
                .col(uuid(Activities::AuthorId))
                .col(timestamp_with_time_zone(Activities::CreatedAt))
                .col(timestamp_with_time_zone(Activities::UpdatedAt))
                .col(integer(Activities::Version))
                .foreign_key(&mut fk(
                    "fk_act_hub",
                    (Activities::Table, Activities::HubId),
                    (Hubs::Table, Hubs::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_act_programme",
                    (Activities::Table, Activities::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_act_rel",
                    (Activities::Table, Activities::RelationshipId),
                    (Relationships::Table, Relationships::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_act_rel")
                .table(Activities::Table)
                .col(Activities::RelationshipId)
                .col(Activities::Date)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_act_programme")
                .table(Activities::Table)
                .col(Activities::ProgrammeId)
                .col(Activities::State)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActivityAttendees::Table)
                .col(pk_uuid(ActivityAttendees::Id))
                .col(uuid(ActivityAttendees::ActivityId))
                .col(uuid(ActivityAttendees::PersonId))
                .col(string(ActivityAttendees::Role))
                .foreign_key(&mut fk(
                    "fk_aatt_act",
                    (ActivityAttendees::Table, ActivityAttendees::ActivityId),
                    (Activities::Table, Activities::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_aatt_person",
                    (ActivityAttendees::Table, ActivityAttendees::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_aatt")
                .table(ActivityAttendees::Table)
                .col(ActivityAttendees::ActivityId)
                .col(ActivityAttendees::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActivityRatings::Table)
                .col(pk_uuid(ActivityRatings::Id))
                .col(uuid(ActivityRatings::ActivityId))
                .col(uuid(ActivityRatings::PersonId))
                .col(integer(ActivityRatings::Rating))
                .col(text_null(ActivityRatings::Comment))
                .col(timestamp_with_time_zone(ActivityRatings::At))
                .foreign_key(&mut fk(
                    "fk_arate_act",
                    (ActivityRatings::Table, ActivityRatings::ActivityId),
                    (Activities::Table, Activities::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_arate_person",
                    (ActivityRatings::Table, ActivityRatings::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_arate")
                .table(ActivityRatings::Table)
                .col(ActivityRatings::ActivityId)
                .col(ActivityRatings::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::PersonId))
                .col(string(Notifications::Kind))
                .col(string(Notifications::Title))
                .col(string(Notifications::Link))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .col(timestamp_with_time_zone_null(Notifications::MailedAt))
                .foreign_key(&mut fk(
                    "fk_notif_person",
                    (Notifications::Table, Notifications::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_notif_person")
                .table(Notifications::Table)
                .col(Notifications::PersonId)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Notifications::Table.into_iden(),
            ActivityRatings::Table.into_iden(),
            ActivityAttendees::Table.into_iden(),
            Activities::Table.into_iden(),
            RelationshipEvents::Table.into_iden(),
            RelationshipGoals::Table.into_iden(),
            RelationshipParticipants::Table.into_iden(),
            Relationships::Table.into_iden(),
            HubVocabularies::Table.into_iden(),
            EnrolmentFindings::Table.into_iden(),
            EnrolmentPhases::Table.into_iden(),
            ProgrammeSchools::Table.into_iden(),
            Programmes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
