//! decode_bounce over every message of set-of-emails/maildir/bsd, several passes; prints one JSON
//! line with the median messages per second (used by scripts/bench.sh, beside sisimai).
use std::time::Instant;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/smtp/set-of-emails/maildir/bsd");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).expect("corpus").flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        texts.push(deliverkit::input::text_from_bytes(&bytes).0.into_owned());
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let mut rates = Vec::new();
    let mut recipients = 0;
    for _ in 0..runs {
        let t = Instant::now();
        recipients = texts
            .iter()
            .map(|m| deliverkit::decode_bounce(m).recipients.len())
            .sum::<usize>();
        rates.push(texts.len() as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{{\"tool\":\"deliverkit-native\",\"messages\":{},\"recipients\":{recipients},\"runs\":{runs},\"medianMessagesPerSecond\":{:.0}}}",
        texts.len(),
        rates[runs / 2]
    );
}
