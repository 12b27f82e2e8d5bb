//! Self-reflection instruments as versioned data (issue 3). This first slice is the pure
//! model: the definition format, its validation and its scoring. Storage, the API and the
//! shipped instruments build on it.

pub mod model;
