//! Notifications' queries: a person's list, and the e-mail outbox.

use super::entity::notification;
use crate::error::ApiResult;
use crate::people::entity::person;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub async fn insert(db: &impl ConnectionTrait, n: notification::Model) -> ApiResult<()> {
    notification::Entity::insert(n.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn unread(db: &impl ConnectionTrait, person: Uuid) -> ApiResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::PersonId.eq(person))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// A person's newest notifications.
pub async fn newest(
    db: &impl ConnectionTrait,
    person: Uuid,
    limit: u64,
) -> ApiResult<Vec<notification::Model>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::PersonId.eq(person))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Mark a person's unread notifications read: these (`Some`) or all.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    person: Uuid,
    ids: Option<&[Uuid]>,
) -> ApiResult<()> {
    let mut q = notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            Expr::value(Some(crate::db::now())),
        )
        .filter(notification::Column::PersonId.eq(person))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        q = q.filter(notification::Column::Id.is_in(ids.iter().copied()));
    }
    q.exec(db).await?;
    Ok(())
}

/// Unread, not yet mailed notifications since `since` of active people who want e-mail,
/// oldest first, at most `limit`.
pub async fn pending_mail(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    limit: u64,
) -> ApiResult<Vec<Uuid>> {
    let wants_mail = Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .and_where(Expr::col(person::Column::NotifyByEmail).eq(true))
        .and_where(Expr::col(person::Column::Active).eq(true))
        .to_owned();
    Ok(notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::ReadAt.is_null())
        .filter(notification::Column::CreatedAt.gte(since))
        .filter(notification::Column::PersonId.in_subquery(wants_mail))
        .order_by_asc(notification::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Claim these for mailing in one conditional update: returns the rows this call claimed
/// (what another server claimed first is not among them).
pub async fn claim_mail(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> ApiResult<Vec<notification::Model>> {
    Ok(notification::Entity::update_many()
        .col_expr(
            notification::Column::MailedAt,
            Expr::value(Some(crate::db::now())),
        )
        .filter(notification::Column::Id.is_in(ids))
        .filter(notification::Column::MailedAt.is_null())
        .exec_with_returning(db)
        .await?)
}

/// Give claimed rows back (the mail server refused them): the next round retries.
pub async fn release_mail(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> ApiResult<()> {
    notification::Entity::update_many()
        .col_expr(
            notification::Column::MailedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(notification::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}
