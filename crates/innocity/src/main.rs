//! The `innocity` program: one binary for the server and every batch job.

mod cmd_evaluate;
mod cmd_extract;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "innocity", version, about = "创新型城市建设监测评价平台 innocity")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Policy documents: extract targets, tasks and phases.
    Doc {
        #[command(subcommand)]
        cmd: DocCmd,
    },
    /// Composite-index evaluation (see contracts/evaluate.md).
    Evaluate(cmd_evaluate::EvaluateArgs),
}

#[derive(Subcommand)]
enum DocCmd {
    /// Extract a plan's targets, tasks and phases (see contracts/plan-extract.md).
    Extract(cmd_extract::ExtractArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.cmd {
        Cmd::Doc { cmd: DocCmd::Extract(a) } => cmd_extract::run(a),
        Cmd::Evaluate(a) => cmd_evaluate::run(a),
    };
    std::process::exit(code);
}
