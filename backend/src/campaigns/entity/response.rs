use sea_orm::entity::prelude::*;

/// An anonymous response: a random id, the group, a hashed resume token, the day.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub respondent_group: String,
    pub token_hash: String,
    /// `in_progress` or `submitted`.
    pub status: String,
    /// YYYY-MM-DD in the school's time zone.
    pub started_on: String,
}

impl ActiveModelBehavior for ActiveModel {}
