//! A closed campaign's kept answers to one statement in one group: how many, how many
//! without a score, the mean of the scored ones and the distribution (JSON object of
//! option value → count).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_item_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub respondent_group: crate::campaigns::model::RespondentGroup,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_key: String,
    pub area_key: String,
    pub n: i64,
    pub unscored: i64,
    pub mean: Option<f64>,
    #[sea_orm(column_type = "Text")]
    pub distribution: String,
}

impl ActiveModelBehavior for ActiveModel {}
