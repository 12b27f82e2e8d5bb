//! The hub's mentoring lists: methods, activity kinds and needs-checklist items a hub
//! adds to the shipped ones, and the focus options of a plan.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::directory::entity::hub;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::mentoring::dto::{
    DEFAULT_ACTIVITY_KINDS, DEFAULT_METHODS, KINDS, MODES, PARTICIPANT_ROLES, SCHOOL_ROLES, key,
};
use crate::mentoring::entity::vocabulary;
use crate::mentoring::lists::dto::{FocusOptionDto, VocabularyDto};
use crate::mentoring::model::{MentoringList, PHASES};
use crate::mentoring::needs::dto::{
    DEFAULT_NEEDS_ITEMS, FINDING_STATES, NEEDS_TOPICS, NeedsItemDto, PRIORITIES,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

/// The hub's methods and kinds of activity: the defaults and the hub's own.
pub async fn vocabulary(db: &impl ConnectionTrait, hub_id: Uuid) -> ApiResult<VocabularyDto> {
    let own = super::repo::values(db, hub_id, None).await?;
    let merged = |defaults: &[&str], list: MentoringList| {
        let mut out: Vec<String> = defaults.iter().map(|s| s.to_string()).collect();
        for v in own.iter().filter(|v| v.list == list) {
            if !out.contains(&v.value) {
                out.push(v.value.clone());
            }
        }
        out
    };
    let custom = |defaults: &[&str], list: MentoringList| -> Vec<String> {
        own.iter()
            .filter(|v| v.list == list && !defaults.contains(&v.value.as_str()))
            .map(|v| v.value.clone())
            .collect()
    };
    Ok(VocabularyDto {
        methods: merged(&DEFAULT_METHODS, MentoringList::Method),
        activity_kinds: merged(&DEFAULT_ACTIVITY_KINDS, MentoringList::ActivityKind),
        custom_methods: custom(&DEFAULT_METHODS, MentoringList::Method),
        custom_activity_kinds: custom(&DEFAULT_ACTIVITY_KINDS, MentoringList::ActivityKind),
        phases: PHASES.iter().map(|s| s.to_string()).collect(),
        kinds: KINDS.iter().map(|s| s.to_string()).collect(),
        participant_roles: PARTICIPANT_ROLES.iter().map(|s| s.to_string()).collect(),
        school_roles: SCHOOL_ROLES.iter().map(|s| s.to_string()).collect(),
        modes: MODES.iter().map(|s| s.to_string()).collect(),
        focus: vec![],
        needs_items: checklist_of(&own),
        needs_topics: NEEDS_TOPICS.iter().map(|s| s.to_string()).collect(),
        finding_states: FINDING_STATES.iter().map(|s| s.to_string()).collect(),
        priorities: PRIORITIES.iter().map(|s| s.to_string()).collect(),
    })
}

/// The areas of the shipped instruments, in a language, as focus options.
pub(crate) async fn focus_options(
    db: &impl ConnectionTrait,
    lang: &str,
) -> ApiResult<Vec<FocusOptionDto>> {
    use crate::instruments::{model::Localised, service as instruments};
    let mut out = Vec::new();
    for key in [
        crate::reflection::service::DEFAULT_INSTRUMENT,
        crate::campaigns::service::DEFAULT_INSTRUMENT,
    ] {
        let Ok((_, v, def)) = instruments::find_version(db, key, "current").await else {
            continue;
        };
        let (en, t) = instruments::texts_for(db, v.id, lang).await?;
        let loc = Localised {
            def: &def,
            en: &en,
            t: &t,
        };
        for a in &def.areas {
            out.push(FocusOptionDto {
                key: format!("{key}:{}", a.key),
                title: loc.area(&a.key).to_string(),
                instrument: loc.title().to_string(),
            });
        }
    }
    Ok(out)
}

/// A hub's lists, for those who see the hub.
pub async fn hub_vocabulary(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
    lang: &str,
) -> ApiResult<VocabularyDto> {
    crate::directory::service::find_visible_hub(db, p, hub_id).await?;
    let mut v = vocabulary(db, hub_id).await?;
    v.focus = focus_options(db, lang).await?;
    Ok(v)
}

/// Add a method, a kind of activity or a needs-mapping checklist item to a hub's list
/// (its coordinators). Methods and kinds are keys; a checklist item is the hub's own
/// text under a topic (kept as `topic:text`).
pub async fn add_vocabulary(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
    list: &str,
    topic: Option<&str>,
    value: &str,
) -> ApiResult<VocabularyDto> {
    crate::directory::service::find_visible_hub(db, p, hub_id).await?;
    policy::must_allow(p, Action::ProgrammeCreate { hub: hub_id })?;
    let list: MentoringList = crate::platform::enums::input("list", list)?;
    let value = value.trim();
    let value = if list == LIST {
        let topic = topic.filter(|t| NEEDS_TOPICS.contains(t)).ok_or_else(|| {
            ApiError::field(
                "topic",
                "required",
                "A checklist item needs a topic: infrastructure or security.",
            )
        })?;
        if value.is_empty() {
            return Err(ApiError::field("value", "length", "Write the item."));
        }
        format!("{topic}:{value}")
    } else {
        key(value).map_err(|_| {
            ApiError::field(
                "value",
                "key",
                "Use lower-case letters, digits and _ (up to 64).",
            )
        })?;
        value.to_string()
    };
    let value = value.as_str();
    let txn = crate::db::write(db).await?;
    crate::db::lock::<hub::Entity>(&txn, hub_id).await?;
    let current = vocabulary(&txn, hub_id).await?;
    let present = match list {
        MentoringList::Method => current.methods.iter().any(|m| m == value),
        MentoringList::ActivityKind => current.activity_kinds.iter().any(|m| m == value),
        MentoringList::NeedsItem => current.needs_items.iter().any(|n| {
            (n.custom && format!("{}:{}", n.topic, n.item) == value)
                || (!n.custom && Some(n.item.as_str()) == value.split_once(':').map(|x| x.1))
        }),
    };
    if !present {
        let position = i32::try_from(
            current.methods.len() + current.activity_kinds.len() + current.needs_items.len(),
        )
        .unwrap_or(i32::MAX);
        super::repo::insert(&txn, hub_id, list, value, position).await?;
        audit::record(
            &txn,
            p.into(),
            "hub.vocabulary_added",
            ("hub", Some(hub_id)),
            Where {
                hub_id: Some(hub_id),
                school_id: None,
            },
            json!({"list": list, "value": value}),
        )
        .await?;
    }
    let out = vocabulary(&txn, hub_id).await?;
    txn.commit().await?;
    Ok(out)
}

/// Remove one of the hub's own values (its coordinators). The defaults stay (409); what
/// was recorded with the value keeps it.
pub async fn remove_vocabulary(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
    list: &str,
    topic: Option<&str>,
    value: &str,
) -> ApiResult<VocabularyDto> {
    crate::directory::service::find_visible_hub(db, p, hub_id).await?;
    policy::must_allow(p, Action::ProgrammeCreate { hub: hub_id })?;
    let list: MentoringList = crate::platform::enums::input("list", list)?;
    let stored = if list == LIST {
        format!("{}:{}", topic.unwrap_or_default(), value.trim())
    } else {
        value.trim().to_string()
    };
    let is_default = match list {
        MentoringList::Method => DEFAULT_METHODS.contains(&stored.as_str()),
        MentoringList::ActivityKind => DEFAULT_ACTIVITY_KINDS.contains(&stored.as_str()),
        MentoringList::NeedsItem => {
            DEFAULT_NEEDS_ITEMS.contains(&(topic.unwrap_or_default(), value.trim()))
        }
    };
    if is_default {
        return Err(ApiError::conflict(
            ErrorCode::DefaultValueFixed,
            "The defaults every hub starts with cannot be removed.",
        ));
    }
    let txn = crate::db::write(db).await?;
    let row = super::repo::value(&txn, hub_id, list, &stored)
        .await?
        .ok_or_else(|| ApiError::not_found("List value"))?;
    super::repo::delete(&txn, row.id).await?;
    audit::record(
        &txn,
        p.into(),
        "hub.vocabulary_removed",
        ("hub", Some(hub_id)),
        Where {
            hub_id: Some(hub_id),
            school_id: None,
        },
        json!({"list": list, "value": stored}),
    )
    .await?;
    let out = vocabulary(&txn, hub_id).await?;
    txn.commit().await?;
    Ok(out)
}

pub(crate) async fn check_method(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    method: &str,
) -> ApiResult<()> {
    if vocabulary(db, hub_id)
        .await?
        .methods
        .iter()
        .any(|m| m == method)
    {
        Ok(())
    } else {
        Err(ApiError::field(
            "method",
            "unknown",
            "Not a method of this hub: add it to the hub's list first.",
        ))
    }
}

/// The hub's own checklist items are kept as `topic:text` in its `needs_item` list.
pub(crate) const LIST: MentoringList = MentoringList::NeedsItem;

fn split_custom(value: &str) -> Option<(&str, &str)> {
    let (topic, text) = value.split_once(':')?;
    NEEDS_TOPICS.contains(&topic).then_some((topic, text))
}

pub(crate) fn is_default(topic: &str, item: &str) -> bool {
    DEFAULT_NEEDS_ITEMS.contains(&(topic, item))
}

/// The hub's checklist: the default items, then the hub's own, by topic.
pub(crate) fn checklist_of(own: &[vocabulary::Model]) -> Vec<NeedsItemDto> {
    let mut out: Vec<NeedsItemDto> = Vec::new();
    for &topic in NEEDS_TOPICS {
        out.extend(
            DEFAULT_NEEDS_ITEMS
                .iter()
                .filter(|(t, _)| *t == topic)
                .map(|(t, i)| NeedsItemDto {
                    topic: t.to_string(),
                    item: i.to_string(),
                    custom: false,
                }),
        );
        out.extend(
            own.iter()
                .filter(|v| v.list == LIST)
                .filter_map(|v| split_custom(&v.value))
                .filter(|(t, _)| *t == topic)
                .map(|(t, i)| NeedsItemDto {
                    topic: t.to_string(),
                    item: i.to_string(),
                    custom: true,
                }),
        );
    }
    out
}
