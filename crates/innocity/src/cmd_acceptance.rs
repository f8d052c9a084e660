//! `innocity acceptance draw|score`: the acceptance (验收) judgments as commands, see
//! `shared/contracts/acceptance.md`.
//!
//! Each reads one JSON document (`-` for standard input) and prints exactly one JSON object and
//! a newline on standard output. Unusable input (unreadable, not JSON, invalid fields) prints one
//! line per problem on standard error and exits 2; an infeasible draw is a result (exit 0).

use std::io::{Read, Write};

#[derive(clap::Subcommand)]
pub enum AcceptanceCmd {
    /// Draw expert panels (专家抽取) with recusal (回避).
    Draw(DrawArgs),
    /// Score participants: targets and expert sheets to totals, outcomes and ranks.
    Score(ScoreArgs),
}

#[derive(clap::Args)]
pub struct DrawArgs {
    /// The draw document (JSON), or `-` for standard input.
    #[arg(long, value_name = "FILE.json")]
    pub input: String,
    /// Seed of the tie-breaking among equally loaded experts.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

#[derive(clap::Args)]
pub struct ScoreArgs {
    /// The scoring document (JSON), or `-` for standard input.
    #[arg(long, value_name = "FILE.json")]
    pub input: String,
}

fn read_input(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("-: cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("{file}: cannot read: {e}"))?
    };
    String::from_utf8(bytes).map_err(|_| format!("{file}: not UTF-8 text"))
}

/// Reads, parses and runs; problems are returned as lines.
fn output(cmd: &AcceptanceCmd) -> Result<String, Vec<String>> {
    let file = match cmd {
        AcceptanceCmd::Draw(a) => &a.input,
        AcceptanceCmd::Score(a) => &a.input,
    };
    let text = read_input(file).map_err(|e| vec![e])?;
    let printed = match cmd {
        AcceptanceCmd::Draw(a) => {
            let input = innocity_acceptance::parse_draw(&text)?;
            serde_json::to_string(&innocity_acceptance::draw(&input, a.seed))
        }
        AcceptanceCmd::Score(_) => {
            let input = innocity_acceptance::parse_score(&text)?;
            serde_json::to_string(&innocity_acceptance::score(&input))
        }
    };
    printed.map_err(|e| vec![format!("cannot write the result: {e}")])
}

pub fn run(cmd: AcceptanceCmd) -> i32 {
    let out = match output(&cmd) {
        Ok(s) => s,
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            return 2;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{out}").and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("cannot write output: {e}");
            return 1;
        }
    }
    0
}
