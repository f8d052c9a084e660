//! The plan-text crate's integration tests, one binary: extraction forms, robustness on
//! hostile input, and the scored development set.

mod devset;
mod forms;
mod robust;
