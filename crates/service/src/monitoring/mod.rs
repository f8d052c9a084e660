//! Monitoring services.

pub mod export;
pub mod import;
