//! Programmes, enrolled schools and their phases.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
