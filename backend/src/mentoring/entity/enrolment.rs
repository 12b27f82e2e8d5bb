use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_schools")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub programme_id: Uuid,
    pub school_id: Uuid,
    pub role: crate::mentoring::model::SchoolRole,
    pub approval: crate::mentoring::model::EnrolmentApproval,
    pub cycle: i32,
    pub needs_campaign_id: Option<Uuid>,
    pub needs_version: i32,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
