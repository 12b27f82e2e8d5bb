use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_goals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub area: String,
    pub source_item: Option<String>,
    pub current_value: Option<f64>,
    pub target_value: f64,
    #[sea_orm(column_type = "Text")]
    pub indicator: String,
    /// One of the school's people who answers for the goal.
    pub owner_id: Option<Uuid>,
    /// Free text, when the owner has no account.
    pub owner_name: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
