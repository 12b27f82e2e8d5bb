//! The programme board: hours, phases and needs of every enrolled school at a glance.

pub mod dto;
pub mod http;
pub mod service;
