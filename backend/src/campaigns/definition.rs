//! A campaign's definition: the instrument version as this campaign asks it (core items,
//! the optional items the school picked, the school's own questions), its status on a
//! given day, and how an answer scores. Below the service and the kept results, which
//! both read it.

use super::dto::CustomItem;
use super::entity::campaign;
use super::model::{self, CampaignStatus};
use crate::error::{ApiError, ApiResult};
use crate::instruments::model::{Area, Definition, Item, ScaleKind};
use crate::instruments::service as instruments;
use crate::platform::dates::{parse_day, today};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub(super) const OWN_AREA: &str = "own";

pub(super) fn parse<T: serde::de::DeserializeOwned + Default>(s: &str) -> T {
    serde_json::from_str(s).unwrap_or_default()
}

pub(super) fn status_of(c: &campaign::Model) -> ApiResult<CampaignStatus> {
    Ok(model::status(
        today(&c.time_zone),
        parse_day(&c.opens_on)?,
        parse_day(&c.closes_on)?,
        c.closed_early_at.is_some(),
    ))
}

/// The school's own questions of a campaign, each with its key: campaigns made before
/// keys existed keep the key of their position (`1`, `2`, …), which new keys never take.
pub(super) fn own_items(c: &campaign::Model) -> Vec<CustomItem> {
    let mut items: Vec<CustomItem> = parse(&c.custom_items);
    for (i, it) in items.iter_mut().enumerate() {
        if it.key.is_none() {
            it.key = Some((i + 1).to_string());
        }
    }
    items
}

pub(super) fn own_item_key(ci: &CustomItem) -> String {
    format!("own.{}", ci.key.as_deref().unwrap_or_default())
}

/// The version as this campaign asks it: core items, the optional items the school picked
/// and the school's own items (in an area of their own, on the first ordinal scale).
pub(super) fn campaign_definition(def: &Definition, c: &campaign::Model) -> Definition {
    let optional: BTreeSet<String> = parse(&c.optional_items);
    let custom = own_items(c);
    let groups: Vec<String> = c.groups.split(',').map(str::to_string).collect();
    let mut d = def.clone();
    d.items.retain(|i| i.core || optional.contains(&i.key));
    if !custom.is_empty() {
        let scale = def
            .scales
            .iter()
            .find(|s| matches!(s.kind, ScaleKind::Ordinal { .. }))
            .map(|s| s.key.clone())
            .unwrap_or_default();
        d.areas.push(Area {
            key: OWN_AREA.into(),
        });
        for ci in &custom {
            d.items.push(Item {
                key: own_item_key(ci),
                area: OWN_AREA.into(),
                scale: scale.clone(),
                groups: if ci.groups.is_empty() {
                    groups.clone()
                } else {
                    ci.groups.clone()
                },
                core: true,
                required: false,
            });
        }
    }
    d
}

/// Texts with the school's own items added: in the school's words, in the language of
/// `texts` where the school translated them, else as written.
pub(super) fn campaign_texts(
    texts: &mut crate::instruments::model::Texts,
    c: &campaign::Model,
    own_title: &str,
) {
    let custom = own_items(c);
    if custom.is_empty() {
        return;
    }
    texts.areas.insert(OWN_AREA.into(), own_title.into());
    let lang = texts.language.clone();
    for ci in &custom {
        texts.items.insert(
            own_item_key(ci),
            crate::instruments::model::ItemTexts {
                statement: ci.translations.get(&lang).unwrap_or(&ci.statement).clone(),
                ..Default::default()
            },
        );
    }
}

pub(super) fn own_area_title(lang: &str) -> &'static str {
    match lang {
        "et" => "Meie kooli oma küsimused",
        "fi" => "Koulumme omat kysymykset",
        "sv" => "Vår skolas egna frågor",
        "lt" => "Mūsų mokyklos klausimai",
        "ka" => "ჩვენი სკოლის კითხვები",
        "nb" => "Skolens egne spørsmål",
        _ => "Our school's own questions",
    }
}

/// The definitions of many campaigns (each version read and parsed once), by campaign.
pub(super) async fn definitions(
    db: &impl ConnectionTrait,
    campaigns: &[campaign::Model],
) -> ApiResult<BTreeMap<Uuid, Definition>> {
    let version_ids: BTreeSet<Uuid> = campaigns.iter().map(|c| c.instrument_version_id).collect();
    let mut bases = BTreeMap::new();
    for v in crate::instruments::repo::versions_by_ids(db, &version_ids).await? {
        bases.insert(v.id, instruments::parse_definition(&v)?);
    }
    let mut out = BTreeMap::new();
    for c in campaigns {
        let base = bases
            .get(&c.instrument_version_id)
            .ok_or_else(|| ApiError::internal("campaign without instrument version"))?;
        out.insert(c.id, campaign_definition(base, c));
    }
    Ok(out)
}

/// The score of an answer to an item of a definition (none for text and for options
/// without a score, such as "don't know").
pub(super) fn scorer(def: &Definition) -> impl Fn(&str, &str) -> Option<f64> + '_ {
    move |item: &str, value: &str| -> Option<f64> {
        let it = def.items.iter().find(|i| i.key == item)?;
        match &def.scales.iter().find(|s| s.key == it.scale)?.kind {
            ScaleKind::Ordinal { options } => options.iter().find(|o| o.value == value)?.score,
            ScaleKind::Text { .. } => None,
        }
    }
}
