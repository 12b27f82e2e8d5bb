pub mod machine_client;
pub mod password_reset;
pub mod refresh_token;
