pub mod campaign;
pub mod campaign_code;
pub mod response;
pub mod response_answer;
