//! decode_bounce on arbitrary bytes and on mutations of real bounces (seed the corpus with
//! set-of-emails). Invariants: no panic; deterministic; kind and recipients agree (no recipient:
//! not a bounce, or a feedback report with its finding); the same
//! message with CRLF endings gives the same recipients.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = deliverkit::input::text_from_bytes(data);
    let a = deliverkit::decode_bounce(&text);
    // No recipient means "not a bounce", or a feedback report that names nobody, which says so.
    let feedback_without = a.kind == deliverkit::BounceKind::Feedback
        && a.diagnostics.iter().any(|d| d.code.as_str() == "bounce/feedback-no-recipient");
    assert_eq!(a.recipients.is_empty(), a.kind == deliverkit::BounceKind::NotBounce || feedback_without);
    assert_eq!(a, deliverkit::decode_bounce(&text));
    for s in a.diagnostics.iter().filter_map(|d| d.span) {
        assert!(s.start <= s.end && s.end as usize <= text.len());
        assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
    }
    if !text.contains('\r') && text.len() < 20_000 {
        let b = deliverkit::decode_bounce(&text.replace('\n', "\r\n"));
        let k = |r: &deliverkit::BounceReport| r.recipients.iter().map(|x| (x.recipient.clone(), x.reason)).collect::<Vec<_>>();
        assert_eq!(k(&a), k(&b), "CRLF changed the recipients");
    }
});
