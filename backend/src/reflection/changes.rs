//! Paired changes: for every submitted reflection, the teacher's submitted reflection on
//! the same instrument just before it, and the change per area between the two (see
//! `instruments::model::paired_changes`). Kept as reflections are submitted and deleted,
//! and filled in at start-up for reflections that have none yet (reflections loaded by the
//! seeds, or submitted before these tables existed), so that growth and cohort statistics
//! read a few rows per teacher.
//!
//! Kept true under concurrent writes: working out a person's pairs locks the person's row
//! first, so two submissions of one teacher at once are paired one after the other; a
//! submission only ever pairs the newest reflection (nothing later can exist), and a
//! deletion re-pairs the one reflection that followed the deleted one.

use super::entity::{change, pair, reflection};
use super::repo;
use crate::error::ApiResult;
use crate::instruments::model::{Definition, paired_changes};
use crate::instruments::service as instruments;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The submitted reflections of some people, by person, oldest first.
async fn by_person_oldest_first(
    db: &impl ConnectionTrait,
    people: &[Uuid],
) -> ApiResult<Vec<reflection::Model>> {
    let mut all = repo::submitted_of(db, people).await?;
    all.sort_by_key(|r| (r.person_id, r.submitted_at, r.id));
    Ok(all)
}

/// The versions' instruments and definitions, read once each.
#[derive(Default)]
struct Versions(BTreeMap<Uuid, (Uuid, Definition)>);

impl Versions {
    async fn get(
        &mut self,
        db: &impl ConnectionTrait,
        version: Uuid,
    ) -> ApiResult<&(Uuid, Definition)> {
        if let std::collections::btree_map::Entry::Vacant(e) = self.0.entry(version) {
            e.insert(instruments::instrument_and_definition(db, version).await?);
        }
        self.0
            .get(&version)
            .ok_or_else(|| crate::error::ApiError::internal("version not read"))
    }
}

/// Work out the pairs of `todo` among a person's submitted reflections (`all`, oldest
/// first), with the answers of every reflection involved.
async fn pairs_of(
    db: &impl ConnectionTrait,
    versions: &mut Versions,
    all: &[reflection::Model],
    todo: &BTreeSet<Uuid>,
    answers: &BTreeMap<Uuid, BTreeMap<String, String>>,
    out: &mut (Vec<pair::Model>, Vec<change::Model>),
) -> ApiResult<()> {
    let empty = BTreeMap::new();
    for (i, r) in all.iter().enumerate() {
        if !todo.contains(&r.id) {
            continue;
        }
        let (inst, _) = versions.get(db, r.instrument_version_id).await?.clone();
        // The one before it on the same instrument.
        let mut earlier = None;
        for e in all[..i].iter().rev() {
            if versions.get(db, e.instrument_version_id).await?.0 == inst {
                earlier = Some(e);
                break;
            }
        }
        out.0.push(pair::Model {
            reflection_id: r.id,
            earlier_id: earlier.map(|e| e.id),
        });
        let Some(e) = earlier else { continue };
        let ed = versions.get(db, e.instrument_version_id).await?.1.clone();
        let ld = &versions.get(db, r.instrument_version_id).await?.1;
        let changes = paired_changes(
            (&ed, answers.get(&e.id).unwrap_or(&empty)),
            (ld, answers.get(&r.id).unwrap_or(&empty)),
        );
        for (area, (num, cnt)) in changes {
            out.1.push(change::Model {
                reflection_id: r.id,
                area,
                num,
                cnt,
            });
        }
    }
    Ok(())
}

/// Re-pair some reflections of one person (inside the caller's transaction): the one just
/// submitted, or the one that followed a deleted one.
pub async fn repair(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    reflections: &[Uuid],
) -> ApiResult<()> {
    if reflections.is_empty() {
        return Ok(());
    }
    repo::lock_person(db, person_id).await?;
    let all = by_person_oldest_first(db, &[person_id]).await?;
    let todo: BTreeSet<Uuid> = reflections.iter().copied().collect();
    // The answers of these and of the reflection before each.
    let mut need = BTreeSet::new();
    for (i, r) in all.iter().enumerate() {
        if todo.contains(&r.id) {
            need.insert(r.id);
            need.extend(all[..i].iter().map(|e| e.id));
        }
    }
    let answers = repo::answers_of_many(db, need.into_iter()).await?;
    let mut out = (Vec::new(), Vec::new());
    pairs_of(
        db,
        &mut Versions::default(),
        &all,
        &todo,
        &answers,
        &mut out,
    )
    .await?;
    repo::save_pairs(db, out.0, out.1).await
}

/// The submitted reflection that followed one (by submission), if any.
pub async fn submitted_after(
    db: &impl ConnectionTrait,
    deleted: &reflection::Model,
) -> ApiResult<Option<Uuid>> {
    let all = by_person_oldest_first(db, &[deleted.person_id]).await?;
    Ok(next_after(&all, deleted).map(|r| r.id))
}

fn next_after<'a>(
    all: &'a [reflection::Model],
    deleted: &reflection::Model,
) -> Option<&'a reflection::Model> {
    all.iter()
        .filter(|r| r.id != deleted.id)
        .find(|r| (r.submitted_at, r.id) > (deleted.submitted_at, deleted.id))
}

/// People per transaction when filling in missing pairs.
const BACKFILL_PEOPLE: usize = 400;

/// Work out every missing pair (at start-up and after loading data): the people with a
/// submitted reflection that has none, a few hundred people per transaction. How many
/// reflections were paired.
pub async fn backfill(db: &DatabaseConnection) -> ApiResult<usize> {
    let people = repo::people_with_unpaired(db).await?;
    let mut versions = Versions::default();
    let mut done = 0;
    for chunk in people.chunks(BACKFILL_PEOPLE) {
        let txn = crate::db::write(db).await?;
        let all = by_person_oldest_first(&txn, chunk).await?;
        let ids: Vec<Uuid> = all.iter().map(|r| r.id).collect();
        let paired = repo::paired_among(&txn, &ids).await?;
        let answers = repo::answers_of_many(&txn, ids.iter().copied()).await?;
        let mut out = (Vec::new(), Vec::new());
        let mut start = 0;
        while start < all.len() {
            let person = all[start].person_id;
            let end = all[start..]
                .iter()
                .position(|r| r.person_id != person)
                .map_or(all.len(), |n| start + n);
            let mine = &all[start..end];
            let todo: BTreeSet<Uuid> = mine
                .iter()
                .map(|r| r.id)
                .filter(|id| !paired.contains(id))
                .collect();
            pairs_of(&txn, &mut versions, mine, &todo, &answers, &mut out).await?;
            start = end;
        }
        done += out.0.len();
        repo::save_pairs(&txn, out.0, out.1).await?;
        txn.commit().await?;
    }
    Ok(done)
}
