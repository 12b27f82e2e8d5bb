//! Lists that read less: two indexes and the relationships' activity stamps.
//!
//! - Relationships by their creator: a person's relationships are those they take part in
//!   or set up, and the list now reads that as one list of ids (participants' index, then
//!   this one) instead of walking every relationship of the country and testing each.
//! - PostgreSQL: the people's name order carries the folded search text
//!   (`INCLUDE (search_folded)`, migration 18). A page of people matching a common word
//!   ("tamm" is one person in 25) walks the names until the page is full; with the text in
//!   the index that walk tests each name without visiting the person's row (about 2,300
//!   rows for a page of 21 in one hub: 3.2 ms to 1.0 ms). It replaces `ix_people_name`,
//!   whose columns it begins with. SQLite searches through FTS5 (migration 14) and keeps
//!   its index.
//! - Relationship stamps: like a programme's activity stamp (migration 19), a fresh UUID
//!   set in the transaction of every write to a relationship's activities. A list of 50
//!   relationships then reads 50 stamps and adds up the minutes only of those whose
//!   activities changed since this server last did (50 relationships are about 2,000
//!   activities: 0.5 ms on SQLite, 0.6 ms on PostgreSQL, on every request).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Relationships {
    Table,
    Id,
    CreatedBy,
}

#[derive(DeriveIden)]
enum RelationshipStamps {
    Table,
    RelationshipId,
    Stamp,
}

const PG_UP: [&str; 2] = [
    "DROP INDEX ix_people_name",
    "CREATE INDEX ix_people_name ON people (name_folded, id) INCLUDE (search_folded)",
];
const PG_DOWN: [&str; 2] = [
    "DROP INDEX ix_people_name",
    "CREATE INDEX ix_people_name ON people (name_folded, id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_rel_created_by")
                .table(Relationships::Table)
                .col(Relationships::CreatedBy)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelationshipStamps::Table)
                .col(
                    ColumnDef::new(RelationshipStamps::RelationshipId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(RelationshipStamps::Stamp).uuid().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_relstamp_relationship")
                        .from(
                            RelationshipStamps::Table,
                            RelationshipStamps::RelationshipId,
                        )
                        .to(Relationships::Table, Relationships::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            for s in PG_UP {
                m.get_connection().execute_unprepared(s).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            for s in PG_DOWN {
                m.get_connection().execute_unprepared(s).await?;
            }
        }
        m.drop_table(Table::drop().table(RelationshipStamps::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_rel_created_by")
                .table(Relationships::Table)
                .to_owned(),
        )
        .await
    }
}
