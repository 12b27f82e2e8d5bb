//! The hub's own mentoring lists (methods, activity kinds, needs-checklist items).

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
