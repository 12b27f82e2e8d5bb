use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub respondent_group: crate::campaigns::model::RespondentGroup,
    #[sea_orm(unique)]
    pub code: String,
}

impl ActiveModelBehavior for ActiveModel {}
