//! Every corpus line decode_smtp is measured on, as TSV: set, provider group, expected reason,
//! deliverkit's reason, the line (tabs and newlines as spaces). Read by
//! scripts/sisimai-lines.sh: `cargo run --release --example smtp_cases`.
#[path = "../tests/support/smtp_corpus.rs"]
mod smtp_corpus;

fn main() {
    let mut cases = smtp_corpus::provider_cases();
    cases.extend(smtp_corpus::expected_cases());
    for c in &cases {
        let r = deliverkit::decode_smtp(&c.line);
        println!(
            "{}\t{}\t{}\t{}\t{}",
            c.set,
            c.group,
            c.reason,
            r.reason.as_str(),
            c.line.replace(['\t', '\n', '\r'], " ")
        );
    }
}
