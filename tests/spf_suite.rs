//! The OpenSPF conformance suites (../shared/corpora/auth/rfc7208-tests.yml and rfc4408-tests.yml)
//! with their zone data in memory. Every test must give one of its expected results.

#[path = "support/spf.rs"]
mod spf;

#[test]
fn rfc7208_suite_all_203() {
    let o = spf::run_suite("rfc7208-tests.yml");
    println!(
        "rfc7208-tests.yml: {}/{} tests give an expected result",
        o.passed, o.total
    );
    for f in &o.failures {
        println!("  {f}");
    }
    assert_eq!(o.total, 203, "the suite has 203 tests");
    assert_eq!(o.passed, 203);
}

#[test]
fn rfc4408_suite() {
    let o = spf::run_suite("rfc4408-tests.yml");
    println!(
        "rfc4408-tests.yml: {}/{} tests give an expected result",
        o.passed, o.total
    );
    for f in &o.failures {
        println!("  {f}");
    }
    assert_eq!(o.total, 191, "the suite has 191 tests");
    assert_eq!(o.passed, 191);
}
