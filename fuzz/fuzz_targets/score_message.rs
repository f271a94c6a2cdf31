//! score_message on arbitrary bytes and on mutations of the content corpus (seed it with
//! ../shared/corpora/content). Invariants: no panic; deterministic; every span inside the input;
//! the score is finite, is the sum of the points, and agrees with the verdict; CRLF endings give
//! the same findings as LF.
#![no_main]

use deliverkit::content::{score_message, score_message_bytes, ScoreReport, Verdict};
use libfuzzer_sys::fuzz_target;

fn check(r: &ScoreReport, len: usize) {
    assert!(r.score.is_finite());
    let sum: f64 = r.findings.iter().map(|f| f.points).sum();
    assert!((sum - r.score).abs() < 0.02, "score {} but points sum to {sum}", r.score);
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
        assert!(s.start <= s.end && s.end as usize <= len, "span {s:?} outside {len}");
    }
}

fuzz_target!(|data: &[u8]| {
    let a = score_message_bytes(data);
    check(&a, data.len());
    assert_eq!(a, score_message_bytes(data));
    // score_message(text) is score_message_bytes(text.as_bytes()), so `a` stands for it here:
    // scoring the same bytes a third time would only slow the fuzzer.
    if let Ok(text) = std::str::from_utf8(data) {
        if !text.contains('\r') && text.len() < 20_000 {
            let c = score_message(&text.replace('\n', "\r\n"));
            let k = |r: &ScoreReport| r.findings.iter().map(|f| (f.rule, (f.points * 100.0) as i64)).collect::<Vec<_>>();
            assert_eq!(k(&a), k(&c), "CRLF changed the findings");
        }
    }
});
