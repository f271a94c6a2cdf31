//! Guards decode_smtp's agreement with the real corpus (figures in docs/ACCURACY.md).

#[path = "support/smtp_corpus.rs"]
mod corpus;

use corpus::{expected_cases, measure, provider_cases};

/// `reason_floor` is the measured agreement less a small margin: it guards against regressions.
/// The goal is 90%; docs/ACCURACY.md says where and why deliverkit is short of it.
fn check(name: &str, cases: &[corpus::Case], reason_floor: f64) {
    assert!(cases.len() > 100, "{name}: only {} cases read", cases.len());
    let o = measure(cases);
    let t = o.total;
    println!(
        "{name}: {} lines; reason {:.1}%; status {}/{}; reply code {}/{}",
        t.n,
        t.reason_pct(),
        t.status_ok,
        t.status_n,
        t.reply_ok,
        t.reply_n
    );
    for m in o.misses.iter().take(15) {
        println!("  miss: {m}");
    }
    assert_eq!(
        t.status_ok, t.status_n,
        "{name}: every status must be read exactly as in the line"
    );
    assert_eq!(
        t.reply_ok, t.reply_n,
        "{name}: every reply code must be read exactly as in the line"
    );
    assert!(
        t.reason_pct() >= reason_floor,
        "{name}: reason agreement {:.1}% fell below {reason_floor}%",
        t.reason_pct()
    );
}

#[test]
fn provider_reply_lines() {
    check("provider_replies.tsv", &provider_cases(), 90.0);
}

#[test]
fn expected_diagnostic_codes() {
    check("expected.tsv diagnostic codes", &expected_cases(), 84.0);
}

#[test]
fn no_corpus_line_panics_and_all_are_decoded_with_crlf_too() {
    for c in provider_cases().iter().chain(expected_cases().iter()) {
        let a = deliverkit::decode_smtp(&c.line);
        let b = deliverkit::decode_smtp(&format!("{}\r\n", c.line));
        assert_eq!(
            (a.reason, a.status, a.reply_code),
            (b.reason, b.status, b.reply_code),
            "{}",
            c.line
        );
    }
}
