//! Mentoring activities with hours, attendees and ratings.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
