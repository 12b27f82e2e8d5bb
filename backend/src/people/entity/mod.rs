pub mod invitation;
pub mod person;
pub mod role_grant;
