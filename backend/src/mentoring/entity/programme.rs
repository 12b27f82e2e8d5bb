use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub name: String,
    pub method: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub mentoring_min_hours: i32,
    pub mentoring_max_hours: i32,
    /// JSON object: audience → training hours.
    #[sea_orm(column_type = "Text")]
    pub training_targets: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

impl ActiveModelBehavior for ActiveModel {}
