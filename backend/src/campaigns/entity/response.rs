use sea_orm::entity::prelude::*;

/// An anonymous response: a random id, the group, a hashed resume token, the day.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub respondent_group: crate::campaigns::model::RespondentGroup,
    pub token_hash: String,
    pub status: crate::campaigns::model::ResponseStatus,
    /// YYYY-MM-DD in the school's time zone.
    pub started_on: String,
}

impl ActiveModelBehavior for ActiveModel {}
