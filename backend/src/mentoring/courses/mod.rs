//! Training courses of a programme: sessions, participants, attendance.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
