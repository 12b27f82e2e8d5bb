use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reflection_shares")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    /// None: always the owner's latest submitted reflection.
    pub reflection_id: Option<Uuid>,
    pub grantee_id: Uuid,
    pub created_at: DateTimeUtc,
    /// The recipient's grant that made the share possible; the share ends with it.
    pub grantee_grant_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
