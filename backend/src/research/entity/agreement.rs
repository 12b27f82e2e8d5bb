use sea_orm::entity::prelude::*;

/// That an organisation signed an agreement on the use of research data.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_use_agreements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// The agreement's reference (a contract number, a file name).
    pub reference: String,
    /// YYYY-MM-DD.
    pub signed_on: String,
    /// YYYY-MM-DD, the last day it holds; none: until revoked.
    pub valid_until: Option<String>,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
