use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hub_organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub organisation_id: Uuid,
    pub role: crate::directory::model::HubOrganisationRole,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
