//! Native anchors: mail-auth (stalwartlabs) `Spf::parse` / `Dmarc::parse` (the
//! `TxtRecordParser` trait: pure parsing of the TXT text, no DNS) and deliverkit's own
//! `spf::validate_spf` and `dmarc::validate_dmarc`, over the same records as
//! the Node and Python anchors.
//!
//! Method: the records are loaded once. A warm-up runs the parser over the whole set for
//! WARMUP_MS and calibrates how many sweeps one pass needs to last PASS_MS; then RUNS passes
//! (default 7) are timed with `Instant`, each gives records/second, and the median is printed
//! as one JSON line per tool. `accepted` counts the records the tool parsed without error.
//!
//! Usage: deliverkit-anchors [spf|dmarc|all]   (env: RUNS, WARMUP_MS, PASS_MS, CORPUS; VALIDITY=1
//! adds `spf::validity`, the check behind the JS report's `valid`, as a row)

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::dmarc::Dmarc;
use mail_auth::spf::Spf;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn env_num(name: &str, default: f64) -> f64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Entries are plain strings (spf_simple, dmarc_nodns) or {domain, record} (spf_real, dmarc_rua).
fn records(corpus: &Value, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for key in keys {
        let list = corpus[*key].as_array().unwrap_or_else(|| panic!("corpus key {key} missing"));
        for e in list {
            let rec = e.as_str().or_else(|| e["record"].as_str()).expect("record text");
            out.push(rec.to_string());
        }
    }
    out
}

fn sweep(f: &impl Fn(&str) -> bool, recs: &[String], reps: usize) -> usize {
    let mut accepted = 0;
    for _ in 0..reps {
        for r in recs {
            if f(black_box(r.as_str())) {
                accepted += 1;
            }
        }
    }
    accepted
}

fn bench(tool: &str, suite: &str, version: &str, timed: &str, recs: &[String], f: impl Fn(&str) -> bool) {
    let runs = env_num("RUNS", 7.0).max(1.0) as usize;
    let warmup = Duration::from_secs_f64(env_num("WARMUP_MS", 300.0) / 1000.0);
    let pass = env_num("PASS_MS", 100.0) / 1000.0;

    let start = Instant::now();
    let mut sweeps = 0usize;
    while start.elapsed() < warmup || sweeps < 2 {
        black_box(sweep(&f, recs, 1));
        sweeps += 1;
    }
    let per_sweep = start.elapsed().as_secs_f64() / sweeps as f64;
    let reps = ((pass / per_sweep).ceil() as usize).max(1);

    let mut rates = Vec::with_capacity(runs);
    let mut accepted = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        accepted = black_box(sweep(&f, recs, reps)) / reps;
        let secs = t0.elapsed().as_secs_f64();
        rates.push((recs.len() * reps) as f64 / secs);
    }
    rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mid = rates.len() / 2;
    let median = if rates.len() % 2 == 1 { rates[mid] } else { (rates[mid - 1] + rates[mid]) / 2.0 };
    println!(
        "{}",
        json!({
            "tool": tool,
            "suite": suite,
            "version": version,
            "records": recs.len(),
            "medianRecordsPerSecond": median.round() as u64,
            "accepted": accepted,
            "runs": runs,
            "sweepsPerRun": reps,
            "runtime": "rust native (release)",
            "timed": timed,
        })
    );
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let path = std::env::var("CORPUS").unwrap_or_else(|_| "/work/shared/corpora/auth/bench_corpus.json".into());
    let corpus: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read corpus")).expect("corpus JSON");
    let mail_auth_version = env!("MAIL_AUTH_VERSION");

    if which == "spf" || which == "all" {
        let recs = records(&corpus, &["spf_simple", "spf_real"]);
        bench("mail-auth", "spf", mail_auth_version, "Spf::parse (TxtRecordParser)", &recs, |r| {
            black_box(Spf::parse(r.as_bytes())).is_ok()
        });

        // The check: validity, lookup count, every term's ranges and every finding's code and
        // place (what mail-auth's parse gives, plus positions and findings); no prose.
        bench("deliverkit-native", "spf", deliverkit::version(), "spf::check_spf", &recs, |r| {
            black_box(deliverkit::spf::check_spf(r)).valid
        });

        if std::env::var_os("VALIDITY").is_some() {
            bench("validity", "spf", deliverkit::version(), "spf::validity", &recs, |r| {
                black_box(deliverkit::spf::validity(r)).0
            });
        }

        // The report with every message and help sentence written, and the terms' text.
        bench("deliverkit-native, whole report", "spf", deliverkit::version(), "spf::validate_spf", &recs, |r| {
            black_box(deliverkit::spf::validate_spf(r)).valid
        });
    }

    if which == "dmarc" || which == "all" {
        let recs = records(&corpus, &["dmarc_nodns", "dmarc_rua"]);
        bench("mail-auth", "dmarc", mail_auth_version, "Dmarc::parse (TxtRecordParser)", &recs, |r| {
            black_box(Dmarc::parse(r.as_bytes())).is_ok()
        });

        bench("deliverkit-native", "dmarc", deliverkit::version(), "dmarc::validate_dmarc", &recs, |r| {
            black_box(deliverkit::dmarc::validate_dmarc(r)).valid
        });
    }
}
