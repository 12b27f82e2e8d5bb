pub mod hub;
pub mod hub_organisation;
pub mod organisation;
pub mod school;
