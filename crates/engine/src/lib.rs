//! innocity-engine: composite indices with COINr 1.1.14 parity.
//!
//! Pure library: it parses in-memory CSV/TOML text, runs the pipeline and renders output files
//! as strings; the caller does all file and network IO.
//!
//! ```no_run
//! use innocity_engine::{Evaluation, InputText};
//! let method = std::fs::read_to_string("method.toml").unwrap();
//! let meta = std::fs::read_to_string("iMeta.csv").unwrap();
//! let data = std::fs::read_to_string("iData.csv").unwrap();
//! let ev = Evaluation::prepare(
//!     InputText { label: "method.toml", text: &method },
//!     InputText { label: "iMeta.csv", text: &meta },
//!     InputText { label: "iData.csv", text: &data },
//!     None,
//!     None,
//! ).unwrap();
//! let run = ev.run().unwrap();
//! for (name, content) in ev.outputs(&run, "0.1.0") { println!("{name}: {} bytes", content.len()); }
//! ```

// Index loops over parallel numeric columns read better than zipped iterators here.
#![allow(
    clippy::needless_range_loop,
    clippy::type_complexity,
    clippy::too_many_arguments
)]

pub mod error;
pub mod method;
pub mod model;
pub mod ops;
pub mod output;
pub mod pipeline;
pub mod stats;
pub mod synth;
pub mod treat;
pub mod uncertainty;
pub mod weights;

pub use error::{ComputeError, EngineError, Problem, Result};
pub use method::Method;
pub use pipeline::{sha256_hex, InputText, Prepared, RunResult};
pub use uncertainty::{McResult, SensIndex};

/// High-level entry point for the CLI and the web application.
pub struct Evaluation {
    pub prepared: Prepared,
}

impl Evaluation {
    /// Parse and validate the method (TOML), iMeta and iData (CSV) and optional weights CSV.
    /// Every input problem is reported before anything runs ([`EngineError::Invalid`]).
    pub fn prepare(
        method: InputText,
        meta: InputText,
        data: InputText,
        weights: Option<InputText>,
        time: Option<i64>,
    ) -> Result<Evaluation> {
        let m = match Method::parse(method.text, method.label) {
            Ok(m) => m,
            Err(EngineError::Invalid(mut ps)) => {
                // also report metadata problems in the same pass
                if let Err(EngineError::Invalid(more)) =
                    model::Structure::parse(meta.text, meta.label)
                {
                    ps.extend(more);
                }
                return Err(EngineError::Invalid(ps));
            }
            Err(e) => return Err(e),
        };
        let mut prepared = Prepared::new(m, meta, data, weights, time)?;
        let sha = sha256_hex(method.text.as_bytes());
        prepared
            .input_sha
            .insert(0, (method.label.to_string(), sha));
        Ok(Evaluation { prepared })
    }

    /// Nominal run: every stage and log.
    pub fn run(&self) -> Result<RunResult> {
        pipeline::run(&self.prepared)
    }

    /// Output files of a nominal run, `(file name, content)`.
    pub fn outputs(&self, run: &RunResult, program_version: &str) -> Vec<(String, String)> {
        output::all_outputs(&self.prepared, run, program_version, serde_json::json!({}))
    }

    /// Output files with extra run information recorded in `method.json` (seed, N, …).
    pub fn outputs_with(
        &self,
        run: &RunResult,
        program_version: &str,
        extra: serde_json::Value,
    ) -> Vec<(String, String)> {
        output::all_outputs(&self.prepared, run, program_version, extra)
    }

    /// Monte Carlo uncertainty over the method's `[uncertainty]` table. Runs on the current
    /// rayon pool (see [`uncertainty::with_threads`]).
    pub fn uncertainty(
        &self,
        run: &RunResult,
        n: usize,
        seed: u64,
        all_aggregates: bool,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<McResult> {
        uncertainty::monte_carlo(&self.prepared, run, n, seed, all_aggregates, progress)
    }

    /// `uncertainty.csv` content.
    pub fn uncertainty_csv(&self, r: &McResult) -> String {
        uncertainty::uncertainty_csv(&self.prepared, r)
    }

    /// First-order and total sensitivity indices (Saltelli design, base sample `n`).
    pub fn sensitivity(&self, run: &RunResult, n: usize, seed: u64) -> Result<Vec<SensIndex>> {
        uncertainty::sensitivity(&self.prepared, run, n, seed)
    }

    /// [`Evaluation::sensitivity`] reporting `progress(done, total)` over the N(d + 2) runs.
    pub fn sensitivity_with_progress(
        &self,
        run: &RunResult,
        n: usize,
        seed: u64,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<SensIndex>> {
        uncertainty::sensitivity_with_progress(&self.prepared, run, n, seed, progress)
    }

    /// The uncertain factors sensitivity analysis varies (d of the N(d + 2) design), in order.
    pub fn sensitivity_factors(&self) -> Vec<&'static str> {
        self.prepared
            .method
            .uncertainty
            .as_ref()
            .map(uncertainty::sensitivity_factors)
            .unwrap_or_default()
    }

    /// Scores of every aggregate (results order) per evaluated row: (row uCode, Time, scores).
    pub fn scores(&self, run: &RunResult) -> Vec<(String, i64, Vec<f64>)> {
        let p = &self.prepared;
        let order = p.st.results_order();
        let cols: Vec<Vec<f64>> = order
            .iter()
            .map(|&a| pipeline::agg_scores(p, &run.state, a))
            .collect();
        run.state
            .rows
            .iter()
            .enumerate()
            .map(|(k, &r)| {
                (
                    p.data.ucode[r].clone(),
                    p.data.time[r],
                    cols.iter().map(|c| c[k]).collect(),
                )
            })
            .collect()
    }
}
