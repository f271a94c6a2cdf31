//! The shared record corpus (../shared/corpora/auth): deliverkit's valid/invalid verdict against
//! the verdict each source test asserts. dmarc_cases.tsv must agree on at least 95% of the cases;
//! on dkim_mtasts_tlsrpt_cases.tsv every case must agree or be a reviewed exception. Every
//! disagreement must be listed, with its reason, in tests/fixtures/records/exceptions.tsv (and
//! every listed case must still disagree).

#[path = "support/records_corpus.rs"]
mod corpus;

use corpus::{exceptions, measure, Tally};

fn check(t: &Tally, min_pct: f64) {
    println!(
        "{}: {}/{} agree ({:.1}%), {} disagreements",
        t.file,
        t.agree,
        t.total,
        t.pct(),
        t.disagreements.len()
    );
    assert!(t.total > 10, "{}: corpus not found or empty", t.file);
    let ex = exceptions();
    for (case, valid, errors) in &t.disagreements {
        println!(
            "  disagree: {:?} asserted {} deliverkit {} {:?}",
            case.record,
            case.expected,
            if *valid { "valid" } else { "invalid" },
            errors
        );
        assert!(
            ex.iter().any(|e| e.file == t.file && e.raw == case.raw),
            "{}: {:?} disagrees and is not in exceptions.tsv",
            t.file,
            case.raw
        );
    }
    for e in ex.iter().filter(|e| e.file == t.file) {
        assert!(
            t.disagreements.iter().any(|(c, valid, _)| c.raw == e.raw
                && e.asserted == c.expected
                && e.deliverkit == if *valid { "valid" } else { "invalid" }),
            "exceptions.tsv lists {:?}, which no longer disagrees as written",
            e.raw
        );
        assert!(
            e.reason.len() > 20,
            "exceptions.tsv: give a reason for {:?}",
            e.raw
        );
    }
    assert!(
        t.pct() >= min_pct,
        "{}: {:.1}% < {min_pct}%",
        t.file,
        t.pct()
    );
}

#[test]
fn dmarc_cases() {
    check(&measure("dmarc_cases.tsv"), 95.0);
}

#[test]
fn dkim_mtasts_tlsrpt_cases() {
    // 12 of the 13 cases agree; the 13th is a reviewed exception (see exceptions.tsv).
    check(&measure("dkim_mtasts_tlsrpt_cases.tsv"), 90.0);
}
