//! score_message over every message of the content corpus (ham and spam), several passes; prints
//! one JSON line with the median messages per second (used by scripts/bench.sh, beside
//! SpamAssassin).
use std::time::Instant;

fn main() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/content");
    let mut msgs = Vec::new();
    for dir in ["ham", "spam"] {
        for e in std::fs::read_dir(base.join(dir)).expect("corpus").flatten() {
            msgs.push(std::fs::read(e.path()).unwrap());
        }
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut rates = Vec::new();
    let mut spam = 0;
    for _ in 0..runs {
        let t = Instant::now();
        spam = msgs
            .iter()
            .filter(|m| {
                deliverkit::score_message_bytes(m).verdict == deliverkit::content::Verdict::Spam
            })
            .count();
        rates.push(msgs.len() as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{{\"tool\":\"deliverkit-native\",\"messages\":{},\"spamVerdicts\":{spam},\"runs\":{runs},\"medianMessagesPerSecond\":{:.0}}}",
        msgs.len(),
        rates[runs / 2]
    );
}
