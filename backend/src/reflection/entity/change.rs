use sea_orm::entity::prelude::*;

/// The change in one area between a reflection and the teacher's one before it: the sum
/// of the paired item changes in hundredths of a level over the items scored in both.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reflection_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reflection_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area: String,
    pub num: i64,
    pub cnt: i64,
}

impl ActiveModelBehavior for ActiveModel {}
