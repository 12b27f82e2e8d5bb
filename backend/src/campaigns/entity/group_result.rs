//! A closed campaign's kept count of submitted responses per group (see the migration
//! `m20261203_000013_scale`): present for every group once the results are kept.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_group_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub respondent_group: crate::campaigns::model::RespondentGroup,
    pub responses: i64,
    pub taken_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
