//! Mentoring relationships: participants, goals, a lifecycle, feedback.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
