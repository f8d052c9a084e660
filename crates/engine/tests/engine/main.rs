//! The engine's integration tests, one binary: COINr parity (whole pipeline and stage by
//! stage), method options, weighting methods, error reporting and no-panic properties.

mod common;

mod errors;
mod no_panic;
mod options;
mod parity_asem;
mod parity_steps;
mod weights_methods;
