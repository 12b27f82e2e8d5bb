//! Generating a dataset in the background.
//!
//! A request records the dataset as `queued` and starts its job; the job claims it (one
//! conditional update: only one server takes a dataset), reads the rows in pages and hands
//! each page's CSV to a blocking thread that compresses it into the zip file, so reading
//! and compressing run side by side on two cores. The job beats (`heartbeat_at`, with the
//! rows done) after every page. The file is written as `<id>.zip.part`, flushed to disk,
//! and only then renamed and the dataset marked `ready`: a crash leaves no half file
//! behind a `ready` dataset. Housekeeping (at start and every few minutes) takes up
//! datasets that are queued or whose job stopped beating, and removes files past their
//! retention. One generation runs at a time per server.

use super::entity::dataset;
use super::model::{self, DatasetKind, DatasetStatus, Published, Unit};
use super::repo::{self, Answers, Place};
use crate::error::{ApiError, ApiResult};
use crate::instruments::model::{Definition, ScaleKind};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Records per page.
const PAGE: u64 = 2_000;
/// A running job that has not beaten for this long is taken up by another.
const STALE: Duration = Duration::from_secs(300);

static GATE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The folder of dataset files.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("datasets")
}

/// The file of a ready dataset.
pub fn file_of(data_dir: &Path, id: Uuid) -> PathBuf {
    folder(data_dir).join(format!("{id}.zip"))
}

/// Start generating a dataset (it runs after the caller's response).
pub fn start(state: actix_web::web::Data<AppState>, id: Uuid) {
    tokio::spawn(async move {
        run(&state, id).await;
    });
}

/// Housekeeping in the background: at start and every five minutes, take up unfinished
/// datasets and remove expired files.
pub fn spawn_housekeeping(state: actix_web::web::Data<AppState>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = housekeeping(&state).await {
                tracing::warn!(error = %e, "research datasets: housekeeping failed");
            }
        }
    });
}

/// Removes the files of datasets past their retention and marks them expired.
pub async fn sweep(db: &DatabaseConnection, data_dir: &Path) -> ApiResult<usize> {
    let expired = repo::past_retention(db, crate::db::now()).await?;
    for id in &expired {
        remove_file(&file_of(data_dir, *id));
    }
    repo::mark_expired(db, &expired).await?;
    Ok(expired.len())
}

async fn housekeeping(state: &actix_web::web::Data<AppState>) -> ApiResult<()> {
    sweep(&state.db, &state.config.data_dir).await?;
    for id in repo::unfinished(&state.db).await? {
        start(state.clone(), id);
    }
    Ok(())
}

fn remove_file(path: &Path) {
    if let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(error = %e, file = %path.display(), "cannot remove a dataset file");
    }
}

/// Claims the dataset if nobody runs it: queued, or running without a recent beat.
async fn claim(db: &DatabaseConnection, id: Uuid) -> ApiResult<bool> {
    let now = crate::db::now();
    let stale = now - chrono::Duration::from_std(STALE).unwrap_or_default();
    let r = dataset::Entity::update_many()
        .col_expr(
            dataset::Column::Status,
            sea_orm::sea_query::Expr::value(DatasetStatus::Running.as_str()),
        )
        .col_expr(
            dataset::Column::HeartbeatAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(dataset::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(dataset::Column::Status.eq(DatasetStatus::Queued))
                .add(
                    sea_orm::Condition::all()
                        .add(dataset::Column::Status.eq(DatasetStatus::Running))
                        .add(dataset::Column::HeartbeatAt.lt(stale)),
                ),
        )
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

async fn run(state: &AppState, id: Uuid) {
    let Ok(_permit) = GATE.acquire().await else {
        return;
    };
    match claim(&state.db, id).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, dataset = %id, "cannot claim a dataset");
            return;
        }
    }
    let k = u64::from(state.config.anonymity_threshold);
    let started = std::time::Instant::now();
    match generate(&state.db, &state.config.data_dir, k, id).await {
        Ok(rows) => {
            let secs = started.elapsed().as_secs_f64();
            tracing::info!(dataset = %id, rows, secs, "research dataset generated");
        }
        Err(e) => {
            tracing::warn!(error = %e, dataset = %id, "research dataset failed");
            if let Ok(Some(mut d)) = repo::dataset(&state.db, id).await {
                d.status = DatasetStatus::Failed;
                d.error = Some("The dataset could not be generated; try again.".into());
                d.finished_at = Some(crate::db::now());
                let _ = repo::update(&state.db, d).await;
            }
            let part = folder(&state.config.data_dir).join(format!("{id}.zip.part"));
            remove_file(&part);
        }
    }
}

/// What the writer thread is given.
enum Piece {
    Csv(Vec<u8>),
    Finish { schema: String, readme: String },
}

/// The writer thread: a zip with `data.csv` (deflated), then `schema.json` and `README.md`;
/// flushed to disk. Returns the file's size.
fn write_zip(path: PathBuf, rx: std::sync::mpsc::Receiver<Piece>) -> std::io::Result<u64> {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(&path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(1 << 20, file));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("data.csv", opts)
        .map_err(std::io::Error::other)?;
    let mut done = false;
    while let Ok(piece) = rx.recv() {
        match piece {
            Piece::Csv(bytes) => zip.write_all(&bytes)?,
            Piece::Finish { schema, readme } => {
                let small = SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                zip.start_file("schema.json", small)
                    .map_err(std::io::Error::other)?;
                zip.write_all(schema.as_bytes())?;
                zip.start_file("README.md", small)
                    .map_err(std::io::Error::other)?;
                zip.write_all(readme.as_bytes())?;
                done = true;
                break;
            }
        }
    }
    if !done {
        return Err(std::io::Error::other(
            "the generation stopped before the end",
        ));
    }
    let buf = zip.finish().map_err(std::io::Error::other)?;
    let file = buf.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// An item's area and its options' scores; free-text items are not in it.
struct ItemInfo {
    area: String,
    scores: HashMap<String, String>,
}

struct VersionInfo {
    key: String,
    version: String,
    items: HashMap<String, ItemInfo>,
}

fn version_info(def: &Definition) -> VersionInfo {
    let scales: HashMap<&str, &ScaleKind> = def
        .scales
        .iter()
        .map(|s| (s.key.as_str(), &s.kind))
        .collect();
    let mut items = HashMap::new();
    for it in &def.items {
        if let Some(ScaleKind::Ordinal { options }) = scales.get(it.scale.as_str()) {
            let scores = options
                .iter()
                .map(|o| {
                    (
                        o.value.clone(),
                        o.score.map(|s| s.to_string()).unwrap_or_default(),
                    )
                })
                .collect();
            items.insert(
                it.key.clone(),
                ItemInfo {
                    area: it.area.clone(),
                    scores,
                },
            );
        }
    }
    VersionInfo {
        key: def.key.clone(),
        version: def.version.clone(),
        items,
    }
}

async fn versions(
    db: &DatabaseConnection,
    cache: &mut HashMap<Uuid, Arc<VersionInfo>>,
    ids: impl Iterator<Item = Uuid>,
) -> ApiResult<()> {
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(id) {
            // A handful of versions per dataset: each read once.
            let def = crate::instruments::service::definition_by_version_id(db, id).await?;
            e.insert(Arc::new(version_info(&def)));
        }
    }
    Ok(())
}

/// The first instant of a day (UTC).
fn instant(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn day(s: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| ApiError::internal(format!("a dataset with the bad day {s:?}")))
}

/// The published quasi-identifiers of a school: its pseudonym and attributes.
fn school_attrs(secret: &[u8; 32], s: &repo::SchoolRow) -> Vec<String> {
    vec![
        model::pseudonym(secret, "s", s.id),
        s.languages.clone(),
        s.kind.clone(),
        s.hub.clone(),
        s.country.clone(),
    ]
}

/// What an activity's rows are generalised with: its mentee school, or (an activity with
/// none in the scope) its hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ActivityUnit {
    School(Uuid),
    Hub(Uuid),
}

/// Counts what was kept and dropped, page by page.
#[derive(Default)]
struct Tally {
    rows: u64,
    dropped: u64,
}

async fn generate(db: &DatabaseConnection, data_dir: &Path, k: u64, id: Uuid) -> ApiResult<u64> {
    let d = repo::dataset(db, id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("dataset {id} is gone")))?;
    let place = Place {
        kind: d.scope_kind,
        id: d.scope_id,
    };
    let from = day(&d.date_from)?;
    let to = day(&d.date_to)?;
    let until = to.succ_opt().unwrap_or(to);
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);

    std::fs::create_dir_all(folder(data_dir))
        .map_err(|e| ApiError::internal(format!("cannot create the datasets folder: {e}")))?;
    let part = folder(data_dir).join(format!("{id}.zip.part"));
    let (tx, rx) = std::sync::mpsc::sync_channel::<Piece>(4);
    let writer = {
        let part = part.clone();
        tokio::task::spawn_blocking(move || write_zip(part, rx))
    };
    let send = |p: Piece| {
        tx.send(p)
            .map_err(|_| ApiError::internal("the dataset writer stopped".to_string()))
    };
    let mut header = String::new();
    let names: Vec<&str> = model::columns(d.kind).iter().map(|c| c.name).collect();
    model::csv_line(&mut header, &names);
    send(Piece::Csv(header.into_bytes()))?;

    let schools = repo::schools(db, place).await?;
    let by_id: HashMap<Uuid, &repo::SchoolRow> = schools.iter().map(|s| (s.id, s)).collect();
    let mut cache: HashMap<Uuid, Arc<VersionInfo>> = HashMap::new();
    let mut tally = Tally::default();
    let mut counts = model::Counts::default();
    let levels = model::QUASI_IDENTIFIERS.len();
    counts.units_at_level = vec![0; levels + 2];
    let mut line = String::with_capacity(256);

    match d.kind {
        DatasetKind::ReflectionAnswers => {
            // Each teacher counts at one school of the scope (the first by id).
            let mut school_of: HashMap<Uuid, Uuid> = HashMap::new();
            for (person, school) in repo::teacher_schools(db, place).await? {
                let e = school_of.entry(person).or_insert(school);
                if school < *e {
                    *e = school;
                }
            }
            let (people, total) =
                repo::reflection_totals(db, place, instant(from), instant(until)).await?;
            let mut per_school: HashMap<Uuid, u64> = HashMap::new();
            for p in &people {
                if let Some(s) = school_of.get(p) {
                    *per_school.entry(*s).or_default() += 1;
                }
            }
            let order: Vec<Uuid> = per_school.keys().copied().collect();
            let units: Vec<Unit> = order
                .iter()
                .filter_map(|s| by_id.get(s))
                .map(|s| Unit {
                    attrs: school_attrs(&secret, s),
                    fixed: vec![],
                    people: per_school.get(&s.id).copied().unwrap_or(0),
                })
                .collect();
            let published = model::generalise(&units, k);
            let mut publish_of: HashMap<Uuid, &Published> = HashMap::new();
            for ((s, p), u) in order.iter().zip(&published).zip(&units) {
                publish_of.insert(*s, p);
                tally_unit(&mut counts, p, u, levels);
            }
            started(db, &d, total).await?;
            let mut after = None;
            loop {
                let page =
                    repo::reflection_page(db, place, instant(from), instant(until), after, PAGE)
                        .await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                versions(db, &mut cache, page.iter().map(|r| r.version_id)).await?;
                let ids: Vec<Uuid> = page.iter().map(|r| r.id).collect();
                let answers = repo::answers_of(db, Answers::Reflection, &ids).await?;
                let rows: HashMap<Uuid, &repo::ReflectionRow> =
                    page.iter().map(|r| (r.id, r)).collect();
                let mut out = String::with_capacity(answers.len() * 120);
                let mut current: Option<(Uuid, String, String, String)> = None;
                for (owner, item, value) in &answers {
                    let Some(r) = rows.get(owner) else { continue };
                    let Some(v) = cache.get(&r.version_id) else {
                        continue;
                    };
                    let Some(info) = v.items.get(item) else {
                        continue;
                    };
                    let Some(score) = info.scores.get(value) else {
                        continue;
                    };
                    let pubd = school_of.get(&r.person_id).and_then(|s| publish_of.get(s));
                    let Some(Published::At { attrs, .. }) = pubd else {
                        tally.dropped += 1;
                        continue;
                    };
                    if current.as_ref().is_none_or(|c| c.0 != *owner) {
                        current = Some((
                            *owner,
                            model::pseudonym(&secret, "r", *owner),
                            model::pseudonym(&secret, "t", r.person_id),
                            r.submitted_at.format("%Y-%m").to_string(),
                        ));
                    }
                    let Some((_, rp, tp, month)) = &current else {
                        continue;
                    };
                    line.clear();
                    let mut f: Vec<&str> = vec![rp, tp, &v.key, &v.version, month];
                    f.extend(attrs.iter().map(String::as_str));
                    f.extend([
                        info.area.as_str(),
                        item.as_str(),
                        value.as_str(),
                        score.as_str(),
                    ]);
                    model::csv_line(&mut line, &f);
                    out.push_str(&line);
                    tally.rows += 1;
                }
                send(Piece::Csv(out.into_bytes()))?;
                beat(db, id, tally.rows).await?;
            }
        }
        DatasetKind::CampaignAnswers => {
            let dlo = from.format("%Y-%m-%d").to_string();
            let dhi = until.format("%Y-%m-%d").to_string();
            let (unit_rows, total) = repo::response_totals(db, place, &dlo, &dhi).await?;
            let keys: Vec<(Uuid, String)> = unit_rows
                .iter()
                .filter(|(s, _, _)| by_id.contains_key(s))
                .map(|(s, g, _)| (*s, g.clone()))
                .collect();
            let units: Vec<Unit> = unit_rows
                .iter()
                .filter_map(|(s, g, n)| {
                    by_id.get(s).map(|row| Unit {
                        attrs: school_attrs(&secret, row),
                        fixed: vec![g.clone()],
                        people: u64::try_from(*n).unwrap_or(0),
                    })
                })
                .collect();
            let published = model::generalise(&units, k);
            let mut publish_of: HashMap<(Uuid, String), &Published> = HashMap::new();
            for ((key, p), u) in keys.iter().zip(&published).zip(&units) {
                publish_of.insert(key.clone(), p);
                tally_unit(&mut counts, p, u, levels);
            }
            started(db, &d, total).await?;
            let mut after = None;
            loop {
                let page = repo::response_page(db, place, (&dlo, &dhi), after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                versions(db, &mut cache, page.iter().map(|r| r.version_id)).await?;
                let ids: Vec<Uuid> = page.iter().map(|r| r.id).collect();
                let answers = repo::answers_of(db, Answers::Response, &ids).await?;
                let rows: HashMap<Uuid, &repo::ResponseRow> =
                    page.iter().map(|r| (r.id, r)).collect();
                let mut out = String::with_capacity(answers.len() * 120);
                let mut current: Option<(Uuid, String, String)> = None;
                for (owner, item, value) in &answers {
                    let Some(r) = rows.get(owner) else { continue };
                    let Some(v) = cache.get(&r.version_id) else {
                        continue;
                    };
                    // Custom items of a school are not in the definition: left out.
                    let Some(info) = v.items.get(item) else {
                        continue;
                    };
                    let Some(score) = info.scores.get(value) else {
                        continue;
                    };
                    let Some(Published::At { attrs, level }) =
                        publish_of.get(&(r.school_id, r.group.clone()))
                    else {
                        tally.dropped += 1;
                        continue;
                    };
                    if current.as_ref().is_none_or(|c| c.0 != *owner) {
                        // Where the school is generalised, so is its campaign: the
                        // campaign would otherwise gather the school's responses again.
                        let campaign = if *level == 0 {
                            model::pseudonym(&secret, "c", r.campaign_id)
                        } else {
                            model::GENERALISED.to_string()
                        };
                        current = Some((*owner, model::pseudonym(&secret, "x", *owner), campaign));
                    }
                    let Some((_, xp, cp)) = &current else {
                        continue;
                    };
                    line.clear();
                    let mut f: Vec<&str> = vec![
                        xp,
                        cp,
                        &v.key,
                        &v.version,
                        &r.group,
                        model::month_of(&r.started_on),
                    ];
                    f.extend(attrs.iter().map(String::as_str));
                    f.extend([
                        info.area.as_str(),
                        item.as_str(),
                        value.as_str(),
                        score.as_str(),
                    ]);
                    model::csv_line(&mut line, &f);
                    out.push_str(&line);
                    tally.rows += 1;
                }
                send(Piece::Csv(out.into_bytes()))?;
                beat(db, id, tally.rows).await?;
            }
        }
        DatasetKind::Activities => {
            let dlo = from.format("%Y-%m-%d").to_string();
            let dhi = until.format("%Y-%m-%d").to_string();
            // The mentee school of each relationship: one taking part itself first (the
            // first by id), else the first school of a mentee person.
            let mut school_of: HashMap<Uuid, (bool, Uuid)> = HashMap::new();
            for (rel, school, direct) in repo::mentee_schools(db, place, &dlo, &dhi).await? {
                let e = school_of.entry(rel).or_insert((direct, school));
                if (direct, std::cmp::Reverse(school)) > (e.0, std::cmp::Reverse(e.1)) {
                    *e = (direct, school);
                }
            }
            let hubs: HashMap<Uuid, (String, String)> = repo::hubs(db)
                .await?
                .into_iter()
                .map(|(id, name, country)| (id, (name, country)))
                .collect();
            // An activity's unit: its mentee school when the scope has it, else its hub.
            let unit_of = |hub: Uuid, rel: Option<Uuid>| -> ActivityUnit {
                match rel
                    .and_then(|r| school_of.get(&r))
                    .filter(|(_, s)| by_id.contains_key(s))
                {
                    Some((_, s)) => ActivityUnit::School(*s),
                    None => ActivityUnit::Hub(hub),
                }
            };
            let (people, total) = repo::activity_people(db, place, &dlo, &dhi).await?;
            let mut per_unit: HashMap<ActivityUnit, std::collections::HashSet<Uuid>> =
                HashMap::new();
            for (hub, rel, person) in people {
                per_unit
                    .entry(unit_of(hub, rel))
                    .or_default()
                    .insert(person);
            }
            // A school's own dataset holds only its own activities.
            let only = match (d.scope_kind, d.scope_id) {
                (crate::analytics::model::ScopeKind::School, Some(s)) => {
                    Some(ActivityUnit::School(s))
                }
                _ => None,
            };
            let order: Vec<ActivityUnit> = per_unit
                .keys()
                .copied()
                .filter(|u| only.is_none_or(|o| o == *u))
                .collect();
            let units: Vec<Unit> = order
                .iter()
                .map(|u| Unit {
                    attrs: match u {
                        ActivityUnit::School(s) => by_id
                            .get(s)
                            .map(|row| school_attrs(&secret, row))
                            .unwrap_or_default(),
                        ActivityUnit::Hub(h) => {
                            let (name, country) = hubs.get(h).cloned().unwrap_or_default();
                            let g = model::GENERALISED.to_string();
                            vec![g.clone(), g.clone(), g, name, country]
                        }
                    },
                    fixed: vec![],
                    people: per_unit.get(u).map_or(0, |p| p.len() as u64),
                })
                .collect();
            let published = model::generalise(&units, k);
            let mut publish_of: HashMap<ActivityUnit, &Published> = HashMap::new();
            for ((key, p), u) in order.iter().zip(&published).zip(&units) {
                publish_of.insert(*key, p);
                tally_unit(&mut counts, p, u, levels);
            }
            started(db, &d, total).await?;
            let mut after = None;
            loop {
                let page = repo::activity_page(db, place, (&dlo, &dhi), after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                let ids: Vec<Uuid> = page.iter().map(|a| a.id).collect();
                let mut roles: HashMap<Uuid, [i64; 3]> = HashMap::new();
                for (a, role, n) in repo::attendee_counts(db, &ids).await? {
                    let e = roles.entry(a).or_default();
                    match role.as_str() {
                        "mentor" => e[0] += n,
                        "mentee" => e[1] += n,
                        _ => e[2] += n,
                    }
                }
                let mut out = String::with_capacity(page.len() * 160);
                for a in &page {
                    let unit = unit_of(a.hub_id, a.relationship_id);
                    if only.is_some_and(|o| o != unit) {
                        continue;
                    }
                    let Some(Published::At { attrs, level }) = publish_of.get(&unit) else {
                        tally.dropped += 1;
                        continue;
                    };
                    // Where the school is generalised, so are its relationship and
                    // programme: they would otherwise gather the school's rows again.
                    let tag = |kind: &str, id: Option<Uuid>| match id {
                        None => String::new(),
                        Some(_) if *level > 0 => model::GENERALISED.to_string(),
                        Some(id) => model::pseudonym(&secret, kind, id),
                    };
                    let [mentors, mentees, others] = roles.get(&a.id).copied().unwrap_or_default();
                    let (ap, lp, pp) = (
                        model::pseudonym(&secret, "a", a.id),
                        tag("l", a.relationship_id),
                        tag("p", a.programme_id),
                    );
                    let nums = [a.minutes, mentors, mentees, others].map(|n| n.to_string());
                    line.clear();
                    let mut f: Vec<&str> =
                        vec![&ap, &lp, &pp, model::month_of(&a.date), &a.kind, &a.mode];
                    f.extend(nums.iter().map(String::as_str));
                    f.extend(attrs.iter().map(String::as_str));
                    model::csv_line(&mut line, &f);
                    out.push_str(&line);
                    tally.rows += 1;
                }
                send(Piece::Csv(out.into_bytes()))?;
                beat(db, id, tally.rows).await?;
            }
        }
    }

    counts.rows = tally.rows;
    counts.rows_dropped = tally.dropped;
    let scope = match (d.scope_kind, d.scope_id) {
        (kind, Some(_)) => format!("{} (pseudonymous)", kind.as_str()),
        (kind, None) => kind.as_str().to_string(),
    };
    let readme = model::readme(
        d.kind,
        &scope,
        (model::month_of(&d.date_from), model::month_of(&d.date_to)),
        k,
        &counts,
    );
    let schema = serde_json::to_string_pretty(&model::table_schema(d.kind))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    send(Piece::Finish { schema, readme })?;
    drop(tx);
    let size = writer
        .await
        .map_err(|e| ApiError::internal(format!("the dataset writer failed: {e}")))?
        .map_err(|e| ApiError::internal(format!("cannot write the dataset: {e}")))?;
    std::fs::rename(&part, file_of(data_dir, id))
        .map_err(|e| ApiError::internal(format!("cannot keep the dataset file: {e}")))?;

    let now = crate::db::now();
    let mut d = repo::dataset(db, id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("dataset {id} is gone")))?;
    d.status = DatasetStatus::Ready;
    d.rows_done = i64::try_from(tally.rows).unwrap_or(i64::MAX);
    d.rows_total = d.rows_done;
    d.rows_dropped = i64::try_from(tally.dropped).unwrap_or(i64::MAX);
    d.people = i64::try_from(counts.people).unwrap_or(i64::MAX);
    d.file_size = Some(i64::try_from(size).unwrap_or(i64::MAX));
    d.finished_at = Some(now);
    d.heartbeat_at = Some(now);
    d.expires_at = Some(now + chrono::Duration::days(model::RETENTION_DAYS));
    repo::update(db, d.clone()).await?;
    crate::audit::service::record(
        db,
        crate::audit::service::Actor::SYSTEM,
        "dataset.generated",
        ("dataset", Some(id)),
        crate::audit::service::Where {
            hub_id: d.hub_id,
            school_id: None,
        },
        serde_json::json!({
            "kind": d.kind.as_str(),
            "rows": tally.rows,
            "rows_dropped": tally.dropped,
            "people": counts.people,
        }),
    )
    .await?;
    Ok(tally.rows)
}

fn tally_unit(counts: &mut model::Counts, p: &Published, u: &Unit, levels: usize) {
    match p {
        Published::At { level, .. } => {
            counts.people += u.people;
            if let Some(c) = counts.units_at_level.get_mut(*level) {
                *c += 1;
            }
        }
        Published::Dropped => {
            counts.people_dropped += u.people;
            if let Some(c) = counts.units_at_level.get_mut(levels + 1) {
                *c += 1;
            }
        }
    }
}

/// The total is known: the job is under way.
async fn started(db: &DatabaseConnection, d: &dataset::Model, total: i64) -> ApiResult<()> {
    let mut d = d.clone();
    d.status = DatasetStatus::Running;
    d.rows_total = total;
    d.rows_done = 0;
    d.heartbeat_at = Some(crate::db::now());
    repo::update(db, d).await
}

async fn beat(db: &DatabaseConnection, id: Uuid, rows: u64) -> ApiResult<()> {
    repo::progress(db, id, i64::try_from(rows).unwrap_or(i64::MAX)).await
}
