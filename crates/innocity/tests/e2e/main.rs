//! End-to-end tests of the real binary, one test binary: the command line (`cli_*`) and the
//! web application in headless Chromium (`browser*`, harness in `support`).

mod support;

mod acceptance_cli;
mod browser;
mod browser_evaluation;
mod browser_monitoring;
mod browser_plans;
mod browser_rules;
mod browser_supervision;
mod cli_admin;
mod cli_data;
mod cli_tasks;
