use super::*;
use crate::diagnostic::Severity;

/// RSA 512, SubjectPublicKeyInfo (openssl rsa -pubout).
const RSA512_SPKI: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAOOfXKHBA6GDx/yOH0tX6Q7Pr96pd6ExFDHIxO3vrmbyOpONNp/icR4hPACj9UryahNESHVt7OUX66imTmT9D90CAwEAAQ==";
/// RSA 512, bare RSAPublicKey (openssl rsa -RSAPublicKey_out).
const RSA512_PKCS1: &str = "MEgCQQDjn1yhwQOhg8f8jh9LV+kOz6/eqXehMRQxyMTt765m8jqTjTaf4nEeITwAo/VK8moTREh1bezlF+uopk5k/Q/dAgMBAAE=";
/// RSA 1024 SPKI (the mail-auth test key of the shared corpus).
const RSA1024_SPKI: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";
/// RSA 2048 SPKI.
const RSA2048_SPKI: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArFHB5fUXvhPCbuKhTb27IA8h806WqI14CoiJ8zLFw41UCW+23+J6C9Sjp74IgRjwYETgBz+hhWdw00RrOCoLD/TmnLVXN5WuhDFsORnbFs0UPUKP3638nNoKHg0XCYr3WMU6EH670a8tbvC8m+u6T8hSxH2T/5u/kOcyll3DCiWKaLeQvIA9t+ySV9crxSEwX2KnqasqecipQ2UEUZ38E0Qj5G4iFYjtnBILAOyFvRtdqlm1TWWg60qmuyVwlGYLeWH9+OR4WZ8EJsOFtY6o823T+eJIcFu1bz12tXvuvpnNR/OFF55x/eYCOrQUhruuNuy+iBwPA4PPksfbRWOJEwIDAQAB";
/// The Ed25519 key of RFC 8463 appendix A.2.
const ED25519: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
/// An Ed25519 key wrapped in a SubjectPublicKeyInfo (openssl pkey -pubout).
const ED25519_SPKI: &str = "MCowBQYDK2VwAyEAwu8ppZZPgESlkgt6NZEl+6FII7XfYZscl+E/FH6oSR0=";

fn codes(d: &[crate::Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

fn errors(d: &[crate::Diagnostic]) -> Vec<&'static str> {
    d.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.as_str())
        .collect()
}

type KeyCase = (
    String,
    &'static [&'static str],
    &'static [&'static str],
    Option<u32>,
);

#[test]
fn key_table() {
    let cases: Vec<KeyCase> = vec![
        (
            format!("v=DKIM1; k=rsa; p={RSA2048_SPKI}"),
            &[],
            &[],
            Some(2048),
        ),
        (
            format!("v=DKIM1; p={RSA1024_SPKI}"),
            &[],
            &["dkim/key-weak"],
            Some(1024),
        ),
        (
            format!("p={RSA512_SPKI}"),
            &["dkim/key-too-short"],
            &[],
            Some(512),
        ),
        (
            format!("v=DKIM1; p={RSA512_PKCS1}"),
            &["dkim/key-too-short"],
            &["dkim/key-pkcs1"],
            Some(512),
        ),
        (
            format!("v=DKIM1; k=ed25519; p={ED25519}"),
            &[],
            &[],
            Some(256),
        ),
        (
            format!("v=DKIM1; k=ed25519; p={ED25519_SPKI}"),
            &["dkim/key-bad-ed25519"],
            &[],
            None,
        ),
        (
            format!("v=DKIM1; p={ED25519}"),
            &["dkim/key-type-mismatch"],
            &[],
            None,
        ),
        (
            format!("v=DKIM1; k=rsa; p={ED25519_SPKI}"),
            &["dkim/key-type-mismatch"],
            &[],
            None,
        ),
        (
            format!("v=DKIM1; k=ed25519; p={RSA2048_SPKI}"),
            &["dkim/key-type-mismatch"],
            &[],
            None,
        ),
        (
            format!("v=DKIM1; k=dsa; p={RSA2048_SPKI}"),
            &["dkim/key-unknown-type"],
            &[],
            None,
        ),
        (
            format!("v=DKIM1; p={}", &RSA2048_SPKI[..200]),
            &["dkim/key-bad-der"],
            &[],
            None,
        ),
        (
            "v=DKIM1; p=MIGf!".to_string(),
            &["dkim/key-bad-base64"],
            &[],
            None,
        ),
        ("v=DKIM1; p=".to_string(), &["dkim/key-revoked"], &[], None),
        (
            "v=DKIM1; k=rsa".to_string(),
            &["dkim/key-missing-p"],
            &[],
            None,
        ),
        (
            format!("v=DKIM2; p={RSA2048_SPKI}"),
            &["dkim/key-bad-version"],
            &[],
            Some(2048),
        ),
        (
            "v=spf1 -all".to_string(),
            &["dkim/key-bad-version"],
            &[],
            None,
        ),
        (
            format!("k=rsa; v=DKIM1; p={RSA2048_SPKI}"),
            &["dkim/key-version-not-first"],
            &[],
            Some(2048),
        ),
        (
            format!("v=DKIM1; h=sha1; p={RSA2048_SPKI}"),
            &["dkim/key-no-sha256"],
            &[],
            Some(2048),
        ),
        (
            format!("v=DKIM1; h=sha1:sha256:md5; p={RSA2048_SPKI}"),
            &[],
            &["dkim/key-unknown-hash"],
            Some(2048),
        ),
        (
            format!("v=DKIM1; s=web; p={RSA2048_SPKI}"),
            &["dkim/key-not-for-email"],
            &["dkim/key-unknown-service"],
            Some(2048),
        ),
        (
            format!("v=DKIM1; t=y:s:x; p={RSA2048_SPKI}"),
            &[],
            &["dkim/key-testing", "dkim/key-unknown-flag"],
            Some(2048),
        ),
        (
            format!("v=DKIM1; g=*; p={RSA2048_SPKI}"),
            &[],
            &["dkim/key-unknown-tag"],
            Some(2048),
        ),
        (
            format!("v=DKIM1; P={RSA2048_SPKI}"),
            &["dkim/key-missing-p"],
            &["dkim/key-unknown-tag"],
            None,
        ),
        // A key split over several zone-file strings and pasted with folding white space.
        (
            format!(
                "v=DKIM1; p={}\r\n {}",
                &RSA2048_SPKI[..100],
                &RSA2048_SPKI[100..]
            ),
            &[],
            &[],
            Some(2048),
        ),
    ];
    for (text, errs, others, bits) in &cases {
        let r = validate_dkim_key(text);
        assert_eq!(
            &errors(&r.diagnostics),
            errs,
            "{text}: {:?}",
            codes(&r.diagnostics)
        );
        assert_eq!(r.valid, errs.is_empty());
        for c in *others {
            assert!(
                codes(&r.diagnostics).contains(c),
                "{text}: {c} missing from {:?}",
                codes(&r.diagnostics)
            );
        }
        assert_eq!(r.key.as_ref().and_then(|k| k.bits), *bits, "{text}");
    }
}

#[test]
fn key_model() {
    let r = validate_dkim_key(&format!(
        "v=DKIM1; k=rsa; h=sha256; s=email; t=s; n=rotated 2024; p={RSA2048_SPKI}"
    ));
    let k = r.key.unwrap();
    assert_eq!((k.key_type, k.format), (KeyType::Rsa, KeyFormat::Spki));
    assert_eq!(k.hash_algorithms, ["sha256"]);
    assert_eq!(k.service_types, ["email"]);
    assert!(k.strict_identity && !k.testing);
    assert_eq!(k.notes.as_deref(), Some("rotated 2024"));
    let k = validate_dkim_key("p=").key.unwrap();
    assert_eq!(k.format, KeyFormat::Revoked);
}

const GOOD_SIG: &str = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;\r\n s=s2024; t=1700000000; x=1700600000; h=from:to:subject:date;\r\n i=news@mail.example.com; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n b=dGVzdCBzaWduYXR1cmU=";

#[test]
fn signature_good() {
    let r = validate_dkim_signature(GOOD_SIG);
    assert!(r.valid, "{:?}", codes(&r.diagnostics));
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r.diagnostics));
    let s = &r.signature;
    assert_eq!(s.domain.as_deref(), Some("example.com"));
    assert_eq!(s.key_name.as_deref(), Some("s2024._domainkey.example.com"));
    assert_eq!(s.signed_headers, ["from", "to", "subject", "date"]);
    assert_eq!(s.canonicalization.header, "relaxed");
    assert_eq!(
        (s.timestamp, s.expiration),
        (Some(1_700_000_000), Some(1_700_600_000))
    );
    // Spans count from the start of the input, header name included.
    let d = r.tags.iter().find(|t| t.name == "d").unwrap();
    assert_eq!(
        &GOOD_SIG[d.value_span.start as usize..d.value_span.end as usize],
        "example.com"
    );
}

#[test]
fn signature_table() {
    let base = "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA";
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("", &[], &[]),
        ("; l=100", &[], &["dkim/sig-body-length"]),
        ("; l=abc", &["dkim/sig-bad-value"], &[]),
        ("; c=relaxed", &[], &[]),
        ("; c=loose/simple", &["dkim/sig-bad-canonicalization"], &[]),
        ("; i=@sub.example.com", &[], &[]),
        ("; i=user@example.net", &["dkim/sig-identity-mismatch"], &[]),
        (
            "; i=user@badexample.com",
            &["dkim/sig-identity-mismatch"],
            &[],
        ),
        ("; i=nobody", &["dkim/sig-bad-identity"], &[]),
        (
            "; t=1700000000; x=1700000000",
            &["dkim/sig-expiry-before-timestamp"],
            &[],
        ),
        (
            "; t=1700000000; x=1600000000",
            &["dkim/sig-expiry-before-timestamp"],
            &[],
        ),
        ("; t=17000000000000", &["dkim/sig-bad-value"], &[]),
        ("; q=dns/txt", &[], &[]),
        ("; q=http", &["dkim/sig-bad-query-method"], &[]),
        ("; z=From:foo@example.com", &[], &[]),
        ("; y=1", &[], &["dkim/sig-unknown-tag"]),
        ("; d=other.example", &["record/duplicate-tag"], &[]),
    ];
    for (extra, errs, others) in cases {
        let text = format!("{base}{extra}");
        let r = validate_dkim_signature(&text);
        assert_eq!(
            &errors(&r.diagnostics),
            errs,
            "{text}: {:?}",
            codes(&r.diagnostics)
        );
        for c in *others {
            assert!(codes(&r.diagnostics).contains(c), "{text}: {c} missing");
        }
    }
    let replaced: &[(&str, &str, &[&str])] = &[
        (
            "a=rsa-sha256",
            "a=rsa-sha1",
            &["dkim/sig-rsa-sha1", "dkim/sig-bad-body-hash"],
        ),
        (
            "a=rsa-sha256",
            "a=hmac-md5",
            &["dkim/sig-unknown-algorithm"],
        ),
        ("h=from", "h=to:subject", &["dkim/sig-from-not-signed"]),
        ("h=from", "h=From : To", &[]),
        ("h=from", "h=from::to", &["dkim/sig-bad-header-list"]),
        ("v=1", "v=2", &["dkim/sig-bad-version"]),
        ("b=AAAA", "b=", &["dkim/sig-bad-base64"]),
        ("b=AAAA", "b=A*AA", &["dkim/sig-bad-base64"]),
        (
            "bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "bh=AAAA",
            &["dkim/sig-bad-body-hash"],
        ),
        ("d=example.com", "d=exa_mple..com", &["dkim/sig-bad-domain"]),
        ("s=s", "s=", &["dkim/sig-bad-domain"]),
        ("v=1; ", "", &["dkim/sig-missing-tag"]),
    ];
    for (from, to, errs) in replaced {
        let text = base.replacen(from, to, 1);
        let r = validate_dkim_signature(&text);
        assert_eq!(
            &errors(&r.diagnostics),
            errs,
            "{text}: {:?}",
            codes(&r.diagnostics)
        );
    }
    let r = validate_dkim_signature("DKIM-Signature: a=rsa-sha256");
    assert_eq!(
        codes(&r.diagnostics)
            .iter()
            .filter(|c| **c == "dkim/sig-missing-tag")
            .count(),
        6
    );
}

#[test]
fn signature_times() {
    let opts = |now| DkimSignatureOptions { now: Some(now) };
    let r = validate_dkim_signature_with(GOOD_SIG, &opts(1_700_000_100));
    assert!(r.diagnostics.is_empty());
    let r = validate_dkim_signature_with(GOOD_SIG, &opts(1_800_000_000));
    assert_eq!(codes(&r.diagnostics), ["dkim/sig-expired"]);
    assert!(
        r.valid,
        "expiry is a warning: RFC 6376 says verifiers MAY reject"
    );
    let r = validate_dkim_signature_with(GOOD_SIG, &opts(1_600_000_000));
    assert_eq!(codes(&r.diagnostics), ["dkim/sig-future-timestamp"]);
}

/// RFC 6376 appendix A.2 and RFC 8463 appendix A.3: the signatures of the RFCs' examples.
#[test]
fn rfc_example_signatures() {
    let rfc6376 = "DKIM-Signature: v=1; a=rsa-sha256; s=brisbane; d=example.com;\r\n      c=simple/simple; q=dns/txt; i=joe@football.example.com;\r\n      h=Received : From : To : Subject : Date : Message-ID;\r\n      bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n      b=AuUoFEfDxTDkHlLXSZEpZj79LICEps6eda7W3deTVFOk4yAUoqOB\r\n        4nujc7YopdG5dWLSdNg6xNAZpOPr+kHxt1IrE+NahM6L/LbvaHut\r\n        KVdkLLkpVaVVQPzeRDI009SO2Il5Lu7rDNH6mZckBdrIx0orEtZV\r\n        4bmp/YzhwvcubU4=;";
    let r = validate_dkim_signature(rfc6376);
    assert!(r.valid, "{:?}", codes(&r.diagnostics));
    assert_eq!(r.signature.signature_bytes, Some(128));
    let rfc8463 = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n d=football.example.com; i=@football.example.com;\r\n q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n subject : date : message-id : from : subject : date;\r\n bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==";
    let r = validate_dkim_signature(rfc8463);
    assert!(r.valid, "{:?}", codes(&r.diagnostics));
    assert_eq!(r.signature.signature_bytes, Some(64));
    // RFC 6376 appendix C: the example key record (a 1024-bit key).
    let key = "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";
    let r = validate_dkim_key(key);
    assert!(r.valid);
    assert_eq!(codes(&r.diagnostics), ["dkim/key-weak"]);
}
