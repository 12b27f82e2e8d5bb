use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "relationship_feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub relationship_id: Uuid,
    /// Who wrote it (for a school: one of its leaders).
    pub from_person: Uuid,
    /// The person it is for (or None: for the school in `to_school_id`).
    pub to_person: Option<Uuid>,
    pub rating: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub at: DateTimeUtc,
    /// Written on behalf of this school (its leader wrote it).
    pub from_school_id: Option<Uuid>,
    /// For this school (its leaders read it).
    pub to_school_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
