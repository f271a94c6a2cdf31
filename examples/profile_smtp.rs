//! Decodes every corpus reply line N times (default 20): a target for profilers such as
//! `valgrind --tool=callgrind target/release/examples/profile_smtp`.
fn main() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/smtp/");
    let t = std::fs::read_to_string(format!("{base}expected.tsv")).expect("corpus");
    let lines: Vec<&str> = t
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split('\t').nth(14))
        .filter(|s| !s.is_empty())
        .collect();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let mut sum = 0usize;
    for _ in 0..n {
        for l in &lines {
            sum += deliverkit::decode_smtp(l).message.len();
        }
    }
    println!("{} lines x {n}: {sum}", lines.len());
}
