//! Random one-time tokens (stored only as hashes) and signed JWT access tokens.

pub use crate::platform::secret::{hash_token, random_token};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Person,
    Client,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub kind: SubjectKind,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

pub const ISSUER: &str = "ihub";

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &str) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
        }
    }

    pub fn issue(
        &self,
        sub: Uuid,
        kind: SubjectKind,
        ttl_secs: i64,
        scope: Option<String>,
    ) -> Result<String, String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub,
            kind,
            iat: now,
            exp: now + ttl_secs,
            iss: ISSUER.into(),
            scope,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("token signing failed: {e}"))
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[ISSUER]);
        v.leeway = 5;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = random_token(32);
        let b = random_token(32);
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[test]
    fn jwt_round_trip_and_rejections() {
        let keys = JwtKeys::new("a-secret-that-is-long-enough-0123456789");
        let id = Uuid::new_v4();
        let t = keys.issue(id, SubjectKind::Person, 60, None).unwrap();
        let c = keys.verify(&t).unwrap();
        assert_eq!(c.sub, id);
        assert_eq!(c.kind, SubjectKind::Person);
        let other = JwtKeys::new("another-secret-that-is-long-enough-987");
        assert!(other.verify(&t).is_none(), "foreign signature accepted");
        let expired = keys.issue(id, SubjectKind::Person, -120, None).unwrap();
        assert!(keys.verify(&expired).is_none(), "expired token accepted");
        assert!(keys.verify("garbage").is_none());
    }
}
