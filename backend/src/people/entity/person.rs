use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub name_folded: String,
    pub password_hash: Option<String>,
    pub locale: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deactivated_at: Option<DateTimeUtc>,
    pub version: i32,
    /// Notifications also by e-mail (when the server can send mail).
    pub notify_by_email: bool,
    /// Submitted reflections count in anonymous statistics (the person's choice).
    pub in_statistics: bool,
    /// A secret random number behind the perturbation of published counts
    /// (`analytics::model`); never shown.
    pub stat_key: i32,
}

impl ActiveModelBehavior for ActiveModel {}
