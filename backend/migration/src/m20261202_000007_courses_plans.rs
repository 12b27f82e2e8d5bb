//! Training courses of a programme (sessions, participants, attendance), school digital
//! development plans (goals, actions, comments), feedback between mentor and mentee at the
//! end of a relationship, personal calendar feeds, and e-mail for notifications.

use crate::common::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    /// Wants notifications by e-mail as well (when the server can send mail).
    NotifyByEmail,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Relationships {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    ProgrammeId,
    Title,
    /// `teachers` or `leaders`.
    Audience,
    PlannedHours,
    Description,
    CreatedBy,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    Id,
    CourseId,
    /// Local date (YYYY-MM-DD) in the hub's time zone.
    Date,
    DurationMinutes,
    Title,
}

#[derive(DeriveIden)]
enum CourseParticipants {
    Table,
    Id,
    CourseId,
    PersonId,
    SchoolId,
    EnrolledAt,
}

#[derive(DeriveIden)]
enum CourseAttendance {
    Table,
    Id,
    SessionId,
    PersonId,
    MarkedBy,
    MarkedAt,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    SchoolId,
    Title,
    /// The readiness campaign whose focus items started it.
    CampaignId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PlanGoals {
    Table,
    Id,
    PlanId,
    Position,
    Title,
    /// `instrument:area`, e.g. `school-readiness:infrastructure`.
    Area,
    /// The readiness item it came from, if any.
    SourceItem,
    /// On the area's scale: mean agreement 1–5, or a competence level score.
    CurrentValue,
    TargetValue,
    Indicator,
}

#[derive(DeriveIden)]
enum PlanActions {
    Table,
    Id,
    GoalId,
    Position,
    Title,
    OwnerName,
    DueOn,
    /// `proposed` (by a mentor), `planned`, `in_progress`, `done` or `dropped`.
    Status,
    /// JSON list of links.
    Evidence,
    ProposedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanComments {
    Table,
    Id,
    PlanId,
    GoalId,
    AuthorId,
    Text,
    At,
}

#[derive(DeriveIden)]
enum RelationshipFeedback {
    Table,
    Id,
    RelationshipId,
    FromPerson,
    ToPerson,
    Rating,
    Comment,
    At,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    Id,
    PersonId,
    /// SHA-256 of the secret in the URL; the secret itself is never stored.
    TokenHash,
    CreatedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(boolean(People::NotifyByEmail).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Courses::Table)
                .col(pk_uuid(Courses::Id))
                .col(uuid(Courses::ProgrammeId))
                .col(string(Courses::Title))
                .col(string(Courses::Audience))
                .col(integer(Courses::PlannedHours))
                .col(text_null(Courses::Description))
                .col(uuid(Courses::CreatedBy))
                .col(timestamp_with_time_zone(Courses::CreatedAt))
                .col(integer(Courses::Version))
                .foreign_key(&mut fk(
                    "fk_course_programme",
                    (Courses::Table, Courses::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CourseSessions::Table)
                .col(pk_uuid(CourseSessions::Id))
                .col(uuid(CourseSessions::CourseId))
                .col(string(CourseSessions::Date))
                .col(integer(CourseSessions::DurationMinutes))
                .col(string_null(CourseSessions::Title))
                .foreign_key(&mut fk(
                    "fk_csession_course",
                    (CourseSessions::Table, CourseSessions::CourseId),
                    (Courses::Table, Courses::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CourseParticipants::Table)
                .col(pk_uuid(CourseParticipants::Id))
                .col(uuid(CourseParticipants::CourseId))
                .col(uuid(CourseParticipants::PersonId))
                .col(uuid_null(CourseParticipants::SchoolId))
                .col(timestamp_with_time_zone(CourseParticipants::EnrolledAt))
                .foreign_key(&mut fk(
                    "fk_cpart_course",
                    (CourseParticipants::Table, CourseParticipants::CourseId),
                    (Courses::Table, Courses::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_cpart_person",
                    (CourseParticipants::Table, CourseParticipants::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_cpart_school",
                    (CourseParticipants::Table, CourseParticipants::SchoolId),
                    (Schools::Table, Schools::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_cpart")
                .table(CourseParticipants::Table)
                .col(CourseParticipants::CourseId)
                .col(CourseParticipants::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CourseAttendance::Table)
                .col(pk_uuid(CourseAttendance::Id))
                .col(uuid(CourseAttendance::SessionId))
                .col(uuid(CourseAttendance::PersonId))
                .col(uuid(CourseAttendance::MarkedBy))
                .col(timestamp_with_time_zone(CourseAttendance::MarkedAt))
                .foreign_key(&mut fk(
                    "fk_catt_session",
                    (CourseAttendance::Table, CourseAttendance::SessionId),
                    (CourseSessions::Table, CourseSessions::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_catt_person",
                    (CourseAttendance::Table, CourseAttendance::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_catt")
                .table(CourseAttendance::Table)
                .col(CourseAttendance::SessionId)
                .col(CourseAttendance::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Plans::Table)
                .col(pk_uuid(Plans::Id))
                .col(uuid(Plans::SchoolId))
                .col(string(Plans::Title))
                .col(uuid_null(Plans::CampaignId))
                .col(uuid(Plans::CreatedBy))
                .col(timestamp_with_time_zone(Plans::CreatedAt))
                .col(timestamp_with_time_zone(Plans::UpdatedAt))
                .col(integer(Plans::Version))
                .foreign_key(&mut fk(
                    "fk_plan_school",
                    (Plans::Table, Plans::SchoolId),
                    (Schools::Table, Schools::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_plan_campaign",
                    (Plans::Table, Plans::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_plan_school")
                .table(Plans::Table)
                .col(Plans::SchoolId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanGoals::Table)
                .col(pk_uuid(PlanGoals::Id))
                .col(uuid(PlanGoals::PlanId))
                .col(integer(PlanGoals::Position))
                .col(text(PlanGoals::Title))
                .col(string(PlanGoals::Area))
                .col(string_null(PlanGoals::SourceItem))
                .col(double_null(PlanGoals::CurrentValue))
                .col(double(PlanGoals::TargetValue))
                .col(text(PlanGoals::Indicator))
                .foreign_key(&mut fk(
                    "fk_pgoal_plan",
                    (PlanGoals::Table, PlanGoals::PlanId),
                    (Plans::Table, Plans::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanActions::Table)
                .col(pk_uuid(PlanActions::Id))
                .col(uuid(PlanActions::GoalId))
                .col(integer(PlanActions::Position))
                .col(text(PlanActions::Title))
                .col(string_null(PlanActions::OwnerName))
                .col(string_null(PlanActions::DueOn))
                .col(string(PlanActions::Status))
                .col(text(PlanActions::Evidence))
                .col(uuid_null(PlanActions::ProposedBy))
                .col(timestamp_with_time_zone(PlanActions::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_paction_goal",
                    (PlanActions::Table, PlanActions::GoalId),
                    (PlanGoals::Table, PlanGoals::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlanComments::Table)
                .col(pk_uuid(PlanComments::Id))
                .col(uuid(PlanComments::PlanId))
                .col(uuid_null(PlanComments::GoalId))
                .col(uuid(PlanComments::AuthorId))
                .col(text(PlanComments::Text))
                .col(timestamp_with_time_zone(PlanComments::At))
                .foreign_key(&mut fk(
                    "fk_pcomment_plan",
                    (PlanComments::Table, PlanComments::PlanId),
                    (Plans::Table, Plans::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_pcomment_goal",
                    (PlanComments::Table, PlanComments::GoalId),
                    (PlanGoals::Table, PlanGoals::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelationshipFeedback::Table)
                .col(pk_uuid(RelationshipFeedback::Id))
                .col(uuid(RelationshipFeedback::RelationshipId))
                .col(uuid(RelationshipFeedback::FromPerson))
                .col(uuid(RelationshipFeedback::ToPerson))
                .col(integer(RelationshipFeedback::Rating))
                .col(text_null(RelationshipFeedback::Comment))
                .col(timestamp_with_time_zone(RelationshipFeedback::At))
                .foreign_key(&mut fk(
                    "fk_rfeedback_rel",
                    (
                        RelationshipFeedback::Table,
                        RelationshipFeedback::RelationshipId,
                    ),
                    (Relationships::Table, Relationships::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_rfeedback")
                .table(RelationshipFeedback::Table)
                .col(RelationshipFeedback::RelationshipId)
                .col(RelationshipFeedback::FromPerson)
                .col(RelationshipFeedback::ToPerson)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CalendarFeeds::Table)
                .col(pk_uuid(CalendarFeeds::Id))
                .col(uuid(CalendarFeeds::PersonId))
                .col(string(CalendarFeeds::TokenHash))
                .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                .col(timestamp_with_time_zone_null(CalendarFeeds::RevokedAt))
                .foreign_key(&mut fk(
                    "fk_calfeed_person",
                    (CalendarFeeds::Table, CalendarFeeds::PersonId),
                    (People::Table, People::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_calfeed_token")
                .table(CalendarFeeds::Table)
                .col(CalendarFeeds::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CalendarFeeds::Table.into_iden(),
            RelationshipFeedback::Table.into_iden(),
            PlanComments::Table.into_iden(),
            PlanActions::Table.into_iden(),
            PlanGoals::Table.into_iden(),
            Plans::Table.into_iden(),
            CourseAttendance::Table.into_iden(),
            CourseParticipants::Table.into_iden(),
            CourseSessions::Table.into_iden(),
            Courses::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .drop_column(People::NotifyByEmail)
                .to_owned(),
        )
        .await
    }
}
