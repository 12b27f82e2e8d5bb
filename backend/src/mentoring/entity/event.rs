use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relationship_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub from_status: Option<crate::mentoring::model::RelationshipStatus>,
    pub to_status: crate::mentoring::model::RelationshipStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub by_id: Uuid,
    pub at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
