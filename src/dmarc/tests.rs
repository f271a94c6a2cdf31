use super::*;
use crate::diagnostic::Severity;

fn codes(r: &DmarcReport) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn errors(r: &DmarcReport) -> Vec<&'static str> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.as_str())
        .collect()
}

/// (record, error codes expected, other codes that must be present)
#[test]
fn grammar_table() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("v=DMARC1; p=reject; rua=mailto:d@example.com", &[], &[]),
        ("v=DMARC1;p=ReJect", &[], &["dmarc/no-rua"]),
        ("V = DMARC1 ; P = reject", &[], &[]),
        (
            "v=DMARC1; p=reject; np=none; sp=none",
            &[],
            &["dmarc/weak-subdomain-policy"],
        ),
        ("v=DMARC1", &[], &["dmarc/missing-policy", "dmarc/no-rua"]),
        ("v=DMARC1; p=", &["dmarc/bad-policy"], &[]),
        ("v=DMARC1; p=reject; p=none", &["record/duplicate-tag"], &[]),
        ("v=DMARC1; p=reject; P=none", &["record/duplicate-tag"], &[]),
        ("v=DMARC1 p=reject", &["dmarc/bad-version"], &[]),
        ("p=reject", &["dmarc/missing-version"], &[]),
        ("v=DKIM1; p=abc", &["dmarc/not-dmarc"], &[]),
        ("v=DMARC1; p=reject; adkim=x", &["dmarc/bad-value"], &[]),
        ("v=DMARC1; p=reject; t=yes", &["dmarc/bad-value"], &[]),
        ("v=DMARC1; p=reject; t=y", &[], &["dmarc/testing-mode"]),
        ("v=DMARC1; p=reject; psd=y", &[], &["dmarc/psd-yes"]),
        (
            "v=DMARC1; p=reject; fo=1:d:d; ruf=mailto:f@example.com",
            &[],
            &["dmarc/fo-repeated", "dmarc/ruf-privacy"],
        ),
        ("v=DMARC1; p=reject; fo=1:", &["dmarc/bad-fo"], &[]),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example.com,",
            &["dmarc/bad-uri"],
            &[],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example",
            &["dmarc/bad-uri"],
            &[],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a b@example.com",
            &["dmarc/bad-uri"],
            &[],
        ),
        (
            "v=DMARC1; p=reject; rua=https://r.example.com/dmarc",
            &[],
            &["dmarc/uri-scheme"],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example.com!10x",
            &["dmarc/bad-uri"],
            &[],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example.com; zz=1",
            &[],
            &["dmarc/unknown-tag"],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example.com; p\u{e9}=1",
            &["record/bad-tag-name"],
            &[],
        ),
        (
            "v=DMARC1; p=reject\u{a0}",
            &["record/bad-char", "dmarc/bad-policy"],
            &[],
        ),
        ("v=DMARC1; p=reject;\n", &[], &[]),
        (
            "\"v=DMARC1; p=reject\"",
            &[
                "record/quoted",
                "record/bad-tag-name",
                "dmarc/missing-version",
                "dmarc/bad-policy",
            ],
            &[],
        ),
    ];
    for (text, errs, others) in cases {
        let r = validate_dmarc(text);
        assert_eq!(&errors(&r), errs, "{text:?}: {:?}", codes(&r));
        assert_eq!(r.valid, errs.is_empty());
        for c in *others {
            assert!(
                codes(&r).contains(c),
                "{text:?}: {c} missing from {:?}",
                codes(&r)
            );
        }
    }
}

#[test]
fn spans_point_at_the_value() {
    let text = "v=DMARC1; p=reject; sp=bogus";
    let r = validate_dmarc(text);
    let d = &r.diagnostics[0];
    let s = d.span.unwrap();
    assert_eq!(&text[s.start as usize..s.end as usize], "bogus");
    let text = "v=DMARC1; p=reject; rua=mailto:a@example.com, x@example.com";
    let r = validate_dmarc(text);
    let s = r.diagnostics[0].span.unwrap();
    assert_eq!(&text[s.start as usize..s.end as usize], "x@example.com");
}

#[test]
fn model() {
    let r = validate_dmarc(
        "v=DMARC1; p=quarantine; sp=reject; np=reject; adkim=s; aspf=r; t=y; psd=n; fo=1:d; \
         rua=mailto:a@example.com!10m,mailto:b@example.net; ruf=mailto:f@example.com",
    );
    let m = r.record.unwrap();
    assert_eq!(m.policy, Some(Policy::Quarantine));
    assert_eq!(m.subdomain_policy, Some(Policy::Reject));
    assert_eq!(m.non_existent_policy, Some(Policy::Reject));
    assert_eq!(
        (m.adkim, m.aspf),
        (AlignmentMode::Strict, AlignmentMode::Relaxed)
    );
    assert!(m.testing);
    assert_eq!(m.psd, Psd::No);
    assert_eq!(m.failure_options, ["1", "d"]);
    assert_eq!(m.rua.len(), 2);
    assert_eq!(m.rua[0].size_limit.as_deref(), Some("10m"));
    assert_eq!(m.rua[0].uri, "mailto:a@example.com");
    assert_eq!(m.rua[1].domain.as_deref(), Some("example.net"));
    assert!(m.rua.iter().all(|u| u.valid));
}

#[test]
fn rfc7489_mode() {
    let opts = DmarcOptions {
        spec: DmarcSpec::Rfc7489,
        domain: None,
    };
    let r = validate_dmarc_with("v=DMARC1; p=reject; pct=101", &opts);
    assert_eq!(errors(&r), ["dmarc/bad-value"]);
    let r = validate_dmarc_with("v=DMARC1; p=reject; rf=foo,iodef", &opts);
    assert_eq!(errors(&r), ["dmarc/bad-value"]);
    let r = validate_dmarc_with("v=DMARC1; p=reject; pct=50; rf=afrf; ri=86400", &opts);
    assert!(r.valid);
    assert_eq!(r.record.unwrap().percent, Some(50));
    // RFC 9989's tags are unknown to RFC 7489, and the size suffix is not obsolete there.
    let r = validate_dmarc_with(
        "v=DMARC1; p=reject; np=reject; t=y; rua=mailto:a@example.com!10m",
        &opts,
    );
    assert_eq!(
        codes(&r)
            .iter()
            .filter(|c| **c == "dmarc/unknown-tag")
            .count(),
        2
    );
    assert!(!codes(&r).contains(&"dmarc/uri-size-suffix"));
}

#[test]
fn external_report_destination() {
    let opts = DmarcOptions {
        spec: DmarcSpec::Rfc9989,
        domain: Some("example.com".into()),
    };
    let r = validate_dmarc_with(
        "v=DMARC1; p=none; rua=mailto:d@example.com,mailto:d@reports.example.com; ruf=mailto:a@thirdparty.example.net",
        &opts,
    );
    let ext: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "dmarc/external-report-destination")
        .collect();
    assert_eq!(ext.len(), 1);
    assert!(ext[0]
        .help
        .as_deref()
        .unwrap()
        .contains("example.com._report._dmarc.thirdparty.example.net"));
}

/// Every example record of RFC 9989 appendix B (draft-ietf-dmarc-dmarcbis-41), joined from its
/// zone-file strings.
#[test]
fn rfc9989_appendix_b_records() {
    let cases: &[(&str, &str, Option<Policy>)] = &[
        // B.2.1 Entire Domain, Monitoring Mode
        ("B.2.1", "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com", Some(Policy::None)),
        // B.2.2 Per-Message Failure Reports
        ("B.2.2", "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@example.com", Some(Policy::None)),
        // B.2.3 Failure Reports Directed to Third Party, and the third party's authorisation
        ("B.2.3", "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@thirdparty.example.net", Some(Policy::None)),
        ("B.2.3 authorisation", "v=DMARC1;", None),
        // B.2.4 Overriding destination addresses
        ("B.2.4", "v=DMARC1; rua=mailto:aggregate-reports@thirdparty.example.net; ruf=mailto:failure-reports@thirdparty.example.net", None),
        // B.2.5 Subdomain, Testing, and Multiple Aggregate Report URIs (both versions)
        ("B.2.5 testing", "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net; t=y", Some(Policy::Quarantine)),
        ("B.2.5 enforcing", "v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net", Some(Policy::Reject)),
        // B.3.1 SMTP Session Example
        ("B.3.1", "v=DMARC1; p=reject; aspf=r;\n rua=mailto:dmarc-feedback@example.com", Some(Policy::Reject)),
    ];
    for (section, text, policy) in cases {
        // B.3.1 is printed over two lines; as a TXT record it is one string.
        let text = text.replace("\n ", " ");
        let r = validate_dmarc(&text);
        assert!(r.valid, "{section}: {:?}", codes(&r));
        assert_eq!(r.record.as_ref().unwrap().policy, *policy, "{section}");
    }
    let opts = DmarcOptions {
        spec: DmarcSpec::Rfc9989,
        domain: Some("example.com".into()),
    };
    let r = validate_dmarc_with(cases[2].1, &opts);
    assert!(codes(&r).contains(&"dmarc/external-report-destination"));
    let r = validate_dmarc_with(cases[5].1, &DmarcOptions::default());
    assert!(codes(&r).contains(&"dmarc/testing-mode"));
}

#[test]
fn hostile_inputs_never_panic() {
    let long = "v=DMARC1; ".to_string() + &"p=reject;".repeat(20_000);
    let inputs = [
        "",
        " ",
        ";",
        "=",
        "v",
        "v=",
        "v=DMARC1;;;;;",
        "v=DMARC1; rua=!",
        "v=DMARC1; rua=mailto:!",
        "v=DMARC1; rua=,,,",
        "v=DMARC1; fo=:::",
        "v=DMARC1; rua=mailto:%",
        "v=DMARC1; p=\u{0}",
        "\u{feff}v=DMARC1",
        "v=DMARC1; rua=mailto:é@é",
        &long,
    ];
    for i in inputs {
        let r = validate_dmarc(i);
        for d in &r.diagnostics {
            if let Some(s) = d.span {
                assert!(s.start <= s.end && s.end as usize <= i.len(), "{i:?}");
                assert!(i.is_char_boundary(s.start as usize) && i.is_char_boundary(s.end as usize));
            }
        }
    }
}

// ---- evaluation ---------------------------------------------------------------------------------

fn zone(entries: &[(&str, &str)]) -> MapResolver {
    let mut z = MapResolver::new();
    for (name, txt) in entries {
        if *txt == "TIMEOUT" {
            z.insert_timeout(name);
        } else if txt.is_empty() {
            z.insert(name, vec![]);
        } else {
            z.insert(name, vec![txt.to_string()]);
        }
    }
    z
}

fn id(result: AuthResult, domain: &str) -> Identifier {
    Identifier {
        result,
        domain: domain.into(),
    }
}

fn input(from: &str, spf: Option<(AuthResult, &str)>, dkim: &[(AuthResult, &str)]) -> DmarcInput {
    DmarcInput {
        from: from.into(),
        spf: spf.map(|(r, d)| id(r, d)),
        dkim: dkim.iter().map(|(r, d)| id(*r, d)).collect(),
    }
}

use AuthResult::{Fail, Pass};

/// RFC 9989 appendix B.1: SPF and DKIM alignment examples, relaxed and strict.
#[test]
fn appendix_b1_alignment() {
    let relaxed = "v=DMARC1; p=reject";
    let strict = "v=DMARC1; p=reject; aspf=s; adkim=s";
    for (record, mode_strict) in [(relaxed, false), (strict, true)] {
        let mut z = zone(&[("_dmarc.example.com", record), ("child.example.com", "")]);
        // SPF example 1: strict alignment (identical domains).
        let e = evaluate_dmarc(
            &input("example.com", Some((Pass, "example.com")), &[]),
            &mut z,
        );
        assert_eq!(e.result, DmarcResult::Pass);
        // SPF example 2: relaxed alignment only (child of the Author Domain).
        let e = evaluate_dmarc(
            &input("example.com", Some((Pass, "child.example.com")), &[]),
            &mut z,
        );
        assert_eq!(e.result == DmarcResult::Pass, !mode_strict, "{record}");
        // SPF example 3: no alignment.
        let e = evaluate_dmarc(
            &input("child.example.com", Some((Pass, "example.net")), &[]),
            &mut z,
        );
        assert_eq!(e.result, DmarcResult::Fail);
        // DKIM example 1: strict.
        let e = evaluate_dmarc(
            &input("example.com", None, &[(Pass, "example.com")]),
            &mut z,
        );
        assert_eq!(e.result, DmarcResult::Pass);
        // DKIM example 2: d=example.com, From child.example.com: relaxed only.
        let e = evaluate_dmarc(
            &input("child.example.com", None, &[(Pass, "example.com")]),
            &mut z,
        );
        assert_eq!(e.result == DmarcResult::Pass, !mode_strict, "{record}");
        // DKIM example 3: d=example.net.
        let e = evaluate_dmarc(
            &input("child.example.com", None, &[(Pass, "example.net")]),
            &mut z,
        );
        assert_eq!(e.result, DmarcResult::Fail);
        assert_eq!(e.disposition, Disposition::Reject);
    }
}

/// RFC 9989 appendix B.3.1: SPF mail.example.com and DKIM example.com both align.
#[test]
fn appendix_b31_session() {
    let mut z = zone(&[(
        "_dmarc.example.com",
        "v=DMARC1; p=reject; aspf=r; rua=mailto:dmarc-feedback@example.com",
    )]);
    let e = evaluate_dmarc(
        &input(
            "example.com",
            Some((Pass, "mail.example.com")),
            &[(Pass, "example.com")],
        ),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::Pass);
    assert!(e.alignments.iter().all(|a| a.aligned));
    assert_eq!(e.disposition, Disposition::None);
}

/// RFC 9989 appendix B.4.1: the Organizational Domain of example.com and signing.example.com.
#[test]
fn appendix_b41_simple_tree_walk() {
    let mut z = zone(&[
        ("_dmarc.example.com", "v=DMARC1; p=reject"),
        ("_dmarc.signing.example.com", "v=DMARC1; p=none"),
    ]);
    let e = evaluate_dmarc(
        &input(
            "example.com",
            Some((Fail, "example.com")),
            &[(Pass, "signing.example.com")],
        ),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::Pass);
    assert_eq!(e.policy_domain.as_deref(), Some("example.com"));
    assert_eq!(
        e.alignments[1].organizational_domain.as_deref(),
        Some("example.com")
    );
    let names: Vec<&str> = e.trace.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "_dmarc.example.com",
            "_dmarc.com",
            "_dmarc.signing.example.com"
        ]
    );
}

/// RFC 9989 appendix B.4.2: a deep Author Domain takes eight queries, skipping labels.
#[test]
fn appendix_b42_deep_tree_walk() {
    let mut z = zone(&[
        ("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine"),
        ("_dmarc.signing.example.com", "v=DMARC1; p=none"),
        ("a.b.c.d.e.f.g.h.i.j.k.example.com", ""),
    ]);
    let from = "a.b.c.d.e.f.g.h.i.j.k.example.com";
    let e = evaluate_dmarc(
        &input(
            from,
            Some((Pass, "example.com")),
            &[(Pass, "signing.example.com")],
        ),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::Pass);
    let walk: Vec<&str> = e
        .trace
        .iter()
        .filter(|t| t.purpose == "policy-discovery")
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        walk,
        [
            "_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com",
            "_dmarc.g.h.i.j.k.example.com",
            "_dmarc.h.i.j.k.example.com",
            "_dmarc.i.j.k.example.com",
            "_dmarc.j.k.example.com",
            "_dmarc.k.example.com",
            "_dmarc.example.com",
            "_dmarc.com",
        ]
    );
    assert_eq!(walk.len(), MAX_TREE_WALK_QUERIES);
    assert_eq!(e.policy_domain.as_deref(), Some("example.com"));
    assert_eq!(e.organizational_domain.as_deref(), Some("example.com"));
    // Failing, the subdomain policy applies.
    let e = evaluate_dmarc(&input(from, Some((Fail, "example.com")), &[]), &mut z);
    assert_eq!(e.policy_source, Some(PolicySource::Sp));
    assert_eq!(e.disposition, Disposition::Quarantine);
}

/// RFC 9989 appendix B.4.3: a PSD record with psd=y.
#[test]
fn appendix_b43_psd() {
    let mut z = zone(&[
        ("_dmarc.bank.example", "v=DMARC1; p=reject; psd=y"),
        ("_dmarc.giant.bank.example", "v=DMARC1; p=quarantine"),
    ]);
    let e = evaluate_dmarc(
        &input(
            "giant.bank.example",
            Some((Pass, "mail.giant.bank.example")),
            &[(Pass, "mail.mega.bank.example")],
        ),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::Pass);
    assert_eq!(e.policy_domain.as_deref(), Some("giant.bank.example"));
    assert_eq!(
        e.organizational_domain.as_deref(),
        Some("giant.bank.example")
    );
    let spf = &e.alignments[0];
    assert!(spf.aligned);
    assert_eq!(
        spf.organizational_domain.as_deref(),
        Some("giant.bank.example")
    );
    let dkim = &e.alignments[1];
    assert!(!dkim.aligned);
    assert_eq!(
        dkim.organizational_domain.as_deref(),
        Some("mega.bank.example")
    );
    // The walk stopped at the psd=y record: _dmarc.example was never asked.
    assert!(e.trace.iter().all(|t| t.name != "_dmarc.example"));
    // A domain under the PSD with no record of its own gets the PSD's policy.
    let mut z = zone(&[
        ("_dmarc.bank.example", "v=DMARC1; p=reject; psd=y"),
        ("small.bank.example", ""),
    ]);
    let e = evaluate_dmarc(&input("small.bank.example", None, &[]), &mut z);
    assert_eq!(e.policy_domain.as_deref(), Some("bank.example"));
    assert_eq!(
        e.organizational_domain.as_deref(),
        Some("small.bank.example")
    );
    assert_eq!(
        (e.result, e.disposition),
        (DmarcResult::Fail, Disposition::Reject)
    );
}

#[test]
fn psd_n_makes_its_own_organizational_domain() {
    let mut z = zone(&[
        ("_dmarc.example.com", "v=DMARC1; p=reject"),
        ("_dmarc.mail.example.com", "v=DMARC1; p=reject; psd=n"),
    ]);
    // mail.example.com is its own Organizational Domain, so example.com does not align with it.
    let e = evaluate_dmarc(
        &input("a.mail.example.com", Some((Pass, "example.com")), &[]),
        &mut z,
    );
    assert_eq!(e.organizational_domain.as_deref(), Some("mail.example.com"));
    assert_eq!(e.policy_domain.as_deref(), Some("mail.example.com"));
    assert_eq!(e.result, DmarcResult::Fail);
    // Without psd=n, example.com is the Organizational Domain and its record applies.
    let mut z = zone(&[
        ("_dmarc.example.com", "v=DMARC1; p=reject"),
        ("_dmarc.mail.example.com", "v=DMARC1; p=none"),
    ]);
    let e = evaluate_dmarc(
        &input("a.mail.example.com", Some((Pass, "example.com")), &[]),
        &mut z,
    );
    assert_eq!(e.organizational_domain.as_deref(), Some("example.com"));
    assert_eq!(e.result, DmarcResult::Pass);
}

#[test]
fn np_for_non_existent_subdomains() {
    let record = "v=DMARC1; p=none; sp=quarantine; np=reject";
    let mut z = zone(&[("_dmarc.example.com", record), ("www.example.com", "")]);
    // Exists: sp.
    let e = evaluate_dmarc(&input("www.example.com", None, &[]), &mut z);
    assert_eq!(e.author_domain_exists, Some(true));
    assert_eq!(e.policy_source, Some(PolicySource::Sp));
    assert_eq!(e.disposition, Disposition::Quarantine);
    // Does not exist: np.
    let e = evaluate_dmarc(&input("nope.example.com", None, &[]), &mut z);
    assert_eq!(e.author_domain_exists, Some(false));
    assert_eq!(e.policy_source, Some(PolicySource::Np));
    assert_eq!(e.disposition, Disposition::Reject);
    // The domain itself: p, whatever np says.
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.policy_source, Some(PolicySource::P));
    assert_eq!(e.disposition, Disposition::None);
    // No np: a non-existent subdomain falls back to sp, then p.
    let mut z = zone(&[("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine")]);
    let e = evaluate_dmarc(&input("nope.example.com", None, &[]), &mut z);
    assert_eq!(e.policy_source, Some(PolicySource::Sp));
    let mut z = zone(&[("_dmarc.example.com", "v=DMARC1; p=reject")]);
    let e = evaluate_dmarc(&input("nope.example.com", None, &[]), &mut z);
    assert_eq!(e.policy_source, Some(PolicySource::P));
    assert_eq!(e.disposition, Disposition::Reject);
}

#[test]
fn testing_mode_lowers_the_policy_one_level() {
    for (p, want) in [
        ("reject", Disposition::Quarantine),
        ("quarantine", Disposition::None),
        ("none", Disposition::None),
    ] {
        let mut z = zone(&[("_dmarc.example.com", &format!("v=DMARC1; p={p}; t=y"))]);
        let e = evaluate_dmarc(
            &input("example.com", Some((Fail, "example.com")), &[]),
            &mut z,
        );
        assert_eq!(e.result, DmarcResult::Fail);
        assert!(e.testing);
        assert_eq!(e.disposition, want, "p={p}");
    }
}

#[test]
fn no_record_temp_errors_and_duplicates() {
    let mut z = zone(&[]);
    let e = evaluate_dmarc(
        &input("example.com", Some((Pass, "example.com")), &[]),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::None);
    assert_eq!(e.trace.len(), 2);
    let mut z = zone(&[("_dmarc.example.com", "TIMEOUT")]);
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.result, DmarcResult::Temperror);
    assert_eq!(e.trace[0].answer, "temp-error");
    let mut z = MapResolver::new();
    z.insert(
        "_dmarc.example.com",
        vec![
            "v=DMARC1; p=reject".into(),
            "v=DMARC1; p=none".into(),
            "v=spf1 -all".into(),
        ],
    );
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.result, DmarcResult::None);
    assert_eq!(e.trace[0].dmarc_records, 2);
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "dmarc/multiple-records"));
    // Records that are not DMARC records are skipped.
    let mut z = MapResolver::new();
    z.insert(
        "_dmarc.example.com",
        vec![
            "google-site-verification=x".into(),
            "v=DMARC1; p=quarantine".into(),
        ],
    );
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.disposition, Disposition::Quarantine);
}

#[test]
fn invalid_policy_falls_back_to_none_or_nothing() {
    let mut z = zone(&[(
        "_dmarc.example.com",
        "v=DMARC1; p=bogus; rua=mailto:d@example.com",
    )]);
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.result, DmarcResult::Fail);
    assert_eq!(e.policy_source, Some(PolicySource::FallbackNone));
    assert_eq!(e.disposition, Disposition::None);
    let mut z = zone(&[("_dmarc.example.com", "v=DMARC1; p=bogus")]);
    let e = evaluate_dmarc(&input("example.com", None, &[]), &mut z);
    assert_eq!(e.result, DmarcResult::None);
}

#[test]
fn bad_from_domain_is_a_permerror() {
    let mut z = zone(&[]);
    for from in ["", "exa mple.com", "a..b", "\u{0}"] {
        let e = evaluate_dmarc(&input(from, None, &[]), &mut z);
        assert_eq!(e.result, DmarcResult::Permerror, "{from:?}");
        assert!(e.trace.is_empty());
    }
}

#[test]
fn every_walk_stays_within_eight_queries() {
    let labels: Vec<String> = (0..100)
        .map(|i| ((b'a' + i % 26) as char).to_string())
        .collect();
    let from = labels.join(".");
    let mut z = zone(&[]);
    let e = evaluate_dmarc(
        &input(&from, Some((Pass, &from)), &[(Pass, "x.y.z.example.org")]),
        &mut z,
    );
    assert_eq!(e.result, DmarcResult::None);
    assert_eq!(e.trace.len(), MAX_TREE_WALK_QUERIES);
}
