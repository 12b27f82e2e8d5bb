//! A programme's activity stamp: a new random value (a UUID) set in the same transaction
//! as every write to the programme's activities (logged, changed, deleted, their
//! attendees). A value is never used twice, so it cannot come back (as a counter could,
//! after a database is restored from a backup under running servers). The
//! programme board keeps the hours it summed under the stamp it read before summing, so a
//! board of a programme whose activities did not change since is served without adding up
//! thousands of activities again (a national programme has 1,700 final activities and the
//! per-mentor sum read one attendee entry per activity), and any write is seen at once by
//! every server on the database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityStamps {
    Table,
    ProgrammeId,
    Stamp,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ActivityStamps::Table)
                .col(
                    ColumnDef::new(ActivityStamps::ProgrammeId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ActivityStamps::Stamp).uuid().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_actstamp_programme")
                        .from(ActivityStamps::Table, ActivityStamps::ProgrammeId)
                        .to(Programmes::Table, Programmes::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ActivityStamps::Table).to_owned())
            .await
    }
}
