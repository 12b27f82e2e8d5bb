//! Calendar days as the database keeps them (`YYYY-MM-DD` text) and "today" where the
//! user is: one place for the format, shared by every feature.

use crate::error::{ApiError, ApiResult};
use chrono::NaiveDate;

/// A stored day. The database only holds days this code wrote, so a bad one is a
/// server fault, not the caller's.
pub fn parse_day(s: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| ApiError::internal(e.to_string()))
}

/// A day as it is stored.
pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Today in a time zone (UTC when the zone is unknown).
pub fn today(tz: &str) -> NaiveDate {
    let now = chrono::Utc::now();
    match tz.parse::<chrono_tz::Tz>() {
        Ok(z) => now.with_timezone(&z).date_naive(),
        Err(_) => now.date_naive(),
    }
}

/// The day an instant falls on in a time zone (UTC when the zone is unknown).
pub fn day_in(at: chrono::DateTime<chrono::Utc>, tz: &str) -> NaiveDate {
    match tz.parse::<chrono_tz::Tz>() {
        Ok(z) => at.with_timezone(&z).date_naive(),
        Err(_) => at.date_naive(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_day_reads_back_as_written() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(day(d), "2026-02-28");
        assert_eq!(parse_day("2026-02-28").unwrap(), d);
        assert!(parse_day("28.02.2026").is_err());
    }

    #[test]
    fn today_differs_by_zone_only_within_a_day() {
        let utc = today("UTC");
        for tz in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "nowhere"] {
            let d = today(tz);
            assert!((d - utc).num_days().abs() <= 1, "{tz}: {d} vs {utc}");
        }
    }
}
