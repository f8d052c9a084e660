//! No panic on any input: proptest over arbitrary bytes and plan-like fragments, plus a
//! time-boxed mutation loop over the seeds (set `INNOCITY_FUZZ_SECS`).

use innocity_text::{decode_any, extract, normalize, Options};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "一、",
    "(一)",
    "（二）",
    "1.",
    "2、",
    "(3)",
    "①",
    "第一章 ",
    "第二节 ",
    "专栏1 ",
    "篇一:",
    "到2025年,",
    "至“十二五”末,",
    "20XX年",
    "201*年",
    "今年",
    "力争",
    "达到",
    "3.3%以上",
    "1200家",
    "突破",
    "左右",
    "3-5个",
    "3?4个",
    "≥70%",
    "年均增长15%",
    "提高12个百分点",
    "(市科技局牵头,市财政局配合)",
    "(A局、B局按职责分工负责)",
    "责任单位:",
    "牵头单位:市发改委;配合单位:市财政局",
    "〔市科技局、市教育局〕",
    "各县(市、区)政府(管委会)负责落实",
    "。",
    ",",
    "、",
    "\n",
    "\t",
    "創(chuàng)新",
    "(R&D)",
    "??",
    "主要任务",
    "保障措施",
    "发展目标",
    "试点基础",
    "进度安排",
    "德政字〔2023〕44号",
    "“5568”",
    "等10项",
    "奖励30万元",
    "3∶42∶55",
    "列第一位者为牵头单位",
    "序号\t任务\t牵头单位\t配合单位",
    "<p class=\"x\">",
    "</p>",
    "<br/>",
    "<td>",
    "</tr>",
    "<script>",
    "&nbsp;",
    "&#x3002;",
    "&amp",
    "(牵头考核单位:市科技局、市财政局)",
    "(6月底完成,牵头单位:X;配合单位:Y)",
    "1﹒",
    "11。",
    "- 3 -",
    "序号\n任务名称\n任务内容\n实施单位\n\n",
    "\n\n1\n",
    " ",
    "(chu\nàng)",
    "（",
    "）",
    "(",
    ")",
    "“",
    "”",
    "《",
    "》",
    "\u{FFFD}",
    "Ã¤Â",
    "",
];

fn plan_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = decode_any(&bytes) {
            let x = extract(&text, &Options::default());
            let n = x.text.chars().count();
            for t in &x.targets { prop_assert!(t.offset <= n); }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let x = extract(&s, &Options::default());
        let _ = serde_json::to_string(&x);
        let n = normalize(&s);
        prop_assert_eq!(n.simp.len(), n.display.len());
        prop_assert_eq!(n.simp.len(), n.map.len());
    }

    #[test]
    fn plan_fragments_never_panic(s in plan_like(), published in prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]")) {
        let x = extract(&s, &Options { published, ..Options::default() });
        let n = x.text.chars().count();
        for t in &x.targets {
            prop_assert!(t.offset < n);
            prop_assert!(t.value_max.is_none() || t.comparator == innocity_text::Comparator::Range);
        }
        for k in &x.tasks { prop_assert!(k.offset <= n); }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds/");
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    v.push(FRAGMENTS.concat().into_bytes());
    v
}

fn mutate(rng: &mut Rng, base: &[u8], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = b.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                let i = rng.below(len + 1);
                b.splice(i..i, f.iter().copied());
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(64)).min(len);
                b.drain(i..j);
            }
            3 if len > 0 => b.truncate(rng.below(len)),
            4 => {
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let j = (i + rng.below(2000)).min(other.len());
                    let at = rng.below(len + 1);
                    b.splice(at..at, other[i..j].iter().copied());
                }
            }
            5 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(200)).min(len);
                let dup = b[i..j].to_vec();
                b.splice(j..j, dup);
            }
            6 => {
                let i = rng.below(len + 1);
                b.insert(i, rng.next() as u8);
            }
            _ => {
                // keep valid UTF-8 most of the time: replace one char-aligned range
                if let Ok(s) = std::str::from_utf8(&b) {
                    let chars: Vec<char> = s.chars().collect();
                    if !chars.is_empty() {
                        let i = rng.below(chars.len());
                        let mut c2 = chars.clone();
                        c2.swap(i, rng.below(chars.len()));
                        b = c2.into_iter().collect::<String>().into_bytes();
                    }
                }
            }
        }
    }
    b
}

/// Time-boxed mutation loop: `INNOCITY_FUZZ_SECS=600 cargo test --release -p innocity-text --test robust fuzz_loop -- --nocapture`.
#[test]
fn fuzz_loop() {
    let secs: u64 = std::env::var("INNOCITY_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let pool = seeds();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ secs.wrapping_mul(0x1000_0001));
    let start = std::time::Instant::now();
    let mut execs = 0u64;
    let mut decoded = 0u64;
    let min_iters = if secs == 0 { 30 } else { 0 };
    while execs < min_iters || start.elapsed().as_secs() < secs {
        let base = &pool[rng.below(pool.len())];
        let input = mutate(&mut rng, base, &pool);
        let text = match decode_any(&input) {
            Ok(text) => {
                decoded += 1;
                text
            }
            // undecodable bytes are refused by the CLI; still exercise the extractor on
            // the lossy text (U+FFFD runs) so that every mutation reaches it
            Err(_) => String::from_utf8_lossy(&input).into_owned(),
        };
        let x = extract(
            &text,
            &Options {
                published: Some("2024-01-01".into()),
                ..Options::default()
            },
        );
        assert!(x.targets.iter().all(|t| t.offset <= x.text.chars().count()));
        execs += 1;
    }
    eprintln!(
        "fuzz_loop: {execs} executions ({decoded} decoded as text, the rest extracted lossily) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(execs >= min_iters);
}

/// A long single-line input (scraped pages often lose their line breaks) stays near-linear.
#[test]
fn long_single_line_is_not_quadratic() {
    let unit = "到2025年,研发投入强度达到3%以上,高新技术企业突破1200家,“5568”(市科技局牵头)(范文网)20XX年一、主要任务1.建设实验室。";
    let small = unit.repeat(200);
    let big = unit.repeat(1600);
    let t0 = std::time::Instant::now();
    let a = extract(&small, &Options::default());
    let t_small = t0.elapsed();
    let t1 = std::time::Instant::now();
    let b = extract(&big, &Options::default());
    let t_big = t1.elapsed();
    assert!(
        b.targets.len() >= a.targets.len() * 7,
        "{} vs {}",
        b.targets.len(),
        a.targets.len()
    );
    // 8x the input: allow generous noise, but not the 64x of a quadratic pass
    assert!(
        t_big < t_small * 30 + std::time::Duration::from_millis(200),
        "{t_small:?} -> {t_big:?}"
    );
}
