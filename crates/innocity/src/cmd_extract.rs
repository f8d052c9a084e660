//! `innocity doc extract` (owned by the plan-import work; being written).

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Plain-text or .docx file, or `-` for standard input.
    pub file: String,
}

pub fn run(a: ExtractArgs) -> i32 {
    eprintln!("innocity doc extract {}: not built yet", a.file);
    2
}
