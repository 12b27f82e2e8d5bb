use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teacher_group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_id: Uuid,
    pub person_id: Uuid,
    /// `invited`, `active` or `left`.
    pub status: crate::groups::model::MemberStatus,
    pub invited_by: Uuid,
    pub invited_at: DateTimeUtc,
    pub joined_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
