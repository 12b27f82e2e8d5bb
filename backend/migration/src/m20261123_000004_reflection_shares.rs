//! A teacher shares a reflection (or "always my latest") with named people, who can
//! record an agreed level per area.

use crate::common::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Reflections {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReflectionShares {
    Table,
    Id,
    OwnerId,
    /// A specific reflection, or none for "always my latest submitted one".
    ReflectionId,
    GranteeId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AgreedLevels {
    Table,
    Id,
    ReflectionId,
    AreaKey,
    Level,
    Comment,
    /// JSON list of links.
    Evidence,
    ById,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReflectionShares::Table)
                .col(pk_uuid(ReflectionShares::Id))
                .col(uuid(ReflectionShares::OwnerId))
                .col(uuid_null(ReflectionShares::ReflectionId))
                .col(uuid(ReflectionShares::GranteeId))
                .col(timestamp_with_time_zone(ReflectionShares::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_share_owner",
                    (ReflectionShares::Table, ReflectionShares::OwnerId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_share_grantee",
                    (ReflectionShares::Table, ReflectionShares::GranteeId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_share_reflection",
                    (ReflectionShares::Table, ReflectionShares::ReflectionId),
                    (Reflections::Table, Reflections::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_shares_grantee")
                .table(ReflectionShares::Table)
                .col(ReflectionShares::GranteeId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_shares_owner")
                .table(ReflectionShares::Table)
                .col(ReflectionShares::OwnerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AgreedLevels::Table)
                .col(pk_uuid(AgreedLevels::Id))
                .col(uuid(AgreedLevels::ReflectionId))
                .col(string(AgreedLevels::AreaKey))
                .col(string(AgreedLevels::Level))
                .col(text_null(AgreedLevels::Comment))
                .col(text(AgreedLevels::Evidence))
                .col(uuid(AgreedLevels::ById))
                .col(timestamp_with_time_zone(AgreedLevels::At))
                .foreign_key(&mut fk(
                    "fk_agreed_reflection",
                    (AgreedLevels::Table, AgreedLevels::ReflectionId),
                    (Reflections::Table, Reflections::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_agreed_area")
                .table(AgreedLevels::Table)
                .col(AgreedLevels::ReflectionId)
                .col(AgreedLevels::AreaKey)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AgreedLevels::Table.into_iden(),
            ReflectionShares::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
