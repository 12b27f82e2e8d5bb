use sea_orm::entity::prelude::*;

/// A submitted reflection and the teacher's submitted reflection just before it.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reflection_pairs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reflection_id: Uuid,
    pub earlier_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
