//! Error types. Two classes, matching the CLI contract:
//! * [`EngineError::Invalid`]: bad input (method file, data, metadata, weights), found before
//!   anything runs; one [`Problem`] per problem, naming file, row and column (exit status 2);
//! * [`EngineError::Compute`]: a step that cannot be computed on valid input, naming the step,
//!   indicator and unit (exit status 1).

use std::fmt;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File label (the name the caller gave the input, e.g. `iData.csv`).
    pub file: String,
    /// 1-based line number in the file (header = line 1), if the problem is in one row.
    pub row: Option<usize>,
    /// Column (or TOML key / step) the problem is in.
    pub column: Option<String>,
    /// The problem in English.
    pub message: String,
    /// The same problem in Chinese, where written (the users' language).
    pub message_zh: Option<String>,
}

impl Problem {
    pub fn new(
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            row,
            column: column.map(|c| c.to_string()),
            message: message.into(),
            message_zh: None,
        }
    }
    /// The same problem with its Chinese text.
    pub fn zh(mut self, zh: impl Into<String>) -> Self {
        self.message_zh = Some(zh.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            // method files are TOML: name the key rather than a column
            let word = if self.file.ends_with(".toml")
                || c.starts_with("step ")
                || c.starts_with("uncertainty")
            {
                "key"
            } else {
                "column"
            };
            write!(f, ", {word} {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A step that cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputeError {
    /// Step kind and position, e.g. `aggregate (step 6)`.
    pub step: String,
    /// Indicator or aggregate code concerned.
    pub indicator: Option<String>,
    /// Unit code concerned (with the period for panels).
    pub unit: Option<String>,
    pub message: String,
}

impl fmt::Display for ComputeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}", self.step)?;
        if let Some(i) = &self.indicator {
            write!(f, ", indicator {i}")?;
        }
        if let Some(u) = &self.unit {
            write!(f, ", unit {u}")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("{}", fmt_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("{0}")]
    Compute(ComputeError),
}

fn fmt_problems(p: &[Problem]) -> String {
    p.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl EngineError {
    /// Exit status per the CLI contract: 2 for invalid input, 1 for a step that cannot be computed.
    pub fn exit_code(&self) -> i32 {
        match self {
            EngineError::Invalid(_) => 2,
            EngineError::Compute(_) => 1,
        }
    }
    pub fn invalid(
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        msg: impl Into<String>,
    ) -> Self {
        EngineError::Invalid(vec![Problem::new(file, row, column, msg)])
    }
    pub fn compute(
        step: &str,
        indicator: Option<&str>,
        unit: Option<&str>,
        msg: impl Into<String>,
    ) -> Self {
        EngineError::Compute(ComputeError {
            step: step.to_string(),
            indicator: indicator.map(|s| s.to_string()),
            unit: unit.map(|s| s.to_string()),
            message: msg.into(),
        })
    }
}

pub type Result<T> = std::result::Result<T, EngineError>;
