//! Instruments (versions and per-language texts) and teachers' self-reflections.

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
enum Instruments {
    Table,
    Id,
    Key,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstrumentVersions {
    Table,
    Id,
    InstrumentId,
    Version,
    /// Publication order within the instrument; the highest is current.
    Seq,
    Definition,
    DefinitionHash,
    /// `shipped` (from the repository's data files) or `uploaded` (through the API).
    Origin,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstrumentTexts {
    Table,
    Id,
    VersionId,
    Language,
    Status,
    Texts,
    TextsHash,
    Origin,
    UpdatedBy,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Reflections {
    Table,
    Id,
    PersonId,
    InstrumentVersionId,
    Status,
    StartedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ReflectionAnswers {
    Table,
    ReflectionId,
    ItemKey,
    Value,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Instruments::Table)
                .col(pk_uuid(Instruments::Id))
                .col(string_uniq(Instruments::Key))
                .col(string(Instruments::Kind))
                .col(timestamp_with_time_zone(Instruments::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InstrumentVersions::Table)
                .col(pk_uuid(InstrumentVersions::Id))
                .col(uuid(InstrumentVersions::InstrumentId))
                .col(string(InstrumentVersions::Version))
                .col(integer(InstrumentVersions::Seq))
                .col(text(InstrumentVersions::Definition))
                .col(string(InstrumentVersions::DefinitionHash))
                .col(string(InstrumentVersions::Origin))
                .col(uuid_null(InstrumentVersions::CreatedBy))
                .col(timestamp_with_time_zone(InstrumentVersions::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_instrument_version_instrument",
                    (InstrumentVersions::Table, InstrumentVersions::InstrumentId),
                    (Instruments::Table, Instruments::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_instrument_version")
                .table(InstrumentVersions::Table)
                .col(InstrumentVersions::InstrumentId)
                .col(InstrumentVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InstrumentTexts::Table)
                .col(pk_uuid(InstrumentTexts::Id))
                .col(uuid(InstrumentTexts::VersionId))
                .col(string(InstrumentTexts::Language))
                .col(string(InstrumentTexts::Status))
                .col(text(InstrumentTexts::Texts))
                .col(string(InstrumentTexts::TextsHash))
                .col(string(InstrumentTexts::Origin))
                .col(uuid_null(InstrumentTexts::UpdatedBy))
                .col(timestamp_with_time_zone(InstrumentTexts::UpdatedAt))
                .col(integer(InstrumentTexts::Version))
                .foreign_key(&mut fk(
                    "fk_instrument_texts_version",
                    (InstrumentTexts::Table, InstrumentTexts::VersionId),
                    (InstrumentVersions::Table, InstrumentVersions::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_instrument_texts_language")
                .table(InstrumentTexts::Table)
                .col(InstrumentTexts::VersionId)
                .col(InstrumentTexts::Language)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Reflections::Table)
                .col(pk_uuid(Reflections::Id))
                .col(uuid(Reflections::PersonId))
                .col(uuid(Reflections::InstrumentVersionId))
                .col(string(Reflections::Status))
                .col(timestamp_with_time_zone(Reflections::StartedAt))
                .col(timestamp_with_time_zone(Reflections::UpdatedAt))
                .col(timestamp_with_time_zone_null(Reflections::SubmittedAt))
                // A person's reflections are their personal data: erasing the person
                // erases them.
                .foreign_key(&mut fk(
                    "fk_reflection_person",
                    (Reflections::Table, Reflections::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_reflection_version",
                    (Reflections::Table, Reflections::InstrumentVersionId),
                    (InstrumentVersions::Table, InstrumentVersions::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reflections_person")
                .table(Reflections::Table)
                .col(Reflections::PersonId)
                .col(Reflections::StartedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reflections_version")
                .table(Reflections::Table)
                .col(Reflections::InstrumentVersionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReflectionAnswers::Table)
                .col(uuid(ReflectionAnswers::ReflectionId))
                .col(string(ReflectionAnswers::ItemKey))
                .col(text(ReflectionAnswers::Value))
                .col(timestamp_with_time_zone(ReflectionAnswers::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(ReflectionAnswers::ReflectionId)
                        .col(ReflectionAnswers::ItemKey),
                )
                .foreign_key(&mut fk(
                    "fk_reflection_answer_reflection",
                    (ReflectionAnswers::Table, ReflectionAnswers::ReflectionId),
                    (Reflections::Table, Reflections::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ReflectionAnswers::Table.into_iden(),
            Reflections::Table.into_iden(),
            InstrumentTexts::Table.into_iden(),
            InstrumentVersions::Table.into_iden(),
            Instruments::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
