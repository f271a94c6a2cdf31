//! Every record entry point (validate_record and each kind's validator) and evaluate_dmarc on
//! arbitrary bytes. Half the inputs are mapped onto the records' own alphabet behind a version tag,
//! so that the fuzzer reaches deep into the grammars (mail-auth's `into_alphabet` idea).
//! Invariants: no panic; every span lies inside the input and on character boundaries; the output
//! is deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PREFIXES: [&str; 9] = [
    "v=DMARC1; ",
    "v=DKIM1; ",
    "DKIM-Signature: v=1; ",
    "v=STSv1; ",
    "version: STSv1\n",
    "v=TLSRPTv1; ",
    "v=BIMI1; ",
    "v=spf1 ",
    "",
];
const ALPHABET: &[u8] =
    b"abcdefhiklmnpqrstuvxyzADMKS0123456789;=:,!@./-_+* \t\r\n%\"rua=mailto:https://p=reject;";

fn check_span(input: &str, s: &deliverkit::Span) {
    let (a, b) = (s.start as usize, s.end as usize);
    assert!(a <= b && b <= input.len(), "span {a}..{b} outside {} bytes", input.len());
    assert!(input.is_char_boundary(a) && input.is_char_boundary(b), "span {a}..{b} splits a character");
}

fn check(input: &str, tags: &[deliverkit::syntax::tagvalue::Tag], diags: &[deliverkit::Diagnostic]) {
    for t in tags {
        check_span(input, &t.span);
        check_span(input, &t.name_span);
        check_span(input, &t.value_span);
    }
    for d in diags {
        if let Some(s) = &d.span {
            check_span(input, s);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let owned;
    let text: &str = if mode & 1 == 0 {
        owned = deliverkit::input::text_from_bytes(rest).0.into_owned();
        &owned
    } else {
        let mut s = PREFIXES[(mode as usize >> 1) % PREFIXES.len()].to_string();
        s.extend(rest.iter().map(|&b| ALPHABET[b as usize % ALPHABET.len()] as char));
        owned = s;
        &owned
    };
    let r = deliverkit::validate_record(text);
    check(text, &r.tags, &r.diagnostics);
    assert_eq!(r, deliverkit::validate_record(text), "not deterministic");
    let r = deliverkit::validate_dmarc(text);
    check(text, &r.tags, &r.diagnostics);
    let r = deliverkit::validate_dkim_key(text);
    check(text, &r.tags, &r.diagnostics);
    let r = deliverkit::dkim::validate_dkim_signature_with(
        text,
        &deliverkit::dkim::DkimSignatureOptions { now: Some(1_700_000_000) },
    );
    check(text, &r.tags, &r.diagnostics);
    let r = deliverkit::validate_mta_sts_txt(text);
    check(text, &r.tags, &r.diagnostics);
    let r = deliverkit::validate_mta_sts_policy(text);
    check(text, &r.fields, &r.diagnostics);
    let r = deliverkit::validate_tls_rpt(text);
    check(text, &r.tags, &r.diagnostics);
    let r = deliverkit::validate_bimi(text);
    check(text, &r.tags, &r.diagnostics);

    let mut zone = deliverkit::dmarc::MapResolver::new();
    zone.insert("_dmarc.example.com", vec![text.to_string()]);
    let first = text.split(';').next().unwrap_or("");
    let e = deliverkit::evaluate_dmarc(
        &deliverkit::dmarc::DmarcInput {
            from: format!("{first}.example.com"),
            spf: Some(deliverkit::dmarc::Identifier {
                result: deliverkit::dmarc::AuthResult::Pass,
                domain: first.to_string(),
            }),
            dkim: vec![],
        },
        &mut zone,
    );
    assert!(e.trace.len() <= 3 * deliverkit::dmarc::MAX_TREE_WALK_QUERIES);
});
