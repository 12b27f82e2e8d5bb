//! The Learning Analytics Toolbox.
//!
//! - `people.in_statistics`: whether a person's submitted reflections count in anonymous
//!   statistics (on by default; a switch in the profile).
//! - `people.stat_key`: a secret random number per person (0 ≤ key < 1,000,000), never
//!   shown. The key of a published count is the sum of the keys of the people behind it;
//!   it picks the count's small perturbation, so the same people always give the same
//!   published number and two views that differ by a few people differ by noise too
//!   (the cell key method; see `analytics::model`).
//! - `analytics_targets`: the targets the platform (admins) and each hub (its
//!   coordinators) set for indicators; one per scope and indicator.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    InStatistics,
    StatKey,
}

#[derive(DeriveIden)]
enum AnalyticsTargets {
    Table,
    Id,
    ScopeKey,
    HubId,
    Indicator,
    Target,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Hubs {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(
                    ColumnDef::new(People::InStatistics)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(
                    ColumnDef::new(People::StatKey)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        let fill = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE people SET stat_key = floor(random() * 1000000)::integer"
            }
            _ => "UPDATE people SET stat_key = abs(random() % 1000000)",
        };
        m.get_connection().execute_unprepared(fill).await?;
        m.create_table(
            Table::create()
                .table(AnalyticsTargets::Table)
                .col(
                    ColumnDef::new(AnalyticsTargets::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                // `platform`, or `hub:<id>`: one key per scope, so that the unique index
                // below holds for the platform too (NULLs never collide).
                .col(
                    ColumnDef::new(AnalyticsTargets::ScopeKey)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(AnalyticsTargets::HubId).uuid().null())
                .col(
                    ColumnDef::new(AnalyticsTargets::Indicator)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(AnalyticsTargets::Target).double().not_null())
                .col(ColumnDef::new(AnalyticsTargets::UpdatedBy).uuid().null())
                .col(
                    ColumnDef::new(AnalyticsTargets::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_target_hub")
                        .from(AnalyticsTargets::Table, AnalyticsTargets::HubId)
                        .to(Hubs::Table, Hubs::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_targets_scope_indicator")
                .table(AnalyticsTargets::Table)
                .col(AnalyticsTargets::ScopeKey)
                .col(AnalyticsTargets::Indicator)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AnalyticsTargets::Table).to_owned())
            .await?;
        for col in [People::StatKey, People::InStatistics] {
            m.alter_table(
                Table::alter()
                    .table(People::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
