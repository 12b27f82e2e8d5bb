//! Teacher groups (a school's staff, a course cohort, a peer circle) whose members consent
//! to add their latest submitted reflection to the group's anonymous aggregate.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TeacherGroups {
    Table,
    Id,
    Name,
    /// `school_staff`, `course_cohort` or `peer_circle`.
    Kind,
    SchoolId,
    HubId,
    CreatedBy,
    CreatedAt,
    /// The published aggregate (JSON), shown until enough contributors change.
    Snapshot,
    /// The contributions behind the snapshot (JSON list of member:reflection); never sent.
    SnapshotBasis,
}

#[derive(DeriveIden)]
enum TeacherGroupMembers {
    Table,
    Id,
    GroupId,
    PersonId,
    /// `invited`, `active` or `left`.
    Status,
    InvitedBy,
    InvitedAt,
    JoinedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TeacherGroups::Table)
                .col(pk_uuid(TeacherGroups::Id))
                .col(string(TeacherGroups::Name))
                .col(string(TeacherGroups::Kind))
                .col(uuid_null(TeacherGroups::SchoolId))
                .col(uuid(TeacherGroups::HubId))
                .col(uuid(TeacherGroups::CreatedBy))
                .col(timestamp_with_time_zone(TeacherGroups::CreatedAt))
                .col(text_null(TeacherGroups::Snapshot))
                .col(text(TeacherGroups::SnapshotBasis))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TeacherGroupMembers::Table)
                .col(pk_uuid(TeacherGroupMembers::Id))
                .col(uuid(TeacherGroupMembers::GroupId))
                .col(uuid(TeacherGroupMembers::PersonId))
                .col(string(TeacherGroupMembers::Status))
                .col(uuid(TeacherGroupMembers::InvitedBy))
                .col(timestamp_with_time_zone(TeacherGroupMembers::InvitedAt))
                .col(timestamp_with_time_zone_null(TeacherGroupMembers::JoinedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_tgm_group")
                        .from(TeacherGroupMembers::Table, TeacherGroupMembers::GroupId)
                        .to(TeacherGroups::Table, TeacherGroups::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_tgm_person")
                        .from(TeacherGroupMembers::Table, TeacherGroupMembers::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_tgm_member")
                .table(TeacherGroupMembers::Table)
                .col(TeacherGroupMembers::GroupId)
                .col(TeacherGroupMembers::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TeacherGroupMembers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TeacherGroups::Table).to_owned())
            .await
    }
}
