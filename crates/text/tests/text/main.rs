//! The plan-text crate's integration tests, one binary: extraction forms, robustness on
//! hostile input, and the scored development set.

mod corrupt;
mod devset;
mod forms;
mod robust;
