//! innocity-text (being written).
