use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agreed_levels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reflection_id: Uuid,
    pub area_key: String,
    pub level: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    /// JSON list of links.
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub by_id: Uuid,
    pub at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
