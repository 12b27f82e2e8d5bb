//! The report of one reflection, read by its owner or by a colleague it is shared with:
//! results, meanings and next steps, strongest and weakest areas, growth since the
//! previous submitted reflection, the history over time and the levels agreed on. Above
//! both the reflection service and sharing, which it combines.

use super::dto::*;
use super::entity::reflection;
use super::service::{answers_of_many, asked, level_of, load, result, rounded};
use crate::auth::model::Principal;
use crate::error::ApiResult;
use crate::instruments::dto::ScaleLevelDto;
use crate::instruments::model::{self, Definition, Localised, Results, ScaleKind};
use crate::instruments::service as instruments;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The report of one reflection: results, meanings and next steps, strongest and weakest,
/// growth since the previous submitted reflection and the history over time.
pub async fn report(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
) -> ApiResult<ReflectionReportDto> {
    let (r, own) = super::sharing::find_readable(db, p, id).await?;
    let l = load(db, r).await?;
    let (en, t) = instruments::texts_for(db, l.v.id, lang).await?;
    let loc = Localised {
        def: &l.def,
        en: &en,
        t: &t,
    };
    let results = model::score(&l.def, &l.answers);

    // Every submitted reflection of this person on this instrument, oldest first.
    let versions: BTreeMap<Uuid, (String, Definition)> = {
        let mut m = BTreeMap::new();
        for v in crate::instruments::repo::versions_of(db, l.inst.id).await? {
            let d = instruments::parse_definition(&v)?;
            m.insert(v.id, (v.version.clone(), d));
        }
        m
    };
    let submitted = super::repo::submitted_on(db, l.r.person_id, versions.keys().copied()).await?;
    let mut history = Vec::new();
    let mut previous: Option<(PreviousDto, Results, Results)> = None;
    let cutoff = l.r.submitted_at;
    // Those it is shared with see this reflection only: no history, no growth.
    let shown: Vec<&reflection::Model> =
        submitted.iter().filter(|h| own || h.id == l.r.id).collect();
    // The answers of the earlier ones in one statement.
    let mut earlier =
        answers_of_many(db, shown.iter().map(|h| h.id).filter(|id| *id != l.r.id)).await?;
    for h in shown {
        let Some((version, hdef)) = versions.get(&h.instrument_version_id) else {
            continue;
        };
        let Some(at) = h.submitted_at else { continue };
        let answers = if h.id == l.r.id {
            l.answers.clone()
        } else {
            earlier.remove(&h.id).unwrap_or_default()
        };
        let shared = model::shared_items(&l.def, hdef);
        let theirs = model::score(hdef, &model::only(&answers, &shared));
        history.push(HistoryPointDto {
            id: h.id,
            version: version.clone(),
            submitted_at: at,
            overall: theirs.overall.map(rounded),
            areas: theirs
                .areas
                .iter()
                .map(|(k, v)| (k.clone(), rounded(*v)))
                .collect(),
        });
        // The previous one: the last submitted before this reflection (or any, while
        // this one is still in progress).
        if h.id != l.r.id && cutoff.is_none_or(|c| at < c) {
            let ours = model::score(&l.def, &model::only(&l.answers, &shared));
            previous = Some((
                PreviousDto {
                    id: h.id,
                    version: version.clone(),
                    submitted_at: at,
                },
                theirs,
                ours,
            ));
        }
    }

    let areas = l
        .def
        .areas
        .iter()
        .map(|a| AreaResultDto {
            key: a.key.clone(),
            title: loc.area(&a.key).to_string(),
            result: results
                .areas
                .get(&a.key)
                .and_then(|s| result(&l.def, &loc, None, *s)),
            change: previous.as_ref().and_then(|(_, before, now)| {
                Some(rounded(now.areas.get(&a.key)? - before.areas.get(&a.key)?))
            }),
        })
        .collect();
    let competences = asked(&l.def)
        .map(|it| {
            let answer = l.answers.get(&it.key).cloned();
            CompetenceResultDto {
                key: it.key.clone(),
                area: it.area.clone(),
                statement: loc.statement(&it.key).to_string(),
                answer_label: answer.as_deref().map(|v| loc.label(it, v).to_string()),
                meaning: answer
                    .as_deref()
                    .and_then(|v| loc.meaning(&it.key, v))
                    .map(str::to_string),
                next_step: answer
                    .as_deref()
                    .and_then(|v| loc.next_step(&it.key, v))
                    .map(str::to_string),
                result: results
                    .items
                    .get(&it.key)
                    .and_then(|s| result(&l.def, &loc, Some(it), *s)),
                previous_score: previous
                    .as_ref()
                    .and_then(|(_, before, _)| before.items.get(&it.key).copied()),
                answer,
            }
        })
        .collect();
    let levels = level_of(&l.def, None, 0.0)
        .and_then(|(_, scale)| l.def.scales.iter().find(|s| s.key == scale))
        .map(|s| match &s.kind {
            ScaleKind::Ordinal { options } => options
                .iter()
                .map(|o| ScaleLevelDto {
                    value: o.value.clone(),
                    score: o.score,
                    label: loc
                        .scale_label(&s.key, &o.value)
                        .unwrap_or(&o.value)
                        .to_string(),
                })
                .collect(),
            ScaleKind::Text { .. } => Vec::new(),
        })
        .unwrap_or_default();
    Ok(ReflectionReportDto {
        reflection_id: l.r.id,
        instrument: l.inst.key.clone(),
        version: l.v.version.clone(),
        title: loc.title().to_string(),
        language: t.language.clone(),
        status: l.r.status,
        submitted_at: l.r.submitted_at,
        levels,
        overall: results.overall.and_then(|o| result(&l.def, &loc, None, o)),
        overall_change: previous
            .as_ref()
            .and_then(|(_, before, now)| Some(rounded(now.overall? - before.overall?))),
        areas,
        competences,
        strongest: model::ranked(&l.def, &results, 3, true),
        weakest: model::ranked(&l.def, &results, 3, false),
        previous: previous.map(|(p, _, _)| p),
        history,
        agreed: super::sharing::agreed_of(db, l.r.id, |v| {
            let scale = level_of(&l.def, None, 0.0)
                .map(|(_, s)| s)
                .unwrap_or_default();
            loc.scale_label(&scale, v).unwrap_or(v).to_string()
        })
        .await?,
        own,
        owner_name: if own {
            None
        } else {
            crate::people::repo::name_of(db, l.r.person_id).await?
        },
    })
}
