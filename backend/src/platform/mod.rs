//! Cross-cutting plumbing: health, metrics, middleware, extractor errors, SPA files.

pub mod client;
pub mod dates;
pub mod enums;
pub mod etag;
pub mod extractors;
pub mod fallback;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod pagination;
pub mod patch;
pub mod ratelimit;
pub mod search;
pub mod secret;
pub mod sql;
pub mod textguard;
pub mod validate;
pub mod writer;
