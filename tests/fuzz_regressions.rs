//! Replays fuzz/regressions/<target>/* (crashes found by `cargo +nightly fuzz` and hostile inputs
//! written by hand) as ordinary tests, with the fuzz targets' invariants.

use std::path::Path;

fn check_span(input: &str, start: u32, end: u32) {
    let (s, e) = (start as usize, end as usize);
    assert!(s <= e && e <= input.len() && input.is_char_boundary(s) && input.is_char_boundary(e));
}

#[test]
fn decode_smtp_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/decode_smtp");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        let a = deliverkit::decode_smtp(&text);
        check_span(&text, a.span.start, a.span.end);
        for d in &a.diagnostics {
            if let Some(s) = d.span {
                check_span(&text, s.start, s.end);
            }
        }
        assert_eq!(a, deliverkit::decode_smtp(&text));
        for r in deliverkit::decode_smtp_lines(&text) {
            check_span(&text, r.span.start, r.span.end);
        }
        n += 1;
    }
    assert!(n >= 5, "only {n} regression files in {}", dir.display());
}

#[test]
fn validate_spf_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/validate_spf");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        let r = deliverkit::spf::validate_spf(&text);
        for t in &r.terms {
            check_span(&text, t.span.start, t.span.end);
        }
        for d in &r.diagnostics {
            if let Some(s) = d.span {
                check_span(&text, s.start, s.end);
            }
        }
        assert_eq!(
            r.valid,
            !r.diagnostics
                .iter()
                .any(|d| d.severity == deliverkit::Severity::Error)
        );
        n += 1;
    }
    assert!(n >= 4, "only {n} regression files in {}", dir.display());
}

#[test]
fn decode_bounce_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/decode_bounce");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        let a = deliverkit::decode_bounce(&text);
        // No recipient means "not a bounce", or a feedback report that names nobody, which
        // says so.
        let feedback_without = a.kind == deliverkit::BounceKind::Feedback
            && a.diagnostics
                .iter()
                .any(|d| d.code.as_str() == "bounce/feedback-no-recipient");
        assert_eq!(
            a.recipients.is_empty(),
            a.kind == deliverkit::BounceKind::NotBounce || feedback_without,
            "{}",
            e.path().display()
        );
        assert_eq!(a, deliverkit::decode_bounce(&text));
        for d in &a.diagnostics {
            if let Some(s) = d.span {
                check_span(&text, s.start, s.end);
            }
        }
        if !text.contains('\r') {
            let b = deliverkit::decode_bounce(&text.replace('\n', "\r\n"));
            let k = |r: &deliverkit::BounceReport| {
                r.recipients
                    .iter()
                    .map(|x| (x.recipient.clone(), x.reason))
                    .collect::<Vec<_>>()
            };
            assert_eq!(k(&a), k(&b), "CRLF changed {}", e.path().display());
        }
        n += 1;
    }
    assert!(n >= 1, "no regression files in {}", dir.display());
}

/// score_message: the fuzz target's invariants over fuzz/regressions/score_message.
#[test]
fn score_message_regressions() {
    use deliverkit::content::{score_message, score_message_bytes, ScoreReport, Verdict};
    fn check(r: &ScoreReport, len: usize) {
        assert!(r.score.is_finite());
        let sum: f64 = r.findings.iter().map(|f| f.points).sum();
        assert!((sum - r.score).abs() < 0.02);
        assert_eq!(r.verdict == Verdict::Spam, r.score >= r.threshold);
        let spans = r
            .findings
            .iter()
            .flat_map(|f| f.evidence.iter().filter_map(|e| e.span))
            .chain(r.summary.headers.iter().map(|h| h.span))
            .chain(r.summary.parts.iter().map(|p| p.span))
            .chain(r.trace.hops.iter().map(|h| h.span))
            .chain(r.trace.auth.iter().map(|a| a.span))
            .chain(r.diagnostics.iter().filter_map(|d| d.span));
        for s in spans {
            assert!(
                s.start <= s.end && s.end as usize <= len,
                "span {s:?} outside {len}"
            );
        }
    }
    let key = |r: &ScoreReport| {
        r.findings
            .iter()
            .map(|f| (f.rule, (f.points * 100.0).round() as i64))
            .collect::<Vec<_>>()
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/score_message");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let a = score_message_bytes(&bytes);
        check(&a, bytes.len());
        assert_eq!(a, score_message_bytes(&bytes));
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let b = score_message(text);
            check(&b, text.len());
            if !text.contains('\r') {
                let c = score_message(&text.replace('\n', "\r\n"));
                assert_eq!(
                    key(&b),
                    key(&c),
                    "{}: CRLF changed the findings",
                    e.path().display()
                );
            }
        }
        n += 1;
    }
    assert!(n >= 5, "only {n} regression files in {}", dir.display());
}
