//! Monitoring services.

pub mod import;
