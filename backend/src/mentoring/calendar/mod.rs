//! Calendar feeds (iCalendar) of a person's activities and sessions.

pub mod http;
pub mod repo;
pub mod service;
