pub mod agreed_level;
pub mod change;
pub mod pair;
pub mod reflection;
pub mod reflection_answer;
pub mod share;
