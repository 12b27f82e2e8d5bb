use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub hub_id: Uuid,
    pub programme_id: Option<Uuid>,
    pub relationship_id: Option<Uuid>,
    pub date: String,
    pub duration_minutes: i32,
    pub mode: crate::mentoring::model::ActivityMode,
    pub kind: String,
    pub state: crate::mentoring::model::ActivityState,
    /// JSON list of area or competence keys.
    #[sea_orm(column_type = "Text")]
    pub topics: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcomes: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub follow_ups: Option<String>,
    /// JSON list of links.
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub author_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// `HH:MM`, local time in the hub's zone; none: no fixed hour.
    pub start_time: Option<String>,
    pub place: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
