//! Needs mapping of an enrolled school: checklist findings and readiness evidence.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
