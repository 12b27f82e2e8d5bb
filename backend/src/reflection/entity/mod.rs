pub mod reflection;
pub mod reflection_answer;
