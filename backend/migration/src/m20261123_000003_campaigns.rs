//! School readiness campaigns: access codes per respondent group and anonymous responses.
//! Anonymous records keep no name, e-mail, address or user agent; their ids are random
//! and their only time is a day.

use crate::common::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InstrumentVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    SchoolId,
    InstrumentVersionId,
    Name,
    /// Comma-separated respondent groups.
    Groups,
    /// JSON list of optional item keys the school picked.
    OptionalItems,
    /// JSON list of the school's own items.
    CustomItems,
    /// JSON object: group → expected number of respondents.
    Expected,
    /// Local dates (YYYY-MM-DD) in the school's time zone.
    OpensOn,
    ClosesOn,
    TimeZone,
    ClosedEarlyAt,
    /// JSON list of item keys the leader chose to work on.
    FocusItems,
    SharedWithMentors,
    SharedWithCoordinator,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CampaignCodes {
    Table,
    Id,
    CampaignId,
    RespondentGroup,
    Code,
}

#[derive(DeriveIden)]
enum Responses {
    Table,
    Id,
    CampaignId,
    RespondentGroup,
    TokenHash,
    Status,
    /// The day the response was started (no time of day).
    StartedOn,
}

#[derive(DeriveIden)]
enum ResponseAnswers {
    Table,
    ResponseId,
    ItemKey,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Campaigns::Table)
                .col(pk_uuid(Campaigns::Id))
                .col(uuid(Campaigns::SchoolId))
                .col(uuid(Campaigns::InstrumentVersionId))
                .col(string(Campaigns::Name))
                .col(string(Campaigns::Groups))
                .col(text(Campaigns::OptionalItems))
                .col(text(Campaigns::CustomItems))
                .col(text(Campaigns::Expected))
                .col(string(Campaigns::OpensOn))
                .col(string(Campaigns::ClosesOn))
                .col(string(Campaigns::TimeZone))
                .col(timestamp_with_time_zone_null(Campaigns::ClosedEarlyAt))
                .col(text(Campaigns::FocusItems))
                .col(boolean(Campaigns::SharedWithMentors))
                .col(boolean(Campaigns::SharedWithCoordinator))
                .col(uuid_null(Campaigns::CreatedBy))
                .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                .col(integer(Campaigns::Version))
                .foreign_key(&mut fk(
                    "fk_campaign_school",
                    (Campaigns::Table, Campaigns::SchoolId),
                    (Schools::Table, Schools::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_campaign_version",
                    (Campaigns::Table, Campaigns::InstrumentVersionId),
                    (InstrumentVersions::Table, InstrumentVersions::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_campaigns_school")
                .table(Campaigns::Table)
                .col(Campaigns::SchoolId)
                .col(Campaigns::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CampaignCodes::Table)
                .col(pk_uuid(CampaignCodes::Id))
                .col(uuid(CampaignCodes::CampaignId))
                .col(string(CampaignCodes::RespondentGroup))
                .col(string_uniq(CampaignCodes::Code))
                .foreign_key(&mut fk(
                    "fk_campaign_code_campaign",
                    (CampaignCodes::Table, CampaignCodes::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Responses::Table)
                .col(pk_uuid(Responses::Id))
                .col(uuid(Responses::CampaignId))
                .col(string(Responses::RespondentGroup))
                .col(string(Responses::TokenHash))
                .col(string(Responses::Status))
                .col(string(Responses::StartedOn))
                .foreign_key(&mut fk(
                    "fk_response_campaign",
                    (Responses::Table, Responses::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_responses_campaign")
                .table(Responses::Table)
                .col(Responses::CampaignId)
                .col(Responses::RespondentGroup)
                .col(Responses::Status)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ResponseAnswers::Table)
                .col(uuid(ResponseAnswers::ResponseId))
                .col(string(ResponseAnswers::ItemKey))
                .col(text(ResponseAnswers::Value))
                .primary_key(
                    Index::create()
                        .col(ResponseAnswers::ResponseId)
                        .col(ResponseAnswers::ItemKey),
                )
                .foreign_key(&mut fk(
                    "fk_response_answer_response",
                    (ResponseAnswers::Table, ResponseAnswers::ResponseId),
                    (Responses::Table, Responses::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ResponseAnswers::Table.into_iden(),
            Responses::Table.into_iden(),
            CampaignCodes::Table.into_iden(),
            Campaigns::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
