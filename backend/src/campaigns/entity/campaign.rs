use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub school_id: Uuid,
    pub instrument_version_id: Uuid,
    pub name: String,
    /// Comma-separated respondent groups.
    pub groups: String,
    /// JSON list of item keys.
    #[sea_orm(column_type = "Text")]
    pub optional_items: String,
    /// JSON list of `CustomItem`.
    #[sea_orm(column_type = "Text")]
    pub custom_items: String,
    /// JSON object group → expected respondents.
    #[sea_orm(column_type = "Text")]
    pub expected: String,
    pub opens_on: String,
    pub closes_on: String,
    pub time_zone: String,
    pub closed_early_at: Option<DateTimeUtc>,
    /// JSON list of item keys.
    #[sea_orm(column_type = "Text")]
    pub focus_items: String,
    pub shared_with_mentors: bool,
    pub shared_with_coordinator: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

impl ActiveModelBehavior for ActiveModel {}
