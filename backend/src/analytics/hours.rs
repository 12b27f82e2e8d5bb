//! Mentoring hours per mentee school against its programme's range: which schools are
//! falling behind. For every approved mentee school of the programmes of the scope that run
//! in the period, the hours of the final activities of the programme's relationships in
//! which the school is a mentee (in person or through its staff), to date — the range is
//! for the whole programme, so the hours are too, as on the programme board. Hours are not
//! people's answers: they are exact, and the schools are named, as on the board.

use super::dto::*;
use super::model;
use super::service::{days_of, filters_dto, month, period, resolve, school_filters, scope_kind};
use crate::auth::model::Principal;
use crate::error::ApiResult;
use sea_orm::DatabaseConnection;

pub async fn hours(
    db: &DatabaseConnection,
    p: &Principal,
    q: &SchoolHoursQuery,
) -> ApiResult<SchoolHoursDto> {
    let kind = scope_kind(q.scope.as_deref())?;
    let to = month("to", q.to.as_deref())?;
    let from = month("from", q.from.as_deref())?;
    let filters = school_filters(
        q.country.as_deref(),
        q.school_kind.as_deref(),
        q.language.as_deref(),
    )?;
    let mut r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    r.scope.filters = filters;
    let buckets = period(from, to, model::BucketKind::Month, &r.tz)?;
    let (first, last) = days_of(&buckets);
    let rows = super::repo::mentee_school_minutes(db, &r.scope, first, last).await?;
    let mut below = 0;
    let mut within = 0;
    let mut above = 0;
    let schools: Vec<SchoolHoursRowDto> = rows
        .into_iter()
        .map(|x| {
            let h = crate::mentoring::shared::hours(x.minutes, Some((x.min_hours, x.max_hours)));
            match h.against_target.as_deref() {
                Some("below") => below += 1,
                Some("above") => above += 1,
                _ => within += 1,
            }
            SchoolHoursRowDto {
                programme_id: x.programme_id,
                programme_name: x.programme_name,
                school_id: x.school_id,
                school_name: x.school_name,
                min_hours: x.min_hours,
                max_hours: x.max_hours,
                hours: h,
            }
        })
        .collect();
    Ok(SchoolHoursDto {
        scope: kind,
        scope_id: r.scope.id,
        from: first,
        to: last,
        filters: filters_dto(&r.scope.filters),
        below,
        within,
        above,
        schools,
    })
}
