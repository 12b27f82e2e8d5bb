//! Mentoring structures (issue 4). This first slice is the pure model: lifecycle,
//! phases, activity checks, hour roll-ups and course completion.

pub mod model;
