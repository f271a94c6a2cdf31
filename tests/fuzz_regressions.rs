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
        assert_eq!(
            a.recipients.is_empty(),
            a.kind == deliverkit::BounceKind::NotBounce
        );
        assert_eq!(a, deliverkit::decode_bounce(&text));
        n += 1;
    }
    assert!(n >= 1, "no regression files in {}", dir.display());
}
