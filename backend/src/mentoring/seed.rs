//! Demo data: the Estonian Digital Accelerator with its six schools, mentoring
//! relationships and a term of activities, so the boards show real numbers on first start.
//! Dates are relative to today, so the data stays consistent whenever it is loaded.

use super::entity::{
    activity, attendee, course, course_attendance, course_participant, course_session, enrolment,
    event, goal, participant, phase, programme, relationship,
};
use super::model::{
    ActivityMode, ActivityState, GoalStatus, PHASES, RelationshipStatus, SchoolRole,
};
use crate::error::ApiResult;
use crate::platform::enums::known;
use chrono::{Duration, NaiveDate};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use uuid::Uuid;

pub const PROGRAMME: &str = "Digital Accelerator 2026/27";

/// The people and places the demo needs, by name.
pub struct DemoWorld<'a> {
    pub hub: Uuid,
    pub time_zone: &'a str,
    pub coordinator: Uuid,
    pub schools: &'a HashMap<&'static str, Uuid>,
    pub people: &'a HashMap<&'static str, Uuid>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Mentee schools with how far they are in the process (phases 0..n done, the next in
/// progress) and how many sessions they have had.
const MENTEES: [(&str, usize, u32); 5] = [
    ("Astangu Vocational Rehabilitation Center", 3, 9),
    ("Emili Elementary School", 2, 6),
    ("Audru Primary School", 4, 14),
    ("Jõõpre Primary School", 1, 4),
    ("Rakvere School of Freedom", 5, 22),
];
const MENTOR_SCHOOL: &str = "Maardu High School";

pub async fn demo(db: &impl ConnectionTrait, w: &DemoWorld<'_>) -> ApiResult<()> {
    let exists = programme::Entity::find()
        .filter(programme::Column::HubId.eq(w.hub))
        .filter(programme::Column::Name.eq(PROGRAMME))
        .one(db)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let today = crate::platform::dates::today(w.time_zone);
    let now = crate::db::now();
    let pid = Uuid::now_v7();
    programme::ActiveModel {
        id: Set(pid),
        hub_id: Set(w.hub),
        name: Set(PROGRAMME.into()),
        method: Set("digital_accelerator".into()),
        description: Set(Some(
            "Six schools map their needs in digital infrastructure and security, then work \
             for six months with an educational technologist and with each other. Teachers \
             take the 32-hour basic or 30-hour tailor-made course, leaders the 39-hour course \
             on leading digital change."
                .into(),
        )),
        starts_on: Set(day(today - Duration::days(95))),
        ends_on: Set(day(today + Duration::days(90))),
        mentoring_min_hours: Set(35),
        mentoring_max_hours: Set(80),
        training_targets: Set(r#"{"teachers":32,"leaders":39}"#.into()),
        created_by: Set(w.coordinator),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    let enrol = |school: Uuid, role: SchoolRole| enrolment::ActiveModel {
        id: Set(Uuid::now_v7()),
        programme_id: Set(pid),
        school_id: Set(school),
        role: Set(role),
        approval: Set(crate::mentoring::model::EnrolmentApproval::Approved),
        cycle: Set(1),
        needs_campaign_id: Set(None),
        needs_version: Set(1),
        created_at: Set(now),
    };
    let Some(&maardu) = w.schools.get(MENTOR_SCHOOL) else {
        return Ok(());
    };
    let e = enrol(maardu, SchoolRole::MentorSchool).insert(db).await?;
    set_phases(db, e.id, 6, today, w.coordinator).await?;
    let mentor = w.people.get("mentor.ee@ihub.example").copied();
    let technologist = w.people.get("mentor2.ee@ihub.example").copied();
    let maardu_teacher = w.people.get("teacher.maardu@ihub.example").copied();
    let audru_teacher = w.people.get("teacher.audru@ihub.example").copied();
    for (n, (name, done, sessions)) in MENTEES.iter().enumerate() {
        let Some(&school) = w.schools.get(name) else {
            continue;
        };
        let e = enrol(school, SchoolRole::MenteeSchool).insert(db).await?;
        set_phases(db, e.id, *done, today, w.coordinator).await?;
        demo_needs(db, &e, school, *done).await?;
        // Each mentee school works with an educational technologist (expert to school).
        let expert = if n % 2 == 0 {
            mentor
        } else {
            technologist.or(mentor)
        };
        let Some(expert) = expert else { continue };
        let rel = new_relationship(
            db,
            w,
            pid,
            "expert_to_school",
            &format!("Educational technologist with {name}"),
            r#"["school-readiness:infrastructure","school-readiness:cpd","digcompedu-teacher:teaching"]"#,
            &[(Some(expert), None, "mentor"), (None, Some(school), "mentee")],
            &[
                (
                    "Every teacher uses the school's learning platform with one class each week",
                    "The platform's usage report shows weekly use by all teachers",
                ),
                (
                    "The school has a written plan for device care and digital security",
                    "The plan is adopted by the school board",
                ),
            ],
        )
        .await?;
        for k in 0..*sessions {
            let days_ago = 88 - i64::from(k) * (80 / i64::from(*sessions).max(1));
            let minutes = [90, 120, 60, 150, 90, 120][(k as usize + n) % 6];
            let kind = [
                "meeting",
                "classroom_observation",
                "workshop",
                "co_teaching",
            ][(k as usize + n) % 4];
            new_activity(
                db,
                w,
                pid,
                rel,
                today - Duration::days(days_ago.max(1)),
                minutes,
                kind,
                "final",
                &[(expert, "mentor")],
            )
            .await?;
        }
        // One coming session, and one still being written up.
        new_activity(
            db,
            w,
            pid,
            rel,
            today + Duration::days(6),
            120,
            "workshop",
            "planned",
            &[(expert, "mentor")],
        )
        .await?;
        new_activity(
            db,
            w,
            pid,
            rel,
            today - Duration::days(1),
            60,
            "meeting",
            "draft",
            &[(expert, "mentor")],
        )
        .await?;
    }
    // Maardu's teachers mentor Audru's (school to school), with one pair teacher to teacher.
    if let Some(&audru) = w.schools.get("Audru Primary School") {
        let rel = new_relationship(
            db,
            w,
            pid,
            "school_to_school",
            "Maardu and Audru: co-teaching with tablets",
            r#"["digcompedu-teacher:teaching","digcompedu-teacher:empowerment"]"#,
            &[(None, Some(maardu), "mentor"), (None, Some(audru), "mentee")],
            &[(
                "Audru's primary teachers plan and teach two lessons with tablets together with Maardu's",
                "Six co-taught lessons with shared lesson plans",
            )],
        )
        .await?;
        if let (Some(m), Some(a)) = (maardu_teacher, audru_teacher) {
            for (k, mins) in [(40, 90), (26, 90), (12, 120)] {
                new_activity(
                    db,
                    w,
                    pid,
                    rel,
                    today - Duration::days(k),
                    mins,
                    "co_teaching",
                    "final",
                    &[(m, "mentor"), (a, "mentee")],
                )
                .await?;
            }
            let t2t = new_relationship(
                db,
                w,
                pid,
                "teacher_to_teacher",
                "Mathematics with digital tools",
                r#"["digcompedu-teacher:assessment"]"#,
                &[
                    (Some(m), Some(maardu), "mentor"),
                    (Some(a), Some(audru), "mentee"),
                ],
                &[(
                    "Use quick digital quizzes for feedback in every maths unit",
                    "Quizzes in four units, with what was changed after each",
                )],
            )
            .await?;
            new_activity(
                db,
                w,
                pid,
                t2t,
                today - Duration::days(9),
                45,
                "meeting",
                "final",
                &[(m, "mentor"), (a, "mentee")],
            )
            .await?;
        }
    }
    demo_courses(db, w, pid, today).await?;
    if let Some(&audru) = w.schools.get("Audru Primary School") {
        demo_plan(db, w, audru, today).await?;
    }
    // The activities went in without `activities::repo::insert`: no server keeps sums of
    // this programme or its relationships from before them.
    super::activities::repo::renew_all_stamps(db).await
}

/// (topic, item, state, priority, note) of a school that has just mapped its needs.
const DEMO_FINDINGS: [(&str, &str, &str, &str, Option<&str>); 8] = [
    (
        "infrastructure",
        "wifi_coverage",
        "partial",
        "high",
        Some("No signal in the gym and in two rooms of the old wing."),
    ),
    (
        "infrastructure",
        "student_devices",
        "missing",
        "high",
        Some("One set of 15 tablets for 180 pupils."),
    ),
    (
        "infrastructure",
        "teacher_devices",
        "in_place",
        "medium",
        None,
    ),
    (
        "infrastructure",
        "learning_platform",
        "partial",
        "medium",
        Some("About half of the teachers use it."),
    ),
    (
        "infrastructure",
        "technical_support",
        "missing",
        "medium",
        Some("The IT technician visits once a week."),
    ),
    (
        "security",
        "data_protection_policy",
        "missing",
        "high",
        None,
    ),
    (
        "security",
        "backups",
        "unknown",
        "medium",
        Some("Nobody could say where the copies of the school's files are kept."),
    ),
    ("security", "strong_sign_in", "partial", "low", None),
];

/// The needs mapping of a mentee school that has reached that phase: linked to its
/// latest readiness campaign (when it has one), findings from the checklist. Schools
/// further on have fixed more of it.
async fn demo_needs(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
    school: Uuid,
    done: usize,
) -> ApiResult<()> {
    use super::entity::finding;
    // The mapping phase is the fourth; a school on it has mapped half so far.
    let count = match done {
        0..=2 => return Ok(()),
        3 => 4,
        _ => DEMO_FINDINGS.len(),
    };
    for (i, (topic, item, state, priority, note)) in DEMO_FINDINGS.iter().take(count).enumerate() {
        let (state, note) = if done >= 5 && *state != "in_place" && i % 2 == 0 {
            ("in_place", None)
        } else {
            (*state, *note)
        };
        finding::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(e.id),
            cycle: Set(e.cycle),
            topic: Set(known(topic)?),
            item: Set(item.to_string()),
            state: Set(known(state)?),
            note: Set(note.map(str::to_string)),
            priority: Set(known(priority)?),
            position: Set(i32::try_from(i).unwrap_or(0)),
        }
        .insert(db)
        .await?;
    }
    if let Some(m) = crate::campaigns::service::latest_area_means(db, school, false, 5).await? {
        let mut a: enrolment::ActiveModel = e.clone().into();
        a.needs_campaign_id = Set(Some(m.campaign_id));
        a.update(db).await?;
    }
    Ok(())
}

/// (title, area, target, indicator, actions: (title, owner, due in days, status, proposed))
type GoalPlan<'a> = (
    &'a str,
    &'a str,
    f64,
    &'a str,
    &'a [(&'a str, &'a str, i64, &'a str, bool)],
);

/// Audru's development plan: two goals in areas of its readiness campaign, with actions
/// in every state, a proposal and a comment from its mentor.
async fn demo_plan(
    db: &impl ConnectionTrait,
    w: &DemoWorld<'_>,
    school: Uuid,
    today: NaiveDate,
) -> ApiResult<()> {
    use super::entity::{plan, plan_action, plan_comment, plan_goal};
    let Some(&leader) = w.people.get("leader.audru@ihub.example") else {
        return Ok(());
    };
    let mentor = w.people.get("mentor.ee@ihub.example").copied();
    let means = crate::campaigns::service::latest_area_means(db, school, false, 5).await?;
    let value = |area: &str| means.as_ref().and_then(|m| m.areas.get(area).copied());
    let now = crate::db::now();
    let pid = Uuid::now_v7();
    plan::ActiveModel {
        id: Set(pid),
        school_id: Set(school),
        title: Set("Digital development plan 2026/27".into()),
        campaign_id: Set(means.as_ref().map(|m| m.campaign_id)),
        created_by: Set(leader),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    let goals: [GoalPlan; 2] = [
        (
            "Every classroom has reliable Wi-Fi and a working projector",
            "school-readiness:infrastructure",
            4.0,
            "The infrastructure area reaches 4.0 in the spring readiness campaign",
            &[
                (
                    "Map the rooms where the network drops",
                    "ICT coordinator",
                    -20,
                    "done",
                    false,
                ),
                (
                    "Replace the access points on the second floor",
                    "Caretaker",
                    30,
                    "in_progress",
                    false,
                ),
                (
                    "Agree a loan scheme for spare projectors",
                    "Deputy head",
                    60,
                    "proposed",
                    true,
                ),
            ],
        ),
        (
            "Teachers learn from each other in regular short sessions",
            "school-readiness:cpd",
            4.2,
            "Eight peer-learning sessions held, each with at least ten teachers",
            &[
                (
                    "Monthly 30-minute peer sessions after staff meetings",
                    "Head of studies",
                    -5,
                    "in_progress",
                    false,
                ),
                (
                    "Teachers who took the basic course share one lesson each",
                    "Course participants",
                    45,
                    "planned",
                    false,
                ),
            ],
        ),
    ];
    for (i, (title, area, target, indicator, actions)) in goals.iter().enumerate() {
        let gid = Uuid::now_v7();
        let start = value(area.trim_start_matches("school-readiness:"));
        plan_goal::ActiveModel {
            id: Set(gid),
            plan_id: Set(pid),
            position: Set(i32::try_from(i).unwrap_or(0)),
            title: Set((*title).into()),
            area: Set((*area).into()),
            source_item: Set(None),
            current_value: Set(start),
            target_value: Set(start.map_or(*target, |s| target.max(s + 0.3).min(5.0))),
            indicator: Set((*indicator).into()),
            // The leader answers for the goals; actions name roles without accounts.
            owner_id: Set(Some(leader)),
            owner_name: Set(None),
        }
        .insert(db)
        .await?;
        for (k, (what, owner, due, status, proposed)) in actions.iter().enumerate() {
            plan_action::ActiveModel {
                id: Set(Uuid::now_v7()),
                goal_id: Set(gid),
                position: Set(i32::try_from(k).unwrap_or(0)),
                title: Set((*what).into()),
                owner_name: Set(Some((*owner).into())),
                owner_id: Set(None),
                due_on: Set(Some(day(today + Duration::days(*due)))),
                status: Set(known(status)?),
                evidence: Set("[]".into()),
                proposed_by: Set(if *proposed { mentor } else { None }),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    if let Some(m) = mentor {
        plan_comment::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(pid),
            goal_id: Set(None),
            author_id: Set(m),
            text: Set(
                "A good, small plan. Put the peer sessions in the calendar for the whole year \
                 now, so they do not slip when the exams come."
                    .into(),
            ),
            at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

async fn set_phases(
    db: &impl ConnectionTrait,
    enrolment: Uuid,
    done: usize,
    today: NaiveDate,
    by: Uuid,
) -> ApiResult<()> {
    for (i, key) in PHASES.iter().enumerate() {
        let status = if i < done {
            // Schools may skip a phase: the anchoring meetings were folded into planning
            // at two schools.
            if i == 1 && done % 2 == 1 {
                "skipped"
            } else {
                "done"
            }
        } else if i == done {
            "in_progress"
        } else {
            continue;
        };
        let started = today - Duration::days(90 - 12 * i as i64);
        phase::ActiveModel {
            id: Set(Uuid::now_v7()),
            enrolment_id: Set(enrolment),
            cycle: Set(1),
            phase: Set(known(key)?),
            status: Set(known(status)?),
            started_on: Set((status != "skipped").then(|| day(started))),
            finished_on: Set((status == "done").then(|| day(started + Duration::days(10)))),
            notes: Set(None),
            updated_by: Set(Some(by)),
            updated_at: Set(crate::db::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn new_relationship(
    db: &impl ConnectionTrait,
    w: &DemoWorld<'_>,
    programme: Uuid,
    kind: &str,
    title: &str,
    focus: &str,
    parts: &[(Option<Uuid>, Option<Uuid>, &str)],
    goals: &[(&str, &str)],
) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    let started = crate::db::now() - Duration::days(85);
    relationship::ActiveModel {
        id: Set(id),
        hub_id: Set(w.hub),
        programme_id: Set(Some(programme)),
        kind: Set(known(kind)?),
        title: Set(title.into()),
        focus: Set(focus.into()),
        agreement: Set(Some(
            "We meet at the school, agree the next step at the end of each meeting, and \
             write down what we tried and what we saw."
                .into(),
        )),
        meeting_rhythm: Set(Some("every second week".into())),
        status: Set(RelationshipStatus::Active),
        created_by: Set(w.coordinator),
        created_at: Set(started),
        updated_at: Set(started),
        version: Set(1),
    }
    .insert(db)
    .await?;
    for (person, school, role) in parts {
        participant::ActiveModel {
            id: Set(Uuid::now_v7()),
            relationship_id: Set(id),
            person_id: Set(*person),
            school_id: Set(*school),
            role: Set(known(role)?),
            added_by: Set(w.coordinator),
            added_at: Set(started),
        }
        .insert(db)
        .await?;
    }
    for (i, (text, indicator)) in goals.iter().enumerate() {
        goal::ActiveModel {
            id: Set(Uuid::now_v7()),
            relationship_id: Set(id),
            position: Set(i32::try_from(i).unwrap_or(0)),
            text: Set((*text).into()),
            indicator: Set((*indicator).into()),
            status: Set(GoalStatus::Open),
        }
        .insert(db)
        .await?;
    }
    for (from, to, days, reason) in [
        (None, RelationshipStatus::Proposed, 85, None),
        (
            Some(RelationshipStatus::Proposed),
            RelationshipStatus::Active,
            83,
            Some("Agreement signed at the kick-off meeting"),
        ),
    ] {
        let at = crate::db::now() - Duration::days(days);
        event::ActiveModel {
            id: Set(Uuid::now_v7()),
            relationship_id: Set(id),
            from_status: Set(from),
            to_status: Set(to),
            reason: Set(reason.map(Into::into)),
            by_id: Set(w.coordinator),
            at: Set(at),
        }
        .insert(db)
        .await?;
    }
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn new_activity(
    db: &impl ConnectionTrait,
    w: &DemoWorld<'_>,
    programme: Uuid,
    rel: Uuid,
    date: NaiveDate,
    minutes: i32,
    kind: &str,
    state: &str,
    attendees: &[(Uuid, &str)],
) -> ApiResult<()> {
    let id = Uuid::now_v7();
    let author = attendees.first().map(|a| a.0).unwrap_or(w.coordinator);
    let now = crate::db::now();
    activity::ActiveModel {
        id: Set(id),
        hub_id: Set(w.hub),
        programme_id: Set(Some(programme)),
        relationship_id: Set(Some(rel)),
        date: Set(day(date)),
        duration_minutes: Set(minutes),
        mode: Set(if kind == "meeting" {
            ActivityMode::Online
        } else {
            ActivityMode::OnSite
        }),
        kind: Set(kind.into()),
        state: Set(known::<ActivityState>(state)?),
        // Planned meetings have an hour and a place; what took place keeps its day.
        start_time: Set((state == "planned").then(|| "14:30".to_string())),
        place: Set((state == "planned").then(|| {
            if kind == "meeting" {
                "Online (link in the invitation)".to_string()
            } else {
                "Teachers' room".to_string()
            }
        })),
        topics: Set("[]".into()),
        notes: Set(Some(
            match kind {
                "classroom_observation" => "Watched a lesson and talked it through afterwards.",
                "workshop" => "Hands-on session with the staff on the learning platform.",
                "co_teaching" => "Planned and taught the lesson together.",
                _ => "Looked back at the last steps and agreed the next ones.",
            }
            .into(),
        )),
        outcomes: Set(None),
        follow_ups: Set(None),
        evidence: Set("[]".into()),
        author_id: Set(author),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    for (person, role) in attendees {
        attendee::ActiveModel {
            id: Set(Uuid::now_v7()),
            activity_id: Set(id),
            person_id: Set(*person),
            role: Set(known(role)?),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// (title, audience, planned hours, sessions, of which held, who)
type CoursePlan<'a> = (&'a str, &'a str, i32, i64, i64, &'a [(Uuid, Option<Uuid>)]);

/// The courses of the Digital Accelerator: a 32-hour basic course and a 30-hour
/// tailor-made one for teachers, 39 hours on leading digital change for leaders; sessions
/// every other week, the earlier ones held, with attendance.
async fn demo_courses(
    db: &impl ConnectionTrait,
    w: &DemoWorld<'_>,
    programme: Uuid,
    today: NaiveDate,
) -> ApiResult<()> {
    let teachers: Vec<(Uuid, Option<Uuid>)> = [
        ("teacher.maardu@ihub.example", MENTOR_SCHOOL),
        ("teacher.audru@ihub.example", "Audru Primary School"),
    ]
    .iter()
    .filter_map(|(e, s)| w.people.get(e).map(|p| (*p, w.schools.get(s).copied())))
    .collect();
    let leaders: Vec<(Uuid, Option<Uuid>)> = w
        .people
        .get("leader.maardu@ihub.example")
        .map(|p| (*p, w.schools.get(MENTOR_SCHOOL).copied()))
        .into_iter()
        .collect();
    let first_teacher = &teachers[..teachers.len().min(1)];
    // (title, audience, planned hours, sessions, of which held, who)
    let plan: [CoursePlan; 3] = [
        ("Basic digital course", "teachers", 32, 8, 5, &teachers),
        (
            "Tailor-made course: the learning platform in class",
            "teachers",
            30,
            6,
            6,
            first_teacher,
        ),
        ("Leading digital change", "leaders", 39, 10, 5, &leaders),
    ];
    let now = crate::db::now();
    for (n, (title, audience, planned, sessions, held, who)) in plan.iter().enumerate() {
        let cid = Uuid::now_v7();
        course::ActiveModel {
            id: Set(cid),
            programme_id: Set(programme),
            title: Set((*title).into()),
            audience: Set(known(audience)?),
            planned_hours: Set(*planned),
            description: Set(None),
            created_by: Set(w.coordinator),
            created_at: Set(now),
            version: Set(1),
        }
        .insert(db)
        .await?;
        for (pid, school) in who.iter() {
            course_participant::ActiveModel {
                id: Set(Uuid::now_v7()),
                course_id: Set(cid),
                person_id: Set(*pid),
                school_id: Set(*school),
                enrolled_at: Set(now),
            }
            .insert(db)
            .await?;
        }
        let minutes = (*planned * 60) / i32::try_from(*sessions).unwrap_or(1);
        for k in 0..*sessions {
            let sid = Uuid::now_v7();
            let d = today - Duration::days(14 * (held - k) - 3);
            course_session::ActiveModel {
                id: Set(sid),
                course_id: Set(cid),
                date: Set(day(d)),
                duration_minutes: Set(minutes),
                title: Set(None),
            }
            .insert(db)
            .await?;
            if k >= *held {
                continue;
            }
            for (i, (pid, _)) in who.iter().enumerate() {
                // Everyone came, except that the second teacher missed one session.
                if i == 1 && k == 2 && n == 0 {
                    continue;
                }
                course_attendance::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    session_id: Set(sid),
                    person_id: Set(*pid),
                    marked_by: Set(w.coordinator),
                    marked_at: Set(now),
                }
                .insert(db)
                .await?;
            }
        }
    }
    Ok(())
}
