//! Research datasets: who may ask for which, the data-use agreement they rest on, and
//! the audit of every generation and download.
//!
//! - Admins generate datasets of any scope for any research-partner organisation;
//!   researchers of a hub (the `researcher` role, held by people of the hub's research
//!   partner) for their hub, its programmes and schools, for a research partner of that
//!   hub.
//! - An organisation gets a dataset only while a data-use agreement of it holds; admins
//!   and coordinators of a hub it is a research partner of record agreements.
//! - Coordinators see their hubs' datasets (what was handed out, to whom), but only
//!   admins and researchers download them.

use super::dto::*;
use super::entity::{agreement, dataset};
use super::model::{DatasetKind, DatasetStatus};
use super::repo;
use crate::analytics::model::ScopeKind;
use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use uuid::Uuid;

fn today() -> String {
    crate::db::now().format("%Y-%m-%d").to_string()
}

fn parse_day(field: &str, s: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| ApiError::field(field, "date", "Must be a date, YYYY-MM-DD."))
}

fn parse_month(field: &str, s: &str) -> ApiResult<NaiveDate> {
    crate::analytics::model::parse_month(s)
        .ok_or_else(|| ApiError::field(field, "month", "Must be a month, YYYY-MM."))
}

/// The research-partner links `(hub, organisation)` the caller works with: all for admins,
/// else those of the hubs the caller coordinates or researches in.
async fn partner_links(db: &impl ConnectionTrait, p: &Principal) -> ApiResult<Vec<(Uuid, Uuid)>> {
    let reach = policy::research_reach(p);
    if reach.all {
        repo::research_partners(db, None).await
    } else {
        repo::research_partners(db, Some(&reach.hubs)).await
    }
}

/// The organisations the caller may generate datasets for, or record agreements of.
pub async fn recipients(db: &impl ConnectionTrait, p: &Principal) -> ApiResult<Vec<RecipientDto>> {
    policy::must_allow(p, Action::ResearchView)?;
    let links = partner_links(db, p).await?;
    let mut hubs: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for (h, o) in links {
        hubs.entry(o).or_default().push(h);
    }
    let orgs: Vec<Uuid> = hubs.keys().copied().collect();
    let names = repo::organisation_names(db, &orgs).await?;
    let day = today();
    let agreements = repo::agreements(db, Some(&orgs)).await?;
    let mut out: Vec<RecipientDto> = hubs
        .into_iter()
        .map(|(o, hub_ids)| RecipientDto {
            organisation_id: o,
            organisation_name: names.get(&o).cloned().unwrap_or_default(),
            hub_ids,
            agreement: agreements
                .iter()
                .any(|a| a.organisation_id == o && holds(a, &day)),
        })
        .collect();
    out.sort_by(|a, b| a.organisation_name.cmp(&b.organisation_name));
    Ok(out)
}

fn holds(a: &agreement::Model, day: &str) -> bool {
    a.signed_on.as_str() <= day && a.valid_until.as_deref().is_none_or(|u| u >= day)
}

/// The agreements of the organisations the caller works with.
pub async fn agreements(db: &impl ConnectionTrait, p: &Principal) -> ApiResult<Vec<AgreementDto>> {
    policy::must_allow(p, Action::ResearchView)?;
    let rows = if policy::research_reach(p).all {
        repo::agreements(db, None).await?
    } else {
        let orgs: BTreeSet<Uuid> = partner_links(db, p)
            .await?
            .into_iter()
            .map(|l| l.1)
            .collect();
        let orgs: Vec<Uuid> = orgs.into_iter().collect();
        repo::agreements(db, Some(&orgs)).await?
    };
    let orgs: Vec<Uuid> = rows.iter().map(|a| a.organisation_id).collect();
    let names = repo::organisation_names(db, &orgs).await?;
    let day = today();
    Ok(rows
        .into_iter()
        .map(|a| AgreementDto {
            holds: holds(&a, &day),
            organisation_name: names.get(&a.organisation_id).cloned().unwrap_or_default(),
            id: a.id,
            organisation_id: a.organisation_id,
            reference: a.reference,
            signed_on: a.signed_on,
            valid_until: a.valid_until,
            created_at: a.created_at,
        })
        .collect())
}

/// Record a data-use agreement of a research-partner organisation.
pub async fn record_agreement(
    db: &impl ConnectionTrait,
    p: &Principal,
    input: AgreementInput,
) -> ApiResult<AgreementDto> {
    policy::must_allow(p, Action::ResearchView)?;
    let signed = parse_day("signed_on", &input.signed_on)?;
    if let Some(u) = input.valid_until.as_deref()
        && parse_day("valid_until", u)? < signed
    {
        return Err(ApiError::field(
            "valid_until",
            "date_order",
            "The agreement ends before it was signed.",
        ));
    }
    if input.reference.trim().is_empty() {
        return Err(ApiError::field(
            "reference",
            "required",
            "Give the agreement's reference.",
        ));
    }
    let all = repo::research_partners(db, None).await?;
    let hubs: Vec<Uuid> = all
        .iter()
        .filter(|(_, o)| *o == input.organisation_id)
        .map(|(h, _)| *h)
        .collect();
    let visible = policy::research_reach(p).all
        || partner_links(db, p)
            .await?
            .iter()
            .any(|(_, o)| *o == input.organisation_id);
    if !visible || !repo::organisation_exists(db, input.organisation_id).await? {
        return Err(ApiError::not_found("Organisation"));
    }
    if hubs.is_empty() {
        return Err(ApiError::field(
            "organisation_id",
            "not_research_partner",
            "The organisation is not a research partner of any hub.",
        ));
    }
    policy::must_allow(
        p,
        Action::AgreementRecord {
            coordinates_partner_hub: policy::coordinates_any(p, &hubs),
        },
    )?;
    let row = agreement::Model {
        id: Uuid::now_v7(),
        organisation_id: input.organisation_id,
        reference: input.reference.trim().to_string(),
        signed_on: signed.format("%Y-%m-%d").to_string(),
        valid_until: input.valid_until.clone(),
        recorded_by: Some(p.id()),
        created_at: crate::db::now(),
    };
    repo::insert_agreement(db, row.clone()).await?;
    audit::record(
        db,
        p.into(),
        "data_use_agreement.recorded",
        ("organisation", Some(input.organisation_id)),
        Where::default(),
        serde_json::json!({"reference": row.reference, "signed_on": row.signed_on, "valid_until": row.valid_until}),
    )
    .await?;
    let names = repo::organisation_names(db, &[row.organisation_id]).await?;
    Ok(AgreementDto {
        holds: holds(&row, &today()),
        organisation_name: names.get(&row.organisation_id).cloned().unwrap_or_default(),
        id: row.id,
        organisation_id: row.organisation_id,
        reference: row.reference,
        signed_on: row.signed_on,
        valid_until: row.valid_until,
        created_at: row.created_at,
    })
}

/// Check a request for a dataset and record it as queued (the caller starts its job).
pub async fn create(
    db: &impl ConnectionTrait,
    p: &Principal,
    input: DatasetInput,
) -> ApiResult<DatasetDto> {
    policy::must_allow(p, Action::ResearchView)?;
    let kind: DatasetKind = crate::platform::enums::input("kind", &input.kind)?;
    let scope: ScopeKind = crate::platform::enums::input("scope", &input.scope)?;
    let from = parse_month("from", &input.from)?;
    let to = parse_month("to", &input.to)?;
    if to < from {
        return Err(ApiError::field(
            "to",
            "date_order",
            "The period ends before it starts.",
        ));
    }
    if to
        > from
            .checked_add_months(chrono::Months::new(120))
            .unwrap_or(to)
    {
        return Err(ApiError::field(
            "to",
            "range",
            "A dataset covers at most ten years.",
        ));
    }
    let last = to
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(to);
    let hub = match (scope, input.scope_id) {
        (ScopeKind::Platform, Some(_)) => {
            return Err(ApiError::field(
                "scope_id",
                "not_allowed",
                "The platform scope takes no scope_id.",
            ));
        }
        (ScopeKind::Platform, None) => {
            policy::must_allow(p, Action::DatasetCreate { hub: None })?;
            None
        }
        (_, None) => {
            return Err(ApiError::field(
                "scope_id",
                "required",
                "Say which hub, programme or school.",
            ));
        }
        (kind, Some(id)) => {
            let (hub, _) = crate::analytics::repo::scope_place(db, kind, id)
                .await?
                .ok_or_else(|| ApiError::not_found("Scope"))?;
            if !policy::allows(p, Action::DatasetCreate { hub: Some(hub) }) {
                return Err(ApiError::not_found("Scope"));
            }
            Some(hub)
        }
    };
    let partners = repo::research_partners(db, hub.map(|h| vec![h]).as_deref()).await?;
    if !repo::organisation_exists(db, input.organisation_id).await? {
        return Err(ApiError::field(
            "organisation_id",
            "not_found",
            "There is no such organisation.",
        ));
    }
    if !partners.iter().any(|(_, o)| *o == input.organisation_id) {
        return Err(ApiError::field(
            "organisation_id",
            "not_research_partner",
            "The organisation is not a research partner of the scope's hub.",
        ));
    }
    if !repo::agreement_holds(db, input.organisation_id, &today()).await? {
        return Err(ApiError::conflict(
            ErrorCode::NoDataUseAgreement,
            "Record the organisation's data-use agreement before its first dataset.",
        ));
    }
    let row = dataset::Model {
        id: Uuid::now_v7(),
        organisation_id: input.organisation_id,
        requested_by: Some(p.id()),
        kind,
        scope_kind: scope,
        scope_id: input.scope_id,
        hub_id: hub,
        date_from: from.format("%Y-%m-%d").to_string(),
        date_to: last.format("%Y-%m-%d").to_string(),
        status: DatasetStatus::Queued,
        rows_total: 0,
        rows_done: 0,
        rows_dropped: 0,
        people: 0,
        file_size: None,
        error: None,
        created_at: crate::db::now(),
        heartbeat_at: None,
        finished_at: None,
        expires_at: None,
    };
    repo::insert_dataset(db, row.clone()).await?;
    audit::record(
        db,
        p.into(),
        "dataset.requested",
        ("dataset", Some(row.id)),
        Where {
            hub_id: hub,
            school_id: None,
        },
        serde_json::json!({
            "kind": kind.as_str(),
            "scope": scope.as_str(),
            "scope_id": input.scope_id,
            "organisation_id": input.organisation_id,
            "from": input.from,
            "to": input.to,
        }),
    )
    .await?;
    dtos(db, p, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a dataset without its answer".to_string()))
}

async fn dtos(
    db: &impl ConnectionTrait,
    p: &Principal,
    rows: Vec<dataset::Model>,
) -> ApiResult<Vec<DatasetDto>> {
    let orgs: Vec<Uuid> = rows.iter().map(|d| d.organisation_id).collect();
    let names = repo::organisation_names(db, &orgs).await?;
    let scopes: Vec<(ScopeKind, Uuid)> = rows
        .iter()
        .filter_map(|d| d.scope_id.map(|s| (d.scope_kind, s)))
        .collect();
    let scope_names: HashMap<Uuid, String> = repo::scope_names(db, &scopes).await?;
    Ok(rows
        .into_iter()
        .map(|d| DatasetDto {
            downloadable: d.status == DatasetStatus::Ready
                && policy::allows(p, Action::DatasetDownload { hub: d.hub_id }),
            organisation_name: names.get(&d.organisation_id).cloned().unwrap_or_default(),
            scope_name: d.scope_id.and_then(|s| scope_names.get(&s).cloned()),
            id: d.id,
            organisation_id: d.organisation_id,
            kind: d.kind,
            scope: d.scope_kind,
            scope_id: d.scope_id,
            from: super::model::month_of(&d.date_from).to_string(),
            to: super::model::month_of(&d.date_to).to_string(),
            status: d.status,
            rows_done: d.rows_done,
            rows_total: d.rows_total,
            rows_dropped: d.rows_dropped,
            people: d.people,
            file_size: d.file_size,
            error: d.error,
            created_at: d.created_at,
            finished_at: d.finished_at,
            expires_at: d.expires_at,
        })
        .collect())
}

/// The datasets the caller may see, newest first.
pub async fn list(db: &impl ConnectionTrait, p: &Principal) -> ApiResult<Vec<DatasetDto>> {
    policy::must_allow(p, Action::ResearchView)?;
    let reach = policy::research_reach(p);
    let rows = if reach.all {
        repo::datasets(db, None).await?
    } else {
        repo::datasets(db, Some((&reach.hubs, p.id()))).await?
    };
    dtos(db, p, rows).await
}

async fn visible(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<dataset::Model> {
    let d = repo::dataset(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Dataset"))?;
    let mine = d.requested_by == Some(p.id());
    if !mine && !policy::allows(p, Action::DatasetRead { hub: d.hub_id }) {
        return Err(ApiError::not_found("Dataset"));
    }
    Ok(d)
}

pub async fn get(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<DatasetDto> {
    let d = visible(db, p, id).await?;
    dtos(db, p, vec![d])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("Dataset"))
}

/// The file of a ready dataset, after recording the download.
pub async fn download(
    db: &impl ConnectionTrait,
    p: &Principal,
    data_dir: &std::path::Path,
    id: Uuid,
) -> ApiResult<PathBuf> {
    let d = visible(db, p, id).await?;
    policy::must_allow(p, Action::DatasetDownload { hub: d.hub_id })?;
    match d.status {
        DatasetStatus::Ready => {}
        DatasetStatus::Expired => {
            return Err(ApiError::new(
                actix_web::http::StatusCode::GONE,
                ErrorCode::DatasetExpired,
                "The dataset's file was removed after its retention period; generate it again.",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                ErrorCode::DatasetNotReady,
                "The dataset is not ready yet.",
            ));
        }
    }
    if d.expires_at.is_some_and(|e| e <= crate::db::now()) {
        return Err(ApiError::new(
            actix_web::http::StatusCode::GONE,
            ErrorCode::DatasetExpired,
            "The dataset's file was removed after its retention period; generate it again.",
        ));
    }
    let path = super::job::file_of(data_dir, id);
    if !path.exists() {
        return Err(ApiError::new(
            actix_web::http::StatusCode::GONE,
            ErrorCode::DatasetExpired,
            "The dataset's file is no longer kept; generate it again.",
        ));
    }
    audit::record(
        db,
        p.into(),
        "dataset.downloaded",
        ("dataset", Some(id)),
        Where {
            hub_id: d.hub_id,
            school_id: None,
        },
        serde_json::json!({"organisation_id": d.organisation_id, "rows": d.rows_done}),
    )
    .await?;
    Ok(path)
}

/// The demo's agreement of its research partner (once).
pub async fn seed_agreement(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    reference: &str,
    signed_on: &str,
) -> ApiResult<()> {
    if !repo::agreements(db, Some(&[organisation]))
        .await?
        .is_empty()
    {
        return Ok(());
    }
    repo::insert_agreement(
        db,
        agreement::Model {
            id: Uuid::now_v7(),
            organisation_id: organisation,
            reference: reference.to_string(),
            signed_on: signed_on.to_string(),
            valid_until: None,
            recorded_by: None,
            created_at: crate::db::now(),
        },
    )
    .await
}
