//! Hours are sums of final activities' minutes: per relationship (lists, a relationship's
//! page, the board), per programme (the board) and per mentor (the board, through the
//! attendees). Indexes that hold the state and the minutes let the database add them up
//! without reading an activity: a national programme has 10,000 activities, and its board
//! read each of them three times (≈ 1 ms per sum on SQLite, more on a cold cache). The
//! programme index replaces `ix_act_programme`, which is its prefix.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Activities {
    Table,
    RelationshipId,
    ProgrammeId,
    State,
    DurationMinutes,
}

#[derive(DeriveIden)]
enum ActivityAttendees {
    Table,
    ActivityId,
    Role,
    PersonId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_act_rel_minutes")
                .table(Activities::Table)
                .col(Activities::RelationshipId)
                .col(Activities::State)
                .col(Activities::DurationMinutes)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_act_prog_minutes")
                .table(Activities::Table)
                .col(Activities::ProgrammeId)
                .col(Activities::State)
                .col(Activities::RelationshipId)
                .col(Activities::DurationMinutes)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_act_programme")
                .table(Activities::Table)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_aatt_role")
                .table(ActivityAttendees::Table)
                .col(ActivityAttendees::ActivityId)
                .col(ActivityAttendees::Role)
                .col(ActivityAttendees::PersonId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_aatt_role")
                .table(ActivityAttendees::Table)
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
        for name in ["ix_act_prog_minutes", "ix_act_rel_minutes"] {
            m.drop_index(Index::drop().name(name).table(Activities::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
