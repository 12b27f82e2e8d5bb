pub mod audit_entry;
