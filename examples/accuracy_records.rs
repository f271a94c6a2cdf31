//! Regenerates docs/ACCURACY-records.md: `cargo run --release --example accuracy_records`.
//! The guarding test is `cargo test --test records_corpus`.

#[path = "../tests/support/records_corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use corpus::{anchor_verdict, cases, exceptions, measure, source_project, ANCHORS};

fn main() {
    let files = ["dmarc_cases.tsv", "dkim_mtasts_tlsrpt_cases.tsv"];
    let mut out = String::new();
    out.push_str("# Accuracy: DNS records\n\n");
    out.push_str("Agreement of deliverkit's record validators with the verdicts asserted by the source tests of\n`../shared/corpora/auth`. Regenerate with `cargo run --release --example accuracy_records`\n(the guarding test is `cargo test --test records_corpus`).\n\n");
    out.push_str("How it is measured (`tests/support/records_corpus.rs`):\n\n");
    out.push_str("- Each row's record is unescaped (`\\t \\n \\\\ \\uXXXX`) and checked: `dmarc_cases.tsv` with\n  `validate_dmarc` (RFC 9989, the default), `dkim_mtasts_tlsrpt_cases.tsv` with `validate_record`.\n");
    out.push_str("- deliverkit says *valid* when no diagnostic has error severity; the corpus says *valid* when\n  `expected_verdict` is `valid` (every other verdict, `invalid` or `permerror`, counts as invalid).\n");
    out.push_str("- The anchors' columns are what each implementation returned offline (the corpus's columns 6-9);\n  a column that starts with `ok` counts as valid.\n\n");
    out.push_str("## Summary\n\n| corpus | cases | deliverkit agrees |");
    for a in ANCHORS {
        write!(out, " {a} |").unwrap();
    }
    out.push_str("\n|---|---:|---:|");
    for _ in ANCHORS {
        out.push_str("---:|");
    }
    out.push('\n');
    for f in files {
        let t = measure(f);
        write!(
            out,
            "| `{f}` | {} | **{:.1}%** ({}) |",
            t.total,
            t.pct(),
            t.agree
        )
        .unwrap();
        let all = cases(f);
        for i in 0..ANCHORS.len() {
            let (mut n, mut ok) = (0, 0);
            for c in &all {
                if let Some(v) = anchor_verdict(c, i) {
                    n += 1;
                    ok += usize::from(v == c.expected_valid());
                }
            }
            if n == 0 {
                out.push_str(" - |");
            } else {
                write!(out, " {:.1}% ({ok}/{n}) |", 100.0 * ok as f64 / n as f64).unwrap();
            }
        }
        out.push('\n');
    }
    out.push_str(
        "\n## Per source\n\n| corpus | source | cases | deliverkit agrees |\n|---|---|---:|---:|\n",
    );
    for f in files {
        let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let t = measure(f);
        for c in cases(f) {
            let e = by.entry(source_project(&c)).or_default();
            e.0 += 1;
            if !t.disagreements.iter().any(|(d, _, _)| d.raw == c.raw) {
                e.1 += 1;
            }
        }
        for (src, (n, ok)) in by {
            writeln!(out, "| `{f}` | {src} | {n} | {ok} |").unwrap();
        }
    }
    out.push_str("\n## Disagreements\n\nEach is listed, with the reason we believe the asserted verdict is wrong, in\n`tests/fixtures/records/exceptions.tsv`; the corpus test fails on any disagreement not listed there.\n\n| corpus | record | asserted | deliverkit | errors | reason |\n|---|---|---|---|---|---|\n");
    let ex = exceptions();
    for f in files {
        for (c, valid, errors) in measure(f).disagreements {
            let reason = ex
                .iter()
                .find(|e| e.file == f && e.raw == c.raw)
                .map_or("(not reviewed)", |e| e.reason.as_str());
            let rec: String = c.record.chars().take(80).collect();
            let rec = if rec.len() < c.record.len() {
                format!("{rec}...")
            } else {
                rec
            };
            writeln!(
                out,
                "| `{f}` | `{}` | {} | {} | {} | {} |",
                rec.replace('|', "\\|"),
                c.expected,
                if valid { "valid" } else { "invalid" },
                if errors.is_empty() {
                    "-".to_string()
                } else {
                    errors.join(", ")
                },
                reason.replace('|', "\\|")
            )
            .unwrap();
        }
    }
    out.push_str("\n## Other evidence\n\n- Every example record of RFC 9989 appendix B (draft-ietf-dmarc-dmarcbis-41) validates, and the\n  appendix's alignment and tree-walk examples (B.1, B.3.1, B.4.1-B.4.3) evaluate as the text says\n  (`src/dmarc/tests.rs`).\n- The example signatures of RFC 6376 appendix A.2 and RFC 8463 appendix A.3 and the key record of\n  RFC 6376 appendix C validate (`src/dkim/tests.rs`).\n- Every entry point is fed empty, huge, binary, truncated and corrupted input without a panic, and\n  every span stays inside the input on character boundaries (`tests/records.rs`).\n");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ACCURACY-records.md");
    std::fs::write(path, &out).unwrap();
    print!("{out}");
}
