use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub role: crate::auth::model::Role,
    pub hub_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    /// `platform`, `hub:<id>` or `school:<id>`: one grant per person, role and scope.
    pub scope_key: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
