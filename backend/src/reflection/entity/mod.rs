pub mod agreed_level;
pub mod reflection;
pub mod reflection_answer;
pub mod share;
