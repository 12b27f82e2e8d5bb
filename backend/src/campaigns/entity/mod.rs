pub mod campaign;
pub mod campaign_code;
pub mod group_result;
pub mod item_result;
pub mod response;
pub mod response_answer;
