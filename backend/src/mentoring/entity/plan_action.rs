use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub goal_id: Uuid,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub owner_name: Option<String>,
    pub due_on: Option<String>,
    pub status: crate::mentoring::model::PlanActionStatus,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub proposed_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    /// One of the school's people (owner_name: free-text fallback).
    pub owner_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
