use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relationship_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub person_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    pub role: crate::mentoring::model::ParticipantRole,
    pub added_by: Uuid,
    pub added_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
