//! Demo data (the iHub4Schools pilot hubs, their universities and schools, and invented
//! people in every role) and the first admin.

use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::Role;
use crate::directory::dto::{HubOrganisationRole, OrganisationKind, SchoolKind};
use crate::directory::entity::{hub, hub_organisation, organisation, school};
use crate::error::{ApiError, ApiResult};
use crate::people::entity::person;
use crate::people::service::{create_person_with_hash, create_person_with_password, ensure_grant};
use crate::platform::validate::fold;
use crate::platform::validate::normalise_email;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

/// The one password every demo account shares; printed by `seed --demo` and `make run`.
pub const DEMO_PASSWORD: &str = "ihub-demo-2026";

pub struct DemoLogin {
    pub role: String,
    pub email: String,
    pub password: String,
}

/// (name, kind, municipality, languages of instruction, number of teachers)
type SchoolSeed = (
    &'static str,
    SchoolKind,
    Option<&'static str>,
    &'static [&'static str],
    Option<i32>,
);

/// (role, e-mail, name, locale, hub name, school name)
type PersonSeed = (
    Role,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

struct HubSeed {
    name: &'static str,
    country: &'static str,
    region: &'static str,
    languages: &'static [&'static str],
    tz: &'static str,
    description: &'static str,
    orgs: &'static [(
        &'static str,
        OrganisationKind,
        &'static str,
        HubOrganisationRole,
    )],
    schools: &'static [SchoolSeed],
}

const HUBS: &[HubSeed] = &[
    HubSeed {
        name: "Estonian Digital Accelerator",
        country: "EE",
        region: "Estonia",
        languages: &["et", "en"],
        tz: "Europe/Tallinn",
        description: "Six schools map their needs in digital infrastructure and security, then teachers and leaders train over six months with mentoring from educational technologists.",
        orgs: &[
            (
                "HARNO – Education and Youth Board",
                OrganisationKind::Agency,
                "EE",
                HubOrganisationRole::Coordinator,
            ),
            (
                "Tallinn University",
                OrganisationKind::University,
                "EE",
                HubOrganisationRole::Partner,
            ),
        ],
        schools: &[
            (
                "Astangu Vocational Rehabilitation Center",
                SchoolKind::Vocational,
                Some("Tallinn"),
                &["et"],
                None,
            ),
            (
                "Emili Elementary School",
                SchoolKind::Primary,
                Some("Tallinn"),
                &["et"],
                None,
            ),
            (
                "Audru Primary School",
                SchoolKind::Primary,
                Some("Pärnu"),
                &["et"],
                None,
            ),
            (
                "Jõõpre Primary School",
                SchoolKind::Primary,
                Some("Pärnu"),
                &["et"],
                None,
            ),
            (
                "Maardu High School",
                SchoolKind::UpperSecondary,
                Some("Maardu"),
                &["et", "ru"],
                None,
            ),
            (
                "Rakvere School of Freedom",
                SchoolKind::Basic,
                Some("Rakvere"),
                &["et"],
                None,
            ),
        ],
    },
    HubSeed {
        name: "Porvoo Innovation Hub",
        country: "FI",
        region: "Uusimaa",
        languages: &["fi", "sv"],
        tz: "Europe/Helsinki",
        description: "A Finnish-speaking and a Swedish-speaking school share one building and learn to collaborate across the language barrier with shared cloud tools.",
        orgs: &[(
            "University of Helsinki",
            OrganisationKind::University,
            "FI",
            HubOrganisationRole::Coordinator,
        )],
        schools: &[
            (
                "Kevätkumpu School",
                SchoolKind::Comprehensive,
                Some("Porvoo"),
                &["fi"],
                None,
            ),
            (
                "Vårberga School",
                SchoolKind::Primary,
                Some("Porvoo"),
                &["sv"],
                None,
            ),
        ],
    },
    HubSeed {
        name: "Šiauliai Region Hub",
        country: "LT",
        region: "Šiauliai",
        languages: &["lt"],
        tz: "Europe/Vilnius",
        description: "Whole-school adoption of one learning platform, led by primary teachers and a mathematics teacher.",
        orgs: &[(
            "Vilnius University",
            OrganisationKind::University,
            "LT",
            HubOrganisationRole::Coordinator,
        )],
        schools: &[(
            "Šiauliai Dubysos School",
            SchoolKind::Basic,
            Some("Šiauliai"),
            &["lt"],
            None,
        )],
    },
    HubSeed {
        name: "Adjara Hub",
        country: "GE",
        region: "Adjara",
        languages: &["ka"],
        tz: "Asia/Tbilisi",
        description: "Peer coaching between teachers of different subjects and levels, in a city school and a mountain school.",
        orgs: &[(
            "Batumi Shota Rustaveli State University",
            OrganisationKind::University,
            "GE",
            HubOrganisationRole::Coordinator,
        )],
        schools: &[
            (
                "Batumi Public School N1",
                SchoolKind::Basic,
                Some("Batumi"),
                &["ka"],
                None,
            ),
            (
                "Dologani Public School",
                SchoolKind::Basic,
                None,
                &["ka"],
                None,
            ),
        ],
    },
];

const RESEARCH_PARTNER: (&str, &str) = ("University of Bergen", "NO");

/// (role, e-mail, name, locale, hub name, school name)
const PEOPLE: &[PersonSeed] = &[
    (
        Role::Admin,
        "admin@ihub.example",
        "Aurelia Admin",
        "en",
        None,
        None,
    ),
    (
        Role::HubCoordinator,
        "coordinator.ee@ihub.example",
        "Kadri Kuusk",
        "et",
        Some("Estonian Digital Accelerator"),
        None,
    ),
    (
        Role::Researcher,
        "researcher.ee@ihub.example",
        "Ingrid Solberg",
        "en",
        Some("Estonian Digital Accelerator"),
        None,
    ),
    (
        Role::Mentor,
        "mentor.ee@ihub.example",
        "Priit Pärn",
        "et",
        Some("Estonian Digital Accelerator"),
        None,
    ),
    (
        Role::Mentor,
        "mentor2.ee@ihub.example",
        "Kristi Karu",
        "et",
        Some("Estonian Digital Accelerator"),
        None,
    ),
    (
        Role::SchoolLeader,
        "leader.audru@ihub.example",
        "Helle Hunt",
        "et",
        Some("Estonian Digital Accelerator"),
        Some("Audru Primary School"),
    ),
    (
        Role::Teacher,
        "teacher.audru@ihub.example",
        "Kertu Kask",
        "et",
        Some("Estonian Digital Accelerator"),
        Some("Audru Primary School"),
    ),
    (
        Role::SchoolLeader,
        "leader.maardu@ihub.example",
        "Liina Lepp",
        "et",
        Some("Estonian Digital Accelerator"),
        Some("Maardu High School"),
    ),
    (
        Role::Teacher,
        "teacher.maardu@ihub.example",
        "Mart Mänd",
        "et",
        Some("Estonian Digital Accelerator"),
        Some("Maardu High School"),
    ),
    (
        Role::HubCoordinator,
        "coordinator.fi@ihub.example",
        "Helka Hirvi",
        "fi",
        Some("Porvoo Innovation Hub"),
        None,
    ),
    (
        Role::Teacher,
        "teacher.kevatkumpu@ihub.example",
        "Onni Oksala",
        "fi",
        Some("Porvoo Innovation Hub"),
        Some("Kevätkumpu School"),
    ),
    (
        Role::Teacher,
        "teacher.varberga@ihub.example",
        "Elsa Ekberg",
        "sv",
        Some("Porvoo Innovation Hub"),
        Some("Vårberga School"),
    ),
    (
        Role::HubCoordinator,
        "coordinator.lt@ihub.example",
        "Rasa Rimkutė",
        "lt",
        Some("Šiauliai Region Hub"),
        None,
    ),
    (
        Role::Teacher,
        "teacher.dubysos@ihub.example",
        "Tomas Tamošaitis",
        "lt",
        Some("Šiauliai Region Hub"),
        Some("Šiauliai Dubysos School"),
    ),
    (
        Role::HubCoordinator,
        "coordinator.ge@ihub.example",
        "Nana Nakashidze",
        "ka",
        Some("Adjara Hub"),
        None,
    ),
    (
        Role::Mentor,
        "mentor.ge@ihub.example",
        "Levan Lomidze",
        "ka",
        Some("Adjara Hub"),
        None,
    ),
    (
        Role::Teacher,
        "teacher.dologani@ihub.example",
        "Tamar Tavdgiridze",
        "ka",
        Some("Adjara Hub"),
        Some("Dologani Public School"),
    ),
];

async fn upsert_org(
    db: &impl ConnectionTrait,
    name: &str,
    kind: OrganisationKind,
    country: &str,
) -> ApiResult<Uuid> {
    if let Some(o) = organisation::Entity::find()
        .filter(organisation::Column::NameFolded.eq(fold(name)))
        .one(db)
        .await?
    {
        return Ok(o.id);
    }
    let now = chrono::Utc::now();
    let id = Uuid::now_v7();
    organisation::ActiveModel {
        id: Set(id),
        name: Set(name.into()),
        name_folded: Set(fold(name)),
        kind: Set(kind),
        country: Set(Some(country.into())),
        website: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    Ok(id)
}

async fn ensure_link(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    org_id: Uuid,
    role: HubOrganisationRole,
) -> ApiResult<()> {
    let exists = hub_organisation::Entity::find()
        .filter(hub_organisation::Column::HubId.eq(hub_id))
        .filter(hub_organisation::Column::OrganisationId.eq(org_id))
        .filter(hub_organisation::Column::Role.eq(role.as_str()))
        .one(db)
        .await?;
    if exists.is_none() {
        hub_organisation::ActiveModel {
            id: Set(Uuid::now_v7()),
            hub_id: Set(hub_id),
            organisation_id: Set(org_id),
            role: Set(role),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Load the demo data; running it again changes nothing.
pub async fn demo(db: &DatabaseConnection) -> ApiResult<Vec<DemoLogin>> {
    let txn = crate::db::write(db).await?;
    let now = chrono::Utc::now();
    let bergen = upsert_org(
        &txn,
        RESEARCH_PARTNER.0,
        OrganisationKind::University,
        RESEARCH_PARTNER.1,
    )
    .await?;
    crate::research::service::seed_agreement(&txn, bergen, "UiB-DUA-2026-01", "2026-01-12").await?;
    let mut hub_ids = std::collections::HashMap::new();
    let mut school_ids = std::collections::HashMap::new();
    for h in HUBS {
        let hub_id = match hub::Entity::find()
            .filter(hub::Column::NameFolded.eq(fold(h.name)))
            .one(&txn)
            .await?
        {
            Some(x) => x.id,
            None => {
                let id = Uuid::now_v7();
                hub::ActiveModel {
                    id: Set(id),
                    name: Set(h.name.into()),
                    name_folded: Set(fold(h.name)),
                    country: Set(h.country.into()),
                    region: Set(Some(h.region.into())),
                    languages: Set(h.languages.join(",")),
                    time_zone: Set(h.tz.into()),
                    description: Set(Some(h.description.into())),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await?;
                audit::record(
                    &txn,
                    Actor::SYSTEM,
                    "hub.created",
                    ("hub", Some(id)),
                    Where {
                        hub_id: Some(id),
                        school_id: None,
                    },
                    serde_json::json!({"name": h.name, "source": "demo seed"}),
                )
                .await?;
                id
            }
        };
        hub_ids.insert(h.name, hub_id);
        for (name, kind, country, role) in h.orgs {
            let org = upsert_org(&txn, name, *kind, country).await?;
            ensure_link(&txn, hub_id, org, *role).await?;
        }
        ensure_link(&txn, hub_id, bergen, HubOrganisationRole::ResearchPartner).await?;
        for (name, kind, municipality, langs, teachers) in h.schools {
            let sid = match school::Entity::find()
                .filter(school::Column::HubId.eq(hub_id))
                .filter(school::Column::NameFolded.eq(fold(name)))
                .one(&txn)
                .await?
            {
                Some(s) => s.id,
                None => {
                    let id = Uuid::now_v7();
                    school::ActiveModel {
                        id: Set(id),
                        hub_id: Set(hub_id),
                        name: Set((*name).into()),
                        name_folded: Set(fold(name)),
                        country: Set(h.country.into()),
                        municipality: Set(municipality.map(Into::into)),
                        kind: Set(*kind),
                        languages: Set(langs.join(",")),
                        time_zone: Set(h.tz.into()),
                        teacher_count: Set(*teachers),
                        student_count: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                        version: Set(1),
                    }
                    .insert(&txn)
                    .await?;
                    id
                }
            };
            school_ids.insert(*name, sid);
        }
    }
    let mut logins = Vec::new();
    let mut people = std::collections::HashMap::new();
    for (role, email, name, locale, hub_name, school_name) in PEOPLE {
        let pid = match person::Entity::find()
            .filter(person::Column::Email.eq(normalise_email(email)))
            .one(&txn)
            .await?
        {
            Some(p) => p.id,
            None => {
                create_person_with_password(&txn, email, name, DEMO_PASSWORD, locale)
                    .await?
                    .id
            }
        };
        let hub_id = hub_name.and_then(|h| hub_ids.get(h).copied());
        let school_id = school_name.and_then(|s| school_ids.get(s).copied());
        ensure_grant(&txn, pid, *role, hub_id, school_id).await?;
        people.insert(*email, pid);
        if *role == Role::Teacher {
            demo_reflections(&txn, pid, email, FIXED_DATES, 1).await?;
        }
        if *role == Role::SchoolLeader
            && let Some(school) = school_id
        {
            crate::campaigns::seed::seed_demo(&txn, school, pid).await?;
        }
        logins.push(DemoLogin {
            role: role.as_str().into(),
            email: (*email).into(),
            password: DEMO_PASSWORD.into(),
        });
    }
    demo_staff(
        &txn,
        hub_ids.get("Estonian Digital Accelerator").copied(),
        &school_ids,
    )
    .await?;
    let ee = "Estonian Digital Accelerator";
    if let (Some(&hub), Some(&coordinator), Some(h)) = (
        hub_ids.get(ee),
        people.get("coordinator.ee@ihub.example"),
        HUBS.iter().find(|h| h.name == ee),
    ) {
        crate::mentoring::seed::demo(
            &txn,
            &crate::mentoring::seed::DemoWorld {
                hub,
                time_zone: h.tz,
                coordinator,
                schools: &school_ids,
                people: &people,
            },
        )
        .await?;
    }
    txn.commit().await?;
    // The demo's reflections went in directly: their pairs are worked out here.
    crate::reflection::changes::backfill(db).await?;
    Ok(logins)
}

/// The demo teachers' two reflections: 12 March and 8 October 2026.
const FIXED_DATES: [Option<(i32, u32, u32)>; 2] = [Some((2026, 3, 12)), Some((2026, 10, 8))];

/// The Estonian hub's staff rooms: six to twenty teachers per school (who are not listed
/// among the demo's sign-ins), each with two reflections — the first about seven months ago,
/// the second in the last three weeks — so that the hub's and schools' indicators, growth
/// and cohort comparison have enough people to show on first start. The numbers are made
/// up: teachers of the programme's mentee schools grow by up to two levels per
/// statement, the mentor school's by up to one. Each school also gets a readiness history
/// (two teachers' checks shared with the hub) for the readiness-change panel.
const STAFF: &[(&str, &str, bool, usize)] = &[
    (
        "Astangu Vocational Rehabilitation Center",
        "astangu",
        true,
        8,
    ),
    ("Emili Elementary School", "emili", true, 8),
    ("Audru Primary School", "audru", true, 8),
    ("Jõõpre Primary School", "joopre", true, 6),
    ("Maardu High School", "maardu", false, 20),
    ("Rakvere School of Freedom", "rakvere", true, 10),
];
const FIRST_NAMES: &[&str] = &[
    "Kadri", "Mari", "Tiina", "Jaan", "Peeter", "Anu", "Kristi", "Toomas", "Liis", "Margus",
    "Helen", "Andres", "Kaja", "Rein", "Triin", "Urmas",
];
const LAST_NAMES: &[&str] = &[
    "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Lepik",
    "Kuusk", "Org", "Lill",
];

async fn demo_staff(
    db: &impl ConnectionTrait,
    hub: Option<Uuid>,
    school_ids: &std::collections::HashMap<&str, Uuid>,
) -> ApiResult<()> {
    let mut hash = None;
    for (s, (school, slug, mentee, staff)) in STAFF.iter().enumerate() {
        let Some(&school_id) = school_ids.get(school) else {
            continue;
        };
        for n in 1..=*staff {
            let email = format!("teacher{n}.{slug}@ihub.example");
            let k = s * 20 + n;
            let name = format!(
                "{} {}",
                FIRST_NAMES[k % FIRST_NAMES.len()],
                LAST_NAMES[(k * 5 + s) % LAST_NAMES.len()]
            );
            let pid = match person::Entity::find()
                .filter(person::Column::Email.eq(normalise_email(&email)))
                .one(db)
                .await?
            {
                Some(p) => p.id,
                None => {
                    let h = match &hash {
                        Some(h) => String::clone(h),
                        None => {
                            let h = crate::auth::password::hash(DEMO_PASSWORD)
                                .map_err(ApiError::internal)?;
                            hash = Some(h.clone());
                            h
                        }
                    };
                    create_person_with_hash(db, &email, &name, h, "et")
                        .await?
                        .id
                }
            };
            ensure_grant(db, pid, Role::Teacher, hub, Some(school_id)).await?;
            let dates = [None, None];
            demo_reflections(db, pid, &email, dates, if *mentee { 2 } else { 1 }).await?;
        }
        // Two readiness checks shared with the hub: mentee schools' teachers lean higher
        // the second time than the mentor school's.
        let gain = if *mentee {
            [0.7, 0.5, 0.8, 0.4, 0.6][s % 5]
        } else {
            0.1
        };
        let staff = u32::try_from(*staff).unwrap_or(6);
        crate::campaigns::seed::seed_history(db, school_id, None, gain, staff).await?;
    }
    Ok(())
}

/// Two submitted DigCompEdu reflections for a demo teacher who has none, so reports show
/// results, growth and history on first start: on the given days, or (`None`) about seven
/// months and about two weeks before today. The levels are derived from the e-mail
/// address: every teacher differs, every run is the same; the second time each statement
/// is up to `most` levels higher.
async fn demo_reflections(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    email: &str,
    days: [Option<(i32, u32, u32)>; 2],
    most: usize,
) -> ApiResult<()> {
    use crate::reflection::entity::{reflection, reflection_answer};
    use sea_orm::PaginatorTrait;
    let has = reflection::Entity::find()
        .filter(reflection::Column::PersonId.eq(person_id))
        .count(db)
        .await?;
    if has > 0 {
        return Ok(());
    }
    let (_, version, def) = crate::instruments::service::find_version(
        db,
        crate::reflection::service::DEFAULT_INSTRUMENT,
        "current",
    )
    .await?;
    let seed: u32 = email
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    let levels = ["a1", "a2", "b1", "b2", "c1", "c2"];
    let now = chrono::Utc::now();
    let spread = i64::from(seed % 10);
    for (round, day) in days.into_iter().enumerate() {
        let at = match day {
            Some((y, m, d)) => {
                let (h, min) = if round == 0 { (13, 5) } else { (14, 40) };
                chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, y, m, d, h, min, 0)
                    .single()
                    .ok_or_else(|| ApiError::internal("demo date"))?
            }
            None if round == 0 => now - chrono::Duration::days(205 + spread),
            None => now - chrono::Duration::days(5 + spread),
        };
        let id = Uuid::now_v7();
        reflection::ActiveModel {
            id: Set(id),
            person_id: Set(person_id),
            instrument_version_id: Set(version.id),
            status: Set(crate::reflection::model::ReflectionStatus::Submitted),
            started_at: Set(at - chrono::Duration::minutes(18)),
            updated_at: Set(at),
            submitted_at: Set(Some(at)),
        }
        .insert(db)
        .await?;
        for (i, item) in def.items.iter().enumerate() {
            // 1..=3 at first (A2–B2), and the second time up to `most` levels higher; a
            // third of the teachers (by their seed) move a level less, so teachers differ.
            let base = 1 + (seed.wrapping_add(i as u32 * 7) % 3) as usize;
            let mixed = (seed ^ (i as u32).wrapping_mul(0x9e37_79b9)).wrapping_mul(0x85eb_ca6b);
            let mut step = ((mixed ^ (mixed >> 13)) % (most as u32 + 1)) as usize;
            if seed.is_multiple_of(3) {
                step = step.saturating_sub(1);
            }
            let grown = base + round * step;
            reflection_answer::ActiveModel {
                reflection_id: Set(id),
                item_key: Set(item.key.clone()),
                value: Set(levels[grown.min(5)].into()),
                updated_at: Set(at),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Create the first admin, or make an existing account an admin.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> Result<(), String> {
    let result: ApiResult<()> = async {
        let txn = crate::db::write(db).await?;
        let existing = person::Entity::find()
            .filter(person::Column::Email.eq(normalise_email(email)))
            .one(&txn)
            .await?;
        let pid = match existing {
            Some(p) => p.id,
            None => {
                create_person_with_password(&txn, email, name, password, "en")
                    .await?
                    .id
            }
        };
        ensure_grant(&txn, pid, Role::Admin, None, None).await?;
        txn.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(|e: ApiError| match e.errors {
        Some(errs) => errs
            .into_iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        None => e.detail.unwrap_or_else(|| e.code.as_str().into()),
    })
}
