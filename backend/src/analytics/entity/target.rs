use sea_orm::entity::prelude::*;

/// A target the platform (admins) or a hub (its coordinators) set for an indicator.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "analytics_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `platform`, or `hub:<id>`.
    pub scope_key: String,
    pub hub_id: Option<Uuid>,
    pub indicator: crate::analytics::model::IndicatorKey,
    pub target: f64,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
