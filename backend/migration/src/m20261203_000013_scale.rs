//! National scale: the indexes that foreign keys and frequent look-ups lacked, and the
//! kept results of closed campaigns.
//!
//! A closed campaign never changes (it takes no responses and cannot be reopened), so its
//! counts are worked out once, when it is first read after closing, and kept: per group
//! the number of submitted responses, per group and statement the answers, their mean and
//! distribution, and the area the statement belongs to. Reports and the hub overview read
//! these instead of recounting every raw answer on every request.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CampaignGroupResults {
    Table,
    CampaignId,
    RespondentGroup,
    Responses,
    TakenAt,
}

#[derive(DeriveIden)]
enum CampaignItemResults {
    Table,
    CampaignId,
    RespondentGroup,
    ItemKey,
    AreaKey,
    N,
    Unscored,
    Mean,
    Distribution,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
}

/// (index name, table, columns) of the indexes added here.
const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "ix_csession_course",
        "course_sessions",
        &["course_id", "date"],
    ),
    ("ix_cpart_person", "course_participants", &["person_id"]),
    ("ix_catt_person", "course_attendance", &["person_id"]),
    ("ix_tgroup_hub", "teacher_groups", &["hub_id"]),
    ("ix_tgroup_school", "teacher_groups", &["school_id"]),
    ("ix_tgm_person", "teacher_group_members", &["person_id"]),
    (
        "ix_rgoal_rel",
        "relationship_goals",
        &["relationship_id", "position"],
    ),
    (
        "ix_revent_rel",
        "relationship_events",
        &["relationship_id", "at"],
    ),
    (
        "ix_rfeedback_rel",
        "relationship_feedback",
        &["relationship_id"],
    ),
    ("ix_aatt_person", "activity_attendees", &["person_id"]),
    ("ix_act_hub", "activities", &["hub_id", "date"]),
    ("ix_act_author", "activities", &["author_id"]),
    ("ix_pgoal_plan", "plan_goals", &["plan_id", "position"]),
    ("ix_paction_goal", "plan_actions", &["goal_id", "position"]),
    ("ix_pcomment_plan", "plan_comments", &["plan_id", "at"]),
    ("ix_ccode_campaign", "campaign_codes", &["campaign_id"]),
    (
        "ix_reflections_status",
        "reflections",
        &["status", "person_id"],
    ),
    ("ix_invitation_school", "invitations", &["school_id"]),
    ("ix_invitation_hub", "invitations", &["hub_id"]),
    ("ix_reset_person", "password_resets", &["person_id"]),
    ("ix_calfeed_person", "calendar_feeds", &["person_id"]),
    ("ix_agreed_by", "agreed_levels", &["by_id"]),
    ("ix_audit_actor", "audit_log", &["actor_id", "id"]),
    ("ix_audit_school", "audit_log", &["school_id", "id"]),
    ("ix_client_hub", "machine_clients", &["hub_id"]),
    (
        "ix_ps_needs_campaign",
        "programme_schools",
        &["needs_campaign_id"],
    ),
    ("ix_plan_campaign", "plans", &["campaign_id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, cols) in INDEXES {
            let mut ix = Index::create();
            ix.name(*name).table(Alias::new(*table));
            for c in *cols {
                ix.col(Alias::new(*c));
            }
            m.create_index(ix.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(CampaignGroupResults::Table)
                .col(
                    ColumnDef::new(CampaignGroupResults::CampaignId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignGroupResults::RespondentGroup)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignGroupResults::Responses)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignGroupResults::TakenAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(CampaignGroupResults::CampaignId)
                        .col(CampaignGroupResults::RespondentGroup),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            CampaignGroupResults::Table,
                            CampaignGroupResults::CampaignId,
                        )
                        .to(Campaigns::Table, Campaigns::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CampaignItemResults::Table)
                .col(
                    ColumnDef::new(CampaignItemResults::CampaignId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignItemResults::RespondentGroup)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignItemResults::ItemKey)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignItemResults::AreaKey)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignItemResults::N)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignItemResults::Unscored)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(CampaignItemResults::Mean).double().null())
                .col(
                    ColumnDef::new(CampaignItemResults::Distribution)
                        .text()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(CampaignItemResults::CampaignId)
                        .col(CampaignItemResults::RespondentGroup)
                        .col(CampaignItemResults::ItemKey),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CampaignItemResults::Table, CampaignItemResults::CampaignId)
                        .to(Campaigns::Table, Campaigns::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CampaignItemResults::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CampaignGroupResults::Table).to_owned())
            .await?;
        for (name, table, _) in INDEXES.iter().rev() {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
