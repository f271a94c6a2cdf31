//! The corpus lines whose decode_smtp reason disagrees with the expectation, grouped by
//! (expected, got): `cargo run --release --example smtp_misses [FILTER]`.
#[path = "../tests/support/smtp_corpus.rs"]
mod smtp_corpus;

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let mut cases = smtp_corpus::provider_cases();
    cases.extend(smtp_corpus::expected_cases());
    let mut misses: Vec<(String, String, &'static str, String)> = Vec::new();
    for c in &cases {
        let r = deliverkit::decode_smtp(&c.line);
        let got = r.reason.as_str().to_string();
        if got != c.reason {
            misses.push((c.reason.clone(), got, c.set, c.line.clone()));
        }
    }
    misses.sort();
    for (want, got, set, line) in misses {
        if filter.is_empty() || format!("{want} {got}").contains(&filter) {
            let line: String = line.chars().take(230).collect();
            println!("{want}\t{got}\t{set}\t{line}");
        }
    }
}
