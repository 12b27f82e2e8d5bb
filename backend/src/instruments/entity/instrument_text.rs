use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instrument_texts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub version_id: Uuid,
    pub language: String,
    /// `draft` or `reviewed`.
    pub status: crate::instruments::dto::ReviewStatus,
    /// The texts as JSON (`instruments::model::Texts`, status aside).
    #[sea_orm(column_type = "Text")]
    pub texts: String,
    pub texts_hash: String,
    /// `shipped` (from the data files) or `edited` (through the API).
    pub origin: String,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

impl ActiveModelBehavior for ActiveModel {}
