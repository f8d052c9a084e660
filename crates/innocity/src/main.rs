//! The `innocity` program: one binary for the server and every batch job.

mod cmd_acceptance;
mod cmd_admin;
mod cmd_data;
mod cmd_evaluate;
mod cmd_extract;
mod cmd_tasks;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "innocity",
    version,
    about = "创新型城市建设监测评价平台 innocity"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// The database option every storage command takes.
#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// Database: a SQLite path or `sqlite://PATH`, or `postgres://USER@HOST:PORT/DB`.
    #[arg(
        long,
        global = true,
        env = "INNOCITY_DB",
        default_value = "innocity.db"
    )]
    pub db: String,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the web application and JSON API.
    Serve(cmd_admin::ServeArgs),
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        cmd: DbCmd,
        #[command(flatten)]
        db: DbArg,
    },
    /// Demo data (演示数据).
    Demo {
        #[command(subcommand)]
        cmd: DemoCmd,
        #[command(flatten)]
        db: DbArg,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        cmd: cmd_admin::UserCmd,
        #[command(flatten)]
        db: DbArg,
    },
    /// Write a consistent copy of the database to a file (safe while the server runs).
    Backup(cmd_admin::BackupArgs),
    /// Replace the database's content with a backup.
    Restore(cmd_admin::RestoreArgs),
    /// Policy documents: extract targets, tasks and phases.
    Doc {
        #[command(subcommand)]
        cmd: DocCmd,
    },
    /// Composite-index evaluation (see contracts/evaluate.md).
    Evaluate(cmd_evaluate::EvaluateArgs),
    /// Acceptance (验收): expert panels with recusal, and scores to outcomes (see contracts/acceptance.md).
    Acceptance {
        #[command(subcommand)]
        cmd: cmd_acceptance::AcceptanceCmd,
    },
    /// Monitoring data (监测数据): import and export by codes.
    Data {
        #[command(subcommand)]
        cmd: cmd_data::DataCmd,
    },
    /// The status of every target of a participant (已达标 / 正常 / 滞后 / 严重滞后).
    Targets(cmd_data::TargetsArgs),
    /// Task supervision (督查督办): list tasks, send due reminders.
    Tasks {
        #[command(subcommand)]
        cmd: cmd_tasks::TasksCmd,
    },
}

#[derive(Subcommand)]
enum DbCmd {
    /// Create or upgrade the schema.
    Migrate,
}

#[derive(Subcommand)]
enum DemoCmd {
    /// Load the demo data set (idempotent).
    Load,
}

#[derive(Subcommand)]
enum DocCmd {
    /// Extract a plan's targets, tasks and phases (see contracts/plan-extract.md).
    Extract(cmd_extract::ExtractArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.cmd {
        Cmd::Doc {
            cmd: DocCmd::Extract(a),
        } => cmd_extract::run(a),
        Cmd::Evaluate(a) => cmd_evaluate::run(a),
        Cmd::Acceptance { cmd } => cmd_acceptance::run(cmd),
        Cmd::Serve(a) => cmd_admin::block_on(cmd_admin::serve(a)),
        Cmd::Db {
            cmd: DbCmd::Migrate,
            db,
        } => cmd_admin::block_on(cmd_admin::migrate(db)),
        Cmd::Demo {
            cmd: DemoCmd::Load,
            db,
        } => cmd_admin::block_on(cmd_admin::demo_load(db)),
        Cmd::User { cmd, db } => cmd_admin::block_on(cmd_admin::user(cmd, db)),
        Cmd::Backup(a) => cmd_admin::block_on(cmd_admin::backup(a)),
        Cmd::Restore(a) => cmd_admin::block_on(cmd_admin::restore(a)),
        Cmd::Data { cmd } => cmd_admin::block_on(cmd_data::data(cmd)),
        Cmd::Targets(a) => cmd_admin::block_on(cmd_data::targets(a)),
        Cmd::Tasks { cmd } => cmd_admin::block_on(cmd_tasks::run(cmd)),
    };
    std::process::exit(code);
}
