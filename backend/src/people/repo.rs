//! People's queries.

use super::entity::{person, role_grant};
use crate::error::ApiResult;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// A person's name, if the person exists.
pub async fn name_of(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<String>> {
    Ok(person::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|p| p.name))
}

/// The names of these people, in one statement (none read for no ids).
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

pub async fn person(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<person::Model>> {
    Ok(person::Entity::find_by_id(id).one(db).await?)
}

/// A person by (normalised) e-mail address.
pub async fn by_email(db: &impl ConnectionTrait, email: &str) -> ApiResult<Option<person::Model>> {
    Ok(person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// People by id, in one statement (none read for no ids).
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, person::Model>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// Of these people, the active ones whose folded name contains `q` (all with `None`).
pub async fn active_among(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
    q: Option<&str>,
) -> ApiResult<Vec<person::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sel = person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::Active.eq(true));
    if let Some(q) = q {
        sel = sel
            .filter(person::Column::NameFolded.like(crate::platform::pagination::like_pattern(q)));
    }
    Ok(sel.all(db).await?)
}

/// A person's role grants.
pub async fn grants_of(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(person_id))
        .all(db)
        .await?)
}

/// The role grants of these people, in one statement.
pub async fn grants_of_many(
    db: &impl ConnectionTrait,
    people: &[Uuid],
) -> ApiResult<Vec<role_grant::Model>> {
    if people.is_empty() {
        return Ok(vec![]);
    }
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.is_in(people.iter().copied()))
        .all(db)
        .await?)
}

/// The grants held in these schools or hubs by anyone but `except`.
pub async fn grants_in(
    db: &impl ConnectionTrait,
    schools: &BTreeSet<Uuid>,
    hubs: &BTreeSet<Uuid>,
    except: Uuid,
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(
            role_grant::Column::SchoolId
                .is_in(schools.iter().copied())
                .or(role_grant::Column::HubId.is_in(hubs.iter().copied())),
        )
        .filter(role_grant::Column::PersonId.ne(except))
        .all(db)
        .await?)
}
