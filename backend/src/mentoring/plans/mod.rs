//! School development plans: goals, actions, comments.

pub mod dto;
pub mod http;
pub mod repo;
pub mod service;
