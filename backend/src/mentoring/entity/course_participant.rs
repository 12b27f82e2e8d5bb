use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "course_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub course_id: Uuid,
    pub person_id: Uuid,
    pub school_id: Option<Uuid>,
    pub enrolled_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
