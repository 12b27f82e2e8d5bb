use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment_findings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub cycle: i32,
    pub topic: crate::mentoring::model::NeedsTopic,
    pub item: String,
    pub state: crate::mentoring::model::FindingState,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub priority: crate::mentoring::model::NeedsPriority,
    pub position: i32,
}

impl ActiveModelBehavior for ActiveModel {}
