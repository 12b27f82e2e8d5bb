pub mod notification;
