//! Validators shared by the DTOs: countries, time zones, language codes, names.

use std::str::FromStr;
use validator::ValidationError;

const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

fn err(code: &'static str, msg: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(msg.into())
}

pub fn country(c: &str) -> Result<(), ValidationError> {
    if c.len() == 2 && COUNTRIES.split(' ').any(|x| x == c) {
        Ok(())
    } else {
        Err(err(
            "country",
            "Must be an ISO 3166-1 alpha-2 country code in capitals, such as EE or FI.",
        ))
    }
}

pub fn time_zone(tz: &str) -> Result<(), ValidationError> {
    if chrono_tz::Tz::from_str(tz).is_ok() {
        Ok(())
    } else {
        Err(err(
            "time_zone",
            "Must be an IANA time zone such as Europe/Tallinn.",
        ))
    }
}

/// A language tag: 2–3 lower-case letters, optionally `-` and a region or script.
pub fn language(l: &str) -> bool {
    let mut parts = l.split('-');
    let lang = parts.next().unwrap_or("");
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    lang_ok && rest_ok
}

/// The language to send texts in: the one asked for (when it is a language code), else
/// the caller's own (`own`: a signed-in person's locale), else English.
pub fn text_language(own: Option<&str>, requested: Option<&str>) -> String {
    requested
        .filter(|l| language(l))
        .or(own)
        .unwrap_or("en")
        .to_string()
}

pub fn languages(ls: &[String]) -> Result<(), ValidationError> {
    if ls.is_empty() {
        return Err(err("languages", "Name at least one language."));
    }
    if ls.len() > 20 {
        return Err(err("languages", "Name at most 20 languages."));
    }
    if ls.iter().all(|l| language(l)) {
        Ok(())
    } else {
        Err(err(
            "languages",
            "Use language codes such as et, fi, sv, lt, ka, nb, en.",
        ))
    }
}

/// Names must hold something visible.
pub fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() || s.chars().any(|c| c.is_control()) {
        Err(err(
            "blank",
            "Must not be blank or hold control characters.",
        ))
    } else {
        Ok(())
    }
}

pub fn join_languages(ls: &[String]) -> String {
    let mut seen = Vec::new();
    for l in ls {
        if !seen.contains(l) {
            seen.push(l.clone());
        }
    }
    seen.join(",")
}

pub fn split_languages(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The folded form used for case-insensitive search and uniqueness.
pub fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// An e-mail address as it is stored and compared: trimmed, lower case.
pub fn normalise_email(e: &str) -> String {
    e.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        assert!(country("EE").is_ok() && country("GE").is_ok());
        assert!(country("ee").is_err() && country("XX").is_err() && country("EST").is_err());
        assert!(time_zone("Europe/Tallinn").is_ok() && time_zone("Asia/Tbilisi").is_ok());
        assert!(time_zone("Mars/Base").is_err() && time_zone("").is_err());
        for ok in ["et", "fi", "sv", "lt", "ka", "nb", "en", "en-GB", "sr-Latn"] {
            assert!(language(ok), "{ok}");
        }
        for bad in ["", "E", "english", "et_EE", "ET"] {
            assert!(!language(bad), "{bad}");
        }
        assert!(
            not_blank("  ").is_err() && not_blank("a\u{0}").is_err() && not_blank("Kool").is_ok()
        );
        assert_eq!(
            join_languages(&["fi".into(), "sv".into(), "fi".into()]),
            "fi,sv"
        );
    }
}
