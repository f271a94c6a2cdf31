//! Regenerates docs/ACCURACY.md: `cargo run --release --example accuracy`.
//! Also writes every disagreement to target/accuracy-misses.tsv for review.

#[path = "../tests/support/smtp_corpus.rs"]
mod corpus;

use std::fmt::Write as _;

use corpus::{expected_cases, measure, provider_cases, Outcome, Tally};

fn section(out: &mut String, title: &str, o: &Outcome, group_label: &str) {
    let t = o.total;
    writeln!(out, "### {title}\n").unwrap();
    writeln!(
        out,
        "{} lines. Reason agrees on **{:.1}%** ({}/{}). Status read exactly as in the line: {}/{} ({:.1}%). Reply code: {}/{} ({:.1}%).\n",
        t.n, t.reason_pct(), t.reason_ok, t.n, t.status_ok, t.status_n, Tally::pct(t.status_ok, t.status_n), t.reply_ok, t.reply_n, Tally::pct(t.reply_ok, t.reply_n)
    )
    .unwrap();
    writeln!(out, "| {group_label} | lines | reason agrees | status exact | reply code exact |\n|---|---:|---:|---:|---:|").unwrap();
    for (g, t) in &o.groups {
        writeln!(
            out,
            "| {g} | {} | {:.1}% ({}) | {}/{} | {}/{} |",
            t.n,
            t.reason_pct(),
            t.reason_ok,
            t.status_ok,
            t.status_n,
            t.reply_ok,
            t.reply_n
        )
        .unwrap();
    }
    out.push('\n');
}

fn main() {
    let a = measure(&provider_cases());
    let b = measure(&expected_cases());
    let mut out = String::new();
    out.push_str("# Accuracy\n\nAgreement of deliverkit with the real corpora in `../shared/corpora`. Regenerate with\n`cargo run --release --example accuracy` (the guarding tests are `cargo test --test smtp_corpus`).\n\n");
    out.push_str("## SMTP reply decoding (`decode_smtp`)\n\n");
    out.push_str("How it is measured (`tests/support/smtp_corpus.rs`):\n\n");
    out.push_str("- **Lines.** The full reply lines and provider codes of `smtp/provider_replies.tsv` (the *match fragment* rows of that file are sisimai's per-provider rule table; deliverkit imports them as its provider rules, `data/provider-rules.tsv`, so they are not test lines), and every non-empty `diagnosticcode_from_5.1.0_run` line of `smtp/expected.tsv`.\n");
    out.push_str("- **Reason** is compared with `reason_class_sisimai` (provider lines) and `expected_reason_v5.6` (expected.tsv). For expected.tsv the expectation was made by sisimai from the *whole bounce message* (its MTA, its headers, the SMTP command), so some reasons cannot be read from the line alone; decode_bounce (issue #3) has that context.\n");
    out.push_str("- **Status and reply code, exactly as in the line.** When the corpus's status (reply code) occurs in the line as a token, deliverkit must return exactly it; when the line holds no status-shaped token, it must return none. Lines that hold a status other than the corpus's (sisimai took it from elsewhere in the message) are not asserted for that field.\n\n");
    section(
        &mut out,
        "provider_replies.tsv, per provider",
        &a,
        "provider",
    );
    section(
        &mut out,
        "expected.tsv diagnostic codes, per receiving provider (`rhost_provider`)",
        &b,
        "provider",
    );
    std::fs::create_dir_all("docs").unwrap();
    std::fs::write("docs/ACCURACY.md", &out).unwrap();
    let misses: Vec<String> = a.misses.iter().chain(b.misses.iter()).cloned().collect();
    std::fs::create_dir_all("target").unwrap();
    std::fs::write("target/accuracy-misses.tsv", misses.join("\n")).unwrap();
    println!(
        "provider_replies: reason {:.1}%  expected.tsv: reason {:.1}%  ({} disagreements in target/accuracy-misses.tsv)",
        a.total.reason_pct(),
        b.total.reason_pct(),
        misses.len()
    );
}
