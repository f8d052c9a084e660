//! Extract one file and print the contract JSON (development helper; the real CLI is
//! `innocity doc extract`). usage: cargo run --example extract_file -- FILE [--published YYYY-MM-DD]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: extract_file FILE [--published YYYY-MM-DD]");
        std::process::exit(2);
    };
    let published = args
        .iter()
        .position(|a| a == "--published")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(2);
        }
    };
    let text = match innocity_text::decode_any(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(2);
        }
    };
    let x = innocity_text::extract(
        &text,
        &innocity_text::Options {
            published,
            indicators: Vec::new(),
        },
    );
    println!("{}", serde_json::to_string(&x).unwrap_or_default());
}
