//! Notifications by e-mail. The notification rows are the outbox: they are written in the
//! same transaction as their cause, and a background task sends the unread, not yet
//! mailed ones of people who want e-mail — one message per person, in their language —
//! after that transaction has committed. A row is claimed (`mailed_at` set) before
//! sending and released again when the SMTP server refuses, so it is retried on the next
//! round; a crash after claiming and before sending loses that message (the in-app
//! notification stays). Several servers on one database share the work: each sends only
//! the rows its own claim returned. Only the last day is looked at, so turning e-mail on
//! later does not send old news.

use super::entity::notification;
use super::repo;
use crate::error::ApiResult;
use crate::people::entity::person;
use crate::state::AppState;
use std::collections::BTreeMap;
use std::time::Duration;
use uuid::Uuid;

/// Run the sender in the background (when the server can send mail).
pub fn spawn(state: actix_web::web::Data<AppState>) {
    if state.mailer.is_none() {
        return;
    }
    let every = Duration::from_secs(Ord::max(state.config.notify_mail_every_secs, 1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match deliver(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "notifications e-mailed"),
                Err(e) => tracing::warn!(error = %e, "e-mailing notifications failed"),
            }
        }
    });
}

/// One round: send what is pending; returns the number of messages sent.
///
/// Several servers may run rounds on one database at the same moment: each claims the
/// pending rows in one conditional update that returns the rows it claimed, and sends only
/// those, so a notification goes out from one server only.
pub async fn deliver(state: &AppState) -> ApiResult<usize> {
    let Some(mailer) = &state.mailer else {
        return Ok(0);
    };
    let db = &state.db;
    let since = crate::db::now() - chrono::Duration::hours(24);
    let pending = repo::pending_mail(db, since, 500).await?;
    if pending.is_empty() {
        return Ok(0);
    }
    // Claim them; what another server claimed first is not returned here.
    let claimed = repo::claim_mail(db, pending).await?;
    let mut by_person: BTreeMap<Uuid, Vec<notification::Model>> = BTreeMap::new();
    for n in claimed {
        by_person.entry(n.person_id).or_default().push(n);
    }
    let people =
        crate::people::repo::by_ids(db, &by_person.keys().copied().collect::<Vec<_>>()).await?;
    let mut sent = 0;
    for (person_id, mut items) in by_person {
        items.sort_by_key(|n| n.id);
        let ids: Vec<Uuid> = items.iter().map(|n| n.id).collect();
        let Some(who) = people.get(&person_id) else {
            continue; // erased meanwhile: nobody to write to
        };
        let (subject, body) = compose(who, &items, &state.config.public_url);
        if let Err(e) = mailer.send(&who.email, &subject, body).await {
            tracing::warn!(error = %e, "a notification e-mail was refused; retrying later");
            repo::release_mail(db, ids).await?;
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}

/// Subject and plain-text body in the person's language.
pub fn compose(who: &person::Model, items: &[notification::Model], base: &str) -> (String, String) {
    let w = words(&who.locale);
    let subject = if items.len() == 1 {
        format!("iHub: {}", line(w, &items[0]))
    } else {
        format!("iHub: {} {}", items.len(), w.many)
    };
    let mut body = format!("{} {},\n\n", w.hello, who.name);
    for n in items {
        body.push_str(&format!("• {}\n  {base}{}\n\n", line(w, n), n.link));
    }
    body.push_str(&format!("-- \n{}\n{base}/profile\n", w.footer));
    (subject, body)
}

fn line(w: &Words, n: &notification::Model) -> String {
    let what = match n.kind.as_str() {
        "relationship_added" => w.added,
        "activity_logged" => w.activity,
        "relationship_status" => w.status,
        "plan_comment" => w.comment,
        "feedback_asked" => w.feedback,
        "enrolment_pending" => w.pending,
        "reflection_shared" => w.shared,
        "level_agreed" => w.agreed,
        _ => w.other,
    };
    format!("{what}: {}", n.title)
}

struct Words {
    hello: &'static str,
    many: &'static str,
    added: &'static str,
    activity: &'static str,
    status: &'static str,
    comment: &'static str,
    feedback: &'static str,
    pending: &'static str,
    shared: &'static str,
    agreed: &'static str,
    other: &'static str,
    footer: &'static str,
}

fn words(locale: &str) -> &'static Words {
    match locale {
        "et" => &Words {
            hello: "Tere,",
            many: "uut teavitust",
            added: "Sind lisati mentorlussuhtesse",
            activity: "Kirjendati tegevus",
            status: "Suhte staatus muutus",
            comment: "Uus kommentaar arenguplaanis",
            feedback: "Sinult oodatakse tagasisidet",
            pending: "Kool ootab teie keskuse kinnitust programmiga liitumiseks",
            shared: "Kolleeg jagas sinuga oma enesehinnangut",
            agreed: "Sinu enesehinnangule märgiti kokkulepitud tase",
            other: "Teavitus",
            footer: "Need e-kirjad saad oma profiilis välja lülitada:",
        },
        "fi" => &Words {
            hello: "Hei",
            many: "uutta ilmoitusta",
            added: "Sinut lisättiin mentorointisuhteeseen",
            activity: "Toiminta kirjattiin",
            status: "Suhteen tila muuttui",
            comment: "Uusi kommentti kehittämissuunnitelmassa",
            feedback: "Sinulta pyydetään palautetta",
            pending: "Koulu odottaa keskuksenne hyväksyntää ohjelmaan",
            shared: "Kollega jakoi itsearviointinsa kanssasi",
            agreed: "Itsearviointiisi kirjattiin sovittu taso",
            other: "Ilmoitus",
            footer: "Voit lopettaa nämä sähköpostit profiilissasi:",
        },
        "sv" => &Words {
            hello: "Hej",
            many: "nya aviseringar",
            added: "Du lades till i en mentorrelation",
            activity: "En aktivitet loggades",
            status: "Relationens status ändrades",
            comment: "Ny kommentar i utvecklingsplanen",
            feedback: "Din återkoppling efterfrågas",
            pending: "En skola väntar på er hubbs godkännande för programmet",
            shared: "En kollega delade sin självskattning med dig",
            agreed: "En överenskommen nivå registrerades i din självskattning",
            other: "Avisering",
            footer: "Du kan stänga av dessa e-postmeddelanden i din profil:",
        },
        "lt" => &Words {
            hello: "Sveiki,",
            many: "nauji pranešimai",
            added: "Jūs įtraukti į mentorystės ryšį",
            activity: "Užregistruota veikla",
            status: "Pasikeitė ryšio būsena",
            comment: "Naujas komentaras plėtros plane",
            feedback: "Prašoma jūsų grįžtamojo ryšio",
            pending: "Mokykla laukia jūsų centro patvirtinimo dalyvauti programoje",
            shared: "Kolega pasidalijo su jumis savo įsivertinimu",
            agreed: "Jūsų įsivertinime užfiksuotas sutartas lygis",
            other: "Pranešimas",
            footer: "Šiuos laiškus galite išjungti savo profilyje:",
        },
        "ka" => &Words {
            hello: "გამარჯობა,",
            many: "ახალი შეტყობინება",
            added: "დაგამატეს მენტორობის ურთიერთობაში",
            activity: "დარეგისტრირდა აქტივობა",
            status: "ურთიერთობის სტატუსი შეიცვალა",
            comment: "ახალი კომენტარი განვითარების გეგმაში",
            feedback: "გთხოვენ უკუკავშირს",
            pending: "სკოლა ელოდება თქვენი ჰაბის თანხმობას პროგრამაში მონაწილეობისთვის",
            shared: "კოლეგამ გაგიზიარათ თავისი თვითშეფასება",
            agreed: "თქვენს თვითშეფასებაში შეთანხმებული დონე ჩაიწერა",
            other: "შეტყობინება",
            footer: "ამ წერილების გამორთვა შეგიძლიათ თქვენს პროფილში:",
        },
        "nb" => &Words {
            hello: "Hei",
            many: "nye varsler",
            added: "Du ble lagt til i et mentorforhold",
            activity: "En aktivitet ble logget",
            status: "Statusen for mentorforholdet er endret",
            comment: "Ny kommentar i utviklingsplanen",
            feedback: "Du blir bedt om tilbakemelding",
            pending: "En skole venter på hubens godkjenning for å bli med i programmet",
            shared: "En kollega delte egenvurderingen sin med deg",
            agreed: "Et omforent nivå ble registrert i egenvurderingen din",
            other: "Varsel",
            footer: "Du kan slå av disse e-postene i profilen din:",
        },
        _ => &Words {
            hello: "Hello",
            many: "new notifications",
            added: "You were added to a mentoring relationship",
            activity: "An activity was logged",
            status: "The status of a relationship changed",
            comment: "New comment on a development plan",
            feedback: "Your feedback is asked for",
            pending: "A school waits for your hub to approve it in a programme",
            shared: "A colleague shared a self-reflection with you",
            agreed: "An agreed level was recorded on your self-reflection",
            other: "Notification",
            footer: "You can turn these e-mails off in your profile:",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(locale: &str) -> person::Model {
        let now = chrono::Utc::now();
        person::Model {
            id: Uuid::nil(),
            email: "a@example.org".into(),
            name: "Mari".into(),
            name_folded: "mari".into(),
            password_hash: None,
            locale: locale.into(),
            active: true,
            created_at: now,
            updated_at: now,
            deactivated_at: None,
            version: 1,
            notify_by_email: true,
            in_statistics: true,
            stat_key: 0,
        }
    }

    fn note(kind: &str, title: &str) -> notification::Model {
        notification::Model {
            id: Uuid::now_v7(),
            person_id: Uuid::nil(),
            kind: kind.parse().expect("a notification kind"),
            title: title.into(),
            link: "/mentoring/relationships/1".into(),
            created_at: chrono::Utc::now(),
            read_at: None,
            mailed_at: None,
        }
    }

    #[test]
    fn one_notification_is_the_subject_and_several_are_counted() {
        let (s, b) = compose(
            &person("en"),
            &[note("activity_logged", "Maardu ⇄ Audru")],
            "https://hub.example.org",
        );
        assert_eq!(s, "iHub: An activity was logged: Maardu ⇄ Audru");
        assert!(b.starts_with("Hello Mari,"), "{b}");
        assert!(b.contains("https://hub.example.org/mentoring/relationships/1"));
        assert!(b.contains("https://hub.example.org/profile"));
        let (s, _) = compose(
            &person("et"),
            &[
                note("plan_comment", "Plan"),
                note("feedback_asked", "Pair"),
                note("activity_logged", "X"),
            ],
            "https://hub.example.org",
        );
        assert_eq!(s, "iHub: 3 uut teavitust");
    }
}
