pub mod member;
pub mod teacher_group;
