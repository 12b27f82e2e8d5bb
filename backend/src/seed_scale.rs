//! Data at the size the product is for: `ihub seed --scale region|national`.
//!
//! `national` is four hubs of 250 schools (1,000 schools), 30 teachers and a leader per
//! school (31,000 people) with two submitted self-reflections each, three closed readiness
//! campaigns per school answered by leaders, teachers and ≈ 430 students (≈ 20 M answers),
//! a programme of 50 schools per hub (its 40 mentee schools with a development plan each)
//! and 40,000 mentoring activities. `region` is one hub
//! of that kind (a quarter). Everything is generated from a fixed seed, so two runs make
//! the same data (ids included), and written with multi-row INSERTs in chunked
//! transactions; rows follow the same invariants as the services keep (grants with their
//! scope keys, answers only on the items a group is asked, every value on its scale,
//! closed campaigns with their results kept, attendees who are participants' staff).
//! Every account shares the demo password.

use crate::campaigns::entity::{campaign, campaign_code, response, response_answer};
use crate::directory::entity::{hub, school};
use crate::directory::model::SchoolKind;
use crate::error::{ApiError, ApiResult};
use crate::instruments::entity::{instrument, instrument_version};
use crate::instruments::model::Definition;
use crate::mentoring::entity::{
    activity, attendee, enrolment, participant, plan, plan_action, plan_goal, programme,
    relationship,
};
use crate::mentoring::model::{
    ActivityMode, ActivityState, AttendeeRole, ParticipantRole, PlanActionStatus, RelationshipKind,
    RelationshipStatus, SchoolRole,
};
use crate::people::entity::{person, role_grant};
use crate::platform::validate::fold;
use crate::reflection::entity::{reflection, reflection_answer};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Iterable, QueryFilter, TransactionTrait,
};
use uuid::Uuid;

/// How much to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// One hub of 250 schools.
    Region,
    /// Four hubs of 250 schools.
    National,
}

/// The dimensions of generated data.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub hubs: usize,
    pub schools_per_hub: usize,
    pub teachers_per_school: usize,
    /// Students answering each campaign (± 20).
    pub students_per_campaign: usize,
    pub activities_per_hub: usize,
    /// Schools in each hub's programme; the first fifth of them mentor the others.
    pub programme_schools: usize,
}

impl Scale {
    pub fn size(self) -> Size {
        let national = Size {
            hubs: 4,
            schools_per_hub: 250,
            teachers_per_school: 30,
            students_per_campaign: 430,
            activities_per_hub: 10_000,
            programme_schools: 50,
        };
        match self {
            Scale::National => national,
            Scale::Region => Size {
                hubs: 1,
                ..national
            },
        }
    }
}

/// What was made, for the log.
#[derive(Debug, Default)]
pub struct Made {
    pub hubs: usize,
    pub schools: usize,
    pub people: usize,
    pub reflections: usize,
    pub campaigns: usize,
    pub responses: usize,
    pub answers: usize,
    pub activities: usize,
    pub plans: usize,
}

/// (name, country, language, time zone, places)
const HUBS: [(&str, &str, &str, &str, &[&str]); 4] = [
    (
        "Scale Hub Harju",
        "EE",
        "et",
        "Europe/Tallinn",
        &[
            "Kose",
            "Saue",
            "Keila",
            "Rae",
            "Jõelähtme",
            "Kiili",
            "Kuusalu",
            "Loksa",
            "Maardu",
            "Paldiski",
            "Raasiku",
            "Saku",
            "Anija",
            "Lääne-Harju",
            "Viimsi",
            "Kehra",
        ],
    ),
    (
        "Scale Hub Uusimaa",
        "FI",
        "fi",
        "Europe/Helsinki",
        &[
            "Porvoo",
            "Loviisa",
            "Sipoo",
            "Kerava",
            "Järvenpää",
            "Tuusula",
            "Nurmijärvi",
            "Hyvinkää",
            "Lohja",
            "Vihti",
            "Karkkila",
            "Raasepori",
            "Hanko",
            "Inkoo",
            "Siuntio",
            "Kirkkonummi",
        ],
    ),
    (
        "Scale Hub Kaunas",
        "LT",
        "lt",
        "Europe/Vilnius",
        &[
            "Kaunas",
            "Kėdainiai",
            "Jonava",
            "Kaišiadorys",
            "Prienai",
            "Birštonas",
            "Raseiniai",
            "Šakiai",
            "Garliava",
            "Ežerėlis",
            "Vilkija",
            "Akademija",
            "Domeikava",
            "Karmėlava",
            "Raudondvaris",
            "Zapyškis",
        ],
    ),
    (
        "Scale Hub Adjara",
        "GE",
        "ka",
        "Asia/Tbilisi",
        &[
            "Batumi",
            "Kobuleti",
            "Keda",
            "Shuakhevi",
            "Khulo",
            "Khelvachauri",
            "Chakvi",
            "Makhinjauri",
            "Gonio",
            "Sarpi",
            "Ochkhamuri",
            "Tsikhisdziri",
            "Kvariati",
            "Erge",
            "Peria",
            "Adlia",
        ],
    ),
];

const FIRST: [&str; 24] = [
    "Anna", "Mari", "Liis", "Kadri", "Aino", "Elina", "Saara", "Tiina", "Rūta", "Eglė", "Nino",
    "Tamar", "Jaan", "Mart", "Toomas", "Mikko", "Juha", "Antti", "Jonas", "Mantas", "Giorgi",
    "Levan", "Ülle", "Jüri",
];
const LAST: [&str; 24] = [
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Lehtonen",
    "Kazlauskas",
    "Jankauskas",
    "Petrauskas",
    "Žukauskas",
    "Beridze",
    "Kapanadze",
    "Gelashvili",
    "Lõhmus",
    "Põder",
    "Härm",
    "Järvinen",
    "Šimkus",
    "Rebane",
    "Ilves",
];
const KINDS: [(SchoolKind, &str); 4] = [
    (SchoolKind::Basic, "Basic School"),
    (SchoolKind::UpperSecondary, "Gymnasium"),
    (SchoolKind::Primary, "Primary School"),
    (SchoolKind::Comprehensive, "School"),
];

/// Fixed start of the generated ids' clock (2026-01-01), so that ids are the same each run.
const ID_EPOCH_MS: u64 = 1_767_225_600_000;

struct Gen {
    rng: StdRng,
    tick: u64,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Self {
            rng: StdRng::seed_from_u64(seed),
            tick: 0,
        }
    }
    /// A UUIDv7 on a fixed clock: ordered, unique, the same every run.
    fn id(&mut self) -> Uuid {
        self.tick += 1;
        let bytes: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(ID_EPOCH_MS + self.tick / 64, &bytes).into_uuid()
    }
    fn below(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }
    /// A value on a 1..=`top` ordinal scale around `centre`.
    fn around(&mut self, centre: f64, top: i32) -> i32 {
        let spread: f64 = self.rng.random_range(-1.6..1.6);
        ((centre + spread).round() as i32).clamp(1, top)
    }
    fn name(&mut self) -> String {
        format!(
            "{} {}",
            FIRST[self.below(FIRST.len())],
            LAST[self.below(LAST.len())]
        )
    }
    fn hex(&mut self) -> String {
        let b: [u8; 32] = self.rng.random();
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}

/// Buffered multi-row INSERTs of one entity: a statement per `per` rows, kept well under
/// SQLite's and PostgreSQL's limits on bound values.
struct Batch<A: ActiveModelTrait> {
    rows: Vec<A>,
    per: usize,
}

impl<A> Batch<A>
where
    A: ActiveModelTrait + Send,
{
    fn new() -> Self {
        let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
        Self {
            rows: Vec::new(),
            per: (30_000 / columns).max(1),
        }
    }
    /// Rows are only collected here; [`Batch::flush`] writes them, so the caller decides
    /// the order (parents before children).
    async fn push(&mut self, _db: &impl ConnectionTrait, row: A) -> ApiResult<()> {
        self.rows.push(row);
        Ok(())
    }
    async fn flush(&mut self, db: &impl ConnectionTrait) -> ApiResult<()> {
        let mut rows = std::mem::take(&mut self.rows).into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<A> = rows.by_ref().take(self.per).collect();
            <A::Entity as EntityTrait>::insert_many(chunk)
                .exec_without_returning(db)
                .await?;
        }
        Ok(())
    }
}

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

async fn version_of(db: &DatabaseConnection, key: &str) -> ApiResult<(Uuid, Definition)> {
    let inst = instrument::Entity::find()
        .filter(instrument::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal(format!("instrument {key} is not loaded")))?;
    let v = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal(format!("instrument {key} has no version")))?;
    let def = crate::instruments::service::parse_definition(&v)?;
    Ok((v.id, def))
}

/// Campaign codes in the service's shape (`XXXX-XXXX-XXXX`), unique by construction.
fn code_for(n: u64) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5CA1_E000_0000_0000;
    let mut s = String::new();
    for i in 0..12 {
        if i == 4 || i == 8 {
            s.push('-');
        }
        s.push(ALPHABET[(x % 32) as usize] as char);
        x /= 32;
    }
    // the low 60 bits of the multiplied counter are unique; the prefix keeps them apart
    // from codes the service draws at random (which never start with 'S').
    format!("S{}", &s[1..])
}

/// Generate the data. Refuses when the scale hubs are there already.
pub async fn seed(db: &DatabaseConnection, size: Size) -> ApiResult<Made> {
    let hubs = size.hubs.clamp(1, HUBS.len());
    let schools_per_hub = size.schools_per_hub.max(2);
    let teachers_per_school = size.teachers_per_school.max(1);
    let students = size.students_per_campaign.max(1);
    let programme_schools = size.programme_schools.clamp(2, schools_per_hub);
    let mentor_schools = (programme_schools / 5).max(1);
    if hub::Entity::find()
        .filter(hub::Column::NameFolded.eq(fold(HUBS[0].0)))
        .one(db)
        .await?
        .is_some()
    {
        return Err(ApiError::internal(
            "the scale data is loaded already; start from an empty database",
        ));
    }
    let (readiness_id, readiness) = version_of(db, "school-readiness").await?;
    let (competence_id, competence) = version_of(db, "digcompedu-teacher").await?;
    let password =
        crate::auth::password::hash(crate::seed::DEMO_PASSWORD).map_err(ApiError::internal)?;
    let mut g = Gen::new(20_261_204);
    let mut made = Made::default();
    let mut codes: u64 = 0;
    for (h, (hub_name, country, lang, tz, places)) in HUBS.iter().take(hubs).enumerate() {
        let now = at(date(2026, 8, 1), 9);
        let hub_id = g.id();
        let txn = db.begin().await?;
        hub::Model {
            id: hub_id,
            name: (*hub_name).into(),
            name_folded: fold(hub_name),
            country: (*country).into(),
            region: Some((*hub_name).trim_start_matches("Scale Hub ").into()),
            languages: format!("{lang},en"),
            time_zone: (*tz).into(),
            description: Some("Generated at national scale for measuring.".into()),
            created_at: now,
            updated_at: now,
            version: 1,
        }
        .into_active_model()
        .insert(&txn)
        .await?;
        made.hubs += 1;
        let mut people = Batch::<person::ActiveModel>::new();
        let mut grants = Batch::<role_grant::ActiveModel>::new();
        let add_person = |g: &mut Gen, email: String, name: String| {
            let id = g.id();
            let row = person::Model {
                id,
                email,
                name_folded: fold(&name),
                name,
                password_hash: Some(password.clone()),
                locale: (*lang).into(),
                active: true,
                created_at: now,
                updated_at: now,
                deactivated_at: None,
                version: 1,
                notify_by_email: false,
                in_statistics: true,
                stat_key: g.rng.random_range(0..crate::analytics::model::STAT_KEYS),
            };
            (id, row.into_active_model())
        };
        let grant =
            |g: &mut Gen, person_id: Uuid, role: crate::auth::model::Role, school: Option<Uuid>| {
                role_grant::Model {
                    id: g.id(),
                    person_id,
                    role,
                    // As the app writes them: a school's grant names its hub too.
                    hub_id: Some(hub_id),
                    school_id: school,
                    scope_key: crate::auth::model::Grant::scope_key(role, Some(hub_id), school),
                    created_at: now,
                    created_by: None,
                }
                .into_active_model()
            };
        let n = h + 1;
        let (coordinator, row) = add_person(
            &mut g,
            format!("coordinator.h{n}@scale.example"),
            format!("Coordinator of hub {n}"),
        );
        people.push(&txn, row).await?;
        grants
            .push(
                &txn,
                grant(
                    &mut g,
                    coordinator,
                    crate::auth::model::Role::HubCoordinator,
                    None,
                ),
            )
            .await?;
        let mut mentors = Vec::new();
        for m in 1..=4 {
            let mentor_name = g.name();
            let (id, row) = add_person(
                &mut g,
                format!("mentor.h{n}.m{m}@scale.example"),
                format!("{} (mentor)", mentor_name),
            );
            people.push(&txn, row).await?;
            grants
                .push(
                    &txn,
                    grant(&mut g, id, crate::auth::model::Role::Mentor, None),
                )
                .await?;
            mentors.push(id);
        }
        people.flush(&txn).await?;
        grants.flush(&txn).await?;
        txn.commit().await?;

        // Schools, their people and self-reflections, ten schools to a transaction.
        let mut schools: Vec<(Uuid, Uuid, f64)> = Vec::new(); // (school, leader, profile)
        for chunk in 0..schools_per_hub.div_ceil(10) {
            let txn = db.begin().await?;
            let mut rows = Batch::<school::ActiveModel>::new();
            let mut refl = Batch::<reflection::ActiveModel>::new();
            let mut answers = Batch::<reflection_answer::ActiveModel>::new();
            for s in chunk * 10..((chunk + 1) * 10).min(schools_per_hub) {
                let school_id = g.id();
                let (kind, kind_name) = KINDS[s % KINDS.len()];
                let place = places[s % places.len()];
                let name = format!("{place} {kind_name} {}", s / places.len() + 1);
                rows.push(
                    &txn,
                    school::Model {
                        id: school_id,
                        hub_id,
                        name_folded: fold(&name),
                        name,
                        country: (*country).into(),
                        municipality: Some(place.into()),
                        kind,
                        languages: (*lang).into(),
                        time_zone: (*tz).into(),
                        teacher_count: Some(teachers_per_school as i32),
                        student_count: Some((students + students / 6) as i32),
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    }
                    .into_active_model(),
                )
                .await?;
                rows.flush(&txn).await?;
                let leader_name = g.name();
                let (leader, row) = add_person(
                    &mut g,
                    format!("leader.h{n}.s{}@scale.example", s + 1),
                    leader_name,
                );
                people.push(&txn, row).await?;
                grants
                    .push(
                        &txn,
                        grant(
                            &mut g,
                            leader,
                            crate::auth::model::Role::SchoolLeader,
                            Some(school_id),
                        ),
                    )
                    .await?;
                // A school's own level: some schools are far ahead of others.
                let profile = 1.6 + 2.6 * g.rng.random::<f64>();
                schools.push((school_id, leader, profile));
                for t in 1..=teachers_per_school {
                    let teacher_name = g.name();
                    let (teacher, row) = add_person(
                        &mut g,
                        format!("teacher.h{n}.s{}.t{t}@scale.example", s + 1),
                        teacher_name,
                    );
                    people.push(&txn, row).await?;
                    grants
                        .push(
                            &txn,
                            grant(
                                &mut g,
                                teacher,
                                crate::auth::model::Role::Teacher,
                                Some(school_id),
                            ),
                        )
                        .await?;
                    let level = profile - 1.0 + g.rng.random::<f64>();
                    for (year, growth) in [(2025, 0.0), (2026, 0.4)] {
                        let id = g.id();
                        let day = date(year, 3, 2) + Duration::days(g.below(60) as i64);
                        refl.push(
                            &txn,
                            reflection::Model {
                                id,
                                person_id: teacher,
                                instrument_version_id: competence_id,
                                status: crate::reflection::model::ReflectionStatus::Submitted,
                                started_at: at(day, 12),
                                updated_at: at(day, 13),
                                submitted_at: Some(at(day, 13)),
                            }
                            .into_active_model(),
                        )
                        .await?;
                        made.reflections += 1;
                        for item in &competence.items {
                            let v = g.around(level + growth, 6);
                            let value = ["a1", "a2", "b1", "b2", "c1", "c2"][(v - 1) as usize];
                            answers
                                .push(
                                    &txn,
                                    reflection_answer::Model {
                                        reflection_id: id,
                                        item_key: item.key.clone(),
                                        value: value.into(),
                                        updated_at: at(day, 13),
                                    }
                                    .into_active_model(),
                                )
                                .await?;
                        }
                    }
                }
                made.people += 1 + teachers_per_school;
            }
            people.flush(&txn).await?;
            grants.flush(&txn).await?;
            refl.flush(&txn).await?;
            answers.flush(&txn).await?;
            txn.commit().await?;
            made.schools += (((chunk + 1) * 10).min(schools_per_hub)) - chunk * 10;
        }
        made.people += 5;

        // Three closed readiness campaigns per school.
        let groups = ["leader", "teacher", "student"];
        let asked: Vec<Vec<&str>> = groups
            .iter()
            .map(|grp| {
                readiness
                    .items
                    .iter()
                    .filter(|i| i.core && i.groups.iter().any(|x| x == grp))
                    .map(|i| i.key.as_str())
                    .collect()
            })
            .collect();
        let rounds = [
            ("Autumn 2024 readiness check", date(2024, 10, 7)),
            ("Autumn 2025 readiness check", date(2025, 10, 6)),
            ("Autumn 2026 readiness check", date(2026, 10, 5)),
        ];
        let mut campaign_rows = Vec::new();
        for chunk in schools.chunks(5) {
            let txn = db.begin().await?;
            let mut camps = Batch::<campaign::ActiveModel>::new();
            let mut code_rows = Batch::<campaign_code::ActiveModel>::new();
            let mut resp = Batch::<response::ActiveModel>::new();
            let mut ans = Batch::<response_answer::ActiveModel>::new();
            for (school_id, leader, profile) in chunk {
                for (r, (name, opens)) in rounds.iter().enumerate() {
                    let id = g.id();
                    let closes = *opens + Duration::days(11);
                    let c = campaign::Model {
                        id,
                        school_id: *school_id,
                        instrument_version_id: readiness_id,
                        name: (*name).into(),
                        groups: groups.join(","),
                        optional_items: "[]".into(),
                        custom_items: "[]".into(),
                        expected: format!(
                            r#"{{"leader":3,"student":{},"teacher":{teachers_per_school}}}"#,
                            students + students / 6
                        ),
                        opens_on: opens.to_string(),
                        closes_on: closes.to_string(),
                        time_zone: (*tz).into(),
                        closed_early_at: None,
                        focus_items: "[]".into(),
                        shared_with_mentors: true,
                        shared_with_coordinator: true,
                        created_by: Some(*leader),
                        created_at: at(*opens - Duration::days(7), 9),
                        updated_at: at(*opens - Duration::days(7), 9),
                        version: 1,
                    };
                    campaign_rows.push(c.clone());
                    camps.push(&txn, c.into_active_model()).await?;
                    made.campaigns += 1;
                    for (gi, grp) in groups.iter().enumerate() {
                        codes += 1;
                        code_rows
                            .push(
                                &txn,
                                campaign_code::Model {
                                    id: g.id(),
                                    campaign_id: id,
                                    respondent_group: crate::platform::enums::known(grp)?,
                                    code: code_for(codes),
                                }
                                .into_active_model(),
                            )
                            .await?;
                        let count = match gi {
                            0 => 3,
                            1 => {
                                teachers_per_school.saturating_sub(4).max(1)
                                    + g.below(5.min(teachers_per_school))
                            }
                            _ => {
                                students.saturating_sub(students / 20) + g.below(students / 10 + 1)
                            }
                        };
                        let centre = profile + 0.25 * r as f64 + if gi == 2 { 0.3 } else { 0.0 };
                        for _ in 0..count {
                            let rid = g.id();
                            resp.push(
                                &txn,
                                response::Model {
                                    id: rid,
                                    campaign_id: id,
                                    respondent_group: crate::platform::enums::known(grp)?,
                                    token_hash: g.hex(),
                                    status: crate::campaigns::model::ResponseStatus::Submitted,
                                    started_on: (*opens + Duration::days(g.below(11) as i64))
                                        .to_string(),
                                }
                                .into_active_model(),
                            )
                            .await?;
                            made.responses += 1;
                            for key in &asked[gi] {
                                let value = if g.chance(0.03) {
                                    "n_a".to_string()
                                } else {
                                    format!("a{}", g.around(centre, 5))
                                };
                                ans.push(
                                    &txn,
                                    response_answer::Model {
                                        response_id: rid,
                                        item_key: (*key).into(),
                                        value,
                                    }
                                    .into_active_model(),
                                )
                                .await?;
                                made.answers += 1;
                            }
                        }
                    }
                }
            }
            camps.flush(&txn).await?;
            code_rows.flush(&txn).await?;
            resp.flush(&txn).await?;
            ans.flush(&txn).await?;
            txn.commit().await?;
        }
        // Closed campaigns' results are kept once, as the first read after closing would.
        for chunk in campaign_rows.chunks(60) {
            crate::campaigns::results::keep(db, chunk).await?;
        }

        // A programme of 50 schools (10 mentor schools, 40 mentees), school-to-school
        // relationships inside it, expert-to-school relationships with the hub's mentors
        // for the other schools, and 10,000 final activities between them.
        let txn = db.begin().await?;
        let programme_id = g.id();
        programme::Model {
            id: programme_id,
            hub_id,
            name: format!("Digital Accelerator {}", 2025 + h as i32 % 2),
            method: "digital_accelerator".into(),
            description: Some("Schools that lead mentor schools that start.".into()),
            starts_on: "2025-09-01".into(),
            ends_on: "2027-06-15".into(),
            mentoring_min_hours: 35,
            mentoring_max_hours: 80,
            training_targets: r#"{"teachers":20,"leaders":10}"#.into(),
            created_by: coordinator,
            created_at: now,
            updated_at: now,
            version: 1,
        }
        .into_active_model()
        .insert(&txn)
        .await?;
        let mut enrol = Batch::<enrolment::ActiveModel>::new();
        for (i, (school_id, _, _)) in schools.iter().take(programme_schools).enumerate() {
            enrol
                .push(
                    &txn,
                    enrolment::Model {
                        id: g.id(),
                        programme_id,
                        school_id: *school_id,
                        role: if i < mentor_schools {
                            SchoolRole::MentorSchool
                        } else {
                            SchoolRole::MenteeSchool
                        },
                        approval: crate::mentoring::model::EnrolmentApproval::Approved,
                        cycle: 1,
                        needs_campaign_id: None,
                        needs_version: 1,
                        created_at: now,
                    }
                    .into_active_model(),
                )
                .await?;
        }
        enrol.flush(&txn).await?;
        // (relationship, programme, mentor side person, mentee school leader)
        let mut rels: Vec<(Uuid, Option<Uuid>, Uuid, Uuid)> = Vec::new();
        let mut rel_rows = Batch::<relationship::ActiveModel>::new();
        let mut parts = Batch::<participant::ActiveModel>::new();
        for (i, (school_id, leader, _)) in schools.iter().enumerate() {
            if i < mentor_schools {
                continue;
            }
            let id = g.id();
            let in_programme = i < programme_schools;
            let (kind, mentor_person, mentor_school) = if in_programme {
                let (ms, ml, _) = schools[i % mentor_schools];
                (RelationshipKind::SchoolToSchool, ml, Some(ms))
            } else {
                (
                    RelationshipKind::ExpertToSchool,
                    mentors[i % mentors.len()],
                    None,
                )
            };
            rel_rows
                .push(
                    &txn,
                    relationship::Model {
                        id,
                        hub_id,
                        programme_id: in_programme.then_some(programme_id),
                        kind,
                        title: format!("Mentoring {}", i + 1),
                        focus: r#"["school-readiness:infrastructure","school-readiness:cpd"]"#
                            .into(),
                        agreement: None,
                        meeting_rhythm: Some("every two weeks".into()),
                        status: RelationshipStatus::Active,
                        created_by: coordinator,
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    }
                    .into_active_model(),
                )
                .await?;
            let mentor_side = participant::Model {
                id: g.id(),
                relationship_id: id,
                person_id: if mentor_school.is_some() {
                    None
                } else {
                    Some(mentor_person)
                },
                school_id: mentor_school,
                role: ParticipantRole::Mentor,
                added_by: coordinator,
                added_at: now,
            };
            parts.push(&txn, mentor_side.into_active_model()).await?;
            parts
                .push(
                    &txn,
                    participant::Model {
                        id: g.id(),
                        relationship_id: id,
                        person_id: None,
                        school_id: Some(*school_id),
                        role: ParticipantRole::Mentee,
                        added_by: coordinator,
                        added_at: now,
                    }
                    .into_active_model(),
                )
                .await?;
            rels.push((
                id,
                in_programme.then_some(programme_id),
                mentor_person,
                *leader,
            ));
        }
        rel_rows.flush(&txn).await?;
        parts.flush(&txn).await?;
        txn.commit().await?;
        // A development plan per mentee school of the programme: a goal on each of two
        // readiness areas and one on a statement, each with three actions.
        let txn = db.begin().await?;
        let mut plan_rows = Batch::<plan::ActiveModel>::new();
        let mut goal_rows = Batch::<plan_goal::ActiveModel>::new();
        let mut action_rows = Batch::<plan_action::ActiveModel>::new();
        let areas: Vec<&str> = readiness
            .areas
            .iter()
            .map(|a| a.key.as_str())
            .filter(|a| !a.is_empty())
            .take(2)
            .collect();
        let item = readiness
            .items
            .first()
            .map(|i| (i.area.clone(), i.key.clone()));
        let made_on = at(date(2025, 10, 1), 10);
        for (school_id, leader, _) in schools.iter().take(programme_schools).skip(mentor_schools) {
            let plan_id = g.id();
            plan_rows
                .push(
                    &txn,
                    plan::Model {
                        id: plan_id,
                        school_id: *school_id,
                        title: "Our digital development plan".into(),
                        campaign_id: None,
                        created_by: *leader,
                        created_at: made_on,
                        updated_at: made_on,
                        version: 1,
                    }
                    .into_active_model(),
                )
                .await?;
            let mut goals: Vec<(String, Option<String>)> = areas
                .iter()
                .map(|a| (format!("school-readiness:{a}"), None))
                .collect();
            if let Some((area, key)) = &item {
                goals.push((format!("school-readiness:{area}"), Some(key.clone())));
            }
            for (pos, (area, source_item)) in goals.into_iter().enumerate() {
                let goal_id = g.id();
                let current = 2.5 + g.below(10) as f64 / 10.0;
                goal_rows
                    .push(
                        &txn,
                        plan_goal::Model {
                            id: goal_id,
                            plan_id,
                            position: pos as i32,
                            title: format!("Goal {}", pos + 1),
                            area,
                            source_item,
                            current_value: Some(current),
                            target_value: current + 0.5,
                            indicator: "The area's mean in the next campaign".into(),
                            owner_id: Some(*leader),
                            owner_name: None,
                        }
                        .into_active_model(),
                    )
                    .await?;
                for a in 0..3 {
                    let due =
                        date(2025, 11, 1) + Duration::days(60 * a as i64 + g.below(30) as i64);
                    action_rows
                        .push(
                            &txn,
                            plan_action::Model {
                                id: g.id(),
                                goal_id,
                                position: a,
                                title: format!("Step {}", a + 1),
                                owner_name: None,
                                due_on: Some(due.to_string()),
                                status: [
                                    PlanActionStatus::Done,
                                    PlanActionStatus::InProgress,
                                    PlanActionStatus::Planned,
                                ][g.below(3)],
                                evidence: "[]".into(),
                                proposed_by: None,
                                updated_at: made_on,
                                owner_id: Some(*leader),
                            }
                            .into_active_model(),
                        )
                        .await?;
                }
            }
            made.plans += 1;
        }
        plan_rows.flush(&txn).await?;
        goal_rows.flush(&txn).await?;
        action_rows.flush(&txn).await?;
        txn.commit().await?;
        let per_rel = size.activities_per_hub / rels.len().max(1);
        let extra = size.activities_per_hub % rels.len().max(1);
        for (ri, chunk) in rels.chunks(20).enumerate() {
            let txn = db.begin().await?;
            let mut acts = Batch::<activity::ActiveModel>::new();
            let mut att = Batch::<attendee::ActiveModel>::new();
            for (j, (rel, prog, mentor, mentee)) in chunk.iter().enumerate() {
                let k = per_rel + usize::from(ri * 20 + j < extra);
                for a in 0..k {
                    let id = g.id();
                    let day = date(2025, 9, 1) + Duration::days((a * 440 / k.max(1)) as i64);
                    acts.push(
                        &txn,
                        activity::Model {
                            id,
                            hub_id,
                            programme_id: *prog,
                            relationship_id: Some(*rel),
                            date: day.to_string(),
                            duration_minutes: [30, 45, 60, 90, 120][g.below(5)],
                            mode: [ActivityMode::OnSite, ActivityMode::Online][g.below(2)],
                            kind: ["meeting", "workshop", "classroom_observation"][g.below(3)]
                                .into(),
                            state: ActivityState::Final,
                            topics: "[]".into(),
                            notes: None,
                            outcomes: None,
                            follow_ups: None,
                            evidence: "[]".into(),
                            author_id: *mentor,
                            created_at: at(day, 16),
                            updated_at: at(day, 16),
                            version: 1,
                            start_time: None,
                            place: None,
                        }
                        .into_active_model(),
                    )
                    .await?;
                    made.activities += 1;
                    for (who, role) in [
                        (*mentor, AttendeeRole::Mentor),
                        (*mentee, AttendeeRole::Mentee),
                    ] {
                        att.push(
                            &txn,
                            attendee::Model {
                                id: g.id(),
                                activity_id: id,
                                person_id: who,
                                role,
                            }
                            .into_active_model(),
                        )
                        .await?;
                    }
                }
            }
            acts.flush(&txn).await?;
            att.flush(&txn).await?;
            txn.commit().await?;
        }
    }
    // The activities went in without `activities::repo::insert`: the programmes' and
    // relationships' sums kept by a server (under their stamps) must not outlive them.
    crate::mentoring::activities::repo::renew_all_stamps(db).await?;
    // The reflections went in directly too: their pairs are worked out here.
    crate::reflection::changes::backfill(db).await?;
    crate::db::analyze(db).await?;
    Ok(made)
}
