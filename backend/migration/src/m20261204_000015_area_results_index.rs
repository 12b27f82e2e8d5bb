//! The hub overview averages the kept statement results of each school's latest campaign
//! per group and area. With the results keyed by statement, that grouping needed a
//! temporary sort of every row read; an index in the grouping's order that also holds the
//! mean lets the database walk it in order and never touch the table (national data: a
//! hub's 750 campaigns in 15 ms instead of 45 ms on SQLite).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CampaignItemResults {
    Table,
    CampaignId,
    RespondentGroup,
    AreaKey,
    Mean,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_item_results_area")
                .table(CampaignItemResults::Table)
                .col(CampaignItemResults::CampaignId)
                .col(CampaignItemResults::RespondentGroup)
                .col(CampaignItemResults::AreaKey)
                .col(CampaignItemResults::Mean)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_item_results_area")
                .table(CampaignItemResults::Table)
                .to_owned(),
        )
        .await
    }
}
