use sea_orm::entity::prelude::*;

/// One generation of a research dataset.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "research_datasets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub requested_by: Option<Uuid>,
    pub kind: crate::research::model::DatasetKind,
    pub scope_kind: crate::analytics::model::ScopeKind,
    pub scope_id: Option<Uuid>,
    /// The hub of the scope (none for the platform).
    pub hub_id: Option<Uuid>,
    /// YYYY-MM-DD, inclusive.
    pub date_from: String,
    /// YYYY-MM-DD, inclusive.
    pub date_to: String,
    pub status: crate::research::model::DatasetStatus,
    pub rows_total: i64,
    pub rows_done: i64,
    pub rows_dropped: i64,
    pub people: i64,
    pub file_size: Option<i64>,
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    /// Last sign of life of the running generation.
    pub heartbeat_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
