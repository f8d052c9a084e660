//! The web crate's integration tests, one binary: each test starts the app on a random port
//! with a fresh database (zero2prod style) and most run on SQLite and on PostgreSQL
//! (`both!`). One module per area; `common` is the shared harness.

#[macro_use]
mod common;

mod auth;
mod authz;
mod errors;
mod evaluation;
mod hardening;
mod languages;
mod mail;
mod monitoring;
mod monitoring_forms;
mod openapi;
mod plans;
mod registry;
mod supervision;
mod validation;
