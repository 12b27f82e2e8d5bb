//! Research datasets and the data-use agreements they rest on.
//!
//! - `data_use_agreements`: that an organisation signed an agreement on the use of
//!   research data (its reference, the day signed and until when it holds). An
//!   organisation gets no dataset before one is recorded.
//! - `research_datasets`: one generation of a dataset for an organisation — its kind,
//!   scope and period, where the background job stands (status, rows done of the total),
//!   what it counted and until when its file is kept. A running generation beats
//!   (`heartbeat_at`) as it writes; one that stopped beating (its server died) is taken up
//!   again by any server. The file itself lives in the data
//!   directory (`datasets/<id>.zip`).

use crate::common::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DataUseAgreements {
    Table,
    Id,
    OrganisationId,
    Reference,
    SignedOn,
    ValidUntil,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ResearchDatasets {
    Table,
    Id,
    OrganisationId,
    RequestedBy,
    Kind,
    ScopeKind,
    ScopeId,
    HubId,
    DateFrom,
    DateTo,
    Status,
    RowsTotal,
    RowsDone,
    RowsDropped,
    People,
    FileSize,
    Error,
    CreatedAt,
    HeartbeatAt,
    FinishedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DataUseAgreements::Table)
                .col(
                    ColumnDef::new(DataUseAgreements::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(DataUseAgreements::OrganisationId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DataUseAgreements::Reference)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DataUseAgreements::SignedOn)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DataUseAgreements::ValidUntil)
                        .string_len(10)
                        .null(),
                )
                .col(ColumnDef::new(DataUseAgreements::RecordedBy).uuid().null())
                .col(
                    ColumnDef::new(DataUseAgreements::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_agreement_organisation",
                    (DataUseAgreements::Table, DataUseAgreements::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_agreements_organisation")
                .table(DataUseAgreements::Table)
                .col(DataUseAgreements::OrganisationId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ResearchDatasets::Table)
                .col(
                    ColumnDef::new(ResearchDatasets::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::OrganisationId)
                        .uuid()
                        .not_null(),
                )
                .col(ColumnDef::new(ResearchDatasets::RequestedBy).uuid().null())
                .col(
                    ColumnDef::new(ResearchDatasets::Kind)
                        .string_len(32)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::ScopeKind)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(ResearchDatasets::ScopeId).uuid().null())
                .col(ColumnDef::new(ResearchDatasets::HubId).uuid().null())
                .col(
                    ColumnDef::new(ResearchDatasets::DateFrom)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::DateTo)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::Status)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::RowsTotal)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::RowsDone)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::RowsDropped)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::People)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::FileSize)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::Error)
                        .string_len(500)
                        .null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::HeartbeatAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::FinishedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ResearchDatasets::ExpiresAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    "fk_dataset_organisation",
                    (ResearchDatasets::Table, ResearchDatasets::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_datasets_organisation")
                .table(ResearchDatasets::Table)
                .col(ResearchDatasets::OrganisationId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_datasets_hub")
                .table(ResearchDatasets::Table)
                .col(ResearchDatasets::HubId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_datasets_status")
                .table(ResearchDatasets::Table)
                .col(ResearchDatasets::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ResearchDatasets::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DataUseAgreements::Table).to_owned())
            .await
    }
}
