use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "schools")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub name: String,
    pub name_folded: String,
    pub country: String,
    pub municipality: Option<String>,
    pub kind: crate::directory::model::SchoolKind,
    /// Comma-separated language codes.
    pub languages: String,
    pub time_zone: String,
    pub teacher_count: Option<i32>,
    pub student_count: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

impl ActiveModelBehavior for ActiveModel {}
