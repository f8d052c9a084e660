//! Throughput of repair + extraction over the seed documents.
use divan::counter::BytesCount;

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds/");
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(s) = std::fs::read_to_string(&p) {
                out.push(s);
            }
        }
    }
    if out.is_empty() {
        out.push(
            "到2027年,全社会研发经费投入强度达到3.3%以上。\n1. 建设实验室。(市科技局牵头)\n"
                .repeat(200),
        );
    }
    out
}

fn main() {
    divan::main();
}

#[divan::bench]
fn extract_all_seeds(bencher: divan::Bencher) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let opts = innocity_text::Options::default();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for d in &docs {
            divan::black_box(innocity_text::extract(divan::black_box(d), &opts));
        }
    });
}

#[divan::bench]
fn normalize_all_seeds(bencher: divan::Bencher) {
    let docs = seeds();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for d in &docs {
            divan::black_box(innocity_text::normalize(divan::black_box(d)));
        }
    });
}
