//! `innocity evaluate` (owned by the evaluation-engine work; being written).

#[derive(clap::Args)]
pub struct EvaluateArgs {
    #[arg(long)]
    pub data: String,
}

pub fn run(a: EvaluateArgs) -> i32 {
    eprintln!("innocity evaluate --data {}: not built yet", a.data);
    2
}
