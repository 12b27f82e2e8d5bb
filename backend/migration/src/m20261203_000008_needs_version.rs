//! A version for an enrolled school's needs mapping (its findings and linked campaign),
//! so that two people editing the checklist at once do not overwrite each other.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProgrammeSchools {
    Table,
    /// Raised by every save of the needs mapping; `If-Match` is checked against it.
    NeedsVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ProgrammeSchools::Table)
                .add_column(integer(ProgrammeSchools::NeedsVersion).default(1))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ProgrammeSchools::Table)
                .drop_column(ProgrammeSchools::NeedsVersion)
                .to_owned(),
        )
        .await
    }
}
