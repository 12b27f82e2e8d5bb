//! The Learning Analytics Toolbox without IO: the indicator catalogue, time buckets, and
//! the rules that make a published number anonymous.
//!
//! ## How a number computed from people stays anonymous
//!
//! 1. **Threshold.** A cell that rests on fewer than k distinct people (the configured
//!    threshold, never below 3) is not published: it carries the reason
//!    `below_threshold` instead of a value. A cell of nobody is published as 0.
//! 2. **Perturbation (the cell key method of the Australian Bureau of Statistics and
//!    Eurostat's census tables).** Every person has a secret random key
//!    (`people.stat_key`, 0 ≤ key < 1,000,000, never shown). A cell's key is the sum of the
//!    keys of the distinct people behind it, modulo 1,000,000; it picks a change of −2 to
//!    +2 (see [`perturbation`]) that is added to the cell's value, and the result is never
//!    below k. The same people always give the same change, so asking again, or in
//!    another view with the same people, gives the same number and averaging repeated
//!    answers learns nothing. Two views that differ by a few people (one more answer, one
//!    more month, one filter more) have unrelated changes, so their difference does not
//!    say how many people were added, let alone who.
//!
//! Counts of schools and sums of logged hours are not about people's answers and are
//! published exactly.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use rand::Rng;

crate::string_enum! {
    /// What an indicator is computed for.
    ScopeKind {
        Platform = "platform",
        Hub = "hub",
        Programme = "programme",
        School = "school",
    }
}

crate::string_enum! {
    /// The length of a time bucket.
    BucketKind {
        Month = "month",
        Quarter = "quarter",
    }
}

crate::string_enum! {
    /// What an indicator's value counts.
    Unit {
        Schools = "schools",
        People = "people",
        Reflections = "reflections",
        Hours = "hours",
        Campaigns = "campaigns",
        Actions = "actions",
        Relationships = "relationships",
        /// A mean duration, in days.
        Days = "days",
    }
}

crate::string_enum! {
    /// Why a cell has no value.
    Suppression {
        /// It rests on fewer people than the threshold.
        BelowThreshold = "below_threshold",
        /// Hidden beside another hidden cell, so that neither can be worked out by
        /// subtracting the shown ones from the total.
        Complementary = "complementary",
    }
}

crate::string_enum! {
    /// A value against its target.
    TargetStatus {
        Below = "below",
        Met = "met",
        /// Above the target of an indicator that should stay low (overdue actions).
        Above = "above",
    }
}

crate::string_enum! {
    /// The last bucket against the one before.
    Trend {
        Up = "up",
        Down = "down",
        Flat = "flat",
    }
}

crate::string_enum! {
    /// What a comparison sets side by side: the hubs of the platform, or the schools of a
    /// hub or programme.
    CompareUnit {
        Hub = "hub",
        School = "school",
    }
}

crate::string_enum! {
    /// The indicators of the catalogue.
    IndicatorKey {
        SchoolsTakingPart = "schools_taking_part",
        TeachersActive = "teachers_active",
        ReflectionsSubmitted = "reflections_submitted",
        MentoringHours = "mentoring_hours",
        SchoolLeadersActive = "school_leaders_active",
        MentorsActive = "mentors_active",
        ReflectionsStarted = "reflections_started",
        TeachersGrowthMeasurable = "teachers_growth_measurable",
        CampaignsRun = "campaigns_run",
        PlanActionsDone = "plan_actions_done",
        PlanActionsOverdue = "plan_actions_overdue",
        RelationshipsStarted = "relationships_started",
        TrainingHours = "training_hours",
        TrainingTargetsReached = "training_targets_reached",
        CoursesCompleted = "courses_completed",
        DaysToActive = "days_to_active",
    }
}

/// Whether an indicator can be set side by side by `unit`. By school: what is counted at
/// the schools (their teachers and leaders, campaigns, plans, programmes). By hub, also
/// what belongs to hubs (activities, relationships, courses). Training targets and course
/// completion follow people across a programme's courses and are not split.
pub fn comparable(key: IndicatorKey, unit: CompareUnit) -> bool {
    use IndicatorKey as K;
    match key {
        K::TeachersActive
        | K::SchoolLeadersActive
        | K::ReflectionsStarted
        | K::ReflectionsSubmitted
        | K::TeachersGrowthMeasurable
        | K::CampaignsRun
        | K::PlanActionsDone
        | K::PlanActionsOverdue => true,
        K::SchoolsTakingPart
        | K::MentorsActive
        | K::MentoringHours
        | K::RelationshipsStarted
        | K::TrainingHours => unit == CompareUnit::Hub,
        K::TrainingTargetsReached | K::CoursesCompleted | K::DaysToActive => false,
    }
}

/// Units a distribution (quartiles) of a comparison rests on at least: with fewer, one
/// unit's figure could be read off it.
pub const MIN_UNITS_FOR_QUARTILES: usize = 5;

/// The quartiles (first, median, third) of published figures, by linear interpolation
/// between the closest ranks; `None` below [`MIN_UNITS_FOR_QUARTILES`].
pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    if values.len() < MIN_UNITS_FOR_QUARTILES {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let x = p * (v.len() - 1) as f64;
        let lo = x.floor() as usize;
        let hi = x.ceil() as usize;
        let (a, b) = (
            v.get(lo).copied().unwrap_or(0.0),
            v.get(hi).copied().unwrap_or(0.0),
        );
        let q = a + (b - a) * (x - lo as f64);
        (q * 100.0).round() / 100.0
    };
    Some((at(0.25), at(0.5), at(0.75)))
}

/// One entry of the catalogue.
pub struct Indicator {
    pub key: IndicatorKey,
    pub unit: Unit,
    /// Computed from people (their answers or their taking part): threshold and
    /// perturbation apply.
    pub people_based: bool,
    pub scopes: &'static [ScopeKind],
    /// Computed from the scope's schools, so the school filters (country, kind, language
    /// of instruction) apply; hours and mentors belong to hubs and programmes.
    pub school_filters: bool,
    /// The platform's target when an admin has set none (the project's own).
    pub platform_default: Option<f64>,
    /// How the value is computed, in English (for the API's readers and the README).
    pub method: &'static str,
    /// (language, title, description) in the seven languages.
    pub texts: &'static [(&'static str, &'static str, &'static str)],
}

const ALL_SCOPES: &[ScopeKind] = &[
    ScopeKind::Platform,
    ScopeKind::Hub,
    ScopeKind::Programme,
    ScopeKind::School,
];

/// The catalogue, in the order dashboards show it.
pub const CATALOGUE: &[Indicator] = &[
    Indicator {
        key: IndicatorKey::SchoolsTakingPart,
        unit: Unit::Schools,
        people_based: false,
        scopes: &[ScopeKind::Platform, ScopeKind::Hub, ScopeKind::Programme],
        school_filters: true,
        platform_default: Some(75.0),
        method: "Distinct schools of the scope that were enrolled (approved) in a programme \
                 running in the period, or ran a readiness campaign open in the period.",
        texts: &[
            (
                "en",
                "Schools taking part",
                "Schools enrolled in a running programme or running a readiness campaign in the period.",
            ),
            (
                "et",
                "Osalevad koolid",
                "Koolid, mis olid perioodil käimasolevas programmis või viisid läbi valmisoleku küsitluse.",
            ),
            (
                "fi",
                "Mukana olevat koulut",
                "Koulut, jotka olivat jaksolla mukana käynnissä olevassa ohjelmassa tai toteuttivat valmiuskyselyn.",
            ),
            (
                "sv",
                "Deltagande skolor",
                "Skolor som under perioden var med i ett pågående program eller genomförde en beredskapsenkät.",
            ),
            (
                "lt",
                "Dalyvaujančios mokyklos",
                "Mokyklos, kurios laikotarpiu dalyvavo vykdomoje programoje arba vykdė pasirengimo apklausą.",
            ),
            (
                "ka",
                "მონაწილე სკოლები",
                "სკოლები, რომლებიც პერიოდში მიმდინარე პროგრამაში იყვნენ ან მზაობის გამოკითხვას ატარებდნენ.",
            ),
            (
                "nb",
                "Deltakende skoler",
                "Skoler som i perioden var med i et pågående program eller gjennomførte en beredskapsundersøkelse.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::TeachersActive,
        unit: Unit::People,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: Some(600.0),
        method: "Distinct teachers of the scope's schools who in the period submitted a \
                 self-reflection (only teachers who take part in statistics), attended a \
                 logged mentoring activity, or attended a course session.",
        texts: &[
            (
                "en",
                "Teachers active",
                "Teachers who submitted a self-reflection, took part in mentoring or attended training in the period.",
            ),
            (
                "et",
                "Aktiivsed õpetajad",
                "Õpetajad, kes perioodil esitasid enesehinnangu, osalesid mentorluses või koolitusel.",
            ),
            (
                "fi",
                "Aktiiviset opettajat",
                "Opettajat, jotka jaksolla lähettivät itsearvioinnin, osallistuivat mentorointiin tai koulutukseen.",
            ),
            (
                "sv",
                "Aktiva lärare",
                "Lärare som under perioden lämnade in en självskattning, deltog i mentorskap eller i fortbildning.",
            ),
            (
                "lt",
                "Aktyvūs mokytojai",
                "Mokytojai, kurie laikotarpiu pateikė įsivertinimą, dalyvavo mentorystėje ar mokymuose.",
            ),
            (
                "ka",
                "აქტიური მასწავლებლები",
                "მასწავლებლები, რომლებმაც პერიოდში წარადგინეს თვითშეფასება, მონაწილეობდნენ მენტორობაში ან ტრენინგზე.",
            ),
            (
                "nb",
                "Aktive lærere",
                "Lærere som i perioden leverte en egenvurdering, deltok i mentorering eller på kurs.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::ReflectionsSubmitted,
        unit: Unit::Reflections,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Self-reflections submitted in the period by teachers of the scope's \
                 schools who take part in statistics.",
        texts: &[
            (
                "en",
                "Self-reflections submitted",
                "Self-reflections that teachers submitted in the period.",
            ),
            (
                "et",
                "Esitatud enesehinnangud",
                "Enesehinnangud, mille õpetajad perioodil esitasid.",
            ),
            (
                "fi",
                "Lähetetyt itsearvioinnit",
                "Itsearvioinnit, jotka opettajat lähettivät jaksolla.",
            ),
            (
                "sv",
                "Inlämnade självskattningar",
                "Självskattningar som lärare lämnade in under perioden.",
            ),
            (
                "lt",
                "Pateikti įsivertinimai",
                "Įsivertinimai, kuriuos mokytojai pateikė per laikotarpį.",
            ),
            (
                "ka",
                "წარდგენილი თვითშეფასებები",
                "თვითშეფასებები, რომლებიც მასწავლებლებმა პერიოდში წარადგინეს.",
            ),
            (
                "nb",
                "Innleverte egenvurderinger",
                "Egenvurderinger som lærere leverte i perioden.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::MentoringHours,
        unit: Unit::Hours,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "Hours of final (not draft or planned) mentoring activities dated in the \
                 period: of the hub, of the programme, or of relationships the school takes \
                 part in.",
        texts: &[
            (
                "en",
                "Mentoring hours",
                "Hours of mentoring activities logged as held in the period.",
            ),
            (
                "et",
                "Mentorluse tunnid",
                "Perioodil toimunuks märgitud mentortegevuste tunnid.",
            ),
            (
                "fi",
                "Mentoroinnin tunnit",
                "Jaksolla pidetyiksi kirjattujen mentorointitoimintojen tunnit.",
            ),
            (
                "sv",
                "Mentorstimmar",
                "Timmar av mentorsaktiviteter som loggats som genomförda under perioden.",
            ),
            (
                "lt",
                "Mentorystės valandos",
                "Per laikotarpį įvykusiomis pažymėtų mentorystės veiklų valandos.",
            ),
            (
                "ka",
                "მენტორობის საათები",
                "პერიოდში ჩატარებულად აღრიცხული მენტორული აქტივობების საათები.",
            ),
            (
                "nb",
                "Mentortimer",
                "Timer med mentoraktiviteter som er registrert som gjennomført i perioden.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::SchoolLeadersActive,
        unit: Unit::People,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Distinct school leaders of the scope's schools who in the period attended a \
                 logged mentoring activity or a course session.",
        texts: &[
            (
                "en",
                "School leaders active",
                "School leaders who took part in mentoring or attended training in the period.",
            ),
            (
                "et",
                "Aktiivsed koolijuhid",
                "Koolijuhid, kes perioodil osalesid mentorluses või koolitusel.",
            ),
            (
                "fi",
                "Aktiiviset koulunjohtajat",
                "Koulunjohtajat, jotka jaksolla osallistuivat mentorointiin tai koulutukseen.",
            ),
            (
                "sv",
                "Aktiva skolledare",
                "Skolledare som under perioden deltog i mentorskap eller i fortbildning.",
            ),
            (
                "lt",
                "Aktyvūs mokyklų vadovai",
                "Mokyklų vadovai, kurie laikotarpiu dalyvavo mentorystėje ar mokymuose.",
            ),
            (
                "ka",
                "აქტიური სკოლის ხელმძღვანელები",
                "სკოლის ხელმძღვანელები, რომლებიც პერიოდში მონაწილეობდნენ მენტორობაში ან ტრენინგზე.",
            ),
            (
                "nb",
                "Aktive skoleledere",
                "Skoleledere som i perioden deltok i veiledning eller i etterutdanning.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::MentorsActive,
        unit: Unit::People,
        people_based: true,
        scopes: &[ScopeKind::Platform, ScopeKind::Hub, ScopeKind::Programme],
        school_filters: false,
        platform_default: None,
        method: "Distinct people who attended, as mentors, a logged mentoring activity of the \
                 scope (the hub's or the programme's) in the period.",
        texts: &[
            (
                "en",
                "Mentors active",
                "People who mentored in at least one logged mentoring activity in the period.",
            ),
            (
                "et",
                "Aktiivsed mentorid",
                "Inimesed, kes perioodil mentorina osalesid vähemalt ühes mentorlustegevuses.",
            ),
            (
                "fi",
                "Aktiiviset mentorit",
                "Henkilöt, jotka jaksolla toimivat mentorina vähintään yhdessä kirjatussa tapaamisessa.",
            ),
            (
                "sv",
                "Aktiva mentorer",
                "Personer som under perioden var mentor i minst en loggad mentorsaktivitet.",
            ),
            (
                "lt",
                "Aktyvūs mentoriai",
                "Asmenys, kurie laikotarpiu bent vienoje pažymėtoje veikloje dalyvavo kaip mentoriai.",
            ),
            (
                "ka",
                "აქტიური მენტორები",
                "ადამიანები, რომლებიც პერიოდში მენტორად მონაწილეობდნენ ერთ აღრიცხულ აქტივობაში მაინც.",
            ),
            (
                "nb",
                "Aktive veiledere",
                "Personer som i perioden var veileder i minst én registrert veiledningsaktivitet.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::ReflectionsStarted,
        unit: Unit::Reflections,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Self-reflections started in the period (submitted or not) by the scope's \
                 teachers who take part in statistics.",
        texts: &[
            (
                "en",
                "Self-reflections started",
                "Self-reflections teachers began in the period, finished or not.",
            ),
            (
                "et",
                "Alustatud enesehinnangud",
                "Perioodil alustatud enesehinnangud, nii lõpetatud kui ka pooleli.",
            ),
            (
                "fi",
                "Aloitetut itsearvioinnit",
                "Jaksolla aloitetut itsearvioinnit, valmiit ja keskeneräiset.",
            ),
            (
                "sv",
                "Påbörjade självskattningar",
                "Självskattningar som lärare påbörjade under perioden, färdiga eller inte.",
            ),
            (
                "lt",
                "Pradėti įsivertinimai",
                "Laikotarpiu pradėti įsivertinimai, baigti ir nebaigti.",
            ),
            (
                "ka",
                "დაწყებული თვითშეფასებები",
                "პერიოდში დაწყებული თვითშეფასებები, დასრულებული თუ დაუსრულებელი.",
            ),
            (
                "nb",
                "Påbegynte egenvurderinger",
                "Egenvurderinger lærere begynte på i perioden, ferdige eller ikke.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::TeachersGrowthMeasurable,
        unit: Unit::People,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Distinct teachers of the scope who take part in statistics and submitted a \
                 self-reflection in the period while having submitted an earlier one on the \
                 same instrument: their growth can be measured.",
        texts: &[
            (
                "en",
                "Teachers with measurable growth",
                "Teachers who submitted a self-reflection in the period and had submitted one before.",
            ),
            (
                "et",
                "Mõõdetava kasvuga õpetajad",
                "Õpetajad, kes esitasid perioodil enesehinnangu ja olid varem juba ühe esitanud.",
            ),
            (
                "fi",
                "Opettajat, joiden kasvu on mitattavissa",
                "Opettajat, jotka lähettivät jaksolla itsearvioinnin ja olivat lähettäneet jo aiemman.",
            ),
            (
                "sv",
                "Lärare med mätbar utveckling",
                "Lärare som lämnade in en självskattning under perioden och hade lämnat in en tidigare.",
            ),
            (
                "lt",
                "Mokytojai, kurių augimą galima išmatuoti",
                "Mokytojai, kurie laikotarpiu pateikė įsivertinimą ir jau buvo pateikę ankstesnį.",
            ),
            (
                "ka",
                "მასწავლებლები გაზომვადი ზრდით",
                "მასწავლებლები, რომლებმაც პერიოდში წარადგინეს თვითშეფასება და მანამდეც ჰქონდათ წარდგენილი.",
            ),
            (
                "nb",
                "Lærere med målbar utvikling",
                "Lærere som leverte en egenvurdering i perioden og hadde levert en tidligere.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::CampaignsRun,
        unit: Unit::Campaigns,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Readiness campaigns of the scope's schools that were open on at least one day \
                 of the period.",
        texts: &[
            (
                "en",
                "Readiness campaigns run",
                "School readiness campaigns open during the period.",
            ),
            (
                "et",
                "Läbiviidud valmisoleku küsitlused",
                "Perioodil avatud olnud koolide valmisoleku küsitlused.",
            ),
            (
                "fi",
                "Toteutetut valmiuskyselyt",
                "Jaksolla avoinna olleet koulujen valmiuskyselyt.",
            ),
            (
                "sv",
                "Genomförda beredskapsenkäter",
                "Skolornas beredskapsenkäter som var öppna under perioden.",
            ),
            (
                "lt",
                "Vykdytos pasirengimo apklausos",
                "Laikotarpiu atviros mokyklų pasirengimo apklausos.",
            ),
            (
                "ka",
                "ჩატარებული მზაობის გამოკითხვები",
                "პერიოდში ღია სკოლის მზაობის გამოკითხვები.",
            ),
            (
                "nb",
                "Gjennomførte beredskapsundersøkelser",
                "Skolenes beredskapsundersøkelser som var åpne i perioden.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::PlanActionsDone,
        unit: Unit::Actions,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Actions of the development plans of the scope's schools that are marked done, \
                 counted in the month they were due (actions without a due date are not \
                 counted).",
        texts: &[
            (
                "en",
                "Plan actions done",
                "Development-plan actions due in the period that the schools have marked done.",
            ),
            (
                "et",
                "Tehtud arengukava tegevused",
                "Perioodi tähtajaga arengukava tegevused, mille koolid on märkinud tehtuks.",
            ),
            (
                "fi",
                "Tehdyt kehittämissuunnitelman toimet",
                "Jaksolle ajoitetut kehittämissuunnitelman toimet, jotka koulut ovat merkinneet \
                 tehdyiksi.",
            ),
            (
                "sv",
                "Genomförda åtgärder i utvecklingsplaner",
                "Åtgärder i utvecklingsplanerna med förfallodag under perioden som skolorna har \
                 markerat som klara.",
            ),
            (
                "lt",
                "Atlikti plano veiksmai",
                "Laikotarpio terminą turintys plėtros plano veiksmai, kuriuos mokyklos pažymėjo \
                 kaip atliktus.",
            ),
            (
                "ka",
                "შესრულებული გეგმის ქმედებები",
                "განვითარების გეგმის ქმედებები, რომელთა ვადა პერიოდში იყო და რომლებიც სკოლებმა \
                 შესრულებულად მონიშნეს.",
            ),
            (
                "nb",
                "Fullførte tiltak i utviklingsplaner",
                "Tiltak i utviklingsplanene med frist i perioden som skolene har merket som \
                 fullført.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::PlanActionsOverdue,
        unit: Unit::Actions,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: true,
        platform_default: None,
        method: "Actions of the development plans of the scope's schools that were due before \
                 today and are neither done nor dropped, counted in the month they were due. \
                 Fewer is better: a target is a ceiling.",
        texts: &[
            (
                "en",
                "Plan actions overdue",
                "Development-plan actions past their due date that are neither done nor dropped.",
            ),
            (
                "et",
                "Tähtaja ületanud arengukava tegevused",
                "Arengukava tegevused, mille tähtaeg on möödas ja mis pole tehtud ega loobutud.",
            ),
            (
                "fi",
                "Myöhässä olevat suunnitelman toimet",
                "Kehittämissuunnitelman toimet, joiden määräaika on ohi ja joita ei ole tehty \
                 eikä hylätty.",
            ),
            (
                "sv",
                "Försenade åtgärder i utvecklingsplaner",
                "Åtgärder i utvecklingsplanerna vars förfallodag har passerat och som varken är \
                 klara eller strukna.",
            ),
            (
                "lt",
                "Vėluojantys plano veiksmai",
                "Plėtros plano veiksmai, kurių terminas praėjo, o jie nei atlikti, nei atsisakyti.",
            ),
            (
                "ka",
                "ვადაგადაცილებული გეგმის ქმედებები",
                "განვითარების გეგმის ქმედებები, რომელთა ვადა გავიდა და არც შესრულებულია, არც \
                 გაუქმებული.",
            ),
            (
                "nb",
                "Forsinkede tiltak i utviklingsplaner",
                "Tiltak i utviklingsplanene der fristen er passert og som verken er fullført \
                 eller strøket.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::RelationshipsStarted,
        unit: Unit::Relationships,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "Mentoring relationships of the hub, of the programme, or that the school (or \
                 one of its people) takes part in, that moved from proposed to active in the \
                 period — counted in the month of that first activation.",
        texts: &[
            (
                "en",
                "Mentoring relationships started",
                "Relationships that became active for the first time in the period.",
            ),
            (
                "et",
                "Alustatud mentorsuhted",
                "Mentorsuhted, mis muutusid perioodil esimest korda aktiivseks.",
            ),
            (
                "fi",
                "Aloitetut mentorointisuhteet",
                "Suhteet, jotka muuttuivat jaksolla ensimmäistä kertaa aktiivisiksi.",
            ),
            (
                "sv",
                "Påbörjade mentorsrelationer",
                "Relationer som blev aktiva för första gången under perioden.",
            ),
            (
                "lt",
                "Pradėti mentorystės ryšiai",
                "Ryšiai, kurie laikotarpiu pirmą kartą tapo aktyvūs.",
            ),
            (
                "ka",
                "დაწყებული მენტორული ურთიერთობები",
                "ურთიერთობები, რომლებიც პერიოდში პირველად გახდა აქტიური.",
            ),
            (
                "nb",
                "Påbegynte veiledningsrelasjoner",
                "Relasjoner som ble aktive for første gang i perioden.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::TrainingHours,
        unit: Unit::Hours,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "Hours of training attended: for every attendance marked at a course session \
                 dated in the period, the session's length — of the courses of the hub's or \
                 the programme's programmes, or, for a school, of the participants taking part \
                 for it.",
        texts: &[
            (
                "en",
                "Training hours attended",
                "Hours people spent in course sessions in the period, added up over everyone who attended.",
            ),
            (
                "et",
                "Koolitustundides osalemine",
                "Perioodi kursusesessioonides veedetud tunnid, liidetud kõigi osalejate peale kokku.",
            ),
            (
                "fi",
                "Koulutukseen osallistutut tunnit",
                "Jakson kurssitapaamisissa vietetyt tunnit yhteensä kaikkien osallistujien osalta.",
            ),
            (
                "sv",
                "Deltagna utbildningstimmar",
                "Timmar som deltagarna tillbringat på kurstillfällen under perioden, summerat över alla.",
            ),
            (
                "lt",
                "Mokymų valandos",
                "Per laikotarpį kursų užsiėmimuose praleistos valandos, susumuotos per visus dalyvius.",
            ),
            (
                "ka",
                "სასწავლო საათები",
                "პერიოდში კურსის შეხვედრებზე გატარებული საათები, ყველა დამსწრის ჯამით.",
            ),
            (
                "nb",
                "Deltatte opplæringstimer",
                "Timer deltakerne har brukt på kurssamlinger i perioden, lagt sammen for alle.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::TrainingTargetsReached,
        unit: Unit::People,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "People who reached their programme's training target in the period: the \
                 hours they attended in all the programme's courses for their audience \
                 (teachers or leaders), added up session by session from the start, first \
                 reached the target's hours at a session dated in the period. Courses of the \
                 hub's or the programme's programmes; for a school, its participants.",
        texts: &[
            (
                "en",
                "Training targets reached",
                "People whose attended course hours reached their programme's training target in the period.",
            ),
            (
                "et",
                "Koolituse eesmärgi saavutanud",
                "Inimesed, kelle kursustel osaletud tunnid jõudsid perioodil programmi koolituseesmärgini.",
            ),
            (
                "fi",
                "Koulutustavoitteen saavuttaneet",
                "Henkilöt, joiden kursseilla käydyt tunnit saavuttivat ohjelman koulutustavoitteen jaksolla.",
            ),
            (
                "sv",
                "Nådda utbildningsmål",
                "Personer vars deltagna kurstimmar nådde programmets utbildningsmål under perioden.",
            ),
            (
                "lt",
                "Pasiekę mokymų tikslą",
                "Žmonės, kurių lankytų kursų valandos per laikotarpį pasiekė programos mokymų tikslą.",
            ),
            (
                "ka",
                "მიღწეული სასწავლო მიზნები",
                "ადამიანები, რომელთა დასწრებულმა კურსის საათებმა პერიოდში მიაღწია პროგრამის სასწავლო მიზანს.",
            ),
            (
                "nb",
                "Nådde opplæringsmål",
                "Personer der deltatte kurstimer nådde programmets opplæringsmål i perioden.",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::CoursesCompleted,
        unit: Unit::People,
        people_based: true,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "People who completed a course in the period: their attended hours in the \
                 course, added up session by session, first reached the completion share of \
                 its planned hours (80 %, as on the programme's course pages) at a session \
                 dated in the period. Courses of the hub's or the programme's programmes; for \
                 a school, its participants.",
        texts: &[
            (
                "en",
                "Courses completed",
                "People who completed a training course in the period (80 % of its planned hours attended).",
            ),
            (
                "et",
                "Kursuse läbinud",
                "Inimesed, kes läbisid perioodil koolituskursuse (osalesid 80 % kavandatud tundidest).",
            ),
            (
                "fi",
                "Kurssin suorittaneet",
                "Henkilöt, jotka suorittivat koulutuskurssin jaksolla (80 % suunnitelluista tunneista käyty).",
            ),
            (
                "sv",
                "Genomförda kurser",
                "Personer som slutförde en utbildningskurs under perioden (80 % av de planerade timmarna).",
            ),
            (
                "lt",
                "Baigę kursus",
                "Žmonės, per laikotarpį baigę mokymų kursą (lankę 80 % numatytų valandų).",
            ),
            (
                "ka",
                "დასრულებული კურსები",
                "ადამიანები, რომლებმაც პერიოდში დაასრულეს სასწავლო კურსი (დაესწრნენ დაგეგმილი საათების 80 %-ს).",
            ),
            (
                "nb",
                "Fullførte kurs",
                "Personer som fullførte et opplæringskurs i perioden (deltok på 80 % av de planlagte timene).",
            ),
        ],
    },
    Indicator {
        key: IndicatorKey::DaysToActive,
        unit: Unit::Days,
        people_based: false,
        scopes: ALL_SCOPES,
        school_filters: false,
        platform_default: None,
        method: "For the relationships counted by 'Mentoring relationships started' (first move \
                 from proposed to active in the period), the mean time from the relationship \
                 being proposed (set up) to that move, in days with one decimal. No value \
                 where no relationship started.",
        texts: &[
            (
                "en",
                "Days from proposed to active",
                "How long, on average, a mentoring relationship that started in the period waited between being proposed and becoming active.",
            ),
            (
                "et",
                "Päevi ettepanekust aktiivseks",
                "Kui kaua ootas perioodil alanud mentorsuhe keskmiselt ettepanekust aktiivseks muutumiseni.",
            ),
            (
                "fi",
                "Päiviä ehdotuksesta aktiiviseksi",
                "Kuinka kauan jaksolla alkanut mentorointisuhde keskimäärin odotti ehdottamisesta aktiiviseksi muuttumiseen.",
            ),
            (
                "sv",
                "Dagar från förslag till aktiv",
                "Hur länge en mentorsrelation som började under perioden i genomsnitt väntade från förslag till att den blev aktiv.",
            ),
            (
                "lt",
                "Dienos nuo pasiūlymo iki aktyvaus",
                "Kiek vidutiniškai laikotarpiu pradėtas mentorystės ryšys laukė nuo pasiūlymo iki tapimo aktyviu.",
            ),
            (
                "ka",
                "დღეები შეთავაზებიდან აქტიურობამდე",
                "საშუალოდ რამდენ ხანს ელოდა პერიოდში დაწყებული მენტორული ურთიერთობა შეთავაზებიდან აქტიურად გახდომამდე.",
            ),
            (
                "nb",
                "Dager fra forslag til aktiv",
                "Hvor lenge en veiledningsrelasjon som startet i perioden i snitt ventet fra den ble foreslått til den ble aktiv.",
            ),
        ],
    },
];

pub fn indicator(key: IndicatorKey) -> &'static Indicator {
    // Every key has an entry (a unit test checks it); the first is a harmless fallback.
    CATALOGUE
        .iter()
        .find(|i| i.key == key)
        .unwrap_or(&CATALOGUE[0])
}

impl Indicator {
    /// Title and description in a language (English when it has none).
    pub fn text(&self, lang: &str) -> (&'static str, &'static str) {
        self.texts
            .iter()
            .find(|t| t.0 == lang)
            .or_else(|| self.texts.first())
            .map(|t| (t.1, t.2))
            .unwrap_or(("", ""))
    }
}

// ---------- anonymity ----------

/// People's keys are drawn from 0..STAT_KEYS.
pub const STAT_KEYS: i32 = 1_000_000;

/// A new person's secret key.
pub fn new_stat_key() -> i32 {
    rand::rng().random_range(0..STAT_KEYS)
}

/// The change a cell key picks: −2 to +2, zero on average (40 % none, 20 % ±1, 10 % ±2).
pub fn perturbation(key_sum: i64) -> i64 {
    let ck = key_sum.rem_euclid(i64::from(STAT_KEYS));
    // Spread the key before cutting it into bands, so that neighbouring sums (a person
    // with a small key added) do not keep the same change.
    let spread = (ck.wrapping_mul(2_654_435_761) ^ (ck >> 7)).rem_euclid(100);
    match spread {
        0..=9 => -2,
        10..=29 => -1,
        30..=69 => 0,
        70..=89 => 1,
        _ => 2,
    }
}

/// A published cell: a value, or the reason it has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub value: Option<f64>,
    pub suppressed: Option<Suppression>,
}

impl Cell {
    pub fn exact(v: f64) -> Cell {
        Cell {
            value: Some(v),
            suppressed: None,
        }
    }
}

/// A cell computed from people: `value` rests on `people` distinct people whose keys sum
/// to `key_sum`. Below the threshold it is suppressed; otherwise the value is perturbed
/// and never published below the threshold.
pub fn people_cell(value: f64, people: u64, key_sum: i64, k: u64) -> Cell {
    if people == 0 {
        return Cell::exact(0.0);
    }
    if people < k {
        return Cell {
            value: None,
            suppressed: Some(Suppression::BelowThreshold),
        };
    }
    let v = (value.round() as i64 + perturbation(key_sum)).max(k as i64);
    Cell::exact(v as f64)
}

// ---------- growth and cohorts ----------

crate::string_enum! {
    /// How far a teacher's result in an area moved between two consecutive reflections
    /// (a change of one level is one step of the scale).
    GrowthBin {
        /// Down by half a level or more.
        Down = "down",
        /// Less than half a level either way.
        Same = "same",
        /// Up by half a level to one and a half.
        UpOne = "up_one",
        /// Up by one and a half levels or more.
        UpMore = "up_more",
    }
}

crate::string_enum! {
    /// The two groups of teachers a cohort comparison sets side by side.
    Cohort {
        /// Mentees: in a mentoring relationship that was active long enough, or teachers of
        /// a mentee school of a programme that had run long enough, before their later
        /// reflection.
        Mentored = "mentored",
        /// Never a mentee in a relationship that became active, nor at a mentee school of a
        /// programme that had started, before their later reflection.
        NotYetMentored = "not_yet_mentored",
    }
}

/// The bin of a change of `num / cnt` centi-levels (a sum of paired item changes in
/// hundredths of a level over `cnt` items).
pub fn growth_bin(num: i64, cnt: i64) -> GrowthBin {
    // Compared in integers: num / cnt against ±50 and 150 hundredths.
    let cnt = cnt.max(1);
    if num * 2 <= -100 * cnt {
        GrowthBin::Down
    } else if num * 2 < 100 * cnt {
        GrowthBin::Same
    } else if num * 2 < 300 * cnt {
        GrowthBin::UpOne
    } else {
        GrowthBin::UpMore
    }
}

/// A number in [−1, 1] picked by a cell key: the same people always pick the same one;
/// one person more or less picks an unrelated one.
pub fn mean_noise(key_sum: i64) -> f64 {
    let ck = key_sum.rem_euclid(i64::from(STAT_KEYS)) as u64;
    let mut x = ck ^ 0x5bd1_e995_u64.rotate_left(17);
    x = splitmix(&mut x);
    (x % 2_001) as f64 / 1_000.0 - 1.0
}

/// A mean of people's changes, published: it rests on at least k people, and carries a
/// change of up to `width / n` picked by the cell key, `width` being the span of the
/// scale (one person's change lies within ±width). Comparing the means of two views that
/// differ by one person leaves an error of `width` times the difference of two unrelated
/// numbers in [−1, 1], of the order of that person's whole change, instead of giving it
/// away.
pub fn people_mean(sum: f64, n: u64, key_sum: i64, k: u64, width: f64) -> Option<f64> {
    if n < k || n == 0 {
        return None;
    }
    let mean = sum / n as f64;
    Some(mean + mean_noise(key_sum) * width / n as f64)
}

/// Complementary suppression: when a total is shown beside its parts, the hidden parts
/// together could be worked out by subtracting the shown ones from the total. So parts are
/// hidden (reason `complementary`), smallest first, until the hidden parts with people are
/// none, or at least two that together rest on at least `k` people. `people[i]` is the
/// number of people behind `cells[i]`.
pub fn complementary(cells: &mut [Cell], people: &[u64], k: u64) {
    loop {
        let hidden: Vec<u64> = cells
            .iter()
            .zip(people)
            .filter(|(c, n)| c.suppressed.is_some() && **n > 0)
            .map(|(_, n)| *n)
            .collect();
        if hidden.is_empty() || (hidden.len() >= 2 && hidden.iter().sum::<u64>() >= k) {
            return;
        }
        let other = cells
            .iter()
            .zip(people)
            .enumerate()
            .filter(|(_, (c, n))| c.suppressed.is_none() && **n > 0)
            .min_by_key(|(i, (_, n))| (**n, *i))
            .map(|(i, _)| i);
        let Some(i) = other else { return };
        cells[i] = Cell {
            value: None,
            suppressed: Some(Suppression::Complementary),
        };
    }
}

/// SplitMix64: a small generator whose sequence is fixed by its seed on every machine and
/// every version of this program (the bootstrap must give the same numbers for the same
/// data).
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Resamples of a bootstrap.
pub const BOOTSTRAP_RESAMPLES: usize = 1_000;

/// A uniform number in [0, 1) from the generator (53 random bits).
fn uniform(state: &mut u64) -> f64 {
    (splitmix(state) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `ln(x!)`: exact sums below 16, Stirling's series above (error below 1e-12 there).
fn ln_factorial(x: f64) -> f64 {
    if x < 16.0 {
        let mut s = 0.0;
        let mut i = 2.0;
        while i <= x {
            s += f64::ln(i);
            i += 1.0;
        }
        return s;
    }
    let x2 = x * x;
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x2)
        + 1.0 / (1260.0 * x * x2 * x2)
}

/// A draw of Binomial(n, p): inversion (sequential search from 0) when `n·p` is small,
/// otherwise Hörmann's transformed rejection with squeeze (BTRS, 1993), whose acceptance
/// test uses the exact log-probabilities — so the draws follow the binomial law exactly,
/// at a cost that does not grow with `n`.
fn binomial(n: u64, p: f64, state: &mut u64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(n, 1.0 - p, state);
    }
    let nf = n as f64;
    let q = 1.0 - p;
    if nf * p < 10.0 {
        let s = p / q;
        let a = (nf + 1.0) * s;
        let mut r = q.powf(nf);
        let mut u = uniform(state);
        let mut x = 0u64;
        while u >= r {
            u -= r;
            x += 1;
            if x >= n || r <= 0.0 {
                return x.min(n);
            }
            r *= a / x as f64 - s;
        }
        return x;
    }
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let v_r = 0.92 - 4.2 / b;
    let alpha = (2.83 + 5.1 / b) * spq;
    let lpq = (p / q).ln();
    let m = ((nf + 1.0) * p).floor();
    let h = ln_factorial(m) + ln_factorial(nf - m);
    loop {
        let u = uniform(state) - 0.5;
        let v = uniform(state);
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + c).floor();
        if k < 0.0 || k > nf {
            continue;
        }
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        let v = (v * alpha / (a / (us * us) + b)).ln();
        if v <= h - ln_factorial(k) - ln_factorial(nf - k) + (k - m) * lpq {
            return k as u64;
        }
    }
}

/// The means of `BOOTSTRAP_RESAMPLES` resamples with replacement of the values (given as
/// value → how many people have it), in resample order, drawn by a generator with a
/// fixed seed so that the same data always gives the same means. None for fewer than two
/// values.
///
/// A resample of `n` values drawn with replacement holds each distinct value a
/// Multinomial(n, counts / n) number of times. With few distinct values against many
/// people (a hub's teachers have a few dozen distinct changes), the counts are drawn
/// directly, as a chain of binomials (each value's share of what is left) — the same law
/// as drawing `n` indexes, at a cost per resample that grows with the distinct values
/// instead of the people. Otherwise the indexes are drawn one by one.
pub fn bootstrap_means(values: &[(f64, u64)], seed: u64) -> Option<Vec<f64>> {
    let values: Vec<(f64, u64)> = values.iter().copied().filter(|(_, c)| *c > 0).collect();
    let n: u64 = values.iter().map(|(_, c)| *c).sum();
    if n < 2 {
        return None;
    }
    let mut state = seed;
    let mut means = Vec::with_capacity(BOOTSTRAP_RESAMPLES);
    // A binomial costs about as much as a few dozen index draws.
    if (values.len() as u64) * 32 < n {
        // What is left after each value: the denominators of the chain.
        let mut tail: Vec<u64> = values.iter().map(|(_, c)| *c).collect();
        for i in (0..tail.len().saturating_sub(1)).rev() {
            tail[i] += tail[i + 1];
        }
        for _ in 0..BOOTSTRAP_RESAMPLES {
            let (mut left, mut sum) = (n, 0.0);
            for (i, (v, c)) in values.iter().enumerate() {
                if left == 0 {
                    break;
                }
                let x = if i + 1 == values.len() {
                    left
                } else {
                    binomial(left, *c as f64 / tail[i] as f64, &mut state)
                };
                sum += x as f64 * v;
                left -= x;
            }
            means.push(sum / n as f64);
        }
        return Some(means);
    }
    let flat: Vec<f64> = values
        .iter()
        .flat_map(|(v, c)| std::iter::repeat_n(*v, usize::try_from(*c).unwrap_or(0)))
        .collect();
    let n = flat.len();
    for _ in 0..BOOTSTRAP_RESAMPLES {
        let mut sum = 0.0;
        for _ in 0..n {
            // Multiply-shift: an index in 0..n from the high bits.
            let i = ((splitmix(&mut state) >> 32) * n as u64) >> 32;
            sum += flat.get(i as usize).copied().unwrap_or(0.0);
        }
        means.push(sum / n as f64);
    }
    Some(means)
}

/// The 95 % percentile interval of bootstrap means.
pub fn percentile_interval(means: &mut [f64]) -> Option<(f64, f64)> {
    if means.is_empty() {
        return None;
    }
    means.sort_by(f64::total_cmp);
    let last = means.len() - 1;
    let at = |q: f64| means[((q * means.len() as f64) as usize).min(last)];
    Some((at(0.025), at(0.975)))
}

/// The 95 % percentile bootstrap interval of the mean of the values.
pub fn bootstrap_ci(values: &[(f64, u64)], seed: u64) -> Option<(f64, f64)> {
    percentile_interval(&mut bootstrap_means(values, seed)?)
}

// ---------- time ----------

/// One time bucket: local days `[from, until)` and the same as UTC instants.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub label: String,
    pub from: NaiveDate,
    /// The day after the bucket's last day.
    pub until: NaiveDate,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// A month `YYYY-MM` as its first day.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

pub fn month_label(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn add_months(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_months(chrono::Months::new(n))
}

/// Local midnight of a day in a zone, as UTC (the earlier instant when the clock goes back;
/// UTC midnight when the zone is unknown or the midnight does not exist).
pub fn local_midnight(d: NaiveDate, tz: &str) -> DateTime<Utc> {
    let naive = d.and_time(chrono::NaiveTime::MIN);
    match tz.parse::<chrono_tz::Tz>() {
        Ok(z) => z
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive)),
        Err(_) => Utc.from_utc_datetime(&naive),
    }
}

/// Most buckets one request may ask for.
pub const MAX_BUCKETS: usize = 60;

/// The buckets from the month `first` to the month `last` (both included), widened to whole
/// quarters for quarter buckets. None when `last` is before `first` or there are too many.
pub fn buckets(
    first: NaiveDate,
    last: NaiveDate,
    kind: BucketKind,
    tz: &str,
) -> Option<Vec<Bucket>> {
    if last < first {
        return None;
    }
    let (step, mut at, end) = match kind {
        BucketKind::Month => (1, first, add_months(last, 1)?),
        BucketKind::Quarter => {
            let q = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1);
            (3, q(first)?, add_months(q(last)?, 3)?)
        }
    };
    let mut out = Vec::new();
    while at < end {
        let next = add_months(at, step)?;
        let label = match kind {
            BucketKind::Month => month_label(at),
            BucketKind::Quarter => format!("{:04}-Q{}", at.year(), at.month0() / 3 + 1),
        };
        out.push(Bucket {
            label,
            from: at,
            until: next,
            starts: local_midnight(at, tz),
            ends: local_midnight(next, tz),
        });
        if out.len() > MAX_BUCKETS {
            return None;
        }
        at = next;
    }
    Some(out)
}

/// A value against its target.
pub fn status(value: Option<f64>, target: Option<f64>) -> Option<TargetStatus> {
    match (value, target) {
        (Some(v), Some(t)) if v >= t => Some(TargetStatus::Met),
        (Some(_), Some(_)) => Some(TargetStatus::Below),
        _ => None,
    }
}

/// The status of an indicator that should stay at or below its target (a ceiling).
pub fn ceiling_status(value: Option<f64>, target: Option<f64>) -> Option<TargetStatus> {
    match (value, target) {
        (Some(v), Some(t)) if v <= t => Some(TargetStatus::Met),
        (Some(_), Some(_)) => Some(TargetStatus::Above),
        _ => None,
    }
}

impl Indicator {
    /// Whether the target is a ceiling (fewer is better).
    pub fn lower_is_better(&self) -> bool {
        self.key == IndicatorKey::PlanActionsOverdue
    }
}

/// The last published bucket against the one before it (none when either is suppressed).
pub fn trend(series: &[Cell]) -> Option<Trend> {
    let n = series.len();
    if n < 2 {
        return None;
    }
    let (a, b) = (series[n - 2].value?, series[n - 1].value?);
    Some(if b > a {
        Trend::Up
    } else if b < a {
        Trend::Down
    } else {
        Trend::Flat
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn quartiles_need_five_figures_and_interpolate_between_ranks() {
        assert_eq!(quartiles(&[1.0, 2.0, 3.0, 4.0]), None);
        assert_eq!(quartiles(&[5.0, 1.0, 4.0, 2.0, 3.0]), Some((2.0, 3.0, 4.0)));
        assert_eq!(
            quartiles(&[0.0, 10.0, 20.0, 30.0, 40.0, 50.0]),
            Some((12.5, 25.0, 37.5))
        );
    }

    #[test]
    fn hours_belong_to_hubs_and_people_to_both_units() {
        assert!(comparable(
            IndicatorKey::TeachersActive,
            CompareUnit::School
        ));
        assert!(comparable(IndicatorKey::TeachersActive, CompareUnit::Hub));
        assert!(comparable(IndicatorKey::MentoringHours, CompareUnit::Hub));
        assert!(!comparable(
            IndicatorKey::MentoringHours,
            CompareUnit::School
        ));
        assert!(!comparable(
            IndicatorKey::CoursesCompleted,
            CompareUnit::Hub
        ));
    }
    use super::*;

    #[test]
    fn every_indicator_has_one_entry_with_seven_languages() {
        for key in IndicatorKey::ALL {
            let entries: Vec<_> = CATALOGUE.iter().filter(|i| i.key == *key).collect();
            assert_eq!(entries.len(), 1, "{key}");
            let langs: Vec<&str> = entries[0].texts.iter().map(|t| t.0).collect();
            assert_eq!(langs, crate::people::dto::LOCALES, "{key}");
            for t in entries[0].texts {
                assert!(!t.1.is_empty() && !t.2.is_empty(), "{key} {}", t.0);
            }
        }
    }

    #[test]
    fn a_cell_below_the_threshold_is_suppressed_and_one_at_it_is_not_below_it() {
        assert_eq!(
            people_cell(4.0, 4, 123, 5).suppressed,
            Some(Suppression::BelowThreshold)
        );
        assert_eq!(people_cell(0.0, 0, 0, 5), Cell::exact(0.0));
        for key_sum in 0..2_000 {
            let c = people_cell(5.0, 5, key_sum, 5);
            let v = c.value.unwrap();
            assert!((5.0..=7.0).contains(&v), "{v}");
            let c = people_cell(40.0, 40, key_sum, 5);
            assert!((38.0..=42.0).contains(&c.value.unwrap()));
        }
    }

    #[test]
    fn perturbation_is_zero_on_average_and_uses_every_change() {
        let mut seen = [0u32; 5];
        let mut sum = 0i64;
        for s in 0..100_000i64 {
            let d = perturbation(s * 7_919);
            seen[(d + 2) as usize] += 1;
            sum += d;
        }
        assert!(seen.iter().all(|n| *n > 5_000), "{seen:?}");
        assert!(sum.abs() < 2_000, "{sum}");
        // The same people, the same change.
        assert_eq!(perturbation(987_654), perturbation(987_654 + 3 * 1_000_000));
    }

    #[test]
    fn months_and_quarters_cut_the_period_in_the_scopes_zone() {
        let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let may = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let m = buckets(jan, may, BucketKind::Month, "Europe/Tallinn").unwrap();
        assert_eq!(m.len(), 5);
        assert_eq!(m[0].label, "2026-01");
        assert_eq!(m[4].until, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        // Tallinn is two hours ahead in winter: its January starts at 22:00 UTC.
        assert_eq!(m[0].starts.to_rfc3339(), "2025-12-31T22:00:00+00:00");
        assert_eq!(m[0].ends, m[1].starts);
        let q = buckets(jan, may, BucketKind::Quarter, "UTC").unwrap();
        assert_eq!(
            q.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["2026-Q1", "2026-Q2"]
        );
        assert!(buckets(may, jan, BucketKind::Month, "UTC").is_none());
        let far = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
        assert!(buckets(jan, far, BucketKind::Month, "UTC").is_none());
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("2026-3"), None);
        assert_eq!(parse_month("2026-03"), NaiveDate::from_ymd_opt(2026, 3, 1));
    }

    #[test]
    fn status_and_trend() {
        assert_eq!(status(Some(75.0), Some(75.0)), Some(TargetStatus::Met));
        assert_eq!(status(Some(74.0), Some(75.0)), Some(TargetStatus::Below));
        assert_eq!(status(None, Some(75.0)), None);
        assert_eq!(
            ceiling_status(Some(3.0), Some(3.0)),
            Some(TargetStatus::Met)
        );
        assert_eq!(
            ceiling_status(Some(4.0), Some(3.0)),
            Some(TargetStatus::Above)
        );
        let c = |v: f64| Cell::exact(v);
        assert_eq!(trend(&[c(1.0), c(2.0)]), Some(Trend::Up));
        assert_eq!(trend(&[c(2.0), c(2.0)]), Some(Trend::Flat));
        let hidden = people_cell(1.0, 1, 0, 5);
        assert_eq!(trend(&[c(2.0), hidden]), None);
    }
    #[test]
    fn changes_fall_in_bins_at_half_levels() {
        assert_eq!(growth_bin(-50, 1), GrowthBin::Down);
        assert_eq!(growth_bin(-49, 1), GrowthBin::Same);
        assert_eq!(growth_bin(49, 1), GrowthBin::Same);
        assert_eq!(growth_bin(100, 2), GrowthBin::UpOne);
        assert_eq!(growth_bin(299, 2), GrowthBin::UpOne);
        assert_eq!(growth_bin(300, 2), GrowthBin::UpMore);
    }

    #[test]
    fn one_hidden_part_beside_a_total_hides_the_smallest_other() {
        let mut cells: Vec<Cell> = [(2u64, 1i64), (6, 2), (9, 3), (0, 0)]
            .iter()
            .map(|(n, ks)| people_cell(*n as f64, *n, *ks, 5))
            .collect();
        complementary(&mut cells, &[2, 6, 9, 0], 5);
        assert_eq!(cells[0].suppressed, Some(Suppression::BelowThreshold));
        assert_eq!(cells[1].suppressed, Some(Suppression::Complementary));
        assert!(cells[2].value.is_some());
        assert_eq!(cells[3], Cell::exact(0.0));
        // Two hidden already, together five people: nothing more to hide.
        let mut two: Vec<Cell> = [(2u64, 1i64), (3, 2), (9, 3)]
            .iter()
            .map(|(n, ks)| people_cell(*n as f64, *n, *ks, 5))
            .collect();
        complementary(&mut two, &[2, 3, 9], 5);
        assert!(two[2].value.is_some());
        // Two hidden, together three people: the total minus the shown parts would give
        // a group of three, so the smallest shown part is hidden too.
        let mut few: Vec<Cell> = [(1u64, 1i64), (2, 2), (9, 3), (8, 4)]
            .iter()
            .map(|(n, ks)| people_cell(*n as f64, *n, *ks, 5))
            .collect();
        complementary(&mut few, &[1, 2, 9, 8], 5);
        assert_eq!(few[3].suppressed, Some(Suppression::Complementary));
        assert!(few[2].value.is_some());
        // Nothing hidden: nothing changes.
        let mut none = vec![Cell::exact(6.0), Cell::exact(0.0)];
        complementary(&mut none, &[6, 0], 5);
        assert_eq!(none, vec![Cell::exact(6.0), Cell::exact(0.0)]);
    }

    #[test]
    fn a_mean_compared_before_and_after_one_more_person_does_not_give_the_person_away() {
        // Five people with a change of 0, then a sixth with a change of 3 (a scale of six
        // levels: width 5). Whoever knows both means and both counts works out
        // 6·m6 − 5·m5; the noise makes that miss the sixth person's change by more than
        // half a level in nine cases of ten, by 1.7 levels on average.
        let mut close = 0;
        let mut miss = 0.0;
        let tries = 10_000;
        for t in 0..tries {
            let ks5 = (t as i64 * 7_919) % 1_000_000;
            let ks6 = ks5 + (t as i64 * 104_729 + 13) % 1_000_000;
            let m5 = people_mean(0.0, 5, ks5, 5, 5.0).unwrap();
            let m6 = people_mean(3.0, 6, ks6, 5, 5.0).unwrap();
            let guess = 6.0 * m6 - 5.0 * m5;
            if (guess - 3.0).abs() < 0.5 {
                close += 1;
            }
            miss += (guess - 3.0).abs();
        }
        assert!(
            close < tries * 12 / 100,
            "{close} of {tries} guesses within half a level"
        );
        let miss = miss / f64::from(tries);
        assert!(miss > 1.4, "the guesses miss by {miss} on average");
        assert_eq!(people_mean(10.0, 4, 1, 5, 10.0), None);
        // The same people, the same mean.
        assert_eq!(
            people_mean(12.0, 8, 4_242, 5, 10.0),
            people_mean(12.0, 8, 4_242, 5, 10.0)
        );
    }

    #[test]
    fn binomial_draws_follow_the_binomial_law() {
        // Mean n·p and variance n·p·q, on both paths (inversion and BTRS) and p > ½.
        for (n, p) in [
            (7u64, 0.3),
            (40, 0.1),
            (200, 0.4),
            (7_500, 0.02),
            (7_500, 0.37),
            (1_000, 0.9),
        ] {
            let mut state = n ^ 0x5eed;
            let draws: Vec<f64> = (0..40_000)
                .map(|_| binomial(n, p, &mut state) as f64)
                .collect();
            assert!(draws.iter().all(|x| *x >= 0.0 && *x <= n as f64));
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            // Five standard errors of the mean; the variance within 5 %.
            assert!(
                (mean - m).abs() < 5.0 * (v / draws.len() as f64).sqrt(),
                "n={n} p={p}: mean {mean} vs {m}"
            );
            assert!(
                (var / v - 1.0).abs() < 0.05,
                "n={n} p={p}: variance {var} vs {v}"
            );
        }
        // The probabilities themselves, for a small case: P(X = k) of Bin(12, 0.35).
        let mut state = 99;
        let mut seen = [0u32; 13];
        for _ in 0..200_000 {
            seen[binomial(12, 0.35, &mut state) as usize] += 1;
        }
        for (k, s) in seen.iter().enumerate() {
            let exact =
                (ln_factorial(12.0) - ln_factorial(k as f64) - ln_factorial(12.0 - k as f64)
                    + k as f64 * 0.35f64.ln()
                    + (12 - k) as f64 * 0.65f64.ln())
                .exp();
            let got = f64::from(*s) / 200_000.0;
            assert!((got - exact).abs() < 0.004, "P(X={k}) {got} vs {exact}");
        }
        // Stirling's series meets the exact sums.
        let exact: f64 = (2..=40).map(|i| f64::ln(i as f64)).sum();
        assert!((ln_factorial(40.0) - exact).abs() < 1e-9);
    }

    #[test]
    fn both_ways_of_resampling_give_the_same_interval() {
        // Many people, few values: counts drawn as binomials; the same data with every
        // person apart (all values distinct in effect): indexes drawn one by one.
        let data: Vec<(f64, u64)> = (0..12)
            .map(|i| (f64::from(i) / 4.0 - 1.0, 300 + 25 * u64::from(i as u32)))
            .collect();
        let n: u64 = data.iter().map(|d| d.1).sum();
        let mean = data.iter().map(|(v, c)| v * *c as f64).sum::<f64>() / n as f64;
        let sd = (data
            .iter()
            .map(|(v, c)| (v - mean).powi(2) * *c as f64)
            .sum::<f64>()
            / n as f64)
            .sqrt();
        let fast = bootstrap_ci(&data, 7).unwrap();
        let spread: Vec<(f64, u64)> = data
            .iter()
            .flat_map(|(v, c)| (0..*c).map(move |j| (*v + j as f64 * 1e-12, 1)))
            .collect();
        let slow = bootstrap_ci(&spread, 7).unwrap();
        // The normal interval: mean ± 1.96 sd/√n; both within a tenth of its half-width.
        let half = 1.96 * sd / (n as f64).sqrt();
        for (lo, hi) in [fast, slow] {
            assert!(
                (lo - (mean - half)).abs() < 0.1 * half + 1e-9,
                "{lo} vs {}",
                mean - half
            );
            assert!(
                (hi - (mean + half)).abs() < 0.1 * half + 1e-9,
                "{hi} vs {}",
                mean + half
            );
        }
        assert_eq!(fast, bootstrap_ci(&data, 7).unwrap());
    }

    #[test]
    fn the_bootstrap_gives_the_same_interval_for_the_same_data() {
        let data = [(0.0, 20), (1.0, 30), (2.0, 10)];
        let a = bootstrap_ci(&data, 42).unwrap();
        assert_eq!(a, bootstrap_ci(&data, 42).unwrap());
        let mean = 50.0 / 60.0;
        assert!(a.0 < mean && mean < a.1, "{a:?}");
        // Roughly the normal interval: 1.96 · sd / √n ≈ 0.17.
        assert!((a.1 - a.0) > 0.25 && (a.1 - a.0) < 0.45, "{a:?}");
        assert_eq!(bootstrap_ci(&[(1.0, 1)], 1), None);
    }
}
