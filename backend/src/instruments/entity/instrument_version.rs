use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instrument_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub instrument_id: Uuid,
    pub version: String,
    /// Publication order within the instrument; the highest is the current version.
    pub seq: i32,
    /// The definition as JSON (`instruments::model::Definition`).
    #[sea_orm(column_type = "Text")]
    pub definition: String,
    pub definition_hash: String,
    /// `shipped` or `uploaded`.
    pub origin: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
