//! `innocity evaluate`: composite-index evaluation, see `shared/contracts/evaluate.md`.
//!
//! Reads the input files, calls `innocity-engine` (which validates everything before running),
//! computes every output in memory and only then writes `--out` (through a temporary directory
//! renamed into place), so nothing is written when the input is invalid (exit 2) or a step cannot
//! be computed (exit 1).

use innocity_engine::{uncertainty, EngineError, Evaluation, InputText};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct EvaluateArgs {
    /// iData CSV (one row per unit, and per period for panels).
    #[arg(long)]
    pub data: PathBuf,
    /// iMeta CSV (index structure, directions, weights).
    #[arg(long)]
    pub meta: PathBuf,
    /// Method file (TOML).
    #[arg(long)]
    pub method: PathBuf,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
    /// Optional `iCode,Weight` CSV replacing iMeta weights for the codes it lists.
    #[arg(long)]
    pub weights: Option<PathBuf>,
    /// Evaluate one period of a panel.
    #[arg(long)]
    pub time: Option<i64>,
    /// Monte Carlo replications over the method's [uncertainty] table.
    #[arg(long, value_name = "N")]
    pub uncertainty: Option<usize>,
    /// Seed of the uncertainty (and sensitivity) runs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Summarise every aggregate in uncertainty.csv, not only the top one.
    #[arg(long)]
    pub all_aggregates: bool,
    /// Also estimate first-order and total sensitivity indices on a Saltelli design with base
    /// sample N (N × (d + 2) runs), written to sensitivity.csv.
    #[arg(long, value_name = "N")]
    pub sensitivity: Option<usize>,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| format!("{}: not UTF-8 text", path.display()))
        })
}

fn label(p: &Path) -> String {
    p.display().to_string()
}

fn write_all(out: &Path, files: &[(String, String)]) -> Result<(), String> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        out.file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into()),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    for (name, content) in files {
        std::fs::write(tmp.join(name), content)
            .map_err(|e| format!("{}: {e}", tmp.join(name).display()))?;
    }
    if out.exists() {
        // keep the directory (it may be a mount point); move the files in one by one
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        for (name, _) in files {
            std::fs::rename(tmp.join(name), out.join(name))
                .map_err(|e| format!("{}: {e}", out.join(name).display()))?;
        }
        let _ = std::fs::remove_dir_all(&tmp);
    } else {
        std::fs::rename(&tmp, out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

fn report(e: &EngineError) -> i32 {
    match e {
        EngineError::Invalid(ps) => {
            for p in ps {
                eprintln!("error: {p}");
            }
            eprintln!(
                "{} problem(s) in the input; nothing was run or written.",
                ps.len()
            );
        }
        EngineError::Compute(c) => {
            eprintln!("error: {c}");
            eprintln!("the evaluation stopped; nothing was written.");
        }
    }
    e.exit_code()
}

pub fn run(a: EvaluateArgs) -> i32 {
    let started = Instant::now();
    let mut texts = Vec::new();
    for p in [&a.method, &a.meta, &a.data] {
        match read(p) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    let wtext = match &a.weights {
        Some(p) => match read(p) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        },
        None => None,
    };
    if a.threads == Some(0) {
        eprintln!("error: --threads must be at least 1");
        return 2;
    }
    let (lm, lmeta, ldata) = (label(&a.method), label(&a.meta), label(&a.data));
    let lw = a.weights.as_deref().map(label).unwrap_or_default();
    let ev = match Evaluation::prepare(
        InputText {
            label: &lm,
            text: &texts[0],
        },
        InputText {
            label: &lmeta,
            text: &texts[1],
        },
        InputText {
            label: &ldata,
            text: &texts[2],
        },
        wtext.as_deref().map(|t| InputText {
            label: &lw,
            text: t,
        }),
        a.time,
    ) {
        Ok(ev) => ev,
        Err(e) => return report(&e),
    };
    let has_unc = ev.prepared.method.uncertainty.is_some();
    if (a.uncertainty.is_some() || a.sensitivity.is_some()) && !has_unc {
        eprintln!(
            "warning: {lm} has no [uncertainty] table: every replication repeats the nominal run"
        );
    }
    let work = || -> Result<Vec<(String, String)>, EngineError> {
        let run = ev.run()?;
        let mut extra =
            serde_json::json!({ "time": a.time, "threads_do_not_affect_results": true });
        let mut files_extra = Vec::new();
        if let Some(n) = a.uncertainty {
            let t0 = Instant::now();
            let last = std::sync::atomic::AtomicUsize::new(0);
            let progress = |done: usize, total: usize| {
                let pct = done * 100 / total.max(1);
                if pct / 5 > last.load(std::sync::atomic::Ordering::Relaxed) / 5 || done == total {
                    last.store(pct, std::sync::atomic::Ordering::Relaxed);
                    eprint!(
                        "\runcertainty: {done}/{total} replications ({pct}%), {:.1} s",
                        t0.elapsed().as_secs_f64()
                    );
                }
            };
            let mc = ev.uncertainty(&run, n, a.seed, a.all_aggregates, &progress)?;
            eprintln!();
            if mc.failed > 0 {
                eprintln!(
                    "warning: {} of {n} replications could not be computed and were left out",
                    mc.failed
                );
            }
            extra["uncertainty"] = serde_json::json!({
                "replications": n, "seed": a.seed, "failed": mc.failed, "all_aggregates": a.all_aggregates,
                "rng": "ChaCha8, seed_from_u64(seed), stream = replication index",
            });
            files_extra.push(("uncertainty.csv".to_string(), ev.uncertainty_csv(&mc)));
        }
        // `sensitivity = true` in [uncertainty] with --uncertainty N: Saltelli base sample N
        let sens_n = a.sensitivity.or_else(|| {
            let on = ev
                .prepared
                .method
                .uncertainty
                .as_ref()
                .map(|u| u.sensitivity)
                .unwrap_or(false);
            if on {
                a.uncertainty
            } else {
                None
            }
        });
        if let Some(n) = sens_n {
            let s = ev.sensitivity(&run, n, a.seed)?;
            let mut csv = String::from("\"factor\",\"Si\",\"STi\"\n");
            for x in &s {
                csv.push_str(&format!(
                    "\"{}\",{},{}\n",
                    x.factor,
                    innocity_engine::stats::fmt17(x.si),
                    innocity_engine::stats::fmt17(x.sti)
                ));
            }
            extra["sensitivity"] = serde_json::json!({ "base_sample": n, "seed": a.seed, "output": "mean absolute rank shift of the top aggregate" });
            files_extra.push(("sensitivity.csv".to_string(), csv));
        }
        let mut files = ev.outputs_with(&run, env!("CARGO_PKG_VERSION"), extra);
        files.extend(files_extra);
        Ok(files)
    };
    // a thread pool only when there is parallel work to do (uncertainty, sensitivity, or an
    // explicit --threads); the nominal run of small data stays on the main thread
    let result = if a.uncertainty.is_some() || a.sensitivity.is_some() || a.threads.is_some() {
        uncertainty::with_threads(a.threads, work)
    } else {
        work()
    };
    let files = match result {
        Ok(f) => f,
        Err(e) => return report(&e),
    };
    if let Err(e) = write_all(&a.out, &files) {
        eprintln!("error: writing output: {e}");
        return 1;
    }
    if std::env::var_os("INNOCITY_QUIET").is_none() {
        eprintln!(
            "wrote {} files to {} in {:.1} ms",
            files.len(),
            a.out.display(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    0
}
