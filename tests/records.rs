//! MTA-STS, TLS-RPT and BIMI tables, `validate_record`'s kind detection, and hostile input for
//! every record entry point.

use deliverkit::dkim::DkimSignatureOptions;
use deliverkit::dmarc::{evaluate_dmarc, DmarcInput, Identifier, MapResolver};
use deliverkit::record::{RecordForm, RecordKind};
use deliverkit::{
    validate_bimi, validate_dkim_key, validate_dkim_signature, validate_dmarc,
    validate_mta_sts_policy, validate_mta_sts_txt, validate_record, validate_tls_rpt, Diagnostic,
    Severity, Span,
};

fn errors(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.as_str())
        .collect()
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

type Case = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

fn run(cases: &[Case], f: impl Fn(&str) -> (bool, Vec<Diagnostic>)) {
    for (text, errs, others) in cases {
        let (valid, d) = f(text);
        assert_eq!(&errors(&d), errs, "{text:?}: {:?}", codes(&d));
        assert_eq!(valid, errs.is_empty(), "{text:?}");
        for c in *others {
            assert!(
                codes(&d).contains(c),
                "{text:?}: {c} missing from {:?}",
                codes(&d)
            );
        }
    }
}

#[test]
fn mta_sts_txt_table() {
    let cases: &[Case] = &[
        ("v=STSv1; id=20160831085700Z;", &[], &[]),
        ("v=STSv1; id=20190429T010101", &[], &[]),
        ("v=STSv1;id=1", &[], &[]),
        ("v=STSv1", &["mta-sts/missing-id"], &[]),
        ("v=STSv1; id=2024-01-01", &["mta-sts/bad-id"], &[]),
        ("v=STSv1; id=", &["mta-sts/bad-id"], &[]),
        (
            "v=STSv1; id=123456789012345678901234567890123",
            &["mta-sts/bad-id"],
            &[],
        ),
        ("v=stsv1; id=1", &["mta-sts/bad-version"], &[]),
        ("id=1; v=STSv1", &["mta-sts/bad-version"], &[]),
        (" v=STSv1; id=1", &["record/leading-whitespace"], &[]),
        ("v = STSv1; id=1", &[], &["record/space-around-equals"]),
        ("v=STSv1; id=1; ext=x", &[], &["mta-sts/unknown-tag"]),
        ("v=spf1 -all", &["mta-sts/bad-version"], &[]),
    ];
    run(cases, |t| {
        let r = validate_mta_sts_txt(t);
        (r.valid, r.diagnostics)
    });
    assert_eq!(
        validate_mta_sts_txt("v=STSv1; id=abc").id.as_deref(),
        Some("abc")
    );
}

#[test]
fn mta_sts_policy_table() {
    let cases: &[Case] = &[
        // RFC 8461 section 3.2's example.
        ("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n", &[], &[]),
        ("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400", &[], &["mta-sts/mode-testing"]),
        ("version: STSv1\nmode: none\nmax_age: 86400", &[], &["mta-sts/mode-none"]),
        ("version: STSv1\nmode: enforce\nmax_age: 86400", &["mta-sts/policy-missing-field"], &[]),
        ("mode: enforce\nmx: mx.example.com\nmax_age: 86400", &["mta-sts/policy-missing-field"], &[]),
        ("version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 86400", &["mta-sts/policy-bad-version"], &[]),
        ("version: STSv1\nmode: Enforce\nmx: mx.example.com\nmax_age: 86400", &["mta-sts/bad-mode"], &[]),
        ("version: STSv1\nmode: enforce\nmx: *.*.example.com\nmax_age: 86400", &["mta-sts/bad-mx"], &[]),
        ("version: STSv1\nmode: enforce\nmx: mx*.example.com\nmax_age: 86400", &["mta-sts/bad-mx"], &[]),
        ("version: STSv1\nmode: enforce\nmx: localhost\nmax_age: 86400", &["mta-sts/bad-mx"], &[]),
        ("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557601", &["mta-sts/bad-max-age"], &[]),
        ("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: -1", &["mta-sts/bad-max-age"], &[]),
        ("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 3600", &[], &["mta-sts/max-age-short"]),
        ("version: STSv1\nmode: enforce\nmode: testing\nmx: mx.example.com\nmax_age: 86400", &[], &["mta-sts/policy-duplicate-field"]),
        ("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\nfoo: bar", &[], &["mta-sts/policy-unknown-field"]),
        ("version STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400", &["mta-sts/policy-bad-line", "mta-sts/policy-missing-field"], &[]),
    ];
    run(cases, |t| {
        let r = validate_mta_sts_policy(t);
        (r.valid, r.diagnostics)
    });
    let text = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 1x";
    let r = validate_mta_sts_policy(text);
    let s = r.diagnostics[0].span.unwrap();
    assert_eq!(&text[s.start as usize..s.end as usize], "1x");
}

#[test]
fn tls_rpt_table() {
    let cases: &[Case] = &[
        ("v=TLSRPTv1;rua=mailto:reports@example.com", &[], &[]),
        (
            "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt",
            &[],
            &[],
        ),
        (
            "v=TLSRPTv1; rua=mailto:tlsrpt@mydomain.com,https://tlsrpt.mydomain.com/v1",
            &[],
            &[],
        ),
        ("v=TLSRPTv1", &["tls-rpt/missing-rua"], &[]),
        (
            "v=TLSRPTv1; rua=reports@example.com",
            &["tls-rpt/bad-uri"],
            &[],
        ),
        ("v=TLSRPTv1; rua=mailto:reports", &["tls-rpt/bad-uri"], &[]),
        (
            "v=TLSRPTv1; rua=http://example.com/r",
            &["tls-rpt/uri-scheme"],
            &[],
        ),
        (
            "v=TLSRPTv1; rua=https:/example.com/r",
            &["tls-rpt/bad-uri"],
            &[],
        ),
        (
            "v=TLSRPTv2; rua=mailto:r@example.com",
            &["tls-rpt/bad-version"],
            &[],
        ),
        (
            "rua=mailto:r@example.com; v=TLSRPTv1",
            &["tls-rpt/bad-version"],
            &[],
        ),
        (
            "v=TLSRPTv1; rua=mailto:r@example.com; x=1",
            &[],
            &["tls-rpt/unknown-tag"],
        ),
    ];
    run(cases, |t| {
        let r = validate_tls_rpt(t);
        (r.valid, r.diagnostics)
    });
}

#[test]
fn bimi_table() {
    let cases: &[Case] = &[
        (
            "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem",
            &[],
            &[],
        ),
        (
            "v=BIMI1; l=https://example.com/logo.svg",
            &[],
            &["bimi/no-authority"],
        ),
        ("v=BIMI1; l=; a=;", &[], &["bimi/declined"]),
        ("v=BIMI1; l=", &[], &["bimi/declined"]),
        ("v=BIMI1;", &["bimi/missing-location"], &[]),
        (
            "v=BIMI1; l=http://example.com/logo.svg",
            &["bimi/not-https"],
            &[],
        ),
        (
            "v=BIMI1; l=https://example.com/logo.png; a=https://example.com/a.pem",
            &[],
            &["bimi/location-not-svg"],
        ),
        ("v=BIMI1; l=example.com/logo.svg", &["bimi/bad-uri"], &[]),
        (
            "v=BIMI1; l=https://example.com/l.svg; a=http://example.com/a.pem",
            &["bimi/not-https"],
            &[],
        ),
        (
            "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem; avp=brand",
            &[],
            &[],
        ),
        (
            "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem; avp=x",
            &[],
            &["bimi/bad-avp"],
        ),
        (
            "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem; z=1",
            &[],
            &["bimi/unknown-tag"],
        ),
        (
            "v=BIMI2; l=https://example.com/l.svg",
            &["bimi/bad-version"],
            &[],
        ),
    ];
    run(cases, |t| {
        let r = validate_bimi(t);
        (r.valid, r.diagnostics)
    });
}

#[test]
fn validate_record_recognises_every_kind() {
    let cases: &[(&str, RecordKind, RecordForm)] = &[
        (
            "v=spf1 include:_spf.example.com -all",
            RecordKind::Spf,
            RecordForm::Txt,
        ),
        ("v=DMARC1; p=none", RecordKind::Dmarc, RecordForm::Txt),
        ("v=dmarc1; p=none", RecordKind::Dmarc, RecordForm::Txt),
        ("v=DKIM1; p=", RecordKind::Dkim, RecordForm::Txt),
        (
            "k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
            RecordKind::Dkim,
            RecordForm::Txt,
        ),
        ("v=STSv1; id=1", RecordKind::MtaSts, RecordForm::Txt),
        (
            "version: STSv1\nmode: none\nmax_age: 1",
            RecordKind::MtaSts,
            RecordForm::MtaStsPolicy,
        ),
        (
            "v=TLSRPTv1; rua=mailto:a@example.com",
            RecordKind::TlsRpt,
            RecordForm::Txt,
        ),
        ("v=BIMI1; l=", RecordKind::Bimi, RecordForm::Txt),
        (
            "DKIM-Signature: v=1; a=rsa-sha256",
            RecordKind::Dkim,
            RecordForm::DkimSignature,
        ),
        (
            "v=1; a=rsa-sha256; d=example.com",
            RecordKind::Dkim,
            RecordForm::DkimSignature,
        ),
        (
            "a=rsa-sha256; d=example.com; bh=AA==",
            RecordKind::Dkim,
            RecordForm::DkimSignature,
        ),
        ("\"v=DMARC1; p=none\"", RecordKind::Dmarc, RecordForm::Txt),
        (
            "google-site-verification=abc",
            RecordKind::Unknown,
            RecordForm::Txt,
        ),
        ("", RecordKind::Unknown, RecordForm::Txt),
    ];
    for (text, kind, form) in cases {
        let r = validate_record(text);
        assert_eq!((r.kind, r.form), (*kind, *form), "{text:?}");
    }
    let r = validate_record("v=spf1 -all ptr");
    assert!(r.valid);
    assert_eq!(r.terms.as_ref().map(Vec::len), Some(2));
    assert_eq!(r.lookup_terms, Some(1));
    assert!(codes(&r.diagnostics).contains(&"spf/ptr-deprecated"));
    let r = validate_record("google-site-verification=abc");
    assert_eq!(codes(&r.diagnostics), ["record/unknown-kind"]);
    let r = validate_record("x=1; y=2");
    assert_eq!((r.kind, r.tags.len()), (RecordKind::Unknown, 2));
    assert_eq!(codes(&validate_record("").diagnostics), ["record/empty"]);
}

#[test]
fn reports_serialise_in_camel_case() {
    let v = serde_json::to_value(validate_record("v=DMARC1; p=reject")).unwrap();
    assert_eq!(v["kind"], "dmarc");
    assert_eq!(v["form"], "txt");
    assert_eq!(v["tags"][1]["valueSpan"]["start"], 12);
    let v = serde_json::to_value(validate_dmarc(
        "v=DMARC1; p=reject; sp=none; rua=mailto:a@example.com!10m",
    ))
    .unwrap();
    assert_eq!(v["record"]["subdomainPolicy"], "none");
    assert_eq!(v["record"]["rua"][0]["sizeLimit"], "10m");
    assert_eq!(v["spec"], "rfc9989");
    let v = serde_json::to_value(validate_dkim_key("v=DKIM1; p=")).unwrap();
    assert_eq!(v["key"]["format"], "revoked");
    assert_eq!(v["key"]["keyType"], "rsa");
}

// ---- hostile input ---------------------------------------------------------------------------

fn check_span(input: &str, s: &Span, what: &str) {
    let (a, b) = (s.start as usize, s.end as usize);
    assert!(
        a <= b && b <= input.len(),
        "{what}: span {a}..{b} outside {} bytes",
        input.len()
    );
    assert!(
        input.is_char_boundary(a) && input.is_char_boundary(b),
        "{what}: span {a}..{b} not on char boundaries"
    );
}

fn check_all(input: &str) {
    let what = &format!("{:?}", &input.chars().take(60).collect::<String>());
    let mut all: Vec<(Vec<deliverkit::syntax::tagvalue::Tag>, Vec<Diagnostic>)> = Vec::new();
    let r = validate_record(input);
    all.push((r.tags, r.diagnostics));
    let r = validate_dmarc(input);
    all.push((r.tags, r.diagnostics));
    let r = validate_dkim_key(input);
    all.push((r.tags, r.diagnostics));
    let r = validate_dkim_signature(input);
    all.push((r.tags, r.diagnostics));
    let r = deliverkit::dkim::validate_dkim_signature_with(
        input,
        &DkimSignatureOptions {
            now: Some(u64::MAX),
        },
    );
    all.push((r.tags, r.diagnostics));
    let r = validate_mta_sts_txt(input);
    all.push((r.tags, r.diagnostics));
    let r = validate_mta_sts_policy(input);
    all.push((r.fields, r.diagnostics));
    let r = validate_tls_rpt(input);
    all.push((r.tags, r.diagnostics));
    let r = validate_bimi(input);
    all.push((r.tags, r.diagnostics));
    for (tags, diags) in &all {
        for t in tags {
            check_span(input, &t.span, what);
            check_span(input, &t.name_span, what);
            check_span(input, &t.value_span, what);
        }
        for d in diags {
            if let Some(s) = &d.span {
                check_span(input, s, what);
            }
        }
    }
    // The input as a From domain and as every DNS answer.
    let mut zone = MapResolver::new();
    zone.insert(&format!("_dmarc.{input}"), vec![input.to_string()]);
    zone.insert("_dmarc.example.com", vec![input.to_string()]);
    let e = evaluate_dmarc(
        &DmarcInput {
            from: input.into(),
            spf: Some(Identifier {
                result: deliverkit::dmarc::AuthResult::Pass,
                domain: input.into(),
            }),
            dkim: vec![],
        },
        &mut zone,
    );
    assert!(e.trace.len() <= 2 * deliverkit::dmarc::MAX_TREE_WALK_QUERIES + 1);
    let _ = evaluate_dmarc(
        &DmarcInput {
            from: "a.example.com".into(),
            ..Default::default()
        },
        &mut zone,
    );
}

/// A small deterministic generator (xorshift), so the test needs no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let seeds = [
        "v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:a@example.com!10m,https://r.example/; ruf=mailto:f@example.com; fo=0:1:d:s; psd=y; t=y; adkim=s",
        "v=DKIM1; k=ed25519; h=sha256; s=email; t=y:s; n=x; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s; t=1; x=2; l=5; i=a@b.example.com; q=dns/txt; h=from:to; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA",
        "version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n",
        "v=STSv1; id=20240101T000000",
        "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x",
        "v=BIMI1; l=https://example.com/l.svg; a=https://example.com/a.pem",
    ];
    let mut inputs: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\0\0\0".into(),
        ";;;;".into(),
        "====".into(),
        "v=".into(),
        "\u{feff}v=DMARC1; p=reject".into(),
        "v=DMARC1; rua=mailto:é@é.é; p=rejéct".into(),
        "é".repeat(40_000), // over the 64 KiB limit, cut inside a character
        "v=DKIM1; p=".to_string() + &"A".repeat(100_000),
        "a=b;".repeat(20_000),
        ";".repeat(70_000),
        "DKIM-Signature:".into(),
        "dkim-signature :".into(),
        "version:".into(),
        "v=DKIM1; p=MAAAAA==".into(),
        "v=DKIM1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".into(),
        "v=DKIM1; p=MIQAAAAA".into(),
        ".".into(),
        "..".into(),
        "a.".repeat(200),
    ];
    for s in seeds {
        // Every prefix (truncation) and every single-byte corruption of the seeds.
        for cut in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
            inputs.push(s[..cut].to_string());
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ s.len() as u64);
        let alphabet = b";=:,!@. \t\r\n\"*_-/+0123456789abcdefvVpPkKsS\x00\x7f";
        for _ in 0..200 {
            let mut b = s.as_bytes().to_vec();
            let i = (rng.next() as usize) % b.len();
            b[i] = alphabet[(rng.next() as usize) % alphabet.len()];
            inputs.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
    let mut rng = Rng(42);
    for _ in 0..300 {
        let n = (rng.next() % 300) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        inputs.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    for i in &inputs {
        check_all(i);
    }
    assert!(inputs.len() > 2000);
}

#[test]
fn long_input_is_cut_and_says_so() {
    let long = "v=DMARC1; p=reject; ".to_string() + &"x".repeat(100_000);
    let r = validate_dmarc(&long);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "input/too-large"));
    assert_eq!(deliverkit::input::MAX_RECORD_INPUT, 65_536);
}

/// The TypeScript declarations in src/wasm.rs are written by hand: every registered code must be
/// in the `DiagnosticCode` union, and every record entry point must be exported.
#[test]
fn typescript_declarations_cover_every_code_and_export() {
    let wasm =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm.rs")).unwrap();
    let start = wasm.find("export type DiagnosticCode =").unwrap();
    let union = &wasm[start..start + wasm[start..].find(';').unwrap()];
    for code in deliverkit::diagnostic::Code::ALL {
        assert!(
            union.contains(&format!("\"{}\"", code.as_str())),
            "{} is missing from the DiagnosticCode union in src/wasm.rs",
            code.as_str()
        );
    }
    for name in [
        "validateDmarc",
        "validateDkimKey",
        "validateDkimSignature",
        "validateMtaStsTxt",
        "validateMtaStsPolicy",
        "validateTlsRpt",
        "validateBimi",
        "validateRecord",
        "evaluateDmarc",
    ] {
        assert!(
            wasm.contains(&format!("js_name = {name}")),
            "{name} is not exported"
        );
    }
    assert!(!wasm.contains(": any"), "no `any` in the declarations");
}

/// Every line of every file in ../shared/corpora/auth (SPF and DMARC test suites, the DMARCbis
/// draft, the benchmark corpus) goes through every record entry point without a panic.
#[test]
fn every_auth_corpus_line_is_checked() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/auth");
    let mut lines = 0;
    for e in std::fs::read_dir(&dir).expect("corpus").flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        for line in text.lines() {
            // JSON string lines of the benchmark corpus: the record between the quotes.
            let line = line.trim().trim_end_matches(',').trim_matches('"');
            check_all(line);
            lines += 1;
        }
    }
    assert!(lines > 10_000, "{lines} lines");
}
