//! innocity services: the work between storage ([`innocity_db`]) and its two callers, the web
//! server and the command line, that belongs to neither — where "today" comes from
//! ([`clock`]), the notification e-mail outbox ([`mail`]), the daily reminder job
//! ([`scheduler`]) and streaming an uploaded data file into the importer
//! ([`monitoring::import`]).
//!
//! Both callers use these functions, so the CLI never reaches into web modules and the web
//! handlers stay thin. Nothing here decides who may do what: storage scopes every call by
//! its `Actor`, and the pure crates hold the rules.

pub mod clock;
pub mod mail;
pub mod monitoring;
pub mod scheduler;
