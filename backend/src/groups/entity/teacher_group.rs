use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teacher_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub kind: crate::groups::model::GroupKind,
    pub school_id: Option<Uuid>,
    pub hub_id: Uuid,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub snapshot: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub snapshot_basis: String,
}

impl ActiveModelBehavior for ActiveModel {}
