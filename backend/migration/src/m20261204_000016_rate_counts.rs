//! Rate limits shared by every server on one PostgreSQL database: hits per client address
//! and bucket in one-minute windows (the previous window counts in part, so the limit
//! slides). SQLite runs one server, which keeps its limits in memory; the table exists
//! there too so that both databases have one schema.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateCounts {
    Table,
    Bucket,
    ClientKey,
    WindowStart,
    Hits,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateCounts::Table)
                .col(ColumnDef::new(RateCounts::Bucket).string_len(16).not_null())
                .col(
                    ColumnDef::new(RateCounts::ClientKey)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RateCounts::WindowStart)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RateCounts::Hits).integer().not_null())
                .primary_key(
                    Index::create()
                        .col(RateCounts::Bucket)
                        .col(RateCounts::ClientKey)
                        .col(RateCounts::WindowStart),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rate_counts_window")
                .table(RateCounts::Table)
                .col(RateCounts::WindowStart)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RateCounts::Table).to_owned())
            .await
    }
}
