//! argon2id password hashing and the password rules (length, common passwords).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("password hashing failed: {e}"))
}

pub fn verify(stored: &str, password: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that a login for an
/// unknown e-mail costs as much time as one with a wrong password.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(h) = DUMMY.get_or_init(|| hash("not a real password at all").ok()) {
        let _ = verify(h, password);
    }
}

/// Why a new password is refused, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    Common,
    ContainsEmail,
}

impl Weakness {
    pub fn code(self) -> &'static str {
        match self {
            Weakness::TooShort => "too_short",
            Weakness::TooLong => "too_long",
            Weakness::Common => "common_password",
            Weakness::ContainsEmail => "contains_email",
        }
    }
    pub fn message(self) -> String {
        match self {
            Weakness::TooShort => format!("Use at least {MIN_LENGTH} characters."),
            Weakness::TooLong => format!("Use at most {MAX_LENGTH} characters."),
            Weakness::Common => {
                "This password is too common; choose one that is harder to guess.".into()
            }
            Weakness::ContainsEmail => "The password must not contain your e-mail address.".into(),
        }
    }
}

/// Common passwords of the allowed length (lower-cased); shorter ones fail on length.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789012",
    "0123456789",
    "0987654321",
    "1111111111",
    "1122334455",
    "1234512345",
    "1234554321",
    "1234567891",
    "qwertyuiop",
    "qwertyuiop123",
    "qwertzuiop",
    "azertyuiop",
    "asdfghjkl1",
    "asdfghjkl;",
    "zxcvbnm123",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "q1w2e3r4t5",
    "q1w2e3r4t5y6",
    "1qaz2wsx3edc",
    "qazwsxedc123",
    "password12",
    "password123",
    "password1234",
    "password!1",
    "passw0rd123",
    "p@ssw0rd123",
    "p@ssword123",
    "iloveyou12",
    "iloveyou123",
    "letmein123",
    "welcome123",
    "welcome1234",
    "welcome2024",
    "welcome2025",
    "welcome2026",
    "changeme123",
    "administrator",
    "admin12345",
    "admin123456",
    "adminadmin",
    "football123",
    "baseball123",
    "basketball",
    "superman123",
    "sunshine123",
    "princess123",
    "monkey12345",
    "dragon12345",
    "trustno1trustno1",
    "starwars123",
    "abcdefghij",
    "abcdefghijk",
    "abc1234567",
    "abcd123456",
    "a123456789",
    "aa12345678",
    "computer123",
    "internet123",
    "whatever123",
    "michael123",
    "jennifer123",
    "qwerty12345",
    "qwerty123456",
    "qwerty1234",
    "1qazxsw23edc",
    "zaq12wsx34",
    "samsung123",
    "google1234",
    "liverpool1",
    "chelsea123",
    "arsenal123",
    "manchester",
    "minecraft1",
    "pokemon123",
    "spiderman1",
    "naruto1234",
    "summer2024",
    "summer2025",
    "summer2026",
    "winter2025",
    "spring2026",
    "autumn2026",
    "teacher123",
    "teacher1234",
    "student123",
    "student1234",
    "school1234",
    "school12345",
    "schoolschool",
    "opettaja123",
    "salasana123",
    "salasana1234",
    "parool1234",
    "parool12345",
    "slaptazodis",
    "slaptazodis1",
    "passord123",
    "passord1234",
    "losenord123",
    "lösenord123",
    "parole1234",
    "haslo12345",
    "passwort123",
    "motdepasse1",
    "contraseña1",
    "contrasena1",
    "1234qwerty",
    "1234567890q",
    "0000000000",
    "9876543210",
    "11111111111",
    "123123123123",
    "1231231230",
    "7777777777",
    "5555555555",
    "ihub123456",
    "ihub4schools",
    "digcompedu1",
];

pub fn check(password: &str, email: Option<&str>) -> Option<Weakness> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Some(Weakness::TooShort);
    }
    if len > MAX_LENGTH {
        return Some(Weakness::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Some(Weakness::Common);
    }
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() <= 2 {
        return Some(Weakness::Common);
    }
    if let Some(email) = email {
        let email = email.to_lowercase();
        let local = email.split('@').next().unwrap_or("");
        if lower.contains(&email) || (local.chars().count() >= 4 && lower == local) {
            return Some(Weakness::ContainsEmail);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify_round_trips_and_rejects_others() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "correct horse battery"));
        assert!(!verify(&h, "correct horse battery!"));
        assert!(!verify("not a hash", "x"));
    }

    #[test]
    fn password_rules() {
        let cases: &[(&str, Option<&str>, Option<Weakness>)] = &[
            ("short", None, Some(Weakness::TooShort)),
            ("123456789", None, Some(Weakness::TooShort)),
            ("1234567890", None, Some(Weakness::Common)),
            ("Password123", None, Some(Weakness::Common)),
            ("QWERTYUIOP", None, Some(Weakness::Common)),
            ("aaaaaaaaaaaa", None, Some(Weakness::Common)),
            ("ababababab", None, Some(Weakness::Common)),
            (
                "mari.tamm@kool.ee!",
                Some("mari.tamm@kool.ee"),
                Some(Weakness::ContainsEmail),
            ),
            ("rohelised-puud-2026", Some("mari.tamm@kool.ee"), None),
            ("pääsukesed lendavad", None, None),
        ];
        for (pw, email, expect) in cases {
            assert_eq!(check(pw, *email), *expect, "{pw}");
        }
        assert_eq!(check(&"x1".repeat(200), None), Some(Weakness::TooLong));
    }
}
