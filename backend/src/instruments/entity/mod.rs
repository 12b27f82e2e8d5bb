pub mod instrument;
pub mod instrument_text;
pub mod instrument_version;
