//! The queries of research datasets: a few reads that say who and where (schools, teachers,
//! units), then the rows in pages of a few thousand records (keyset by id, answers of a
//! page read with one `IN` list), so that a dataset of millions of answers is written
//! with a bounded amount of memory and a few hundred statements, whatever its size.

use super::entity::{agreement, dataset};
use super::model::DatasetStatus;
use crate::analytics::model::ScopeKind;
use crate::error::ApiResult;
use crate::platform::sql::Sql;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// Which schools a dataset covers.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub kind: ScopeKind,
    pub id: Option<Uuid>,
}

/// ` AND <the school s is in the scope>`.
fn in_scope(q: &mut Sql, place: Place) {
    match (place.kind, place.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND s.hub_id = ").bind(h);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(" AND s.id = ").bind(s);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(
                " AND s.id IN (SELECT ps.school_id FROM programme_schools ps \
                 WHERE ps.approval = 'approved' AND ps.programme_id = ",
            )
            .bind(p)
            .push(")");
        }
        _ => {}
    }
}

/// A school's quasi-identifiers.
#[derive(Debug, Clone)]
pub struct SchoolRow {
    pub id: Uuid,
    pub hub: String,
    pub country: String,
    pub kind: String,
    pub languages: String,
}

pub async fn schools(db: &impl ConnectionTrait, place: Place) -> ApiResult<Vec<SchoolRow>> {
    let mut q = Sql::new();
    q.push(
        "SELECT s.id AS id, h.name AS hub, s.country AS country, s.kind AS kind, \
         s.languages AS languages FROM schools s JOIN hubs h ON h.id = s.hub_id WHERE 1 = 1",
    );
    in_scope(&mut q, place);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(SchoolRow {
            id: r.try_get("", "id")?,
            hub: r.try_get("", "hub")?,
            country: r
                .try_get::<Option<String>>("", "country")?
                .unwrap_or_default(),
            kind: r.try_get("", "kind")?,
            languages: r
                .try_get::<Option<String>>("", "languages")?
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Every (teacher, school) of the scope's schools.
pub async fn teacher_schools(
    db: &impl ConnectionTrait,
    place: Place,
) -> ApiResult<Vec<(Uuid, Uuid)>> {
    let mut q = Sql::new();
    q.push(
        "SELECT g.person_id AS person_id, g.school_id AS school_id FROM role_grants g \
         JOIN schools s ON s.id = g.school_id WHERE g.role = 'teacher'",
    );
    in_scope(&mut q, place);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "person_id")?, r.try_get("", "school_id")?)))
        .collect()
}

/// The submitted reflections of the period whose teacher takes part in statistics and
/// teaches in the scope: ` FROM reflections r … WHERE …`.
fn reflections_where(q: &mut Sql, place: Place, lo: DateTime<Utc>, hi: DateTime<Utc>) {
    q.push(
        " FROM reflections r JOIN people p ON p.id = r.person_id \
         WHERE r.status = 'submitted' AND p.in_statistics = ",
    )
    .bind(true)
    .push(" AND r.submitted_at >= ")
    .bind(lo)
    .push(" AND r.submitted_at < ")
    .bind(hi)
    .push(
        " AND EXISTS (SELECT 1 FROM role_grants g JOIN schools s ON s.id = g.school_id \
         WHERE g.person_id = r.person_id AND g.role = 'teacher'",
    );
    in_scope(q, place);
    q.push(")");
}

/// The distinct teachers with reflections in the dataset, and its number of answers.
pub async fn reflection_totals(
    db: &impl ConnectionTrait,
    place: Place,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> ApiResult<(Vec<Uuid>, i64)> {
    let backend = db.get_database_backend();
    let mut q = Sql::new();
    q.push("SELECT DISTINCT r.person_id AS person_id");
    reflections_where(&mut q, place, lo, hi);
    let people = db
        .query_all_raw(q.statement(backend))
        .await?
        .iter()
        .map(|r| r.try_get("", "person_id"))
        .collect::<Result<Vec<Uuid>, _>>()?;
    let mut q = Sql::new();
    q.push(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM reflection_answers a \
         WHERE a.reflection_id IN (SELECT r.id",
    );
    reflections_where(&mut q, place, lo, hi);
    q.push(")");
    let n = match db.query_one_raw(q.statement(backend)).await? {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok((people, n))
}

/// A submitted reflection of a dataset.
#[derive(Debug, Clone)]
pub struct ReflectionRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub version_id: Uuid,
    pub submitted_at: DateTime<Utc>,
}

/// The next page of the dataset's reflections, in id order after `after`.
pub async fn reflection_page(
    db: &impl ConnectionTrait,
    place: Place,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<ReflectionRow>> {
    let mut q = Sql::new();
    q.push(
        "SELECT r.id AS id, r.person_id AS person_id, \
         r.instrument_version_id AS version_id, r.submitted_at AS submitted_at",
    );
    reflections_where(&mut q, place, lo, hi);
    if let Some(a) = after {
        q.push(" AND r.id > ").bind(a);
    }
    q.push(" ORDER BY r.id LIMIT ").bind(limit as i64);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(ReflectionRow {
            id: r.try_get("", "id")?,
            person_id: r.try_get("", "person_id")?,
            version_id: r.try_get("", "version_id")?,
            submitted_at: r.try_get("", "submitted_at")?,
        });
    }
    Ok(out)
}

/// The answers `(owner, item, value)` of these reflections (or responses), in order.
pub async fn answers_of(
    db: &impl ConnectionTrait,
    table: Answers,
    ids: &[Uuid],
) -> ApiResult<Vec<(Uuid, String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (t, owner) = match table {
        Answers::Reflection => ("reflection_answers", "reflection_id"),
        Answers::Response => ("response_answers", "response_id"),
    };
    let mut q = Sql::new();
    q.push(&format!(
        "SELECT a.{owner} AS owner, a.item_key AS item_key, a.value AS value FROM {t} a \
         WHERE a.{owner} IN "
    ))
    .bind_list(ids.iter().copied())
    .push(&format!(" ORDER BY a.{owner}, a.item_key"));
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "owner")?,
                r.try_get("", "item_key")?,
                r.try_get("", "value")?,
            ))
        })
        .collect()
}

/// Whose answers.
#[derive(Debug, Clone, Copy)]
pub enum Answers {
    Reflection,
    Response,
}

/// The submitted responses of the period (by the day they were started) to campaigns of
/// the scope's schools that were shared with the hub: ` FROM responses x … WHERE …`.
fn responses_where(q: &mut Sql, place: Place, dlo: &str, dhi: &str) {
    q.push(
        " FROM responses x JOIN campaigns c ON c.id = x.campaign_id \
         JOIN schools s ON s.id = c.school_id \
         WHERE x.status = 'submitted' AND c.shared_with_coordinator = ",
    )
    .bind(true)
    .push(" AND x.started_on >= ")
    .bind(dlo.to_string())
    .push(" AND x.started_on < ")
    .bind(dhi.to_string());
    in_scope(q, place);
}

/// Responses per (school, respondent group), and the dataset's number of answers.
pub async fn response_totals(
    db: &impl ConnectionTrait,
    place: Place,
    dlo: &str,
    dhi: &str,
) -> ApiResult<(Vec<(Uuid, String, i64)>, i64)> {
    let backend = db.get_database_backend();
    let mut q = Sql::new();
    q.push(
        "SELECT c.school_id AS school_id, x.respondent_group AS grp, \
         CAST(COUNT(*) AS BIGINT) AS n",
    );
    responses_where(&mut q, place, dlo, dhi);
    q.push(" GROUP BY c.school_id, x.respondent_group");
    let units = db
        .query_all_raw(q.statement(backend))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "school_id")?,
                r.try_get("", "grp")?,
                r.try_get("", "n")?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let mut q = Sql::new();
    q.push(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM response_answers a \
         WHERE a.response_id IN (SELECT x.id",
    );
    responses_where(&mut q, place, dlo, dhi);
    q.push(")");
    let n = match db.query_one_raw(q.statement(backend)).await? {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok((units, n))
}

/// A submitted response of a dataset.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub school_id: Uuid,
    pub group: String,
    pub started_on: String,
    pub version_id: Uuid,
}

pub async fn response_page(
    db: &impl ConnectionTrait,
    place: Place,
    (dlo, dhi): (&str, &str),
    after: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<ResponseRow>> {
    let mut q = Sql::new();
    q.push(
        "SELECT x.id AS id, x.campaign_id AS campaign_id, c.school_id AS school_id, \
         x.respondent_group AS grp, x.started_on AS started_on, \
         c.instrument_version_id AS version_id",
    );
    responses_where(&mut q, place, dlo, dhi);
    if let Some(a) = after {
        q.push(" AND x.id > ").bind(a);
    }
    q.push(" ORDER BY x.id LIMIT ").bind(limit as i64);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(ResponseRow {
            id: r.try_get("", "id")?,
            campaign_id: r.try_get("", "campaign_id")?,
            school_id: r.try_get("", "school_id")?,
            group: r.try_get("", "grp")?,
            started_on: r.try_get("", "started_on")?,
            version_id: r.try_get("", "version_id")?,
        });
    }
    Ok(out)
}

// ---- activities ----

/// The final mentoring activities of the period (by their local day) in the scope: of the
/// hub or programme, or those of relationships where the school (or one of its people) is
/// a mentee: ` FROM activities a WHERE …`.
fn activities_where(q: &mut Sql, place: Place, dlo: &str, dhi: &str) {
    q.push(" FROM activities a WHERE a.state = 'final' AND a.date >= ")
        .bind(dlo.to_string())
        .push(" AND a.date < ")
        .bind(dhi.to_string());
    match (place.kind, place.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND a.hub_id = ").bind(h);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(" AND a.programme_id = ").bind(p);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(
                " AND a.relationship_id IN (SELECT rp.relationship_id \
                 FROM relationship_participants rp WHERE rp.role = 'mentee' \
                 AND (rp.school_id = ",
            )
            .bind(s)
            .push(" OR rp.person_id IN (SELECT g.person_id FROM role_grants g WHERE g.school_id = ")
            .bind(s)
            .push(")))");
        }
        _ => {}
    }
}

/// Who attended the period's activities: distinct (hub, relationship, person), and the
/// number of activities.
pub async fn activity_people(
    db: &impl ConnectionTrait,
    place: Place,
    dlo: &str,
    dhi: &str,
) -> ApiResult<(Vec<(Uuid, Option<Uuid>, Uuid)>, i64)> {
    let backend = db.get_database_backend();
    // The activities first, their attendees joined to them.
    let mut q = Sql::new();
    q.push(
        "SELECT DISTINCT w.hub_id AS hub_id, w.relationship_id AS relationship_id, \
         x.person_id AS person_id FROM (SELECT a.id AS id, a.hub_id AS hub_id, \
         a.relationship_id AS relationship_id",
    );
    activities_where(&mut q, place, dlo, dhi);
    q.push(") w JOIN activity_attendees x ON x.activity_id = w.id");
    let people = db
        .query_all_raw(q.statement(backend))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("", "hub_id")?,
                r.try_get("", "relationship_id")?,
                r.try_get("", "person_id")?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let mut q = Sql::new();
    q.push("SELECT CAST(COUNT(*) AS BIGINT) AS n");
    activities_where(&mut q, place, dlo, dhi);
    let n = match db.query_one_raw(q.statement(backend)).await? {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok((people, n))
}

/// The mentee schools of the relationships of the period's activities: (relationship,
/// school, whether the school takes part itself rather than through one of its people).
pub async fn mentee_schools(
    db: &impl ConnectionTrait,
    place: Place,
    dlo: &str,
    dhi: &str,
) -> ApiResult<Vec<(Uuid, Uuid, bool)>> {
    let mut q = Sql::new();
    q.push(
        "SELECT rp.relationship_id AS relationship_id, rp.school_id AS school_id, 1 AS direct \
         FROM relationship_participants rp WHERE rp.role = 'mentee' \
         AND rp.school_id IS NOT NULL AND rp.relationship_id IN (SELECT a.relationship_id",
    );
    activities_where(&mut q, place, dlo, dhi);
    q.push(
        ") UNION ALL SELECT rp.relationship_id, g.school_id, 0 \
         FROM relationship_participants rp JOIN role_grants g ON g.person_id = rp.person_id \
         WHERE rp.role = 'mentee' AND g.school_id IS NOT NULL \
         AND rp.relationship_id IN (SELECT a.relationship_id",
    );
    activities_where(&mut q, place, dlo, dhi);
    q.push(")");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "relationship_id")?,
                r.try_get("", "school_id")?,
                r.try_get::<i32>("", "direct")? == 1,
            ))
        })
        .collect()
}

/// Every hub's name and country.
pub async fn hubs(db: &impl ConnectionTrait) -> ApiResult<Vec<(Uuid, String, String)>> {
    let mut q = Sql::new();
    q.push("SELECT h.id AS id, h.name AS name, h.country AS country FROM hubs h");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "id")?,
                r.try_get("", "name")?,
                r.try_get::<Option<String>>("", "country")?
                    .unwrap_or_default(),
            ))
        })
        .collect()
}

/// A final activity of a dataset (no free text).
#[derive(Debug, Clone)]
pub struct ActivityRow {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub relationship_id: Option<Uuid>,
    pub programme_id: Option<Uuid>,
    pub date: String,
    pub kind: String,
    pub mode: String,
    pub minutes: i64,
}

pub async fn activity_page(
    db: &impl ConnectionTrait,
    place: Place,
    (dlo, dhi): (&str, &str),
    after: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<ActivityRow>> {
    let mut q = Sql::new();
    q.push(
        "SELECT a.id AS id, a.hub_id AS hub_id, a.relationship_id AS relationship_id, \
         a.programme_id AS programme_id, a.date AS date, a.kind AS kind, a.mode AS mode, \
         CAST(a.duration_minutes AS BIGINT) AS minutes",
    );
    activities_where(&mut q, place, dlo, dhi);
    if let Some(a) = after {
        q.push(" AND a.id > ").bind(a);
    }
    q.push(" ORDER BY a.id LIMIT ").bind(limit as i64);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(ActivityRow {
            id: r.try_get("", "id")?,
            hub_id: r.try_get("", "hub_id")?,
            relationship_id: r.try_get("", "relationship_id")?,
            programme_id: r.try_get("", "programme_id")?,
            date: r.try_get("", "date")?,
            kind: r.try_get("", "kind")?,
            mode: r.try_get("", "mode")?,
            minutes: r.try_get("", "minutes")?,
        });
    }
    Ok(out)
}

/// The attendees of these activities by role: (activity, role, number).
pub async fn attendee_counts(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<Vec<(Uuid, String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new();
    q.push(
        "SELECT x.activity_id AS activity_id, x.role AS role, CAST(COUNT(*) AS BIGINT) AS n \
         FROM activity_attendees x WHERE x.activity_id IN ",
    )
    .bind_list(ids.iter().copied())
    .push(" GROUP BY x.activity_id, x.role");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "activity_id")?,
                r.try_get("", "role")?,
                r.try_get("", "n")?,
            ))
        })
        .collect()
}

// ---- agreements and datasets ----

pub async fn agreements(
    db: &impl ConnectionTrait,
    organisations: Option<&[Uuid]>,
) -> ApiResult<Vec<agreement::Model>> {
    let mut s = agreement::Entity::find();
    if let Some(o) = organisations {
        s = s.filter(agreement::Column::OrganisationId.is_in(o.iter().copied()));
    }
    Ok(s.order_by_desc(agreement::Column::CreatedAt)
        .order_by_desc(agreement::Column::Id)
        .limit(500)
        .all(db)
        .await?)
}

/// Whether the organisation has an agreement that holds on `day` (YYYY-MM-DD).
pub async fn agreement_holds(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    day: &str,
) -> ApiResult<bool> {
    let rows = agreement::Entity::find()
        .filter(agreement::Column::OrganisationId.eq(organisation))
        .filter(agreement::Column::SignedOn.lte(day))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .any(|a| a.valid_until.as_deref().is_none_or(|u| u >= day)))
}

pub async fn insert_agreement(db: &impl ConnectionTrait, a: agreement::Model) -> ApiResult<()> {
    agreement::Entity::insert(agreement::ActiveModel::from(a))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn insert_dataset(db: &impl ConnectionTrait, d: dataset::Model) -> ApiResult<()> {
    dataset::Entity::insert(dataset::ActiveModel::from(d))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn dataset(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<dataset::Model>> {
    Ok(dataset::Entity::find_by_id(id).one(db).await?)
}

/// Datasets, newest first: all, or those of these hubs or requested by this person.
pub async fn datasets(
    db: &impl ConnectionTrait,
    reach: Option<(&[Uuid], Uuid)>,
) -> ApiResult<Vec<dataset::Model>> {
    let mut s = dataset::Entity::find();
    if let Some((hubs, me)) = reach {
        s = s.filter(
            sea_orm::Condition::any()
                .add(dataset::Column::HubId.is_in(hubs.iter().copied()))
                .add(dataset::Column::RequestedBy.eq(me)),
        );
    }
    Ok(s.order_by_desc(dataset::Column::CreatedAt)
        .order_by_desc(dataset::Column::Id)
        .limit(200)
        .all(db)
        .await?)
}

/// The datasets whose generation has not finished (to resume after a restart).
pub async fn unfinished(db: &impl ConnectionTrait) -> ApiResult<Vec<Uuid>> {
    Ok(dataset::Entity::find()
        .select_only()
        .column(dataset::Column::Id)
        .filter(dataset::Column::Status.is_in([DatasetStatus::Queued, DatasetStatus::Running]))
        .order_by_asc(dataset::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?)
}

/// Ready datasets whose file is past its retention.
pub async fn past_retention(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<Vec<Uuid>> {
    Ok(dataset::Entity::find()
        .select_only()
        .column(dataset::Column::Id)
        .filter(dataset::Column::Status.eq(DatasetStatus::Ready))
        .filter(dataset::Column::ExpiresAt.lte(now))
        .into_tuple()
        .all(db)
        .await?)
}

/// Updates a dataset's generation state.
pub async fn update(db: &impl ConnectionTrait, d: dataset::Model) -> ApiResult<()> {
    let a = sea_orm::ActiveModelTrait::reset_all(dataset::ActiveModel::from(d));
    dataset::Entity::update(a).exec(db).await?;
    Ok(())
}

/// The progress (rows written) of a running dataset, and its beat.
pub async fn progress(db: &impl ConnectionTrait, id: Uuid, rows_done: i64) -> ApiResult<()> {
    dataset::Entity::update_many()
        .col_expr(
            dataset::Column::RowsDone,
            sea_orm::sea_query::Expr::value(rows_done),
        )
        .col_expr(
            dataset::Column::HeartbeatAt,
            sea_orm::sea_query::Expr::value(crate::db::now()),
        )
        .filter(dataset::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks datasets expired (their files were removed).
pub async fn mark_expired(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    dataset::Entity::update_many()
        .col_expr(
            dataset::Column::Status,
            sea_orm::sea_query::Expr::value(DatasetStatus::Expired.as_str()),
        )
        .filter(dataset::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// The research-partner organisations of these hubs (all hubs: `None`).
pub async fn research_partners(
    db: &impl ConnectionTrait,
    hubs: Option<&[Uuid]>,
) -> ApiResult<Vec<(Uuid, Uuid)>> {
    let mut q = Sql::new();
    q.push(
        "SELECT ho.hub_id AS hub_id, ho.organisation_id AS organisation_id \
         FROM hub_organisations ho WHERE ho.role = 'research_partner'",
    );
    if let Some(h) = hubs {
        q.push(" AND ho.hub_id IN ").bind_list(h.iter().copied());
    }
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "hub_id")?, r.try_get("", "organisation_id")?)))
        .collect()
}

/// Names of organisations.
pub async fn organisation_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<std::collections::HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut q = Sql::new();
    q.push("SELECT o.id AS id, o.name AS name FROM organisations o WHERE o.id IN ")
        .bind_list(ids.iter().copied());
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?)))
        .collect()
}

/// Whether the organisation exists.
pub async fn organisation_exists(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<bool> {
    Ok(!organisation_names(db, &[id]).await?.is_empty())
}

/// Names of hubs, programmes and schools, by id.
pub async fn scope_names(
    db: &impl ConnectionTrait,
    scopes: &[(ScopeKind, Uuid)],
) -> ApiResult<std::collections::HashMap<Uuid, String>> {
    let of =
        |k: ScopeKind| -> Vec<Uuid> { scopes.iter().filter(|s| s.0 == k).map(|s| s.1).collect() };
    let mut q = Sql::new();
    q.push("SELECT h.id AS id, h.name AS name FROM hubs h WHERE h.id IN ")
        .bind_list(of(ScopeKind::Hub))
        .push(" UNION ALL SELECT p.id, p.name FROM programmes p WHERE p.id IN ")
        .bind_list(of(ScopeKind::Programme))
        .push(" UNION ALL SELECT s.id, s.name FROM schools s WHERE s.id IN ")
        .bind_list(of(ScopeKind::School));
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?)))
        .collect()
}
