//! innocity-engine (being written).
