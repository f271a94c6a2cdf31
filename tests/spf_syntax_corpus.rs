//! ../shared/corpora/auth/spf_syntax_cases.tsv: validate_spf's verdict against the asserted one.
//! Rows asserting valid or invalid (or an ambiguous pair) are decidable from the text; rows asserting
//! a runtime permerror depend on DNS data the file does not hold, and are counted apart.

#[path = "support/spf.rs"]
mod spf;

#[test]
fn spf_syntax_cases() {
    let o = spf::syntax_cases();
    println!(
        "spf_syntax_cases.tsv: {}/{} decidable rows agree ({:.1}%); {} listed exceptions",
        o.agree,
        o.decidable,
        o.pct(),
        o.exceptions
    );
    println!(
        "runtime permerror rows: {}/{} already invalid without DNS (the rest need DNS: check_host)",
        o.runtime_flagged, o.runtime
    );
    assert!(
        o.unexplained.is_empty(),
        "disagreements not in the exceptions file:\n{}",
        o.unexplained.join("\n")
    );
    assert!(o.pct() >= 98.0, "{:.1}% < 98%", o.pct());
}
