use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relationships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub programme_id: Option<Uuid>,
    pub kind: crate::mentoring::model::RelationshipKind,
    pub title: String,
    /// JSON list of area or competence keys.
    #[sea_orm(column_type = "Text")]
    pub focus: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub agreement: Option<String>,
    pub meeting_rhythm: Option<String>,
    pub status: crate::mentoring::model::RelationshipStatus,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

impl ActiveModelBehavior for ActiveModel {}
