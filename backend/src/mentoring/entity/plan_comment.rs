use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub goal_id: Option<Uuid>,
    pub author_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
