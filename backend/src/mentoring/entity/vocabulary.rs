use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hub_vocabularies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub list: crate::mentoring::model::MentoringList,
    pub value: String,
    pub position: i32,
}

impl ActiveModelBehavior for ActiveModel {}
