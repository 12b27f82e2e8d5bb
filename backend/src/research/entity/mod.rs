pub mod agreement;
pub mod dataset;
