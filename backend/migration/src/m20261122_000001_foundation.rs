use crate::common::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Email,
    Name,
    NameFolded,
    PasswordHash,
    Locale,
    Active,
    CreatedAt,
    UpdatedAt,
    DeactivatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Hubs {
    Table,
    Id,
    Name,
    NameFolded,
    Country,
    Region,
    Languages,
    TimeZone,
    Description,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Name,
    NameFolded,
    Kind,
    Country,
    Website,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum HubOrganisations {
    Table,
    Id,
    HubId,
    OrganisationId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    HubId,
    Name,
    NameFolded,
    Country,
    Municipality,
    Kind,
    Languages,
    TimeZone,
    TeacherCount,
    StudentCount,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum RoleGrants {
    Table,
    Id,
    PersonId,
    Role,
    HubId,
    SchoolId,
    ScopeKey,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum MachineClients {
    Table,
    Id,
    Name,
    ClientId,
    SecretHash,
    Scopes,
    HubId,
    Active,
    CreatedAt,
    CreatedBy,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    PersonId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    Email,
    Name,
    Role,
    HubId,
    SchoolId,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedPersonId,
    RevokedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    PersonId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorKind,
    ActorId,
    Action,
    TargetKind,
    TargetId,
    HubId,
    SchoolId,
    Details,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(People::Table)
                .col(pk_uuid(People::Id))
                .col(string_uniq(People::Email))
                .col(string(People::Name))
                .col(string(People::NameFolded))
                .col(string_null(People::PasswordHash))
                .col(string(People::Locale))
                .col(boolean(People::Active))
                .col(timestamp_with_time_zone(People::CreatedAt))
                .col(timestamp_with_time_zone(People::UpdatedAt))
                .col(timestamp_with_time_zone_null(People::DeactivatedAt))
                .col(integer(People::Version))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_people_name")
                .table(People::Table)
                .col(People::NameFolded)
                .col(People::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Hubs::Table)
                .col(pk_uuid(Hubs::Id))
                .col(string(Hubs::Name))
                .col(string_uniq(Hubs::NameFolded))
                .col(string(Hubs::Country))
                .col(string_null(Hubs::Region))
                .col(string(Hubs::Languages))
                .col(string(Hubs::TimeZone))
                .col(text_null(Hubs::Description))
                .col(timestamp_with_time_zone(Hubs::CreatedAt))
                .col(timestamp_with_time_zone(Hubs::UpdatedAt))
                .col(integer(Hubs::Version))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Organisations::Table)
                .col(pk_uuid(Organisations::Id))
                .col(string(Organisations::Name))
                .col(string_uniq(Organisations::NameFolded))
                .col(string(Organisations::Kind))
                .col(string_null(Organisations::Country))
                .col(string_null(Organisations::Website))
                .col(timestamp_with_time_zone(Organisations::CreatedAt))
                .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                .col(integer(Organisations::Version))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HubOrganisations::Table)
                .col(pk_uuid(HubOrganisations::Id))
                .col(uuid(HubOrganisations::HubId))
                .col(uuid(HubOrganisations::OrganisationId))
                .col(string(HubOrganisations::Role))
                .col(timestamp_with_time_zone(HubOrganisations::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_hub_org_hub",
                    (HubOrganisations::Table, HubOrganisations::HubId),
                    (Hubs::Table, Hubs::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_hub_org_org",
                    (HubOrganisations::Table, HubOrganisations::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_hub_org_role")
                .table(HubOrganisations::Table)
                .col(HubOrganisations::HubId)
                .col(HubOrganisations::OrganisationId)
                .col(HubOrganisations::Role)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_hub_org_org")
                .table(HubOrganisations::Table)
                .col(HubOrganisations::OrganisationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Schools::Table)
                .col(pk_uuid(Schools::Id))
                .col(uuid(Schools::HubId))
                .col(string(Schools::Name))
                .col(string(Schools::NameFolded))
                .col(string(Schools::Country))
                .col(string_null(Schools::Municipality))
                .col(string(Schools::Kind))
                .col(string(Schools::Languages))
                .col(string(Schools::TimeZone))
                .col(integer_null(Schools::TeacherCount))
                .col(integer_null(Schools::StudentCount))
                .col(timestamp_with_time_zone(Schools::CreatedAt))
                .col(timestamp_with_time_zone(Schools::UpdatedAt))
                .col(integer(Schools::Version))
                .foreign_key(&mut fk(
                    "fk_school_hub",
                    (Schools::Table, Schools::HubId),
                    (Hubs::Table, Hubs::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_school_hub_name")
                .table(Schools::Table)
                .col(Schools::HubId)
                .col(Schools::NameFolded)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_school_name")
                .table(Schools::Table)
                .col(Schools::NameFolded)
                .col(Schools::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoleGrants::Table)
                .col(pk_uuid(RoleGrants::Id))
                .col(uuid(RoleGrants::PersonId))
                .col(string(RoleGrants::Role))
                .col(uuid_null(RoleGrants::HubId))
                .col(uuid_null(RoleGrants::SchoolId))
                .col(string(RoleGrants::ScopeKey))
                .col(timestamp_with_time_zone(RoleGrants::CreatedAt))
                .col(uuid_null(RoleGrants::CreatedBy))
                .foreign_key(&mut fk(
                    "fk_grant_person",
                    (RoleGrants::Table, RoleGrants::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_grant_hub",
                    (RoleGrants::Table, RoleGrants::HubId),
                    (Hubs::Table, Hubs::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_grant_school",
                    (RoleGrants::Table, RoleGrants::SchoolId),
                    (Schools::Table, Schools::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_grant")
                .table(RoleGrants::Table)
                .col(RoleGrants::PersonId)
                .col(RoleGrants::Role)
                .col(RoleGrants::ScopeKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_grant_hub")
                .table(RoleGrants::Table)
                .col(RoleGrants::HubId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_grant_school")
                .table(RoleGrants::Table)
                .col(RoleGrants::SchoolId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MachineClients::Table)
                .col(pk_uuid(MachineClients::Id))
                .col(string(MachineClients::Name))
                .col(string_uniq(MachineClients::ClientId))
                .col(string(MachineClients::SecretHash))
                .col(string(MachineClients::Scopes))
                .col(uuid_null(MachineClients::HubId))
                .col(boolean(MachineClients::Active))
                .col(timestamp_with_time_zone(MachineClients::CreatedAt))
                .col(uuid_null(MachineClients::CreatedBy))
                .col(timestamp_with_time_zone_null(MachineClients::LastUsedAt))
                .foreign_key(&mut fk(
                    "fk_client_hub",
                    (MachineClients::Table, MachineClients::HubId),
                    (Hubs::Table, Hubs::Id),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                .col(uuid(RefreshTokens::PersonId))
                .col(uuid(RefreshTokens::FamilyId))
                .col(string_uniq(RefreshTokens::TokenHash))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .foreign_key(&mut fk(
                    "fk_refresh_person",
                    (RefreshTokens::Table, RefreshTokens::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_person")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::PersonId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Invitations::Table)
                .col(pk_uuid(Invitations::Id))
                .col(string(Invitations::Email))
                .col(string_null(Invitations::Name))
                .col(string(Invitations::Role))
                .col(uuid_null(Invitations::HubId))
                .col(uuid_null(Invitations::SchoolId))
                .col(string_uniq(Invitations::TokenHash))
                .col(uuid_null(Invitations::InvitedBy))
                .col(timestamp_with_time_zone(Invitations::CreatedAt))
                .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                .col(uuid_null(Invitations::AcceptedPersonId))
                .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
                .foreign_key(&mut fk(
                    "fk_invitation_hub",
                    (Invitations::Table, Invitations::HubId),
                    (Hubs::Table, Hubs::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_invitation_school",
                    (Invitations::Table, Invitations::SchoolId),
                    (Schools::Table, Schools::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PasswordResets::Table)
                .col(pk_uuid(PasswordResets::Id))
                .col(uuid(PasswordResets::PersonId))
                .col(string_uniq(PasswordResets::TokenHash))
                .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                .col(uuid_null(PasswordResets::CreatedBy))
                .foreign_key(&mut fk(
                    "fk_reset_person",
                    (PasswordResets::Table, PasswordResets::PersonId),
                    (People::Table, People::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string(AuditLog::ActorKind))
                .col(uuid_null(AuditLog::ActorId))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::TargetKind))
                .col(uuid_null(AuditLog::TargetId))
                .col(uuid_null(AuditLog::HubId))
                .col(uuid_null(AuditLog::SchoolId))
                .col(text_null(AuditLog::Details))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_hub")
                .table(AuditLog::Table)
                .col(AuditLog::HubId)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Invitations::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            MachineClients::Table.into_iden(),
            RoleGrants::Table.into_iden(),
            Schools::Table.into_iden(),
            HubOrganisations::Table.into_iden(),
            Organisations::Table.into_iden(),
            Hubs::Table.into_iden(),
            People::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
